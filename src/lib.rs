//! yanzhen (雁阵): a static-site generator for party-building showcase sites.
//!
//! The pipeline is visible in [`build`]: `site.yaml` ([`config`]) → the content model
//! ([`content`]) → Markdown ([`markdown`], in parallel) → templates ([`render`], in parallel) →
//! the output sink ([`output`]). The library never prints; the binary reports.
#![warn(
    missing_docs,
    unreachable_pub,
    clippy::print_stdout,
    clippy::too_many_lines
)]

pub mod assets;
pub mod bodies;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod escape;
pub mod exhibition;
pub mod fields;
pub mod images;
pub mod import;
pub mod markdown;
pub mod output;
pub mod print;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod urls;
pub mod yaml;
