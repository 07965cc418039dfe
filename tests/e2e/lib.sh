# Helpers shared by the end-to-end tests: failure counting, tree
# snapshots and the HashiCorp oracles. Source after setting -u.

e2e_failures=0

e2e_fail() {
	echo "FAIL: $*"
	e2e_failures=$((e2e_failures + 1))
}

e2e_pass() {
	echo "ok: $*"
}

# expect STATUS PATTERN NAME COMMAND...: run COMMAND (stdin /dev/null),
# check its exit status and that PATTERN is in its output, which stays
# in $work/out.
expect() {
	local status=$1 pattern=$2 name=$3 got

	shift 3
	"$@" < /dev/null > "$work/out" 2>&1
	got=$?
	[ "$got" -eq "$status" ] ||
		e2e_fail "$name: exit status $got, expected $status:" \
			"$(head -c 600 "$work/out")"
	grep -qE -- "$pattern" "$work/out" ||
		e2e_fail "$name: output lacks /$pattern/:" \
			"$(head -c 600 "$work/out")"
}

# The shared acceptance cases, when this checkout has them beside it.
e2e_cases_dir() {
	local dir=${HUBCRED_SHARED_CASES:-$HUBCRED_SOURCE_ROOT/../shared/cases}

	[ -f "$dir/compare.py" ] && echo "$dir"
}

# hclfmt, built once into the build tree.
e2e_hclfmt() {
	sh "$HUBCRED_SOURCE_ROOT/tests/tools/build-hclfmt.sh" \
		"$HUBCRED_BUILD_ROOT/tools"
}

# "path sha256 mode" for every file below a folder, sorted.
e2e_snapshot() {
	(cd "$1" && find . -type f -o -type l | sort | while read -r f; do
		printf '%s %s %s\n' "$f" \
			"$(sha256sum < "$f" | cut -c1-64)" \
			"$(stat -c %a "$f")"
	done)
}

# Check every .tf file that differs between two trees with hclfmt and,
# where the machine has it, terraform fmt. Args: BEFORE AFTER HCLFMT.
e2e_check_format() {
	local before=$1 after=$2 hclfmt=$3 f

	while read -r f; do
		case $f in
		*.tf | *.tfvars) ;;
		*) continue ;;
		esac
		if ! "$hclfmt" -check -require-no-change "$after/$f" \
			>/dev/null 2>"$after.hclfmt.err"; then
			e2e_fail "hclfmt rejects $f: $(head -c 300 \
				"$after.hclfmt.err")"
		fi
		if command -v terraform >/dev/null 2>&1 &&
			! CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null \
			terraform fmt -check "$after/$f" >/dev/null 2>&1; then
			e2e_fail "terraform fmt -check rejects $f"
		fi
	done < <(cd "$after" && find . -type f | while read -r f; do
		cmp -s "$after/$f" "$before/$f" 2>/dev/null || echo "$f"
	done)
	rm -f "$after.hclfmt.err"
}

e2e_finish() {
	if [ "$e2e_failures" -ne 0 ]; then
		echo "$e2e_failures failure(s)"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
