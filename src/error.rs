//! The crate's one error type.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use crate::call::retry::Failure;

/// Everything that can go wrong when calling lomi.
///
/// Every variant keeps what a caller needs to decide what to do next: the HTTP status and the
/// server's message for API errors, the kind of failure for transport errors, the JSON path for
/// decoding errors. None of them ever contains the API key.
///
/// # Example
///
/// ```no_run
/// # fn main() -> Result<(), lomi::Error> {
/// let client = lomi::Client::from_env()?;
/// match client.retrieve_checkout_session("cs_1234567890abcdef") {
///     Ok(session) => println!("{:?}", session.status),
///     Err(e) if e.is_not_found() => println!("no such session"),
///     Err(e) if e.is_retryable() => println!("try again later: {e}"),
///     Err(e) => return Err(e),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// lomi. answered with a 4xx or 5xx status (after any retries).
    Api(Box<ApiError>),
    /// The request did not complete: connecting, TLS, a timeout, a broken connection, a
    /// malformed or oversized response, or a redirect (never followed).
    Transport(Box<TransportError>),
    /// A success response whose body is not the JSON the spec documents.
    Decode(Box<DecodeError>),
    /// An argument was rejected before anything was sent (an empty id, a `limit` out of range).
    InvalidRequest(Box<str>),
    /// The client could not be built (missing key, bad base URL, `http://` to a remote host).
    Config(Box<str>),
    /// A walk over every page of a list (`…_iter`, `…_stream`) was ended because the server
    /// would not let it end: a page larger than asked for, or pages repeating what the walk
    /// already handed out (a server that ignores `offset`). The items before it were good.
    Pagination(Box<str>),
}

impl Error {
    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Self::InvalidRequest(message.into().into_boxed_str())
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::Config(message.into().into_boxed_str())
    }

    pub(crate) fn pagination(message: impl Into<String>) -> Self {
        Self::Pagination(message.into().into_boxed_str())
    }

    /// The HTTP status of the response behind this error, if there was one.
    ///
    /// ```
    /// let err = lomi::Client::builder("").build().unwrap_err();
    /// assert_eq!(err.status(), None);
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode(e) => Some(e.status),
            Self::Transport(e) => e.status,
            Self::InvalidRequest(_) | Self::Config(_) | Self::Pagination(_) => None,
        }
    }

    /// The request id lomi. gave the failed response, if it sent one; quote it to support.
    ///
    /// ```
    /// let err = lomi::Client::builder("").build().unwrap_err();
    /// assert_eq!(err.request_id(), None);
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api(e) => e.request_id.as_deref(),
            Self::Decode(e) => e.request_id.as_deref(),
            Self::Transport(e) => e.request_id.as_deref(),
            Self::InvalidRequest(_) | Self::Config(_) | Self::Pagination(_) => None,
        }
    }

    /// Whether sending this exact call again is safe and may succeed: the failure is
    /// transient (a rate limit, 408, a 5xx from a server or gateway, a timeout, a broken or
    /// refused connection) **and** repeating it cannot have a second effect, because the
    /// request is idempotent (a read, an update, a delete, or a create sent with
    /// [`Client::with_idempotency_key`](crate::Client::with_idempotency_key)) or provably never
    /// reached lomi.'s application (no connection, a 429).
    ///
    /// A create without an idempotency key that timed out is *not* retryable: it may have
    /// created a checkout session. Check [`may_have_been_processed`](Self::may_have_been_processed)
    /// and look the object up before creating it again.
    ///
    /// The client already retried what was safe to retry; this tells a caller whether a later
    /// attempt (a queued job, say) makes sense.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), lomi::Error> {
    /// # let client = lomi::Client::from_env()?;
    /// # let body = lomi::types::CheckoutSessionCreate::default();
    /// match client.create_checkout_session(&body) {
    ///     Ok(session) => println!("created {}", session.checkout_session_id),
    ///     Err(e) if e.is_retryable() => println!("nothing was created; queue it again: {e}"),
    ///     Err(e) if e.may_have_been_processed() => {
    ///         println!("it may exist: look it up before creating it again: {e}")
    ///     }
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_retryable(&self) -> bool {
        self.failure().may_repeat(self.is_repeatable())
    }

    /// Whether lomi.'s application may have acted on the request although the call failed, on
    /// any of its attempts: a timeout or broken connection after sending, a 5xx, an unreadable
    /// answer. After a failed create, `true` means a checkout session or payment link may
    /// exist; `false` (no connection, a 4xx, an argument refused before sending, on every
    /// attempt) means it does not. A retry that meets a refused connection or a 4xx does not
    /// undo an earlier attempt's 5xx.
    ///
    /// ```
    /// let err = lomi::Client::builder("").build().unwrap_err();
    /// assert!(!err.may_have_been_processed());
    /// ```
    pub fn may_have_been_processed(&self) -> bool {
        self.failure().may_have_been_processed() || self.processed_earlier()
    }

    /// The kind of an API error; `None` for every other error.
    ///
    /// ```
    /// let err = lomi::Error::from(lomi::ApiError::from_response(404, ""));
    /// assert_eq!(err.api_kind(), Some(lomi::ApiErrorKind::NotFound));
    /// ```
    pub fn api_kind(&self) -> Option<ApiErrorKind> {
        match self {
            Self::Api(e) => Some(e.kind()),
            _ => None,
        }
    }

    /// Whether lomi. answered 404: the object does not exist.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), lomi::Error> {
    /// # let client = lomi::Client::from_env()?;
    /// match client.retrieve_checkout_session("cs_1234567890abcdef") {
    ///     Ok(session) => println!("{:?}", session.status),
    ///     Err(e) if e.is_not_found() => println!("no such session"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_not_found(&self) -> bool {
        self.api_kind() == Some(ApiErrorKind::NotFound)
    }

    /// Whether lomi. refused the key (401).
    ///
    /// ```
    /// assert!(lomi::Error::from(lomi::ApiError::from_response(401, "")).is_unauthorized());
    /// ```
    pub fn is_unauthorized(&self) -> bool {
        self.api_kind() == Some(ApiErrorKind::Unauthorized)
    }

    /// Whether lomi. asked to slow down (429).
    ///
    /// ```
    /// assert!(lomi::Error::from(lomi::ApiError::from_response(429, "")).is_rate_limited());
    /// ```
    pub fn is_rate_limited(&self) -> bool {
        self.api_kind() == Some(ApiErrorKind::RateLimited)
    }

    /// How long the server asked to wait before trying again (`Retry-After`), if it did.
    ///
    /// ```
    /// let err = lomi::Client::builder("").build().unwrap_err();
    /// assert_eq!(err.retry_after(), None);
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Api(e) => e.retry_after,
            _ => None,
        }
    }
}

