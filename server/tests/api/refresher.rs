//! The background refresher, its snapshot fallback, and what a failing upstream must not do.

use std::time::Duration;

use app::model::DataSource;
use kodama_testkit::fixtures::{FILM_COUNT, PERSON_ENTRY_COUNT};
use kodama_testkit::{Behaviour, FakeUpstream};

use crate::helpers::{spawn_app, spawn_app_with, Options};

fn fast_refresh() -> Options {
    Options {
        refresh_interval: Duration::from_millis(200),
        ..Options::default()
    }
}

#[tokio::test]
async fn the_refresher_fills_redis_from_the_upstream_at_start_up() {
    let app = spawn_app().await;

    let stored = app.wait_for_stored(|_| true).await;

    assert_eq!(stored.meta.source, DataSource::Upstream);
    assert_eq!(stored.meta.film_count, FILM_COUNT);
    assert_eq!(stored.meta.person_count, PERSON_ENTRY_COUNT);
    assert_eq!(stored.meta.skipped_references, 17);
    assert_eq!(
        app.upstream.request_count(),
        2,
        "one request per collection"
    );
}

#[tokio::test]
async fn the_refresher_refreshes_again_every_interval() {
    let app = spawn_app_with(FakeUpstream::start().await.unwrap(), fast_refresh()).await;
    let first = app.wait_for_stored(|_| true).await;

    let later = app
        .wait_for_stored(|stored| stored.meta.computed_at > first.meta.computed_at)
        .await;

    assert_eq!(later.movies_json, first.movies_json);
    assert!(app.upstream.request_count() >= 4);
}

#[tokio::test]
async fn movies_stays_unchanged_while_the_upstream_is_down() {
    let mut app = spawn_app_with(FakeUpstream::start().await.unwrap(), fast_refresh()).await;
    app.wait_for_stored(|_| true).await;

    app.upstream.stop();
    // Let a refresh that was under way when the upstream stopped finish storing.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = app.store.read().await.unwrap().unwrap();
    let body_before = app.get("/movies").await.text().await.unwrap();
    // Several refresh intervals pass with the upstream refusing connections.
    tokio::time::sleep(Duration::from_secs(1)).await;

    let response = app.get("/movies").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), body_before);
    assert_eq!(
        app.store.read().await.unwrap().unwrap(),
        before,
        "metadata kept as well"
    );
}

#[tokio::test]
async fn failing_or_garbage_upstream_answers_never_replace_the_stored_index() {
    let app = spawn_app_with(FakeUpstream::start().await.unwrap(), fast_refresh()).await;
    let first = app.wait_for_stored(|_| true).await;
    let bad_answers = [
        Behaviour::Fail(500),
        Behaviour::Fail(404),
        Behaviour::Serve {
            films: "<html>oops</html>".into(),
            people: "[]".into(),
        },
        Behaviour::Serve {
            films: r#"[{"id":"x","title":"X"}"#.into(),
            people: "[]".into(),
        },
        Behaviour::Serve {
            films: r#"{"films":[]}"#.into(),
            people: "[]".into(),
        },
        Behaviour::Serve {
            films: "[]".into(),
            people: "[]".into(),
        },
    ];

    for behaviour in bad_answers {
        app.upstream.set_behaviour(behaviour.clone());
        // A healthy refresh may have been under way at the switch: let it land first.
        wait_for_requests(&app, 2).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        let before = app.store.read().await.unwrap().unwrap();

        wait_for_requests(&app, 4).await;

        let after = app.store.read().await.unwrap().unwrap();
        assert_eq!(after, before, "the index changed under {behaviour:?}");
        assert_eq!(after.movies_json, first.movies_json);
    }

    // And the next good answer is taken again.
    let before = app.store.read().await.unwrap().unwrap();
    app.upstream.set_behaviour(Behaviour::Healthy);
    app.wait_for_stored(|stored| stored.meta.computed_at > before.meta.computed_at)
        .await;
}

/// Waits until the fake upstream has seen `count` more requests.
async fn wait_for_requests(app: &crate::helpers::TestApp, count: usize) {
    let target = app.upstream.request_count() + count;
    while app.upstream.request_count() < target {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_cold_start_with_the_upstream_down_serves_the_snapshot_until_the_upstream_returns() {
    let upstream = FakeUpstream::stopped().await.unwrap();
    let mut app = spawn_app_with(upstream, fast_refresh()).await;

    let snapshot = app.wait_for_stored(|_| true).await;
    assert_eq!(snapshot.meta.source, DataSource::Snapshot);
    assert_eq!(snapshot.meta.film_count, FILM_COUNT);
    assert_eq!(app.get("/movies").await.status(), 200);

    app.upstream.resume().await.unwrap();
    let live = app
        .wait_for_stored(|stored| stored.meta.source == DataSource::Upstream)
        .await;
    assert_eq!(
        live.movies_json, snapshot.movies_json,
        "the snapshot holds the same data"
    );
}

#[tokio::test]
async fn a_cold_start_with_a_hanging_upstream_still_serves_the_snapshot() {
    let upstream = FakeUpstream::start().await.unwrap();
    upstream.set_behaviour(Behaviour::Hang);
    let options = Options {
        upstream_timeout: Duration::from_secs(60),
        ..Options::default()
    };

    let app = spawn_app_with(upstream, options).await;

    // The upstream would take a minute to time out; the snapshot comes long before that.
    let stored = app.wait_for_stored(|_| true).await;
    assert_eq!(stored.meta.source, DataSource::Snapshot);
}

#[tokio::test]
async fn the_server_shuts_down_cleanly_when_asked() {
    let app = spawn_app().await;
    app.wait_for_stored(|_| true).await;

    let result = app.shut_down().await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn a_stalled_client_cannot_hold_the_shutdown_open() {
    use tokio::io::AsyncWriteExt;

    let app = spawn_app().await;
    app.wait_for_stored(|_| true).await;
    // A client that starts a request and never finishes it.
    let mut stalled = tokio::net::TcpStream::connect(app.address).await.unwrap();
    stalled.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();

    let shutdown = tokio::time::timeout(Duration::from_secs(30), app.shut_down()).await;

    assert!(matches!(shutdown, Ok(Ok(()))), "{shutdown:?}");
    drop(stalled);
}
