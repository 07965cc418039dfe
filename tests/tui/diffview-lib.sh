# Shared by the diffview-*-test.sh scripts: walk hubcred to the review of
# a copy of examples/modern, offline, with an existing secret ARN. The
# review then shows four files of one hunk each:
#   codebuild.tf, variables.tf, terraform.tfvars, iam.tf
# Source it after lib.sh.

DIFFVIEW_ARN="arn:aws:secretsmanager:us-east-1:123456789012:secret:"
DIFFVIEW_ARN+="ci/hub-AbCdEf"
DIFFVIEW_EXAMPLE="$HUBCRED_SOURCE_ROOT/examples/modern"

# diffview_to_review [VAR=VALUE...]: copy the example to $TUI_TMP/root,
# start hubcred on it with the environment given, and walk to the review.
diffview_to_review()
{
	rm -rf "$TUI_TMP/root"
	cp -r "$DIFFVIEW_EXAMPLE" "$TUI_TMP/root" ||
	    tui_fail "cannot copy the example"
	tui_start "${TUI_OFFLINE[@]}" "$@" -- "$HUBCRED" -C "$TUI_TMP/root"
	tui_wait "Choose the CodeBuild project"
	tui_keys Enter
	tui_wait "Docker Hub credentials"
	tui_type "example-user"
	tui_keys Enter
	tui_type "dckr_pat_VIEWERTESTq7"
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
	tui_type "$DIFFVIEW_ARN"
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

# diffview_row N: row N of the pane, inside the content box.
diffview_row()
{
	tui_capture | sed -n "${1}p" | sed 's/^[^│]*│[^│]*││//; s/ *│ *$//'
}

# diffview_top TEXT: the first row of the diff body starts with TEXT. At
# 80x24 the body starts on row 10: title, box edge, the secret line, a
# blank row, four files and a blank row come before it.
diffview_top()
{
	TUI_TEXT=$1
	tui_poll '[[ "$(diffview_row 10)" == "$TUI_TEXT"* ]]' 10 ||
	    tui_fail "the diff does not start with '$1'"
}

# diffview_unchanged: hubcred has written nothing into the copy.
diffview_unchanged()
{
	diff -r "$DIFFVIEW_EXAMPLE" "$TUI_TMP/root" >/dev/null ||
	    tui_fail "files changed: $(diff -r "$DIFFVIEW_EXAMPLE" \
	    "$TUI_TMP/root")"
}
