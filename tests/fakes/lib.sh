# Shell helpers for tests that talk to the loopback fakes. Source it:
#
#	. "$HUBCRED_SOURCE_ROOT/tests/fakes/lib.sh"
#	aws_fake_start [aws_fake.py options...]
#	... run hubcred ...
#	aws_fake_fault CreateSecret:throttle:2
#	aws_fake_log | grep ...
#
# aws_fake_start makes a test CA, starts tests/fakes/aws_fake.py on a free
# port of 127.0.0.1 and exports what the AWS client reads:
#	AWS_ENDPOINT_URL, AWS_CA_BUNDLE, AWS_REGION, AWS_ACCESS_KEY_ID,
#	AWS_SECRET_ACCESS_KEY (random per run), AWS_CONFIG_FILE and
#	AWS_SHARED_CREDENTIALS_FILE (empty files, so ~/.aws is never read),
#	NO_PROXY and no_proxy (127.0.0.1 and localhost),
#	AWS_EC2_METADATA_DISABLED=true;
#	AWS_SESSION_TOKEN, AWS_PROFILE and the per-service endpoint variables
#	are unset.
# and, for the test itself:
#	AWS_FAKE_DIR (scratch dir), AWS_FAKE_PORT, AWS_FAKE_PID,
#	AWS_FAKE_LOG (JSON lines, one per request),
#	AWS_FAKE_SECRETS (the --dump-secrets file),
#	AWS_FAKE_ISSUED (the --dump-issued file: the temporary credentials
#	AssumeRole issued, one JSON object per line),
#	AWS_FAKE_TEMP_ACCESS_KEY_ID / _SECRET_ACCESS_KEY / _SESSION_TOKEN
#	(a second, temporary credential the fake also accepts).
# The fake exits with the shell that started it (--parent-pid) and then
# removes its directory. aws_fake_stop stops it and removes the directory.
# aws_fake_start installs aws_fake_stop as the EXIT trap unless the script
# already has one, in which case that trap must call aws_fake_stop.
#
# Other fakes add their own <name>_fake_* functions to this file.

aws_fake_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)

aws_fake_random() {
	head -c 30 /dev/urandom | base64 | tr -d '/+=\n' | head -c 40
}

