//! The blocking client's connections: ureq's connector chain with our resolver and our own TCP
//! transport, which does per call what ureq's does with fewer system calls.
//!
//! ureq's `TcpTransport`, on every call over a pooled connection:
//!
//! - checks twice that the idle connection is still open (when it goes back to the pool and
//!   when it is taken out) by switching the socket to non-blocking (`ioctl(FIONBIO)`), trying
//!   to read a byte, and switching it back: 3 system calls per check;
//! - sets the socket's read and write timeouts (`setsockopt`) to the call's remaining time,
//!   which is a little different on every call, so both are set on every call.
//!
//! [`TcpTransport`] checks with one `recv(MSG_PEEK | MSG_DONTWAIT)` (on Unix; elsewhere as
//! ureq does), which sees the same things: a peer that closed or reset the connection, or bytes
//! nobody asked for. And it leaves a socket timeout alone while it is no longer than the time
//! left and not much shorter; when it is shorter and fires early, the operation continues with
//! the exact time left, so no read or write ever outlasts the call's deadline.
//!
//! ureq also hands a request's head and its body to the transport separately, which costs a
//! second `send`, and a second wake-up of the server; [`TcpTransport`] holds small output back
//! until the next output or the first wait for the answer, so both leave in one `writev`.
//!
//! A connect that fails drops the host's cached addresses ([`HostCache::forget`]).
//!
//! Every failure while connecting (TCP, a proxy's `CONNECT`, the TLS handshake) is marked
//! ([`ConnectFailed`]): it means nothing of the request was sent, which a failure later (a TLS
//! record that cannot be decrypted once the request went out, a reset) does not, and the error
//! must say which.

use std::io::{self, ErrorKind, IoSlice, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};
use std::{fmt, io::Read as _};

use ureq::config::Config;
use ureq::unversioned::transport::{
    Buffers, ConnectProxyConnector, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout,
    RustlsConnector, ShutdownHandle, Transport,
};

use crate::blocking::interim::InterimConnector;
use crate::blocking::resolver::HostCache;

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

