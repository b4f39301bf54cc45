# The two everyday commands (see README.md):
#   make demo   build the demo pack: output/pack.html, output/pack.pdf, output/pack.json, output/manifest.json
#   make test   run every test
# Each installs what it needs first (the Typst CLI; for tests also poppler-utils and qpdf).

# Typst installed by cargo lands here; make sure evidence-pack finds it.
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test bench browser-check

demo:
	scripts/setup.sh pdf
	cargo run --release --locked -- build

test:
	scripts/setup.sh test
	cargo test --locked

bench:
	scripts/bench.sh

browser-check: demo
	tests/browser/check.sh output/pack.html
