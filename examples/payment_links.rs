//! Create a payment link (a shareable payment URL), share its URL, then deactivate and delete it.
//!
//! ```sh
//! LOMI_API_KEY=lomi_sk_test_… cargo run --example payment_links
//! ```

#[path = "support/client.rs"]
mod support;

use lomi::types::{CurrencyCode, PaymentLinkCreate, PaymentLinkUpdate};

fn main() -> Result<(), lomi::Error> {
    let (client, _mock) = support::client()?;
    let link = client.create_payment_link(&PaymentLinkCreate {
        title: Some("Premium Membership".into()),
        amount: Some(50000.into()),
        currency_code: Some(CurrencyCode::Xof),
        description: Some("Annual premium membership".into()),
        product_id: Some("prod_1234567890abcdef".into()),
        ..Default::default()
    })?;
    let id = link.link_id.clone();
    println!("share this: {}", link.url.as_deref().unwrap_or("-"));

    let update = PaymentLinkUpdate {
        is_active: Some(false),
        ..Default::default()
    };
    // Against the embedded mock only lomi.'s example update (openapi.yaml) is answered; lomi. takes any.
    match client.update_payment_link(&id, &update) {
        Ok(link) => println!("{id} active: {:?}", link.is_active),
        Err(e) => println!("{id} not updated: {e}"),
    }
    client.delete_payment_link(&id)?;
    println!("{id} deleted");
    Ok(())
}
