//! The API's errors and the one place they become HTTP answers.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::cache::CacheError;
use crate::telemetry::cause_chain;

/// Seconds a client should wait before asking again while the index is not available.
const RETRY_AFTER_SECONDS: &str = "5";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Nothing has been stored yet: the first refresh has not finished.
    #[error("the film index is not ready yet")]
    NotReady,
    /// The cache could not be read.
    #[error("the film index cannot be read")]
    CacheUnavailable(#[from] CacheError),
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::NotReady | ApiError::CacheUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::NotReady => "not_ready",
            ApiError::CacheUnavailable(_) => "cache_unavailable",
        }
    }
}

impl IntoResponse for ApiError {
    /// Answers with a JSON body of the form `{"error": {"code": ..., "message": ...}}`. The
    /// message is the variant's own text, never the cause: causes are logged here instead.
    fn into_response(self) -> Response {
        if let ApiError::CacheUnavailable(cause) = &self {
            tracing::error!(
                error.message = %cause,
                error.cause_chain = %cause_chain(cause),
                "cannot read the index"
            );
        }

        let body = json!({ "error": { "code": self.code(), "message": self.to_string() } });
        let mut response = (self.status(), Json(body)).into_response();
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECONDS),
        );
        response
    }
}
