//! lomi.'s side of the webhook examples' self-test: it POSTs events signed with the secret, as
//! lomi.'s server sends them, and checks the status each delivery gets.

use std::error::Error;
use std::time::Duration;

use lomi::webhook;

/// Plays lomi.: POSTs events signed with the secret, as lomi.'s server sends them.
pub fn send_test_events(url: &str, secret: &str) -> Result<(), Box<dyn Error + Send + Sync>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None) // loopback: never through an HTTP(S)_PROXY from the environment
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let event = |id: &str| {
        format!(
            r#"{{"id":"{id}","event":"PAYMENT_SUCCEEDED","timestamp":"{now}","data":{{"transaction_id":"txn_1234567890abcdef","gross_amount":15000,"currency_code":"XOF","status":"completed"}},"lomi_environment":"production"}}"#
        )
    };
    let body = event("5f0c7d0e-8d4b-4e0a-9b1e-3f7a2c1d9e84");
    // lomi.'s queue delivering the same payment again builds a new event: a new id.
    let again = event("9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d");
    let forged = body.replace("15000", "95000");

    let deliveries = [
        ("a signed PAYMENT_SUCCEEDED event", body.as_str(), 200),
        (
            "the same payment again, as a new event",
            again.as_str(),
            200,
        ),
        (
            "a forged copy: amount changed, same signature",
            forged.as_str(),
            400,
        ),
    ];
    for (what, payload, expected) in deliveries {
        println!("lomi. sends {what}");
        let response = agent
            .post(url)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Lomi-Webhook/1.0")
            // The forged copy keeps the genuine body's signature.
            .header(
                webhook::SIGNATURE_HEADER,
                webhook::sign(if expected == 400 { &body } else { payload }, secret),
            )
            .header(webhook::EVENT_HEADER, "PAYMENT_SUCCEEDED")
            .send(payload)?;
        let status = response.status().as_u16();
        println!("lomi. got {status}\n");
        if status != expected {
            return Err(format!("expected {expected} for {what}, got {status}").into());
        }
    }
    println!("all three deliveries were answered as expected");
    Ok(())
}
