#!/bin/bash
# Expected screens. Usage: screens-test.sh 80x24|132x43|resize
#
# With a size, the wizard runs in a terminal of that size on a copy of
# examples/classic, against the loopback AWS and Docker Hub fakes, through
# every step, the help overlay, the quit question and the too-small
# message. Each screen, once stable, is normalised (see normalise) and
# compared with tests/tui/screens/SIZE/NAME.txt, and a difference is
# printed as a unified diff. With HUBCRED_UPDATE_SCREENS=1 the test
# writes the expected files instead. It never does so on its own.
#
# "resize" resizes between 80x24 and 132x43 and below 80x24 on two
# steps. It compares each capture with the expected file of the size the
# terminal has, so the layout must use the space it is given and come
# back as it was. It never rewrites the 80x24 and 132x43 files, because
# the runs at those sizes own them.
#
# The too-small message has one file per size it was captured at:
# tests/tui/screens/too-small/COLSxROWS.txt.
set -u
MODE=${1:-80x24}
case $MODE in
80x24 | 132x43)
	TUI_COLS=${MODE%x*}
	TUI_ROWS=${MODE#*x}
	;;
resize)
	TUI_COLS=80
	TUI_ROWS=24
	;;
*)
	echo "usage: $0 80x24|132x43|resize" >&2
	exit 2
	;;
esac
. "$HUBCRED_SOURCE_ROOT/tests/tui/lib.sh"
. "$HUBCRED_SOURCE_ROOT/tests/fakes/lib.sh"
trap 'aws_fake_stop; dockerhub_fake_stop; tui_cleanup' EXIT

SCREENS=$HUBCRED_SOURCE_ROOT/tests/tui/screens
UPDATE=${HUBCRED_UPDATE_SCREENS:-0}
FAILURES=0
TOKEN=dckr_pat_SCREENScanary$(head -c 8 /dev/urandom | od -An -tx1 |
    tr -d ' \n')

aws_fake_start >/dev/null || tui_fail "AWS fake did not start"
# Fixed responses, so that every run shows the same figures.
cat >"$TUI_TMP/dockerhub.json" <<JSON
{"users": {"example-user": "$TOKEN"},
 "repos": {"example-org/builder": {"tags": ["3.1"]}},
 "ratelimit": {
   "anonymous": {"limit": "100;w=21600", "remaining": "76;w=21600",
                 "source": "203.0.113.7"},
   "authenticated": {"limit": "200;w=21600", "remaining": "187;w=21600",
                     "source": "example-user"}}}
JSON
dockerhub_fake_start "$TUI_TMP/dockerhub.json" >/dev/null ||
    tui_fail "Docker Hub fake did not start"

# The root sits below HOME, so the title line reads ~/infra/ci. The done
# screen wraps its full path, so the folder is in /tmp whatever TMPDIR
# is: the path then has the same length in every run.
BASE=$(mktemp -d /tmp/hubcred-screens.XXXXXX) ||
    tui_fail "cannot make a folder in /tmp"
trap 'aws_fake_stop; dockerhub_fake_stop; tui_cleanup; rm -rf "$BASE"' EXIT
mkdir -p "$BASE/home/infra"
ROOT=$BASE/home/infra/ci
cp -a "$HUBCRED_SOURCE_ROOT/examples/classic" "$ROOT" ||
    tui_fail "cannot copy examples/classic"

envs=("HOME=$BASE/home" "XDG_STATE_HOME=$TUI_TMP/state")
while IFS= read -r line; do
	envs+=("$line")
done < <(env | grep -E '^(AWS_|HUBCRED_DOCKERHUB|HUBCRED_CA_BUNDLE)')

# Replace what varies from run to run by text of the same width, so that
# the layout stays as it was:
# - the random part of the root's folder, and the digits of ports;
# - the spinner's frame and its elapsed seconds: "⠙ Writing ...  3s"
#   becomes "* Writing ...  Ns" (the slow calls take under 10 s);
# - dates and times;
# - the six random characters AWS appends to a secret's name in its ARN.
#   The rule matches the name codebuild/dockerhub, because the ARN may
#   be wrapped before it.
normalise()
{
	local day='[0-9]{4}-[0-9]{2}-[0-9]{2}' clock='[0-9]{2}:[0-9]{2}:[0-9]{2}'

	sed -E \
	    -e 's/hubcred-screens\.[A-Za-z0-9]{6}/hubcred-screens.XXXXXX/g' \
	    -e ':port' -e 's/(127\.0\.0\.1:N*)[0-9]/\1N/' -e 't port' \
	    -e 's/(⠋|⠙|⠹|⠸|⠼|⠴|⠦|⠧|⠇|⠏) (.*  )[0-9]s( |$)/* \2Ns\3/' \
	    -e "s/$day[T ]$clock/YYYY-MM-DD hh:mm:ss/g" \
	    -e "s/$day/YYYY-MM-DD/g" \
	    -e 's/(dockerhub-)[A-Za-z0-9]{6}([^A-Za-z0-9]|$)/\1XXXXXX\2/g'
}

# Print the normalised pane once three polls in a row return the same
# text, because the key that led to it may still be drawing.
stable_capture()
{
	local prev= cur same=0 tries=100

	while [ "$tries" -gt 0 ]; do
		cur=$(tui_capture | normalise)
		if [ "$cur" = "$prev" ]; then
			same=$((same + 1))
			if [ "$same" -ge 2 ]; then
				printf '%s\n' "$cur"
				return 0
			fi
		else
			same=0
		fi
		prev=$cur
		sleep 0.1
		tries=$((tries - 1))
	done
	tui_fail "the screen did not settle"
}

