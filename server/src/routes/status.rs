//! `GET /status`: where the served data comes from and how the refresher is doing, as JSON.

use app::model::DataSource;
use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cache::{IndexCache, ReadError};
use crate::refresher::{RefreshStatus, StatusBoard};

#[derive(Debug, Serialize)]
pub struct StatusReport {
    /// The index as readers get it now; `null` while there is none.
    pub data: Option<DataStatus>,
    /// This server's refresher.
    pub refresher: RefreshStatus,
}

#[derive(Debug, Serialize)]
pub struct DataStatus {
    pub source: DataSource,
    pub computed_at: DateTime<Utc>,
    pub content_hash: String,
    pub film_count: usize,
    pub person_count: usize,
    pub skipped_references: usize,
    pub skipped_records: usize,
    /// True when Redis cannot be read and this server answers from its own last copy.
    pub stale: bool,
}

pub async fn status_get(
    State(cache): State<IndexCache>,
    State(board): State<StatusBoard>,
) -> Json<StatusReport> {
    let data = match cache.read().await {
        Ok(served) => {
            let meta = &served.index.meta;
            Some(DataStatus {
                source: meta.source,
                computed_at: meta.computed_at,
                content_hash: meta.content_hash.clone(),
                film_count: meta.film_count,
                person_count: meta.person_count,
                skipped_references: meta.skipped_references,
                skipped_records: meta.skipped_records,
                stale: served.stale,
            })
        }
        Err(ReadError::NotReady | ReadError::Unavailable(_)) => None,
    };

    Json(StatusReport {
        data,
        refresher: board.snapshot(),
    })
}
