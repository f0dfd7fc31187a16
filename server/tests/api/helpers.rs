//! Starting a Kodama for one test, with its own Redis and fake upstream.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use app::api::ssr::StoredIndex;
use kodama_testkit::{FakeUpstream, RedisServer};
use leptos::config::LeptosOptions;
use server::cache::{IndexCache, IndexStore};
use server::config::{CorsOrigins, RedisUrl, Settings};
use server::refresher::{Refresher, StatusBoard};
use server::routes::movies::MoviesCachePolicy;
use server::startup::{build_refresher, router, AppState, Application};
use server::upstream::GhibliClient;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long a test waits for something the server does in the background.
const PATIENCE: Duration = Duration::from_secs(15);

static TRACING: LazyLock<()> = LazyLock::new(|| {
    if std::env::var_os("TEST_LOG").is_some() {
        server::telemetry::init();
    }
});

/// What a test may change about the server it starts.
pub struct Options {
    pub refresh_interval: Duration,
    pub upstream_timeout: Duration,
    pub cors_origins: Option<CorsOrigins>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            refresh_interval: Duration::from_secs(60),
            upstream_timeout: Duration::from_secs(5),
            cors_origins: None,
        }
    }
}

/// A running Kodama with its Redis and upstream.
pub struct TestApp {
    pub address: SocketAddr,
    pub redis: RedisServer,
    pub upstream: FakeUpstream,
    pub store: IndexStore,
    pub http: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

/// Kodama with a healthy upstream and the default options.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(FakeUpstream::start().await.unwrap(), Options::default()).await
}

pub async fn spawn_app_with(upstream: FakeUpstream, options: Options) -> TestApp {
    LazyLock::force(&TRACING);
    let redis = RedisServer::start().await.expect("start redis-server");
    let settings = settings(&redis, &upstream, &options);

    let application = Application::build(&settings, leptos_options())
        .await
        .expect("build the app");
    let address = application.local_addr();
    let (stop, stopped) = oneshot::channel();
    let task = tokio::spawn(application.run_until_stopped(async move {
        let _ = stopped.await;
    }));

    TestApp {
        address,
        store: IndexStore::connect(&settings.redis_url).unwrap(),
        redis,
        upstream,
        http: reqwest::Client::new(),
        stop: Some(stop),
        task: Some(task),
    }
}

/// Only the web routes, with no refresher: a server whose first refresh has not happened.
pub async fn spawn_routes_without_refresher() -> (SocketAddr, RedisServer) {
    let redis = RedisServer::start().await.unwrap();
    let store = IndexStore::connect(&RedisUrl::parse(&redis.url()).unwrap()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();

    let app = router(AppState {
        leptos_options: leptos_options(),
        cache: IndexCache::new(store),
        movies_policy: MoviesCachePolicy::from_refresh_interval(Duration::from_secs(60)),
        refresh_status: StatusBoard::default(),
        cors_origins: None,
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    (address, redis)
}

fn settings(redis: &RedisServer, upstream: &FakeUpstream, options: &Options) -> Settings {
    settings_for(&redis.url(), &upstream.url(), options)
}

/// Settings for a server on a free port with this Redis and upstream.
pub fn settings_for(redis_url: &str, upstream_url: &str, options: &Options) -> Settings {
    Settings {
        command: None,
        redis_url: RedisUrl::parse(redis_url).unwrap(),
        ghibli_api_url: upstream_url.parse().unwrap(),
        refresh_interval: options.refresh_interval,
        upstream_timeout: options.upstream_timeout,
        site_addr: "127.0.0.1:0".parse().unwrap(),
        cors_origins: options.cors_origins.clone(),
    }
}

/// A refresher alone (no web server) on this Redis and upstream, as a second server would
/// run it.
pub fn refresher_for(redis_url: &str, upstream: &FakeUpstream) -> Refresher {
    let settings = settings_for(redis_url, &upstream.url(), &Options::default());
    let client = GhibliClient::new(settings.ghibli_api_url.clone(), settings.upstream_timeout);

    build_refresher(&settings, client.unwrap()).unwrap()
}

pub fn leptos_options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("kodama")
        .site_root("target/site")
        .build()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers")
    }

    /// Waits until the stored index satisfies `condition`, and returns it.
    pub async fn wait_for_stored(&self, condition: impl Fn(&StoredIndex) -> bool) -> StoredIndex {
        let store = self.store.clone();
        eventually(
            || {
                let store = store.clone();
                async move { store.read().await.ok().flatten() }
            },
            condition,
        )
        .await
    }

    /// Stops the server and waits for it to finish its requests and refresh.
    pub async fn shut_down(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task.take().unwrap().await?
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// Polls `probe` until it gives a value that satisfies `condition`; panics after `PATIENCE`.
pub async fn eventually<T, F, Fut>(probe: F, condition: impl Fn(&T) -> bool) -> T
where
    F: Fn() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(value) = probe().await {
            if condition(&value) {
                return value;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the condition did not hold within {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

impl TestApp {
    /// `GET /status` as JSON.
    pub async fn status(&self) -> serde_json::Value {
        self.get("/status")
            .await
            .json()
            .await
            .expect("/status answers JSON")
    }

    /// Waits until the refresher has counted `count` failures of `kind` in all.
    pub async fn wait_for_failures(&self, kind: &str, count: u64) -> serde_json::Value {
        eventually(
            || async { Some(self.status().await) },
            |status| status["refresher"]["failures_by_kind"][kind].as_u64() >= Some(count),
        )
        .await
    }
}
