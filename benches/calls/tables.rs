//! The tables printed: times, parts of a call, counts, system calls, requests.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// What the parts of a call cost on their own.

/// Nanoseconds per run of `f`: the median over 2,000 batches of `n` runs, short enough that
/// few of them are preempted on a busy machine.
pub(crate) fn per_run(n: u32, mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<u64> = (0..2000)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..n {
                f();
            }
            (started.elapsed() / n).as_nanos() as u64
        })
        .collect();
    median(&mut samples)
}

/// Decoding a retrieve's body alone, and the system calls ureq's transport and ours make to
/// check a pooled connection and to set its timeouts, on an idle loopback connection.
pub(crate) fn print_parts() -> f64 {
    println!("## What parts of a call cost on their own (ns per run, median of 2,000 batches)");
    println!();
    let fixture = serde_json::to_vec(
        &serde_json::from_str::<serde_json::Value>(include_str!(
            "../../tests/fixtures/checkout_session.json"
        ))
        .expect("the fixture is JSON"),
    )
    .expect("compact JSON");
    let from_slice = per_run(10, || {
        let session: CheckoutSession = serde_json::from_slice(&fixture).expect("decode");
        black_box(session);
    });
    // As lomi decodes a body (src/call/response.rs): checked as UTF-8 once, then decoded as text.
    let decode = per_run(10, || {
        let text = std::str::from_utf8(black_box(&fixture)).expect("UTF-8");
        let session: CheckoutSession = serde_json::from_str(text).expect("decode");
        black_box(session);
    });
    let (a0, _) = allocated();
    black_box(serde_json::from_slice::<CheckoutSession>(&fixture).expect("decode"));
    let (a1, _) = allocated();
    println!("| part | ns |");
    println!("|---|---:|");
    println!(
        "| decode a retrieve's body ({} bytes) into `CheckoutSession` ({} allocations) as lomi does: UTF-8 checked once, then `serde_json::from_str` | {decode:.0} |",
        fixture.len(),
        a1 - a0
    );
    println!(
        "| the same with `serde_json::from_slice` (each string checked on its own) | {from_slice:.0} |"
    );
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let client = TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
    let _server = listener.accept().expect("accept");
    let fionbio = per_run(50, || {
        client.set_nonblocking(true).expect("non-blocking");
        black_box(client.peek(&mut [0]).is_err());
        client.set_nonblocking(false).expect("blocking");
    });
    println!(
        "| ureq's pooled-connection check: FIONBIO on, 1-byte read, FIONBIO off | {fionbio:.0} |"
    );
    #[cfg(unix)]
    {
        let peek = per_run(50, || {
            let mut byte = [std::mem::MaybeUninit::<u8>::uninit()];
            let flags = libc::MSG_PEEK | libc::MSG_DONTWAIT;
            let result = socket2::SockRef::from(&client).recv_with_flags(&mut byte, flags);
            black_box(result.is_err());
        });
        println!("| lomi's check: one recv(MSG_PEEK \\| MSG_DONTWAIT) | {peek:.0} |");
    }
    let mut secs = 70;
    let timeout = per_run(50, || {
        secs ^= 1;
        client
            .set_read_timeout(Some(Duration::from_secs(secs)))
            .expect("a timeout");
    });
    println!("| one socket timeout (setsockopt), which ureq sets twice per call | {timeout:.0} |");
    println!();
    decode
}

/// Elsewhere than Linux the one-CPU table is left out.
#[cfg(not(target_os = "linux"))]
pub(crate) struct OneCpu;

#[cfg(not(target_os = "linux"))]
impl OneCpu {
    pub(crate) fn pin() -> Option<Self> {
        None
    }
}

