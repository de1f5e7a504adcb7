//! The async client (feature `async`): [`AsyncClient`], and its executor over a pooled
//! `reqwest` client. It sends the same [`Request`]s as the blocking client through the same
//! [`Call`], so retries, limits, errors and logs are the blocking client's, to the byte.

use std::error::Error as StdError;
use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use crate::Error;
use crate::builder::ClientBuilder;
use crate::call::body::{Limit, Reading};
use crate::call::options::CallOptions;
use crate::call::request::Request;
use crate::call::response::{self, Raw};
use crate::call::{Call, Step, Success};
use crate::config::{Core, HttpSettings, IDLE_CONNECTIONS, Roots, Shared};
use crate::error::quote;
use crate::error::{TransportError, TransportErrorKind, is_tls_failure};

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
    shared: Arc<Shared<ReqwestExecutor>>,
    options: CallOptions,
}

impl AsyncClient {
    /// The client the builder checked these settings for.
    pub(crate) fn with_settings(core: Core, connect: HttpSettings) -> Result<Self, Error> {
        let executor = ReqwestExecutor::new(connect)?;
        Ok(Self {
            shared: Arc::new(Shared { core, executor }),
            options: CallOptions::default(),
        })
    }

    /// Sends a request and returns its success, retrying as the policy allows.
    pub(crate) async fn execute(&self, request: Request) -> Result<Success<'_>, Error> {
        let mut call = Call::new(&self.shared.core, request, &self.options);
        // reqwest takes a `Url` and makes it a `Uri` as it sends: a URL only the first can hold
        // would fail there as a broken connection.
        call.uri()?;
        let url = reqwest::Url::parse(&call.url()).map_err(|e| {
            call.fail(Error::invalid_request(format!(
                "the request URL cannot be built: {e}"
            )))
        })?;
        loop {
            let timeout = call.begin()?;
            let outcome = self.shared.executor.send(&call, &url, timeout).await;
            match call.end(outcome) {
                Step::Done(result) => return result,
                Step::Wait(wait) => tokio::time::sleep(wait).await,
            }
        }
    }
}

/// The escape hatch: requests the spec does not describe.
impl AsyncClient {
    /// Sends `request` (see [`RawRequest`](crate::RawRequest)) as
    /// [`Client::send`](crate::Client::send) does, and decodes its success as `T`.
    ///
    /// # Errors
    ///
    /// As [`Client::send`](crate::Client::send).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), lomi::Error> {
    /// let client = lomi::AsyncClient::from_env()?;
    /// let links: serde_json::Value =
    ///     client.send(&lomi::RawRequest::get("/payment-links")?).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: &crate::RawRequest,
    ) -> Result<T, Error> {
        self.execute(request.to_request()).await?.json()
    }

    /// Sends `request` as [`Client::send_empty`](crate::Client::send_empty) does.
    ///
    /// # Errors
    ///
    /// As [`Client::send`](crate::Client::send).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), lomi::Error> {
    /// let client = lomi::AsyncClient::from_env()?;
    /// client.send_empty(&lomi::RawRequest::delete("/payment-links")?.segment("link_123")?).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_empty(&self, request: &crate::RawRequest) -> Result<(), Error> {
        self.execute(request.to_request()).await?.nothing()
    }
}

