//! The async client (feature `async`): create a payment link, then stream every link.
//!
//! ```sh
//! cargo run --example async_quickstart --features async
//! ```

#[path = "support/client.rs"]
mod support;

use futures_util::StreamExt as _;
use lomi::types::{CurrencyCode, ListPaymentLinksParams, PaymentLinkCreate};

fn main() -> Result<(), lomi::Error> {
    // The mock (without LOMI_API_KEY) starts outside the runtime and lives until the end.
    let (builder, _mock) = support::builder()?;
    let client = builder.build_async()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let link = client
            .create_payment_link(&PaymentLinkCreate {
                title: Some("Premium Membership".into()),
                amount: Some(50000.into()),
                currency_code: Some(CurrencyCode::Xof),
                description: Some("Annual premium membership".into()),
                product_id: Some("prod_1234567890abcdef".into()),
                ..Default::default()
            })
            .await?;
        println!("created {}", link.url.as_deref().unwrap_or("-"));
        let params = ListPaymentLinksParams::new().limit(50);
        let mut links = std::pin::pin!(client.list_payment_links_stream(&params));
        while let Some(link) = links.next().await {
            println!("- {}", link?.title.as_deref().unwrap_or("-"));
        }
        Ok(())
    })
}
