#!/bin/bash
# Per-hunk choice in the review, offline on a copy of examples/modern with
# an existing secret ARN. Rejecting the terraform.tfvars hunk leaves that
# file unchanged while apply writes the other files. Rejecting the hunk
# that declares the variable shows the plan's note before anything is
# applied, and pressing n there writes nothing.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

ARN="arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/hub-AbCdEf"
TOKEN="dckr_pat_HUNKSECRETqq41"
EXAMPLE="$HUBCRED_SOURCE_ROOT/examples/modern"

# Copy the example to $TUI_TMP/NAME and print the path. Args: NAME.
copy_example() {
	cp -r "$EXAMPLE" "$TUI_TMP/$1" && echo "$TUI_TMP/$1"
}

# Walk from the project to the review with an existing ARN. Args: ROOT.
to_review() {
	tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$1"
	tui_wait "Choose the CodeBuild project"
	tui_keys Enter
	tui_wait "Docker Hub credentials"
	tui_type "example-user"
	tui_keys Enter
	tui_type "$TOKEN"
	tui_keys Enter
	tui_wait "The check failed."
	tui_keys k Enter
	tui_wait "Where should the token be stored?"
	tui_keys Enter
	tui_wait "(optional; empty: the AWS managed key)"
	tui_keys Enter Enter
	tui_wait "AWS cannot be reached with these credentials." 20
	tui_wait "▸ Use an existing secret ARN instead"
	tui_keys Enter
	tui_wait "The secret is used as it is."
	tui_type "$ARN"
	tui_keys Enter
	tui_wait "Which policy should let the role read the secret?"
	tui_keys Enter
	tui_wait "Which tfvars file gets the secret's ARN?"
	tui_wait "▸ terraform.tfvars"
	tui_keys Enter
	tui_wait "Name of the Terraform variable for the ARN"
	tui_keys Enter
	tui_wait "Review the changes before anything is written"
	tui_wait "4 of 4 hunks accepted  hunk 1/4"
}

echo "reject the tfvars hunk and apply the rest"
ROOT=$(copy_example modern) || tui_fail "cannot copy the example"
to_review "$ROOT"
tui_keys n n
tui_wait "hunk 3/4"
tui_wait "▸ terraform.tfvars"
tui_keys Space
tui_wait "3 of 4 hunks accepted  hunk 3/4"
tui_wait "[rejected] @@"
echo "space again accepts it, and once more rejects it"
tui_keys Space
tui_wait "4 of 4 hunks accepted"
tui_keys Space
tui_wait "3 of 4 hunks accepted"
diff -r "$EXAMPLE" "$ROOT" > /dev/null || tui_fail "files changed before apply"
tui_keys Enter
# The rejected hunk gives the variable its value, and the plan notes it.
tui_wait "Apply the accepted hunks?"
tui_wait "which was not chosen:"
tui_keys y
tui_wait "Done." 20
tui_capture | grep -q "HUNKSECRET\|qq41" && tui_fail "token on the screen"
tui_keys Enter
tui_expect_status 0
cmp -s "$EXAMPLE/terraform.tfvars" "$ROOT/terraform.tfvars" ||
	tui_fail "terraform.tfvars changed: $(diff "$EXAMPLE/terraform.tfvars" \
	    "$ROOT/terraform.tfvars")"
grep -q 'image_pull_credentials_type = "SERVICE_ROLE"' "$ROOT/codebuild.tf" ||
	tui_fail "codebuild.tf not set up"
grep -q 'secretsmanager:GetSecretValue' "$ROOT/iam.tf" ||
	tui_fail "iam.tf not set up"
grep -q 'variable "docker_hub_secret_arn"' "$ROOT/variables.tf" ||
	tui_fail "variables.tf has no variable"
grep -rq "HUNKSECRET\|qq41" "$TUI_TMP" && tui_fail "token in a file"

echo "reject the declaration: the note comes before apply"
ROOT=$(copy_example declaration) || tui_fail "cannot copy the example"
to_review "$ROOT"
tui_keys n
tui_wait "hunk 2/4"
tui_wait "▸ variables.tf"
tui_keys Space
tui_wait "3 of 4 hunks accepted  hunk 2/4"
tui_keys Enter
tui_wait "Apply the accepted hunks?"
tui_wait "3 of 4 hunks will be applied."
tui_wait "declares it was not chosen"
tui_keys n
tui_wait_gone "Apply the accepted hunks?"
tui_wait "Review the changes before anything is written"
diff -r "$EXAMPLE" "$ROOT" > /dev/null || tui_fail "files changed after no"
tui_keys C-c
tui_wait_exit
diff -r "$EXAMPLE" "$ROOT" > /dev/null || tui_fail "files changed after quit"
echo ok