impl Error {
    /// The plain facts the retry policy decides on.
    pub(crate) fn failure(&self) -> Failure {
        match self {
            Self::Api(e) => Failure::Status {
                status: e.status,
                retry_after: e.retry_after,
            },
            Self::Transport(e) => match e.kind {
                // The call's deadline ran out before its first attempt: nothing was sent.
                _ if e.attempts == 0 => Failure::NotSent,
                TransportErrorKind::Connect => Failure::NotSent,
                TransportErrorKind::Timeout | TransportErrorKind::Io => Failure::Interrupted,
                TransportErrorKind::Tls => Failure::CannotSend,
                TransportErrorKind::Protocol
                | TransportErrorKind::BodyTooLarge
                | TransportErrorKind::Redirect => Failure::Permanent,
            },
            Self::Decode(_) | Self::Pagination(_) => Failure::Permanent,
            Self::InvalidRequest(_) | Self::Config(_) => Failure::CannotSend,
        }
    }

    /// Whether an earlier attempt of the call may have been processed: a retry that then met a
    /// refused connection or a 4xx does not make the first attempt's 5xx or timeout unhappen.
    fn processed_earlier(&self) -> bool {
        match self {
            Self::Api(e) => e.processed_earlier,
            Self::Transport(e) => e.processed_earlier,
            Self::Decode(_) | Self::InvalidRequest(_) | Self::Config(_) | Self::Pagination(_) => {
                false
            }
        }
    }

    fn is_repeatable(&self) -> bool {
        match self {
            Self::Api(e) => e.repeatable,
            Self::Transport(e) => e.repeatable,
            Self::Decode(_) | Self::InvalidRequest(_) | Self::Config(_) | Self::Pagination(_) => {
                false
            }
        }
    }

    /// The error a call ends with: how many attempts it made, whether its request could be
    /// sent again without a second effect, and whether an earlier attempt may have been
    /// processed.
    pub(crate) fn finished(mut self, attempts: u32, repeatable: bool, processed: bool) -> Self {
        match &mut self {
            Self::Api(e) => {
                (e.attempts, e.repeatable, e.processed_earlier) = (attempts, repeatable, processed)
            }
            Self::Transport(e) => {
                (e.attempts, e.repeatable, e.processed_earlier) = (attempts, repeatable, processed)
            }
            Self::Decode(_) | Self::InvalidRequest(_) | Self::Config(_) | Self::Pagination(_) => {}
        }
        self
    }

