/// Production's base URL: the spec's first server that does not say `sandbox`.
pub(crate) const PRODUCTION_URL: &str = "https://api.lomi.africa/v1";
/// The sandbox's base URL: the spec's server that says `sandbox`, if any.
pub(crate) const SANDBOX_URL: ::std::option::Option<&str> = Some(
    "https://sandbox.api.lomi.africa/v1",
);
/// Each operation's request, built from the method's arguments; both clients send it.
mod requests {
    pub(super) fn list_checkout_sessions(
        params: &crate::types::ListCheckoutSessionsParams,
    ) -> ::std::result::Result<crate::call::request::Request, crate::Error> {
        crate::call::request::Request::new(
                ::http::Method::GET,
                "/checkout_sessions",
                &[],
            )?
            .query(params)
    }
    pub(super) fn create_checkout_session(
        body: &crate::types::CheckoutSessionCreate,
    ) -> ::std::result::Result<crate::call::request::Request, crate::Error> {
        crate::call::request::Request::new(
                ::http::Method::POST,
                "/checkout_sessions",
                &[],
            )?
            .json(body)
    }
    pub(super) fn retrieve_checkout_session(
        session_id: &str,
    ) -> ::std::result::Result<crate::call::request::Request, crate::Error> {
        crate::call::request::Request::new(
            ::http::Method::GET,
            "/checkout_sessions/{session_id}",
            &[session_id],
        )
    }
    pub(super) fn delete_checkout_session(
        session_id: &str,
    ) -> ::std::result::Result<crate::call::request::Request, crate::Error> {
        crate::call::request::Request::new(
            ::http::Method::DELETE,
            "/checkout_sessions/{session_id}",
            &[session_id],
        )
    }
    pub(super) fn update_checkout_session(
        session_id: &str,
        body: &crate::types::CheckoutSessionUpdate,
    ) -> ::std::result::Result<crate::call::request::Request, crate::Error> {
        crate::call::request::Request::new(
                ::http::Method::PATCH,
                "/checkout_sessions/{session_id}",
                &[session_id],
            )?
            .json(body)
    }
    pub(super) fn list_payment_links(
        params: &crate::types::ListPaymentLinksParams,
    ) -> ::std::result::Result<crate::call::request::Request, crate::Error> {
        crate::call::request::Request::new(::http::Method::GET, "/payment_links", &[])?
            .query(params)
    }
    pub(super) fn create_payment_link(
        body: &crate::types::PaymentLinkCreate,
    ) -> ::std::result::Result<crate::call::request::Request, crate::Error> {
        crate::call::request::Request::new(::http::Method::POST, "/payment_links", &[])?
            .json(body)
    }
    pub(super) fn retrieve_payment_link(
        link_id: &str,
    ) -> ::std::result::Result<crate::call::request::Request, crate::Error> {
        crate::call::request::Request::new(
            ::http::Method::GET,
            "/payment_links/{link_id}",
            &[link_id],
        )
    }
    pub(super) fn delete_payment_link(
        link_id: &str,
    ) -> ::std::result::Result<crate::call::request::Request, crate::Error> {
        crate::call::request::Request::new(
            ::http::Method::DELETE,
            "/payment_links/{link_id}",
            &[link_id],
        )
    }
    pub(super) fn update_payment_link(
        link_id: &str,
        body: &crate::types::PaymentLinkUpdate,
    ) -> ::std::result::Result<crate::call::request::Request, crate::Error> {
        crate::call::request::Request::new(
                ::http::Method::PATCH,
                "/payment_links/{link_id}",
                &[link_id],
            )?
            .json(body)
    }
}
impl crate::Client {
    /**List checkout sessions.

Retrieve a paginated list of checkout sessions (hosted payment pages), with optional sorting.

`GET /checkout_sessions` (operation `listCheckoutSessions`); success is `200`.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
let params = lomi::types::ListCheckoutSessionsParams::new();
let answer = client.list_checkout_sessions(&params)?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub fn list_checkout_sessions(
        &self,
        params: &crate::types::ListCheckoutSessionsParams,
    ) -> ::std::result::Result<crate::types::CheckoutSessionList, crate::Error> {
        self.execute(requests::list_checkout_sessions(params)?)?.json()
    }
    /**Create checkout session.

Create a new checkout session. Checkout sessions are hosted payment pages where customers complete a payment.

`POST /checkout_sessions` (operation `createCheckoutSession`); success is `201`.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
let body = lomi::types::CheckoutSessionCreate {
    amount: Some(15000.into()),
    cancel_url: Some("https://example.com/cancel".into()),
    currency_code: Some("XOF".into()),
    customer_email: Some("customer@example.com".into()),
    product_id: Some("prod_1234567890abcdef".into()),
    success_url: Some("https://example.com/success".into()),
    ..Default::default()
};
let answer = client.create_checkout_session(&body)?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub fn create_checkout_session(
        &self,
        body: &crate::types::CheckoutSessionCreate,
    ) -> ::std::result::Result<crate::types::CheckoutSession, crate::Error> {
        self.execute(requests::create_checkout_session(body)?)?
            .json_of(
                None,
                "checkout_session_id",
                |answer: &crate::types::CheckoutSession| {
                    answer.checkout_session_id.as_str()
                },
            )
    }
    /**Retrieve checkout session.

Retrieve a specific checkout session (hosted payment page) by its unique identifier.

`GET /checkout_sessions/{session_id}` (operation `retrieveCheckoutSession`); success is `200`.

- `session_id`: The unique identifier of the checkout session.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
let answer = client.retrieve_checkout_session("cs_1234567890abcdef")?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub fn retrieve_checkout_session(
        &self,
        session_id: &str,
    ) -> ::std::result::Result<crate::types::CheckoutSession, crate::Error> {
        self.execute(requests::retrieve_checkout_session(session_id)?)?
            .json_of(
                Some(session_id),
                "checkout_session_id",
                |answer: &crate::types::CheckoutSession| {
                    answer.checkout_session_id.as_str()
                },
            )
    }
    /**Delete checkout session.

Delete a specific checkout session (hosted payment page). This action cannot be undone.

`DELETE /checkout_sessions/{session_id}` (operation `deleteCheckoutSession`); success is `204`.

- `session_id`: The unique identifier of the checkout session to delete.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
client.delete_checkout_session("cs_1234567890abcdef")?;
# Ok(())
# }
```*/
    pub fn delete_checkout_session(
        &self,
        session_id: &str,
    ) -> ::std::result::Result<(), crate::Error> {
        self.execute(requests::delete_checkout_session(session_id)?)?.nothing()
    }
    /**Update checkout session.

Update a specific checkout session (hosted payment page). Only provided fields will be updated.

`PATCH /checkout_sessions/{session_id}` (operation `updateCheckoutSession`); success is `200`.

- `session_id`: The unique identifier of the checkout session to update.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
let body = lomi::types::CheckoutSessionUpdate {
    metadata: Some(lomi::types::Metadata::from_iter([("updated_at", "2025-11-21T13:32:16.240Z"), ("updated_reason", "Administrative update")])),
    ..Default::default()
};
let answer = client.update_checkout_session("cs_1234567890abcdef", &body)?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub fn update_checkout_session(
        &self,
        session_id: &str,
        body: &crate::types::CheckoutSessionUpdate,
    ) -> ::std::result::Result<crate::types::CheckoutSession, crate::Error> {
        self.execute(requests::update_checkout_session(session_id, body)?)?
            .json_of(
                Some(session_id),
                "checkout_session_id",
                |answer: &crate::types::CheckoutSession| {
                    answer.checkout_session_id.as_str()
                },
            )
    }
    /**List payment links.

Retrieve a paginated list of payment links (shareable payment URLs), with optional sorting.

`GET /payment_links` (operation `listPaymentLinks`); success is `200`.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
let params = lomi::types::ListPaymentLinksParams::new();
let answer = client.list_payment_links(&params)?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub fn list_payment_links(
        &self,
        params: &crate::types::ListPaymentLinksParams,
    ) -> ::std::result::Result<crate::types::PaymentLinkList, crate::Error> {
        self.execute(requests::list_payment_links(params)?)?.json()
    }
    /**Create payment link.

Create a new payment link. Payment links are shareable payment URLs that customers can open to pay.

`POST /payment_links` (operation `createPaymentLink`); success is `201`.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
let body = lomi::types::PaymentLinkCreate {
    amount: Some(50000.into()),
    currency_code: Some("XOF".into()),
    description: Some("Annual premium membership".into()),
    product_id: Some("prod_1234567890abcdef".into()),
    title: Some("Premium Membership".into()),
    ..Default::default()
};
let answer = client.create_payment_link(&body)?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub fn create_payment_link(
        &self,
        body: &crate::types::PaymentLinkCreate,
    ) -> ::std::result::Result<crate::types::PaymentLink, crate::Error> {
        self.execute(requests::create_payment_link(body)?)?
            .json_of(
                None,
                "link_id",
                |answer: &crate::types::PaymentLink| answer.link_id.as_str(),
            )
    }
    /**Retrieve payment link.

Retrieve a specific payment link (shareable payment URL) by its unique identifier.

`GET /payment_links/{link_id}` (operation `retrievePaymentLink`); success is `200`.

- `link_id`: The unique identifier of the payment link.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
let answer = client.retrieve_payment_link("link_1234567890abcdef")?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub fn retrieve_payment_link(
        &self,
        link_id: &str,
    ) -> ::std::result::Result<crate::types::PaymentLink, crate::Error> {
        self.execute(requests::retrieve_payment_link(link_id)?)?
            .json_of(
                Some(link_id),
                "link_id",
                |answer: &crate::types::PaymentLink| answer.link_id.as_str(),
            )
    }
    /**Delete payment link.

Delete a specific payment link (shareable payment URL). This action cannot be undone.

`DELETE /payment_links/{link_id}` (operation `deletePaymentLink`); success is `204`.

- `link_id`: The unique identifier of the payment link to delete.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
client.delete_payment_link("link_1234567890abcdef")?;
# Ok(())
# }
```*/
    pub fn delete_payment_link(
        &self,
        link_id: &str,
    ) -> ::std::result::Result<(), crate::Error> {
        self.execute(requests::delete_payment_link(link_id)?)?.nothing()
    }
    /**Update payment link.

Update a specific payment link (shareable payment URL). Only provided fields will be updated.

`PATCH /payment_links/{link_id}` (operation `updatePaymentLink`); success is `200`.

- `link_id`: The unique identifier of the payment link to update.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
let body = lomi::types::PaymentLinkUpdate {
    metadata: Some(lomi::types::Metadata::from_iter([("updated_at", "2025-11-21T13:32:16.240Z"), ("updated_reason", "Administrative update")])),
    ..Default::default()
};
let answer = client.update_payment_link("link_1234567890abcdef", &body)?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub fn update_payment_link(
        &self,
        link_id: &str,
        body: &crate::types::PaymentLinkUpdate,
    ) -> ::std::result::Result<crate::types::PaymentLink, crate::Error> {
        self.execute(requests::update_payment_link(link_id, body)?)?
            .json_of(
                Some(link_id),
                "link_id",
                |answer: &crate::types::PaymentLink| answer.link_id.as_str(),
            )
    }
    /**Every item of [`list_checkout_sessions`](Self::list_checkout_sessions), page after page, as a lazy iterator.

Pages are fetched on demand, starting at the `offset` of `params`, each with its `limit` as the page size (when unset, the spec's default, or 20; the walk always sends a `limit`). It ends after `total` items, on an empty page, or on a short one unless its `total` says more items follow. A page larger than asked for, one that answers another offset, or one that repeats more items than it brings ends it with `Error::Pagination`; no item is yielded twice. An error ends it after being yielded as an `Err` item.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
let params = lomi::types::ListCheckoutSessionsParams::new();
for item in client.list_checkout_sessions_iter(&params) {
    println!("{:?}", item?);
}
# Ok(())
# }
```*/
    pub fn list_checkout_sessions_iter<'a>(
        &'a self,
        params: &crate::types::ListCheckoutSessionsParams,
    ) -> impl ::std::iter::Iterator<
        Item = ::std::result::Result<crate::types::CheckoutSession, crate::Error>,
    > + 'a {
        crate::pagination::Pages::new(
            params.clone(),
            move |params| self.list_checkout_sessions(params),
        )
    }
    /**Every item of [`list_payment_links`](Self::list_payment_links), page after page, as a lazy iterator.

Pages are fetched on demand, starting at the `offset` of `params`, each with its `limit` as the page size (when unset, the spec's default, or 20; the walk always sends a `limit`). It ends after `total` items, on an empty page, or on a short one unless its `total` says more items follow. A page larger than asked for, one that answers another offset, or one that repeats more items than it brings ends it with `Error::Pagination`; no item is yielded twice. An error ends it after being yielded as an `Err` item.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# fn main() -> Result<(), lomi::Error> {
let client = lomi::Client::from_env()?;
let params = lomi::types::ListPaymentLinksParams::new();
for item in client.list_payment_links_iter(&params) {
    println!("{:?}", item?);
}
# Ok(())
# }
```*/
    pub fn list_payment_links_iter<'a>(
        &'a self,
        params: &crate::types::ListPaymentLinksParams,
    ) -> impl ::std::iter::Iterator<
        Item = ::std::result::Result<crate::types::PaymentLink, crate::Error>,
    > + 'a {
        crate::pagination::Pages::new(
            params.clone(),
            move |params| self.list_payment_links(params),
        )
    }
}
impl crate::AsyncClient {
    /**List checkout sessions.

Retrieve a paginated list of checkout sessions (hosted payment pages), with optional sorting.

`GET /checkout_sessions` (operation `listCheckoutSessions`); success is `200`.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
let params = lomi::types::ListCheckoutSessionsParams::new();
let answer = client.list_checkout_sessions(&params).await?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub async fn list_checkout_sessions(
        &self,
        params: &crate::types::ListCheckoutSessionsParams,
    ) -> ::std::result::Result<crate::types::CheckoutSessionList, crate::Error> {
        self.execute(requests::list_checkout_sessions(params)?).await?.json()
    }
    /**Create checkout session.

Create a new checkout session. Checkout sessions are hosted payment pages where customers complete a payment.

`POST /checkout_sessions` (operation `createCheckoutSession`); success is `201`.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
let body = lomi::types::CheckoutSessionCreate {
    amount: Some(15000.into()),
    cancel_url: Some("https://example.com/cancel".into()),
    currency_code: Some("XOF".into()),
    customer_email: Some("customer@example.com".into()),
    product_id: Some("prod_1234567890abcdef".into()),
    success_url: Some("https://example.com/success".into()),
    ..Default::default()
};
let answer = client.create_checkout_session(&body).await?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub async fn create_checkout_session(
        &self,
        body: &crate::types::CheckoutSessionCreate,
    ) -> ::std::result::Result<crate::types::CheckoutSession, crate::Error> {
        self.execute(requests::create_checkout_session(body)?)
            .await?
            .json_of(
                None,
                "checkout_session_id",
                |answer: &crate::types::CheckoutSession| {
                    answer.checkout_session_id.as_str()
                },
            )
    }
    /**Retrieve checkout session.

Retrieve a specific checkout session (hosted payment page) by its unique identifier.

`GET /checkout_sessions/{session_id}` (operation `retrieveCheckoutSession`); success is `200`.

- `session_id`: The unique identifier of the checkout session.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
let answer = client.retrieve_checkout_session("cs_1234567890abcdef").await?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub async fn retrieve_checkout_session(
        &self,
        session_id: &str,
    ) -> ::std::result::Result<crate::types::CheckoutSession, crate::Error> {
        self.execute(requests::retrieve_checkout_session(session_id)?)
            .await?
            .json_of(
                Some(session_id),
                "checkout_session_id",
                |answer: &crate::types::CheckoutSession| {
                    answer.checkout_session_id.as_str()
                },
            )
    }
    /**Delete checkout session.

Delete a specific checkout session (hosted payment page). This action cannot be undone.

`DELETE /checkout_sessions/{session_id}` (operation `deleteCheckoutSession`); success is `204`.

- `session_id`: The unique identifier of the checkout session to delete.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
client.delete_checkout_session("cs_1234567890abcdef").await?;
# Ok(())
# }
```*/
    pub async fn delete_checkout_session(
        &self,
        session_id: &str,
    ) -> ::std::result::Result<(), crate::Error> {
        self.execute(requests::delete_checkout_session(session_id)?).await?.nothing()
    }
    /**Update checkout session.

Update a specific checkout session (hosted payment page). Only provided fields will be updated.

`PATCH /checkout_sessions/{session_id}` (operation `updateCheckoutSession`); success is `200`.

- `session_id`: The unique identifier of the checkout session to update.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
let body = lomi::types::CheckoutSessionUpdate {
    metadata: Some(lomi::types::Metadata::from_iter([("updated_at", "2025-11-21T13:32:16.240Z"), ("updated_reason", "Administrative update")])),
    ..Default::default()
};
let answer = client.update_checkout_session("cs_1234567890abcdef", &body).await?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub async fn update_checkout_session(
        &self,
        session_id: &str,
        body: &crate::types::CheckoutSessionUpdate,
    ) -> ::std::result::Result<crate::types::CheckoutSession, crate::Error> {
        self.execute(requests::update_checkout_session(session_id, body)?)
            .await?
            .json_of(
                Some(session_id),
                "checkout_session_id",
                |answer: &crate::types::CheckoutSession| {
                    answer.checkout_session_id.as_str()
                },
            )
    }
    /**List payment links.

Retrieve a paginated list of payment links (shareable payment URLs), with optional sorting.

`GET /payment_links` (operation `listPaymentLinks`); success is `200`.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
let params = lomi::types::ListPaymentLinksParams::new();
let answer = client.list_payment_links(&params).await?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub async fn list_payment_links(
        &self,
        params: &crate::types::ListPaymentLinksParams,
    ) -> ::std::result::Result<crate::types::PaymentLinkList, crate::Error> {
        self.execute(requests::list_payment_links(params)?).await?.json()
    }
    /**Create payment link.

Create a new payment link. Payment links are shareable payment URLs that customers can open to pay.

`POST /payment_links` (operation `createPaymentLink`); success is `201`.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
let body = lomi::types::PaymentLinkCreate {
    amount: Some(50000.into()),
    currency_code: Some("XOF".into()),
    description: Some("Annual premium membership".into()),
    product_id: Some("prod_1234567890abcdef".into()),
    title: Some("Premium Membership".into()),
    ..Default::default()
};
let answer = client.create_payment_link(&body).await?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub async fn create_payment_link(
        &self,
        body: &crate::types::PaymentLinkCreate,
    ) -> ::std::result::Result<crate::types::PaymentLink, crate::Error> {
        self.execute(requests::create_payment_link(body)?)
            .await?
            .json_of(
                None,
                "link_id",
                |answer: &crate::types::PaymentLink| answer.link_id.as_str(),
            )
    }
    /**Retrieve payment link.

Retrieve a specific payment link (shareable payment URL) by its unique identifier.

`GET /payment_links/{link_id}` (operation `retrievePaymentLink`); success is `200`.

- `link_id`: The unique identifier of the payment link.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
let answer = client.retrieve_payment_link("link_1234567890abcdef").await?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub async fn retrieve_payment_link(
        &self,
        link_id: &str,
    ) -> ::std::result::Result<crate::types::PaymentLink, crate::Error> {
        self.execute(requests::retrieve_payment_link(link_id)?)
            .await?
            .json_of(
                Some(link_id),
                "link_id",
                |answer: &crate::types::PaymentLink| answer.link_id.as_str(),
            )
    }
    /**Delete payment link.

Delete a specific payment link (shareable payment URL). This action cannot be undone.

`DELETE /payment_links/{link_id}` (operation `deletePaymentLink`); success is `204`.

- `link_id`: The unique identifier of the payment link to delete.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
client.delete_payment_link("link_1234567890abcdef").await?;
# Ok(())
# }
```*/
    pub async fn delete_payment_link(
        &self,
        link_id: &str,
    ) -> ::std::result::Result<(), crate::Error> {
        self.execute(requests::delete_payment_link(link_id)?).await?.nothing()
    }
    /**Update payment link.

Update a specific payment link (shareable payment URL). Only provided fields will be updated.

`PATCH /payment_links/{link_id}` (operation `updatePaymentLink`); success is `200`.

- `link_id`: The unique identifier of the payment link to update.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
let body = lomi::types::PaymentLinkUpdate {
    metadata: Some(lomi::types::Metadata::from_iter([("updated_at", "2025-11-21T13:32:16.240Z"), ("updated_reason", "Administrative update")])),
    ..Default::default()
};
let answer = client.update_payment_link("link_1234567890abcdef", &body).await?;
println!("{answer:?}");
# Ok(())
# }
```*/
    pub async fn update_payment_link(
        &self,
        link_id: &str,
        body: &crate::types::PaymentLinkUpdate,
    ) -> ::std::result::Result<crate::types::PaymentLink, crate::Error> {
        self.execute(requests::update_payment_link(link_id, body)?)
            .await?
            .json_of(
                Some(link_id),
                "link_id",
                |answer: &crate::types::PaymentLink| answer.link_id.as_str(),
            )
    }
    /**Every item of [`list_checkout_sessions`](Self::list_checkout_sessions), page after page, as a lazy stream.

Pages are fetched on demand, starting at the `offset` of `params`, each with its `limit` as the page size (when unset, the spec's default, or 20; the walk always sends a `limit`). It ends after `total` items, on an empty page, or on a short one unless its `total` says more items follow. A page larger than asked for, one that answers another offset, or one that repeats more items than it brings ends it with `Error::Pagination`; no item is yielded twice. An error ends it after being yielded as an `Err` item.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
let params = lomi::types::ListCheckoutSessionsParams::new();
use futures_util::StreamExt as _;
let mut items = std::pin::pin!(client.list_checkout_sessions_stream(&params));
while let Some(item) = items.next().await {
    println!("{:?}", item?);
}
# Ok(())
# }
```*/
    pub fn list_checkout_sessions_stream<'a>(
        &'a self,
        params: &crate::types::ListCheckoutSessionsParams,
    ) -> impl ::futures_core::Stream<
        Item = ::std::result::Result<crate::types::CheckoutSession, crate::Error>,
    > + 'a {
        crate::pagination::stream(
            params.clone(),
            move |params| async move { self.list_checkout_sessions(&params).await },
        )
    }
    /**Every item of [`list_payment_links`](Self::list_payment_links), page after page, as a lazy stream.

Pages are fetched on demand, starting at the `offset` of `params`, each with its `limit` as the page size (when unset, the spec's default, or 20; the walk always sends a `limit`). It ends after `total` items, on an empty page, or on a short one unless its `total` says more items follow. A page larger than asked for, one that answers another offset, or one that repeats more items than it brings ends it with `Error::Pagination`; no item is yielded twice. An error ends it after being yielded as an `Err` item.

# Errors

Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.

# Example

```no_run
# async fn run() -> Result<(), lomi::Error> {
let client = lomi::AsyncClient::from_env()?;
let params = lomi::types::ListPaymentLinksParams::new();
use futures_util::StreamExt as _;
let mut items = std::pin::pin!(client.list_payment_links_stream(&params));
while let Some(item) = items.next().await {
    println!("{:?}", item?);
}
# Ok(())
# }
```*/
    pub fn list_payment_links_stream<'a>(
        &'a self,
        params: &crate::types::ListPaymentLinksParams,
    ) -> impl ::futures_core::Stream<
        Item = ::std::result::Result<crate::types::PaymentLink, crate::Error>,
    > + 'a {
        crate::pagination::stream(
            params.clone(),
            move |params| async move { self.list_payment_links(&params).await },
        )
    }
}
