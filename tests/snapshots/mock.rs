pub mod operations {
    //! [`When`](::httpmock::When) and [`Then`](::httpmock::Then)
    //! wrappers for each operation. Each can be converted to
    //! its inner type with a call to `into_inner()`. This can
    //! be used to explicitly deviate from permitted values.
    use crate::*;
    pub struct ListCheckoutSessionsWhen(::httpmock::When);
    impl ListCheckoutSessionsWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::GET)
                    .path_matches(regex::Regex::new("^(?:/v1)?/checkout_sessions$").unwrap()),
            )
        }
        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }
        pub fn limit<T>(self, value: T) -> Self
        where
            T: Into<Option<::std::num::NonZeroU64>>,
        {
            if let Some(value) = value.into() {
                Self(self.0.query_param("limit", value.to_string()))
            } else {
                Self(self.0.query_param_missing("limit"))
            }
        }
        pub fn offset<T>(self, value: T) -> Self
        where
            T: Into<Option<u64>>,
        {
            if let Some(value) = value.into() {
                Self(self.0.query_param("offset", value.to_string()))
            } else {
                Self(self.0.query_param_missing("offset"))
            }
        }
        pub fn sort<'a, T>(self, value: T) -> Self
        where
            T: Into<Option<&'a str>>,
        {
            if let Some(value) = value.into() {
                Self(self.0.query_param("sort", value.to_string()))
            } else {
                Self(self.0.query_param_missing("sort"))
            }
        }
    }
    pub struct ListCheckoutSessionsThen(::httpmock::Then);
    impl ListCheckoutSessionsThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }
        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }
        pub fn ok(self, value: &types::CheckoutSessionList) -> Self {
            Self(
                self
                    .0
                    .status(200u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }
    pub struct CreateCheckoutSessionWhen(::httpmock::When);
    impl CreateCheckoutSessionWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::POST)
                    .path_matches(regex::Regex::new("^(?:/v1)?/checkout_sessions$").unwrap()),
            )
        }
        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }
        pub fn body(self, value: &types::CheckoutSessionCreate) -> Self {
            Self(self.0.json_body_obj(value))
        }
    }
    pub struct CreateCheckoutSessionThen(::httpmock::Then);
    impl CreateCheckoutSessionThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }
        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }
        pub fn created(self, value: &types::CheckoutSession) -> Self {
            Self(
                self
                    .0
                    .status(201u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn bad_request(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(400u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }
    pub struct RetrieveCheckoutSessionWhen(::httpmock::When);
    impl RetrieveCheckoutSessionWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::GET)
                    .path_matches(
                        regex::Regex::new("^(?:/v1)?/checkout_sessions/[^/]*$").unwrap(),
                    ),
            )
        }
        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }
        pub fn session_id(self, value: &str) -> Self {
            let re = regex::Regex::new(
                    &format!("^(?:/v1)?/checkout_sessions/{}$", crate::mock::path_value(value)),
                )
                .unwrap();
            Self(self.0.path_matches(re))
        }
    }
    pub struct RetrieveCheckoutSessionThen(::httpmock::Then);
    impl RetrieveCheckoutSessionThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }
        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }
        pub fn ok(self, value: &types::CheckoutSession) -> Self {
            Self(
                self
                    .0
                    .status(200u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn not_found(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(404u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }
    pub struct DeleteCheckoutSessionWhen(::httpmock::When);
    impl DeleteCheckoutSessionWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::DELETE)
                    .path_matches(
                        regex::Regex::new("^(?:/v1)?/checkout_sessions/[^/]*$").unwrap(),
                    ),
            )
        }
        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }
        pub fn session_id(self, value: &str) -> Self {
            let re = regex::Regex::new(
                    &format!("^(?:/v1)?/checkout_sessions/{}$", crate::mock::path_value(value)),
                )
                .unwrap();
            Self(self.0.path_matches(re))
        }
    }
    pub struct DeleteCheckoutSessionThen(::httpmock::Then);
    impl DeleteCheckoutSessionThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }
        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }
        pub fn no_content(self) -> Self {
            Self(self.0.status(204u16))
        }
        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn not_found(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(404u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }
    pub struct UpdateCheckoutSessionWhen(::httpmock::When);
    impl UpdateCheckoutSessionWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::PATCH)
                    .path_matches(
                        regex::Regex::new("^(?:/v1)?/checkout_sessions/[^/]*$").unwrap(),
                    ),
            )
        }
        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }
        pub fn session_id(self, value: &str) -> Self {
            let re = regex::Regex::new(
                    &format!("^(?:/v1)?/checkout_sessions/{}$", crate::mock::path_value(value)),
                )
                .unwrap();
            Self(self.0.path_matches(re))
        }
        pub fn body(self, value: &types::CheckoutSessionUpdate) -> Self {
            Self(self.0.json_body_obj(value))
        }
    }
    pub struct UpdateCheckoutSessionThen(::httpmock::Then);
    impl UpdateCheckoutSessionThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }
        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }
        pub fn ok(self, value: &types::CheckoutSession) -> Self {
            Self(
                self
                    .0
                    .status(200u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn bad_request(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(400u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn not_found(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(404u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }
    pub struct ListPaymentLinksWhen(::httpmock::When);
    impl ListPaymentLinksWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::GET)
                    .path_matches(regex::Regex::new("^(?:/v1)?/payment_links$").unwrap()),
            )
        }
        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }
        pub fn limit<T>(self, value: T) -> Self
        where
            T: Into<Option<::std::num::NonZeroU64>>,
        {
            if let Some(value) = value.into() {
                Self(self.0.query_param("limit", value.to_string()))
            } else {
                Self(self.0.query_param_missing("limit"))
            }
        }
        pub fn offset<T>(self, value: T) -> Self
        where
            T: Into<Option<u64>>,
        {
            if let Some(value) = value.into() {
                Self(self.0.query_param("offset", value.to_string()))
            } else {
                Self(self.0.query_param_missing("offset"))
            }
        }
        pub fn sort<'a, T>(self, value: T) -> Self
        where
            T: Into<Option<&'a str>>,
        {
            if let Some(value) = value.into() {
                Self(self.0.query_param("sort", value.to_string()))
            } else {
                Self(self.0.query_param_missing("sort"))
            }
        }
    }
    pub struct ListPaymentLinksThen(::httpmock::Then);
    impl ListPaymentLinksThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }
        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }
        pub fn ok(self, value: &types::PaymentLinkList) -> Self {
            Self(
                self
                    .0
                    .status(200u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }
    pub struct CreatePaymentLinkWhen(::httpmock::When);
    impl CreatePaymentLinkWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::POST)
                    .path_matches(regex::Regex::new("^(?:/v1)?/payment_links$").unwrap()),
            )
        }
        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }
        pub fn body(self, value: &types::PaymentLinkCreate) -> Self {
            Self(self.0.json_body_obj(value))
        }
    }
    pub struct CreatePaymentLinkThen(::httpmock::Then);
    impl CreatePaymentLinkThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }
        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }
        pub fn created(self, value: &types::PaymentLink) -> Self {
            Self(
                self
                    .0
                    .status(201u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn bad_request(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(400u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }
    pub struct RetrievePaymentLinkWhen(::httpmock::When);
    impl RetrievePaymentLinkWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::GET)
                    .path_matches(regex::Regex::new("^(?:/v1)?/payment_links/[^/]*$").unwrap()),
            )
        }
        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }
        pub fn link_id(self, value: &str) -> Self {
            let re = regex::Regex::new(
                    &format!("^(?:/v1)?/payment_links/{}$", crate::mock::path_value(value)),
                )
                .unwrap();
            Self(self.0.path_matches(re))
        }
    }
    pub struct RetrievePaymentLinkThen(::httpmock::Then);
    impl RetrievePaymentLinkThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }
        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }
        pub fn ok(self, value: &types::PaymentLink) -> Self {
            Self(
                self
                    .0
                    .status(200u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn not_found(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(404u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }
    pub struct DeletePaymentLinkWhen(::httpmock::When);
    impl DeletePaymentLinkWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::DELETE)
                    .path_matches(regex::Regex::new("^(?:/v1)?/payment_links/[^/]*$").unwrap()),
            )
        }
        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }
        pub fn link_id(self, value: &str) -> Self {
            let re = regex::Regex::new(
                    &format!("^(?:/v1)?/payment_links/{}$", crate::mock::path_value(value)),
                )
                .unwrap();
            Self(self.0.path_matches(re))
        }
    }
    pub struct DeletePaymentLinkThen(::httpmock::Then);
    impl DeletePaymentLinkThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }
        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }
        pub fn no_content(self) -> Self {
            Self(self.0.status(204u16))
        }
        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn not_found(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(404u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }
    pub struct UpdatePaymentLinkWhen(::httpmock::When);
    impl UpdatePaymentLinkWhen {
        pub fn new(inner: ::httpmock::When) -> Self {
            Self(
                inner
                    .method(::httpmock::Method::PATCH)
                    .path_matches(regex::Regex::new("^(?:/v1)?/payment_links/[^/]*$").unwrap()),
            )
        }
        pub fn into_inner(self) -> ::httpmock::When {
            self.0
        }
        pub fn link_id(self, value: &str) -> Self {
            let re = regex::Regex::new(
                    &format!("^(?:/v1)?/payment_links/{}$", crate::mock::path_value(value)),
                )
                .unwrap();
            Self(self.0.path_matches(re))
        }
        pub fn body(self, value: &types::PaymentLinkUpdate) -> Self {
            Self(self.0.json_body_obj(value))
        }
    }
    pub struct UpdatePaymentLinkThen(::httpmock::Then);
    impl UpdatePaymentLinkThen {
        pub fn new(inner: ::httpmock::Then) -> Self {
            Self(inner)
        }
        pub fn into_inner(self) -> ::httpmock::Then {
            self.0
        }
        pub fn ok(self, value: &types::PaymentLink) -> Self {
            Self(
                self
                    .0
                    .status(200u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn bad_request(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(400u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn unauthorized(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(401u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn not_found(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(404u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn too_many_requests(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(429u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
        pub fn internal_server_error(self, value: &types::ErrorResponse) -> Self {
            Self(
                self
                    .0
                    .status(500u16)
                    .header("content-type", "application/json")
                    .json_body_obj(value),
            )
        }
    }
}
/// An extension trait for [`MockServer`](::httpmock::MockServer) that
/// adds a method for each operation. These are the equivalent of
/// type-checked [`mock()`](::httpmock::MockServer::mock) calls.
pub trait MockServerExt {
    fn list_checkout_sessions<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::ListCheckoutSessionsWhen,
            operations::ListCheckoutSessionsThen,
        );
    fn create_checkout_session<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::CreateCheckoutSessionWhen,
            operations::CreateCheckoutSessionThen,
        );
    fn retrieve_checkout_session<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::RetrieveCheckoutSessionWhen,
            operations::RetrieveCheckoutSessionThen,
        );
    fn delete_checkout_session<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::DeleteCheckoutSessionWhen,
            operations::DeleteCheckoutSessionThen,
        );
    fn update_checkout_session<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::UpdateCheckoutSessionWhen,
            operations::UpdateCheckoutSessionThen,
        );
    fn list_payment_links<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(operations::ListPaymentLinksWhen, operations::ListPaymentLinksThen);
    fn create_payment_link<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(operations::CreatePaymentLinkWhen, operations::CreatePaymentLinkThen);
    fn retrieve_payment_link<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::RetrievePaymentLinkWhen,
            operations::RetrievePaymentLinkThen,
        );
    fn delete_payment_link<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(operations::DeletePaymentLinkWhen, operations::DeletePaymentLinkThen);
    fn update_payment_link<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(operations::UpdatePaymentLinkWhen, operations::UpdatePaymentLinkThen);
}
impl MockServerExt for ::httpmock::MockServer {
    fn list_checkout_sessions<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::ListCheckoutSessionsWhen,
            operations::ListCheckoutSessionsThen,
        ),
    {
        self.mock(|when, then| {
            config_fn(
                operations::ListCheckoutSessionsWhen::new(when),
                operations::ListCheckoutSessionsThen::new(then),
            )
        })
    }
    fn create_checkout_session<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::CreateCheckoutSessionWhen,
            operations::CreateCheckoutSessionThen,
        ),
    {
        self.mock(|when, then| {
            config_fn(
                operations::CreateCheckoutSessionWhen::new(when),
                operations::CreateCheckoutSessionThen::new(then),
            )
        })
    }
    fn retrieve_checkout_session<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::RetrieveCheckoutSessionWhen,
            operations::RetrieveCheckoutSessionThen,
        ),
    {
        self.mock(|when, then| {
            config_fn(
                operations::RetrieveCheckoutSessionWhen::new(when),
                operations::RetrieveCheckoutSessionThen::new(then),
            )
        })
    }
    fn delete_checkout_session<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::DeleteCheckoutSessionWhen,
            operations::DeleteCheckoutSessionThen,
        ),
    {
        self.mock(|when, then| {
            config_fn(
                operations::DeleteCheckoutSessionWhen::new(when),
                operations::DeleteCheckoutSessionThen::new(then),
            )
        })
    }
    fn update_checkout_session<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::UpdateCheckoutSessionWhen,
            operations::UpdateCheckoutSessionThen,
        ),
    {
        self.mock(|when, then| {
            config_fn(
                operations::UpdateCheckoutSessionWhen::new(when),
                operations::UpdateCheckoutSessionThen::new(then),
            )
        })
    }
    fn list_payment_links<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(operations::ListPaymentLinksWhen, operations::ListPaymentLinksThen),
    {
        self.mock(|when, then| {
            config_fn(
                operations::ListPaymentLinksWhen::new(when),
                operations::ListPaymentLinksThen::new(then),
            )
        })
    }
    fn create_payment_link<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(operations::CreatePaymentLinkWhen, operations::CreatePaymentLinkThen),
    {
        self.mock(|when, then| {
            config_fn(
                operations::CreatePaymentLinkWhen::new(when),
                operations::CreatePaymentLinkThen::new(then),
            )
        })
    }
    fn retrieve_payment_link<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(
            operations::RetrievePaymentLinkWhen,
            operations::RetrievePaymentLinkThen,
        ),
    {
        self.mock(|when, then| {
            config_fn(
                operations::RetrievePaymentLinkWhen::new(when),
                operations::RetrievePaymentLinkThen::new(then),
            )
        })
    }
    fn delete_payment_link<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(operations::DeletePaymentLinkWhen, operations::DeletePaymentLinkThen),
    {
        self.mock(|when, then| {
            config_fn(
                operations::DeletePaymentLinkWhen::new(when),
                operations::DeletePaymentLinkThen::new(then),
            )
        })
    }
    fn update_payment_link<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>
    where
        F: FnOnce(operations::UpdatePaymentLinkWhen, operations::UpdatePaymentLinkThen),
    {
        self.mock(|when, then| {
            config_fn(
                operations::UpdatePaymentLinkWhen::new(when),
                operations::UpdatePaymentLinkThen::new(then),
            )
        })
    }
}
