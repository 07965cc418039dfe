#!/bin/bash
# core/aws/ against the loopback AWS fake: signatures accepted and
# rejected, every fault mode's message, retries that never create a
# second secret, an interrupted run that converges, and no secret in any
# log or error.
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

# --- no secret anywhere it should not be -----------------------------------

for f in "$work"/*.err "$work"/*.out "$AWS_FAKE_LOG"; do
	for canary in "$canary_pass" "$AWS_SECRET_ACCESS_KEY" \
	    "$AWS_FAKE_TEMP_SECRET_ACCESS_KEY" "$AWS_FAKE_TEMP_SESSION_TOKEN"; do
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
