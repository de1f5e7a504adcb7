//! Reading what lomi. sent back, whichever HTTP client carried it: the status decides whether a
//! body is a success to decode, a redirect to refuse or an error to explain; headers give the
//! request id and `Retry-After`; and every piece of server text the client keeps is scrubbed of
//! the client's own key and, when shown, of control characters.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, Version, header};
use serde::de::DeserializeOwned;

use crate::error::{
    ApiError, DecodeError, Error, QUOTE_LIMIT, Redact, TransportError, TransportErrorKind, excerpt,
    quote,
};

/// A response as an executor read it: the status, the headers and the body, read up to the
/// limit the call set for that status.
pub(crate) struct Raw {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    /// The body, or why reading it failed (a 2xx body over the limit, a connection cut short).
    pub(crate) body: Result<Vec<u8>, Box<TransportError>>,
}

/// Whether a status carries a body at all (RFC 9110: 1xx, 204 and 304 never do).
pub(crate) fn has_body(status: u16) -> bool {
    !(status < 200 || status == 204 || status == 304)
}

/// Whether a bodiless status nevertheless announced a body. Whatever follows on that connection
/// may be the announced body arriving late, so the connection must not be used again.
pub(crate) fn is_irregularly_framed(status: u16, headers: &HeaderMap) -> bool {
    let announced = headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|len| len.as_bytes() != b"0");
    !has_body(status) && announced
}

/// The error both clients report, unread, for a response with a body whose
/// `Transfer-Encoding` the two HTTP stacks would read differently: on HTTP/1.1 a final coding
/// other than plain `chunked`, whose body runs to the connection's close whatever
/// `Content-Length` says (RFC 9112 §6.3), and any on HTTP/1.0, whose framing is faulty (§6.1).
/// ureq would read such a body by its `Content-Length`, and an error body's first bytes, or a
/// session with an error after it, could pass for a success. The call adds the status and
/// request id.
pub(crate) fn doubtful_length(
    status: u16,
    version: Version,
    headers: &HeaderMap,
) -> Option<Box<TransportError>> {
    let last = headers
        .get_all(header::TRANSFER_ENCODING)
        .iter()
        .next_back()?;
    let chunked = last
        .to_str()
        .ok()
        .and_then(|codings| codings.rsplit(',').next())
        .is_some_and(|coding| coding.trim().eq_ignore_ascii_case("chunked"));
    let doubtful = has_body(status) && (version != Version::HTTP_11 || !chunked);
    doubtful.then(|| {
        Box::new(TransportError::new(
            TransportErrorKind::Protocol,
            "the answer's Transfer-Encoding leaves its body's length in doubt (a final coding \
             other than `chunked`, or any on HTTP/1.0): its body was not read",
        ))
    })
}

/// What a call knows about a response when it reports it.
pub(crate) struct Context<'a> {
    pub(crate) status: u16,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) redact: Redact<'a>,
}

