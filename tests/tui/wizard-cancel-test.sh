#!/bin/bash
# A remote call to a server that never replies: the spinner counts
# seconds, Esc drops the call at once and the form is back, and Ctrl-C
# quits at once. The server keeps each connection open 30 s, longer than
# any wait here, so only a cancel ends the call.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

ROOT=$(tui_copy_root several)
python3 "$HUBCRED_SOURCE_ROOT/tests/tui/hang-server.py" 30 \
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
tui_wait "Cancelled: Checking the credentials at Docker Hub"
tui_wait "(given; type to replace)"
tui_capture | grep -qF "The check failed." && tui_fail "cancelled result shown"
# The next key clears the note.
tui_keys Down
tui_wait_gone "Cancelled:"
tui_keys Escape
tui_wait "Choose the CodeBuild project"
tui_keys q
tui_expect_status 130

echo "Ctrl-C during the call"
start_check
tui_keys C-c
tui_expect_status 130
grep -q "HANG\|zz11" "$TUI_TMP/stderr" && tui_fail "token on stderr"
echo ok
