//! Name resolution for the blocking client. ureq asks its resolver for the host's addresses on
//! every call, even on a pooled connection, and its default resolver starts a thread for each
//! lookup. [`HostCache`] answers from memory instead: an IP literal is never looked up; a
//! hostname is looked up once (in a thread, so a call can give up on time, and one lookup per
//! host at a time), kept for [`TTL`], and forgotten when a connect to it fails. Each lookup logs
//! one `debug` event (target `lomi::resolver`).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs as _};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use std::{fmt, io, thread};

use ureq::config::{Config, IpFamily};
use ureq::http::Uri;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};

use crate::config::unbracketed;
use ureq::unversioned::transport::NextTimeout;

/// How long a lookup's addresses are used before the host is looked up again.
///
/// `getaddrinfo` does not say how long the DNS answer may be kept, so this is a fixed bound:
/// at or below the TTL of the records a hosted API typically sits behind (60 s for cloud load
/// balancers, 300 s for CDN-proxied names), so no address is kept longer than a caching DNS
/// resolver would keep it, and long enough that lookups cost nothing per call (one a minute
/// per host). An address that stops answering is dropped at once, whatever its age.
pub(crate) const TTL: Duration = Duration::from_secs(60);

/// The most addresses kept per host (ureq's limit for one resolution).
const MAX_ADDRS: usize = 16;

/// Looks a hostname up; the system's resolver in production, a script in tests.
type Lookup = dyn Fn(&str) -> io::Result<Vec<IpAddr>> + Send + Sync;

/// Hostnames and their addresses, shared by the resolver and the connector of one agent.
///
/// Cheap to clone: clones share the cache.
#[derive(Clone)]
pub(crate) struct HostCache {
    inner: Arc<Inner>,
}

struct Inner {
    lookup: Box<Lookup>,
    ttl: Duration,
    hosts: Mutex<HashMap<String, Entry>>,
}

enum Entry {
    /// Looked up; used until `expires`.
    Ready {
        addrs: Vec<IpAddr>,
        expires: Instant,
    },
    /// A lookup in flight; calls for this host wait for it.
    Pending(Arc<Pending>),
}

