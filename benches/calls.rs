//! What `lomi::Client` costs per call, side by side with the floor (a raw `TcpStream` writing
//! a prepared request and reading the answer) and the baseline (hand-written `ureq` +
//! `serde_json` with the client's agent settings, decoding into the same generated types).
//!
//! Everything talks to a loopback server started here: one thread per connection, HTTP/1.1
//! keep-alive, answers prepared as bytes up front, and a count of accepted TCP connections.
//! `cargo bench --bench calls` prints the tables that BENCHMARKS.md quotes:
//!
//! - the median time per call and the ratios lomi/baseline and lomi/floor, for
//!   `retrieve_checkout_session` (one object with every field), `list_checkout_sessions`
//!   (a page of 100) and `create_checkout_session` (the seeds' example body);
//! - heap allocations and bytes allocated per call, counted on the calling thread by the
//!   global allocator below;
//! - TCP connections accepted over 1,000 sequential calls through one client, and over
//!   8 threads × 1,000 calls sharing one cloned client.
//!
//! Without `--bench` (as under `cargo test --benches`) every call runs a few times as a smoke
//! check and nothing is timed. A benchmark is not a test: nothing here asserts on time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use lomi::types::{
    CheckoutSession, CheckoutSessionCreate, CheckoutSessionList, ListCheckoutSessionsParams,
};
use serde::de::DeserializeOwned;

// ---------------------------------------------------------------------------------------------
// Counting allocator: allocations and bytes on the current thread only, so the server's
// threads never show up in a client's figures.

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    static BYTES: Cell<u64> = const { Cell::new(0) };
}

