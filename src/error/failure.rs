//! How an attempt failed, as far as repeating it is concerned: what both the retry schedule and
//! [`Error::is_retryable`](crate::Error::is_retryable) decide from.

use std::time::Duration;

/// How an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The server answered with this error status.
    Status {
        status: u16,
        retry_after: Option<Duration>,
    },
    /// No connection could be made: the request never left the client.
    NotSent,
    /// The request was sent (or may have been) and the attempt timed out or the connection
    /// broke before a whole answer arrived.
    Interrupted,
    /// Stopped before the request left the client, for a reason repeating cannot fix (a bad
    /// argument, a failed TLS handshake).
    CannotSend,
    /// The request reached the server, whose answer repeating cannot fix (invalid HTTP, an
    /// oversized body, a redirect, a success body that does not decode).
    Permanent,
}

impl Failure {
    /// Whether the server's application may have acted on the request.
    pub(crate) fn may_have_been_processed(self) -> bool {
        match self {
            // A 4xx is a refusal (429: the rate limiter answered before the application saw
            // the request); a 5xx may come after the work was done (or from a gateway whose
            // upstream did it), and so may a 408 from a gateway that gave up waiting. Any
            // other status is one the client cannot read, so nothing can be ruled out.
            Self::Status { status, .. } => !(400..500).contains(&status) || status == 408,
            Self::NotSent | Self::CannotSend => false,
            Self::Interrupted | Self::Permanent => true,
        }
    }

    /// Whether trying the same request again may give a different answer.
    pub(crate) fn is_transient(self) -> bool {
        match self {
            Self::Status { status, .. } => retryable_status(status),
            Self::NotSent | Self::Interrupted => true,
            Self::CannotSend | Self::Permanent => false,
        }
    }

    /// Whether a request that failed this way may be sent again: the failure is transient, and
    /// either the request is `repeatable` (sending it twice has the effect of sending it once)
    /// or it never reached the application.
    pub(crate) fn may_repeat(self, repeatable: bool) -> bool {
        self.is_transient() && (repeatable || !self.may_have_been_processed())
    }
}

/// The statuses that say "try again": timeouts, rate limits, server and gateway errors.
fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}
