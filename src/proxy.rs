//! Which proxy a client's requests go through: the builder's choice, or `HTTPS_PROXY` and
//! `ALL_PROXY` minus `NO_PROXY`; never for a loopback base URL, never for plain `http://`. A
//! proxy URL is checked strictly here, once, so that both clients (whose HTTP stacks parse it
//! again, each its own way) accept the same URLs, and no message quotes its password.

use http::Uri;

use crate::Error;
use crate::config::{is_loopback, unbracketed, unicode_var};

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

/// Checks a proxy URL and writes it in one spelling both HTTP stacks read alike:
/// `http(s)://[user[:password]@]host[:port][/]`, where the host is a DNS name (letters,
/// digits, `-`, in dot-separated labels), a dotted-quad IPv4 address or a bracketed IPv6
/// address without a zone, the port a number from 1 to 65535 without sign or leading zero, and
/// the user and password are URL characters whose percent-escapes decode to UTF-8. Anything
/// else (a path, a query, an IPv6 zone, `999.1.1.1`, `:+3128`, `%ff`) is refused here rather
/// than read one way by one client and another way, or not at all, by the other.
fn checked_proxy(proxy: &str) -> Result<String, Error> {
    // The URL may carry a password: never quote it whole.
    let bad = |what: &str| Error::config(format!("the proxy URL {what}"));
    // `http::Uri` holds at most 64 KiB; no proxy URL is anywhere near this.
    if proxy.len() > 2048 {
        return Err(bad("is longer than 2048 bytes"));
    }
    let (scheme, rest) = proxy
        .split_once("://")
        .ok_or_else(|| bad("must be an http:// or https:// URL with a host"))?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(bad("must be an http:// or https:// URL with a host"));
    }
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains(['/', '?', '#']) {
        return Err(bad("must have no path, query or fragment"));
    }
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((userinfo, host_port)) => (Some(userinfo), host_port),
        None => (None, authority),
    };
    if let Some(userinfo) = userinfo {
        check_userinfo(userinfo).map_err(|()| {
            bad(
                "has a user or password that is not URL text (a name, then `:` and the \
                 password, percent-escapes decoding to UTF-8)",
            )
        })?;
    }
    let (host, port) = match host_port.strip_prefix('[') {
        Some(bracketed) => {
            let (ip, after) = bracketed
                .split_once(']')
                .ok_or_else(|| bad("has an IPv6 address without its closing `]`"))?;
            ip.parse::<std::net::Ipv6Addr>().map_err(|_| {
                bad("has an IPv6 address that is not one (zones are not supported)")
            })?;
            let port = match after {
                "" => None,
                _ => Some(
                    after
                        .strip_prefix(':')
                        .ok_or_else(|| bad("has text after its host"))?,
                ),
            };
            (None, port)
        }
        None => match host_port.rsplit_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(host_port), None),
        },
    };
    if let Some(host) = host {
        check_host(host).map_err(|()| {
            bad(
                "must name its host as a DNS name, a dotted-quad IPv4 address or a bracketed \
                 IPv6 address",
            )
        })?;
    }
    if let Some(port) = port {
        let digits = !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
        if !digits || port.starts_with('0') || port.parse::<u16>().is_err() {
            return Err(bad("has a port that is not a number from 1 to 65535"));
        }
    }
    Ok(format!("{scheme}://{authority}"))
}

/// A DNS name, or a dotted-quad IPv4 address when its last label is numeric (as a URL parser
/// reads it: `1.2.3`, `0x7f.1` and `999.1.1.1` are refused rather than read as addresses).
fn check_host(host: &str) -> Result<(), ()> {
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if !labels.iter().all(label_ok) {
        return Err(());
    }
    let numeric_end = labels
        .last()
        .is_some_and(|l| l.as_bytes()[0].is_ascii_digit());
    if numeric_end && host.parse::<std::net::Ipv4Addr>().is_err() {
        return Err(());
    }
    Ok(())
}

/// `user[:password]`: a non-empty user, and only URL characters (unreserved, sub-delims, and
/// percent-escapes that decode to UTF-8).
fn check_userinfo(userinfo: &str) -> Result<(), ()> {
    let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    if user.is_empty() {
        return Err(());
    }
    for part in [user, password] {
        let allowed = part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=%".contains(&b));
        let decoded = percent_encoding::percent_decode_str(part).decode_utf8();
        let escapes_whole = part.match_indices('%').all(|(i, _)| {
            part.get(i + 1..i + 3)
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
        });
        if !allowed || decoded.is_err() || !escapes_whole {
            return Err(());
        }
    }
    Ok(())
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

    #[test]
    fn proxy_urls_are_read_strictly_and_written_in_one_spelling() {
        for (given, kept) in [
            ("http://proxy.internal:3128", "http://proxy.internal:3128"),
            (
                "HTTP://u:p@proxy.internal:3128/",
                "http://u:p@proxy.internal:3128",
            ),
            ("https://u:p%40ss@10.0.0.1", "https://u:p%40ss@10.0.0.1"),
            ("http://[::1]:8080", "http://[::1]:8080"),
        ] {
            assert_eq!(checked_proxy(given).unwrap(), kept, "{given}");
        }
        for refused in [
            "proxy.internal:3128",
            "socks5://proxy.internal:1080",
            "http://proxy.internal:3128/path",
            "http://proxy.internal:3128?x=1",
            "http://proxy.internal:0",
            "http://proxy.internal:+3128",
            "http://proxy.internal:03128",
            "http://proxy.internal:65536",
            "http://proxy.internal:",
            "http://999.1.1.1:3128",
            "http://1.2.3:3128",
            "http://0x7f.1:3128",
            "http://pro_xy.internal",
            "http://proxy.internal.",
            "http://[fe80::1%25eth0]:3128",
            "http://[v1.x]:3128",
            "http://u%ff:p@proxy.internal",
            "http://u:p%zz@proxy.internal",
            "http://:p@proxy.internal",
            "http://us@er:p@proxy.internal",
            "http://u:p@",
        ] {
            let e = checked_proxy(refused).unwrap_err().to_string();
            assert!(!e.contains("p%40ss"), "{e}");
            assert!(e.contains("proxy URL"), "{refused}: {e}");
        }
    }
}
