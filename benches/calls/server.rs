//! The loopback server, in this process or in another (this binary again).

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// The loopback server.

pub(crate) struct Route {
    /// `METHOD TARGET HTTP/1.1\r\n`
    pub(crate) request_line: Vec<u8>,
    pub(crate) response: Vec<u8>,
}

pub(crate) struct Server {
    pub(crate) port: u16,
    pub(crate) accepted: Arc<AtomicUsize>,
    /// Request heads and bodies as received, when recording.
    pub(crate) recorded: Arc<Mutex<Option<Vec<String>>>>,
}

impl Server {
    pub(crate) fn start(routes: Vec<Route>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("a local address").port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let recorded = Arc::new(Mutex::new(None));
        let routes = Arc::new(routes);
        let (count, record) = (Arc::clone(&accepted), Arc::clone(&recorded));
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                count.fetch_add(1, Ordering::SeqCst);
                let (routes, record) = (Arc::clone(&routes), Arc::clone(&record));
                thread::spawn(move || serve(stream, &routes, &record));
            }
        });
        Self {
            port,
            accepted,
            recorded,
        }
    }

    pub(crate) fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    pub(crate) fn record(&self, on: bool) -> Vec<String> {
        let mut recorded = self.recorded.lock().expect("recording lock");
        std::mem::replace(&mut *recorded, on.then(Vec::new)).unwrap_or_default()
    }
}

/// Answers requests on one connection until the client closes it. Buffers are reused, so a
/// request costs the server a read, a lookup and one write of prepared bytes.
pub(crate) fn serve(stream: TcpStream, routes: &[Route], record: &Mutex<Option<Vec<String>>>) {
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::with_capacity(64 * 1024, read_half);
    let mut writer = stream;
    let mut head = Vec::with_capacity(4096);
    let mut body = Vec::with_capacity(4096);
    let not_found = response(404, r#"{"error":{"message":"no such route in the bench"}}"#);
    loop {
        head.clear();
        let mut content_length = 0;
        loop {
            let start = head.len();
            match reader.read_until(b'\n', &mut head) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = &head[start..];
            if line == b"\r\n" {
                break;
            }
            if let Some(value) = header_value(line, b"content-length") {
                content_length = parse_usize(value);
            }
            assert!(
                header_value(line, b"transfer-encoding").is_none(),
                "the bench server only reads Content-Length bodies"
            );
        }
        body.resize(content_length, 0);
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let line_end = head.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
        let answer = routes
            .iter()
            .find(|r| r.request_line == head[..line_end])
            .map_or(&not_found, |r| &r.response);
        if let Some(seen) = record.lock().expect("recording lock").as_mut() {
            seen.push(format!(
                "{}{}",
                String::from_utf8_lossy(&head),
                String::from_utf8_lossy(&body)
            ));
        }
        if writer.write_all(answer).is_err() {
            return;
        }
    }
}

pub(crate) fn response(status: u16, body: &str) -> Vec<u8> {
    let reason = match status {
        200 => "OK",
        201 => "Created",
        _ => "Not Found",
    };
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nx-request-id: req_bench_0123456789\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The value of `name` if `line` is that header (names compared case-insensitively).
pub(crate) fn header_value<'a>(line: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let colon = line.iter().position(|&b| b == b':')?;
    line[..colon]
        .eq_ignore_ascii_case(name)
        .then(|| line[colon + 1..].trim_ascii())
}

pub(crate) fn parse_usize(digits: &[u8]) -> usize {
    std::str::from_utf8(digits)
        .ok()
        .and_then(|s| s.parse().ok())
        .expect("a decimal length")
}

/// The three routes: one session with every field (the fixture), a page of 100 sessions built
/// from it, and the created session.
pub(crate) fn routes() -> Vec<Route> {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/fixtures/checkout_session.json"))
            .expect("the fixture is JSON");
    let one = serde_json::to_string(&fixture).expect("compact JSON");
    let data: Vec<serde_json::Value> = (0..PAGE)
        .map(|i| {
            let mut session = fixture.clone();
            session["checkout_session_id"] = format!("cs_7d1f0c2a9b8e{i:04}").into();
            session
        })
        .collect();
    let page = serde_json::json!({
        "data": data,
        "pagination": { "limit": PAGE, "offset": 0, "total": 1000 },
    })
    .to_string();
    let route = |call: Call, status, body: &str| {
        let (method, target) = call.target();
        Route {
            request_line: format!("{method} {target} HTTP/1.1\r\n").into_bytes(),
            response: response(status, body),
        }
    };
    vec![
        route(Call::Retrieve, 200, &one),
        route(Call::List, 200, &page),
        route(Call::Create, 201, &one),
    ]
}

// ---------------------------------------------------------------------------------------------
// The server in another process: this binary again, with `LOMI_BENCH_ROLE=server`.

/// Tells a child process what to do: `server`, or `count` (see [`count_role`]).
pub(crate) const ROLE: &str = "LOMI_BENCH_ROLE";

/// Serves [`routes`] on a loopback port, prints the port, and exits when stdin closes (when
/// the parent ends, however it ends).
pub(crate) fn server_role() {
    let server = Server::start(routes());
    println!("{}", server.port);
    std::io::stdout().flush().expect("flush the port");
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

pub(crate) struct ChildServer {
    pub(crate) child: Child,
    pub(crate) port: u16,
}

impl ChildServer {
    pub(crate) fn start() -> Self {
        let mut child = Command::new(std::env::current_exe().expect("this bench's path"))
            .env(ROLE, "server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the server process");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("its stdout"))
            .read_line(&mut line)
            .expect("read its port");
        let port = line.trim().parse().expect("a port number");
        Self { child, port }
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
