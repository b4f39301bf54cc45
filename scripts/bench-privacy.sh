#!/usr/bin/env bash
# The cost of a privacy register (issue 12): `evidence-pack check` of the same 10,000-record pack
# without and with a register of 10,000 made-up names, with one command:
#
#     scripts/bench-privacy.sh
#
# It builds the release binary and examples/gen_corpus, writes the two packs under
# target/bench-corpus/ (`gen_corpus --decisions 10000 --seed 42`, and the same with
# `--register 10000`: the records are the same bytes, and no registered name occurs in them, so
# both checks exit 0), checks each once, then runs `check` on the two packs alternately, RUNS
# times each, timed by /usr/bin/time. It prints the median wall time, CPU time (user + system)
# and peak memory of each, and the ratios (with a register / without). The target is a ratio of
# at most 1.5; on a busy machine the CPU-time ratio is the steadier one. BENCHMARKS.md, "Issue 12",
# has the figures.
#
# Environment: RUNS (runs of each pack, default 9), RECORDS (default 10000), NAMES (register size,
# default 10000), CORPUS (where the packs are written, default target/bench-corpus).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-9}
RECORDS=${RECORDS:-10000}
NAMES=${NAMES:-10000}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
CORPUS=${CORPUS:-$TARGET/bench-corpus}
BIN=$TARGET/release/evidence-pack
GEN=$TARGET/release/examples/gen_corpus

[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 2; }

echo "Building the release binary and the corpus generator…" >&2
cargo build --release --quiet --bin evidence-pack --example gen_corpus

PLAIN=$CORPUS/d$RECORDS
REGISTER=$CORPUS/d$RECORDS-register$NAMES
"$GEN" --decisions "$RECORDS" --seed 42 --out "$PLAIN" 2>&1 | sed 's/^/  /' >&2
"$GEN" --decisions "$RECORDS" --seed 42 --register "$NAMES" --out "$REGISTER" 2>&1 | sed 's/^/  /' >&2

for pack in "$PLAIN" "$REGISTER"; do
    if ! "$BIN" check "$pack" >/dev/null 2>&1; then
        echo "check $pack did not exit 0: the benchmark packs should have no findings" >&2
        exit 1
    fi
done

# run PACK FILE: one run, "wall user sys maxrss_kb" added to FILE.
run() {
    /usr/bin/time -f '%e %U %S %M' -a -o "$2" "$BIN" check "$1" >/dev/null 2>&1
}

plain_runs=$(mktemp)
register_runs=$(mktemp)
trap 'rm -f "$plain_runs" "$register_runs"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Timing: $RUNS runs of each, alternately (load average $load_before)…" >&2
for i in $(seq "$RUNS"); do
    run "$PLAIN" "$plain_runs"
    run "$REGISTER" "$register_runs"
    printf '.' >&2
done
echo >&2
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$plain_runs" "$register_runs" "$RUNS" "$RECORDS" "$NAMES" "$load_before" "$load_after" <<'PY'
import statistics, sys
plain, register, runs, records, names, before, after = sys.argv[1:]
def read(path):
    rows = [list(map(float, line.split())) for line in open(path) if line.strip()]
    wall = [r[0] for r in rows]
    cpu = [r[1] + r[2] for r in rows]
    mb = [r[3] / 1024 for r in rows]
    return statistics.median(wall), statistics.median(cpu), statistics.median(mb), min(wall), max(wall)
p, r = read(plain), read(register)
print(f"`check`, {int(records):,} records, {runs} runs of each, alternately "
      f"(load average {before} before, {after} after)")
print()
print("| `check` | median wall (s) | min – max wall (s) | median CPU (s) | peak memory (MB) |")
print("|---|---:|---:|---:|---:|")
print(f"| no register | {p[0]:.2f} | {p[3]:.2f} – {p[4]:.2f} | {p[1]:.2f} | {p[2]:.0f} |")
print(f"| {int(names):,}-name register | {r[0]:.2f} | {r[3]:.2f} – {r[4]:.2f} | {r[1]:.2f} | {r[2]:.0f} |")
print(f"| ratio | {r[0] / p[0]:.2f} | | {r[1] / p[1]:.2f} | {r[2] / p[2]:.2f} |")
print()
worst = max(r[0] / p[0], r[1] / p[1])
print(("meets" if worst <= 1.5 else "MISSES") + f" the target of at most 1.5x (wall {r[0] / p[0]:.2f}x, CPU {r[1] / p[1]:.2f}x)")
PY
