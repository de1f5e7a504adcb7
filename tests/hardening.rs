//! Issue 8, "hardening": every promise of the README and RELIABILITY.md, tried by someone who
//! wants to break it, on both clients (`lomi::Client`, and `lomi::AsyncClient` with the `async`
//! feature), through the public API only, against servers on 127.0.0.1.
//!
//! - proxies: a fake proxy counts connections and records what it reads; environment variables
//!   are set only in a child process (this test binary run again), never in this one;
//! - server text: control characters and the echoed key, in every error and in the `lomi` log;
//! - extreme durations, a user agent with CR LF, zero settings, huge ids;
//! - a late body after a 204, `Retry-After: 0`, trailing garbage, non-Unicode variables;
//! - what `is_retryable()` and `may_have_been_processed()` say, and the status and request id
//!   every error keeps.
//!
//! Time bounds are upper bounds against hangs; the one lower bound is the backoff floor that
//! `Retry-After: 0` must not shorten.

mod common;

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::thread::{JoinHandle, ThreadId};
use std::time::{Duration, Instant};

use common::raw_server::{Action, RawServer, request_line, response};
use common::{KEY, create_session_body};
use lomi::types::CheckoutSession;
use lomi::{ClientBuilder, Error, TransportErrorKind as Kind};
use proptest::prelude::*;

/// Every call here ends well within this on an idle machine; only a hang reaches it.
const BOUND: Duration = Duration::from_secs(20);
const SESSION: &str = r#"{"checkout_session_id":"cs_1","status":"open"}"#;

// ---------------------------------------------------------------------------------------------
// Both clients behind one face.

/// Which client a case runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Blocking,
    #[cfg(feature = "async")]
    Async,
}

/// Every client this build has.
const SIDES: &[Side] = &[
    Side::Blocking,
    #[cfg(feature = "async")]
    Side::Async,
];

/// A built client of either kind; the async one owns the runtime its connections live on, so
/// that its pool survives from one call to the next.
#[derive(Debug)]
enum Any {
    Blocking(lomi::Client),
    #[cfg(feature = "async")]
    Async(lomi::AsyncClient, Arc<tokio::runtime::Runtime>),
}

impl Side {
    fn build(self, builder: ClientBuilder) -> Result<Any, Error> {
        match self {
            Side::Blocking => builder.build().map(Any::Blocking),
            #[cfg(feature = "async")]
            Side::Async => {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a tokio runtime");
                builder
                    .build_async()
                    .map(|client| Any::Async(client, Arc::new(runtime)))
            }
        }
    }

    /// Builds, expecting success.
    fn client(self, builder: ClientBuilder) -> Any {
        self.build(builder)
            .unwrap_or_else(|e| panic!("{self:?}: a valid client: {e}"))
    }
}

impl Any {
    fn retrieve(&self, id: &str) -> Result<CheckoutSession, Error> {
        match self {
            Any::Blocking(c) => c.retrieve_checkout_session(id),
            #[cfg(feature = "async")]
            Any::Async(c, rt) => rt.block_on(c.retrieve_checkout_session(id)),
        }
    }

    fn create(&self) -> Result<CheckoutSession, Error> {
        let body = create_session_body();
        match self {
            Any::Blocking(c) => c.create_checkout_session(&body),
            #[cfg(feature = "async")]
            Any::Async(c, rt) => rt.block_on(c.create_checkout_session(&body)),
        }
    }

    fn delete(&self, id: &str) -> Result<(), Error> {
        match self {
            Any::Blocking(c) => c.delete_checkout_session(id),
            #[cfg(feature = "async")]
            Any::Async(c, rt) => rt.block_on(c.delete_checkout_session(id)),
        }
    }

    fn with_idempotency_key(&self, key: &str) -> Any {
        match self {
            Any::Blocking(c) => Any::Blocking(c.with_idempotency_key(key).unwrap()),
            #[cfg(feature = "async")]
            Any::Async(c, rt) => Any::Async(c.with_idempotency_key(key).unwrap(), Arc::clone(rt)),
        }
    }
}

/// Runs `call`, asserting it ends within [`BOUND`]; returns its result and how long it took.
fn timed<T>(call: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let result = call();
    let took = started.elapsed();
    assert!(took < BOUND, "the call took {took:?}");
    (result, took)
}

fn transport<T: std::fmt::Debug>(
    result: Result<T, Error>,
    kind: Kind,
) -> Box<lomi::TransportError> {
    match result {
        Err(Error::Transport(e)) if e.kind() == kind => e,
        other => panic!("expected a {kind:?} transport error, got {other:?}"),
    }
}

fn config<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::Config(message)) => message.to_string(),
        other => panic!("expected a Config error, got {other:?}"),
    }
}

/// A port nothing listens on.
fn dead_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

// ---------------------------------------------------------------------------------------------
// This binary, run again with an environment of its own.

/// Set in a child: the case it runs.
const CHILD: &str = "LOMI_HARDENING_CHILD";
/// A value the parent hands its child (a base URL, a port).
const ARG: &str = "LOMI_HARDENING_ARG";
/// Variables a child never inherits from this process.
const SCRUBBED: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "LOMI_API_KEY",
    "LOMI_BASE_URL",
];

/// The case this process runs as a child, if it is one.
fn child_case() -> Option<String> {
    std::env::var(CHILD).ok()
}

fn child_arg() -> String {
    std::env::var(ARG).expect("the parent passes an argument")
}

