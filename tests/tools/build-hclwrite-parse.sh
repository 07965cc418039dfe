#!/bin/sh
# Build tests/tools/hclwrite-parse, a timing harness around HashiCorp's
# lossless parser hclwrite.ParseConfig, into DIR/hclwrite-parse, once.
# Built like build-hclfmt.sh: from Debian's packaged HCL source (package
# golang-github-hashicorp-hcl-v2-dev) in GOPATH mode, with nothing
# downloaded.
set -eu
out=${1:?usage: build-hclwrite-parse.sh DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
src=$(cd "$(dirname "$0")/hclwrite-parse" && pwd)
# Rebuilt when main.go is newer than the binary.
if [ -x "$out/hclwrite-parse" ] &&
   [ -z "$(find "$src/main.go" -newer "$out/hclwrite-parse")" ]; then
	echo "$out/hclwrite-parse"
	exit 0
fi
if ! command -v go >/dev/null 2>&1 ||
   [ ! -d /usr/share/gocode/src/github.com/hashicorp/hcl/v2/hclwrite ]; then
	echo "build-hclwrite-parse.sh: needs golang-go and" \
	    "golang-github-hashicorp-hcl-v2-dev (scripts/install-deps.sh" \
	    "--test installs them)" >&2
	exit 1
fi
# GOPATH mode finds the /v2 import paths through Go's minimal module
# compatibility. The harness is built from its own folder as a local
# package.
cd "$src"
GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS='' \
CGO_ENABLED=0 GOCACHE="${GOCACHE:-${TMPDIR:-/tmp}/hubcred-gocache}" \
	go build -trimpath -o "$out/hclwrite-parse" .
echo "$out/hclwrite-parse"
