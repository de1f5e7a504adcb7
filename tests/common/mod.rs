//! Shared helpers for the integration tests:
//!
//! - [`operations`]: the table of the ten operations (request, wire form, fixture, call), and
//!   lomi.'s example bodies and parameters, which `openapi.yaml` gives as each operation's
//!   `example` (the bodies live in `tests/fixtures/requests/`);
//! - `capture` (feature `tracing`): a subscriber that records the crate's spans and events;
//! - [`clients`]: both clients behind one handle, so that a test runs against each;
//! - [`expect`]: what an outcome must be (error variant, kind, status), the key never shown;
//! - [`pages`]: a list server's pages and a walk over them;
//! - [`raw_server`]: a raw-socket server for the faults httpmock can't make;
//! - [`scripted`]: a loopback server that hands each connection to a closure;
//! - [`sneaky`]: the control and bidi characters a hostile server sends;
//! - [`tls`]: a test CA and a server certificate for the loopback TLS servers;
//! - below: the test key, fixtures, and exact-request matchers for httpmock.
#![allow(
    dead_code,
    unused_imports,
    unused_macros,
    reason = "each test binary (and the bench) uses a different subset"
)]

#[cfg(feature = "tracing")]
pub mod capture;
pub mod clients;
pub mod expect;
pub mod operations;
pub mod pages;
pub mod raw_server;
pub mod scripted;
pub mod sneaky;
pub mod tls;

use std::time::Duration;

use httpmock::{Method, MockServer, When};

pub(crate) use clients::call;
pub use clients::{AnyClient, Kind, for_each_client, for_each_kind};
pub use expect::*;
pub use operations::*;

/// A test key; tests check it never leaks.
pub const KEY: &str = "lomi_sk_test_0123456789abcdef";

/// The `User-Agent` every request carries when the caller names no product.
pub const USER_AGENT: &str = concat!("lomi-rust/", env!("CARGO_PKG_VERSION"));

/// A fixture from `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A builder for the mock server under `/v1` with millisecond backoff.
pub fn builder(server: &MockServer) -> lomi::ClientBuilder {
    lomi::Client::builder(KEY)
        .base_url(server.url("/v1"))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .timeout(Duration::from_secs(10))
}

/// A blocking client for the mock server under `/v1`, retrying fast so tests stay quick.
pub fn client(server: &MockServer) -> lomi::Client {
    builder(server).build().expect("a valid test client")
}

/// Matches exactly one request: method, raw path and query, the headers every request sends,
/// and the body byte for byte (or no body and no `Content-Type`).
pub fn exactly(when: When, method: Method, uri: &str, body: Option<&str>) -> When {
    let uri = uri.to_owned();
    let when = when
        .method(method)
        .is_true(move |req| path_and_query(req) == uri)
        .header("x-api-key", KEY)
        .header("accept", "application/json")
        .header("user-agent", USER_AGENT)
        .header_missing("idempotency-key");
    match body {
        Some(body) => when.header("content-type", "application/json").body(body),
        None => when
            .header_missing("content-type")
            .is_true(|req| req.body_ref().is_empty()),
    }
}

/// The raw path and query of a request, as sent.
pub fn path_and_query(req: &httpmock::HttpMockRequest) -> String {
    req.uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_default()
}
