#!/bin/bash
# core/aws/ against the loopback AWS fake: signatures accepted and
# rejected, every fault mode's message, retries that never create a
# second secret, an interrupted run that converges, assume-role profiles
# and their STS errors, and no secret in any log or error.
set -u

. "$HUBCRED_SOURCE_ROOT/tests/fakes/lib.sh"

client=$HUBCRED_BUILD_ROOT/tests/core/aws/aws-client
work=$(mktemp -d "${TMPDIR:-/tmp}/aws-fake-test.XXXXXX")
failures=0

cleanup() {
	aws_fake_stop
	rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/projects.json" <<'EOF'
{"projects": [
 {"name": "api", "arn": "arn:aws:codebuild:eu-west-1:123456789012:project/api",
  "serviceRole": "arn:aws:iam::123456789012:role/codebuild-api",
  "environment": {"type": "LINUX_CONTAINER", "image": "example-org/builder:3.1",
   "computeType": "BUILD_GENERAL1_SMALL", "imagePullCredentialsType": "SERVICE_ROLE",
   "registryCredential": {"credential": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/dockerhub-AbCdEf",
    "credentialProvider": "SECRETS_MANAGER"}}},
 {"name": "docs", "arn": "arn:aws:codebuild:eu-west-1:123456789012:project/docs",
  "serviceRole": "arn:aws:iam::123456789012:role/codebuild-docs",
  "environment": {"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
   "computeType": "BUILD_GENERAL1_SMALL", "imagePullCredentialsType": "CODEBUILD"}},
 {"name": "batch", "arn": "arn:aws:codebuild:eu-west-1:123456789012:project/batch",
  "serviceRole": "arn:aws:iam::123456789012:role/codebuild-batch",
  "environment": {"type": "LINUX_CONTAINER", "image": "node:20",
   "computeType": "BUILD_GENERAL1_SMALL"}}
]}
EOF
aws_fake_start --page-size 2 --projects "$work/projects.json" ||
	{ echo "FAIL: fake did not start"; exit 1; }

# Fast retries and timeouts for the fault tests.
export HC_TEST_BACKOFF_MS=50 HC_TEST_TIMEOUT_MS=5000
canary_pass="dckr_pat_CANARY$(aws_fake_random)"
canary_value="{\"username\":\"canary-user\",\"password\":\"$canary_pass\"}"
n=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run COMMAND [ARGS...] -- run the client, keeping stdout, stderr and
# the exit status in $out, $err and $status.
run() {
	n=$((n + 1))
	out=$work/$n.out
	err=$work/$n.err
	"$client" "$@" > "$out" 2> "$err"
	status=$?
}

expect_ok() {
	[ "$status" -eq 0 ] || { fail "$1: exit $status: $(cat "$err")"; return 1; }
}

expect_fail() {
	local expected=$1 text=$2 what=$3

	if [ "$status" -ne "$expected" ]; then
		fail "$what: exit $status, expected $expected: $(cat "$err")"
	elif ! grep -q -- "$text" "$err"; then
		fail "$what: stderr lacks '$text': $(cat "$err")"
	fi
}

# last_log_has PATTERN: the fake's newest log line matches PATTERN. The
# fake logs a request after answering it, so the line may lag the
# client's exit by a moment: wait up to two seconds.
last_log_has() {
	local i

	for i in $(seq 20); do
		tail -1 "$AWS_FAKE_LOG" | grep -q "$1" && return 0
		sleep 0.1
	done
	return 1
}

log_count() {
	python3 -c '
import json, sys
op, field, value = sys.argv[1], sys.argv[2], sys.argv[3]
n = 0
for line in open(sys.argv[4]):
    r = json.loads(line)
    if r.get("operation") == op and (field == "-" or str(r.get(field)) == value):
        n += 1
print(n)' "$@" "$AWS_FAKE_LOG"
}

# --- signed requests accepted ------------------------------------------

run identity
expect_ok "identity" && grep -q "^account 123456789012$" "$out" ||
	fail "identity: wrong output: $(cat "$out")"
grep -q "^log: aws: POST 127.0.0.1:$AWS_FAKE_PORT / GetCallerIdentity -> 200" \
	"$err" || fail "identity: no log line: $(cat "$err")"

run create ci/dockerhub < <(printf '%s' "$canary_value")
expect_ok "create" || true
arn=$(sed -n 's/^arn //p' "$out")
case $arn in
arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/dockerhub-??????) ;;
*) fail "create: ARN $arn" ;;
esac

