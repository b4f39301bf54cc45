//! Tests: build_html.
