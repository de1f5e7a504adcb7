//! What one handle on a client adds to each of its calls: an idempotency key, its own timeout
//! or deadline, extra headers. A handle is a cheap copy of the client that carries them, so one
//! shared client can give a slow report-style list more time than a checkout create.

use std::sync::Arc;
use std::time::Duration;

use http::{HeaderName, HeaderValue};

use crate::config::{LONGEST, header_value};
use crate::{Error, Recorder};

/// The per-call settings of a handle; empty on a client fresh from its builder.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) idempotency_key: Option<HeaderValue>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    /// Shared between handles: adding one copies the list once, calls never do.
    pub(crate) headers: Arc<[(HeaderName, HeaderValue)]>,
    /// Where each success's status, request id and headers go, when a caller asked.
    pub(crate) recorder: Option<Recorder>,
}

/// Headers the client sets itself: a caller's value would change what the call means.
const RESERVED: [&str; 7] = [
    "x-api-key",
    "idempotency-key",
    "content-length",
    "transfer-encoding",
    "host",
    "content-type",
    "accept",
];

/// Headers about the connection rather than the request (RFC 9110 §7.6.1, and `Expect`, which
/// makes the client wait for a `100 Continue`): the HTTP stack manages them, and a caller's
/// value would change how the connection is framed, kept or upgraded. `Proxy-Authorization`
/// is for the first proxy (RFC 9110 §11.7.2), but a proxy of this client only opens a
/// CONNECT tunnel, and a header on the request travels inside it: to lomi., never to the
/// proxy (its credentials go in the proxy URL).
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
    "expect",
    "proxy-authorization",
];

/// Headers that change a body the client frames or decodes: how the answer is encoded
/// (neither HTTP client decompresses, so a compressed success could not be decoded), how much
/// of it comes (a `206` with part of a body is a success to decode), or how the server must
/// read the JSON body the client sends.
const BODY: [&str; 4] = ["accept-encoding", "content-encoding", "range", "if-range"];

impl CallOptions {
    pub(crate) fn with_idempotency_key(&self, key: &str) -> Result<Self, Error> {
        let key = header_value(key).ok_or_else(|| {
            Error::invalid_request("the idempotency key must be non-empty visible ASCII")
        })?;
        Ok(Self {
            idempotency_key: Some(key),
            ..self.clone()
        })
    }

    pub(crate) fn with_recorder(&self, recorder: &Recorder) -> Self {
        Self {
            recorder: Some(recorder.clone()),
            ..self.clone()
        }
    }

    pub(crate) fn with_timeout(&self, timeout: Duration) -> Result<Self, Error> {
        Ok(Self {
            timeout: Some(checked("timeout", timeout)?),
            ..self.clone()
        })
    }

    pub(crate) fn with_deadline(&self, deadline: Duration) -> Result<Self, Error> {
        Ok(Self {
            deadline: Some(checked("deadline", deadline)?),
            ..self.clone()
        })
    }

    pub(crate) fn with_header(&self, name: &str, value: &str) -> Result<Self, Error> {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Error::invalid_request(format!("`{}` is not a header name", name.escape_debug()))
        })?;
        if RESERVED.contains(&name.as_str()) {
            return Err(Error::invalid_request(format!(
                "the client sets `{name}` itself"
            )));
        }
        if HOP_BY_HOP.contains(&name.as_str()) {
            return Err(Error::invalid_request(format!(
                "`{name}` is about the connection, which the client manages"
            )));
        }
        if BODY.contains(&name.as_str()) {
            return Err(Error::invalid_request(format!(
                "`{name}` would change a body the client sends or decodes"
            )));
        }
        let printable = value
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
        let value = HeaderValue::from_str(value)
            .ok()
            .filter(|_| printable)
            .ok_or_else(|| {
                Error::invalid_request(format!("the value of `{name}` must be printable ASCII"))
            })?;
        let mut headers = self.headers.to_vec();
        headers.retain(|(n, _)| n != name);
        headers.push((name, value));
        Ok(Self {
            headers: headers.into(),
            ..self.clone()
        })
    }
}

fn checked(name: &str, duration: Duration) -> Result<Duration, Error> {
    if duration.is_zero() {
        return Err(Error::invalid_request(format!(
            "{name} must be longer than zero"
        )));
    }
    Ok(duration.min(LONGEST))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked() {
        let o = CallOptions::default();
        assert!(o.with_idempotency_key("order-42").is_ok());
        for bad in ["", "a b", "a\r\nb", "é"] {
            assert!(o.with_idempotency_key(bad).is_err(), "{bad:?}");
        }
        assert!(o.with_timeout(Duration::ZERO).is_err());
        assert_eq!(
            o.with_deadline(Duration::MAX).unwrap().deadline,
            Some(LONGEST)
        );
        for name in [
            "X-API-KEY",
            "Idempotency-Key",
            "content-type",
            "Host",
            "bad name",
            "",
        ] {
            assert!(o.with_header(name, "v").is_err(), "{name}");
        }
        assert!(o.with_header("x-trace", "a\r\nX-Evil: 1").is_err());
        let o = o
            .with_header("X-Trace", "1")
            .unwrap()
            .with_header("x-trace", "2")
            .unwrap();
        assert_eq!(o.headers.len(), 1);
        assert_eq!(o.headers[0].1, "2");
    }
}
