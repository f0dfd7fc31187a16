//! `GET /movies`: the index as JSON, served from the cache exactly as stored, with the HTTP
//! caching headers that let clients and proxies revalidate instead of downloading it again.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use super::errors::ApiError;
use crate::cache::{IndexCache, ServedIndex};

/// Set on answers served from the server's own copy while its cache was unreachable.
pub const STALE_HEADER: HeaderName = HeaderName::from_static("x-kodama-stale");

/// The `Cache-Control` of `/movies`, derived from the refresh interval: the document may
/// change once an interval, may be served a further interval while being revalidated, and
/// for ten intervals when the server cannot be reached.
#[derive(Clone, Debug)]
pub struct MoviesCachePolicy {
    cache_control: HeaderValue,
}

impl MoviesCachePolicy {
    pub fn from_refresh_interval(interval: Duration) -> Self {
        let seconds = interval.as_secs().max(1);
        let value = format!(
            "public, max-age={seconds}, stale-while-revalidate={seconds}, stale-if-error={}",
            seconds * 10
        );

        Self {
            cache_control: HeaderValue::from_str(&value).expect("digits and ASCII words"),
        }
    }
}

/// Serves the stored document byte for byte (no parsing and no re-serializing on the request
/// path), or `304 Not Modified` when the client already has it.
pub async fn movies_get(
    State(cache): State<IndexCache>,
    State(policy): State<MoviesCachePolicy>,
    request_headers: HeaderMap,
) -> Result<Response, ApiError> {
    let served = cache.read().await?;

    let headers = validators(&served, &policy);
    if client_has_current_copy(&request_headers, &headers[0].1) {
        return Ok((StatusCode::NOT_MODIFIED, headers_map(headers)).into_response());
    }

    let content_type = (
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let mut response_headers = headers_map(headers);
    response_headers.insert(content_type.0, content_type.1);
    Ok((response_headers, served.index.movies_json.clone()).into_response())
}

/// The headers a `200` and a `304` share: the first is always the `ETag`.
fn validators(served: &ServedIndex, policy: &MoviesCachePolicy) -> Vec<(HeaderName, HeaderValue)> {
    let meta = &served.index.meta;
    // Weak, because the compression layer may send the same document in other encodings.
    let etag = format!("W/\"{}\"", meta.content_hash);
    let last_modified = meta
        .computed_at
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let age = (Utc::now() - meta.computed_at)
        .num_seconds()
        .max(0)
        .to_string();

    let mut headers = vec![
        (header::ETAG, header_value(etag)),
        (header::LAST_MODIFIED, header_value(last_modified)),
        (header::CACHE_CONTROL, policy.cache_control.clone()),
        (header::AGE, header_value(age)),
        // Stated here too because a 304 does not pass through the compression layer, which
        // adds it to the 200.
        (header::VARY, HeaderValue::from_static("accept-encoding")),
    ];
    if served.stale {
        headers.push((STALE_HEADER, HeaderValue::from_static("true")));
    }
    headers
}

/// Whether `If-None-Match` names the current ETag (or is `*`), compared weakly as RFC 9110
/// asks for this header.
fn client_has_current_copy(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let current = strip_weak(etag.to_str().unwrap_or_default());

    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || strip_weak(tag) == current)
}

fn strip_weak(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

fn header_value(text: String) -> HeaderValue {
    HeaderValue::from_str(&text).expect("built from hex digits, digits and ASCII words")
}

fn headers_map(headers: Vec<(HeaderName, HeaderValue)>) -> HeaderMap {
    headers.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with(if_none_match: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(if_none_match).unwrap(),
        );
        headers
    }

    #[test]
    fn if_none_match_is_compared_weakly_over_a_list() {
        let etag = HeaderValue::from_static("W/\"abc\"");

        assert!(client_has_current_copy(&request_with("\"abc\""), &etag));
        assert!(client_has_current_copy(
            &request_with("\"x\", W/\"abc\""),
            &etag
        ));
        assert!(client_has_current_copy(&request_with("*"), &etag));
        assert!(!client_has_current_copy(&request_with("\"abd\""), &etag));
        assert!(!client_has_current_copy(&HeaderMap::new(), &etag));
    }

    #[test]
    fn the_cache_policy_follows_the_refresh_interval() {
        let policy = MoviesCachePolicy::from_refresh_interval(Duration::from_secs(60));

        assert_eq!(
            policy.cache_control,
            "public, max-age=60, stale-while-revalidate=60, stale-if-error=600"
        );
    }
}
