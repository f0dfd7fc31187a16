//! Server functions: how the pages read the cached film index.
//!
//! The pages never talk to the upstream API. They call these functions, which run on the
//! server and read whatever the refresher last stored. The server binary decides where that
//! is by providing an [`ssr::IndexReader`] as Leptos context; this crate only knows the trait.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

use crate::model::{FilmData, HomeData, PersonData};

/// Why a page could not get its data. Sent to the browser as JSON, so it carries only what a
/// visitor may see: the server logs the details.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum PageError {
    #[error("The film data is not ready yet. It appears within seconds of the server starting.")]
    NotReady,
    #[error("The film data cannot be read right now. Please try again shortly.")]
    Unavailable,
    #[error("There is no film or person with this id.")]
    NotFound,
    /// A call to a server function whose arguments do not parse: not something the pages
    /// send, but what a hand-made request gets, with status 400.
    #[error("The request is not understood: {0}")]
    BadRequest(String),
    /// The browser could not reach the server, or not understand its answer. The detail is
    /// kept for developers (it is in the error's debug form) but not shown to visitors.
    #[error("The server could not be reached. Check your connection and try again.")]
    Transport(String),
}

impl FromServerFnError for PageError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server, these errors are about the arguments a client sent.
        #[cfg(feature = "ssr")]
        if let ServerFnErrorErr::Args(_)
        | ServerFnErrorErr::MissingArg(_)
        | ServerFnErrorErr::Deserialization(_) = value
        {
            ssr::set_status(http::StatusCode::BAD_REQUEST);
            return PageError::BadRequest(value.to_string());
        }

        PageError::Transport(value.to_string())
    }
}

/// Every film with its details and people, for the home page.
#[server(prefix = "/api", endpoint = "films")]
pub async fn get_films() -> Result<HomeData, PageError> {
    let (details, freshness) = ssr::read_details().await?;

    Ok(HomeData {
        films: details.films.clone(),
        freshness,
    })
}

/// One film, for its page.
#[server(prefix = "/api", endpoint = "film")]
pub async fn get_film(film_id: String) -> Result<FilmData, PageError> {
    let (details, freshness) = ssr::read_details().await?;

    let film = details.film(&film_id).cloned().ok_or_else(ssr::not_found)?;
    Ok(FilmData { film, freshness })
}

/// One person, for their page.
#[server(prefix = "/api", endpoint = "person")]
pub async fn get_person(person_id: String) -> Result<PersonData, PageError> {
    let (details, freshness) = ssr::read_details().await?;

    let person = details
        .person(&person_id)
        .cloned()
        .ok_or_else(ssr::not_found)?;
    Ok(PersonData { person, freshness })
}

/// Server-side plumbing of the server functions.
#[cfg(feature = "ssr")]
pub mod ssr {
    use std::sync::{Arc, OnceLock};

    use chrono::Utc;
    use http::{header::RETRY_AFTER, HeaderValue, StatusCode};
    use leptos::prelude::use_context;
    use leptos_axum::ResponseOptions;

    use super::PageError;
    use crate::model::{DetailIndex, Freshness, IndexMeta};

    /// A stored index: the `/movies` document byte for byte as the refresher wrote it, the
    /// pages' details computed with it, and their metadata.
    #[derive(Clone, Debug)]
    pub struct StoredIndex {
        pub movies_json: String,
        pub details_json: String,
        pub meta: IndexMeta,
        /// `details_json` parsed, on first use. The cache keeps one `StoredIndex` per
        /// document for as long as it is current, so pages parse each document once.
        parsed_details: OnceLock<Arc<DetailIndex>>,
    }

    impl StoredIndex {
        pub fn new(movies_json: String, details_json: String, meta: IndexMeta) -> Self {
            Self {
                movies_json,
                details_json,
                meta,
                parsed_details: OnceLock::new(),
            }
        }

        /// The pages' details, parsed once and then shared.
        pub fn details(&self) -> Result<Arc<DetailIndex>, serde_json::Error> {
            if let Some(parsed) = self.parsed_details.get() {
                return Ok(parsed.clone());
            }
            let parsed = Arc::new(serde_json::from_str(&self.details_json)?);
            Ok(self.parsed_details.get_or_init(|| parsed).clone())
        }
    }

