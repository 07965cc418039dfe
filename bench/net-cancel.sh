#!/bin/bash
# Time from Esc to the "Cancelled" note on the screen, for the three
# network calls that tests/tui/net-cancel-test.sh slows down to 30 s
# (Docker Hub's token check, STS GetCallerIdentity, CreateSecret at
# apply). Each run drives hubcred through tmux, so a figure includes
# tmux's send-keys and the test's 0.1 s polling of the pane: it is an
# upper bound of the wizard's own reaction time.
#
#   bench/net-cancel.sh [BUILD_DIR] [RUNS]   (defaults: build, 3)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
runs=${2:-3}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

[ -x "$build/hubcred" ] || { echo "no $build/hubcred: build first" >&2; exit 1; }

for run in $(seq "$runs"); do
	HUBCRED=$build/hubcred HUBCRED_SOURCE_ROOT=$src \
	    HUBCRED_BUILD_ROOT=$build \
	    bash "$src/tests/tui/net-cancel-test.sh" > "$out.run" 2>&1 ||
		{ echo "run $run failed:" >&2; cat "$out.run" >&2; exit 1; }
	grep -o 'cancelled in [0-9]* ms' "$out.run" |
	    awk -v run="$run" '{print run, NR, $3}' >> "$out"
done
rm -f "$out.run"

# One line per call: milliseconds of every run, then min and max.
awk 'BEGIN { name[1] = "Docker Hub token check"; name[2] = "STS GetCallerIdentity"
	name[3] = "CreateSecret at apply" }
{ ms[$2] = ms[$2] " " $3
  if (!($2 in min) || $3 < min[$2]) min[$2] = $3
  if (!($2 in max) || $3 > max[$2]) max[$2] = $3 }
END { for (i = 1; i <= 3; i++)
	printf "%-24s runs:%s ms  min %d  max %d\n", name[i], ms[i], min[i], max[i] }' "$out"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
