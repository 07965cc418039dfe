#!/bin/bash
# Throughput and memory of the HCL parser on generated Terraform.
#
#   bench/hcl-parse.sh [BUILD_DIR] [MB]     (defaults: build, 100)
#
# Generates about MB megabytes of files with tests/tools/gen-hcl-corpus.py
# (fixed seed, so runs compare), then measures:
#   cat       reading the same files with cat, the floor for file I/O
#   parse     hcl-parse-tool over every file, one parse at a time:
#             CPU seconds of the parses themselves, and wall time and
#             peak RSS of the whole process (/usr/bin/time -v)
#   one file  the corpus concatenated into a single file (BOMs and CRLFs
#             dropped so it stays valid), parsed once: peak RSS against
#             the file's size
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
mb=${2:-100}
tool=$build/tests/core/hcl/hcl-parse-tool
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$tool" ] || { echo "no $tool: build first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (package time)" >&2
	exit 1; }

# About 7.4 KB a file with --blocks 12 (measured).
files=$((mb * 1000 / 8))
python3 "$src/tests/tools/gen-hcl-corpus.py" "$files" "$work/corpus" \
	--blocks 12 --seed 7
find "$work/corpus" -name '*.tf' | sort >"$work/list"
bytes=$(xargs cat <"$work/list" | wc -c)

secs() {
	date +%s.%N
}

# cat: wall time over the same files, warm cache.
xargs cat <"$work/list" >/dev/null
t0=$(secs)
xargs cat <"$work/list" >/dev/null
t1=$(secs)
cat_mbs=$(echo "$bytes $t0 $t1" | awk '{ printf "%.0f", $1 / 1e6 / ($3 - $2) }')

t0=$(secs)
/usr/bin/time -v -o "$work/time" "$tool" -q -b -l "$work/list" \
	>"$work/out" || { cat "$work/out"; exit 1; }
t1=$(secs)
wall_mbs=$(echo "$bytes $t0 $t1" | awk '{ printf "%.0f", $1 / 1e6 / ($3 - $2) }')
cpu_line=$(tail -n 1 "$work/out")
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")

python3 - "$work/list" "$work/one.tf" <<'EOF'
import sys
with open(sys.argv[2], "wb") as out:
    for path in open(sys.argv[1]).read().split():
        b = open(path, "rb").read()
        if b.startswith(b"\xef\xbb\xbf"):
            b = b[3:]
        b = b.replace(b"\r\n", b"\n")
        out.write(b if b.endswith(b"\n") else b + b"\n")
EOF
one_bytes=$(wc -c <"$work/one.tf")
/usr/bin/time -v -o "$work/time1" "$tool" -q -b "$work/one.tf" \
	>"$work/out1" || { cat "$work/out1"; exit 1; }
one_line=$(tail -n 1 "$work/out1")
one_rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' \
	"$work/time1")

echo "corpus: $(wc -l <"$work/list") files, $bytes bytes"
echo "cat:        $cat_mbs MB/s (wall)"
echo "parse:      $cpu_line"
echo "            $wall_mbs MB/s wall including file reads," \
	"peak RSS $rss_kb KB"
echo "one file:   $one_line"
echo "            peak RSS $((one_rss_kb / 1024)) MB for" \
	"$((one_bytes / 1048576)) MB of input" \
	"($(echo "$one_rss_kb $one_bytes" |
	    awk '{ printf "%.1f", $1 * 1024 / $2 }')x)"
