//! Tests: workflow.
