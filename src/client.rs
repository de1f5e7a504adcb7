//! The client and its configuration: key, environment or base URL, timeouts, retries, limits.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ureq::http::{HeaderValue, Uri};

use crate::Error;
use crate::retry::RetryPolicy;

/// Where requests go.
///
/// # Example
///
/// ```
/// use lomi::Environment;
///
/// assert_eq!(Environment::Sandbox.base_url(), "https://sandbox.api.lomi.africa/v1");
/// assert_eq!(Environment::for_key("lomi_sk_test_123"), Environment::Sandbox);
/// assert_eq!(Environment::for_key("lomi_sk_live_123"), Environment::Production);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Environment {
    /// `https://api.lomi.africa/v1`: real money.
    #[default]
    Production,
    /// `https://sandbox.api.lomi.africa/v1`: test keys and test payments.
    Sandbox,
}

impl Environment {
    /// The environment's base URL.
    ///
    /// ```
    /// assert_eq!(lomi::Environment::Production.base_url(), "https://api.lomi.africa/v1");
    /// ```
    pub fn base_url(self) -> &'static str {
        match self {
            Self::Production => "https://api.lomi.africa/v1",
            Self::Sandbox => "https://sandbox.api.lomi.africa/v1",
        }
    }

    /// The environment a key belongs to: test keys (`lomi_sk_test_…`) to the sandbox, all
    /// others to production.
    ///
    /// ```
    /// assert_eq!(lomi::Environment::for_key("lomi_sk_test_x"), lomi::Environment::Sandbox);
    /// ```
    pub fn for_key(key: &str) -> Self {
        if key.starts_with("lomi_sk_test_") {
            Self::Sandbox
        } else {
            Self::Production
        }
    }
}

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
    pub(crate) shared: Arc<Shared>,
    pub(crate) idempotency_key: Option<HeaderValue>,
}

/// What every clone of a client shares.
pub(crate) struct Shared {
    pub(crate) agent: ureq::Agent,
    pub(crate) base_url: String,
    pub(crate) api_key: HeaderValue,
    pub(crate) settings: Settings,
}

/// The per-call settings the transport reads.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) deadline: Option<Duration>,
    pub(crate) body_limit: u64,
    pub(crate) error_body_limit: u64,
}

impl Client {
    /// A client with default settings; the key picks the environment (see
    /// [`Environment::for_key`]).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the key is empty or cannot be sent in a header.
    ///
    /// # Example
    ///
    /// ```
    /// let client = lomi::Client::new("lomi_sk_test_123")?;
    /// assert_eq!(client.base_url(), "https://sandbox.api.lomi.africa/v1");
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::builder(api_key).build()
    }

    /// A builder to set the environment, base URL, timeouts, retries and limits.
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
    /// assert_eq!(client.base_url(), "https://sandbox.api.lomi.africa/v1");
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn builder(api_key: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(api_key.into())
    }

    /// A client from the environment: the key from `LOMI_API_KEY` and, when set, the base URL
    /// from `LOMI_BASE_URL`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `LOMI_API_KEY` is unset or empty, or either value is invalid.
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
    /// assert_eq!(client.base_url(), "https://api.lomi.africa/v1");
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// A handle on the same client whose requests carry `Idempotency-Key: key`.
    ///
    /// With a key, a create (`POST`) is retried like an update after a timeout or a 5xx, with
    /// the same key on every attempt. Use one key per logical operation (an order id, say);
    /// reusing it for a different body asks the server to treat both as one.
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
    /// # let body = lomi::types::CheckoutSessionCreate::default();
    /// let session = client
    ///     .with_idempotency_key("order-2025-0042")?
    ///     .create_checkout_session(&body)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_idempotency_key(&self, key: &str) -> Result<Self, Error> {
        Ok(Self {
            shared: Arc::clone(&self.shared),
            idempotency_key: Some(idempotency_header(key)?),
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base_url)
            .field("api_key", &"<redacted>")
            .field("idempotency_key", &self.idempotency_key)
            .field("settings", &self.shared.settings)
            .finish()
    }
}

