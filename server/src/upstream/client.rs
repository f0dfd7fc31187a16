//! Fetches `/films` and `/people` from the upstream, concurrently, with timeouts and a cap on
//! how much of a body is read.

use std::time::Duration;

use reqwest::{header, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::config::redacted;

use super::records::{parse_collection, Catalog, FilmRecord, Parsed, PersonRecord};

/// Connecting takes a fraction of this on any working network; waiting longer only delays
/// the fallback to the cache or the snapshot.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// The real collections are about 25 KB each. Anything past 8 MiB is not the Ghibli API, and
/// reading it would only cost memory.
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Why a fetch from the upstream failed. Every variant names the collection it was reading;
/// the underlying cause is its `source()`, which logs show through `cause_chain`.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("could not fetch /{collection}")]
    Request {
        collection: &'static str,
        #[source]
        source: reqwest::Error,
    },
    #[error("/{collection} answered HTTP {status}")]
    Status {
        collection: &'static str,
        status: StatusCode,
    },
    #[error("/{collection} sent more than {limit} bytes")]
    TooLarge {
        collection: &'static str,
        limit: usize,
    },
    #[error("/{collection} is not the expected JSON")]
    Decode {
        collection: &'static str,
        #[source]
        source: serde_path_to_error::Error<serde_json::Error>,
    },
}

impl UpstreamError {
    /// A short, stable name for counting failures and for `/status`.
    pub fn kind(&self) -> &'static str {
        match self {
            UpstreamError::Request { source, .. } if source.is_timeout() => "upstream_timeout",
            UpstreamError::Request { source, .. } if source.is_connect() => "upstream_unreachable",
            UpstreamError::Request { .. } => "upstream_request",
            UpstreamError::Status { .. } => "upstream_status",
            UpstreamError::TooLarge { .. } => "upstream_too_large",
            UpstreamError::Decode { .. } => "upstream_invalid",
        }
    }
}

/// HTTP client for the Studio Ghibli API.
#[derive(Clone, Debug)]
pub struct GhibliClient {
    http: reqwest::Client,
    base_url: Url,
}

impl GhibliClient {
    /// A client for the API at `base_url`; `timeout` bounds each request, body included.
    pub fn new(base_url: Url, timeout: Duration) -> Result<Self, reqwest::Error> {
        let http = Self::http_client_builder(timeout).build()?;

        Ok(Self::with_http_client(base_url, http))
    }

    /// The HTTP client settings Kodama uses, for callers that add their own (tests swap the
    /// name resolver) before building.
    pub fn http_client_builder(timeout: Duration) -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .timeout(timeout)
            .user_agent(concat!("kodama/", env!("CARGO_PKG_VERSION")))
    }

    /// A client for the API at `base_url` that sends its requests through `http`.
    pub fn with_http_client(base_url: Url, http: reqwest::Client) -> Self {
        Self { http, base_url }
    }

    /// Fetches both collections at once; fails if either fails.
    #[tracing::instrument(name = "fetch upstream catalog", skip_all, fields(base_url = %redacted(&self.base_url)))]
    pub async fn fetch_catalog(&self) -> Result<Catalog, UpstreamError> {
        let (films, people) = tokio::try_join!(
            self.fetch_collection::<FilmRecord>("films"),
            self.fetch_collection::<PersonRecord>("people"),
        )?;

        let skipped_records = films.skipped + people.skipped;
        tracing::debug!(
            films = films.records.len(),
            people = people.records.len(),
            skipped_records,
            "fetched the upstream catalog"
        );
        Ok(Catalog {
            films: films.records,
            people: people.records,
            skipped_records,
        })
    }

    async fn fetch_collection<T: DeserializeOwned>(
        &self,
        collection: &'static str,
    ) -> Result<Parsed<T>, UpstreamError> {
        let request_failed = |source| UpstreamError::Request { collection, source };

        let response = self
            .http
            .get(self.collection_url(collection))
            .header(header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(request_failed)?;

        let status = response.status();
        if !status.is_success() {
            return Err(UpstreamError::Status { collection, status });
        }

        let body = read_capped(response, collection).await?;
        parse_collection(&body).map_err(|source| UpstreamError::Decode { collection, source })
    }

    fn collection_url(&self, collection: &str) -> String {
        format!(
            "{}/{collection}",
            self.base_url.as_str().trim_end_matches('/')
        )
    }
}

/// Reads a body chunk by chunk and stops as soon as it passes `MAX_BODY_BYTES`, so a huge or
/// endless body costs at most that much memory.
async fn read_capped(
    mut response: reqwest::Response,
    collection: &'static str,
) -> Result<Vec<u8>, UpstreamError> {
    let too_large = UpstreamError::TooLarge {
        collection,
        limit: MAX_BODY_BYTES,
    };
    if response
        .content_length()
        .is_some_and(|length| length > MAX_BODY_BYTES as u64)
    {
        return Err(too_large);
    }

    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|source| UpstreamError::Request { collection, source })?
    {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }

    Ok(body)
}
