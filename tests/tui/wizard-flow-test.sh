#!/bin/bash
# Every wizard screen in turn, offline: Docker Hub cannot be reached (the
# check fails and the person goes on), the secret is an existing ARN, so
# apply writes only files. A second run finds the project configured.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

ROOT=$(tui_copy_root several)
ARN="arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/hub-AbCdEf"
TOKEN="dckr_pat_FLOWSECRETzz93"

echo "project"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_keys / a p i Enter Enter

echo "docker hub: the check fails offline, go on anyway"
tui_wait "Docker Hub credentials"
tui_type "example-user"
tui_keys Enter
tui_type "$TOKEN"
tui_keys Enter
tui_wait "The check failed."
tui_wait "127.0.0.1"
tui_wait "▸ Enter the token again"
tui_keys k Enter

echo "secret: AWS cannot be reached, so an existing ARN"
tui_wait "Where should the token be stored?"
tui_wait "│ ✓ Docker Hub"
tui_keys Enter
tui_wait "codebuild/dockerhub"
tui_wait "us-east-1"
tui_wait "(optional; empty: the AWS managed key)"
tui_keys Enter Enter
tui_wait "AWS cannot be reached with these credentials." 20
tui_wait "▸ Use an existing secret ARN instead"
tui_keys Enter
tui_wait "The secret is used as it is."
tui_type "$ARN"
tui_keys Enter

echo "permissions"
tui_wait "Which policy should let the role read the secret?"
tui_wait "secret in 123456789012 us-east-1"
tui_wait "aws_iam_role_policy.builder"
tui_keys Enter
tui_wait "Which tfvars file gets the secret's ARN?"
tui_wait "▸ terraform.tfvars"
tui_keys Enter
tui_wait "Name of the Terraform variable for the ARN"
tui_wait "docker_hub_secret_arn"
tui_keys Enter

echo "review"
tui_wait "Review the changes before anything is written"
tui_wait "▸ build.tf"
tui_wait "hunk 1/"
tui_wait '+    image_pull_credentials_type = "SERVICE_ROLE"'
tui_keys n
tui_wait "hunk 2/"
tui_keys p
tui_wait "hunk 1/"
diff -r "$HUBCRED_SOURCE_ROOT/tests/tui/data/several" "$ROOT" >/dev/null ||
    tui_fail "files changed before apply"
tui_keys Enter

echo "apply"
tui_wait "Done." 20
tui_wait "Secret"
tui_wait "${ARN:0:45}"
tui_wait "Files written"
tui_wait "build.tf"
tui_wait "run terraform plan"
tui_wait "hubcred undo -C"
tui_capture | grep -q "FLOWSECRET\|zz93" && tui_fail "token on the screen"
tui_keys Enter
tui_expect_status 0
grep -q 'image_pull_credentials_type = "SERVICE_ROLE"' "$ROOT/build.tf" ||
    tui_fail "build.tf not set up"
grep -qF "docker_hub_secret_arn = \"$ARN\"" "$ROOT/terraform.tfvars" ||
    tui_fail "terraform.tfvars has no ARN"
grep -rq "FLOWSECRET\|zz93" "$TUI_TMP" && tui_fail "token in a file"

echo "second run: already configured"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_keys / a p i Enter Enter
tui_wait "Already configured, nothing to do."
tui_keys Enter
tui_expect_status 0
echo ok