/// Runs test `test` of this binary in a child process, as case `case`, with `vars` set and
/// nothing else of the proxy or lomi. variables of this process; asserts that it passed.
fn run_child(test: &str, case: &str, arg: &str, vars: &[(&str, OsString)]) {
    let mut command = Command::new(std::env::current_exe().expect("this test binary"));
    command.args([test, "--exact", "--nocapture", "--test-threads=1"]);
    for name in SCRUBBED {
        command.env_remove(name);
    }
    command.env(CHILD, case).env(ARG, arg);
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command.output().expect("the test binary runs again");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "child `{test}` ({case}) failed:\n{stdout}\n{stderr}"
    );
    // It ran the test, rather than filtering it out.
    assert!(stdout.contains("1 passed"), "{stdout}");
}

// ---------------------------------------------------------------------------------------------
// A fake proxy, and a plain listener that only counts.

/// A loopback listener that counts connections and records what each one sent. As a proxy it
/// answers `CONNECT` with 200, reads the start of the TLS handshake that follows and hangs up
/// (so the handshake fails: it is a fake), and answers anything else with 502. As a plain
/// target it answers nothing and hangs up after 300 ms of silence.
struct Listener {
    addr: SocketAddr,
    state: Arc<ListenerState>,
    acceptor: Option<JoinHandle<()>>,
}

struct ListenerState {
    proxy: bool,
    stop: AtomicBool,
    received: Mutex<Vec<Vec<u8>>>,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

impl Listener {
    fn proxy() -> Self {
        Self::start(true)
    }

    fn target() -> Self {
        Self::start(false)
    }

