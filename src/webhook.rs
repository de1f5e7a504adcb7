//! Receiving lomi.'s webhooks: check the signature of an event notification and decode it.
//!
//! lomi. POSTs each event to the merchant's endpoint as JSON. The `X-Lomi-Signature` header is
//! the lowercase hex HMAC-SHA256 of the **raw body bytes**, keyed with the webhook's secret
//! (`whsec_…`, the string as the dashboard shows it). Nothing else is signed, so the check
//! here is: the body, byte for byte, was signed with that secret. Verify before parsing, on
//! the bytes you received, not on JSON you parsed and wrote back.
//!
//! The retries of one delivery resend the same bytes, but a new delivery of the same payment
//! (lomi.'s queue retrying, or its payment handler running again) builds the body anew, with a
//! new `id` and `timestamp`: de-duplicate on what stays the same, the event type and the
//! transaction's `transaction_id` (`event.data_as::<lomi::types::Transaction>()`).
//!
//! - [`Verifier`] holds the secret (never shown by `Debug`) and verifies many requests;
//!   [`verify`] is the one-shot form, like Stripe's `Webhook::construct_event`.
//! - Both return a [`WebhookEvent`]: its `event` is an open enum
//!   ([`WebhookEventType`]), its `data` stays JSON, and
//!   [`WebhookEvent::data_as`] decodes it into a type of yours or of the crate.
//! - [`sign`] makes the header for a body, for your own tests.
//! - Every failure is a [`WebhookError`] with a [`WebhookErrorKind`]; none quotes the secret
//!   or the header. Answer `400` to any of them.
//!
//! By convention the secret lives in the `LOMI_WEBHOOK_SECRET` environment variable
//! ([`Verifier::from_env`]).
//!
//! # Example
//!
//! ```
//! use lomi::types::WebhookEventType;
//! use lomi::webhook::{self, Verifier};
//!
//! let secret = "whsec_test_secret";
//! let body = br#"{"id":"evt_1","event":"PAYMENT_SUCCEEDED","timestamp":"2025-01-15T10:30:00Z","data":{"transaction_id":"txn_1"}}"#;
//! let header = webhook::sign(body, secret); // what lomi. sends in X-Lomi-Signature
//!
//! let verifier = Verifier::new(secret)?;
//! let event = verifier.verify(body, Some(header.as_str()))?;
//! assert_eq!(event.event, WebhookEventType::PaymentSucceeded);
//! assert_eq!(event.data["transaction_id"], "txn_1");
//!
//! // One byte changed: rejected.
//! let tampered = br#"{"id":"evt_1","event":"PAYMENT_SUCCEEDED","timestamp":"2025-01-15T10:30:00Z","data":{"transaction_id":"txn_2"}}"#;
//! let err = verifier.verify(tampered, Some(header.as_str())).unwrap_err();
//! assert_eq!(err.kind(), webhook::WebhookErrorKind::SignatureMismatch);
//! # Ok::<(), webhook::WebhookError>(())
//! ```

use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, SystemTime};

use ring::hmac;
use serde::de::DeserializeOwned;

pub use crate::types::{WebhookEvent, WebhookEventType};

/// The header that carries the signature: `X-Lomi-Signature`.
///
/// ```
/// assert_eq!(lomi::webhook::SIGNATURE_HEADER, "X-Lomi-Signature");
/// ```
pub const SIGNATURE_HEADER: &str = "X-Lomi-Signature";

/// The header that repeats the event type: `X-Lomi-Event`. It is not signed; trust the
/// `event` field of the verified body instead.
///
/// ```
/// assert_eq!(lomi::webhook::EVENT_HEADER, "X-Lomi-Event");
/// ```
pub const EVENT_HEADER: &str = "X-Lomi-Event";

/// The environment variable [`Verifier::from_env`] reads the secret from: `LOMI_WEBHOOK_SECRET`.
///
/// ```
/// assert_eq!(lomi::webhook::SECRET_ENV, "LOMI_WEBHOOK_SECRET");
/// ```
pub const SECRET_ENV: &str = "LOMI_WEBHOOK_SECRET";

/// The length of a signature: 32 bytes, 64 hex digits.
const SIGNATURE_BYTES: usize = 32;

