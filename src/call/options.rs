//! What one handle on a client adds to each of its calls: an idempotency key, its own timeout
//! or deadline, extra headers. A handle is a cheap copy of the client that carries them, so one
//! shared client can give a slow report-style list more time than a checkout create.

use std::sync::Arc;
use std::time::Duration;

use http::{HeaderName, HeaderValue};

use crate::Error;
use crate::config::{LONGEST, header_value};

/// The per-call settings of a handle; empty on a client fresh from its builder.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) idempotency_key: Option<HeaderValue>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    /// Shared between handles: adding one copies the list once, calls never do.
    pub(crate) headers: Arc<[(HeaderName, HeaderValue)]>,
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

/// The methods [`Client`](crate::Client) and `AsyncClient` share, written once: construction
/// from a key or the environment, and the handles that carry [`CallOptions`]. Each type has
/// `shared: Arc<Shared>` (with `core`) and `options: CallOptions`; `$build` is the builder
/// method that makes one.
macro_rules! client_methods {
    ($client:ident, $build:ident) => {
        impl $client {
            #[doc = concat!("A client with default settings; the key picks the environment (see
[`Environment::for_key`](crate::Environment::for_key)).

# Errors

[`Error::Config`] when the key is empty or cannot be sent in a header.

# Example

```
let client = lomi::", stringify!($client), "::new(\"lomi_sk_test_123\")?;
assert_eq!(client.base_url(), lomi::Environment::Sandbox.base_url());
# Ok::<(), lomi::Error>(())
```")]
            pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
                ClientBuilder::new(api_key.into()).$build()
            }

            #[doc = concat!("A client from the environment: the key from `LOMI_API_KEY` and, when
set, the base URL from `LOMI_BASE_URL`.

# Errors

[`Error::Config`] naming the variable when `LOMI_API_KEY` is unset or empty, or either value is
invalid.

# Example

```no_run
let client = lomi::", stringify!($client), "::from_env()?;
# Ok::<(), lomi::Error>(())
```")]
            pub fn from_env() -> Result<Self, Error> {
                ClientBuilder::from_env()?.$build()
            }

            #[doc = concat!("The base URL requests go to, without a trailing slash.

```
let client = lomi::", stringify!($client), "::new(\"lomi_sk_live_123\")?;
assert_eq!(client.base_url(), lomi::Environment::Production.base_url());
# Ok::<(), lomi::Error>(())
```")]
            pub fn base_url(&self) -> &str {
                &self.shared.core.base_url
            }

            #[doc = concat!("A handle on the same client whose requests carry
`Idempotency-Key: key`.

The key always goes out. A create (`POST`) carrying it is retried like an update after a
timeout or a 5xx, with the same key on every attempt, only when the builder said
[`trust_idempotency_keys(true)`](crate::ClientBuilder::trust_idempotency_keys): lomi.'s server
source reads no such header, so by default a keyed create that may have reached the server is
sent once, like any create. Use one key per logical operation (an order id, say); reusing it
for a different body asks the server to treat both as one.

# Errors

[`Error::InvalidRequest`] when the key is empty or cannot be sent in a header.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
# let client = lomi::", stringify!($client), "::from_env()?;
let once = client.with_idempotency_key(\"order-2025-0042\")?;
// once.create_checkout_session(&body) carries the key; it is retried after a timeout only
// on a client built with `.trust_idempotency_keys(true)`.
# Ok(())
# }
```")]
            pub fn with_idempotency_key(&self, key: &str) -> Result<Self, Error> {
                self.with_options(self.options.with_idempotency_key(key)?)
            }

            #[doc = concat!("A handle on the same client whose calls each get `timeout` per
attempt instead of the builder's, for one slow call (a large list, a report) on a client shared
with others.

# Errors

[`Error::InvalidRequest`] when the timeout is zero; over a year counts as a year.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
# let client = lomi::", stringify!($client), "::from_env()?;
let patient = client.with_timeout(std::time::Duration::from_secs(300))?;
# Ok(())
# }
```")]
            pub fn with_timeout(&self, timeout: std::time::Duration) -> Result<Self, Error> {
                self.with_options(self.options.with_timeout(timeout)?)
            }

            #[doc = concat!("A handle on the same client whose calls each end within
`deadline`, every attempt and wait included, instead of the builder's deadline.

# Errors

[`Error::InvalidRequest`] when the deadline is zero; over a year counts as a year.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
# let client = lomi::", stringify!($client), "::from_env()?;
let quick = client.with_deadline(std::time::Duration::from_secs(3))?;
# Ok(())
# }
```")]
            pub fn with_deadline(&self, deadline: std::time::Duration) -> Result<Self, Error> {
                self.with_options(self.options.with_deadline(deadline)?)
            }

            #[doc = concat!("A handle on the same client whose requests also carry this header
(a trace id, say); a second value for the same name replaces the first, and a `User-Agent`
replaces the client's own.

# Errors

[`Error::InvalidRequest`] when the name or value cannot be sent, the header is one the
client sets itself (`X-API-KEY`, `Idempotency-Key`, `Content-Type`, `Accept`, `Host`,
`Content-Length`, `Transfer-Encoding`), it is about the connection rather than the
request (`Connection`, `Keep-Alive`, `Proxy-Connection`, `TE`, `Trailer`, `Upgrade`,
`Expect`, `Proxy-Authorization`), or it would change a body the client sends or decodes
(`Accept-Encoding`, `Content-Encoding`, `Range`, `If-Range`).

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
# let client = lomi::", stringify!($client), "::from_env()?;
let traced = client.with_header(\"X-Correlation-Id\", \"order-2025-0042\")?;
# Ok(())
# }
```")]
            pub fn with_header(&self, name: &str, value: &str) -> Result<Self, Error> {
                self.with_options(self.options.with_header(name, value)?)
            }

            fn with_options(&self, options: CallOptions) -> Result<Self, Error> {
                Ok(Self {
                    shared: std::sync::Arc::clone(&self.shared),
                    options,
                })
            }
        }

        impl std::fmt::Debug for $client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($client))
                    .field("core", &self.shared.core)
                    .field("options", &self.options)
                    .finish()
            }
        }
    };
}
pub(crate) use client_methods;

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
