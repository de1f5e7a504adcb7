//! When a failed attempt is tried again, and how long to wait first.
//!
//! The rule that matters most: a create (`POST`) is retried only when it provably never reached
//! lomi.'s application (no connection could be made, or the rate limiter answered 429), unless
//! the caller gave an idempotency key. lomi. documents no idempotency key of its own, so
//! repeating a `POST` after a timeout or a 5xx could create a second checkout session.

use std::time::{Duration, Instant};

use crate::client::Settings;
use crate::error::{Error, TransportErrorKind};

/// The retry settings of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub(crate) max_retries: u32,
    /// The first backoff, and the least any backoff waits.
    pub(crate) initial_backoff: Duration,
    /// The most a computed backoff waits.
    pub(crate) max_backoff: Duration,
    /// The longest `Retry-After` honoured; a longer one ends the call.
    pub(crate) max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(20),
        }
    }
}

/// Whether repeating a request can change the outcome on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Safety {
    /// GET, DELETE, PATCH, PUT, and any request carrying an idempotency key.
    Idempotent,
    /// A POST without an idempotency key: it may create something each time.
    Create,
}

impl Safety {
    /// A POST without an idempotency key is a create; everything else can be repeated.
    pub(crate) fn of(is_post: bool, has_idempotency_key: bool) -> Self {
        if is_post && !has_idempotency_key {
            Self::Create
        } else {
            Self::Idempotent
        }
    }
}

/// One call's attempts: which one this is, how long it may take, and the wait before the next.
/// Both clients drive their loop with it, so they retry by the same rules.
pub(crate) struct Schedule<'a> {
    settings: &'a Settings,
    safety: Safety,
    deadline: Option<Instant>,
    attempt: u32,
}

impl<'a> Schedule<'a> {
    /// Starts a call now.
    pub(crate) fn new(settings: &'a Settings, safety: Safety) -> Self {
        Self {
            settings,
            safety,
            deadline: settings.deadline.map(|d| Instant::now() + d),
            attempt: 1,
        }
    }

    /// The number of the attempt about to be made (1-based).
    pub(crate) fn attempt(&self) -> u32 {
        self.attempt
    }

    /// With a deadline, what is left of it for this attempt, at most the attempt timeout
    /// (zero once it has run out); `None` without a deadline.
    pub(crate) fn time_left(&self) -> Option<Duration> {
        let left = self.deadline?.saturating_duration_since(Instant::now());
        Some(left.min(self.settings.timeout))
    }

    /// After a failed attempt: the wait before the next one (which it then counts), or `None`
    /// to give up because the policy says so or the wait would end past the deadline.
    pub(crate) fn next_after(&mut self, error: &Error) -> Option<Duration> {
        let jitter = fastrand::f64() * 0.5 + 0.5;
        let wait = self
            .settings
            .retry
            .decide(self.attempt, self.safety, error, jitter)?;
        if self.deadline.is_some_and(|d| Instant::now() + wait >= d) {
            return None;
        }
        self.attempt += 1;
        Some(wait)
    }
}

/// The statuses that say "try again": timeouts, rate limits, server and gateway errors.
pub(crate) fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

impl RetryPolicy {
    /// What to do after attempt number `attempt` (1-based) failed with `error`: `Some(wait)`
    /// to try again after `wait`, `None` to give up. `jitter` is a random factor in [0.5, 1].
    pub(crate) fn decide(
        &self,
        attempt: u32,
        safety: Safety,
        error: &Error,
        jitter: f64,
    ) -> Option<Duration> {
        if attempt > self.max_retries || !may_repeat(safety, error) {
            return None;
        }
        match error.retry_after() {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(attempt, jitter)),
        }
    }

    /// `min(initial · 2^(retry-1), max)` scaled by `jitter`, never below `initial`.
    pub(crate) fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let exp = retry.saturating_sub(1).min(30);
        let base = self
            .initial_backoff
            .saturating_mul(1 << exp)
            .min(self.max_backoff);
        base.mul_f64(jitter.clamp(0.5, 1.0))
            .max(self.initial_backoff.min(self.max_backoff))
    }
}

