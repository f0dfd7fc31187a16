//! A bounded soak test of the built `kodama` binary, on loopback only.
//!
//! Starts a private `redis-server`, the fake upstream and `kodama`, then for `--seconds`
//! (default 60) loads `/movies` and `/` from a few clients while it cycles the upstream
//! through faults and stops, restarts and flushes Redis. At the end it prints:
//! - the number of requests;
//! - non-2xx answers (and failed connections) after the first good answer: target zero;
//! - times Redis held worse data than before (fewer films or people, or the snapshot after
//!   live data): target zero.
//!
//! It exits non-zero when a target is missed.
//!
//! `cargo run --release -p kodama-testkit --bin soak -- --seconds 60 --kodama target/release/kodama`

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use kodama_testkit::{Behaviour, FakeUpstream, RedisServer};
use serde_json::Value;
use tokio::process::Command;
use tokio::sync::Mutex;

const CLIENTS: usize = 4;

#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    failures_after_first_good: AtomicU64,
    worse_data: AtomicU64,
    empty_cache_seen: AtomicU64,
    first_good_seen: AtomicBool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (seconds, kodama_path) = arguments()?;
    let redis = Arc::new(Mutex::new(RedisServer::start().await?));
    let upstream = Arc::new(Mutex::new(FakeUpstream::start().await?));
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let base = format!("http://127.0.0.1:{port}");

    let redis_url = redis.lock().await.url();
    let upstream_url = upstream.lock().await.url();
    let mut kodama = Command::new(&kodama_path)
        .env("REDIS_URL", redis_url)
        .env("GHIBLI_API_URL", upstream_url)
        .env("REFRESH_INTERVAL", "1s")
        .env("UPSTREAM_TIMEOUT", "1s")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("cannot start {}", kodama_path.display()))?;
    wait_until_serving(&base).await?;

    let counters = Arc::new(Counters::default());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        tasks.push(tokio::spawn(load(
            base.clone(),
            client,
            deadline,
            counters.clone(),
        )));
    }
    tasks.push(tokio::spawn(watch_data(
        redis.clone(),
        deadline,
        counters.clone(),
    )));
    tasks.push(tokio::spawn(cycle_faults(
        redis.clone(),
        upstream.clone(),
        deadline,
    )));
    for task in tasks {
        task.await??;
    }
    kodama.kill().await.ok();

    report(&counters)
}

fn arguments() -> anyhow::Result<(u64, PathBuf)> {
    let mut seconds = 60;
    let mut kodama = PathBuf::from("target/release/kodama");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => seconds = args.next().context("--seconds takes a number")?.parse()?,
            "--kodama" => kodama = args.next().context("--kodama takes a path")?.into(),
            other => bail!("unknown argument {other}; use --seconds N and --kodama PATH"),
        }
    }
    Ok((seconds, kodama))
}

