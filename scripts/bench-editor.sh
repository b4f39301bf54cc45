#!/usr/bin/env bash
# Benchmarks the browser editor (`evidence-pack serve`, SPEC section 12), with one command:
#
#     scripts/bench-editor.sh
#
# It builds the release binary and examples/gen_corpus, writes fresh packs of 1,000 and 10,000
# decision records (plus a tenth as many practice examples) under target/bench-corpus/editor-N/,
# and for each opens a record's form in Debian's Chromium (tests/browser/bench-editor.mjs):
#   - from a pause in typing to the field's findings shown (CHECKS times, default 20): the whole
#     pack checked with the unsaved record in place of its file;
#   - at 1,000 records, from Save to the file written and the preview rebuilt (SAVES times,
#     default 10).
# It prints the median, min and max of each. The targets (issue 24): findings within 150 ms at
# 1,000 records and 500 ms at 10,000; save to written and preview updated within 300 ms at 1,000.
# BENCHMARKS.md has the figures.
#
# Needs tests/browser/node_modules (`npm ci --ignore-scripts` there) and /usr/bin/chromium.
# Environment: CHECKS, SAVES, SIZES (default "1000 10000"), CORPUS (default target/bench-corpus).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CHECKS=${CHECKS:-20}
SAVES=${SAVES:-10}
SIZES=${SIZES:-"1000 10000"}
CORPUS=${CORPUS:-$ROOT/target/bench-corpus}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

[ -d "$ROOT/tests/browser/node_modules/playwright-core" ] ||
    { echo "bench-editor.sh needs tests/browser/node_modules: run npm ci --ignore-scripts in tests/browser" >&2; exit 2; }

echo "Building the release binary and the corpus generator…" >&2
cargo build --release --quiet --bin evidence-pack --example gen_corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$TARGET/release/evidence-pack" "$work/evidence-pack"
BIN=$work/evidence-pack
GEN=$TARGET/release/examples/gen_corpus

verdict() { python3 -c "print('meets' if $1 <= $2 else 'MISSES')"; }

declare -a ROWS=()
for n in $SIZES; do
    pack="$CORPUS/editor-$n"
    rm -rf "$pack"
    mkdir -p "$CORPUS"
    "$GEN" --decisions "$n" --defects 0 --seed 42 --out "$pack" 2>&1 | sed 's/^/  /' >&2
    if [ "$n" = 1000 ]; then check_target=150; saves=$SAVES; else check_target=500; saves=0; fi
    echo "Timing: the editor at $n records ($CHECKS checks, $saves saves)…" >&2
    read -r cmed cmin cmax smed smin smax < <(node "$ROOT/tests/browser/bench-editor.mjs" "$BIN" "$pack" "$CHECKS" "$saves")
    ROWS+=("| pause in typing to findings shown | $n | $cmed | $cmin – $cmax | ≤ $check_target ms | $(verdict "$cmed" "$check_target") |")
    if [ "$saves" != 0 ]; then
        ROWS+=("| Save to file written and preview updated | $n | $smed | $smin – $smax | ≤ 300 ms | $(verdict "$smed" 300) |")
    fi
done

echo
echo "## editor ($(date -u +%Y-%m-%d), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "Medians of $CHECKS checks and $SAVES saves, in Debian's Chromium."
echo
echo "| measured | records | median (ms) | min – max (ms) | target | |"
echo "|---|---:|---:|---:|---|---|"
printf '%s\n' "${ROWS[@]}"
