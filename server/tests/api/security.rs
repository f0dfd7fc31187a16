//! Security basics: CORS only when configured, security headers and a Content-Security-Policy
//! on the pages, no internals in error bodies.

use kodama_testkit::FakeUpstream;
use reqwest::header;
use server::config::CorsOrigins;

use crate::helpers::{spawn_app, spawn_app_with, Options};

#[tokio::test]
async fn without_configured_origins_there_are_no_cors_headers() {
    let app = spawn_app().await;
    app.wait_for_stored(|_| true).await;

    let response = app
        .http
        .get(app.url("/movies"))
        .header(header::ORIGIN, "https://elsewhere.example")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert!(response
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
}

#[tokio::test]
async fn configured_origins_may_read_the_api_and_others_may_not() {
    let origins = CorsOrigins::parse("https://friend.example").unwrap();
    let options = Options {
        cors_origins: Some(origins),
        ..Options::default()
    };
    let app = spawn_app_with(FakeUpstream::start().await.unwrap(), options).await;
    app.wait_for_stored(|_| true).await;

    let allowed_for = |origin: &'static str| {
        let request = app
            .http
            .get(app.url("/movies"))
            .header(header::ORIGIN, origin);
        async move {
            let response = request.send().await.unwrap();
            response
                .headers()
                .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .cloned()
        }
    };

    assert_eq!(
        allowed_for("https://friend.example").await.unwrap(),
        "https://friend.example"
    );
    assert!(allowed_for("https://stranger.example").await.is_none());
    let preflight = app
        .http
        .request(reqwest::Method::OPTIONS, app.url("/movies"))
        .header(header::ORIGIN, "https://friend.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert!(preflight
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .is_none());
}

#[tokio::test]
async fn pages_carry_a_nonce_based_content_security_policy_and_security_headers() {
    let app = spawn_app().await;
    app.wait_for_stored(|_| true).await;

    let response = app.get("/").await;

    let headers = response.headers().clone();
    let policy = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the policy names a nonce");
    let html = response.text().await.unwrap();
    // Every inline script of the page carries the response's nonce.
    let scripts = html.matches("<script").count();
    assert!(scripts > 0);
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "{html}"
    );
}