/// The outcome of one lookup, for every call waiting on it.
#[derive(Default)]
struct Pending {
    /// `Some` once the lookup ended: the addresses, or `None` when it failed.
    outcome: Mutex<Option<Option<Vec<IpAddr>>>>,
    done: Condvar,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing here leaves the data half-updated, so a panic elsewhere does not spoil it.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl HostCache {
    /// A cache over the system's resolver (`getaddrinfo`), keeping addresses for [`TTL`].
    pub(crate) fn system() -> Self {
        Self::new(TTL, |host| {
            Ok((host, 0).to_socket_addrs()?.map(|a| a.ip()).collect())
        })
    }

    /// A cache over `lookup`, keeping addresses for `ttl`.
    pub(crate) fn new(
        ttl: Duration,
        lookup: impl Fn(&str) -> io::Result<Vec<IpAddr>> + Send + Sync + 'static,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                lookup: Box::new(lookup),
                ttl,
                hosts: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Drops `host`'s addresses (a connect to them failed): the next call looks it up again.
    /// A lookup in flight is left alone; its answer is newer than the addresses that failed.
    pub(crate) fn forget(&self, host: &str) {
        let host = unbracketed(host);
        let mut hosts = lock(&self.inner.hosts);
        if let Some(Entry::Ready { .. }) = hosts.get(host) {
            hosts.remove(host);
        }
    }

    /// The addresses of `host` with `port`, waiting at most `wait` (`None`: no limit) for a
    /// lookup. `Ok(None)` when the wait ran out.
    fn addrs(
        &self,
        host: &str,
        port: u16,
        family: IpFamily,
        wait: Option<Duration>,
    ) -> Result<Option<ResolvedSocketAddrs>, ureq::Error> {
        if let Ok(ip) = host.parse::<IpAddr>() {
            return with_port(&[ip], port, family).map(Some);
        }
        let pending = {
            let mut hosts = lock(&self.inner.hosts);
            match hosts.get(host) {
                Some(Entry::Ready { addrs, expires }) if Instant::now() < *expires => {
                    return with_port(addrs, port, family).map(Some);
                }
                Some(Entry::Pending(pending)) => Arc::clone(pending),
                _ => {
                    let pending = Arc::new(Pending::default());
                    self.start_lookup(host, &pending)?;
                    hosts.insert(host.to_owned(), Entry::Pending(Arc::clone(&pending)));
                    pending
                }
            }
        };
        let outcome = lock(&pending.outcome);
        let outcome = match wait {
            None => pending
                .done
                .wait_while(outcome, |o| o.is_none())
                .unwrap_or_else(PoisonError::into_inner),
            Some(wait) => {
                pending
                    .done
                    .wait_timeout_while(outcome, wait, |o| o.is_none())
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
        };
        match &*outcome {
            None => Ok(None),
            Some(None) => Err(ureq::Error::HostNotFound),
            Some(Some(addrs)) => with_port(addrs, port, family).map(Some),
        }
    }

    /// Starts the one lookup of `host`, in a thread of its own so callers can stop waiting.
    fn start_lookup(&self, host: &str, pending: &Arc<Pending>) -> Result<(), ureq::Error> {
        let finish = Finish {
            inner: Arc::clone(&self.inner),
            host: host.to_owned(),
            pending: Arc::clone(pending),
            outcome: None,
        };
        thread::Builder::new()
            .name("lomi-dns".to_owned())
            .spawn(move || finish.run())
            .map(drop)
            .map_err(ureq::Error::Io)
    }
}

/// The lookup thread's work. Its `Drop` publishes the outcome, so the host is never left
/// pending even if the lookup function panics.
struct Finish {
    inner: Arc<Inner>,
    host: String,
    pending: Arc<Pending>,
    outcome: Option<Vec<IpAddr>>,
}

impl Finish {
    fn run(mut self) {
        let started = Instant::now();
        let result = (self.inner.lookup)(&self.host);
        let took = started.elapsed();
        match result {
            Ok(mut addrs) if !addrs.is_empty() => {
                addrs.truncate(MAX_ADDRS);
                log::debug!(target: "lomi::resolver", "looked up {}: {} addresses in {took:?}", self.host, addrs.len());
                self.outcome = Some(addrs);
            }
            Ok(_) => {
                log::debug!(target: "lomi::resolver", "looked up {}: no address in {took:?}", self.host);
            }
            Err(e) => {
                log::debug!(target: "lomi::resolver", "looked up {}: failed in {took:?}: {e}", self.host);
            }
        }
    }
}

impl Drop for Finish {
    fn drop(&mut self) {
        let outcome = self.outcome.take();
        {
            let mut hosts = lock(&self.inner.hosts);
            let ours = matches!(
                hosts.get(&self.host),
                Some(Entry::Pending(p)) if Arc::ptr_eq(p, &self.pending)
            );
            if ours {
                match &outcome {
                    Some(addrs) => {
                        let expires = Instant::now() + self.inner.ttl;
                        let addrs = addrs.clone();
                        hosts.insert(self.host.clone(), Entry::Ready { addrs, expires });
                    }
                    // A failure is not kept: the next call asks again.
                    None => {
                        hosts.remove(&self.host);
                    }
                }
            }
        }
        *lock(&self.pending.outcome) = Some(outcome);
        self.pending.done.notify_all();
    }
}

/// `ips` with `port`, those of the wanted family only; no allocation.
fn with_port(
    ips: &[IpAddr],
    port: u16,
    family: IpFamily,
) -> Result<ResolvedSocketAddrs, ureq::Error> {
    let mut out = ResolvedSocketAddrs::from_fn(|_| SocketAddr::from(([0, 0, 0, 0], 0)));
    let all = ips.iter().map(|&ip| SocketAddr::new(ip, port));
    for addr in family.keep_wanted(all).take(MAX_ADDRS) {
        out.push(addr);
    }
    if out.is_empty() {
        Err(ureq::Error::HostNotFound)
    } else {
        Ok(out)
    }
}

impl Resolver for HostCache {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            return Err(ureq::Error::BadUri("the URL has no scheme or host".into()));
        };
        // An IP literal with its port (`127.0.0.1:8080`, `[::1]:8080`), read in one pass.
        if let Ok(addr) = authority.as_str().parse::<SocketAddr>() {
            return with_port(&[addr.ip()], addr.port(), config.ip_family());
        }
        let port = match (authority.port_u16(), scheme) {
            (Some(port), _) => port,
            (None, "https") => 443,
            (None, "http") => 80,
            (None, _) => return Err(ureq::Error::BadUri(format!("unknown scheme: {scheme}"))),
        };
        let wait = (!timeout.after.is_not_happening()).then(|| *timeout.after);
        let host = unbracketed(authority.host());
        self.addrs(host, port, config.ip_family(), wait)?
            .ok_or(ureq::Error::Timeout(timeout.reason))
    }
}

impl fmt::Debug for HostCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostCache")
            .field("ttl", &self.inner.ttl)
            .field("hosts", &lock(&self.inner.hosts).len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    const WAIT: Option<Duration> = Some(Duration::from_secs(30));

    /// A cache whose lookups answer `ips` and are counted.
    fn counted(ttl: Duration, ips: Vec<IpAddr>) -> (HostCache, Arc<AtomicUsize>) {
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        let cache = HostCache::new(ttl, move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
            Ok(ips.clone())
        });
        (cache, count)
    }

