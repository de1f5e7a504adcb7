//! A failure below the API: the request did not complete.

use std::error::Error as StdError;
use std::fmt;

use crate::error::quote::{needs_escape, quote};

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, DNS failure, connect timeout, a proxy refusing
    /// the tunnel). The request never reached the server.
    Connect,
    /// An attempt or the whole call took longer than its timeout.
    Timeout,
    /// The TLS handshake or certificate check failed.
    Tls,
    /// The connection broke after it was made (reset, closed early, truncated body, a TLS
    /// record that cannot be decrypted).
    Io,
    /// The server's answer was not valid HTTP (broken chunked encoding, bad headers).
    Protocol,
    /// The response body was larger than the client's limit.
    BodyTooLarge,
    /// The server answered with a redirect, which the client never follows so that the API
    /// key never reaches another host.
    Redirect,
}

/// Whether a failure is rustls refusing the connection (an unknown issuer, a bad name, a
/// failed handshake), wherever it sits in the chain: HTTP clients wrap it in I/O errors, and an
/// I/O error shows its inner error through `get_ref`, not `source`.
pub(crate) fn is_tls_failure(error: &(dyn StdError + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if e.is::<rustls::Error>() {
            return true;
        }
        let inner = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref());
        if inner.is_some_and(|inner| is_tls_failure(inner)) {
            return true;
        }
        next = e.source();
    }
    false
}

/// A failure below the API: the request did not complete.
///
/// # Example
///
/// ```no_run
/// # fn main() -> Result<(), lomi::Error> {
/// # let client = lomi::Client::from_env()?;
/// use lomi::TransportErrorKind;
/// let params = lomi::types::ListCheckoutSessionsParams::new();
/// if let Err(lomi::Error::Transport(e)) = client.list_checkout_sessions(&params) {
///     if e.kind() == TransportErrorKind::Timeout {
///         eprintln!("lomi. was slow: {e}");
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct TransportError {
    pub(crate) kind: TransportErrorKind,
    pub(crate) message: String,
    pub(crate) status: Option<u16>,
    pub(crate) location: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) attempts: u32,
    pub(crate) repeatable: bool,
    /// Whether an earlier attempt of the call may have been processed.
    pub(crate) processed_earlier: bool,
    pub(crate) source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    pub(crate) fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            status: None,
            location: None,
            request_id: None,
            attempts: 1,
            repeatable: false,
            processed_earlier: false,
            source: None,
        }
    }

    /// Keeps the HTTP client's error as the source. Error reporters print every source
    /// (anyhow's "Caused by:"), and one may carry the server's text (a certificate's names, a
    /// header): where any error of the chain shows a character [`quote`] escapes, the chain
    /// is kept as its quoted text instead (each cut to the quoted length); otherwise the
    /// errors themselves are kept (for `downcast_ref` to an `io::Error`).
    pub(crate) fn caused_by(&mut self, source: Box<dyn StdError + Send + Sync>) {
        let mut texts = Vec::new();
        let mut escaped = false;
        let mut next: Option<&(dyn StdError + 'static)> = Some(&*source);
        while let Some(e) = next {
            let text = e.to_string();
            escaped |= text.chars().any(needs_escape);
            texts.push(text);
            next = e.source();
        }
        self.source = if escaped {
            let quoted = texts.into_iter().rev().fold(None, |source, text| {
                let text = quote(&text).into_owned();
                Some(Box::new(Quoted { text, source }))
            });
            quoted.map(|q| q as Box<dyn StdError + Send + Sync>)
        } else {
            Some(source)
        };
    }

    /// What kind of failure this was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// For a redirect, the `Location` the server pointed at (not followed).
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    /// How many attempts the client made before giving up (0 when the call's deadline ran
    /// out before the first could be sent).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The HTTP status of the response, when one arrived (a redirect, a 2xx whose body was
    /// too large or cut short).
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The request id of the response, when one arrived with one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(status) = self.status {
            write!(f, " [status {status}]")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {}]", quote(id))?;
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

/// A transport error alone is an error too, with the HTTP client's error as its source (or,
/// where that error's text holds characters that need escaping, such as a certificate's names,
/// that text escaped, error by error).
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let client = lomi::Client::from_env()?;
/// if let Err(lomi::Error::Transport(e)) = client.retrieve_checkout_session("cs_1") {
///     let e: Box<dyn std::error::Error> = e; // keeps `source()`
///     eprintln!("{e}");
/// }
/// # Ok(())
/// # }
/// ```
impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

/// One error of a source chain that showed server text, as its quoted text.
#[derive(Debug)]
struct Quoted {
    text: String,
    source: Option<Box<Quoted>>,
}

impl fmt::Display for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl StdError for Quoted {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}
