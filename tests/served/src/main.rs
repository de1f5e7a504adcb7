//! `lomi` generated from a spec of lomi.'s API as its server serves it (`../openapi.yaml`), used
//! the way a user's crate would, against a loopback server that answers as lomi.'s NestJS
//! server does (see `../NOTES.md`): kebab-case paths with no `/v1`, a bare array for the
//! sessions list, `{data, total, limit, offset}` for payment links with `total` counting only
//! the page, camelCase query parameters, NestJS's error bodies, a 500 for a missing required
//! field, no update and no delete. Every check panics on failure; the program prints what held.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use futures_util::StreamExt as _;
use lomi::types::{
    CheckoutSessionCreate, CheckoutSessionStatus, CurrencyCode, LineItem, LinkType,
    ListCheckoutSessionsParams, ListPaymentLinksParams, PaymentLinkCreate,
};
use lomi::{Environment, RawRequest};
use serde_json::{Value, json};

const KEY: &str = "lomi_sk_live_served_check_0123456789";

fn main() -> Result<(), lomi::Error> {
    // The environments' base URLs come from the spec's servers: no `/v1`.
    assert_eq!(
        Environment::Production.base_url(),
        "https://api.lomi.africa"
    );
    assert_eq!(
        Environment::Sandbox.base_url(),
        "https://sandbox.api.lomi.africa"
    );

    let server = Server::start();
    let client = lomi::Client::builder(KEY).base_url(&server.url).build()?;

    // A body with required fields, built with its constructor; line items nested in it.
    let body = CheckoutSessionCreate {
        amount: Some(15000.into()),
        line_items: vec![LineItem {
            quantity: Some(2.into()),
            ..LineItem::new("price_1")
        }],
        ..CheckoutSessionCreate::new(CurrencyCode::Xof)
    };
    let session = client.create_checkout_session(&body)?;
    assert_eq!(session.checkout_session_id, "cs_new");
    let sent = server.last();
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("POST", "/checkout-sessions")
    );
    assert_eq!(sent.body["currency_code"], "XOF");
    assert_eq!(
        sent.body["amount"], 15000,
        "an amount goes out as a JSON integer"
    );
    assert_eq!(
        sent.body["line_items"],
        json!([{"price_id": "price_1", "quantity": 2}])
    );
    println!("create_checkout_session: POST /checkout-sessions, required field and line items");

    let link =
        client.create_payment_link(&PaymentLinkCreate::new(LinkType::Product, "Tee", "XOF"))?;
    assert_eq!(link.link_id, "link_new");
    println!("create_payment_link: link_type, title and currency_code required");

    // A missing required field is the server's 500 (its DTOs validate nothing): a create that
    // may have been processed, sent once.
    let before = server.hits();
    let err = client
        .send::<Value>(&RawRequest::post("/checkout-sessions")?.json(&json!({"amount": 1}))?)
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(err.may_have_been_processed() && !err.is_retryable());
    assert_eq!(server.hits(), before + 1);
    println!("a create the server answers 500: sent once, may have been processed");

    // The sessions list is a bare array; every page walked, each session once.
    let params = ListCheckoutSessionsParams::new()
        .status(CheckoutSessionStatus::Open)
        .limit(10);
    let page = client.list_checkout_sessions(&params)?;
    assert_eq!(page.len(), 10);
    assert!(
        server
            .last()
            .target
            .starts_with("/checkout-sessions?status=open&limit=10")
    );
    let walked: Vec<String> = client
        .list_checkout_sessions_iter(&params)
        .map(|s| s.map(|s| s.checkout_session_id))
        .collect::<Result<_, _>>()?;
    assert_eq!(
        walked,
        (0..45).map(|i| format!("cs_{i:02}")).collect::<Vec<_>>()
    );
    println!("list_checkout_sessions_iter: 45 sessions from bare arrays, each once");

    // Payment links: `total` is the page's length, so it never ends the walk early.
    let params = ListPaymentLinksParams::new()
        .link_type(LinkType::Product)
        .is_active(true)
        .limit(10);
    let walked: Vec<String> = client
        .list_payment_links_iter(&params)
        .map(|l| l.map(|l| l.link_id))
        .collect::<Result<_, _>>()?;
    assert_eq!(
        walked,
        (0..25).map(|i| format!("link_{i:02}")).collect::<Vec<_>>()
    );
    assert!(
        server
            .last()
            .target
            .contains("linkType=product&isActive=true")
    );
    println!("list_payment_links_iter: 25 links, total = page length, camelCase query");

    // A path parameter named `{id}`; NestJS's 404 for an unknown id.
    let found = client.retrieve_checkout_session("cs_07")?;
    assert_eq!(found.checkout_session_id, "cs_07");
    assert_eq!(server.last().target, "/checkout-sessions/cs_07");
    let err = client.retrieve_payment_link("link_missing").unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(
        err.to_string().contains("not found or access denied"),
        "{err}"
    );
    println!("retrieve_*: /{{id}} paths, NestJS 404 read");

    // What the spec lacks: the escape hatch, and NestJS's 404 for a route it does not serve.
    let raw: Vec<Value> = client.send(&RawRequest::get("/checkout-sessions")?.query("limit", 3))?;
    assert_eq!(raw.len(), 3);
    let err = client
        .send_empty(&RawRequest::delete("/payment-links")?.segment("link_00")?)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("Cannot DELETE /payment-links/link_00"),
        "{err}"
    );
    println!("RawRequest: GET /checkout-sessions as raw JSON; DELETE is NestJS's 404");

    // The async client: the same operations, a stream over the links.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let async_client = lomi::Client::builder(KEY)
        .base_url(&server.url)
        .build_async()?;
    let streamed = runtime.block_on(async {
        let params = ListPaymentLinksParams::new().limit(7);
        let mut links = std::pin::pin!(async_client.list_payment_links_stream(&params));
        let mut ids = Vec::new();
        while let Some(link) = links.next().await {
            ids.push(link?.link_id);
        }
        Ok::<_, lomi::Error>(ids)
    })?;
    assert_eq!(streamed.len(), 25);
    println!("list_payment_links_stream: 25 links");

    // The key is asked for on every route: X-API-KEY, always.
    assert!(
        server
            .all()
            .iter()
            .all(|r| r.api_key.as_deref() == Some(KEY))
    );
    println!("served API: every check held");
    Ok(())
}

