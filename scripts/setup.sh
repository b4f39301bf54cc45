#!/usr/bin/env bash
# Installs what evidence-pack's PDF pack and its tests need, only where it is missing:
#   scripts/setup.sh pdf     the Typst CLI (pinned, with its fonts built in)
#   scripts/setup.sh test    the above, plus poppler-utils (pdftotext, pdfinfo, pdffonts), qpdf, and
#                            LibreOffice's writer and calc without a GUI (the tests open the tender's
#                            answers.docx and matrix.xlsx with them)
# Safe to run again: it does nothing when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-pdf}"

apt_install() {
    local missing=()
    for pair in "$@"; do
        local cmd="${pair%%:*}" pkg="${pair##*:}"
        if [ "$cmd" = "-" ]; then
            # No command of its own: ask dpkg whether the package is there.
            dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
        else
            command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "error: please install these packages: ${missing[*]}" >&2
            exit 1
        fi
    fi
    echo "Installing ${missing[*]} with apt-get..."
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

case "$what" in
    pdf)
        scripts/install-typst.sh
        ;;
    test)
        apt_install pdftotext:poppler-utils qpdf:qpdf soffice:libreoffice-writer-nogui -:libreoffice-calc-nogui
        scripts/install-typst.sh
        ;;
    *)
        echo "usage: scripts/setup.sh pdf|test" >&2
        exit 2
        ;;
esac
