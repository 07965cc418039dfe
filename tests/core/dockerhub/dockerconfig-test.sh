#!/bin/bash
# Run the docker config import tests with the test credential helper,
# docker-credential-hubcred-test, first on PATH.
set -eu

export PATH="$HUBCRED_SOURCE_ROOT/tests/fakes:$PATH"
exec "$HUBCRED_BUILD_ROOT/tests/core/dockerhub/core-dockerhub-dockerconfig-itest"
