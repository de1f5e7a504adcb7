//! List every checkout session, page after page, with the lazy iterator.
//!
//! ```sh
//! LOMI_API_KEY=lomi_sk_test_… cargo run --example list_all
//! ```

#[path = "support/client.rs"]
mod support;

use lomi::types::ListCheckoutSessionsParams;

fn main() -> Result<(), lomi::Error> {
    let (client, _mock) = support::client()?;
    let params = ListCheckoutSessionsParams::new()
        .limit(100)
        .sort("created_at:desc");
    let mut count = 0;
    for session in client.list_checkout_sessions_iter(&params) {
        let session = session?;
        count += 1;
        println!(
            "{:>4}. {} {} {}",
            count,
            session.checkout_session_id,
            session.amount.map_or("-".into(), |a| a.to_string()),
            session.currency_code.map_or("-".into(), |c| c.to_string()),
        );
    }
    println!("{count} checkout session(s)");
    Ok(())
}
