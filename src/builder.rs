//! The builder and its checks: key, environment or base URL, timeouts, retries, limits.

use std::fmt;
use std::time::Duration;

use http::{HeaderValue, Uri};

use crate::Error;
use crate::config::{
    Core, DEFAULT_BODY_LIMIT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_ERROR_BODY_LIMIT, DEFAULT_TIMEOUT,
    HttpSettings, LONGEST, RetryPolicy, Roots, Settings, header_value, is_loopback, root_store,
    unbracketed, unicode_var,
};
use crate::environment::Environment;
use crate::proxy::{ProxySetting, proxy_for};

/// What the builder was asked to trust, before its PEM is read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RootsSetting {
    WebPki,
    Pem(Vec<u8>),
    #[cfg(feature = "platform-verifier")]
    Platform,
}

/// Builds a [`Client`](crate::Client); nothing is checked until [`build`](Self::build).
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
///
/// # Logging at TRACE shows the key unless you filter two targets
///
/// The client's own log target, `lomi`, never carries the key. But `ureq_proto`, the HTTP engine
/// under the blocking client, hex-dumps every request at the `trace` level, headers included, so
/// a logger at TRACE receives the `X-API-KEY` header. Neither ureq nor this crate can turn that
/// off without silencing your own TRACE logs too. If you log at TRACE, filter those targets off,
/// for example `RUST_LOG=trace,ureq=off,ureq_proto=off` (`env_logger` and `tracing-subscriber`'s
/// `EnvFilter` read it alike). The async client's reqwest, hyper and hyper-util log no header
/// values at any level.
#[derive(Clone)]
#[must_use = "a builder does nothing until `build()`"]
pub struct ClientBuilder {
    api_key: String,
    environment: Option<Environment>,
    base_url: Option<String>,
    allow_insecure_http: bool,
    roots: RootsSetting,
    connect_timeout: Duration,
    user_agent: Option<String>,
    proxy: ProxySetting,
    /// The environment variable the key came from, for error messages.
    key_variable: Option<&'static str>,
    settings: Settings,
}

impl ClientBuilder {
    /// Checks the settings and builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the key is empty or not header-safe; the base URL is not an
    /// absolute `https://` URL (or loopback `http://`, or any `http://` with
    /// [`allow_insecure_http`](Self::allow_insecure_http)); a duration is zero; the user agent
    /// is not one line of printable ASCII; the proxy is not an `http(s)://` URL, or would
    /// carry a plain `http://` request; or a proxy variable is not Unicode.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(lomi::Client::builder("").build().is_err());
    /// assert!(lomi::Client::builder("k").base_url("http://example.com").build().is_err());
    /// assert!(lomi::Client::builder("k").user_agent("shop\r\nX-Evil: 1").build().is_err());
    /// ```
    pub fn build(self) -> Result<crate::Client, Error> {
        let (core, http) = self.check()?;
        crate::Client::with_settings(core, http)
    }

    /// Checks the settings and builds an [`AsyncClient`](crate::AsyncClient) (feature `async`).
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
    #[cfg(feature = "async")]
    pub fn build_async(self) -> Result<crate::AsyncClient, Error> {
        let (core, http) = self.check()?;
        crate::AsyncClient::with_settings(core, http)
    }

    pub(crate) fn new(api_key: String) -> Self {
        Self {
            api_key,
            environment: None,
            base_url: None,
            allow_insecure_http: false,
            roots: RootsSetting::WebPki,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: None,
            proxy: ProxySetting::FromEnvironment,
            key_variable: None,
            settings: Settings {
                retry: RetryPolicy::default(),
                timeout: DEFAULT_TIMEOUT,
                deadline: None,
                body_limit: DEFAULT_BODY_LIMIT,
                error_body_limit: DEFAULT_ERROR_BODY_LIMIT,
                trust_idempotency_keys: false,
            },
        }
    }

