#!/bin/bash
# hubcred replay and validate without a terminal: validation errors with
# their key paths, mismatches with the root, dry runs, hunk selection,
# tokens from the environment or standard input, and remote failures,
# each with the exit status the man page gives and nothing written when
# the run stops.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/fakes/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/e2e/lib.sh"

work=$(mktemp -d)
trap 'aws_fake_stop; dockerhub_fake_stop; rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state HOME=$work/home
unset TERM DOCKERHUB_TOKEN DOCKERHUB_USERNAME
arn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/dockerhub-Ab12Cd
token=dckr_pat_REPLAYcanary$$

fresh_root() {
	rm -rf "$work/root"
	cp -a "$HUBCRED_SOURCE_ROOT/examples/modern" "$work/root"
	e2e_snapshot "$work/root" > "$work/root.before"
}

unchanged() {
	e2e_snapshot "$work/root" | cmp -s - "$work/root.before" ||
		e2e_fail "$1: files changed"
}

# answers FILE JSON-MEMBERS: an answers file for examples/modern.
answers() {
	printf '{"hubcred_answers": 1, %s}\n' "$2" > "$1"
}

project='"project": "aws_codebuild_project.tests"'
policy='"policy": "aws_iam_role_policy.ci"'
tfvars='"tfvars": "terraform.tfvars"'
base="$project, $policy, $tfvars"
use="\"secret\": {\"action\": \"use\", \"arn\": \"$arn\"}"

fresh_root

echo "validate: each mistake names its key"
answers "$work/a.json" "$base, $use"
expect 0 'valid for' "valid file" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
answers "$work/a.json" "$base, $use, \"colour\": \"red\""
expect 2 'colour: unknown key' "unknown key" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
answers "$work/a.json" "\"project\": 7, $use"
expect 2 'project: expected a non-empty string' "wrong type" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
answers "$work/a.json" "\"project\": \"aws_codebuild_project.gone\", $use"
expect 2 'project: no project aws_codebuild_project.gone' \
	"unknown project" "$HUBCRED" validate "$work/a.json" -C "$work/root"
answers "$work/a.json" "$project, $policy, $use, \"tfvars\": \"prod.tfvars\""
expect 2 'tfvars: tfvars file "prod.tfvars" not found' "missing tfvars" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
answers "$work/a.json" "$base, \"secret\": {\"action\": \"use\", \"arn\": \"ci/dockerhub\"}"
expect 2 'secret.arn: .*is a secret name, not an ARN' "bare name" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
answers "$work/a.json" "$project, $tfvars, $use, \"policy\": \"aws_iam_policy.gone\""
expect 2 'policy: no policy aws_iam_policy.gone in the module' \
	"unknown policy" "$HUBCRED" validate "$work/a.json" -C "$work/root"
grep -q 'hint: choose aws_iam_role_policy.ci or new' "$work/out" ||
	e2e_fail "unknown policy: no candidates listed"
answers "$work/a.json" "$project, $policy, $use, \"tfvars\": \"codebuild.tf\""
expect 2 'tfvars: "codebuild.tf" is not a tfvars file' "not tfvars" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
printf 'variable "docker_hub_secret_arn" {\n  type = string\n}\n' \
	> "$work/root/declared.tf"
answers "$work/a.json" "$base, $use"
expect 0 'registry_credential' "default name declared without a value" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --dry-run
rm "$work/root/declared.tf"
answers "$work/a.json" "$base, $use, \"variable\": \"team\""
expect 2 'variables.tf:1: variable: variable "team" is already declared' \
	"variable in use" "$HUBCRED" validate "$work/a.json" -C "$work/root"
grep -q 'hint: choose a free name, such as docker_hub_secret_arn' \
	"$work/out" || e2e_fail "variable in use: no free name offered"
for name in count source version providers for_each lifecycle depends_on \
    locals; do
	answers "$work/a.json" "$base, $use, \"variable\": \"$name\""
	expect 2 "variable: \"$name\" is reserved by Terraform" \
		"reserved $name" "$HUBCRED" validate "$work/a.json" \
		-C "$work/root"
