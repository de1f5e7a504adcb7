//! The response behind a success: its status, request id and headers, for support tickets and
//! reconciliation. A handle made with `recording` (on either client) keeps them in a
//! [`Recorder`]; calls without one pay nothing.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use http::HeaderMap;

/// What lomi. answered a successful call with, besides the body the method returned: the
/// status, the request id (the first non-empty `x-request-id` or `request-id`) and every
/// header. One per successful call, one per page of a list walk.
///
/// `Debug` shows the status, the request id (scrubbed of the key) and how many headers there
/// are, never a header's name or value: a server may echo anything in either, the key
/// included.
///
/// # Example
///
/// ```
/// use lomi::ResponseMeta;
///
/// // As your own tests can make one: the request id is read from the headers as the client
/// // reads it.
/// let mut headers = http::HeaderMap::new();
/// headers.insert("x-request-id", "req_42".parse().unwrap());
/// let meta = ResponseMeta::new(201, headers);
/// assert_eq!(meta.status(), 201);
/// assert_eq!(meta.request_id(), Some("req_42"));
/// ```
#[derive(Clone)]
pub struct ResponseMeta {
    status: u16,
    request_id: Option<String>,
    headers: HeaderMap,
}

impl ResponseMeta {
    /// A response's metadata as the client records it, for your own tests: the request id is
    /// taken from `headers` as the client takes it.
    ///
    /// ```
    /// let meta = lomi::ResponseMeta::new(200, http::HeaderMap::new());
    /// assert_eq!(meta.request_id(), None);
    /// ```
    pub fn new(status: u16, headers: HeaderMap) -> Self {
        let request_id = crate::call::response::request_id(&headers).map(|id| id.into_owned());
        Self {
            status,
            request_id,
            headers,
        }
    }

    /// What the client records: the request id as its errors show it (scrubbed of the key).
    pub(crate) fn recorded(status: u16, request_id: Option<String>, headers: HeaderMap) -> Self {
        Self {
            status,
            request_id,
            headers,
        }
    }

    /// The HTTP status (a 2xx).
    ///
    /// ```
    /// assert_eq!(lomi::ResponseMeta::new(204, http::HeaderMap::new()).status(), 204);
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id lomi. gave the response, for a support ticket.
    ///
    /// ```
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("request-id", "req_7".parse().unwrap());
    /// assert_eq!(lomi::ResponseMeta::new(200, headers).request_id(), Some("req_7"));
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Every header of the response, as received.
    ///
    /// ```
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("x-ratelimit-remaining", "99".parse().unwrap());
    /// let meta = lomi::ResponseMeta::new(200, headers);
    /// assert_eq!(meta.headers()["x-ratelimit-remaining"], "99");
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl fmt::Debug for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseMeta")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("headers", &self.headers.len())
            .finish()
    }
}

/// Collects the [`ResponseMeta`] of every successful call made through a handle from
/// `Client::recording` (or `AsyncClient::recording`), in order: one per call whose answer was
/// a success as the operation documents it (a 2xx whose body does not decode is an error, and
/// not recorded), one per page a list walk received. Clones share one record. It grows until [`take`](Self::take) empties it, so
/// take from a recorder that lives long.
///
/// # Example
///
/// ```no_run
/// # fn main() -> Result<(), lomi::Error> {
/// let client = lomi::Client::from_env()?;
/// let recorder = lomi::Recorder::new();
/// let session = client
///     .recording(&recorder)
///     .retrieve_checkout_session("cs_1234567890abcdef")?;
/// if let Some(meta) = recorder.last() {
///     println!("{} with request id {:?}", meta.status(), meta.request_id());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
pub struct Recorder {
    responses: Arc<Mutex<Vec<ResponseMeta>>>,
}

impl Recorder {
    /// An empty recorder.
    ///
    /// ```
    /// assert!(lomi::Recorder::new().last().is_none());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The last response recorded, if any.
    ///
    /// ```
    /// let recorder = lomi::Recorder::new();
    /// assert!(recorder.last().is_none());
    /// ```
    pub fn last(&self) -> Option<ResponseMeta> {
        self.lock().last().cloned()
    }

    /// Every response recorded so far, oldest first, leaving the recorder empty.
    ///
    /// ```
    /// let recorder = lomi::Recorder::new();
    /// assert!(recorder.take().is_empty());
    /// ```
    pub fn take(&self) -> Vec<ResponseMeta> {
        std::mem::take(&mut *self.lock())
    }

    /// Keeps a response: called once per successful call.
    pub(crate) fn record(&self, meta: ResponseMeta) {
        self.lock().push(meta);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<ResponseMeta>> {
        self.responses
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for Recorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recorder")
            .field("responses", &self.lock().len())
            .finish()
    }
}