/// Verifies webhook deliveries with one secret; cheap to clone and shareable across threads.
///
/// Built once (the HMAC key is prepared then), used for every request. `Debug` never shows the
/// secret.
///
/// # Example
///
/// ```no_run
/// use std::time::Duration;
///
/// let verifier = lomi::webhook::Verifier::from_env()? // LOMI_WEBHOOK_SECRET
///     .tolerance(Duration::from_secs(600));           // optional freshness check
/// # let (body, header): (Vec<u8>, Option<&str>) = (Vec::new(), None);
/// let event = verifier.verify(&body, header)?;
/// println!("{} {:?}", event.event, event.id);
/// # Ok::<(), lomi::webhook::WebhookError>(())
/// ```
#[derive(Clone)]
pub struct Verifier {
    key: hmac::Key,
    tolerance: Option<Duration>,
}

impl Verifier {
    /// A verifier for this secret, used exactly as given (no trimming).
    ///
    /// # Errors
    ///
    /// [`WebhookErrorKind::MissingSecret`] when the secret is empty.
    ///
    /// # Example
    ///
    /// ```
    /// let verifier = lomi::webhook::Verifier::new("whsec_test_secret")?;
    /// assert!(lomi::webhook::Verifier::new("").is_err());
    /// # Ok::<(), lomi::webhook::WebhookError>(())
    /// ```
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        if secret.is_empty() {
            return Err(WebhookError::new(
                WebhookErrorKind::MissingSecret,
                "the webhook secret is empty",
            ));
        }
        Ok(Self {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes()),
            tolerance: None,
        })
    }

    /// A verifier for the secret in the `LOMI_WEBHOOK_SECRET` environment variable.
    ///
    /// # Errors
    ///
    /// [`WebhookErrorKind::MissingSecret`] when the variable is unset, empty or not UTF-8.
    ///
    /// # Example
    ///
    /// ```no_run
    /// let verifier = lomi::webhook::Verifier::from_env()?;
    /// # Ok::<(), lomi::webhook::WebhookError>(())
    /// ```
    pub fn from_env() -> Result<Self, WebhookError> {
        match std::env::var(SECRET_ENV) {
            Ok(secret) if !secret.is_empty() => Self::new(&secret),
            Ok(_) => Err(WebhookError::new(
                WebhookErrorKind::MissingSecret,
                format!("{SECRET_ENV} is empty"),
            )),
            Err(std::env::VarError::NotPresent) => Err(WebhookError::new(
                WebhookErrorKind::MissingSecret,
                format!("{SECRET_ENV} is not set"),
            )),
            Err(std::env::VarError::NotUnicode(_)) => Err(WebhookError::new(
                WebhookErrorKind::MissingSecret,
                format!("{SECRET_ENV} is not valid UTF-8"),
            )),
        }
    }

    /// Also rejects events whose signed `timestamp` is further than `tolerance` from now, in
    /// the past or the future (clock skew). Off by default: the retries of one delivery resend
    /// the same body, so its timestamp ages with every retry (3 s, 6 s, 12 s…), and a later
    /// delivery of the same payment is a new event. With it on, keep it generous (minutes),
    /// and still skip duplicates by event type and transaction.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let verifier = lomi::webhook::Verifier::new("whsec_test_secret")?
    ///     .tolerance(Duration::from_secs(600));
    /// assert!(format!("{verifier:?}").contains("600s"));
    /// # Ok::<(), lomi::webhook::WebhookError>(())
    /// ```
    #[must_use]
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = Some(tolerance);
        self
    }

    /// Checks the signature of `body` and decodes it into the event.
    ///
    /// `body` is the raw request body, exactly as received. `signature` is the value of the
    /// `X-Lomi-Signature` header: a `&str`, or an `Option<&str>` straight from a header lookup
    /// (`None` when the header is absent). Surrounding whitespace and uppercase hex are
    /// accepted. With a [`tolerance`](Self::tolerance), the event's `timestamp` must also be
    /// fresh.
    ///
    /// # Errors
    ///
    /// A [`WebhookError`] whose [`kind`](WebhookError::kind) says why: the header is missing
    /// or empty ([`MissingSignature`](WebhookErrorKind::MissingSignature)), is not 64 hex digits
    /// ([`MalformedSignature`](WebhookErrorKind::MalformedSignature)), does not match the body
    /// and secret ([`SignatureMismatch`](WebhookErrorKind::SignatureMismatch)); the signed body
    /// is not a lomi. event ([`InvalidPayload`](WebhookErrorKind::InvalidPayload)); with a
    /// tolerance, the timestamp is missing
    /// ([`MissingTimestamp`](WebhookErrorKind::MissingTimestamp)) or too old or too far ahead
    /// ([`OutsideTolerance`](WebhookErrorKind::OutsideTolerance)).
    ///
    /// # Example
    ///
    /// ```
    /// use lomi::webhook::{self, Verifier, WebhookErrorKind};
    ///
    /// let verifier = Verifier::new("whsec_test_secret")?;
    /// let body = br#"{"event":"CHECKOUT_COMPLETED","data":{}}"#;
    /// let header = webhook::sign(body, "whsec_test_secret").to_uppercase();
    ///
    /// assert!(verifier.verify(body, format!("  {header}\r\n").as_str()).is_ok());
    /// let missing = verifier.verify(body, None).unwrap_err();
    /// assert_eq!(missing.kind(), WebhookErrorKind::MissingSignature);
    /// # Ok::<(), webhook::WebhookError>(())
    /// ```
    pub fn verify<'a>(
        &self,
        body: impl AsRef<[u8]>,
        signature: impl Into<Option<&'a str>>,
    ) -> Result<WebhookEvent, WebhookError> {
        self.verify_at(body, signature, SystemTime::now())
    }

    /// [`verify`](Self::verify), with the tolerance measured from `now` instead of the clock:
    /// for replaying stored deliveries and for tests.
    ///
    /// # Errors
    ///
    /// As [`verify`](Self::verify).
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use lomi::webhook::{self, Verifier, WebhookErrorKind};
    ///
    /// let body = br#"{"event":"PAYMENT_SUCCEEDED","timestamp":"2025-01-15T10:30:00Z","data":{}}"#;
    /// let header = webhook::sign(body, "whsec_test_secret");
    /// let verifier = Verifier::new("whsec_test_secret")?.tolerance(Duration::from_secs(300));
    ///
    /// let sent = SystemTime::UNIX_EPOCH + Duration::from_secs(1_736_937_000); // 10:30:00Z
    /// assert!(verifier.verify_at(body, header.as_str(), sent + Duration::from_secs(60)).is_ok());
    /// let late = verifier.verify_at(body, header.as_str(), sent + Duration::from_secs(3600));
    /// assert_eq!(late.unwrap_err().kind(), WebhookErrorKind::OutsideTolerance);
    /// # Ok::<(), webhook::WebhookError>(())
    /// ```
    pub fn verify_at<'a>(
        &self,
        body: impl AsRef<[u8]>,
        signature: impl Into<Option<&'a str>>,
        now: SystemTime,
    ) -> Result<WebhookEvent, WebhookError> {
        let body = body.as_ref();
        self.verify_signature(body, signature)?;
        let event = decode_event(body)?;
        if let Some(tolerance) = self.tolerance {
            check_freshness(&event, tolerance, now)?;
        }
        Ok(event)
    }

    /// Checks only the signature of `body`, without decoding it: for a body you decode
    /// yourself.
    ///
    /// # Errors
    ///
    /// [`MissingSignature`](WebhookErrorKind::MissingSignature),
    /// [`MalformedSignature`](WebhookErrorKind::MalformedSignature) or
    /// [`SignatureMismatch`](WebhookErrorKind::SignatureMismatch), as for
    /// [`verify`](Self::verify).
    ///
    /// # Example
    ///
    /// ```
    /// use lomi::webhook::{self, Verifier};
    ///
    /// let verifier = Verifier::new("whsec_test_secret")?;
    /// let header = webhook::sign(b"not even JSON", "whsec_test_secret");
    /// verifier.verify_signature(b"not even JSON", header.as_str())?;
    /// # Ok::<(), webhook::WebhookError>(())
    /// ```
    pub fn verify_signature<'a>(
        &self,
        body: impl AsRef<[u8]>,
        signature: impl Into<Option<&'a str>>,
    ) -> Result<(), WebhookError> {
        let tag = parse_signature(signature.into())?;
        // ring compares the expected tag with `tag` in constant time.
        hmac::verify(&self.key, body.as_ref(), &tag).map_err(|_| {
            WebhookError::new(
                WebhookErrorKind::SignatureMismatch,
                "the signature does not match the body: it was changed, or signed with another secret",
            )
        })
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &"<redacted>")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// Checks the signature of one delivery and decodes the event, in one call: the equivalent
/// of Stripe's `Webhook::construct_event`. No freshness check; build a [`Verifier`] for that,
/// and to prepare the key once for many requests.
///
/// # Errors
///
/// [`WebhookErrorKind::MissingSecret`] for an empty secret, then as [`Verifier::verify`].
///
/// # Example
///
/// ```
/// use lomi::types::WebhookEventType;
/// use lomi::webhook;
///
/// let body = br#"{"event":"REFUND_COMPLETED","data":{"refund_id":"re_1"}}"#;
/// let header = webhook::sign(body, "whsec_test_secret");
/// let event = webhook::verify(body, header.as_str(), "whsec_test_secret")?;
/// assert_eq!(event.event, WebhookEventType::RefundCompleted);
/// # Ok::<(), webhook::WebhookError>(())
/// ```
pub fn verify<'a>(
    body: impl AsRef<[u8]>,
    signature: impl Into<Option<&'a str>>,
    secret: &str,
) -> Result<WebhookEvent, WebhookError> {
    Verifier::new(secret)?.verify(body, signature)
}

