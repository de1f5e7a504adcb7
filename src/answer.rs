//! Reading what lomi. answered, whichever HTTP client carried it: request ids, `Retry-After`,
//! redirects, and success bodies decoded with the failing JSON path named.

use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;
use ureq::http::{HeaderMap, header};

use crate::error::{DecodeError, Error, TransportError, TransportErrorKind};
use crate::error_body::parse_retry_after;
use crate::text::{QUOTE_LIMIT, excerpt};

/// The request id lomi. gave the response, if any.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    ["x-request-id", "request-id"]
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|v| v.to_str().ok())
}

/// The wait `Retry-After` asks for, if present and readable.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()))
}

/// The error for a 3xx answer, which is never followed.
pub(crate) fn redirect(status: u16, headers: &HeaderMap) -> Error {
    let location = headers
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    let mut error = TransportError::new(
        TransportErrorKind::Redirect,
        format!(
            "lomi. answered {status} with a redirect to {}; redirects are not followed so that \
             the API key never reaches another host",
            location.as_deref().unwrap_or("nowhere")
        ),
    );
    error.status = Some(status);
    error.location = location;
    Error::Transport(Box::new(error))
}

/// Decodes a success body, naming the JSON path that failed.
pub(crate) fn decode<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    request_id: Option<&str>,
) -> Result<T, Error> {
    // The fast path decodes once; only a failure pays for tracking the path.
    serde_json::from_slice(body).map_err(|_| {
        let mut de = serde_json::Deserializer::from_slice(body);
        let (path, source) = match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Err(e) => (e.path().to_string(), e.into_inner()),
            // The tracked decode cannot succeed where the plain one failed; keep an error.
            Ok(_) => (".".into(), serde::de::Error::custom("inconsistent decode")),
        };
        Error::Decode(Box::new(DecodeError {
            status,
            path,
            snippet: excerpt(body, QUOTE_LIMIT),
            request_id: request_id.map(str::to_owned),
            source,
        }))
    })
}