# The exact value arrived, and the log's hash matches it.
python3 - "$AWS_FAKE_SECRETS" "$AWS_FAKE_LOG" "$canary_value" <<'EOF' ||
import hashlib, json, sys
secrets = [json.loads(l) for l in open(sys.argv[1])]
assert secrets[-1] == {"name": "ci/dockerhub",
                       "secret_string": sys.argv[3]}, secrets[-1]
expected = hashlib.sha256(sys.argv[3].encode()).hexdigest()
creates = [json.loads(l) for l in open(sys.argv[2])
           if '"CreateSecret"' in l]
r = creates[-1]
assert r["secret_sha256"] == expected, r
assert r["signed_headers"] == ["content-type", "host", "x-amz-date",
                               "x-amz-target"], r["signed_headers"]
names = [h.lower() for h in r["header_names"]]
assert len(names) == len(set(names)), names
assert r["body_keys"] == ["ClientRequestToken", "Name", "SecretString"]
assert len(r["ClientRequestToken"]) == 36, r["ClientRequestToken"]
assert r["ClientRequestToken"][14] == "4", r["ClientRequestToken"]
EOF
	fail "create: request as received is not right"

run describe "$arn"
expect_ok "describe" && grep -q "^name ci/dockerhub$" "$out" ||
	fail "describe: $(cat "$out")"

run describe ci/dockerhub
expect_ok "describe by name" && grep -qF "arn $arn" "$out" ||
	fail "describe by name: $(cat "$out")"

# A call on an ARN goes to (and is signed for) the ARN's region.
run describe "${arn/eu-west-1/us-east-2}"
expect_fail 3 "ResourceNotFoundException" "ARN in another region"
grep -q "the region (us-east-2)" "$err" || fail "ARN region: no hint"
last_log_has '"region": "us-east-2"' ||
	fail "ARN region: not signed for us-east-2"

# Temporary credentials: the token is sent and signed.
(
	aws_fake_use_temp_credentials
	"$client" identity > "$work/temp.out" 2> "$work/temp.err"
) || fail "temporary credentials: $(cat "$work/temp.err")"
grep -q "assumed-role/hubcred-test" "$work/temp.out" ||
	fail "temporary credentials: $(cat "$work/temp.out")"
last_log_has '"x-amz-security-token"' ||
	fail "temporary credentials: token not signed"

# credential_process, with a session token.
cat > "$work/proc.sh" <<'EOF'
printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s", "SessionToken": "%s", "Expiration": "2099-01-01T00:00:00Z"}\n' \
	"$AWS_FAKE_TEMP_ACCESS_KEY_ID" "$AWS_FAKE_TEMP_SECRET_ACCESS_KEY" \
	"$AWS_FAKE_TEMP_SESSION_TOKEN"
EOF
printf '[profile proc]\ncredential_process = sh %s\n' "$work/proc.sh" \
	> "$work/config"
(
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
	AWS_CONFIG_FILE=$work/config AWS_PROFILE=proc "$client" identity \
		> "$work/proc.out" 2> "$work/proc.err"
) || fail "credential_process: $(cat "$work/proc.err")"

# --- rejected ----------------------------------------------------------

AWS_SECRET_ACCESS_KEY=wrong-key run identity
expect_fail 3 "SignatureDoesNotMatch" "wrong key"
grep -q "check the secret access key" "$err" || fail "wrong key: no hint"

AWS_SECRET_ACCESS_KEY=wrong-key run describe ci/dockerhub
expect_fail 3 "InvalidSignatureException" "wrong key (JSON)"

