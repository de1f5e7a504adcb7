//! Which proxy a client's requests go through: the builder's choice, or `HTTPS_PROXY` and
//! `ALL_PROXY` minus `NO_PROXY`; never for a loopback base URL, never for plain `http://`. A
//! proxy URL is checked strictly here, once, so that both clients (whose HTTP stacks parse it
//! again, each its own way) accept the same URLs, and no message quotes its password.

use http::Uri;

use crate::Error;
use crate::blocking::resolver::unbracketed;
use crate::client::{is_loopback, unicode_var};

/// Which proxy the builder was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProxySetting {
    /// `HTTPS_PROXY` / `ALL_PROXY` (either case) when set, minus `NO_PROXY`.
    FromEnvironment,
    /// This proxy, whatever the environment says.
    Explicit(String),
    /// Direct connections only.
    Off,
}

/// The proxy requests to `base_url` go through, if any.
pub(crate) fn proxy_for(
    base_url: &str,
    setting: &ProxySetting,
    var: &impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<Option<String>, Error> {
    let uri: Uri = base_url
        .parse()
        .map_err(|_| Error::config(format!("base URL `{base_url}` is not a valid URL")))?;
    let host = uri.host().unwrap_or_default();
    if is_loopback(host) {
        return Ok(None);
    }
    let plain_http = uri.scheme_str() == Some("http");
    match setting {
        ProxySetting::Off => Ok(None),
        ProxySetting::Explicit(_) if plain_http => Err(Error::config(
            "a proxy would read the API key of a plain http:// base URL; use https",
        )),
        ProxySetting::Explicit(proxy) => checked_proxy(proxy).map(Some),
        // An environment proxy is for https only: it never sees plain http with the key.
        ProxySetting::FromEnvironment if plain_http => Ok(None),
        ProxySetting::FromEnvironment => {
            let mut found = None;
            for name in ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
                if let Some(value) = unicode_var(var, name)?.filter(|v| !v.trim().is_empty()) {
                    found = Some((name, value.trim().to_owned()));
                    break;
                }
            }
            let Some((name, proxy)) = found else {
                return Ok(None);
            };
            for list_name in ["no_proxy", "NO_PROXY"] {
                if let Some(list) = unicode_var(var, list_name)?.filter(|v| !v.trim().is_empty()) {
                    if no_proxy_matches(&list, host) {
                        return Ok(None);
                    }
                    break;
                }
            }
            // Name the variable: the caller never wrote this URL.
            checked_proxy(&proxy).map(Some).map_err(|_| {
                Error::config(format!(
                    "{name} must be an http:// or https:// proxy URL with a host; \
                     ClientBuilder::proxy or no_proxy overrides it"
                ))
            })
        }
    }
}

/// Checks a proxy URL: `http://` or `https://`, with a host.
fn checked_proxy(proxy: &str) -> Result<String, Error> {
    // The URL may carry a password: never quote it whole.
    let bad = || Error::config("the proxy must be an http:// or https:// URL with a host");
    let uri: Uri = proxy.parse().map_err(|_| bad())?;
    // `http` reads a port it cannot represent (`:99999`) as no port at all. The port is what
    // follows the host (after any `user:password@`), past an IPv6 literal's brackets.
    let host_and_port = uri.authority().map_or("", |a| {
        a.as_str().rsplit_once('@').map_or(a.as_str(), |(_, h)| h)
    });
    let port = host_and_port
        .rsplit_once(']')
        .map_or(host_and_port, |(_, after)| after)
        .rsplit_once(':')
        .map(|(_, port)| port);
    if port.is_some_and(|port| !port.is_empty() && port.parse::<u16>().is_err()) {
        return Err(Error::config(
            "the proxy's port is not a number from 0 to 65535",
        ));
    }
    match (uri.scheme_str(), uri.host()) {
        (Some("http" | "https"), Some(host)) if !host.is_empty() => Ok(proxy.to_owned()),
        _ => Err(bad()),
    }
}

/// A `NO_PROXY` entry's host: `host:port` and `[v6]:port` name the host alone here (the
/// client talks to one port), and a bare IPv6 address keeps its colons.
fn without_port(entry: &str) -> &str {
    if let Some(rest) = entry.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match entry.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            name
        }
        _ => entry,
    }
}

/// Whether `NO_PROXY` (comma-separated hosts, domain suffixes like `.example.com` or
/// `example.com`, optional ports, or `*`) exempts `host`.
fn no_proxy_matches(list: &str, host: &str) -> bool {
    let host = unbracketed(host).trim_end_matches('.').to_ascii_lowercase();
    list.split(',').any(|entry| {
        let entry = entry.trim().to_ascii_lowercase();
        if entry == "*" {
            return true;
        }
        let entry = without_port(&entry);
        let entry = entry
            .trim_start_matches("*.")
            .trim_start_matches('.')
            .trim_end_matches('.');
        !entry.is_empty()
            && (host == entry
                || host
                    .strip_suffix(entry)
                    .is_some_and(|rest| rest.ends_with('.')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_proxy_entries() {
        let m = no_proxy_matches;
        // Exact hosts and domain suffixes, on a dot boundary only.
        assert!(m("example.com", "example.com"));
        assert!(m("example.com", "api.example.com"));
        assert!(!m("example.com", "badexample.com"));
        assert!(!m("api.example.com", "example.com"));
        // A leading dot or `*.` means the same suffix, and covers the domain itself.
        for entry in [".example.com", "*.example.com"] {
            assert!(m(entry, "api.example.com"), "{entry}");
            assert!(m(entry, "example.com"), "{entry}");
            assert!(!m(entry, "badexample.com"), "{entry}");
        }
        // Case, spaces after commas, empty entries and trailing dots do not matter.
        assert!(m("Other.Org, , EXAMPLE.com", "api.Example.COM"));
        assert!(m("example.com.", "example.com"));
        assert!(m("example.com", "example.com."));
        // `*` alone matches everything; elsewhere it is not a wildcard.
        assert!(m("*", "anything.at.all"));
        assert!(m("other.org, *", "example.com"));
        assert!(!m("*example.com", "badexample.com"));
        // Ports name the host alone (a client talks to one port).
        assert!(m("example.com:443", "example.com"));
        assert!(m("example.com:8443", "example.com"));
        assert!(!m("example.com:abc", "example.com"));
        // IP addresses, v6 with or without brackets and port.
        assert!(m("10.1.2.3", "10.1.2.3"));
        assert!(!m("10.1.2.3", "10.1.2.30"));
        assert!(m("[::1]:80", "[::1]"));
        assert!(m("::1", "[::1]"));
        assert!(m("[2001:db8::1]", "[2001:db8::1]"));
        assert!(m("2001:db8::1", "[2001:db8::1]"));
        assert!(!m("2001:db8::1", "[2001:db8::2]"));
        // CIDR ranges are not understood: no match rather than a wrong one.
        assert!(!m("10.0.0.0/8", "10.1.2.3"));
        // Nothing in the list, nothing exempt.
        for empty in ["", " ", ",", " , "] {
            assert!(!m(empty, "example.com"), "{empty:?}");
        }
    }
}
