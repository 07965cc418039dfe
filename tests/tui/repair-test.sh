#!/bin/bash
# The repair path of the wizard, offline. The root tests/tui/data/repair
# has five findings in two projects and a variable, four of them with a
# fix. The project list offers the repair, and the Repair step lists the
# findings grouped by project. With one fix left out, the review shows
# only the chosen fixes' hunks and apply writes exactly repair/expected.
# A second doctor run then finds only the fix left out and the finding
# without a fix, and hubcred undo restores the input. Enter on the done
# screen goes back to the project list, scanned again. Last, the
# acceptance case of four broken registry_credential setups, with every
# fix chosen, must equal its expected/ tree.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"

DATA="$HUBCRED_SOURCE_ROOT/tests/tui/data/repair"
CASES=${HUBCRED_SHARED_CASES:-$HUBCRED_SOURCE_ROOT/../shared/cases}
CASE21="$CASES/21-doctor-registry-credential-mistakes"
HCLFMT=$(sh "$HUBCRED_SOURCE_ROOT/tests/tools/build-hclfmt.sh" \
    "$HUBCRED_BUILD_ROOT/tools") || tui_fail "cannot build hclfmt"

# Print doctor's findings on a root, one "ID FILE LINE fixable" line
# each, sorted by id. Args: ROOT.
doctor_findings() {
	"$HUBCRED" doctor --json -C "$1" | python3 -c '
import json, sys
for f in sorted(json.load(sys.stdin)["findings"], key=lambda f: f["id"]):
    print(f["id"], f["file"], f["line"], "fixable" if f["fixable"] else "")'
}

