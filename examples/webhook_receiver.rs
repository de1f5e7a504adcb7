//! Receives lomi.'s webhooks: a small HTTP server that checks each delivery's
//! `X-Lomi-Signature`, skips a payment delivered again (by event type and transaction: a new
//! delivery has a new event id), and prints the event.
//!
//! By default it proves itself end to end and exits: it listens on a free port of 127.0.0.1,
//! sends itself a signed `PAYMENT_SUCCEEDED` event as lomi. would, the same payment again as a
//! new event (as lomi.'s queue sends it), and a forged copy with the amount changed, prints
//! what the server made of each,
//! and stops. No key and no network needed.
//!
//! With `--serve` it keeps listening (on `LOMI_WEBHOOK_ADDR`, default `127.0.0.1:8787`) until
//! stopped, for lomi. through a tunnel, or for `curl`.
//!
//! The secret is `LOMI_WEBHOOK_SECRET` (the `whsec_…` of your webhook in the dashboard); without
//! it, a demo secret is used.
//!
//! ```sh
//! cargo run --example webhook_receiver
//! LOMI_WEBHOOK_SECRET=whsec_… cargo run --example webhook_receiver -- --serve
//! ```

use std::collections::HashSet;
use std::error::Error;
use std::io::Read as _;
use std::sync::Arc;
use std::time::Duration;

/// lomi.'s side of the self-test: signed deliveries, as its server sends them.
#[path = "common/sender.rs"]
mod sender;

use lomi::types::{Transaction, WebhookEventType};
use lomi::webhook::{self, Verifier, WebhookEvent};
use tiny_http::{Header, Method, Request, Response, Server};

/// The largest body the server reads; a lomi. event is a few kilobytes.
const MAX_BODY: u64 = 1024 * 1024;
const DEMO_SECRET: &str = "whsec_demo_not_a_real_secret";

fn main() -> Result<(), Box<dyn Error + Send + Sync>> {
    let secret = std::env::var(webhook::SECRET_ENV).unwrap_or_else(|_| {
        println!("{} is not set: using a demo secret", webhook::SECRET_ENV);
        DEMO_SECRET.to_string()
    });
    // Optional: also refuse events signed more than 10 minutes away from now. lomi.'s automatic
    // retries come within seconds; a manual retry from the dashboard, later, would be refused.
    let verifier = Verifier::new(&secret)?.tolerance(Duration::from_secs(600));

    if std::env::args().any(|a| a == "--serve") {
        let addr = std::env::var("LOMI_WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:8787".into());
        let server = Server::http(&addr)?;
        println!("listening on http://{addr}/ (Ctrl-C to stop)");
        serve(&server, &verifier);
        return Ok(());
    }

    // Self-test: the server on a free loopback port, in a thread; this thread plays lomi.
    let server = Arc::new(Server::http("127.0.0.1:0")?);
    let port = server
        .server_addr()
        .to_ip()
        .ok_or("the server has no IP address")?
        .port();
    let url = format!("http://127.0.0.1:{port}/webhooks/lomi");
    println!("receiver listening on {url}\n");
    let receiver = {
        let server = Arc::clone(&server);
        let verifier = verifier.clone();
        std::thread::spawn(move || serve(&server, &verifier))
    };

    let result = sender::send_test_events(&url, &secret);
    server.unblock(); // ends `serve` once the queued requests are answered
    receiver
        .join()
        .map_err(|_| "the receiver thread panicked")?;
    result
}

/// Answers every request until the server is unblocked.
fn serve(server: &Server, verifier: &Verifier) {
    let mut seen = HashSet::new();
    for mut request in server.incoming_requests() {
        let (status, text) = handle(&mut request, verifier, &mut seen);
        let response = Response::from_string(text)
            .with_status_code(status)
            .with_header(Header::from_bytes("Content-Type", "application/json").unwrap());
        if let Err(e) = request.respond(response) {
            eprintln!("could not answer: {e}");
        }
    }
}

/// The status and body to answer. lomi. only needs a 2xx, quickly; a 4xx tells it (and you)
/// that the delivery was refused.
fn handle(
    request: &mut Request,
    verifier: &Verifier,
    seen: &mut HashSet<(String, String)>,
) -> (u16, &'static str) {
    if *request.method() != Method::Post {
        return (405, r#"{"error":"POST only"}"#);
    }
    // The raw bytes, as sent: the signature covers them, not any JSON re-encoding of them.
    // Read at most one byte more than the limit, to tell a body that was too large.
    let mut body = Vec::new();
    match request
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
    {
        Ok(_) if body.len() as u64 > MAX_BODY => return (413, r#"{"error":"body too large"}"#),
        Ok(_) => {}
        Err(e) => {
            eprintln!("could not read the body: {e}");
            return (400, r#"{"error":"unreadable body"}"#);
        }
    }
    let signature = request
        .headers()
        .iter()
        .find(|h| h.field.equiv(webhook::SIGNATURE_HEADER))
        .map(|h| h.value.as_str());

    match verifier.verify(&body, signature) {
        Ok(event) => {
            // lomi. may deliver the same payment again as a new event, with a new id and
            // timestamp: handle each (event type, transaction) once.
            let transaction = event
                .data_as::<Transaction>()
                .ok()
                .and_then(|t| t.transaction_id);
            let key = transaction.map(|t| (event.event.to_string(), t));
            if key.as_ref().is_some_and(|key| seen.contains(key)) {
                println!(
                    "  receiver: {} for this transaction already handled, skipped",
                    event.event
                );
            } else {
                process(&event);
                seen.extend(key);
            }
            (200, r#"{"received":true}"#)
        }
        Err(e) => {
            // Never log the secret or the header; the error quotes neither.
            println!("  receiver: rejected ({:?}): {e}", e.kind());
            (400, r#"{"error":"invalid webhook"}"#)
        }
    }
}

/// Your business logic: here, print what arrived.
fn process(event: &WebhookEvent) {
    println!(
        "  receiver: verified {} {} sent {} ({})",
        event.event,
        event.id.as_deref().unwrap_or("(no id)"),
        event
            .timestamp
            .map_or_else(|| "at an unknown time".into(), |t| t.to_rfc3339()),
        event
            .lomi_environment
            .as_deref()
            .unwrap_or("unknown environment"),
    );
    match &event.event {
        WebhookEventType::PaymentSucceeded | WebhookEventType::PaymentFailed => {
            match event.data_as::<Transaction>() {
                Ok(paid) => println!(
                    "  receiver: {}: {} {} (transaction {})",
                    if event.event == WebhookEventType::PaymentSucceeded {
                        "fulfil the order"
                    } else {
                        "tell the customer the payment failed"
                    },
                    paid.gross_amount
                        .map_or_else(|| "?".into(), |a| a.to_string()),
                    paid.currency_code
                        .map_or_else(|| "?".into(), |c| c.to_string()),
                    paid.transaction_id.as_deref().unwrap_or("?"),
                ),
                Err(e) => println!("  receiver: unexpected data: {e}"),
            }
        }
        WebhookEventType::Unknown(other) => println!("  receiver: new event type {other}: ignored"),
        other => println!("  receiver: {other}: nothing to do here"),
    }
}