done
answers "$work/a.json" "$base, $use, \"variable\": \"a b\""
expect 2 "invalid variable name \"a b\": ' ' is not allowed" \
	"space in variable" "$HUBCRED" validate "$work/a.json" -C "$work/root"
answers "$work/a.json" "$base, $use, \"dockerhub_username\": \"UPPER!name\""
expect 2 'dockerhub_username: .*account names are lowercase' "uppercase user" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
answers "$work/a.json" "$base, $use, \"dockerhub_username\": \"bad user!\""
expect 2 'character 4 is not a lowercase letter or a digit' "bad user" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
grep -q 'e-mail' "$work/out" && e2e_fail "bad user: blamed on an e-mail"
answers "$work/a.json" "$base, $use, \"dockerhub_username\": \"abc\""
expect 2 'it has 3 characters, Docker Hub account names have 4 to 30' \
	"short user" "$HUBCRED" validate "$work/a.json" -C "$work/root"
printf '{"hubcred_answers": 1,' > "$work/a.json"
expect 2 'invalid JSON' "truncated JSON" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
expect 2 'cannot open the answers file' "missing file" \
	"$HUBCRED" validate "$work/nothing.json" -C "$work/root"
unchanged validate

echo "replay: mismatches stop before writing"
answers "$work/a.json" "\"project\": \"aws_codebuild_project.gone\", $use"
expect 1 'no project aws_codebuild_project.gone' "project gone" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
answers "$work/a.json" "$project, $tfvars, $use, \"policy\": \"data.aws_iam_policy_document.assume\""
expect 1 'does not grant the service role' "policy changed form" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
printf 'resource "x" "y" {\n' > "$work/root/broken.tf"
answers "$work/a.json" "$base, $use"
expect 2 'broken.tf:1:[0-9]+: Unclosed configuration block' "parse error" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes --json \
	< /dev/null > "$work/out.json" 2> "$work/err"
[ $? -eq 2 ] || e2e_fail "parse error --json: wrong exit status"
grep -q 'broken.tf:1:' "$work/err" || e2e_fail "parse error --json: no text"
python3 - "$work/out.json" <<'PY' || e2e_fail "parse error --json: no error JSON"
import json, sys
e = json.load(open(sys.argv[1]))["error"]
assert e["file"] == "broken.tf", e
assert e["line"] == 1, e
assert e["message"].startswith("Unclosed configuration block"), e
assert e["exit_status"] == 2, e
PY
rm "$work/root/broken.tf"
unchanged mismatch

echo "replay: dry run, confirmation, JSON report"
expect 0 '\+    image_pull_credentials_type = "SERVICE_ROLE"' "dry run" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --dry-run
expect 2 'not applying: standard input is not a terminal' "no --yes" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root"
grep -q 'image_pull_credentials_type\|^hubcred: scanning' "$work/out" &&
	e2e_fail "no --yes: the plan was worked out and printed before refusing"
"$HUBCRED" replay "$work/a.json" -C "$work/root" --json < /dev/null \
	> "$work/out.json" 2> /dev/null
[ $? -eq 2 ] || e2e_fail "no --yes --json: wrong exit status"
python3 - "$work/out.json" <<'PY' || e2e_fail "no --yes --json: no error JSON"
import json, sys
e = json.load(open(sys.argv[1]))["error"]
assert e["code"] == "usage error", e
assert e["exit_status"] == 2, e
assert "--yes was not given" in e["message"], e
PY
"$HUBCRED" replay "$work/a.json" -C "$work/root" --dry-run --json \
	< /dev/null > "$work/plan.json" 2> /dev/null ||
	e2e_fail "dry run --json failed"
python3 - "$work/plan.json" <<'PY' || e2e_fail "--json report incomplete"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["applied"] is False, d
assert d["project"] == "aws_codebuild_project.tests", d
assert sorted(f["path"] for f in d["files"]) == [
    "codebuild.tf", "iam.tf", "terraform.tfvars", "variables.tf"], d
assert len(d["hunks"]) == 4 and all(":" in h["id"] for h in d["hunks"]), d
PY
unchanged "dry run"

echo "replay: uncommitted changes are pointed out, not refused"
git -C "$work/root" init -q
git -C "$work/root" add -A
git -C "$work/root" -c user.email=t@example.com -c user.name=t \
	commit -qm base
