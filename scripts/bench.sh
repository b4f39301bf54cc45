#!/usr/bin/env bash
# Benchmarks `evidence-pack check` and `build` on synthetic packs, with one command:
#
#     scripts/bench.sh
#
# It builds the release binary and examples/gen_corpus, writes packs of 1,000 and 10,000 decision
# records (plus a tenth as many practice examples, about 4 KB a record) under
# target/bench-corpus/, and times with hyperfine:
#   check        at 1,000 and 10,000 records (and 10,000 with 10% planted defects)
#   build --html at 1,000 and 10,000 records
#   build --pdf  at 200 records, when Typst is installed
# It prints the median wall time of each, and the peak memory (maximum resident set size from
# /usr/bin/time -v, median of three runs). hyperfine and GNU time are installed with apt-get
# when missing. The figures and how to read them are in BENCHMARKS.md.
#
# Environment: RUNS (timed runs per command, default 10), WARMUP (default 2),
# SIZES (default "1000 10000"), PDF_SIZE (default 200), CORPUS (where the packs are written,
# default target/bench-corpus), OUT (results file, default
# target/bench-results.md).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
SIZES=${SIZES:-"1000 10000"}
PDF_SIZE=${PDF_SIZE:-200}
CORPUS=${CORPUS:-$ROOT/target/bench-corpus}
OUT=${OUT:-$ROOT/target/bench-results.md}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/evidence-pack
GEN=$TARGET/release/examples/gen_corpus

need_apt() {
    local command=$1 package=$2
    if ! command -v "$command" >/dev/null 2>&1; then
        echo "Installing $package (for $command)…" >&2
        local sudo=""
        [ "$(id -u)" -ne 0 ] && sudo=sudo
        $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$package" >/dev/null
    fi
}
need_apt hyperfine hyperfine
[ -x /usr/bin/time ] || need_apt /usr/bin/time time
command -v python3 >/dev/null || need_apt python3 python3

echo "Building the release binary and the corpus generator…" >&2
cargo build --release --quiet --bin evidence-pack --example gen_corpus

mkdir -p "$CORPUS"
gen() { # gen NAME RECORDS [DEFECTS]
    "$GEN" --decisions "$2" --defects "${3:-0}" --seed 42 --out "$CORPUS/$1" 2>&1 | sed 's/^/  /' >&2
}

# median_json FILE: the median, min and max wall time and mean user/system time of a
# hyperfine --export-json file, as "median min max user sys" in seconds.
median_json() {
    python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f'{r["median"]:.3f} {r["min"]:.3f} {r["max"]:.3f} {r["user"]:.3f} {r["system"]:.3f}')
PY
}

# peak_mb CMD...: the median of three runs' maximum resident set size (/usr/bin/time -v), in MB.
peak_mb() {
    for _ in 1 2 3; do
        { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F: '/Maximum resident set size/ {print $2}'
    done | sort -n | sed -n 2p | awk '{printf "%.0f", $1 / 1024}'
}

declare -a ROWS=()
# bench LABEL RECORDS TARGET_SECONDS TARGET_MB CMD...
bench() {
    local label=$1 records=$2 target_s=$3 target_mb=$4
    shift 4
    local json
    json=$(mktemp)
    echo "Timing: $label ($records records)…" >&2
    hyperfine --shell=none --style basic --warmup "$WARMUP" --runs "$RUNS" \
        --export-json "$json" "$*" >/dev/null
    read -r median min max user sys < <(median_json "$json")
    rm -f "$json"
    local mb
    mb=$(peak_mb "$@")
    local verdict="—" target="—"
    if [ "$target_s" != "-" ]; then
        target="< $target_s s, < $target_mb MB"
        verdict=$(python3 -c "print('meets' if $median < $target_s and $mb < $target_mb else 'MISSES')")
    fi
    ROWS+=("| \`$label\` | $records | $median | $min – $max | $user + $sys | $mb | $target | $verdict |")
    eval "MEDIAN_${label//[^a-z]/_}_$records=$median"
}

for n in $SIZES; do
    gen "d$n" "$n"
done
gen "d10000-defects" 10000 0.1

for n in $SIZES; do
    if [ "$n" = 10000 ]; then ts=0.6 tm=250 hs=1.2 hm=300; else ts=- tm=- hs=- hm=-; fi
    bench check "$n" "$ts" "$tm" "$BIN" check "$CORPUS/d$n"
    bench "build --html" "$n" "$hs" "$hm" "$BIN" build --html --quiet "$CORPUS/d$n" -o "$CORPUS/out-d$n"
done
# Exit code 1 is expected here (the planted defects are errors): hyperfine would stop on it.
bench_defects() {
    local json
    json=$(mktemp)
    echo "Timing: check with 10% planted defects (10000 records)…" >&2
    hyperfine --shell=none --style basic --warmup "$WARMUP" --runs "$RUNS" -i \
        --export-json "$json" "$BIN check $CORPUS/d10000-defects" >/dev/null
    read -r median min max user sys < <(median_json "$json")
    rm -f "$json"
    local mb
    mb=$(peak_mb "$BIN" check "$CORPUS/d10000-defects")
    ROWS+=("| \`check\` (10% defects) | 10000 | $median | $min – $max | $user + $sys | $mb | — | — |")
}
bench_defects

PDF_NOTE=""
gen "d$PDF_SIZE" "$PDF_SIZE"
if "$BIN" build --pdf --quiet "$CORPUS/d$PDF_SIZE" -o "$CORPUS/out-d$PDF_SIZE" >/dev/null 2>&1; then
    RUNS_SAVED=$RUNS
    RUNS=${PDF_RUNS:-5}
    bench "build --pdf" "$PDF_SIZE" - - "$BIN" build --pdf --quiet "$CORPUS/d$PDF_SIZE" -o "$CORPUS/out-d$PDF_SIZE"
    RUNS=$RUNS_SAVED
else
    PDF_NOTE="build --pdf was skipped: Typst is not installed (scripts/install-typst.sh installs it)."
fi

{
    echo "## Results ($(date -u +%Y-%m-%d), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
    echo
    echo "Median of $RUNS runs after $WARMUP warm-up runs (hyperfine); peak memory is the median of"
    echo "three runs' maximum resident set size (/usr/bin/time)."
    echo
    echo "| command | records | median (s) | min – max (s) | CPU user + sys (s) | peak memory (MB) | target | |"
    echo "|---|---:|---:|---:|---:|---:|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    for label in check build___html; do
        a=MEDIAN_${label}_1000 b=MEDIAN_${label}_10000
        if [ -n "${!a:-}" ] && [ -n "${!b:-}" ]; then
            python3 -c "r = ${!b} / ${!a}; print(f'Scaling of \`${label//___/ --}\`: 10x the records took {r:.1f}x the time ' + ('(linear: at most 11x).' if r <= 11 else '(MORE than 11x).'))"
        fi
    done
    [ -n "$PDF_NOTE" ] && echo "$PDF_NOTE"
} | tee "$OUT"
echo >&2
echo "Written to $OUT" >&2
