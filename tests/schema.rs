//! The types are the spec (feature `schemars`): the JSON Schema each type of `lomi::types`
//! derives is compared with its component schema in `openapi.yaml` (property names, JSON types,
//! `required`, known enum values, formats and bounds), every query-parameter struct with its
//! operation's parameters, and every example of the spec, of the README and of the test fixtures
//! validates against the derived schema (with `boon`, a JSON Schema validator).
//!
//! A drift names the schema and the property: `CheckoutSession.amount: type: the spec says
//! "string", lomi::types::CheckoutSession says "number"`.
#![cfg(feature = "schemars")]

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_json::{Value, json};

const SPEC: &str = include_str!("../openapi.yaml");
const README: &str = include_str!("../README.md");

fn spec() -> Value {
    serde_yaml_ng::from_str(SPEC).expect("openapi.yaml is YAML")
}

/// The derived schema of the type of `lomi::types` named `name`, as JSON.
fn derived(name: &str) -> Option<Value> {
    lomi::types::json_schema(name).map(|s| serde_json::to_value(s).expect("a schema is JSON"))
}

// ---------------------------------------------------------------------------------------------
// The comparison
// ---------------------------------------------------------------------------------------------

/// What the comparison reads of one schema, on either side.
#[derive(Debug, Default)]
struct Shape {
    /// The JSON types; empty for any value.
    types: BTreeSet<String>,
    /// The known values of an enum.
    known: Option<Vec<Value>>,
    /// Whether any other string is accepted besides the known values (an open enum).
    open: bool,
    properties: Option<BTreeMap<String, Value>>,
    required: BTreeSet<String>,
    items: Option<Value>,
    /// `additionalProperties`: `None` when any are allowed (absent, `true` or `{}`).
    additional: Option<Value>,
    format: Option<String>,
    minimum: Option<f64>,
    maximum: Option<f64>,
}

/// A local `$ref` (`#/components/schemas/X`, `#/definitions/X`) followed in `root`, to the end.
fn resolve<'a>(root: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..32 {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            return schema;
        };
        let pointer = reference.strip_prefix('#').unwrap_or_else(|| {
            panic!("only local references are followed, not {reference}");
        });
        schema = root
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{reference} points nowhere"));
    }
    panic!("a chain of 32 references");
}

fn types_of(schema: &Value) -> BTreeSet<String> {
    match schema.get("type") {
        Some(Value::String(t)) => [t.clone()].into(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => BTreeSet::new(),
    }
}

fn common_shape(schema: &Value) -> Shape {
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let additional = match schema.get("additionalProperties") {
        None | Some(Value::Bool(true)) => None,
        Some(Value::Object(o)) if o.is_empty() => None,
        Some(other) => Some(other.clone()),
    };
    Shape {
        types: types_of(schema),
        known: schema.get("enum").and_then(Value::as_array).cloned(),
        open: false,
        properties,
        required,
        items: schema.get("items").cloned(),
        additional,
        format: schema
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_owned),
        minimum: schema.get("minimum").and_then(Value::as_f64),
        maximum: schema.get("maximum").and_then(Value::as_f64),
    }
}

/// An OpenAPI 3.0 schema of the spec, `$ref`s followed.
fn spec_shape(spec: &Value, schema: &Value) -> Shape {
    common_shape(resolve(spec, schema))
}

/// A derived schema: `$ref`s followed, the `null` that every `Option` adds dropped (the spec
/// marks no field `nullable`; a Rust field that is absent may also be `null`), and an open
/// enum's `anyOf` of its known values and any string read as one enum.
fn derived_shape(root: &Value, schema: &Value) -> Shape {
    let schema = resolve(root, schema);
    if let Value::Bool(true) = schema {
        return Shape::default();
    }
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
        let null = json!({"type": "null"});
        let others: Vec<&Value> = branches.iter().filter(|b| **b != null).collect();
        // `Option<T>` for a `T` with a definition: `anyOf: [{$ref}, {type: null}]`.
        if others.len() == 1 && branches.len() == 2 {
            return derived_shape(root, others[0]);
        }
        // An open enum: one branch with the known values, one with any string.
        let shapes: Vec<Shape> = others.iter().map(|b| derived_shape(root, b)).collect();
        let string: BTreeSet<String> = ["string".to_owned()].into();
        if shapes.len() == 2
            && shapes.iter().all(|s| s.types == string)
            && let [Some(known), None] | [None, Some(known)] =
                [shapes[0].known.clone(), shapes[1].known.clone()]
        {
            return Shape {
                known: Some(known),
                open: true,
                ..common_shape(schema)
            };
        }
        panic!("an anyOf the comparison does not read: {schema}");
    }
    let mut shape = common_shape(schema);
    shape.types.remove("null");
    shape
}

