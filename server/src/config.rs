//! Start-up settings, from command-line flags or environment variables.
//!
//! Everything is parsed and checked once, before anything starts: a bad value stops the
//! process with a message that names the setting, instead of failing later at run time.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;
use url::Url;

/// How Kodama is configured. Each flag can also be given as the environment variable named
/// in `kodama --help`; a flag wins over its variable.
#[derive(Clone, Debug, Parser)]
#[command(
    name = "kodama",
    version,
    about = "Serves Studio Ghibli films and their people from a Redis cache."
)]
pub struct Settings {
    /// What to do; without a command, kodama serves.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Redis that holds the film index.
    #[arg(long, global = true, env = "REDIS_URL", default_value = "redis://127.0.0.1:6379", value_parser = RedisUrlParser, hide_env_values = true)]
    pub redis_url: RedisUrl,

    /// Base URL of the Studio Ghibli API (serving /films and /people).
    #[arg(long, global = true, env = "GHIBLI_API_URL", default_value = "https://ghibliapi.vercel.app", value_parser = parse_upstream_url, hide_env_values = true)]
    pub ghibli_api_url: Url,

    /// Time between two refreshes of the index, from 1s to 24h, such as 60s, 5m or 1h.
    #[arg(long, global = true, env = "REFRESH_INTERVAL", default_value = "60s", value_parser = parse_refresh_interval)]
    pub refresh_interval: Duration,

    /// Longest time one upstream request may take, body included, from 100ms to 10m.
    #[arg(long, global = true, env = "UPSTREAM_TIMEOUT", default_value = "10s", value_parser = parse_upstream_timeout)]
    pub upstream_timeout: Duration,

    /// Origins allowed to read the API from browsers on other sites, comma-separated
    /// (`https://a.example,https://b.example`), or `*` for any. Without it, no CORS headers.
    #[arg(long, global = true, env = "CORS_ORIGINS", value_parser = CorsOrigins::parse)]
    pub cors_origins: Option<CorsOrigins>,

    /// Address and port the web server listens on.
    #[arg(
        long,
        global = true,
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:5000"
    )]
    pub site_addr: SocketAddr,
}

/// What `kodama` was asked to do.
#[derive(Clone, Debug, PartialEq, Eq, clap::Subcommand)]
pub enum Command {
    /// Serve the site and refresh the index in the background (the default).
    Serve,
    /// Refresh the index once, print the outcome, and exit.
    Refresh {
        /// Store the result even if it is much smaller than the stored index: for when the
        /// upstream really lost data and the refresher refuses it as suspicious.
        #[arg(long)]
        force: bool,
    },
}

/// Which other sites' pages may read the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CorsOrigins {
    /// Any site, as with `*`; never with credentials, which Kodama does not use.
    Any,
    /// Only these origins, each as `scheme://host[:port]`.
    List(Vec<String>),
}

impl CorsOrigins {
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.trim() == "*" {
            return Ok(Self::Any);
        }

        let origins = text
            .split(',')
            .map(str::trim)
            .filter(|origin| !origin.is_empty())
            .map(parse_origin)
            .collect::<Result<Vec<_>, _>>()?;
        if origins.is_empty() {
            return Err("name at least one origin, or *".to_owned());
        }
        Ok(Self::List(origins))
    }
}

/// An origin as browsers send it: scheme, host and port only, no path and no slash.
fn parse_origin(text: &str) -> Result<String, String> {
    let url = parse_http_url(text).map_err(|error| format!("{text}: {error}"))?;
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() || text.ends_with('/')
    {
        return Err(format!(
            "{text}: an origin has no path, like https://example.org"
        ));
    }

    Ok(url.origin().ascii_serialization())
}

/// A Redis URL whose password never shows up in logs, errors or `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisUrl(Url);

