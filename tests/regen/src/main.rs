//! Compiles only against a `lomi` generated from the extended spec.

use httpmock::MockServer;
use lomi::mock::MockServerExt as _;
use lomi::types::{ListRefundsParams, Refund, RefundStatus};

fn main() -> Result<(), lomi::Error> {
    let server = MockServer::start();
    let mock = server.retrieve_refund(|when, then| {
        when.refund_id("re_1");
        then.ok(&Refund {
            refund_id: Some("re_1".into()),
            amount: Some(500.into()),
            status: Some(RefundStatus::Pending),
        });
    });
    let client = lomi::Client::builder("lomi_sk_test_regen")
        .base_url(server.base_url())
        .build()?;
    let refund = client.retrieve_refund("re_1")?;
    assert_eq!(refund.status, Some(RefundStatus::Pending));
    mock.assert();

    let params = ListRefundsParams::new().limit(10);
    let _blocking_pages = client.list_refunds_iter(&params);
    let async_client = lomi::AsyncClient::new("lomi_sk_test_regen")?;
    let _stream = async_client.list_refunds_stream(&params);
    let _future = async_client.retrieve_refund("re_1");
    println!("regenerated: retrieve_refund, list_refunds_iter, list_refunds_stream, mocks");
    Ok(())
}
