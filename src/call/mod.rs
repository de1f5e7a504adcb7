//! One call from first attempt to final answer, the same for both clients: the headers every
//! attempt carries, the time each may take, how much body to read, what the answer means, when
//! to try again, and one log line per attempt. An executor (ureq for [`Client`], reqwest for
//! `AsyncClient`) only sends an attempt and reads its response:
//!
//! ```text
//! let mut call = Call::new(core, request, options);
//! loop {
//!     let timeout = call.begin()?;
//!     match call.end(executor.send(&call, timeout)) {
//!         Step::Done(result) => return result,
//!         Step::Wait(wait) => sleep(wait),
//!     }
//! }
//! ```
//!
//! [`Client`]: crate::Client

pub(crate) mod body;
pub(crate) mod options;
pub(crate) mod path;
pub(crate) mod query;
pub(crate) mod raw;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod retry;
#[cfg(feature = "tracing")]
mod trace;

use std::time::{Duration, Instant};

use http::{HeaderMap, HeaderName, HeaderValue, Method, header};
use serde::de::DeserializeOwned;

use crate::call::body::{Limit, recycle};
use crate::call::options::CallOptions;
use crate::call::request::Request;
use crate::call::response::{Context, Raw};
use crate::call::retry::Schedule;
use crate::config::Core;
use crate::error::{Error, Redact, TransportError, TransportErrorKind};
use crate::{Recorder, ResponseMeta};

const API_KEY: HeaderName = HeaderName::from_static("x-api-key");
const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
static JSON: HeaderValue = HeaderValue::from_static("application/json");

/// Whether sending `request` twice has the effect of sending it once: anything but a create,
/// or a create whose idempotency key the caller trusts the server to honour. A key alone is
/// not enough: lomi.'s server code reads no `Idempotency-Key`, and a create it did not
/// de-duplicate would make a second checkout session.
fn is_repeatable(request: &Request, options: &CallOptions, trust_keys: bool) -> bool {
    !request.is_create() || (trust_keys && options.idempotency_key.is_some())
}

/// A call in progress.
pub(crate) struct Call<'a> {
    core: &'a Core,
    request: Request,
    options: &'a CallOptions,
    schedule: Schedule,
    attempt_started: Instant,
    /// The call's span (feature `tracing`).
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

/// What comes after an attempt.
pub(crate) enum Step<'a> {
    /// The call is over.
    Done(Result<Success<'a>, Error>),
    /// Wait this long, then make the next attempt.
    Wait(Duration),
}

/// A 2xx answer, read whole.
pub(crate) struct Success<'a> {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    redact: Redact<'a>,
    /// Where the success goes once its body has been read as the operation documents it.
    recorder: Option<&'a Recorder>,
    /// The call's span, how many times its request was sent again, and when this attempt
    /// began: the attempt's event and the span are finished once the body has been read
    /// (feature `tracing`), so a body that does not decode is traced as the error it is.
    #[cfg(feature = "tracing")]
    span: (tracing::Span, u32, Instant),
}

impl Success<'_> {
    /// Decodes the body as `T`; a failure names the JSON path, the status and the request id.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.read(|context, body| context.decode(body))
    }

    /// Decodes the body as `T`, one object with its own id (`field`, read by `id`): an id the
    /// client could not send back, or, when the request's path named the object (`asked`),
    /// another object's id, is a `Decode` error, never a success.
    pub(crate) fn json_of<T: DeserializeOwned>(
        self,
        asked: Option<&str>,
        field: &str,
        id: impl FnOnce(&T) -> &str,
    ) -> Result<T, Error> {
        self.read(|context, body| {
            let value: T = context.decode(body)?;
            context.same_object(body, field, id(&value), asked)?;
            Ok(value)
        })
    }

    /// Takes a success the spec documents without a body: an empty body, or a `Decode` error
    /// that keeps whatever came instead.
    pub(crate) fn nothing(self) -> Result<(), Error> {
        self.read(|context, body| context.nothing(body))
    }

    /// Reads the body with `read`, gives its buffer back for the next call, and ends the call
    /// with what `read` made of it ([`settle`](Self::settle)).
    fn read<R>(
        mut self,
        read: impl FnOnce(&Context<'_>, &[u8]) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let outcome = read(&self.context(), &self.body);
        recycle(std::mem::take(&mut self.body));
        self.settle(outcome.as_ref().err());
        outcome
    }

    /// Ends the call once its body was read: the span says how (feature `tracing`), and the
    /// handle's recorder, if any, keeps a success, never a 2xx whose body did not decode.
    fn settle(self, error: Option<&Error>) {
        let recorder = self.recorder.filter(|_| error.is_none());
        // Without a subscriber that wants the span, nothing is read or timed for it.
        #[cfg(feature = "tracing")]
        let traced = !self.span.0.is_disabled();
        #[cfg(not(feature = "tracing"))]
        let traced = false;
        if !traced && recorder.is_none() {
            return;
        }
        let request_id = self.context().request_id();
        #[cfg(feature = "tracing")]
        if traced {
            let (span, resends, started) = &self.span;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            let (status, id) = (Some(self.status), request_id.as_deref());
            trace::attempt(span, status, id, error, resends + 1, ms);
            trace::finish(span, status, id, error, *resends);
        }
        if let Some(recorder) = recorder {
            recorder.record(ResponseMeta::recorded(
                self.status,
                request_id,
                self.headers,
            ));
        }
    }

    fn context(&self) -> Context<'_> {
        Context {
            status: self.status,
            headers: &self.headers,
            redact: self.redact,
        }
    }
}