async fn wait_until_serving(base: &str) -> anyhow::Result<()> {
    for _ in 0..200 {
        if let Ok(response) = reqwest::get(format!("{base}/movies")).await {
            if response.status().is_success() {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("kodama did not serve /movies within 10 s")
}

/// One client: `/movies` and `/` in turn, as fast as they answer.
async fn load(
    base: String,
    client: usize,
    deadline: Instant,
    counters: Arc<Counters>,
) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    let paths = ["/movies", "/"];
    let mut turn = client;

    while Instant::now() < deadline {
        let path = paths[turn % paths.len()];
        turn += 1;
        let good = match http.get(format!("{base}{path}")).send().await {
            Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
            Err(_) => false,
        };

        counters.requests.fetch_add(1, Ordering::Relaxed);
        if good {
            counters.first_good_seen.store(true, Ordering::Relaxed);
        } else if counters.first_good_seen.load(Ordering::Relaxed) {
            counters
                .failures_after_first_good
                .fetch_add(1, Ordering::Relaxed);
            eprintln!("non-2xx or failed request for {path}");
        }
    }
    Ok(())
}

/// Reads the stored metadata every 100 ms and counts every step down in quality.
async fn watch_data(
    redis: Arc<Mutex<RedisServer>>,
    deadline: Instant,
    counters: Arc<Counters>,
) -> anyhow::Result<()> {
    let mut best: Option<(usize, usize)> = None;
    let mut live_seen = false;

    while Instant::now() < deadline {
        let reply = redis
            .lock()
            .await
            .command(&["HGET", "kodama:v2:index", "meta"])
            .await;
        match reply.ok().and_then(|reply| bulk_string(&reply)) {
            Some(meta) => {
                let meta: Value = serde_json::from_str(&meta)?;
                let counts = (
                    meta["film_count"].as_u64().unwrap_or(0) as usize,
                    meta["person_count"].as_u64().unwrap_or(0) as usize,
                );
                let snapshot = meta["source"] == "snapshot";
                let shrank =
                    best.is_some_and(|(films, persons)| counts.0 < films || counts.1 < persons);
                if shrank || (snapshot && live_seen) {
                    counters.worse_data.fetch_add(1, Ordering::Relaxed);
                    eprintln!("worse data stored: {meta}");
                }
                live_seen |= !snapshot;
                best = Some(best.map_or(counts, |(films, persons)| {
                    (films.max(counts.0), persons.max(counts.1))
                }));
            }
            None => {
                counters.empty_cache_seen.fetch_add(1, Ordering::Relaxed);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

/// The value of a RESP bulk-string reply, `None` for a nil reply or anything else.
fn bulk_string(reply: &str) -> Option<String> {
    let rest = reply.strip_prefix('$')?;
    let (length, body) = rest.split_once("\r\n")?;
    let length: usize = length.parse().ok()?;
    body.get(..length).map(str::to_owned)
}

/// Every 3 s the upstream changes behaviour; every third step Redis is restarted or flushed.
async fn cycle_faults(
    redis: Arc<Mutex<RedisServer>>,
    upstream: Arc<Mutex<FakeUpstream>>,
    deadline: Instant,
) -> anyhow::Result<()> {
    let garbage = Behaviour::Serve {
        films: "<html>down</html>".into(),
        people: "[]".into(),
    };
    let no_films = Behaviour::Serve {
        films: "[]".into(),
        people: "[]".into(),
    };
    let behaviours = [
        Behaviour::Fail(500),
        Behaviour::Hang,
        garbage,
        Behaviour::Huge {
            bytes: 16 * 1024 * 1024,
        },
        Behaviour::Trickle,
        Behaviour::FailOnly {
            collection: "people",
            status: 503,
        },
        no_films,
        Behaviour::Healthy,
    ];

    let mut step = 0;
    while Instant::now() + Duration::from_secs(3) < deadline {
        let behaviour = behaviours[step % behaviours.len()].clone();
        eprintln!("step {step}: upstream {behaviour:?}");
        upstream.lock().await.set_behaviour(behaviour);
        match step % 6 {
            2 => {
                eprintln!("step {step}: Redis restarts empty");
                let mut redis = redis.lock().await;
                redis.stop().await;
                tokio::time::sleep(Duration::from_millis(500)).await;
                redis.restart().await?;
            }
            5 => {
                eprintln!("step {step}: Redis flushed");
                redis.lock().await.flush_all().await?;
            }
            _ => {}
        }
        step += 1;
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    upstream.lock().await.set_behaviour(Behaviour::Healthy);
    Ok(())
}

fn report(counters: &Counters) -> anyhow::Result<()> {
    let requests = counters.requests.load(Ordering::Relaxed);
    let failures = counters.failures_after_first_good.load(Ordering::Relaxed);
    let worse = counters.worse_data.load(Ordering::Relaxed);
    let empty = counters.empty_cache_seen.load(Ordering::Relaxed);

    println!("requests: {requests}");
    println!("non-2xx answers after the first good one: {failures} (target 0)");
    println!("times Redis held worse data than before: {worse} (target 0)");
    println!("times Redis held no index at all (after a restart or flush): {empty}");
    if failures > 0 || worse > 0 {
        bail!("the soak missed a target");
    }
    Ok(())
}
