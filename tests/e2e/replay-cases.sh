#!/bin/bash
# Run the shared acceptance cases through the real binary with
# `hubcred replay --yes`: exit status, result tree against expected/ with
# compare.py, no stray file (S1), HashiCorp's formatter on every changed
# file, a second run that changes nothing, and the refusal of malformed
# HCL with its file and line.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/e2e/lib.sh"

cases=$(e2e_cases_dir) || { echo "shared cases not found: skipped"; exit 77; }
hclfmt=$(e2e_hclfmt) || { echo "FAIL: cannot build hclfmt"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state

for case_dir in "$cases"/*/; do
	name=$(basename "$case_dir")
	failures_before=$e2e_failures
	copy=$work/$name
	cp -a "$case_dir" "$copy"
	chmod -R u+w "$copy"
	e2e_snapshot "$copy/input" > "$work/$name.before"
	cp -a "$copy/input" "$work/$name.orig"

	"$HUBCRED" replay "$copy/answers.json" -C "$copy/input" --yes \
		> "$work/$name.out" 2> "$work/$name.err"
	status=$?

	if [ "$name" = 27-malformed-hcl ]; then
		[ "$status" -eq 2 ] ||
			e2e_fail "$name: exit status $status, expected 2"
		grep -Eq 'main\.tf:(5|13)[:,]' "$work/$name.err" ||
			e2e_fail "$name: error lacks main.tf:5 or :13:" \
				"$(cat "$work/$name.err")"
		grep -q 'Unclosed configuration block' "$work/$name.err" ||
			e2e_fail "$name: error does not say the block is unclosed"
		e2e_snapshot "$copy/input" | cmp -s - "$work/$name.before" ||
			e2e_fail "$name: files changed although parsing failed"
		[ "$e2e_failures" -eq "$failures_before" ] && e2e_pass "$name"
		continue
	fi

	if [ "$status" -ne 0 ]; then
		e2e_fail "$name: exit status $status: $(cat "$work/$name.err")"
		continue
	fi
	if [ "$name" = 21-doctor-registry-credential-mistakes ]; then
		# expected/ there is doctor --fix's result; the wizard on the
		# cron project may only fix line 68 in place.
		diff "$case_dir/input/codebuild.tf" \
			"$copy/input/codebuild.tf" > "$work/$name.diff"
		[ "$(grep -c '^[<>]' "$work/$name.diff")" -eq 2 ] &&
			grep -q '^68c68$' "$work/$name.diff" &&
			grep -q '^> .*"SECRETS_MANAGER"' "$work/$name.diff" ||
			e2e_fail "$name: expected only line 68 fixed:" \
				"$(cat "$work/$name.diff")"
	elif [ -d "$case_dir/expected" ]; then
		if ! python3 "$cases/compare.py" "$case_dir/input" \
			"$case_dir/expected" "$copy/input" \
			> "$work/$name.compare"; then
			e2e_fail "$name: result differs from expected/:"
			cat "$work/$name.compare"
		fi
	fi
	e2e_check_format "$work/$name.orig" "$copy/input" "$hclfmt"

	# Idempotency: the same answers again change zero bytes.
	e2e_snapshot "$copy/input" > "$work/$name.after"
	"$HUBCRED" replay "$copy/answers.json" -C "$copy/input" --yes \
		> "$work/$name.out2" 2> "$work/$name.err2" ||
		e2e_fail "$name: second run failed: $(cat "$work/$name.err2")"
	grep -q 'nothing to do' "$work/$name.err2" ||
		e2e_fail "$name: second run did not say there is nothing to do"
	e2e_snapshot "$copy/input" | cmp -s - "$work/$name.after" ||
		e2e_fail "$name: second run changed files"
	[ "$e2e_failures" -eq "$failures_before" ] && e2e_pass "$name"
done

e2e_finish