impl<'a> Call<'a> {
    /// Starts a call: the request to send to `core`'s base URL, with the handle's options.
    pub(crate) fn new(core: &'a Core, request: Request, options: &'a CallOptions) -> Self {
        let settings = &core.settings;
        let repeatable = is_repeatable(&request, options, settings.trust_idempotency_keys);
        let timeout = options.timeout.unwrap_or(settings.timeout);
        let deadline = options.deadline.or(settings.deadline);
        Self {
            #[cfg(feature = "tracing")]
            span: trace::call_span(&request.method, &request.template, &core.base_url),
            core,
            options,
            schedule: Schedule::new(settings.retry, repeatable, timeout, deadline),
            attempt_started: Instant::now(),
            request,
        }
    }

    /// The absolute URL, for the executor to parse into its own type once per call. Owned and
    /// exactly sized, so that a type that can take the `String` over (`http::Uri`) need not
    /// copy it.
    pub(crate) fn url(&self) -> String {
        let (base, target) = (&self.core.base_url, &self.request.target);
        let mut url = String::with_capacity(base.len() + target.len());
        url.push_str(base);
        url.push_str(target);
        url
    }

    /// The URL as the HTTP layer takes it, or `InvalidRequest` for one it cannot hold (past
    /// `http::Uri`'s 64 KiB): refused the same way by both clients, before anything is sent, so
    /// it is never a broken connection, retried, or "may have been processed".
    pub(crate) fn uri(&self) -> Result<http::Uri, Error> {
        http::Uri::try_from(self.url()).map_err(|e| {
            self.fail(Error::invalid_request(format!(
                "the request URL cannot be built: {e}"
            )))
        })
    }

    /// The method.
    pub(crate) fn method(&self) -> &Method {
        &self.request.method
    }

    /// The JSON body, if any.
    pub(crate) fn body(&self) -> Option<&[u8]> {
        self.request.body.as_deref()
    }

    /// The headers every attempt carries; `Host` and the body's framing are added below it (by
    /// the blocking executor and ureq, or by reqwest). A handle's header replaces the client's
    /// own of the same name (`User-Agent`).
    pub(crate) fn headers(&self) -> impl Iterator<Item = (HeaderName, &HeaderValue)> {
        let core = self.core;
        let extra = &self.options.headers;
        [
            Some((API_KEY, &core.api_key)),
            Some((header::USER_AGENT, &core.user_agent)),
            Some((header::ACCEPT, &JSON)),
            self.request
                .body
                .is_some()
                .then_some((header::CONTENT_TYPE, &JSON)),
            self.options
                .idempotency_key
                .as_ref()
                .map(|key| (IDEMPOTENCY_KEY, key)),
        ]
        .into_iter()
        .flatten()
        .filter(|(name, _)| !extra.iter().any(|(n, _)| n == name))
        .chain(extra.iter().map(|(n, v)| (n.clone(), v)))
    }

    /// How much of a body with this status to read.
    pub(crate) fn limit(&self, status: u16) -> Limit {
        let settings = &self.core.settings;
        if (200..300).contains(&status) {
            Limit {
                bytes: settings.body_limit,
                keep_truncated: false,
            }
        } else {
            Limit {
                bytes: settings.error_body_limit,
                keep_truncated: true,
            }
        }
    }