/// Builds a [`Client`]; nothing is checked until [`build`](Self::build).
///
/// # Example
///
/// ```
/// use std::time::Duration;
///
/// let client = lomi::Client::builder("lomi_sk_test_123")
///     .connect_timeout(Duration::from_secs(2))
///     .deadline(Duration::from_secs(20))
///     .user_agent("shop/1.2")
///     .build()?;
/// # Ok::<(), lomi::Error>(())
/// ```
#[derive(Clone)]
#[must_use = "a builder does nothing until `build()`"]
pub struct ClientBuilder {
    api_key: String,
    environment: Option<Environment>,
    base_url: Option<String>,
    allow_insecure_http: bool,
    connect_timeout: Duration,
    user_agent: Option<String>,
    settings: Settings,
}

impl ClientBuilder {
    fn new(api_key: String) -> Self {
        Self {
            api_key,
            environment: None,
            base_url: None,
            allow_insecure_http: false,
            connect_timeout: Duration::from_secs(5),
            user_agent: None,
            settings: Settings {
                retry: RetryPolicy::default(),
                timeout: Duration::from_secs(80),
                deadline: None,
                body_limit: 10 * 1024 * 1024,
                error_body_limit: 64 * 1024,
            },
        }
    }

    /// A builder from `LOMI_API_KEY` and, when set, `LOMI_BASE_URL`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `LOMI_API_KEY` is unset or not Unicode.
    ///
    /// # Example
    ///
    /// ```no_run
    /// let client = lomi::ClientBuilder::from_env()?.max_retries(0).build()?;
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        let key =
            std::env::var("LOMI_API_KEY").map_err(|_| Error::config("LOMI_API_KEY is not set"))?;
        let mut builder = Self::new(key);
        if let Some(url) = std::env::var("LOMI_BASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            builder = builder.base_url(url);
        }
        Ok(builder)
    }

    /// Sends requests to this environment instead of the one the key implies.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").environment(lomi::Environment::Sandbox);
    /// ```
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// Sends requests to this base URL (a mock server, a proxy); it wins over the environment.
    /// It must be `https://`, or `http://` to a loopback host, unless
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set.
    ///
    /// ```
    /// let client = lomi::Client::builder("k").base_url("http://127.0.0.1:8080/v1/").build()?;
    /// assert_eq!(client.base_url(), "http://127.0.0.1:8080/v1");
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Allows a plain `http://` base URL to a host that is not loopback. The key then crosses
    /// the network in clear text: use it only inside a network you trust.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").base_url("http://lomi-mock:8080").allow_insecure_http(true);
    /// assert!(b.build().is_ok());
    /// ```
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// How long connecting may take (DNS, TCP and TLS). Default 5 s.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").connect_timeout(std::time::Duration::from_secs(2));
    /// ```
    pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from connecting to the last byte of the body.
    /// Default 80 s.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").timeout(std::time::Duration::from_secs(30));
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = timeout;
        self
    }

    /// How long a whole call may take, every attempt and wait between them included.
    /// Default: none (each attempt is still bounded by [`timeout`](Self::timeout)).
    ///
    /// ```
    /// let b = lomi::Client::builder("k").deadline(std::time::Duration::from_secs(10));
    /// ```
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.settings.deadline = Some(deadline);
        self
    }

    /// How many times a failed call is tried again when that is safe. Default 2; 0 turns
    /// retrying off.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").max_retries(0);
    /// ```
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.settings.retry.max_retries = retries;
        self
    }

    /// The first wait between attempts (also the shortest) and the longest. Defaults 0.5 s and
    /// 5 s; each retry doubles the wait, scaled by a random factor in [0.5, 1].
    ///
    /// ```
    /// use std::time::Duration;
    /// let b = lomi::Client::builder("k").retry_backoff(Duration::from_millis(100), Duration::from_secs(2));
    /// ```
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.settings.retry.initial_backoff = initial;
        self.settings.retry.max_backoff = max;
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one ends the call with the
    /// error, whose [`Error::retry_after`] says how long the server asked for. Default 20 s.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").max_retry_after(std::time::Duration::from_secs(5));
    /// ```
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.settings.retry.max_retry_after = wait;
        self
    }

    /// The largest success body read, in bytes; a larger one is an error, never an unbounded
    /// allocation. Default 10 MiB.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").body_limit(1 << 20);
    /// ```
    pub fn body_limit(mut self, bytes: u64) -> Self {
        self.settings.body_limit = bytes;
        self
    }

    /// How much of an error body is kept in [`ApiError::body`](crate::ApiError::body).
    /// Default 64 KiB.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").error_body_limit(4096);
    /// ```
    pub fn error_body_limit(mut self, bytes: u64) -> Self {
        self.settings.error_body_limit = bytes;
        self
    }

    /// Names your application in the `User-Agent` header, before `lomi-rust/<version>`.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").user_agent("my-shop/2.1");
    /// ```
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.user_agent = Some(product.into());
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the key is empty or not header-safe, or the base URL is not an
    /// absolute `https://` URL (or loopback `http://`, or any `http://` with
    /// [`allow_insecure_http`](Self::allow_insecure_http)).
    ///
    /// # Example
    ///
    /// ```
    /// assert!(lomi::Client::builder("").build().is_err());
    /// assert!(lomi::Client::builder("k").base_url("http://example.com").build().is_err());
    /// ```
    pub fn build(self) -> Result<Client, Error> {
        let checked = self.check()?;
        let settings = checked.settings;
        let agent = crate::connector::agent(
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .https_only(false)
                .timeout_connect(Some(checked.connect_timeout))
                .timeout_global(Some(settings.timeout))
                .user_agent(checked.user_agent)
                .accept("application/json")
                // ureq keeps 3 idle connections per host by default: a client shared by more
                // threads would close the extra ones after each call and reconnect (a new TLS
                // handshake) on the next. Keep enough for a thread pool.
                .max_idle_connections(IDLE_CONNECTIONS)
                .max_idle_connections_per_host(IDLE_CONNECTIONS)
                .build(),
        );
        Ok(Client {
            shared: Arc::new(Shared {
                agent,
                base_url: checked.base_url,
                api_key: checked.api_key,
                settings,
            }),
            idempotency_key: None,
        })
    }

    /// Validates the settings; both the blocking and the async client are built from this.
    pub(crate) fn check(self) -> Result<Checked, Error> {
        let mut api_key = header_value(&self.api_key).ok_or_else(|| {
            Error::config("the API key must be non-empty visible ASCII (check LOMI_API_KEY)")
        })?;
        api_key.set_sensitive(true);
        let base_url = match &self.base_url {
            Some(url) => checked_base_url(url, self.allow_insecure_http)?,
            None => self
                .environment
                .unwrap_or_else(|| Environment::for_key(&self.api_key))
                .base_url()
                .to_owned(),
        };
        let user_agent = match &self.user_agent {
            Some(product) => format!("{product} {}", default_user_agent()),
            None => default_user_agent(),
        };
        Ok(Checked {
            api_key,
            base_url,
            user_agent,
            connect_timeout: self.connect_timeout,
            settings: self.settings,
        })
    }
}

