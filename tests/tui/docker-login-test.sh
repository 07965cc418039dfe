#!/bin/bash
# Ctrl-D on the Docker Hub step takes the login that `docker login` saved
# in config.json ($DOCKER_CONFIG) and checks it at the Docker Hub fake.
# The token never reaches the screen. A secret that is not a personal
# access token gets a warning. Without a docker config, the form says
# that no login was found.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/fakes/lib.sh"
trap 'dockerhub_fake_stop; tui_cleanup' EXIT

TOKEN="DLOGINcanary$(head -c 8 /dev/urandom | od -An -tx1 |
    tr -d ' \n')"

cat > "$TUI_TMP/dockerhub.json" <<JSON
{"users": {"example-user": "$TOKEN"},
 "repos": {"example-org/builder": {"tags": ["3.1"]}}}
JSON
dockerhub_fake_start "$TUI_TMP/dockerhub.json" > /dev/null ||
	tui_fail "Docker Hub fake did not start"

mkdir -p "$TUI_TMP/docker" "$TUI_TMP/nodocker"
auth=$(printf '%s' "example-user:$TOKEN" | base64 -w0)
cat > "$TUI_TMP/docker/config.json" <<JSON
{"auths": {"https://index.docker.io/v1/": {"auth": "$auth"}}}
JSON
unset auth

envs=("HOME=$TUI_TMP/home"
    "XDG_STATE_HOME=$TUI_TMP/state"
    "HUBCRED_DOCKERHUB_AUTH_URL=$HUBCRED_DOCKERHUB_AUTH_URL"
    "HUBCRED_DOCKERHUB_REGISTRY_URL=$HUBCRED_DOCKERHUB_REGISTRY_URL"
    "HUBCRED_CA_BUNDLE=$HUBCRED_CA_BUNDLE"
    "AWS_CONFIG_FILE=$TUI_TMP/home/aws-config"
    "AWS_SHARED_CREDENTIALS_FILE=$TUI_TMP/home/aws-credentials"
    "AWS_EC2_METADATA_DISABLED=true"
    "AWS_ENDPOINT_URL=http://127.0.0.1:9")

ROOT=$(tui_copy_root several)

no_token_shown() {
	tui_capture | grep -qF "$TOKEN" && tui_fail "token on the screen"
	[ -f "$TUI_DUMP" ] && grep -qF "$TOKEN" "$TUI_DUMP" &&
		tui_fail "token in the screen dump"
	return 0
}

to_dockerhub_step() {
	tui_wait "Choose the CodeBuild project"
	tui_keys / a p i Enter Enter
	tui_wait "Docker Hub credentials"
	tui_wait "ctrl-d"
}

echo "import the docker login and check it"
tui_start "${envs[@]}" "DOCKER_CONFIG=$TUI_TMP/docker" -- \
    "$HUBCRED" -C "$ROOT"
to_dockerhub_step
tui_keys F1
tui_wait "use the login saved by docker login"
tui_keys Escape
tui_wait_gone "use the login saved by docker login"
tui_keys C-d
tui_wait "The credentials work." 20
tui_wait "example-user can pull"
no_token_shown
grep -q '"path": *"/token"\|/token' "$DOCKERHUB_FAKE_LOG" ||
	tui_fail "no token request reached the fake"
echo "back to the form: the import is shown, not the token"
tui_keys Escape
tui_wait "token imported from"
tui_wait "example-user"
tui_wait "this looks like an account password"
no_token_shown
tui_keys C-c
tui_wait_exit

echo "no docker config: nothing found"
tui_start "${envs[@]}" "DOCKER_CONFIG=$TUI_TMP/nodocker" -- \
    "$HUBCRED" -C "$ROOT"
to_dockerhub_step
tui_keys C-d
tui_wait "No Docker Hub login saved by docker login was found."
tui_wait "Run docker login first"
tui_capture | grep -q "The credentials work\|token imported" &&
	tui_fail "an import that found nothing went on"
tui_keys C-c
tui_wait_exit
echo ok