fn note(bytes: usize) {
    // `try_with`: the allocator may run while a thread's locals are being torn down.
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
    let _ = BYTES.try_with(|c| c.set(c.get() + bytes as u64));
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counters are plain
// thread-local cells that never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: same contract as ours.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A reallocation counts as one allocation of the bytes it adds.
        note(new_size.saturating_sub(layout.size()));
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (allocations, bytes) so far on this thread.
fn allocated() -> (u64, u64) {
    (ALLOCATIONS.with(Cell::get), BYTES.with(Cell::get))
}

// ---------------------------------------------------------------------------------------------
// The calls.

/// The integration tests' helpers: the test key, the seeds' example bodies, the fixtures.
#[path = "../tests/common/mod.rs"]
mod common;

use common::{CREATE_SESSION_JSON as CREATE_JSON, KEY, create_session_body as create_body};

const USER_AGENT: &str = concat!("lomi-rust/", env!("CARGO_PKG_VERSION"));
const SESSION_ID: &str = "cs_7d1f0c2a9b8e4f6a";
const PAGE: usize = 100;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Call {
    Retrieve,
    List,
    Create,
}

impl Call {
    const ALL: [Self; 3] = [Self::Retrieve, Self::List, Self::Create];

    fn name(self) -> &'static str {
        match self {
            Self::Retrieve => "retrieve_checkout_session",
            Self::List => "list_checkout_sessions (100)",
            Self::Create => "create_checkout_session",
        }
    }

    /// Method and target, as on the request line.
    fn target(self) -> (&'static str, String) {
        match self {
            Self::Retrieve => ("GET", format!("/v1/checkout_sessions/{SESSION_ID}")),
            Self::List => ("GET", format!("/v1/checkout_sessions?limit={PAGE}")),
            Self::Create => ("POST", "/v1/checkout_sessions".to_owned()),
        }
    }

    /// Calls per contestant per round when timing: about the same wall time for each call.
    fn batch(self) -> usize {
        match self {
            Self::List => 40,
            Self::Retrieve | Self::Create => 250,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The loopback server.

struct Route {
    /// `METHOD TARGET HTTP/1.1\r\n`
    request_line: Vec<u8>,
    response: Vec<u8>,
}

struct Server {
    port: u16,
    accepted: Arc<AtomicUsize>,
    /// Request heads and bodies as received, when recording.
    recorded: Arc<Mutex<Option<Vec<String>>>>,
}

impl Server {
    fn start(routes: Vec<Route>) -> Self {
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

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    fn record(&self, on: bool) -> Vec<String> {
        let mut recorded = self.recorded.lock().expect("recording lock");
        std::mem::replace(&mut *recorded, on.then(Vec::new)).unwrap_or_default()
    }
}

/// Answers requests on one connection until the client closes it. Buffers are reused, so a
/// request costs the server a read, a lookup and one write of prepared bytes.
fn serve(stream: TcpStream, routes: &[Route], record: &Mutex<Option<Vec<String>>>) {
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

fn response(status: u16, body: &str) -> Vec<u8> {
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
fn header_value<'a>(line: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let colon = line.iter().position(|&b| b == b':')?;
    line[..colon]
        .eq_ignore_ascii_case(name)
        .then(|| line[colon + 1..].trim_ascii())
}

fn parse_usize(digits: &[u8]) -> usize {
    std::str::from_utf8(digits)
        .ok()
        .and_then(|s| s.parse().ok())
        .expect("a decimal length")
}

/// The three routes: one session with every field (the fixture), a page of 100 sessions built
/// from it, and the created session.
fn routes() -> Vec<Route> {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../tests/fixtures/checkout_session.json"))
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
// 1. The floor: a raw socket writing prepared requests and reading Content-Length answers.

struct Floor {
    writer: TcpStream,
    reader: BufReader<TcpStream>,
    line: Vec<u8>,
    body: Vec<u8>,
    requests: [Vec<u8>; 3],
}

impl Floor {
    fn connect(port: u16) -> Self {
        let writer = TcpStream::connect(("127.0.0.1", port)).expect("connect to the bench server");
        writer.set_nodelay(true).expect("nodelay");
        let reader = BufReader::with_capacity(64 * 1024, writer.try_clone().expect("clone"));
        let request = |call: Call| {
            let (method, target) = call.target();
            let mut head = format!(
                "{method} {target} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nx-api-key: {KEY}\r\n\
                 user-agent: {USER_AGENT}\r\naccept: application/json\r\n"
            );
            if call == Call::Create {
                head.push_str(&format!(
                    "content-type: application/json\r\ncontent-length: {}\r\n\r\n{CREATE_JSON}",
                    CREATE_JSON.len()
                ));
            } else {
                head.push_str("\r\n");
            }
            head.into_bytes()
        };
        Self {
            writer,
            reader,
            line: Vec::with_capacity(256),
            body: Vec::with_capacity(256 * 1024),
            requests: [
                request(Call::Retrieve),
                request(Call::List),
                request(Call::Create),
            ],
        }
    }

    /// Sends the prepared request and reads the whole answer; returns the body's length.
    fn call(&mut self, call: Call) -> usize {
        let request = &self.requests[call as usize];
        self.writer.write_all(request).expect("write the request");
        let mut content_length = None;
        let mut status_line = true;
        loop {
            self.line.clear();
            let n = self.reader.read_until(b'\n', &mut self.line).expect("read");
            assert!(n > 0, "the server closed the connection");
            if status_line {
                assert!(self.line.get(9) == Some(&b'2'), "not a 2xx answer");
                status_line = false;
            } else if self.line == b"\r\n" {
                break;
            } else if let Some(value) = header_value(&self.line, b"content-length") {
                content_length = Some(parse_usize(value));
            }
        }
        let length = content_length.expect("a Content-Length");
        self.body.resize(length, 0);
        self.reader
            .read_exact(&mut self.body)
            .expect("read the body");
        length
    }
}

// ---------------------------------------------------------------------------------------------
// 2. The baseline: what a user would write by hand with ureq and serde_json.

struct Baseline {
    agent: ureq::Agent,
    base: String,
}

/// The idle connections `lomi::ClientBuilder::build` lets the pool keep.
const IDLE_CONNECTIONS: usize = 16;

impl Baseline {
    /// The agent settings `lomi::ClientBuilder::build` uses.
    fn new(base: String) -> Self {
        Self::with_pool(base, IDLE_CONNECTIONS)
    }

    /// The same with another pool size (ureq's default keeps 3 idle connections per host).
    fn with_pool(base: String, idle: usize) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .https_only(false)
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(Duration::from_secs(80)))
            .user_agent(USER_AGENT)
            .accept("application/json")
            .max_idle_connections(idle)
            .max_idle_connections_per_host(idle)
            .build()
            .new_agent();
        Self { agent, base }
    }

    fn read<T: DeserializeOwned>(
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> T {
        let mut response = result.expect("the call succeeds");
        assert!(response.status().is_success(), "{}", response.status());
        let body = response.body_mut().read_to_vec().expect("read the body");
        serde_json::from_slice(&body).expect("decode the body")
    }

    fn retrieve(&self, id: &str) -> CheckoutSession {
        let url = format!("{}/checkout_sessions/{id}", self.base);
        Self::read(self.agent.get(url).header("x-api-key", KEY).call())
    }

    fn list(&self, limit: u64) -> CheckoutSessionList {
        let url = format!("{}/checkout_sessions?limit={limit}", self.base);
        Self::read(self.agent.get(url).header("x-api-key", KEY).call())
    }

    fn create(&self, body: &CheckoutSessionCreate) -> CheckoutSession {
        let url = format!("{}/checkout_sessions", self.base);
        let json = serde_json::to_vec(body).expect("serialize the body");
        let result = self
            .agent
            .post(url)
            .header("x-api-key", KEY)
            .header("content-type", "application/json")
            .send(&json[..]);
        Self::read(result)
    }
}

// ---------------------------------------------------------------------------------------------
// The three sides, as calls to time.

struct Sides {
    floor: Floor,
    baseline: Baseline,
    lomi: lomi::Client,
    params: ListCheckoutSessionsParams,
    body: CheckoutSessionCreate,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Floor,
    Baseline,
    Lomi,
}

impl Side {
    const ALL: [Self; 3] = [Self::Floor, Self::Baseline, Self::Lomi];
}

impl Sides {
    fn new(server: &Server) -> Self {
        let base = format!("http://127.0.0.1:{}/v1", server.port);
        Self {
            floor: Floor::connect(server.port),
            baseline: Baseline::new(base.clone()),
            lomi: lomi_client(&base),
            params: ListCheckoutSessionsParams::new().limit(PAGE as u64),
            body: create_body(),
        }
    }

    fn run(&mut self, side: Side, call: Call) {
        match (side, call) {
            (Side::Floor, call) => drop(black_box(self.floor.call(call))),
            (Side::Baseline, Call::Retrieve) => drop(black_box(self.baseline.retrieve(SESSION_ID))),
            (Side::Baseline, Call::List) => drop(black_box(self.baseline.list(PAGE as u64))),
            (Side::Baseline, Call::Create) => drop(black_box(self.baseline.create(&self.body))),
            (Side::Lomi, Call::Retrieve) => {
                drop(black_box(
                    self.lomi
                        .retrieve_checkout_session(SESSION_ID)
                        .expect("lomi"),
                ));
            }
            (Side::Lomi, Call::List) => {
                drop(black_box(
                    self.lomi
                        .list_checkout_sessions(&self.params)
                        .expect("lomi"),
                ));
            }
            (Side::Lomi, Call::Create) => {
                drop(black_box(
                    self.lomi.create_checkout_session(&self.body).expect("lomi"),
                ));
            }
        }
    }

    /// Every side gets the same answer for every call, and lomi decodes what the baseline does.
    fn check(&mut self) {
        let expected = self.baseline.retrieve(SESSION_ID);
        assert_eq!(expected.checkout_session_id, SESSION_ID);
        assert_eq!(
            self.lomi
                .retrieve_checkout_session(SESSION_ID)
                .expect("lomi"),
            expected
        );
        let page = self.baseline.list(PAGE as u64);
        assert_eq!(page.data.len(), PAGE);
        assert_eq!(
            self.lomi
                .list_checkout_sessions(&self.params)
                .expect("lomi"),
            page
        );
        assert_eq!(self.baseline.create(&self.body), expected);
        assert_eq!(
            self.lomi.create_checkout_session(&self.body).expect("lomi"),
            expected
        );
        for call in Call::ALL {
            assert!(self.floor.call(call) > 0);
        }
    }
}

fn lomi_client(base: &str) -> lomi::Client {
    lomi::Client::builder(KEY)
        .base_url(base)
        .build()
        .expect("a client for the bench server")
}

// ---------------------------------------------------------------------------------------------
// Measuring.

const ROUNDS: usize = 100;
const WARMUP: usize = 50;
const ALLOC_CALLS: u64 = 200;
const CONNECTION_CALLS: usize = 1000;
const THREADS: usize = 8;

fn median(samples: &mut [u64]) -> f64 {
    samples.sort_unstable();
    let mid = samples.len() / 2;
    if samples.len() % 2 == 1 {
        samples[mid] as f64
    } else {
        (samples[mid - 1] + samples[mid]) as f64 / 2.0
    }
}

fn percentile(sorted: &[u64], p: usize) -> f64 {
    sorted[(sorted.len() - 1) * p / 100] as f64
}

struct Timing {
    /// Nanoseconds per call: median, 25th and 75th percentiles.
    median: f64,
    p25: f64,
    p75: f64,
}

/// Times every call on every side: rounds of one batch per side, the sides' order rotating
/// from round to round so drift on a noisy machine falls on all of them alike.
fn time_all(sides: &mut Sides) -> Vec<[Timing; 3]> {
    Call::ALL
        .iter()
        .map(|&call| {
            let mut samples: [Vec<u64>; 3] = Default::default();
            for side in Side::ALL {
                for _ in 0..WARMUP {
                    sides.run(side, call);
                }
            }
            for round in 0..ROUNDS {
                for k in 0..3 {
                    let side = Side::ALL[(round + k) % 3];
                    let out = &mut samples[side as usize];
                    for _ in 0..call.batch() {
                        let started = Instant::now();
                        sides.run(side, call);
                        out.push(started.elapsed().as_nanos() as u64);
                    }
                }
            }
            samples.map(|mut s| {
                let median = median(&mut s);
                Timing {
                    median,
                    p25: percentile(&s, 25),
                    p75: percentile(&s, 75),
                }
            })
        })
        .collect()
}

/// Allocations and bytes per call on this thread, after a warm-up.
fn allocations(sides: &mut Sides, side: Side, call: Call) -> (f64, f64) {
    for _ in 0..WARMUP {
        sides.run(side, call);
    }
    let (a0, b0) = allocated();
    for _ in 0..ALLOC_CALLS {
        sides.run(side, call);
    }
    let (a1, b1) = allocated();
    let n = ALLOC_CALLS as f64;
    ((a1 - a0) as f64 / n, (b1 - b0) as f64 / n)
}

/// Connections a fresh client opens over `calls` sequential retrieves, then over `THREADS`
/// threads doing `calls` retrieves each through clones of one client.
fn connections<C: Clone + Send>(
    server: &Server,
    calls: usize,
    make: impl Fn() -> C,
    call: impl Fn(&C) + Sync,
) -> (usize, usize) {
    let before = server.accepted();
    let client = make();
    for _ in 0..calls {
        call(&client);
    }
    let sequential = server.accepted() - before;
    drop(client);

    let before = server.accepted();
    let client = make();
    let start = Barrier::new(THREADS);
    thread::scope(|s| {
        for _ in 0..THREADS {
            let (client, start, call) = (client.clone(), &start, &call);
            s.spawn(move || {
                start.wait();
                for _ in 0..calls {
                    call(&client);
                }
            });
        }
    });
    (sequential, server.accepted() - before)
}

// ---------------------------------------------------------------------------------------------

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let server = Server::start(routes());
    let mut sides = Sides::new(&server);
    sides.check();

    if !bench {
        for call in Call::ALL {
            for side in Side::ALL {
                sides.run(side, call);
            }
        }
        let (seq, par) = lomi_connections(&server, 10);
        println!(
            "calls bench smoke run: every side answered; lomi opened {seq} and {par} connections"
        );
        return;
    }

    println!("# lomi call benchmark (loopback server, {} rounds)", ROUNDS);
    println!();
    print_requests(&server, &mut sides);

    let timings = time_all(&mut sides);
    println!("## Median time per call (µs; 25th–75th percentile in brackets)");
    println!();
    println!("| call | 1. raw TcpStream | 2. ureq + serde_json | 3. lomi::Client | 3/2 | 3/1 |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (call, t) in Call::ALL.iter().zip(&timings) {
        let cell = |t: &Timing| {
            format!(
                "{:.1} [{:.1}–{:.1}]",
                t.median / 1e3,
                t.p25 / 1e3,
                t.p75 / 1e3
            )
        };
        println!(
            "| {} | {} | {} | {} | {:.3} | {:.2} |",
            call.name(),
            cell(&t[0]),
            cell(&t[1]),
            cell(&t[2]),
            t[2].median / t[1].median,
            t[2].median / t[0].median,
        );
    }
    println!();

    println!("## Heap allocations per call (calling thread, mean of {ALLOC_CALLS} calls)");
    println!();
    println!(
        "| call | 1. allocations | 2. allocations | 2. bytes | 3. allocations | 3. bytes | 3−2 allocations | 3−2 bytes |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for call in Call::ALL {
        let (fa, _) = allocations(&mut sides, Side::Floor, call);
        let (ba, bb) = allocations(&mut sides, Side::Baseline, call);
        let (la, lb) = allocations(&mut sides, Side::Lomi, call);
        println!(
            "| {} | {fa:.1} | {ba:.1} | {bb:.0} | {la:.1} | {lb:.0} | {:+.1} | {:+.0} |",
            call.name(),
            la - ba,
            lb - bb
        );
    }
    println!();

    println!("## TCP connections the server accepted (retrieve_checkout_session)");
    println!();
    let base = format!("http://127.0.0.1:{}/v1", server.port);
    let (bs, bp) = connections(
        &server,
        CONNECTION_CALLS,
        || Arc::new(Baseline::new(base.clone())),
        |b| drop(black_box(b.retrieve(SESSION_ID))),
    );
    let (ds, dp) = connections(
        &server,
        CONNECTION_CALLS,
        || Arc::new(Baseline::with_pool(base.clone(), 3)),
        |b| drop(black_box(b.retrieve(SESSION_ID))),
    );
    let (ls, lp) = lomi_connections(&server, CONNECTION_CALLS);
    println!(
        "| client | {CONNECTION_CALLS} sequential calls, one client | {THREADS} threads × {CONNECTION_CALLS} calls, one shared client |"
    );
    println!("|---|---:|---:|");
    println!("| 2. ureq agent, lomi's settings (shared via Arc) | {bs} | {bp} |");
    println!("| 2'. ureq agent, ureq's default pool of 3 idle per host | {ds} | {dp} |");
    println!("| 3. lomi::Client (cloned) | {ls} | {lp} |");
    println!();
    println!(
        "targets: lomi/ureq ≤ 1.05 per call; 1 connection sequential; ≤ {THREADS} with {THREADS} threads"
    );
}

fn lomi_connections(server: &Server, calls: usize) -> (usize, usize) {
    let base = format!("http://127.0.0.1:{}/v1", server.port);
    connections(
        server,
        calls,
        || lomi_client(&base),
        |c| {
            drop(black_box(
                c.retrieve_checkout_session(SESSION_ID).expect("lomi"),
            ))
        },
    )
}

/// Checks that the three sides put the same request on the wire for each call (the same
/// request line, header set and body; ureq orders headers its own way) and prints it once.
fn print_requests(server: &Server, sides: &mut Sides) {
    println!("## The request each side sends (the same on all three; key redacted)");
    println!();
    for call in Call::ALL {
        let mut seen: Vec<(String, Vec<String>)> = Side::ALL
            .iter()
            .map(|&side| {
                server.record(true);
                sides.run(side, call);
                let mut requests = server.record(false);
                assert_eq!(requests.len(), 1, "one request per call");
                let request = requests.remove(0).replace(KEY, "lomi_sk_test_…");
                let mut lines: Vec<String> = request.split("\r\n").map(str::to_owned).collect();
                let body = lines.pop().unwrap_or_default();
                lines[1..].sort();
                (request, lines.into_iter().chain([body]).collect())
            })
            .collect();
        for (request, normalized) in &seen[1..] {
            assert_eq!(
                normalized,
                &seen[0].1,
                "{} differs:\n{request}",
                call.name()
            );
        }
        let (lomi_request, _) = seen.pop().expect("three sides");
        println!("{}:", call.name());
        println!("```");
        println!("{}", lomi_request.trim_end());
        println!("```");
    }
    println!();
}
