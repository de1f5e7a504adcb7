//! What an outcome must be: the error's variant and kind, or a bound on how long it took to
//! arrive; and the check that no error shows the key, however it is printed.

use std::error::Error as _;
use std::fmt::Debug;
use std::time::{Duration, Instant};

use lomi::{ApiError, DecodeError, Error, TransportError, TransportErrorKind};

/// The upper bound meaning "did not hang": every call bounded by it ends in well under a
/// second or two on an idle machine, and the bound is generous for a slow, busy one.
pub const BOUND: Duration = Duration::from_secs(20);

/// Runs `call`, asserting it ends within [`BOUND`]; returns its result and how long it took.
pub fn timed<T>(call: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let result = call();
    let took = started.elapsed();
    assert!(took < BOUND, "the call took {took:?}");
    (result, took)
}

/// The transport error of this kind `result` must be.
pub fn expect_transport(
    result: Result<impl Debug, Error>,
    kind: TransportErrorKind,
) -> Box<TransportError> {
    match result {
        Err(Error::Transport(e)) if e.kind() == kind => e,
        other => panic!("expected a {kind:?} transport error, got {other:?}"),
    }
}

/// The API error with this status `result` must be.
pub fn expect_api(result: Result<impl Debug, Error>, status: u16) -> Box<ApiError> {
    match result {
        Err(Error::Api(e)) if e.status() == status => e,
        other => panic!("expected an API error {status}, got {other:?}"),
    }
}

/// The decode error `result` must be.
pub fn expect_decode(result: Result<impl Debug, Error>) -> Box<DecodeError> {
    match result {
        Err(Error::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// The message of the invalid-request error `result` must be.
pub fn expect_invalid(result: Result<impl Debug, Error>) -> String {
    match result {
        Err(e @ Error::InvalidRequest(_)) => e.to_string(),
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

/// Asserts `secret` shows nowhere in `err`: its `Display`, its `Debug` (plain and `{:#?}`), and
/// the same for every error of its `source()` chain; also in what its accessors return.
pub fn assert_hidden(err: &Error, secret: &str) {
    let mut texts = vec![
        format!("{err}"),
        format!("{err:?}"),
        format!("{err:#?}"),
        format!("{:?} {:?}", err.request_id(), err.status()),
    ];
    match err {
        Error::Api(e) => texts.push(format!(
            "{} {:?} {} {:?}",
            e.message(),
            e.code(),
            e.body(),
            e.details()
        )),
        Error::Transport(e) => texts.push(format!("{:?}", e.location())),
        Error::Decode(e) => texts.push(format!("{} {}", e.path(), e.snippet())),
        _ => {}
    }
    let mut source = err.source();
    let mut depth = 0;
    while let Some(s) = source {
        texts.push(format!("{s} {s:?} {s:#?}"));
        source = s.source();
        depth += 1;
        assert!(depth < 32, "a source chain that does not end");
    }
    for text in texts {
        assert!(!text.contains(secret), "the key leaked: {text}");
    }
}

/// An outcome both clients can be compared on: `Ok(…)`, or the error's variant and kind and
/// what it says about repeating.
pub fn outcome<T: Debug>(result: &Result<T, Error>) -> String {
    match result {
        Ok(v) => format!("Ok({v:?})"),
        Err(e) => {
            let what = match e {
                Error::Transport(t) => format!("Transport/{:?}", t.kind()),
                Error::Api(a) => format!("Api/{}", a.status()),
                Error::Decode(_) => "Decode".to_owned(),
                other => format!("{other:?}"),
            };
            format!(
                "Err({what}, processed={}, retryable={})",
                e.may_have_been_processed(),
                e.is_retryable()
            )
        }
    }
}