/// A request the server read.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    api_key: Option<String>,
    body: Value,
}

/// A loopback server answering as lomi.'s server does, one request per connection.
struct Server {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&log);
                std::thread::spawn(move || serve(stream, &log));
            }
        });
        Self { url, seen }
    }

    fn all(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn last(&self) -> Seen {
        self.all().pop().expect("a request")
    }

    fn hits(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = match (parts.next(), parts.next()) {
        (Some(m), Some(t)) => (m.to_owned(), t.to_owned()),
        _ => return,
    };
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
        }
    }
    let length = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let api_key = headers.get("x-api-key").cloned();
    log.lock().unwrap().push(Seen {
        method: method.clone(),
        target: target.clone(),
        api_key: api_key.clone(),
        body: body.clone(),
    });
    let (status, answer) = route(&method, &target, api_key.as_deref(), &body);
    let text = answer.to_string();
    let reason = match status {
        200 => "OK",
        201 => "Created",
        401 => "Unauthorized",
        404 => "Not Found",
        _ => "Internal Server Error",
    };
    let _ = write!(
        &stream,
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json; charset=utf-8\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{text}",
        text.len()
    );
}

/// NestJS's answer to `method target`.
fn route(method: &str, target: &str, key: Option<&str>, body: &Value) -> (u16, Value) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query: HashMap<&str, &str> = query.split('&').filter_map(|p| p.split_once('=')).collect();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let not_found = || {
        let message = format!("Cannot {method} {path}");
        (
            404,
            json!({"message": message, "error": "Not Found", "statusCode": 404}),
        )
    };
    // The router answers before the key guard.
    let known = matches!(
        (method, segments.as_slice()),
        ("GET" | "POST", ["checkout-sessions" | "payment-links"])
            | ("GET", ["checkout-sessions" | "payment-links", _])
    );
    if !known {
        return not_found();
    }
    if key.is_none() {
        return (
            401,
            json!({"message": "API Key is missing", "error": "Unauthorized", "statusCode": 401}),
        );
    }
    let number = |name: &str, default: usize| {
        query
            .get(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (limit, offset) = (number("limit", 20), number("offset", 0));
    let page = |all: Vec<Value>| all.into_iter().skip(offset).take(limit).collect::<Vec<_>>();
    let internal = || {
        (
            500,
            json!({"statusCode": 500, "message": "Internal server error"}),
        )
    };
    match (method, segments.as_slice()) {
        ("POST", ["checkout-sessions"]) if body.get("currency_code").is_some() => (
            201,
            json!({"checkout_session_id": "cs_new", "status": "open", "currency_code": body["currency_code"]}),
        ),
        ("POST", ["payment-links"])
            if ["link_type", "title", "currency_code"]
                .iter()
                .all(|f| body.get(f).is_some()) =>
        {
            (
                201,
                json!({"link_id": "link_new", "link_type": body["link_type"], "title": body["title"]}),
            )
        }
        ("POST", _) => internal(),
        ("GET", ["checkout-sessions"]) => {
            let all = (0..45)
                .map(|i| json!({"checkout_session_id": format!("cs_{i:02}"), "status": "open"}));
            (200, Value::Array(page(all.collect())))
        }
        ("GET", ["payment-links"]) => {
            let all = (0..25).map(|i| json!({"link_id": format!("link_{i:02}"), "link_type": "product", "is_active": true}));
            let data = page(all.collect());
            // lomi.'s service: `total: links.length`, the page's length.
            let total = data.len();
            (
                200,
                json!({"data": data, "total": total, "limit": limit, "offset": offset}),
            )
        }
        ("GET", ["checkout-sessions", id]) if id.starts_with("cs_") && id.len() == 5 => {
            (200, json!({"checkout_session_id": id, "status": "open"}))
        }
        ("GET", [resource, id]) => {
            let what = if *resource == "checkout-sessions" {
                "Checkout session"
            } else {
                "Payment link"
            };
            let message = format!("{what} with ID {id} not found or access denied");
            (
                404,
                json!({"message": message, "error": "Not Found", "statusCode": 404}),
            )
        }
        _ => not_found(),
    }
}
