#!/bin/bash
# hubcred replay on roots with symbolic links out of the root, against
# the loopback fakes. A variable declared in a linked file is not
# declared again. An edit that the link's target would need is rejected,
# with nothing written anywhere. A main.tf or module folder that is a
# link is read, and links back to the root or above it end. Doctor
# leaves a fix in a linked file to the user.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/fakes/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/e2e/lib.sh"

work=$(mktemp -d)
trap 'aws_fake_stop; dockerhub_fake_stop; rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state HOME=$work/home
export AWS_EC2_METADATA_DISABLED=true
unset TERM DOCKERHUB_TOKEN DOCKERHUB_USERNAME
token=dckr_pat_LINKScanary$$

role='resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = "{}"
}
'
policy='resource "aws_iam_role_policy" "ci" {
  name = "ci"
  role = aws_iam_role.ci.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "logs:*"
      Resource = "*"
    }]
  })
}
'
project='resource "aws_codebuild_project" "api" {
  name         = "api"
  service_role = aws_iam_role.ci.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "example-org/builder:3.1"
    type         = "LINUX_CONTAINER"
  }

  source {
    type = "NO_SOURCE"
  }
}
'

# answers FILE PROJECT VARIABLE POLICY TFVARS
answers() {
	cat > "$1" <<JSON
{"hubcred_answers": 1, "project": "$2",
 "dockerhub_username": "example-user",
 "secret": {"action": "create", "name": "ci/dockerhub-links",
            "region": "eu-west-1"},
 "variable": "$3", "policy": "$4", "tfvars": "$5", "hunks": "all"}
JSON
}

aws_fake_start > /dev/null || e2e_fail "AWS fake"
cat > "$work/dockerhub.json" <<JSON
{"users": {"example-user": "$token"},
 "repos": {"example-org/builder": {"tags": ["3.1"]}}}
JSON
dockerhub_fake_start "$work/dockerhub.json" > /dev/null ||
	e2e_fail "Docker Hub fake"

echo "replay: a variable declared through a link is not declared again"
mkdir -p "$work/p5" "$work/elsewhere"
printf '%s\n%s\n%s' "$role" "$policy" "$project" > "$work/p5/main.tf"
printf 'variable "hub_arn" {\n  type = string\n}\n' \
	> "$work/elsewhere/shared_vars.tf"
ln -s "$work/elsewhere/shared_vars.tf" "$work/p5/shared.tf"
printf 'hub_arn = "%s"\n' \
	arn:aws:secretsmanager:eu-west-1:123456789012:secret:old-Ab12Cd \
	> "$work/p5/terraform.tfvars"
e2e_snapshot "$work/elsewhere" > "$work/elsewhere.before"
answers "$work/a.json" aws_codebuild_project.api hub_arn \
	aws_iam_role_policy.ci terraform.tfvars
DOCKERHUB_TOKEN=$token expect 0 'variable "hub_arn" is already declared in shared\.tf' \
	"linked variable" "$HUBCRED" replay "$work/a.json" -C "$work/p5" --yes
[ -e "$work/p5/variables.tf" ] &&
	e2e_fail "variables.tf declares hub_arn again: $(cat "$work/p5/variables.tf")"
[ -L "$work/p5/shared.tf" ] || e2e_fail "shared.tf is no longer a link"
e2e_snapshot "$work/elsewhere" | cmp -s - "$work/elsewhere.before" ||
	e2e_fail "the linked file was written"
grep -q 'credential          = var.hub_arn' "$work/p5/main.tf" ||
	e2e_fail "main.tf lacks the credential: $(cat "$work/p5/main.tf")"
grep -q 'hub_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/dockerhub-links-' \
	"$work/p5/terraform.tfvars" ||
	e2e_fail "terraform.tfvars: $(cat "$work/p5/terraform.tfvars")"