impl Context<'_> {
    /// The request id lomi. gave the response, if any, scrubbed.
    pub(crate) fn request_id(&self) -> Option<String> {
        request_id(self.headers).map(|id| self.redact.text(&id))
    }

    /// The error for a body that could not be read: the transport error, with the status and
    /// request id the response had.
    pub(crate) fn body_failed(&self, mut error: Box<TransportError>) -> Error {
        error.status = Some(self.status);
        error.request_id = self.request_id();
        Error::Transport(error)
    }

    /// A transport error about this response, with its status and request id.
    fn transport_error(&self, kind: TransportErrorKind, message: String) -> Box<TransportError> {
        let mut error = Box::new(TransportError::new(kind, message));
        error.status = Some(self.status);
        error.request_id = self.request_id();
        error
    }

    /// The error for a 3xx answer, which is never followed.
    pub(crate) fn redirect(&self) -> Error {
        let location = self
            .headers
            .get(header::LOCATION)
            .map(|l| self.redact.text(&String::from_utf8_lossy(l.as_bytes())));
        let mut error = self.transport_error(
            TransportErrorKind::Redirect,
            format!(
                "lomi. answered {} with a redirect to {}; redirects are not followed so that \
                 the API key never reaches another host",
                self.status,
                location.as_deref().map_or(Cow::Borrowed("nowhere"), quote)
            ),
        );
        error.location = location;
        Error::Transport(error)
    }

    /// The error for a `1xx` given as the final answer (a `101 Switching Protocols` to a request
    /// that asked for no upgrade): the server read the request and answered it, so it is never
    /// taken for a refusal. A `Protocol` error, which may have been processed and is not
    /// repeated.
    pub(crate) fn interim_as_final(&self) -> Error {
        Error::Transport(self.transport_error(
            TransportErrorKind::Protocol,
            format!(
                "lomi. answered with status {}, which is not an answer this client can read; \
                 the request may have been processed",
                self.status
            ),
        ))
    }

    /// The typed error for an error status; never fails, whatever the body.
    pub(crate) fn api_error(&self, body: &[u8]) -> ApiError {
        ApiError::read(
            self.status,
            body,
            self.redact,
            self.request_id(),
            retry_after(self.headers),
        )
    }

    /// Decodes a success body, naming the JSON path that failed.
    pub(crate) fn decode<T: DeserializeOwned>(&self, body: &[u8]) -> Result<T, Error> {
        // The fast path decodes once; only a failure pays for tracking the path. A body that is
        // UTF-8 decodes as text exactly as `from_slice` decodes it, without checking each
        // string on its own (a sixth of a retrieve's decoding). Any other body still goes to
        // `from_slice`: it is not always refused, since `from_slice` does not check a string
        // it skips (an unknown field's value), so a body with invalid UTF-8 there decodes.
        let decoded = match std::str::from_utf8(body) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(body),
        };
        decoded.map_err(|plain| {
            let mut de = serde_json::Deserializer::from_slice(body);
            let (path, source) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => (e.path().to_string(), e.into_inner()),
                // The value decoded but the body did not end there: the plain error says
                // where the trailing characters start.
                Ok(_) => (".".into(), plain),
            };
            self.decode_error(body, &path, self.redact.serde_error(source))
        })
    }

    /// Takes a success the spec documents without a body (a delete's `204`): only an empty body
    /// (or white space) is one. Any other body (a proxy's HTML page, `{"success":false}`, an
    /// error object sent with `200`) does not say the operation happened, so it is a
    /// [`DecodeError`] that keeps the status, the body and the request id.
    pub(crate) fn nothing(&self, body: &[u8]) -> Result<(), Error> {
        if body.trim_ascii().is_empty() {
            return Ok(());
        }
        let source = serde::de::Error::custom(
            "the spec documents no body for this answer, so a body does not say it succeeded",
        );
        Err(self.decode_error(body, ".", source))
    }

    /// Checks a decoded object's own id (`field`, `answered`): it is one the client can send
    /// back (not empty, not a dot segment, not too long), and, when the request's path named
    /// the object, the id asked for ([`same_id`]). Otherwise the answer is a [`DecodeError`]:
    /// a cache or a server that mixes up answers would give one customer's session, paid, as
    /// another's, and a create answered with an empty id made something no call can reach.
    pub(crate) fn same_object(
        &self,
        body: &[u8],
        field: &str,
        answered: &str,
        asked: Option<&str>,
    ) -> Result<(), Error> {
        // The key is taken out before the text is cut: a cut key would no longer be found.
        let shown = |id: &str| quote(&self.redact.text(id)).into_owned();
        let problem = match asked {
            Some(asked) if !same_id(answered, asked) => format!(
                "the answer is the object {}, not {}, the one the request named",
                shown(answered),
                shown(asked)
            ),
            _ if crate::call::path::check_segment(field, answered).is_err() => format!(
                "the answer's id {} cannot name it in a request",
                shown(answered)
            ),
            _ => return Ok(()),
        };
        let source = serde::de::Error::custom(problem);
        // The server's id may echo anything, the key included.
        Err(self.decode_error(body, &format!(".{field}"), self.redact.serde_error(source)))
    }

    fn decode_error(&self, body: &[u8], path: &str, source: serde_json::Error) -> Error {
        let kept = &body[..body
            .len()
            .min(crate::config::DEFAULT_ERROR_BODY_LIMIT as usize)];
        let text = String::from_utf8_lossy(kept);
        let scrubbed = if kept.len() < body.len() {
            self.redact.cut_text(&text)
        } else {
            self.redact.text(&text)
        };
        Error::Decode(Box::new(DecodeError {
            status: self.status,
            path: self.redact.text(path),
            snippet: excerpt(scrubbed.as_bytes(), QUOTE_LIMIT),
            body: scrubbed,
            request_id: self.request_id(),
            source: crate::error::Escaped(source),
        }))
    }
}

/// Whether an answered id is the one asked for: two UUIDs are compared by value, whatever their
/// spelling (PostgreSQL, behind lomi.'s API, takes a UUID in any case, without hyphens or in
/// braces, and answers it in the canonical form); any other ids are compared exactly.
fn same_id(answered: &str, asked: &str) -> bool {
    answered == asked
        || matches!(
            (uuid::Uuid::try_parse(answered), uuid::Uuid::try_parse(asked)),
            (Ok(answered), Ok(asked)) if answered == asked
        )
}

