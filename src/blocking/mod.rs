//! The blocking client: [`Client`], and its executor over a pooled `ureq` agent, the only code
//! of the blocking half that speaks HTTP. Everything else about a call is in [`crate::call`].

pub(crate) mod connector;
mod interim;
pub(crate) mod resolver;
mod transport;

use std::fmt;
use std::net::Ipv6Addr;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use http::{HeaderValue, Uri, header};

use crate::Error;
use crate::blocking::connector::ConnectFailed;
use crate::builder::ClientBuilder;
use crate::call::body::{Limit, Reading, too_large};
use crate::call::options::CallOptions;
use crate::call::request::Request;
use crate::call::response::{self, Raw};
use crate::call::{Call, Step, Success};
use crate::config::{Core, HttpSettings, IDLE_CONNECTIONS, Roots, Shared, unbracketed};
use crate::error::quote;
use crate::error::{TransportError, TransportErrorKind, is_tls_failure};

/// A blocking client for lomi.'s Checkout API.
///
/// Cheap to clone (the connection pool and settings are shared) and safe to share between
/// threads. One method per API operation, named after its operationId; see the crate docs for
/// the list.
///
/// # Example
///
/// ```no_run
/// # fn main() -> Result<(), lomi::Error> {
/// let client = lomi::Client::new("lomi_sk_test_…")?;
/// let page = client.list_payment_links(&lomi::types::ListPaymentLinksParams::new().limit(10))?;
/// println!("{} payment links", page.data.len());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared<UreqExecutor>>,
    options: CallOptions,
}

impl Client {
    /// A builder to set the environment, base URL, timeouts, retries, proxy and limits.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let client = lomi::Client::builder("lomi_sk_live_123")
    ///     .environment(lomi::Environment::Sandbox)
    ///     .timeout(Duration::from_secs(30))
    ///     .max_retries(1)
    ///     .build()?;
    /// assert_eq!(client.base_url(), lomi::Environment::Sandbox.base_url());
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn builder(api_key: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(api_key.into())
    }

    /// The client the builder checked these settings for.
    pub(crate) fn with_settings(core: Core, connect: HttpSettings) -> Result<Self, Error> {
        let executor = UreqExecutor::new(connect, &core)?;
        Ok(Self {
            shared: Arc::new(Shared { core, executor }),
            options: CallOptions::default(),
        })
    }

    /// Sends a request and returns its success, retrying as the policy allows.
    pub(crate) fn execute(&self, request: Request) -> Result<Success<'_>, Error> {
        let mut call = Call::new(&self.shared.core, request, &self.options);
        let uri = call.uri()?;
        loop {
            let timeout = call.begin()?;
            let outcome = self.shared.executor.send(&call, &uri, timeout);
            match call.end(outcome) {
                Step::Done(result) => return result,
                Step::Wait(wait) => std::thread::sleep(wait),
            }
        }
    }
}

/// The escape hatch: requests the spec does not describe.
impl Client {
    /// Sends `request` (see [`RawRequest`](crate::RawRequest)) through the same call path as
    /// every generated method, and decodes its success as `T`: a type of yours, one of
    /// [`types`](crate::types), or `serde_json::Value` for the raw JSON.
    ///
    /// # Errors
    ///
    /// Any [`Error`], as for a generated method: `Api` for an error status, `Transport`,
    /// `Decode` (naming the JSON path) for a success that is not a `T`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> Result<(), lomi::Error> {
    /// let client = lomi::Client::from_env()?;
    /// let links: serde_json::Value =
    ///     client.send(&lomi::RawRequest::get("/payment-links")?.query("limit", 10))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: &crate::RawRequest,
    ) -> Result<T, Error> {
        self.execute(request.to_request())?.json()
    }

    /// Sends `request` as [`send`](Self::send) does, for an answer without a body: success is
    /// an empty 2xx; any body is a `Decode` error that keeps it.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> Result<(), lomi::Error> {
    /// let client = lomi::Client::from_env()?;
    /// client.send_empty(&lomi::RawRequest::delete("/payment-links")?.segment("link_123")?)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn send_empty(&self, request: &crate::RawRequest) -> Result<(), Error> {
        self.execute(request.to_request())?.nothing()
    }
}

