#!/bin/bash
# The whole wizard, driven through the real binary in an 80x24 tmux
# terminal, on a copy of each example root, against the loopback AWS and
# Docker Hub fakes. Then:
# - the fake holds a secret whose value is exactly
#   {"username":"example-user","password":TOKEN};
# - the edited files match tests/data/examples/NAME/expected (the new
#   secret's random ARN suffix masked) and pass HashiCorp's formatter;
# - no copy of the token is in the process (core image), its argv and
#   environment, any file of the root, the log, the answers file or the
#   state folder;
# - a second run reports the project as configured and changes nothing;
# - replaying the recorded answers on a fresh copy gives the same tree.
set -u
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/fakes/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/e2e/lib.sh"
trap 'aws_fake_stop; dockerhub_fake_stop; tui_cleanup' EXIT

token=dckr_pat_E2Ecanary$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
hclfmt=$(e2e_hclfmt) || { echo "FAIL: cannot build hclfmt"; exit 1; }
gcore_check=$HUBCRED_SOURCE_ROOT/tests/secrets/gcore-check.sh

aws_fake_start > /dev/null || { echo "FAIL: AWS fake"; exit 1; }
cat > "$TUI_TMP/dockerhub.json" <<JSON
{"users": {"example-user": "$token"},
 "repos": {"example-org/builder": {"tags": ["3.1"]},
           "library/node": {"tags": ["20-bookworm"]}},
 "ratelimit": {
   "anonymous": {"limit": "100;w=21600", "remaining": "76;w=21600",
                 "source": "203.0.113.7"},
   "authenticated": {"limit": "200;w=21600", "remaining": "187;w=21600",
                     "source": "example-user"}}}
JSON
dockerhub_fake_start "$TUI_TMP/dockerhub.json" > /dev/null ||
	{ echo "FAIL: Docker Hub fake"; exit 1; }

# Everything hubcred reads from the environment, pointed at the fakes.
envs=("HOME=$TUI_TMP/home" "XDG_STATE_HOME=$TUI_TMP/state")
while IFS= read -r line; do
	envs+=("$line")
done < <(env | grep -E '^(AWS_|HUBCRED_DOCKERHUB|HUBCRED_CA_BUNDLE)')

# The remaining secret key must not leak either.
aws_key=$AWS_SECRET_ACCESS_KEY

hubcred_pid() {
	pgrep -n -f "hubcred -C $1 " || pgrep -n -f "hubcred -C $1\$"
}

# Walk every step with the default choices. Args: ROOT.
run_wizard() {
	local root=$1

	tui_start "${envs[@]}" -- "$HUBCRED" -C "$root" \
		--log "$TUI_TMP/log" --record "$TUI_TMP/answers.json"
	tui_wait "Choose the CodeBuild project"
	tui_keys Enter
	tui_wait "Username"
	tui_type example-user
	tui_keys Tab
	tui_wait "Token"
	tui_type "$token"
	tui_keys Enter
	tui_wait "The credentials work." 20
	tui_wait "anonymous: 100 per 6 h for this IP"
	tui_wait "200 per 6 h, 187 left"
	tui_capture | grep -qF "$token" && e2e_fail "token shown on screen"
	tui_keys Enter
	tui_wait "Create a new secret"
	tui_keys Enter
	tui_wait "Region"
	# Enter moves from the name to the region field, then submits.
	tui_keys Enter
	sleep 0.2
	tui_keys Enter
	tui_wait "Press Enter to confirm." 20
	tui_wait "AWS account  123456789012"
	tui_keys Enter
	tui_wait "a new aws_iam_role_policy"
	tui_keys Enter
	tui_wait "terraform.tfvars"
	tui_keys Enter
	tui_wait "Variable  docker_hub_secret_arn"
	tui_keys Enter
	tui_wait "Review the changes before anything is written"
	tui_wait "hunk 1/"
	tui_keys Enter
	tui_wait "Done." 30
}

# Check that no copy of the token or AWS key is in the live process.
check_process() {
	local pid

	pid=$(hubcred_pid "$1") || { e2e_fail "hubcred process not found"; return; }
	if ! bash "$gcore_check" "$pid" "$token" "$aws_key" \
		> "$TUI_TMP/gcore.out" 2>&1; then
		e2e_fail "secret found in the live process:" \
			"$(cat "$TUI_TMP/gcore.out")"
	fi
}

check_no_token_in_files() {
	local where

	for where in "$@"; do
		[ -e "$where" ] || continue
		if grep -rlF -e "$token" -e "$aws_key" "$where" \
			> "$TUI_TMP/found" 2>/dev/null; then
			e2e_fail "secret written to: $(cat "$TUI_TMP/found")"
		fi
	done
}