fn is_timeout(e: &io::Error) -> bool {
    // A blocking socket whose timeout ran out says `WouldBlock` on Unix, `TimedOut` on Windows.
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// A TCP connection for ureq: HTTP/1.1 bytes through ureq's buffers, with socket timeouts set
/// only when they must change and a one-call liveness check.
pub(crate) struct TcpTransport {
    /// In an `Arc` so that ureq's shutdown handle can share it (weakly).
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    read_timeout: SocketTimeout,
    write_timeout: SocketTimeout,
    /// Output not sent yet (see [`HOLD`]).
    held: Vec<u8>,
    /// The last read's timeout as given, and when the first read with it began: a caller that
    /// waits again with the very same `NextTimeout` continues that wait (see `await_input`).
    wait: Option<(NextTimeout, Instant)>,
}

/// Output up to this size is held back until the next output or the first wait for input, so
/// that a request's head and its body leave in one system call (ureq hands them over
/// separately): the server then reads the request in one go, instead of waking up for the
/// head and again for the body. A request head is well under this.
const HOLD: usize = 16 * 1024;

impl TcpTransport {
    fn new(stream: TcpStream, buffers: LazyBuffers) -> Self {
        Self {
            stream: Arc::new(stream),
            buffers,
            read_timeout: SocketTimeout::default(),
            write_timeout: SocketTimeout::default(),
            held: Vec::new(),
            wait: None,
        }
    }

    fn shutdown_handle(&self) -> Weak<dyn ShutdownHandle> {
        Arc::downgrade(&self.stream) as Weak<dyn ShutdownHandle>
    }
}

/// The time an operation may take: `Ok(None)` for no limit, an error when none is left.
fn budget(timeout: NextTimeout) -> Result<Option<Duration>, ureq::Error> {
    if timeout.after.is_not_happening() {
        Ok(None)
    } else if timeout.after.is_zero() {
        Err(ureq::Error::Timeout(timeout.reason))
    } else {
        Ok(Some(*timeout.after))
    }
}

fn io_error(e: io::Error, timeout: NextTimeout) -> ureq::Error {
    if is_timeout(&e) {
        ureq::Error::Timeout(timeout.reason)
    } else {
        ureq::Error::Io(e)
    }
}

impl TcpTransport {
    /// Sends what is held, within `timeout`.
    fn flush(&mut self, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if self.held.is_empty() {
            return Ok(());
        }
        let timeout = timeout.for_write();
        let limit = budget(timeout)?;
        let result = write_all(
            &self.stream,
            [&self.held, &[]],
            limit,
            &mut self.write_timeout,
        );
        self.held.clear();
        result.map_err(|e| io_error(e, timeout))
    }
}

impl Transport for TcpTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.wait = None;
        let timeout = timeout.for_write();
        let limit = budget(timeout)?;
        let output = &self.buffers.output()[..amount];
        if self.held.is_empty() && amount <= HOLD {
            self.held.extend_from_slice(output);
            return Ok(());
        }
        let result = write_all(
            &self.stream,
            [&self.held, output],
            limit,
            &mut self.write_timeout,
        );
        self.held.clear();
        result.map_err(|e| io_error(e, timeout))
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        // As the trait's own, after sending what is held: the answer may depend on it.
        self.flush(timeout)?;
        if self.buffers.can_use_input() {
            return Ok(true);
        }
        self.await_input(timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush(timeout)?;
        let timeout = timeout.for_read();
        // ureq computes a `NextTimeout` from its clock before each wait, except where it loops
        // on one (reading a proxy's answer to `CONNECT`), as does a transport above this one
        // that reads past interim answers. The same value again is the same wait: its time
        // counts from the first call, so a peer trickling bytes cannot stretch it.
        let now = Instant::now();
        let began = match self.wait {
            Some((last, began)) if last == timeout => began,
            _ => now,
        };
        self.wait = Some((timeout, began));
        let limit = match budget(timeout)? {
            Some(limit) => match limit.checked_sub(now - began) {
                Some(left) if !left.is_zero() => Some(left),
                _ => return Err(ureq::Error::Timeout(timeout.reason)),
            },
            None => None,
        };
        let input = self.buffers.input_append_buf();
        let amount = read(&self.stream, input, limit, &mut self.read_timeout)
            .map_err(|e| io_error(e, timeout))?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    /// Whether the connection can carry another request: nothing held back, and the probe
    /// finds neither a close nor stray bytes. ureq asks twice between two requests (as the
    /// connection goes back to the pool and as it comes out); each look is one `recv`.
    fn is_open(&mut self) -> bool {
        self.held.is_empty() && probe(&self.stream)
    }
}

/// Writes both parts, in order, within `limit`: one `writev` when nothing gets in the way.
fn write_all(
    stream: &TcpStream,
    parts: [&[u8]; 2],
    limit: Option<Duration>,
    timeout: &mut SocketTimeout,
) -> io::Result<()> {
    let clock = Clock::start(limit);
    let set = |t| stream.set_write_timeout(t);
    let mut slices = parts.map(IoSlice::new);
    let mut output = &mut slices[..];
    IoSlice::advance_slices(&mut output, 0);
    if output.is_empty() {
        return Ok(());
    }
    timeout.prepare(limit, set)?;
    while !output.is_empty() {
        match (&*stream).write_vectored(output) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut output, n),
            // As `write_all`: without a limit, a signal only interrupts one write.
            Err(e) if e.kind() == ErrorKind::Interrupted && limit.is_none() => {}
            Err(e) => timeout.continue_after(e, &clock, set)?,
        }
        if !output.is_empty() {
            // After a partial write, the next one must not outlast the time left either.
            timeout.fit(&clock, set)?;
        }
    }
    Ok(())
}

/// Reads what is there (waiting for at least one byte) within `limit`.
fn read(
    stream: &TcpStream,
    input: &mut [u8],
    limit: Option<Duration>,
    timeout: &mut SocketTimeout,
) -> io::Result<usize> {
    let clock = Clock::start(limit);
    let set = |t| stream.set_read_timeout(t);
    timeout.prepare(limit, set)?;
    loop {
        match (&*stream).read(input) {
            Ok(n) => return Ok(n),
            Err(e) => timeout.continue_after(e, &clock, set)?,
        }
    }
}

/// True when the idle connection is usable: no error, no end of stream, and no bytes waiting
/// (an idle HTTP/1.1 connection has nothing to say; bytes mean the last answer was longer
/// than announced, or the server is talking nonsense). Reads nothing.
#[cfg(unix)]
fn probe(stream: &TcpStream) -> bool {
    use std::mem::MaybeUninit;
    let mut byte = [MaybeUninit::<u8>::uninit()];
    let flags = libc::MSG_PEEK | libc::MSG_DONTWAIT;
    match socket2::SockRef::from(stream).recv_with_flags(&mut byte, flags) {
        Err(e) => e.kind() == ErrorKind::WouldBlock,
        // 0: the peer closed; 1: bytes nobody asked for.
        Ok(_) => false,
    }
}

