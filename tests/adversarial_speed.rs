//! Attacks on what the speed work for issue 12 promised: the `Host` header both clients send,
//! `date-time` decoding as chrono's, the pooled-connection check that now skips a probe (plain
//! TCP and TLS, after any number of calls), the async client's yield on every kind of tokio
//! runtime, and the headers `with_header` lets through.

mod common;

use std::io::{ErrorKind, Read as _, Write as _};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use common::raw_server::{RawServer, response};
use common::*;
use lomi::Error;

/// How often the servers here look at their stop flag and their commands.
const POLL: Duration = Duration::from_millis(5);

// ---------------------------------------------------------------------------------------------
// The `Host` header.

/// An IPv6 literal can be spelt many ways (`::ffff:127.0.0.1`, `0:0:0:0:0:ffff:7f00:1`, upper
/// case…). The async client's URL parser writes it one way (WHATWG: compressed, lower-case
/// hex, no dotted quad), so the blocking client must too, or the two clients of one
/// configuration name the server differently.
#[cfg(feature = "async")]
#[test]
fn both_clients_send_one_host_for_an_ipv6_literal_however_it_is_spelt() {
    let link = operation("retrieve_payment_link");
    for spelling in [
        "::ffff:127.0.0.1",
        "0:0:0:0:0:ffff:7f00:1",
        "::FFFF:7F00:1",
        "0000:0000:0000:0000:0000:ffff:127.0.0.1",
    ] {
        let mut hosts = Vec::new();
        for_each_kind(|kind| {
            let server = RawServer::start(vec![link.reply()]);
            let base = format!("http://[{spelling}]:{}/v1", server.port());
            let client = kind.client(server.builder().base_url(base).allow_insecure_http(true));
            link.call(&client).unwrap();
            let sent = server.sent();
            let host = sent[0].header("host").expect("a Host header");
            // Each kind had a server of its own: the port is that server's.
            let port = format!(":{}", server.port());
            hosts.push(host.strip_suffix(&port).expect("the port").to_owned());
        });
        assert_eq!(hosts[0], hosts[1], "{spelling}: blocking, then async");
        assert_eq!(hosts[0], "[::ffff:7f00:1]", "{spelling}");
    }
}

// ---------------------------------------------------------------------------------------------
// `date-time` fields.

/// A struct also decodes from a JSON array of its fields in order. A `date-time` field now has
/// `#[serde(default)]` (so that an absent one stays `None` under `deserialize_with`), which
/// also lets an array stop short before it: `CheckoutSession` from an array missing its last
/// field (`updated_at`) was refused by chrono's derive and is accepted now.
#[test]
#[ignore = "inherent to deserialize_with (it needs `default` for an absent field to stay None); \
            only a JSON array, which lomi. never sends, shows it"]
fn a_checkout_session_from_a_json_array_needs_every_field_as_before() {
    use lomi::types::CheckoutSession;
    // The derive's own message gives the number of fields.
    let e = serde_json::from_str::<CheckoutSession>(r#"["cs_1"]"#).unwrap_err();
    let fields: usize = e
        .to_string()
        .split("with ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no field count in {e}"));
    let mut items = vec![r#""cs_1""#; 1];
    items.resize(fields - 1, "null");
    let short = format!("[{}]", items.join(","));
    let decoded = serde_json::from_str::<CheckoutSession>(&short);
    assert!(
        decoded.is_err(),
        "{} of {fields} fields were enough: {decoded:?}",
        fields - 1
    );
}

/// The decode error for a bad `date-time` names its path and chrono's words, as before.
#[test]
fn a_bad_date_time_in_a_body_is_a_decode_error_naming_its_field_in_chrono_s_words() {
    let body = r#"{"checkout_session_id":"cs_1","created_at":"2025-02-29T00:00:00Z"}"#;
    let chrono = "2025-02-29T00:00:00Z"
        .parse::<chrono::DateTime<chrono::Utc>>()
        .unwrap_err()
        .to_string();
    for_each_kind(|kind| {
        let server = RawServer::start(vec![common::raw_server::Action::json(200, body)]);
        let client = kind.client(server.builder());
        let e = expect_decode(operation("retrieve_checkout_session").call(&client));
        assert_eq!(e.path(), "created_at", "{e}");
        assert!(e.to_string().contains(&chrono), "{e} / {chrono}");
    });
}

// ---------------------------------------------------------------------------------------------
// The pooled-connection check, on plain TCP.

/// What a server does to a kept-alive connection once it has sat idle in the client's pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Closes it (FIN).
    Close,
    /// Resets it (RST).
    Reset,
    /// Writes bytes nobody asked for, and keeps it open.
    Stray,
}

