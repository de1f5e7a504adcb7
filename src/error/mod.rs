//! The crate's one error type.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

mod api;
mod decode;
mod failure;
mod quote;
mod redact;
mod transport;

pub(crate) use api::DEFAULT_ERROR_BODY_LIMIT;
pub use api::{ApiError, ApiErrorKind};
pub use decode::DecodeError;
pub(crate) use decode::Escaped;
pub(crate) use failure::Failure;
pub(crate) use quote::{QUOTE_LIMIT, excerpt, quote};
pub(crate) use redact::Redact;
pub(crate) use transport::is_tls_failure;
pub use transport::{TransportError, TransportErrorKind};

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
    /// A success response whose body is not the JSON the spec documents, or not the object
    /// asked for (another id, or an id no request could name).
    Decode(Box<DecodeError>),
    /// An argument was rejected before anything was sent (an empty id, a `limit` out of range).
    InvalidRequest(Box<str>),
    /// The client could not be built (missing key, bad base URL, `http://` to a remote host).
    Config(Box<str>),
    /// A walk over every page of a list (`…_iter`, `…_stream`) was ended because the server
    /// would not let it end: a page larger than asked for, one that answers another offset,
    /// pages repeating what the walk already handed out (a server that ignores `offset`), or
    /// an item with an empty id. The items before it were good.
    Pagination(Box<str>),
}

impl Error {
    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Self::InvalidRequest(message.into().into_boxed_str())
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::Config(message.into().into_boxed_str())
    }

    #[cfg_attr(
        not(lomi_lists),
        allow(
            dead_code,
            reason = "used by generated lists: a spec without any leaves it unused"
        )
    )]
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
