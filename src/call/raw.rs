//! A request the spec does not describe: another lomi. resource, or a path lomi. has renamed.
//! It goes through the same call path as every generated method (key, user agent, timeouts,
//! retries by method, limits, redaction, typed errors, logging); only its path is the caller's,
//! and that path is checked so that it can only name a resource under the client's base URL.

use std::fmt::Display;

use http::Method;
use serde::Serialize;

use crate::Error;
use crate::call::path::{check_segment, encode_segment};
use crate::call::query::QueryWriter;
use crate::call::request::Request;

/// A request to any path under the client's base URL, for what the spec does not describe;
/// send it with `Client::send` (a typed or `serde_json::Value` answer) or
/// `Client::send_empty` (an empty success), or the same methods of `AsyncClient`. Extra
/// headers come from the handle it is sent on (`client.with_header(…)?.send(&request)`).
///
/// The path is relative to the base URL and is checked: it starts with `/`, and no segment is
/// empty, `.` or `..`; `?`, `#`, `%` and `\` are refused (give query parameters with
/// [`query`](Self::query), and segments unencoded: the client percent-encodes each one). So a
/// raw request can never leave the base URL's host or climb above its path, and the key goes
/// nowhere else.
///
/// A `POST` is a create: like a generated create, it is never sent again once it may have
/// reached the server (see [`Error::may_have_been_processed`]).
///
/// # Example
///
/// `GET /checkout-sessions` on lomi.'s server as it serves it (a bare array), with a spec that
/// does not describe it:
///
/// ```no_run
/// # fn main() -> Result<(), lomi::Error> {
/// let client = lomi::Client::builder("lomi_sk_live_…")
///     .base_url("https://api.lomi.africa")
///     .build()?;
/// let request = lomi::RawRequest::get("/checkout-sessions")?
///     .query("status", "open")
///     .query("limit", 50);
/// let sessions: Vec<lomi::types::CheckoutSession> = client.send(&request)?;
///
/// // Any JSON, and an id kept to one segment whatever it holds.
/// let one = lomi::RawRequest::get("/checkout-sessions")?.segment("cs_1234567890abcdef")?;
/// let session: serde_json::Value = client.send(&one)?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a request does nothing until a client sends it"]
pub struct RawRequest {
    method: Method,
    /// The path, each segment percent-encoded.
    path: String,
    /// The path as logs and traces show it: the literal segments, and `{id}` for each added
    /// with [`segment`](Self::segment), so no id reaches a log line or a span's name.
    template: String,
    /// `?name=value&…`, encoded, or empty.
    query: String,
    body: Option<Vec<u8>>,
}

impl RawRequest {
    fn new(method: Method, path: &str) -> Result<Self, Error> {
        let Some(rest) = path.strip_prefix('/') else {
            return Err(Error::invalid_request(format!(
                "a raw request's path must start with `/` (it is relative to the base URL): `{}`",
                path.escape_debug()
            )));
        };
        if let Some(c) = path.chars().find(|c| matches!(c, '?' | '#' | '%' | '\\')) {
            return Err(Error::invalid_request(format!(
                "a raw request's path must not hold `{c}`: give query parameters with \
                 `.query(…)` and segments unencoded"
            )));
        }
        let mut request = Self {
            method,
            path: String::with_capacity(path.len()),
            template: String::with_capacity(path.len()),
            query: String::new(),
            body: None,
        };
        if !rest.is_empty() {
            for segment in rest.split('/') {
                // A segment of the literal path is part of the template, not an id.
                request = request.push_segment(segment, Shown::AsItself)?;
            }
        }
        Ok(request)
    }

    /// A `GET` of `path` (relative to the base URL, such as `/checkout-sessions`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the path does not start with `/`, has an empty, `.` or
    /// `..` segment, or holds `?`, `#`, `%` or `\`.
    ///
    /// ```
    /// assert!(lomi::RawRequest::get("/checkout-sessions").is_ok());
    /// assert!(lomi::RawRequest::get("/../admin").is_err());
    /// assert!(lomi::RawRequest::get("https://evil.example/x").is_err());
    /// assert!(lomi::RawRequest::get("//evil.example/x").is_err());
    /// ```
    pub fn get(path: &str) -> Result<Self, Error> {
        Self::new(Method::GET, path)
    }