/// The definition a derived schema refers to, also through the `anyOf` of an `Option`.
fn derived_reference(schema: &Value) -> Option<&str> {
    if let Some(reference) = schema["$ref"].as_str() {
        return reference.strip_prefix("#/definitions/");
    }
    match schema["anyOf"].as_array().map(Vec::as_slice) {
        Some([a, b]) if *b == json!({"type": "null"}) => derived_reference(a),
        Some([a, b]) if *a == json!({"type": "null"}) => derived_reference(b),
        _ => None,
    }
}

fn show(types: &BTreeSet<String>) -> String {
    match types.len() {
        0 => "any JSON value".to_owned(),
        1 => format!("{:?}", types.first().unwrap()),
        _ => format!("one of {types:?}"),
    }
}

/// Compares spec schemas with derived ones and collects every difference.
struct Comparison<'a> {
    spec: &'a Value,
    errors: Vec<String>,
}

impl Comparison<'_> {
    /// `path` names the schema and property (`CheckoutSession.amount`); `rust` the type whose
    /// schema `derived` is part of, and `root` that type's whole schema (for its definitions).
    ///
    /// Where both sides refer to a named schema, only the names are compared: the named schema
    /// is compared once, on its own, so a drift is reported where it is, not at every use.
    fn compare(&mut self, path: &str, rust: &str, spec: &Value, root: &Value, derived: &Value) {
        let spec_ref = spec["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"));
        let rust_ref = derived_reference(derived);
        if let (Some(spec_ref), Some(rust_ref)) = (spec_ref, rust_ref) {
            if spec_ref.to_upper_camel_case() != rust_ref {
                self.errors.push(format!(
                    "{path}: the spec refers to {spec_ref}, lomi::types::{rust} to {rust_ref}"
                ));
            }
            return;
        }
        let s = spec_shape(self.spec, spec);
        let d = derived_shape(root, derived);
        let mut differ = |what: &str, spec_says: String, rust_says: String| {
            self.errors.push(format!(
                "{path}: {what}: the spec says {spec_says}, lomi::types::{rust} says {rust_says}"
            ));
        };
        if s.types != d.types {
            // Nothing more to compare between a string and an object.
            differ("type", show(&s.types), show(&d.types));
            return;
        }
        if s.known != d.known {
            let values = |k: &Option<Vec<Value>>| match k {
                Some(values) => format!("the values {}", Value::from(values.clone())),
                None => "no list of values".to_owned(),
            };
            differ("enum", values(&s.known), values(&d.known));
        } else if s.known.is_some() && !d.open {
            differ(
                "enum",
                "values that may grow".to_owned(),
                "a closed enum (an unknown value would fail to decode)".to_owned(),
            );
        }
        if s.format.is_some() && s.format != d.format {
            differ(
                "format",
                format!("{:?}", s.format),
                format!("{:?}", d.format),
            );
        }
        for (what, a, b) in [
            ("minimum", s.minimum, d.minimum),
            ("maximum", s.maximum, d.maximum),
        ] {
            if a.is_some() && a != b {
                differ(what, format!("{a:?}"), format!("{b:?}"));
            }
        }
        if s.required != d.required {
            differ(
                "required",
                format!("{:?}", s.required),
                format!("{:?}", d.required),
            );
        }
        match (&s.additional, &d.additional) {
            (None, None) => {}
            (Some(a), Some(b)) if a.is_object() && b.is_object() => {
                let (a, b) = (a.clone(), b.clone());
                self.compare(&format!("{path}.*"), rust, &a, root, &b);
            }
            (a, b) => self.errors.push(format!(
                "{path}: additionalProperties: the spec says {}, lomi::types::{rust} says {}",
                a.as_ref().map_or("any".to_owned(), Value::to_string),
                b.as_ref().map_or("any".to_owned(), Value::to_string),
            )),
        }
        let no_properties = BTreeMap::new();
        let spec_properties = s.properties.as_ref().unwrap_or(&no_properties);
        let rust_properties = d.properties.as_ref().unwrap_or(&no_properties);
        for name in spec_properties.keys() {
            if !rust_properties.contains_key(name) {
                self.errors.push(format!(
                    "{path}.{name}: the property is in the spec, not in lomi::types::{rust}"
                ));
            }
        }
        for name in rust_properties.keys() {
            if !spec_properties.contains_key(name) {
                self.errors.push(format!(
                    "{path}.{name}: the property is in lomi::types::{rust}, not in the spec"
                ));
            }
        }
        for (name, spec_property) in spec_properties {
            if let Some(rust_property) = rust_properties.get(name) {
                self.compare(
                    &format!("{path}.{name}"),
                    rust,
                    spec_property,
                    root,
                    rust_property,
                );
            }
        }
        match (&s.items, &d.items) {
            (Some(a), Some(b)) => self.compare(&format!("{path}[]"), rust, a, root, b),
            (None, None) => {}
            (a, b) => self.errors.push(format!(
                "{path}: items: the spec says {}, lomi::types::{rust} says {}",
                a.as_ref().map_or("none".to_owned(), Value::to_string),
                b.as_ref().map_or("none".to_owned(), Value::to_string),
            )),
        }
    }
}