/// The `X-Lomi-Signature` value lomi. would send for `body`: the lowercase hex HMAC-SHA256 of
/// the bytes, keyed with `secret`. For your own tests: sign a body, send it to your handler.
///
/// # Example
///
/// ```
/// let header = lomi::webhook::sign(br#"{"event":"test.webhook","data":{}}"#, "whsec_test_secret");
/// assert_eq!(header.len(), 64);
/// assert!(header.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
/// ```
pub fn sign(body: impl AsRef<[u8]>, secret: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    hex::encode(hmac::sign(&key, body.as_ref()).as_ref())
}

impl WebhookEvent {
    /// Decodes the event's `data` into `T`: a type of the crate
    /// ([`CheckoutSession`](crate::types::CheckoutSession)) or one of yours.
    ///
    /// # Errors
    ///
    /// [`WebhookErrorKind::InvalidPayload`] when `data` does not decode into `T`; the message
    /// names the path that failed (`data.amount`, say).
    ///
    /// # Example
    ///
    /// ```
    /// use lomi::types::CheckoutSession;
    /// use lomi::webhook;
    ///
    /// let body = br#"{"event":"CHECKOUT_COMPLETED","data":{"checkout_session_id":"cs_1","amount":15000}}"#;
    /// let event = webhook::verify(body, webhook::sign(body, "whsec_x").as_str(), "whsec_x")?;
    /// let session: CheckoutSession = event.data_as()?;
    /// assert_eq!(session.checkout_session_id, "cs_1");
    /// # Ok::<(), webhook::WebhookError>(())
    /// ```
    pub fn data_as<T: DeserializeOwned>(&self) -> Result<T, WebhookError> {
        serde_path_to_error::deserialize(&self.data).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." {
                "data".to_string()
            } else {
                format!("data.{path}")
            };
            WebhookError::with_source(
                WebhookErrorKind::InvalidPayload,
                format!(
                    "the event's data is not a {} (at `{}`)",
                    short_type_name::<T>(),
                    crate::error::quote(&path)
                ),
                crate::error::Escaped(e.into_inner()),
            )
        })
    }
}

