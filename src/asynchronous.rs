//! The async client (feature `async`): progenitor's generated reqwest client, configured from
//! the same [`ClientBuilder`], behind methods with the blocking client's signatures, errors,
//! retry policy and body limits.
//!
//! progenitor's client does the HTTP. Its `exec` hook is ours: it applies the retry policy and,
//! for any non-2xx answer, sets the response aside (status 599 and the original status in an
//! extension), so that progenitor hands it back untouched as an unexpected response and
//! [`finish`] reads the raw body with the same parser as the blocking client. Without that,
//! progenitor would decode documented error statuses into the documented error shape and lose
//! the framework's `message` and any non-JSON body.

use std::fmt;
use std::time::Instant;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo, ResponseValue};
use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;

use crate::Error;
use crate::answer;
use crate::client::{ClientBuilder, Settings};
use crate::error::{ApiError, TransportError, TransportErrorKind};
use crate::error_body::ErrorResponse;
use crate::generated::progenitor::Client as Progenitor;
use crate::query::QueryWriter;
use crate::retry::{Safety, Schedule};

/// An async client for lomi.'s Checkout API (feature `async`), on tokio and reqwest.
///
/// The same methods as [`Client`](crate::Client), `async`, with the same arguments, errors,
/// retries and limits; list operations also have a `…_stream` twin of the blocking `…_iter`.
/// Cheap to clone and safe to share between tasks.
///
/// # Example
///
/// ```no_run
/// # async fn run() -> Result<(), lomi::Error> {
/// let client = lomi::AsyncClient::from_env()?;
/// let link = client.retrieve_payment_link("link_1234567890abcdef").await?;
/// println!("{:?}", link.url);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct AsyncClient {
    inner: Progenitor,
}

impl AsyncClient {
    /// An async client with default settings; the key picks the environment.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the key is empty or cannot be sent in a header.
    ///
    /// # Example
    ///
    /// ```
    /// let client = lomi::AsyncClient::new("lomi_sk_test_123")?;
    /// assert_eq!(client.base_url(), "https://sandbox.api.lomi.africa/v1");
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        crate::Client::builder(api_key).build_async()
    }

    /// An async client from `LOMI_API_KEY` and, when set, `LOMI_BASE_URL`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `LOMI_API_KEY` is unset or a value is invalid.
    ///
    /// # Example
    ///
    /// ```no_run
    /// let client = lomi::AsyncClient::from_env()?;
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build_async()
    }

    /// The base URL requests go to, without a trailing slash.
    ///
    /// ```
    /// let client = lomi::AsyncClient::new("lomi_sk_live_123")?;
    /// assert_eq!(client.base_url(), "https://api.lomi.africa/v1");
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        self.inner.baseurl()
    }

    /// progenitor's own generated client, for code written against progenitor's interface.
    /// It shares this client's connection pool, key, timeouts and retry hook, but returns
    /// progenitor's error type, and answers that are not 2xx arrive as
    /// `progenitor_client::Error::UnexpectedResponse` with status 599.
    ///
    /// ```
    /// let client = lomi::AsyncClient::new("lomi_sk_test_123")?;
    /// let raw: &lomi::progenitor::Client = client.progenitor();
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn progenitor(&self) -> &Progenitor {
        &self.inner
    }
}

impl AsyncClient {
    /// A handle on the same client whose requests carry `Idempotency-Key: key`; see
    /// [`Client::with_idempotency_key`](crate::Client::with_idempotency_key).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the key is empty or cannot be sent in a header.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), lomi::Error> {
    /// # let client = lomi::AsyncClient::from_env()?;
    /// # let body = lomi::types::PaymentLinkCreate::default();
    /// let link = client
    ///     .with_idempotency_key("order-2025-0042")?
    ///     .create_payment_link(&body)
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_idempotency_key(&self, key: &str) -> Result<Self, Error> {
        let inner = Inner {
            settings: self.inner.inner().settings.clone(),
            idempotency_key: Some(crate::client::idempotency_header(key)?),
        };
        Ok(Self {
            inner: Progenitor::new_with_client(self.base_url(), self.inner.client().clone(), inner),
        })
    }
}

