//! The background task that keeps the cached index fresh.
//!
//! It refreshes once at start-up and then every `REFRESH_INTERVAL`. A refresh fetches both
//! upstream collections, computes the index from scratch and stores it. Nothing worse than
//! what is stored ever replaces it:
//! - a refresh that fails (upstream unreachable, slow, erroring, or sending data that does not
//!   parse or lists no films) stores nothing, is logged and counted, and is retried with
//!   exponential backoff and jitter, never later than the next regular refresh;
//! - a result that shrinks sharply against the stored index (half the films or people gone)
//!   is refused as suspicious, unless an operator forces it with `kodama refresh --force`;
//! - when Redis has no index at all (a fresh install, or Redis restarted empty or flushed),
//!   the refresher notices within `PRESENCE_CHECK_PERIOD` and refreshes at once. Should the
//!   upstream not deliver within `FALLBACK_GRACE_PERIOD`, it puts back the last index this
//!   process saw or, with none, the snapshot built into the binary. Either is written only
//!   if Redis still has no index, so it never replaces live data another server stored.

mod status;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use app::api::ssr::StoredIndex;
use app::model::{DataSource, IndexMeta};
use arc_swap::ArcSwapOption;
use backon::{BackoffBuilder, ExponentialBuilder};
use chrono::Utc;
use sha2::{Digest, Sha256};
use tokio::time::{sleep_until, Instant};

pub use self::status::{RefreshFailure, RefreshStatus, StatusBoard};
use crate::cache::{CacheError, IndexCache, IndexStore};
use crate::index::{build_index, IndexStats};
use crate::snapshot::{snapshot_catalog, snapshot_taken_on};
use crate::telemetry::cause_chain;
use crate::upstream::{Catalog, GhibliClient, UpstreamError};

/// How long an empty cache waits for the upstream before a fallback index is stored.
const FALLBACK_GRACE_PERIOD: Duration = Duration::from_millis(500);

/// The largest document stored (`/movies` or the pages' details). The real ones are 7 and
/// 30 KB; a small upstream body can still multiply into a huge index (long names repeated
/// over many films), which would cost every reader.
const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// How often Redis is asked whether the index is still there.
const PRESENCE_CHECK_PERIOD: Duration = Duration::from_secs(1);

/// The first retry after a failure comes this soon; later ones back off from there.
const FIRST_RETRY_DELAY: Duration = Duration::from_secs(1);

/// Why one refresh stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
    #[error("the data lists no films, which cannot be right")]
    NoFilms,
    #[error(
        "the new index is suspiciously smaller ({films} films, {persons} people, against \
         {previous_films} and {previous_persons}); force it with `kodama refresh --force`"
    )]
    Shrunk {
        films: usize,
        persons: usize,
        previous_films: usize,
        previous_persons: usize,
    },
    #[error("the computed index is {bytes} bytes, over the limit of {MAX_DOCUMENT_BYTES}")]
    TooLarge { bytes: usize },
    #[error("cannot store the index")]
    Cache(#[from] CacheError),
}

impl RefreshError {
    /// A short, stable name for counting and for `/status`.
    pub fn kind(&self) -> &'static str {
        match self {
            RefreshError::Upstream(error) => error.kind(),
            RefreshError::NoFilms => "no_films",
            RefreshError::Shrunk { .. } => "suspicious_shrink",
            RefreshError::TooLarge { .. } => "index_too_large",
            RefreshError::Cache(_) => "cache",
        }
    }
}

/// Whether a refresh may store a much smaller index than the stored one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShrinkGuard {
    /// Refuse it: the normal case.
    Enforce,
    /// Store it anyway: an operator has checked that the upstream really shrank.
    Override,
}

/// Fetches, computes and stores the index, on a timer.
#[derive(Clone)]
pub struct Refresher {
    upstream: GhibliClient,
    cache: IndexCache,
    interval: Duration,
    status: StatusBoard,
    /// The last index this refresher stored from the upstream: what it puts back when
    /// Redis loses the index, and the measure of "worse" for what Redis holds.
    last_stored: Arc<ArcSwapOption<StoredIndex>>,
}

