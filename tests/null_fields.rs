//! lomi.'s API sends an unset field as `null` (a database column with no value); every optional
//! field of every type must decode it as unset, as the README promises ("an absent field may
//! also be `null`").

use lomi::types::{CheckoutSession, CheckoutSessionCreate, CheckoutSessionUpdate, ErrorResponse};

#[test]
fn a_null_object_field_decodes_as_unset() {
    let session: CheckoutSession = serde_json::from_str(
        r#"{"checkout_session_id":"cs_1","qr_code_data":null,"metadata":null,"customer_email":null}"#,
    )
    .unwrap();
    assert_eq!(session.checkout_session_id, "cs_1");
    assert!(session.qr_code_data.is_none());
    let _: CheckoutSessionCreate = serde_json::from_str(r#"{"qr_code_data":null}"#).unwrap();
    let _: CheckoutSessionUpdate = serde_json::from_str(r#"{"qr_code_data":null}"#).unwrap();
    let error: ErrorResponse =
        serde_json::from_str(r#"{"error":{"code":"NOT_FOUND","message":"gone","details":null}}"#)
            .unwrap();
    assert!(error.error.unwrap().details.is_none());
}
