//! The blocking client's connector chain: a CONNECT proxy, our TCP connect, TLS, and the
//! interim-answer reader, resolving through our [`HostCache`]. A connect tries the resolved
//! addresses in turn within the connect timeout, and drops the host's cached addresses when it
//! fails. Every failure while connecting (TCP, the proxy's `CONNECT`, the TLS handshake) is
//! marked [`ConnectFailed`]: nothing of the request was sent, which a later failure cannot say.

use std::fmt;
use std::io::{self, ErrorKind};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::unversioned::transport::{
    ConnectProxyConnector, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout,
    RustlsConnector, Transport,
};

use crate::blocking::interim::InterimConnector;
use crate::blocking::resolver::HostCache;
use crate::blocking::transport::{TcpTransport, is_timeout};

/// An agent with `config`, resolving through a [`HostCache`] and connecting through
/// [`TcpConnector`]: CONNECT proxies and TLS as ureq's default connector does them, and every
/// failure of theirs marked as [`ConnectFailed`]; interim answers are read past
/// ([`InterimConnector`]).
pub(crate) fn agent(config: Config) -> ureq::Agent {
    let hosts = HostCache::system();
    let connector = Connecting(
        ().chain(ConnectProxyConnector::default())
            .chain(TcpConnector {
                hosts: hosts.clone(),
            })
            .chain(RustlsConnector::default())
            .chain(InterimConnector),
    );
    ureq::Agent::with_parts(config, connector, hosts)
}

/// A connector chain whose failures carry [`ConnectFailed`]: they happened before any byte of
/// the request was sent. Timeouts keep ureq's own error, which says which limit ran out.
#[derive(Debug)]
struct Connecting<C>(C);

impl<C: Connector> Connector for Connecting<C> {
    type Out = C::Out;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        self.0.connect(details, chained).map_err(|e| match e {
            ureq::Error::Io(io) => ureq::Error::Io(ConnectFailed::wrap(io)),
            e @ (ureq::Error::Protocol(_) | ureq::Error::ConnectProxyFailed(_)) => {
                ureq::Error::Io(io::Error::other(ConnectFailed(Box::new(e))))
            }
            other => other,
        })
    }
}

/// A failure while connecting (see [`Connecting`]); shows as the failure itself, its source.
#[derive(Debug)]
pub(crate) struct ConnectFailed(Box<dyn std::error::Error + Send + Sync>);

impl ConnectFailed {
    /// `e`, of the same kind, marked as a failure before the request was sent.
    fn wrap(e: io::Error) -> io::Error {
        io::Error::new(e.kind(), Self(Box::new(e)))
    }

    /// Whether `e` failed while connecting, before the request was sent.
    pub(crate) fn is(e: &io::Error) -> bool {
        e.get_ref().is_some_and(|inner| inner.is::<Self>())
    }
}

impl fmt::Display for ConnectFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ConnectFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

/// Opens a TCP connection to the resolved addresses, unless an earlier connector in the chain
/// (a CONNECT proxy) already made one.
pub(crate) struct TcpConnector {
    pub(crate) hosts: HostCache,
}

impl<In: Transport> Connector<In> for TcpConnector {
    type Out = Either<In, TcpTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        if let Some(transport) = chained {
            return Ok(Some(Either::A(transport)));
        }
        let config = details.config;
        let stream = match connect(&details.addrs, details.timeout, config) {
            Ok(stream) => stream,
            Err(e) => {
                if let Some(host) = details.uri.host() {
                    self.hosts.forget(host);
                }
                return Err(e);
            }
        };
        let buffers = LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size());
        let transport = TcpTransport::new(stream, buffers);
        (details.register_shutdown)(transport.shutdown_handle())?;
        Ok(Some(Either::B(transport)))
    }
}

impl fmt::Debug for TcpConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpConnector").finish_non_exhaustive()
    }
}

/// Tries the addresses in order, sharing the connect timeout between them as ureq does: half
/// to the first, a quarter to the second… (at least 10 ms each). An address that refuses or
/// cannot be routed to, or that times out with time left, passes the turn to the next.
fn connect(
    addrs: &[SocketAddr],
    timeout: NextTimeout,
    config: &Config,
) -> Result<TcpStream, ureq::Error> {
    const MIN_PER_ADDRESS: Duration = Duration::from_millis(10);
    let started = Instant::now();
    // Not `NextTimeout::not_zero`, which turns a budget already spent into a whole second:
    // a spent budget still gets one short try per address (as the async client's does).
    let budget = (!timeout.after.is_not_happening()).then(|| *timeout.after);
    let total_weight = 2.0 * (1.0 - 0.5_f64.powi(addrs.len() as i32));
    let mut weight = 1.0_f64;
    let mut last = None;
    for &addr in addrs {
        let per_address = budget.map(|t| t.mul_f64(weight / total_weight).max(MIN_PER_ADDRESS));
        weight /= 2.0;
        let attempt = match per_address {
            Some(t) => TcpStream::connect_timeout(&addr, t),
            None => TcpStream::connect(addr),
        };
        match attempt {
            Ok(stream) => {
                if config.no_delay() {
                    stream.set_nodelay(true)?;
                }
                return Ok(stream);
            }
            Err(e) if is_timeout(&e) => {
                if budget.is_some_and(|t| started.elapsed() > t) {
                    return Err(ureq::Error::Timeout(timeout.reason));
                }
                last = Some(ureq::Error::Timeout(ureq::Timeout::Connect));
            }
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::ConnectionRefused
                        | ErrorKind::HostUnreachable
                        | ErrorKind::NetworkUnreachable
                        | ErrorKind::AddrNotAvailable
                ) =>
            {
                last = Some(ureq::Error::Io(e));
            }
            Err(e) => return Err(ureq::Error::Io(e)),
        }
    }
    Err(last.unwrap_or_else(|| {
        ureq::Error::Io(io::Error::new(
            ErrorKind::ConnectionRefused,
            "no address to connect to",
        ))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::sync::Arc;

    #[test]
    fn a_refused_connect_forgets_the_hosts_addresses() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let lookups = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&lookups);
        let hosts = HostCache::new(crate::blocking::resolver::TTL, move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
            Ok(vec!["127.0.0.1".parse().unwrap()])
        });
        // A port nobody listens on any more.
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = Config::builder()
            .timeout_connect(Some(Duration::from_secs(5)))
            .build();
        let connector = ().chain(TcpConnector {
            hosts: hosts.clone(),
        });
        let agent = ureq::Agent::with_parts(config, connector, hosts);
        let url = format!("http://gone.example:{port}/");
        for expected in 1..=2 {
            let e = agent.get(&url).call().unwrap_err();
            assert!(
                matches!(&e, ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused),
                "{e:?}"
            );
            // Each call looked the host up again: the failed connect dropped its addresses.
            assert_eq!(lookups.load(Ordering::SeqCst), expected);
        }
    }
}
