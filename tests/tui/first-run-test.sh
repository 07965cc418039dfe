#!/bin/bash
# What a new user hit on a first run, offline. The cases: a terminal that
# cannot draw, the existing-ARN path without a Docker Hub token, an
# invalid region, the help of the Docker Hub result screen, the help
# while keys are typed into a filter or a field, the last
# screen of a dry run, the layout at both sizes, the region prefill and
# scripts/try-with-fakes.sh.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

ROOT=$(tui_copy_root several)
PRISTINE="$HUBCRED_SOURCE_ROOT/tests/tui/data/several"
ARN="arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/hub-AbCdEf"

unchanged()
{
	diff -r "$PRISTINE" "$ROOT" >&2 || tui_fail "the root was changed"
}

echo "TERM=dumb: refused at start-up, pointing to replay"
tui_start "${TUI_OFFLINE[@]}" TERM=dumb -- "$HUBCRED" -C "$ROOT"
tui_expect_status 2
grep -qF "cannot move the cursor" "$TUI_TMP/stderr" ||
    tui_fail "no reason on standard error"
grep -qF "hubcred replay" "$TUI_TMP/stderr" ||
    tui_fail "no pointer to hubcred replay"
tui_capture | grep -q "Choose the CodeBuild project" &&
    tui_fail "the wizard drew on a dumb terminal"

echo "TERM unknown to terminfo: refused too"
tui_start "${TUI_OFFLINE[@]}" TERM=no-such-terminal -- "$HUBCRED" -C "$ROOT"
tui_expect_status 2
grep -qF "hubcred replay" "$TUI_TMP/stderr" ||
    tui_fail "no pointer to hubcred replay"

echo "help in the filter and in a text field names only keys that work"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_keys / q
tui_wait "f1 help   esc clear"
tui_keys F1
tui_wait "┌ Keys"
tui_wait "clear the filter"
tui_capture | grep -qF "quit (asks first" &&
    tui_fail "the filter's help offers q, which is typed"
tui_keys x
tui_wait_gone "┌ Keys"
tui_keys Escape
tui_wait "/ filter"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
# The terminal's cursor sits in the field that takes the keys.
user_row=$(tui_capture | grep -n "Username" | head -n 1 | cut -d: -f1)
tui_poll "[ \"\$(tui_tmux display -p -t tui '#{cursor_flag} #{cursor_y}')\" \
    = '1 $((user_row - 1))' ]" 3 ||
    tui_fail "no cursor in the Username field: $(tui_tmux display -p \
        -t tui '#{cursor_flag} #{cursor_y}'), Username on row $user_row"
tui_keys F1
tui_wait "┌ Keys"
tui_wait "clear the field"
[ "$(tui_tmux display -p -t tui '#{cursor_flag}')" = 0 ] ||
    tui_fail "the cursor shows through the help"
tui_capture | grep -qF "?, f1" &&
    tui_fail "a text field's help offers ?, which is typed"
tui_capture | grep -qF "esc, h" &&
    tui_fail "a text field's help offers h, which is typed"
tui_keys x
tui_wait_gone "┌ Keys"
tui_keys C-c
tui_expect_status 130

echo "a token pasted into Username moves to Token and is never shown"
tui_start "${TUI_OFFLINE[@]}" DOCKERHUB_USERNAME=example-user -- \
    "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
tui_wait "example-user"
tui_keys Tab
tui_type "dckr_pat_MISPLACEDzz93"
tui_wait "it went to the Token field"
tui_capture | grep -qF "MISPLACED" && tui_fail "the token is on the screen"
tui_capture | grep -qF "dckr_" && tui_fail "part of the token is shown"
tui_capture | grep -q "Username *example-user *│" ||
    tui_fail "the username changed: $(tui_capture | grep Username)"
tui_keys Enter
tui_wait "The check failed."
tui_capture | grep -qF "MISPLACED" && tui_fail "the token is on the screen"
tui_keys C-c
tui_expect_status 130

echo "docker hub skipped: only the existing ARN is asked, then the plan"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT" --dry-run \
    --record "$TUI_TMP/answers.json"