/// As [`probe`] on Unix, the way ureq does it where `MSG_DONTWAIT` does not exist: switch the
/// socket to non-blocking for one peek.
#[cfg(not(unix))]
fn probe(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let open = matches!(stream.peek(&mut [0]), Err(e) if e.kind() == ErrorKind::WouldBlock);
    stream.set_nonblocking(false).is_ok() && open
}

/// When an operation started and how long it may take.
struct Clock {
    started: Instant,
    limit: Option<Duration>,
}

impl Clock {
    fn start(limit: Option<Duration>) -> Self {
        Self {
            started: Instant::now(),
            limit,
        }
    }

    /// The time left, `None` for no limit.
    fn left(&self) -> Option<Duration> {
        self.limit
            .map(|limit| limit.saturating_sub(self.started.elapsed()))
    }
}

/// One of a socket's timeouts (`SO_RCVTIMEO` or `SO_SNDTIMEO`), remembered so that it is set
/// only when it must change.
///
/// The rule: the socket's timeout never exceeds the time the operation has left, so no read or
/// write outlasts its deadline; it may be shorter, and if it fires early the operation goes on
/// with the exact time left. An operation's limit differs a little from call to call (it is the
/// call's remaining time), so the timeout is set to 7/8 of it and kept while it stays between
/// 3/4 of the limit and the limit: calls with the same settings set it once.
#[derive(Default)]
struct SocketTimeout {
    /// What the socket has now; `None`: no timeout (the socket's initial state).
    current: Option<Duration>,
}

impl SocketTimeout {
    /// Before an operation that may take `limit` (`None`: no limit).
    fn prepare(
        &mut self,
        limit: Option<Duration>,
        set: impl Fn(Option<Duration>) -> io::Result<()>,
    ) -> io::Result<()> {
        let wanted = match (limit, self.current) {
            (None, _) => None,
            (Some(limit), Some(current)) if current <= limit && current >= limit - limit / 4 => {
                return Ok(());
            }
            (Some(limit), _) => Some(limit - limit / 8),
        };
        self.set(wanted, set)
    }

    /// After `error` from a read or write: `Ok` to try again (the socket's timeout fired with
    /// time left, or a signal interrupted the call), the error otherwise.
    fn continue_after(
        &mut self,
        error: io::Error,
        clock: &Clock,
        set: impl Fn(Option<Duration>) -> io::Result<()>,
    ) -> io::Result<()> {
        if !(is_timeout(&error) || error.kind() == ErrorKind::Interrupted) {
            return Err(error);
        }
        match clock.left() {
            // No limit: a signal is the caller's business (as in ureq), a timeout cannot be.
            None => Err(error),
            Some(left) if left.is_zero() => Err(ErrorKind::TimedOut.into()),
            Some(_) => self.fit(clock, set),
        }
    }

    /// Shortens the socket's timeout to the time left if it is longer.
    fn fit(
        &mut self,
        clock: &Clock,
        set: impl Fn(Option<Duration>) -> io::Result<()>,
    ) -> io::Result<()> {
        let Some(left) = clock.left() else {
            return Ok(());
        };
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        match self.current {
            Some(current) if current <= left => Ok(()),
            _ => self.set(Some(left), set),
        }
    }

    fn set(
        &mut self,
        wanted: Option<Duration>,
        set: impl Fn(Option<Duration>) -> io::Result<()>,
    ) -> io::Result<()> {
        if wanted != self.current {
            set(wanted)?;
            self.current = wanted;
        }
        Ok(())
    }
}

