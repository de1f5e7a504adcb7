//! The whole Checkout flow: create, list, retrieve, update and delete a checkout session and a
//! payment link, with the request bodies from lomi.'s own examples.
//!
//! Without `LOMI_API_KEY` it runs against an embedded mock of the API on 127.0.0.1. With it (and
//! optionally `LOMI_BASE_URL`, or a `lomi_sk_test_…` key for the sandbox) it runs against lomi.
//!
//! ```sh
//! cargo run --example quickstart
//! LOMI_API_KEY=lomi_sk_test_… cargo run --example quickstart
//! ```

#[path = "support/client.rs"]
mod support;

use lomi::types::{
    CheckoutSessionCreate, CheckoutSessionUpdate, CurrencyCode, ListCheckoutSessionsParams,
    ListPaymentLinksParams, Metadata, PaymentLinkCreate, PaymentLinkUpdate,
};

fn main() -> Result<(), lomi::Error> {
    // Without LOMI_API_KEY this starts the embedded mock; keep it alive for the whole run.
    let (client, mock) = support::client()?;
    println!("lomi quickstart against {}\n", client.base_url());

    // Checkout sessions: hosted payment pages.
    let session = client.create_checkout_session(&CheckoutSessionCreate {
        amount: Some(15000.into()),
        currency_code: Some(CurrencyCode::Xof),
        product_id: Some("prod_1234567890abcdef".into()),
        success_url: Some("https://example.com/success".into()),
        cancel_url: Some("https://example.com/cancel".into()),
        customer_email: Some("customer@example.com".into()),
        ..Default::default()
    })?;
    let session_id = session.checkout_session_id.clone();
    println!(
        "1. created checkout session {session_id}: {} {} ({})",
        show(session.amount),
        show(session.currency_code.as_ref()),
        show(session.status.as_ref()),
    );

    let page = client.list_checkout_sessions(
        &ListCheckoutSessionsParams::new()
            .limit(20)
            .offset(0)
            .sort("created_at:desc"),
    )?;
    let total = page.pagination.as_ref().and_then(|p| p.total);
    println!(
        "2. listed {} checkout session(s) of {}",
        page.data.len(),
        show(total)
    );

    let session = client.retrieve_checkout_session(&session_id)?;
    println!(
        "3. retrieved {session_id}, expires at {}",
        show(session.expires_at)
    );

    let session = client.update_checkout_session(
        &session_id,
        &CheckoutSessionUpdate {
            metadata: Some(update_metadata()),
            ..Default::default()
        },
    )?;
    println!(
        "4. updated {session_id}, updated at {}",
        show(session.updated_at)
    );

    client.delete_checkout_session(&session_id)?;
    println!("5. deleted {session_id}\n");

    // Payment links: shareable payment URLs.
    let link = client.create_payment_link(&PaymentLinkCreate {
        title: Some("Premium Membership".into()),
        amount: Some(50000.into()),
        currency_code: Some(CurrencyCode::Xof),
        description: Some("Annual premium membership".into()),
        product_id: Some("prod_1234567890abcdef".into()),
        ..Default::default()
    })?;
    let link_id = link.link_id.clone();
    println!(
        "6. created payment link {link_id}: {}",
        show(link.url.as_ref())
    );

    let page = client.list_payment_links(
        &ListPaymentLinksParams::new()
            .limit(20)
            .offset(0)
            .sort("created_at:desc"),
    )?;
    println!("7. listed {} payment link(s)", page.data.len());

    let link = client.retrieve_payment_link(&link_id)?;
    println!("8. retrieved {link_id}, active: {}", show(link.is_active));

    let link = client.update_payment_link(
        &link_id,
        &PaymentLinkUpdate {
            metadata: Some(update_metadata()),
            ..Default::default()
        },
    )?;
    println!("9. updated {link_id}: {}", show(link.title.as_ref()));

    client.delete_payment_link(&link_id)?;
    println!("10. deleted {link_id}\n");

    // Errors are typed: a missing object is an API error with status, code and message.
    match client.retrieve_checkout_session("cs_does_not_exist") {
        Err(lomi::Error::Api(e)) => println!("a missing session: {} {}", e.status(), e.message()),
        other => println!("a missing session: {other:?}"),
    }
    println!("\ndone");
    drop(mock);
    Ok(())
}

fn update_metadata() -> Metadata {
    Metadata::from_iter([
        ("updated_at", "2025-11-21T13:32:16.240Z"),
        ("updated_reason", "Administrative update"),
    ])
}

fn show<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}
