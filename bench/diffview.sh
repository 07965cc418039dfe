#!/bin/bash
# Keystroke cost of the review's diff viewer on a large diff, counted with
# callgrind. The script generates a unified diff of LINES lines (100 lines
# a hunk, 10 hunks a file). tests/tui/diffview-bench loads it and presses
# each kind of key ROUNDS times on a curses screen writing to /dev/null.
# The keys are j, k, PgDn, next hunk, next file, a search (the Enter that
# runs it), next match, and space (reject the hunk, as the review does).
#
# For each key the script prints the instructions callgrind counted per
# key, and the time they take at this machine's rate: the instructions
# over the time of the same keys in a run without valgrind. A 5,000-line
# diff is measured the same way, to show what the size of the diff costs.
#
#   bench/diffview.sh [BUILD_DIR] [LINES] [ROUNDS]
#                                   (defaults: build, 50000, 200)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
lines=${2:-50000}
rounds=${3:-200}
harness=$build/tests/tui/diffview-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$harness" ] || { echo "no $harness: build first" >&2; exit 1; }
command -v valgrind >/dev/null ||
	{ echo "valgrind not found: install it" >&2; exit 1; }

# gen_diff LINES FILE: a unified diff of exactly LINES lines.
gen_diff() {
	python3 - "$1" >"$2" <<'PY'
import random
import sys

total = int(sys.argv[1])
rng = random.Random(8)


def make_file(f):
	block = ["--- a/modules/m%03d/main.tf" % f,
	    "+++ b/modules/m%03d/main.tf" % f]
	for h in range(10):
		body = []
		for i in range(99):
			n = f * 1000 + h * 100 + i
			kind = rng.choice(" " * 6 + "+-")
			key = "kms_key_id" if n % 97 == 0 else "attr_%d" % n
			body.append('%s  %s = "value-%d"' % (kind, key, n))
		old = sum(1 for b in body if b[0] != "+")
		new = sum(1 for b in body if b[0] != "-")
		block.append("@@ -%d,%d +%d,%d @@" % (h * 200 + 1, old,
		    h * 200 + 1, new))
		block.extend(body)
	return block


out = []
f = 0
while True:
	block = make_file(f)
	if len(out) + len(block) + 4 > total:
		break
	out += block
	f += 1
# One last file of context lines makes the total exact.
left = total - len(out) - 3
out += ["--- a/pad.tf", "+++ b/pad.tf", "@@ -1,%d +1,%d @@" % (left, left)]
out += ["  pad_%d = %d" % (i, i) for i in range(left)]
print("\n".join(out))
PY
}

# measure LINES: print the table for a diff of LINES lines.
measure() {
	local diff=$work/$1.diff out=$work/cg-$1.out

	gen_diff "$1" "$diff"
	nice "$harness" "$diff" "$rounds" >"$work/native.$1" ||
	    { echo "diffview-bench failed on $diff" >&2; exit 1; }
	nice valgrind --tool=callgrind --collect-atstart=no \
	    --callgrind-out-file="$out" "$harness" "$diff" "$rounds" \
	    >/dev/null 2>"$work/valgrind.$1" ||
	    { cat "$work/valgrind.$1" >&2; exit 1; }
	head -n 1 "$work/native.$1"
	python3 - "$out" "$work/native.$1" "$rounds" <<'PY'
import glob
import sys

out, native, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
ir = {}
for path in [out] + glob.glob(out + ".*"):
	name = total = None
	for line in open(path):
		if line.startswith("desc: Trigger: Client Request: key "):
			name = line.split("key ", 1)[1].strip()
		elif line.startswith(("summary:", "totals:")):
			total = int(line.split()[1])
	if name is not None and total is not None:
		ir[name] = total / rounds
us = {}
for line in open(native).read().splitlines()[1:]:
	f = line.split()
	if len(f) >= 4 and f[1] == "median":
		us[f[0]] = float(f[2])
# This machine's rate: the same keys' instructions over their time.
rate = sum(ir[k] for k in us if k in ir) / sum(us[k] for k in us if k in ir)
print("rate %.0f million instructions per second (from the native run)"
    % rate)
print("%-11s %14s %12s %14s" % ("key", "instructions", "ms at rate",
    "native median"))
for k in us:
	if k in ir:
		print("%-11s %14.0f %12.3f %11.3f ms" % (k, ir[k],
		    ir[k] / rate / 1e3, us[k] / 1e3))
PY
	tail -n 1 "$work/native.$1"
}

echo "== $lines-line diff"
measure "$lines"
echo "== 5000-line diff"
measure 5000
