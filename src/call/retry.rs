//! When a failed attempt is tried again, and how long to wait first: pure functions of plain
//! facts about the attempt (its status, `Retry-After`, how it failed), testable without a server.
//!
//! The rule that matters most: a request that is not *repeatable* (a create, a `POST`) is sent
//! again only when it provably never reached lomi.'s application (no connection could be made,
//! or the rate limiter answered 429). Repeating a create after a timeout or a 5xx could make a
//! second checkout session. A create is repeatable only when it carries an idempotency key
//! *and* the caller said the server honours such keys (lomi.'s docs promise it; its server code
//! reads no such header), which [`crate::call`] decides.

use std::time::{Duration, Instant};

use crate::config::RetryPolicy;
use crate::error::Failure;

impl RetryPolicy {
    /// What to do after attempt number `attempt` (1-based) failed: `Some(wait)` to try again
    /// after `wait`, `None` to give up. `jitter` is a random factor in [0.5, 1].
    ///
    /// A `Retry-After` lengthens the wait, never shortens it below the backoff: a server
    /// answering `Retry-After: 0` cannot turn the client into a tight loop.
    pub(crate) fn decide(
        &self,
        attempt: u32,
        repeatable: bool,
        failure: Failure,
        jitter: f64,
    ) -> Option<Duration> {
        if attempt > self.max_retries || !failure.may_repeat(repeatable) {
            return None;
        }
        let backoff = self.backoff(attempt, jitter);
        match failure {
            Failure::Status {
                retry_after: Some(wait),
                ..
            } if wait > self.max_retry_after => None,
            Failure::Status {
                retry_after: Some(wait),
                ..
            } => Some(wait.max(backoff)),
            _ => Some(backoff),
        }
    }

    /// `min(initial · 2^(retry-1), max)` scaled by `jitter`, never below half of `initial`
    /// (nor of `max`, when it is the smaller): the first retry is jittered too, over
    /// [initial/2, initial], so clients that failed together do not retry together.
    pub(crate) fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let exp = retry.saturating_sub(1).min(30);
        let base = self
            .initial_backoff
            .saturating_mul(1 << exp)
            .min(self.max_backoff);
        // Checked: `Duration::mul_f64` panics where the float product rounds past the largest
        // duration, which `Duration::MAX · 1.0` does.
        Duration::try_from_secs_f64(base.as_secs_f64() * jitter.clamp(0.5, 1.0))
            .unwrap_or(base)
            .min(base)
            .max(self.initial_backoff.min(self.max_backoff) / 2)
    }
}

/// One call's attempts: which one this is, how long it may take, and the wait before the next.
/// Both clients drive their loop with it, so they retry by the same rules.
#[derive(Debug)]
pub(crate) struct Schedule {
    policy: RetryPolicy,
    repeatable: bool,
    attempt_timeout: Duration,
    /// `None` without a deadline, or when the deadline lies too far ahead to be represented.
    deadline: Option<Instant>,
    attempt: u32,
    /// Whether an attempt so far may have been processed: a later attempt that provably was not
    /// (a refused connection, a 4xx) does not undo an earlier one that may have been.
    processed: bool,
}

impl Schedule {
    /// Starts a call now.
    pub(crate) fn new(
        policy: RetryPolicy,
        repeatable: bool,
        attempt_timeout: Duration,
        deadline: Option<Duration>,
    ) -> Self {
        Self {
            policy,
            repeatable,
            attempt_timeout,
            deadline: deadline.and_then(|d| Instant::now().checked_add(d)),
            attempt: 1,
            processed: false,
        }
    }

    /// The number of the attempt about to be made (1-based).
    pub(crate) fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Whether the call's request may be sent again after it may have been processed.
    pub(crate) fn repeatable(&self) -> bool {
        self.repeatable
    }

    /// Whether an attempt that failed so far may have been processed by the server.
    pub(crate) fn any_processed(&self) -> bool {
        self.processed
    }

    /// The time the next attempt may take: the attempt timeout, cut to what is left of the
    /// deadline (zero once it has run out).
    pub(crate) fn time_left(&self) -> Duration {
        match self.deadline {
            Some(deadline) => deadline
                .saturating_duration_since(Instant::now())
                .min(self.attempt_timeout),
            None => self.attempt_timeout,
        }
    }