tui_wait "Choose the CodeBuild project"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
tui_wait "I already have a secret in Secrets Manager"
tui_type "example-user"
tui_keys Enter Enter
tui_wait "Paste a Docker Hub access token, or press ctrl-e"
tui_keys C-e
tui_wait "Which secret holds the Docker Hub credentials?"
tui_wait "(paste the secret's ARN)"
tui_wait "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME"
tui_capture | grep -q "Create a new secret" &&
    tui_fail "a new secret is offered without a token"
tui_type "$ARN"
tui_keys Enter
tui_wait "Which policy should let the role read the secret?"
tui_keys Enter
tui_wait "Which tfvars file gets the secret's ARN?"
tui_keys Enter
tui_wait "Name of the Terraform variable for the ARN"
tui_keys Enter
tui_wait "Review the changes before anything is written"
tui_keys Enter

echo "dry run: the last screen says nothing was written, with the ARN"
tui_wait "Dry run: nothing was written" 20
tui_wait "${ARN:0:45}"
tui_wait "none; the plan changes"
tui_capture | grep -qF "hubcred undo" &&
    tui_fail "a dry run offers to undo"
tui_capture | grep -qF "Applying the changes" &&
    tui_fail "a dry run is titled as an apply"
tui_keys Enter
tui_expect_status 0
unchanged
python3 - "$TUI_TMP/answers.json" <<'EOF' || tui_fail "recorded answers"
import json, sys
a = json.load(open(sys.argv[1]))
assert a["secret"]["action"] == "use", a
assert "dockerhub_username" not in a, a
assert "unfinished" not in a, a
EOF

echo "replay of the skipped run needs no token"
env -u DOCKERHUB_TOKEN -u DOCKERHUB_USERNAME HOME="$TUI_TMP/home" \
    "$HUBCRED" replay "$TUI_TMP/answers.json" -C "$ROOT" --dry-run \
    </dev/null >"$TUI_TMP/replay.out" 2>&1 ||
    { cat "$TUI_TMP/replay.out" >&2; tui_fail "replay of the skip failed"; }

echo "a quit wizard leaves a whole earlier recording at its path alone"
cp "$TUI_TMP/answers.json" "$TUI_TMP/answers.before"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT" \
    --record "$TUI_TMP/answers.json"
tui_wait "Choose the CodeBuild project"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
tui_keys C-e
tui_wait "Which secret holds the Docker Hub credentials?"
tui_keys C-c
tui_expect_status 130
cmp -s "$TUI_TMP/answers.json" "$TUI_TMP/answers.before" ||
    tui_fail "the earlier recording was replaced by a cut one"

echo "a recording quit at the permissions step does not replay"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT" \
    --record "$TUI_TMP/cut.json"
tui_wait "Choose the CodeBuild project"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
tui_keys C-e
tui_wait "Which secret holds the Docker Hub credentials?"
tui_type "$ARN"
tui_keys Enter
tui_wait "Which policy should let the role read the secret?"
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_expect_status 130
python3 - "$TUI_TMP/cut.json" <<'EOF' || tui_fail "cut recording"
import json, sys
a = json.load(open(sys.argv[1]))
assert a["unfinished"] is True, a
assert a["secret"]["arn"].startswith("arn:aws:secretsmanager:"), a
assert "policy" not in a, a
EOF
for command in "replay --dry-run" validate; do
	# shellcheck disable=SC2086
	env -u DOCKERHUB_TOKEN HOME="$TUI_TMP/home" "$HUBCRED" $command \
	    "$TUI_TMP/cut.json" -C "$ROOT" </dev/null \
	    >"$TUI_TMP/cut.out" 2>&1 &&
	    tui_fail "$command accepted an unfinished recording"
	grep -qF "the recording is unfinished" "$TUI_TMP/cut.out" ||
	    tui_fail "$command: $(cat "$TUI_TMP/cut.out")"
done
unchanged

echo "esc from the ARN form goes back to the Docker Hub step"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
tui_keys C-e
tui_wait "Which secret holds the Docker Hub credentials?"
tui_keys Escape
tui_wait "Docker Hub credentials"
tui_type "example-user"
tui_keys Enter
tui_type "dckr_pat_FIRSTRUNzz93"
tui_keys Enter
tui_wait "The check failed."