    /// A `POST` of `path`: a create, never sent again once it may have reached the server.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    ///
    /// ```
    /// let _ = lomi::RawRequest::post("/checkout-sessions")?
    ///     .json(&serde_json::json!({"currency_code": "XOF", "amount": 15000}))?;
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn post(path: &str) -> Result<Self, Error> {
        Self::new(Method::POST, path)
    }

    /// A `PUT` of `path`.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    ///
    /// ```
    /// assert!(lomi::RawRequest::put("/x").is_ok());
    /// ```
    pub fn put(path: &str) -> Result<Self, Error> {
        Self::new(Method::PUT, path)
    }

    /// A `PATCH` of `path`.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    ///
    /// ```
    /// assert!(lomi::RawRequest::patch("/x").is_ok());
    /// ```
    pub fn patch(path: &str) -> Result<Self, Error> {
        Self::new(Method::PATCH, path)
    }

    /// A `DELETE` of `path`.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    ///
    /// ```
    /// assert!(lomi::RawRequest::delete("/x").is_ok());
    /// ```
    pub fn delete(path: &str) -> Result<Self, Error> {
        Self::new(Method::DELETE, path)
    }

    /// The path with one more segment, `value` percent-encoded into it whatever it holds (an
    /// id with `/`, `?` or `..` in it stays one segment), checked as a generated method checks
    /// an id.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when `value` is empty, `.`, `..` or over 2048 bytes.
    ///
    /// ```
    /// let _ = lomi::RawRequest::get("/payment-links")?.segment("link/../x")?;
    /// assert!(lomi::RawRequest::get("/payment-links")?.segment("..").is_err());
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn segment(self, value: &str) -> Result<Self, Error> {
        self.push_segment(value, Shown::AsId)
    }

    /// The path with `value` checked and added as one more segment; the template shows it as
    /// `shown` says.
    fn push_segment(mut self, value: &str, shown: Shown) -> Result<Self, Error> {
        check_segment("path segment", value)?;
        let encoded = encode_segment(value);
        self.path.push('/');
        self.path.push_str(&encoded);
        self.template.push('/');
        self.template.push_str(match shown {
            Shown::AsItself => &encoded,
            Shown::AsId => "{id}",
        });
        Ok(self)
    }

    /// The request with the query parameter `name=value` added (both percent-encoded).
    ///
    /// ```
    /// let _ = lomi::RawRequest::get("/payment-links")?
    ///     .query("linkType", "product")
    ///     .query("isActive", true);
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        let mut query = std::mem::take(&mut self.query);
        let mut writer = QueryWriter::continuing(&mut query);
        writer.push(name, &value);
        self.query = query;
        self
    }

    /// The request with `body` as its JSON body, serialized now.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when `body` cannot be serialized.
    ///
    /// ```
    /// let _ = lomi::RawRequest::post("/payment-links")?.json(&serde_json::json!({"title": "Tee"}))?;
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self, Error> {
        self.body = Some(crate::call::request::to_json(body)?);
        Ok(self)
    }

    /// The request the call path sends; logs and traces show its template (`{id}` for each
    /// added segment).
    pub(crate) fn to_request(&self) -> Request {
        Request::raw(
            self.method.clone(),
            self.template.clone(),
            format!("{}{}", self.path, self.query),
            self.body.clone(),
        )
    }
}

/// How a segment of a raw request's path shows in its template (logs and traces).
#[derive(Clone, Copy)]
enum Shown {
    /// A segment of the literal path: shown as it is.
    AsItself,
    /// A segment added with [`RawRequest::segment`]: shown as `{id}`, so no id reaches a log.
    AsId,
}