AWS_ACCESS_KEY_ID=AKIDUNKNOWN run describe ci/dockerhub
expect_fail 3 "UnrecognizedClientException" "unknown key"

(
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
	"$client" identity
) > /dev/null 2> "$work/nocreds.err"
grep -q "no AWS credentials found; tried environment variables" \
	"$work/nocreds.err" || fail "no credentials: $(cat "$work/nocreds.err")"

AWS_CA_BUNDLE= run identity
expect_fail 3 "AWS_CA_BUNDLE" "untrusted certificate"

# --- faults ------------------------------------------------------------

aws_fake_fault CreateSecret:throttle:2
run create ci/throttled < <(printf '%s' "$canary_value")
expect_ok "throttled twice"
[ "$(log_count CreateSecret Name ci/throttled)" = 3 ] ||
	fail "throttled twice: expected 3 attempts"
tokens=$(grep '"ci/throttled"' "$AWS_FAKE_LOG" |
	sed 's/.*"ClientRequestToken": "\([^"]*\)".*/\1/' | sort -u | wc -l)
[ "$tokens" = 1 ] || fail "throttled twice: $tokens different tokens"

aws_fake_fault DescribeSecret:throttle:3
run describe ci/dockerhub
expect_fail 3 "ThrottlingException: Rate exceeded (HTTP 400, after retries)" \
	"throttled three times"

aws_fake_fault DescribeSecret:500:1
run describe ci/dockerhub
expect_ok "one 500"

aws_fake_fault DescribeSecret:503:always
run describe ci/dockerhub
expect_fail 3 "ServiceUnavailable" "503 always"
aws_fake_reset

aws_fake_fault CreateSecret:drop-after:1
run create ci/dropped < <(printf '%s' "$canary_value")
expect_ok "response lost after create"
[ "$(log_count CreateSecret Name ci/dropped)" = 2 ] ||
	fail "response lost: expected 2 attempts"

aws_fake_fault PutSecretValue:drop-after:1
run put ci/dropped < <(printf '%s' "$canary_value")
expect_ok "response lost after put"
[ "$(log_count PutSecretValue SecretId ci/dropped)" = 2 ] ||
	fail "put response lost: expected 2 attempts"
tokens=$(grep '"PutSecretValue"' "$AWS_FAKE_LOG" | grep '"ci/dropped"' |
	sed 's/.*"ClientRequestToken": "\([^"]*\)".*/\1/' | sort -u | wc -l)
[ "$tokens" = 1 ] || fail "put response lost: $tokens different tokens"

aws_fake_fault DescribeSecret:drop:always
run describe ci/dockerhub
expect_fail 3 "network error\|Empty reply\|(3 attempts)" "dropped connection"
aws_fake_reset

aws_fake_fault DescribeSecret:slow:1:6
HC_TEST_TIMEOUT_MS=3000 run describe ci/dockerhub
expect_ok "slow once, then answered"

aws_fake_fault DescribeSecret:slow:always:2
HC_TEST_TIMEOUT_MS=500 run describe ci/dockerhub
expect_fail 3 "timed out\|Timeout" "always slow"
aws_fake_reset

aws_fake_fault DescribeSecret:malformed:1
run describe ci/dockerhub
expect_fail 3 "invalid response" "malformed JSON"

aws_fake_fault GetCallerIdentity:malformed:1
run identity
expect_fail 3 "invalid response" "malformed XML"

aws_fake_fault CreateSecret:expired:1
run create ci/expired < <(printf '%s' "$canary_value")
expect_fail 3 "ExpiredTokenException" "expired token"
grep -q "refresh the session" "$err" || fail "expired token: no hint"

aws_fake_fault CreateSecret:denied:1
run create ci/denied < <(printf '%s' "$canary_value")
expect_fail 3 "AccessDeniedException" "access denied"
grep -q "allow secretsmanager:CreateSecret on ci/denied" "$err" ||
	fail "access denied: no hint: $(cat "$err")"

