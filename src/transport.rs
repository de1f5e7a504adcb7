//! The only code that speaks HTTP: one request path for every operation.
//!
//! It builds the URL, serializes the body once, sends the attempt with the key and headers,
//! reads the body with a limit, turns every failure into [`Error`], retries what the policy
//! allows, and logs one event per attempt. Generated methods only fill in a [`Request`].

use std::io::Read as _;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::{self, HeaderMap, HeaderName, HeaderValue, Uri, header};

use crate::answer;
use crate::client::Client;
use crate::error::{Error, TransportError, TransportErrorKind};
use crate::error_body::ErrorResponse;
use crate::query::{Query, QueryWriter};
use crate::retry::{Safety, Schedule};

/// The HTTP methods the spec uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    #[allow(
        dead_code,
        reason = "generated code uses it when the spec has a PUT operation"
    )]
    Put,
    Patch,
    Delete,
}

impl Method {
    fn as_http(self) -> http::Method {
        match self {
            Self::Get => http::Method::GET,
            Self::Post => http::Method::POST,
            Self::Put => http::Method::PUT,
            Self::Patch => http::Method::PATCH,
            Self::Delete => http::Method::DELETE,
        }
    }
}

/// One call, as a generated method describes it.
pub(crate) struct Request<'a, B: ?Sized> {
    pub(crate) method: Method,
    /// The path template from the spec, such as `/checkout_sessions/{session_id}`.
    pub(crate) path: &'static str,
    /// Values for the template's placeholders, in order.
    pub(crate) path_params: &'a [&'a str],
    pub(crate) query: Option<&'a dyn Query>,
    pub(crate) body: Option<&'a B>,
}

/// A 2xx response, read.
struct Success {
    status: u16,
    body: Vec<u8>,
    /// The response's headers, moved out of it: the request id is read from them only when a
    /// log line or a decode error needs it, so a success copies nothing.
    headers: HeaderMap,
}

impl Success {
    fn request_id(&self) -> Option<&str> {
        answer::request_id(&self.headers)
    }
}

/// What one attempt ended with.
type Attempt = Result<Success, Error>;

const JSON: HeaderValue = HeaderValue::from_static("application/json");
// Static names: `&str` names that are not standard headers are copied on every request.
const API_KEY: HeaderName = HeaderName::from_static("x-api-key");
const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// The most a success body's `Content-Length` reserves up front; a larger body grows as read.
const PRESIZE_LIMIT: u64 = 1 << 20;

impl Client {
    /// Sends the request and decodes the success body as `T`.
    pub(crate) fn send_json<B, T>(&self, request: &Request<'_, B>) -> Result<T, Error>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let success = self.send(request)?;
        answer::decode(success.status, &success.body, success.request_id())
    }

