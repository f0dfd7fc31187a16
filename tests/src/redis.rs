//! A private `redis-server` for one test.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

use crate::ports::free_port;

/// A `redis-server` on a free loopback port, with no persistence, killed when dropped.
pub struct RedisServer {
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts a server and waits until it answers `PING`.
    pub async fn start() -> anyhow::Result<Self> {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("kodama-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir)?;

        let mut server = Self {
            port,
            dir,
            child: None,
        };
        server.restart().await?;
        Ok(server)
    }

    /// `redis://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Kills the server (as a crash would) and waits until it is gone.
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    /// Starts the server again on the same port, empty, as after a restart without
    /// persistence.
    pub async fn restart(&mut self) -> anyhow::Result<()> {
        self.stop().await;
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context(
                "cannot run redis-server: is it installed and on PATH? (scripts/setup installs it)",
            )?;
        self.child = Some(child);

        self.wait_until_ready().await
    }

    /// Sends one command, given as its words, and returns the raw reply.
    pub async fn command(&self, words: &[&str]) -> anyhow::Result<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).await?;
        stream.write_all(encode_command(words).as_bytes()).await?;

        let mut reply = vec![0; 64 * 1024];
        let read = stream.read(&mut reply).await?;
        Ok(String::from_utf8_lossy(&reply[..read]).into_owned())
    }

    /// Empties every database, as `FLUSHALL` from an operator would.
    pub async fn flush_all(&self) -> anyhow::Result<()> {
        let reply = self.command(&["FLUSHALL"]).await?;
        if !reply.starts_with("+OK") {
            bail!("FLUSHALL answered {reply:?}");
        }
        Ok(())
    }

    async fn wait_until_ready(&self) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(reply) = self.command(&["PING"]).await {
                if reply.starts_with("+PONG") {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        bail!(
            "redis-server on port {} did not answer PING within 10 s",
            self.port
        )
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.start_kill();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Encodes a command in RESP, the form every Redis server reads.
fn encode_command(words: &[&str]) -> String {
    let mut encoded = format!("*{}\r\n", words.len());
    for word in words {
        encoded.push_str(&format!("${}\r\n{word}\r\n", word.len()));
    }
    encoded
}
