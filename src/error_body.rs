//! Reading an error response, whatever its body: lomi.'s documented shape, the NestJS
//! framework's shape, or anything else (an HTML page from a proxy).

use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::error::ApiError;
use crate::text::{QUOTE_LIMIT, excerpt};

/// The parts of an error response the client keeps.
pub(crate) struct ErrorResponse<'a> {
    pub(crate) status: u16,
    pub(crate) body: &'a [u8],
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<Duration>,
}

impl ErrorResponse<'_> {
    /// Builds the typed error; never fails, whatever the body.
    pub(crate) fn into_api_error(self) -> ApiError {
        let parsed = serde_json::from_slice::<Value>(self.body).ok();
        let (code, message, details) = match parsed.as_ref() {
            Some(json) => read_json(json),
            None => (None, None, None),
        };
        let message = message.unwrap_or_else(|| fallback_message(self.status, self.body));
        ApiError {
            status: self.status,
            code,
            message,
            details,
            request_id: self.request_id,
            retry_after: self.retry_after,
            body: String::from_utf8_lossy(self.body).into_owned(),
            attempts: 1,
        }
    }
}

type Parts = (Option<String>, Option<String>, Option<Value>);

fn read_json(json: &Value) -> Parts {
    // Documented: {"error": {"code", "message", "details"}}
    if let Some(error) = json.get("error").filter(|e| e.is_object()) {
        return (
            text(error.get("code")),
            text(error.get("message")),
            error.get("details").filter(|d| !d.is_null()).cloned(),
        );
    }
    // NestJS: {"statusCode": 400, "message": "…" | ["…", …], "error": "Bad Request"}
    let message = match json.get("message") {
        Some(Value::Array(items)) => {
            let parts: Vec<_> = items.iter().filter_map(|m| text(Some(m))).collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        other => text(other),
    };
    let message = message.or_else(|| text(json.get("error")));
    (None, message, None)
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Null | Value::String(_) => None,
        other => Some(other.to_string()),
    }
}

fn fallback_message(status: u16, body: &[u8]) -> String {
    let reason = reason(status);
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return format!("HTTP {status} {reason} with an empty body");
    }
    format!("HTTP {status} {reason}: {}", excerpt(trimmed, QUOTE_LIMIT))
}

fn reason(status: u16) -> &'static str {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

/// Parses `Retry-After`: delay-seconds or an HTTP date (a date in the past means now).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(status: u16, body: &str) -> ApiError {
        ErrorResponse {
            status,
            body: body.as_bytes(),
            request_id: None,
            retry_after: None,
        }
        .into_api_error()
    }

    #[test]
    fn documented_shape() {
        let e = error(
            404,
            r#"{"error":{"code":"NOT_FOUND","message":"Checkout session not found","details":{"id":"cs_1"}}}"#,
        );
        assert_eq!(e.status(), 404);
        assert_eq!(e.code(), Some("NOT_FOUND"));
        assert_eq!(e.message(), "Checkout session not found");
        assert_eq!(e.details().unwrap()["id"], "cs_1");
    }

    #[test]
    fn nestjs_shapes() {
        let e = error(
            429,
            r#"{"statusCode":429,"message":"ThrottlerException: Too Many Requests"}"#,
        );
        assert_eq!(e.message(), "ThrottlerException: Too Many Requests");
        assert_eq!(e.code(), None);
        let e = error(
            400,
            r#"{"statusCode":400,"message":["amount must be a number","currency_code should not be empty"],"error":"Bad Request"}"#,
        );
        assert_eq!(
            e.message(),
            "amount must be a number; currency_code should not be empty"
        );
        let e = error(400, r#"{"statusCode":400,"error":"Bad Request"}"#);
        assert_eq!(e.message(), "Bad Request");
    }

    #[test]
    fn any_other_body() {
        let e = error(502, "<html><body><h1>502 Bad Gateway</h1></body></html>\n");
        assert_eq!(
            e.message(),
            "HTTP 502 Bad Gateway: <html><body><h1>502 Bad Gateway</h1></body></html>"
        );
        assert!(e.body().ends_with("</html>\n"));
        assert_eq!(
            error(500, "").message(),
            "HTTP 500 Internal Server Error with an empty body"
        );
        assert_eq!(
            error(500, "[1,2]").message(),
            "HTTP 500 Internal Server Error: [1,2]"
        );
        assert_eq!(
            error(500, "null").message(),
            "HTTP 500 Internal Server Error: null"
        );
        let long = "x".repeat(10_000);
        assert!(error(503, &long).message().len() < 600);
        let e = ErrorResponse {
            status: 599,
            body: &[0xff, 0xfe],
            request_id: None,
            retry_after: None,
        }
        .into_api_error();
        assert_eq!(e.message(), "HTTP 599 : \u{FFFD}\u{FFFD}");
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
