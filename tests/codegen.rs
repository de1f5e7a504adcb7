//! The generator in `codegen/`, run as `build.rs` runs it: a new operation in the spec becomes
//! a new method in every output with no hand edit, and what it cannot handle is named.

#[path = "../codegen/mod.rs"]
#[allow(dead_code, reason = "build.rs uses all of it; these tests a part")]
mod codegen;

use std::collections::BTreeSet;

use codegen::{Generated, Options, generate};
use serde_json::Value;

const SPEC: &str = include_str!("../openapi.yaml");
const EXTENSION: &str = include_str!("fixtures/spec-extension.yaml");
/// The six operations as lomi.'s server serves them (see `tests/served/NOTES.md`).
const SERVED: &str = include_str!("served/openapi.yaml");
/// Shapes round 12 found mishandled, laid over the served spec (see the file's head).
const AWKWARD: &str = include_str!("fixtures/spec-awkward.yaml");

fn yaml(text: &str) -> Value {
    serde_yaml_ng::from_str(text).expect("valid YAML")
}

/// openapi.yaml with the extension's paths and schemas added.
fn extended_spec() -> String {
    let mut spec = yaml(SPEC);
    let extension = yaml(EXTENSION);
    for (section, key) in [("paths", None), ("components", Some("schemas"))] {
        let add = match key {
            Some(k) => &extension[section][k],
            None => &extension[section],
        };
        let into = match key {
            Some(k) => &mut spec[section][k],
            None => &mut spec[section],
        };
        for (name, value) in add.as_object().unwrap() {
            into.as_object_mut()
                .unwrap()
                .insert(name.clone(), value.clone());
        }
    }
    serde_json::to_string_pretty(&spec).unwrap()
}

fn everything() -> Options {
    Options {
        async_client: true,
        mock: true,
        schemars: true,
    }
}

/// Names of the `fn`s inside `impl` blocks, and of the types, in generated source.
fn names(source: &str) -> BTreeSet<String> {
    let file = syn::parse_file(source).expect("generated code parses");
    let mut out = BTreeSet::new();
    collect(&file.items, &mut out);
    out
}

fn collect(items: &[syn::Item], out: &mut BTreeSet<String>) {
    for item in items {
        match item {
            syn::Item::Impl(i) => {
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        out.insert(f.sig.ident.to_string());
                    }
                }
            }
            syn::Item::Trait(t) => {
                for it in &t.items {
                    if let syn::TraitItem::Fn(f) = it {
                        out.insert(f.sig.ident.to_string());
                    }
                }
            }
            syn::Item::Struct(s) => {
                out.insert(s.ident.to_string());
            }
            syn::Item::Enum(e) => {
                out.insert(e.ident.to_string());
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect(items, out);
                }
            }
            _ => {}
        }
    }
}

/// Names of the `fn`s in the `impl` blocks for `client` (`Client` or `AsyncClient`).
fn methods_of(source: &str, client: &str) -> BTreeSet<String> {
    let file = syn::parse_file(source).expect("generated code parses");
    let impls = file.items.iter().filter(|item| {
        matches!(item, syn::Item::Impl(i)
            if matches!(&*i.self_ty, syn::Type::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == client)))
    });
    let mut out = BTreeSet::new();
    collect(&impls.cloned().collect::<Vec<_>>(), &mut out);
    out
}

fn generated(spec: &str) -> (Generated, [BTreeSet<String>; 4]) {
    let g = generate(spec, everything()).expect("the spec generates");
    let sets = [
        names(&g.types),
        methods_of(&g.methods, "Client"),
        methods_of(&g.methods, "AsyncClient"),
        names(g.mock.as_deref().unwrap()),
    ];
    (g, sets)
}

#[test]
fn the_shipped_spec_has_the_ten_operations() {
    let (_, [types, blocking, asynchronous, mock]) = generated(SPEC);
    let ops = [
        "create_checkout_session",
        "list_checkout_sessions",
        "retrieve_checkout_session",
        "update_checkout_session",
        "delete_checkout_session",
        "create_payment_link",
        "list_payment_links",
        "retrieve_payment_link",
        "update_payment_link",
        "delete_payment_link",
    ];
    for op in ops {
        assert!(blocking.contains(op), "blocking {op}");
        assert!(asynchronous.contains(op), "async {op}");
        assert!(mock.contains(op), "mock {op}");
    }
    for list in ["list_checkout_sessions", "list_payment_links"] {
        assert!(blocking.contains(&format!("{list}_iter")));
        assert!(asynchronous.contains(&format!("{list}_stream")));
    }
    for ty in [
        "CheckoutSession",
        "CheckoutSessionStatus",
        "CurrencyCode",
        "PaymentLink",
        "ListCheckoutSessionsParams",
    ] {
        assert!(types.contains(ty), "{ty}");
    }
}

