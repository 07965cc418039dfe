#!/bin/bash
# Run the shared acceptance cases through the Terraform setup planner.
#
# For each case with an expected result: copy the case to a scratch
# directory, plan and write the setup with tf-setup-tool using the case's
# answers, then require compare.py to say CANONICAL or PASS for every
# file, hclfmt to accept every changed .tf file, and a second run to
# change nothing. Case 27 must be refused with main.tf:5 or main.tf:13 and
# change nothing. The golden roots of tests/data/tf run the same way and
# must match their expected/ byte for byte, or, when they hold a file
# "refusal", be refused with a message matching the pattern in it.
set -u

src=${HUBCRED_SOURCE_ROOT:?}
build=${HUBCRED_BUILD_ROOT:?}
cases=${HUBCRED_SHARED_CASES:-$src/../shared/cases}
tool=$build/tests/core/tf/tf-setup-tool

golden=$src/tests/data/tf
if [ ! -d "$cases" ] || [ ! -f "$cases/compare.py" ]; then
	echo "shared cases not found at $cases: running the golden roots only"
	cases=
fi
if ! hclfmt=$(sh "$src/tests/tools/build-hclfmt.sh" "$build/tools"); then
	echo "FAIL: cannot build hclfmt"
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
	echo "FAIL $*"
	failures=$((failures + 1))
}

# The tool's arguments from a case's answers file.
answers_args() {
	python3 - "$1" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))
s = a["secret"]
args = [a["project"], s["arn"], a.get("tfvars", "terraform.tfvars"),
        a.get("policy", "-"), a.get("variable", "docker_hub_secret_arn")]
if s.get("kms_key_id"):
    args.append(s["kms_key_id"])
print("\0".join(args), end="")
EOF
}

run_tool() {
	local root=$1 answers=$2 out=$3
	local -a args

	mapfile -d '' args < <(answers_args "$answers")
	"$tool" "$root" "${args[@]}" >"$out" 2>&1
}

