//! Shared helpers for the integration tests: a client pointed at a loopback mock, fixtures,
//! the seeds' example bodies, and exact-request matchers.
#![allow(dead_code, reason = "each test binary uses a different subset")]

pub mod raw_server;

use std::time::Duration;

use httpmock::{Method, MockServer, When};
use lomi::types::{
    CheckoutSessionCreate, CheckoutSessionUpdate, CurrencyCode, Metadata, PaymentLinkCreate,
    PaymentLinkUpdate,
};

/// A test key; tests check it never leaks.
pub const KEY: &str = "lomi_sk_test_0123456789abcdef";

/// The seeds' example bodies, byte for byte (api-contract.md).
pub const CREATE_SESSION_JSON: &str = r#"{"amount":15000,"currency_code":"XOF","product_id":"prod_1234567890abcdef","success_url":"https://example.com/success","cancel_url":"https://example.com/cancel","customer_email":"customer@example.com"}"#;
pub const CREATE_LINK_JSON: &str = r#"{"title":"Premium Membership","amount":50000,"currency_code":"XOF","description":"Annual premium membership","product_id":"prod_1234567890abcdef"}"#;
pub const UPDATE_JSON: &str = r#"{"metadata":{"updated_at":"2025-11-21T13:32:16.240Z","updated_reason":"Administrative update"}}"#;
pub const LIST_QUERY: &str = "limit=20&offset=0&sort=created_at:desc";

/// The seed checkout session body.
pub fn create_session_body() -> CheckoutSessionCreate {
    CheckoutSessionCreate {
        amount: Some(15000.into()),
        currency_code: Some(CurrencyCode::Xof),
        product_id: Some("prod_1234567890abcdef".into()),
        success_url: Some("https://example.com/success".into()),
        cancel_url: Some("https://example.com/cancel".into()),
        customer_email: Some("customer@example.com".into()),
        ..Default::default()
    }
}

/// The seed payment link body.
pub fn create_link_body() -> PaymentLinkCreate {
    PaymentLinkCreate {
        title: Some("Premium Membership".into()),
        amount: Some(50000.into()),
        currency_code: Some(CurrencyCode::Xof),
        description: Some("Annual premium membership".into()),
        product_id: Some("prod_1234567890abcdef".into()),
        ..Default::default()
    }
}

fn update_metadata() -> Metadata {
    Metadata::from_iter([
        ("updated_at", "2025-11-21T13:32:16.240Z"),
        ("updated_reason", "Administrative update"),
    ])
}

/// The seed update body, for sessions.
pub fn update_session_body() -> CheckoutSessionUpdate {
    CheckoutSessionUpdate {
        metadata: Some(update_metadata()),
        ..Default::default()
    }
}

/// The seed update body, for links.
pub fn update_link_body() -> PaymentLinkUpdate {
    PaymentLinkUpdate {
        metadata: Some(update_metadata()),
        ..Default::default()
    }
}

/// A client for the mock server under `/v1`, retrying fast so tests stay quick.
pub fn client(server: &MockServer) -> lomi::Client {
    builder(server).build().expect("a valid test client")
}

/// A builder for the mock server under `/v1` with millisecond backoff.
pub fn builder(server: &MockServer) -> lomi::ClientBuilder {
    lomi::Client::builder(KEY)
        .base_url(server.url("/v1"))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .timeout(Duration::from_secs(10))
}

/// A fixture from `tests/fixtures/`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
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
        .header_exists("user-agent")
        .is_true(|req| {
            req.headers()
                .get("user-agent")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|ua| ua.starts_with("lomi-rust/"))
        });
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
