//! Where requests go: lomi.'s environments, whose base URLs are the spec's `servers`.

/// Where requests go: the base URLs are the spec's `servers` (the first is production's, the
/// one that says `sandbox` the sandbox's), so a client built from a spec of another
/// deployment goes where that spec says.
///
/// # Example
///
/// ```
/// use lomi::Environment;
///
/// assert!(Environment::Sandbox.base_url().starts_with("https://"));
/// assert_ne!(Environment::Sandbox.base_url(), Environment::Production.base_url());
/// assert_eq!(Environment::for_key("lomi_sk_test_123"), Environment::Sandbox);
/// assert_eq!(Environment::for_key("lomi_sk_live_123"), Environment::Production);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Environment {
    /// The spec's first server (`openapi.yaml`: lomi.'s production API): real money.
    #[default]
    Production,
    /// The spec's sandbox server: test keys and test payments. A spec that names no sandbox
    /// sends these to its production server too, where a test key is refused.
    Sandbox,
}

impl Environment {
    /// The environment's base URL, from the spec's `servers`, without a trailing slash.
    ///
    /// ```
    /// let client = lomi::Client::new("lomi_sk_live_123")?;
    /// assert_eq!(client.base_url(), lomi::Environment::Production.base_url());
    /// # Ok::<(), lomi::Error>(())
    /// ```
    pub fn base_url(self) -> &'static str {
        use crate::values::generated::{PRODUCTION_URL, SANDBOX_URL};
        match self {
            Self::Production => PRODUCTION_URL,
            Self::Sandbox => SANDBOX_URL.unwrap_or(PRODUCTION_URL),
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