    /// What kind of failure this is, in words that never quote a body; for logs.
    pub(crate) fn summary(&self) -> String {
        match self {
            Self::Api(e) => match &e.code {
                Some(code) => format!("API error {}", quote(code)),
                None => "API error".to_string(),
            },
            Self::Transport(e) => format!("transport error ({:?})", e.kind),
            Self::Decode(e) => format!("undecodable body at `{}`", quote(&e.path)),
            Self::InvalidRequest(_) => "invalid request".to_string(),
            Self::Config(_) => "invalid configuration".to_string(),
            Self::Pagination(_) => "a list that would not end".to_string(),
        }
    }
}

impl From<ApiError> for Error {
    /// An API error as the client returns it; for tests of your own error handling.
    fn from(error: ApiError) -> Self {
        Self::Api(Box::new(error))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => e.fmt(f),
            Self::Transport(e) => e.fmt(f),
            Self::Decode(e) => e.fmt(f),
            Self::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Self::Config(m) => write!(f, "invalid client configuration: {m}"),
            Self::Pagination(m) => write!(f, "walking the list stopped: {m}"),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Transport(e) => e.source(),
            Self::Decode(e) => e.source(),
            _ => None,
        }
    }
}

/// An API error alone (out of [`Error::Api`]) is an error too: box it, or `?` it into
/// `anyhow`.
///
/// ```
/// let e: Box<dyn std::error::Error + Send + Sync> =
///     Box::new(lomi::ApiError::from_response(404, ""));
/// assert!(e.to_string().contains("404"));
/// ```
impl StdError for ApiError {}

/// A transport error alone is an error too, with the HTTP client's error as its source.
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let client = lomi::Client::from_env()?;
/// if let Err(lomi::Error::Transport(e)) = client.retrieve_checkout_session("cs_1") {
///     let e: Box<dyn std::error::Error> = e; // keeps `source()`
///     eprintln!("{e}");
/// }
/// # Ok(())
/// # }
/// ```
impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

/// A decode error alone is an error too, with serde's error as its source (shown escaped, as
/// every piece of server text is).
///
/// ```
/// fn boxed(e: lomi::DecodeError) -> Box<dyn std::error::Error + Send + Sync> {
///     Box::new(e)
/// }
/// ```
impl StdError for DecodeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

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
    /// [`Error::is_retryable`] follows the status as it would for such a call. A hand-built error
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

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, DNS failure, connect timeout, a proxy refusing
    /// the tunnel). The request never reached the server.
    Connect,
    /// An attempt or the whole call took longer than its timeout.
    Timeout,
    /// The TLS handshake or certificate check failed.
    Tls,
    /// The connection broke after it was made (reset, closed early, truncated body, a TLS
    /// record that cannot be decrypted).
    Io,
    /// The server's answer was not valid HTTP (broken chunked encoding, bad headers).
    Protocol,
    /// The response body was larger than the client's limit.
    BodyTooLarge,
    /// The server answered with a redirect, which the client never follows so that the API
    /// key never reaches another host.
    Redirect,
}

/// Whether a failure is rustls refusing the connection (an unknown issuer, a bad name, a
/// failed handshake), wherever it sits in the chain: HTTP clients wrap it in I/O errors, and an
/// I/O error shows its inner error through `get_ref`, not `source`.
pub(crate) fn is_tls_failure(error: &(dyn StdError + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if e.is::<rustls::Error>() {
            return true;
        }
        let inner = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref());
        if inner.is_some_and(|inner| is_tls_failure(inner)) {
            return true;
        }
        next = e.source();
    }
    false
}

/// A failure below the API: the request did not complete.
///
/// # Example
///
/// ```no_run
/// # fn main() -> Result<(), lomi::Error> {
/// # let client = lomi::Client::from_env()?;
/// use lomi::TransportErrorKind;
/// let params = lomi::types::ListCheckoutSessionsParams::new();
/// if let Err(lomi::Error::Transport(e)) = client.list_checkout_sessions(&params) {
///     if e.kind() == TransportErrorKind::Timeout {
///         eprintln!("lomi. was slow: {e}");
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct TransportError {
    pub(crate) kind: TransportErrorKind,
    pub(crate) message: String,
    pub(crate) status: Option<u16>,
    pub(crate) location: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) attempts: u32,
    pub(crate) repeatable: bool,
    /// Whether an earlier attempt of the call may have been processed.
    pub(crate) processed_earlier: bool,
    pub(crate) source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    pub(crate) fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            status: None,
            location: None,
            request_id: None,
            attempts: 1,
            repeatable: false,
            processed_earlier: false,
            source: None,
        }
    }

    /// What kind of failure this was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// For a redirect, the `Location` the server pointed at (not followed).
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    /// How many attempts the client made before giving up (0 when the call's deadline ran
    /// out before the first could be sent).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The HTTP status of the response, when one arrived (a redirect, a 2xx whose body was
    /// too large or cut short).
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The request id of the response, when one arrived with one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(status) = self.status {
            write!(f, " [status {status}]")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {}]", quote(id))?;
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

