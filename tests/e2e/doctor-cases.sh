#!/bin/bash
# Run hubcred doctor on the shared acceptance cases through the real
# binary. It checks the "Doctor" section of cases 01, 04, 16, 20, 21 and
# 27, and --fix on case 21 against its expected/ byte for byte. Doctor
# must be clean on the wizard's results (replay --yes) and on every
# expected/ tree. The SARIF output must have the fields GitHub code
# scanning requires.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/e2e/lib.sh"

cases=$(e2e_cases_dir) || { echo "shared cases not found: skipped"; exit 77; }
hclfmt=$(e2e_hclfmt) || { echo "FAIL: cannot build hclfmt"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state

# Copy case $1 (a folder name prefix) to $work and print the copy's path.
copy_case() {
	local src

	src=$(echo "$cases/$1"*/)
	src=${src%/}
	cp -a "$src" "$work/"
	chmod -R u+w "$work/$(basename "$src")"
	echo "$work/$(basename "$src")"
}

# doctor --json on $1 as "ID FILE:LINE SEVERITY PROJECT" lines.
rows() {
	"$HUBCRED" doctor --json -C "$1" 2> "$work/rows.err" | python3 -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    print(f["id"], "%s:%d" % (f["file"], f["line"]), f["severity"],
          f["project"])
'
}

# Fail when doctor on $1 reports anything at warning or error level.
expect_clean() {
	local dir=$1 label=$2

	rows "$dir" > "$work/clean" ||
		{ e2e_fail "$label: doctor --json failed"; return; }
	if grep -E '^[^ ]+ [^ ]+ (error|warning) ' "$work/clean"; then
		e2e_fail "$label: warning or error findings above"
	fi
}

# Case 01: nothing but an optional anonymous-pull note at main.tf:68.
c=$(copy_case 01)
e2e_snapshot "$c/input" > "$work/01.before"
expect_clean "$c/input" "01 input"
awk '$2 != "main.tf:68"' "$work/clean" > "$work/01.extra"
[ -s "$work/01.extra" ] &&
	e2e_fail "01: findings besides main.tf:68: $(cat "$work/01.extra")"
e2e_snapshot "$c/input" | cmp -s - "$work/01.before" ||
	e2e_fail "01: doctor changed files"

# Case 04: the <<-YAML buildspec without docker gives no finding.
c=$(copy_case 04)
expect_clean "$c/input" "04 input"
grep -q '^HC161 ' "$work/clean" && e2e_fail "04: buildspec reported"

# Case 16: nothing for the mcr.microsoft.com project.
c=$(copy_case 16)
expect_clean "$c/input" "16 input"
grep -q 'aws_codebuild_project\.dotnet$' "$work/clean" &&
	e2e_fail "16: finding for dotnet: $(cat "$work/clean")"

# Case 20: the clean control.
c=$(copy_case 20)
expect_clean "$c/input" "20 input"
"$HUBCRED" doctor -C "$c/input" > /dev/null 2>&1 ||
	e2e_fail "20: doctor exit status $? on a clean root"

# Case 21: exactly the four errors, then --fix gives expected/.
c=$(copy_case 21)
e2e_snapshot "$c/input" > "$work/21.before"
rows "$c/input" | sort > "$work/21.got"
cat > "$work/21.want" <<'EOF'
HC101 codebuild.tf:14 error aws_codebuild_project.api
HC102 codebuild.tf:38 error aws_codebuild_project.worker
HC103 codebuild.tf:68 error aws_codebuild_project.cron
HC104 codebuild.tf:92 error aws_codebuild_project.admin
EOF
diff -u "$work/21.want" "$work/21.got" ||
	e2e_fail "21: findings differ from the four expected errors"
"$HUBCRED" doctor -C "$c/input" > "$work/21.human" 2> /dev/null
[ $? -eq 1 ] || e2e_fail "21: exit status is not 1 with errors"
for where in codebuild.tf:14 codebuild.tf:38 codebuild.tf:68 \
	codebuild.tf:92; do
	grep -q "^$where: error: " "$work/21.human" ||
		e2e_fail "21: human output lacks $where: error:"
done

# SARIF: the fields code scanning needs, and one result per finding.
"$HUBCRED" doctor --sarif -C "$c/input" > "$work/21.sarif"
[ $? -eq 1 ] || e2e_fail "21: --sarif exit status is not 1 with errors"
python3 - "$work/21.sarif" codebuild.tf <<'EOF' ||
import json, sys
doc = json.load(open(sys.argv[1]))
prefix = sys.argv[2]
assert doc["version"] == "2.1.0", doc.get("version")
assert doc["$schema"].startswith("https://"), doc.get("$schema")
assert len(doc["runs"]) == 1
run = doc["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "hubcred"
# informationUri is optional in SARIF 2.1.0; hubcred has no home page.
assert "informationUri" not in driver, driver.get("informationUri")
ids = []
for rule in driver["rules"]:
    for key in ("id", "name"):
        assert isinstance(rule[key], str) and rule[key], (key, rule)
    for key in ("shortDescription", "fullDescription", "help"):
        assert rule[key]["text"], (key, rule)
    assert rule["defaultConfiguration"]["level"] in \
        ("error", "warning", "note"), rule
    ids.append(rule["id"])
assert len(ids) == len(set(ids)), "duplicate rule ids"
got = []
for r in run["results"]:
    assert r["ruleId"] in ids, r["ruleId"]
    assert ids[r["ruleIndex"]] == r["ruleId"]
    assert r["level"] in ("error", "warning", "note"), r["level"]
    assert r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    assert not uri.startswith("/"), uri
    got.append((r["ruleId"], uri, loc["region"]["startLine"], r["level"]))
want = [("HC101", prefix, 14, "error"), ("HC102", prefix, 38, "error"),
        ("HC103", prefix, 68, "error"), ("HC104", prefix, 92, "error")]
assert sorted(got) == want, got
EOF
	e2e_fail "21: SARIF output is not valid for code scanning"
(cd "$c" && "$HUBCRED" doctor --sarif -C input > "$work/21.rel.sarif")
python3 - "$work/21.rel.sarif" <<'EOF' ||
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in run["results"]}
assert uris == {"input/codebuild.tf"}, uris
EOF
	e2e_fail "21: SARIF URIs do not start with the -C folder"
e2e_snapshot "$c/input" | cmp -s - "$work/21.before" ||
	e2e_fail "21: doctor without --fix changed files"

"$HUBCRED" doctor --fix --yes -C "$c/input" > "$work/21.fix" 2>&1 ||
	e2e_fail "21: --fix --yes failed: $(cat "$work/21.fix")"
python3 "$cases/compare.py" "$cases/21-doctor-registry-credential-mistakes/input" \
	"$c/expected" "$c/input" > "$work/21.compare" 2>&1
grep -q '^CANONICAL *codebuild.tf' "$work/21.compare" ||
	e2e_fail "21: --fix result is not expected/codebuild.tf:" \
		"$(cat "$work/21.compare")"
grep -Ev '^CANONICAL' "$work/21.compare" | grep -q '^[A-Z]' &&
	e2e_fail "21: other files differ: $(cat "$work/21.compare")"
e2e_check_format "$cases/21-doctor-registry-credential-mistakes/input" \
	"$c/input" "$hclfmt"
rows "$c/input" > "$work/21.after"
[ -s "$work/21.after" ] &&
	e2e_fail "21: findings after --fix: $(cat "$work/21.after")"

# Case 27: the parse error on standard error, exit 2, nothing written.
c=$(copy_case 27)
e2e_snapshot "$c/input" > "$work/27.before"
for args in "" "--json" "--fix --yes"; do
	# shellcheck disable=SC2086
	"$HUBCRED" doctor $args -C "$c/input" > "$work/27.out" 2> "$work/27.err"
	status=$?
	[ "$status" -eq 2 ] ||
		e2e_fail "27 ($args): exit status $status, expected 2"
	grep -Eq 'main\.tf:(5|13):[0-9]+: ' "$work/27.err" ||
		e2e_fail "27 ($args): stderr lacks main.tf:5:COL:" \
			"$(cat "$work/27.err")"
done
e2e_snapshot "$c/input" | cmp -s - "$work/27.before" ||
	e2e_fail "27: files changed"

# The wizard's results, and every expected/ tree, are doctor-clean.
for case_dir in "$cases"/*/; do
	name=$(basename "$case_dir")
	if [ -d "$case_dir/expected" ]; then
		expect_clean "$case_dir/expected" "$name expected/"
	fi
	case $name in
	21-* | 27-*) continue ;;
	esac
	[ -f "$case_dir/answers.json" ] || continue
	c=$work/wizard-$name
	cp -a "$case_dir" "$c"
	chmod -R u+w "$c"
	if ! "$HUBCRED" replay "$c/answers.json" -C "$c/input" --yes \
		> "$work/replay.out" 2>&1; then
		e2e_fail "$name: replay failed: $(tail -3 "$work/replay.out")"
		continue
	fi
	expect_clean "$c/input" "$name wizard result"
done

[ "$e2e_failures" -eq 0 ] || { echo "$e2e_failures failure(s)"; exit 1; }
echo "doctor passes the shared cases"
