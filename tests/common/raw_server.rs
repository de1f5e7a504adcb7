//! A raw `std::net::TcpListener` server for the faults httpmock cannot make: resets, truncated
//! bodies, broken framing, stalls.
//!
//! Each request gets the next [`Action`] of a script. [`RawServer::start`] serves one request
//! per connection and stops accepting once the script is used up; [`RawServer::keep_alive`]
//! serves any number of requests per connection, asking a closure what to do with each. Either
//! way the server records every request it read, and dropping it stops every thread: no wait
//! is longer than a poll interval, and no stall outlives its duration.

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
        listener
            .set_nonblocking(true)
            .expect("a non-blocking listener");
        let addr = listener.local_addr().expect("the listener's address");
        let state = Arc::new(State {
            respond,
            keep_alive,
            stop: AtomicBool::new(false),
            connections: AtomicUsize::new(0),
            requests: Mutex::new(Vec::new()),
            workers: Mutex::new(Vec::new()),
        });
        let shared = Arc::clone(&state);
        let acceptor = std::thread::spawn(move || accept(&listener, &shared, max_connections));
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
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let workers = std::mem::take(&mut *self.state.workers.lock().unwrap());
        for worker in workers {
            let _ = worker.join();
        }
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

fn accept(listener: &TcpListener, state: &Arc<State>, max_connections: Option<usize>) {
    while !state.stop.load(Ordering::SeqCst) {
        if max_connections.is_some_and(|max| state.connections.load(Ordering::SeqCst) >= max) {
            // The script is used up: dropping the listener refuses further connections.
            return;
        }
        match listener.accept() {
            Ok((stream, _)) => {
                state.connections.fetch_add(1, Ordering::SeqCst);
                let shared = Arc::clone(state);
                let worker = std::thread::spawn(move || serve(stream, &shared));
                state.workers.lock().unwrap().push(worker);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => std::thread::sleep(POLL),
            Err(e) => panic!("accept failed: {e}"),
        }
    }
}

fn serve(mut stream: TcpStream, state: &State) {
    stream.set_nonblocking(false).expect("a blocking stream");
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

impl RawServer {
    /// A client builder for this server: fast retries, half-second timeouts.
    pub fn builder(&self) -> lomi::ClientBuilder {
        lomi::Client::builder(super::KEY)
            .base_url(self.url())
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
            .timeout(Duration::from_millis(500))
            .connect_timeout(Duration::from_millis(500))
    }

    /// A client built by [`builder`](Self::builder).
    pub fn client(&self) -> lomi::Client {
        self.builder().build().expect("a valid test client")
    }
}