impl Refresher {
    pub fn new(upstream: GhibliClient, cache: IndexCache, interval: Duration) -> Self {
        Self {
            upstream,
            cache,
            interval,
            status: StatusBoard::default(),
            last_stored: Arc::new(ArcSwapOption::empty()),
        }
    }

    /// The record of this refresher's work, shared with whoever shows it.
    pub fn status(&self) -> StatusBoard {
        self.status.clone()
    }

    /// The cache this refresher writes, which readers share.
    pub fn cache(&self) -> &IndexCache {
        &self.cache
    }

    fn store(&self) -> &IndexStore {
        self.cache.store()
    }

    /// Refreshes at once, then every interval, until `shutdown` completes. A refresh under
    /// way when the signal comes is finished first (it is bounded by the upstream and Redis
    /// timeouts), so nothing is left half-done.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut next_refresh = Instant::now();
        let mut retry_delays = self.retry_delays();
        let mut presence_checks = tokio::time::interval(PRESENCE_CHECK_PERIOD);
        let mut failing = false;

        loop {
            tokio::select! {
                () = sleep_until(next_refresh) => {}
                _ = presence_checks.tick() => {
                    match self.stored_state().await {
                        StoredState::Missing => {
                            tracing::warn!("Redis holds no usable index: refreshing now");
                        }
                        // While failing, the backoff decides; a worse index is still data.
                        StoredState::WorseThanLastStored if !failing => {
                            tracing::warn!("Redis holds a worse index than this server stored: refreshing now");
                        }
                        _ => continue,
                    }
                }
                () = &mut shutdown => break,
            }

            let outcome = self.refresh_once(ShrinkGuard::Enforce).await;
            failing = outcome.is_err();
            next_refresh = match outcome {
                Ok(_) => {
                    retry_delays = self.retry_delays();
                    Instant::now() + self.interval
                }
                Err(_) => {
                    let delay = retry_delays
                        .next()
                        .unwrap_or(self.interval)
                        .min(self.interval);
                    tracing::info!(retry_in = ?delay, "will retry the refresh");
                    Instant::now() + delay
                }
            };
        }
        tracing::info!("refresher stopped");
    }

    /// One refresh from the upstream, recorded in the status and logged either way.
    #[tracing::instrument(name = "refresh", skip_all)]
    pub async fn refresh_once(&self, guard: ShrinkGuard) -> Result<IndexStats, RefreshError> {
        self.status.attempted();

        let result = self.refresh_from_upstream(guard).await;
        match &result {
            Ok(_) => self.status.succeeded(),
            Err(error) => {
                tracing::error!(
                    error.kind = error.kind(),
                    error.cause_chain = %cause_chain(error),
                    "refresh failed: the stored index is kept"
                );
                self.status.failed(error.kind(), error.to_string());
            }
        }
        result
    }

    async fn refresh_from_upstream(&self, guard: ShrinkGuard) -> Result<IndexStats, RefreshError> {
        let from_upstream = self.index_from_upstream();
        tokio::pin!(from_upstream);

        // Whatever the upstream does, an empty cache gets an index within the grace period.
        let outcome = tokio::select! {
            outcome = &mut from_upstream => outcome,
            () = tokio::time::sleep(FALLBACK_GRACE_PERIOD) => {
                self.restore_if_empty().await;
                from_upstream.await
            }
        };
        let (index, stats) = match outcome {
            Ok(prepared) => prepared,
            Err(error) => {
                self.restore_if_empty().await;
                return Err(error);
            }
        };

        if guard == ShrinkGuard::Enforce {
            self.refuse_sharp_shrink(&index.meta).await?;
        }
        if let Err(error) = self.store().write(&index).await {
            // Readers of this server have nothing at all while Redis has never been reachable:
            // let them show this index (marked stale) rather than answer 503.
            self.cache.remember_if_nothing_seen(index);
            return Err(error.into());
        }
        tracing::info!(
            films = stats.film_count,
            persons = stats.person_count,
            skipped_references = stats.skipped_references,
            skipped_records = index.meta.skipped_records,
            content_hash = %index.meta.content_hash,
            "stored a fresh index from the upstream"
        );
        self.last_stored.store(Some(Arc::new(index.clone())));
        self.cache.remember(index);
        Ok(stats)
    }

    async fn index_from_upstream(&self) -> Result<(StoredIndex, IndexStats), RefreshError> {
        let catalog = self.upstream.fetch_catalog().await?;

        prepare_index(&catalog, DataSource::Upstream)
    }

    /// Fails when `new` has less than half the films or people of the index stored now (or,
    /// while Redis cannot be read, of the last one this process saw).
    async fn refuse_sharp_shrink(&self, new: &IndexMeta) -> Result<(), RefreshError> {
        let previous = match self.store().read().await {
            Ok(Some(stored)) => Some(stored.meta),
            _ => self.cache.last_seen().map(|seen| seen.meta.clone()),
        };
        let Some(previous) = previous else {
            return Ok(());
        };

        let films_halved = new.film_count * 2 < previous.film_count;
        let persons_halved = new.person_count * 2 < previous.person_count;
        if films_halved || persons_halved {
            return Err(RefreshError::Shrunk {
                films: new.film_count,
                persons: new.person_count,
                previous_films: previous.film_count,
                previous_persons: previous.person_count,
            });
        }
        Ok(())
    }

    /// Puts back the last index this refresher stored (or, with none, the last one this
    /// process read), or else the built-in snapshot, unless Redis already holds an index.
    /// Logs what happened.
    async fn restore_if_empty(&self) {
        let restored = async {
            let known = self
                .last_stored
                .load_full()
                .or_else(|| self.cache.last_seen());
            let (index, what) = match known {
                Some(known) => (
                    (*known).clone(),
                    "the last index this server stored or read",
                ),
                None => (
                    prepare_index(&snapshot_catalog()?, DataSource::Snapshot)?.0,
                    "the built-in snapshot",
                ),
            };
            let written = self.store().write_if_absent(&index).await?;
            Ok::<_, RefreshError>(written.then_some(what))
        };

        match restored.await {
            Ok(Some(what)) => tracing::warn!(
                "Redis held no index and the upstream has not delivered: stored {what}"
            ),
            Ok(None) => {}
            Err(error) => tracing::error!(
                error.cause_chain = %cause_chain(&error),
                "cannot store a fallback index"
            ),
        }
    }

    /// What Redis holds, compared with what this refresher stored last. An unreachable
    /// Redis tells nothing, and counts as `Fine`.
    async fn stored_state(&self) -> StoredState {
        let stored = match self.store().read().await {
            Ok(Some(stored)) => stored,
            Ok(None) | Err(CacheError::Damaged(_)) => return StoredState::Missing,
            Err(CacheError::Redis(_)) => return StoredState::Fine,
        };

        match self.last_stored.load_full() {
            Some(last) if is_worse(&stored.meta, &last.meta) => StoredState::WorseThanLastStored,
            _ => StoredState::Fine,
        }
    }

    fn retry_delays(&self) -> impl Iterator<Item = Duration> {
        ExponentialBuilder::new()
            .with_min_delay(FIRST_RETRY_DELAY.min(self.interval))
            .with_max_delay(self.interval)
            .with_jitter()
            .without_max_times()
            .build()
    }
}