echo "replay: an edit in a file linked from outside is rejected"
mkdir -p "$work/p6"
printf '%s\n%s' "$role" "$project" > "$work/p6/main.tf"
printf '%s' "$policy" > "$work/elsewhere/policy.tf"
ln -s "$work/elsewhere/policy.tf" "$work/p6/policy.tf"
e2e_snapshot "$work/p6" > "$work/p6.before"
e2e_snapshot "$work/elsewhere" > "$work/elsewhere.before"
logged=$(wc -l < "$AWS_FAKE_LOG")
answers "$work/a.json" aws_codebuild_project.api docker_hub_secret_arn \
	aws_iam_role_policy.ci hubcred.auto.tfvars
real=$(realpath "$work/elsewhere/policy.tf")
DOCKERHUB_TOKEN=$token expect 1 "policy\\.tf: this file is a symbolic link to $real, outside the root" \
	"rejected edit" "$HUBCRED" replay "$work/a.json" -C "$work/p6" --yes
grep -q 'hint: make the change to the shared file by hand' "$work/out" ||
	e2e_fail "rejected edit: no hint: $(cat "$work/out")"
e2e_snapshot "$work/p6" | cmp -s - "$work/p6.before" ||
	e2e_fail "rejected edit: the root changed"
e2e_snapshot "$work/elsewhere" | cmp -s - "$work/elsewhere.before" ||
	e2e_fail "rejected edit: the linked file was written"
tail -n +$((logged + 1)) "$AWS_FAKE_LOG" |
	grep -q 'CreateSecret\|PutSecretValue' &&
	e2e_fail "rejected edit: a secret was created"
answers "$work/a.json" aws_codebuild_project.api docker_hub_secret_arn \
	new hubcred.auto.tfvars
DOCKERHUB_TOKEN=$token expect 0 'applied: ' "a new policy instead" \
	"$HUBCRED" replay "$work/a.json" -C "$work/p6" --yes
e2e_snapshot "$work/elsewhere" | cmp -s - "$work/elsewhere.before" ||
	e2e_fail "new policy: the linked file was written"

echo "replay: a main.tf and a module folder that are links are read"
mkdir -p "$work/p7/modules" "$work/ext7/mod"
printf '%s\n%s' "$role" "$project" > "$work/elsewhere/main7.tf"
ln -s "$work/elsewhere/main7.tf" "$work/p7/main.tf"
expect 0 'aws_codebuild_project\.api' "linked main.tf: scan" \
	"$HUBCRED" scan -C "$work/p7"
expect 0 'aws_codebuild_project\.api' "linked main.tf: doctor" \
	"$HUBCRED" doctor -C "$work/p7"
rm "$work/p7/main.tf"
printf 'module "ci" {\n  source = "./modules/a"\n}\n' > "$work/p7/main.tf"
printf '%s\n%s' "$role" "$project" > "$work/ext7/mod/main.tf"
ln -s "$work/ext7/mod" "$work/p7/modules/a"
expect 0 'module\.ci\.aws_codebuild_project\.api' "linked module: scan" \
	"$HUBCRED" scan -C "$work/p7"
answers "$work/a.json" module.ci.aws_codebuild_project.api \
	docker_hub_secret_arn new hubcred.auto.tfvars
expect 1 'modules/a/main\.tf: this file is .*reached through a symbolic link to a folder outside the root' \
	"linked module: replay" "$HUBCRED" replay "$work/a.json" \
	-C "$work/p7" --dry-run
expect 2 'modules/a/main\.tf: this file is' "linked module: validate" \
	"$HUBCRED" validate "$work/a.json" -C "$work/p7"

echo "replay: links back to the root or above it end"
# p6/up leads to the folder that contains the root. The linked module
# folder gets a link back to the root and one to the folder above it.
ln -s .. "$work/p6/up"
ln -s "$work/p7" "$work/ext7/mod/back"
ln -s .. "$work/ext7/mod/up"
timeout 60 "$HUBCRED" scan -C "$work/p7" > "$work/out" 2>&1 ||
	e2e_fail "scan with link loops: $(head -c 600 "$work/out")"
