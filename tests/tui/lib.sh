# Helpers for driving a terminal program in a detached tmux session.
#
# Source it, then:
#   tui_start [VAR=VALUE...] -- COMMAND [ARGS...]
#                         start COMMAND in an 80x24 session (TUI_COLS and
#                         TUI_ROWS change the size), with HUBCRED_TUI_DUMP
#                         set to $TUI_DUMP
#   tui_keys KEY...       tmux send-keys names: Enter, Escape, Down, C-c, q
#   tui_type TEXT         type TEXT literally
#   tui_wait TEXT [SECS]  wait until the pane shows TEXT (fixed string)
#   tui_wait_gone TEXT [SECS]
#   tui_wait_dump TEXT [SECS]  the same on the HUBCRED_TUI_DUMP file
#   tui_wait_exit [SECS]  wait for COMMAND to end; sets TUI_STATUS
#   tui_capture           print the pane (tui_capture -e: with colours)
#   tui_resize COLS ROWS
#   tui_fail MESSAGE      print MESSAGE and the pane, exit 1
#   tui_copy_root NAME [DEST]
#                         copy tests/tui/data/NAME to $TUI_TMP/DEST (default
#                         NAME) and print the path
#
# "${TUI_OFFLINE[@]}" before -- gives hubcred an empty home and AWS config
# and points every AWS and Docker Hub endpoint at a closed loopback port,
# so nothing leaves the machine and remote calls fail at once.
#
# Files: $TUI_TMP (a mktemp dir, removed at exit), $TUI_DUMP, and
# $TUI_TMP/stderr holding COMMAND's standard error. The tmux server has
# its own socket (-L hubcred-test-PID-N, one per start) and is killed at
# exit.

TUI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/hubcred-tui.XXXXXX")
TUI_RUNS=0
TUI_SOCKET="hubcred-test-$$-0"
TUI_DUMP="$TUI_TMP/screen.txt"
TUI_STATUS=
TUI_TEXT=
TUI_COLS=${TUI_COLS:-80}
TUI_ROWS=${TUI_ROWS:-24}

mkdir -p "$TUI_TMP/home"
TUI_OFFLINE=(
	"HOME=$TUI_TMP/home"
	"AWS_CONFIG_FILE=$TUI_TMP/home/aws-config"
	"AWS_SHARED_CREDENTIALS_FILE=$TUI_TMP/home/aws-credentials"
	"AWS_EC2_METADATA_DISABLED=true"
	"AWS_ACCESS_KEY_ID=AKIDTUITEST"
	"AWS_SECRET_ACCESS_KEY=tui-test-not-a-key"
	"AWS_REGION=us-east-1"
	"AWS_ENDPOINT_URL=http://127.0.0.1:9"
	"HUBCRED_DOCKERHUB_AUTH_URL=http://127.0.0.1:9"
	"HUBCRED_DOCKERHUB_REGISTRY_URL=http://127.0.0.1:9"
)

tui_tmux()
{
	tmux -u -f /dev/null -L "$TUI_SOCKET" "$@"
}

tui_cleanup()
{
	local run

	# kill-server can leave the socket file behind: remove it too.
	for run in $(seq 0 "$TUI_RUNS"); do
		tmux -L "hubcred-test-$$-$run" kill-server >/dev/null 2>&1
		rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/hubcred-test-$$-$run"
	done
	# The program may write one last dump while it handles SIGHUP.
	rm -rf "$TUI_TMP" 2>/dev/null || { sleep 0.5; rm -rf "$TUI_TMP"; }
}
trap tui_cleanup EXIT

tui_fail()
{
	echo "FAIL: $*" >&2
	echo "---- pane ----" >&2
	tui_capture >&2 2>/dev/null
	echo "---- stderr ----" >&2
	cat "$TUI_TMP/stderr" >&2 2>/dev/null
	exit 1
}

# Quote each word for the shell tmux runs the command with.
tui_quote()
{
	local word out=

	for word in "$@"; do
		out="$out '${word//\'/\'\\\'\'}'"
	done
	printf '%s' "$out"
}

