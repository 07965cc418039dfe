#!/bin/bash
# The shared acceptance cases that expect a result, driven through the
# interactive wizard in a 132x43 tmux terminal (wide enough for module
# addresses) (offline: the Docker Hub
# check fails and the person goes on, and the secret is the case's
# existing ARN), then compared with expected/ by the cases' compare.py.
# Case 21's wizard run fixes line 68 only, which e2e-replay-cases checks.
set -u
TUI_COLS=132
TUI_ROWS=43
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/e2e/lib.sh"

cases=$(e2e_cases_dir) || { echo "shared cases not found: skipped"; exit 77; }
token=dckr_pat_CASESzz$$

# answer CASE KEY: one value of the case's answers.json.
answer() {
	python3 -c 'import json, sys
a = json.load(open(sys.argv[1]))
v = a["secret"]["arn"] if sys.argv[2] == "arn" else a[sys.argv[2]]
print(v)' "$1/answers.json" "$2"
}

for name in 01-heredoc-eof-role-policy 03-jsonencode-role-policy \
	04-policy-document-data-source 10-local-module 16-crlf-line-endings; do
	echo "== $name"
	case_dir=$cases/$name
	root=$TUI_TMP/$name
	cp -a "$case_dir/input" "$root"
	chmod -R u+w "$root"
	project=$(answer "$case_dir" project)
	policy=$(answer "$case_dir" policy)
	arn=$(answer "$case_dir" arn)

	tui_start "${TUI_OFFLINE[@]}" "XDG_STATE_HOME=$TUI_TMP/state" -- \
		"$HUBCRED" -C "$root"
	tui_wait "Choose the CodeBuild project"
	tui_keys /
	tui_type "$project"
	tui_keys Enter
	tui_wait "▸ $project"
	tui_keys Enter
	tui_wait "Docker Hub credentials"
	tui_type example-user
	tui_keys Enter
	tui_type "$token"
	tui_keys Enter
	tui_wait "The check failed." 20
	tui_wait "▸ Enter the token again"
	tui_keys k Enter
	tui_wait "Where should the token be stored?"
	tui_keys Enter
	tui_wait "(optional; empty: the AWS managed key)"
	tui_keys Enter Enter
	tui_wait "▸ Use an existing secret ARN instead" 30
	tui_keys Enter
	tui_wait "The secret is used as it is."
	tui_type "$arn"
	tui_keys Enter
	tui_wait "Which policy should let the role read the secret?"
	tui_wait "▸ $policy"
	tui_keys Enter
	tui_wait "Which tfvars file gets the secret's ARN?"
	tui_wait "▸ terraform.tfvars"
	tui_keys Enter
	tui_wait "Name of the Terraform variable for the ARN"
	tui_keys Enter
	tui_wait "Review the changes before anything is written"
	tui_keys Enter
	tui_wait "Done." 20
	tui_keys Enter
	tui_expect_status 0

	python3 "$cases/compare.py" "$case_dir/input" "$case_dir/expected" \
		"$root" > "$TUI_TMP/compare.out" ||
		e2e_fail "$name: result differs from expected/:" \
			"$(cat "$TUI_TMP/compare.out")"
	grep -rqF "$token" "$root" "$TUI_TMP/state" &&
		e2e_fail "$name: the token was written to a file"
	e2e_pass "$name"
done

e2e_finish
