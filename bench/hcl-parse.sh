#!/bin/bash
# Throughput and memory of the HCL parser on generated Terraform, side by
# side with cat and HashiCorp's lossless parser (hclwrite) in one run.
#
#   bench/hcl-parse.sh [BUILD_DIR] [MB] [RUNS]    (defaults: build, 100, 5)
#
# Generates about MB megabytes of files with tests/tools/gen-hcl-corpus.py
# (fixed seed, so runs compare) and reads them once to warm the page
# cache. Then it measures cat and hubcred RUNS times each, taking
# turns, and hclwrite once; for each it keeps the best run:
#   cat       xargs cat over the list: a handful of cat processes, each
#             given thousands of files, so spawning costs little; CPU
#             time (user + sys) of xargs and its children
#   hclwrite  tests/tools/hclwrite-parse (built once with
#             tests/tools/build-go-harness.sh): CPU time of
#             hclwrite.ParseConfig alone, garbage collector included
#   hubcred   hcl-parse-tool -b: CPU time of hcl_parse() alone, one file
#             at a time as hubcred parses; peak RSS of the whole
#             process (/usr/bin/time)
#   one file  the corpus concatenated into a single file (BOMs and CRLFs
#             dropped so it stays valid), parsed once for MB/s and once
#             as hubcred reads a file (hcl_parse_file) for peak RSS
#             against the file's size
# It prints MB/s (10^6 bytes a second) of each, hubcred's ratios to its
# targets (20 times hclwrite, 0.3 times cat, peak memory under twice the
# bytes parsed) and the load average when each figure was taken.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
mb=${2:-100}
runs=${3:-5}
tool=$build/tests/core/hcl/hcl-parse-tool
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$tool" ] || { echo "no $tool: build first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (package time)" >&2
	exit 1; }
hclwrite=$(sh "$src/tests/tools/build-go-harness.sh" hclwrite-parse \
	"$build/tools") ||
	exit 1

# About 7.4 KB a file with --blocks 12 (measured).
files=$((mb * 1000 / 8))
python3 "$src/tests/tools/gen-hcl-corpus.py" "$files" "$work/corpus" \
	--blocks 12 --seed 7 >/dev/null
find "$work/corpus" -name '*.tf' | sort >"$work/list"
bytes=$(xargs cat <"$work/list" | wc -c)

load() {
	cut -d' ' -f1 /proc/loadavg
}

# The MB/s figure of hcl-parse-tool -b and hclwrite-parse: "... R MB/s".
rate_of() {
	tail -n 1 "$1" | sed -n 's/.*: \([0-9.]*\) MB\/s.*/\1/p'
}

# try NAME COMMAND...: run COMMAND once under /usr/bin/time and keep
# the run in $work/NAME.{time,out,load} when it is the fastest so far:
# for cat the least user + sys time, for the parsers the highest MB/s
# they print.
try() {
	local name=$1 score top=
	shift
	/usr/bin/time -f '%U %S %e %M' -o "$work/try.time" "$@" \
		>"$work/try.out" || { cat "$work/try.out"; exit 1; }
	if [ "$name" = cat ]; then
		score=$(awk '{ print -($1 + $2) }' "$work/try.time")
	else
		score=$(rate_of "$work/try.out")
	fi
	[ -f "$work/$name.score" ] && top=$(cat "$work/$name.score")
	if [ -z "$top" ] ||
	   awk -v a="$score" -v b="$top" 'BEGIN { exit !(a > b) }'; then
		echo "$score" >"$work/$name.score"
		mv "$work/try.time" "$work/$name.time"
		mv "$work/try.out" "$work/$name.out"
		load >"$work/$name.load"
	fi
}

xargs -a "$work/list" cat >/dev/null
procs=$(xargs -a "$work/list" sh -c 'echo x' | wc -l)
# cat and hubcred take turns, so that a machine whose speed drifts
# during the run (a shared VM) slows both alike. hclwrite, about a
# hundred times slower, runs once.
for _ in $(seq "$runs"); do
	# shellcheck disable=SC2016
	try cat sh -c 'exec xargs -a "$1" cat >/dev/null' sh "$work/list"
	try hubcred "$tool" -q -b -l "$work/list"
done
try hclwrite "$hclwrite" -q -l "$work/list"
cat_mbs=$(awk -v b="$bytes" '{ printf "%.0f", b / 1e6 / ($1 + $2) }' \
	"$work/cat.time")
cat_wall=$(awk -v b="$bytes" '{ printf "%.0f", b / 1e6 / $3 }' \
	"$work/cat.time")

go_mbs=$(rate_of "$work/hclwrite.out")
go_rss=$(awk '{ print int($4 / 1024) }' "$work/hclwrite.time")

hc_mbs=$(rate_of "$work/hubcred.out")
hc_rss=$(awk '{ print $4 }' "$work/hubcred.time")

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
"$tool" -q -b "$work/one.tf" >"$work/one.out" ||
	{ cat "$work/one.out"; exit 1; }
one_load=$(load)
one_mbs=$(rate_of "$work/one.out")
# Memory is measured without -b, which keeps a second copy of the bytes
# to time hcl_parse() alone. hcl_parse_file() reads into the buffer the
# tree keeps.
/usr/bin/time -f '%U %S %e %M' -o "$work/one.time" "$tool" -q \
	"$work/one.tf" >"$work/one.out" || { cat "$work/one.out"; exit 1; }
one_rss=$(awk '{ print $4 }' "$work/one.time")

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

echo "corpus:     $(wc -l <"$work/list") files, $bytes bytes;" \
	"cat and hubcred best of $runs runs, hclwrite one; CPU time"
echo "cat:        $cat_mbs MB/s ($cat_wall MB/s wall; $procs cat" \
	"processes; load $(cat "$work/cat.load"))"
echo "hclwrite:   $go_mbs MB/s (peak RSS $go_rss MB; load" \
	"$(cat "$work/hclwrite.load"))"
echo "hubcred:    $hc_mbs MB/s (load $(cat "$work/hubcred.load"))"
echo "            $(tail -n 1 "$work/hubcred.out")"
echo "            peak RSS $hc_rss KB, file by file," \
	"$(ratio "$hc_rss" "$((bytes / 1024))") times the bytes parsed"
echo "one file:   $one_mbs MB/s, peak RSS $((one_rss / 1024)) MB for" \
	"$((one_bytes / 1048576)) MB of input, $(ratio "$one_rss" \
	"$((one_bytes / 1024))") times (load $one_load)"
echo "targets:    hubcred / hclwrite = $(ratio "$hc_mbs" "$go_mbs")" \
	"(at least 20); hubcred / cat = $(ratio "$hc_mbs" "$cat_mbs")" \
	"(at least 0.3); peak memory / bytes parsed =" \
	"$(ratio "$hc_rss" "$((bytes / 1024))") file by file (under 2)"
