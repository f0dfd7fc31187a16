//! Structured logging with `tracing`.
//!
//! `RUST_LOG` picks what is logged (default: Kodama's own info and warnings from the rest);
//! `LOG_FORMAT=json` writes one JSON object a line for log collectors instead of text.

use tracing_subscriber::{fmt, EnvFilter};

const DEFAULT_FILTER: &str = "info,server=info,app=info,tower_http=info,fred=warn";

/// Installs the global subscriber. Call once, at the start of `main`.
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let builder = fmt().with_env_filter(filter).with_target(true);

    if std::env::var("LOG_FORMAT").is_ok_and(|format| format == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