/// A success response whose body could not be decoded.
///
/// # Example
///
/// ```no_run
/// # fn main() -> Result<(), lomi::Error> {
/// # let client = lomi::Client::from_env()?;
/// if let Err(lomi::Error::Decode(e)) = client.retrieve_payment_link("link_1234567890abcdef") {
///     eprintln!("field {} was wrong: {e}; body began {}", e.path(), e.snippet());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct DecodeError {
    pub(crate) status: u16,
    pub(crate) path: String,
    pub(crate) snippet: String,
    pub(crate) body: String,
    pub(crate) request_id: Option<String>,
    pub(crate) source: Escaped,
}

impl DecodeError {
    /// The JSON path that failed, such as `data[3].amount` (`.` for the whole body).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The first bytes of the body (at most 500), lossily UTF-8.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }

    /// The body as received (its first 64 KiB, lossily UTF-8, the key redacted), for a support
    /// ticket; as [`snippet`](Self::snippet), its control characters are not escaped (`Display`
    /// escapes them).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id of the response, when sent.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode the {} response at `{}`: {}; body: {}",
            self.status,
            quote(&self.path),
            // serde's message may quote the server's text (an invalid value, a field name).
            self.source,
            quote(&self.snippet)
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {}]", quote(id))?;
        }
        Ok(())
    }
}

/// serde's error as a source. Its message may quote the server's text (an invalid value, a
/// field name), and error reporters print every source (anyhow's "Caused by:"), so it shows
/// that text escaped, as [`quote`] does.
#[derive(Debug)]
pub(crate) struct Escaped(pub(crate) serde_json::Error);

impl fmt::Display for Escaped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&quote(&self.0.to_string()))
    }
}

impl StdError for Escaped {}

/// At most this many bytes of server text are quoted in an error message.
pub(crate) const QUOTE_LIMIT: usize = 500;

/// Server text made safe to show in one line of a message or a log: cut to [`QUOTE_LIMIT`]
/// bytes, with control characters (ESC, NUL, CR, LF…) and bidirectional overrides escaped
/// (`\u{1b}`, `\n`), so a server cannot forge log lines or repaint a terminal.
pub(crate) fn quote(text: &str) -> Cow<'_, str> {
    let cut = if text.len() <= QUOTE_LIMIT {
        text
    } else {
        let mut end = QUOTE_LIMIT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    };
    if cut.len() == text.len() && !cut.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(cut.len() + 8);
    for c in cut.chars() {
        if needs_escape(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if cut.len() < text.len() {
        out.push('…');
    }
    Cow::Owned(out)
}

/// Control characters, the line and paragraph separators (which end a line in JavaScript and
/// many log viewers), and the marks and overrides that reorder text (bidi: U+061C, U+200E/F,
/// U+202A–E, U+2066–9).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_small_and_thread_safe() {
        fn assert_traits<T: Send + Sync + 'static + StdError>() {}
        assert_traits::<Error>();
        assert!(
            std::mem::size_of::<Error>() <= 24,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn transport_source_is_kept() {
        let mut e = TransportError::new(TransportErrorKind::Io, "connection reset");
        e.source = Some(Box::new(std::io::Error::from(
            std::io::ErrorKind::ConnectionReset,
        )));
        let e = Error::Transport(Box::new(e));
        assert!(e.source().is_some());
        assert_eq!(e.to_string(), "connection reset");
    }

    #[test]
    fn a_broken_create_is_not_retryable_but_a_broken_read_is() {
        let broken = |repeatable| {
            Error::Transport(Box::new(TransportError::new(
                TransportErrorKind::Io,
                "reset",
            )))
            .finished(1, repeatable, false)
        };
        let create = broken(false);
        assert!(!create.is_retryable());
        assert!(create.may_have_been_processed());
        let read = broken(true);
        assert!(read.is_retryable());
        // Nothing was sent: safe to repeat whatever the request.
        let refused = Error::Transport(Box::new(TransportError::new(
            TransportErrorKind::Connect,
            "refused",
        )))
        .finished(1, false, false);
        assert!(refused.is_retryable());
        assert!(!refused.may_have_been_processed());
    }
}
