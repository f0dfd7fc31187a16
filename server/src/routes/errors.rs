//! The API's errors and the one place they become HTTP answers.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::cache::{CacheError, ReadError};
use crate::telemetry::cause_chain;

/// Seconds a client should wait before asking again while the index is not available.
const RETRY_AFTER_SECONDS: &str = "5";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Nothing has been stored yet: the first refresh has not finished.
    #[error("the film index is not ready yet")]
    NotReady,
    /// The cache could not be read, and the server has no copy of its own yet.
    #[error("the film index cannot be read right now")]
    CacheUnavailable(#[source] CacheError),
    /// No such path under the API.
    #[error("there is nothing at this path")]
    NotFound,
    /// The path exists, but not for this method.
    #[error("this path answers only {allowed}")]
    MethodNotAllowed { allowed: &'static str },
}

impl From<ReadError> for ApiError {
    fn from(error: ReadError) -> Self {
        match error {
            ReadError::NotReady => ApiError::NotReady,
            ReadError::Unavailable(cause) => ApiError::CacheUnavailable(cause),
        }
    }
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            ApiError::NotReady | ApiError::CacheUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::NotReady => "not_ready",
            ApiError::CacheUnavailable(_) => "cache_unavailable",
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
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
        let headers = response.headers_mut();
        match self {
            ApiError::NotReady | ApiError::CacheUnavailable(_) => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from_static(RETRY_AFTER_SECONDS),
                );
            }
            ApiError::MethodNotAllowed { allowed } => {
                headers.insert(header::ALLOW, HeaderValue::from_static(allowed));
            }
            ApiError::NotFound => {}
        }
        response
    }
}

/// The answer for unknown paths under the API.
pub async fn api_not_found() -> ApiError {
    ApiError::NotFound
}

/// The answer for a method that a read-only API path does not take.
pub async fn read_only_method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed {
        allowed: "GET, HEAD",
    }
}
