//! Round 4 of the adversarial review, regeneration: the README promises that a spec describing
//! the kinds of change lomi.'s served API shows "builds and works", and that "when the
//! generator cannot express something, the build fails with a message naming the operation or
//! schema and what to change". Each test here edits `tests/served/openapi.yaml` (the served
//! API's spec) in one plausible way, then BUILDS a user's crate against it, as
//! `tests/served` does (`LOMI_OPENAPI_SPEC`, features `async` and `mock`), and where it builds,
//! RUNS a small program against a loopback server. Expected for every spec: either it builds
//! and the program prints what it should, or lomi's build script refuses the spec naming the
//! schema or operation; never a rustc error inside lomi, never a client that quietly misbehaves.
//!
//! The crates are written under `target/adversary-codegen/` and built with this package's
//! target directory, so only lomi itself is recompiled for each spec.

#[path = "../codegen/mod.rs"]
#[allow(dead_code, reason = "build.rs uses all of it; these tests a part")]
mod codegen;

use std::path::PathBuf;
use std::process::Command;

use serde_json::json;
use serde_yaml_ng::Value;

const SERVED: &str = include_str!("served/openapi.yaml");

/// The served spec with `edit` applied, as YAML; YAML mappings keep their order, so property
/// order (which decides `new`'s arguments and a walk's item key) is the spec's.
fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut spec: Value = serde_yaml_ng::from_str(SERVED).expect("valid YAML");
    edit(&mut spec);
    serde_yaml_ng::to_string(&spec).unwrap()
}

/// A JSON literal as a YAML value.
fn y(value: serde_json::Value) -> Value {
    serde_yaml_ng::to_value(value).unwrap()
}

fn schemas(spec: &mut Value) -> &mut Value {
    &mut spec["components"]["schemas"]
}

fn mapping(value: &mut Value) -> &mut serde_yaml_ng::Mapping {
    value.as_mapping_mut().expect("a mapping")
}

/// A program that only makes lomi compile and link.
const JUST_BUILD: &str =
    r#"fn main() { let _ = lomi::Client::new("lomi_sk_live_0123456789"); println!("built"); }"#;

/// Builds (and runs) a user's crate named `name` whose `lomi` is generated from `spec`, with
/// `main` as its `src/main.rs`: `Ok((stdout, stderr))`, or `Err(cargo's output)` when it does
/// not build or run.
fn build_and_run(name: &str, spec: &str, main: &str) -> Result<(String, String), String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/adversary-codegen").join(name);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let spec_path = dir.join("openapi.yaml");
    std::fs::write(&spec_path, spec).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            r#"[package]
name = "adversary-{name}"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
lomi = {{ path = {root:?}, features = ["async", "mock"] }}
serde_json = "1"
"#,
            name = name.replace('_', "-"),
            root = root.display().to_string()
        ),
    )
    .unwrap();
    // The crate's own lock file: the versions its dependencies were built with, so the build
    // needs nothing beyond what the crate's build fetched.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("LOMI_OPENAPI_SPEC", &spec_path)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    if out.status.success() {
        Ok((
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ))
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The promise: the crate builds (then its output is returned), or lomi's build script refuses
/// the spec with a message naming one of `names`. A rustc error inside lomi's generated code
/// is the break.
fn builds_or_is_refused_naming(
    name: &str,
    spec: &str,
    main: &str,
    names: &[&str],
) -> Option<String> {
    match build_and_run(name, spec, main) {
        Ok((out, stderr)) => {
            assert!(
                !stderr.contains("warning"),
                "lomi built with a warning:\n{stderr}"
            );
            Some(out)
        }
        Err(stderr) => {
            let rustc: Vec<&str> = stderr
                .lines()
                .filter(|l| l.starts_with("error[E") || l.trim_start().starts_with("-->"))
                .take(9)
                .collect();
            assert!(
                rustc.is_empty(),
                "the spec generated code that does not compile inside lomi:\n{}",
                rustc.join("\n")
            );
            assert!(
                stderr.contains("cannot generate the client")
                    && names.iter().any(|n| stderr.contains(n)),
                "the build failed without naming any of {names:?}:\n{stderr}"
            );
            None
        }
    }
}

// =============================================================================================
// Specs that generate code that does not compile (a rustc error inside lomi).
// =============================================================================================