    /// A cache whose lookups answer `ips` only once the returned sender says so (a DNS server
    /// that hangs until the test releases it), and how many lookups started.
    fn gated(ips: Vec<IpAddr>) -> (HostCache, mpsc::Sender<()>, Arc<AtomicUsize>) {
        let started = Arc::new(AtomicUsize::new(0));
        let (release, gate) = mpsc::channel::<()>();
        let gate = Mutex::new(gate);
        let seen = Arc::clone(&started);
        let cache = HostCache::new(TTL, move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
            let _ = lock(&gate).recv();
            Ok(ips.clone())
        });
        (cache, release, started)
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn addrs(cache: &HostCache, host: &str, port: u16) -> Vec<SocketAddr> {
        cache
            .addrs(host, port, IpFamily::Any, WAIT)
            .unwrap()
            .expect("an answer within the wait")
            .to_vec()
    }

    fn resolve(
        cache: &HostCache,
        url: &str,
        after: Duration,
    ) -> Result<Vec<SocketAddr>, ureq::Error> {
        let timeout = NextTimeout {
            after: after.into(),
            reason: ureq::Timeout::Resolve,
            ..NextTimeout::default()
        };
        cache
            .resolve(&url.parse().unwrap(), &Config::default(), timeout)
            .map(|a| a.to_vec())
    }

    #[test]
    fn an_ip_literal_is_never_looked_up() {
        let (cache, count) = counted(TTL, vec![ip("10.0.0.1")]);
        let long = Duration::from_secs(30);
        assert_eq!(
            resolve(&cache, "http://127.0.0.1:8080/v1", long).unwrap(),
            [SocketAddr::from(([127, 0, 0, 1], 8080))]
        );
        assert_eq!(
            resolve(&cache, "https://[::1]/v1", long).unwrap(),
            [SocketAddr::new(ip("::1"), 443)]
        );
        assert_eq!(
            resolve(&cache, "http://[::1]:8080/v1", long).unwrap(),
            [SocketAddr::new(ip("::1"), 8080)]
        );
        assert_eq!(
            resolve(&cache, "https://10.1.2.3/v1", long).unwrap(),
            [SocketAddr::from(([10, 1, 2, 3], 443))]
        );
        assert_eq!(count.load(Ordering::SeqCst), 0);
    }

