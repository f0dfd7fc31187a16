//! Free ports on loopback.

use std::net::{Ipv4Addr, TcpListener};

/// A port that was free a moment ago. Another process could take it before the caller binds
/// it; on a test machine that is rare enough, and the caller's bind then fails loudly.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a free port");
    listener
        .local_addr()
        .expect("a bound listener has an address")
        .port()
}