/// lomi.'s ids are UUIDs (NOTES.md: "`checkout_session_id` and `link_id` (UUIDs)"), and a spec
/// written from NestJS DTOs commonly says so with `format: uuid`. Observed: typify writes
/// `::uuid::Uuid`, and lomi does not depend on `uuid`: `error[E0433]: cannot find uuid in the
/// crate root` in `types.rs`.
#[test]
fn an_id_with_format_uuid_builds_or_is_refused_by_name() {
    let spec = edited(|s| {
        schemas(s)["CheckoutSession"]["properties"]["checkout_session_id"]["format"] =
            y(json!("uuid"));
    });
    builds_or_is_refused_naming(
        "uuid",
        &spec,
        JUST_BUILD,
        &["CheckoutSession", "checkout_session_id", "uuid"],
    );
}

/// A string property with a `pattern` (a URL that must be https). Observed: typify writes a
/// constrained newtype using `::regress::Regex`, and lomi does not depend on `regress`:
/// `error[E0433]: cannot find regress in the crate root`.
#[test]
fn a_property_with_a_pattern_builds_or_is_refused_by_name() {
    let spec = edited(|s| {
        schemas(s)["PaymentLink"]["properties"]["url"]["pattern"] = y(json!("^https://"));
    });
    builds_or_is_refused_naming(
        "pattern",
        &spec,
        JUST_BUILD,
        &["PaymentLink", "url", "pattern"],
    );
}

/// The list item's required id is `nullable` (the database column allows null). Observed: the
/// field is `Option<String>` and the generated `Page::key` calls `.as_str()` on it:
/// `error[E0599]: no method named as_str found for enum Option<String>`.
#[test]
fn a_nullable_required_item_id_builds_or_is_refused_by_name() {
    let spec = edited(|s| {
        schemas(s)["CheckoutSession"]["properties"]["checkout_session_id"]["nullable"] =
            y(json!(true));
    });
    builds_or_is_refused_naming(
        "nullable_id",
        &spec,
        JUST_BUILD,
        &["CheckoutSession", "checkout_session_id"],
    );
}

/// The list's top-level `total` is `format: int32` (what NestJS's Swagger plugin writes for a
/// `number` typed `@ApiProperty({type: 'integer', format: 'int32'})`). Observed: typify
/// writes `i32`, and `pagination::Count` is implemented for `i64` and `u64` only:
/// `error[E0277]: the trait bound i32: pagination::Count is not satisfied`.
#[test]
fn an_int32_total_builds_or_is_refused_by_name() {
    let spec = edited(|s| {
        schemas(s)["PaymentLinkList"]["properties"]["total"]["format"] = y(json!("int32"));
    });
    builds_or_is_refused_naming(
        "int32_total",
        &spec,
        JUST_BUILD,
        &["PaymentLinkList", "total"],
    );
}

/// A NestJS server answering camelCase (as its query parameters are: `linkType`, `isActive`):
/// the list's items in `dataItems`. Observed: typify names the field `data_items`, the
/// generated `Page` impl reads `self.dataItems`: `error[E0609]: no field dataItems on type
/// PaymentLinkList`.
#[test]
fn a_camel_case_items_field_builds_or_is_refused_by_name() {
    let spec = edited(|s| {
        let list = &mut schemas(s)["PaymentLinkList"];
        let data = mapping(&mut list["properties"]).remove("data").unwrap();
        list["properties"]["dataItems"] = data;
        list["required"] = y(json!(["dataItems", "total", "limit", "offset"]));
    });
    builds_or_is_refused_naming(
        "camel_items",
        &spec,
        JUST_BUILD,
        &["PaymentLinkList", "dataItems"],
    );
}

/// The same with the count nested camelCase: `{data, pageInfo: {total}}`. Observed:
/// `error[E0609]: no field pageInfo on type PaymentLinkList`.
#[test]
fn a_camel_case_nested_total_builds_or_is_refused_by_name() {
    let spec = edited(|s| {
        let list = &mut schemas(s)["PaymentLinkList"];
        let data = list["properties"]["data"].clone();
        let mut properties = serde_yaml_ng::Mapping::new();
        properties.insert("data".into(), data);
        properties.insert(
            "pageInfo".into(),
            y(json!({"type": "object", "properties": {"total": {"type": "integer"}}})),
        );
        list["properties"] = Value::Mapping(properties);
        list["required"] = y(json!(["data"]));
    });
    builds_or_is_refused_naming(
        "camel_total",
        &spec,
        JUST_BUILD,
        &["PaymentLinkList", "pageInfo"],
    );
}