# Every .tf and .tfvars file that differs between two trees must be
# fmt-clean, unless it was not fmt-clean before: such a file keeps its
# own layout (the exact expected tree checks the edited lines) and must
# still parse.
check_fmt() {
	local before=$1 after=$2 id=$3 f

	while IFS= read -r -d '' f; do
		rel=${f#"$after"/}
		if cmp -s "$f" "$before/$rel"; then
			continue
		fi
		if [ -f "$before/$rel" ] && ! "$hclfmt" -check \
		    -require-no-change "$before/$rel" >/dev/null 2>&1; then
			"$hclfmt" -check "$f" >/dev/null 2>&1 ||
				fail "$id: $rel does not parse"
			continue
		fi
		if ! "$hclfmt" -check -require-no-change "$f" >/dev/null 2>&1
		then
			fail "$id: $rel is not laid out as terraform fmt would"
		fi
	done < <(find "$after" \( -name '*.tf' -o -name '*.tfvars' \) -print0)
}

# For an input that is not fmt-clean, editing must commute with terraform
# fmt: the result run through hclfmt equals the edit of the input run
# through hclfmt. So hubcred's new lines are laid out as fmt would lay
# them out, up to the indentation the file already uses.
check_commutes() {
	local id=$1 dir=$2 answers=$3 result=$4 f clean=1
	local fmt_first=$work/$id.fmt-first fmt_after=$work/$id.fmt-after

	while IFS= read -r -d '' f; do
		"$hclfmt" -check -require-no-change "$f" >/dev/null 2>&1 ||
			clean=0
	done < <(find "$dir/input" -name '*.tf' -print0)
	[ "$clean" -eq 1 ] && return
	cp -a "$dir/input" "$fmt_first"
	cp -a "$result" "$fmt_after"
	find "$fmt_first" "$fmt_after" -name '*.tf' -exec "$hclfmt" -w {} +
	if ! run_tool "$fmt_first" "$answers" "$work/$id.fmt-out"; then
		fail "$id: the tool failed on the formatted input:"
		cat "$work/$id.fmt-out"
	elif ! diff -r "$fmt_after" "$fmt_first" >"$work/$id.fmt-cmp"; then
		fail "$id: formatting and editing do not commute:"
		cat "$work/$id.fmt-cmp"
	fi
}

# run_case ID CASE_DIR ANSWERS EXPECTED_DIR [exact]
run_case() {
	local id=$1 dir=$2 answers=$3 expected=$4 exact=${5:-}
	local copy=$work/$id before=$failures

	cp -a "$dir" "$copy"
	if ! run_tool "$copy/input" "$answers" "$work/$id.out"; then
		fail "$id: the tool failed:"
		cat "$work/$id.out"
		return
	fi
	if [ -n "$exact" ]; then
		if ! diff -r "$expected" "$copy/input" >"$work/$id.cmp"; then
			fail "$id: result differs from the expected tree:"
			cat "$work/$id.cmp"
		fi
	elif ! python3 "$cases/compare.py" "$dir/input" "$expected" \
	    "$copy/input" >"$work/$id.cmp"; then
		fail "$id: result differs from the expected tree:"
		cat "$work/$id.cmp"
	fi
	check_fmt "$dir/input" "$copy/input" "$id"
	check_commutes "$id" "$dir" "$answers" "$copy/input"
	cp -a "$copy/input" "$work/$id.first"
	if ! run_tool "$copy/input" "$answers" "$work/$id.out2"; then
		fail "$id: the second run failed:"
		cat "$work/$id.out2"
	elif ! diff -r "$work/$id.first" "$copy/input" >/dev/null; then
		fail "$id: the second run changed files"
	elif ! grep -q 'nothing to do' "$work/$id.out2"; then
		fail "$id: the second run did not say there is nothing to do"
	fi
	[ "$failures" -eq "$before" ] && echo "ok $id"
}

# run_refusal ID CASE_DIR PATTERN: refused, message matches, no change.
run_refusal() {
	local id=$1 dir=$2 pattern=$3 before=$failures

	cp -a "$dir" "$work/$id"
	if run_tool "$work/$id/input" "$dir/answers.json" "$work/$id.out"
	then
		fail "$id: was not refused"
	elif ! grep -Eq "$pattern" "$work/$id.out"; then
		fail "$id: the refusal does not match $pattern:"
		cat "$work/$id.out"
	fi
	if ! diff -r "$dir/input" "$work/$id/input" >/dev/null; then
		fail "$id: files changed despite the refusal"
	fi
	[ "$failures" -eq "$before" ] && echo "ok $id"
}

for dir in ${cases:+"$cases"/*/}; do
	dir=${dir%/}
	id=$(basename "$dir")
	[ -d "$dir/expected" ] || continue
	case $id in
	21-*)
		# The wizard on project cron fixes line 68 in place, and
		# nothing else; expected/ is doctor's result.
		mkdir -p "$work/$id.expected"
		cp -a "$dir/input/." "$work/$id.expected/"
		sed -i '68s/"SECRET_MANAGER"/"SECRETS_MANAGER"/' \
		    "$work/$id.expected/codebuild.tf"
		run_case "$id" "$dir" "$dir/answers.json" "$work/$id.expected"
		;;
	*)
		run_case "$id" "$dir" "$dir/answers.json" "$dir/expected"
		;;
	esac
done

# Refusal: malformed HCL names the unclosed block, writes nothing.
dir=$(echo "$cases"/27-*)
if [ -n "$cases" ] && [ -d "$dir" ]; then
	run_refusal 27 "$dir" 'main\.tf:(5|13)[:,]'
fi

for dir in "$golden"/*/; do
	dir=${dir%/}
	id=tf-$(basename "$dir")
	if [ -f "$dir/refusal" ]; then
		run_refusal "$id" "$dir" "$(cat "$dir/refusal")"
	else
		run_case "$id" "$dir" "$dir/answers.json" "$dir/expected" exact
	fi
done

if [ "$failures" -gt 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "all cases passed"
