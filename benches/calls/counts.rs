//! Counting threads, lookups and system calls, one child process per side and host.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// Counting threads, lookups and system calls: one child process per side and host,
// `LOMI_BENCH_ROLE=count`, under strace when it is installed.

/// Sequential calls counted after a client's first call.
pub(crate) const COUNTED_CALLS: usize = 1000;
/// Where a child's counts begin and end, as failed opens strace shows.
pub(crate) const MARK: &str = "/lomi-bench-mark/";
pub(crate) const HOSTS: [&str; 2] = ["127.0.0.1", "localhost"];

/// Counts `lomi::resolver` events: the blocking client's host lookups.
pub(crate) struct ResolverEvents(pub(crate) AtomicUsize);

impl log::Log for ResolverEvents {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "lomi::resolver"
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    fn flush(&self) {}
}

pub(crate) static RESOLVER_EVENTS: ResolverEvents = ResolverEvents(AtomicUsize::new(0));

pub(crate) fn mark(name: &str) {
    // Fails (nothing is there); strace shows the attempt.
    let _ = std::fs::File::open(format!("{MARK}{name}"));
}

/// The next std thread id: ids count every thread std has started. The probe is one of them.
pub(crate) fn thread_serial() -> u64 {
    let id = thread::spawn(|| thread::current().id())
        .join()
        .expect("the probe thread");
    let digits: String = format!("{id:?}")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().expect("a thread id")
}

/// One `call` by `side`'s client for `base`, made ready before the counts start.
pub(crate) fn counted_call(side: &str, base: &str, call: Call) -> Box<dyn FnMut()> {
    match side {
        "raw" => {
            let authority = base
                .trim_start_matches("http://")
                .split('/')
                .next()
                .unwrap_or_default();
            let (host, port) = authority.rsplit_once(':').expect("host:port");
            let mut floor = Floor::connect(host, port.parse().expect("a port"));
            Box::new(move || {
                black_box(floor.call(call));
            })
        }
        "ureq" => {
            let baseline = Baseline::new(base.to_owned());
            let body = create_body();
            Box::new(move || match call {
                Call::Retrieve => drop(black_box(baseline.retrieve(SESSION_ID))),
                Call::List => drop(black_box(baseline.list(PAGE as u64))),
                Call::Create => drop(black_box(baseline.create(&body))),
            })
        }
        "lomi" => {
            let client = lomi_client(base);
            let (params, body) = (
                ListCheckoutSessionsParams::new().limit(PAGE as u64),
                create_body(),
            );
            Box::new(move || match call {
                Call::Retrieve => drop(black_box(
                    client.retrieve_checkout_session(SESSION_ID).expect("lomi"),
                )),
                Call::List => drop(black_box(
                    client.list_checkout_sessions(&params).expect("lomi"),
                )),
                Call::Create => drop(black_box(
                    client.create_checkout_session(&body).expect("lomi"),
                )),
            })
        }
        #[cfg(feature = "async")]
        "async" => {
            let a = Async::new(base);
            let (params, body) = (
                ListCheckoutSessionsParams::new().limit(PAGE as u64),
                create_body(),
            );
            Box::new(move || a.runtime.block_on(a.call(call, &params, &body)))
        }
        other => panic!("no side {other:?}"),
    }
}

/// The child: a fresh client's first call, then its next calls, each stretch between marks;
/// prints `threads FIRST NEXT events FIRST NEXT`.
pub(crate) fn count_role() {
    let side = std::env::var("LOMI_BENCH_SIDE").expect("LOMI_BENCH_SIDE");
    let base = std::env::var("LOMI_BENCH_BASE").expect("LOMI_BENCH_BASE");
    let calls: usize = std::env::var("LOMI_BENCH_CALLS")
        .expect("LOMI_BENCH_CALLS")
        .parse()
        .expect("a number of calls");
    log::set_logger(&RESOLVER_EVENTS).expect("the only logger");
    log::set_max_level(log::LevelFilter::Debug);
    let events = || RESOLVER_EVENTS.0.load(Ordering::SeqCst);
    let key = std::env::var("LOMI_BENCH_CALL").expect("LOMI_BENCH_CALL");
    let call = Call::ALL
        .into_iter()
        .find(|c| c.key() == key)
        .expect("a call");
    let mut call = counted_call(&side, &base, call);

    let (t0, e0) = (thread_serial(), events());
    mark("first");
    call();
    mark("first-end");
    let (t1, e1) = (thread_serial(), events());
    mark("next");
    for _ in 0..calls {
        call();
    }
    mark("next-end");
    let (t2, e2) = (thread_serial(), events());
    println!(
        "threads {} {} events {} {}",
        t1 - t0 - 1,
        t2 - t1 - 1,
        e1 - e0,
        e2 - e1
    );
}

