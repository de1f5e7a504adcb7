//! A raw `std::net::TcpListener` server for the faults httpmock cannot make: resets, truncated
//! bodies, broken framing, stalls.
//!
//! Each request gets the next [`Action`] of a script. [`RawServer::start`] serves one request
//! per connection and stops accepting once the script is used up; [`RawServer::keep_alive`]
//! serves any number of requests per connection, asking a closure what to do with each. Either
//! way the server records every request it read and counts the connections it accepted, and
//! dropping it stops every thread: no wait is longer than a poll interval, and no stall
//! outlives its duration.
//!
//! The network's own failures have two more helpers: [`Refused`], an address that refuses every
//! connection, and [`Unanswered`], one where connecting never completes.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often blocked threads look at the stop flag.
const POLL: Duration = Duration::from_millis(10);
/// The longest a connection waits for a request before giving up on it.
const IDLE_LIMIT: Duration = Duration::from_secs(10);
/// The largest request the server reads.
const REQUEST_LIMIT: usize = 1 << 20;

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Action {
    /// Writes these bytes; then closes, unless the server keeps connections alive.
    Reply(Vec<u8>),
    /// Writes these bytes, then resets the connection (RST, not FIN).
    ReplyThenReset(Vec<u8>),
    /// Writes these bytes, then holds the connection open for this long before closing it.
    ReplyThenStall(Vec<u8>, Duration),
    /// Closes the connection (FIN) without writing anything.
    Close,
}

impl Action {
    /// A well-formed response that closes the connection; `Content-Length` is added.
    pub fn respond(status: u16, headers: &[(&str, &str)], body: impl AsRef<[u8]>) -> Self {
        Self::Reply(response(status, headers, body.as_ref(), false))
    }

    /// A JSON response that closes the connection.
    pub fn json(status: u16, body: &str) -> Self {
        Self::respond(status, &[("content-type", "application/json")], body)
    }

    /// Resets the connection before writing anything.
    pub fn reset() -> Self {
        Self::ReplyThenReset(Vec::new())
    }

    /// Writes nothing for this long, then closes.
    pub fn stall(duration: Duration) -> Self {
        Self::ReplyThenStall(Vec::new(), duration)
    }
}

/// The bytes of a response with this status, headers and body, with `Content-Length`, and
/// `Connection: close` unless `keep_alive`.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8], keep_alive: bool) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} Scripted\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("content-length: {}\r\n", body.len()));
    if !keep_alive {
        out.push_str("connection: close\r\n");
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

type Respond = dyn Fn(usize, &[u8]) -> Option<Action> + Send + Sync;

struct State {
    respond: Box<Respond>,
    keep_alive: bool,
    stop: AtomicBool,
    /// Whether the acceptor still listens (a script's server stops once it is used up).
    accepting: AtomicBool,
    connections: AtomicUsize,
    requests: Mutex<Vec<Vec<u8>>>,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

/// A loopback server run on its own threads; stops when dropped.
pub struct RawServer {
    addr: SocketAddr,
    state: Arc<State>,
    acceptor: Option<JoinHandle<()>>,
}

impl RawServer {
    /// Serves one request per connection, taking the script's actions in order; once every
    /// action is handed out, it accepts no more connections (they are refused).
    pub fn start(script: Vec<Action>) -> Self {
        let max_connections = script.len();
        Self::spawn(
            Box::new(move |n, _| script.get(n).cloned()),
            false,
            Some(max_connections),
        )
    }

    /// Serves any number of requests per connection, answering request number `n` (0-based,
    /// counted across connections) whose raw bytes are `request` with `respond(n, request)`,
    /// until dropped.
    pub fn keep_alive(respond: impl Fn(usize, &[u8]) -> Action + Send + Sync + 'static) -> Self {
        Self::spawn(
            Box::new(move |n, request| Some(respond(n, request))),
            true,
            None,
        )
    }

    fn spawn(respond: Box<Respond>, keep_alive: bool, max_connections: Option<usize>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let addr = listener.local_addr().expect("the listener's address");
        let state = Arc::new(State {
            respond,
            keep_alive,
            stop: AtomicBool::new(false),
            accepting: AtomicBool::new(true),
            connections: AtomicUsize::new(0),
            requests: Mutex::new(Vec::new()),
            workers: Mutex::new(Vec::new()),
        });
        let shared = Arc::clone(&state);
        let acceptor = std::thread::spawn(move || accept(listener, &shared, max_connections));
        Self {
            addr,
            state,
            acceptor: Some(acceptor),
        }
    }

    /// The base URL a client should use: `http://127.0.0.1:<port>/v1`.
    pub fn url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// The server's port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// How many requests the server has read.
    pub fn hits(&self) -> usize {
        self.state.requests.lock().unwrap().len()
    }

    /// How many connections the server has accepted.
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }

    /// How many connections the server has finished with (answered and closed, or given up).
    pub fn closed(&self) -> usize {
        let workers = self.state.workers.lock().unwrap();
        workers.iter().filter(|w| w.is_finished()).count()
    }

    /// Every request read so far, raw bytes, in order.
    pub fn requests(&self) -> Vec<Vec<u8>> {
        self.state.requests.lock().unwrap().clone()
    }

    /// The values of header `name` (any case) in each request, in order.
    pub fn header_values(&self, name: &str) -> Vec<Option<String>> {
        self.requests()
            .iter()
            .map(|request| header(request, name))
            .collect()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        if self.state.accepting.load(Ordering::SeqCst) {
            // Wakes the acceptor out of `accept`.
            let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        }
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let workers = std::mem::take(&mut *self.state.workers.lock().unwrap());
        for worker in workers {
            let _ = worker.join();
        }
    }
}

/// A request as the server read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub method: String,
    /// Path and query, as on the request line.
    pub target: String,
    /// Every header line in order, names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Sent {
    /// Parses the bytes of a request.
    pub fn parse(request: &[u8]) -> Self {
        let (method, target) = request_line(request);
        let head_end = find(request, b"\r\n\r\n").expect("a whole request head");
        let head = String::from_utf8(request[..head_end].to_vec()).expect("an ASCII head");
        let headers = head
            .split("\r\n")
            .skip(1)
            .map(|line| {
                let (name, value) = line.split_once(':').expect("a header line");
                (name.to_ascii_lowercase(), value.trim().to_owned())
            })
            .collect();
        Self {
            method,
            target,
            headers,
            body: body(request).to_vec(),
        }
    }

    /// The value of header `name` (lower case), if sent once; panics when sent twice.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.iter().filter(|(n, _)| n == name);
        let value = values.next().map(|(_, v)| v.as_str());
        assert!(values.next().is_none(), "{name} sent twice: {self:?}");
        value
    }
}

