//! The sides compared: the floor, the baseline, lomi's two clients, and the calls they make.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// The calls.

pub(crate) const USER_AGENT: &str = concat!("lomi-rust/", env!("CARGO_PKG_VERSION"));
pub(crate) const SESSION_ID: &str = "cs_7d1f0c2a9b8e4f6a";
pub(crate) const PAGE: usize = 100;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    Retrieve,
    List,
    Create,
}

impl Call {
    pub(crate) const ALL: [Self; 3] = [Self::Retrieve, Self::List, Self::Create];

    /// How a child process is told which call to count.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::Retrieve => "retrieve",
            Self::List => "list",
            Self::Create => "create",
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Retrieve => "retrieve_checkout_session",
            Self::List => "list_checkout_sessions (100)",
            Self::Create => "create_checkout_session",
        }
    }

    /// Method and target, as on the request line.
    pub(crate) fn target(self) -> (&'static str, String) {
        match self {
            Self::Retrieve => ("GET", format!("/v1/checkout_sessions/{SESSION_ID}")),
            Self::List => ("GET", format!("/v1/checkout_sessions?limit={PAGE}")),
            Self::Create => ("POST", "/v1/checkout_sessions".to_owned()),
        }
    }

    /// Calls per contestant per round when timing: about the same wall time for each call.
    pub(crate) fn batch(self) -> usize {
        match self {
            Self::List => 40,
            Self::Retrieve | Self::Create => 250,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1. The floor: a raw socket writing prepared requests and reading Content-Length answers.

pub(crate) struct Floor {
    pub(crate) writer: TcpStream,
    pub(crate) reader: BufReader<TcpStream>,
    pub(crate) line: Vec<u8>,
    pub(crate) body: Vec<u8>,
    pub(crate) requests: [Vec<u8>; 3],
}

impl Floor {
    pub(crate) fn connect(host: &str, port: u16) -> Self {
        let writer = TcpStream::connect((host, port)).expect("connect to the bench server");
        writer.set_nodelay(true).expect("nodelay");
        let reader = BufReader::with_capacity(64 * 1024, writer.try_clone().expect("clone"));
        let request = |call: Call| {
            let (method, target) = call.target();
            let mut head = format!(
                "{method} {target} HTTP/1.1\r\nhost: {host}:{port}\r\nx-api-key: {KEY}\r\n\
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
    pub(crate) fn call(&mut self, call: Call) -> usize {
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

pub(crate) struct Baseline {
    pub(crate) agent: ureq::Agent,
    pub(crate) base: String,
}

/// The idle connections `lomi::ClientBuilder::build` lets the pool keep.
pub(crate) const IDLE_CONNECTIONS: usize = 16;

impl Baseline {
    /// The agent settings `lomi::ClientBuilder::build` uses.
    pub(crate) fn new(base: String) -> Self {
        Self::with_pool(base, IDLE_CONNECTIONS)
    }

    /// The same with another pool size (ureq's default keeps 3 idle connections per host).
    pub(crate) fn with_pool(base: String, idle: usize) -> Self {
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

    pub(crate) fn read<T: DeserializeOwned>(
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> T {
        let mut response = result.expect("the call succeeds");
        assert!(response.status().is_success(), "{}", response.status());
        let body = response.body_mut().read_to_vec().expect("read the body");
        serde_json::from_slice(&body).expect("decode the body")
    }

    pub(crate) fn retrieve(&self, id: &str) -> CheckoutSession {
        let url = format!("{}/checkout_sessions/{id}", self.base);
        Self::read(self.agent.get(url).header("x-api-key", KEY).call())
    }

    pub(crate) fn list(&self, limit: u64) -> CheckoutSessionList {
        let url = format!("{}/checkout_sessions?limit={limit}", self.base);
        Self::read(self.agent.get(url).header("x-api-key", KEY).call())
    }

    pub(crate) fn create(&self, body: &CheckoutSessionCreate) -> CheckoutSession {
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
// 3. lomi::Client, and 4. lomi::AsyncClient on a current-thread tokio runtime.

pub(crate) fn lomi_client(base: &str) -> lomi::Client {
    lomi::Client::builder(KEY)
        .base_url(base)
        .build()
        .expect("a client for the bench server")
}

#[cfg(feature = "async")]
pub(crate) struct Async {
    pub(crate) runtime: tokio::runtime::Runtime,
    pub(crate) client: lomi::AsyncClient,
}

#[cfg(feature = "async")]
impl Async {
    pub(crate) fn new(base: &str) -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let client = lomi::Client::builder(KEY)
            .base_url(base)
            .build_async()
            .expect("an async client for the bench server");
        Self { runtime, client }
    }

    pub(crate) async fn call(
        &self,
        call: Call,
        params: &ListCheckoutSessionsParams,
        body: &CheckoutSessionCreate,
    ) {
        let c = &self.client;
        match call {
            Call::Retrieve => drop(black_box(
                c.retrieve_checkout_session(SESSION_ID)
                    .await
                    .expect("async"),
            )),
            Call::List => drop(black_box(
                c.list_checkout_sessions(params).await.expect("async"),
            )),
            Call::Create => drop(black_box(
                c.create_checkout_session(body).await.expect("async"),
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The sides, as calls to time.

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Floor,
    Baseline,
    Lomi,
    #[cfg(feature = "async")]
    Async,
}

impl Side {
    /// Every side this build has: the async client only with `--features async`.
    pub(crate) fn all() -> Vec<Self> {
        vec![
            Self::Floor,
            Self::Baseline,
            Self::Lomi,
            #[cfg(feature = "async")]
            Self::Async,
        ]
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Floor => "raw",
            Self::Baseline => "ureq",
            Self::Lomi => "lomi",
            #[cfg(feature = "async")]
            Self::Async => "async",
        }
    }

    pub(crate) fn title(self) -> &'static str {
        match self {
            Self::Floor => "1. raw TcpStream",
            Self::Baseline => "2. ureq + serde_json",
            Self::Lomi => "3. lomi::Client",
            #[cfg(feature = "async")]
            Self::Async => "4. lomi::AsyncClient",
        }
    }
}

pub(crate) struct Sides {
    pub(crate) floor: Floor,
    pub(crate) baseline: Baseline,
    pub(crate) lomi: lomi::Client,
    #[cfg(feature = "async")]
    pub(crate) asynchronous: Async,
    pub(crate) params: ListCheckoutSessionsParams,
    pub(crate) body: CheckoutSessionCreate,
}

impl Sides {
    pub(crate) fn new(host: &str, port: u16) -> Self {
        let base = format!("http://{host}:{port}/v1");
        Self {
            floor: Floor::connect(host, port),
            baseline: Baseline::new(base.clone()),
            lomi: lomi_client(&base),
            #[cfg(feature = "async")]
            asynchronous: Async::new(&base),
            params: ListCheckoutSessionsParams::new().limit(PAGE as u64),
            body: create_body(),
        }
    }

    pub(crate) fn run(&mut self, side: Side, call: Call) {
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
            #[cfg(feature = "async")]
            (Side::Async, call) => {
                let a = &self.asynchronous;
                a.runtime.block_on(a.call(call, &self.params, &self.body));
            }
        }
    }

    /// Makes `n` calls, timing each one into `out`. The async side runs the whole batch in one
    /// `block_on`, as an async program would, so the runtime's entry is not in its time.
    pub(crate) fn timed(&mut self, side: Side, call: Call, n: usize, out: &mut Vec<u64>) {
        match side {
            #[cfg(feature = "async")]
            Side::Async => {
                let (a, params, body) = (&self.asynchronous, &self.params, &self.body);
                a.runtime.block_on(async {
                    for _ in 0..n {
                        let started = Instant::now();
                        a.call(call, params, body).await;
                        out.push(started.elapsed().as_nanos() as u64);
                    }
                });
            }
            _ => {
                for _ in 0..n {
                    let started = Instant::now();
                    self.run(side, call);
                    out.push(started.elapsed().as_nanos() as u64);
                }
            }
        }
    }

    /// Every side gets the same answer for every call, and lomi decodes what the baseline does.
    pub(crate) fn check(&mut self) {
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
        #[cfg(feature = "async")]
        {
            let (c, params, body) = (&self.asynchronous.client, &self.params, &self.body);
            self.asynchronous.runtime.block_on(async {
                let one = c.retrieve_checkout_session(SESSION_ID).await;
                assert_eq!(one.expect("async"), expected);
                let list = c.list_checkout_sessions(params).await;
                assert_eq!(list.expect("async"), page);
                let created = c.create_checkout_session(body).await;
                assert_eq!(created.expect("async"), expected);
            });
        }
        for call in Call::ALL {
            assert!(self.floor.call(call) > 0);
        }
    }
}