/// What one child counted.
pub(crate) struct Counts {
    /// Threads started: the first call, the next calls.
    pub(crate) threads: [u64; 2],
    /// `lomi::resolver` events: the first call, the next calls.
    pub(crate) events: [u64; 2],
    /// From strace, when installed.
    pub(crate) trace: Option<Trace>,
}

pub(crate) struct Trace {
    /// `clone`/`clone3` calls: the first call, the next calls.
    pub(crate) clones: [usize; 2],
    /// Opens of `/etc/hosts`: the first call, the next calls.
    pub(crate) lookups: [usize; 2],
    /// Every system call of the next calls, by name.
    pub(crate) syscalls: BTreeMap<String, usize>,
}

pub(crate) fn strace_installed() -> bool {
    Command::new("strace")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub(crate) fn count(side: Side, call: Call, base: &str, calls: usize, strace: bool) -> Counts {
    let exe = std::env::current_exe().expect("this bench's path");
    let trace_file = std::env::temp_dir().join(format!(
        "lomi-bench-{}-{}-{}-{}.strace",
        std::process::id(),
        side.name(),
        call.key(),
        base.len()
    ));
    let mut command = if strace {
        let mut c = Command::new("strace");
        c.args(["-f", "-qq", "-o"]).arg(&trace_file).arg(&exe);
        c
    } else {
        Command::new(&exe)
    };
    let output = command
        .env(ROLE, "count")
        .env("LOMI_BENCH_SIDE", side.name())
        .env("LOMI_BENCH_BASE", base)
        .env("LOMI_BENCH_CALLS", calls.to_string())
        .env("LOMI_BENCH_CALL", call.key())
        .stderr(Stdio::inherit())
        .output()
        .expect("run the counting child");
    assert!(output.status.success(), "the counting child failed");
    let text = String::from_utf8_lossy(&output.stdout);
    let numbers: Vec<u64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(numbers.len(), 4, "the child printed {text:?}");
    let trace = strace.then(|| {
        let text = std::fs::read_to_string(&trace_file).expect("the strace output");
        let _ = std::fs::remove_file(&trace_file);
        parse_trace(&text)
    });
    Counts {
        threads: [numbers[0], numbers[1]],
        events: [numbers[2], numbers[3]],
        trace,
    }
}

/// Splits strace's output at the marks and counts what happened in each stretch.
pub(crate) fn parse_trace(text: &str) -> Trace {
    let mut stretch = None;
    let mut trace = Trace {
        clones: [0; 2],
        lookups: [0; 2],
        syscalls: BTreeMap::new(),
    };
    for line in text.lines() {
        // `PID name(args…) = result`, or `PID <... name resumed>…` for the end of a call that
        // another thread's line interrupted (counted where it started).
        let call = line
            .split_once(' ')
            .map_or(line, |(_, rest)| rest)
            .trim_start();
        if let Some(at) = line.find(MARK) {
            let name = line[at + MARK.len()..]
                .split('"')
                .next()
                .unwrap_or_default();
            stretch = match name {
                "first" => Some(0),
                "next" => Some(1),
                _ => None,
            };
            continue;
        }
        let Some(i) = stretch else { continue };
        if call.starts_with('<') || call.starts_with("+++") || call.starts_with("---") {
            continue;
        }
        let Some((name, _)) = call.split_once('(') else {
            continue;
        };
        if name == "clone" || name == "clone3" {
            trace.clones[i] += 1;
        }
        if name.starts_with("open") && call.contains("\"/etc/hosts\"") {
            trace.lookups[i] += 1;
        }
        if i == 1 {
            *trace.syscalls.entry(name.to_owned()).or_default() += 1;
        }
    }
    trace
}
