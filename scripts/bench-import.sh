#!/usr/bin/env bash
# The speed of `evidence-pack import` (SPEC section 13: 10,000 rows read, mapped and written in at
# most 2 s on the 2-core machine), with one command:
#
#     scripts/bench-import.sh
#
# It builds the release binary, writes a risk register of ROWS rows (default 10000) as a CSV file
# (UK dates, Word bullets, curly quotes and non-breaking spaces in its cells) and, with
# LibreOffice, as an XLSX file, and a map for both. Then, with hyperfine (RUNS runs each, default
# 10), it times:
#   1. `import decisions register.csv` into a new pack (made afresh before each run by `init`):
#      ROWS new draft records written;
#   2. the same from register.xlsx;
#   3. importing register.csv again into a pack that already holds its drafts: every row found
#      unchanged, nothing written.
# It prints hyperfine's table (the median is what BENCHMARKS.md records) and the peak memory
# (maximum resident set size, by GNU time) of one run of each. BENCHMARKS.md, "Import", has the
# figures.
#
# Environment: ROWS (default 10000), RUNS (default 10), WORK (where the sheets and packs are
# written, default target/bench-import).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROWS=${ROWS:-10000}
RUNS=${RUNS:-10}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=${WORK:-$TARGET/bench-import}
BIN=$TARGET/release/evidence-pack

command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install hyperfine" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 2; }
command -v soffice >/dev/null || { echo "needs LibreOffice (soffice): scripts/setup.sh test installs it" >&2; exit 2; }

echo "Building the release binary…" >&2
cargo build --release --quiet --bin evidence-pack

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK"

# The register: the same bytes for the same ROWS.
awk -v rows="$ROWS" 'BEGIN {
    print "Ref,Person code,Risk,Hazard,Likelihood,Severity,Date identified,Control measures,Owner"
    split("Low,Med,High", scale, ",")
    split("going to the gym alone,taking the bus,cooking my own meals,managing my money,walking at night,visiting friends", what, ",")
    for (i = 1; i <= rows; i++) {
        day = (i % 28) + 1; month = (i % 12) + 1
        printf "%d,P%04d,%s %d,\"Falls and trips:\n\xe2\x80\xa2 slipped twice in 2025\n\xe2\x80\xa2 uses the \xe2\x80\x9cfast\xe2\x80\x9d setting\",%s,%s,%02d/%02d/2026,Staff check in at\xc2\xa06pm,Key worker\n",
            i, i % 5000, what[(i % 6) + 1], i, scale[(i % 3) + 1], scale[((i + 1) % 3) + 1], day, month
    }
}' > register.csv

cat > register.map.toml <<'EOF'
kind = "decisions"
[columns]
title = "Risk"
person = "Person code"
opened = "Date identified"
"risks.description" = "Hazard"
"risks.likelihood" = "Likelihood"
"risks.impact" = "Severity"
"plan.action" = "Control measures"
"plan.owner" = "Owner"
[values."risks.likelihood"]
"Med" = "medium"
[values."risks.impact"]
"Med" = "medium"
[fixed]
"risks.to" = "self"
EOF

echo "Saving the register as XLSX with LibreOffice…" >&2
soffice "-env:UserInstallation=file://$WORK/lo-profile" --headless \
    "--infilter=CSV:44,34,76,1,,2057" --convert-to xlsx --outdir "$WORK" register.csv >/dev/null 2>&1
[ -f register.xlsx ] || { echo "LibreOffice did not write register.xlsx" >&2; exit 1; }

# Each run imports into a new pack in a new folder, and the old ones are deleted only at the end:
# deleting 10,000 files just before creating 10,000 more makes ext4 search hard for free inodes
# (the kernel's recently_deleted check), which multiplied the time by ten and measured the disk's
# bookkeeping, not the import. `pack` is a link to the newest.
mkdir -p "$WORK/packs"
echo 0 > "$WORK/runs"
trap 'rm -rf "$WORK/packs"' EXIT
fresh="n=\$((\$(cat $WORK/runs) + 1)); echo \$n > $WORK/runs; $BIN init $WORK/packs/\$n >/dev/null && ln -sfn $WORK/packs/\$n $WORK/pack"
import_csv="$BIN import decisions $WORK/register.csv $WORK/pack --map $WORK/register.map.toml --as-of 2026-11-01 -q"
import_xlsx="$BIN import decisions $WORK/register.xlsx $WORK/pack --map $WORK/register.map.toml --as-of 2026-11-01 -q"

# Each must import every row: exit 0 and ROWS new files.
sh -c "$fresh" && sh -c "$import_csv"
made=$(find "$WORK/pack/content/decisions" -name '*.toml' | wc -l)
[ "$made" -eq $((ROWS + 2)) ] || { echo "expected $((ROWS + 2)) records, found $made" >&2; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Timing ($RUNS runs each; load average $load_before)…" >&2
hyperfine --style basic --runs "$RUNS" --export-json "$WORK/hyperfine.json" \
    -n "import $ROWS rows (CSV)" --prepare "$fresh" "$import_csv" \
    -n "import $ROWS rows (XLSX)" --prepare "$fresh" "$import_xlsx"
sh -c "$fresh" && sh -c "$import_csv"
hyperfine --style basic --runs "$RUNS" --export-json "$WORK/hyperfine-again.json" \
    -n "import the same $ROWS rows again (nothing changes)" "$import_csv"

echo
echo "Medians (s):"
for f in "$WORK/hyperfine.json" "$WORK/hyperfine-again.json"; do
    sed -n 's/.*"command": "\(.*\)",/\1/p; s/.*"median": \([0-9.]*\),/  median \1/p' "$f"
done

# Peak memory of one run of each.
peak() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
sh -c "$fresh"
csv_kb=$(peak sh -c "$import_csv")
sh -c "$fresh"
xlsx_kb=$(peak sh -c "$import_xlsx")
again_kb=$(peak sh -c "$import_csv")
echo
echo "Peak memory (maximum resident set size): CSV $((csv_kb / 1024)) MB, XLSX $((xlsx_kb / 1024)) MB, again $((again_kb / 1024)) MB"
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
