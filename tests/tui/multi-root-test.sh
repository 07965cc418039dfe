#!/bin/bash
# Two roots below the folder, each a copy of examples/modern, list the
# same project address twice. Choosing the second entry in the wizard
# must set up that root's project and leave the other root untouched,
# and the repair list must tell the two apart.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

ROOT=$TUI_TMP/multi
mkdir -p "$ROOT/envs" || tui_fail "cannot make the root"
cp -a "$HUBCRED_SOURCE_ROOT/examples/modern" "$ROOT/envs/dev" &&
cp -a "$HUBCRED_SOURCE_ROOT/examples/modern" "$ROOT/envs/prod" ||
    tui_fail "cannot copy the example"
ARN="arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/dockerhub-Mu1t1R"

tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_wait "envs/prod/codebuild.tf"
tui_keys j Enter
tui_wait "Docker Hub credentials"
tui_keys C-e
tui_wait "Which secret holds the Docker Hub credentials?"
tui_type "$ARN"
tui_keys Enter
tui_wait "Which policy should let the role read the secret?"
tui_keys Enter
tui_wait "Which tfvars file gets the secret's ARN?"
tui_wait "envs/prod/terraform.tfvars"
tui_keys Enter
tui_wait "Name of the Terraform variable for the ARN"
tui_keys Enter
tui_wait "Review the changes before anything is written"
tui_wait "envs/prod/codebuild.tf"
tui_keys Enter
tui_wait "Done." 20
tui_keys Enter
tui_expect_status 0
diff -r "$HUBCRED_SOURCE_ROOT/examples/modern" "$ROOT/envs/dev" \
    >"$TUI_TMP/diff" || { cat "$TUI_TMP/diff" >&2
    tui_fail "envs/dev changed, but envs/prod's project was chosen"; }
grep -q "^docker_hub_secret_arn *= \"$ARN\"" \
    "$ROOT/envs/prod/terraform.tfvars" ||
    tui_fail "envs/prod/terraform.tfvars lacks the ARN"
# The repair list gives each root's project a heading of its own.
REPAIR=$TUI_TMP/repair
mkdir -p "$REPAIR/envs" || tui_fail "cannot make the root"
cp -a "$HUBCRED_SOURCE_ROOT/tests/tui/data/repair/input" "$REPAIR/envs/a" &&
cp -a "$HUBCRED_SOURCE_ROOT/tests/tui/data/repair/input" "$REPAIR/envs/b" ||
    tui_fail "cannot copy the repair root"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$REPAIR"
tui_wait "Choose the CodeBuild project"
tui_keys r
tui_wait "Choose the fixes to make"
tui_wait "aws_codebuild_project.api (root envs/a)"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
	tui_capture | grep -qF "aws_codebuild_project.api (root envs/b)" &&
	    break
	tui_keys j
done
tui_wait "aws_codebuild_project.api (root envs/b)"
tui_keys q
tui_wait "Quit?"
tui_keys y
tui_expect_status 130
echo "all checks passed"
