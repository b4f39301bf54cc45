# The two everyday commands (see README.md):
#   make demo   build the demo pack: output/pack.html, output/pack.pdf, output/pack.json, output/manifest.json,
#               and the demo tender's answers: output/tenders/supported-living-2027/
#   make test   run every test
# Each installs what it needs first (the Typst CLI; for tests also poppler-utils, qpdf and
# LibreOffice's writer and calc, which open the tender's Word and Excel files in the tests).

# Typst installed by cargo lands here; make sure evidence-pack finds it.
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test bench bench-serve browser-check serve-check editor-check

demo:
	scripts/setup.sh pdf
	cargo run --release --locked -- build
	cargo run --release --locked -- tender supported-living-2027

test:
	scripts/setup.sh test
	cargo test --locked

bench:
	scripts/bench.sh

bench-serve:
	scripts/bench-serve.sh

browser-check: demo
	tests/browser/check.sh output/pack.html

serve-check:
	cargo build --release --locked
	cd tests/browser && { [ -d node_modules/playwright-core ] || npm ci --ignore-scripts --no-audit --no-fund; }
	node tests/browser/serve.mjs $${CARGO_TARGET_DIR:-target}/release/evidence-pack .

editor-check:
	cargo build --release --locked
	cd tests/browser && { [ -d node_modules/playwright-core ] || npm ci --ignore-scripts --no-audit --no-fund; }
	node tests/browser/editor.mjs $${CARGO_TARGET_DIR:-target}/release/evidence-pack .
