///A checkout session, a hosted payment page where a customer completes a payment.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq, Default)]
pub struct CheckoutSession {
    ///Unique identifier of the checkout session.
    pub checkout_session_id: ::std::string::String,
    ///Whether the customer may enter a coupon code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_coupon_code: ::std::option::Option<bool>,
    ///Whether the customer may change the quantity.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_quantity: ::std::option::Option<bool>,
    ///Payment providers allowed for this session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allowed_providers: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub amount: ::std::option::Option<crate::types::Amount>,
    ///URL the customer is sent to if they cancel.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub cancel_url: ::std::option::Option<::std::string::String>,
    ///When the session was created.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub created_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///Who created the session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub created_by: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub currency_code: ::std::option::Option<crate::types::CurrencyCode>,
    ///Customer email address.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_email: ::std::option::Option<::std::string::String>,
    ///Identifier of the customer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_id: ::std::option::Option<::std::string::String>,
    ///Customer name.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_name: ::std::option::Option<::std::string::String>,
    ///Customer phone number.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_phone: ::std::option::Option<::std::string::String>,
    ///Environment the session belongs to (e.g. live or test).
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub environment: ::std::option::Option<::std::string::String>,
    ///When the session expires.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub expires_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///Identifier of the installment plan.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub installment_plan_id: ::std::option::Option<::std::string::String>,
    ///Whether this is a point-of-sale session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub is_pos: ::std::option::Option<bool>,
    ///Whether this session uses SPI.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub is_spi: ::std::option::Option<bool>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub metadata: ::std::option::Option<Metadata>,
    ///Identifier of the organization that owns the session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub organization_id: ::std::option::Option<::std::string::String>,
    ///Identifier of the payment link the session came from.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub payment_link_id: ::std::option::Option<::std::string::String>,
    ///Identifier of the payment request.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub payment_request_id: ::std::option::Option<::std::string::String>,
    ///Identifier of the price.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub price_id: ::std::option::Option<::std::string::String>,
    ///Identifier of the product.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub product_id: ::std::option::Option<::std::string::String>,
    ///Description shown to the customer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub public_description: ::std::option::Option<::std::string::String>,
    ///QR code data for the session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub qr_code_data: ::std::option::Option<
        ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    >,
    ///Type of QR code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub qr_code_type: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub quantity: ::std::option::Option<crate::types::Quantity>,
    ///SPI account number.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub spi_account_number: ::std::option::Option<::std::string::String>,
    ///Identifier of the SPI QR code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub spi_qr_code_id: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub status: ::std::option::Option<crate::types::CheckoutSessionStatus>,
    ///Identifier of the subscription.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub subscription_id: ::std::option::Option<::std::string::String>,
    ///URL the customer is sent to after a successful payment.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub success_url: ::std::option::Option<::std::string::String>,
    ///Title of the session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub title: ::std::option::Option<::std::string::String>,
    ///When the session was last updated.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub updated_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
}
///Body to create a checkout session. All fields are optional; send only the fields you set.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct CheckoutSessionCreate {
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub amount: ::std::option::Option<crate::types::Amount>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub currency_code: ::std::option::Option<crate::types::CurrencyCode>,
    ///Identifier of the product.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub product_id: ::std::option::Option<::std::string::String>,
    ///URL the customer is sent to after a successful payment.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub success_url: ::std::option::Option<::std::string::String>,
    ///URL the customer is sent to if they cancel.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub cancel_url: ::std::option::Option<::std::string::String>,
    ///Customer email address.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_email: ::std::option::Option<::std::string::String>,
    ///Whether the customer may enter a coupon code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_coupon_code: ::std::option::Option<bool>,
    ///Whether the customer may change the quantity.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_quantity: ::std::option::Option<bool>,
    ///Payment providers allowed for this session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allowed_providers: ::std::option::Option<::std::string::String>,
    ///Identifier of the checkout session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub checkout_session_id: ::std::option::Option<::std::string::String>,
    ///Identifier of the customer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_id: ::std::option::Option<::std::string::String>,
    ///Customer name.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_name: ::std::option::Option<::std::string::String>,
    ///Customer phone number.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_phone: ::std::option::Option<::std::string::String>,
    ///When the session expires.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub expires_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///Identifier of the installment plan.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub installment_plan_id: ::std::option::Option<::std::string::String>,
    ///Whether this is a point-of-sale session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub is_pos: ::std::option::Option<bool>,
    ///Whether this session uses SPI.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub is_spi: ::std::option::Option<bool>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub metadata: ::std::option::Option<Metadata>,
    ///Identifier of the payment link the session comes from.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub payment_link_id: ::std::option::Option<::std::string::String>,
    ///Identifier of the payment request.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub payment_request_id: ::std::option::Option<::std::string::String>,
    ///Identifier of the price.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub price_id: ::std::option::Option<::std::string::String>,
    ///Description shown to the customer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub public_description: ::std::option::Option<::std::string::String>,
    ///QR code data for the session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub qr_code_data: ::std::option::Option<
        ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    >,
    ///Type of QR code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub qr_code_type: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub quantity: ::std::option::Option<crate::types::Quantity>,
    ///SPI account number.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub spi_account_number: ::std::option::Option<::std::string::String>,
    ///Identifier of the SPI QR code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub spi_qr_code_id: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub status: ::std::option::Option<crate::types::CheckoutSessionStatus>,
    ///Identifier of the subscription.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub subscription_id: ::std::option::Option<::std::string::String>,
    ///Title of the session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub title: ::std::option::Option<::std::string::String>,
}
///A page of checkout sessions.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq, Default)]
pub struct CheckoutSessionList {
    ///The checkout sessions on this page.
    pub data: ::std::vec::Vec<CheckoutSession>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub pagination: ::std::option::Option<Pagination>,
}
///Body to update a checkout session. Only provided fields will be updated; send only the fields you set.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct CheckoutSessionUpdate {
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub amount: ::std::option::Option<crate::types::Amount>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub currency_code: ::std::option::Option<crate::types::CurrencyCode>,
    ///Identifier of the product.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub product_id: ::std::option::Option<::std::string::String>,
    ///URL the customer is sent to after a successful payment.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub success_url: ::std::option::Option<::std::string::String>,
    ///URL the customer is sent to if they cancel.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub cancel_url: ::std::option::Option<::std::string::String>,
    ///Customer email address.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_email: ::std::option::Option<::std::string::String>,
    ///Whether the customer may enter a coupon code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_coupon_code: ::std::option::Option<bool>,
    ///Whether the customer may change the quantity.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_quantity: ::std::option::Option<bool>,
    ///Payment providers allowed for this session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allowed_providers: ::std::option::Option<::std::string::String>,
    ///Identifier of the checkout session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub checkout_session_id: ::std::option::Option<::std::string::String>,
    ///Identifier of the customer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_id: ::std::option::Option<::std::string::String>,
    ///Customer name.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_name: ::std::option::Option<::std::string::String>,
    ///Customer phone number.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_phone: ::std::option::Option<::std::string::String>,
    ///When the session expires.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub expires_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///Identifier of the installment plan.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub installment_plan_id: ::std::option::Option<::std::string::String>,
    ///Whether this is a point-of-sale session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub is_pos: ::std::option::Option<bool>,
    ///Whether this session uses SPI.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub is_spi: ::std::option::Option<bool>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub metadata: ::std::option::Option<Metadata>,
    ///Identifier of the payment link the session comes from.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub payment_link_id: ::std::option::Option<::std::string::String>,
    ///Identifier of the payment request.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub payment_request_id: ::std::option::Option<::std::string::String>,
    ///Identifier of the price.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub price_id: ::std::option::Option<::std::string::String>,
    ///Description shown to the customer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub public_description: ::std::option::Option<::std::string::String>,
    ///QR code data for the session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub qr_code_data: ::std::option::Option<
        ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    >,
    ///Type of QR code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub qr_code_type: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub quantity: ::std::option::Option<crate::types::Quantity>,
    ///SPI account number.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub spi_account_number: ::std::option::Option<::std::string::String>,
    ///Identifier of the SPI QR code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub spi_qr_code_id: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub status: ::std::option::Option<crate::types::CheckoutSessionStatus>,
    ///Identifier of the subscription.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub subscription_id: ::std::option::Option<::std::string::String>,
    ///Title of the session.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub title: ::std::option::Option<::std::string::String>,
}
///Details of an error.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct ErrorDetail {
    ///Machine-readable error code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub code: ::std::option::Option<::std::string::String>,
    ///Human-readable error message.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub message: ::std::option::Option<::std::string::String>,
    ///Additional information about the error.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub details: ::std::option::Option<
        ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    >,
}
///The documented error body (400, 401, 404, 500). Framework errors from NestJS (such as validation failures and 429 rate limiting) may instead arrive as `{"statusCode": int, "message": string or [string], "error": string}`, and a proxy may answer 502, 503 or 504 with an HTML page; clients must keep the status, message and raw body in every case.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct ErrorResponse {
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub error: ::std::option::Option<ErrorDetail>,
}
///Arbitrary key-value data attached to an object (string keys, any JSON values).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
#[serde(transparent)]
pub struct Metadata(pub ::serde_json::Map<::std::string::String, ::serde_json::Value>);
impl ::std::ops::Deref for Metadata {
    type Target = ::serde_json::Map<::std::string::String, ::serde_json::Value>;
    fn deref(&self) -> &::serde_json::Map<::std::string::String, ::serde_json::Value> {
        &self.0
    }
}
impl ::std::convert::From<Metadata>
for ::serde_json::Map<::std::string::String, ::serde_json::Value> {
    fn from(value: Metadata) -> Self {
        value.0
    }
}
impl ::std::convert::From<::serde_json::Map<::std::string::String, ::serde_json::Value>>
for Metadata {
    fn from(
        value: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    ) -> Self {
        Self(value)
    }
}
///Pagination information for a list page.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Pagination {
    ///Maximum number of items requested.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub limit: ::std::option::Option<i64>,
    ///Number of items skipped.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub offset: ::std::option::Option<i64>,
    ///Total number of items available.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub total: ::std::option::Option<i64>,
}
///A payment link, a shareable payment URL.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq, Default)]
pub struct PaymentLink {
    ///Unique identifier of the payment link.
    pub link_id: ::std::string::String,
    ///Whether the customer may enter a coupon code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_coupon_code: ::std::option::Option<bool>,
    ///Whether the customer may change the quantity.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_quantity: ::std::option::Option<bool>,
    ///Payment providers allowed for this link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allowed_providers: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub amount: ::std::option::Option<crate::types::Amount>,
    ///URL the customer is sent to if they cancel.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub cancel_url: ::std::option::Option<::std::string::String>,
    ///When the link was created.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub created_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///Who created the link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub created_by: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub currency_code: ::std::option::Option<crate::types::CurrencyCode>,
    ///Public text shown to the payer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub description: ::std::option::Option<::std::string::String>,
    ///Environment the link belongs to (e.g. live or test).
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub environment: ::std::option::Option<::std::string::String>,
    ///When the link expires.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub expires_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///Whether the link is active.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub is_active: ::std::option::Option<bool>,
    ///Type of payment link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub link_type: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub metadata: ::std::option::Option<Metadata>,
    ///Identifier of the organization that owns the link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub organization_id: ::std::option::Option<::std::string::String>,
    ///Identifier of the price.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub price_id: ::std::option::Option<::std::string::String>,
    ///Internal description, not shown to the payer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub private_description: ::std::option::Option<::std::string::String>,
    ///Identifier of the product.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub product_id: ::std::option::Option<::std::string::String>,
    ///Public description of the link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub public_description: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub quantity: ::std::option::Option<crate::types::Quantity>,
    ///URL the customer is sent to after a successful payment.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub success_url: ::std::option::Option<::std::string::String>,
    ///Title of the link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub title: ::std::option::Option<::std::string::String>,
    ///When the link was last updated.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub updated_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///URL of the shareable payment page.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub url: ::std::option::Option<::std::string::String>,
}
///Body to create a payment link. All fields are optional; send only the fields you set.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct PaymentLinkCreate {
    ///Title of the link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub title: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub amount: ::std::option::Option<crate::types::Amount>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub currency_code: ::std::option::Option<crate::types::CurrencyCode>,
    ///Public text shown to the payer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub description: ::std::option::Option<::std::string::String>,
    ///Identifier of the product.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub product_id: ::std::option::Option<::std::string::String>,
    ///Whether the customer may enter a coupon code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_coupon_code: ::std::option::Option<bool>,
    ///Whether the customer may change the quantity.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_quantity: ::std::option::Option<bool>,
    ///Payment providers allowed for this link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allowed_providers: ::std::option::Option<::std::string::String>,
    ///URL the customer is sent to if they cancel.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub cancel_url: ::std::option::Option<::std::string::String>,
    ///When the link expires.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub expires_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///Whether the link is active.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub is_active: ::std::option::Option<bool>,
    ///Identifier of the payment link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub link_id: ::std::option::Option<::std::string::String>,
    ///Type of payment link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub link_type: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub metadata: ::std::option::Option<Metadata>,
    ///Identifier of the price.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub price_id: ::std::option::Option<::std::string::String>,
    ///Internal description, not shown to the payer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub private_description: ::std::option::Option<::std::string::String>,
    ///Public description of the link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub public_description: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub quantity: ::std::option::Option<crate::types::Quantity>,
    ///URL the customer is sent to after a successful payment.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub success_url: ::std::option::Option<::std::string::String>,
    ///URL of the shareable payment page.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub url: ::std::option::Option<::std::string::String>,
}
///A page of payment links.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq, Default)]
pub struct PaymentLinkList {
    ///The payment links on this page.
    pub data: ::std::vec::Vec<PaymentLink>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub pagination: ::std::option::Option<Pagination>,
}
///Body to update a payment link. Only provided fields will be updated; send only the fields you set.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct PaymentLinkUpdate {
    ///Title of the link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub title: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub amount: ::std::option::Option<crate::types::Amount>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub currency_code: ::std::option::Option<crate::types::CurrencyCode>,
    ///Public text shown to the payer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub description: ::std::option::Option<::std::string::String>,
    ///Identifier of the product.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub product_id: ::std::option::Option<::std::string::String>,
    ///Whether the customer may enter a coupon code.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_coupon_code: ::std::option::Option<bool>,
    ///Whether the customer may change the quantity.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allow_quantity: ::std::option::Option<bool>,
    ///Payment providers allowed for this link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub allowed_providers: ::std::option::Option<::std::string::String>,
    ///URL the customer is sent to if they cancel.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub cancel_url: ::std::option::Option<::std::string::String>,
    ///When the link expires.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub expires_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///Whether the link is active.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub is_active: ::std::option::Option<bool>,
    ///Identifier of the payment link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub link_id: ::std::option::Option<::std::string::String>,
    ///Type of payment link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub link_type: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub metadata: ::std::option::Option<Metadata>,
    ///Identifier of the price.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub price_id: ::std::option::Option<::std::string::String>,
    ///Internal description, not shown to the payer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub private_description: ::std::option::Option<::std::string::String>,
    ///Public description of the link.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub public_description: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub quantity: ::std::option::Option<crate::types::Quantity>,
    ///URL the customer is sent to after a successful payment.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub success_url: ::std::option::Option<::std::string::String>,
    ///URL of the shareable payment page.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub url: ::std::option::Option<::std::string::String>,
}
///The transaction the Stripe and Wave handlers put in a payment event's `data`: the `transactions` row (Wave: `select *`; Stripe: the JSON returned by the `update_stripe_checkout_status` function) with internal columns removed (`fee_structure_id`, `integration_source`, `is_bnpl`, `is_pos`, the `spi_*` columns and `stripe_payment_intent_id`) and internal keys removed from `metadata`. Every field is optional.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Transaction {
    ///Unique id of the transaction (a UUID).
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub transaction_id: ::std::option::Option<::std::string::String>,
    ///Organization that received the payment.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub organization_id: ::std::option::Option<::std::string::String>,
    ///Customer who paid.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub customer_id: ::std::option::Option<::std::string::String>,
    ///Checkout session the payment came from.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub checkout_session_id: ::std::option::Option<::std::string::String>,
    ///Product sold.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub product_id: ::std::option::Option<::std::string::String>,
    ///Price used.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub price_id: ::std::option::Option<::std::string::String>,
    ///Subscription the payment belongs to.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub subscription_id: ::std::option::Option<::std::string::String>,
    ///Description of the transaction.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub description: ::std::option::Option<::std::string::String>,
    ///Status (`pending`, `completed`, `failed`, `refunded`, `expired`).
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub status: ::std::option::Option<::std::string::String>,
    ///Type (`payment` or `instalment`).
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub transaction_type: ::std::option::Option<::std::string::String>,
    ///Payment method (`CARDS`, `MOBILE_MONEY`, `BANK_TRANSFER`, `BNPL`, `FREE`).
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub payment_method_code: ::std::option::Option<::std::string::String>,
    ///Provider (`WAVE`, `JUMBO`, `MTN`, `STRIPE`, `SPI`, `CYBERSOURCE`, `FREE`).
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub provider_code: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub currency_code: ::std::option::Option<crate::types::CurrencyCode>,
    ///Amount paid by the customer.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub gross_amount: ::std::option::Option<crate::Number>,
    ///Fees kept by lomi.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub fee_amount: ::std::option::Option<crate::Number>,
    ///Amount credited to the merchant.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub net_amount: ::std::option::Option<crate::Number>,
    ///Discount applied.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub discount_amount: ::std::option::Option<crate::Number>,
    ///Quantity bought.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub quantity: ::std::option::Option<crate::Number>,
    ///Environment of the transaction (`live` or `test`).
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub environment: ::std::option::Option<::std::string::String>,
    ///Free-form data; for Wave payments it holds e.g. `wave_session_id`, `wave_transaction_id`, `wave_payment_status`, `wave_payment_error`.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub metadata: ::std::option::Option<
        ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    >,
    ///When the funds become available to the merchant.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub available_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///When the transaction was created.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub created_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///When the transaction was last updated.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub updated_at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
}
///An event notification that lomi. POSTs to a merchant's webhook endpoint, with `Content-Type: application/json`. The `X-Lomi-Signature` header carries the lowercase hex HMAC-SHA256 of the raw body bytes, keyed with the webhook's secret (`whsec_…`); nothing else is signed. The retries of one delivery resend the same bytes; a new delivery of the same payment (lomi.'s queue retrying, or its payment handler running again) builds the body anew, with a new `id` and `timestamp`. For the payment events, `data` is a `Transaction`.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct WebhookEvent {
    ///Identifier of the event (a UUID). A new delivery of the same payment carries a new id: de-duplicate on what stays the same, the event type and the transaction's `transaction_id`.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub id: ::std::option::Option<::std::string::String>,
    pub event: crate::types::WebhookEventType,
    ///When lomi. built the event (RFC 3339, UTC); part of the signed body.
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default, deserialize_with = "crate::values::date_time::option")]
    pub timestamp: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    ///The object the event is about (a transaction, a refund, a subscription, a checkout session…); its shape depends on the event type.
    pub data: ::serde_json::Value,
    ///The lomi. environment that sent the event: any text. lomi.'s docs show `live` and `test`; its server sends its `NODE_ENV` (`production`, say).
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub lomi_environment: ::std::option::Option<::std::string::String>,
}
/// Error types.
pub mod error {
    /// Error from a `TryFrom` or `FromStr` implementation.
    pub struct ConversionError(::std::borrow::Cow<'static, str>);
    impl ::std::error::Error for ConversionError {}
    impl ::std::fmt::Display for ConversionError {
        fn fmt(
            &self,
            f: &mut ::std::fmt::Formatter<'_>,
        ) -> Result<(), ::std::fmt::Error> {
            ::std::fmt::Display::fmt(&self.0, f)
        }
    }
    impl ::std::fmt::Debug for ConversionError {
        fn fmt(
            &self,
            f: &mut ::std::fmt::Formatter<'_>,
        ) -> Result<(), ::std::fmt::Error> {
            ::std::fmt::Debug::fmt(&self.0, f)
        }
    }
    impl From<&'static str> for ConversionError {
        fn from(value: &'static str) -> Self {
            Self(value.into())
        }
    }
    impl From<String> for ConversionError {
        fn from(value: String) -> Self {
            Self(value.into())
        }
    }
}
impl CheckoutSession {
    ///A `CheckoutSession` with its required fields (`checkout_session_id`) and every other field empty: set the others with struct-update syntax, `CheckoutSession { field: Some(…), ..CheckoutSession::new(…) }`.
    pub fn new(
        checkout_session_id: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        Self {
            checkout_session_id: checkout_session_id.into(),
            allow_coupon_code: ::std::default::Default::default(),
            allow_quantity: ::std::default::Default::default(),
            allowed_providers: ::std::default::Default::default(),
            amount: ::std::default::Default::default(),
            cancel_url: ::std::default::Default::default(),
            created_at: ::std::default::Default::default(),
            created_by: ::std::default::Default::default(),
            currency_code: ::std::default::Default::default(),
            customer_email: ::std::default::Default::default(),
            customer_id: ::std::default::Default::default(),
            customer_name: ::std::default::Default::default(),
            customer_phone: ::std::default::Default::default(),
            environment: ::std::default::Default::default(),
            expires_at: ::std::default::Default::default(),
            installment_plan_id: ::std::default::Default::default(),
            is_pos: ::std::default::Default::default(),
            is_spi: ::std::default::Default::default(),
            metadata: ::std::default::Default::default(),
            organization_id: ::std::default::Default::default(),
            payment_link_id: ::std::default::Default::default(),
            payment_request_id: ::std::default::Default::default(),
            price_id: ::std::default::Default::default(),
            product_id: ::std::default::Default::default(),
            public_description: ::std::default::Default::default(),
            qr_code_data: ::std::default::Default::default(),
            qr_code_type: ::std::default::Default::default(),
            quantity: ::std::default::Default::default(),
            spi_account_number: ::std::default::Default::default(),
            spi_qr_code_id: ::std::default::Default::default(),
            status: ::std::default::Default::default(),
            subscription_id: ::std::default::Default::default(),
            success_url: ::std::default::Default::default(),
            title: ::std::default::Default::default(),
            updated_at: ::std::default::Default::default(),
        }
    }
}
impl CheckoutSessionList {
    ///A `CheckoutSessionList` with its required fields (`data`) and every other field empty: set the others with struct-update syntax, `CheckoutSessionList { field: Some(…), ..CheckoutSessionList::new(…) }`.
    pub fn new(
        data: impl ::std::convert::Into<::std::vec::Vec<CheckoutSession>>,
    ) -> Self {
        Self {
            data: data.into(),
            pagination: ::std::default::Default::default(),
        }
    }
}
impl PaymentLink {
    ///A `PaymentLink` with its required fields (`link_id`) and every other field empty: set the others with struct-update syntax, `PaymentLink { field: Some(…), ..PaymentLink::new(…) }`.
    pub fn new(link_id: impl ::std::convert::Into<::std::string::String>) -> Self {
        Self {
            link_id: link_id.into(),
            allow_coupon_code: ::std::default::Default::default(),
            allow_quantity: ::std::default::Default::default(),
            allowed_providers: ::std::default::Default::default(),
            amount: ::std::default::Default::default(),
            cancel_url: ::std::default::Default::default(),
            created_at: ::std::default::Default::default(),
            created_by: ::std::default::Default::default(),
            currency_code: ::std::default::Default::default(),
            description: ::std::default::Default::default(),
            environment: ::std::default::Default::default(),
            expires_at: ::std::default::Default::default(),
            is_active: ::std::default::Default::default(),
            link_type: ::std::default::Default::default(),
            metadata: ::std::default::Default::default(),
            organization_id: ::std::default::Default::default(),
            price_id: ::std::default::Default::default(),
            private_description: ::std::default::Default::default(),
            product_id: ::std::default::Default::default(),
            public_description: ::std::default::Default::default(),
            quantity: ::std::default::Default::default(),
            success_url: ::std::default::Default::default(),
            title: ::std::default::Default::default(),
            updated_at: ::std::default::Default::default(),
            url: ::std::default::Default::default(),
        }
    }
}
impl PaymentLinkList {
    ///A `PaymentLinkList` with its required fields (`data`) and every other field empty: set the others with struct-update syntax, `PaymentLinkList { field: Some(…), ..PaymentLinkList::new(…) }`.
    pub fn new(data: impl ::std::convert::Into<::std::vec::Vec<PaymentLink>>) -> Self {
        Self {
            data: data.into(),
            pagination: ::std::default::Default::default(),
        }
    }
}
impl WebhookEvent {
    ///A `WebhookEvent` with its required fields (`event`, `data`) and every other field empty: set the others with struct-update syntax, `WebhookEvent { field: Some(…), ..WebhookEvent::new(…) }`.
    pub fn new(
        event: impl ::std::convert::Into<crate::types::WebhookEventType>,
        data: impl ::std::convert::Into<::serde_json::Value>,
    ) -> Self {
        Self {
            id: ::std::default::Default::default(),
            event: event.into(),
            timestamp: ::std::default::Default::default(),
            data: data.into(),
            lomi_environment: ::std::default::Default::default(),
        }
    }
}
///An amount in the currency's smallest unit (XOF has no minor unit). Requests send it as a JSON integer (e.g. 15000); the API types it as double, so a response may carry any JSON number.
pub type Amount = crate::Number;
///A quantity. Requests send it as a JSON integer; the API types it as double, so a response may carry any JSON number.
pub type Quantity = crate::Number;
///ISO 4217 currency code, e.g. XOF, USD, EUR. Other ISO 4217 codes may appear.
///
/// Open-ended: a value this version of the crate does not know decodes as
/// `Unknown`, with the text the server sent.
///
/// # Example
/**```
use lomi::types::CurrencyCode;

let value: CurrencyCode = "XOF".parse().unwrap();
assert_eq!(value, CurrencyCode::Xof);
assert_eq!(value.as_str(), "XOF");
assert_eq!(CurrencyCode::from("not-yet-known"), CurrencyCode::Unknown("not-yet-known".into()));
```*/
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CurrencyCode {
    ///`XOF`
    Xof,
    ///`USD`
    Usd,
    ///`EUR`
    Eur,
    /// A value this version of the crate does not know, as the server sent it.
    Unknown(::std::string::String),
}
impl CurrencyCode {
    /// The value as it goes on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Xof => "XOF",
            Self::Usd => "USD",
            Self::Eur => "EUR",
            Self::Unknown(value) => value.as_str(),
        }
    }
}
impl ::std::convert::From<&str> for CurrencyCode {
    fn from(value: &str) -> Self {
        match value {
            "XOF" => Self::Xof,
            "USD" => Self::Usd,
            "EUR" => Self::Eur,
            other => Self::Unknown(other.to_owned()),
        }
    }
}
impl ::std::convert::From<::std::string::String> for CurrencyCode {
    fn from(value: ::std::string::String) -> Self {
        match Self::from(value.as_str()) {
            Self::Unknown(_) => Self::Unknown(value),
            known => known,
        }
    }
}
impl ::std::str::FromStr for CurrencyCode {
    type Err = ::std::convert::Infallible;
    fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
        Ok(Self::from(value))
    }
}
impl ::std::fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.as_str())
    }
}
impl ::serde::Serialize for CurrencyCode {
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
impl<'de> ::serde::Deserialize<'de> for CurrencyCode {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {
        deserializer
            .deserialize_str(
                crate::values::open_enum::Visitor::<Self>::new("CurrencyCode"),
            )
    }
}
///Status of a checkout session. Known values are open, completed and expired; more values may be added in the future.
///
/// Open-ended: a value this version of the crate does not know decodes as
/// `Unknown`, with the text the server sent.
///
/// # Example
/**```
use lomi::types::CheckoutSessionStatus;

let value: CheckoutSessionStatus = "open".parse().unwrap();
assert_eq!(value, CheckoutSessionStatus::Open);
assert_eq!(value.as_str(), "open");
assert_eq!(CheckoutSessionStatus::from("not-yet-known"), CheckoutSessionStatus::Unknown("not-yet-known".into()));
```*/
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CheckoutSessionStatus {
    ///`open`
    Open,
    ///`completed`
    Completed,
    ///`expired`
    Expired,
    /// A value this version of the crate does not know, as the server sent it.
    Unknown(::std::string::String),
}
impl CheckoutSessionStatus {
    /// The value as it goes on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Open => "open",
            Self::Completed => "completed",
            Self::Expired => "expired",
            Self::Unknown(value) => value.as_str(),
        }
    }
}
impl ::std::convert::From<&str> for CheckoutSessionStatus {
    fn from(value: &str) -> Self {
        match value {
            "open" => Self::Open,
            "completed" => Self::Completed,
            "expired" => Self::Expired,
            other => Self::Unknown(other.to_owned()),
        }
    }
}
impl ::std::convert::From<::std::string::String> for CheckoutSessionStatus {
    fn from(value: ::std::string::String) -> Self {
        match Self::from(value.as_str()) {
            Self::Unknown(_) => Self::Unknown(value),
            known => known,
        }
    }
}
impl ::std::str::FromStr for CheckoutSessionStatus {
    type Err = ::std::convert::Infallible;
    fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
        Ok(Self::from(value))
    }
}
impl ::std::fmt::Display for CheckoutSessionStatus {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.as_str())
    }
}
impl ::serde::Serialize for CheckoutSessionStatus {
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
impl<'de> ::serde::Deserialize<'de> for CheckoutSessionStatus {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {
        deserializer
            .deserialize_str(
                crate::values::open_enum::Visitor::<Self>::new("CheckoutSessionStatus"),
            )
    }
}
impl<K, V> ::std::iter::FromIterator<(K, V)> for Metadata
where
    K: ::std::convert::Into<::std::string::String>,
    V: ::std::convert::Into<::serde_json::Value>,
{
    fn from_iter<I: ::std::iter::IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        Self(pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}
impl ::std::default::Default for Metadata {
    fn default() -> Self {
        Self(::serde_json::Map::new())
    }
}
///The type of a webhook event, as sent in the body's `event` field and the `X-Lomi-Event` header. lomi. adds types over time, so any other value may appear. Both spellings of the subscription cancellation, `SUBSCRIPTION_CANCELED` and `SUBSCRIPTION_CANCELLED`, have been sent by lomi.; a handler should accept both. `test.webhook` is the type of a test delivery.
///
/// Open-ended: a value this version of the crate does not know decodes as
/// `Unknown`, with the text the server sent.
///
/// # Example
/**```
use lomi::types::WebhookEventType;

let value: WebhookEventType = "PAYMENT_CREATED".parse().unwrap();
assert_eq!(value, WebhookEventType::PaymentCreated);
assert_eq!(value.as_str(), "PAYMENT_CREATED");
assert_eq!(WebhookEventType::from("not-yet-known"), WebhookEventType::Unknown("not-yet-known".into()));
```*/
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum WebhookEventType {
    ///`PAYMENT_CREATED`
    PaymentCreated,
    ///`PAYMENT_SUCCEEDED`
    PaymentSucceeded,
    ///`PAYMENT_FAILED`
    PaymentFailed,
    ///`PAYMENT_CANCELED`
    PaymentCanceled,
    ///`REFUND_CREATED`
    RefundCreated,
    ///`REFUND_COMPLETED`
    RefundCompleted,
    ///`REFUND_FAILED`
    RefundFailed,
    ///`SUBSCRIPTION_CREATED`
    SubscriptionCreated,
    ///`SUBSCRIPTION_UPDATED`
    SubscriptionUpdated,
    ///`SUBSCRIPTION_RENEWED`
    SubscriptionRenewed,
    ///`SUBSCRIPTION_CANCELED`
    SubscriptionCanceled,
    ///`SUBSCRIPTION_CANCELLED`
    SubscriptionCancelled,
    ///`SUBSCRIPTION_USAGE_PERIOD_CLOSED`
    SubscriptionUsagePeriodClosed,
    ///`USAGE_RECORDED`
    UsageRecorded,
    ///`USAGE_INVOICE_CREATED`
    UsageInvoiceCreated,
    ///`USAGE_INVOICE_PAID`
    UsageInvoicePaid,
    ///`USAGE_INVOICE_OVERDUE`
    UsageInvoiceOverdue,
    ///`DISPUTE_CREATED`
    DisputeCreated,
    ///`DISPUTE_UPDATED`
    DisputeUpdated,
    ///`DISPUTE_CLOSED`
    DisputeClosed,
    ///`CHECKOUT_COMPLETED`
    CheckoutCompleted,
    ///`PROVIDER_STATUS_CHANGED`
    ProviderStatusChanged,
    ///`test.webhook`
    TestWebhook,
    /// A value this version of the crate does not know, as the server sent it.
    Unknown(::std::string::String),
}
impl WebhookEventType {
    /// The value as it goes on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::PaymentCreated => "PAYMENT_CREATED",
            Self::PaymentSucceeded => "PAYMENT_SUCCEEDED",
            Self::PaymentFailed => "PAYMENT_FAILED",
            Self::PaymentCanceled => "PAYMENT_CANCELED",
            Self::RefundCreated => "REFUND_CREATED",
            Self::RefundCompleted => "REFUND_COMPLETED",
            Self::RefundFailed => "REFUND_FAILED",
            Self::SubscriptionCreated => "SUBSCRIPTION_CREATED",
            Self::SubscriptionUpdated => "SUBSCRIPTION_UPDATED",
            Self::SubscriptionRenewed => "SUBSCRIPTION_RENEWED",
            Self::SubscriptionCanceled => "SUBSCRIPTION_CANCELED",
            Self::SubscriptionCancelled => "SUBSCRIPTION_CANCELLED",
            Self::SubscriptionUsagePeriodClosed => "SUBSCRIPTION_USAGE_PERIOD_CLOSED",
            Self::UsageRecorded => "USAGE_RECORDED",
            Self::UsageInvoiceCreated => "USAGE_INVOICE_CREATED",
            Self::UsageInvoicePaid => "USAGE_INVOICE_PAID",
            Self::UsageInvoiceOverdue => "USAGE_INVOICE_OVERDUE",
            Self::DisputeCreated => "DISPUTE_CREATED",
            Self::DisputeUpdated => "DISPUTE_UPDATED",
            Self::DisputeClosed => "DISPUTE_CLOSED",
            Self::CheckoutCompleted => "CHECKOUT_COMPLETED",
            Self::ProviderStatusChanged => "PROVIDER_STATUS_CHANGED",
            Self::TestWebhook => "test.webhook",
            Self::Unknown(value) => value.as_str(),
        }
    }
}
impl ::std::convert::From<&str> for WebhookEventType {
    fn from(value: &str) -> Self {
        match value {
            "PAYMENT_CREATED" => Self::PaymentCreated,
            "PAYMENT_SUCCEEDED" => Self::PaymentSucceeded,
            "PAYMENT_FAILED" => Self::PaymentFailed,
            "PAYMENT_CANCELED" => Self::PaymentCanceled,
            "REFUND_CREATED" => Self::RefundCreated,
            "REFUND_COMPLETED" => Self::RefundCompleted,
            "REFUND_FAILED" => Self::RefundFailed,
            "SUBSCRIPTION_CREATED" => Self::SubscriptionCreated,
            "SUBSCRIPTION_UPDATED" => Self::SubscriptionUpdated,
            "SUBSCRIPTION_RENEWED" => Self::SubscriptionRenewed,
            "SUBSCRIPTION_CANCELED" => Self::SubscriptionCanceled,
            "SUBSCRIPTION_CANCELLED" => Self::SubscriptionCancelled,
            "SUBSCRIPTION_USAGE_PERIOD_CLOSED" => Self::SubscriptionUsagePeriodClosed,
            "USAGE_RECORDED" => Self::UsageRecorded,
            "USAGE_INVOICE_CREATED" => Self::UsageInvoiceCreated,
            "USAGE_INVOICE_PAID" => Self::UsageInvoicePaid,
            "USAGE_INVOICE_OVERDUE" => Self::UsageInvoiceOverdue,
            "DISPUTE_CREATED" => Self::DisputeCreated,
            "DISPUTE_UPDATED" => Self::DisputeUpdated,
            "DISPUTE_CLOSED" => Self::DisputeClosed,
            "CHECKOUT_COMPLETED" => Self::CheckoutCompleted,
            "PROVIDER_STATUS_CHANGED" => Self::ProviderStatusChanged,
            "test.webhook" => Self::TestWebhook,
            other => Self::Unknown(other.to_owned()),
        }
    }
}
impl ::std::convert::From<::std::string::String> for WebhookEventType {
    fn from(value: ::std::string::String) -> Self {
        match Self::from(value.as_str()) {
            Self::Unknown(_) => Self::Unknown(value),
            known => known,
        }
    }
}
impl ::std::str::FromStr for WebhookEventType {
    type Err = ::std::convert::Infallible;
    fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
        Ok(Self::from(value))
    }
}
impl ::std::fmt::Display for WebhookEventType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.as_str())
    }
}
impl ::serde::Serialize for WebhookEventType {
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
impl<'de> ::serde::Deserialize<'de> for WebhookEventType {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {
        deserializer
            .deserialize_str(
                crate::values::open_enum::Visitor::<Self>::new("WebhookEventType"),
            )
    }
}
///Query parameters of [`Client::list_checkout_sessions`](crate::Client::list_checkout_sessions); every one is optional.
///
/// # Example
/**```
let params = lomi::types::ListCheckoutSessionsParams::new()
    .limit(20)
    .offset(0)
    .sort("created_at:desc");
# let _ = params;
```*/
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListCheckoutSessionsParams {
    /**Maximum number of items to return (1 to 100). Defaults to 20.

From 1 to 100. The server's default is `20`.*/
    pub limit: Option<u64>,
    /**Number of items to skip before the first returned item. Defaults to 0.

At least 0. The server's default is `0`.*/
    pub offset: Option<u64>,
    ///Sort order, as `field:direction` (direction `asc` or `desc`), e.g. `created_at:desc`.
    pub sort: Option<::std::string::String>,
}
impl ListCheckoutSessionsParams {
    /// No parameters: the server's defaults apply.
    pub fn new() -> Self {
        <Self as ::std::default::Default>::default()
    }
    ///Sets `limit`.
    #[must_use]
    pub fn limit(mut self, value: u64) -> Self {
        self.limit = Some(value);
        self
    }
    ///Sets `offset`.
    #[must_use]
    pub fn offset(mut self, value: u64) -> Self {
        self.offset = Some(value);
        self
    }
    ///Sets `sort`.
    #[must_use]
    pub fn sort(
        mut self,
        value: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.sort = Some(value.into());
        self
    }
}
impl crate::call::query::Query for ListCheckoutSessionsParams {
    fn validate(&self) -> ::std::result::Result<(), crate::Error> {
        if let Some(value) = self.limit {
            crate::call::query::check_range(
                "limit",
                value as i128,
                Some(1i64),
                Some(100i64),
            )?;
        }
        if let Some(value) = self.offset {
            crate::call::query::check_range("offset", value as i128, Some(0i64), None)?;
        }
        Ok(())
    }
    fn write(&self, query: &mut crate::call::query::QueryWriter<'_>) {
        if let Some(value) = &self.limit {
            query.push("limit", value);
        }
        if let Some(value) = &self.offset {
            query.push("offset", value);
        }
        if let Some(value) = &self.sort {
            query.push("sort", value);
        }
    }
}
impl crate::pagination::PageParams for ListCheckoutSessionsParams {
    fn page_size(&self) -> Option<u64> {
        Some(self.limit.unwrap_or(20u64))
    }
    fn start(&self) -> u64 {
        self.offset.unwrap_or(0)
    }
    fn window(&self, offset: u64, limit: u64) -> Self {
        Self {
            offset: Some(offset),
            limit: Some(limit),
            ..self.clone()
        }
    }
}
///Query parameters of [`Client::list_payment_links`](crate::Client::list_payment_links); every one is optional.
///
/// # Example
/**```
let params = lomi::types::ListPaymentLinksParams::new()
    .limit(20)
    .offset(0)
    .sort("created_at:desc");
# let _ = params;
```*/
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListPaymentLinksParams {
    /**Maximum number of items to return (1 to 100). Defaults to 20.

From 1 to 100. The server's default is `20`.*/
    pub limit: Option<u64>,
    /**Number of items to skip before the first returned item. Defaults to 0.

At least 0. The server's default is `0`.*/
    pub offset: Option<u64>,
    ///Sort order, as `field:direction` (direction `asc` or `desc`), e.g. `created_at:desc`.
    pub sort: Option<::std::string::String>,
}
impl ListPaymentLinksParams {
    /// No parameters: the server's defaults apply.
    pub fn new() -> Self {
        <Self as ::std::default::Default>::default()
    }
    ///Sets `limit`.
    #[must_use]
    pub fn limit(mut self, value: u64) -> Self {
        self.limit = Some(value);
        self
    }
    ///Sets `offset`.
    #[must_use]
    pub fn offset(mut self, value: u64) -> Self {
        self.offset = Some(value);
        self
    }
    ///Sets `sort`.
    #[must_use]
    pub fn sort(
        mut self,
        value: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.sort = Some(value.into());
        self
    }
}
impl crate::call::query::Query for ListPaymentLinksParams {
    fn validate(&self) -> ::std::result::Result<(), crate::Error> {
        if let Some(value) = self.limit {
            crate::call::query::check_range(
                "limit",
                value as i128,
                Some(1i64),
                Some(100i64),
            )?;
        }
        if let Some(value) = self.offset {
            crate::call::query::check_range("offset", value as i128, Some(0i64), None)?;
        }
        Ok(())
    }
    fn write(&self, query: &mut crate::call::query::QueryWriter<'_>) {
        if let Some(value) = &self.limit {
            query.push("limit", value);
        }
        if let Some(value) = &self.offset {
            query.push("offset", value);
        }
        if let Some(value) = &self.sort {
            query.push("sort", value);
        }
    }
}
impl crate::pagination::PageParams for ListPaymentLinksParams {
    fn page_size(&self) -> Option<u64> {
        Some(self.limit.unwrap_or(20u64))
    }
    fn start(&self) -> u64 {
        self.offset.unwrap_or(0)
    }
    fn window(&self, offset: u64, limit: u64) -> Self {
        Self {
            offset: Some(offset),
            limit: Some(limit),
            ..self.clone()
        }
    }
}
impl crate::pagination::Page for CheckoutSessionList {
    type Item = CheckoutSession;
    fn into_items(self) -> (::std::vec::Vec<CheckoutSession>, Option<u64>) {
        let total = crate::pagination::Count::count(
            self.pagination.as_ref().map(|p| p.total),
        );
        (crate::pagination::Listed::listed(self.data), total)
    }
    fn offset(&self) -> Option<i128> {
        crate::pagination::Offset::offset(self.pagination.as_ref().map(|p| p.offset))
    }
    fn limit(&self) -> Option<u64> {
        crate::pagination::Count::count(self.pagination.as_ref().map(|p| p.limit))
    }
    fn key(item: &CheckoutSession) -> Option<&str> {
        Some(item.checkout_session_id.as_str())
    }
}
impl crate::pagination::Page for PaymentLinkList {
    type Item = PaymentLink;
    fn into_items(self) -> (::std::vec::Vec<PaymentLink>, Option<u64>) {
        let total = crate::pagination::Count::count(
            self.pagination.as_ref().map(|p| p.total),
        );
        (crate::pagination::Listed::listed(self.data), total)
    }
    fn offset(&self) -> Option<i128> {
        crate::pagination::Offset::offset(self.pagination.as_ref().map(|p| p.offset))
    }
    fn limit(&self) -> Option<u64> {
        crate::pagination::Count::count(self.pagination.as_ref().map(|p| p.limit))
    }
    fn key(item: &PaymentLink) -> Option<&str> {
        Some(item.link_id.as_str())
    }
}
