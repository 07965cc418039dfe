#!/bin/bash
# Time from starting hubcred to its first screen on an example root, in a
# real terminal (tmux, 80x24). The first screen is the moment the screen
# dump (HUBCRED_TUI_DUMP) appears. A baseline run of a shell command that
# only writes a file in the same way is measured too, so the terminal's
# own start-up cost can be subtracted.
#
#   bench/startup.sh [BUILD_DIR] [RUNS]     (defaults: build, 20)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build}" && pwd) || exit 1
runs=${2:-20}
hubcred=$build/hubcred
work=$(mktemp -d)
socket=hubcred-bench-$$
trap 'tmux -L "$socket" kill-server 2>/dev/null; rm -rf "$work"' EXIT

[ -x "$hubcred" ] || { echo "no $hubcred: build first" >&2; exit 1; }
cp -a "$src/examples/classic" "$work/root"

now_ms() {
	date +%s%3N
}

# run_once COMMAND: milliseconds until $work/dump exists.
run_once() {
	local start

	rm -f "$work/dump"
	tmux -L "$socket" kill-server 2>/dev/null
	# The old server may still be exiting: wait until its socket is gone.
	while tmux -L "$socket" has-session 2>/dev/null; do
		sleep 0.01
	done
	start=$(now_ms)
	tmux -L "$socket" -f /dev/null new-session -d -x 80 -y 24 "$1" ||
		exit 1
	while [ ! -s "$work/dump" ]; do
		sleep 0.001
	done
	echo $(($(now_ms) - start))
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

for i in $(seq "$runs"); do
	run_once "env HUBCRED_TUI_DUMP=$work/dump TERM=screen-256color \
		$hubcred -C $work/root; sleep 5"
done | median > "$work/hubcred.ms"
for i in $(seq "$runs"); do
	run_once "echo x > $work/dump; sleep 5"
done | median > "$work/baseline.ms"

printf 'first screen, median of %d runs: %s ms (terminal baseline %s ms,' \
	"$runs" "$(cat "$work/hubcred.ms")" "$(cat "$work/baseline.ms")"
printf ' so hubcred itself about %s ms)\n' \
	"$(($(cat "$work/hubcred.ms") - $(cat "$work/baseline.ms")))"
