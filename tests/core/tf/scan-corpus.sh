#!/bin/bash
# Compare the scan with the full load on one thread and on two, on a
# generated tree of 1,500 files in 15 modules with CodeBuild setups.
# Some modules are called by another. Then check hubcred scan --json.
set -eu
src=$HUBCRED_SOURCE_ROOT
test_bin=$HUBCRED_BUILD_ROOT/tests/core/tf/core-tf-scan-test
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 "$src/tests/tools/gen-hcl-corpus.py" 1500 "$tmp/tree" --seed 3 \
	--blocks 4 --codebuild --per-folder 100
# The generated module blocks call ./modules/WORD: make a few of those
# exist below the first module, so values resolve through module calls.
mkdir "$tmp/tree/m0000/modules"
i=1
for word in app ci build web api; do
	mv "$tmp/tree/m000$i" "$tmp/tree/m0000/modules/$word"
	i=$((i + 1))
done
"$test_bin" "$tmp/tree"

"$HUBCRED" scan -C "$tmp/tree" --json > "$tmp/two"
grep -q '"status": "configured"' "$tmp/two"
grep -q '"address": "module.app.aws_codebuild_project' "$tmp/two"
echo "ok: scan matches the full load on $(grep -c '"address"' "$tmp/two") projects"

# scan --json is laid out and escaped as json_dumps() with an indent of
# 2 writes it: Python's layout is the same, with \u escapes in lower case.
odd=$tmp/odd
mkdir -p "$odd/quote\"d" "$odd/tab	and \\" "$odd/$(printf 'bad\xff')"
cat > "$odd/quote\"d/main.tf" <<'TF'
resource "aws_codebuild_project" "a" {
  environment {
    image = "a\"b\\c\td\u0001e/\u00e9\U0001F600"
  }
}
TF
cp "$odd/quote\"d/main.tf" "$odd/tab	and \\/main.tf"
cp "$odd/quote\"d/main.tf" "$odd/$(printf 'bad\xff')/main.tf"
"$HUBCRED" scan -C "$odd" --json > "$tmp/odd.json"
python3 - "$tmp/odd.json" "$tmp/two" <<'PY'
import json, re, sys
for path in sys.argv[1:]:
    raw = open(path, encoding="utf-8").read()
    data = json.loads(raw)
    again = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    again = re.sub(r"\\u00([0-9a-f]{2})",
                   lambda m: "\\u00" + m.group(1).upper(), again)
    assert raw == again, path
odd = json.load(open(sys.argv[1], encoding="utf-8"))
# The folder whose name is not UTF-8 is left out, as json_pack() does.
assert len(odd["projects"]) == 2, odd["projects"]
assert odd["projects"][0]["image"] == "a\"b\\c\td\x01e/\u00e9\U0001F600"
PY
echo "ok: scan --json escapes as json_dumps() does"