/// `data` may be `null` (`nullable: true`, e.g. a list that is null when empty). Observed:
/// `(self.data, total)` where `data` is `Option<Vec<PaymentLink>>`: `error[E0308]: mismatched
/// types`.
#[test]
fn a_nullable_items_array_builds_or_is_refused_by_name() {
    let spec = edited(|s| {
        schemas(s)["PaymentLinkList"]["properties"]["data"]["nullable"] = y(json!(true));
    });
    builds_or_is_refused_naming(
        "nullable_data",
        &spec,
        JUST_BUILD,
        &["PaymentLinkList", "data"],
    );
}

/// A server that accepts a filter under both spellings while it migrates (`linkType`, and the
/// new `link_type`). Observed: both become the field `link_type`: `error[E0124]: field
/// link_type is already declared` (and duplicate setters, and duplicate mock methods).
#[test]
fn two_query_parameters_with_one_snake_case_name_build_or_are_refused_by_name() {
    let spec = edited(|s| {
        s["paths"]["/payment-links"]["get"]["parameters"]
            .as_sequence_mut()
            .unwrap()
            .push(y(
                json!({"name": "link_type", "in": "query", "schema": {"type": "string"}}),
            ));
    });
    builds_or_is_refused_naming(
        "dup_query",
        &spec,
        JUST_BUILD,
        &["listPaymentLinks", "link_type"],
    );
}

/// A path parameter that happens to be called `body` on an operation with a body (or `params`
/// on one with query parameters). Observed: `error[E0415]: identifier body is bound more than
/// once in this parameter list`.
#[test]
fn a_path_parameter_named_like_a_generated_argument_builds_or_is_refused_by_name() {
    let spec = edited(|s| {
        let mut list = s["paths"]["/payment-links"]["get"].clone();
        list["operationId"] = y(json!("listOrganizationPaymentLinks"));
        list["parameters"].as_sequence_mut().unwrap().push(y(
            json!({"name": "params", "in": "path", "required": true, "schema": {"type": "string"}}),
        ));
        let mut item = serde_yaml_ng::Mapping::new();
        item.insert("get".into(), list);
        mapping(&mut s["paths"]).insert(
            "/organizations/{params}/payment-links".into(),
            Value::Mapping(item),
        );
        let update = y(json!({"patch": {
            "operationId": "updatePaymentLink",
            "parameters": [{"name": "body", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PaymentLinkCreate"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PaymentLink"}}}}}
        }}));
        mapping(&mut s["paths"]).insert("/payment-links/{body}".into(), update);
    });
    builds_or_is_refused_naming(
        "arg_names",
        &spec,
        JUST_BUILD,
        &[
            "updatePaymentLink",
            "listOrganizationPaymentLinks",
            "body",
            "params",
        ],
    );
}

// =============================================================================================
// Specs that build, and give a client that misbehaves.
// =============================================================================================

/// A spec whose sandbox server is plain `http://` (a staging host, a typo). Observed: it
/// builds, and `Client::new("lomi_sk_test_…")` gives a client whose base URL is
/// `http://sandbox.api.lomi.africa`: the API key goes out in clear to a host that is not
/// loopback (checked on the wire with a sandbox at this machine's non-loopback address), with
/// no `allow_insecure_http(true)`. The README: "A plain `http://` base URL is refused unless the
/// host is loopback or you call `.allow_insecure_http(true)`", and "servers: the first is
/// production's base URL (an absolute `https://` URL)". Expected: the build refuses the spec
/// naming the server, or the client refuses the URL at `build()` as it refuses the same
/// `base_url(…)`.
#[test]
fn a_plain_http_sandbox_never_gets_the_key_in_clear() {
    let spec = edited(|s| s["servers"][1]["url"] = y(json!("http://sandbox.api.lomi.africa")));
    let main = r#"fn main() {
        match lomi::Client::new("lomi_sk_test_0123456789abcdef") {
            Ok(client) => println!("accepted {}", client.base_url()),
            Err(e) => println!("refused: {e}"),
        }
    }"#;
    if let Some(out) =
        builds_or_is_refused_naming("http_sandbox", &spec, main, &["sandbox", "http://"])
    {
        assert!(out.starts_with("refused"), "{out}");
    }
}

