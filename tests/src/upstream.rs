//! A stand-in for the Studio Ghibli API on loopback.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures::StreamExt;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::fixtures::{FILMS_JSON, PEOPLE_JSON};

/// How the fake upstream answers `GET /films` and `GET /people`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// The real data, as the API serves it.
    Healthy,
    /// These bodies instead (films, people), with status 200.
    Serve { films: String, people: String },
    /// This status with a short HTML error page, as a proxy in front of a sick API sends.
    Fail(u16),
    /// Accepts the request and never answers.
    Hang,
    /// Answers 200 and then sends the body one byte every 100 ms, forever.
    Trickle,
    /// Answers 200 with a body of this many bytes, far past any real collection.
    Huge { bytes: usize },
    /// This collection (`films` or `people`) answers with this status; the other is healthy.
    FailOnly {
        collection: &'static str,
        status: u16,
    },
}

/// The fake API. Stop it to make its port refuse connections; start it again on the same
/// port to bring it back.
pub struct FakeUpstream {
    address: SocketAddr,
    behaviour: Arc<Mutex<Behaviour>>,
    requests: Arc<Mutex<usize>>,
    task: Option<JoinHandle<()>>,
}

impl FakeUpstream {
    /// Starts serving the real data on a free port.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_at(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts serving the real data at `address`.
    pub async fn start_at(address: SocketAddr) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(address).await?;
        let mut upstream = Self {
            address: listener.local_addr()?,
            behaviour: Arc::new(Mutex::new(Behaviour::Healthy)),
            requests: Arc::new(Mutex::new(0)),
            task: None,
        };

        upstream.serve(listener);
        Ok(upstream)
    }

    /// A port on which nothing listens: an upstream that is down from the start.
    pub async fn stopped() -> anyhow::Result<Self> {
        let mut upstream = Self::start().await?;
        upstream.stop();
        Ok(upstream)
    }

    /// `http://127.0.0.1:<port>`, the value for `GHIBLI_API_URL`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn set_behaviour(&self, behaviour: Behaviour) {
        *self.behaviour.lock().expect("behaviour lock") = behaviour;
    }

    /// Requests answered or accepted so far, over both collections.
    pub fn request_count(&self) -> usize {
        *self.requests.lock().expect("request counter lock")
    }

    /// Closes the port: connections are refused until `resume`.
    pub fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }

    /// Listens on the same port again, with the current behaviour.
    pub async fn resume(&mut self) -> anyhow::Result<()> {
        self.stop();
        // The aborted server's listener closes asynchronously; retry the bind briefly.
        let mut attempts = 0;
        let listener = loop {
            match TcpListener::bind(self.address).await {
                Ok(listener) => break listener,
                Err(error) if attempts >= 50 => return Err(error.into()),
                Err(_) => {
                    attempts += 1;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        };

        self.serve(listener);
        Ok(())
    }

    fn serve(&mut self, listener: TcpListener) {
        let state = FakeState {
            behaviour: self.behaviour.clone(),
            requests: self.requests.clone(),
        };
        let router = Router::new()
            .route("/{collection}", get(collection))
            .with_state(state);

        self.task = Some(tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        }));
    }
}

impl Drop for FakeUpstream {
    fn drop(&mut self) {
        self.stop();
    }
}

#[derive(Clone)]
struct FakeState {
    behaviour: Arc<Mutex<Behaviour>>,
    requests: Arc<Mutex<usize>>,
}

async fn collection(Path(name): Path<String>, State(state): State<FakeState>) -> Response {
    *state.requests.lock().expect("request counter lock") += 1;
    let behaviour = state.behaviour.lock().expect("behaviour lock").clone();

    let mut response = match behaviour {
        Behaviour::Healthy => real_data(&name),
        Behaviour::Serve { films, people } => match name.as_str() {
            "films" => json(films),
            "people" => json(people),
            _ => StatusCode::NOT_FOUND.into_response(),
        },
        Behaviour::Fail(status) => error_page(status),
        Behaviour::FailOnly { collection, status } if collection == name => error_page(status),
        Behaviour::FailOnly { .. } => real_data(&name),
        Behaviour::Hang => std::future::pending().await,
        Behaviour::Trickle => json_stream(trickle()),
        Behaviour::Huge { bytes } => json_stream(padding(bytes)),
    };

    // No keep-alive: once stopped, the fake must refuse every request, including those a
    // client would have sent on a connection opened earlier.
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

fn error_page(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "text/html")],
        "<html><body>Error</body></html>",
    )
        .into_response()
}

type Chunks = futures::stream::BoxStream<'static, Result<Vec<u8>, std::io::Error>>;

fn json_stream(chunks: Chunks) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        Body::from_stream(chunks),
    )
        .into_response()
}

/// `[` and then a space every 100 ms.
fn trickle() -> Chunks {
    let opening = futures::stream::once(async { Ok(b"[".to_vec()) });
    let spaces = futures::stream::unfold((), |()| async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        Some((Ok(b" ".to_vec()), ()))
    });
    Box::pin(opening.chain(spaces))
}

/// A JSON list opened and padded with spaces to `bytes`, in 64 KiB chunks, never closed.
fn padding(bytes: usize) -> Chunks {
    const CHUNK: usize = 64 * 1024;
    let opening = futures::stream::once(async { Ok(b"[".to_vec()) });
    let spaces = futures::stream::iter((0..bytes / CHUNK).map(|_| Ok(vec![b' '; CHUNK])));
    Box::pin(opening.chain(spaces))
}

fn real_data(name: &str) -> Response {
    match name {
        "films" => json(FILMS_JSON.to_owned()),
        "people" => json(PEOPLE_JSON.to_owned()),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

fn json(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