grep -q '1 project in 2 files, 2 modules' "$work/out" ||
	e2e_fail "scan with link loops: $(head -c 600 "$work/out")"
DOCKERHUB_TOKEN=$token expect 1 'modules/a/main\.tf: this file is' \
	"replay with link loops" timeout 60 "$HUBCRED" replay "$work/a.json" \
	-C "$work/p7" --dry-run
expect 0 '1 project in 4 files, 1 module' "link to the parent" \
	timeout 60 "$HUBCRED" scan -C "$work/p6"

echo "replay: one module folder under two linked paths is one module"
# modules/a and modules/b both lead to shared/: the variable goes into
# shared/variables.tf once, and both calls must pass it.
mkdir -p "$work/p9/shared" "$work/p9/modules"
cp "$HUBCRED_SOURCE_ROOT"/examples/modern/{codebuild,iam,variables}.tf \
	"$work/p9/shared/"
ln -s ../shared "$work/p9/modules/a"
ln -s ../shared "$work/p9/modules/b"
for m in a b; do
	printf 'module "%s" {\n  source         = "./modules/%s"\n' "$m" "$m"
	printf '  team           = "%s"\n  environment    = "prod"\n' "$m"
	printf '  repository_url = "x"\n}\n\n'
done > "$work/p9/main.tf"
touch "$work/p9/terraform.tfvars"
cat > "$work/a.json" <<JSON
{"hubcred_answers": 1, "project": "module.a.aws_codebuild_project.tests",
 "secret": {"action": "use", "arn":
   "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/hub-Tw0Pth"},
 "variable": "docker_hub_secret_arn", "tfvars": "terraform.tfvars",
 "policy": "module.a.aws_iam_role_policy.ci", "hunks": "all"}
JSON
expect 0 'applied: ' "two paths to one module" \
	"$HUBCRED" replay "$work/a.json" -C "$work/p9" --yes
[ "$(grep -c 'docker_hub_secret_arn = var.docker_hub_secret_arn' \
    "$work/p9/main.tf")" = 2 ] ||
	e2e_fail "two paths to one module: not both calls pass the variable"
[ "$(grep -c 'variable "docker_hub_secret_arn"' \
    "$work/p9/shared/variables.tf")" = 1 ] ||
	e2e_fail "two paths to one module: the variable is not declared once"
[ -L "$work/p9/modules/a" ] && [ -L "$work/p9/modules/b" ] ||
	e2e_fail "two paths to one module: a link was replaced"

echo "doctor: a fix in a file linked out of the root is left to the user"
mkdir -p "$work/ext8"
cp -a "$HUBCRED_SOURCE_ROOT/tests/tui/data/repair/input" "$work/p8"
mv "$work/p8/api.tf" "$work/ext8/api.tf"
ln -s "$work/ext8/api.tf" "$work/p8/api.tf"
cp "$work/ext8/api.tf" "$work/api.tf.orig"
expect 1 'The file is a link to' \
	"doctor, linked file" "$HUBCRED" doctor -C "$work/p8"
"$HUBCRED" doctor --json -C "$work/p8" > "$work/doctor.json"
python3 - "$work/doctor.json" <<'PY' || e2e_fail "doctor --json: api.tf fixable"
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
api = [f for f in findings if f["file"] == "api.tf"]
assert api, findings
assert not any(f["fixable"] for f in api), api
assert all("outside the root, so fix it there by hand" in f["message"]
           for f in api if f["id"] == "HC101"), api
PY
"$HUBCRED" doctor --fix --yes -C "$work/p8" > "$work/out" 2>&1
cmp -s "$work/ext8/api.tf" "$work/api.tf.orig" ||
	e2e_fail "doctor --fix wrote through the link out of the root"
[ -L "$work/p8/api.tf" ] || e2e_fail "doctor --fix replaced the link"

e2e_finish