    /// Equal when the stored data is: whether it was parsed yet does not matter.
    impl PartialEq for StoredIndex {
        fn eq(&self, other: &Self) -> bool {
            self.movies_json == other.movies_json
                && self.details_json == other.details_json
                && self.meta == other.meta
        }
    }

    impl Eq for StoredIndex {}

    /// An index as read for one request.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct ServedIndex {
        pub index: Arc<StoredIndex>,
        /// True when the cache could not give a current document and this is the last one
        /// the server read. Stale data is still good data: it was valid when stored.
        pub stale: bool,
    }

    impl ServedIndex {
        pub fn details(&self) -> Result<Arc<DetailIndex>, serde_json::Error> {
            self.index.details()
        }

        /// What a page served now says about the freshness of this data.
        pub fn freshness(&self) -> Freshness {
            let meta = &self.index.meta;
            Freshness {
                computed_at: meta.computed_at,
                source: meta.source,
                snapshot_taken_on: meta.snapshot_taken_on,
                served_at: Utc::now(),
                stale: self.stale,
            }
        }
    }

    /// Where server functions read the index from. The server provides an
    /// `Arc<dyn IndexReader>` as context; tests may provide their own.
    #[async_trait::async_trait]
    pub trait IndexReader: Send + Sync {
        /// The current index (or the last one read, marked stale, while the cache is
        /// unreachable), or `None` while nothing has been stored yet.
        async fn read_index(&self) -> anyhow::Result<Option<ServedIndex>>;
    }

    /// The pages' details and their freshness, from the reader in context.
    pub(crate) async fn read_details() -> Result<(Arc<DetailIndex>, Freshness), PageError> {
        let Some(reader) = use_context::<Arc<dyn IndexReader>>() else {
            tracing::error!("no IndexReader in context: the server was wired up without one");
            return Err(PageError::Unavailable);
        };

        let served = match reader.read_index().await {
            Ok(Some(served)) => served,
            Ok(None) => {
                tell_client_to_retry();
                return Err(PageError::NotReady);
            }
            Err(error) => {
                tracing::error!(
                    error.cause_chain = %format!("{error:#}"),
                    "cannot read the film index"
                );
                tell_client_to_retry();
                return Err(PageError::Unavailable);
            }
        };

        let details = served.details().map_err(|error| {
            tracing::error!(error.message = %error, "the stored details do not parse");
            PageError::Unavailable
        })?;
        Ok((details, served.freshness()))
    }

    /// `NotFound`, with the response marked 404 so that the page (or the server function's
    /// answer) says so in its status too.
    pub(crate) fn not_found() -> PageError {
        set_status(StatusCode::NOT_FOUND);
        PageError::NotFound
    }

    /// Sets the status of the response being made, page or server function answer.
    pub(crate) fn set_status(status: StatusCode) {
        if let Some(response) = use_context::<ResponseOptions>() {
            response.set_status(status);
        }
    }

    /// Marks the current response as "try again soon": 503 with `Retry-After`, so that a
    /// page rendered before the first refresh is not cached or indexed as a real answer.
    fn tell_client_to_retry() {
        if let Some(response) = use_context::<ResponseOptions>() {
            response.set_status(StatusCode::SERVICE_UNAVAILABLE);
            response.insert_header(RETRY_AFTER, HeaderValue::from_static("5"));
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::model::DataSource;

        fn stored(details_json: &str) -> StoredIndex {
            let meta = IndexMeta {
                computed_at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
                source: DataSource::Upstream,
                content_hash: String::new(),
                film_count: 0,
                person_count: 0,
                skipped_references: 0,
                skipped_records: 0,
                snapshot_taken_on: None,
            };
            StoredIndex::new("{}".into(), details_json.into(), meta)
        }

        #[test]
        fn details_are_parsed_once_and_shared() {
            let index = stored(r#"{"films":[],"people":{}}"#);

            let first = index.details().unwrap();
            let second = index.details().unwrap();

            assert!(Arc::ptr_eq(&first, &second));
        }

        #[test]
        fn details_that_do_not_parse_are_an_error_every_time() {
            let index = stored("not json");

            assert!(index.details().is_err());
            assert!(index.details().is_err());
        }

        #[test]
        fn parsing_does_not_change_equality() {
            let parsed = stored(r#"{"films":[],"people":{}}"#);
            parsed.details().unwrap();

            assert_eq!(parsed, stored(r#"{"films":[],"people":{}}"#));
        }
    }
}
