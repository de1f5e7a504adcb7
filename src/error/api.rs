//! An error status from lomi.: the typed error, and how it is read from any body.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use serde_json::Value;

use crate::error::Redact;

/// How much of an error body a client keeps unless told otherwise.
pub(crate) const DEFAULT_ERROR_BODY_LIMIT: u64 = 64 * 1024;
use crate::error::quote::{QUOTE_LIMIT, excerpt, quote};

/// An error status from lomi., with everything the server said about it.
///
/// Built from the documented body `{"error": {"code", "message", "details"}}`, from the
/// framework's `{"statusCode", "message", "error"}`, or from any other body (an HTML page from a
/// proxy, say), whose first bytes become the message.
///
/// # Example
///
/// ```no_run
/// # fn main() -> Result<(), lomi::Error> {
/// # let client = lomi::Client::from_env()?;
/// if let Err(lomi::Error::Api(e)) = client.delete_payment_link("link_1234567890abcdef") {
///     eprintln!("{} {:?}: {}", e.status(), e.code(), e.message());
///     eprintln!("request id {:?}, raw body {}", e.request_id(), e.body());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub(crate) status: u16,
    pub(crate) code: Option<String>,
    pub(crate) message: String,
    pub(crate) details: Option<serde_json::Value>,
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: String,
    pub(crate) attempts: u32,
    /// Whether the request could be sent again without a second effect.
    pub(crate) repeatable: bool,
    /// Whether an earlier attempt of the call may have been processed.
    pub(crate) processed_earlier: bool,
}

/// What an API error means, from its status: a set to `match` on instead of numbers.
///
/// It is open (`#[non_exhaustive]`): match the kinds you handle and end with `_`.
///
/// # Example
///
/// ```
/// use lomi::{ApiError, ApiErrorKind};
///
/// let e = ApiError::from_response(404, r#"{"error":{"code":"NOT_FOUND","message":"gone"}}"#);
/// match e.kind() {
///     ApiErrorKind::NotFound => println!("no such session"),
///     ApiErrorKind::RateLimited | ApiErrorKind::Server => println!("try later"),
///     _ => println!("{e}"),
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400 or 422: lomi. refused the request's content (a missing or invalid field).
    InvalidRequest,
    /// 401: the key is missing, wrong, or revoked.
    Unauthorized,
    /// 403: the key may not do this.
    Forbidden,
    /// 404: no such object.
    NotFound,
    /// 409: the request conflicts with the object's state.
    Conflict,
    /// 429: too many requests; see [`ApiError::retry_after`].
    RateLimited,
    /// 5xx: lomi. or a gateway in front of it failed.
    Server,
    /// Any other status.
    Other,
}

impl ApiErrorKind {
    /// The kind of an HTTP status.
    ///
    /// ```
    /// assert_eq!(lomi::ApiErrorKind::of(503), lomi::ApiErrorKind::Server);
    /// ```
    pub fn of(status: u16) -> Self {
        match status {
            400 | 422 => Self::InvalidRequest,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            409 => Self::Conflict,
            429 => Self::RateLimited,
            500..=599 => Self::Server,
            _ => Self::Other,
        }
    }
}

impl ApiError {
    /// The same error with the request id a response would have carried.
    ///
    /// ```
    /// let e = lomi::ApiError::from_response(500, "").with_request_id("req_1");
    /// assert_eq!(e.request_id(), Some("req_1"));
    /// ```
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// The same error as the answer to a request that can be sent again without a second
    /// effect (a read, an update, a delete, or a create with an idempotency key), so that
    /// [`Error::is_retryable`](crate::Error::is_retryable) follows the status as it would for such a call. A hand-built error
    /// is otherwise treated as a create's.
    ///
    /// ```
    /// let err: lomi::Error = lomi::ApiError::from_response(503, "").into();
    /// assert!(!err.is_retryable()); // a create may have been processed
    /// let err: lomi::Error = lomi::ApiError::from_response(503, "").for_repeatable_request().into();
    /// assert!(err.is_retryable());
    /// ```
    #[must_use]
    pub fn for_repeatable_request(mut self) -> Self {
        self.repeatable = true;
        self
    }

