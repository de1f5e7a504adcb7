//! What a built client holds, and the defaults it starts from: the settings every call reads
//! (`Core`), those the executors build their HTTP clients from (`HttpSettings`), and the small
//! readings of text the builder and the proxy choice share.

use std::fmt;
use std::time::Duration;

use http::HeaderValue;

use crate::Error;

/// The timeout of one attempt unless the builder or a handle says otherwise.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(80);

/// The time to connect (TCP, and TLS for the async client) unless the builder says otherwise.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The largest success body read unless the builder says otherwise.
pub(crate) const DEFAULT_BODY_LIMIT: u64 = 10 * 1024 * 1024;

pub(crate) use crate::error::DEFAULT_ERROR_BODY_LIMIT;

/// The longest duration any setting takes: a year, which is "no limit" for an API call.
pub(crate) const LONGEST: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// Idle keep-alive connections the pool keeps (a client talks to one host): one per thread
/// for up to this many threads sharing a client.
pub(crate) const IDLE_CONNECTIONS: usize = 16;

/// The retry settings of a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub(crate) max_retries: u32,
    /// The first backoff, and the least any wait lasts (a `Retry-After` included).
    pub(crate) initial_backoff: Duration,
    /// The most a computed backoff waits.
    pub(crate) max_backoff: Duration,
    /// The longest `Retry-After` honoured; a longer one ends the call.
    pub(crate) max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(20),
        }
    }
}

/// What every clone of a client shares: the settings and the executor that sends its attempts
/// (ureq's for [`Client`](crate::Client), reqwest's for the async client).
pub(crate) struct Shared<E> {
    pub(crate) core: Core,
    pub(crate) executor: E,
}

/// What every call of every clone of a client reads: where to send, what to send with it, and
/// the per-call settings. Built once by [`ClientBuilder`]; both clients share its shape.
pub(crate) struct Core {
    pub(crate) base_url: String,
    /// Marked sensitive, so that `Debug` of a header map never shows it.
    pub(crate) api_key: HeaderValue,
    pub(crate) user_agent: HeaderValue,
    pub(crate) settings: Settings,
}

/// The per-call settings.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) deadline: Option<Duration>,
    pub(crate) body_limit: u64,
    pub(crate) error_body_limit: u64,
    /// Whether the server de-duplicates requests by `Idempotency-Key`, so that a keyed create
    /// may be repeated after a failure that may have reached it.
    pub(crate) trust_idempotency_keys: bool,
}

/// What the executors build their HTTP clients from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HttpSettings {
    pub(crate) timeout: Duration,
    /// The proxy every request goes through, or `None` for direct connections.
    pub(crate) proxy: Option<String>,
    /// Which certificate authorities a server's certificate must chain to.
    pub(crate) roots: Roots,
}

/// The certificate authorities the client trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Roots {
    /// Mozilla's roots, built in (webpki-roots): the same on every machine.
    WebPki,
    /// Exactly these CA certificates (DER), from [`ClientBuilder::root_certificates`].
    Only(std::sync::Arc<[Vec<u8>]>),
    /// The operating system's trust store and policies (feature `platform-verifier`).
    #[cfg(feature = "platform-verifier")]
    Platform,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core")
            .field("base_url", &self.base_url)
            .field("api_key", &"<redacted>")
            .field("user_agent", &self.user_agent)
            .field("settings", &self.settings)
            .finish()
    }
}

/// A rustls store of exactly these CA certificates (DER), each parsed.
pub(crate) fn root_store(ders: &[Vec<u8>]) -> Result<rustls::RootCertStore, Error> {
    let mut store = rustls::RootCertStore::empty();
    for der in ders {
        store
            .add(rustls::pki_types::CertificateDer::from(der.as_slice()))
            .map_err(|e| Error::config(format!("a root certificate is unusable: {e}")))?;
    }
    Ok(store)
}

/// An environment variable as text: `None` when unset, an error naming it when not Unicode.
pub(crate) fn unicode_var(
    var: &impl Fn(&str) -> Option<std::ffi::OsString>,
    name: &str,
) -> Result<Option<String>, Error> {
    var(name)
        .map(|value| {
            value
                .into_string()
                .map_err(|_| Error::config(format!("{name} is not valid Unicode")))
        })
        .transpose()
}

/// A header value from visible ASCII text, or `None`.
pub(crate) fn header_value(text: &str) -> Option<HeaderValue> {
    let visible = !text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic());
    visible.then(|| HeaderValue::from_str(text).ok()).flatten()
}

/// Whether a URL's host is this machine.
pub(crate) fn is_loopback(host: &str) -> bool {
    let host = unbracketed(host);
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A URI's host without the brackets an IPv6 address has there (`[::1]` is `::1`); any other
/// host as it is.
pub(crate) fn unbracketed(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}
