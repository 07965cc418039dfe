#!/bin/sh
# Run oom-test on a copy of examples/classic outside any git repository:
# libgit2 1.5 crashes on some of its own allocation failures while it
# looks for one (git_repository_open_ext).
#   oom-test.sh OOM-TEST-BINARY
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -a "${HUBCRED_SOURCE_ROOT:?}/examples/classic" "$work/root"
"$1" "$work/root"