impl Client {
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
    /// let client = lomi::Client::new("lomi_sk_test_123")?;
    /// assert_eq!(client.base_url(), lomi::Environment::Sandbox.base_url());
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        ClientBuilder::new(api_key.into()).build()
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
    /// let client = lomi::Client::from_env()?;
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL requests go to, without a trailing slash.
    ///
    /// ```
    /// let client = lomi::Client::new("lomi_sk_live_123")?;
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
    /// # let client = lomi::Client::from_env()?;
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
    /// # let client = lomi::Client::from_env()?;
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
    /// # let client = lomi::Client::from_env()?;
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
    /// # let client = lomi::Client::from_env()?;
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
    /// # fn run() -> Result<(), lomi::Error> {
    /// let client = lomi::Client::from_env()?;
    /// let recorder = lomi::Recorder::new();
    /// let link = client
    ///     .recording(&recorder)
    ///     .retrieve_payment_link("link_1234567890abcdef")?;
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

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("core", &self.shared.core)
            .field("options", &self.options)
            .finish()
    }
}

/// Sends attempts over a pooled ureq agent.
struct UreqExecutor {
    /// Replaced, pool and all, when a connection may hold a late body (see
    /// [`response::is_irregularly_framed`], [`response::doubtful_length`]).
    agent: RwLock<ureq::Agent>,
    connect: HttpSettings,
    /// The agent's timeout for a whole request: the client's timeout.
    timeout: Duration,
    /// The `Host` header of every request, made once: ureq would format it on every call.
    host: Option<HeaderValue>,
}

impl UreqExecutor {
    fn new(connect: HttpSettings, core: &Core) -> Result<Self, Error> {
        let timeout = core.settings.timeout;
        let agent = agent(&connect, timeout)?;
        Ok(Self {
            agent: RwLock::new(agent),
            connect,
            timeout,
            host: host_header(&core.base_url),
        })
    }

    /// One attempt: send, then read the status, headers and body.
    fn send(
        &self,
        call: &Call<'_>,
        uri: &Uri,
        timeout: Duration,
    ) -> Result<Raw, Box<TransportError>> {
        let agent = self
            .agent
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let result = match call.body() {
            Some(body) => self.run(&agent, self.attempt(call, uri, body), timeout),
            None => self.run(
                &agent,
                self.attempt(call, uri, ureq::SendBody::none()),
                timeout,
            ),
        };
        let mut response = result?;
        let status = response.status().as_u16();
        let doubtful = response::doubtful_length(status, response.version(), response.headers());
        if doubtful.is_some() || response::is_irregularly_framed(status, response.headers()) {
            self.discard_pool();
        }
        let body = match doubtful {
            Some(error) => Err(error),
            None => read(response.body_mut(), call.limit(status)),
        };
        Ok(Raw {
            status,
            headers: std::mem::take(response.headers_mut()),
            body,
        })
    }

    /// Runs a request on `agent` with `timeout` for all of it. The agent's own timeout is the
    /// client's, which is what an attempt gets unless a deadline or a handle's timeout says
    /// otherwise: only then does the request carry a configuration of its own (a copy of the
    /// agent's, which ureq also compares with the agent's to decide whether the pool may serve
    /// it).
    fn run(
        &self,
        agent: &ureq::Agent,
        request: http::Request<impl ureq::AsSendBody>,
        timeout: Duration,
    ) -> Result<http::Response<ureq::Body>, Box<TransportError>> {
        let result = if timeout == self.timeout {
            agent.run(request)
        } else {
            let request = agent
                .configure_request(request)
                .timeout_global(Some(timeout))
                .build();
            agent.run(request)
        };
        result.map_err(transport_error)
    }

    /// An attempt's request: `Host`, then the call's method, URL and headers, and `body`.
    fn attempt<B>(&self, call: &Call<'_>, uri: &Uri, body: B) -> http::Request<B> {
        let mut request = http::Request::new(body);
        *request.method_mut() = call.method().clone();
        *request.uri_mut() = uri.clone();
        let headers = request.headers_mut();
        if let Some(host) = &self.host {
            headers.append(header::HOST, host.clone());
        }
        for (name, value) in call.headers() {
            headers.append(name, value.clone());
        }
        request
    }

    /// Drops every pooled connection: the next attempt connects afresh.
    fn discard_pool(&self) {
        log::debug!(target: "lomi", "a response left where its body ends in doubt; not reusing connections");
        if let Ok(fresh) = agent(&self.connect, self.timeout) {
            *self.agent.write().unwrap_or_else(PoisonError::into_inner) = fresh;
        }
    }
}