impl RedisUrl {
    /// Accepts the URL forms the Redis client understands: `redis://` and `rediss://` (TLS)
    /// for one server, `redis-cluster://` and `redis-sentinel://` (each also with `rediss`).
    pub fn parse(text: &str) -> Result<Self, String> {
        const SCHEMES: [&str; 6] = [
            "redis",
            "rediss",
            "redis-cluster",
            "rediss-cluster",
            "redis-sentinel",
            "rediss-sentinel",
        ];

        let url = Url::parse(text).map_err(|error| format!("not a URL: {error}"))?;
        if !SCHEMES.contains(&url.scheme()) {
            return Err(format!(
                "the scheme must be one of {}, not {}",
                SCHEMES.join(", "),
                url.scheme()
            ));
        }
        fred::types::config::Config::from_url(text)
            .map_err(|error| format!("not a Redis URL: {}", error.details()))?;

        Ok(Self(url))
    }

    /// The full URL, secrets included: only for handing to the Redis client.
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for RedisUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", redacted(&self.0))
    }
}

impl fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RedisUrl({self})")
    }
}

/// Parses `--redis-url` like `RedisUrl::parse`, but reports a bad value without repeating
/// it: clap's own errors quote the value, password included.
#[derive(Clone, Copy, Debug)]
pub struct RedisUrlParser;

impl clap::builder::TypedValueParser for RedisUrlParser {
    type Value = RedisUrl;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<RedisUrl, clap::Error> {
        let name = arg
            .map(ToString::to_string)
            .unwrap_or_else(|| "--redis-url".to_owned());
        let invalid = |reason: String| {
            let message = format!(
                "invalid value for '{name}' (not shown, it may hold a password): {reason}\n"
            );
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, message).with_cmd(command)
        };

        let text = value
            .to_str()
            .ok_or_else(|| invalid("not valid UTF-8".to_owned()))?;
        RedisUrl::parse(text).map_err(invalid)
    }
}

/// A URL fit for logs: any password, and any query parameter whose name suggests a secret,
/// replaced by `redacted`.
pub fn redacted(url: &Url) -> Url {
    const SECRET_WORDS: [&str; 5] = ["password", "pass", "token", "secret", "key"];
    let mut shown = url.clone();

    if shown.password().is_some() {
        // Cannot fail: the URL already has a password, so it can hold one.
        let _ = shown.set_password(Some("redacted"));
    }
    if shown.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let secret = SECRET_WORDS
                    .iter()
                    .any(|word| name.to_lowercase().contains(word));
                let value = if secret {
                    "redacted".to_owned()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown
}

fn parse_http_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|error| format!("not a URL: {error}"))?;

    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(format!("the scheme must be http or https, not {other}")),
    }
}

/// The upstream's base URL: `/films` and `/people` are appended to its path, so a query or
/// a fragment would end up in the wrong place.
fn parse_upstream_url(text: &str) -> Result<Url, String> {
    let url = parse_http_url(text)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err("a base URL takes no query (?...) or fragment (#...)".to_owned());
    }
    Ok(url)
}

fn parse_refresh_interval(text: &str) -> Result<Duration, String> {
    parse_duration_between(
        text,
        Duration::from_secs(1),
        Duration::from_secs(24 * 60 * 60),
    )
}

fn parse_upstream_timeout(text: &str) -> Result<Duration, String> {
    parse_duration_between(
        text,
        Duration::from_millis(100),
        Duration::from_secs(10 * 60),
    )
}

