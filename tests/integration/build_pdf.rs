//! Tests: build_pdf.
