#!/bin/sh
# Install what hubcred needs on Debian 12, as root.
#   scripts/install-deps.sh          build and run dependencies
#   scripts/install-deps.sh --test   also what the test suite needs
set -eu

packages="gcc meson ninja-build pkg-config libncurses-dev
	libcurl4-openssl-dev libjansson-dev libsodium-dev libgit2-dev
	libyaml-dev libssl-dev ca-certificates"
if [ "${1:-}" = "--test" ]; then
	# tmux drives the real binary in a terminal; python3 runs the
	# loopback AWS and Docker Hub fakes; openssl makes their test CA;
	# golang-go and the HCL source build HashiCorp's hclfmt oracle; gdb
	# provides gcore for the secret-in-memory test; clang builds the
	# libFuzzer smoke runs; curl drives the fakes' control endpoints and
	# git makes a repository for the uncommitted-changes test. Node.js
	# runs @cdktf/hcl2json, HashiCorp's parser as a second oracle. It is
	# installed from Debian only when npm is missing.
	packages="$packages libcmocka-dev tmux python3 openssl golang-go
		golang-github-hashicorp-hcl-v2-dev gdb procps
		bash-completion clang valgrind
		libclang-rt-14-dev curl git"
fi

if [ "${1:-}" = "--test" ] && ! command -v npm >/dev/null 2>&1; then
	packages="$packages nodejs npm"
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $packages

if [ "${1:-}" = "--test" ]; then
	# Install the versions that package-lock.json pins, without running
	# any package's install scripts.
	npm ci --prefix "$(dirname "$0")/../tests/tools/hcl2json" \
		--ignore-scripts --no-audit --no-fund
fi