fn agent(connect: &HttpSettings, timeout: Duration) -> Result<ureq::Agent, Error> {
    let proxy = match &connect.proxy {
        Some(url) => Some(
            ureq::Proxy::new(url)
                .map_err(|_| Error::config("the proxy URL is not one the client can use"))?,
        ),
        None => None,
    };
    Ok(crate::blocking::connector::agent(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .https_only(false)
            // Only the proxy the builder chose: ureq would otherwise read the environment itself.
            .proxy(proxy)
            .tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(match &connect.roots {
                        Roots::WebPki => ureq::tls::RootCerts::WebPki,
                        Roots::Only(ders) => ureq::tls::RootCerts::new_with_certs(
                            &ders
                                .iter()
                                .map(|der| ureq::tls::Certificate::from_der(der).to_owned())
                                .collect::<Vec<_>>(),
                        ),
                        #[cfg(feature = "platform-verifier")]
                        Roots::Platform => ureq::tls::RootCerts::PlatformVerifier,
                    })
                    .build(),
            )
            .timeout_connect(Some(connect.timeout))
            // An attempt's time, unless the call sets another (see `UreqExecutor::run`).
            .timeout_global(Some(timeout))
            // Every request carries the client's `User-Agent` (see `Call::headers`): ureq adds
            // none of its own.
            .user_agent(ureq::config::AutoHeaderValue::None)
            // ureq keeps 3 idle connections per host by default: a client shared by more threads
            // would close the extra ones after each call and reconnect (a new TLS handshake) on
            // the next. Keep enough for a thread pool.
            .max_idle_connections(IDLE_CONNECTIONS)
            .max_idle_connections_per_host(IDLE_CONNECTIONS)
            .build(),
    ))
}

/// The `Host` header for requests to `base_url`: the host in lower case, as the async client
/// (and any URL parser that normalises) writes it (an IPv6 address in brackets, in the one
/// spelling [`ipv6_host`] gives), and the port unless it is the scheme's default. `None`
/// leaves it to ureq.
fn host_header(base_url: &str) -> Option<HeaderValue> {
    let uri: Uri = base_url.parse().ok()?;
    let host = uri.host()?;
    let host = match unbracketed(host).parse::<Ipv6Addr>().ok() {
        Some(ip) => ipv6_host(ip),
        None => host.to_ascii_lowercase(),
    };
    let default = match uri.scheme_str()? {
        "https" => 443,
        "http" => 80,
        _ => return None,
    };
    let value = match uri.port_u16() {
        Some(port) if port != default => HeaderValue::try_from(format!("{host}:{port}")),
        _ => HeaderValue::try_from(host),
    };
    value.ok()
}

/// `ip` in brackets as the WHATWG URL standard (and so the async client's URL parser) writes
/// it. std's `Display` follows RFC 5952, which is the same (lower-case hex, the first longest
/// run of zero pieces as `::`) except that it writes an IPv4-mapped address with a dotted quad
/// (`::ffff:127.0.0.1`, where the URL standard writes `::ffff:7f00:1`).
fn ipv6_host(ip: Ipv6Addr) -> String {
    match ip.to_ipv4_mapped() {
        Some(_) => {
            let pieces = ip.segments();
            format!("[::ffff:{:x}:{:x}]", pieces[6], pieces[7])
        }
        None => format!("[{ip}]"),
    }
}

/// Reads a body up to its limit.
fn read(body: &mut ureq::Body, limit: Limit) -> Result<Vec<u8>, Box<TransportError>> {
    Reading::start(body.content_length(), limit)?
        .read_from(body.as_reader(), |e| transport_error(e.into()))
}

/// Maps ureq's error to ours, keeping it (or the I/O error inside it) as the source. ureq's type
/// never leaves the crate.
fn transport_error(e: ureq::Error) -> Box<TransportError> {
    use TransportErrorKind as Kind;
    use std::io::ErrorKind as Io;
    let (kind, message) = match &e {
        ureq::Error::Timeout(t) => match t {
            ureq::Timeout::Resolve | ureq::Timeout::Connect => (
                Kind::Connect,
                format!("timed out connecting to lomi. ({t})"),
            ),
            ureq::Timeout::Global => (
                Kind::Timeout,
                "timed out: the attempt or the call's deadline ran out".to_string(),
            ),
            _ => (Kind::Timeout, format!("timed out waiting for lomi. ({t})")),
        },
        ureq::Error::HostNotFound => (Kind::Connect, "cannot resolve lomi.'s host".to_string()),
        ureq::Error::ConnectionFailed => (Kind::Connect, "cannot connect to lomi.".to_string()),
        // Only a handshake's: a TLS failure once the request may have gone out is a broken
        // connection, which may have been processed.
        ureq::Error::Io(io) if is_tls_failure(io) && ConnectFailed::is(io) => {
            (Kind::Tls, format!("TLS failed: {}", quote(&e.to_string())))
        }
        // Any other failure while connecting (a proxy refusing the tunnel, a reset during the
        // handshake): nothing was sent.
        ureq::Error::Io(io) if ConnectFailed::is(io) => (
            Kind::Connect,
            format!("cannot connect to lomi.: {}", quote(&io.to_string())),
        ),
        ureq::Error::Io(io) => match io.kind() {
            Io::ConnectionRefused | Io::AddrNotAvailable | Io::NotConnected => {
                (Kind::Connect, format!("cannot connect to lomi.: {io}"))
            }
            Io::TimedOut | Io::WouldBlock => (Kind::Timeout, format!("timed out: {io}")),
            _ => (Kind::Io, format!("the connection to lomi. broke: {io}")),
        },
        ureq::Error::Tls(_) | ureq::Error::Pem(_) | ureq::Error::Rustls(_) => {
            (Kind::Tls, format!("TLS failed: {}", quote(&e.to_string())))
        }
        ureq::Error::Protocol(_) => (
            Kind::Protocol,
            format!("lomi. sent invalid HTTP: {}", quote(&e.to_string())),
        ),
        ureq::Error::BodyExceedsLimit(limit) => return too_large(*limit),
        // As hyper's "message head is too large": the same server sends the same head again.
        ureq::Error::LargeResponseHeader(..) => (
            Kind::Protocol,
            format!("lomi. sent invalid HTTP: {}", quote(&e.to_string())),
        ),
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
            (Kind::Redirect, format!("redirect refused: {e}"))
        }
        _ => (
            Kind::Io,
            format!("the request failed: {}", quote(&e.to_string())),
        ),
    };
    let mut error = TransportError::new(kind, message);
    // ureq's error reports no source of its own: keep the I/O error beneath it where there is
    // one, so a caller can walk to the cause (refused, reset, a TLS alert).
    error.caused_by(match e {
        ureq::Error::Io(io) => Box::new(io),
        other => Box::new(other),
    });
    Box::new(error)
}

