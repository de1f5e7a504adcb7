//! Create a checkout session (a hosted payment page) for 15 000 XOF and print what identifies it.
//!
//! ```sh
//! LOMI_API_KEY=lomi_sk_test_… cargo run --example create_checkout_session
//! ```

#[path = "support/client.rs"]
mod support;

use lomi::types::{CheckoutSessionCreate, CurrencyCode};

fn main() -> Result<(), lomi::Error> {
    let (client, _mock) = support::client()?;
    let session = client.create_checkout_session(&CheckoutSessionCreate {
        amount: Some(15000.into()),
        currency_code: Some(CurrencyCode::Xof),
        product_id: Some("prod_1234567890abcdef".into()),
        success_url: Some("https://example.com/success".into()),
        cancel_url: Some("https://example.com/cancel".into()),
        customer_email: Some("customer@example.com".into()),
        ..Default::default()
    })?;
    println!("checkout session: {}", session.checkout_session_id);
    println!(
        "status:           {}",
        session.status.map_or("-".into(), |s| s.to_string())
    );
    println!(
        "expires at:       {}",
        session.expires_at.map_or("-".into(), |t| t.to_rfc3339())
    );
    println!(
        "after payment:    {}",
        session.success_url.as_deref().unwrap_or("-")
    );
    Ok(())
}
