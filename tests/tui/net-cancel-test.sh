#!/bin/bash
# Network calls that the fakes reply to only after 30 s: Docker Hub's
# token check, STS on the Secret step and CreateSecret at apply. The
# spinner names the step and counts seconds, and a resize during the call
# redraws at the new size. Esc drops the call at once and the step's
# screen is back with "Cancelled". The same call succeeds once the fake
# is back to normal. Esc during apply's CreateSecret goes back to
# the review with no file written, and the next apply finishes. Ctrl-C
# during a call quits at once.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/fakes/lib.sh"
trap 'aws_fake_stop; dockerhub_fake_stop; tui_cleanup' EXIT

TOKEN="NETcanary$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
SLOW=30

cat > "$TUI_TMP/dockerhub.json" <<JSON
{"users": {"example-user": "$TOKEN"},
 "repos": {"example-org/builder": {"tags": ["3.1"]}}}
JSON
cat > "$TUI_TMP/dockerhub-slow.json" <<JSON
{"users": {"example-user": "$TOKEN"},
 "repos": {"example-org/builder": {"tags": ["3.1"]}},
 "faults": [{"path": "/token", "delay": $SLOW}]}
JSON
dockerhub_fake_start "$TUI_TMP/dockerhub-slow.json" > /dev/null ||
	tui_fail "Docker Hub fake did not start"
aws_fake_start --region us-east-1 > /dev/null ||
	tui_fail "AWS fake did not start"

envs=("HOME=$TUI_TMP/home"
    "XDG_STATE_HOME=$TUI_TMP/state"
    "DOCKER_CONFIG=$TUI_TMP/nodocker"
    "HUBCRED_DOCKERHUB_AUTH_URL=$HUBCRED_DOCKERHUB_AUTH_URL"
    "HUBCRED_DOCKERHUB_REGISTRY_URL=$HUBCRED_DOCKERHUB_REGISTRY_URL"
    "HUBCRED_CA_BUNDLE=$HUBCRED_CA_BUNDLE"
    "AWS_CONFIG_FILE=$AWS_CONFIG_FILE"
    "AWS_SHARED_CREDENTIALS_FILE=$AWS_SHARED_CREDENTIALS_FILE"
    "AWS_EC2_METADATA_DISABLED=true"
    "AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID"
    "AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY"
    "AWS_REGION=us-east-1"
    "AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL"
    "AWS_CA_BUNDLE=$AWS_CA_BUNDLE"
    "NO_PROXY=127.0.0.1" "no_proxy=127.0.0.1")

ROOT=$(tui_copy_root several)

no_token_shown() {
	tui_capture | grep -qF "$TOKEN" && tui_fail "token on the screen"
	[ -f "$TUI_DUMP" ] && grep -qF "$TOKEN" "$TUI_DUMP" &&
		tui_fail "token in the screen dump"
	return 0
}

# The spinner's seconds go past $1 while the call waits.
wait_seconds() {
	tui_poll "tui_capture | grep -qE '$2  ([$1-9]|[1-9][0-9])s'" 15 ||
		tui_fail "the spinner does not count past $1 s"
}

# The frame fills the pane: its bottom border is on row $1.
frame_rows() {
	local last

	last=$(tui_capture | grep -n '└' | tail -n 1 | cut -d: -f1)
	[ "${last:-0}" -ge "$1" ]
}

# Esc, then the screen shows text within 10 s (the fake replies after
# 30 s, so only a cancel gets there). Prints the milliseconds taken.
cancel_and_wait() {
	local start end

	start=$(date +%s%N)
	tui_keys Escape
	tui_wait "$1" 10
	end=$(date +%s%N)
	echo "cancelled in $(( (end - start) / 1000000 )) ms"
}

to_dockerhub_form() {
	tui_start "${envs[@]}" -- "$HUBCRED" -C "$ROOT"
	tui_wait "Choose the CodeBuild project"
	tui_keys / a p i Enter Enter
	tui_wait "Docker Hub credentials"
	tui_type "example-user"
	tui_keys Enter
	tui_type "$TOKEN"
}

echo "docker hub: spinner, resize, Esc, retry"
to_dockerhub_form
tui_keys Enter
tui_wait "Checking the credentials at Docker Hub  "
tui_wait "GET 127.0.0.1:$DOCKERHUB_FAKE_PORT/token"
tui_wait "esc cancel"
wait_seconds 2 "Docker Hub"
tui_resize 100 30
tui_poll 'frame_rows 28' 5 || tui_fail "no redraw at 100x30 during the call"
wait_seconds 3 "Docker Hub"
no_token_shown
cancel_and_wait "Cancelled: Checking the credentials at Docker Hub"
tui_wait "(given; type to replace)"
tui_capture | grep -qF "The check failed." && tui_fail "cancelled result shown"
tui_poll 'frame_rows 28' 2 || tui_fail "the form is not at 100x30"
dockerhub_fake_config "$TUI_TMP/dockerhub.json" ||
	tui_fail "cannot reset the Docker Hub fake"
