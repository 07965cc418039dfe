# Sourced by run.sh for the targets other than hcl-parse: sets sources,
# libs and seeds for $target. The seed corpus is made from tests/data
# and the unit tests' inputs into $work/seeds.
seeds=$work/seeds
mkdir -p "$seeds"

# strings FILE...: every double-quoted C or JSON string literal of the
# files (escapes undone), one seed file each.
fuzz_seed_strings() {
	python3 - "$seeds" "$@" <<'PY'
import ast, re, sys
out, n = sys.argv[1], 0
for path in sys.argv[2:]:
    text = open(path, encoding="utf-8", errors="replace").read()
    for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
        try:
            s = ast.literal_eval('"' + m.group(1) + '"')
        except (ValueError, SyntaxError):
            continue
        with open("%s/s%05d" % (out, n), "wb") as f:
            f.write(s.encode("utf-8", "surrogateescape"))
        n += 1
PY
}

case $target in
hcl-edit)
	sources="$root/core/hcl/*.c $root/core/error.c"
	libs=
	# Each valid test file after a byte choosing the operations.
	n=0
	for f in "$root"/tests/data/hcl/valid/*.tf \
	    "$root"/tests/data/hcl/edits/inputs/*.tf; do
		for bits in 003 027 054 220 377; do
			{ printf "\\$bits"; cat "$f"; } > "$seeds/e$n-$bits"
		done
		n=$((n + 1))
	done
	;;
answers)
	sources="$root/core/answers.c $root/core/error.c"
	libs="-ljansson"
	for f in "$root"/tests/data/tf/*/answers.json; do
		cp "$f" "$seeds/$(basename "$(dirname "$f")").json"
	done
	fuzz_seed_strings "$root/tests/core/answers-test.c"
	;;
aws-profile)
	sources="$root/core/aws/profile.c $root/core/aws/role.c
		$root/core/error.c"
	libs="-lsodium"
	python3 - "$seeds" "$root/tests/data/aws/profile-parser-tests.json" \
		<<'PY'
import json, sys
tests = json.load(open(sys.argv[2]))["tests"]
for i, t in enumerate(tests):
    for key, text in t["input"].items():
        if isinstance(text, str):
            with open("%s/%s-%03d" % (sys.argv[1], key, i), "w") as f:
                f.write(text)
PY
	printf '[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\nexternal_id = x:1\n[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = c\nduration_seconds = 900\n[profile c]\naws_access_key_id = A\naws_secret_access_key = s\n[profile d]\nrole_arn = arn:aws:iam::123456789012:role/d\ncredential_source = Environment\n' \
		> "$seeds/role-chain"
	;;
image-ref)
	sources="$root/core/dockerhub/image.c $root/core/error.c"
	libs=
	fuzz_seed_strings "$root/tests/core/dockerhub/image-test.c"
	;;
ratelimit)
	sources="$root/core/dockerhub/ratelimit.c $root/core/error.c"
	libs="-lcurl -ljansson"
	fuzz_seed_strings "$root/tests/core/dockerhub/ratelimit-test.c"
	printf '100;w=21600\0application/json\0{"errors":[{"code":"TOOMANYREQUESTS"}]}' \
		> "$seeds/json-429"
	printf '76;w=21600\0text/plain\0Too Many Requests (HAP429).' \
		> "$seeds/abuse-429"
	;;
arn)
	sources="$root/core/arn.c $root/core/error.c"
	libs=
	fuzz_seed_strings "$root/tests/core/arn-test.c"
	;;