#[cfg(test)]
mod tests {
    use super::host_header;

    #[test]
    fn the_host_header_is_the_host_and_any_port_that_is_not_the_schemes_default() {
        for (base, host) in [
            ("https://api.lomi.africa/v1", Some("api.lomi.africa")),
            ("https://api.lomi.africa:443/v1", Some("api.lomi.africa")),
            (
                "https://api.lomi.africa:8443/v1",
                Some("api.lomi.africa:8443"),
            ),
            ("http://127.0.0.1:80/v1", Some("127.0.0.1")),
            ("http://127.0.0.1:8080/v1", Some("127.0.0.1:8080")),
            ("http://[::1]:8080/v1", Some("[::1]:8080")),
            ("https://[::1]/v1", Some("[::1]")),
            ("http://Mock.Internal:8080", Some("mock.internal:8080")),
            // One spelling for an IPv6 literal, as the async client's URL parser writes it.
            (
                "http://[::FFFF:127.0.0.1]:8080/v1",
                Some("[::ffff:7f00:1]:8080"),
            ),
            ("http://[0:0:0:0:0:0:0:1]/v1", Some("[::1]")),
            ("http://[1:0:0:2:0:0:0:3]/v1", Some("[1:0:0:2::3]")),
            ("http://[1:0:0:2:0:0:3:4]/v1", Some("[1::2:0:0:3:4]")),
            ("http://[1:0:2:3:4:5:6:7]/v1", Some("[1:0:2:3:4:5:6:7]")),
            ("http://[1:2:3:4:5:6:7:0]/v1", Some("[1:2:3:4:5:6:7:0]")),
            ("http://[1:2:3:4:5:6:0:0]/v1", Some("[1:2:3:4:5:6::]")),
            ("http://[FE80::ABCD]/v1", Some("[fe80::abcd]")),
            ("ftp://example.com", None),
        ] {
            let got = host_header(base);
            assert_eq!(got.as_ref().map(|v| v.to_str().unwrap()), host, "{base}");
        }
    }

    /// Whatever the address, the blocking client's `Host` is the async client's (reqwest's
    /// URL parser's) host.
    #[cfg(feature = "async")]
    mod against_reqwest {
        use super::host_header;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn an_ipv6_host_is_written_as_reqwest_writes_it(
                pieces in proptest::array::uniform8(prop_oneof![Just(0u16), Just(0), Just(0xffff), any::<u16>()]),
                port in any::<u16>(),
            ) {
                let ip = std::net::Ipv6Addr::from(pieces);
                // Spelt in full, upper case, as a user might.
                let spelt = pieces.map(|p| format!("{p:X}")).join(":");
                let base = format!("http://[{spelt}]:{port}/v1");
                let url = reqwest::Url::parse(&base).unwrap();
                let expected = match url.port() {
                    Some(port) => format!("{}:{port}", url.host_str().unwrap()),
                    None => url.host_str().unwrap().to_owned(),
                };
                let got = host_header(&base).unwrap();
                prop_assert_eq!(got.to_str().unwrap(), expected, "{}", ip);
            }
        }
    }
}
