#!/bin/sh
# Build one of the Go harnesses of tests/tools against HashiCorp's HCL
# into DIR/NAME, once (again when NAME/main.go is newer than the binary):
#   hclwrite-parse  times HashiCorp's lossless parser hclwrite.ParseConfig
#   hcl-ident       lists what HCL accepts in identifiers and how
#                   hclwrite counts columns
# Built like build-hclfmt.sh: from Debian's packaged HCL source (package
# golang-github-hashicorp-hcl-v2-dev) in GOPATH mode, with nothing
# downloaded. Prints the binary's path.
#   tests/tools/build-go-harness.sh NAME DIR
set -eu
name=${1:?usage: build-go-harness.sh NAME DIR}
out=${2:?usage: build-go-harness.sh NAME DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
src=$(cd "$(dirname "$0")/$name" && pwd)
if [ -x "$out/$name" ] &&
   [ -z "$(find "$src/main.go" -newer "$out/$name")" ]; then
	echo "$out/$name"
	exit 0
fi
if ! command -v go >/dev/null 2>&1 ||
   [ ! -d /usr/share/gocode/src/github.com/hashicorp/hcl/v2/hclwrite ]; then
	echo "build-go-harness.sh: needs golang-go and" \
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
	go build -trimpath -o "$out/$name" .
echo "$out/$name"
