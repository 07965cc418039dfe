#!/bin/bash
# Run hubcred doctor on every root of tests/data/doctor through the real
# binary. Each root contains input/ (the Terraform), findings (one line per
# expected finding: ID FILE:LINE SEVERITY) and, when some finding is
# fixable, expected/ (the files --fix changes, as they must read after
# it). Checks: the findings are exactly those listed, the exit status
# follows the severities, doctor without --fix writes nothing, --fix
# --dry-run writes nothing, --fix without --yes and without a terminal
# stops, --fix --yes gives expected/ byte for byte (and nothing else
# changes), hclfmt accepts every changed file, and doctor afterwards
# reports nothing at warning or error level.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/e2e/lib.sh"

data=$HUBCRED_SOURCE_ROOT/tests/data/doctor
hclfmt=$(e2e_hclfmt) || { echo "FAIL: cannot build hclfmt"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state

# "ID FILE:LINE SEVERITY" of every finding of doctor --json, sorted.
findings() {
	python3 -c '
import json, sys
doc = json.load(sys.stdin)
rows = []
for f in doc["findings"]:
    assert set(f) - {"root"} == {"id", "severity", "project", "file",
                                 "line", "title", "message",
                                 "fixable"}, sorted(f)
    assert isinstance(f.get("root", ""), str)
    assert f["severity"] in ("error", "warning", "info")
    assert isinstance(f["line"], int) and f["line"] >= 1
    assert isinstance(f["fixable"], bool)
    assert f["project"]
    assert f["title"]
    assert f["message"]
    rows.append("%s %s:%d %s" % (f["id"], f["file"], f["line"],
                                  f["severity"]))
for row in sorted(rows):
    print(row)
'
}

# Fail unless doctor --json on $1 lists exactly the findings of file $2.
check_findings() {
	local dir=$1 want=$2 label=$3 status

	"$HUBCRED" doctor --json -C "$dir" > "$work/out.json" 2> "$work/err"
	status=$?
	if ! findings < "$work/out.json" > "$work/got"; then
		e2e_fail "$label: doctor --json printed no valid findings:" \
			"$(head -c 300 "$work/out.json") $(cat "$work/err")"
		return
	fi
	sort "$want" | sed '/^$/d' > "$work/want"
	if ! diff -u "$work/want" "$work/got" > "$work/diff"; then
		e2e_fail "$label: findings differ:"
		cat "$work/diff"
	fi
	if grep -q ' error$' "$work/want"; then
		[ "$status" -eq 1 ] ||
			e2e_fail "$label: exit status $status with errors, not 1"
	else
		[ "$status" -eq 0 ] ||
			e2e_fail "$label: exit status $status without errors"
	fi
}

for root in "$data"/*/; do
	name=$(basename "$root")
	before_failures=$e2e_failures
	copy=$work/$name
	cp -a "$root/input" "$copy"
	chmod -R u+w "$copy"
	e2e_snapshot "$copy" > "$work/$name.before"

	check_findings "$copy" "$root/findings" "$name"
	"$HUBCRED" doctor -C "$copy" > "$work/human" 2>&1
	while read -r id where severity; do
		grep -q "^$where: $severity: .*\[$id\]$" "$work/human" ||
			e2e_fail "$name: human output lacks $where: $severity" \
				"... [$id]"
	done < "$root/findings"
	"$HUBCRED" doctor --sarif -C "$copy" > /dev/null 2>&1
	e2e_snapshot "$copy" | cmp -s - "$work/$name.before" ||
		e2e_fail "$name: doctor without --fix changed files"

	if [ ! -d "$root/expected" ]; then
		[ "$e2e_failures" -eq "$before_failures" ] && e2e_pass "$name"
		continue
	fi

	"$HUBCRED" doctor --fix --dry-run -C "$copy" > "$work/dry" 2>&1 ||
		e2e_fail "$name: --fix --dry-run failed: $(cat "$work/dry")"
	grep -q '^+++ b/' "$work/dry" ||
		e2e_fail "$name: --fix --dry-run shows no diff"
	"$HUBCRED" doctor --fix -C "$copy" < /dev/null > /dev/null \
		2> "$work/noyes"
	[ $? -eq 2 ] && grep -q -- '--yes' "$work/noyes" ||
		e2e_fail "$name: --fix without --yes and a terminal did not" \
			"stop: $(cat "$work/noyes")"
	e2e_snapshot "$copy" | cmp -s - "$work/$name.before" ||
		e2e_fail "$name: --dry-run or a stopped --fix changed files"

	"$HUBCRED" doctor --fix --yes -C "$copy" > "$work/fix" 2>&1 ||
		e2e_fail "$name: --fix --yes failed: $(cat "$work/fix")"
	while read -r f; do
		if [ -f "$root/expected/$f" ]; then
			cmp -s "$copy/$f" "$root/expected/$f" ||
				e2e_fail "$name: $f differs from expected/$f:" \
					"$(diff "$root/expected/$f" "$copy/$f" | head)"
		else
			cmp -s "$copy/$f" "$root/input/$f" ||
				e2e_fail "$name: $f changed but has no expected/"
		fi
	done < <(cd "$copy" && find . -type f | sed 's|^\./||')
	(cd "$root/expected" && find . -type f | sed 's|^\./||') |
		while read -r f; do
			[ -f "$copy/$f" ] || echo "$f"
		done > "$work/missing"
	[ -s "$work/missing" ] &&
		e2e_fail "$name: --fix did not write $(cat "$work/missing")"
	e2e_check_format "$root/input" "$copy" "$hclfmt"

	"$HUBCRED" doctor --json -C "$copy" > "$work/out.json" 2>&1
	findings < "$work/out.json" | grep -E ' (error|warning)$' \
		> "$work/left"
	[ -s "$work/left" ] &&
		e2e_fail "$name: findings left after --fix: $(cat "$work/left")"
	"$HUBCRED" doctor --fix --yes -C "$copy" > "$work/again" 2>&1
	grep -q 'Nothing to fix' "$work/again" ||
		e2e_fail "$name: a second --fix did not say nothing to fix"
	[ "$e2e_failures" -eq "$before_failures" ] && e2e_pass "$name"
done

[ "$e2e_failures" -eq 0 ] || { echo "$e2e_failures failure(s)"; exit 1; }
echo "all doctor roots pass"
