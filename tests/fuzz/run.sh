#!/bin/sh
# Build a libFuzzer target with clang and run it for SECONDS.
#   tests/fuzz/run.sh TARGET SECONDS [DIR]
# TARGET is the name of tests/fuzz/TARGET-fuzz.c (hcl-parse; hcl-edit,
# answers, aws-profile, image-ref, ratelimit, arn, tf-json, policy-json,
# credential-process, docker-config, aws-error and aws-endpoint are set
# up by targets.sh).
# The seed corpus is tests/data/hcl; new inputs go to DIR (default: a temporary
# directory, removed afterwards). A crash exits non-zero and leaves its
# input as crash-* in $FUZZ_ARTIFACTS (default: the current directory).
set -eu
target=${1:?usage: run.sh TARGET SECONDS [DIR]}
seconds=${2:?usage: run.sh TARGET SECONDS [DIR]}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
# The target's $TMPDIR, on tmpfs when there is one: the tf-json target
# rewrites a file there for every input, which costs milliseconds on a
# disk.
scratch=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$work" "$scratch"' EXIT
corpus=${3:-$work/corpus}
mkdir -p "$corpus" "${FUZZ_ARTIFACTS:-.}"

if ! command -v clang >/dev/null 2>&1; then
	echo "run.sh: needs clang (apt-get install clang)" >&2
	exit 1
fi
case $target in
hcl-parse)
	sources="$root/core/hcl/arena.c $root/core/hcl/lex.c
		$root/core/hcl/parse.c $root/core/hcl/parser.c
		$root/core/hcl/expr.c $root/core/hcl/template.c
		$root/core/hcl/query.c $root/core/hcl/strlit.c
		$root/core/hcl/unicode.c $root/core/error.c"
	seeds="$root/tests/data/hcl"
	;;
hcl-edit | answers | aws-profile | image-ref | ratelimit | arn | \
tf-json | policy-json | credential-process | docker-config | aws-error | \
aws-endpoint)
	. "$root/tests/fuzz/targets.sh"
	;;
*)
	echo "run.sh: unknown target $target" >&2
	exit 1
	;;
esac

# shellcheck disable=SC2086
clang -g -O1 -std=c11 -D_GNU_SOURCE -I"$root" \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-o "$work/$target-fuzz" "$root/tests/fuzz/$target-fuzz.c" $sources \
	${libs:-}
# Deep nesting recurses; give the stack room the way a thread would.
ulimit -s 65536 2>/dev/null || true
TMPDIR=$scratch "$work/$target-fuzz" -max_total_time="$seconds" -max_len=65536 \
	-timeout=10 -rss_limit_mb=2048 -error_exitcode=70 -print_final_stats=1 \
	-artifact_prefix="${FUZZ_ARTIFACTS:-.}/" \
	"$corpus" "$seeds"
