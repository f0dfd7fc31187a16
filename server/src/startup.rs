//! Wiring: builds the router and the refresher from the settings and runs them together.
//!
//! `Application::build` binds the listener first (port 0 picks a free port, which the tests
//! use) and `run_until_stopped` serves until the shutdown future completes, then lets
//! in-flight requests and the refresh under way finish.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use app::api::ssr::IndexReader;
use app::{shell, App};
use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::trace::TraceLayer;

use crate::cache::IndexStore;
use crate::config::Settings;
use crate::refresher::Refresher;
use crate::routes::movies::movies_get;
use crate::upstream::GhibliClient;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: IndexStore,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for IndexStore {
    fn from_ref(state: &AppState) -> Self {
        state.store.clone()
    }
}

/// A bound, ready-to-run Kodama: web server plus refresher.
pub struct Application {
    listener: TcpListener,
    router: Router,
    refresher: Refresher,
}

impl Application {
    /// Connects the clients and binds the listener at `settings.site_addr`.
    pub async fn build(settings: &Settings, leptos_options: LeptosOptions) -> anyhow::Result<Self> {
        let store = IndexStore::connect(&settings.redis_url).with_context(|| {
            format!("cannot set up the Redis client for {}", settings.redis_url)
        })?;
        let upstream =
            GhibliClient::new(settings.ghibli_api_url.clone(), settings.upstream_timeout)
                .context("cannot set up the HTTP client for the upstream")?;
        let refresher = Refresher::new(upstream, store.clone(), settings.refresh_interval);

        let listener = TcpListener::bind(settings.site_addr)
            .await
            .with_context(|| format!("cannot listen on {}", settings.site_addr))?;
        let router = router(AppState {
            leptos_options,
            store,
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
        let server_stopping = stopping.clone();
        let served = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(async move {
                tokio::select! {
                    () = shutdown => {}
                    () = server_stopping.cancelled() => {}
                }
            })
            .await;

        stopping.cancel();
        refresher.await.context("the refresher task failed")?;
        served.context("the web server failed")
    }
}

/// The routes: `/movies`, the Leptos pages and server functions, then static files and the
/// 404 page for everything else.
pub fn router(state: AppState) -> Router {
    let reader: Arc<dyn IndexReader> = Arc::new(state.store.clone());
    let provide_reader = move || provide_context(reader.clone());
    let options = state.leptos_options.clone();

    Router::new()
        .route("/movies", get(movies_get))
        .leptos_routes_with_context(
            &state,
            generate_route_list(App),
            provide_reader,
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