    /// Sends the request; the success body, if any, is ignored.
    pub(crate) fn send_empty<B>(&self, request: &Request<'_, B>) -> Result<(), Error>
    where
        B: Serialize + ?Sized,
    {
        self.send(request).map(drop)
    }

    fn send<B: Serialize + ?Sized>(&self, request: &Request<'_, B>) -> Attempt {
        let shared = &self.shared;
        let mut url = String::with_capacity(shared.base_url.len() + 64);
        url.push_str(&shared.base_url);
        crate::path::expand(&mut url, request.path, request.path_params)?;
        if let Some(query) = request.query {
            query.validate()?;
            query.write(&mut QueryWriter::new(&mut url));
        }
        // Parsed once, from the owned string (no copy); each attempt clones it by reference count.
        let url = Uri::try_from(url).map_err(|e| http_error(&e.into()))?;
        let body = match request.body {
            Some(body) => Some(serde_json::to_vec(body).map_err(|e| {
                Error::invalid_request(format!("the request body cannot be serialized: {e}"))
            })?),
            None => None,
        };
        let safety = Safety::of(
            request.method == Method::Post,
            self.idempotency_key.is_some(),
        );
        let mut schedule = Schedule::new(&shared.settings, safety);
        loop {
            let attempt_started = Instant::now();
            let timeout = schedule.time_left();
            if timeout.is_some_and(|left| left.is_zero()) {
                return Err(deadline_error(schedule.attempt() - 1));
            }
            let attempt = schedule.attempt();
            let result = self.attempt(request.method, &url, body.as_deref(), timeout);
            log_attempt(request, &result, attempt, attempt_started.elapsed());
            let error = match result {
                Ok(success) => return Ok(success),
                Err(error) => error,
            };
            match schedule.next_after(&error) {
                Some(wait) => std::thread::sleep(wait),
                None => return Err(with_attempts(error, attempt)),
            }
        }
    }

    /// Runs a built request, with the call's remaining time when it has a deadline.
    fn run(
        &self,
        request: http::Request<impl ureq::AsSendBody>,
        timeout: Option<Duration>,
    ) -> Result<http::Response<ureq::Body>, ureq::Error> {
        let agent = &self.shared.agent;
        match timeout {
            Some(t) => agent.run(
                agent
                    .configure_request(request)
                    .timeout_global(Some(t))
                    .build(),
            ),
            None => agent.run(request),
        }
    }

    /// One attempt: send, then read the answer into a success or an error.
    fn attempt(
        &self,
        method: Method,
        url: &Uri,
        body: Option<&[u8]>,
        timeout: Option<Duration>,
    ) -> Attempt {
        let shared = &self.shared;
        let mut builder = http::Request::builder()
            .method(method.as_http())
            .uri(url.clone())
            .header(API_KEY, shared.api_key.clone());
        if let Some(key) = &self.idempotency_key {
            builder = builder.header(IDEMPOTENCY_KEY, key.clone());
        }
        let result = match body {
            Some(body) => {
                let request = builder
                    .header(header::CONTENT_TYPE, JSON)
                    .body(body)
                    .map_err(|e| http_error(&e))?;
                self.run(request, timeout)
            }
            None => {
                let request = builder
                    .body(ureq::SendBody::none())
                    .map_err(|e| http_error(&e))?;
                self.run(request, timeout)
            }
        };
        let mut response = result.map_err(|e| transport_error(e, timeout.is_some()))?;
        let status = response.status().as_u16();

        if (200..300).contains(&status) {
            // `read_to_vec` with the limit, into a vector sized from `Content-Length` up front
            // rather than grown by doubling.
            let limit = shared.settings.body_limit;
            let expected = response.body().content_length().unwrap_or(0);
            let mut body = Vec::with_capacity(expected.min(limit).min(PRESIZE_LIMIT) as usize);
            response
                .body_mut()
                .with_config()
                .limit(limit)
                .reader()
                .read_to_end(&mut body)
                .map_err(|e| transport_error(e.into(), timeout.is_some()))?;
            return Ok(Success {
                status,
                body,
                headers: std::mem::take(response.headers_mut()),
            });
        }
        let request_id = answer::request_id(response.headers()).map(str::to_owned);
        if (300..400).contains(&status) {
            return Err(answer::redirect(status, response.headers()));
        }

        let retry_after = answer::retry_after(response.headers());
        // Keep what fits in the error-body limit; whatever else the server sends is dropped
        // with the connection.
        let mut body = Vec::new();
        let read = response
            .body_mut()
            .as_reader()
            .take(shared.settings.error_body_limit)
            .read_to_end(&mut body);
        if let Err(e) = read {
            log::debug!(target: "lomi", "error body of a {status} response cut short: {e}");
        }
        let error = ErrorResponse {
            status,
            body: &body,
            request_id,
            retry_after,
        }
        .into_api_error();
        Err(Error::Api(Box::new(error)))
    }
}

fn http_error(e: &http::Error) -> Error {
    Error::invalid_request(format!("the request cannot be built: {e}"))
}

/// Maps ureq's error to ours, keeping it as the source. ureq's type never leaves the crate.
fn transport_error(e: ureq::Error, has_deadline: bool) -> Error {
    use TransportErrorKind as Kind;
    use std::io::ErrorKind as Io;
    let (kind, message) = match &e {
        ureq::Error::Timeout(t) => match t {
            ureq::Timeout::Resolve | ureq::Timeout::Connect => (
                Kind::Connect,
                format!("timed out connecting to lomi. ({t})"),
            ),
            ureq::Timeout::Global if has_deadline => (
                Kind::Timeout,
                "timed out: the attempt or the call's deadline ran out".to_string(),
            ),
            _ => (Kind::Timeout, format!("timed out waiting for lomi. ({t})")),
        },
        ureq::Error::HostNotFound => (Kind::Connect, "cannot resolve lomi.'s host".to_string()),
        ureq::Error::ConnectionFailed => (Kind::Connect, "cannot connect to lomi.".to_string()),
        ureq::Error::Io(io) => match io.kind() {
            Io::ConnectionRefused | Io::AddrNotAvailable | Io::NotConnected => {
                (Kind::Connect, format!("cannot connect to lomi.: {io}"))
            }
            Io::TimedOut | Io::WouldBlock => (Kind::Timeout, format!("timed out: {io}")),
            _ => (Kind::Io, format!("the connection to lomi. broke: {io}")),
        },
        ureq::Error::Tls(_) | ureq::Error::Pem(_) | ureq::Error::Rustls(_) => {
            (Kind::Tls, format!("TLS failed: {e}"))
        }
        ureq::Error::Protocol(_) => (Kind::Protocol, format!("lomi. sent invalid HTTP: {e}")),
        ureq::Error::BodyExceedsLimit(limit) => (
            Kind::BodyTooLarge,
            format!("the response body is larger than the client's limit of {limit} bytes"),
        ),
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
            (Kind::Redirect, format!("redirect refused: {e}"))
        }
        _ => (Kind::Io, format!("the request failed: {e}")),
    };
    let mut error = TransportError::new(kind, message);
    error.source = Some(Box::new(e));
    Error::Transport(Box::new(error))
}

fn deadline_error(attempts: u32) -> Error {
    let mut error = TransportError::new(
        TransportErrorKind::Timeout,
        "the call's deadline ran out before another attempt",
    );
    error.attempts = attempts.max(1);
    Error::Transport(Box::new(error))
}

fn with_attempts(mut error: Error, attempts: u32) -> Error {
    match &mut error {
        Error::Api(e) => e.attempts = attempts,
        Error::Transport(e) => e.attempts = attempts,
        _ => {}
    }
    error
}

fn log_attempt<B: ?Sized>(
    request: &Request<'_, B>,
    result: &Attempt,
    attempt: u32,
    took: Duration,
) {
    if !log::log_enabled!(target: "lomi", log::Level::Debug) {
        return;
    }
    let method = request.method.as_http();
    let ms = took.as_secs_f64() * 1000.0;
    match result {
        Ok(s) => log::debug!(
            target: "lomi",
            "{method} {} -> {} in {ms:.1} ms (attempt {attempt}, request id {})",
            request.path,
            s.status,
            s.request_id().unwrap_or("-"),
        ),
        // The error's kind, never its message: an API error's message comes from the body.
        Err(e) => log::debug!(
            target: "lomi",
            "{method} {} -> {} in {ms:.1} ms (attempt {attempt}, request id {}): {}",
            request.path,
            e.status().map_or("failed".to_string(), |s| s.to_string()),
            e.request_id().unwrap_or("-"),
            e.summary(),
        ),
    }
}
