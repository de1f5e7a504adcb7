//! The blocking client's TCP transport, doing per call what ureq's does with fewer system calls:
//! a pooled connection's liveness is one `recv(MSG_PEEK | MSG_DONTWAIT)` (ureq's is three calls:
//! non-blocking on, a read, off); a socket timeout is set only when it must change (it never
//! exceeds the time left, and one that fires early continues with the exact time left); and a
//! request's head is held back until its body, so both leave in one `writev`.

use std::io::{self, ErrorKind, IoSlice, Write as _};
use std::net::TcpStream;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};
use std::{fmt, io::Read as _};

use ureq::unversioned::transport::{Buffers, LazyBuffers, NextTimeout, ShutdownHandle, Transport};

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
    pub(super) fn new(stream: TcpStream, buffers: LazyBuffers) -> Self {
        Self {
            stream: Arc::new(stream),
            buffers,
            read_timeout: SocketTimeout::default(),
            write_timeout: SocketTimeout::default(),
            held: Vec::new(),
            wait: None,
        }
    }

    pub(super) fn shutdown_handle(&self) -> Weak<dyn ShutdownHandle> {
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

/// Whether an I/O error is a socket timeout running out.
pub(super) fn is_timeout(e: &io::Error) -> bool {
    // A blocking socket whose timeout ran out says `WouldBlock` on Unix, `TimedOut` on Windows.
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
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
}
