//! The Content-Security-Policy of the pages, set while the server renders them.
//!
//! Scripts run only if they come from this site or carry the nonce that Leptos draws for each
//! response and puts on its own inline scripts (the hydration bootstrap and the serialized
//! data). `'wasm-unsafe-eval'` lets the browser compile the front end's WASM, and nothing
//! else. Images may also come from the poster host ([`POSTER_ORIGIN`]); everything else is
//! limited to this site, and no other site may frame the pages.

use http::header::{HeaderValue, CONTENT_SECURITY_POLICY};
use leptos::nonce::use_nonce;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use crate::model::POSTER_ORIGIN;

/// Adds the policy to the response being rendered. Call from the shell, on the server.
pub fn set_content_security_policy() {
    let (Some(response), Some(nonce)) = (use_context::<ResponseOptions>(), use_nonce()) else {
        return;
    };

    let policy = policy(
        &nonce.to_string(),
        std::env::var_os("LEPTOS_WATCH").is_some(),
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

/// The policy for one response. Under `cargo leptos watch` the page also opens a WebSocket
/// to the reload server on another port, so WebSocket connections are allowed there.
fn policy(nonce: &str, watching: bool) -> String {
    let connect = if watching {
        "'self' ws: wss:"
    } else {
        "'self'"
    };

    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: {POSTER_ORIGIN}; connect-src {connect}; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::policy;

    #[test]
    fn scripts_need_the_nonce_and_nothing_is_inline_or_framed() {
        let policy = policy("abc123", false);

        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("ws:"));
    }

    #[test]
    fn images_may_come_from_the_poster_host_only() {
        assert!(policy("n", false).contains("img-src 'self' data: https://image.tmdb.org;"));
    }

    #[test]
    fn watch_mode_may_open_the_reload_websocket() {
        assert!(policy("n", true).contains("connect-src 'self' ws: wss:"));
    }
}