/// Prints the table of median times per call against the server on `port`, and the target's
/// ratio; returns that ratio's parts for each host: (label, lomi, raw).
pub(crate) fn print_times(setting: &str, port: u16) -> Vec<(String, f64, f64)> {
    let all = Side::all();
    println!(
        "## Median time per call, {setting} (µs; 25th–75th percentile in brackets; \
         {ROUNDS} rounds)"
    );
    println!();
    let mut header = String::from("| call | host |");
    let mut rule = String::from("|---|---|");
    for side in &all {
        header.push_str(&format!(" {} |", side.title()));
        rule.push_str("---:|");
    }
    for side in &all[1..] {
        header.push_str(&format!(" {}/raw |", side.name()));
        rule.push_str("---:|");
    }
    #[cfg(feature = "async")]
    {
        header.push_str(" lomi/async |");
        rule.push_str("---:|");
    }
    println!("{header}");
    println!("{rule}");
    let mut retrieve_ratio = Vec::new();
    for (host, calls) in [
        (HOSTS[0], &Call::ALL[..]),
        (HOSTS[1], &[Call::Retrieve][..]),
    ] {
        let mut sides = Sides::new(host, port);
        for &call in calls {
            let t = time_call(&mut sides, call);
            let mut row = format!("| {} | {host} |", call.name());
            for timing in &t {
                row.push_str(&format!(
                    " {:.1} [{:.1}–{:.1}] |",
                    timing.median / 1e3,
                    timing.p25 / 1e3,
                    timing.p75 / 1e3
                ));
            }
            for timing in &t[1..] {
                row.push_str(&format!(" {:.2} |", timing.median / t[0].median));
            }
            #[cfg(feature = "async")]
            row.push_str(&format!(" {:.2} |", t[2].median / t[3].median));
            println!("{row}");
            if call == Call::Retrieve {
                retrieve_ratio.push((format!("{host}, {setting}"), t[2].median, t[0].median));
            }
        }
    }
    println!();
    for (label, lomi, raw) in &retrieve_ratio {
        println!(
            "target lomi/raw ≤ 1.5 for a retrieve ({label}): {:.2}",
            lomi / raw
        );
    }
    println!();
    retrieve_ratio
}

/// This thread (and the processes it starts) kept to the CPU it is on, until dropped.
#[cfg(target_os = "linux")]
pub(crate) struct OneCpu {
    pub(crate) before: libc::cpu_set_t,
}

#[cfg(target_os = "linux")]
impl OneCpu {
    /// `None` where the affinity cannot be read or set.
    pub(crate) fn pin() -> Option<Self> {
        // SAFETY: `cpu_set_t` is plain data, valid all zeroes; the calls get its true size and
        // act on the calling thread only (pid 0).
        unsafe {
            let mut before: libc::cpu_set_t = std::mem::zeroed();
            let size = std::mem::size_of::<libc::cpu_set_t>();
            if libc::sched_getaffinity(0, size, &mut before) != 0 {
                return None;
            }
            let cpu = usize::try_from(libc::sched_getcpu()).ok()?;
            let mut one: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(cpu, &mut one);
            (libc::sched_setaffinity(0, size, &one) == 0).then_some(Self { before })
        }
    }
}

#[cfg(target_os = "linux")]
impl Drop for OneCpu {
    fn drop(&mut self) {
        // SAFETY: as in `pin`.
        unsafe {
            libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &self.before);
        }
    }
}