aws_fake_start() {
	local i

	AWS_FAKE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/aws-fake.XXXXXX") || return 1
	"$aws_fake_lib_dir/mkca.sh" "$AWS_FAKE_DIR/tls" || return 1

	AWS_ACCESS_KEY_ID=AKIDHUBCREDTEST0001
	AWS_SECRET_ACCESS_KEY=$(aws_fake_random)
	AWS_FAKE_TEMP_ACCESS_KEY_ID=ASIAHUBCREDTEST0002
	AWS_FAKE_TEMP_SECRET_ACCESS_KEY=$(aws_fake_random)
	AWS_FAKE_TEMP_SESSION_TOKEN=$(aws_fake_random)$(aws_fake_random)
	(umask 077 && printf '%s:%s\n%s:%s:%s\n' \
		"$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" \
		"$AWS_FAKE_TEMP_ACCESS_KEY_ID" \
		"$AWS_FAKE_TEMP_SECRET_ACCESS_KEY" \
		"$AWS_FAKE_TEMP_SESSION_TOKEN" > "$AWS_FAKE_DIR/keys")

	AWS_FAKE_LOG=$AWS_FAKE_DIR/requests.jsonl
	AWS_FAKE_SECRETS=$AWS_FAKE_DIR/secrets.jsonl
	AWS_FAKE_ISSUED=$AWS_FAKE_DIR/issued.jsonl
	: > "$AWS_FAKE_LOG"
	: > "$AWS_FAKE_ISSUED"
	python3 "$aws_fake_lib_dir/aws_fake.py" \
		--cert "$AWS_FAKE_DIR/tls/server.pem" \
		--key "$AWS_FAKE_DIR/tls/server.key" \
		--port-file "$AWS_FAKE_DIR/port" \
		--credentials-file "$AWS_FAKE_DIR/keys" \
		--log "$AWS_FAKE_LOG" --dump-secrets "$AWS_FAKE_SECRETS" \
		--dump-issued "$AWS_FAKE_ISSUED" \
		--parent-pid $$ --cleanup-dir "$AWS_FAKE_DIR" "$@" \
		> "$AWS_FAKE_DIR/stdout" 2> "$AWS_FAKE_DIR/stderr" &
	AWS_FAKE_PID=$!

	for i in $(seq 100); do
		[ -s "$AWS_FAKE_DIR/port" ] && break
		if ! kill -0 "$AWS_FAKE_PID" 2>/dev/null; then
			echo "aws fake did not start:" >&2
			cat "$AWS_FAKE_DIR/stderr" >&2
			return 1
		fi
		sleep 0.1
	done
	AWS_FAKE_PORT=$(cat "$AWS_FAKE_DIR/port")
	[ -n "$AWS_FAKE_PORT" ] || { echo "aws fake: no port" >&2; return 1; }

	: > "$AWS_FAKE_DIR/config"
	: > "$AWS_FAKE_DIR/credentials"
	export AWS_FAKE_DIR AWS_FAKE_PORT AWS_FAKE_PID AWS_FAKE_LOG
	export AWS_FAKE_SECRETS AWS_FAKE_ISSUED AWS_FAKE_TEMP_ACCESS_KEY_ID
	export AWS_FAKE_TEMP_SECRET_ACCESS_KEY AWS_FAKE_TEMP_SESSION_TOKEN
	export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
	export AWS_ENDPOINT_URL=https://127.0.0.1:$AWS_FAKE_PORT
	export AWS_CA_BUNDLE=$AWS_FAKE_DIR/tls/ca.pem
	export AWS_REGION=${AWS_REGION:-eu-west-1}
	# A proxy from the environment must not see loopback traffic.
	export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
	# hubcred never calls the instance metadata service. The variable
	# keeps any AWS SDK tool that a test runs from calling it too.
	export AWS_EC2_METADATA_DISABLED=true
	export AWS_CONFIG_FILE=$AWS_FAKE_DIR/config
	export AWS_SHARED_CREDENTIALS_FILE=$AWS_FAKE_DIR/credentials
	unset AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE
	unset AWS_ENDPOINT_URL_SECRETS_MANAGER AWS_ENDPOINT_URL_CODEBUILD
	unset AWS_ENDPOINT_URL_STS AWS_IGNORE_CONFIGURED_ENDPOINT_URLS

	if [ -z "$(trap -p EXIT)" ]; then
		trap aws_fake_stop EXIT
	fi
}

# Use the temporary (session token) credential from now on.
aws_fake_use_temp_credentials() {
	export AWS_ACCESS_KEY_ID=$AWS_FAKE_TEMP_ACCESS_KEY_ID
	export AWS_SECRET_ACCESS_KEY=$AWS_FAKE_TEMP_SECRET_ACCESS_KEY
	export AWS_SESSION_TOKEN=$AWS_FAKE_TEMP_SESSION_TOKEN
}

# aws_fake_fault OP:KIND[:COUNT[:ARG]] -- add a fault at run time.
aws_fake_fault() {
	curl -sS -f --noproxy '*' --cacert "$AWS_CA_BUNDLE" -X POST \
		-d "{\"spec\": \"$1\"}" \
		"https://127.0.0.1:$AWS_FAKE_PORT/__control/fault" > /dev/null
}

# Forget pending faults (and, with "secrets", every stored secret).
aws_fake_reset() {
	local body='{}'

	[ "${1:-}" = secrets ] && body='{"secrets": true}'
	curl -sS -f --noproxy '*' --cacert "$AWS_CA_BUNDLE" -X POST \
		-d "$body" \
		"https://127.0.0.1:$AWS_FAKE_PORT/__control/reset" > /dev/null
}

# The request log, one JSON object per line.
aws_fake_log() {
	cat "$AWS_FAKE_LOG"
}

aws_fake_stop() {
	if [ -n "${AWS_FAKE_PID:-}" ]; then
		kill "$AWS_FAKE_PID" 2>/dev/null
		wait "$AWS_FAKE_PID" 2>/dev/null
		AWS_FAKE_PID=
	fi
	if [ -n "${AWS_FAKE_DIR:-}" ] && [ -d "$AWS_FAKE_DIR" ]; then
		rm -rf "$AWS_FAKE_DIR"
		AWS_FAKE_DIR=
	fi
}