/// What progenitor's client carries for our hooks.
#[derive(Debug, Clone)]
pub(crate) struct Inner {
    pub(crate) settings: Settings,
    pub(crate) idempotency_key: Option<HeaderValue>,
}

impl fmt::Debug for AsyncClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncClient")
            .field("base_url", &self.base_url())
            .field("api_key", &"<redacted>")
            .field("settings", &self.inner.inner().settings)
            .field("idempotency_key", &self.inner.inner().idempotency_key)
            .finish()
    }
}

impl ClientBuilder {
    /// Checks the settings and builds an [`AsyncClient`] (feature `async`).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for the same reasons as [`build`](Self::build), or when the TLS
    /// configuration cannot be made.
    ///
    /// # Example
    ///
    /// ```
    /// let client = lomi::Client::builder("lomi_sk_test_123")
    ///     .timeout(std::time::Duration::from_secs(30))
    ///     .build_async()?;
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn build_async(self) -> Result<AsyncClient, Error> {
        let checked = self.check()?;
        let mut headers = HeaderMap::new();
        headers.insert("x-api-key", checked.api_key);
        headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .default_headers(headers)
            .user_agent(checked.user_agent)
            .connect_timeout(checked.connect_timeout)
            .timeout(checked.settings.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))?;
        Ok(AsyncClient {
            inner: Progenitor::new_with_client(
                &checked.base_url,
                http,
                Inner {
                    settings: checked.settings,
                    idempotency_key: None,
                },
            ),
        })
    }
}