    /// After a failed attempt: the wait before the next one (which it then counts), or `None`
    /// to give up because the policy says so or the wait would end past the deadline.
    pub(crate) fn next_after(&mut self, failure: Failure) -> Option<Duration> {
        self.processed |= failure.may_have_been_processed();
        let jitter = fastrand::f64() * 0.5 + 0.5;
        let wait = self
            .policy
            .decide(self.attempt, self.repeatable, failure, jitter)?;
        if let Some(deadline) = self.deadline {
            match Instant::now().checked_add(wait) {
                Some(end) if end < deadline => {}
                _ => return None,
            }
        }
        self.attempt += 1;
        Some(wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, retry_after: Option<u64>) -> Failure {
        Failure::Status {
            status,
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    /// The client's own defaults, not a copy of them.
    fn policy() -> RetryPolicy {
        RetryPolicy::default()
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let p = policy();
        assert_eq!(p.max_retries, 2);
        assert_eq!(p.initial_backoff, Duration::from_millis(500));
        assert_eq!(p.max_backoff, Duration::from_secs(5));
        assert_eq!(p.max_retry_after, Duration::from_secs(20));
    }

    #[test]
    fn posts_retry_only_what_never_reached_the_application() {
        let (p, c) = (policy(), false);
        assert!(p.decide(1, c, Failure::NotSent, 1.0).is_some());
        assert!(p.decide(1, c, status(429, None), 1.0).is_some());
        for s in [408, 500, 502, 503, 504] {
            assert!(p.decide(1, c, status(s, None), 1.0).is_none(), "{s}");
        }
        assert!(p.decide(1, c, Failure::Interrupted, 1.0).is_none());
    }

    #[test]
    fn idempotent_requests_retry_transient_failures() {
        let (p, i) = (policy(), true);
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(p.decide(1, i, status(s, None), 1.0).is_some(), "{s}");
        }
        for s in [400, 401, 403, 404, 409, 422, 501] {
            assert!(p.decide(1, i, status(s, None), 1.0).is_none(), "{s}");
        }
        assert!(p.decide(1, i, Failure::Interrupted, 1.0).is_some());
        assert!(p.decide(1, i, Failure::NotSent, 1.0).is_some());
        assert!(p.decide(1, i, Failure::Permanent, 1.0).is_none());
        assert!(p.decide(1, i, Failure::CannotSend, 1.0).is_none());
    }

    #[test]
    fn an_attempt_that_may_have_been_processed_stays_so_whatever_follows() {
        let mut s = Schedule::new(policy(), true, Duration::from_secs(1), None);
        assert!(s.next_after(Failure::NotSent).is_some());
        assert!(!s.any_processed());
        assert!(s.next_after(status(503, None)).is_some());
        assert!(s.next_after(Failure::NotSent).is_none());
        assert!(s.any_processed());
    }

    #[test]
    fn what_may_have_been_processed() {
        assert!(!Failure::NotSent.may_have_been_processed());
        assert!(!status(404, None).may_have_been_processed());
        assert!(status(408, None).may_have_been_processed());
        assert!(!status(429, None).may_have_been_processed());
        assert!(status(500, None).may_have_been_processed());
        assert!(status(503, None).may_have_been_processed());
        assert!(Failure::Interrupted.may_have_been_processed());
        assert!(Failure::Permanent.may_have_been_processed());
        assert!(!Failure::CannotSend.may_have_been_processed());
        // A status the client cannot read never says nothing happened.
        for s in [100, 101, 199, 600, 999] {
            assert!(status(s, None).may_have_been_processed(), "{s}");
        }
    }

    #[test]
    fn attempts_are_bounded() {
        let p = policy();
        let e = status(503, None);
        assert!(p.decide(2, true, e, 1.0).is_some());
        assert!(p.decide(3, true, e, 1.0).is_none());
        let off = RetryPolicy {
            max_retries: 0,
            ..p
        };
        assert!(off.decide(1, true, e, 1.0).is_none());
    }

    #[test]
    fn retry_after_lengthens_the_wait_up_to_the_cap() {
        let (p, i) = (policy(), true);
        assert_eq!(
            p.decide(1, i, status(429, Some(1)), 0.5),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            p.decide(1, i, status(503, Some(20)), 0.5),
            Some(Duration::from_secs(20))
        );
        assert_eq!(p.decide(1, i, status(429, Some(21)), 0.5), None);
    }

    #[test]
    fn retry_after_never_shortens_the_backoff() {
        let (p, i) = (policy(), true);
        // `Retry-After: 0` keeps the floor of the backoff.
        assert_eq!(
            p.decide(1, i, status(503, Some(0)), 1.0),
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            p.decide(2, i, status(503, Some(0)), 1.0),
            Some(Duration::from_millis(1000))
        );
    }

    #[test]
    fn backoff_follows_the_stripe_curve() {
        let p = policy();
        let ms = |d: Duration| d.as_millis();
        assert_eq!(ms(p.backoff(1, 1.0)), 500);
        assert_eq!(ms(p.backoff(2, 1.0)), 1000);
        assert_eq!(ms(p.backoff(3, 1.0)), 2000);
        assert_eq!(ms(p.backoff(5, 1.0)), 5000);
        assert_eq!(ms(p.backoff(40, 1.0)), 5000);
        // Jitter scales down, the first retry too, but never below half the initial backoff.
        assert_eq!(ms(p.backoff(1, 0.5)), 250);
        assert_eq!(ms(p.backoff(1, 0.75)), 375);
        assert_eq!(ms(p.backoff(3, 0.5)), 1000);
        assert_eq!(ms(p.backoff(3, 0.75)), 1500);
    }

    /// The third attempt's wait, as `Schedule` draws it: the backoff of 4 s (1 s doubled
    /// twice) scaled by the jitter; no deadline.
    fn third_wait() -> Duration {
        let p = RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(100),
            max_retry_after: Duration::from_secs(20),
        };
        let mut s = Schedule::new(p, true, Duration::from_secs(1), None);
        s.next_after(Failure::Interrupted).unwrap();
        s.next_after(Failure::Interrupted).unwrap();
        s.next_after(Failure::Interrupted).unwrap()
    }

    /// Clients that failed together must not retry in lockstep: the factor is uniform on
    /// [0.5, 1], not a constant and not pressed against either end by the clamp.
    #[test]
    fn the_jitter_spreads_waits_evenly_between_half_and_all_of_the_backoff() {
        const N: usize = 400;
        let factors: Vec<f64> = (0..N).map(|_| third_wait().as_secs_f64() / 4.0).collect();
        assert!(
            factors.iter().all(|f| (0.5..=1.0).contains(f)),
            "{factors:?}"
        );
        let mean = factors.iter().sum::<f64>() / N as f64;
        // Uniform on [0.5, 1]: mean 0.75, standard deviation of the mean about 0.007.
        assert!((0.72..0.78).contains(&mean), "mean factor {mean}");
        let low = factors.iter().filter(|&&f| f < 0.625).count();
        let high = factors.iter().filter(|&&f| f > 0.875).count();
        // A quarter in each outer quarter of the range (about 100 ± 9).
        assert!((60..140).contains(&low), "{low} below 0.625");
        assert!((60..140).contains(&high), "{high} above 0.875");
        let at_ends = factors.iter().filter(|&&f| f == 0.5 || f == 1.0).count();
        assert!(at_ends < 4, "{at_ends} factors clamped to an end");
    }

    #[test]
    fn a_deadline_that_leaves_room_still_retries() {
        let p = RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(1),
            ..policy()
        };
        let mut s = Schedule::new(
            p,
            true,
            Duration::from_secs(1),
            Some(Duration::from_secs(60)),
        );
        let wait = s
            .next_after(Failure::Interrupted)
            .expect("a retry that fits");
        assert!(wait <= Duration::from_millis(1), "{wait:?}");
        assert_eq!(s.attempt(), 2);
        // A wait that would end past the deadline ends the call instead.
        let p = RetryPolicy {
            initial_backoff: Duration::from_secs(120),
            max_backoff: Duration::from_secs(120),
            ..policy()
        };
        let mut s = Schedule::new(
            p,
            true,
            Duration::from_secs(1),
            Some(Duration::from_secs(60)),
        );
        assert_eq!(s.next_after(Failure::Interrupted), None);
    }

    #[test]
    fn extreme_settings_never_overflow() {
        let p = RetryPolicy {
            max_retries: u32::MAX,
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            max_retry_after: Duration::MAX,
        };
        for attempt in [1, 2, 31, 32, u32::MAX - 1] {
            assert_eq!(p.backoff(attempt, 1.0), Duration::MAX);
            assert!(
                p.decide(attempt, true, status(503, Some(u64::MAX)), 0.5)
                    .is_some()
            );
        }
        let mut s = Schedule::new(p, true, Duration::MAX, Some(Duration::from_millis(1)));
        assert!(s.next_after(status(503, None)).is_none());
        let s = Schedule::new(p, true, Duration::MAX, Some(Duration::MAX));
        assert_eq!(s.time_left(), Duration::MAX);
    }
}