printf '# being edited\n' >> "$work/root/iam.tf"
expect 0 'iam.tf has uncommitted changes in git' "dirty file" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --dry-run
grep -q 'codebuild.tf has uncommitted' "$work/out" &&
	e2e_fail "dirty file: a clean file was reported"
rm -rf "$work/root/.git"
cp "$HUBCRED_SOURCE_ROOT/examples/modern/iam.tf" "$work/root/iam.tf"
unchanged "dirty file"

echo "replay: chosen hunks only"
ids=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(json.dumps([h["id"] for h in d["hunks"]
                  if h["file"] in ("variables.tf", "terraform.tfvars")]))' \
	"$work/plan.json")
answers "$work/a.json" "$base, $use, \"hunks\": $ids"
expect 0 'applied: 2 files written' "hunk subset" \
	setsid "$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
cmp -s "$work/root/codebuild.tf" \
	"$HUBCRED_SOURCE_ROOT/examples/modern/codebuild.tf" ||
	e2e_fail "hunk subset: codebuild.tf changed although not chosen"
grep -q "^docker_hub_secret_arn *= \"$arn\"" "$work/root/terraform.tfvars" ||
	e2e_fail "hunk subset: tfvars value missing"
fresh_root
ids=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(json.dumps([h["id"] for h in d["hunks"] if h["file"] == "codebuild.tf"]))' \
	"$work/plan.json")
answers "$work/a.json" "$base, $use, \"hunks\": $ids"
expect 0 'uses var.docker_hub_secret_arn, but variables.tf:[0-9a-f]+ that declares it was not chosen' \
	"rejected declaration" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --dry-run
ids=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(json.dumps([h["id"] for h in d["hunks"]
                  if h["file"] != "terraform.tfvars"]))' "$work/plan.json")
answers "$work/a.json" "$base, $use, \"hunks\": $ids"
expect 0 'terraform.tfvars gives var.docker_hub_secret_arn its value in hunk terraform.tfvars:[0-9a-f]+, which was not chosen' \
	"rejected value" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --dry-run
answers "$work/a.json" "$base, $use, \"hunks\": []"
expect 0 'the answers choose no hunk' "empty hunk list" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
unchanged "empty hunk list"
expect 2 'hunks: the list is empty' "empty hunk list: validate" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
answers "$work/a.json" "$base, $use, \"hunks\": [\"iam.tf:00000000\"]"
expect 2 'iam.tf:00000000' "unknown hunk id" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
unchanged "unknown hunk"
expect 2 'iam.tf:00000000' "unknown hunk id: validate" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
answers "$work/a.json" "$base, $use, \"hunks\": $ids"
expect 0 'valid for' "chosen hunks: validate" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"

echo "replay: a policy named by the resource that attaches it"
# The multi-root golden's aws_iam_role_policy takes a policy document's
# JSON: naming the aws_iam_role_policy chooses that document.
rm -rf "$work/doc"
cp -a "$HUBCRED_SOURCE_ROOT/tests/data/tf/multi-root/input" "$work/doc"
sed 's/"policy": "module.cb.data.aws_iam_policy_document.cb"/"policy": "module.cb.aws_iam_role_policy.cb"/' \
	"$HUBCRED_SOURCE_ROOT/tests/data/tf/multi-root/answers.json" \
	> "$work/doc.json"
expect 0 'applied: ' "policy by its attachment" \
	"$HUBCRED" replay "$work/doc.json" -C "$work/doc" --yes
diff -r "$HUBCRED_SOURCE_ROOT/tests/data/tf/multi-root/expected" \
	"$work/doc" > /dev/null ||
	e2e_fail "policy by its attachment: result differs from the golden"

echo "replay: two roots with the same project address"
# envs/dev and envs/prod are each a copy of examples/modern. The tfvars
# answer names the root whose project is meant. Without it the address
# alone is rejected as ambiguous.
rm -rf "$work/multi"
mkdir -p "$work/multi/envs"
cp -a "$HUBCRED_SOURCE_ROOT/examples/modern" "$work/multi/envs/dev"
cp -a "$HUBCRED_SOURCE_ROOT/examples/modern" "$work/multi/envs/prod"
answers "$work/a.json" "$project, $policy, $use"
expect 2 'is in 2 root modules \(envs/dev, envs/prod\)' \
	"ambiguous address" "$HUBCRED" replay "$work/a.json" \
	-C "$work/multi" --yes
