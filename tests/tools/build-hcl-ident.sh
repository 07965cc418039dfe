#!/bin/sh
# Build tests/tools/hcl-ident, which lists the non-ASCII code points
# HashiCorp's HCL accepts in identifiers, into DIR/hcl-ident, once.
# Built like build-hclfmt.sh: from Debian's packaged HCL source (package
# golang-github-hashicorp-hcl-v2-dev) in GOPATH mode, with nothing
# downloaded.
set -eu
out=${1:?usage: build-hcl-ident.sh DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
src=$(cd "$(dirname "$0")/hcl-ident" && pwd)
# Rebuilt when main.go is newer than the binary.
if [ -x "$out/hcl-ident" ] &&
   [ -z "$(find "$src/main.go" -newer "$out/hcl-ident")" ]; then
	echo "$out/hcl-ident"
	exit 0
fi
if ! command -v go >/dev/null 2>&1 ||
   [ ! -d /usr/share/gocode/src/github.com/hashicorp/hcl/v2/hclsyntax ]; then
	echo "build-hcl-ident.sh: needs golang-go and" \
	    "golang-github-hashicorp-hcl-v2-dev (scripts/install-deps.sh" \
	    "--test installs them)" >&2
	exit 1
fi
cd "$src"
GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS='' \
CGO_ENABLED=0 GOCACHE="${GOCACHE:-${TMPDIR:-/tmp}/hubcred-gocache}" \
	go build -trimpath -o "$out/hcl-ident" .
echo "$out/hcl-ident"