fn may_repeat(safety: Safety, error: &Error) -> bool {
    match (safety, error) {
        // Never reached the application.
        (_, Error::Transport(t)) if t.kind == TransportErrorKind::Connect => true,
        (_, Error::Api(e)) if e.status == 429 => true,
        (Safety::Create, _) => false,
        (Safety::Idempotent, Error::Api(e)) => retryable_status(e.status),
        (Safety::Idempotent, Error::Transport(t)) => {
            matches!(t.kind, TransportErrorKind::Timeout | TransportErrorKind::Io)
        }
        (Safety::Idempotent, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ApiError, TransportError};

    fn api(status: u16, retry_after: Option<u64>) -> Error {
        Error::Api(Box::new(ApiError::bare(
            status,
            retry_after.map(Duration::from_secs),
        )))
    }

    fn transport(kind: TransportErrorKind) -> Error {
        Error::Transport(Box::new(TransportError::new(kind, "x")))
    }

    const P: RetryPolicy = RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(500),
        max_backoff: Duration::from_secs(5),
        max_retry_after: Duration::from_secs(20),
    };

    #[test]
    fn posts_retry_only_what_never_reached_the_application() {
        let c = Safety::Create;
        assert!(
            P.decide(1, c, &transport(TransportErrorKind::Connect), 1.0)
                .is_some()
        );
        assert!(P.decide(1, c, &api(429, None), 1.0).is_some());
        for status in [408, 500, 502, 503, 504] {
            assert!(
                P.decide(1, c, &api(status, None), 1.0).is_none(),
                "{status}"
            );
        }
        for kind in [TransportErrorKind::Timeout, TransportErrorKind::Io] {
            assert!(P.decide(1, c, &transport(kind), 1.0).is_none(), "{kind:?}");
        }
    }

    #[test]
    fn idempotent_requests_retry_transient_failures() {
        let i = Safety::Idempotent;
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(
                P.decide(1, i, &api(status, None), 1.0).is_some(),
                "{status}"
            );
        }
        for status in [400, 401, 403, 404, 409, 422, 501] {
            assert!(
                P.decide(1, i, &api(status, None), 1.0).is_none(),
                "{status}"
            );
        }
        for kind in [
            TransportErrorKind::Timeout,
            TransportErrorKind::Io,
            TransportErrorKind::Connect,
        ] {
            assert!(P.decide(1, i, &transport(kind), 1.0).is_some(), "{kind:?}");
        }
        for kind in [
            TransportErrorKind::Tls,
            TransportErrorKind::Protocol,
            TransportErrorKind::BodyTooLarge,
            TransportErrorKind::Redirect,
        ] {
            assert!(P.decide(1, i, &transport(kind), 1.0).is_none(), "{kind:?}");
        }
        assert!(P.decide(1, i, &Error::invalid_request("x"), 1.0).is_none());
    }

    #[test]
    fn attempts_are_bounded() {
        let e = api(503, None);
        assert!(P.decide(2, Safety::Idempotent, &e, 1.0).is_some());
        assert!(P.decide(3, Safety::Idempotent, &e, 1.0).is_none());
        let off = RetryPolicy {
            max_retries: 0,
            ..P
        };
        assert!(off.decide(1, Safety::Idempotent, &e, 1.0).is_none());
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let i = Safety::Idempotent;
        assert_eq!(
            P.decide(1, i, &api(429, Some(1)), 0.5),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            P.decide(1, i, &api(503, Some(20)), 0.5),
            Some(Duration::from_secs(20))
        );
        assert_eq!(P.decide(1, i, &api(429, Some(21)), 0.5), None);
    }

    #[test]
    fn backoff_follows_the_stripe_curve() {
        let ms = |d: Duration| d.as_millis();
        assert_eq!(ms(P.backoff(1, 1.0)), 500);
        assert_eq!(ms(P.backoff(2, 1.0)), 1000);
        assert_eq!(ms(P.backoff(3, 1.0)), 2000);
        assert_eq!(ms(P.backoff(5, 1.0)), 5000);
        assert_eq!(ms(P.backoff(40, 1.0)), 5000);
        // Jitter scales down, but never below the floor.
        assert_eq!(ms(P.backoff(1, 0.5)), 500);
        assert_eq!(ms(P.backoff(3, 0.5)), 1000);
        assert_eq!(ms(P.backoff(3, 0.75)), 1500);
    }
}