/// An operation's query parameters, `$ref`s followed: (operationId, parameters).
fn query_parameters(spec: &Value) -> Vec<(String, Vec<Value>)> {
    let mut out = Vec::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        let shared = item.get("parameters").and_then(Value::as_array).cloned();
        for (method, op) in item.as_object().unwrap() {
            let methods = [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ];
            if !methods.contains(&method.as_str()) {
                continue;
            }
            let own = op.get("parameters").and_then(Value::as_array).cloned();
            let params: Vec<Value> = shared
                .iter()
                .chain(own.iter())
                .flatten()
                .map(|p| resolve(spec, p).clone())
                .filter(|p| p["in"] == "query")
                .collect();
            if !params.is_empty() {
                let id = op["operationId"].as_str().expect("operationId").to_owned();
                out.push((id, params));
            }
        }
    }
    out
}

/// The Rust type of an operation's query parameters.
fn params_type(operation_id: &str) -> String {
    format!("{}Params", operation_id.to_upper_camel_case())
}

/// Every difference between `spec` and the types of `lomi::types`, one line each.
fn differences(spec: &Value) -> Vec<String> {
    let mut comparison = Comparison {
        spec,
        errors: Vec::new(),
    };
    let components = spec["components"]["schemas"].as_object().expect("schemas");
    for (name, schema) in components {
        let rust = name.to_upper_camel_case();
        let Some(root) = derived(&rust) else {
            comparison.errors.push(format!(
                "{name}: the spec has this schema, lomi::types has no type {rust}"
            ));
            continue;
        };
        comparison.compare(name, &rust, schema, &root, &root);
    }
    for (operation_id, params) in query_parameters(spec) {
        let rust = params_type(&operation_id);
        let Some(root) = derived(&rust) else {
            comparison.errors.push(format!(
                "{operation_id}: the spec gives it query parameters, lomi::types has no type {rust}"
            ));
            continue;
        };
        let properties: serde_json::Map<String, Value> = params
            .iter()
            .map(|p| (p["name"].as_str().unwrap().to_owned(), p["schema"].clone()))
            .collect();
        let required: Vec<&Value> = params
            .iter()
            .filter(|p| p["required"] == true)
            .map(|p| &p["name"])
            .collect();
        let as_object = json!({"type": "object", "properties": properties, "required": required});
        comparison.compare(&rust, &rust, &as_object, &root, &root);
    }
    comparison.errors
}

fn assert_no_differences(errors: &[String]) {
    assert!(
        errors.is_empty(),
        "the types differ from the spec:\n  {}",
        errors.join("\n  ")
    );
}

#[test]
fn every_type_is_its_component_schema() {
    assert_no_differences(&differences(&spec()));
}

