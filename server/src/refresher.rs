//! The background task that keeps the cached index fresh.
//!
//! It refreshes once at start-up and then every `REFRESH_INTERVAL`. A refresh fetches both
//! upstream collections, computes the index from scratch and stores it. A refresh that fails
//! (upstream unreachable, slow, or sending data that does not parse or lists no films) stores
//! nothing, so good data is never replaced by bad; it is logged, and the next tick tries again.
//!
//! When nothing is stored at all and the upstream does not deliver within
//! `SNAPSHOT_GRACE_PERIOD`, the built-in snapshot is stored, so that a fresh install shows
//! data at once also offline. The next successful upstream refresh replaces it.

use std::future::Future;
use std::time::Duration;

use app::api::ssr::StoredIndex;
use app::model::{DataSource, IndexMeta};
use chrono::Utc;
use sha2::{Digest, Sha256};
use tokio::time::MissedTickBehavior;

use crate::cache::{CacheError, IndexStore};
use crate::index::{build_index, IndexStats};
use crate::snapshot::snapshot_catalog;
use crate::telemetry::cause_chain;
use crate::upstream::{Catalog, GhibliClient, UpstreamError};

/// How long an empty cache waits for the upstream before the snapshot is stored instead.
const SNAPSHOT_GRACE_PERIOD: Duration = Duration::from_millis(500);

/// Why one refresh stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
    #[error("the data lists no films, which cannot be right: the stored index is kept")]
    NoFilms,
    #[error("cannot store the index")]
    Cache(#[from] CacheError),
}

/// Fetches, computes and stores the index, on a timer.
#[derive(Clone)]
pub struct Refresher {
    upstream: GhibliClient,
    store: IndexStore,
    interval: Duration,
}

impl Refresher {
    pub fn new(upstream: GhibliClient, store: IndexStore, interval: Duration) -> Self {
        Self {
            upstream,
            store,
            interval,
        }
    }

    /// Refreshes at once, then every interval, until `shutdown` completes. A refresh under
    /// way when the signal comes is finished first (it is bounded by the upstream and Redis
    /// timeouts), so nothing is left half-done.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut ticks = tokio::time::interval(self.interval);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);

        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                () = &mut shutdown => break,
            }
            if let Err(error) = self.refresh_once().await {
                tracing::error!(
                    error.message = %error,
                    error.cause_chain = %cause_chain(&error),
                    "refresh failed: the stored index is kept"
                );
            }
        }
        tracing::info!("refresher stopped");
    }

    /// One refresh from the upstream. Falls back to storing the snapshot when the upstream
    /// is slow or failing and nothing is stored yet.
    #[tracing::instrument(name = "refresh", skip_all)]
    pub async fn refresh_once(&self) -> Result<IndexStats, RefreshError> {
        let from_upstream = self.index_from_upstream();
        tokio::pin!(from_upstream);

        let outcome = tokio::select! {
            outcome = &mut from_upstream => outcome,
            () = tokio::time::sleep(SNAPSHOT_GRACE_PERIOD) => {
                self.store_snapshot_if_empty().await;
                from_upstream.await
            }
        };

        let (index, stats) = match outcome {
            Ok(prepared) => prepared,
            Err(error) => {
                self.store_snapshot_if_empty().await;
                return Err(error);
            }
        };

        self.store.write(&index).await?;
        tracing::info!(
            films = stats.film_count,
            persons = stats.person_count,
            skipped_references = stats.skipped_references,
            content_hash = %index.meta.content_hash,
            "stored a fresh index from the upstream"
        );
        Ok(stats)
    }

    async fn index_from_upstream(&self) -> Result<(StoredIndex, IndexStats), RefreshError> {
        let catalog = self.upstream.fetch_catalog().await?;

        prepare_index(&catalog, DataSource::Upstream)
    }

    /// Stores the snapshot unless an index is already stored; logs what happened.
    async fn store_snapshot_if_empty(&self) {
        let stored = async {
            let catalog = snapshot_catalog()?;
            let (index, _) = prepare_index(&catalog, DataSource::Snapshot)?;
            Ok::<_, RefreshError>(self.store.write_if_absent(&index).await?)
        };

        match stored.await {
            Ok(true) => {
                tracing::warn!("the upstream has not delivered: stored the built-in snapshot")
            }
            Ok(false) => {}
            Err(error) => {
                tracing::error!(
                    error.message = %error,
                    error.cause_chain = %cause_chain(&error),
                    "cannot store the built-in snapshot"
                )
            }
        }
    }
}

/// Computes the index of `catalog` and wraps it for storage with its metadata.
fn prepare_index(
    catalog: &Catalog,
    source: DataSource,
) -> Result<(StoredIndex, IndexStats), RefreshError> {
    let built = build_index(catalog);
    if built.stats.film_count == 0 {
        return Err(RefreshError::NoFilms);
    }

    // Cannot fail: the index is strings in maps with string keys.
    let movies_json = serde_json::to_string(&built.movies).expect("the index serializes to JSON");
    let meta = IndexMeta {
        computed_at: Utc::now(),
        source,
        content_hash: sha256_hex(movies_json.as_bytes()),
        film_count: built.stats.film_count,
        person_count: built.stats.person_count,
        skipped_references: built.stats.skipped_references,
    };

    Ok((StoredIndex { movies_json, meta }, built.stats))
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upstream::FilmRecord;

    #[test]
    fn an_index_without_films_is_refused() {
        let result = prepare_index(&Catalog::default(), DataSource::Upstream);

        assert!(matches!(result, Err(RefreshError::NoFilms)));
    }

    #[test]
    fn the_content_hash_is_the_sha256_of_the_stored_bytes() {
        let catalog = Catalog {
            films: vec![FilmRecord {
                id: "f1".into(),
                title: "One".into(),
                release_date: None,
                people: vec![],
            }],
            people: vec![],
        };

        let (index, _) = prepare_index(&catalog, DataSource::Snapshot).unwrap();

        assert_eq!(
            index.movies_json,
            r#"{"f1":{"film_title":"One","persons":[]}}"#
        );
        assert_eq!(
            index.meta.content_hash,
            sha256_hex(index.movies_json.as_bytes())
        );
        assert_eq!(index.meta.content_hash.len(), 64);
        assert_eq!(index.meta.source, DataSource::Snapshot);
    }

    #[test]
    fn sha256_hex_matches_a_known_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