/// The request id lomi. gave the response, if any: the first of `x-request-id` and
/// `request-id` that is not empty, as text (bytes past ASCII read as UTF-8, lossily: an id is
/// kept for support, whatever it holds; it is escaped wherever it is shown).
pub(crate) fn request_id(headers: &HeaderMap) -> Option<Cow<'_, str>> {
    ["x-request-id", "request-id"]
        .iter()
        .filter_map(|name| headers.get(*name))
        .find(|v| !v.as_bytes().trim_ascii().is_empty())
        .map(|v| String::from_utf8_lossy(v.as_bytes()))
}

/// The wait `Retry-After` asks for, if present and readable.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()))
}

/// Parses `Retry-After`: delay-seconds or an HTTP date (a date in the past means now).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More seconds than 64 bits hold is still a wait, and longer than any cap.
        return Some(value.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const KEY: &str = "lomi_sk_test_secret123";

    fn context(headers: &HeaderMap, status: u16) -> Context<'_> {
        Context {
            status,
            headers,
            redact: Redact::new(KEY),
        }
    }

    fn error(status: u16, body: &str) -> ApiError {
        context(&HeaderMap::new(), status).api_error(body.as_bytes())
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
        let e = context(&HeaderMap::new(), 599).api_error(&[0xff, 0xfe]);
        assert_eq!(e.message(), "HTTP 599: \u{FFFD}\u{FFFD}");
    }

    #[test]
    fn the_key_is_redacted_from_everything_the_server_said() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", format!("req-{KEY}").parse().unwrap());
        headers.insert(
            "location",
            format!("https://evil/?k={KEY}").parse().unwrap(),
        );
        let body = format!(
            r#"{{"error":{{"code":"{KEY}","message":"bad key {KEY}","details":{{"{KEY}":["{KEY}"]}}}}}}"#
        );
        let cx = context(&headers, 401);
        let e = cx.api_error(body.as_bytes());
        let everything = format!(
            "{e} {e:?} {:?} {:?} {} {}",
            e.request_id(),
            e.code(),
            e.body(),
            e.details().unwrap()
        );
        assert!(!everything.contains(KEY), "{everything}");
        assert_eq!(e.message(), "bad key <redacted>");
        let e = cx.api_error(format!("<html>{KEY}</html>").as_bytes());
        assert!(!format!("{e} {e:?}").contains(KEY));
        let e = cx.redirect();
        assert!(!format!("{e} {e:?}").contains(KEY));
        let e = context(&headers, 200)
            .decode::<Vec<u8>>(format!(r#"{{"{KEY}":1}}"#).as_bytes())
            .unwrap_err();
        assert!(!format!("{e} {e:?}").contains(KEY), "{e}");
    }

    #[test]
    fn a_key_cut_at_a_limit_is_redacted() {
        let r = Redact::new(KEY);
        for keep in 8..KEY.len() {
            let cut = format!("body {}", &KEY[..keep]);
            assert_eq!(r.cut_text(&cut), "body <redacted>", "{keep}");
        }
        // Seven bytes show no more than the public `lomi_sk`.
        assert_eq!(r.cut_text("body lomi_sk"), "body lomi_sk");
        assert_eq!(r.cut_text(&format!("{KEY} {KEY}")), "<redacted> <redacted>");
    }

    #[test]
    fn short_keys_are_not_searched_for() {
        assert_eq!(Redact::new("k").text("a key"), "a key");
    }

    #[test]
    fn control_characters_are_escaped_when_quoted() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(
            quote("a\r\nINFO forged\u{1b}[2J\0\u{7}"),
            "a\\r\\nINFO forged\\u{1b}[2J\\u{0}\\u{7}"
        );
        assert_eq!(quote("\u{202E}txt"), "\\u{202e}txt");
        let e = error(
            400,
            "{\"error\":{\"code\":\"X\\u001b[31m\",\"message\":\"line\\r\\nforged\"}}",
        );
        assert_eq!(
            e.to_string(),
            "lomi. API error 400 (X\\u{1b}[31m): line\\r\\nforged"
        );
    }

    #[test]
    fn quote_cuts_at_a_character_boundary() {
        let long = "é".repeat(400);
        let q = quote(&long);
        assert!(q.len() <= QUOTE_LIMIT + '…'.len_utf8());
        assert!(q.ends_with('…'));
    }

    #[test]
    fn excerpt_cuts_at_the_limit() {
        assert_eq!(excerpt(b"hello", 10), "hello");
        assert_eq!(excerpt(b"hello", 3), "hel…");
        assert_eq!(excerpt(&[0xff, b'a'], 10), "\u{FFFD}a");
        // "é" is two bytes; cutting inside it drops the half.
        assert_eq!(excerpt("aé".as_bytes(), 2), "a…");
    }

    #[test]
    fn trailing_garbage_is_named() {
        let headers = HeaderMap::new();
        let e = context(&headers, 200)
            .decode::<serde_json::Map<String, Value>>(br#"{"checkout_session_id":"cs"} xyz"#)
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("trailing characters at line 1 column 30"),
            "{e}"
        );
    }

    #[test]
    fn framing() {
        let mut headers = HeaderMap::new();
        assert!(!is_irregularly_framed(204, &headers));
        headers.insert("content-length", "0".parse().unwrap());
        assert!(!is_irregularly_framed(204, &headers));
        headers.insert("content-length", "17".parse().unwrap());
        assert!(is_irregularly_framed(204, &headers));
        assert!(is_irregularly_framed(304, &headers));
        assert!(!is_irregularly_framed(200, &headers));
    }

    #[test]
    fn a_length_is_in_doubt_unless_the_last_coding_is_chunked_on_http_1_1() {
        let with = |values: &[&str]| {
            let mut headers = HeaderMap::new();
            for v in values {
                headers.append("transfer-encoding", v.parse().unwrap());
            }
            headers
        };
        let v11 = Version::HTTP_11;
        assert!(doubtful_length(200, v11, &with(&[])).is_none());
        for fine in [
            &["chunked"][..],
            &["Chunked "],
            &["gzip, chunked"],
            &["gzip", "chunked"],
        ] {
            assert!(doubtful_length(200, v11, &with(fine)).is_none(), "{fine:?}");
        }
        for doubtful in [
            &["identity"][..],
            &["gzip"],
            &[""],
            &["chunked,"],
            &["chunked;x=1"],
            &["xchunked"],
            &["chunked", "gzip"],
        ] {
            assert!(
                doubtful_length(200, v11, &with(doubtful)).is_some(),
                "{doubtful:?}"
            );
        }
        assert!(doubtful_length(200, Version::HTTP_10, &with(&["chunked"])).is_some());
        // A status without a body has no length to doubt.
        assert!(doubtful_length(204, v11, &with(&["gzip"])).is_none());
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
        assert_eq!(parse_retry_after("+1", now), None);
        // More seconds than 64 bits hold: the longest wait, which no cap allows.
        assert_eq!(
            parse_retry_after("184467440737095516160", now),
            Some(Duration::MAX)
        );
    }

    /// `decode` as it was before it checked UTF-8 once and read text: `from_slice` alone.
    fn decode_from_slice<T: DeserializeOwned>(
        context: &Context<'_>,
        body: &[u8],
    ) -> Result<T, Error> {
        serde_json::from_slice(body).map_err(|plain| {
            let mut de = serde_json::Deserializer::from_slice(body);
            let (path, source) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => (e.path().to_string(), e.into_inner()),
                Ok(_) => (".".into(), plain),
            };
            context.decode_error(body, &path, context.redact.serde_error(source))
        })
    }

    /// Asserts `decode` gives what `from_slice` gave for `body`: the same value, or the same
    /// error (path, snippet, message, position), for a typed session and for any JSON.
    fn same_as_from_slice(body: &[u8]) {
        let headers = HeaderMap::new();
        let context = context(&headers, 200);
        type Session = crate::types::CheckoutSession;
        let ours = format!("{:?}", context.decode::<Session>(body));
        let theirs = format!("{:?}", decode_from_slice::<Session>(&context, body));
        assert_eq!(ours, theirs, "{}", body.escape_ascii());
        let ours = format!("{:?}", context.decode::<Value>(body));
        let theirs = format!("{:?}", decode_from_slice::<Value>(&context, body));
        assert_eq!(ours, theirs, "{}", body.escape_ascii());
        // An error never shows the key (a value that decoded is the caller's data).
        let shown = [
            context.decode::<Session>(body).err(),
            context.decode::<Value>(body).err(),
        ]
        .iter()
        .flatten()
        .map(|e| format!("{e} {e:?}"))
        .collect::<String>();
        assert!(!shown.contains(KEY), "{shown}");
    }

    #[test]
    fn decoding_as_text_accepts_and_refuses_what_from_slice_did_with_the_same_errors() {
        let key = KEY.as_bytes();
        let mut bodies: Vec<Vec<u8>> = [
            &br#"{"checkout_session_id":"cs_1","created_at":"2025-11-21T13:30:00.000Z"}"#[..],
            // Invalid UTF-8 in a string that is read, one that is skipped, and outside strings.
            b"{\"checkout_session_id\":\"cs_\xff\"}",
            b"{\"checkout_session_id\":\"cs_1\",\"unknown\":\"\xff\xfe\"}",
            b"{\"checkout_session_id\":\"cs_1\"}\xff",
            b"\xff{\"checkout_session_id\":\"cs_1\"}",
            b"{\"checkout_session_id\":\"cs_1\",\"\xff\":1}",
            // Overlong encodings and a surrogate encoded directly (CESU-8).
            b"{\"checkout_session_id\":\"\xc0\xaf\"}",
            b"{\"checkout_session_id\":\"\xe0\x80\xaf\"}",
            b"{\"checkout_session_id\":\"\xed\xa0\x80\"}",
            b"{\"checkout_session_id\":\"cs_1\",\"x\":\"\xed\xa0\x80\"}",
            // Lone and paired surrogate escapes, read and skipped.
            br#"{"checkout_session_id":"\ud800"}"#,
            br#"{"checkout_session_id":"\udc00x"}"#,
            br#"{"checkout_session_id":"cs_1","x":"\ud800"}"#,
            br#"{"checkout_session_id":"\ud83d\ude00"}"#,
            br#"{"checkout_session_id":"cs_1","metadata":{"\ud800":1}}"#,
            // A byte order mark, NUL bytes, control characters.
            b"\xef\xbb\xbf{\"checkout_session_id\":\"cs_1\"}",
            b"{\"checkout_session_id\":\"cs\x001\"}",
            b"{\"checkout_session_id\":\"cs_1\"}\x00",
            b"\x00",
            b"{\"checkout_session_id\":\"cs\t1\"}",
            // Trailing data, nothing, whitespace, numbers out of range.
            br#"{"checkout_session_id":"cs_1"} x"#,
            br#"{"checkout_session_id":"cs_1"}{}"#,
            br#"{"checkout_session_id":"cs_1"}  "#,
            b"",
            b" \n ",
            br#"{"checkout_session_id":"cs_1","amount":1e400}"#,
            br#"{"checkout_session_id":"cs_1","quantity":-1}"#,
        ]
        .iter()
        .map(|b| b.to_vec())
        .collect();
        // The key inside broken bodies: as a value of the wrong type, a field name, a bad
        // date, cut short, next to invalid UTF-8.
        for (head, tail) in [
            (
                &br#"{"checkout_session_id":""#[..],
                &br#"","amount":"x"}"#[..],
            ),
            (br#"{"checkout_session_id":5,"title":""#, br#""}"#),
            (
                br#"{"checkout_session_id":"cs_1","metadata":{""#,
                br#"":[}}"#,
            ),
            (br#"{"checkout_session_id":"cs_1","created_at":""#, br#""}"#),
            (br#"{"checkout_session_id":""#, b""),
            (b"{\"checkout_session_id\":\"\xff", br#""}"#),
            (br#"{"checkout_session_id":"cs_1","amount":""#, br#""}"#),
        ] {
            bodies.push([head, key, tail].concat());
        }
        // A large body, valid and broken at its end.
        let big = "é".repeat(1 << 19);
        bodies.push(format!(r#"{{"checkout_session_id":"{big}"}}"#).into_bytes());
        bodies.push(
            format!(r#"{{"checkout_session_id":"{big}"}}"#).into_bytes()[..(1 << 20) + 5].to_vec(),
        );
        for body in &bodies {
            same_as_from_slice(body);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        /// A session body with a few bytes overwritten or inserted anywhere.
        #[test]
        fn decoding_as_text_agrees_with_from_slice_on_damaged_bodies(
            edits in proptest::collection::vec((0usize..2000, proptest::prelude::any::<u8>(), proptest::prelude::any::<bool>()), 1..4),
        ) {
            let mut body = br#"{"checkout_session_id":"cs_1","title":"Commande \u00e9 #42 \ud83d\ude00","metadata":{"k":[1,2.5,null,true]},"created_at":"2025-11-21T13:30:00.000Z","unknown":{"x":"\u0000"}}"#.to_vec();
            for (at, byte, insert) in edits {
                let at = at % (body.len() + 1);
                if insert || at == body.len() {
                    body.insert(at, byte);
                } else {
                    body[at] = byte;
                }
            }
            same_as_from_slice(&body);
        }
    }
}