# dockerhub_fake_start [CONFIG.json] -- start tests/fakes/dockerhub_fake.py
# (token service and registry on one port) with its own test CA, and
# export what hubcred reads:
#	HUBCRED_DOCKERHUB_AUTH_URL, HUBCRED_DOCKERHUB_REGISTRY_URL,
#	HUBCRED_CA_BUNDLE
# and, for the test: DOCKERHUB_FAKE_DIR, DOCKERHUB_FAKE_PORT,
# DOCKERHUB_FAKE_PID, DOCKERHUB_FAKE_LOG (JSON lines), DOCKERHUB_FAKE_CA.
dockerhub_fake_start() {
	local i config=${1:-}

	DOCKERHUB_FAKE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/dockerhub-fake.XXXXXX") ||
		return 1
	"$aws_fake_lib_dir/mkca.sh" "$DOCKERHUB_FAKE_DIR/tls" || return 1
	DOCKERHUB_FAKE_LOG=$DOCKERHUB_FAKE_DIR/requests.jsonl
	DOCKERHUB_FAKE_CA=$DOCKERHUB_FAKE_DIR/tls/ca.pem
	: > "$DOCKERHUB_FAKE_LOG"
	python3 "$aws_fake_lib_dir/dockerhub_fake.py" \
		--cert "$DOCKERHUB_FAKE_DIR/tls/server.pem" \
		--key "$DOCKERHUB_FAKE_DIR/tls/server.key" \
		--port-file "$DOCKERHUB_FAKE_DIR/port" \
		--log "$DOCKERHUB_FAKE_LOG" --parent-pid $$ \
		${config:+--config "$config"} \
		> "$DOCKERHUB_FAKE_DIR/stdout" 2> "$DOCKERHUB_FAKE_DIR/stderr" &
	DOCKERHUB_FAKE_PID=$!

	for i in $(seq 100); do
		[ -s "$DOCKERHUB_FAKE_DIR/port" ] && break
		if ! kill -0 "$DOCKERHUB_FAKE_PID" 2>/dev/null; then
			echo "dockerhub fake did not start:" >&2
			cat "$DOCKERHUB_FAKE_DIR/stderr" >&2
			return 1
		fi
		sleep 0.1
	done
	DOCKERHUB_FAKE_PORT=$(cat "$DOCKERHUB_FAKE_DIR/port")
	[ -n "$DOCKERHUB_FAKE_PORT" ] ||
		{ echo "dockerhub fake: no port" >&2; return 1; }

	export DOCKERHUB_FAKE_DIR DOCKERHUB_FAKE_PORT DOCKERHUB_FAKE_PID
	export DOCKERHUB_FAKE_LOG DOCKERHUB_FAKE_CA
	export HUBCRED_DOCKERHUB_AUTH_URL=https://127.0.0.1:$DOCKERHUB_FAKE_PORT
	export HUBCRED_DOCKERHUB_REGISTRY_URL=https://127.0.0.1:$DOCKERHUB_FAKE_PORT
	export HUBCRED_CA_BUNDLE=$DOCKERHUB_FAKE_CA

	if [ -z "$(trap -p EXIT)" ]; then
		trap dockerhub_fake_stop EXIT
	fi
}

# dockerhub_fake_config FILE -- replace the fake's configuration.
dockerhub_fake_config() {
	curl -sS -f --cacert "$DOCKERHUB_FAKE_CA" -X POST \
		--data-binary "@$1" \
		"https://127.0.0.1:$DOCKERHUB_FAKE_PORT/__control/config" \
		> /dev/null
}

# Empty the fake's request log.
dockerhub_fake_reset() {
	curl -sS -f --cacert "$DOCKERHUB_FAKE_CA" -X POST -d '{}' \
		"https://127.0.0.1:$DOCKERHUB_FAKE_PORT/__control/reset" \
		> /dev/null
}

# The request log, one JSON object per line.
dockerhub_fake_log() {
	cat "$DOCKERHUB_FAKE_LOG"
}

dockerhub_fake_stop() {
	if [ -n "${DOCKERHUB_FAKE_PID:-}" ]; then
		kill "$DOCKERHUB_FAKE_PID" 2>/dev/null || true
		# The fake dies of the TERM: its status 143 is no failure.
		wait "$DOCKERHUB_FAKE_PID" 2>/dev/null || true
		DOCKERHUB_FAKE_PID=
	fi
	if [ -n "${DOCKERHUB_FAKE_DIR:-}" ] && [ -d "$DOCKERHUB_FAKE_DIR" ]; then
		rm -rf "$DOCKERHUB_FAKE_DIR"
		DOCKERHUB_FAKE_DIR=
	fi
}