/// A keep-alive server on 127.0.0.1 answering `retrieve_checkout_session` and
/// `create_checkout_session` with their fixtures; on command, it does a [`Fault`] to the
/// connection that is open, and records any request that still arrives there afterwards.
struct FaultyServer {
    port: u16,
    stop: Arc<AtomicBool>,
    connections: Arc<AtomicUsize>,
    /// (connection number, method) of every request read.
    requests: Arc<Mutex<Vec<(usize, String)>>>,
    /// Requests that arrived on a connection after its fault.
    late: Arc<AtomicUsize>,
    faults: mpsc::Sender<(Fault, mpsc::Sender<()>)>,
}

/// Accepts connections on the non-blocking `listener`, in a thread of its own, handing each to
/// `serve`, until `stopped` says so (looked at every [`POLL`]).
fn accept_until(
    listener: TcpListener,
    stopped: impl Fn() -> bool + Send + 'static,
    mut serve: impl FnMut(TcpStream) + Send + 'static,
) {
    thread::spawn(move || {
        while !stopped() {
            match listener.accept() {
                Ok((stream, _)) => serve(stream),
                Err(e) if e.kind() == ErrorKind::WouldBlock => thread::sleep(POLL),
                Err(_) => return,
            }
        }
    });
}

impl FaultyServer {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let late = Arc::new(AtomicUsize::new(0));
        let (faults, commands) = mpsc::channel::<(Fault, mpsc::Sender<()>)>();
        let commands = Arc::new(Mutex::new(commands));
        let (s, c, r, l) = (
            Arc::clone(&stop),
            Arc::clone(&connections),
            Arc::clone(&requests),
            Arc::clone(&late),
        );
        let stopped = Arc::clone(&s);
        accept_until(
            listener,
            move || stopped.load(Ordering::SeqCst),
            move |stream| {
                let n = c.fetch_add(1, Ordering::SeqCst);
                let (s, r, l, commands) = (
                    Arc::clone(&s),
                    Arc::clone(&r),
                    Arc::clone(&l),
                    Arc::clone(&commands),
                );
                thread::spawn(move || serve_faulty(stream, n, &s, &r, &l, &commands));
            },
        );
        Self {
            port,
            stop,
            connections,
            requests,
            late,
            faults,
        }
    }

    fn builder(&self) -> lomi::ClientBuilder {
        lomi::Client::builder(KEY)
            .base_url(format!("http://127.0.0.1:{}/v1", self.port))
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(10))
    }

    /// Does `fault` to the open connection; returns once it is done.
    fn fault(&self, fault: Fault) {
        let (done, wait) = mpsc::channel();
        self.faults.send((fault, done)).unwrap();
        wait.recv_timeout(BOUND).expect("the server did the fault");
        // What the server did reaches the client's socket at once on loopback; a moment more
        // does not hurt.
        thread::sleep(Duration::from_millis(20));
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    fn requests(&self) -> Vec<(usize, String)> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for FaultyServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// One request's head and `Content-Length` body from `buffer`, if it holds a whole one.
fn take_request(buffer: &mut Vec<u8>) -> Option<Vec<u8>> {
    let end = buffer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse::<usize>().unwrap());
    if buffer.len() < end + length {
        return None;
    }
    Some(buffer.drain(..end + length).collect())
}

/// The answer to `request`: a checkout session, 201 for a POST.
fn answer(request: &[u8]) -> (String, Vec<u8>) {
    let method =
        String::from_utf8_lossy(&request[..request.iter().position(|&b| b == b' ').unwrap()])
            .into_owned();
    let op = operation(if method == "POST" {
        "create_checkout_session"
    } else {
        "retrieve_checkout_session"
    });
    let body = op.fixture_body();
    let bytes = response(
        op.status,
        &[("content-type", "application/json")],
        body.as_bytes(),
        true,
    );
    (method, bytes)
}