/// The last segment of a type's path, without generics' paths: `CheckoutSession`.
fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

/// The 32 bytes of a signature header, or why it is not one. The header is never quoted.
fn parse_signature(signature: Option<&str>) -> Result<[u8; SIGNATURE_BYTES], WebhookError> {
    let Some(signature) = signature else {
        return Err(WebhookError::new(
            WebhookErrorKind::MissingSignature,
            format!("no {SIGNATURE_HEADER} header"),
        ));
    };
    let signature = signature.trim();
    if signature.is_empty() {
        return Err(WebhookError::new(
            WebhookErrorKind::MissingSignature,
            format!("the {SIGNATURE_HEADER} header is empty"),
        ));
    }
    if signature.len() != 2 * SIGNATURE_BYTES {
        return Err(WebhookError::new(
            WebhookErrorKind::MalformedSignature,
            format!(
                "the {SIGNATURE_HEADER} header has {} bytes, not the {} hex digits of an HMAC-SHA256",
                signature.len(),
                2 * SIGNATURE_BYTES
            ),
        ));
    }
    let mut tag = [0u8; SIGNATURE_BYTES];
    hex::decode_to_slice(signature, &mut tag).map_err(|_| {
        WebhookError::new(
            WebhookErrorKind::MalformedSignature,
            format!("the {SIGNATURE_HEADER} header is not hexadecimal"),
        )
    })?;
    Ok(tag)
}