#[test]
fn component_schemas_no_operation_references_are_generated() {
    // The webhook event schemas are in `components/schemas` only; they become types, and the
    // string enum an open one, like the schemas the operations use.
    let (g, [types, ..]) = generated(SPEC);
    assert!(types.contains("WebhookEvent"));
    let event_type = g.types.split("pub enum WebhookEventType").nth(1).unwrap();
    assert!(event_type.contains("Unknown(::std::string::String)"));
    assert!(event_type.contains("TestWebhook"));
}

#[test]
fn an_added_operation_appears_in_every_output() {
    let (g, [types, blocking, asynchronous, mock]) = generated(&extended_spec());
    for op in ["list_refunds", "retrieve_refund"] {
        assert!(blocking.contains(op), "blocking {op}");
        assert!(asynchronous.contains(op), "async {op}");
        assert!(mock.contains(op), "mock {op}");
    }
    // It is recognised as a list from its parameters and response, not its name.
    assert!(blocking.contains("list_refunds_iter"));
    assert!(asynchronous.contains("list_refunds_stream"));
    assert!(types.contains("ListRefundsParams"));
    assert!(types.contains("Refund"));
    // The new string enum is open, like the shipped ones.
    assert!(types.contains("RefundStatus"));
    assert!(
        g.types
            .contains("impl crate::pagination::Page for RefundList")
    );
    let refund_status = g.types.split("pub enum RefundStatus").nth(1).unwrap();
    assert!(refund_status.contains("Unknown(::std::string::String)"));
    // Its doc comes from the spec.
    assert!(g.methods.contains("List refunds."));
    assert!(g.methods.contains("`GET /refunds/{refund_id}`"));
}

#[test]
fn schemars_impls_are_generated_only_when_asked() {
    let on = generate(SPEC, everything()).expect("the spec generates");
    assert!(
        on.types.contains("schemars::JsonSchema,"),
        "typify's derive"
    );
    assert!(
        on.types
            .contains("impl ::schemars::JsonSchema for CurrencyCode")
    );
    assert!(on.types.contains("pub fn json_schema("));
    let off = Options {
        schemars: false,
        ..everything()
    };
    let off = generate(SPEC, off).expect("the spec generates");
    assert!(!off.types.contains("schemars"));

    // typify's own schemars code (a non-string enum) names `gen`, a keyword in edition 2024.
    let mut spec = yaml(SPEC);
    spec["components"]["schemas"]["Priority"] =
        serde_json::json!({"type": "integer", "enum": [1, 2]});
    let g = generate(&serde_json::to_string(&spec).unwrap(), everything()).unwrap();
    assert!(g.types.contains("::schemars::r#gen::SchemaGenerator"));
    assert!(!g.types.contains("::schemars::gen::"));
}

#[test]
fn the_shipped_spec_generates_nothing_extra() {
    let (_, [_, blocking, ..]) = generated(SPEC);
    assert!(!blocking.contains("list_refunds"));
}

#[test]
fn the_extended_spec_is_written_for_ci() {
    // .ci/run builds the crate from this file with LOMI_OPENAPI_SPEC.
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi-extended.json");
    std::fs::write(&path, extended_spec()).unwrap();
    assert!(path.exists());
}

/// The served spec with the awkward shapes: its servers replaced, their paths and schemas added.
fn awkward_spec() -> Value {
    let mut spec = yaml(SERVED);
    let awkward = yaml(AWKWARD);
    spec["servers"] = awkward["servers"].clone();
    for section in ["/paths", "/components/schemas"] {
        let into = spec.pointer_mut(section).unwrap().as_object_mut().unwrap();
        for (name, value) in awkward.pointer(section).unwrap().as_object().unwrap() {
            into.insert(name.clone(), value.clone());
        }
    }
    spec
}

