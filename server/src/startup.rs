//! Wiring: builds the router and the refresher from the settings and runs them together.
//!
//! `Application::build` binds the listener first (port 0 picks a free port, which the tests
//! use) and `run_until_stopped` serves until the shutdown future completes, then lets
//! in-flight requests and the refresh under way finish.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use app::api::ssr::IndexReader;
use app::{shell, App};
use axum::extract::FromRef;
use axum::http::{header, HeaderValue, Method};
use axum::routing::{any, get};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::cache::{IndexCache, IndexStore};
use crate::config::{CorsOrigins, Settings};
use crate::refresher::{Refresher, StatusBoard};
use crate::routes::errors::{api_not_found, read_only_method_not_allowed};
use crate::routes::movies::{movies_get, MoviesCachePolicy};
use crate::routes::status::status_get;
use crate::upstream::GhibliClient;

/// What every request handler can reach; each field is also an extractor of its own
/// (`State<IndexCache>`, ...) through the derived `FromRef`.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub cache: IndexCache,
    pub movies_policy: MoviesCachePolicy,
    pub refresh_status: StatusBoard,
    pub cors_origins: Option<CorsOrigins>,
}

/// How long requests under way may take to finish once shutdown has begun.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A bound, ready-to-run Kodama: web server plus refresher.
pub struct Application {
    listener: TcpListener,
    router: Router,
    refresher: Refresher,
}

impl Application {
    /// Connects the clients and binds the listener at `settings.site_addr`.
    pub async fn build(settings: &Settings, leptos_options: LeptosOptions) -> anyhow::Result<Self> {
        Self::build_with_upstream(settings, leptos_options, upstream_client(settings)?).await
    }

    /// Like `build`, with an upstream client made elsewhere (tests use one whose name
    /// resolution fails, to play a DNS failure without sending a query anywhere).
    pub async fn build_with_upstream(
        settings: &Settings,
        leptos_options: LeptosOptions,
        upstream: GhibliClient,
    ) -> anyhow::Result<Self> {
        let refresher = build_refresher(settings, upstream)?;

        let listener = TcpListener::bind(settings.site_addr)
            .await
            .with_context(|| format!("cannot listen on {}", settings.site_addr))?;
        let router = router(AppState {
            leptos_options,
            cache: refresher.cache().clone(),
            movies_policy: MoviesCachePolicy::from_refresh_interval(settings.refresh_interval),
            refresh_status: refresher.status(),
            cors_origins: settings.cors_origins.clone(),
        });

        Ok(Self {
            listener,
            router,
            refresher,
        })
    }

    /// The address actually bound (useful when the settings asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves and refreshes until `shutdown` completes, then stops both cleanly.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let address = self.local_addr();
        let stopping = CancellationToken::new();
        let refresher = tokio::spawn(
            self.refresher
                .run_until_stopped(stopping.clone().cancelled_owned()),
        );

        tracing::info!(%address, "serving Kodama");
        // The signal stops accepting connections; requests under way get SHUTDOWN_GRACE to
        // finish, so that an idle or stalled client cannot hold the process open.
        let signal_watch = tokio::spawn({
            let stopping = stopping.clone();
            async move {
                shutdown.await;
                stopping.cancel();
            }
        });
        let serving = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(stopping.clone().cancelled_owned());
        let served = tokio::select! {
            served = serving => served,
            () = async {
                stopping.cancelled().await;
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } => {
                tracing::warn!(grace = ?SHUTDOWN_GRACE, "requests still open after the grace period: stopping anyway");
                Ok(())
            }
        };

        signal_watch.abort();
        stopping.cancel();
        refresher.await.context("the refresher task failed")?;
        served.context("the web server failed")
    }
}

/// CORS for the JSON API: none at all unless origins are configured, and then read-only
/// requests from those origins, without credentials.
fn cors_layer(origins: Option<&CorsOrigins>) -> CorsLayer {
    let allowed = match origins {
        None => return CorsLayer::new(),
        Some(CorsOrigins::Any) => AllowOrigin::any(),
        Some(CorsOrigins::List(origins)) => AllowOrigin::list(
            origins
                .iter()
                .filter_map(|origin| HeaderValue::from_str(origin).ok()),
        ),
    };

    CorsLayer::new()
        .allow_origin(allowed)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([header::IF_NONE_MATCH])
        .expose_headers([header::ETAG, header::LAST_MODIFIED, header::AGE])
}

/// The refresher, with a Redis client as `settings` describe it.
pub fn build_refresher(settings: &Settings, upstream: GhibliClient) -> anyhow::Result<Refresher> {
    let store = IndexStore::connect(&settings.redis_url)
        .with_context(|| format!("cannot set up the Redis client for {}", settings.redis_url))?;

    Ok(Refresher::new(
        upstream,
        IndexCache::new(store),
        settings.refresh_interval,
    ))
}

/// The upstream client, as `settings` describe it.
pub fn upstream_client(settings: &Settings) -> anyhow::Result<GhibliClient> {
    GhibliClient::new(settings.ghibli_api_url.clone(), settings.upstream_timeout)
        .context("cannot set up the HTTP client for the upstream")
}

/// The routes: the JSON API, the Leptos pages and server functions, then static files and
/// the 404 page for everything else.
pub fn router(state: AppState) -> Router {
    let reader: Arc<dyn IndexReader> = Arc::new(state.cache.clone());
    let provide_reader = move || provide_context(reader.clone());
    let options = state.leptos_options.clone();

    let api = Router::new()
        .route(
            "/movies",
            get(movies_get).fallback(read_only_method_not_allowed),
        )
        .route(
            "/status",
            get(status_get).fallback(read_only_method_not_allowed),
        )
        .layer(cors_layer(state.cors_origins.as_ref()));

    Router::new()
        .merge(api)
        .route("/movies/", any(api_not_found))
        .route("/movies/{*rest}", any(api_not_found))
        .route("/api/", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .leptos_routes_with_context(
            &state,
            generate_route_list(App),
            provide_reader,
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