    fn start(proxy: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(ListenerState {
            proxy,
            stop: AtomicBool::new(false),
            received: Mutex::new(Vec::new()),
            workers: Mutex::new(Vec::new()),
        });
        let shared = Arc::clone(&state);
        let acceptor = std::thread::spawn(move || {
            while !shared.stop.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let state = Arc::clone(&shared);
                        let worker = std::thread::spawn(move || {
                            let got = serve_fake(stream, state.proxy);
                            state.received.lock().unwrap().push(got);
                        });
                        shared.workers.lock().unwrap().push(worker);
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    Err(e) => panic!("accept failed: {e}"),
                }
            }
        });
        Self {
            addr,
            state,
            acceptor: Some(acceptor),
        }
    }

    /// `http://127.0.0.1:<port>`.
    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Stops accepting, waits for every connection to end, and returns what each one sent.
    fn finish(mut self) -> Vec<Vec<u8>> {
        self.stop();
        std::mem::take(&mut *self.state.received.lock().unwrap())
    }

    fn stop(&mut self) {
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

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One connection to a [`Listener`]; returns every byte it read.
fn serve_fake(mut stream: TcpStream, proxy: bool) -> Vec<u8> {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(300)));
    let mut got = Vec::new();
    read_until_quiet(&mut stream, &mut got, true);
    if proxy {
        if got.starts_with(b"CONNECT ") {
            let _ = stream.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
            read_until_quiet(&mut stream, &mut got, false);
        } else if !got.is_empty() {
            let _ = stream.write_all(
                b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            );
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
    got
}

/// Reads until the peer closes, 300 ms pass without a byte, or (with `head`) a request head
/// is complete.
fn read_until_quiet(stream: &mut TcpStream, got: &mut Vec<u8>, head: bool) {
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                got.extend_from_slice(&chunk[..n]);
                if head && contains(got, b"\r\n\r\n") {
                    return;
                }
            }
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn first_line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// A builder for a client that gives up quickly on a fake.
fn quick(base_url: &str) -> ClientBuilder {
    lomi::Client::builder(KEY)
        .base_url(base_url)
        .max_retries(0)
        .timeout(Duration::from_secs(3))
        .connect_timeout(Duration::from_secs(3))
}

// ---------------------------------------------------------------------------------------------
// 1. Proxies.

#[test]
fn an_environment_proxy_never_carries_a_loopback_call() {
    if child_case().is_some() {
        // Every proxy variable points at the fake; the loopback server must get the call.
        for &side in SIDES {
            let client = side.client(quick(&child_arg()));
            let session = client
                .retrieve("cs_1")
                .unwrap_or_else(|e| panic!("{side:?}: {e}"));
            assert_eq!(session.checkout_session_id, "cs_1");
        }
        return;
    }
    let proxy = Listener::proxy();
    let server = RawServer::keep_alive(|_, _| Action::json(200, SESSION));
    let every_variable: Vec<(&str, OsString)> = [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
    .iter()
    .map(|name| (*name, OsString::from(proxy.url())))
    .collect();
    run_child(
        "an_environment_proxy_never_carries_a_loopback_call",
        "loopback",
        &server.url(),
        &every_variable,
    );
    assert_eq!(server.hits(), SIDES.len());
    let received = proxy.finish();
    assert!(received.is_empty(), "the proxy saw {received:?}");
}

#[test]
fn an_explicit_proxy_carries_https_through_connect_and_never_sees_the_key() {
    let proxy = Listener::proxy();
    for &side in SIDES {
        let client = side.client(quick("https://api.lomi.test/v1").proxy(proxy.url()));
        // The fake proxy cannot finish the TLS handshake: the call fails, typed.
        let (result, _) = timed(|| client.retrieve("cs_1"));
        match result {
            Err(Error::Transport(e)) => assert!(
                matches!(e.kind(), Kind::Connect | Kind::Tls | Kind::Io),
                "{side:?}: {e:?}"
            ),
            other => panic!("{side:?}: expected a transport error, got {other:?}"),
        }
    }
    let received = proxy.finish();
    assert_eq!(received.len(), SIDES.len(), "one tunnel per client");
    for bytes in &received {
        assert!(
            first_line(bytes).starts_with("CONNECT api.lomi.test:443 HTTP/1.1"),
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
        assert!(!contains(bytes, KEY.as_bytes()), "the proxy read the key");
        assert!(
            !contains(bytes, b"checkout_sessions"),
            "the proxy read the path"
        );
    }
}

#[test]
fn an_explicit_proxy_is_never_used_for_plain_http() {
    let proxy = Listener::proxy();
    let with_password = format!("http://user:hunter2@{}", proxy.addr);
    for &side in SIDES {
        // A plain-http base that is not loopback would show the proxy the key: refused.
        let builder = lomi::Client::builder(KEY)
            .base_url("http://lomi-mock.internal:8080/v1")
            .allow_insecure_http(true)
            .proxy(&with_password);
        let message = config(side.build(builder));
        assert!(message.contains("proxy"), "{message}");
        assert!(!message.contains("hunter2"), "{message}");
        // A loopback base is never proxied: the call goes straight to the server.
        let server = RawServer::start(vec![Action::json(200, SESSION)]);
        let client = side.client(quick(&server.url()).proxy(proxy.url()));
        assert_eq!(client.retrieve("cs_1").unwrap().checkout_session_id, "cs_1");
        assert_eq!(server.hits(), 1);
    }
    // A proxy that is not an http(s) URL is refused at build.
    for bad in ["socks5://127.0.0.1:1080", "not a url", "http://"] {
        for &side in SIDES {
            config(side.build(quick("https://api.lomi.test/v1").proxy(bad)));
        }
    }
    assert!(proxy.finish().is_empty());
}

/// `https://0.0.0.0:<port>`: an https base URL that is not loopback by name (so proxy rules
/// apply to it) yet reaches this machine without DNS (Linux and macOS connect 0.0.0.0 to the
/// local host), where a [`Listener::target`] on `port` counts the direct connections.
fn local_https_base(port: &str) -> String {
    format!("https://0.0.0.0:{port}/v1")
}

#[test]
#[cfg(unix)]
fn no_proxy_exempts_a_host_and_https_proxy_carries_the_others() {
    if child_case().is_some() {
        for &side in SIDES {
            // Exempt by NO_PROXY: straight to the target, which fails the TLS handshake.
            let direct = side.client(quick(&local_https_base(&child_arg())));
            assert!(matches!(direct.retrieve("cs_1"), Err(Error::Transport(_))));
            // Not exempt: through HTTPS_PROXY.
            let proxied = side.client(quick("https://api.lomi.test/v1"));
            assert!(matches!(proxied.retrieve("cs_1"), Err(Error::Transport(_))));
        }
        return;
    }
    let proxy = Listener::proxy();
    let target = Listener::target();
    // Spaces after commas, a port on the entry, other case elsewhere: as people write it.
    let no_proxy = format!("Internal.Example, 0.0.0.0:{} ,.corp", target.port());
    run_child(
        "no_proxy_exempts_a_host_and_https_proxy_carries_the_others",
        "no_proxy",
        &target.port().to_string(),
        &[
            ("HTTPS_PROXY", proxy.url().into()),
            ("NO_PROXY", no_proxy.into()),
        ],
    );
    assert_eq!(target.finish().len(), SIDES.len(), "direct connections");
    let through_proxy = proxy.finish();
    assert_eq!(through_proxy.len(), SIDES.len());
    for bytes in &through_proxy {
        assert!(first_line(bytes).starts_with("CONNECT api.lomi.test:443 "));
        assert!(!contains(bytes, KEY.as_bytes()));
    }
}

#[test]
#[cfg(unix)]
fn a_plain_http_proxy_variable_is_not_used_for_https() {
    if child_case().is_some() {
        for &side in SIDES {
            let client = side.client(quick(&local_https_base(&child_arg())));
            assert!(matches!(client.retrieve("cs_1"), Err(Error::Transport(_))));
        }
        return;
    }
    let proxy = Listener::proxy();
    let target = Listener::target();
    run_child(
        "a_plain_http_proxy_variable_is_not_used_for_https",
        "http_proxy",
        &target.port().to_string(),
        &[
            ("HTTP_PROXY", proxy.url().into()),
            ("http_proxy", proxy.url().into()),
        ],
    );
    assert_eq!(target.finish().len(), SIDES.len());
    assert!(proxy.finish().is_empty());
}

#[test]
#[cfg(unix)]
fn the_no_proxy_setting_ignores_the_environment() {
    if let Some(case) = child_case() {
        for &side in SIDES {
            let base = local_https_base(&child_arg());
            let builder = match case.as_str() {
                "off" => quick(&base).no_proxy(),
                // The last word wins: `no_proxy()` after `proxy()` turns it off.
                "explicit then off" => quick(&base).proxy("http://127.0.0.1:9").no_proxy(),
                other => panic!("unknown case {other}"),
            };
            let client = side.client(builder);
            assert!(matches!(client.retrieve("cs_1"), Err(Error::Transport(_))));
        }
        return;
    }
    for case in ["off", "explicit then off"] {
        let proxy = Listener::proxy();
        let target = Listener::target();
        run_child(
            "the_no_proxy_setting_ignores_the_environment",
            case,
            &target.port().to_string(),
            &[
                ("HTTPS_PROXY", proxy.url().into()),
                ("ALL_PROXY", proxy.url().into()),
                ("all_proxy", proxy.url().into()),
            ],
        );
        assert_eq!(target.finish().len(), SIDES.len(), "{case}");
        assert!(proxy.finish().is_empty(), "{case}");
    }
}

#[test]
#[cfg(unix)]
fn a_bad_proxy_variable_is_a_config_error_naming_it() {
    if let Some(case) = child_case() {
        for &side in SIDES {
            let message = config(side.build(quick("https://api.lomi.test/v1")));
            assert!(message.contains(&case), "{message}");
            // A loopback base never looks at the proxy variables.
            assert!(side.build(quick("http://127.0.0.1:9/v1")).is_ok());
        }
        return;
    }
    use std::os::unix::ffi::OsStringExt as _;
    run_child(
        "a_bad_proxy_variable_is_a_config_error_naming_it",
        "HTTPS_PROXY",
        "",
        &[("HTTPS_PROXY", "socks5://proxy.internal:1080".into())],
    );
    run_child(
        "a_bad_proxy_variable_is_a_config_error_naming_it",
        "ALL_PROXY",
        "",
        &[(
            "ALL_PROXY",
            OsString::from_vec(b"http://\xff\xfe:3128".to_vec()),
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Server text: control characters and the echoed key, in errors and in the `lomi` log.

/// Records `lomi` log lines with the thread that logged them, so that each test reads its own.
struct LomiLog(Mutex<Vec<(ThreadId, String)>>);

impl log::Log for LomiLog {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("lomi")
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let line = format!("{} {} {}", record.level(), record.target(), record.args());
            self.0
                .lock()
                .unwrap()
                .push((std::thread::current().id(), line));
        }
    }

    fn flush(&self) {}
}

static LOMI_LOG: LomiLog = LomiLog(Mutex::new(Vec::new()));

/// Runs `f`, returning what it returned and the `lomi` log lines this thread wrote meanwhile
/// (a current-thread runtime polls the async client on this thread too).
fn with_lomi_log<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        log::set_logger(&LOMI_LOG).expect("the only logger of this binary");
        log::set_max_level(log::LevelFilter::Debug);
    });
    let me = std::thread::current().id();
    let before = LOMI_LOG.0.lock().unwrap().len();
    let out = f();
    let lines = LOMI_LOG.0.lock().unwrap()[before..]
        .iter()
        .filter(|(thread, _)| *thread == me)
        .map(|(_, line)| line.clone())
        .collect();
    (out, lines)
}

fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

#[test]
fn control_characters_from_the_server_are_escaped() {
    // JSON escapes turn into raw control characters once parsed; the HTML page has them raw.
    let json = "{\"error\":{\"code\":\"E\\u001b[31m\\u0000\\u0007\",\
                \"message\":\"bad key\\r\\nINFO lomi forged line\\u001b[2J\"}}";
    let html = b"<html>\x1b[2J\r\nERROR forged\x00\x07</html>".to_vec();
    for &side in SIDES {
        let server = RawServer::start(vec![
            Action::json(401, json),
            Action::respond(500, &[("content-type", "text/html")], &html),
        ]);
        let client = side.client(server.builder());
        let (results, lines) = with_lomi_log(|| [client.retrieve("cs_1"), client.create()]);
        for result in results {
            let e = result.unwrap_err();
            let shown = e.to_string();
            assert!(!has_control(&shown), "{side:?}: {shown:?}");
            assert!(
                shown.contains("\\u{1b}"),
                "{side:?}: escaped, not dropped: {shown}"
            );
        }
        assert!(lines.len() >= 2, "{side:?}: {lines:?}");
        for line in &lines {
            assert!(!has_control(line), "{side:?}: {line:?}");
        }
        assert!(
            lines.iter().any(|l| l.contains("\\u{1b}[31m")),
            "{side:?}: the code is in the log, escaped: {lines:?}"
        );
    }
}

/// Whether `text` shows the key, or any piece of it longer than `lomi_sk` (a cut can fall
/// inside the key).
fn shows_key(text: &str) -> bool {
    text.contains(&KEY[..8])
}

/// Everything a caller can read from an error.
fn everything(e: &Error) -> String {
    let mut all = format!("{e} | {e:?} | {:?}", e.request_id());
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        all.push_str(&format!(" | {s} | {s:?}"));
        source = s.source();
    }
    match e {
        Error::Api(api) => all.push_str(&format!(
            " | {} | {:?} | {} | {:?} | {:?}",
            api.message(),
            api.code(),
            api.body(),
            api.details(),
            api.request_id()
        )),
        Error::Transport(t) => {
            all.push_str(&format!(" | {:?} | {:?}", t.location(), t.request_id()))
        }
        Error::Decode(d) => all.push_str(&format!(
            " | {} | {} | {:?}",
            d.path(),
            d.snippet(),
            d.request_id()
        )),
        _ => {}
    }
    all
}

#[test]
fn the_key_echoed_by_a_server_appears_nowhere() {
    let echo_id = format!("req-{KEY}");
    let id_header = [("x-request-id", echo_id.as_str())];
    let error_json = format!(
        r#"{{"error":{{"code":"{KEY}","message":"bad key {KEY}","details":{{"{KEY}":["{KEY}"]}}}}}}"#
    );
    // serde quotes a value it refuses: the key in a boolean field.
    let bad_success = format!(r#"{{"checkout_session_id":"cs_1","allow_coupon_code":"{KEY}"}}"#);
    let location = format!("https://evil.example/?k={KEY}");
    // A key cut by the 500-byte quote of a non-JSON body, or by the error-body limit (1000),
    // anywhere inside it.
    let cut = |at: usize, len: usize| {
        let mut body = "x".repeat(at - len);
        body.push_str(KEY);
        body.push_str(&"y".repeat(100));
        body
    };
    for &side in SIDES {
        let mut script = vec![
            Action::respond(401, &id_header, &error_json),
            Action::respond(200, &id_header, &bad_success),
            Action::respond(200, &id_header, format!("<html>{KEY}</html>")),
            Action::respond(302, &[("location", location.as_str()), id_header[0]], ""),
        ];
        for keep in [3, 8, 9, KEY.len() - 1] {
            script.push(Action::respond(500, &id_header, cut(500, keep)));
            script.push(Action::respond(500, &id_header, cut(1000, keep)));
        }
        let calls = script.len();
        let server = RawServer::start(script);
        let client = side.client(server.builder().max_retries(0).error_body_limit(1000));
        let (errors, lines) = with_lomi_log(|| {
            (0..calls)
                .map(|_| client.retrieve("cs_1").unwrap_err())
                .collect::<Vec<_>>()
        });
        assert_eq!(server.hits(), calls);
        for e in &errors {
            let all = everything(e);
            assert!(!shows_key(&all), "{side:?}: {all}");
            assert_eq!(e.request_id(), Some("req-<redacted>"), "{side:?}");
        }
        assert!(matches!(&errors[1], Error::Decode(_)));
        assert!(matches!(&errors[3], Error::Transport(t) if t.kind() == Kind::Redirect));
        // One line per call from the client's own target; with the `tracing` feature, a
        // build whose `tracing` forwards to `log` (Cargo unifies its `log` feature) also writes
        // each call's span under `lomi::trace`: checked for the key below, not counted.
        let own = lines.iter().filter(|l| l.split(' ').nth(1) == Some("lomi"));
        assert_eq!(own.count(), calls, "{side:?}: {lines:?}");
        for line in &lines {
            assert!(!shows_key(line), "{side:?}: {line}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Extreme durations.

const YEAR: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// The durations most likely to overflow something.
const EDGES: [Duration; 10] = [
    Duration::ZERO,
    Duration::from_nanos(1),
    Duration::from_millis(1),
    YEAR.saturating_sub(Duration::from_nanos(1)),
    YEAR,
    YEAR.saturating_add(Duration::from_nanos(1)),
    Duration::from_secs(u64::MAX / 2),
    Duration::from_secs(u64::MAX),
    Duration::MAX.saturating_sub(Duration::from_nanos(1)),
    Duration::MAX,
];

/// Every duration setting of the builder.
#[derive(Debug, Clone, Copy)]
enum Setting {
    Timeout,
    ConnectTimeout,
    Deadline,
    /// `retry_backoff(d, d)`.
    Backoff,
    /// `retry_backoff(d, 10 ms)`.
    BackoffInitial,
    /// `retry_backoff(1 ms, d)`.
    BackoffMax,
    MaxRetryAfter,
}

const SETTINGS: [Setting; 7] = [
    Setting::Timeout,
    Setting::ConnectTimeout,
    Setting::Deadline,
    Setting::Backoff,
    Setting::BackoffInitial,
    Setting::BackoffMax,
    Setting::MaxRetryAfter,
];

/// A server that answers `/v1/checkout_sessions/<id>`: ids starting `ok` get 200 at once;
/// others get 503 on their first request (with `Retry-After: <n>` for ids `ra<n>-…`) and 200
/// after.
fn duration_server() -> RawServer {
    let seen = Mutex::new(HashMap::<String, usize>::new());
    RawServer::keep_alive(move |_, request| {
        let (_, target) = request_line(request);
        let id = target.rsplit('/').next().unwrap_or_default().to_owned();
        let hits = {
            let mut seen = seen.lock().unwrap();
            let n = seen.entry(id.clone()).or_default();
            *n += 1;
            *n
        };
        // The session asked for (ids here are plain: their path segment is the id).
        let session = format!(r#"{{"checkout_session_id":"{id}","status":"open"}}"#);
        let ok = || Action::Reply(response(200, &[], session.as_bytes(), true));
        if id.starts_with("ok") || hits > 1 {
            return ok();
        }
        let retry_after = id
            .strip_prefix("ra")
            .and_then(|rest| rest.split('-').next())
            .map(str::to_owned);
        let headers: Vec<(&str, &str)> = match &retry_after {
            Some(seconds) => vec![("retry-after", seconds.as_str())],
            None => vec![],
        };
        Action::Reply(response(503, &headers, b"{}", true))
    })
}

static CASE: AtomicUsize = AtomicUsize::new(0);

/// Builds both clients with `setting` at `d`, and makes one call each: `build` is `Ok` or a
/// `Config` error (always `Config` for a zero timeout or deadline), and the call ends, `Ok` or
/// typed, without a panic and within [`BOUND`].
fn try_duration(server: &RawServer, setting: Setting, d: Duration) {
    let n = CASE.fetch_add(1, Ordering::SeqCst);
    let quick = Duration::from_millis(300);
    let base = lomi::Client::builder(KEY)
        .base_url(server.url())
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(5))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5));
    // The backoff and Retry-After cases answer 503 first; a short deadline keeps any wait the
    // setting asks for short: a longer one ends the call at once.
    let (builder, id) = match setting {
        Setting::Timeout => (base.timeout(d), format!("ok-{n}")),
        Setting::ConnectTimeout => (base.connect_timeout(d), format!("ok-{n}")),
        Setting::Deadline => (base.deadline(d), format!("once-{n}")),
        Setting::Backoff => (
            base.retry_backoff(d, d).deadline(quick),
            format!("once-{n}"),
        ),
        Setting::BackoffInitial => (
            base.retry_backoff(d, Duration::from_millis(10))
                .deadline(quick),
            format!("once-{n}"),
        ),
        Setting::BackoffMax => (
            base.retry_backoff(Duration::from_millis(1), d)
                .deadline(quick),
            format!("once-{n}"),
        ),
        Setting::MaxRetryAfter => {
            let asked = [0, 1, u64::MAX][n % 3];
            (
                base.max_retry_after(d).deadline(quick),
                format!("ra{asked}-{n}"),
            )
        }
    };
    // Every duration but the longest `Retry-After` honoured must be longer than zero: a zero
    // backoff would let a 503 or `Retry-After: 0` turn a retry loop into a tight one.
    let must_refuse = d.is_zero() && !matches!(setting, Setting::MaxRetryAfter);
    for &side in SIDES {
        let client = match side.build(builder.clone()) {
            Ok(client) => client,
            Err(Error::Config(message)) => {
                assert!(must_refuse, "{side:?} {setting:?} {d:?}: {message}");
                continue;
            }
            Err(other) => panic!("{side:?} {setting:?} {d:?}: {other:?}"),
        };
        assert!(!must_refuse, "{side:?} {setting:?} {d:?} was accepted");
        let (result, _) = timed(|| client.retrieve(&id));
        match result {
            Ok(session) => assert_eq!(session.checkout_session_id, id),
            Err(Error::Api(e)) => assert_eq!(e.status(), 503, "{side:?} {setting:?} {d:?}"),
            Err(Error::Transport(_)) => {}
            Err(other) => panic!("{side:?} {setting:?} {d:?}: {other:?}"),
        }
    }
}

#[test]
fn extreme_durations_never_panic_on_either_client() {
    let server = duration_server();
    for setting in SETTINGS {
        for d in EDGES {
            try_duration(&server, setting, d);
        }
    }
}

fn any_duration() -> impl Strategy<Value = Duration> {
    prop_oneof![
        2 => prop::sample::select(EDGES.to_vec()),
        1 => (any::<u64>(), 0u32..1_000_000_000).prop_map(|(s, n)| Duration::new(s, n)),
        1 => (0u64..2_000_000_000).prop_map(Duration::from_nanos),
        1 => (0u64..100_000).prop_map(Duration::from_micros),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_duration_in_any_setting_ends_every_call(
        setting in prop::sample::select(SETTINGS.to_vec()),
        d in any_duration(),
    ) {
        static SERVER: std::sync::OnceLock<RawServer> = std::sync::OnceLock::new();
        try_duration(SERVER.get_or_init(duration_server), setting, d);
    }
}

// ---------------------------------------------------------------------------------------------
// 5. The user agent.

#[test]
fn a_user_agent_that_is_not_one_line_is_refused_at_build() {
    for bad in ["shop\r\nX-Evil: 1", "shop\nX-Evil: 1", "shop\0", "café"] {
        for &side in SIDES {
            let message = config(side.build(lomi::Client::builder(KEY).user_agent(bad)));
            assert!(message.contains("user agent"), "{message}");
        }
    }
    for &side in SIDES {
        let server = RawServer::start(vec![Action::json(200, SESSION)]);
        let client = side.client(
            server
                .builder()
                .user_agent("shop/1.2 (+https://shop.example)"),
        );
        client.retrieve("cs_1").unwrap();
        assert_eq!(
            server.header_values("user-agent"),
            [Some(format!(
                "shop/1.2 (+https://shop.example) lomi-rust/{}",
                env!("CARGO_PKG_VERSION")
            ))]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 8. A late body after a 204.

/// The 17 bytes a 204 announced, sent late.
const LATE: &[u8] = b"{\"stray\":\"body\"}\n";

/// A keep-alive server: `DELETE` gets a 204 announcing 17 bytes of body, which it sends 30 ms
/// later on the same connection; `POST` gets a 201. Counts connections and creates.
struct LateBodyServer {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    creates: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<Vec<JoinHandle<()>>>>,
}

impl LateBodyServer {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let creates = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, p, s) = (
            Arc::clone(&connections),
            Arc::clone(&creates),
            Arc::clone(&stop),
        );
        let acceptor = std::thread::spawn(move || {
            let mut workers = Vec::new();
            while !s.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        c.fetch_add(1, Ordering::SeqCst);
                        let (p, s) = (Arc::clone(&p), Arc::clone(&s));
                        workers.push(std::thread::spawn(move || serve_late(stream, &p, &s)));
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                    Err(e) => panic!("accept failed: {e}"),
                }
            }
            workers
        });
        Self {
            addr,
            connections,
            creates,
            stop,
            acceptor: Some(acceptor),
        }
    }

    fn url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }
}

impl Drop for LateBodyServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take() {
            for worker in acceptor.join().unwrap_or_default() {
                let _ = worker.join();
            }
        }
    }
}

fn serve_late(mut stream: TcpStream, creates: &AtomicUsize, stop: &AtomicBool) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(10)));
    let mut buffer = Vec::new();
    let started = Instant::now();
    while !stop.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(10) {
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
        // Serve every complete request in the buffer.
        while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buffer.len() < end + 4 + length {
                break;
            }
            buffer.drain(..end + 4 + length);
            if head.starts_with("delete ") {
                let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 17\r\n\r\n");
                let _ = stream.flush();
                std::thread::sleep(Duration::from_millis(30));
                let _ = stream.write_all(LATE);
            } else if head.starts_with("post ") {
                creates.fetch_add(1, Ordering::SeqCst);
                let _ = stream.write_all(&response(201, &[], SESSION.as_bytes(), true));
            } else {
                let _ = stream.write_all(&response(200, &[], SESSION.as_bytes(), true));
            }
        }
    }
}

