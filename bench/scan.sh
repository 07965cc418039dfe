#!/bin/bash
# Scan speed and memory on a large generated tree: N files (default
# 30,000, about 170 MB) in folders of 100, each fully parsed by
# `hubcred scan --json`. Reports, from the same run on the same warm
# files: cat's throughput, hubcred's throughput and wall time, and
# hubcred's peak resident memory against the bytes scanned.
#
#   bench/scan.sh [BUILD_DIR] [FILES]        (defaults: build, 30000)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
files=${2:-30000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$build/hubcred" ] || { echo "no $build/hubcred: build first" >&2; exit 1; }

# Folders of 100 files each: every folder is a module of the tree.
per=100
folders=$(( (files + per - 1) / per ))
echo "generating $files files in $folders folders..." >&2
python3 "$src/tests/tools/gen-hcl-corpus.py" "$files" "$work/flat" \
	--seed 7 --blocks 9 >/dev/null
mkdir -p "$work/tree"
i=0
for f in "$work/flat"/*.tf; do
	d=$work/tree/m$((i / per))
	[ -d "$d" ] || mkdir -p "$d"
	mv "$f" "$d/"
	i=$((i + 1))
done
bytes=$(du -sb --apparent-size "$work/tree" | cut -f1)

seconds() {
	/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1
}

# Warm the page cache, then measure each twice and keep the second.
find "$work/tree" -name '*.tf' -exec cat {} + >/dev/null
"$build/hubcred" scan -C "$work/tree" --json >/dev/null 2>&1
read -r cat_s _ < <(seconds sh -c \
	"find '$work/tree' -name '*.tf' -exec cat {} + >/dev/null")
read -r cat_s _ < <(seconds sh -c \
	"find '$work/tree' -name '*.tf' -exec cat {} + >/dev/null")
"$build/hubcred" scan -C "$work/tree" --json > "$work/scan.json" 2>&1 ||
	{ echo "scan failed:" >&2; head -5 "$work/scan.json" >&2; exit 1; }
read -r scan_s scan_kb < <(seconds "$build/hubcred" scan -C "$work/tree" \
	--json)
read -r scan_s scan_kb < <(seconds "$build/hubcred" scan -C "$work/tree" \
	--json)

python3 - "$bytes" "$cat_s" "$scan_s" "$scan_kb" "$work/scan.json" <<'PY'
import json, sys
size, cat_s, scan_s, kb = int(sys.argv[1]), float(sys.argv[2]), \
    float(sys.argv[3]), int(sys.argv[4])
scan = json.load(open(sys.argv[5]))
mb = size / 1e6
print(f"tree: {scan['files']} files, {scan['modules']} modules, "
      f"{mb:.1f} MB, {len(scan['projects'])} projects")
print(f"cat:     {cat_s:.2f} s  {mb / max(cat_s, 0.01):.0f} MB/s")
print(f"hubcred: {scan_s:.2f} s  {mb / max(scan_s, 0.01):.0f} MB/s "
      f"({cat_s / max(scan_s, 0.01):.2f} x cat)")
print(f"peak memory: {kb / 1024:.0f} MiB = "
      f"{kb * 1024 / size:.2f} x the bytes scanned")
PY