# shot FILE TEXT: wait for TEXT, then compare the stable screen with
# tests/tui/screens/FILE.txt (or write that file when updating).
shot()
{
	local file=$1 want=$SCREENS/$1.txt got

	got=$TUI_TMP/got-${file//\//-}.txt
	tui_wait "$2" 20
	stable_capture >"$got"
	grep -qF "$TOKEN" "$got" && tui_fail "$file: token on the screen"
	if [ "$UPDATE" = 1 ] && { [ "$MODE" != resize ] ||
	    [ "${file%%/*}" = too-small ]; }; then
		mkdir -p "$(dirname "$want")"
		cp "$got" "$want"
		echo "wrote $file.txt"
	elif [ ! -f "$want" ]; then
		echo "FAIL: $file: no expected file (create it with" \
		    "HUBCRED_UPDATE_SCREENS=1)"
		FAILURES=$((FAILURES + 1))
	elif ! diff -u --label "expected $file.txt" --label "screen" \
	    "$want" "$got"; then
		echo "FAIL: $file differs from the expected screen"
		FAILURES=$((FAILURES + 1))
	else
		echo "ok: $file"
	fi
}

# resize COLS ROWS NAME TEXT: resize, then compare with COLSxROWS/NAME.
# Below 80x24, NAME is too-small and the file too-small/COLSxROWS.
# Every resize here changes the number of rows, so a dump of ROWS lines
# shows that hubcred has drawn at the new size.
resize()
{
	local file=$1x$2/$3

	ROWS=$2
	rm -f "$TUI_DUMP"
	tui_resize "$1" "$2"
	tui_poll '[ -f "$TUI_DUMP" ] && [ "$(wc -l <"$TUI_DUMP")" = "$ROWS" ]' \
	    10 || tui_fail "hubcred did not redraw at $1x$2"
	[ "$3" = too-small ] && file=too-small/$1x$2
	shot "$file" "$4"
}

start()
{
	tui_start "${envs[@]}" -- "$HUBCRED" -C "$ROOT"
}

if [ "$MODE" = resize ]; then
	echo "resize on the project list"
	start
	shot 80x24/project "Choose the CodeBuild project"
	resize 132 43 project "Choose the CodeBuild project"
	resize 80 24 project "Choose the CodeBuild project"
	resize 60 15 too-small "terminal too small"
	resize 80 24 project "Choose the CodeBuild project"

	echo "resize on the filled Docker Hub form"
	tui_keys Enter
	tui_wait "Username"
	tui_type example-user
	tui_keys Tab
	tui_type "$TOKEN"
	shot 80x24/dockerhub-filled "••••"
	resize 132 43 dockerhub-filled "••••"
	resize 79 24 too-small "terminal too small"
	resize 132 43 dockerhub-filled "••••"
	resize 80 23 too-small "terminal too small"
	# Too small for the quit question, q must not throw the answers
	# away: the form comes back as it was.
	tui_keys q
	resize 80 24 dockerhub-filled "••••"
	tui_keys C-c
	tui_expect_status 130
	[ "$FAILURES" = 0 ] || { echo "$FAILURES failure(s)"; exit 1; }
	echo ok
	exit 0
fi

echo "too small from the start"
small=60x15
[ "$MODE" = 132x43 ] && small=131x23
TUI_COLS=${small%x*} TUI_ROWS=${small#*x} tui_start "${envs[@]}" -- \
    "$HUBCRED" -C "$ROOT"
shot "too-small/$small" "terminal too small"
tui_keys q
tui_expect_status 130

echo "project"
start
shot "$MODE/project" "Choose the CodeBuild project"
tui_keys '?'
shot "$MODE/project-help" "┌ Keys"
tui_keys Escape
tui_wait_gone "┌ Keys"

echo "docker hub"
tui_keys Enter
shot "$MODE/dockerhub" "Username"
tui_keys F1
shot "$MODE/dockerhub-help" "┌ Keys"
tui_keys Escape
tui_wait_gone "┌ Keys"
tui_type example-user
tui_keys Tab
tui_type dckr_pat_SCREENSwrong
tui_keys Enter
shot "$MODE/dockerhub-failed" "The check failed."
tui_keys Enter
shot "$MODE/dockerhub-again" "type to replace"
tui_type "$TOKEN"
shot "$MODE/dockerhub-filled" "••••"
tui_keys Enter
shot "$MODE/dockerhub-checked" "The credentials work."

echo "secret"
tui_keys Enter
shot "$MODE/secret" "Create a new secret"
tui_keys q
shot "$MODE/quit-confirm" "Quit?"
tui_keys n
tui_wait_gone "Quit?"
tui_keys Enter
shot "$MODE/secret-create" "Region"
# Enter moves from the name to the region field, a second one submits.
tui_keys Enter
stable_capture >/dev/null
tui_keys Enter
shot "$MODE/secret-confirm" "Press Enter to confirm."
tui_keys Enter

echo "permissions"
shot "$MODE/permissions" "a new aws_iam_role_policy"
tui_keys Enter
shot "$MODE/tfvars" "terraform.tfvars"
tui_keys Enter
shot "$MODE/variable" "Variable  docker_hub_secret_arn"
tui_keys Enter

echo "review"
shot "$MODE/review" "hunk 1/"
tui_keys '?'
shot "$MODE/review-help" "┌ Keys"
tui_keys Escape
tui_wait_gone "┌ Keys"

echo "apply, with a slow CreateSecret"
aws_fake_fault CreateSecret:slow:1:4 || tui_fail "cannot set the fault"
tui_keys Enter
shot "$MODE/apply" "Writing the secret and the files"
shot "$MODE/done" "Done."
tui_keys Enter
tui_expect_status 0

[ "$FAILURES" = 0 ] || { echo "$FAILURES failure(s)"; exit 1; }
echo ok
