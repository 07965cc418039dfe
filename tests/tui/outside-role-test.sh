#!/bin/bash
# A project whose service role is outside the root (a literal role ARN)
# goes through the wizard: the policy step offers a new
# aws_iam_role_policy naming the role, and the result is the golden
# root's expected tree. The other projects of the file stay untouched.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

GOLDEN=$HUBCRED_SOURCE_ROOT/tests/data/tf/role-outside-arn
ROOT=$TUI_TMP/outside
cp -a "$GOLDEN/input" "$ROOT" || tui_fail "cannot copy the root"
ARN="arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/dockerhub-0utS1d"

tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_keys / a p p Enter Enter
tui_wait "Docker Hub credentials"
tui_keys C-e
tui_wait "Which secret holds the Docker Hub credentials?"
tui_type "$ARN"
tui_keys Enter

echo "the policy step offers a new policy for the outside role"
tui_wait "Which policy should let the role read the secret?"
tui_wait "a new aws_iam_role_policy"
tui_wait "the service role ci-build comes from outside the root"
tui_keys Enter
tui_wait "Which tfvars file gets the secret's ARN?"
tui_keys Enter
tui_wait "Name of the Terraform variable for the ARN"
tui_keys Enter

echo "review and apply"
tui_wait "Review the changes before anything is written"
tui_wait "hunk 1/4"
tui_keys n
tui_wait "hunk 2/4"
tui_wait '+  role = "ci-build"'
tui_keys Enter
tui_wait "Done." 20
tui_keys Enter
tui_expect_status 0
diff -r "$GOLDEN/expected" "$ROOT" >"$TUI_TMP/diff" ||
    { cat "$TUI_TMP/diff" >&2; tui_fail "result differs from expected/"; }

echo "second run: already configured"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_keys / a p p Enter Enter
tui_wait "Already configured, nothing to do."
tui_keys Enter
tui_expect_status 0
echo "all checks passed"