/// How deep a body's arrays and objects may nest: serde_json's recursion limit.
const MAX_DEPTH: usize = 128;

fn decode_event(body: &[u8]) -> Result<WebhookEvent, WebhookError> {
    let body = lone_surrogates_replaced(body);
    let mut de = serde_json::Deserializer::from_slice(&body);
    let event: WebhookEvent = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = crate::error::quote(&e.path().to_string()).into_owned();
        let inner = e.into_inner();
        // serde_json's limit, which keeps a deep body from overflowing the stack (dropping a
        // `Value` recurses too): a signed body that reaches it is lomi.'s, and says so.
        let message = if inner.to_string().starts_with("recursion limit exceeded") {
            format!(
                "the signed body nests deeper than {MAX_DEPTH} levels, the most decoded (at `{path}`)"
            )
        } else {
            format!("the signed body is not a lomi. webhook event (at `{path}`)")
        };
        WebhookError::with_source(
            WebhookErrorKind::InvalidPayload,
            message,
            crate::error::Escaped(inner),
        )
    })?;
    de.end().map_err(|e| {
        WebhookError::with_source(
            WebhookErrorKind::InvalidPayload,
            "the signed body has data after the event",
            crate::error::Escaped(e),
        )
    })?;
    Ok(event)
}

/// `body` with every `\u` escape of a lone UTF-16 surrogate replaced by `\uFFFD` (the
/// replacement character, also six bytes). lomi.'s sender is JavaScript, whose
/// `JSON.stringify` writes a string cut inside an emoji as a lone surrogate (`"\ud83d"`);
/// serde_json refuses it, and the event would be lost. Only the copy that is decoded is
/// changed: the signature was checked on the bytes as received. No copy is made when there is
/// nothing to replace.
fn lone_surrogates_replaced(body: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    fn unit(at: &[u8]) -> Option<u16> {
        let hex = at.strip_prefix(b"\\u")?.get(..4)?;
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    }
    let is_high = |u: u16| (0xD800..0xDC00).contains(&u);
    let is_low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut out = std::borrow::Cow::Borrowed(body);
    let (mut i, mut in_string) = (0, false);
    while i < body.len() {
        match (in_string, body[i]) {
            (false, b'"') => in_string = true,
            (true, b'"') => in_string = false,
            (true, b'\\') => {
                match unit(&body[i..]) {
                    Some(u) if is_high(u) && unit(&body[i + 6..]).is_some_and(is_low) => i += 12,
                    Some(u) if is_high(u) || is_low(u) => {
                        out.to_mut()[i..i + 6].copy_from_slice(b"\\uFFFD");
                        i += 6;
                    }
                    Some(_) => i += 6,
                    None => i += 2,
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn check_freshness(
    event: &WebhookEvent,
    tolerance: Duration,
    now: SystemTime,
) -> Result<(), WebhookError> {
    let Some(timestamp) = event.timestamp else {
        return Err(WebhookError::new(
            WebhookErrorKind::MissingTimestamp,
            "the event has no timestamp, so its freshness cannot be checked",
        ));
    };
    // Compared as `SystemTime`s: every timestamp chrono decodes is one, while a `now` given to
    // `verify_at` may lie beyond chrono's calendar (converting it that way would panic).
    let timestamp = SystemTime::from(timestamp);
    let (age, ahead) = match now.duration_since(timestamp) {
        Ok(age) => (age, false),
        Err(early) => (early.duration(), true),
    };
    if age <= tolerance {
        return Ok(());
    }
    let seconds = age.as_secs();
    let message = if ahead {
        format!(
            "the event's timestamp is {seconds} s in the future, beyond the tolerance of {} s",
            tolerance.as_secs()
        )
    } else {
        format!(
            "the event is {seconds} s old, beyond the tolerance of {} s",
            tolerance.as_secs()
        )
    };
    Err(WebhookError::new(
        WebhookErrorKind::OutsideTolerance,
        message,
    ))
}

/// What kind of webhook failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WebhookErrorKind {
    /// The secret to verify with is empty, or `LOMI_WEBHOOK_SECRET` is unset or empty: a
    /// configuration error on the receiving side.
    MissingSecret,
    /// The `X-Lomi-Signature` header is absent, or empty once whitespace is trimmed.
    MissingSignature,
    /// The header is not a signature: not 64 characters, or not hexadecimal.
    MalformedSignature,
    /// The signature is well formed but is not the body's under this secret: the body was
    /// changed (or re-encoded) on the way, or it was signed with another secret.
    SignatureMismatch,
    /// The body is correctly signed but is not a lomi. event (not JSON, no `event` or `data`,
    /// a malformed `timestamp`, arrays and objects nested deeper than 128 levels, serde_json's
    /// guard for the stack), or [`WebhookEvent::data_as`] could not decode `data`.
    InvalidPayload,
    /// A tolerance is set and the event carries no `timestamp`.
    MissingTimestamp,
    /// A tolerance is set and the event's `timestamp` is further than it from now, in the past
    /// or in the future.
    OutsideTolerance,
}

/// A webhook delivery that could not be verified or decoded.
///
/// It never contains the secret, nor the signature header's text. Answer lomi. with a 4xx;
/// log [`kind`](Self::kind) and the message.
///
/// # Example
///
/// ```
/// use lomi::webhook::{self, WebhookErrorKind};
///
/// let err = webhook::verify(b"{}", Some("deadbeef"), "whsec_test_secret").unwrap_err();
/// assert_eq!(err.kind(), WebhookErrorKind::MalformedSignature);
/// assert!(!err.to_string().contains("whsec_test_secret"));
/// ```
#[derive(Debug)]
pub struct WebhookError {
    kind: WebhookErrorKind,
    message: Box<str>,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl WebhookError {
    fn new(kind: WebhookErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into().into_boxed_str(),
            source: None,
        }
    }

    fn with_source(
        kind: WebhookErrorKind,
        message: impl Into<String>,
        source: crate::error::Escaped,
    ) -> Self {
        Self {
            source: Some(Box::new(source)),
            ..Self::new(kind, message)
        }
    }

    /// What kind of failure this is.
    ///
    /// ```
    /// use lomi::webhook::{self, WebhookErrorKind};
    ///
    /// let err = webhook::verify(b"{}", None, "whsec_test_secret").unwrap_err();
    /// assert_eq!(err.kind(), WebhookErrorKind::MissingSignature);
    /// ```
    pub fn kind(&self) -> WebhookErrorKind {
        self.kind
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lomi. webhook: {}", self.message)
    }
}

impl StdError for WebhookError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogate_escapes_are_replaced_and_nothing_else() {
        let cases: [(&[u8], &[u8]); 14] = [
            (br#"{"a":"\ud83d"}"#, br#"{"a":"\uFFFD"}"#),
            (br#"{"a":"\udc00x"}"#, br#"{"a":"\uFFFDx"}"#),
            (br#"{"a":"\uD83D"}"#, br#"{"a":"\uFFFD"}"#),
            // A pair is a character: kept, and what follows it is still read.
            (br#"{"a":"\ud83d\ude00"}"#, br#"{"a":"\ud83d\ude00"}"#),
            (
                br#"{"a":"\ud83d\ude00","b":"\udc00"}"#,
                br#"{"a":"\ud83d\ude00","b":"\uFFFD"}"#,
            ),
            // A high surrogate before anything but a low one is alone.
            (br#"{"a":"\ud83d\u0041"}"#, br#"{"a":"\uFFFD\u0041"}"#),
            (br#"{"a":"\ud800\ud800"}"#, br#"{"a":"\uFFFD\uFFFD"}"#),
            (br#"{"a":"\u0041\udc00"}"#, br#"{"a":"\u0041\uFFFD"}"#),
            // An escaped backslash is not the start of an escape.
            (br#"{"a":"\\ud83d"}"#, br#"{"a":"\\ud83d"}"#),
            // Escaped quotes do not end a string; a string's end is seen after `\\`.
            (
                br#"{"a\"\ud83d":"\"\udc00"}"#,
                br#"{"a\"\uFFFD":"\"\uFFFD"}"#,
            ),
            (br#"{"a":"\\","b":"\ud83d"}"#, br#"{"a":"\\","b":"\uFFFD"}"#),
            // Not a whole escape: left to the decoder.
            (br#"{"a":"\u12"}"#, br#"{"a":"\u12"}"#),
            // In a key too; outside strings nothing is touched (not JSON, left to the decoder).
            (br#"{"\ud83d":1} "#, br#"{"\uFFFD":1} "#),
            (br#"{"a":"b"} \ud83d"#, br#"{"a":"b"} \ud83d"#),
        ];
        for (body, expected) in cases {
            let got = lone_surrogates_replaced(body);
            assert_eq!(got.as_ref(), expected, "{}", String::from_utf8_lossy(body));
            let changed = body != expected;
            assert_eq!(
                matches!(got, std::borrow::Cow::Owned(_)),
                changed,
                "a copy only when something was replaced: {}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn signature_parsing_names_each_fault() {
        let ok = "ab".repeat(32);
        assert_eq!(parse_signature(Some(&ok)).unwrap(), [0xab; 32]);
        assert_eq!(
            parse_signature(Some(&format!(" \t{}\n", ok.to_uppercase()))).unwrap(),
            [0xab; 32]
        );
        let kind = |s: Option<&str>| parse_signature(s).unwrap_err().kind();
        assert_eq!(kind(None), WebhookErrorKind::MissingSignature);
        assert_eq!(kind(Some(" \r\n")), WebhookErrorKind::MissingSignature);
        assert_eq!(kind(Some(&ok[..63])), WebhookErrorKind::MalformedSignature);
        assert_eq!(
            kind(Some(&format!("{ok}00"))),
            WebhookErrorKind::MalformedSignature
        );
        assert_eq!(
            kind(Some(&format!("+{}", &ok[1..]))),
            WebhookErrorKind::MalformedSignature
        );
        // 64 bytes, but not 64 ASCII hex digits.
        assert_eq!(
            kind(Some(&format!("é{}", &ok[2..]))),
            WebhookErrorKind::MalformedSignature
        );
    }

    #[test]
    fn freshness_is_symmetric_and_never_overflows() {
        let event: WebhookEvent = serde_json::from_str(
            r#"{"event":"PAYMENT_CREATED","timestamp":"2025-01-15T10:30:00Z","data":null}"#,
        )
        .unwrap();
        let sent = SystemTime::UNIX_EPOCH + Duration::from_secs(1_736_937_000);
        let minute = Duration::from_secs(60);
        assert!(check_freshness(&event, minute, sent).is_ok());
        assert!(check_freshness(&event, minute, sent + minute).is_ok());
        assert!(check_freshness(&event, minute, sent - minute).is_ok());
        let late = check_freshness(&event, minute, sent + 2 * minute).unwrap_err();
        assert_eq!(late.kind(), WebhookErrorKind::OutsideTolerance);
        assert!(late.to_string().contains("120 s old"), "{late}");
        let early = check_freshness(&event, minute, sent - 2 * minute).unwrap_err();
        assert!(early.to_string().contains("in the future"), "{early}");
        assert!(check_freshness(&event, Duration::MAX, SystemTime::UNIX_EPOCH).is_ok());
        assert!(check_freshness(&event, Duration::ZERO, sent).is_ok());
    }

    #[test]
    fn short_type_names() {
        assert_eq!(
            short_type_name::<crate::types::CheckoutSession>(),
            "CheckoutSession"
        );
        assert_eq!(short_type_name::<Vec<String>>(), "Vec");
    }

    #[test]
    fn error_is_thread_safe() {
        fn assert_traits<T: Send + Sync + 'static + StdError>() {}
        assert_traits::<WebhookError>();
    }

    proptest::proptest! {
        /// Any bytes: no panic, the same length, and a body serde_json accepts is left as is.
        #[test]
        fn surrogate_repair_is_total_and_leaves_valid_json_alone(
            body in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::any::<u8>(),
                proptest::sample::select(b"\\\"ud83cD800dc00 ".to_vec()),
            ], 0..64)
        ) {
            let repaired = lone_surrogates_replaced(&body);
            proptest::prop_assert_eq!(repaired.len(), body.len());
            if serde_json::from_slice::<serde_json::Value>(&body).is_ok() {
                proptest::prop_assert_eq!(&repaired[..], &body[..]);
            }
        }
    }
}