impl RawServer {
    /// Every request read so far, parsed.
    pub fn sent(&self) -> Vec<Sent> {
        self.requests().iter().map(|r| Sent::parse(r)).collect()
    }
}

/// The method and target (path and query) of a raw request.
pub fn request_line(request: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(request);
    let mut parts = text.lines().next().unwrap_or_default().split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    (method, target)
}

/// The value of query parameter `name` in a raw request, as a number.
pub fn query_value(request: &[u8], name: &str) -> Option<u64> {
    let (_, target) = request_line(request);
    let query = target.split_once('?')?.1.to_owned();
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then(|| v.parse().ok()).flatten()
    })
}

/// The body of a raw request: what follows its head.
pub fn body(request: &[u8]) -> &[u8] {
    find(request, b"\r\n\r\n").map_or(&[], |end| &request[end + 4..])
}

/// The value of header `name` (any case) in a raw request.
pub fn header(request: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(request);
    let head = text.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

/// Accepts connections (blocking: [`RawServer`]'s drop wakes it with a connection of its own)
/// until the server stops or, for a script, every action is handed out.
fn accept(listener: TcpListener, state: &Arc<State>, max_connections: Option<usize>) {
    serve_connections(&listener, state, max_connections);
    state.accepting.store(false, Ordering::SeqCst);
}

fn serve_connections(listener: &TcpListener, state: &Arc<State>, max_connections: Option<usize>) {
    loop {
        if max_connections.is_some_and(|max| state.connections.load(Ordering::SeqCst) >= max) {
            // The script is used up: dropping the listener refuses further connections.
            return;
        }
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => panic!("accept failed: {e}"),
        };
        if state.stop.load(Ordering::SeqCst) {
            return;
        }
        state.connections.fetch_add(1, Ordering::SeqCst);
        let shared = Arc::clone(state);
        let worker = std::thread::spawn(move || serve(stream, &shared));
        state.workers.lock().unwrap().push(worker);
    }
}

fn serve(mut stream: TcpStream, state: &State) {
    stream.set_read_timeout(Some(POLL)).expect("a read timeout");
    loop {
        let Some(request) = read_request(&mut stream, state) else {
            return;
        };
        let n = {
            let mut requests = state.requests.lock().unwrap();
            requests.push(request.clone());
            requests.len() - 1
        };
        let Some(action) = (state.respond)(n, &request) else {
            return;
        };
        let keep_open = state.keep_alive && matches!(action, Action::Reply(_));
        // Write errors mean the client went away, which some scripts cause on purpose.
        match action {
            Action::Reply(bytes) => {
                let _ = stream.write_all(&bytes);
            }
            Action::ReplyThenReset(bytes) => {
                let _ = stream.write_all(&bytes);
                let _ = stream.flush();
                // Linger 0: closing sends RST instead of FIN.
                let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
                return;
            }
            Action::ReplyThenStall(bytes, duration) => {
                let _ = stream.write_all(&bytes);
                let until = Instant::now() + duration;
                while Instant::now() < until && !state.stop.load(Ordering::SeqCst) {
                    std::thread::sleep(POLL);
                }
            }
            Action::Close => {}
        }
        if !keep_open {
            let _ = stream.shutdown(Shutdown::Both);
            return;
        }
    }
}

