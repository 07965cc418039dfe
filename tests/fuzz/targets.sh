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
answers)
	sources="$root/core/answers.c $root/core/error.c"
	libs="-ljansson"
	for f in "$root"/tests/data/tf/*/answers.json; do
		cp "$f" "$seeds/$(basename "$(dirname "$f")").json"
	done
	fuzz_seed_strings "$root/tests/core/answers-test.c"
	;;
aws-profile)
	sources="$root/core/aws/profile.c $root/core/error.c"
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
esac