answers "$work/a.json" "$project, $policy, $use,
    \"tfvars\": \"envs/prod/terraform.tfvars\""
expect 0 'project aws_codebuild_project.tests \(envs/prod/' \
	"second root by tfvars" "$HUBCRED" replay "$work/a.json" \
	-C "$work/multi" --yes
diff -r "$HUBCRED_SOURCE_ROOT/examples/modern" "$work/multi/envs/dev" \
	> /dev/null || e2e_fail "second root by tfvars: envs/dev changed"
grep -q "^docker_hub_secret_arn *= \"$arn\"" \
	"$work/multi/envs/prod/terraform.tfvars" ||
	e2e_fail "second root by tfvars: envs/prod has no tfvars value"

echo "replay: no terminal at all, everything applied"
answers "$work/a.json" "$base, $use"
setsid env -u TERM "$HUBCRED" replay "$work/a.json" -C "$work/root" --yes \
	< /dev/null > "$work/out" 2> "$work/err" ||
	e2e_fail "setsid replay failed: $(cat "$work/err")"
grep -q 'applied: 4 files written' "$work/out" ||
	e2e_fail "setsid replay: $(cat "$work/out")"
e2e_check_format "$HUBCRED_SOURCE_ROOT/examples/modern" "$work/root" \
	"$(e2e_hclfmt)"
expect 0 'already configured: nothing to do' "second replay" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes

echo "replay: creating the secret against the fakes"
aws_fake_start > /dev/null || e2e_fail "AWS fake"
cat > "$work/dockerhub.json" <<JSON
{"users": {"example-user": "$token"},
 "repos": {"library/node": {"tags": ["20-bookworm"]}}}
JSON
dockerhub_fake_start "$work/dockerhub.json" > /dev/null ||
	e2e_fail "Docker Hub fake"
create='"secret": {"action": "create", "name": "ci/dockerhub", "region": "eu-west-1"}'
fresh_root
answers "$work/a.json" "$base, $create"
expect 2 'the Docker Hub username is needed' "no username" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
answers "$work/a.json" "$base, $create, \"dockerhub_username\": \"example-user\""
expect 2 'the Docker Hub token is needed' "no token" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
DOCKERHUB_TOKEN=wrong-token expect 3 'incorrect username or' \
	"wrong token" "$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
unchanged "wrong token"
aws_fake_fault CreateSecret:denied
DOCKERHUB_TOKEN=$token expect 3 'AccessDeniedException' "access denied" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
unchanged "access denied"
printf '%s\n' "$token" | "$HUBCRED" replay "$work/a.json" \
	-C "$work/root" --yes --token-stdin > "$work/out" 2> "$work/err" ||
	e2e_fail "--token-stdin replay failed: $(cat "$work/err")"
grep -q 'applied: 4 files written; the project uses arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/dockerhub-' \
	"$work/out" || e2e_fail "--token-stdin: $(cat "$work/out")"
python3 - "$AWS_FAKE_SECRETS" "$token" <<'PY' || e2e_fail "secret value"
import json, sys
values = [json.loads(l)["secret_string"] for l in open(sys.argv[1])]
assert values == [json.dumps({"username": "example-user",
                              "password": sys.argv[2]},
                             separators=(",", ":"))], values
PY
grep -rqF "$token" "$work/root" "$work/out" "$work/err" "$work/state" &&
	e2e_fail "the token was written somewhere"

echo "replay: chosen hunks with a secret to create"
# The dry run shows the new secret's ARN with a placeholder suffix. The
# hunk ids it lists must still name the hunks once CreateSecret has
# returned the real ARN.
fresh_root
answers "$work/a.json" "$base, \"secret\": {\"action\": \"create\",
    \"name\": \"ci/dockerhub-hunks\", \"region\": \"eu-west-1\"},
    \"dockerhub_username\": \"example-user\""
