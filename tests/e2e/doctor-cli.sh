#!/bin/bash
# hubcred doctor's command line. A -C that is not a folder of Terraform
# files is a usage error, as for scan. --sarif reports a parse error as a
# result, and --json keeps standard error empty. --live without AWS
# credentials still prints the offline findings.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/e2e/lib.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state HOME=$work/home
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
export AWS_CONFIG_FILE=$work/none AWS_SHARED_CREDENTIALS_FILE=$work/none
export AWS_EC2_METADATA_DISABLED=true AWS_REGION=eu-west-1

# run NAME COMMAND...: run COMMAND with stdout in out, stderr in err.
run() {
	local name=$1

	shift
	"$@" < /dev/null > "$work/out" 2> "$work/err"
	status=$?
	echo "$name: exit status $status"
}

# want STATUS PATTERN FILE NAME
want() {
	[ "$status" -eq "$1" ] ||
		e2e_fail "$4: exit status $status, expected $1:" \
			"$(head -c 400 "$work/err")"
	grep -qE -- "$2" "$work/$3" ||
		e2e_fail "$4: $3 lacks /$2/: $(head -c 400 "$work/$3")"
}

run "a file" "$HUBCRED" doctor -C /etc/passwd
want 2 'not a folder' err "a file"
grep -q 'No findings' "$work/out" && e2e_fail "a file: reported no findings"

run "missing folder" "$HUBCRED" doctor -C "$work/gone"
want 2 'gone: no such folder' err "missing folder"

mkdir "$work/empty"
run "empty folder" "$HUBCRED" doctor -C "$work/empty"
want 2 'no .tf or .tf.json file below' err "empty folder"

run "scan of a file" "$HUBCRED" scan -C /etc/passwd
want 2 '/etc/passwd: not a folder' err "scan of a file"
grep -q 'No such file' "$work/err" && e2e_fail "scan of a file: wrong errno"

mkdir "$work/broken"
printf 'resource "x" "y" {\n' > "$work/broken/b.tf"
run "sarif parse error" "$HUBCRED" doctor --sarif -C "$work/broken"
want 2 'b.tf:1:[0-9]+: Unclosed configuration block' err "sarif parse error"
python3 - "$work/out" <<'PY' || e2e_fail "sarif parse error: no SARIF log"
import json, sys
log = json.load(open(sys.argv[1]))
results = log["runs"][0]["results"]
assert [r["ruleId"] for r in results] == ["parse-error"], results
loc = results[0]["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"].endswith("b.tf"), loc
assert loc["region"]["startLine"] == 1, loc
PY

cp -a "$HUBCRED_SOURCE_ROOT/examples/modern" "$work/root"
run "json" "$HUBCRED" doctor --json -C "$work/root"
want 0 '"findings"' out "json"
[ -s "$work/err" ] && e2e_fail "json: standard error: $(cat "$work/err")"

# Two roots below the folder share a module, so each has a project at
# module.cb.aws_codebuild_project.app: each heading names its root.
cp -a "$HUBCRED_SOURCE_ROOT/tests/data/tf/multi-root/input" "$work/roots"
run "same address in two roots" "$HUBCRED" doctor -C "$work/roots"
want 0 '^module.cb.aws_codebuild_project.app \(root envs/dev\)$' out \
	"same address in two roots"
want 0 '^module.cb.aws_codebuild_project.app \(root envs/prod\)$' out \
	"same address in two roots"
run "same address in two roots, json" "$HUBCRED" doctor --json \
	-C "$work/roots"
python3 - "$work/out" <<'PY' || e2e_fail "same address in two roots: json"
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
roots = sorted(f["root"] for f in findings
               if f["project"] == "module.cb.aws_codebuild_project.app")
assert roots == ["envs/dev", "envs/prod"], roots
PY
# SARIF URIs are percent-encoded, and relative to the root with a base
# id when the root is outside the working folder.
cp -a "$HUBCRED_SOURCE_ROOT/tests/tui/data/repair/input" "$work/odd"
mv "$work/odd/api.tf" "$work/odd/code build%ü.tf"
(cd / && "$HUBCRED" doctor --sarif -C "$work/odd") > "$work/odd.sarif"
python3 - "$work/odd.sarif" "$(realpath "$work/odd")" <<'PY' ||
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
base = run["originalUriBaseIds"]["ROOT"]["uri"]
assert base == "file://" + sys.argv[2] + "/", base
locs = [r["locations"][0]["physicalLocation"]["artifactLocation"]
        for r in run["results"]]
assert all(l["uriBaseId"] == "ROOT" for l in locs), locs
assert "code%20build%25%C3%BC.tf" in {l["uri"] for l in locs}, locs
PY
	e2e_fail "sarif: URIs of a root outside the working folder"

# An option another command takes is an error, not ignored.
run "scan --sarif" "$HUBCRED" scan --sarif -C "$work/root"
want 2 'scan does not take --sarif' err "scan --sarif"
run "undo --json" "$HUBCRED" undo --json -C "$work/root"
want 2 'undo does not take --json' err "undo --json"
run "wizard --yes" "$HUBCRED" --yes -C "$work/root"
want 2 'the wizard does not take --yes' err "wizard --yes"
run "doctor --dry-run" "$HUBCRED" doctor --dry-run -C "$work/root"
want 2 'doctor takes --dry-run only with --fix' err "doctor --dry-run"
run "same log and record" "$HUBCRED" --log "$work/x.json" \
	--record "$work/x.json" -C "$work/root"
want 2 '--log and --record name the same file' err "same log and record"
[ -e "$work/x.json" ] && e2e_fail "same log and record: a file was made"
mkfifo "$work/fifo.log"
run "log to a FIFO without a reader" timeout 10 "$HUBCRED" scan \
	-C "$work/root" --log "$work/fifo.log"
want 2 'a FIFO needs a reader first' err "log to a FIFO without a reader"

# --log appends only to a new file or an earlier log.
cp -a "$HUBCRED_SOURCE_ROOT/examples/modern" "$work/logged"
cp "$work/logged/codebuild.tf" "$work/codebuild.tf.orig"
run "log onto a Terraform file" "$HUBCRED" doctor -C "$work/logged" \
	--log "$work/logged/codebuild.tf"
want 2 'codebuild.tf: --log: this is the name of a Terraform file' err \
	"log onto a Terraform file"
cmp -s "$work/logged/codebuild.tf" "$work/codebuild.tf.orig" ||
	e2e_fail "log onto a Terraform file: the file changed"
echo "keep me" > "$work/notes.txt"
run "log onto another file" "$HUBCRED" doctor -C "$work/logged" \
	--log "$work/notes.txt"
want 2 'not a hubcred log' err "log onto another file"
[ "$(cat "$work/notes.txt")" = "keep me" ] ||
	e2e_fail "log onto another file: the file changed"
for n in 1 2; do
	run "log, run $n" "$HUBCRED" doctor -C "$work/logged" \
		--log "$work/doctor.log"
	want 0 '' out "log, run $n"
done
[ "$(grep -c 'hubcred .* started' "$work/doctor.log")" = 2 ] ||
	e2e_fail "log: two runs did not append to one log"

cp -a "$HUBCRED_SOURCE_ROOT/examples/modern" "$work/one"
run "one root" "$HUBCRED" doctor -C "$work/one"
grep -q '(root ' "$work/out" && e2e_fail "one root: heading names a root"

run "live without credentials" "$HUBCRED" doctor --live -C "$work/root"
want 3 'live checks skipped: no AWS credentials' err \
	"live without credentials"
want 3 'HC181' out "live without credentials"

e2e_finish