/// OpenAPI server variables (`https://{region}.api.lomi.africa` with a default). Observed: it
/// builds with no warning, and every `Client::new` fails at run time: "base URL
/// `https://{region}.api.lomi.africa` is not a valid URL". Expected: the build fails naming the
/// server (or the variable's default is used).
#[test]
fn a_server_url_with_variables_builds_a_usable_client_or_is_refused() {
    let spec = edited(|s| {
        s["servers"] = y(json!([{
            "url": "https://{region}.api.lomi.africa",
            "variables": {"region": {"default": "eu"}}
        }]));
    });
    let main = r#"fn main() {
        match lomi::Client::new("lomi_sk_live_0123456789abcdef") {
            Ok(client) => println!("accepted {}", client.base_url()),
            Err(e) => println!("refused: {e}"),
        }
    }"#;
    if let Some(out) =
        builds_or_is_refused_naming("server_vars", &spec, main, &["servers", "{region}"])
    {
        assert!(
            out.starts_with("accepted https://eu.api.lomi.africa"),
            "{out}"
        );
    }
}

/// A one-page-at-a-time loopback server for the walks below: answers every request with
/// `page(offset, limit)`.
const SERVER: &str = r#"
use std::io::{Read, Write};
fn serve(page: fn(usize, usize) -> String) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || for stream in listener.incoming() {
        let mut s = stream.unwrap();
        let mut buf = vec![0u8; 65536];
        let n = s.read(&mut buf).unwrap();
        let head = String::from_utf8_lossy(&buf[..n]).to_string();
        let target = head.split(' ').nth(1).unwrap_or("").to_string();
        let q = |name: &str| target.split(['?', '&'])
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok()).unwrap_or(0usize);
        let body = page(q("offset"), q("limit"));
        let _ = write!(s, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}", body.len(), body);
    });
    format!("http://{addr}")
}
"#;