DOCKERHUB_TOKEN=$token "$HUBCRED" replay "$work/a.json" -C "$work/root" \
	--dry-run --json < /dev/null > "$work/plan-create.json" 2> /dev/null ||
	e2e_fail "dry run of a create failed"
ids=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(json.dumps([h["id"] for h in d["hunks"] if h["file"] != "iam.tf"]))' \
	"$work/plan-create.json")
answers "$work/a.json" "$base, \"secret\": {\"action\": \"create\",
    \"name\": \"ci/dockerhub-hunks\", \"region\": \"eu-west-1\"},
    \"dockerhub_username\": \"example-user\", \"hunks\": $ids"
DOCKERHUB_TOKEN=$token expect 0 'applied: 3 files written' \
	"create with chosen hunks" "$HUBCRED" replay "$work/a.json" \
	-C "$work/root" --yes
cmp -s "$work/root/iam.tf" "$HUBCRED_SOURCE_ROOT/examples/modern/iam.tf" ||
	e2e_fail "create with chosen hunks: iam.tf changed although not chosen"
grep -q '^docker_hub_secret_arn *= "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/dockerhub-hunks-[A-Za-z0-9]\{6\}"' \
	"$work/root/terraform.tfvars" ||
	e2e_fail "create with chosen hunks: the real ARN is not in tfvars"
# Once the secret exists, the same answers file names the same hunks.
fresh_root
DOCKERHUB_TOKEN=$token expect 0 'applied: 3 files written' \
	"chosen hunks, secret now existing" "$HUBCRED" replay "$work/a.json" \
	-C "$work/root" --yes
# CreateSecret found the secret and a new value was put: undo must not
# suggest deleting a secret this apply did not create.
expect 0 'AWSPREVIOUS' "undo after a put into an existing secret" \
	"$HUBCRED" undo -C "$work/root"
grep -q 'delete-secret' "$work/out" &&
	e2e_fail "undo after a put: suggests deleting the secret"

echo "replay: spaces pasted around the username and token are dropped"
fresh_root
answers "$work/a.json" "$base, $create, \"dockerhub_username\": \" example-user\\t\""
DOCKERHUB_TOKEN=" $token  " expect 0 'applied: 4 files written' \
	"spaces around the token" "$HUBCRED" replay "$work/a.json" \
	-C "$work/root" --yes
python3 - "$AWS_FAKE_SECRETS" "$token" <<'PY' || e2e_fail "trimmed value"
import json, sys
values = [json.loads(l)["secret_string"] for l in open(sys.argv[1])]
assert values[-1] == json.dumps({"username": "example-user",
                                 "password": sys.argv[2]},
                                separators=(",", ":")), values
PY

echo "replay: --token-stdin with an empty input for \"use\", which needs none"
fresh_root
answers "$work/a.json" "$base, $use"
expect 0 'applied: ' "use with an empty --token-stdin" "$HUBCRED" replay \
	"$work/a.json" -C "$work/root" --yes --token-stdin

echo "replay: an invalid username is rejected for \"use\" too, as validate does"
fresh_root
answers "$work/a.json" "$base, $use, \"dockerhub_username\": \"x\""
expect 2 'it has 1 characters' "use with username x: validate" \
	"$HUBCRED" validate "$work/a.json" -C "$work/root"
expect 2 'it has 1 characters' "use with username x: replay" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --dry-run

echo "replay: a token given as the username is rejected, not shown"
fresh_root
answers "$work/a.json" "$base, $create"
DOCKERHUB_USERNAME=dckr_pat_WRONGPLACEzz93 DOCKERHUB_TOKEN=$token \
	expect 2 'the Docker Hub username holds an access token' \
	"token as username" "$HUBCRED" replay "$work/a.json" \
	-C "$work/root" --dry-run
grep -q WRONGPLACE "$work/out" && e2e_fail "token as username: shown"

echo "replay: a secret ARN that AWS does not know is pointed out"
fresh_root
answers "$work/a.json" "$base, \"secret\": {\"action\": \"use\",
    \"arn\": \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/missing-AbCdEf\"}"
expect 0 'AWS says there is no secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/missing-AbCdEf' \
	"unknown secret ARN" "$HUBCRED" replay "$work/a.json" \
	-C "$work/root" --dry-run
