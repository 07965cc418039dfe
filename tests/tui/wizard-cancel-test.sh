#!/bin/bash
# A remote call that hangs: the spinner counts seconds, Esc cancels and
# drops the result once the call returns, Ctrl-C quits after it.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

ROOT=$(tui_copy_root several)
python3 "$HUBCRED_SOURCE_ROOT/tests/tui/hang-server.py" 3 \
    "$TUI_TMP/port" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; tui_cleanup' EXIT
tui_poll '[ -s "$TUI_TMP/port" ]' 5 || tui_fail "hang server did not start"
HANG="http://127.0.0.1:$(cat "$TUI_TMP/port")"

# Up to the Docker Hub check, against the server that never answers.
start_check()
{
	tui_start "${TUI_OFFLINE[@]}" "HUBCRED_DOCKERHUB_AUTH_URL=$HANG" \
	    "HUBCRED_DOCKERHUB_REGISTRY_URL=$HANG" -- "$HUBCRED" -C "$ROOT"
	tui_wait "aws_codebuild_project.api"
	tui_keys / a p i Enter Enter
	tui_wait "Docker Hub credentials"
	tui_type "example-user"
	tui_keys Enter
	tui_type "dckr_pat_HANGzz11"
	tui_keys Enter
	tui_wait "Checking the credentials at Docker Hub  "
}

echo "spinner and Esc"
start_check
tui_wait "esc cancel"
# The seconds count up while the call waits.
tui_poll 'tui_capture | grep -qE "Docker Hub  [1-9]s"' 10 ||
    tui_fail "the spinner does not count seconds"
tui_keys Escape
tui_wait "Cancelling: waiting for the call to end."
tui_wait "(given; type to replace)" 15
tui_capture | grep -qF "The check failed." && tui_fail "cancelled result shown"
tui_keys Escape
tui_wait "Choose the CodeBuild project"
tui_keys q
tui_expect_status 130

echo "Ctrl-C during the call"
start_check
tui_keys C-c
tui_wait "Cancelling: waiting for the call to end."
tui_expect_status 130 15
grep -q "HANG\|zz11" "$TUI_TMP/stderr" && tui_fail "token on stderr"
echo ok