/// rustls with the ring provider and the webpki roots, as the blocking client uses.
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::config(format!("cannot configure TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

/// The status progenitor sees for an answer set aside; no API documents it.
const SET_ASIDE: u16 = 599;

/// Why a response was set aside, carried in its extensions.
#[derive(Debug, Clone, Copy)]
enum SetAside {
    /// A non-2xx answer with this status.
    Status(u16),
}

impl ClientHooks<Inner> for Progenitor {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        if let Some(key) = &self.inner().idempotency_key {
            request.headers_mut().insert("idempotency-key", key.clone());
        }
        // progenitor form-encodes the query (`created_at%3Adesc`); re-encode it as the blocking
        // client does, so both send the same bytes (`created_at:desc`).
        if request.url().query().is_some() {
            let pairs: Vec<(String, String)> = request.url().query_pairs().into_owned().collect();
            let mut query = String::new();
            let mut writer = QueryWriter::new(&mut query);
            for (name, value) in &pairs {
                writer.push(name, value);
            }
            request.url_mut().set_query(query.strip_prefix('?'));
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let safety = Safety::of(
            request.method() == reqwest::Method::POST,
            request.headers().contains_key("idempotency-key"),
        );
        let mut schedule = Schedule::new(&self.inner().settings, safety);
        loop {
            let attempt_started = Instant::now();
            // JSON bodies are in memory, so this always clones; a streamed body (only possible
            // through `progenitor()` with a spec that has one) is sent once, without retries.
            let Some(mut this) = request.try_clone() else {
                return self.client().execute(request).await.map(set_aside_failure);
            };
            if let Some(left) = schedule.time_left() {
                *this.timeout_mut() = Some(left);
            }
            let result = self.client().execute(this).await;
            let failure = match &result {
                Ok(response) if response.status().is_success() => None,
                Ok(response) => Some(status_failure(
                    response.status().as_u16(),
                    response.headers(),
                )),
                Err(error) => Some(reqwest_failure(error)),
            };
            log::debug!(
                target: "lomi",
                "{} {} -> {} in {:.1} ms (attempt {}, request id {})",
                request.method(),
                info.operation_id,
                result.as_ref().map_or_else(|_| "failed".into(), |r| r.status().to_string()),
                attempt_started.elapsed().as_secs_f64() * 1000.0,
                schedule.attempt(),
                result.as_ref().ok().and_then(|r| answer::request_id(r.headers())).unwrap_or("-"),
            );
            if let Some(wait) = failure.as_ref().and_then(|f| schedule.next_after(f)) {
                tokio::time::sleep(wait).await;
                continue;
            }
            return result.map(set_aside_failure);
        }
    }
}

/// A stand-in error carrying what the retry policy needs from a non-2xx answer.
fn status_failure(status: u16, headers: &HeaderMap) -> Error {
    Error::Api(Box::new(ApiError::bare(
        status,
        answer::retry_after(headers),
    )))
}

fn reqwest_failure(error: &reqwest::Error) -> Error {
    let kind = if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_timeout() {
        TransportErrorKind::Timeout
    } else {
        TransportErrorKind::Io
    };
    let mut transport = TransportError::new(kind, format!("the request to lomi. failed: {error}"));
    // reqwest's error is not Clone; keep its text, the original stays with progenitor.
    transport.source = Some(error.to_string().into());
    Error::Transport(Box::new(transport))
}

/// Sets a non-2xx answer aside for [`finish`]; a 2xx passes through.
fn set_aside_failure(response: reqwest::Response) -> reqwest::Response {
    if response.status().is_success() {
        return response;
    }
    let status = response.status().as_u16();
    let mut response = ureq::http::Response::from(response);
    *response.status_mut() =
        ureq::http::StatusCode::from_u16(SET_ASIDE).expect("599 is a valid status code");
    response.extensions_mut().insert(SetAside::Status(status));
    reqwest::Response::from(response)
}

/// Turns progenitor's answer into the blocking client's result and error types.
pub(crate) async fn finish<T: DeserializeOwned, E>(
    answer: Result<ResponseValue<T>, progenitor_client::Error<E>>,
    settings: &Settings,
) -> Result<T, Error> {
    use progenitor_client::Error as P;
    match answer {
        Ok(value) => Ok(value.into_inner()),
        Err(P::UnexpectedResponse(response)) => Err(unexpected(response, settings).await),
        Err(P::InvalidResponsePayload(bytes, _)) => Err(answer::decode::<T>(200, &bytes, None)
            .err()
            .unwrap_or_else(|| Error::invalid_request("inconsistent decode"))),
        Err(P::CommunicationError(e) | P::ResponseBodyError(e) | P::InvalidUpgrade(e)) => {
            Err(reqwest_failure(&e))
        }
        Err(P::InvalidRequest(message) | P::Custom(message)) => {
            Err(Error::invalid_request(message))
        }
        Err(P::ErrorResponse(value)) => {
            // Never reached: the hook sets every non-2xx answer aside.
            Err(status_failure(value.status().as_u16(), value.headers()))
        }
    }
}

/// An answer the hook set aside (or any other non-2xx progenitor did not expect).
async fn unexpected(mut response: reqwest::Response, settings: &Settings) -> Error {
    let status = match response.extensions().get::<SetAside>() {
        Some(SetAside::Status(status)) => *status,
        None => response.status().as_u16(),
    };
    let headers = response.headers().clone();
    if (300..400).contains(&status) {
        return answer::redirect(status, &headers);
    }
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = (settings.error_body_limit as usize).saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if room <= chunk.len() {
            break;
        }
    }
    let error = ErrorResponse {
        status,
        body: &body,
        request_id: answer::request_id(&headers).map(str::to_owned),
        retry_after: answer::retry_after(&headers),
    }
    .into_api_error();
    Error::Api(Box::new(error))
}

/// Converts a query value to the integer type progenitor's method takes.
pub(crate) fn narrow<V, T>(name: &str, value: Option<V>) -> Result<Option<T>, Error>
where
    V: Copy + fmt::Display,
    T: TryFrom<V>,
{
    value
        .map(|v| {
            T::try_from(v)
                .map_err(|_| Error::invalid_request(format!("`{name}` is out of range, got {v}")))
        })
        .transpose()
}
