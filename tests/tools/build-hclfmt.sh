#!/bin/sh
# Build HashiCorp's hclfmt from Debian's packaged HCL source (package
# golang-github-hashicorp-hcl-v2-dev) into DIR/hclfmt, once.
# hclfmt -check -require-no-change FILE exits 0 only when FILE parses and
# is already laid out as hclwrite.Format (terraform fmt) lays it out.
set -eu
out=${1:?usage: build-hclfmt.sh DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ -x "$out/hclfmt" ]; then
	echo "$out/hclfmt"
	exit 0
fi
src=/usr/share/gocode/src/github.com/hashicorp/hcl/v2/cmd/hclfmt
if ! command -v go >/dev/null 2>&1 || [ ! -d "$src" ]; then
	echo "build-hclfmt.sh: needs golang-go and" \
	    "golang-github-hashicorp-hcl-v2-dev (scripts/install-deps.sh" \
	    "--test installs them)" >&2
	exit 1
fi
# GOPATH mode finds the /v2 import paths through Go's minimal module
# compatibility, so nothing is downloaded.
GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS= \
CGO_ENABLED=0 GOCACHE="${GOCACHE:-${TMPDIR:-/tmp}/hubcred-gocache}" \
	go build -trimpath -o "$out/hclfmt" \
	github.com/hashicorp/hcl/v2/cmd/hclfmt
echo "$out/hclfmt"