    /// The same error with the wait a `Retry-After` header would have asked for.
    ///
    /// ```
    /// use std::time::Duration;
    /// let e = lomi::ApiError::from_response(429, "").with_retry_after(Duration::from_secs(2));
    /// assert_eq!(e.retry_after(), Some(Duration::from_secs(2)));
    /// ```
    #[must_use]
    pub fn with_retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }

    /// What the error means; see [`ApiErrorKind`].
    ///
    /// ```
    /// let e = lomi::ApiError::from_response(429, "");
    /// assert_eq!(e.kind(), lomi::ApiErrorKind::RateLimited);
    /// ```
    pub fn kind(&self) -> ApiErrorKind {
        ApiErrorKind::of(self.status)
    }

    /// Whether the object does not exist (404).
    ///
    /// ```
    /// assert!(lomi::ApiError::from_response(404, "").is_not_found());
    /// ```
    pub fn is_not_found(&self) -> bool {
        self.kind() == ApiErrorKind::NotFound
    }

    /// Whether the key was refused (401).
    ///
    /// ```
    /// assert!(lomi::ApiError::from_response(401, "").is_unauthorized());
    /// ```
    pub fn is_unauthorized(&self) -> bool {
        self.kind() == ApiErrorKind::Unauthorized
    }

    /// Whether lomi. asked to slow down (429).
    ///
    /// ```
    /// assert!(lomi::ApiError::from_response(429, "").is_rate_limited());
    /// ```
    pub fn is_rate_limited(&self) -> bool {
        self.kind() == ApiErrorKind::RateLimited
    }

    /// Whether lomi. refused the request's content (400 or 422).
    ///
    /// ```
    /// assert!(lomi::ApiError::from_response(400, "").is_invalid_request());
    /// ```
    pub fn is_invalid_request(&self) -> bool {
        self.kind() == ApiErrorKind::InvalidRequest
    }

    /// The HTTP status (400, 401, 404, 429, 500, 502…).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// lomi.'s machine-readable error code, when the body had one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The server's message; for a body that was not JSON, its first bytes.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The `details` object of the documented error body, when present.
    pub fn details(&self) -> Option<&serde_json::Value> {
        self.details.as_ref()
    }

    /// The request id of the response (`x-request-id` or `request-id`), when sent.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The wait the server asked for in `Retry-After`, when sent.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The raw response body (lossily UTF-8), kept up to the client's error-body limit.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// How many attempts the client made before giving up.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lomi. API error {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, " ({})", quote(code))?;
        }
        write!(f, ": {}", quote(&self.message))?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {}]", quote(id))?;
        }
        Ok(())
    }
}

/// An API error alone (out of [`Error::Api`](crate::Error::Api)) is an error too: box it, or `?` it into
/// `anyhow`.
///
/// ```
/// let e: Box<dyn std::error::Error + Send + Sync> =
///     Box::new(lomi::ApiError::from_response(404, ""));
/// assert!(e.to_string().contains("404"));
/// ```
impl StdError for ApiError {}

impl ApiError {
    /// The error the client makes of a response with this status and body, for your own unit
    /// tests of error handling: no server needed. The body is read as the client reads one
    /// (lomi.'s documented shape, the framework's, or any text), and keeps its first 64 KiB, the
    /// default error-body limit.
    ///
    /// ```
    /// let e = lomi::ApiError::from_response(
    ///     401,
    ///     r#"{"error":{"code":"UNAUTHORIZED","message":"Invalid API key"}}"#,
    /// );
    /// assert!(e.is_unauthorized());
    /// assert_eq!(e.code(), Some("UNAUTHORIZED"));
    /// let err: lomi::Error = e.into();
    /// assert!(!err.is_retryable());
    /// ```
    pub fn from_response(status: u16, body: impl AsRef<[u8]>) -> Self {
        let body = body.as_ref();
        let kept = usize::try_from(DEFAULT_ERROR_BODY_LIMIT).unwrap_or(usize::MAX);
        Self::read(
            status,
            &body[..body.len().min(kept)],
            Redact::new(""),
            None,
            None,
        )
    }
}

impl ApiError {
    /// The error for an error status and its body (lomi.'s documented shape, the framework's,
    /// or any text), with the key scrubbed from everything the server said; never fails.
    pub(crate) fn read(
        status: u16,
        body: &[u8],
        redact: Redact<'_>,
        request_id: Option<String>,
        retry_after: Option<Duration>,
    ) -> Self {
        let mut parsed = serde_json::from_slice::<Value>(body).ok();
        if let Some(json) = parsed.as_mut() {
            redact.json(json);
        }
        let (code, message, details) = match parsed {
            Some(json) => read_error_json(json),
            None => (None, None, None),
        };
        // Scrubbed before anything is cut from it: a cut could leave a piece of the key.
        let text = redact.cut_text(&String::from_utf8_lossy(body));
        let message = match message {
            Some(message) => message,
            None => fallback_message(status, text.as_bytes()),
        };
        Self {
            status,
            code,
            message,
            details,
            request_id,
            retry_after,
            body: text,
            attempts: 1,
            repeatable: false,
            processed_earlier: false,
        }
    }
}

type ErrorParts = (Option<String>, Option<String>, Option<Value>);

/// lomi.'s documented shape, or the NestJS framework's.
fn read_error_json(mut json: Value) -> ErrorParts {
    // Documented: {"error": {"code", "message", "details"}}
    if let Some(error) = json.get_mut("error").filter(|e| e.is_object()) {
        return (
            text(error.get("code")),
            text(error.get("message")),
            error
                .get_mut("details")
                .map(Value::take)
                .filter(|d| !d.is_null()),
        );
    }
    // NestJS: {"statusCode": 400, "message": "…" | ["…", …], "error": "Bad Request"}
    let message = match json.get("message") {
        Some(Value::Array(items)) => {
            let parts: Vec<_> = items.iter().filter_map(|m| text(Some(m))).collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        other => text(other),
    };
    let message = message.or_else(|| text(json.get("error")));
    (None, message, None)
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Null | Value::String(_) => None,
        other => Some(other.to_string()),
    }
}

fn fallback_message(status: u16, body: &[u8]) -> String {
    // "HTTP 502 Bad Gateway", or "HTTP 599" for a status with no standard reason.
    let line = match http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("HTTP {status} {reason}"),
        None => format!("HTTP {status}"),
    };
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return format!("{line} with an empty body");
    }
    format!("{line}: {}", excerpt(trimmed, QUOTE_LIMIT))
}
