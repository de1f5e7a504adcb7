//! A scriptable loopback server: each connection is handed to a closure with the raw stream,
//! for answers no ordinary server gives (interim heads, trickled bytes, resets mid-body).

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::KEY;
use super::raw_server;

/// The session a scripted server's `201` carries.
pub const SESSION: &str = r#"{"checkout_session_id":"cs_real","status":"open"}"#;

pub struct Conn {
    pub stream: TcpStream,
    hits: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<Vec<u8>>>>,
    stop: Arc<AtomicBool>,
}

impl Conn {
    /// Reads one whole request (head + `Content-Length` body); counts it.
    pub fn read_request(&mut self) -> Option<Vec<u8>> {
        self.read(false)
    }

    /// Reads a request's head only (its body may still be in flight); counts it.
    pub fn read_head(&mut self) -> Option<Vec<u8>> {
        self.read(true)
    }

    pub fn read(&mut self, head_only: bool) -> Option<Vec<u8>> {
        let started = Instant::now();
        let _ = self
            .stream
            .set_read_timeout(Some(Duration::from_millis(10)));
        let mut request = Vec::new();
        let mut chunk = [0u8; 1];
        loop {
            if let Some(end) = find(&request, b"\r\n\r\n") {
                let length = raw_server::header(&request[..end], "content-length")
                    .and_then(|l| l.parse::<usize>().ok())
                    .unwrap_or(0);
                if head_only || request.len() >= end + 4 + length {
                    self.hits.fetch_add(1, Ordering::SeqCst);
                    self.requests.lock().unwrap().push(request.clone());
                    return Some(request);
                }
            }
            if self.stop.load(Ordering::SeqCst) || started.elapsed() > Duration::from_secs(10) {
                return None;
            }
            // One byte at a time: never read past the request (a head-only read must leave
            // the body unread).
            match self.stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(_) => request.push(chunk[0]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
    }

    /// Writes `bytes`; false once the client has gone.
    pub fn write(&mut self, bytes: &[u8]) -> bool {
        self.stream.write_all(bytes).is_ok() && self.stream.flush().is_ok()
    }

    /// Whether the server is stopping.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Writes `bytes` one at a time, `pause` apart.
    pub fn write_slowly(&mut self, bytes: &[u8], pause: Duration) {
        let _ = self.stream.set_nodelay(true);
        for b in bytes {
            if self.stream.write_all(&[*b]).is_err() {
                return;
            }
            std::thread::sleep(pause);
        }
    }

    /// Waits up to `d` (or until the server stops).
    pub fn stall(&self, d: Duration) {
        let until = Instant::now() + d;
        while Instant::now() < until && !self.stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn close(self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }

    pub fn reset(self) {
        let _ = socket2::SockRef::from(&self.stream).set_linger(Some(Duration::ZERO));
        drop(self.stream);
    }
}

pub struct Server {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    hits: Arc<AtomicUsize>,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<Vec<u8>>>>,
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start(handler: impl Fn(Conn) + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let hits = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler = Arc::new(handler);
        let (s, h, c, r) = (
            Arc::clone(&stop),
            Arc::clone(&hits),
            Arc::clone(&connections),
            Arc::clone(&requests),
        );
        let acceptor = std::thread::spawn(move || {
            let mut workers = Vec::new();
            while !s.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        stream.set_nonblocking(false).unwrap();
                        c.fetch_add(1, Ordering::SeqCst);
                        let conn = Conn {
                            stream,
                            hits: Arc::clone(&h),
                            requests: Arc::clone(&r),
                            stop: Arc::clone(&s),
                        };
                        let handler = Arc::clone(&handler);
                        workers.push(std::thread::spawn(move || handler(conn)));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
            for w in workers {
                let _ = w.join();
            }
        });
        Self {
            addr,
            stop,
            hits,
            connections,
            requests,
            acceptor: Some(acceptor),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// How many of the requests read were POSTs.
    pub fn posts(&self) -> usize {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.starts_with(b"POST "))
            .count()
    }

    pub fn builder(&self) -> lomi::ClientBuilder {
        lomi::Client::builder(KEY)
            .base_url(self.url())
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(10))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(a) = self.acceptor.take() {
            let _ = a.join();
        }
    }
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub fn created(keep_alive: bool) -> Vec<u8> {
    raw_server::response(
        201,
        &[("content-type", "application/json")],
        SESSION.as_bytes(),
        keep_alive,
    )
}

/// A server that answers every connection's one request with `bytes`, then closes.
pub fn answering(bytes: Vec<u8>) -> Server {
    Server::start(move |mut c| {
        if c.read_request().is_some() {
            c.write(&bytes);
            c.stall(std::time::Duration::from_millis(100));
        }
        c.close();
    })
}
