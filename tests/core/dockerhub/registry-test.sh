#!/bin/bash
# Run the registry client tests against the loopback Docker Hub fake.
set -eu

. "$HUBCRED_SOURCE_ROOT/tests/fakes/lib.sh"
# Loopback only: no proxy may see these requests.
unset https_proxy HTTPS_PROXY http_proxy HTTP_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1,localhost

dockerhub_fake_start
"$HUBCRED_BUILD_ROOT/tests/core/dockerhub/core-dockerhub-registry-itest"
