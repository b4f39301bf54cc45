#!/usr/bin/env bash
# Times two evidence-pack binaries side by side, alternating runs, so that a busy shared machine
# slows both alike:
#
#     scripts/compare.sh OLD_BINARY NEW_BINARY RUNS ARGS...
#     scripts/compare.sh /tmp/ep-old target/release/evidence-pack 12 \
#         build --html target/bench-corpus/d10000 -o /tmp/compare-out -q
#
# Prints, for each binary, the median wall time (with the fastest and slowest run), the median
# CPU time (user + system) and the median peak memory, from GNU time. To get an older binary:
#     git worktree add /tmp/old COMMIT && CARGO_TARGET_DIR=/tmp/old-target \
#         cargo build --release --manifest-path /tmp/old/Cargo.toml
set -euo pipefail

if [ $# -lt 4 ]; then
    sed -n '2,12p' "$0" >&2
    exit 2
fi
old=$1 new=$2 runs=$3
shift 3
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
results=$(mktemp)
trap 'rm -f "$results"' EXIT

for _ in $(seq "$runs"); do
    for which in old new; do
        binary=$old
        [ "$which" = new ] && binary=$new
        # Exit code 1 (findings) still counts as a run.
        /usr/bin/time -f "$which %e %U %S %M" -a -o "$results" "$binary" "$@" >/dev/null 2>&1 || true
    done
done

python3 - "$results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.split()[0] in ("old", "new")]
medians = {}
for which in ("old", "new"):
    mine = [r for r in rows if r[0] == which]
    wall = [float(r[1]) for r in mine]
    cpu = [float(r[2]) + float(r[3]) for r in mine]
    rss = [int(r[4]) / 1024 for r in mine]
    medians[which] = statistics.median(wall)
    print(f"{which}: median {statistics.median(wall):.3f} s (fastest {min(wall):.3f}, slowest {max(wall):.3f}), "
          f"CPU {statistics.median(cpu):.2f} s, peak memory {statistics.median(rss):.0f} MB, {len(wall)} runs")
print(f"new/old: {medians['new'] / medians['old']:.2f} of the time")
PY