answers "$work/a.json" "$base, \"secret\": {\"action\": \"use\",
    \"arn\": \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/missing-AbCdEf\",
    \"kms_key_id\": \"arn:aws:kms:eu-west-1:123456789012:key/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d\"}"
expect 0 'AWS says there is no secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/missing-AbCdEf' \
	"unknown secret ARN with a KMS key" "$HUBCRED" replay "$work/a.json" \
	-C "$work/root" --dry-run

echo "replay: an existing secret's customer managed key is looked up"
key=arn:aws:kms:eu-west-1:123456789012:key/5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d
fresh_root
answers "$work/a.json" "$base, \"secret\": {\"action\": \"create\",
    \"name\": \"ci/dockerhub-cmk\", \"region\": \"eu-west-1\",
    \"kms_key_id\": \"$key\"}, \"dockerhub_username\": \"example-user\""
DOCKERHUB_TOKEN=$token expect 0 'applied: ' "create with a KMS key" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
cmk_arn=$(grep -o 'arn:aws:secretsmanager:[^ ]*secret:ci/dockerhub-cmk-[A-Za-z0-9]\{6\}' \
	"$work/out" | head -n 1)
[ -n "$cmk_arn" ] || e2e_fail "no ARN for the new secret: $(cat "$work/out")"
fresh_root
answers "$work/a.json" "$base, \"secret\": {\"action\": \"use\", \"arn\": \"$cmk_arn\"}"
expect 0 'applied: ' "use without the key" \
	"$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
grep -q '"kms:Decrypt"' "$work/root/iam.tf" ||
	e2e_fail "no kms:Decrypt for the secret's key: $(cat "$work/root/iam.tf")"
grep -qF "docker_hub_secret_kms_key_arn = \"$key\"" \
	"$work/root/terraform.tfvars" ||
	e2e_fail "the key's ARN is not in terraform.tfvars"

echo "replay: credentials of an assume-role profile"
cat > "$work/aws-config" <<EOF
[profile base]
aws_access_key_id = $AWS_ACCESS_KEY_ID
aws_secret_access_key = $AWS_SECRET_ACCESS_KEY

[profile ci-admin]
role_arn = arn:aws:iam::123456789012:role/ci-admin
source_profile = base
region = eu-west-1
EOF
role_env() {
	env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY \
		AWS_CONFIG_FILE="$work/aws-config" AWS_PROFILE=ci-admin \
		DOCKERHUB_TOKEN="$token" "$@"
}
fresh_root
answers "$work/a.json" "$base, \"secret\": {\"action\": \"create\",
    \"name\": \"ci/dockerhub-role\", \"region\": \"eu-west-1\"},
    \"dockerhub_username\": \"example-user\""
expect 0 'applied: 4 files written' "create as role" \
	role_env "$HUBCRED" replay "$work/a.json" -C "$work/root" --yes
python3 - "$AWS_FAKE_LOG" "$AWS_ACCESS_KEY_ID" <<'PY' ||
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assume = [r for r in rows if r.get("operation") == "AssumeRole"]
assert assume and assume[-1]["RoleArn"] == \
    "arn:aws:iam::123456789012:role/ci-admin", assume
assert assume[-1]["access_key"] == sys.argv[2], assume[-1]
create = [r for r in rows if r.get("operation") == "CreateSecret" and
          r.get("Name") == "ci/dockerhub-role"]
assert len(create) == 1, create
assert create[0]["access_key"] == assume[-1]["issued_access_key"], create
assert create[0]["session_token"] is True, create
PY
	e2e_fail "create as role: not signed with the role's credentials"
fresh_root
aws_fake_fault AssumeRole:denied
expect 3 'profile ci-admin: assuming role arn:aws:iam::123456789012:role/ci-admin with profile base: sts AssumeRole: AccessDenied' \
	"role denied" role_env "$HUBCRED" replay "$work/a.json" \
	-C "$work/root" --yes
grep -q 'hint: allow sts:AssumeRole on arn:aws:iam::123456789012:role/ci-admin' \
	"$work/out" || e2e_fail "role denied: no hint: $(cat "$work/out")"
unchanged "role denied"

e2e_finish