    /// What `resolve` answered before IP literals took their own path: the authority's port
    /// (or the scheme's), then the host through the cache.
    fn resolve_generally(
        cache: &HostCache,
        url: &str,
        family: IpFamily,
    ) -> Result<Vec<SocketAddr>, ureq::Error> {
        let uri: Uri = url.parse().unwrap();
        let authority = uri.authority().unwrap();
        let port = authority
            .port_u16()
            .unwrap_or(if uri.scheme_str() == Some("https") {
                443
            } else {
                80
            });
        cache
            .addrs(unbracketed(authority.host()), port, family, WAIT)
            .map(|a| a.unwrap().to_vec())
    }

    #[test]
    fn the_ip_literal_path_answers_as_the_general_path_did() {
        let (cache, count) = counted(TTL, vec![ip("10.9.9.9")]);
        let system = HostCache::system();
        for family in [IpFamily::Any, IpFamily::Ipv4Only, IpFamily::Ipv6Only] {
            let config = ureq::Agent::config_builder().ip_family(family).build();
            for url in [
                "http://127.0.0.1:0/v1",
                "http://127.0.0.1:65535/v1",
                "http://127.0.0.1:080/v1",
                "https://127.0.0.1:443/v1",
                "http://[::1]:0/v1",
                "http://[::1]:65535/v1",
                "http://[::ffff:127.0.0.1]:8080/v1",
                "http://[::FFFF:7F00:1]:8080/v1",
                "http://[0:0:0:0:0:0:0:1]:8080/v1",
                "http://user:secret@127.0.0.1:8080/v1",
                "http://user@[::1]:8080/v1",
                // A zone: both paths drop it (an IpAddr has none), as they did.
                "http://[fe80::1%252]:8080/v1",
            ] {
                let timeout = NextTimeout {
                    after: Duration::from_secs(30).into(),
                    reason: ureq::Timeout::Resolve,
                    ..NextTimeout::default()
                };
                let fast = cache
                    .resolve(&url.parse().unwrap(), &config, timeout)
                    .map(|a| a.to_vec());
                // The general path may ask the system (a zone id is no IpAddr), never a network.
                let general = resolve_generally(&system, url, family);
                assert_eq!(
                    format!("{fast:?}"),
                    format!("{general:?}"),
                    "{url} {family:?}"
                );
            }
        }
        assert_eq!(
            count.load(Ordering::SeqCst),
            0,
            "an IP literal was looked up"
        );
    }

