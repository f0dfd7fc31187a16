//! Server functions: how the page reads the cached film index.
//!
//! The page never talks to the upstream API. It calls `get_movies_page`, which runs on the
//! server and reads whatever the refresher last stored. The server binary decides where that
//! is by providing an [`ssr::IndexReader`] as Leptos context; this crate only knows the trait.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

use crate::model::MoviesPage;

/// Why the page could not get the film index. Sent to the browser as JSON, so it carries
/// only what a visitor may see: the server logs the details.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum PageError {
    #[error("The film list is not ready yet. It appears within seconds of the server starting.")]
    NotReady,
    #[error("The film list cannot be read right now. Please try again shortly.")]
    Unavailable,
    #[error("The server could not be reached: {0}")]
    Transport(String),
}

impl FromServerFnError for PageError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        PageError::Transport(value.to_string())
    }
}

/// Reads the film index and its metadata from the server's cache.
#[server(prefix = "/api", endpoint = "movies_page")]
pub async fn get_movies_page() -> Result<MoviesPage, PageError> {
    use self::ssr::{tell_client_to_retry, IndexReader};

    let Some(reader) = use_context::<std::sync::Arc<dyn IndexReader>>() else {
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

    served.to_page().map_err(|error| {
        tracing::error!(error.message = %error, "the stored film index does not parse");
        PageError::Unavailable
    })
}

/// Server-side plumbing of the server functions.
#[cfg(feature = "ssr")]
pub mod ssr {
    use std::sync::Arc;

    use crate::model::{IndexMeta, MoviesIndex, MoviesPage};

    /// A stored `/movies` document, byte for byte as the refresher wrote it, with its metadata.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct StoredIndex {
        pub movies_json: String,
        pub meta: IndexMeta,
    }

    /// An index as read for one request.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct ServedIndex {
        pub index: Arc<StoredIndex>,
        /// True when the cache could not give a current document and this is the last one
        /// the server read. Stale data is still good data: it was valid when stored.
        pub stale: bool,
    }

    impl ServedIndex {
        /// Parses the document into the page's list, keeping its film order.
        pub fn to_page(&self) -> Result<MoviesPage, serde_json::Error> {
            let index: MoviesIndex = serde_json::from_str(&self.index.movies_json)?;

            Ok(MoviesPage::from_index(
                index,
                self.index.meta.clone(),
                self.stale,
            ))
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

    /// Marks the current response as "try again soon": 503 with `Retry-After`, so that a
    /// page rendered before the first refresh is not cached or indexed as a real answer.
    pub(crate) fn tell_client_to_retry() {
        use http::{header::RETRY_AFTER, HeaderValue, StatusCode};
        use leptos::prelude::use_context;
        use leptos_axum::ResponseOptions;

        if let Some(response) = use_context::<ResponseOptions>() {
            response.set_status(StatusCode::SERVICE_UNAVAILABLE);
            response.insert_header(RETRY_AFTER, HeaderValue::from_static("5"));
        }
    }
}