tui_keys Enter
tui_wait "The credentials work." 20
tui_wait_gone "Cancelled:"
no_token_shown

echo "aws: spinner, resize, Esc, retry"
aws_fake_fault "GetCallerIdentity:slow:always:$SLOW" ||
	tui_fail "cannot set the AWS fake's fault"
tui_resize 80 24
tui_keys Enter
tui_wait "Where should the token be stored?"
tui_keys Enter
tui_wait "(optional; empty: the AWS managed key)"
tui_keys Enter Enter
tui_wait "Asking AWS for the account  "
tui_wait "STS GetCallerIdentity"
wait_seconds 2 "account"
tui_resize 100 30
tui_poll 'frame_rows 28' 5 || tui_fail "no redraw at 100x30 during the call"
wait_seconds 3 "account"
cancel_and_wait "Cancelled: Asking AWS for the account"
tui_wait "codebuild/dockerhub"
tui_capture | grep -qF "AWS cannot be reached" &&
	tui_fail "cancelled call reported as a failure"
aws_fake_reset || tui_fail "cannot reset the AWS fake"
tui_keys Enter
tui_poll 'tui_capture | grep -qF "AWS account  123456789012"' 5 ||
	tui_keys Enter
tui_wait "AWS account  123456789012" 20
tui_wait "account 123456789012 us-east-1"
no_token_shown

echo "apply: Esc while the secret is written, then apply again"
aws_fake_fault "CreateSecret:slow:always:$SLOW" ||
	tui_fail "cannot set the AWS fake's fault"
tui_keys Enter
tui_wait "Which policy should let the role read the secret?"
tui_keys Enter
tui_wait "Which tfvars file gets the secret's ARN?"
tui_keys Enter
tui_wait "Name of the Terraform variable for the ARN"
tui_keys Enter
tui_wait "Review the changes before anything is written"
tui_keys Enter
tui_wait "Writing the secret and the files  "
tui_wait "Secrets Manager CreateSecret"
wait_seconds 2 "files"
cancel_and_wait "Cancelled: no file was written. Apply again to finish."
tui_wait "Review the changes before anything is written"
diff -r "$HUBCRED_SOURCE_ROOT/tests/tui/data/several" "$ROOT" >/dev/null ||
	tui_fail "files changed by a cancelled apply"
aws_fake_reset || tui_fail "cannot reset the AWS fake"
tui_keys Enter
tui_wait "Done." 20
tui_wait "Files written"
grep -q 'image_pull_credentials_type = "SERVICE_ROLE"' "$ROOT/build.tf" ||
	tui_fail "build.tf not set up"
grep -q '"name": *"codebuild/dockerhub"' "$AWS_FAKE_SECRETS" ||
	tui_fail "the fake holds no secret codebuild/dockerhub"
no_token_shown
tui_keys Enter
tui_expect_status 0

echo "q during apply's CreateSecret quits, no file written"
ROOT=$(tui_copy_root several several-quit)
aws_fake_fault "CreateSecret:slow:always:$SLOW" ||
	tui_fail "cannot set the AWS fake's fault"
to_dockerhub_form
tui_keys Enter
tui_wait "The credentials work." 20
tui_keys Enter
tui_wait "Where should the token be stored?"
tui_keys Enter
tui_wait "(optional; empty: the AWS managed key)"
tui_keys Enter Enter
tui_wait "AWS account  123456789012" 20
tui_keys Enter
tui_wait "Which policy should let the role read the secret?"
tui_keys Enter
tui_wait "Which tfvars file gets the secret's ARN?"
tui_keys Enter
tui_wait "Name of the Terraform variable for the ARN"
tui_keys Enter
tui_wait "Review the changes before anything is written"
tui_keys Enter
tui_wait "Secrets Manager CreateSecret"
tui_keys q
tui_expect_status 130 10
diff -r "$HUBCRED_SOURCE_ROOT/tests/tui/data/several" "$ROOT" >/dev/null ||
	tui_fail "files changed by an apply that was quit"
# CreateSecret was on its way: the message must not claim nothing was
# written.
grep -q "quit while applying: no file was written, but the secret may" \
	"$TUI_TMP/stderr" ||
	tui_fail "quit during apply: $(cat "$TUI_TMP/stderr")"
aws_fake_reset || tui_fail "cannot reset the AWS fake"

echo "ctrl-c during a call quits at once"
ROOT=$(tui_copy_root several several-again)
dockerhub_fake_config "$TUI_TMP/dockerhub-slow.json" ||
	tui_fail "cannot set the Docker Hub fake's fault"
to_dockerhub_form
tui_keys Enter
tui_wait "Checking the credentials at Docker Hub  "
tui_keys C-c
tui_expect_status 130 10
grep -qF "$TOKEN" "$TUI_TMP/stderr" && tui_fail "token on stderr"
echo ok