fn parse_duration_between(text: &str, min: Duration, max: Duration) -> Result<Duration, String> {
    let duration = humantime::parse_duration(text)
        .map_err(|error| format!("{error} (write it like 60s, 5m or 1h)"))?;

    if duration < min || duration > max {
        let (min, max) = (
            humantime::format_duration(min),
            humantime::format_duration(max),
        );
        return Err(format!("must be from {min} to {max}"));
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Settings, clap::Error> {
        Settings::try_parse_from(std::iter::once("kodama").chain(args.iter().copied()))
    }

    #[test]
    fn flags_set_every_value() {
        let settings = parse(&[
            "--redis-url=redis://127.0.0.1:7000",
            "--ghibli-api-url=http://127.0.0.1:9000",
            "--refresh-interval=5m",
            "--upstream-timeout=2s",
            "--site-addr=0.0.0.0:8080",
        ])
        .unwrap();

        assert_eq!(settings.redis_url.expose(), "redis://127.0.0.1:7000");
        assert_eq!(settings.ghibli_api_url.as_str(), "http://127.0.0.1:9000/");
        assert_eq!(settings.refresh_interval, Duration::from_secs(300));
        assert_eq!(settings.upstream_timeout, Duration::from_secs(2));
        assert_eq!(settings.site_addr, "0.0.0.0:8080".parse().unwrap());
    }

    #[test]
    fn serving_is_the_default_and_refresh_takes_force() {
        assert_eq!(parse(&[]).unwrap().command, None);
        assert_eq!(
            parse(&["refresh", "--force", "--refresh-interval=1m"])
                .unwrap()
                .command,
            Some(Command::Refresh { force: true })
        );
    }

    #[test]
    fn bad_values_are_rejected_with_the_setting_named() {
        let cases = [
            ("--refresh-interval=soon", "--refresh-interval"),
            ("--refresh-interval=0s", "--refresh-interval"),
            ("--ghibli-api-url=ftp://example.org", "--ghibli-api-url"),
            ("--redis-url=not a url", "--redis-url"),
            ("--redis-url=http://127.0.0.1", "--redis-url"),
            ("--refresh-interval=500000000000y", "--refresh-interval"),
            ("--refresh-interval=1ms", "--refresh-interval"),
            ("--upstream-timeout=1h", "--upstream-timeout"),
            (
                "--ghibli-api-url=http://127.0.0.1/base?key=abc",
                "--ghibli-api-url",
            ),
            (
                "--ghibli-api-url=http://127.0.0.1/base#top",
                "--ghibli-api-url",
            ),
            ("--site-addr=localhost", "--site-addr"),
            ("--cors-origins=https://a.example/path", "--cors-origins"),
            ("--cors-origins=ftp://a.example", "--cors-origins"),
            ("--cors-origins=,", "--cors-origins"),
        ];

        for (arg, name) in cases {
            let error = parse(&[arg]).unwrap_err().to_string();
            assert!(error.contains(name), "{arg}: {error}");
        }
    }

    #[test]
    fn cors_origins_are_an_allow_list_or_any() {
        let listed = CorsOrigins::parse("https://a.example, http://localhost:8000").unwrap();

        assert_eq!(
            listed,
            CorsOrigins::List(vec![
                "https://a.example".into(),
                "http://localhost:8000".into()
            ])
        );
        assert_eq!(CorsOrigins::parse("*").unwrap(), CorsOrigins::Any);
        assert_eq!(parse(&[]).unwrap().cors_origins, None);
    }

    #[test]
    fn a_bad_redis_url_is_reported_without_repeating_its_password() {
        for bad in [
            "redis://:hunter2@127.0.0.1:7400/abc",
            "http://:hunter2@127.0.0.1",
        ] {
            let error = parse(&[&format!("--redis-url={bad}")])
                .unwrap_err()
                .to_string();

            assert!(error.contains("--redis-url"), "{error}");
            assert!(!error.contains("hunter2"), "{error}");
        }
    }

    #[test]
    fn secrets_in_query_parameters_are_redacted_too() {
        let url = RedisUrl::parse(
            "redis-sentinel://u:pw1@127.0.0.1:26379?sentinelServiceName=m&sentinelPassword=pw2",
        )
        .unwrap();

        let shown = url.to_string();
        assert!(!shown.contains("pw1") && !shown.contains("pw2"), "{shown}");
        assert!(shown.contains("sentinelServiceName=m"), "{shown}");
    }

    #[test]
    fn redis_passwords_are_redacted_when_shown() {
        let url = RedisUrl::parse("redis://user:hunter2@127.0.0.1:6379/0").unwrap();

        assert!(!url.to_string().contains("hunter2"));
        assert!(!format!("{url:?}").contains("hunter2"));
        assert!(url.expose().contains("hunter2"));
    }
}
