//! Test harness for Kodama: real services on loopback, started and stopped by the tests.
//!
//! - [`RedisServer`]: a private `redis-server` on a free port, which a test can stop, restart
//!   and flush.
//! - [`FakeUpstream`]: the Studio Ghibli API served from the real data in `fixtures/`, whose
//!   behaviour a test can switch (healthy, failing, garbage, hanging) or stop altogether.
//! - [`fixtures`]: that data, and the `/movies` document it must produce.
//! - [`FailingResolver`]: name resolution that always fails, for DNS outages.

mod dns;
pub mod fixtures;
mod ports;
mod redis;
mod upstream;

pub use dns::FailingResolver;
pub use redis::RedisServer;
pub use upstream::{Behaviour, FakeUpstream};
