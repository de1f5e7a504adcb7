//! `tracing` spans (feature `tracing`): one span per call and one event per attempt, their
//! fields named after OpenTelemetry's HTTP client conventions, so that a `tracing-opentelemetry`
//! subscriber makes a client span of each call with no code of the caller's. Never the key,
//! never a body; server text (the request id) is escaped as in errors. Their target is
//! `lomi::trace`, apart from the `log` line each attempt still writes to `lomi`.

use http::{Method, Uri};
use tracing::field::Empty;

use crate::config::unbracketed;
use crate::error::{Error, quote};

/// The span of one call: `{method} {url.template}` (`otel.name`), a client span, with the
/// server's address and port; the status, resend count, error type and request id are
/// recorded as each attempt ends.
pub(crate) fn call_span(method: &Method, template: &str, base_url: &str) -> tracing::Span {
    let span = tracing::info_span!(
        target: "lomi::trace",
        "lomi.call",
        otel.name = Empty,
        otel.kind = "client",
        http.request.method = %method,
        url.template = template,
        server.address = Empty,
        server.port = Empty,
        http.response.status_code = Empty,
        http.request.resend_count = Empty,
        error.type = Empty,
        lomi.request_id = Empty,
    );
    if !span.is_disabled() {
        span.record("otel.name", format!("{method} {template}"));
        if let Ok(uri) = base_url.parse::<Uri>() {
            if let Some(host) = uri.host() {
                span.record("server.address", unbracketed(host));
            }
            let port = uri.port_u16().or(match uri.scheme_str() {
                Some("https") => Some(443),
                Some("http") => Some(80),
                _ => None,
            });
            if let Some(port) = port {
                span.record("server.port", port);
            }
        }
    }
    span
}

/// What an attempt ended with, as an event inside the call's span: what this attempt got (a
/// 2xx whose body then fails to decode is a 200 here; the span says `decode`).
pub(crate) fn attempt(
    span: &tracing::Span,
    status: Option<u16>,
    request_id: Option<&str>,
    error: Option<&Error>,
    attempt: u32,
    ms: f64,
) {
    if span.is_disabled() {
        return;
    }
    let request_id = request_id.map(|id| quote(id).into_owned());
    tracing::event!(
        target: "lomi::trace",
        parent: span,
        tracing::Level::DEBUG,
        http.response.status_code = status,
        http.request.resend_count = attempt.saturating_sub(1),
        error.type = error.map(error_type).as_deref(),
        lomi.request_id = request_id.as_deref(),
        duration_ms = ms,
        "attempt"
    );
}

/// What the call ended with, on its span, once: the last attempt's status and request id (or
/// none, when it got no answer), how many times the request was sent again, and the error's
/// type when the call failed (a body that did not decode included).
pub(crate) fn finish(
    span: &tracing::Span,
    status: Option<u16>,
    request_id: Option<&str>,
    error: Option<&Error>,
    resends: u32,
) {
    if span.is_disabled() {
        return;
    }
    span.record("http.response.status_code", status);
    span.record("http.request.resend_count", resends);
    span.record(
        "lomi.request_id",
        request_id.map(|id| quote(id).into_owned()).as_deref(),
    );
    span.record("error.type", error.map(error_type).as_deref());
}

/// OpenTelemetry's `error.type`: the status code for an error status, else the kind of
/// failure, in words of a few letters; never server text.
fn error_type(error: &Error) -> String {
    match error {
        Error::Api(e) => e.status().to_string(),
        Error::Transport(e) => format!("{:?}", e.kind()).to_lowercase(),
        Error::Decode(_) => "decode".to_owned(),
        Error::InvalidRequest(_) => "invalid_request".to_owned(),
        Error::Config(_) => "config".to_owned(),
        Error::Pagination(_) => "pagination".to_owned(),
    }
}