/// A builder's settings, validated.
pub(crate) struct Checked {
    pub(crate) api_key: HeaderValue,
    pub(crate) base_url: String,
    pub(crate) user_agent: String,
    pub(crate) connect_timeout: Duration,
    pub(crate) settings: Settings,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &"<redacted>")
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("settings", &self.settings)
            .finish()
    }
}

/// Idle keep-alive connections the pool keeps (a client talks to one host): one per thread
/// for up to this many threads sharing a client.
const IDLE_CONNECTIONS: usize = 16;

fn default_user_agent() -> String {
    concat!("lomi-rust/", env!("CARGO_PKG_VERSION")).to_owned()
}

/// An `Idempotency-Key` value, checked.
pub(crate) fn idempotency_header(key: &str) -> Result<HeaderValue, Error> {
    header_value(key).ok_or_else(|| {
        Error::invalid_request("the idempotency key must be non-empty visible ASCII")
    })
}

/// A header value from visible ASCII text, or `None`.
fn header_value(text: &str) -> Option<HeaderValue> {
    let visible = !text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic());
    visible.then(|| HeaderValue::from_str(text).ok()).flatten()
}

/// Checks a base URL and returns it without a trailing slash.
fn checked_base_url(url: &str, allow_insecure_http: bool) -> Result<String, Error> {
    let bad = |why: &str| Error::config(format!("base URL `{url}` {why}"));
    let uri: Uri = url.parse().map_err(|_| bad("is not a valid URL"))?;
    let host = uri.host().ok_or_else(|| bad("has no host"))?;
    if uri.query().is_some() || url.contains('#') {
        return Err(bad("must not have a query or fragment"));
    }
    match uri.scheme_str() {
        Some("https") => {}
        Some("http") if allow_insecure_http || is_loopback(host) => {}
        Some("http") => {
            return Err(bad(
                "is plain http to a host that is not loopback; use https, or \
                 allow_insecure_http(true) on a network you trust",
            ));
        }
        _ => return Err(bad("must start with https://")),
    }
    Ok(url.trim_end_matches('/').to_owned())
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_pick_the_environment() {
        let test = Client::new("lomi_sk_test_abc").unwrap();
        assert_eq!(test.base_url(), Environment::Sandbox.base_url());
        let live = Client::new("lomi_sk_live_abc").unwrap();
        assert_eq!(live.base_url(), Environment::Production.base_url());
        let forced = Client::builder("lomi_sk_test_abc")
            .environment(Environment::Production)
            .build()
            .unwrap();
        assert_eq!(forced.base_url(), Environment::Production.base_url());
    }

    #[test]
    fn base_urls_are_checked() {
        let ok = |url: &str| checked_base_url(url, false);
        assert_eq!(
            ok("https://api.example.com/v1/").unwrap(),
            "https://api.example.com/v1"
        );
        assert!(ok("http://127.0.0.1:9/v1").is_ok());
        assert!(ok("http://localhost:9").is_ok());
        assert!(ok("http://[::1]:9").is_ok());
        assert!(ok("http://example.com").is_err());
        assert!(ok("http://127.0.0.1.example.com").is_err());
        assert!(checked_base_url("http://example.com", true).is_ok());
        assert!(ok("ftp://example.com").is_err());
        assert!(ok("https://example.com/v1?x=1").is_err());
        assert!(ok("https://example.com/v1#x").is_err());
        assert!(ok("not a url").is_err());
        assert!(ok("/relative").is_err());
    }

    #[test]
    fn keys_are_checked_and_never_shown() {
        for bad in ["", "has space", "tab\there", "new\nline", "é"] {
            let err = Client::new(bad).unwrap_err();
            assert!(matches!(err, Error::Config(_)));
        }
        let secret = "lomi_sk_live_supersecret";
        let builder = Client::builder(secret);
        assert!(!format!("{builder:?}").contains("supersecret"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("supersecret"));
        assert!(!format!("{client:#?}").contains("supersecret"));
        let err = Client::builder(secret)
            .base_url("http://example.com")
            .build()
            .unwrap_err();
        assert!(!format!("{err} {err:?}").contains("supersecret"));
    }

    #[test]
    fn client_is_cheap_to_share() {
        fn assert_traits<T: Clone + Send + Sync + 'static>() {}
        assert_traits::<Client>();
    }

    #[test]
    fn idempotency_keys_must_be_header_safe() {
        let client = Client::new("k").unwrap();
        assert!(client.with_idempotency_key("order-42").is_ok());
        assert!(client.with_idempotency_key("").is_err());
        assert!(client.with_idempotency_key("a\r\nb").is_err());
    }
}