impl fmt::Debug for TcpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpTransport")
            .field("peer", &self.stream.peer_addr().ok())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::net::{Shutdown, TcpListener};

    /// A connected pair on loopback: (client, server).
    fn pair() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        // What the server writes leaves at once (Nagle's algorithm would hold a second small
        // write back until the client acknowledges the first, up to its delayed-ACK time).
        server.set_nodelay(true).unwrap();
        (client, server)
    }

    #[test]
    fn the_probe_sees_an_idle_open_connection_as_open() {
        let (client, _server) = pair();
        assert!(probe(&client));
        assert!(probe(&client), "the probe changes nothing");
    }

    #[test]
    fn the_probe_sees_a_closed_connection() {
        let (client, server) = pair();
        server.shutdown(Shutdown::Both).unwrap();
        drop(server);
        // The FIN arrives asynchronously; wait for it with a blocking peek.
        assert_eq!(client.peek(&mut [0]).unwrap(), 0);
        assert!(!probe(&client));
    }

    #[test]
    fn the_probe_sees_unexpected_bytes_and_leaves_them() {
        let (client, mut server) = pair();
        server.write_all(b"HTTP/1.1 200 OK\r\n").unwrap();
        let mut first = [0];
        assert_eq!(client.peek(&mut first).unwrap(), 1);
        assert!(!probe(&client));
        // Still there: the probe only peeked.
        assert_eq!(client.peek(&mut first).unwrap(), 1);
        assert_eq!(&first, b"H");
    }

    #[test]
    fn the_probe_leaves_the_socket_blocking() {
        let (client, mut server) = pair();
        assert!(probe(&client));
        client
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let reader = std::thread::spawn(move || {
            let mut byte = [0];
            (&client).read(&mut byte).map(|n| (n, byte))
        });
        server.write_all(b"x").unwrap();
        // A non-blocking socket would have failed with WouldBlock instead of waiting.
        assert_eq!(reader.join().unwrap().unwrap(), (1, *b"x"));
    }

    fn timeout(secs: u64) -> NextTimeout {
        NextTimeout {
            after: Duration::from_secs(secs).into(),
            reason: ureq::Timeout::Global,
            ..NextTimeout::default()
        }
    }

    /// Puts `bytes` in the transport's output buffer and hands them over.
    fn transmit(transport: &mut TcpTransport, bytes: &[u8]) {
        transport.buffers().output()[..bytes.len()].copy_from_slice(bytes);
        transport.transmit_output(bytes.len(), timeout(30)).unwrap();
    }

    /// What the server has received so far, without waiting.
    fn received(server: &mut TcpStream) -> Vec<u8> {
        server.set_nonblocking(true).unwrap();
        let mut got = Vec::new();
        let mut chunk = [0; 4096];
        loop {
            match server.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => got.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) => panic!("{e}"),
            }
        }
        server.set_nonblocking(false).unwrap();
        got
    }

    /// Waits until the server has received `expected`.
    fn receive(server: &mut TcpStream, expected: &[u8]) {
        let mut got = vec![0; expected.len()];
        server.read_exact(&mut got).unwrap();
        assert_eq!(got, expected);
    }

    /// One exchange on `transport`: a request out, an answer in.
    fn exchange(transport: &mut TcpTransport, server: &mut TcpStream) {
        let request = b"GET / HTTP/1.1\r\n\r\n";
        transmit(transport, request);
        transport.flush(timeout(30)).unwrap();
        receive(server, request);
        server
            .write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
            .unwrap();
        assert!(transport.await_input(timeout(30)).unwrap());
        let n = transport.buffers().input().len();
        transport.buffers().input_consume(n);
    }

    #[test]
    fn every_check_sees_a_close_or_stray_bytes_after_an_answer() {
        for spoil in ["close", "stray bytes"] {
            let (client, mut server) = pair();
            let mut transport = TcpTransport::new(client, LazyBuffers::new(4096, 4096));
            exchange(&mut transport, &mut server);
            assert!(transport.is_open(), "{spoil}");
            match spoil {
                "close" => server.shutdown(Shutdown::Write).unwrap(),
                _ => server.write_all(b"late").unwrap(),
            }
            std::thread::sleep(Duration::from_millis(20));
            assert!(
                !transport.is_open(),
                "{spoil}: the check as it comes out of the pool"
            );
            assert!(!transport.is_open(), "{spoil}");
        }
    }

    #[test]
    fn a_head_is_held_until_its_body_then_both_leave_together() {
        let (client, mut server) = pair();
        let mut transport = TcpTransport::new(client, LazyBuffers::new(4096, 4096));
        transmit(
            &mut transport,
            b"POST / HTTP/1.1\r\ncontent-length: 2\r\n\r\n",
        );
        assert!(!transport.is_open(), "a half-sent request is not reusable");
        // Nothing has left yet: a probe of the server side finds nothing.
        assert_eq!(received(&mut server), b"");
        transmit(&mut transport, b"{}");
        receive(
            &mut server,
            b"POST / HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}",
        );
        assert!(transport.is_open());
    }

    #[test]
    fn held_output_leaves_before_the_wait_for_an_answer() {
        let (client, mut server) = pair();
        let mut transport = TcpTransport::new(client, LazyBuffers::new(4096, 4096));
        transmit(&mut transport, b"GET / HTTP/1.1\r\n\r\n");
        let answer = b"HTTP/1.1 204 No Content\r\n\r\n";
        let serve = std::thread::spawn(move || {
            receive(&mut server, b"GET / HTTP/1.1\r\n\r\n");
            server.write_all(answer).unwrap();
            server
        });
        assert!(transport.maybe_await_input(timeout(30)).unwrap());
        let _server = serve.join().unwrap();
        assert_eq!(transport.buffers().input(), answer);
    }

    #[test]
    fn output_larger_than_the_hold_goes_out_at_once() {
        let (client, mut server) = pair();
        let big = vec![b'x'; HOLD + 1];
        let mut transport = TcpTransport::new(client, LazyBuffers::new(4096, 2 * HOLD));
        let reader = std::thread::spawn(move || {
            let mut got = vec![0; HOLD + 1];
            server.read_exact(&mut got).unwrap();
            got
        });
        transmit(&mut transport, &big);
        assert_eq!(reader.join().unwrap(), big);
    }

    /// Records every timeout a `SocketTimeout` sets.
    fn recorder() -> (RefCell<Vec<Option<Duration>>>, SocketTimeout) {
        (RefCell::new(Vec::new()), SocketTimeout::default())
    }

    #[test]
    fn a_slowly_shrinking_limit_sets_the_timeout_once() {
        let (sets, mut timeout) = recorder();
        let set = |t| {
            sets.borrow_mut().push(t);
            Ok(())
        };
        let secs = Duration::from_secs;
        // Each call's limit: the call's remaining time, a little different every time, shorter
        // or longer than the one the timeout was set for.
        let limit = |micros| secs(80) - Duration::from_micros(micros);
        for micros in [40, 13, 7, 52, 2] {
            timeout.prepare(Some(limit(micros)), set).unwrap();
        }
        let first = limit(40) - limit(40) / 8;
        assert_eq!(*sets.borrow(), [Some(first)]);
        // Never longer than the limit: a shorter limit sets it again.
        timeout.prepare(Some(secs(60)), set).unwrap();
        // And a much longer one too, so a slow answer is not cut into many waits.
        timeout.prepare(Some(secs(800)), set).unwrap();
        // No limit: no timeout.
        timeout.prepare(None, set).unwrap();
        timeout.prepare(None, set).unwrap();
        assert_eq!(
            *sets.borrow(),
            [
                Some(first),
                Some(Duration::from_millis(52_500)),
                Some(secs(700)),
                None
            ]
        );
    }

    #[test]
    fn a_timeout_that_fires_early_goes_on_with_the_exact_time_left() {
        let (sets, mut timeout) = recorder();
        let set = |t| {
            sets.borrow_mut().push(t);
            Ok(())
        };
        let limit = Duration::from_secs(8);
        timeout.prepare(Some(limit), set).unwrap();
        assert_eq!(*sets.borrow(), [Some(Duration::from_secs(7))]);
        // A signal right away: the socket's 7 s still fit in the time left, nothing is set.
        let clock = Clock::start(Some(limit));
        let signal = io::Error::from(ErrorKind::Interrupted);
        timeout.continue_after(signal, &clock, set).unwrap();
        assert_eq!(sets.borrow().len(), 1);
        // The socket's 7 s ran out with about 1 s left: the next wait is that second.
        let clock = Clock {
            started: Instant::now() - Duration::from_secs(7),
            limit: Some(limit),
        };
        let fired = io::Error::from(ErrorKind::WouldBlock);
        timeout.continue_after(fired, &clock, set).unwrap();
        let sets = sets.borrow();
        assert_eq!(sets.len(), 2);
        let left = sets[1].unwrap();
        assert!(
            left <= Duration::from_secs(1) && left > Duration::ZERO,
            "{left:?}"
        );
    }

    #[test]
    fn a_timeout_with_no_time_left_is_an_error_and_other_errors_pass_through() {
        let (_, mut timeout) = recorder();
        let set = |_| Ok(());
        let spent = Clock::start(Some(Duration::from_nanos(1)));
        std::thread::sleep(Duration::from_millis(1));
        let e = timeout
            .continue_after(ErrorKind::WouldBlock.into(), &spent, set)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut);
        let plenty = Clock::start(Some(Duration::from_secs(60)));
        let e = timeout
            .continue_after(ErrorKind::ConnectionReset.into(), &plenty, set)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ConnectionReset);
        // Without a limit a signal goes back to the caller.
        let unlimited = Clock::start(None);
        let e = timeout
            .continue_after(ErrorKind::Interrupted.into(), &unlimited, set)
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Interrupted);
    }

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