/// What the presence check found in Redis.
enum StoredState {
    Fine,
    /// No index, or something that is not one.
    Missing,
    /// Fewer films or people than this refresher stored last, or the snapshot where it
    /// stored live data: for example after Redis was emptied and a server without data of
    /// its own stored a fallback or a broken upstream's answer.
    WorseThanLastStored,
}

/// Whether `candidate` holds less than `reference`.
fn is_worse(candidate: &IndexMeta, reference: &IndexMeta) -> bool {
    candidate.film_count < reference.film_count
        || candidate.person_count < reference.person_count
        || (candidate.source == DataSource::Snapshot && reference.source == DataSource::Upstream)
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

    // Cannot fail: both are strings and numbers in maps with string keys.
    let movies_json = serde_json::to_string(&built.movies).expect("the index serializes to JSON");
    let details_json =
        serde_json::to_string(&built.details).expect("the details serialize to JSON");
    let largest = movies_json.len().max(details_json.len());
    if largest > MAX_DOCUMENT_BYTES {
        return Err(RefreshError::TooLarge { bytes: largest });
    }
    let meta = IndexMeta {
        computed_at: Utc::now(),
        source,
        content_hash: sha256_hex(movies_json.as_bytes()),
        film_count: built.stats.film_count,
        person_count: built.stats.person_count,
        skipped_references: built.stats.skipped_references,
        skipped_records: catalog.skipped_records,
        snapshot_taken_on: (source == DataSource::Snapshot)
            .then(snapshot_taken_on)
            .flatten(),
    };
    let index = StoredIndex::new(movies_json, details_json, meta);

    Ok((index, built.stats))
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
    use crate::upstream::{FilmRecord, PersonRecord};

    /// A catalog of one film, titled `title`, with no people.
    fn one_film(title: &str) -> Catalog {
        let film = FilmRecord {
            id: "f1".into(),
            title: title.into(),
            ..FilmRecord::default()
        };
        Catalog {
            films: vec![film],
            ..Catalog::default()
        }
    }

    #[test]
    fn an_index_without_films_is_refused() {
        let result = prepare_index(&Catalog::default(), DataSource::Upstream);

        assert!(matches!(result, Err(RefreshError::NoFilms)));
    }

    #[test]
    fn the_content_hash_is_the_sha256_of_the_stored_bytes() {
        let catalog = Catalog {
            skipped_records: 3,
            ..one_film("One")
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
        assert_eq!(index.meta.skipped_records, 3);
    }

    #[test]
    fn an_index_is_worse_with_fewer_films_or_people_or_as_a_snapshot_of_live_data() {
        let catalog = one_film("One");
        let (live, _) = prepare_index(&catalog, DataSource::Upstream).unwrap();
        let (snapshot, _) = prepare_index(&catalog, DataSource::Snapshot).unwrap();
        let mut fewer = live.meta.clone();
        fewer.film_count = 0;

        assert!(is_worse(&fewer, &live.meta));
        assert!(is_worse(&snapshot.meta, &live.meta));
        assert!(!is_worse(&live.meta, &snapshot.meta));
        assert!(!is_worse(&live.meta, &live.meta));
    }

    #[test]
    fn an_index_over_the_size_limit_is_refused() {
        let long_title = "x".repeat(MAX_DOCUMENT_BYTES);
        let catalog = one_film(&long_title);

        let result = prepare_index(&catalog, DataSource::Upstream);

        assert!(matches!(result, Err(RefreshError::TooLarge { .. })));
    }

    #[test]
    fn details_over_the_size_limit_are_refused_too() {
        // A person in no film is not in `/movies` but is in the details.
        let mut catalog = one_film("Small");
        catalog.people.push(PersonRecord {
            id: "p1".into(),
            name: "x".repeat(MAX_DOCUMENT_BYTES),
            ..PersonRecord::default()
        });

        let result = prepare_index(&catalog, DataSource::Upstream);

        assert!(matches!(result, Err(RefreshError::TooLarge { .. })));
    }

    #[test]
    fn snapshot_data_says_when_the_snapshot_was_taken() {
        let (snapshot, _) = prepare_index(&one_film("A"), DataSource::Snapshot).unwrap();
        let (live, _) = prepare_index(&one_film("A"), DataSource::Upstream).unwrap();

        assert_eq!(snapshot.meta.snapshot_taken_on, snapshot_taken_on());
        assert!(snapshot.meta.snapshot_taken_on.is_some());
        assert_eq!(live.meta.snapshot_taken_on, None);
    }

    #[test]
    fn sha256_hex_matches_a_known_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