#[test]
fn every_named_type_is_a_component_schema_or_a_params_struct() {
    // The other direction: nothing in `json_schema`'s list that the spec does not describe.
    let spec = spec();
    let mut expected: BTreeSet<String> = spec["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .map(|n| n.to_upper_camel_case())
        .collect();
    expected.extend(
        query_parameters(&spec)
            .iter()
            .map(|(id, _)| params_type(id)),
    );
    let names: BTreeSet<String> = lomi::types::JSON_SCHEMA_NAMES
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(names, expected);
    assert_eq!(
        names.len(),
        lomi::types::JSON_SCHEMA_NAMES.len(),
        "a name twice"
    );
    for name in lomi::types::JSON_SCHEMA_NAMES {
        let schema = derived(name).unwrap();
        assert_eq!(schema["title"], *name);
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    }
}

// A copy of the spec, edited: the comparison against the shipped types must name the edit.

fn edited(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut spec = spec();
    edit(&mut spec);
    differences(&spec)
}

#[test]
fn a_property_whose_type_changed_in_the_spec_is_named() {
    let errors = edited(|s| {
        s["components"]["schemas"]["CheckoutSession"]["properties"]["amount"] =
            json!({"type": "string", "description": "The amount, as text."});
    });
    assert_eq!(
        errors,
        [
            r#"CheckoutSession.amount: type: the spec says "string", lomi::types::CheckoutSession says "number""#
        ]
    );
}

#[test]
fn every_other_kind_of_drift_is_named() {
    fn schemas(spec: &mut Value) -> &mut Value {
        &mut spec["components"]["schemas"]
    }

    let errors = edited(|s| {
        schemas(s)["Pagination"]["properties"]["total"]["type"] = json!("number");
    });
    assert_eq!(
        errors,
        [
            r#"Pagination.total: type: the spec says "number", lomi::types::Pagination says "integer""#
        ]
    );

    let errors = edited(|s| {
        schemas(s)["PaymentLink"]["required"] = json!(["link_id", "url"]);
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("PaymentLink: required: ") && errors[0].contains("\"url\""),
        "{errors:?}"
    );

    let errors = edited(|s| {
        schemas(s)["CheckoutSessionStatus"]["enum"] =
            json!(["open", "completed", "expired", "refunded"]);
    });
    // Once, where it is: the properties that refer to it are not reported again.
    assert_eq!(
        errors,
        [
            r#"CheckoutSessionStatus: enum: the spec says the values ["open","completed","expired","refunded"], lomi::types::CheckoutSessionStatus says the values ["open","completed","expired"]"#
        ]
    );

    let errors = edited(|s| {
        schemas(s)["PaymentLink"]["properties"]["currency_code"] =
            json!({"$ref": "#/components/schemas/CheckoutSessionStatus"});
    });
    assert_eq!(
        errors,
        [
            "PaymentLink.currency_code: the spec refers to CheckoutSessionStatus, lomi::types::PaymentLink to CurrencyCode"
        ]
    );

    let errors = edited(|s| {
        schemas(s)["ErrorDetail"]["properties"]["hint"] = json!({"type": "string"});
    });
    assert_eq!(
        errors,
        ["ErrorDetail.hint: the property is in the spec, not in lomi::types::ErrorDetail"]
    );

    let errors = edited(|s| {
        schemas(s)["CheckoutSessionList"]["properties"]
            .as_object_mut()
            .unwrap()
            .remove("pagination");
    });
    assert_eq!(
        errors,
        [
            "CheckoutSessionList.pagination: the property is in lomi::types::CheckoutSessionList, not in the spec"
        ]
    );

    let errors = edited(|s| {
        schemas(s)["WebhookEvent"]["properties"]["timestamp"]
            .as_object_mut()
            .unwrap()
            .remove("format");
        schemas(s)["PaymentLinkList"]["properties"]["data"]["items"] = json!({"type": "string"});
    });
    // A format the spec drops is not a drift (the Rust type may say more); items are compared.
    assert_eq!(
        errors,
        [
            r#"PaymentLinkList.data[]: type: the spec says "string", lomi::types::PaymentLinkList says "object""#
        ]
    );

    let errors = edited(|s| {
        s["components"]["parameters"]["Limit"]["schema"]["maximum"] = json!(500);
    });
    assert_eq!(
        errors,
        [
            "ListCheckoutSessionsParams.limit: maximum: the spec says Some(500.0), lomi::types::ListCheckoutSessionsParams says Some(100.0)",
            "ListPaymentLinksParams.limit: maximum: the spec says Some(500.0), lomi::types::ListPaymentLinksParams says Some(100.0)",
        ]
    );

    let errors = edited(|s| {
        schemas(s)["Refund"] = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    });
    assert_eq!(
        errors,
        ["Refund: the spec has this schema, lomi::types has no type Refund"]
    );
}

// ---------------------------------------------------------------------------------------------
// The examples
// ---------------------------------------------------------------------------------------------

/// Validates JSON against the derived schemas, compiled once each.
struct Validator {
    compiler: boon::Compiler,
    schemas: boon::Schemas,
    added: BTreeSet<String>,
}

impl Validator {
    fn new() -> Self {
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions(); // `date-time` is checked, not only announced
        Self {
            compiler,
            schemas: boon::Schemas::new(),
            added: BTreeSet::new(),
        }
    }

    /// Checks `instance` against the schema of `lomi::types::{rust}` at `fragment` (a JSON
    /// pointer in it: `""` for the whole type, `/properties/limit` for one property).
    fn check(&mut self, rust: &str, fragment: &str, instance: &Value) -> Result<(), String> {
        let url = format!("file:///lomi/types/{rust}.json");
        if self.added.insert(rust.to_owned()) {
            let schema = derived(rust).ok_or_else(|| format!("no type {rust} in lomi::types"))?;
            self.compiler
                .add_resource(&url, schema)
                .map_err(|e| format!("{rust}: {e}"))?;
        }
        let index = self
            .compiler
            .compile(&format!("{url}#{fragment}"), &mut self.schemas)
            .map_err(|e| format!("{rust}: {e:#}"))?;
        self.schemas
            .validate(instance, index)
            .map_err(|e| format!("{e}"))
    }
}

/// Where an example of the spec sits, and what it is an example of.
#[derive(Debug)]
enum Target {
    /// `lomi::types::{0}` at the JSON pointer `{1}`.
    Type(String, String),
    /// A path or header parameter: a method's argument, not a type of `lomi::types`.
    Argument,
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// What the example at `pointer` (of the object `parent`, at `parent_pointer`) is an example of;
/// several targets for a shared parameter used by several operations.
fn targets(spec: &Value, parent_pointer: &str, parent: &Value) -> Result<Vec<Target>, String> {
    let segments: Vec<String> = parent_pointer.split('/').skip(1).map(unescape).collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match segments.as_slice() {
        ["components", "schemas", name] => {
            return Ok(vec![Target::Type(
                name.to_upper_camel_case(),
                String::new(),
            )]);
        }
        ["components", "schemas", name, "properties", property] => {
            return Ok(vec![Target::Type(
                name.to_upper_camel_case(),
                format!("/properties/{property}"),
            )]);
        }
        _ => {}
    }
    if segments.len() >= 2 && segments[segments.len() - 2] == "content" {
        // A media type: its schema is a `$ref` to a component.
        let reference = parent["schema"]["$ref"]
            .as_str()
            .ok_or("a media type whose schema is not a $ref")?;
        let name = reference
            .strip_prefix("#/components/schemas/")
            .ok_or("a media type whose schema is not a component")?;
        return Ok(vec![Target::Type(
            name.to_upper_camel_case(),
            String::new(),
        )]);
    }
    if let Some(location) = parent.get("in").and_then(Value::as_str) {
        if location != "query" {
            return Ok(vec![Target::Argument]);
        }
        let name = parent["name"]
            .as_str()
            .ok_or("a parameter without a name")?;
        // Every operation that takes it: a shared parameter is compared once per struct.
        let mut out = Vec::new();
        for (operation_id, params) in query_parameters(spec) {
            if params.iter().any(|p| p == parent) {
                out.push(Target::Type(
                    params_type(&operation_id),
                    format!("/properties/{name}"),
                ));
            }
        }
        if out.is_empty() {
            return Err(format!(
                "the query parameter {name} belongs to no operation"
            ));
        }
        return Ok(out);
    }
    Err("an example this test does not know how to check".to_owned())
}

/// Every `example` (and `examples` value) of the spec, with the pointer of its parent object.
fn examples(value: &Value, pointer: &str, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            if let Some(example) = map.get("example") {
                out.push((pointer.to_owned(), example.clone()));
            }
            if let Some(Value::Object(named)) = map.get("examples") {
                for example in named.values() {
                    out.push((pointer.to_owned(), example["value"].clone()));
                }
            }
            for (key, child) in map {
                if key != "example" && key != "examples" {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    examples(child, &format!("{pointer}/{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                examples(child, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Checks every example of `spec`: the failures, and how many examples were found, checked
/// against a type (a shared parameter once per operation) and left as method arguments.
fn check_examples(spec: &Value) -> (Vec<String>, [usize; 3]) {
    let mut found = Vec::new();
    examples(spec, "", &mut found);
    let mut validator = Validator::new();
    let mut failures = Vec::new();
    let (mut checked, mut arguments) = (0, 0);
    for (pointer, example) in &found {
        let parent = spec.pointer(pointer).unwrap();
        match targets(spec, pointer, parent) {
            Err(why) => failures.push(format!("{pointer}: {why}")),
            Ok(targets) => {
                for target in targets {
                    match target {
                        Target::Argument => arguments += 1,
                        Target::Type(rust, fragment) => {
                            checked += 1;
                            if let Err(e) = validator.check(&rust, &fragment, example) {
                                failures
                                    .push(format!("{pointer}: the example is not a {rust}: {e}"));
                            }
                        }
                    }
                }
            }
        }
    }
    (failures, [found.len(), checked, arguments])
}

#[test]
fn every_example_of_the_spec_is_valid_for_its_type() {
    let (failures, counts) = check_examples(&spec());
    assert!(
        failures.is_empty(),
        "examples of the spec that their type refuses:\n{}",
        failures.join("\n")
    );
    // The shipped spec: 7 component examples, 17 media-type examples (12 in paths, 5 in
    // components/responses), 3 shared query parameters used by 2 operations each, and 6 path
    // parameters; and the 22 property examples of `Transaction`.
    assert_eq!(counts, [55, 52, 6]);
}

#[test]
fn an_example_its_type_refuses_is_named() {
    let mut spec = spec();
    spec["paths"]["/payment_links"]["post"]["requestBody"]["content"]["application/json"]["example"]
        ["amount"] = json!("50000");
    spec["components"]["parameters"]["Limit"]["example"] = json!(500);
    let (failures, _) = check_examples(&spec);
    assert_eq!(failures.len(), 3, "{failures:#?}");
    let failure = |start: &str, detail: &str| {
        failures
            .iter()
            .any(|f| f.starts_with(start) && f.contains(detail))
    };
    assert!(
        failure(
            "/paths/~1payment_links/post/requestBody/content/application~1json: the example is not a PaymentLinkCreate: ",
            "at '/amount': want null or number, but got string"
        ),
        "{failures:#?}"
    );
    for rust in ["ListCheckoutSessionsParams", "ListPaymentLinksParams"] {
        assert!(
            failure(
                &format!("/components/parameters/Limit: the example is not a {rust}: "),
                "must be <=100"
            ),
            "{failures:#?}"
        );
    }
}

/// The JSON in the README's raw strings (`r#"…"#`, `br#"…"#`) that is an object.
fn readme_bodies() -> Vec<Value> {
    README
        .split("r#\"")
        .skip(1)
        .filter_map(|rest| rest.split("\"#").next())
        .filter_map(|text| serde_json::from_str::<Value>(text).ok())
        .filter(Value::is_object)
        .collect()
}

#[test]
fn the_readme_bodies_are_valid_for_their_types() {
    // Each README body, by a field only it has, with its type and whether it is valid (the
    // webhook section sends a forged body on purpose).
    let expected = [
        (
            "customer_email",
            json!("customer@example.com"),
            "CheckoutSessionCreate",
            true,
        ),
        (
            "title",
            json!("Premium Membership"),
            "PaymentLinkCreate",
            true,
        ),
        (
            "metadata",
            json!({"updated_at": "2025-11-21T13:32:16.240Z", "updated_reason": "Administrative update"}),
            "PaymentLinkUpdate",
            true,
        ),
        (
            "id",
            json!("0b9e2f4a-1c3d-4e5f-8a7b-6c5d4e3f2a1b"),
            "WebhookEvent",
            true,
        ),
        // The same payment, delivered again as a new event.
        (
            "id",
            json!("5c1d8e7f-2a3b-4c5d-9e8f-7a6b5c4d3e2f"),
            "WebhookEvent",
            true,
        ),
        ("forged", json!(true), "WebhookEvent", false),
        (
            "error",
            json!({"code": "NOT_FOUND", "message": "gone"}),
            "ErrorResponse",
            true,
        ),
    ];
    let bodies = readme_bodies();
    assert_eq!(
        bodies.len(),
        expected.len(),
        "a README body this test does not know: {bodies:#?}"
    );
    let mut validator = Validator::new();
    for body in &bodies {
        let matches: Vec<_> = expected
            .iter()
            .filter(|(key, value, _, _)| body.get(key) == Some(value))
            .collect();
        let [(_, _, rust, valid)] = matches.as_slice() else {
            panic!("a README body this test does not know (or knows twice): {body}");
        };
        let result = validator.check(rust, "", body);
        assert_eq!(result.is_ok(), *valid, "{rust}: {body}: {result:?}");
    }
}

#[test]
fn the_test_fixtures_are_valid_for_their_types() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut validator = Validator::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let rust = path
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .to_upper_camel_case();
        let body: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        validator
            .check(&rust, "", &body)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        checked += 1;
    }
    assert_eq!(checked, 4);
}

// ---------------------------------------------------------------------------------------------
// The schemas tell the truth about decoding
// ---------------------------------------------------------------------------------------------

#[test]
fn an_open_enum_accepts_any_string_and_lists_the_known_values() {
    let schema = derived("CurrencyCode").unwrap();
    assert_eq!(schema["type"], "string");
    assert_eq!(schema["anyOf"][0]["enum"], json!(["XOF", "USD", "EUR"]));
    let mut validator = Validator::new();
    for (value, decodes) in [
        (json!("XOF"), lomi::types::CurrencyCode::Xof),
        (
            json!("GBP"),
            lomi::types::CurrencyCode::Unknown("GBP".into()),
        ),
    ] {
        assert!(
            validator.check("CurrencyCode", "", &value).is_ok(),
            "{value}"
        );
        let decoded: lomi::types::CurrencyCode = serde_json::from_value(value).unwrap();
        assert_eq!(decoded, decodes);
    }
    // Not a string: refused by the schema and by decoding alike.
    assert!(validator.check("CurrencyCode", "", &json!(978)).is_err());
    assert!(serde_json::from_value::<lomi::types::CurrencyCode>(json!(978)).is_err());
}

#[test]
fn a_number_is_any_json_number_and_nothing_else() {
    let mut validator = Validator::new();
    for (body, valid) in [
        (json!({"amount": 15000}), true),
        (json!({"amount": 12.5}), true),
        (json!({"amount": "15000"}), false),
        (json!({"quantity": true}), false),
    ] {
        let schema_says = validator.check("CheckoutSessionCreate", "", &body).is_ok();
        let serde_says =
            serde_json::from_value::<lomi::types::CheckoutSessionCreate>(body.clone()).is_ok();
        assert_eq!((schema_says, serde_says), (valid, valid), "{body}");
    }
}

#[test]
fn required_fields_and_query_bounds_are_enforced() {
    let mut validator = Validator::new();
    let event = json!({"event": "PAYMENT_SUCCEEDED", "data": {}});
    assert!(validator.check("WebhookEvent", "", &event).is_ok());
    let no_data = json!({"event": "PAYMENT_SUCCEEDED"});
    assert!(validator.check("WebhookEvent", "", &no_data).is_err());
    assert!(serde_json::from_value::<lomi::types::WebhookEvent>(no_data).is_err());
    let late = json!({"event": "PAYMENT_SUCCEEDED", "data": {}, "timestamp": "yesterday"});
    assert!(validator.check("WebhookEvent", "", &late).is_err());

    for (limit, valid) in [(1, true), (100, true), (0, false), (101, false)] {
        let params = json!({"limit": limit});
        let result = validator.check("ListPaymentLinksParams", "", &params);
        assert_eq!(result.is_ok(), valid, "limit {limit}: {result:?}");
    }
}