echo "help on the Docker Hub result lists esc once"
tui_keys '?'
tui_wait "┌ Keys"
[ "$(tui_capture | grep -c '│ esc')" = 1 ] ||
    tui_fail "esc is listed more than once"
tui_wait "back to the username and token"
tui_keys Escape
tui_wait_gone "┌ Keys"

echo "an invalid region is refused before any AWS call"
tui_keys k Enter
tui_wait "Where should the token be stored?"
tui_keys Enter
tui_wait "codebuild/dockerhub"
tui_keys Down C-u
tui_type "mars-north-9"
tui_keys Enter
tui_wait "\"mars-north-9\" is not an AWS region"
tui_capture | grep -qF "Asking AWS" && tui_fail "AWS was asked"
tui_keys Escape
tui_wait "Create a new secret"
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_expect_status 130
unchanged

# The row of the pane that shows TEXT, 1-based.
row_of()
{
	tui_capture | grep -nF -- "$1" | head -n 1 | cut -d: -f1
}

echo "132x43: the choices follow the text of a failed check"
TUI_COLS=132 TUI_ROWS=43
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
tui_type "example-user"
tui_keys Enter
tui_type "dckr_pat_FIRSTRUNzz93"
tui_keys Enter
tui_wait "▸ Enter the token again"
[ "$(row_of "Enter the token again")" -lt 20 ] ||
    tui_fail "the choices are far below the text"
tui_keys k Enter

echo "132x43: the choices follow the text when AWS cannot be reached"
tui_wait "Where should the token be stored?"
tui_keys Enter
tui_wait "codebuild/dockerhub"
tui_keys Enter Enter
tui_wait "▸ Use an existing secret ARN instead" 20
[ "$(row_of "Use an existing secret ARN instead")" -lt 20 ] ||
    tui_fail "the choices are far below the text"
tui_keys Escape
tui_wait "Enter asks AWS for the account"
tui_keys Escape
tui_wait "Create a new secret"
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_expect_status 130

echo "80x24: the repair entry and the hunk counter fit"
TUI_COLS=80 TUI_ROWS=24
REPAIR=$(tui_copy_root repair/input repair) || exit 1
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$REPAIR"
tui_wait "Repair 5 findings"
tui_wait "pick doctor's fixes, review, apply (key r)"
tui_keys r
tui_wait "Choose the fixes to make"
tui_keys Enter
tui_wait "hunk 1/"
tui_capture | grep -qE "hunk 1/[0-9]+ │" ||
    tui_fail "the hunk counter touches the border"
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_expect_status 130

echo "region field: the provider's var.region, from tfvars or default"
EXAMPLE=$(mktemp -d "$TUI_TMP/example.XXXXXX")
cp -r "$HUBCRED_SOURCE_ROOT/examples/classic" "$EXAMPLE/" ||
    tui_fail "cannot copy the example"
grep -qF 'region = var.region' "$EXAMPLE/classic/main.tf" ||
    tui_fail "the example's provider region is no longer var.region"
sed -i 's/^region = .*/region = "eu-central-1"/' \
    "$EXAMPLE/classic/terraform.tfvars"
for expected in eu-central-1 eu-west-1; do
	tui_start "${TUI_OFFLINE[@]}" AWS_REGION= -- \
	    "$HUBCRED" -C "$EXAMPLE/classic"
	tui_wait "Choose the CodeBuild project"
	tui_keys Enter
	tui_wait "Docker Hub credentials"
	tui_type "example-user"
	tui_keys Enter
	tui_type "dckr_pat_FIRSTRUNzz93"
	tui_keys Enter
	tui_wait "▸ Enter the token again"
	tui_keys k Enter
	tui_wait "Where should the token be stored?"
	tui_keys Enter
	tui_wait "codebuild/dockerhub"
	tui_wait "Region   $expected"
	tui_keys C-c
	tui_expect_status 130
	# Without the tfvars value, the variable's default.
	sed -i '/^region = /d' "$EXAMPLE/classic/terraform.tfvars"
done

echo "a credential_process that hangs: the spinner counts and Esc stops it"
printf '[default]\nregion = us-east-1\ncredential_process = sleep 1234\n' \
    > "$TUI_TMP/hang-config"