# Compare a result with its expected tree, with the random ARN suffix
# masked. Args: RESULT EXPECTED.
check_tree() {
	local result=$1 expected=$2 f

	(cd "$expected" && find . -type f) | sort > "$TUI_TMP/want.list"
	(cd "$result" && find . -type f) | sort > "$TUI_TMP/got.list"
	cmp -s "$TUI_TMP/want.list" "$TUI_TMP/got.list" ||
		e2e_fail "file set differs: $(diff "$TUI_TMP/want.list" \
			"$TUI_TMP/got.list")"
	while read -r f; do
		sed -E 's/(secret:[^"]*-)[A-Za-z0-9]{6}"/\1XXXXXX"/' \
			"$result/$f" > "$TUI_TMP/masked"
		cmp -s "$TUI_TMP/masked" "$expected/$f" ||
			e2e_fail "$f differs from expected:" \
				"$(diff -u "$expected/$f" "$TUI_TMP/masked")"
	done < "$TUI_TMP/want.list"
}

for example in classic modern; do
	echo "== $example"
	root=$TUI_TMP/$example
	cp -a "$HUBCRED_SOURCE_ROOT/examples/$example" "$root"
	cp -a "$root" "$TUI_TMP/$example.orig"
	aws_fake_reset secrets
	: > "$AWS_FAKE_SECRETS"
	: > "$AWS_FAKE_LOG"
	rm -f "$TUI_TMP/answers.json" "$TUI_TMP/log"

	run_wizard "$root"
	check_process "$root"
	tui_keys Enter
	tui_expect_status 0 10

	want=$(printf '{"username":"example-user","password":"%s"}' "$token")
	got=$(python3 -c 'import json,sys
for line in open(sys.argv[1]):
    print(json.loads(line)["secret_string"])' "$AWS_FAKE_SECRETS")
	[ "$got" = "$want" ] ||
		e2e_fail "$example: secret value in the fake is not the" \
			"expected JSON object"
	check_tree "$root" \
		"$HUBCRED_SOURCE_ROOT/tests/data/examples/$example/expected"
	e2e_check_format "$TUI_TMP/$example.orig" "$root" "$hclfmt"
	check_no_token_in_files "$root" "$TUI_TMP/log" \
		"$TUI_TMP/answers.json" "$TUI_TMP/state"

	# A second run finds the project configured and changes nothing.
	e2e_snapshot "$root" > "$TUI_TMP/after"
	tui_start "${envs[@]}" -- "$HUBCRED" -C "$root"
	tui_wait "configured"
	tui_keys Enter
	tui_wait "lready configured, nothing to do"
	tui_keys Enter
	tui_wait_gone "lready configured, nothing to do"
	tui_keys q
	tui_wait_exit 10
	e2e_snapshot "$root" | cmp -s - "$TUI_TMP/after" ||
		e2e_fail "$example: second run changed files"

	# Replaying the recording on a fresh copy makes the same tree and
	# the same requests to AWS (the fake forgets the secret first).
	replayed=$TUI_TMP/$example.replayed
	cp -a "$TUI_TMP/$example.orig" "$replayed"
	cp "$AWS_FAKE_LOG" "$TUI_TMP/wizard-requests.jsonl"
	aws_fake_reset secrets
	: > "$AWS_FAKE_LOG"
	env "${envs[@]}" DOCKERHUB_TOKEN="$token" "$HUBCRED" replay \
		"$TUI_TMP/answers.json" -C "$replayed" --yes \
		> "$TUI_TMP/replay.out" 2>&1 ||
		e2e_fail "$example: replay failed: $(cat "$TUI_TMP/replay.out")"
	# The fake gives the re-created secret a new random ARN suffix.
	check_tree "$replayed" \
		"$HUBCRED_SOURCE_ROOT/tests/data/examples/$example/expected"
	grep -qF "$token" "$TUI_TMP/replay.out" &&
		e2e_fail "$example: replay printed the token"
	python3 - "$TUI_TMP/wizard-requests.jsonl" "$AWS_FAKE_LOG" <<'PY' ||
import json, sys

def requests(path):
    """Each request without what differs by design between two runs."""
    out = []
    for line in open(path):
        r = json.loads(line)
        out.append((r["operation"], r.get("target"), r["region"],
                    r["service"], tuple(r["signed_headers"]),
                    tuple(r.get("body_keys", [])), r.get("Name"),
                    r.get("secret_sha256"), r["status"]))
    return out

# Read-only calls (STS, DescribeSecret) may come in another order.
wizard = sorted(requests(sys.argv[1]), key=repr)
replay = sorted(requests(sys.argv[2]), key=repr)
if wizard != replay:
    print("wizard:", wizard, "\nreplay:", replay)
    sys.exit(1)
PY
		e2e_fail "$example: replay sent other AWS requests than the wizard"
	e2e_pass "$example"
done

e2e_finish
