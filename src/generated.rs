//! The code `build.rs` generates from `openapi.yaml` into `OUT_DIR`.
//!
//! - `types.rs`: the API's data types (progenitor's typify output), the open enums, the number
//!   aliases and the query-parameter structs; becomes `lomi::types`. Generated docs come from
//!   the spec's descriptions, so `missing_docs` is relaxed, and clippy's style lints with it.
//! - `blocking.rs`: `impl Client` with one method per operation and the list iterators.

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

include!(concat!(env!("OUT_DIR"), "/blocking.rs"));