aws_fake_fault GetCallerIdentity:skew:1:3600
run identity
expect_fail 3 "Signature expired" "clock skew"
grep -q "system clock" "$err" || fail "clock skew: no hint"

# --- an interrupted run converges ---------------------------------------

# The first run stops right after AWS created the secret, because the
# response is lost and it does not retry. The rerun finds the name taken
# and puts the value instead.
aws_fake_fault CreateSecret:drop-after:1
HC_TEST_ATTEMPTS=1 run store ci/interrupted < <(printf '%s' "$canary_value")
expect_fail 3 "" "interrupted run"
canary_value2="{\"username\":\"canary-user\",\"password\":\"$canary_pass-2\"}"
run store ci/interrupted < <(printf '%s' "$canary_value2")
expect_ok "rerun" && grep -q "^exists, putting a new value$" "$out" ||
	fail "rerun did not put: $(cat "$out")"
[ "$(log_count PutSecretValue SecretId ci/interrupted)" = 1 ] ||
	fail "rerun: expected one PutSecretValue"
grep '"ci/interrupted"' "$AWS_FAKE_SECRETS" | tail -1 |
	grep -qF "$canary_pass-2" || fail "rerun: value not updated"

# --- every page of ListSecrets --------------------------------------------

run create ci/fifth < <(printf '%s' "$canary_value")
expect_ok "fifth secret"
run create other/sixth < <(printf '%s' "$canary_value")
expect_ok "sixth secret"
run list ci/
expect_ok "list"
[ "$(wc -l < "$out")" = 5 ] || fail "list: expected 5 secrets: $(cat "$out")"
[ "$(grep -c '^ci/dropped ' "$out")" = 1 ] || fail "list: ci/dropped twice"
[ "$(log_count ListSecrets - -)" = 3 ] || fail "list: expected 3 pages"

# --- CodeBuild ---------------------------------------------------------

run projects api docs gone
expect_ok "projects"
grep -q "^project api image example-org/builder:3.1 pull SERVICE_ROLE credential arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/dockerhub-AbCdEf provider SECRETS_MANAGER role arn:aws:iam::123456789012:role/codebuild-api$" \
	"$out" || fail "projects: api: $(cat "$out")"
grep -q "^project docs image aws/codebuild/standard:7.0 pull CODEBUILD credential - provider - role " \
	"$out" || fail "projects: docs: $(cat "$out")"
grep -q "^not found gone$" "$out" || fail "projects: gone: $(cat "$out")"
# The fake logs a request after answering it, so its line may lag the
# client's exit by a moment.
for _ in $(seq 20); do
	log_count BatchGetProjects service codebuild | grep -qx 1 && break
	sleep 0.1
done
[ "$(log_count BatchGetProjects service codebuild)" = 1 ] ||
	fail "projects: not signed for codebuild"
run list-projects
expect_ok "list-projects"
[ "$(tr '\n' ' ' < "$out")" = "api batch docs " ] ||
	fail "list-projects: $(cat "$out")"
[ "$(log_count ListProjects - -)" = 2 ] ||
	fail "list-projects: expected 2 pages of 2"

# --- assume-role profiles ---------------------------------------------------

# role_log FIELD N: FIELD of the Nth newest AssumeRole in the fake's log.
role_log() {
	python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[3])]
rows = [r for r in rows if r.get("operation") == "AssumeRole"]
print(rows[-int(sys.argv[2])].get(sys.argv[1]))' "$1" "$2" "$AWS_FAKE_LOG"
}

base_key=$AWS_ACCESS_KEY_ID
cat > "$work/roles" <<EOF
[profile base]
aws_access_key_id = $AWS_ACCESS_KEY_ID
aws_secret_access_key = $AWS_SECRET_ACCESS_KEY

[profile ci-admin]
role_arn = arn:aws:iam::123456789012:role/ci-admin
source_profile = base
external_id = ext:hubcred/1

[profile deploy]
role_arn = arn:aws:iam::123456789012:role/deploy
source_profile = ci-admin
role_session_name = deploy-run
duration_seconds = 900

