//! Measuring time, allocations and connections.

#[allow(unused_imports)]
use super::*;

// ---------------------------------------------------------------------------------------------
// Measuring time and allocations.

pub(crate) const ROUNDS: usize = 100;
pub(crate) const WARMUP: usize = 50;
pub(crate) const ALLOC_CALLS: u64 = 200;
pub(crate) const CONNECTION_CALLS: usize = 1000;
pub(crate) const THREADS: usize = 8;

pub(crate) fn median(samples: &mut [u64]) -> f64 {
    samples.sort_unstable();
    let mid = samples.len() / 2;
    if samples.len() % 2 == 1 {
        samples[mid] as f64
    } else {
        (samples[mid - 1] + samples[mid]) as f64 / 2.0
    }
}

pub(crate) fn percentile(sorted: &[u64], p: usize) -> f64 {
    sorted[(sorted.len() - 1) * p / 100] as f64
}

pub(crate) struct Timing {
    /// Nanoseconds per call: median, 25th and 75th percentiles.
    pub(crate) median: f64,
    pub(crate) p25: f64,
    pub(crate) p75: f64,
}

/// Times `call` on every side: rounds of one batch per side, the sides' order rotating from
/// round to round so drift on a noisy machine falls on all of them alike. One `Timing` per
/// side, in [`Side::all`]'s order.
pub(crate) fn time_call(sides: &mut Sides, call: Call) -> Vec<Timing> {
    let all = Side::all();
    let mut samples: Vec<Vec<u64>> = all.iter().map(|_| Vec::new()).collect();
    for &side in &all {
        sides.timed(side, call, WARMUP, &mut Vec::new());
    }
    for round in 0..ROUNDS {
        for k in 0..all.len() {
            let i = (round + k) % all.len();
            sides.timed(all[i], call, call.batch(), &mut samples[i]);
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            let median = median(&mut s);
            Timing {
                median,
                p25: percentile(&s, 25),
                p75: percentile(&s, 75),
            }
        })
        .collect()
}

/// Allocations and bytes per call on this thread, after a warm-up.
pub(crate) fn allocations(sides: &mut Sides, side: Side, call: Call) -> (f64, f64) {
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
pub(crate) fn connections<C: Clone + Send>(
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

pub(crate) fn lomi_connections(server: &Server, calls: usize) -> (usize, usize) {
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
