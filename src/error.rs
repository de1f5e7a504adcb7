//! The crate's one error type.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use crate::response::quote;
use crate::retry::Failure;

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
///     Err(lomi::Error::Api(e)) if e.status() == 404 => println!("no such session"),
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
}

impl Error {
    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Self::InvalidRequest(message.into().into_boxed_str())
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::Config(message.into().into_boxed_str())
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
            Self::InvalidRequest(_) | Self::Config(_) => None,
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
            Self::InvalidRequest(_) | Self::Config(_) => None,
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
        let failure = self.failure();
        failure.is_transient() && (self.is_repeatable() || !failure.may_have_been_processed())
    }

    /// Whether lomi.'s application may have acted on the request although the call failed:
    /// a timeout or broken connection after sending, a 5xx, an unreadable answer. After a
    /// failed create, `true` means a checkout session or payment link may exist; `false`
    /// (no connection, a 4xx, an argument refused before sending) means it does not.
    ///
    /// ```
    /// let err = lomi::Client::builder("").build().unwrap_err();
    /// assert!(!err.may_have_been_processed());
    /// ```
    pub fn may_have_been_processed(&self) -> bool {
        self.failure().may_have_been_processed()
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
                TransportErrorKind::Connect => Failure::NotSent,
                TransportErrorKind::Timeout | TransportErrorKind::Io => Failure::Interrupted,
                TransportErrorKind::Tls => Failure::Refused,
                TransportErrorKind::Protocol
                | TransportErrorKind::BodyTooLarge
                | TransportErrorKind::Redirect => Failure::Permanent,
            },
            Self::Decode(_) => Failure::Permanent,
            Self::InvalidRequest(_) | Self::Config(_) => Failure::Refused,
        }
    }

    fn is_repeatable(&self) -> bool {
        match self {
            Self::Api(e) => e.repeatable,
            Self::Transport(e) => e.repeatable,
            Self::Decode(_) | Self::InvalidRequest(_) | Self::Config(_) => false,
        }
    }

    /// The error a call ends with: how many attempts it made and whether its request could be
    /// sent again without a second effect.
    pub(crate) fn finished(mut self, attempts: u32, repeatable: bool) -> Self {
        match &mut self {
            Self::Api(e) => (e.attempts, e.repeatable) = (attempts, repeatable),
            Self::Transport(e) => (e.attempts, e.repeatable) = (attempts, repeatable),
            Self::Decode(_) | Self::InvalidRequest(_) | Self::Config(_) => {}
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
        }
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
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Transport(e) => e.source.as_deref().map(|s| s as &(dyn StdError + 'static)),
            Self::Decode(e) => Some(&e.source),
            _ => None,
        }
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
}

impl ApiError {
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
    /// No connection could be made (refused, DNS failure, connect timeout). The request
    /// never reached the server.
    Connect,
    /// An attempt or the whole call took longer than its timeout.
    Timeout,
    /// The TLS handshake or certificate check failed.
    Tls,
    /// The connection broke after it was made (reset, closed early, truncated body).
    Io,
    /// The server's answer was not valid HTTP (broken chunked encoding, bad headers).
    Protocol,
    /// The response body was larger than the client's limit.
    BodyTooLarge,
    /// The server answered with a redirect, which the client never follows so that the API
    /// key never reaches another host.
    Redirect,
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
    pub(crate) request_id: Option<String>,
    pub(crate) source: serde_json::Error,
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
            self.source,
            quote(&self.snippet)
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {}]", quote(id))?;
        }
        Ok(())
    }
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
            .finished(1, repeatable)
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
        .finished(1, false);
        assert!(refused.is_retryable());
        assert!(!refused.may_have_been_processed());
    }
}