# Fail unless every .tf file of a root parses and is laid out as
# terraform fmt would lay it out. Args: ROOT.
check_format() {
	local f

	for f in "$1"/*.tf; do
		"$HCLFMT" -check -require-no-change "$f" >/dev/null 2>&1 ||
			tui_fail "hclfmt rejects $f"
	done
}

# Print the non-empty rows of the content box on the pane.
list_rows() {
	tui_capture | sed -n 's/^│[^│]*││ \(.*[^ ]\) *│$/\1/p'
}

echo "the project list offers the repair of five findings"
ROOT=$(tui_copy_root repair/input repair) || exit 1
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Choose the CodeBuild project"
tui_wait "Repair 5 findings"
tui_wait "4 with a fix"
tui_wait "partial, 2 findings"
tui_wait "r repair"

echo "the findings are grouped by project, every fix chosen"
tui_keys r
tui_wait "Choose the fixes to make"
tui_wait "5 findings, 4 with a fix: 4 of 4 fixes chosen"
tui_wait "▸ Repair"
ROW='^(aws_codebuild_project|var)\.[a-z_]+$|HC[0-9]{3} (error|warning|info) '
list_rows | grep -E "$ROW" |
	sed 's/^▸ //; s/^ *//; s/\(:[0-9]*\)  .*/\1/' >"$TUI_TMP/rows"
cat >"$TUI_TMP/rows.expected" <<'EOF'
aws_codebuild_project.api
[x] HC101 error   api.tf:14
[x] HC103 error   api.tf:16
aws_codebuild_project.deploy
[x] HC108 error   deploy.tf:14
HC161 warning deploy.tf:29
var.docker_hub_secret_arn
[x] HC141 warning variables.tf:2
EOF
diff -u "$TUI_TMP/rows.expected" "$TUI_TMP/rows" ||
	tui_fail "the findings are not listed by project as expected"
tui_wait "HC101 error, api.tf:14: fix chosen"
tui_wait "Reported as: CodeBuild uses registry_credential only"

echo "space leaves out the HC103 fix"
tui_keys Down
tui_wait "HC103 error, api.tf:16: fix chosen"
tui_keys Space
tui_wait "4 with a fix: 3 of 4 fixes chosen"
tui_wait "HC103 error, api.tf:16: fix left out"
tui_wait "[ ] HC103"

echo "a finding without a fix says what to do and cannot be chosen"
tui_keys Down Down
tui_wait "HC161 warning, deploy.tf:29: fix by hand"
tui_wait "run docker login before it."
tui_keys Space
tui_keys Up
tui_wait "HC108 error, deploy.tf:14: fix chosen"
tui_wait "4 with a fix: 3 of 4 fixes chosen"
diff -r "$DATA/input" "$ROOT" >/dev/null ||
	tui_fail "files changed before the review"

echo "the review shows the three chosen fixes only"
tui_keys Enter
tui_wait "Review the changes before anything is written"
tui_wait "✓ Repair"
tui_wait "3 of 3 hunks accepted  hunk 1/3"
: >"$TUI_TMP/review"
for hunk in 1 2 3; do
	tui_wait "hunk $hunk/3"
	tui_capture >>"$TUI_TMP/review"
	tui_keys n
done
for text in 'api.tf' 'deploy.tf' 'variables.tf' \
    '+    image_pull_credentials_type = "SERVICE_ROLE"' \
    '-    image_pull_credentials_type = "service_role"' \
    '+  type        = string'; do
	grep -qF -- "$text" "$TUI_TMP/review" ||
		tui_fail "the review does not show: $text"
done
grep -qE -- '[-+] +credential_provider' "$TUI_TMP/review" &&
	tui_fail "the review shows the HC103 fix that was left out"
diff -r "$DATA/input" "$ROOT" >/dev/null ||
	tui_fail "files changed during the review"

echo "apply writes the chosen fixes and says what is left"
tui_keys Enter
tui_wait "Done." 20
tui_wait "1 error and 1 warning left"
tui_wait "enter projects"
tui_capture | grep -qF "Secret" && tui_fail "a repair shows a secret line"

echo "enter goes back to the project list with the findings updated"
tui_keys Enter
tui_wait "Choose the CodeBuild project" 20
tui_wait "Repair 2 findings"
tui_wait "1 with a fix"

echo "quitting a setup begun after the repair keeps status 0"
tui_keys / a p i Enter Enter
tui_wait "Docker Hub credentials"
tui_type "example-user"
tui_keys Enter
tui_type "dckr_pat_REPAIRzz93"
tui_keys Enter
tui_wait "▸ Enter the token again"
tui_keys q
tui_wait "The repair applied before stays."
tui_keys y
tui_expect_status 0
diff -ru "$DATA/expected" "$ROOT" ||
	tui_fail "the files differ from repair/expected"
check_format "$ROOT"
printf '%s\n' "HC103 api.tf 17 fixable" "HC161 deploy.tf 29 " \
    >"$TUI_TMP/left.expected"
doctor_findings "$ROOT" >"$TUI_TMP/left" || tui_fail "doctor --json failed"
diff -u "$TUI_TMP/left.expected" "$TUI_TMP/left" ||
	tui_fail "doctor finds more than the fix left out and HC161"

echo "hubcred undo restores the files the repair wrote"
env -u XDG_STATE_HOME "${TUI_OFFLINE[@]}" "$HUBCRED" undo -C "$ROOT" \
    >"$TUI_TMP/undo" 2>&1 || tui_fail "undo failed: $(cat "$TUI_TMP/undo")"
diff -ru "$DATA/input" "$ROOT" || tui_fail "undo did not restore the input"

if [ ! -f "$CASES/compare.py" ]; then
	echo "shared cases not found at $CASES: case 21 skipped"
	echo ok
	exit 0
fi

echo "case 21: no fix chosen is refused, and esc goes back to setup"
ROOT="$TUI_TMP/case21"
cp -r "$CASE21/input" "$ROOT" && chmod -R u+w "$ROOT" ||
	tui_fail "cannot copy case 21"
tui_start "${TUI_OFFLINE[@]}" -- "$HUBCRED" -C "$ROOT"
tui_wait "Repair 4 findings"
tui_keys r
tui_wait "4 findings, 4 with a fix: 4 of 4 fixes chosen"
tui_keys a
tui_wait "0 of 4 fixes chosen"
tui_keys Enter
tui_wait "No fix is chosen"
tui_keys Enter
tui_wait_gone "No fix is chosen"
tui_keys a
tui_wait "4 of 4 fixes chosen"
tui_keys Escape
tui_wait "Choose the CodeBuild project"
tui_wait "Docker Hub"
tui_keys r
tui_wait "4 of 4 fixes chosen"

echo "case 21: every fix applied equals expected/"
tui_keys Enter
tui_wait "4 of 4 hunks accepted  hunk 1/4"
diff -r "$CASE21/input" "$ROOT" >/dev/null ||
	tui_fail "case 21 changed before apply"
tui_keys Enter
tui_wait "Done." 20
tui_wait "no errors or warnings left"
tui_keys Enter
tui_wait "Choose the CodeBuild project" 20
tui_capture | grep -qF "Repair" && tui_fail "a repair is offered with no findings"
tui_keys q
tui_expect_status 0
python3 "$CASES/compare.py" "$CASE21/input" "$CASE21/expected" "$ROOT" \
    >"$TUI_TMP/compare" 2>&1 ||
	tui_fail "case 21 differs from expected/: $(cat "$TUI_TMP/compare")"
grep -q '^CANONICAL *codebuild.tf' "$TUI_TMP/compare" ||
	tui_fail "codebuild.tf is not byte for byte expected/: \
$(cat "$TUI_TMP/compare")"
check_format "$ROOT"
doctor_findings "$ROOT" >"$TUI_TMP/left" || tui_fail "doctor --json failed"
[ ! -s "$TUI_TMP/left" ] ||
	tui_fail "findings left on case 21: $(cat "$TUI_TMP/left")"
echo ok