const FOREIGN_KEY_MAIN: &str = r##"
fn main() {
    let url = serve(|offset, limit| {
        let items: Vec<String> = (offset..5.min(offset + limit))
            .map(|i| format!(r#"{{"organization_id":"org_1","link_id":"link_{i}"}}"#))
            .collect();
        format!(r#"{{"data":[{}],"total":{},"limit":{limit},"offset":{offset}}}"#, items.join(","), items.len())
    });
    let client = lomi::Client::builder("lomi_sk_live_0123456789").base_url(url).build().unwrap();
    let params = lomi::types::ListPaymentLinksParams::new().limit(2);
    for link in client.list_payment_links_iter(&params).take(50) {
        match link { Ok(l) => println!("{}", l.link_id), Err(e) => println!("error: {e}") }
    }
}
"##;

const NO_ID_MAIN: &str = r##"
fn main() {
    let url = serve(|offset, limit| {
        let items: Vec<&str> = (offset..3.min(offset + limit)).map(|_| r#"{"status":"open","amount":5000}"#).collect();
        format!("[{}]", items.join(","))
    });
    let client = lomi::Client::builder("lomi_sk_live_0123456789").base_url(url).build().unwrap();
    let params = lomi::types::ListCheckoutSessionsParams::new().limit(5);
    for session in client.list_checkout_sessions_iter(&params).take(50) {
        match session { Ok(s) => println!("{:?}", s.status), Err(e) => println!("error: {e}") }
    }
}
"##;

const LIMIT_MAIN: &str = r##"
fn main() {
    let url = serve(|offset, _| {
        if offset == 0 { r#"{"data":[{"link_id":"l1"}],"total":1,"limit":10,"offset":0}"#.to_string() }
        else { r#"{"data":[],"total":0,"limit":10,"offset":1}"#.to_string() }
    });
    let client = lomi::Client::builder("lomi_sk_live_0123456789").base_url(url).build().unwrap();
    for link in client.list_payment_links_iter(&lomi::types::ListPaymentLinksParams::new()).take(5) {
        match link { Ok(l) => println!("{}", l.link_id), Err(e) => println!("error: {e}") }
    }
}
"##;

/// The payment link's properties listed with `organization_id` first and both ids required
/// (every row has both). Observed: the walk tells links apart by `organization_id`, the first
/// required `*_id` string, which every link of one organization shares: against an honest
/// server holding 5 links, walked 2 at a time, it hands out ONE link and then ends with
/// `Error::Pagination("the page at offset 2 repeats 2 of its 2 items: the server ignores the
/// offset…")`. Expected: all 5 links, once each (the README: "every item exactly once").
#[test]
fn a_walk_never_tells_items_apart_by_a_foreign_key() {
    let spec = edited(|s| {
        let link = &mut schemas(s)["PaymentLink"];
        let mut properties = mapping(&mut link["properties"]).clone();
        let organization = properties.remove("organization_id").unwrap();
        let mut reordered = serde_yaml_ng::Mapping::new();
        reordered.insert("organization_id".into(), organization);
        reordered.extend(properties);
        link["properties"] = Value::Mapping(reordered);
        link["required"] = y(json!(["link_id", "organization_id"]));
    });
    let main = format!("{SERVER}{FOREIGN_KEY_MAIN}");
    let out = builds_or_is_refused_naming("foreign_key", &spec, &main, &["PaymentLink"]).unwrap();
    assert_eq!(out, "link_0\nlink_1\nlink_2\nlink_3\nlink_4\n");
}

/// "A list whose item has no `*_id`": the walk tells items apart by their `Debug` text, so two
/// honest items with the same fields are one item. Observed, against an honest bare-array
/// server holding 3 sessions `{"status":"open","amount":5000}` walked 5 at a time: no session
/// at all, and `Error::Pagination("the page at offset 0 repeats 2 of its 3 items: the server
/// ignores the offset…")`. Expected: 3 sessions.
#[test]
#[ignore = "open: items with no id are told apart by their Debug text, so equal items in an honest list read as a repeat; a spec whose items have an id (every lomi. list) is not concerned"]
fn a_walk_over_items_without_an_id_hands_out_equal_items_each_time() {
    let spec = edited(|s| schemas(s)["CheckoutSession"]["required"] = y(json!([])));
    let main = format!("{SERVER}{NO_ID_MAIN}");
    let out = builds_or_is_refused_naming("no_id", &spec, &main, &["CheckoutSession"]).unwrap();
    assert_eq!(out, "Some(Open)\nSome(Open)\nSome(Open)\n");
}

/// A list whose `limit` has `maximum: 10` and no `default` (an API that caps its pages). The
/// walk with no `limit` set asks for the crate's own default page size, 20, which the
/// parameter's own bounds check refuses. Observed: the walk's only item is
/// `Err(InvalidRequest("`limit` must be from 1 to 10, got 20"))`, before any request. Expected:
/// a walk with default parameters works on any spec that generates one.
#[test]
fn a_walk_with_default_parameters_respects_the_specs_maximum_limit() {
    let spec = edited(|s| {
        for parameter in s["paths"]["/payment-links"]["get"]["parameters"]
            .as_sequence_mut()
            .unwrap()
        {
            if parameter["name"] == "limit" {
                parameter["schema"] = y(json!({"type": "integer", "minimum": 1, "maximum": 10}));
            }
        }
    });
    let main = format!("{SERVER}{LIMIT_MAIN}");
    let out =
        builds_or_is_refused_naming("limit_max", &spec, &main, &["listPaymentLinks", "limit"])
            .unwrap();
    assert_eq!(out, "l1\n");
}

/// lomi.'s documentation says `lomi_environment` is `live` or `test`; a spec that says so
/// inline (`type: string, enum: [live, test]`) gives typify's CLOSED enum, while the README
/// promises "A string schema with an `enum` becomes an open enum" (and "`lomi_environment` is
/// any text"). Observed: it builds with no warning, and every event lomi.'s server sends
/// (`"lomi_environment":"production"`, its `NODE_ENV`) is refused by `verify` with
/// `InvalidPayload`: a receiver answering 400 loses every payment notification. Expected: the
/// event verifies (an open enum, `Unknown("production")`), or the build refuses the inline
/// enum naming `WebhookEvent`.
#[test]
fn an_inline_enum_is_open_or_refused_by_name() {
    let spec = edited(|s| {
        schemas(s)["WebhookEvent"]["properties"]["lomi_environment"] =
            y(json!({"type": "string", "enum": ["live", "test"]}));
    });
    let main = r##"fn main() {
        let body = br#"{"id":"e1","event":"PAYMENT_SUCCEEDED","timestamp":"2025-01-15T10:30:00.000Z","data":{"transaction_id":"t1"},"lomi_environment":"production"}"#;
        let signature = lomi::webhook::sign(body, "whsec_x");
        match lomi::webhook::verify(body, signature.as_str(), "whsec_x") {
            Ok(event) => println!("verified {:?}", event.lomi_environment),
            Err(e) => println!("refused: {e}"),
        }
    }"##;
    if let Some(out) = builds_or_is_refused_naming(
        "inline_enum",
        &spec,
        main,
        &["WebhookEvent", "lomi_environment"],
    ) {
        assert!(out.starts_with("verified"), "{out}");
    }
}

/// A response schema that inlines its `status` enum while the list's filter refers to the
/// component `CheckoutSessionStatus` (the same values, written twice). Observed: typify names
/// the inline enum `CheckoutSessionStatus` too: `error[E0428]: the name CheckoutSessionStatus
/// is defined multiple times` inside lomi.
#[test]
fn an_inline_enum_named_like_a_component_builds_or_is_refused_by_name() {
    let spec = edited(|s| {
        schemas(s)["CheckoutSession"]["properties"]["status"] =
            y(json!({"type": "string", "enum": ["open", "completed", "expired"]}));
    });
    builds_or_is_refused_naming(
        "inline_status",
        &spec,
        JUST_BUILD,
        &["CheckoutSession", "CheckoutSessionStatus", "status"],
    );
}

// =============================================================================================
// What held (kept as guards): the listed kinds of change build without a warning from lomi.
// =============================================================================================

/// Required fields of every kind (an enum by `$ref`, an array of objects by `$ref` and inline,
/// an integer, a boolean, a `type: number`, a nullable string), a date, a limit with
/// `minimum: 0`, trailing slashes and a path on the servers, a sandbox named only in its
/// description: the crate builds with no warning from lomi and `new` takes the required
/// fields.
#[test]
fn the_listed_kinds_of_change_build_without_a_warning() {
    let spec = edited(|s| {
        let create = &mut schemas(s)["CheckoutSessionCreate"];
        let properties = mapping(&mut create["properties"]);
        properties.insert("count".into(), y(json!({"type": "integer"})));
        properties.insert("flag".into(), y(json!({"type": "boolean"})));
        properties.insert("ratio".into(), y(json!({"type": "number"})));
        properties.insert(
            "nick".into(),
            y(json!({"type": "string", "nullable": true})),
        );
        properties.insert("extra_items".into(), y(json!({"type": "array", "items": {"type": "object", "required": ["price_id"], "properties": {"price_id": {"type": "string"}}}})));
        create["required"] = y(json!([
            "currency_code",
            "line_items",
            "extra_items",
            "count",
            "flag",
            "ratio",
            "nick"
        ]));
        schemas(s)["PaymentLink"]["properties"]["expires_at"]["format"] = y(json!("date"));
        for parameter in s["paths"]["/payment-links"]["get"]["parameters"]
            .as_sequence_mut()
            .unwrap()
        {
            if parameter["name"] == "limit" {
                parameter["schema"]["minimum"] = y(json!(0));
            }
        }
        s["servers"] = y(json!([
            {"url": "https://api.lomi.africa/v2//"},
            {"url": "https://staging.lomi.africa/", "description": "The Sandbox, for test keys"}
        ]));
    });
    let main = r#"fn main() {
        let body = lomi::types::CheckoutSessionCreate::new("XOF", Vec::new(), 3, true, 1, Vec::new());
        println!("{}", serde_json::to_string(&body).unwrap());
        println!("{}", lomi::Environment::Production.base_url());
        println!("{}", lomi::Environment::Sandbox.base_url());
    }"#;
    let out = builds_or_is_refused_naming("held", &spec, main, &[]).unwrap();
    assert_eq!(
        out,
        "{\"currency_code\":\"XOF\",\"line_items\":[],\"count\":3,\"flag\":true,\"ratio\":1,\"nick\":null,\"extra_items\":[]}\n\
         https://api.lomi.africa/v2\nhttps://staging.lomi.africa\n"
    );
}

/// The generator itself is reachable as in `tests/codegen.rs` (keeps the module used).
#[test]
fn the_served_spec_generates() {
    codegen::generate(SERVED, codegen::Options::default()).unwrap();
}
