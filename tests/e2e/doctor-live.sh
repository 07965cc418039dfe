#!/bin/bash
# Run hubcred doctor --live against the loopback AWS fake. It must report
# deployed projects whose pull settings differ from the Terraform
# (HC191), a project AWS does not have (HC193) and a secret that does not
# exist (HC192, info when DescribeSecret is denied). A CodeBuild failure
# exits with status 3. Every request must be a read.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/e2e/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/fakes/lib.sh"

work=$(mktemp -d)
trap 'aws_fake_stop; rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state

root=$work/root
cp -a "$HUBCRED_SOURCE_ROOT/tests/data/doctor/clean-configured/input" "$root"
chmod -R u+w "$root"
secret=arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/dockerhub-AbC123

# app: deployed without credentials; ecr: as in the Terraform; managed:
# deployed with credentials the Terraform lacks; plain: not deployed.
cat > "$work/projects.json" <<EOF
{"projects": [
 {"name": "app", "arn": "arn:aws:codebuild:eu-west-1:123456789012:project/app",
  "environment": {"image": "node:20-bookworm",
                  "imagePullCredentialsType": "CODEBUILD"}},
 {"name": "ecr", "arn": "arn:aws:codebuild:eu-west-1:123456789012:project/ecr",
  "environment": {"image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1",
                  "imagePullCredentialsType": "SERVICE_ROLE"}},
 {"name": "managed",
  "arn": "arn:aws:codebuild:eu-west-1:123456789012:project/managed",
  "environment": {"image": "aws/codebuild/standard:7.0",
                  "imagePullCredentialsType": "SERVICE_ROLE",
                  "registryCredential": {"credential": "$secret",
                                         "credentialProvider": "SECRETS_MANAGER"}}}
]}
EOF
aws_fake_start --projects "$work/projects.json" ||
	{ echo "FAIL: cannot start the AWS fake"; exit 1; }

e2e_snapshot "$root" > "$work/before"
"$HUBCRED" doctor --live --json -C "$root" > "$work/out.json" 2> "$work/err"
status=$?
[ "$status" -eq 1 ] ||
	e2e_fail "exit status $status with a missing secret, expected 1:" \
		"$(cat "$work/err")"
python3 - "$work/out.json" > "$work/got" <<'EOF'
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print(f["id"], f["severity"], f["project"])
EOF
sort > "$work/want" <<'EOF'
HC191 warning aws_codebuild_project.app
HC191 warning aws_codebuild_project.managed
HC192 error aws_codebuild_project.app
HC192 error aws_codebuild_project.plain
HC193 info aws_codebuild_project.plain
EOF
sort "$work/got" | diff -u "$work/want" - ||
	e2e_fail "--live findings differ from the expected ones"
python3 - "$AWS_FAKE_LOG" <<'EOF' || e2e_fail "--live sent a request that is not a read"
import json, sys
reads = {"CodeBuild_20161006.BatchGetProjects", "secretsmanager.DescribeSecret"}
seen = set()
for line in open(sys.argv[1]):
    record = json.loads(line)
    target = record.get("target") or record.get("action")
    seen.add(target)
    assert target in reads, target
assert seen == reads, seen
EOF
e2e_snapshot "$root" | cmp -s - "$work/before" || e2e_fail "--live changed files"

# A denied DescribeSecret is a note, not an error.
aws_fake_fault "DescribeSecret:denied:always"
"$HUBCRED" doctor --live --json -C "$root" > "$work/denied.json" 2>&1
status=$?
[ "$status" -eq 0 ] ||
	e2e_fail "exit status $status with DescribeSecret denied, expected 0"
grep -q '"id": "HC192"' "$work/denied.json" &&
	! grep -A1 '"id": "HC192"' "$work/denied.json" | grep -q '"info"' &&
	e2e_fail "a denied DescribeSecret is not reported at info level"
aws_fake_reset

# A CodeBuild failure is a remote error: exit 3, naming CodeBuild.
aws_fake_fault "BatchGetProjects:503:always"
"$HUBCRED" doctor --live -C "$root" > /dev/null 2> "$work/503.err"
status=$?
[ "$status" -eq 3 ] ||
	e2e_fail "exit status $status when CodeBuild fails, expected 3"
grep -q 'CodeBuild' "$work/503.err" ||
	e2e_fail "the CodeBuild failure is not named: $(cat "$work/503.err")"

[ "$e2e_failures" -eq 0 ] || { echo "$e2e_failures failure(s)"; exit 1; }
echo "doctor --live passes"