    /// Starts an attempt: the time it may take, or the error when the call's deadline has run
    /// out before it could be sent.
    pub(crate) fn begin(&mut self) -> Result<Duration, Error> {
        self.attempt_started = Instant::now();
        let left = self.schedule.time_left();
        if left.is_zero() {
            let made = self.schedule.attempt() - 1;
            let mut error = TransportError::new(
                TransportErrorKind::Timeout,
                if made == 0 {
                    "the call's deadline ran out before the request could be sent".to_owned()
                } else {
                    format!("the call's deadline ran out after {made} attempts")
                },
            );
            error.attempts = made;
            error.repeatable = self.schedule.repeatable();
            error.processed_earlier = self.schedule.any_processed();
            return Err(self.fail(Error::Transport(Box::new(error))));
        }
        Ok(left)
    }

    /// The error the call ends with before an attempt could end it (the deadline ran out, the
    /// URL could not be built): the span says so (feature `tracing`).
    pub(crate) fn fail(&self, error: Error) -> Error {
        #[cfg(feature = "tracing")]
        {
            let sent = match &error {
                Error::Api(e) => e.attempts(),
                Error::Transport(e) => e.attempts(),
                _ => 0,
            };
            let (status, id) = (error.status(), error.request_id());
            trace::finish(&self.span, status, id, Some(&error), sent.saturating_sub(1));
        }
        error
    }

    /// Ends an attempt with what the executor got: the call's answer, or the wait before the
    /// next attempt.
    pub(crate) fn end(&mut self, outcome: Result<Raw, Box<TransportError>>) -> Step<'a> {
        let attempt = self.schedule.attempt();
        let redact = self.redact();
        let result = match outcome {
            Err(error) => Err(Error::Transport(error)),
            Ok(raw) => self.read(raw, redact),
        };
        self.log(&result, attempt);
        let error = match result {
            Ok(success) => return Step::Done(Ok(success)),
            Err(error) => error,
        };
        match self.schedule.next_after(error.failure()) {
            Some(wait) => Step::Wait(wait),
            None => Step::Done(Err(self.fail(error.finished(
                attempt,
                self.schedule.repeatable(),
                self.schedule.any_processed(),
            )))),
        }
    }

    fn read(&self, raw: Raw, redact: Redact<'a>) -> Result<Success<'a>, Error> {
        let Raw {
            status,
            headers,
            body,
        } = raw;
        let context = Context {
            status,
            headers: &headers,
            redact,
        };
        if (300..400).contains(&status) {
            return Err(context.redirect());
        }
        if status < 200 {
            return Err(context.interim_as_final());
        }
        let body = match body {
            Ok(body) => body,
            Err(error) => return Err(context.body_failed(error)),
        };
        if (200..300).contains(&status) {
            return Ok(Success {
                status,
                headers,
                body,
                redact,
                recorder: self.options.recorder.as_ref(),
                #[cfg(feature = "tracing")]
                span: (
                    self.span.clone(),
                    self.schedule.attempt() - 1,
                    self.attempt_started,
                ),
            });
        }
        Err(Error::Api(Box::new(context.api_error(&body))))
    }

    fn redact(&self) -> Redact<'a> {
        Redact::new(self.core.api_key.to_str().unwrap_or_default())
    }

    /// The attempt's record: a `tracing` event in the call's span (feature `tracing`).
    #[cfg(feature = "tracing")]
    fn trace(&self, result: &Result<Success<'_>, Error>, attempt: u32) {
        // A success's event waits for its body to be read (`Success::settle`).
        if let Err(e) = result {
            let ms = self.attempt_started.elapsed().as_secs_f64() * 1000.0;
            trace::attempt(&self.span, e.status(), e.request_id(), Some(e), attempt, ms);
        }
    }

    /// The attempt's record: one `log` line, with or without the feature `tracing`.
    fn log(&self, result: &Result<Success<'_>, Error>, attempt: u32) {
        #[cfg(feature = "tracing")]
        self.trace(result, attempt);
        if !log::log_enabled!(target: "lomi", log::Level::Debug) {
            return;
        }
        let ms = self.attempt_started.elapsed().as_secs_f64() * 1000.0;
        let (method, path) = (&self.request.method, &self.request.template);
        match result {
            Ok(s) => log::debug!(
                target: "lomi",
                "{method} {path} -> {} in {ms:.1} ms (attempt {attempt}, request id {})",
                s.status,
                s.context()
                    .request_id()
                    .as_deref()
                    .map_or("-".into(), crate::error::quote),
            ),
            // The error's kind, never its message: an API error's message comes from the body.
            Err(e) => log::debug!(
                target: "lomi",
                "{method} {path} -> {} in {ms:.1} ms (attempt {attempt}, request id {}): {}",
                e.status().map_or("failed".to_string(), |s| s.to_string()),
                e.request_id().map_or("-".into(), crate::error::quote),
                e.summary(),
            ),
        }
    }
}