    /// A builder from `LOMI_API_KEY` and, when set and non-empty, `LOMI_BASE_URL`.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] naming the variable when `LOMI_API_KEY` is unset, or either variable
    /// is not valid Unicode (a base URL that cannot be read never falls back to production).
    ///
    /// # Example
    ///
    /// ```no_run
    /// let client = lomi::ClientBuilder::from_env()?.max_retries(0).build()?;
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var_os(name))
    }

    /// [`from_env`](Self::from_env) over any source of variables.
    pub(crate) fn from_vars(
        var: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Self, Error> {
        const KEY: &str = "LOMI_API_KEY";
        const URL: &str = "LOMI_BASE_URL";
        let key =
            unicode_var(&var, KEY)?.ok_or_else(|| Error::config(format!("{KEY} is not set")))?;
        let mut builder = Self::new(key);
        builder.key_variable = Some(KEY);
        if let Some(url) = unicode_var(&var, URL)?.filter(|u| !u.is_empty()) {
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
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set. So that both clients send
    /// exactly what it says, [`build`](Self::build) also refuses user info (`user:pass@`), a
    /// port past 65535, a host that is neither a DNS name nor an IP address in its usual form
    /// (`127.1`), a `.` or `..` segment, and path characters that need percent-encoding.
    ///
    /// ```
    /// let client = lomi::Client::builder("k").base_url("http://127.0.0.1:8080/").build()?;
    /// assert_eq!(client.base_url(), "http://127.0.0.1:8080");
    /// assert!(lomi::Client::builder("k").base_url("http://127.0.0.1/a/../v1").build().is_err());
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

    /// How long connecting may take (DNS, TCP and TLS). Default 5 s. Zero is refused at
    /// [`build`](Self::build); anything over a year (`Duration::MAX`) is cut to a year.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").connect_timeout(std::time::Duration::from_secs(2));
    /// ```
    pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from connecting to the last byte of the body.
    /// Default 80 s. Zero is refused at [`build`](Self::build); anything over a year
    /// (`Duration::MAX`) is cut to a year.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").timeout(std::time::Duration::from_secs(30));
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = timeout;
        self
    }

    /// How long a whole call may take, every attempt and wait between them included.
    /// Default: none (each attempt is still bounded by [`timeout`](Self::timeout)). Zero is
    /// refused at [`build`](Self::build); anything over a year is cut to a year.
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

    /// The first wait between attempts and the longest. Defaults 0.5 s and 5 s; each retry
    /// doubles the wait, scaled by a random factor in [0.5, 1] (so the first retry waits 0.25 s
    /// to 0.5 s by default). Zero is refused at `build()`; less than a millisecond counts as
    /// one.
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

    /// Says that the server de-duplicates requests by their `Idempotency-Key`, so that a create
    /// sent with [`Client::with_idempotency_key`](crate::Client::with_idempotency_key) may be
    /// sent again after a failure that may have reached it (a timeout, a broken connection, a
    /// 5xx), with the same key. Default `false`: the key goes out, but such a create is sent
    /// once, as one without a key.
    ///
    /// Turn it on only for a server you know honours the key. lomi.'s documentation promises
    /// it (`Idempotency-Key`, kept 24 hours), but lomi.'s server source reads no such header: a
    /// repeated create would make a second checkout session. A create that provably never
    /// reached the application (no connection, a 429) is retried either way.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").trust_idempotency_keys(true);
    /// ```
    pub fn trust_idempotency_keys(mut self, trust: bool) -> Self {
        self.settings.trust_idempotency_keys = trust;
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

    /// Sends every request through this proxy (`http://host:port` or `https://host:port`, with
    /// `user:password@` if it needs them), whatever the environment says. The API key travels
    /// inside the TLS tunnel the proxy opens with `CONNECT`, so the proxy never sees it.
    ///
    /// By default the client honours `HTTPS_PROXY` and `ALL_PROXY` (either case; lower case
    /// first) for `https://` base URLs, minus the hosts in `NO_PROXY` (comma-separated names,
    /// `.domain` or `domain` suffixes, `*`; ports ignored; no CIDR ranges). `HTTP_PROXY` is never
    /// used. In every case a loopback base URL is never proxied, and a plain `http://` base URL
    /// never goes through a proxy, which would read the key in clear: environment proxies are
    /// ignored for it, and with an explicit proxy such a client is refused at
    /// [`build`](Self::build). A proxy that is not an `http(s)://` URL (`socks5://` included) is
    /// a [`Config`](Error::Config) error at `build`, naming the variable it came from.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").proxy("http://proxy.internal:3128");
    /// assert!(b.build().is_ok());
    /// // Plain http to a remote host would show the proxy the key: refused.
    /// let plain = lomi::Client::builder("k")
    ///     .base_url("http://lomi-mock.internal:8080")
    ///     .allow_insecure_http(true)
    ///     .proxy("http://proxy.internal:3128");
    /// assert!(matches!(plain.build(), Err(lomi::Error::Config(_))));
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Explicit(url.into());
        self
    }

    /// Connects directly: no proxy, whatever `HTTPS_PROXY`, `ALL_PROXY` or an earlier
    /// [`proxy`](Self::proxy) say.
    ///
    /// ```
    /// let b = lomi::Client::builder("k").no_proxy();
    /// ```
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::Off;
        self
    }

    /// Trusts exactly the CA certificates in this PEM text instead of the built-in Mozilla
    /// roots: your company's TLS-inspecting proxy's CA, or a test CA. Every certificate in the
    /// text is trusted; nothing else is.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let ca_pem = "";
    /// // let ca_pem = std::fs::read("/etc/ssl/corp-proxy-ca.pem")?;
    /// let b = lomi::Client::builder("k").root_certificates(ca_pem);
    /// # let _ = b.build(); // an empty PEM is refused at build()
    /// # Ok(())
    /// # }
    /// ```
    pub fn root_certificates(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.roots = RootsSetting::Pem(pem.as_ref().to_vec());
        self
    }

    /// Trusts what the operating system trusts (its certificate store and policies) instead
    /// of the built-in Mozilla roots: behind a TLS-inspecting proxy whose CA your IT installed
    /// on the machine, calls then just work (feature `platform-verifier`).
    ///
    /// ```
    /// let b = lomi::Client::builder("k").platform_roots();
    /// ```
    #[cfg(feature = "platform-verifier")]
    pub fn platform_roots(mut self) -> Self {
        self.roots = RootsSetting::Platform;
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

    /// Validates the settings; both the blocking and the async client are built from this.
    pub(crate) fn check(self) -> Result<(Core, HttpSettings), Error> {
        self.check_with(|name| std::env::var_os(name))
    }

    /// [`check`](Self::check), reading proxy variables from `var`.
    pub(crate) fn check_with(
        self,
        var: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<(Core, HttpSettings), Error> {
        let mut api_key = header_value(&self.api_key).ok_or_else(|| {
            Error::config(match self.key_variable {
                Some(name) if self.api_key.is_empty() => format!("{name} is set but empty"),
                Some(name) => format!("{name} must be visible ASCII without spaces"),
                None if self.api_key.is_empty() => "the API key is empty".to_owned(),
                None => "the API key must be visible ASCII without spaces".to_owned(),
            })
        })?;
        api_key.set_sensitive(true);
        // An environment's URL comes from the spec's servers: held to the same rules.
        let base_url = match &self.base_url {
            Some(url) => checked_base_url(url, self.allow_insecure_http)?,
            None => checked_base_url(
                self.environment
                    .unwrap_or_else(|| Environment::for_key(&self.api_key))
                    .base_url(),
                false,
            )?,
        };
        let user_agent = match &self.user_agent {
            Some(product) => format!("{product} {}", default_user_agent()),
            None => default_user_agent(),
        };
        // `HeaderValue` would take bytes past ASCII too (obsolete `obs-text`); refuse them.
        let user_agent = Some(&user_agent)
            .filter(|ua| ua.bytes().all(|b| b == b' ' || b.is_ascii_graphic()))
            .and_then(|ua| HeaderValue::from_str(ua).ok())
            .ok_or_else(|| Error::config("the user agent must be printable ASCII on one line"))?;
        let settings = self.settings.checked()?;
        let connect = HttpSettings {
            timeout: checked_duration("connect_timeout", self.connect_timeout)?,
            proxy: proxy_for(&base_url, &self.proxy, &var)?,
            roots: checked_roots(&self.roots)?,
        };
        let core = Core {
            base_url,
            api_key,
            user_agent,
            settings,
        };
        Ok((core, connect))
    }
}

impl Settings {
    /// The settings with every duration checked: zero is refused, and anything longer than
    /// [`LONGEST`] (`Duration::MAX` is how many write "no limit") is cut to it, so that no
    /// `Instant + Duration` can overflow.
    fn checked(mut self) -> Result<Self, Error> {
        self.timeout = checked_duration("timeout", self.timeout)?;
        self.deadline = self
            .deadline
            .map(|d| checked_duration("deadline", d))
            .transpose()?;
        let retry = &mut self.retry;
        // Zero is refused, and less than a millisecond is a millisecond: a backoff of a few
        // nanoseconds would let a 503 or `Retry-After: 0` make a tight loop.
        retry.initial_backoff =
            checked_duration("the initial retry backoff", retry.initial_backoff)?
                .max(SHORTEST_BACKOFF);
        retry.max_backoff =
            checked_duration("the longest retry backoff", retry.max_backoff)?.max(SHORTEST_BACKOFF);
        retry.max_retry_after = retry.max_retry_after.min(LONGEST);
        Ok(self)
    }
}

/// The shortest backoff: a shorter setting counts as this.
const SHORTEST_BACKOFF: Duration = Duration::from_millis(1);

fn checked_duration(name: &str, duration: Duration) -> Result<Duration, Error> {
    if duration.is_zero() {
        return Err(Error::config(format!("{name} must be longer than zero")));
    }
    Ok(duration.min(LONGEST))
}

/// The trusted roots, with a PEM read and checked.
fn checked_roots(setting: &RootsSetting) -> Result<Roots, Error> {
    match setting {
        RootsSetting::WebPki => Ok(Roots::WebPki),
        // Checked as the async client builds it, so that both refuse a machine with no store.
        #[cfg(feature = "platform-verifier")]
        RootsSetting::Platform => {
            #[allow(deprecated, reason = "ring, as in `asynchronous::tls_config`")]
            let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
            rustls_platform_verifier::Verifier::new(provider).map_err(|e| {
                Error::config(format!("cannot use the system's certificate store: {e}"))
            })?;
            Ok(Roots::Platform)
        }
        RootsSetting::Pem(pem) => {
            let mut certificates = Vec::new();
            for item in ureq::tls::parse_pem(pem) {
                match item {
                    Ok(ureq::tls::PemItem::Certificate(c)) => certificates.push(c.der().to_vec()),
                    Ok(_) => {}
                    Err(_) => return Err(Error::config("the root certificates are not valid PEM")),
                }
            }
            if certificates.is_empty() {
                return Err(Error::config(
                    "the root certificates PEM holds no certificate",
                ));
            }
            // Base64 that decodes is not yet a certificate: parse each, so that both clients
            // refuse garbage here rather than on every call.
            root_store(&certificates)?;
            Ok(Roots::Only(certificates.into()))
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &"<redacted>")
            .field("environment", &self.environment)
            .field(
                "base_url",
                &self.base_url.as_deref().map(without_credentials),
            )
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field(
                "roots",
                &match &self.roots {
                    RootsSetting::WebPki => "built in",
                    RootsSetting::Pem(_) => "from PEM",
                    #[cfg(feature = "platform-verifier")]
                    RootsSetting::Platform => "platform",
                },
            )
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field(
                "proxy",
                &match &self.proxy {
                    ProxySetting::Explicit(_) => "explicit",
                    ProxySetting::FromEnvironment => "from the environment",
                    ProxySetting::Off => "off",
                },
            )
            .field("settings", &self.settings)
            .finish()
    }
}

fn default_user_agent() -> String {
    concat!("lomi-rust/", env!("CARGO_PKG_VERSION")).to_owned()
}

/// Checks a base URL and returns it without a trailing slash. Only URLs both clients send
/// exactly as written pass: the async client's URL parser resolves dot segments, escapes some
/// characters, reads an address like `127.1` as `127.0.0.1`, and drops user info the blocking
/// client would send as `Authorization`; refusing those keeps the two clients' requests alike.
fn checked_base_url(url: &str, allow_insecure_http: bool) -> Result<String, Error> {
    let bad = |why: &str| {
        Error::config(format!(
            "base URL `{}` {why}",
            crate::error::quote(&without_credentials(url))
        ))
    };
    let uri: Uri = url.parse().map_err(|_| bad("is not a valid URL"))?;
    let authority = uri.authority().ok_or_else(|| bad("has no host"))?;
    if authority.as_str().contains('@') {
        return Err(bad(
            "must not carry a user name or password: the API key is the credential",
        ));
    }
    let host = authority.host();
    // Digits only, as written by `u16`'s `Display` (no `+`, no leading zero): what both
    // clients' URL parsers read alike.
    let port = &authority.as_str()[host.len()..];
    let canonical = |p: &str| p.parse::<u16>().is_ok_and(|n| n.to_string() == p);
    if !(port.is_empty() || port.strip_prefix(':').is_some_and(canonical)) {
        return Err(bad("has a port that is not a number from 0 to 65535"));
    }
    if !is_plain_host(host) {
        return Err(bad(
            "must name its host as a DNS name of letters, digits, `-` and `.`, or as an IP \
             address in its usual form",
        ));
    }
    if uri.query().is_some() || url.contains('#') {
        return Err(bad("must not have a query or fragment"));
    }
    check_base_path(uri.path()).map_err(bad)?;
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

/// `url` with anything that may be user info replaced, for messages and `Debug`: everything
/// up to its last `@`, since a password typed with a `/`, `?` or `#` in it hides where the
/// authority ends (an `@` in a path is hidden too; a message loses nothing it needs).
fn without_credentials(url: &str) -> std::borrow::Cow<'_, str> {
    match url.rfind('@') {
        Some(at) => {
            let scheme = url.split_once("://").map_or("", |(scheme, _)| scheme);
            format!("{scheme}://<redacted>{}", &url[at..]).into()
        }
        None => url.into(),
    }
}

/// A bracketed IPv6 address, a dotted-quad IPv4 address, or a DNS name whose last label is
/// not a number (a URL parser reads `127.1` or `0x7f.1` as an IPv4 address; a resolver may not).
fn is_plain_host(host: &str) -> bool {
    if host.starts_with('[') {
        return unbracketed(host).parse::<std::net::Ipv6Addr>().is_ok();
    }
    let name = host.strip_suffix('.').unwrap_or(host);
    let last = name.rsplit('.').next().unwrap_or_default();
    let numeric = last.bytes().all(|b| b.is_ascii_digit())
        || last.len() > 1 && last[..2].eq_ignore_ascii_case("0x");
    if numeric {
        return host.parse::<std::net::Ipv4Addr>().is_ok();
    }
    name.split('.').all(|label| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// A base path is sent as written by both clients only when it has no dot segment (`.`, `..`,
/// or either percent-encoded) and no character a URL parser would escape.
fn check_base_path(path: &str) -> Result<(), &'static str> {
    let bytes = path.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let plain = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
        let escape = b == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if !(plain || escape) {
            return Err("has a character in its path that must be percent-encoded");
        }
    }
    let dot_segment = path.split('/').any(|segment| {
        let decoded = segment.replace("%2e", ".").replace("%2E", ".");
        decoded == "." || decoded == ".."
    });
    if dot_segment {
        return Err("has a `.` or `..` segment in its path");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Client;

    #[test]
    fn base_urls_the_two_clients_would_send_differently_are_refused() {
        for url in [
            "http://127.0.0.1:8080/a/../v1",
            "http://127.0.0.1:8080/v1/./x",
            "http://127.0.0.1:8080/v1/%2e%2E/y",
            "http://127.0.0.1:8080/v1/.%2e",
            "http://127.0.0.1:8080/v{1}",
            "http://127.0.0.1:8080/v\"1",
            "http://127.0.0.1:8080/v1%zz",
            "http://127.0.0.1:8080/v1%2",
            "http://shop:hunter2@127.0.0.1:8080/v1",
            "http://shop@127.0.0.1:8080/v1",
            "http://127.0.0.1:70000/v1",
            "http://127.0.0.1:+8080/v1",
            "http://127.0.0.1:08080/v1",
            "https://shop:hunter2/x@api.lomi.africa/v1",
            "https://shop:hunter2?x@api.lomi.africa/v1",
            "https://shop:hunter2#x@api.lomi.africa/v1",
            "http://127.0.0.1:/v1",
            "http://127.1:8080/v1",
            "http://0x7f.0.0.1:8080/v1",
            "https://api.lomi.africa.1/v1",
            "https://exa%41mple.com/v1",
            "https://[::1/v1",
        ] {
            let e = checked_base_url(url, true).unwrap_err();
            assert!(matches!(e, Error::Config(_)), "{url}");
            assert!(!e.to_string().contains("hunter2"), "{e}");
        }
        for url in [
            "https://api.lomi.africa/v1",
            "https://API.lomi.africa./v1/",
            "http://127.0.0.1:8080",
            "http://[::1]:8080/v1",
            "https://sandbox.api.lomi.africa/v1/a-b_c~d/%2F/x.y/..z/:@!$&'()*+,;=",
            "https://my_host.internal:0/v1",
        ] {
            assert!(checked_base_url(url, true).is_ok(), "{url}");
        }
    }

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

    /// The proxy `check_with` picks for `base`, with `vars` as the environment.
    fn proxy_of(builder: ClientBuilder, vars: &[(&str, &str)]) -> Result<Option<String>, Error> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        builder
            .check_with(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.into()))
            .map(|(_, connect)| connect.proxy)
    }

    #[test]
    fn the_proxy_a_client_uses() {
        let https = || Client::builder("k").base_url("https://api.example.com/v1");
        let http = || {
            Client::builder("k")
                .base_url("http://mock.internal/v1")
                .allow_insecure_http(true)
        };
        let env = [("HTTPS_PROXY", "http://env:3128")];
        assert_eq!(
            proxy_of(https(), &env).unwrap().as_deref(),
            Some("http://env:3128")
        );
        // The lower-case form first, then ALL_PROXY; HTTP_PROXY never for https.
        let both = [
            ("https_proxy", "http://lower:1"),
            ("HTTPS_PROXY", "http://upper:2"),
        ];
        assert_eq!(
            proxy_of(https(), &both).unwrap().as_deref(),
            Some("http://lower:1")
        );
        let all = [("ALL_PROXY", " http://all:3 ")];
        assert_eq!(
            proxy_of(https(), &all).unwrap().as_deref(),
            Some("http://all:3")
        );
        assert_eq!(
            proxy_of(https(), &[("HTTP_PROXY", "http://h:4")]).unwrap(),
            None
        );
        // An empty variable is unset.
        assert_eq!(
            proxy_of(
                https(),
                &[("HTTPS_PROXY", " "), ("ALL_PROXY", "http://all:3")]
            )
            .unwrap()
            .as_deref(),
            Some("http://all:3")
        );
        // NO_PROXY exempts; the lower-case form wins when both are set.
        let exempt = [env[0], ("NO_PROXY", ".example.com")];
        assert_eq!(proxy_of(https(), &exempt).unwrap(), None);
        let shadowed = [env[0], ("no_proxy", "other.org"), ("NO_PROXY", "*")];
        assert!(proxy_of(https(), &shadowed).unwrap().is_some());
        // Plain http: environment proxies are ignored, an explicit one is refused.
        assert_eq!(proxy_of(http(), &env).unwrap(), None);
        assert!(matches!(
            proxy_of(http().proxy("http://p:1"), &[]),
            Err(Error::Config(_))
        ));
        // Loopback: never, whatever was asked.
        for base in [
            "http://127.0.0.1:8080/v1",
            "https://localhost/v1",
            "http://[::1]:9",
        ] {
            let b = Client::builder("k").base_url(base);
            assert_eq!(proxy_of(b.clone(), &env).unwrap(), None, "{base}");
            assert_eq!(
                proxy_of(b.proxy("http://p:1"), &[]).unwrap(),
                None,
                "{base}"
            );
        }
        // Explicit beats the environment (NO_PROXY included); off beats both.
        let explicit = https().proxy("http://mine:8080");
        assert_eq!(
            proxy_of(explicit.clone(), &exempt).unwrap().as_deref(),
            Some("http://mine:8080")
        );
        assert_eq!(proxy_of(explicit.no_proxy(), &env).unwrap(), None);
        assert_eq!(
            proxy_of(https().no_proxy().proxy("http://p:1"), &env)
                .unwrap()
                .as_deref(),
            Some("http://p:1")
        );
        // A bad proxy is a Config error; from the environment, naming the variable.
        for bad in ["socks5://s:1080", "not a url", "http://", "ftp://p:21"] {
            assert!(matches!(
                proxy_of(https().proxy(bad), &[]),
                Err(Error::Config(_))
            ));
            match proxy_of(https(), &[("ALL_PROXY", bad)]) {
                Err(Error::Config(m)) => assert!(m.contains("ALL_PROXY"), "{m}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        // A password in a proxy URL is never quoted.
        let e = proxy_of(https(), &[("HTTPS_PROXY", "socks5://u:hunter2@s:1")]).unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }

    #[test]
    fn idempotency_keys_must_be_header_safe() {
        let client = Client::new("k").unwrap();
        assert!(client.with_idempotency_key("order-42").is_ok());
        assert!(client.with_idempotency_key("").is_err());
        assert!(client.with_idempotency_key("a\r\nb").is_err());
    }

    fn vars(pairs: &[(&str, std::ffi::OsString)]) -> impl Fn(&str) -> Option<std::ffi::OsString> {
        let pairs: Vec<(String, std::ffi::OsString)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    fn not_unicode() -> std::ffi::OsString {
        use std::os::unix::ffi::OsStringExt as _;
        std::ffi::OsString::from_vec(vec![b'k', 0xff, b'k'])
    }

    #[test]
    fn environment_variables_that_cannot_be_read_are_errors_naming_them() {
        let err = ClientBuilder::from_vars(vars(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid client configuration: LOMI_API_KEY is not set"
        );
        let err = ClientBuilder::from_vars(vars(&[("LOMI_API_KEY", not_unicode())])).unwrap_err();
        assert!(
            err.to_string()
                .contains("LOMI_API_KEY is not valid Unicode"),
            "{err}"
        );
        // A base URL that cannot be read never falls back to production.
        let err = ClientBuilder::from_vars(vars(&[
            ("LOMI_API_KEY", "lomi_sk_live_x".into()),
            ("LOMI_BASE_URL", not_unicode()),
        ]))
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("LOMI_BASE_URL is not valid Unicode"),
            "{err}"
        );
        let client = ClientBuilder::from_vars(vars(&[
            ("LOMI_API_KEY", "lomi_sk_live_x".into()),
            ("LOMI_BASE_URL", "http://127.0.0.1:9/v1".into()),
        ]))
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9/v1");
    }

    #[test]
    fn key_errors_name_their_source() {
        let err = Client::new("").unwrap_err().to_string();
        assert!(err.ends_with("the API key is empty"), "{err}");
        assert!(!err.contains("LOMI_API_KEY"));
        let err = ClientBuilder::from_vars(vars(&[("LOMI_API_KEY", "".into())]))
            .unwrap()
            .build()
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("LOMI_API_KEY is set but empty"), "{err}");
    }

    #[test]
    fn durations_are_checked_and_clamped() {
        let max = Duration::MAX;
        for builder in [
            Client::builder("k").timeout(Duration::ZERO),
            Client::builder("k").connect_timeout(Duration::ZERO),
            Client::builder("k").deadline(Duration::ZERO),
        ] {
            assert!(matches!(builder.build(), Err(Error::Config(_))));
        }
        let (core, connect) = Client::builder("k")
            .timeout(max)
            .connect_timeout(max)
            .deadline(max)
            .retry_backoff(max, max)
            .max_retry_after(max)
            .check()
            .unwrap();
        let s = core.settings;
        assert_eq!(
            (s.timeout, s.deadline, connect.timeout),
            (LONGEST, Some(LONGEST), LONGEST)
        );
        assert_eq!(s.retry.initial_backoff, LONGEST);
        assert_eq!(s.retry.max_retry_after, LONGEST);
    }

    #[test]
    fn user_agents_are_one_printable_line() {
        assert!(
            Client::builder("k")
                .user_agent("shop/1.2 (+https://x)")
                .build()
                .is_ok()
        );
        for bad in ["shop\r\nX-Evil: 1", "a\nb", "nul\0", "é"] {
            let err = Client::builder("k").user_agent(bad).build().unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{bad:?}");
        }
    }
}
