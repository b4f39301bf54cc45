#!/bin/sh
# Installs the Typst CLI that evidence-pack builds its PDF pack with, pinned to the tested version,
# with Typst's own fonts built in (so the PDF is the same on every machine).
#
# It does nothing when `typst --version` already reports the pinned version, so it is safe to run
# before every build (the README and CI do). Needs Rust's cargo: https://rustup.rs
#
#   scripts/install-typst.sh
set -eu

VERSION="0.15.1"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"

version_of() {
    # Prints the version a typst program reports ("0.15.1"), or nothing.
    "$1" --version 2>/dev/null | awk 'NR == 1 && $1 == "typst" { print $2 }' || true
}

advise_path() {
    # Says how to make evidence-pack use the Typst in $CARGO_BIN when PATH finds another one first.
    if [ -n "$on_path" ] && [ "$on_path" != "$CARGO_BIN/typst" ]; then
        echo "note: $on_path comes first on your PATH and is another version. evidence-pack uses the first"
        echo "typst on PATH: put $CARGO_BIN first, or run evidence-pack with --typst $CARGO_BIN/typst."
    elif [ -z "$on_path" ]; then
        case ":$PATH:" in
            *":$CARGO_BIN:"*) ;;
            *) echo "note: $CARGO_BIN is not on your PATH; evidence-pack looks there too." ;;
        esac
    fi
}

on_path=""
if command -v typst >/dev/null 2>&1; then
    on_path="$(command -v typst)"
    found="$(version_of "$on_path")"
    if [ "$found" = "$VERSION" ]; then
        echo "Typst $VERSION is already installed: $on_path"
        exit 0
    fi
    echo "Found Typst ${found:-of an unknown version} at $on_path; evidence-pack is tested with $VERSION."
fi
if [ -x "$CARGO_BIN/typst" ] && [ "$(version_of "$CARGO_BIN/typst")" = "$VERSION" ]; then
    echo "Typst $VERSION is already installed: $CARGO_BIN/typst"
    advise_path
    exit 0
fi
[ -n "$on_path" ] || echo "Typst is not installed."

if ! command -v cargo >/dev/null 2>&1; then
    echo "error: installing Typst needs Rust's cargo. Install Rust from https://rustup.rs, then run this again." >&2
    echo "Without Typst you can still build the HTML pack: evidence-pack build --html" >&2
    exit 1
fi

echo "Installing Typst $VERSION with cargo into $CARGO_BIN (this takes a few minutes the first time)..."
set -x
cargo install typst-cli --version "$VERSION" --locked --no-default-features --features embedded-fonts
{ set +x; } 2>/dev/null

installed="$(version_of "$CARGO_BIN/typst")"
if [ "$installed" != "$VERSION" ]; then
    echo "error: cargo finished, but $CARGO_BIN/typst does not report version $VERSION." >&2
    exit 1
fi
echo "Installed Typst $VERSION: $CARGO_BIN/typst"
advise_path
