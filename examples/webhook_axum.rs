//! Receives lomi.'s webhooks in axum: a `POST /webhooks/lomi` route that takes the raw body
//! bytes and the `X-Lomi-Signature` header, verifies them, handles each payment once (by event
//! type and transaction: a delivery of the same payment again is a new event with a new id),
//! and answers what lomi.'s sender expects: a 2xx once the event is taken, and a 4xx for a
//! delivery that is not lomi.'s (lomi. retries anything but a 2xx, so answer 2xx quickly and do
//! slow work after).
//!
//! By default it proves itself end to end and exits: it serves on a free port of 127.0.0.1,
//! sends itself a signed `PAYMENT_SUCCEEDED` event as lomi. would, the same payment again as a
//! new event, and a forged copy with the amount changed, and checks each answer. With `--serve`
//! it keeps listening on `LOMI_WEBHOOK_ADDR` (default `127.0.0.1:8787`).
//!
//! ```sh
//! cargo run --example webhook_axum
//! LOMI_WEBHOOK_SECRET=whsec_… cargo run --example webhook_axum -- --serve
//! ```
//!
//! For synchronous apps, `webhook_receiver` does the same on tiny_http.

/// lomi.'s side of the self-test: signed deliveries, as its server sends them.
#[path = "common/sender.rs"]
mod sender;

use std::collections::HashSet;
use std::error::Error;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use lomi::types::{Transaction, WebhookEventType};
use lomi::webhook::{self, Verifier};

/// The largest body accepted; a lomi. event is a few kilobytes. Larger is a 413.
const MAX_BODY: usize = 1024 * 1024;
const DEMO_SECRET: &str = "whsec_demo_not_a_real_secret";

/// What the handler shares: the verifier, and the payments already handled (in production, a
/// table with a unique key on (event type, transaction), so that two servers agree).
#[derive(Clone)]
struct Receiver {
    verifier: Verifier,
    handled: Arc<Mutex<HashSet<(String, String)>>>,
}

/// The route: the raw bytes as sent (the signature covers them, not any re-encoding of the
/// JSON), and the signature header.
async fn receive(
    State(receiver): State<Receiver>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let signature = headers
        .get(webhook::SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok());
    let event = match receiver.verifier.verify(&body, signature) {
        Ok(event) => event,
        Err(e) => {
            // Never log the secret or the header; the error quotes neither.
            println!("  receiver: rejected ({:?}): {e}", e.kind());
            return (StatusCode::BAD_REQUEST, r#"{"error":"invalid webhook"}"#);
        }
    };
    let transaction = event.data_as::<Transaction>().ok();
    let key = transaction
        .as_ref()
        .and_then(|t| t.transaction_id.clone())
        .map(|id| (event.event.to_string(), id));
    let first_time = match key {
        Some(key) => receiver
            .handled
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key),
        None => true,
    };
    if !first_time {
        println!(
            "  receiver: {} for this transaction already handled, skipped",
            event.event
        );
        return (StatusCode::OK, r#"{"received":true}"#);
    }
    match (&event.event, transaction) {
        (WebhookEventType::PaymentSucceeded, Some(paid)) => println!(
            "  receiver: fulfil the order: {} {} (transaction {})",
            paid.gross_amount
                .map_or_else(|| "?".into(), |a| a.to_string()),
            paid.currency_code
                .map_or_else(|| "?".into(), |c| c.to_string()),
            paid.transaction_id.as_deref().unwrap_or("?"),
        ),
        (WebhookEventType::PaymentFailed, _) => {
            println!("  receiver: tell the customer the payment failed")
        }
        (other, _) => println!("  receiver: {other}: nothing to do here"),
    }
    (StatusCode::OK, r#"{"received":true}"#)
}

fn app(verifier: Verifier) -> Router {
    Router::new()
        .route("/webhooks/lomi", post(receive))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(Receiver {
            verifier,
            handled: Arc::default(),
        })
}

fn main() -> Result<(), Box<dyn Error + Send + Sync>> {
    let secret = std::env::var(webhook::SECRET_ENV).unwrap_or_else(|_| {
        println!("{} is not set: using a demo secret", webhook::SECRET_ENV);
        DEMO_SECRET.to_string()
    });
    let verifier = Verifier::new(&secret)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let serve = std::env::args().any(|a| a == "--serve");
    let addr = match serve {
        true => std::env::var("LOMI_WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:8787".into()),
        false => "127.0.0.1:0".into(),
    };
    let listener = runtime.block_on(tokio::net::TcpListener::bind(&addr))?;
    let url = format!("http://{}/webhooks/lomi", listener.local_addr()?);
    println!("receiver listening on {url}\n");
    if serve {
        runtime.block_on(async { axum::serve(listener, app(verifier)).await })?;
        return Ok(());
    }
    // Self-test: the server on this thread's runtime, lomi. played from another thread.
    let lomi = std::thread::spawn(move || sender::send_test_events(&url, &secret));
    runtime.block_on(async {
        let server = tokio::spawn(async move { axum::serve(listener, app(verifier)).await });
        while !lomi.is_finished() {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        server.abort();
    });
    lomi.join().map_err(|_| "the sender thread panicked")?
}