[profile from-env]
role_arn = arn:aws:iam::123456789012:role/from-env
credential_source = Environment

[profile ec2]
role_arn = arn:aws:iam::123456789012:role/ec2
credential_source = Ec2InstanceMetadata
EOF

# run_role PROFILE COMMAND [ARGS...]: run the client with the profile and
# no keys in the environment.
run_role() {
	local profile=$1

	shift
	n=$((n + 1))
	out=$work/$n.out
	err=$work/$n.err
	env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY \
		AWS_CONFIG_FILE="$work/roles" AWS_PROFILE="$profile" \
		"$client" "$@" > "$out" 2> "$err"
	status=$?
}

run_role ci-admin identity
expect_ok "role" || true
grep -q '^arn arn:aws:sts::123456789012:assumed-role/ci-admin/hubcred-[0-9]*$' \
	"$out" || fail "role: identity is not the role's: $(cat "$out")"
[ "$(role_log RoleArn 1)" = arn:aws:iam::123456789012:role/ci-admin ] ||
	fail "role: RoleArn $(role_log RoleArn 1)"
[ "$(role_log ExternalId 1)" = ext:hubcred/1 ] ||
	fail "role: ExternalId $(role_log ExternalId 1)"
role_log RoleSessionName 1 | grep -qx 'hubcred-[0-9]\{10\}' ||
	fail "role: session name $(role_log RoleSessionName 1)"
[ "$(role_log access_key 1)" = "$base_key" ] ||
	fail "role: AssumeRole not signed with the source profile's key"
grep -q "from role arn:aws:iam::123456789012:role/ci-admin assumed with profile base (with session token)" \
	"$err" || fail "role: source not described: $(cat "$err")"
last_log_has '"assumed_role": "arn:aws:iam::123456789012:role/ci-admin"' ||
	fail "role: GetCallerIdentity not signed with the issued key"

# A Secrets Manager call signed with the role's credentials.
run_role ci-admin create ci/from-role < <(printf '%s' "$canary_value")
expect_ok "create as role"
last_log_has '"operation": "CreateSecret".*"session_token": true' ||
	fail "create as role: no session token"
[ "$(log_count CreateSecret assumed_role \
	arn:aws:iam::123456789012:role/ci-admin)" = 1 ] ||
	fail "create as role: not signed with the role's key"

# A chain: ci-admin's role is assumed first, and its key signs deploy's.
run_role deploy identity
expect_ok "chain"
grep -q '^arn arn:aws:sts::123456789012:assumed-role/deploy/deploy-run$' \
	"$out" || fail "chain: $(cat "$out")"
[ "$(role_log RoleArn 2)" = arn:aws:iam::123456789012:role/ci-admin ] ||
	fail "chain: first role $(role_log RoleArn 2)"
[ "$(role_log RoleArn 1)" = arn:aws:iam::123456789012:role/deploy ] ||
	fail "chain: second role $(role_log RoleArn 1)"
[ "$(role_log access_key 1)" = "$(role_log issued_access_key 2)" ] ||
	fail "chain: deploy's AssumeRole not signed with ci-admin's key"
[ "$(role_log DurationSeconds 1)" = 900 ] ||
	fail "chain: DurationSeconds $(role_log DurationSeconds 1)"

# credential_source = Environment: the environment's keys sign the call
# instead of being used as they are.
AWS_CONFIG_FILE=$work/roles AWS_PROFILE=from-env run identity
expect_ok "environment source"
grep -q 'assumed-role/from-env/' "$out" ||
	fail "environment source: $(cat "$out")"
[ "$(role_log access_key 1)" = "$base_key" ] ||
	fail "environment source: not signed with AWS_ACCESS_KEY_ID"

requests=$(wc -l < "$AWS_FAKE_LOG")
run_role ec2 identity
expect_fail 3 "credential_source = Ec2InstanceMetadata, which hubcred does not support" \
	"instance metadata source"
[ "$(wc -l < "$AWS_FAKE_LOG")" = "$requests" ] ||
	fail "instance metadata source: a request was sent"

