//! The one integration test binary: each module drives the real `evidence-pack` binary against
//! fixture packs (tests/fixtures/<case>/) or packs written into a temporary folder.

mod support;

mod bad_input;
mod build_html;
mod build_pdf;
mod check;
mod cover_logo;
mod finding_keys;
mod first_hour;
mod hostile;
mod import;
mod inputs;
mod lawful_pack;
mod layers;
mod outcomes_pack;
mod output_lock;
mod pack_json;
mod pdf_pages;
mod pdf_scripts;
mod pipeline;
mod privacy;
mod privacy_outputs;
mod privacy_walk;
mod registers;
mod review_chart;
mod reviews_todo;
mod rule_fixtures;
mod serve_cli;
mod serve_edit;
mod serve_http;
mod serve_patch;
mod serve_preview;
mod serve_watch;
mod tender_outputs;
mod tender_rules;
mod typst_offline;
mod workflow;
