#!/usr/bin/env bash
# Checks an HTML pack with the Nu HTML Checker (npm package vnu-jar) and the machine's Java.
# Usage: tests/browser/vnu.sh PACK.html    Exit code: 0 with no errors, 1 with errors.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
file="${1:?usage: vnu.sh PACK.html}"
jar="$here/node_modules/vnu-jar/build/dist/vnu.jar"
if [[ ! -f "$jar" ]]; then
  echo "vnu: $jar is missing; run 'npm ci --ignore-scripts' in tests/browser first." >&2
  exit 2
fi
if java -Xss8m -jar "$jar" --errors-only "$file"; then
  echo "vnu: no errors in $file"
else
  echo "vnu: the Nu HTML Checker found errors in $file" >&2
  exit 1
fi