tf-json)
	sources="$root/core/tf/root.c $root/core/tf/project.c
		$root/core/tf/setup.c $root/core/tf/json-write.c $root/core/policy.c
		$root/core/plan.c
		$root/core/arn.c
		$root/core/hcl/*.c $root/core/error.c $root/core/net.c
		$root/core/log.c $root/core/secret.c"
	libs="-ljansson -lcurl -lsodium"
	for f in $(find "$root/tests/data" -name '*.tf.json'); do
		cp "$f" "$seeds/$(echo "$f" | tr / _)"
	done
	fuzz_seed_strings "$root/tests/core/tf/root-test.c"
	;;
policy-json)
	sources="$root/core/policy.c $root/core/hcl/*.c $root/core/error.c"
	libs="-ljansson"
	# The JSON strings of the unit tests and the heredocs of the Terraform
	# test data, each after a byte of options (0 and 3).
	python3 - "$seeds" "$root/tests/core/policy-test.c" \
		$(find "$root/tests/data" -name '*.tf') <<'PY'
import ast, re, sys
out, n = sys.argv[1], 0
docs = []
for path in sys.argv[2:]:
    text = open(path, encoding="utf-8", errors="replace").read()
    if path.endswith(".c"):
        for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
            try:
                docs.append(ast.literal_eval('"' + m.group(1) + '"'))
            except (ValueError, SyntaxError):
                pass
    for m in re.finditer(r'<<-?(\w+)\n(.*?)\n\s*\1\b', text, re.S):
        docs.append(m.group(2))
for doc in docs:
    if "{" not in doc:
        continue
    for flags in (b"\0", b"\3"):
        with open("%s/p%05d" % (out, n), "wb") as f:
            f.write(flags + doc.encode("utf-8", "surrogateescape"))
        n += 1
PY
	;;
credential-process)
	sources="$root/core/aws/config.c $root/core/aws/profile.c
		$root/core/aws/role.c $root/core/aws/sts.c
		$root/core/aws/request.c $root/core/aws/error.c $root/core/net.c
		$root/core/secret.c $root/core/log.c $root/core/error.c"
	libs="-ljansson -lsodium -lcurl"
	fuzz_seed_strings "$root/tests/core/aws/config-test.c"
	printf '{"Version": 1, "AccessKeyId": "ASIARTESTID", "SecretAccessKey": "TESTSECRETKEY", "SessionToken": "TESTSESSIONTOKEN", "Expiration": "2022-05-02T18:36:00+00:00"}' \
		> "$seeds/process-temporary"
	printf '{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "S", "Expiration": "2030-01-01T00:00:00.123Z"}\n' \
		> "$seeds/process-fraction"
	;;
docker-config)
	sources="$root/core/dockerhub/dockerconfig.c $root/core/secret.c
		$root/core/log.c $root/core/error.c"
	libs="-ljansson -lsodium"
	fuzz_seed_strings "$root/tests/core/dockerhub/dockerconfig-test.c"
	printf '{"auths": {"https://index.docker.io/v1/": {"auth": "dXNlcjpkY2tyX3BhdF94"}}, "credsStore": "desktop", "credHelpers": {"gcr.io": "gcloud"}}' \
		> "$seeds/config-all"
	printf '{"auths": {"docker.io": {"username": "u", "password": "p", "identitytoken": "t"}}}' \
		> "$seeds/config-plain"
	;;
aws-error)
	sources="$root/core/aws/error.c"
	libs="-ljansson"
	fuzz_seed_strings "$root/tests/core/aws/config-test.c" \
		"$root/tests/fakes/aws_fake.py"
	printf 'aws.protocoltests#FooError:http://internal.amazon.com/\0{"__type": "com.amazonaws.secretsmanager#ResourceNotFoundException", "message": "Secrets Manager can'"'"'t find the specified secret."}' \
		> "$seeds/json-error"
	printf '{"code": "x#AccessDeniedException", "Message": "denied"}' \
		> "$seeds/json-code"
	printf '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>1</RequestId></ErrorResponse>' \
		> "$seeds/xml-error"
	;;
aws-endpoint)
	sources="$root/core/aws/config.c $root/core/aws/profile.c
		$root/core/aws/role.c $root/core/aws/sts.c
		$root/core/aws/request.c $root/core/aws/error.c $root/core/net.c
		$root/core/secret.c $root/core/log.c $root/core/error.c"
	libs="-ljansson -lsodium -lcurl"
	python3 - "$seeds" "$root/tests/data/aws/configured-endpoint-urls-tests.json" \
		$(find "$root/tests/data/aws" -name config) <<'PY'
import json, sys
out, n = sys.argv[1], 0
configs = []
suite = json.load(open(sys.argv[2]))["testSuites"][0]
text = ""
for name, props in suite["profiles"].items():
    text += "[%s]\n" % (name if name == "default" else "profile " + name)
    text += "".join("%s = %s\n" % kv for kv in props.items())
for name, svcs in suite["services"].items():
    text += "[services %s]\n" % name
    for svc, props in svcs.items():
        text += "%s =\n" % svc
        text += "".join("  %s = %s\n" % kv for kv in props.items())
configs.append(text)
for path in sys.argv[3:]:
    configs.append(open(path, encoding="utf-8", errors="replace").read())
tails = ["default\0eu-west-1\0arn:aws:secretsmanager:us-east-2:1:secret:x",
         "service_localhost_global_only\0fake-region-10\0",
         "default\0\0arn:aws:codebuild:eu-west-1:1:project/p"]
for config in configs:
    for tail in tails:
        with open("%s/e%05d" % (out, n), "wb") as f:
            f.write((config + "\0" + tail).encode("utf-8", "surrogateescape"))
        n += 1
PY
	;;
esac
