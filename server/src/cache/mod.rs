//! Where the film index is kept between the refresher and the readers.
//!
//! - [`redis`]: the shared copy in Redis, the single source of truth for every server.
//! - [`IndexCache`]: what request handlers read. It reads Redis and keeps the last document
//!   it saw in memory, so that while Redis is unreachable (or was emptied and not yet
//!   refilled) it still answers, marked stale, instead of failing.

mod redis;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub use app::api::ssr::ServedIndex;
use app::api::ssr::{IndexReader, StoredIndex};
use arc_swap::ArcSwapOption;

pub use self::redis::{CacheError, IndexStore, INDEX_KEY};
use crate::telemetry::cause_chain;

/// Why there is nothing to serve.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Redis answered, and holds no index yet; nor has this process seen one.
    #[error("no index has been stored yet")]
    NotReady,
    /// Redis could not be read, and this process has no copy of its own.
    #[error("the index cannot be read")]
    Unavailable(#[source] CacheError),
}

/// Reads the index for request handlers: Redis first, the last good copy in memory when
/// Redis fails. Cheap to clone; clones share the copy.
#[derive(Clone)]
pub struct IndexCache {
    store: IndexStore,
    last_seen: Arc<ArcSwapOption<StoredIndex>>,
    /// Whether the last read from Redis failed, so that an outage is logged when it starts
    /// and when it ends, not once per request.
    redis_failing: Arc<AtomicBool>,
}

impl IndexCache {
    pub fn new(store: IndexStore) -> Self {
        Self {
            store,
            last_seen: Arc::new(ArcSwapOption::empty()),
            redis_failing: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The current index, or the last one seen (marked stale) when Redis cannot give one.
    /// With a copy to fall back on, a read does not wait for a lost connection to return.
    pub async fn read(&self) -> Result<ServedIndex, ReadError> {
        let read = if self.last_seen.load().is_some() {
            self.store.read_or_fail_fast().await
        } else {
            self.store.read().await
        };
        self.note_redis_health(read.as_ref().err());

        match read {
            Ok(Some(current)) => Ok(self.remember(current)),
            Ok(None) => self.fall_back(ReadError::NotReady),
            Err(error) => self.fall_back(ReadError::Unavailable(error)),
        }
    }

    /// The shared copy in Redis.
    pub fn store(&self) -> &IndexStore {
        &self.store
    }

    /// The last index this process read or stored, if any.
    pub fn last_seen(&self) -> Option<Arc<StoredIndex>> {
        self.last_seen.load_full()
    }

    /// Keeps `current` as the last seen copy, reusing the one in memory when it is the same
    /// document, so repeated reads share one allocation.
    pub fn remember(&self, current: StoredIndex) -> ServedIndex {
        let kept = self.last_seen.load_full();
        let index = match kept {
            Some(kept) if *kept == current => kept,
            _ => {
                let current = Arc::new(current);
                self.last_seen.store(Some(current.clone()));
                current
            }
        };
        ServedIndex {
            index,
            stale: false,
        }
    }

    /// Keeps `index` as the last seen copy only if there is none yet: for an index this
    /// process computed but could not store, which readers may show (stale) while they have
    /// nothing else, but which must not displace what they read from Redis.
    pub fn remember_if_nothing_seen(&self, index: StoredIndex) {
        self.last_seen.rcu(|seen| match seen {
            Some(seen) => Some(seen.clone()),
            None => Some(Arc::new(index.clone())),
        });
    }

    /// Logs the start and the end of a Redis outage as readers see it.
    fn note_redis_health(&self, error: Option<&CacheError>) {
        let was_failing = self.redis_failing.swap(error.is_some(), Ordering::Relaxed);
        match (was_failing, error) {
            (false, Some(error)) => tracing::warn!(
                error.cause_chain = %cause_chain(error),
                "cannot read the index from Redis: serving the copy in memory, if any"
            ),
            (true, None) => tracing::info!("reading the index from Redis again"),
            _ => {}
        }
    }

    fn fall_back(&self, error: ReadError) -> Result<ServedIndex, ReadError> {
        match self.last_seen.load_full() {
            Some(index) => Ok(ServedIndex { index, stale: true }),
            None => Err(error),
        }
    }
}

#[async_trait::async_trait]
impl IndexReader for IndexCache {
    async fn read_index(&self) -> anyhow::Result<Option<ServedIndex>> {
        match self.read().await {
            Ok(served) => Ok(Some(served)),
            Err(ReadError::NotReady) => Ok(None),
            Err(error) => Err(error.into()),
        }
    }
}
