#!/bin/bash
# Scan speed and memory on a large generated tree: FILES files (default
# 30,000, about 92 MB) in folders of 100, each folder a module with
# CodeBuild projects, their roles and policies among other blocks, every
# file fully parsed by `hubcred scan --json`. Reports, from the same run
# on the same warm files: cat's throughput (one cat over all files),
# hubcred's wall time, user+sys CPU time and throughput, its peak
# resident memory against the bytes scanned, and the load average.
#
#   bench/scan.sh [BUILD_DIR] [FILES] [BLOCKS]   (defaults: build, 30000, 4)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
files=${2:-30000}
blocks=${3:-4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$build/hubcred" ] || { echo "no $build/hubcred: build first" >&2; exit 1; }

echo "generating $files files in folders of 100..." >&2
python3 "$src/tests/tools/gen-hcl-corpus.py" "$files" "$work/tree" \
	--seed 7 --blocks "$blocks" --codebuild --per-folder 100 || exit 1
bytes=$(du -sb --apparent-size "$work/tree" | cut -f1)
(cd "$work/tree" && find . -name '*.tf' -print0 | sort -z) > "$work/list"

# Print a command's wall seconds, user and system seconds and peak KiB.
measure() {
	/usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -1
}

# Warm the page cache, then measure each three times and keep the best.
(cd "$work/tree" && xargs -0 cat < "$work/list") >/dev/null
"$build/hubcred" scan -C "$work/tree" --json > "$work/scan.json" 2>&1 ||
	{ echo "scan failed:" >&2; head -5 "$work/scan.json" >&2; exit 1; }
best() {
	sort -n | head -1
}
for _ in 1 2 3; do
	measure bash -c "cd '$work/tree' && xargs -0 cat < '$work/list'"
done | best > "$work/cat"
for _ in 1 2 3; do
	measure "$build/hubcred" scan -C "$work/tree" --json
done | best > "$work/scan"
load=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$bytes" "$work/cat" "$work/scan" "$work/scan.json" "$load" <<'PY'
import json, sys
size = int(sys.argv[1])
cat_s = float(open(sys.argv[2]).read().split()[0])
scan_s, user, system, kb = open(sys.argv[3]).read().split()
scan_s, cpu, kb = float(scan_s), float(user) + float(system), int(kb)
scan = json.load(open(sys.argv[4]))
mb = size / 1e6
status = {}
for p in scan["projects"]:
    status[p["status"]] = status.get(p["status"], 0) + 1
print(f"tree: {scan['files']} files, {scan['modules']} modules, "
      f"{mb:.1f} MB, {len(scan['projects'])} projects")
print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(status.items())))
print(f"cat:     {cat_s:.2f} s  {mb / max(cat_s, 0.01):.0f} MB/s")
print(f"hubcred: {scan_s:.2f} s  {mb / max(scan_s, 0.01):.0f} MB/s "
      f"({cat_s / max(scan_s, 0.01):.2f} x cat's speed), "
      f"CPU {cpu:.2f} s user+sys")
print(f"peak memory: {kb / 1024:.0f} MiB = "
      f"{kb * 1024 / size:.2f} x the bytes scanned")
print(f"load average: {sys.argv[5]}")
PY