impl AsyncClient {
    /// A client with default settings; the key picks the environment (see
    /// [`Environment::for_key`](crate::Environment::for_key)).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the key is empty or cannot be sent in a header.
    ///
    /// # Example
    ///
    /// ```
    /// let client = lomi::AsyncClient::new("lomi_sk_test_123")?;
    /// assert_eq!(client.base_url(), lomi::Environment::Sandbox.base_url());
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        ClientBuilder::new(api_key.into()).build_async()
    }

    /// A client from the environment: the key from `LOMI_API_KEY` and, when
    /// set, the base URL from `LOMI_BASE_URL`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variable when `LOMI_API_KEY` is unset or empty, or either value is
    /// invalid.
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
    /// assert_eq!(client.base_url(), lomi::Environment::Production.base_url());
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        &self.shared.core.base_url
    }

    /// A handle on the same client whose requests carry
    /// `Idempotency-Key: key`.
    ///
    /// The key always goes out. A create (`POST`) carrying it is retried like an update after a
    /// timeout or a 5xx, with the same key on every attempt, only when the builder said
    /// [`trust_idempotency_keys(true)`](crate::ClientBuilder::trust_idempotency_keys): lomi.'s server
    /// source reads no such header, so by default a keyed create that may have reached the server is
    /// sent once, like any create. Use one key per logical operation (an order id, say); reusing it
    /// for a different body asks the server to treat both as one.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the key is empty or cannot be sent in a header.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> Result<(), lomi::Error> {
    /// # let client = lomi::AsyncClient::from_env()?;
    /// let once = client.with_idempotency_key("order-2025-0042")?;
    /// // once.create_checkout_session(&body) carries the key; it is retried after a timeout only
    /// // on a client built with `.trust_idempotency_keys(true)`.
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_idempotency_key(&self, key: &str) -> Result<Self, Error> {
        self.with_options(self.options.with_idempotency_key(key)?)
    }

    /// A handle on the same client whose calls each get `timeout` per
    /// attempt instead of the builder's, for one slow call (a large list, a report) on a client shared
    /// with others.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the timeout is zero; over a year counts as a year.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> Result<(), lomi::Error> {
    /// # let client = lomi::AsyncClient::from_env()?;
    /// let patient = client.with_timeout(std::time::Duration::from_secs(300))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Result<Self, Error> {
        self.with_options(self.options.with_timeout(timeout)?)
    }

    /// A handle on the same client whose calls each end within
    /// `deadline`, every attempt and wait included, instead of the builder's deadline.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the deadline is zero; over a year counts as a year.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> Result<(), lomi::Error> {
    /// # let client = lomi::AsyncClient::from_env()?;
    /// let quick = client.with_deadline(std::time::Duration::from_secs(3))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_deadline(&self, deadline: std::time::Duration) -> Result<Self, Error> {
        self.with_options(self.options.with_deadline(deadline)?)
    }

    /// A handle on the same client whose requests also carry this header
    /// (a trace id, say); a second value for the same name replaces the first, and a `User-Agent`
    /// replaces the client's own.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the name or value cannot be sent, the header is one the
    /// client sets itself (`X-API-KEY`, `Idempotency-Key`, `Content-Type`, `Accept`, `Host`,
    /// `Content-Length`, `Transfer-Encoding`), it is about the connection rather than the
    /// request (`Connection`, `Keep-Alive`, `Proxy-Connection`, `TE`, `Trailer`, `Upgrade`,
    /// `Expect`, `Proxy-Authorization`), or it would change a body the client sends or decodes
    /// (`Accept-Encoding`, `Content-Encoding`, `Range`, `If-Range`).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> Result<(), lomi::Error> {
    /// # let client = lomi::AsyncClient::from_env()?;
    /// let traced = client.with_header("X-Correlation-Id", "order-2025-0042")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_header(&self, name: &str, value: &str) -> Result<Self, Error> {
        self.with_options(self.options.with_header(name, value)?)
    }

    /// A handle on the same client that keeps the status, request id and headers of each of
    /// its successful calls in `recorder` (one per page of a list walk), for support tickets
    /// and reconciliation; errors carry theirs already. Calls without it record nothing.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), lomi::Error> {
    /// let client = lomi::AsyncClient::from_env()?;
    /// let recorder = lomi::Recorder::new();
    /// let link = client
    ///     .recording(&recorder)
    ///     .retrieve_payment_link("link_1234567890abcdef").await?;
    /// let meta = recorder.last().expect("one success");
    /// println!("{} {:?}", meta.status(), meta.request_id());
    /// # Ok(())
    /// # }
    /// ```
    pub fn recording(&self, recorder: &crate::Recorder) -> Self {
        Self {
            shared: Arc::clone(&self.shared),
            options: self.options.with_recorder(recorder),
        }
    }

    fn with_options(&self, options: CallOptions) -> Result<Self, Error> {
        Ok(Self {
            shared: Arc::clone(&self.shared),
            options,
        })
    }
}

impl fmt::Debug for AsyncClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncClient")
            .field("core", &self.shared.core)
            .field("options", &self.options)
            .finish()
    }
}

/// Sends attempts over a pooled reqwest client.
struct ReqwestExecutor {
    /// Replaced, pool and all, when a connection may hold a late body (see
    /// [`response::is_irregularly_framed`], [`response::doubtful_length`]).
    http: RwLock<reqwest::Client>,
    connect: HttpSettings,
}

impl ReqwestExecutor {
    fn new(connect: HttpSettings) -> Result<Self, Error> {
        Ok(Self {
            http: RwLock::new(http_client(&connect)?),
            connect,
        })
    }

    async fn send(
        &self,
        call: &Call<'_>,
        url: &reqwest::Url,
        timeout: Duration,
    ) -> Result<Raw, Box<TransportError>> {
        let mut request = reqwest::Request::new(call.method().clone(), url.clone());
        *request.timeout_mut() = Some(timeout);
        let headers = request.headers_mut();
        for (name, value) in call.headers() {
            headers.insert(name, value.clone());
        }
        if let Some(body) = call.body() {
            *request.body_mut() = Some(body.to_vec().into());
        }
        let http = self
            .http
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        // Lets the runtime look at its sockets first: a pooled connection the server closed
        // while it sat idle is noticed by its connection task (which then leaves the pool)
        // only when that task runs, and under a `block_on` per call nothing ran in between.
        tokio::task::yield_now().await;
        let mut response = http.execute(request).await.map_err(transport_error)?;
        let status = response.status().as_u16();
        let doubtful = response::doubtful_length(status, response.version(), response.headers());
        if doubtful.is_some() || response::is_irregularly_framed(status, response.headers()) {
            self.discard_pool();
        }
        let body = match doubtful {
            Some(error) => Err(error),
            None => read(&mut response, call.limit(status)).await,
        };
        Ok(Raw {
            status,
            headers: std::mem::take(response.headers_mut()),
            body,
        })
    }