/// The served spec with its lists removed: no list, no query parameter.
fn minimal_spec() -> Value {
    let mut spec = yaml(SERVED);
    for path in ["/checkout-sessions", "/payment-links"] {
        spec["paths"][path].as_object_mut().unwrap().remove("get");
    }
    spec
}

#[test]
fn awkward_and_minimal_specs_generate_and_are_written_for_ci() {
    // .ci/run builds the crate and its docs from both, warnings denied.
    for (name, spec) in [("awkward", awkward_spec()), ("minimal", minimal_spec())] {
        let text = serde_json::to_string_pretty(&spec).unwrap();
        let path =
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("openapi-{name}.json"));
        std::fs::write(&path, &text).unwrap();
        let g = generate(&text, everything()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            syn::parse_file(g.mock.as_deref().unwrap()).is_ok(),
            "{name}"
        );
        if name == "minimal" {
            assert!(!g.lists && !g.query);
            continue;
        }
        assert!(g.lists && g.query);
        let compact = |s: &str| s.split_whitespace().collect::<String>();
        let (types, methods) = (compact(&g.types), compact(&g.methods));
        // Production is the server that does not say sandbox, wherever it stands.
        assert!(
            methods.contains(r#"PRODUCTION_URL:&str="https://api.lomi.africa/checkout-api/v1.0""#),
            "{methods}"
        );
        // `type` is the field `type_`, sent as `type`; the sort's values are variants.
        assert!(
            types.contains("pubtype_:Option<::std::string::String>"),
            "{types}"
        );
        assert!(types.contains(r#"query.push("type",value)"#), "{types}");
        for variant in ["CreatedAtDesc", "UnknownValue", "V3dsRequired", "Lost"] {
            assert!(types.contains(&format!("{variant},")), "{variant}");
        }
        // `default` and `gen` are the fields `default` and `gen_`; a required status whose
        // enum is nullable is an `Option`.
        assert!(types.contains("pubgen_:Option<"), "{types}");
        assert!(types.contains("<Selfas::std::default::Default>::default()"));
        assert!(types.contains("pubstatus:::std::option::Option<crate::types::DisputeStatus>"));
        // A bounded string is still a `String`: its constructor takes `"…"`.
        assert!(types.contains("pubreason:::std::string::String"), "{types}");
        // The nullable pagination is read through its `Option`, the page's own limit too.
        assert!(
            types.contains("self.pagination.as_ref().map(|p|p.limit)"),
            "{types}"
        );
        // The spec's words are text to rustdoc.
        assert!(g.methods.contains(r"\[Organization\]"), "{}", g.methods);
        assert!(g.methods.contains("<https://lomi.africa/docs/disputes>"));
        assert!(g.methods.contains("```text"));
    }
}

fn error_for(edit: impl FnOnce(&mut Value)) -> String {
    let mut spec = yaml(SPEC);
    edit(&mut spec);
    generate(&serde_json::to_string(&spec).unwrap(), Options::default())
        .expect_err("the edited spec must be refused")
        .to_string()
}

#[test]
fn what_cannot_be_generated_is_named() {
    let e = error_for(|s| {
        s["paths"]["/payment_links"]["get"]["responses"]["default"] =
            serde_json::json!({"description": "x"});
    });
    assert!(
        e.contains("listPaymentLinks") && e.contains("default"),
        "{e}"
    );

    let e = error_for(|s| {
        s["paths"]["/payment_links"]["post"]["operationId"] = Value::Null;
    });
    assert!(
        e.contains("POST /payment_links") && e.contains("operationId"),
        "{e}"
    );

    let e = error_for(|s| {
        s["paths"]["/payment_links"]["post"]["requestBody"]["content"]["application/json"]["schema"] =
            serde_json::json!({"type": "object"});
    });
    assert!(e.contains("createPaymentLink") && e.contains("$ref"), "{e}");

    let e = error_for(|s| {
        s["components"]["schemas"]["bad_name"] =
            serde_json::json!({"type": "string", "enum": ["a"]});
    });
    assert!(e.contains("bad_name"), "{e}");

    let e = error_for(|s| {
        s["components"]["schemas"]["CheckoutSessionStatus"]["enum"] =
            serde_json::json!(["open", "Open"]);
    });
    assert!(
        e.contains("CheckoutSessionStatus") && e.contains("Open"),
        "{e}"
    );

    let e = generate("openapi: 3.0.3\ninfo: [", Options::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a valid OpenAPI"), "{e}");
}

#[test]
fn a_spec_of_the_served_api_generates_its_shapes() {
    let (generated, [_, blocking, _, _]) = generated(SERVED);
    // Only what the server serves: no update, no delete.
    assert_eq!(
        blocking,
        [
            "create_checkout_session",
            "create_payment_link",
            "list_checkout_sessions",
            "list_checkout_sessions_iter",
            "list_payment_links",
            "list_payment_links_iter",
            "retrieve_checkout_session",
            "retrieve_payment_link",
        ]
        .map(String::from)
        .into(),
    );
    let methods = &generated.methods;
    // Base URLs from the spec's servers, without `/v1`.
    assert!(methods.contains(r#"PRODUCTION_URL: &str = "https://api.lomi.africa";"#));
    let sandbox = methods.split("SANDBOX_URL").nth(1).unwrap();
    assert!(
        sandbox.contains(r#"Some("#) && sandbox.contains(r#""https://sandbox.api.lomi.africa","#),
        "{sandbox}"
    );
    // A path parameter named `{id}`.
    assert!(
        methods.contains(r#""/checkout-sessions/{id}""#),
        "{methods}"
    );
    let types = &generated.types;
    // A bare array, and an object with a top-level total.
    let page = |name: &str| {
        let start = types
            .find(&format!("impl crate::pagination::Page for {name}"))
            .unwrap_or_else(|| panic!("{name} pages"));
        types[start..].split("\n}\n").next().unwrap().to_owned()
    };
    let sessions = page("CheckoutSessionList");
    assert!(
        sessions.contains("(self.0, total)") && sessions.contains("let total = None"),
        "{sessions}"
    );
    assert!(
        sessions.contains("item.checkout_session_id.as_str()"),
        "{sessions}"
    );
    let links = page("PaymentLinkList");
    assert!(
        links.contains("Count::count(self.total)") && links.contains("Listed::listed(self.data)"),
        "{links}"
    );
    // Query parameters: an open enum, a boolean, camelCase on the wire and snake_case in Rust.
    assert!(
        types.contains("pub link_type: Option<crate::types::LinkType>"),
        "{types}"
    );
    assert!(types.contains("pub is_active: Option<bool>"));
    assert!(types.contains(r#"query.push("linkType", value)"#));
    assert!(types.contains(r#"query.push("isActive", value)"#));
    assert!(types.contains("pub status: Option<crate::types::CheckoutSessionStatus>"));
}

#[test]
fn a_spec_without_what_hand_written_code_needs_is_refused_by_name() {
    let e = error_for(|s| {
        s["components"]["schemas"]
            .as_object_mut()
            .unwrap()
            .remove("WebhookEvent");
    });
    assert!(
        e.contains("WebhookEvent") && e.contains("lomi::webhook"),
        "{e}"
    );
    let e = error_for(|s| {
        s["components"]["schemas"]["WebhookEvent"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("timestamp");
    });
    assert!(e.contains("timestamp"), "{e}");
    let e = error_for(|s| {
        s.as_object_mut().unwrap().remove("servers");
    });
    assert!(e.contains("servers"), "{e}");
    // An inline enum is a plain string (only a named schema becomes an open enum): never a
    // closed enum that would fail on a value lomi. adds.
    let mut spec = yaml(SPEC);
    spec["paths"]["/payment_links"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "name": "kind", "in": "query",
            "schema": {"type": "string", "enum": ["a", "b"]}
        }));
    let generated = generate(&serde_json::to_string(&spec).unwrap(), everything()).unwrap();
    assert!(
        generated
            .types
            .contains("pub kind: Option<::std::string::String>"),
        "an inline enum query parameter is a string"
    );
}

/// What the generator makes of `openapi.yaml`, kept under `tests/snapshots/` so a reviewer
/// sees every change a codegen or spec edit makes to the generated code. After an intended
/// change: `LOMI_BLESS=1 cargo test --test codegen`, then review `git diff tests/snapshots`.
#[test]
fn the_generated_code_matches_its_reviewed_snapshot() {
    let mut options = Options::default();
    (options.async_client, options.mock) = (true, true);
    let g = generate(SPEC, options).expect("the spec generates");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let bless = std::env::var_os("LOMI_BLESS").is_some();
    let mut stale = Vec::new();
    for (name, text) in [
        ("types.rs", g.types.as_str()),
        ("methods.rs", g.methods.as_str()),
        ("mock.rs", g.mock.as_deref().unwrap_or_default()),
    ] {
        let path = dir.join(name);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, text).unwrap();
            continue;
        }
        let reviewed = std::fs::read_to_string(&path).unwrap_or_default();
        if reviewed != text {
            let diff = similar::TextDiff::from_lines(reviewed.as_str(), text);
            stale.push(format!(
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(&format!("tests/snapshots/{name}"), "generated now")
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "the generated code changed; if that is intended, run \
         `LOMI_BLESS=1 cargo test --test codegen` and review `git diff tests/snapshots`:\n{}",
        stale.join("\n")
    );
}

#[test]
fn a_body_with_required_fields_is_built_with_its_constructor_in_the_docs() {
    let (generated, _) = generated(SERVED);
    // The constructor takes exactly the required fields, in the spec's order.
    assert!(
        generated.types.contains("impl PaymentLinkCreate {"),
        "no constructor"
    );
    let create = generated
        .types
        .split("impl PaymentLinkCreate {")
        .nth(1)
        .unwrap();
    let signature = create
        .split("-> Self")
        .next()
        .unwrap()
        .replace(char::is_whitespace, "");
    assert!(
        signature.contains("link_type:impl::std::convert::Into<crate::types::LinkType>,title:impl::std::convert::Into<::std::string::String>,currency_code:impl::std::convert::Into<crate::types::CurrencyCode>"),
        "{signature}"
    );
    // The method's example builds the body with it.
    let methods = &generated.methods;
    let before = methods.split("pub fn create_payment_link").next().unwrap();
    let doc = &before[before.rfind("```no_run").unwrap()..];
    assert!(doc.contains("PaymentLinkCreate::new("), "{doc}");
    // An inline `type: number` is an exact `Number`, as a named one is.
    assert!(!generated.types.contains("f64"), "an f64 field is left");
}

#[test]
fn no_operation_takes_a_name_the_clients_have_by_hand() {
    // The list the generator refuses is every method of the clients' hand-written `impl`s.
    let mut by_hand = BTreeSet::new();
    for source in [
        include_str!("../src/blocking/mod.rs"),
        include_str!("../src/asynchronous.rs"),
    ] {
        let file = syn::parse_file(source).expect("the client sources parse");
        for item in file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(ty) = &*block.self_ty else {
                continue;
            };
            let name = ty.path.get_ident().map(ToString::to_string);
            if block.trait_.is_some() || !matches!(name.as_deref(), Some("Client" | "AsyncClient"))
            {
                continue;
            }
            for item in block.items {
                if let syn::ImplItem::Fn(f) = item {
                    by_hand.insert(f.sig.ident.to_string());
                }
            }
        }
    }
    let refused: BTreeSet<String> = codegen::model::HAND_WRITTEN_METHODS
        .iter()
        .map(|m| m.to_string())
        .collect();
    assert_eq!(by_hand, refused);

    // Each is refused by name, as is a second operation of the same method or iterator name.
    let rename = |edits: &[(&str, &str)]| {
        let mut spec = yaml(SERVED);
        for (path, id) in edits {
            spec["paths"][*path]["get"]["operationId"] = (*id).into();
        }
        generate(&serde_json::to_string(&spec).unwrap(), everything())
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    for name in ["send", "withTimeout", "recording"] {
        let e = rename(&[("/payment-links", name)]);
        assert!(
            e.contains(&format!("operation `{name}`")) && e.contains("by hand"),
            "{e}"
        );
    }
    let e = rename(&[
        ("/payment-links", "listPaymentLinksIter"),
        ("/checkout-sessions", "listPaymentLinks"),
    ]);
    assert!(
        e.contains("list_payment_links_iter") && e.contains("change its operationId"),
        "{e}"
    );
    let e = rename(&[
        ("/payment-links", "ListPaymentLinks"),
        ("/checkout-sessions", "listPaymentLinks"),
    ]);
    assert!(e.contains("`list_payment_links` clashes"), "{e}");
}
