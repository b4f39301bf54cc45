#!/usr/bin/env bash
# Checks a built HTML pack in a real browser and with the Nu HTML Checker:
#   - axe-core (WCAG 2 A and AA rules) in Debian's Chromium through playwright-core, at desktop,
#     phone and narrow-phone widths, plus no sideways scrolling, no scripts, nothing fetched;
#   - the Nu HTML Checker (vnu-jar) with the machine's Java, errors only.
# Usage: tests/browser/check.sh PACK.html
# Needs: node and npm, java, /usr/bin/chromium (or CHROMIUM=path). Installs the pinned node
# packages from package-lock.json when they are missing; never downloads a browser or a Java.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
file="$(realpath "${1:?usage: check.sh PACK.html}")"
if [[ ! -f "$file" ]]; then
  echo "check.sh: $file does not exist; build it first with evidence-pack build --html" >&2
  exit 2
fi
if [[ ! -d "$here/node_modules/playwright-core" || ! -d "$here/node_modules/axe-core" || ! -f "$here/node_modules/vnu-jar/build/dist/vnu.jar" ]]; then
  # --ignore-scripts: vnu-jar's install script would otherwise try to download a Java runtime.
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
fi
status=0
echo "== axe-core in Chromium: $file"
node "$here/axe.mjs" "$file" || status=1
echo "== Nu HTML Checker: $file"
bash "$here/vnu.sh" "$file" || status=1
if [[ $status -eq 0 ]]; then
  echo "browser checks passed: axe-core and the Nu HTML Checker found no problems."
else
  echo "browser checks: the pack has problems (see above)" >&2
fi
exit $status