    #[test]
    fn a_hostname_is_looked_up_once_then_answered_from_the_cache() {
        let (cache, count) = counted(TTL, vec![ip("10.0.0.1"), ip("10.0.0.2")]);
        for port in [443, 443, 8443] {
            assert_eq!(
                addrs(&cache, "api.example", port),
                [
                    SocketAddr::new(ip("10.0.0.1"), port),
                    SocketAddr::new(ip("10.0.0.2"), port)
                ]
            );
        }
        assert_eq!(count.load(Ordering::SeqCst), 1);
        // Another host is another lookup.
        addrs(&cache, "sandbox.example", 443);
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn expired_addresses_are_looked_up_again() {
        // A TTL of zero: every entry has expired by the time it is read.
        let (cache, count) = counted(Duration::ZERO, vec![ip("10.0.0.1")]);
        addrs(&cache, "api.example", 443);
        addrs(&cache, "api.example", 443);
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn forgotten_addresses_are_looked_up_again() {
        let (cache, count) = counted(TTL, vec![ip("10.0.0.1")]);
        addrs(&cache, "api.example", 443);
        cache.forget("api.example");
        addrs(&cache, "api.example", 443);
        addrs(&cache, "api.example", 443);
        assert_eq!(count.load(Ordering::SeqCst), 2);
        // Forgetting an unknown host or an IP literal is harmless.
        cache.forget("other.example");
        cache.forget("[::1]");
    }

    #[test]
    fn a_failed_lookup_is_host_not_found_and_is_not_kept() {
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        let cache = HostCache::new(TTL, move |host| {
            seen.fetch_add(1, Ordering::SeqCst);
            match host {
                "empty.example" => Ok(vec![]),
                _ => Err(io::Error::other("no such host")),
            }
        });
        for host in ["nowhere.example", "nowhere.example", "empty.example"] {
            let e = cache.addrs(host, 443, IpFamily::Any, WAIT).unwrap_err();
            assert!(matches!(e, ureq::Error::HostNotFound), "{e:?}");
        }
        assert_eq!(count.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn a_panicking_lookup_fails_the_call_and_leaves_no_pending_entry() {
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        let cache = HostCache::new(TTL, move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
            panic!("a broken resolver")
        });
        for _ in 0..2 {
            let e = cache
                .addrs("api.example", 443, IpFamily::Any, WAIT)
                .unwrap_err();
            assert!(matches!(e, ureq::Error::HostNotFound), "{e:?}");
        }
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn only_the_wanted_family_is_returned() {
        let (cache, _) = counted(TTL, vec![ip("::1"), ip("127.0.0.1")]);
        let v4 = cache
            .addrs("dual.example", 80, IpFamily::Ipv4Only, WAIT)
            .unwrap()
            .unwrap();
        assert_eq!(v4.to_vec(), [SocketAddr::from(([127, 0, 0, 1], 80))]);
        let (cache, _) = counted(TTL, vec![ip("::1")]);
        let e = cache
            .addrs("v6.example", 80, IpFamily::Ipv4Only, WAIT)
            .unwrap_err();
        assert!(matches!(e, ureq::Error::HostNotFound), "{e:?}");
    }

    #[test]
    fn a_hanging_lookup_holds_one_thread_and_every_caller_times_out() {
        // A DNS server that does not answer until the test says so.
        let (cache, release, started) = gated(vec![ip("10.0.0.1")]);
        let short = Duration::from_millis(20);
        thread::scope(|s| {
            let calls: Vec<_> = (0..8)
                .map(|_| s.spawn(|| resolve(&cache, "https://hang.example/v1", short)))
                .collect();
            for call in calls {
                let e = call.join().unwrap().unwrap_err();
                assert!(
                    matches!(e, ureq::Error::Timeout(ureq::Timeout::Resolve)),
                    "{e:?}"
                );
            }
        });
        // Later calls wait on the same lookup rather than starting another.
        let e = resolve(&cache, "https://hang.example/v1", short).unwrap_err();
        assert!(matches!(e, ureq::Error::Timeout(_)), "{e:?}");
        assert_eq!(started.load(Ordering::SeqCst), 1);
        // When the answer comes, it is kept: no further lookup.
        release.send(()).unwrap();
        assert_eq!(
            addrs(&cache, "hang.example", 443),
            [SocketAddr::new(ip("10.0.0.1"), 443)]
        );
        assert_eq!(
            resolve(&cache, "https://hang.example/v1", short).unwrap(),
            [SocketAddr::new(ip("10.0.0.1"), 443)]
        );
        assert_eq!(started.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn callers_waiting_on_one_lookup_all_get_its_answer() {
        let (cache, release, started) = gated(vec![ip("10.0.0.7")]);
        thread::scope(|s| {
            let calls: Vec<_> = (0..4)
                .map(|_| s.spawn(|| addrs(&cache, "slow.example", 443)))
                .collect();
            release.send(()).unwrap();
            for call in calls {
                assert_eq!(call.join().unwrap(), [SocketAddr::new(ip("10.0.0.7"), 443)]);
            }
        });
        assert_eq!(started.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_url_without_a_known_scheme_is_refused() {
        let (cache, count) = counted(TTL, vec![ip("10.0.0.1")]);
        let e = resolve(&cache, "ftp://files.example/x", Duration::from_secs(1)).unwrap_err();
        assert!(matches!(e, ureq::Error::BadUri(_)), "{e:?}");
        assert_eq!(count.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn localhost_is_resolved_by_the_system() {
        // `localhost` comes from /etc/hosts (or the system's equivalent): no network.
        let cache = HostCache::system();
        let found = resolve(&cache, "http://localhost:8080/v1", Duration::from_secs(10)).unwrap();
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 8080),
            "{found:?}"
        );
    }
}