aws_fake_fault AssumeRole:denied
run_role deploy identity
expect_fail 3 "profile deploy: profile ci-admin: assuming role arn:aws:iam::123456789012:role/ci-admin with profile base: sts AssumeRole: AccessDenied" \
	"role denied"
grep -q "hint: allow sts:AssumeRole on arn:aws:iam::123456789012:role/ci-admin for access key $base_key (profile base)" \
	"$err" || fail "role denied: hint: $(cat "$err")"

aws_fake_fault AssumeRole:expired
run_role ci-admin identity
expect_fail 3 "assuming role arn:aws:iam::123456789012:role/ci-admin with profile base: sts AssumeRole: ExpiredToken" \
	"source expired"
grep -q "hint: the credentials of profile base have expired" "$err" ||
	fail "source expired: hint: $(cat "$err")"

aws_fake_fault AssumeRole:malformed
run_role ci-admin identity
expect_fail 3 "profile ci-admin: assuming role arn:aws:iam::123456789012:role/ci-admin with profile base: sts AssumeRole: invalid response" \
	"malformed AssumeRole"
grep -q "hint: check that the STS endpoint" "$err" ||
	fail "malformed AssumeRole: hint: $(cat "$err")"

# The fake checks RoleArn's form as STS does. hubcred checks it first,
# so this request is signed here.
python3 - "$HUBCRED_SOURCE_ROOT/tests/fakes" <<'EOF' ||
import datetime, os, ssl, sys, urllib.error, urllib.request
sys.path.insert(0, sys.argv[1])
import sigv4
host = "127.0.0.1:%s" % os.environ["AWS_FAKE_PORT"]
body = (b"Action=AssumeRole&Version=2011-06-15&RoleSessionName=s1&"
        b"RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Auser%2Fbob")
amz = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
headers = [("Content-Type", "application/x-www-form-urlencoded"),
           ("Host", host), ("X-Amz-Date", amz)]
signed = ["content-type", "host", "x-amz-date"]
scope = "%s/eu-west-1/sts/aws4_request" % amz[:8]
creq = sigv4.canonical_request("POST", "/", headers, body, signed)
sig = sigv4.signature(os.environ["AWS_SECRET_ACCESS_KEY"], amz[:8],
                      "eu-west-1", "sts",
                      sigv4.string_to_sign(amz, scope, creq))
req = urllib.request.Request("https://%s/" % host, body, dict(headers))
req.add_header("Authorization", "AWS4-HMAC-SHA256 Credential=%s/%s, "
               "SignedHeaders=%s, Signature=%s" % (
                   os.environ["AWS_ACCESS_KEY_ID"], scope,
                   ";".join(signed), sig))
try:
    urllib.request.urlopen(req, context=ssl.create_default_context(
        cafile=os.environ["AWS_CA_BUNDLE"]))
    sys.exit("a user ARN was accepted as RoleArn")
except urllib.error.HTTPError as e:
    text = e.read().decode()
    assert e.code == 400 and "<Code>ValidationError</Code>" in text, text
EOF
	fail "fake: RoleArn of the wrong form not rejected"

# --- no secret anywhere it should not be -----------------------------------

issued=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(r["secret_access_key"])
    print(r["session_token"])' "$AWS_FAKE_ISSUED")
[ -n "$issued" ] || fail "the fake issued no credentials"
for f in "$work"/*.err "$work"/*.out "$AWS_FAKE_LOG"; do
	for canary in "$canary_pass" "$AWS_SECRET_ACCESS_KEY" \
	    "$AWS_FAKE_TEMP_SECRET_ACCESS_KEY" "$AWS_FAKE_TEMP_SESSION_TOKEN" \
	    $issued; do
		if grep -qF -- "$canary" "$f"; then
			fail "a secret value appears in $(basename "$f")"
		fi
	done
done

if [ "$failures" -ne 0 ]; then
	echo "$failures check(s) failed"
	exit 1
fi
echo "all checks passed"
