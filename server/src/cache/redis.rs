//! The film index in Redis: the one place the refresher writes and every reader reads.
//!
//! The index lives in one hash, `kodama:v2:index`, with three fields:
//! - `movies`: the `/movies` document, byte for byte as served;
//! - `details`: the pages' [`DetailIndex`](app::model::DetailIndex), computed with it;
//! - `meta`: their [`IndexMeta`] as JSON (source, time, content hash, counts).
//!
//! All fields are written by one Lua script, which Redis runs atomically, and read by one
//! `HMGET`, so a reader always gets documents together with their own metadata, never a
//! half-written set. The key holds everything in one hash slot, so this works unchanged on
//! a Redis Cluster.

use std::time::Duration;

use app::api::ssr::StoredIndex;
use app::model::IndexMeta;
use fred::prelude::*;

use crate::config::RedisUrl;

/// The key of the index. The version names the layout of the fields, so a new layout is
/// written beside the old one while old servers still read theirs. (Version 1 had no
/// `details`; a `kodama:v1:index` left by an older Kodama is not read, and can be deleted.)
pub const INDEX_KEY: &str = "kodama:v2:index";
const MOVIES_FIELD: &str = "movies";
const DETAILS_FIELD: &str = "details";
const META_FIELD: &str = "meta";

/// Replaces the key's content with the index's fields.
const REPLACE_SCRIPT: &str = r#"
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV))
"#;

/// Writes the index only if there is none yet, in one step, so that a snapshot can never
/// replace upstream data that another server stored a moment earlier.
const WRITE_IF_ABSENT_SCRIPT: &str = r#"
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
"#;

/// A Redis command that takes longer than this is treated as failed, so that a hung Redis
/// cannot hang a request.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(2);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const POOL_SIZE: usize = 4;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("a Redis command failed")]
    Redis(#[from] fred::error::Error),
    #[error("the stored index is damaged: {0}")]
    Damaged(String),
}

/// Reads and writes the index in Redis. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct IndexStore {
    pool: Pool,
}

impl IndexStore {
    /// Starts connecting to Redis and returns at once. Until the connection is up, commands
    /// wait up to `COMMAND_TIMEOUT` and then fail; lost connections are re-established in
    /// the background with exponential backoff, without limit.
    pub fn connect(url: &RedisUrl) -> Result<Self, CacheError> {
        let config = Config::from_url(url.expose())?;
        let pool = Builder::from_config(config)
            .with_config(|config| config.fail_fast = false)
            .with_connection_config(|connection| connection.connection_timeout = CONNECT_TIMEOUT)
            .with_performance_config(|performance| {
                performance.default_command_timeout = COMMAND_TIMEOUT
            })
            .set_policy(ReconnectPolicy::new_exponential(0, 100, 2_000, 2))
            .build_pool(POOL_SIZE)?;

        log_connection_events(&pool);
        // `connect` spawns the connection tasks and returns their join handle. The handle
        // only reports when those tasks end, which is never with an unlimited reconnect
        // policy, so it is dropped (which does not stop the tasks).
        drop(pool.connect());

        Ok(Self { pool })
    }

    /// The documents and their metadata, read together in one command. While the connection
    /// is down, the command waits for it (up to `COMMAND_TIMEOUT`).
    pub async fn read(&self) -> Result<Option<StoredIndex>, CacheError> {
        self.read_with(&Options::default()).await
    }

    /// Like `read`, but failing at once while the connection is down: for a reader with a
    /// copy of its own to answer from instead of waiting.
    pub async fn read_or_fail_fast(&self) -> Result<Option<StoredIndex>, CacheError> {
        let fail_fast = Options {
            fail_fast: true,
            ..Options::default()
        };
        self.read_with(&fail_fast).await
    }

    async fn read_with(&self, options: &Options) -> Result<Option<StoredIndex>, CacheError> {
        let (movies_json, details_json, meta_json): (
            Option<String>,
            Option<String>,
            Option<String>,
        ) = self
            .pool
            .with_options(options)
            .hmget(INDEX_KEY, vec![MOVIES_FIELD, DETAILS_FIELD, META_FIELD])
            .await
            .map_err(damage_or_failure)?;

        let (Some(movies_json), Some(details_json), Some(meta_json)) =
            (movies_json, details_json, meta_json)
        else {
            return Ok(None);
        };
        let meta: IndexMeta = serde_json::from_str(&meta_json)
            .map_err(|error| CacheError::Damaged(format!("metadata: {error}")))?;

        Ok(Some(StoredIndex::new(movies_json, details_json, meta)))
    }

    /// Replaces whatever the key holds (even something else written there by mistake) with
    /// the index, documents and metadata together, in one atomic step.
    pub async fn write(&self, index: &StoredIndex) -> Result<(), CacheError> {
        let args = index_fields(index);

        self.pool
            .eval::<(), _, _, _>(REPLACE_SCRIPT, vec![INDEX_KEY], args)
            .await?;
        Ok(())
    }

    /// Stores the index only if none is stored yet. Returns whether it was written.
    pub async fn write_if_absent(&self, index: &StoredIndex) -> Result<bool, CacheError> {
        let args = index_fields(index);

        let written: i64 = self
            .pool
            .eval(WRITE_IF_ABSENT_SCRIPT, vec![INDEX_KEY], args)
            .await?;
        Ok(written == 1)
    }
}

/// The arguments of the write scripts: field names and values, in turn.
fn index_fields(index: &StoredIndex) -> Vec<String> {
    vec![
        MOVIES_FIELD.to_owned(),
        index.movies_json.clone(),
        DETAILS_FIELD.to_owned(),
        index.details_json.clone(),
        META_FIELD.to_owned(),
        meta_json(&index.meta),
    ]
}

/// A key of the wrong type means something else wrote there: the index is damaged, and the
/// next write replaces it. Other errors are Redis failing.
fn damage_or_failure(error: fred::error::Error) -> CacheError {
    if error.details().starts_with("WRONGTYPE") {
        CacheError::Damaged(error.details().to_owned())
    } else {
        CacheError::Redis(error)
    }
}

fn meta_json(meta: &IndexMeta) -> String {
    // Cannot fail: IndexMeta is strings, numbers and a timestamp, with no maps.
    serde_json::to_string(meta).expect("IndexMeta serializes to JSON")
}

/// Sends the pool's connection errors and reconnections to the log, once per event.
fn log_connection_events(pool: &Pool) {
    for client in pool.clients() {
        client.on_error(|(error, server)| async move {
            let server = server.map(|server| server.to_string());
            tracing::warn!(error.message = %error, server = server.as_deref(), "Redis connection error");
            Ok(())
        });
        client.on_reconnect(|server| async move {
            tracing::info!(%server, "connected to Redis");
            Ok(())
        });
    }
}