tui_start "${TUI_OFFLINE[@]}" AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY= \
    AWS_CONFIG_FILE="$TUI_TMP/hang-config" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
tui_type "example-user"
tui_keys Enter
tui_type "dckr_pat_FIRSTRUNzz93"
tui_keys Enter
tui_wait "▸ Enter the token again"
tui_keys k Enter
tui_wait "Where should the token be stored?"
tui_keys Enter
tui_wait "codebuild/dockerhub"
tui_keys Enter Enter
tui_wait "Asking AWS for the account  "
tui_poll "tui_capture | grep -qE 'account  ([2-9]|[1-9][0-9])s'" 15 ||
    tui_fail "the spinner does not count while credential_process waits"
tui_keys Escape
tui_wait "Cancelled: Asking AWS for the account" 5
tui_poll "! pgrep -f '^sleep 1234$' >/dev/null" 5 ||
    tui_fail "credential_process still runs"
tui_keys C-c
tui_expect_status 130

echo "scripts/try-with-fakes.sh: the README's run without AWS"
tui_start HOME="$TUI_TMP/home" TMPDIR="$TUI_TMP" -- \
    bash "$HUBCRED_SOURCE_ROOT/scripts/try-with-fakes.sh" "$HUBCRED"
tui_wait "Choose the CodeBuild project" 20
tui_keys Enter
tui_wait "Docker Hub credentials"
tui_keys C-d
tui_wait "The credentials work." 20
tui_keys Enter
tui_wait "Where should the token be stored?"
tui_keys Enter
tui_wait "codebuild/dockerhub"
tui_wait "eu-west-1"
tui_keys Enter Enter
tui_wait "Press Enter to confirm." 20
tui_keys Enter
tui_wait "Which policy should let the role read the secret?"
tui_keys Enter
tui_wait "Which tfvars file gets the secret's ARN?"
tui_keys Enter
tui_wait "Name of the Terraform variable for the ARN"
tui_keys Enter
tui_wait "Review the changes before anything is written"
tui_keys Enter
tui_wait "Done." 20
tui_keys Enter
tui_expect_status 0
tui_wait "The edited copy stays in"
# The wizard's screen is gone: the lines printed before it are back.
ports=$(tui_capture |
    sed -n 's/.*AWS port \([0-9]*\), Docker Hub port \([0-9]*\)\..*/\1 \2/p')
copy=$(ls -d "$TUI_TMP"/hubcred-example.*/classic) ||
    tui_fail "no edited copy"
grep -q 'image_pull_credentials_type = "SERVICE_ROLE"' "$copy/main.tf" ||
    tui_fail "the copy was not set up"
diff -r "$HUBCRED_SOURCE_ROOT/examples/classic" "$copy" >/dev/null &&
    tui_fail "the copy is unchanged"
# The last screen's facts stay on the terminal, and its undo works.
# -J joins the lines the terminal wrapped.
tui_tmux capture-pane -p -J -t tui > "$TUI_TMP/after.txt"
grep -qE "hubcred: the project pulls with the secret arn:aws:secretsmanager:[^ ]+-[A-Za-z0-9]{6}$" \
    "$TUI_TMP/after.txt" || tui_fail "no secret ARN left on the terminal"
grep -qF "hubcred: to undo them: hubcred undo -C $copy" "$TUI_TMP/after.txt" ||
    tui_fail "no undo command left on the terminal"
HOME="$TUI_TMP/home" "$HUBCRED" undo -C "$copy" >"$TUI_TMP/undo.out" 2>&1 ||
    tui_fail "the undo the last screen shows fails: $(cat "$TUI_TMP/undo.out")"
diff -r "$HUBCRED_SOURCE_ROOT/examples/classic" "$copy" >/dev/null ||
    tui_fail "undo did not restore the copy"
ls -d "$TUI_TMP"/aws-fake.* "$TUI_TMP"/dockerhub-fake.* \
    "$TUI_TMP"/hubcred-try.* 2>/dev/null && tui_fail "files left behind"
[ -n "$ports" ] || tui_fail "no ports shown"
for port in $ports; do
	tui_poll "! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null" 5 ||
	    tui_fail "a fake still listens on port $port"
done
echo ok
