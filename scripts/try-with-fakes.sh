#!/bin/bash
# Try the wizard without AWS or Docker Hub: start the test suite's
# loopback fakes of both (tests/fakes/) with a fresh test CA, and run
# hubcred on a copy of examples/classic in a temporary folder. Nothing
# leaves 127.0.0.1. When the wizard ends the fakes stop, and their files
# and the demo login are removed. The edited copy is kept, and so is
# hubcred's journal in its usual state folder, so the hubcred undo that
# the last screen shows works on the copy.
#
# usage: scripts/try-with-fakes.sh [HUBCRED]
#   HUBCRED: the binary to run (default: build/hubcred of this checkout)
#
# The Docker Hub fake has one account, example-user, whose demo login
# is saved as `docker login` would save it: press ctrl-d on the Docker Hub
# step to use it. The AWS fake accepts the keys exported below.
set -eu

source_root=$(cd "$(dirname "$0")/.." && pwd)
hubcred=${1:-$source_root/build/hubcred}
if [ ! -x "$hubcred" ]; then
	echo "try-with-fakes: no hubcred at $hubcred; build it first" \
	    "(meson setup build && ninja -C build)" >&2
	exit 2
fi

. "$source_root/tests/fakes/lib.sh"

try_dir=$(mktemp -d "${TMPDIR:-/tmp}/hubcred-try.XXXXXX")
project=$(mktemp -d "${TMPDIR:-/tmp}/hubcred-example.XXXXXX")
stop_all()
{
	set +e
	aws_fake_stop
	dockerhub_fake_stop
	rm -rf "$try_dir"
	if diff -r "$source_root/examples/classic" "$project/classic" \
	    >/dev/null 2>&1; then
		rm -rf "$project"
		echo "Nothing was changed; the copy is removed."
	else
		echo "The edited copy stays in $project/classic."
	fi
}
# Set before the fakes start, so lib.sh installs no trap of its own.
trap stop_all EXIT
trap 'exit 130' INT TERM

# A demo token that only the Docker Hub fake accepts. It reaches the fake
# and hubcred through files in try_dir, never through argv.
token="dckr_pat_$(aws_fake_random)"
(
	umask 077
	printf '{"users": {"example-user": "%s"}, "repos": {
	    "example-org/builder": {"private": true,
	    "pull": ["example-user"], "tags": ["3.1"]}}}\n' \
	    "$token" >"$try_dir/dockerhub.json"
	mkdir "$try_dir/docker"
	printf '{"auths": {"https://index.docker.io/v1/": {"auth": "%s"}}}\n' \
	    "$(printf 'example-user:%s' "$token" | base64 -w0)" \
	    >"$try_dir/docker/config.json"
)
unset token

aws_fake_start
dockerhub_fake_start "$try_dir/dockerhub.json"

cp -r "$source_root/examples/classic" "$project/classic"
export DOCKER_CONFIG=$try_dir/docker
export DOCKERHUB_USERNAME=example-user
unset DOCKERHUB_TOKEN AWS_DEFAULT_REGION

echo "Fakes on 127.0.0.1: AWS port $AWS_FAKE_PORT," \
    "Docker Hub port $DOCKERHUB_FAKE_PORT."
echo "Project copy: $project/classic."
echo "On the Docker Hub step, press ctrl-d to use the demo login."
sleep 2

status=0
"$hubcred" -C "$project/classic" || status=$?
exit "$status"
