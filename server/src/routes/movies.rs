//! `GET /movies`: the index as JSON, served from the cache exactly as stored.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;
use crate::cache::IndexStore;

/// Serves the stored document byte for byte: no parsing and no re-serializing on the
/// request path, so the answer is exactly what the refresher computed.
pub async fn movies_get(State(store): State<IndexStore>) -> Result<Response, ApiError> {
    let json = store.read_movies_json().await?.ok_or(ApiError::NotReady)?;

    let content_type = HeaderValue::from_static("application/json");
    Ok(([(header::CONTENT_TYPE, content_type)], json).into_response())
}
