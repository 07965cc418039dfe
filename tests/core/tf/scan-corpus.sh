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