/// Reads one request (head and `Content-Length` body); `None` when the client closed the
/// connection, the server is stopping, or nothing came for [`IDLE_LIMIT`].
fn read_request(stream: &mut TcpStream, state: &State) -> Option<Vec<u8>> {
    let started = Instant::now();
    let mut request = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find(&request, b"\r\n\r\n") {
            let length = header(&request[..end], "content-length")
                .and_then(|l| l.parse::<usize>().ok())
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                return Some(request);
            }
        }
        if state.stop.load(Ordering::SeqCst)
            || started.elapsed() > IDLE_LIMIT
            || request.len() > REQUEST_LIMIT
        {
            return None;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return None,
            Ok(read) => request.extend_from_slice(&chunk[..read]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The time a client of this server gets for an attempt unless a test says otherwise: far more
/// than any answer takes on a slow machine, so that only the faults meant to time out do. A
/// test of a stall sets its own short timeout (see [`STALL_TIMEOUT`]).
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// The attempt timeout of a test whose server stalls on purpose: the attempt is meant to run
/// out, so a slow machine cannot change the outcome, only make it come later.
pub const STALL_TIMEOUT: Duration = Duration::from_millis(200);

impl RawServer {
    /// A client builder for this server: fast retries (1 to 5 ms apart) and
    /// [`ATTEMPT_TIMEOUT`] for connecting and for each attempt.
    pub fn builder(&self) -> lomi::ClientBuilder {
        lomi::Client::builder(super::KEY)
            .base_url(self.url())
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
            .timeout(ATTEMPT_TIMEOUT)
            .connect_timeout(ATTEMPT_TIMEOUT)
    }

    /// A blocking client built by [`builder`](Self::builder).
    pub fn client(&self) -> lomi::Client {
        self.builder().build().expect("a valid test client")
    }
}

/// A loopback address where every connection is refused: a socket bound to a port that never
/// listens. Holding the port (rather than closing a listener and hoping) means no other test
/// can be given it while this one expects refusals.
pub struct Refused {
    addr: SocketAddr,
    _socket: socket2::Socket,
}

impl Refused {
    pub fn new() -> Self {
        use socket2::{Domain, Socket, Type};
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("a socket");
        let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
        socket.bind(&any.into()).expect("bind a loopback port");
        let addr = socket
            .local_addr()
            .unwrap()
            .as_socket()
            .expect("an IP address");
        Self {
            addr,
            _socket: socket,
        }
    }

    /// A base URL pointing at the address.
    pub fn url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }
}

/// A loopback address where a TCP connection is never completed: a listener with a backlog
/// of 0 that never accepts, whose queue is already full. Linux drops the SYN of any further
/// connection (it does not refuse it), so the connecting side waits until its own timeout, as
/// behind a firewall that drops packets. Nothing is ever sent to it.
pub struct Unanswered {
    addr: SocketAddr,
    _listener: socket2::Socket,
    _queued: Vec<TcpStream>,
}

impl Unanswered {
    /// Binds the listener and fills its queue, checking that one more connection stalls.
    pub fn new() -> Self {
        use socket2::{Domain, Socket, Type};
        let listener = Socket::new(Domain::IPV4, Type::STREAM, None).expect("a socket");
        let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
        listener.bind(&any.into()).expect("bind a loopback port");
        listener.listen(0).expect("listen");
        let addr = listener
            .local_addr()
            .unwrap()
            .as_socket()
            .expect("an IP address");
        let mut queued = Vec::new();
        // A backlog of 0 holds one connection on Linux; stop at the first that stalls.
        for _ in 0..64 {
            match TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
                Ok(stream) => queued.push(stream),
                Err(e) if e.kind() == ErrorKind::TimedOut => {
                    return Self {
                        addr,
                        _listener: listener,
                        _queued: queued,
                    };
                }
                Err(e) => panic!("filling the listen queue failed: {e}"),
            }
        }
        panic!("64 connections completed on a backlog of 0: this system never stalls a connect");
    }

    /// A base URL pointing at the address.
    pub fn url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }
}
