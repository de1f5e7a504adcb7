//! The code `build.rs` generates from `openapi.yaml` into `OUT_DIR`.
//!
//! - `types.rs`: the API's data types (progenitor's typify output), the open enums, the number
//!   aliases and the query-parameter structs; becomes `lomi::types`. Generated docs come from
//!   the spec's descriptions, so `missing_docs` is relaxed, and clippy's style lints with it.
//! - `methods.rs`: each operation's request, built once, and the methods that send it on
//!   `Client` (and, with feature `async`, on `AsyncClient`), plus iterators and streams.
//! - `mock.rs` (feature `mock`): progenitor's typed httpmock helpers.

/// The API's data types, generated from `openapi.yaml`.
///
/// Every field is optional, as in the API: build a body with struct-update syntax and send
/// only what you set.
///
/// # Example
///
/// ```
/// use lomi::types::{CheckoutSessionCreate, CurrencyCode};
///
/// let body = CheckoutSessionCreate {
///     amount: Some(15000.into()),
///     currency_code: Some(CurrencyCode::Xof),
///     ..Default::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&body).unwrap(),
///     r#"{"amount":15000,"currency_code":"XOF"}"#
/// );
/// ```
#[allow(missing_docs, clippy::all, clippy::pedantic)]
pub mod types {
    include!(concat!(env!("OUT_DIR"), "/types.rs"));
}

include!(concat!(env!("OUT_DIR"), "/methods.rs"));

/// Typed [httpmock](https://docs.rs/httpmock) helpers for every operation (feature `mock`):
/// test your own code that calls lomi. against a local mock server.
///
/// Point the client at `server.base_url()`, or at `server.url(path)` with the path of the spec's
/// first server: the mocks match both.
/// A path value matches exactly the id the client sends, whatever characters it holds.
///
/// # Example
///
/// ```no_run
/// use httpmock::MockServer;
/// use lomi::mock::MockServerExt as _;
///
/// let server = MockServer::start();
/// let mock = server.retrieve_checkout_session(|when, then| {
///     let when = when.session_id("cs_1");
///     then.ok(&lomi::types::CheckoutSession::default());
/// });
/// ```
#[cfg(feature = "mock")]
#[allow(missing_docs, clippy::all, clippy::pedantic)]
pub mod mock {
    include!(concat!(env!("OUT_DIR"), "/mock.rs"));

    /// A path value as the client sends it (percent-encoded into one segment), escaped for the
    /// mocks' path regexes, so a mock for an id matches the client's request for that id.
    ///
    /// ```
    /// assert_eq!(lomi::mock::path_value("cs_(weird)+id"), r"cs_%28weird%29%2Bid");
    /// ```
    pub fn path_value(value: &str) -> String {
        regex::escape(&crate::call::path::encode_segment(value))
    }
}