/// Threads, lookups and system calls per side and host, each counted in a child process.
pub(crate) fn print_counts(all: &[Side], port: u16) {
    let strace = strace_installed();
    println!(
        "## Threads started and host lookups: a fresh client's first call, then its next \
         {COUNTED_CALLS} sequential calls (retrieve, one process per row)"
    );
    println!();
    if !strace {
        println!(
            "(strace is not installed: lookups are counted from lomi's own `lomi::resolver` \
             events only, and no system calls are shown)"
        );
        println!();
    }
    println!(
        "| side | host | threads, first call | threads, next {COUNTED_CALLS} | lookups, first call | lookups, next {COUNTED_CALLS} | lomi::resolver events, first / next |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    let mut syscalls: Vec<(Side, BTreeMap<String, usize>)> = Vec::new();
    for host in HOSTS {
        for &side in all {
            let base = format!("http://{host}:{port}/v1");
            let counts = count(side, Call::Retrieve, &base, COUNTED_CALLS, strace);
            let (lookups, clones) = match &counts.trace {
                Some(t) => (
                    [t.lookups[0].to_string(), t.lookups[1].to_string()],
                    format!(" ({} / {} clone)", t.clones[0], t.clones[1]),
                ),
                None => (["—".to_owned(), "—".to_owned()], String::new()),
            };
            println!(
                "| {} | {host} | {} | {}{clones} | {} | {} | {} / {} |",
                side.title(),
                counts.threads[0],
                counts.threads[1],
                lookups[0],
                lookups[1],
                counts.events[0],
                counts.events[1],
            );
            if host == HOSTS[0]
                && let Some(trace) = counts.trace
            {
                syscalls.push((side, trace.syscalls));
            }
        }
    }
    println!();
    println!(
        "Threads: std thread ids started (with strace: clone calls, first / next). Lookups: opens \
         of /etc/hosts under strace (where `localhost` is looked up; an IP literal needs none)."
    );
    println!();
    if syscalls.is_empty() {
        return;
    }
    print_syscalls(Call::Retrieve, &syscalls);
    let base = format!("http://{}:{port}/v1", HOSTS[0]);
    let creates: Vec<(Side, BTreeMap<String, usize>)> = all
        .iter()
        .filter_map(|&side| {
            let counts = count(side, Call::Create, &base, COUNTED_CALLS, true);
            Some((side, counts.trace?.syscalls))
        })
        .collect();
    print_syscalls(Call::Create, &creates);
}

pub(crate) fn print_syscalls(call: Call, syscalls: &[(Side, BTreeMap<String, usize>)]) {
    println!(
        "## System calls per {} on a kept-alive connection (strace, {}, mean of {COUNTED_CALLS})",
        call.name(),
        HOSTS[0]
    );
    println!();
    let mut names: Vec<&String> = syscalls.iter().flat_map(|(_, m)| m.keys()).collect();
    names.sort();
    names.dedup();
    let mut header = String::from("| system call |");
    let mut rule = String::from("|---|");
    for (side, _) in syscalls {
        header.push_str(&format!(" {} |", side.title()));
        rule.push_str("---:|");
    }
    println!("{header}");
    println!("{rule}");
    let per_call = |n: usize| n as f64 / COUNTED_CALLS as f64;
    for name in names {
        let mut row = format!("| {name} |");
        for (_, counts) in syscalls {
            let n = counts.get(name).copied().unwrap_or(0);
            row.push_str(&format!(" {:.2} |", per_call(n)));
        }
        println!("{row}");
    }
    let mut row = String::from("| **total** |");
    for (_, counts) in syscalls {
        row.push_str(&format!(" **{:.2}** |", per_call(counts.values().sum())));
    }
    println!("{row}");
    println!();
}

/// Checks that the sides put the same request on the wire for each call (the same request
/// line, header set and body; each client orders headers its own way) and prints it once.
pub(crate) fn print_requests(server: &Server, sides: &mut Sides) {
    println!("## The request each side sends (the same on all; key redacted)");
    println!();
    for call in Call::ALL {
        let mut seen: Vec<(String, Vec<String>)> = Side::all()
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
        // The async client is progenitor's for now and adds a header or two: shown, not
        // asserted.
        #[cfg(feature = "async")]
        if let Some((_, normalized)) = seen.pop() {
            let extra: Vec<&String> = normalized
                .iter()
                .filter(|line| !seen[0].1.contains(line))
                .collect();
            let missing: Vec<&String> = seen[0]
                .1
                .iter()
                .filter(|line| !normalized.contains(line))
                .collect();
            if !extra.is_empty() || !missing.is_empty() {
                println!(
                    "{}: the async client adds {extra:?} and leaves out {missing:?}",
                    call.name()
                );
            }
        }
        for (request, normalized) in &seen[1..] {
            assert_eq!(
                normalized,
                &seen[0].1,
                "{} differs:\n{request}",
                call.name()
            );
        }
        let (lomi_request, _) = seen.swap_remove(2);
        println!("{}:", call.name());
        println!("```");
        println!("{}", lomi_request.trim_end());
        println!("```");
    }
    println!();
}