tui_start()
{
	local envs=() script env

	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		envs+=("$1")
		shift
	done
	[ "${1:-}" = "--" ] && shift
	# One program at a time: a new start ends the previous one. Each
	# start gets a new socket, because a server that is still exiting
	# makes a new session on its socket fail.
	tui_tmux kill-server >/dev/null 2>&1
	TUI_RUNS=$((TUI_RUNS + 1))
	TUI_SOCKET="hubcred-test-$$-$TUI_RUNS"
	rm -f "$TUI_TMP/status" "$TUI_DUMP" "$TUI_TMP/stderr"

	# The command and its environment go into a script, not into the
	# argv of tmux or env, where ps would show the test's keys.
	script="$TUI_TMP/run-$TUI_RUNS.sh"
	(
		umask 077
		# Ctrl-C goes to the whole pane: the shell must outlive it to
		# record the status. A trap (not an ignore) is reset to the
		# default in the command it starts.
		echo "trap : INT QUIT"
		echo "export TERM=screen-256color LC_ALL=C.UTF-8"
		echo "export$(tui_quote "HUBCRED_TUI_DUMP=$TUI_DUMP")"
		for env in "${envs[@]}"; do
			echo "export$(tui_quote "$env")"
		done
		echo "$(tui_quote "$@") 2>$(tui_quote "$TUI_TMP/stderr")"
		echo "echo \$? >$(tui_quote "$TUI_TMP/status.tmp")"
		echo "mv$(tui_quote "$TUI_TMP/status.tmp" "$TUI_TMP/status")"
		# Keep the pane after the command ends so its last screen
		# can be read; the session is killed with the server.
		echo "sleep 600"
	) >"$script" || tui_fail "cannot write $script"

	# One shell between tmux and the command, as with a plain command
	# line: a second one would take Ctrl-C for itself.
	tui_tmux new-session -d -s tui -x "$TUI_COLS" -y "$TUI_ROWS" \
	    "exec sh $(tui_quote "$script")" ||
	    tui_fail "tmux new-session failed"
}

tui_keys()
{
	tui_tmux send-keys -t tui "$@"
}

tui_type()
{
	tui_tmux send-keys -t tui -l "$1"
}

tui_capture()
{
	if [ "${1:-}" = "-e" ]; then
		tui_tmux capture-pane -p -e -t tui
	else
		tui_tmux capture-pane -p -t tui
	fi
}

tui_resize()
{
	tui_tmux resize-window -t tui -x "$1" -y "$2"
}

# tui_poll CHECK SECS: run CHECK every 0.1 s until it succeeds.
tui_poll()
{
	local check=$1 tries=$(( ${2:-10} * 10 ))

	while [ "$tries" -gt 0 ]; do
		eval "$check" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	return 1
}

tui_wait()
{
	TUI_TEXT=$1
	tui_poll 'tui_capture | grep -qF -- "$TUI_TEXT"' "${2:-10}" ||
	    tui_fail "timed out waiting for '$1' on the screen"
}

tui_wait_gone()
{
	TUI_TEXT=$1
	tui_poll '! tui_capture | grep -qF -- "$TUI_TEXT"' "${2:-10}" ||
	    tui_fail "timed out waiting for '$1' to go away"
}

tui_wait_dump()
{
	TUI_TEXT=$1
	tui_poll '[ -f "$TUI_DUMP" ] && grep -qF -- "$TUI_TEXT" "$TUI_DUMP"' \
	    "${2:-10}" ||
	    tui_fail "timed out waiting for '$1' in the screen dump"
}

tui_wait_exit()
{
	tui_poll '[ -f "$TUI_TMP/status" ]' "${1:-10}" ||
	    tui_fail "timed out waiting for the program to exit"
	TUI_STATUS=$(cat "$TUI_TMP/status")
}

# tui_expect_status N: the program ended with status N.
tui_expect_status()
{
	tui_wait_exit "${2:-10}"
	[ "$TUI_STATUS" = "$1" ] ||
	    tui_fail "exit status $TUI_STATUS, expected $1"
}

tui_copy_root()
{
	local dest="$TUI_TMP/${2:-$1}"

	[ ! -e "$dest" ] || tui_fail "$dest exists already"
	cp -a "$HUBCRED_SOURCE_ROOT/tests/tui/data/$1" "$dest" ||
	    tui_fail "cannot copy $1"
	printf '%s\n' "$dest"
}
