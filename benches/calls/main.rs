//! What `lomi::Client` costs per call, side by side with the floor (a raw `TcpStream` writing
//! a prepared request and reading the answer), the baseline (hand-written `ureq` +
//! `serde_json` with the client's agent settings, decoding into the same generated types) and,
//! built with `--features async`, `lomi::AsyncClient` on a current-thread tokio runtime.
//!
//! `cargo bench --bench calls --features async` prints the tables that BENCHMARKS.md quotes:
//!
//! - the median time per call and each side's ratio to the floor, for
//!   `retrieve_checkout_session` (one object with every field), `list_checkout_sessions`
//!   (a page of 100) and `create_checkout_session` (lomi.'s example body from openapi.yaml), against a server
//!   in another process (this binary, started again as a child), so that the server's threads
//!   are not counted in the clients' time and the floor is measured in the same run; the
//!   retrieve again with the host named `localhost` instead of `127.0.0.1`; then all of it
//!   again with this process and a new server process kept to one CPU (on Linux), which takes
//!   the scheduler's cross-CPU wake-ups out of the times and makes them steadier;
//! - threads started and host lookups for one client's first call and its next 1,000
//!   sequential calls, for `127.0.0.1` and `localhost`, each side in a child process of its
//!   own; threads from the std thread-id counter, lookups from the client's own `lomi::resolver`
//!   log events and, when `strace` is installed, from the opens of `/etc/hosts` it sees (where
//!   `localhost` is looked up), with every system call per call;
//! - heap allocations and bytes allocated per call, counted on the calling thread by the
//!   global allocator below;
//! - TCP connections accepted over 1,000 sequential calls through one client, and over
//!   8 threads × 1,000 calls sharing one cloned client (against a server in this process,
//!   which counts them).
//!
//! Without `--bench` (as under `cargo test --benches`) every side makes every call a few
//! times as a smoke check, the child processes included, and nothing is timed. A benchmark is
//! not a test: nothing here asserts on time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use lomi::types::{
    CheckoutSession, CheckoutSessionCreate, CheckoutSessionList, ListCheckoutSessionsParams,
};
use serde::de::DeserializeOwned;

/// The integration tests' helpers: the test key, lomi.'s example bodies (openapi.yaml), the fixtures.
#[path = "../../tests/common/mod.rs"]
mod common;

mod alloc;
mod counts;
mod measure;
mod server;
mod sides;
mod tables;

use alloc::*;
use common::{CREATE_SESSION_JSON as CREATE_JSON, KEY, create_session_body as create_body};
use counts::*;
use measure::*;
use server::*;
use sides::*;
use tables::*;

// ---------------------------------------------------------------------------------------------

fn main() {
    match std::env::var(ROLE).as_deref() {
        Ok("server") => return server_role(),
        Ok("count") => return count_role(),

        _ => {}
    }
    let bench = std::env::args().any(|a| a == "--bench");
    let local = Server::start(routes());
    let mut checked = Sides::new("127.0.0.1", local.port);
    checked.check();
    let remote = ChildServer::start();

    if !bench {
        for host in HOSTS {
            let mut sides = Sides::new(host, remote.port);
            sides.check();
            for call in Call::ALL {
                for side in Side::all() {
                    sides.run(side, call);
                }
            }
            for side in Side::all() {
                let base = format!("http://{host}:{}/v1", remote.port);
                count(side, Call::Retrieve, &base, 3, false);
            }
        }
        let (seq, par) = lomi_connections(&local, 10);
        println!(
            "calls bench smoke run: every side answered, in and out of process; \
             lomi opened {seq} and {par} connections"
        );
        return;
    }

    println!("# lomi call benchmark");
    println!();
    print_requests(&local, &mut checked);
    drop(checked);
    let all = Side::all();
    #[cfg(not(feature = "async"))]
    println!("(built without `--features async`: no lomi::AsyncClient side)\n");

    let mut retrieve_ratio = print_times("server in another process", remote.port);
    // The same on one CPU: client and server then take turns on it, without the cross-CPU
    // wake-ups whose cost swings with where the scheduler puts them (the two modes of the
    // table above), so its medians are steadier from run to run.
    if let Some(_pinned) = OneCpu::pin() {
        let server = ChildServer::start();
        retrieve_ratio.extend(print_times(
            "client and server process both on one CPU",
            server.port,
        ));
    }

    let decode = print_parts();
    for (host, lomi, raw) in &retrieve_ratio {
        println!(
            "lomi/raw for a retrieve ({host}) without the body's decoding, which the floor does \
             not do: {:.2}",
            (lomi - decode) / raw
        );
    }
    println!();
    print_counts(&all, remote.port);

    println!("## Heap allocations per call (calling thread, mean of {ALLOC_CALLS} calls)");
    println!();
    let mut sides = Sides::new(HOSTS[0], remote.port);
    let mut header = String::from("| call |");
    let mut rule = String::from("|---|");
    for side in &all {
        header.push_str(&format!(" {} allocations | bytes |", side.name()));
        rule.push_str("---:|---:|");
    }
    header.push_str(" lomi−ureq allocations | bytes |");
    rule.push_str("---:|---:|");
    println!("{header}");
    println!("{rule}");
    for call in Call::ALL {
        let per_side: Vec<(f64, f64)> = all
            .iter()
            .map(|&side| allocations(&mut sides, side, call))
            .collect();
        let mut row = format!("| {} |", call.name());
        for (a, b) in &per_side {
            row.push_str(&format!(" {a:.1} | {b:.0} |"));
        }
        row.push_str(&format!(
            " {:+.1} | {:+.0} |",
            per_side[2].0 - per_side[1].0,
            per_side[2].1 - per_side[1].1
        ));
        println!("{row}");
    }
    println!();

    println!("## TCP connections the server accepted (retrieve_checkout_session)");
    println!();
    let base = format!("http://127.0.0.1:{}/v1", local.port);
    let (bs, bp) = connections(
        &local,
        CONNECTION_CALLS,
        || Arc::new(Baseline::new(base.clone())),
        |b| drop(black_box(b.retrieve(SESSION_ID))),
    );
    let (ds, dp) = connections(
        &local,
        CONNECTION_CALLS,
        || Arc::new(Baseline::with_pool(base.clone(), 3)),
        |b| drop(black_box(b.retrieve(SESSION_ID))),
    );
    let (ls, lp) = lomi_connections(&local, CONNECTION_CALLS);
    println!(
        "| client | {CONNECTION_CALLS} sequential calls, one client | {THREADS} threads × {CONNECTION_CALLS} calls, one shared client |"
    );
    println!("|---|---:|---:|");
    println!("| 2. ureq agent, lomi's settings (shared via Arc) | {bs} | {bp} |");
    println!("| 2'. ureq agent, ureq's default pool of 3 idle per host | {ds} | {dp} |");
    println!("| 3. lomi::Client (cloned) | {ls} | {lp} |");
    println!();
    println!("targets: 1 connection sequential; ≤ {THREADS} with {THREADS} threads");
}