fn serve_faulty(
    mut stream: TcpStream,
    connection: usize,
    stop: &AtomicBool,
    requests: &Mutex<Vec<(usize, String)>>,
    late: &AtomicUsize,
    commands: &Mutex<mpsc::Receiver<(Fault, mpsc::Sender<()>)>>,
) {
    stream.set_read_timeout(Some(POLL)).unwrap();
    stream.set_nodelay(true).unwrap();
    let mut buffer = Vec::new();
    let mut faulted = false;
    let mut chunk = [0; 4096];
    while !stop.load(Ordering::SeqCst) {
        while let Some(request) = take_request(&mut buffer) {
            let (method, bytes) = answer(&request);
            requests.lock().unwrap().push((connection, method));
            if faulted {
                late.fetch_add(1, Ordering::SeqCst);
                // Whatever it was, it can't be answered: the client sees a broken exchange.
                return;
            }
            let _ = stream.write_all(&bytes);
        }
        if !faulted {
            let command = commands.lock().unwrap().try_recv();
            if let Ok((fault, done)) = command {
                faulted = true;
                match fault {
                    Fault::Close => {
                        let _ = stream.shutdown(Shutdown::Both);
                        let _ = done.send(());
                        return;
                    }
                    Fault::Reset => {
                        let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
                        drop(stream);
                        let _ = done.send(());
                        return;
                    }
                    Fault::Stray => {
                        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}");
                        let _ = done.send(());
                    }
                }
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
}

/// After 1, 2, 3 or 4 calls on one kept-alive connection, the server closes, resets or writes
/// stray bytes on it while it sits in the pool. The create that follows must go out once, on
/// a new connection, and succeed: never on the spoilt one (where it would fail after it may
/// have been sent, or read the stray bytes as its answer).
#[test]
fn a_create_never_goes_out_on_a_connection_spoilt_while_idle_after_any_number_of_calls() {
    for fault in [Fault::Close, Fault::Reset, Fault::Stray] {
        for calls in 1..=4 {
            for_each_kind(|kind| {
                let what = format!("{kind:?}, {fault:?} after {calls} calls");
                let server = FaultyServer::start();
                let client = kind.client(server.builder());
                for _ in 0..calls {
                    let result = operation("retrieve_checkout_session").call(&client);
                    assert!(result.is_ok(), "{what}: {result:?}");
                }
                assert_eq!(server.connections(), 1, "{what}");
                server.fault(fault);
                let result = operation("create_checkout_session").call(&client);
                assert!(result.is_ok(), "{what}: {result:?}");
                assert_eq!(server.late.load(Ordering::SeqCst), 0, "{what}");
                let requests = server.requests();
                assert_eq!(requests.len(), calls + 1, "{what}: {requests:?}");
                assert_eq!(requests[calls], (1, "POST".to_owned()), "{what}");
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The async client's yield, on every kind of runtime.

/// The stale-connection case on a multi-thread runtime driven by `block_on` per call, and on a
/// current-thread runtime inside a `LocalSet`: the create after the server closed the idle
/// connection goes out on a new one.
#[cfg(feature = "async")]
#[test]
fn the_async_client_skips_a_connection_closed_while_idle_on_every_runtime() {
    use std::future::Future;
    use std::pin::Pin;

    type Run = Box<dyn Fn(Pin<Box<dyn Future<Output = bool> + '_>>) -> bool>;
    let runtimes: Vec<(&str, Run)> = vec![
        ("multi-thread, block_on per call", {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            Box::new(move |f| rt.block_on(f))
        }),
        ("current-thread inside a LocalSet", {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            Box::new(move |f| tokio::task::LocalSet::new().block_on(&rt, f))
        }),
    ];
    for (name, run) in &runtimes {
        for calls in 1..=3 {
            let what = format!("{name}, close after {calls} calls");
            let server = FaultyServer::start();
            let client = server.builder().build_async().unwrap();
            for _ in 0..calls {
                let ok = run(Box::pin(async {
                    client.retrieve_checkout_session(SESSION_ID).await.is_ok()
                }));
                assert!(ok, "{what}");
            }
            server.fault(Fault::Close);
            let ok = run(Box::pin(async {
                client
                    .create_checkout_session(&create_session_body())
                    .await
                    .is_ok()
            }));
            assert!(ok, "{what}: {:?}", server.requests());
            let requests = server.requests();
            assert_eq!(requests[calls], (1, "POST".to_owned()), "{what}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The pooled-connection check, on TLS.

mod tls {
    use super::*;

    /// A test CA's PEM, and a server configuration for `localhost` and `api.lomi.test` it
    /// signed.
    fn pki() -> (String, Arc<rustls::ServerConfig>) {
        let pki = common::tls::pki(&["localhost", "api.lomi.test"]);
        (pki.ca_pem, pki.server)
    }

    /// An https server on 127.0.0.1 answering every request; with `close_first`, its first
    /// connection answers its first request and ends the TLS session at once (`close_notify`
    /// in the same write as the answer), then keeps the TCP connection open a while, as a
    /// server whose socket close lags its TLS close.
    struct TlsServer {
        port: u16,
        state: Arc<TlsState>,
    }

    #[derive(Default)]
    struct TlsState {
        close_first: bool,
        stop: AtomicBool,
        connections: AtomicUsize,
        /// (connection number, method) of every request read.
        requests: Mutex<Vec<(usize, String)>>,
        /// Every `Host` value of every request, in order (a request with two shows two).
        hosts: Mutex<Vec<String>>,
        /// Request bytes that arrived on a TLS session after its `close_notify`.
        late: AtomicUsize,
    }

    impl TlsServer {
        fn start(config: Arc<rustls::ServerConfig>, close_first: bool) -> Self {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.set_nonblocking(true).unwrap();
            let port = listener.local_addr().unwrap().port();
            let state = Arc::new(TlsState {
                close_first,
                ..TlsState::default()
            });
            let (shared, stopped) = (Arc::clone(&state), Arc::clone(&state));
            let stopped = move || stopped.stop.load(Ordering::SeqCst);
            accept_until(listener, stopped, move |stream| {
                let n = shared.connections.fetch_add(1, Ordering::SeqCst);
                let (config, shared) = (Arc::clone(&config), Arc::clone(&shared));
                thread::spawn(move || serve_tls(stream, config, n, &shared));
            });
            Self { port, state }
        }
    }

    impl Drop for TlsServer {
        fn drop(&mut self) {
            self.state.stop.store(true, Ordering::SeqCst);
        }
    }

    fn serve_tls(
        stream: TcpStream,
        config: Arc<rustls::ServerConfig>,
        connection: usize,
        state: &TlsState,
    ) {
        stream.set_nonblocking(false).unwrap();
        stream.set_read_timeout(Some(POLL)).unwrap();
        stream.set_nodelay(true).unwrap();
        let mut tls =
            rustls::StreamOwned::new(rustls::ServerConnection::new(config).unwrap(), stream);
        let mut buffer = Vec::new();
        let mut chunk = [0; 4096];
        while !state.stop.load(Ordering::SeqCst) {
            while let Some(request) = take_request(&mut buffer) {
                let (method, bytes) = answer(&request);
                state.requests.lock().unwrap().push((connection, method));
                let head = String::from_utf8_lossy(&request).into_owned();
                state
                    .hosts
                    .lock()
                    .unwrap()
                    .extend(head.lines().filter_map(|l| {
                        let (name, value) = l.split_once(':')?;
                        name.eq_ignore_ascii_case("host")
                            .then(|| value.trim().to_owned())
                    }));
                tls.conn.writer().write_all(&bytes).unwrap();
                let closing = state.close_first && connection == 0;
                if closing {
                    tls.conn.send_close_notify();
                }
                while tls.conn.wants_write() {
                    if tls.conn.write_tls(&mut tls.sock).is_err() {
                        return;
                    }
                }
                if closing {
                    // The session is over: any request data that still comes was sent on it (the
                    // client's own `close_notify` carries none).
                    while !state.stop.load(Ordering::SeqCst) {
                        match tls.conn.read_tls(&mut tls.sock) {
                            Ok(0) => return,
                            Ok(_) => {}
                            Err(e)
                                if matches!(
                                    e.kind(),
                                    ErrorKind::WouldBlock | ErrorKind::TimedOut
                                ) =>
                            {
                                continue;
                            }
                            Err(_) => return,
                        }
                        if tls.conn.process_new_packets().is_err() {
                            return;
                        }
                        if let Ok(n @ 1..) = tls.conn.reader().read(&mut chunk) {
                            state.late.fetch_add(n, Ordering::SeqCst);
                            let _ = tls.sock.shutdown(Shutdown::Both);
                            return;
                        }
                    }
                    return;
                }
            }
            match tls.read(&mut chunk) {
                Ok(0) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(_) => return,
            }
        }
    }

    /// A CONNECT proxy on 127.0.0.1 that records each CONNECT head and tunnels the bytes.
    struct Proxy {
        port: u16,
        heads: Arc<Mutex<Vec<String>>>,
    }

    impl Proxy {
        fn start() -> Self {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            let heads = Arc::new(Mutex::new(Vec::new()));
            let recorded = Arc::clone(&heads);
            thread::spawn(move || {
                for client in listener.incoming() {
                    let Ok(mut client) = client else { return };
                    let recorded = Arc::clone(&recorded);
                    thread::spawn(move || {
                        let mut head = Vec::new();
                        let mut byte = [0];
                        while !head.ends_with(b"\r\n\r\n") {
                            if client.read(&mut byte).unwrap_or(0) == 0 {
                                return;
                            }
                            head.push(byte[0]);
                        }
                        let head = String::from_utf8_lossy(&head).into_owned();
                        let target = head.split(' ').nth(1).unwrap_or_default().to_owned();
                        recorded.lock().unwrap().push(head);
                        // Every host is this machine: the name needs no lookup.
                        let port = target.rsplit(':').next().unwrap_or_default();
                        let Ok(server) = TcpStream::connect(format!("127.0.0.1:{port}")) else {
                            return;
                        };
                        let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                        let (mut up, mut down) =
                            (client.try_clone().unwrap(), server.try_clone().unwrap());
                        let (mut client, mut server) = (client, server);
                        thread::spawn(move || {
                            let _ = std::io::copy(&mut up, &mut server);
                            let _ = server.shutdown(Shutdown::Write);
                        });
                        let _ = std::io::copy(&mut down, &mut client);
                        let _ = client.shutdown(Shutdown::Write);
                    });
                }
            });
            Self { port, heads }
        }
    }

    /// Through a CONNECT proxy, the request inside the tunnel names the server once, as the
    /// base URL does (in lower case), and both clients send the same `Host`. (A loopback base
    /// URL never goes through a proxy, so the host here is a name only the proxy resolves.)
    #[test]
    fn through_a_connect_proxy_both_clients_send_one_host_inside_the_tunnel() {
        let (ca, config) = pki();
        let mut inner = Vec::new();
        for_each_kind(|kind| {
            let server = TlsServer::start(Arc::clone(&config), false);
            let proxy = Proxy::start();
            let builder = lomi::Client::builder(KEY)
                .base_url(format!("https://API.Lomi.test:{}/v1", server.port))
                .root_certificates(&ca)
                .proxy(format!("http://127.0.0.1:{}", proxy.port))
                .timeout(Duration::from_secs(10));
            let client = kind.client(builder);
            for _ in 0..2 {
                let result = operation("retrieve_checkout_session").call(&client);
                assert!(result.is_ok(), "{kind:?}: {result:?}");
            }
            let hosts = server.state.hosts.lock().unwrap().clone();
            let expected = format!("api.lomi.test:{}", server.port);
            assert_eq!(
                hosts,
                [expected.clone(), expected.clone()],
                "{kind:?}: one Host per request"
            );
            let heads = proxy.heads.lock().unwrap().clone();
            assert_eq!(
                heads.len(),
                1,
                "{kind:?}: one tunnel for both calls: {heads:?}"
            );
            assert!(
                heads[0]
                    .to_lowercase()
                    .starts_with(&format!("connect {expected} ")),
                "{kind:?}: {heads:?}"
            );
            assert!(!heads[0].contains(KEY), "{kind:?}: the proxy saw the key");
            // Each kind had a server of its own: compare without its port.
            inner.push(hosts[0].rsplit_once(':').unwrap().0.to_owned());
        });
        assert!(inner.windows(2).all(|w| w[0] == w[1]), "{inner:?}");
    }

    /// The server ends the TLS session with `close_notify` right after its answer, and closes
    /// the TCP connection only later. The client has read the `close_notify` with the answer,
    /// so it knows the session is over; a create sent on it anyway goes nowhere (the server
    /// will not answer on a closed session) after it may have been sent.
    #[test]
    #[ignore = "ureq's RustlsTransport::is_open only asks the TCP socket, and a close_notify read \
                with the answer leaves nothing there; fixing it means a TLS transport of our own"]
    fn a_create_never_goes_out_on_a_tls_session_the_server_ended() {
        let (ca, config) = pki();
        for &kind in Kind::ALL.iter().rev() {
            let server = TlsServer::start(Arc::clone(&config), true);
            let builder = lomi::Client::builder(KEY)
                .base_url(format!("https://localhost:{}/v1", server.port))
                .root_certificates(&ca)
                .no_proxy()
                .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
                .timeout(Duration::from_secs(10));
            let client = kind.client(builder);
            let result = operation("retrieve_checkout_session").call(&client);
            assert!(result.is_ok(), "{kind:?}: {result:?}");
            let result = operation("create_checkout_session").call(&client);
            let requests = server.state.requests.lock().unwrap().clone();
            assert_eq!(
                server.state.late.load(Ordering::SeqCst),
                0,
                "{kind:?}: the create went out on the ended session ({result:?}, {requests:?})"
            );
            assert!(result.is_ok(), "{kind:?}: {result:?}");
            assert_eq!(
                server.state.connections.load(Ordering::SeqCst),
                2,
                "{kind:?}"
            );
            assert_eq!(requests[1], (1, "POST".to_owned()), "{kind:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// `with_header`.

/// Headers that change how the answer the client must decode is encoded or how much of it
/// comes (`Accept-Encoding`: neither client decompresses; `Range`/`If-Range`: a `206` with
/// part of a body is a success to decode), how the body the client frames is read
/// (`Content-Encoding`), or that can never reach the party they are meant for
/// (`Proxy-Authorization` travels inside the CONNECT tunnel, to lomi., never to the proxy).
#[test]
fn with_header_refuses_headers_about_the_encoding_and_extent_of_bodies() {
    let client = lomi::Client::new(KEY).unwrap();
    for name in [
        "Accept-Encoding",
        "accept-encoding",
        "Content-Encoding",
        "Range",
        "If-Range",
        "Proxy-Authorization",
    ] {
        let result = client.with_header(name, "gzip");
        let e = match result {
            Err(e) => e,
            Ok(_) => panic!("`{name}` was accepted"),
        };
        assert!(matches!(e, Error::InvalidRequest(_)), "{name}: {e:?}");
        assert!(
            e.to_string().to_lowercase().contains(&name.to_lowercase()),
            "{e}"
        );
    }
    // Headers about the request itself stay allowed.
    for name in ["Authorization", "Cookie", "X-Request-Id", "If-None-Match"] {
        assert!(client.with_header(name, "v").is_ok(), "{name}");
    }
}

/// A server answering `Accept-Encoding: gzip` with a gzip body: the success cannot be decoded.
/// Shown for the record of why the header is refused: this is what a caller would get.
#[test]
fn a_compressed_answer_is_a_decode_error_for_both_clients() {
    // A gzip member's magic bytes, then junk: what a compressed JSON body looks like to a client
    // that does not decompress.
    let gzip: &[u8] = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\x56\x4a\xce\x2c\x56";
    for_each_kind(|kind| {
        let server = RawServer::start(vec![common::raw_server::Action::respond(
            200,
            &[
                ("content-type", "application/json"),
                ("content-encoding", "gzip"),
            ],
            gzip,
        )]);
        let client = kind.client(server.builder());
        let e = expect_decode(operation("retrieve_checkout_session").call(&client));
        assert_eq!(e.status(), 200, "{e}");
    });
}
