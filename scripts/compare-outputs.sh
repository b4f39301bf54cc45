#!/usr/bin/env bash
# Runs two evidence-pack binaries on the same packs and says whether every output is byte-identical:
#
#     scripts/compare-outputs.sh OLD_BINARY NEW_BINARY [WORK_FOLDER]
#
# Compared: check (human and JSON) on every fixture pack, the demo pack and a generated pack with
# planted defects; build --html on the demo pack, a --draft build of the planted-defects fixture and
# the generated 10,000-record pack; a full build (HTML and PDF) of the demo pack when Typst is
# installed; reviews on the demo pack. Each command's output folder, standard output and exit code are
# compared (both binaries report the same version, so the manifests compare too).
# Exit 0 when everything is identical, 1 when something differs (the differing files are listed).
set -uo pipefail

if [ $# -lt 2 ]; then
    sed -n '2,10p' "$0" >&2
    exit 2
fi
old=$(realpath "$1") new=$(realpath "$2")
cd "$(dirname "$0")/.."
root=$(pwd)
work=${3:-$root/target/compare-outputs}
target=${CARGO_TARGET_DIR:-$root/target}
rm -rf "$work/old" "$work/new"
mkdir -p "$work/old" "$work/new" "$work/corpus"

if [ ! -f "$work/corpus/d10000/pack.toml" ]; then
    cargo build --release --quiet --example gen_corpus
    "$target/release/examples/gen_corpus" --decisions 10000 --seed 42 --out "$work/corpus/d10000" >/dev/null
    "$target/release/examples/gen_corpus" --decisions 1000 --defects 0.1 --seed 7 --out "$work/corpus/d1000-defects" >/dev/null
fi

# run SIDE NAME ARGS...: runs one binary with ARGS, saving its output and exit code as NAME.
run() {
    local side=$1 name=$2
    shift 2
    local bin=$old
    [ "$side" = new ] && bin=$new
    local out="$work/$side/$name"
    mkdir -p "$out"
    (cd "$root" && NO_COLOR=1 "$bin" "${@//@OUT@/$out/output}" >"$out/stdout" 2>"$out/stderr")
    echo $? >"$out/exit-code"
}

both() {
    run old "$@"
    run new "$@"
}

for fixture in planted-defects rules-clean html-pack html-hostile; do
    both "check-$fixture" check "tests/fixtures/$fixture" --as-of 2026-11-01
    both "check-$fixture-json" check "tests/fixtures/$fixture" --as-of 2026-11-01 --format json
done
both check-demo check . --as-of 2026-11-01
both check-demo-json check . --as-of 2026-11-01 --format json
both check-defects check "$work/corpus/d1000-defects"
both check-defects-json check "$work/corpus/d1000-defects" --format json
both check-10k-json check "$work/corpus/d10000" --format json
both reviews-demo reviews . --as-of 2026-11-01 --within 60
both build-demo-html build . --html --quiet --as-of 2026-11-01 -o @OUT@
both build-draft build tests/fixtures/planted-defects --html --draft --quiet -o @OUT@
both build-hostile build tests/fixtures/html-hostile --html --quiet --as-of 2026-11-01 -o @OUT@
both build-10k build "$work/corpus/d10000" --html --quiet -o @OUT@
if command -v typst >/dev/null 2>&1 || [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/typst" ]; then
    both build-demo-pdf build . --quiet --as-of 2026-11-01 -o @OUT@
fi

if diff -r -q "$work/old" "$work/new"; then
    echo "All outputs are byte-identical ($(find "$work/old" -type f | wc -l) files compared)."
else
    echo "Some outputs differ (listed above). Compare them with: diff -r $work/old $work/new" >&2
    exit 1
fi
