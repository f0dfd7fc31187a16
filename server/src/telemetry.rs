//! Structured logging with `tracing`.
//!
//! `RUST_LOG` picks what is logged (default: Kodama's own info and warnings from the rest);
//! `LOG_FORMAT=json` writes one JSON object a line for log collectors instead of text.

use std::error::Error;
use std::io::IsTerminal;

use tracing_subscriber::{fmt, EnvFilter};

const DEFAULT_FILTER: &str = "info,server=info,app=info,tower_http=info,fred=warn";

/// Installs the global subscriber. Call once, at the start of `main`.
pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    // Logs go to stderr, so that the output of `kodama refresh` stays clean for pipes.
    // Colours only for a person at a terminal, not in files and log collectors.
    let builder = fmt()
        .with_env_filter(filter)
        .with_target(true)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());

    if std::env::var("LOG_FORMAT").is_ok_and(|format| format == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// An error and all its sources on one line, `outer: inner: root`, for the `error.cause_chain`
/// field of a log event. Each error type here keeps its own message short and leaves the
/// cause to `source()`, so the chain says every thing once.
pub fn cause_chain(error: &dyn Error) -> String {
    let mut chain = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        chain.push_str(": ");
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::cause_chain;
    use crate::upstream::{parse_collection, FilmRecord, UpstreamError};

    #[test]
    fn the_cause_chain_names_each_layer_once() {
        let source = parse_collection::<FilmRecord>(br#"{"films":[]}"#).unwrap_err();
        let error = UpstreamError::Decode {
            collection: "films",
            source,
        };

        let chain = cause_chain(&error);

        assert!(
            chain.starts_with(
                "/films is not the expected JSON: invalid type: map, expected a sequence"
            ),
            "{chain}"
        );
        assert_eq!(chain.matches("expected JSON").count(), 1, "{chain}");
    }
}