    /// Drops every pooled connection: the next attempt connects afresh.
    fn discard_pool(&self) {
        log::debug!(target: "lomi", "a response left where its body ends in doubt; not reusing connections");
        if let Ok(fresh) = http_client(&self.connect) {
            *self.http.write().unwrap_or_else(PoisonError::into_inner) = fresh;
        }
    }
}

fn http_client(connect: &HttpSettings) -> Result<reqwest::Client, Error> {
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls_config(&connect.roots)?)
        // Only the proxy the builder chose: reqwest would otherwise read the environment.
        .no_proxy()
        .connect_timeout(connect.timeout)
        .redirect(reqwest::redirect::Policy::none())
        // Our retry policy is the only one: nothing is sent twice behind its back.
        .retry(reqwest::retry::never())
        .pool_max_idle_per_host(IDLE_CONNECTIONS);
    if let Some(proxy) = &connect.proxy {
        let proxy = reqwest::Proxy::all(proxy)
            .map_err(|_| Error::config("the proxy URL is not one the client can use"))?;
        builder = builder.proxy(proxy);
    }
    builder
        .build()
        .map_err(|e| Error::config(format!("cannot build the HTTP client: {e}")))
}

/// rustls with the ring provider and the roots the builder chose, as the blocking client uses.
fn tls_config(roots: &Roots) -> Result<rustls::ClientConfig, Error> {
    let cannot = |e: rustls::Error| Error::config(format!("cannot configure TLS: {e}"));
    // rustls 0.23.48 deprecates ring's provider for its lack of post-quantum key exchange; ring
    // is the provider the blocking client (ureq) uses too, and the alternative (aws-lc-rs)
    // needs a C toolchain. A user's fresh lock file may resolve that release.
    #[allow(
        deprecated,
        reason = "see above: ring is kept on purpose, as ureq keeps it"
    )]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(cannot)?;
    let store = match roots {
        Roots::WebPki => rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        },
        Roots::Only(ders) => crate::config::root_store(ders)?,
        #[cfg(feature = "platform-verifier")]
        Roots::Platform => {
            let verifier = rustls_platform_verifier::Verifier::new(provider).map_err(cannot)?;
            return Ok(builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(verifier))
                .with_no_client_auth());
        }
    };
    Ok(builder.with_root_certificates(store).with_no_client_auth())
}

/// Reads a body up to its limit, chunk by chunk.
async fn read(
    response: &mut reqwest::Response,
    limit: Limit,
) -> Result<Vec<u8>, Box<TransportError>> {
    let mut body = Reading::start(response.content_length(), limit)?;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.push(&chunk)? => return Ok(body.finish()),
            Ok(Some(_)) => {}
            Ok(None) => return Ok(body.finish()),
            Err(e) => return body.broke(transport_error(e)),
        }
    }
}

/// Maps reqwest's error to ours, keeping it as the source.
fn transport_error(e: reqwest::Error) -> Box<TransportError> {
    let (kind, what) = kind(&e);
    let mut error = TransportError::new(kind, format!("{what}: {}", quote(&chain(&e))));
    error.caused_by(Box::new(e));
    Box::new(error)
}

/// The kind of a reqwest failure, from reqwest's own flags and the hyper, rustls and I/O errors
/// beneath it.
fn kind(e: &reqwest::Error) -> (TransportErrorKind, &'static str) {
    use TransportErrorKind as Kind;
    let tls = is_tls_failure(e);
    let mut source: Option<&(dyn StdError + 'static)> = e.source();
    let (mut io, mut parse) = (None, false);
    while let Some(s) = source {
        if let Some(e) = s.downcast_ref::<std::io::Error>() {
            io.get_or_insert(e.kind());
        }
        if let Some(h) = s.downcast_ref::<hyper::Error>() {
            parse |= h.is_parse() || h.is_parse_status();
        }
        source = s.source();
    }
    if e.is_connect() && tls {
        (Kind::Tls, "TLS failed")
    } else if e.is_connect() {
        (Kind::Connect, "cannot connect to lomi.")
    } else if e.is_timeout() || io == Some(std::io::ErrorKind::TimedOut) {
        (
            Kind::Timeout,
            "timed out: the attempt or the call's deadline ran out",
        )
    } else if tls {
        // After the handshake: the request may have gone out, and the stream broke.
        (Kind::Io, "the connection to lomi. broke")
    } else if parse
        // hyper reports bad framing inside a body (a chunk size that is not hex, say) as an I/O
        // error of these kinds, where ureq reports a protocol error.
        || matches!(io, Some(std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput))
    {
        (Kind::Protocol, "lomi. sent invalid HTTP")
    } else {
        (Kind::Io, "the connection to lomi. broke")
    }
}

/// The error and its sources, on one line.
fn chain(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