#[test]
fn a_late_body_after_a_204_does_not_poison_the_next_call() {
    for &side in SIDES {
        let server = LateBodyServer::start();
        let client = side.client(
            lomi::Client::builder(KEY)
                .base_url(server.url())
                .timeout(Duration::from_secs(5)),
        );
        let (deleted, _) = timed(|| client.delete("cs_1"));
        deleted.unwrap_or_else(|e| panic!("{side:?}: {e}"));
        // At once, before the late bytes arrive: on the old connection they would be read as
        // this call's answer, after the server had created the session.
        let (created, _) = timed(|| client.create());
        let session = created.unwrap_or_else(|e| panic!("{side:?}: {e}"));
        assert_eq!(session.checkout_session_id, "cs_1");
        assert_eq!(server.creates.load(Ordering::SeqCst), 1, "{side:?}");
        assert_eq!(
            server.connections.load(Ordering::SeqCst),
            2,
            "{side:?}: the create went on a new connection"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 9. What a caller's own retry loop can rely on.

#[test]
fn retryable_means_safe_to_send_again() {
    for &side in SIDES {
        // A create that timed out may have created the session: not retryable.
        let server = RawServer::start(vec![Action::stall(Duration::from_secs(30))]);
        let client = side.client(server.builder());
        let (result, _) = timed(|| client.create());
        let e = transport(result, Kind::Timeout);
        let e = Error::Transport(e);
        assert!(!e.is_retryable(), "{side:?}");
        assert!(e.may_have_been_processed(), "{side:?}");
        assert_eq!(server.hits(), 1);

        // The same create with an idempotency key may be sent again, to a server the caller
        // said honours the key.
        let server = RawServer::start(vec![Action::stall(Duration::from_secs(30))]);
        let keyed = side
            .client(server.builder().max_retries(0).trust_idempotency_keys(true))
            .with_idempotency_key("order-42");
        let (result, _) = timed(|| keyed.create());
        let e = Error::Transport(transport(result, Kind::Timeout));
        assert!(e.is_retryable(), "{side:?}");
        assert!(e.may_have_been_processed(), "{side:?}");

        // A create refused at connect never left the client.
        let dead = format!("http://127.0.0.1:{}/v1", dead_port());
        let client = side.client(
            lomi::Client::builder(KEY)
                .base_url(dead)
                .retry_backoff(Duration::from_millis(1), Duration::from_millis(2)),
        );
        let (result, _) = timed(|| client.create());
        let e = Error::Transport(transport(result, Kind::Connect));
        assert!(e.is_retryable(), "{side:?}");
        assert!(!e.may_have_been_processed(), "{side:?}");

        // A read that timed out can be repeated.
        let server = RawServer::start(vec![Action::stall(Duration::from_secs(30))]);
        let client = side.client(server.builder().max_retries(0));
        let (result, _) = timed(|| client.retrieve("cs_1"));
        let e = Error::Transport(transport(result, Kind::Timeout));
        assert!(e.is_retryable(), "{side:?}");

        // A 500 on a create: processed, perhaps; a 429: not.
        let server = RawServer::start(vec![Action::json(500, "{}"), Action::json(429, "{}")]);
        let client = side.client(server.builder().max_retries(0));
        let e = client.create().unwrap_err();
        assert!(!e.is_retryable() && e.may_have_been_processed(), "{side:?}");
        let e = client.create().unwrap_err();
        assert!(e.is_retryable() && !e.may_have_been_processed(), "{side:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 10. `Retry-After: 0`.

#[test]
fn retry_after_zero_never_shortens_the_backoff() {
    for &side in SIDES {
        let server = RawServer::keep_alive(|_, _| {
            Action::Reply(response(503, &[("retry-after", "0")], b"{}", true))
        });
        let client = side.client(
            lomi::Client::builder(KEY)
                .base_url(server.url())
                .max_retries(3)
                .retry_backoff(Duration::from_millis(100), Duration::from_millis(100)),
        );
        let (result, took) = timed(|| client.retrieve("cs_1"));
        match result {
            Err(Error::Api(e)) => assert_eq!((e.status(), e.attempts()), (503, 4)),
            other => panic!("{side:?}: {other:?}"),
        }
        assert_eq!(server.hits(), 4);
        // Three waits of at least the floor, half the 100 ms backoff.
        assert!(took >= Duration::from_millis(150), "{side:?}: {took:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 11. Trailing garbage.

#[test]
fn trailing_garbage_is_named() {
    for &side in SIDES {
        let server = RawServer::start(vec![Action::json(
            200,
            r#"{"checkout_session_id":"cs"} xyz"#,
        )]);
        let e = side.client(server.builder()).retrieve("cs_1").unwrap_err();
        assert!(matches!(e, Error::Decode(_)), "{side:?}: {e:?}");
        assert!(
            e.to_string()
                .contains("trailing characters at line 1 column 30"),
            "{side:?}: {e}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 12 and 14. The environment, zero settings, empty keys, huge ids.

#[test]
#[cfg(unix)]
fn variables_that_are_not_unicode_or_empty_are_named() {
    use std::os::unix::ffi::OsStringExt as _;
    if let Some(case) = child_case() {
        let (variable, word) = match case.as_str() {
            "key" => ("LOMI_API_KEY", "Unicode"),
            "url" => ("LOMI_BASE_URL", "Unicode"),
            "empty" => ("LOMI_API_KEY", "empty"),
            other => panic!("unknown case {other}"),
        };
        let blocking = config(lomi::Client::from_env());
        #[cfg(feature = "async")]
        assert_eq!(config(lomi::AsyncClient::from_env()), blocking);
        assert!(blocking.contains(variable), "{blocking}");
        assert!(blocking.contains(word), "{blocking}");
        return;
    }
    let not_unicode = || OsString::from_vec(b"lomi_sk_test_\xff\xfe".to_vec());
    let test = "variables_that_are_not_unicode_or_empty_are_named";
    run_child(test, "key", "", &[("LOMI_API_KEY", not_unicode())]);
    // Never the production URL in place of an unreadable one.
    run_child(
        test,
        "url",
        "",
        &[
            ("LOMI_API_KEY", KEY.into()),
            ("LOMI_BASE_URL", not_unicode()),
        ],
    );
    run_child(test, "empty", "", &[("LOMI_API_KEY", "".into())]);
}

#[test]
fn zero_settings_and_empty_keys_are_refused_at_build() {
    let zero = Duration::ZERO;
    for &side in SIDES {
        for (name, builder) in [
            ("deadline", lomi::Client::builder(KEY).deadline(zero)),
            ("timeout", lomi::Client::builder(KEY).timeout(zero)),
            (
                "connect_timeout",
                lomi::Client::builder(KEY).connect_timeout(zero),
            ),
        ] {
            let message = config(side.build(builder));
            assert!(message.contains(name), "{side:?}: {message}");
        }
        // No environment variable was involved: none is named.
        let message = config(side.build(lomi::Client::builder("")));
        assert!(!message.contains("LOMI_API_KEY"), "{message}");
        assert!(message.contains("empty"), "{message}");
    }
    let message = config(lomi::Client::new(""));
    assert!(!message.contains("LOMI_API_KEY"), "{message}");
    #[cfg(feature = "async")]
    assert!(!config(lomi::AsyncClient::new("")).contains("LOMI_API_KEY"));
}

#[test]
fn a_huge_id_is_refused_before_sending_naming_the_argument() {
    let huge = "a".repeat(100 * 1024);
    for &side in SIDES {
        let server = RawServer::start(vec![Action::json(200, SESSION)]);
        let client = side.client(server.builder());
        match client.retrieve(&huge) {
            Err(Error::InvalidRequest(message)) => {
                assert!(message.contains("session_id"), "{side:?}: {message}");
                assert!(message.len() < 200, "the id is not quoted: {message}");
            }
            other => panic!("{side:?}: {other:?}"),
        }
        assert_eq!(server.hits(), 0);
    }
}

// ---------------------------------------------------------------------------------------------
// 13. Statuses and request ids kept.

#[test]
fn errors_keep_the_status_and_request_id_of_the_response() {
    let id = [("x-request-id", "req_kept")];
    for &side in SIDES {
        let server = RawServer::start(vec![
            // A success body that does not decode.
            Action::respond(200, &id, r#"{"checkout_session_id":5}"#),
            // A redirect.
            Action::respond(
                302,
                &[("location", "https://elsewhere.example/"), id[0]],
                "",
            ),
            // A success body over the limit, announced.
            Action::respond(200, &id, "x".repeat(2000)),
            // A success body cut off: 100 bytes announced, 10 sent, then the connection closes.
            Action::Reply(
                b"HTTP/1.1 200 OK\r\nx-request-id: req_kept\r\ncontent-length: 100\r\n\
                  connection: close\r\n\r\n{\"checkout"
                    .to_vec(),
            ),
        ]);
        let client = side.client(server.builder().max_retries(0).body_limit(1000));

        let e = client.retrieve("cs_1").unwrap_err();
        assert!(matches!(e, Error::Decode(_)), "{side:?}: {e:?}");
        assert_eq!((e.status(), e.request_id()), (Some(200), Some("req_kept")));
        assert!(e.to_string().contains("req_kept"), "{side:?}: {e}");

        for kind in [Kind::Redirect, Kind::BodyTooLarge, Kind::Io] {
            let result = client.retrieve("cs_1");
            let t = transport(result, kind);
            let status = if kind == Kind::Redirect { 302 } else { 200 };
            assert_eq!(
                (t.status(), t.request_id()),
                (Some(status), Some("req_kept")),
                "{side:?} {kind:?}"
            );
            assert!(t.to_string().contains("req_kept"), "{side:?}: {t}");
            let e = Error::Transport(t);
            assert_eq!(
                (e.status(), e.request_id()),
                (Some(status), Some("req_kept"))
            );
        }
        assert_eq!(server.hits(), 4);
    }
}
