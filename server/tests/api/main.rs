//! Integration tests: the real server in-process, a real `redis-server` and a fake upstream on
//! loopback (from `kodama-testkit`). Set `TEST_LOG=1` to see the server's logs.

mod helpers;
mod hostile_data;
mod http;
mod movies;
mod page;
mod redis_faults;
mod refresher;
mod security;
mod upstream_faults;
