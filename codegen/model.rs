//! The operations of the spec, read into the few facts the emitters need.
//!
//! Everything here is derived from the parsed `openapiv3` document; nothing names an operation.
//! Anything the emitters cannot express is a [`CodegenError`] that names the operation or
//! schema at fault.

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{
    OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, ReferenceOr,
    RequestBody, Response, Schema, SchemaKind, StatusCode, Type,
};

use super::CodegenError;

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId as written in the spec (`createCheckoutSession`).
    pub operation_id: String,
    /// The Rust method name (`create_checkout_session`).
    pub method_name: String,
    /// Upper-case HTTP method (`POST`).
    pub http_method: String,
    /// The path template (`/checkout_sessions/{session_id}`).
    pub path: String,
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// Path parameters, in template order.
    pub path_params: Vec<PathParam>,
    /// Query parameters, in spec order; empty when the operation takes none.
    pub query_params: Vec<QueryParam>,
    /// The JSON request body's schema name, if any.
    pub body: Option<String>,
    /// The request body's example from the spec, as Rust that builds it (struct-update syntax
    /// over `Default`, or over `Type::new(required…)` when the body has required fields), when
    /// every field of the example can be written that way.
    pub body_example: Option<String>,
    /// The body schema's required properties, in the spec's order: the arguments of its
    /// `new`.
    pub body_required: Vec<String>,
    /// The JSON success body's schema name, or `None` for an empty success (204).
    pub response: Option<String>,
    /// The success status the spec documents (201, 200, 204…).
    pub success_status: u16,
    /// Set when the operation pages with `limit`/`offset` and answers `data` + `pagination`.
    pub pagination: Option<Pagination>,
    /// The answer's own id field (`checkout_session_id`), when the answer is one object: its id
    /// must be one the client can send back, and, when the path ends with the placeholder
    /// naming the object (`/checkout_sessions/{session_id}`), the id asked for.
    pub answer_id: Option<String>,
}

impl Operation {
    /// Whether the path ends with the answered object's collection and the placeholder that
    /// names it (`/checkout_sessions/{session_id}` answering a `CheckoutSession`,
    /// `/payment-links/{id}` a `PaymentLink`): the operation is about that object, so its
    /// answer must carry the id asked for. A path ending in another collection
    /// (`/checkout_sessions/{id}/line_items/{item_id}`) or in none
    /// (`/checkout_sessions/by_link/{link_id}`) names another object.
    pub fn names_its_object(&self) -> bool {
        let (Some(last), Some(object)) = (self.path_params.last(), &self.response) else {
            return false;
        };
        let mut segments = self.path.rsplit('/');
        let placeholder = format!("{{{}}}", last.placeholder);
        if segments.next() != Some(placeholder.as_str()) {
            return false;
        }
        let Some(collection) = segments.next() else {
            return false;
        };
        let collection = collection.replace('-', "_").to_lowercase();
        let object = object.to_snake_case();
        singulars(&collection).any(|one| object == one || object.ends_with(&format!("_{one}")))
    }
}

/// The forms a collection's name may have in the singular: English plurals
/// (`payment_links`, `addresses`, `categories`), and the name itself (`staff`).
fn singulars(collection: &str) -> impl Iterator<Item = String> {
    [
        collection
            .strip_suffix("ies")
            .map(|stem| format!("{stem}y")),
        collection.strip_suffix("es").map(str::to_owned),
        collection.strip_suffix('s').map(str::to_owned),
        Some(collection.to_owned()),
    ]
    .into_iter()
    .flatten()
}

/// A path parameter.
#[derive(Debug, Clone)]
pub struct PathParam {
    /// Name in the template (`session_id`).
    pub placeholder: String,
    /// The Rust argument name.
    pub name: String,
    /// Its description.
    pub description: Option<String>,
    /// An example value, for docs.
    pub example: Option<String>,
}

/// The Rust shape of a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// `type: integer` with `minimum >= 0`: `u64`.
    Unsigned,
    /// Any other `type: integer`: `i64`.
    Signed,
    /// `type: string`: `String`.
    Text,
    /// `type: boolean`: `bool`.
    Flag,
    /// A `$ref` to a named string schema with an `enum`: that schema's open enum, whose
    /// name is in [`QueryParam::enum_type`].
    Enum,
}

/// A query parameter.
#[derive(Debug, Clone)]
pub struct QueryParam {
    /// Wire name.
    pub name: String,
    /// Rust field name.
    pub field: String,
    /// Rust shape.
    pub kind: QueryKind,
    /// The open enum's type name, for [`QueryKind::Enum`].
    pub enum_type: Option<String>,
    /// Inclusive lower bound, for integers.
    pub minimum: Option<i64>,
    /// Inclusive upper bound, for integers.
    pub maximum: Option<i64>,
    /// The server's default, for docs.
    pub default: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// An example value, for docs.
    pub example: Option<String>,
}

/// What makes a list operation pageable, in each shape lomi. answers a list with: `{data,
/// pagination: {total, …}}` (its published v1), a bare array, or `{data, total, limit,
/// offset}` (its server's payment links).
#[derive(Debug, Clone)]
pub struct Pagination {
    /// Schema name of the page (`CheckoutSessionList`).
    pub page: String,
    /// Schema name of one item (`CheckoutSession`).
    pub item: String,
    /// Where the page keeps its items.
    pub items: Items,
    /// Where the page says how many items there are, if it does.
    pub total: Reported,
    /// Where the page says at which offset it starts, if it does: a page that answers another
    /// offset than the one asked for comes from a server that ignores `offset`.
    pub offset: Reported,
    /// Where the page says how many items a page holds, if it does: a server that caps its
    /// pages below the `limit` asked for and says so serves full pages of its own size.
    pub limit: Reported,
    /// The item's id: its first required string property named `id` or ending in `_id`,
    /// which tells two items apart however their other fields change between pages.
    pub key: Option<String>,
}

/// Where a page keeps its items.
#[derive(Debug, Clone)]
pub enum Items {
    /// In this array field (`data`), by its Rust name.
    Field(String),
    /// The page is the array.
    Whole,
}

/// Where a page reports one of its numbers (`total`, `offset`).
#[derive(Debug, Clone)]
pub enum Reported {
    /// Nowhere.
    Absent,
    /// In a field of the page itself, of that name.
    TopLevel,
    /// In the field of that name of this object field (`pagination`), by its Rust name;
    /// `required` when the page must have that object.
    Nested { field: String, required: bool },
}

impl Operation {
    /// The Rust name of the operation's query-parameter struct.
    pub fn params_type(&self) -> Option<String> {
        (!self.query_params.is_empty())
            .then(|| format!("{}Params", self.operation_id.to_upper_camel_case()))
    }
}

/// Reads every operation of the spec, in the spec's order.
pub fn operations(spec: &OpenAPI) -> Result<Vec<Operation>, CodegenError> {
    let mut out = Vec::new();
    for (path, item) in spec.paths.iter() {
        let item = item.as_item().ok_or_else(|| {
            CodegenError::new(format!(
                "path `{path}`: path items by $ref are not supported"
            ))
        })?;
        if !item.parameters.is_empty() {
            return Err(CodegenError::new(format!(
                "path `{path}`: declare parameters on each operation, not on the path item"
            )));
        }
        for (method, op) in item.iter() {
            out.push(operation(spec, path, method, op)?);
        }
    }
    methods_are_free(&out)?;
    Ok(out)
}

/// The methods `Client` and `AsyncClient` have by hand (`tests/codegen.rs` checks this list
/// against their `impl` blocks): no operation may be generated under one of these names.
pub const HAND_WRITTEN_METHODS: [&str; 14] = [
    "base_url",
    "builder",
    "execute",
    "from_env",
    "new",
    "recording",
    "send",
    "send_empty",
    "with_deadline",
    "with_header",
    "with_idempotency_key",
    "with_options",
    "with_settings",
    "with_timeout",
];

/// Fails, naming both, when two operations would be generated under one method name, or one
/// under a name the clients already have (its own, an iterator's `…_iter` or `…_stream`):
/// `listPaymentLinks` and `ListPaymentLinks`, `send`, `listPaymentLinksIter`.
fn methods_are_free(ops: &[Operation]) -> Result<(), CodegenError> {
    let mut taken: std::collections::HashMap<String, String> = HAND_WRITTEN_METHODS
        .iter()
        .map(|m| {
            (
                m.to_string(),
                "a method lomi's clients have by hand".to_owned(),
            )
        })
        .collect();
    for op in ops {
        let mut names = vec![op.method_name.clone()];
        if op.pagination.is_some() {
            names.push(format!("{}_iter", op.method_name));
            names.push(format!("{}_stream", op.method_name));
        }
        for name in names {
            let owner = format!("the method of operation `{}`", op.operation_id);
            if let Some(other) = taken.insert(name.clone(), owner) {
                return Err(CodegenError::new(format!(
                    "operation `{}`: its method `{name}` clashes with {other}: change its \
                     operationId",
                    op.operation_id
                )));
            }
        }
    }
    Ok(())
}

fn operation(
    spec: &OpenAPI,
    path: &str,
    method: &str,
    op: &SpecOperation,
) -> Result<Operation, CodegenError> {
    let operation_id = op.operation_id.clone().ok_or_else(|| {
        CodegenError::new(format!(
            "{} {path}: every operation needs an operationId",
            method.to_uppercase()
        ))
    })?;
    let fail = |what: String| CodegenError::new(format!("operation `{operation_id}`: {what}"));
    if !matches!(method, "get" | "post" | "put" | "patch" | "delete") {
        return Err(fail(format!("HTTP method {method} is not supported")));
    }

    let mut path_params = Vec::new();
    let mut query_params = Vec::new();
    for param in &op.parameters {
        match resolve_parameter(spec, param).map_err(&fail)? {
            Parameter::Path { parameter_data, .. } => {
                let schema = parameter_schema(spec, &parameter_data.format).map_err(&fail)?;
                if !matches!(schema.schema_kind, SchemaKind::Type(Type::String(_))) {
                    return Err(fail(format!(
                        "path parameter `{}` must be a string",
                        parameter_data.name
                    )));
                }
                let name = rust_ident(&parameter_data.name).map_err(&fail)?;
                // The generated methods take `body` and `params` too.
                if matches!(name.as_str(), "body" | "params") {
                    return Err(fail(format!(
                        "path parameter `{}` would clash with the method's `{name}` argument: \
                         rename it",
                        parameter_data.name
                    )));
                }
                path_params.push(PathParam {
                    placeholder: parameter_data.name.clone(),
                    name,
                    description: parameter_data.description.clone(),
                    example: parameter_data.example.as_ref().map(json_text),
                });
            }
            Parameter::Query { parameter_data, .. } => {
                let schema = parameter_schema(spec, &parameter_data.format).map_err(&fail)?;
                let named = match &parameter_data.format {
                    ParameterSchemaOrContent::Schema(ReferenceOr::Reference { reference }) => {
                        Some(ref_name(reference, SCHEMAS).map_err(&fail)?)
                    }
                    _ => None,
                };
                let param = query_param(parameter_data, schema, named).map_err(&fail)?;
                if let Some(twin) = query_params
                    .iter()
                    .find(|q: &&QueryParam| q.field == param.field)
                {
                    return Err(fail(format!(
                        "query parameters `{}` and `{}` would both be the field `{}`: rename one",
                        twin.name, param.name, param.field
                    )));
                }
                query_params.push(param);
            }
            other => {
                return Err(fail(format!(
                    "parameter `{}` is in a header or cookie, which is not supported",
                    other.parameter_data_ref().name
                )));
            }
        }
    }
    order_path_params(path, &mut path_params).map_err(&fail)?;

    let body = match &op.request_body {
        None => None,
        Some(body) => Some(request_body_schema(spec, body).map_err(&fail)?),
    };
    let body_example = match (&op.request_body, &body) {
        (Some(ReferenceOr::Item(request)), Some(name)) => request
            .content
            .get("application/json")
            .and_then(|media| media.example.as_ref())
            .and_then(|example| body_literal(spec, name, example)),
        _ => None,
    };
    let body_required = body
        .as_deref()
        .map(|name| required_properties(spec, name))
        .unwrap_or_default();
    let (success_status, response) = success_response(spec, op).map_err(&fail)?;
    let pagination = response
        .as_deref()
        .and_then(|page| detect_pagination(spec, &query_params, page));

    let answer_id = response
        .as_deref()
        .and_then(|object| item_key(spec, object));

    Ok(Operation {
        answer_id,
        method_name: operation_id.to_snake_case(),
        operation_id,
        http_method: method.to_uppercase(),
        path: path.to_string(),
        summary: op.summary.clone(),
        description: op.description.clone(),
        path_params,
        query_params,
        body_example,
        body_required,
        body,
        response,
        success_status,
        pagination,
    })
}

/// Puts path parameters in template order and checks every placeholder has one.
fn order_path_params(path: &str, params: &mut Vec<PathParam>) -> Result<(), String> {
    let mut ordered = Vec::new();
    for placeholder in path_placeholders(path) {
        let at = params
            .iter()
            .position(|p| p.placeholder == placeholder)
            .ok_or_else(|| format!("path placeholder `{{{placeholder}}}` has no parameter"))?;
        ordered.push(params.remove(at));
    }
    if let Some(extra) = params.first() {
        return Err(format!(
            "path parameter `{}` does not appear in `{path}`",
            extra.placeholder
        ));
    }
    *params = ordered;
    Ok(())
}

/// The `{name}` placeholders of a path template, in order.
pub fn path_placeholders(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// A query parameter of `schema`, which is the component schema `named` when the parameter
/// refers to one.
fn query_param(
    data: &openapiv3::ParameterData,
    schema: &Schema,
    named: Option<&str>,
) -> Result<QueryParam, String> {
    let name = &data.name;
    let mut enum_type = None;
    let (kind, minimum, maximum) = match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(int)) => {
            let min = int.minimum.map(|m| m + i64::from(int.exclusive_minimum));
            let max = int.maximum.map(|m| m - i64::from(int.exclusive_maximum));
            let kind = if min.is_some_and(|m| m >= 0) {
                QueryKind::Unsigned
            } else {
                QueryKind::Signed
            };
            (kind, min, max)
        }
        SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => {
            (QueryKind::Text, None, None)
        }
        SchemaKind::Type(Type::Boolean(_)) => (QueryKind::Flag, None, None),
        SchemaKind::Type(Type::String(_)) if named.is_some() => {
            enum_type = named.map(|n| type_name(n).map(str::to_owned)).transpose()?;
            (QueryKind::Enum, None, None)
        }
        _ => {
            return Err(format!(
                "query parameter `{name}` must be an integer, a plain string, a boolean, or a \
                 `$ref` to a named string enum (an inline `enum` has no type to become: name \
                 it under `components/schemas`)"
            ));
        }
    };
    Ok(QueryParam {
        field: query_field(name)?,
        name: name.clone(),
        kind,
        enum_type,
        minimum,
        maximum,
        default: schema.schema_data.default.as_ref().map(json_text),
        description: data.description.clone(),
        example: data.example.as_ref().map(json_text),
    })
}

fn resolve_parameter<'a>(
    spec: &'a OpenAPI,
    param: &'a ReferenceOr<Parameter>,
) -> Result<&'a Parameter, String> {
    match param {
        ReferenceOr::Item(p) => Ok(p),
        ReferenceOr::Reference { reference } => {
            let name = ref_name(reference, "#/components/parameters/")?;
            match spec
                .components
                .as_ref()
                .and_then(|c| c.parameters.get(name))
            {
                Some(ReferenceOr::Item(p)) => Ok(p),
                _ => Err(format!("parameter `{reference}` is not defined")),
            }
        }
    }
}

fn parameter_schema<'a>(
    spec: &'a OpenAPI,
    format: &'a ParameterSchemaOrContent,
) -> Result<&'a Schema, String> {
    match format {
        ParameterSchemaOrContent::Schema(schema) => resolve_schema(spec, schema),
        ParameterSchemaOrContent::Content(_) => {
            Err("parameters with `content` are not supported".into())
        }
    }
}

/// Resolves a schema that may be a `$ref` to a component schema.
pub fn resolve_schema<'a>(
    spec: &'a OpenAPI,
    schema: &'a ReferenceOr<Schema>,
) -> Result<&'a Schema, String> {
    match schema {
        ReferenceOr::Item(s) => Ok(s),
        ReferenceOr::Reference { reference } => {
            let name = ref_name(reference, SCHEMAS)?;
            component_schema(spec, name)
        }
    }
}

/// The component schema of that name.
pub fn component_schema<'a>(spec: &'a OpenAPI, name: &str) -> Result<&'a Schema, String> {
    match spec.components.as_ref().and_then(|c| c.schemas.get(name)) {
        Some(ReferenceOr::Item(s)) => Ok(s),
        Some(ReferenceOr::Reference { reference }) => Err(format!(
            "schema `{name}` is an alias of `{reference}`, which is not supported"
        )),
        None => Err(format!("schema `{name}` is not defined")),
    }
}

const SCHEMAS: &str = "#/components/schemas/";

fn ref_name<'a>(reference: &'a str, prefix: &str) -> Result<&'a str, String> {
    reference
        .strip_prefix(prefix)
        .ok_or_else(|| format!("reference `{reference}` must point into `{prefix}`"))
}

/// The component schema name behind a `$ref`, or an error for inline schemas.
fn schema_ref_name(schema: &ReferenceOr<Schema>, what: &str) -> Result<String, String> {
    match schema {
        ReferenceOr::Reference { reference } => {
            let name = ref_name(reference, SCHEMAS)?;
            type_name(name)?;
            Ok(name.to_string())
        }
        ReferenceOr::Item(_) => Err(format!(
            "the {what} schema must be a `$ref` to a named component schema"
        )),
    }
}

fn json_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    what: &str,
) -> Result<String, String> {
    let media = content
        .get("application/json")
        .ok_or_else(|| format!("the {what} must have `application/json` content"))?;
    let schema = media
        .schema
        .as_ref()
        .ok_or_else(|| format!("the {what} has no schema"))?;
    schema_ref_name(schema, what)
}

fn request_body_schema(spec: &OpenAPI, body: &ReferenceOr<RequestBody>) -> Result<String, String> {
    let body = match body {
        ReferenceOr::Item(b) => b,
        ReferenceOr::Reference { reference } => {
            let name = ref_name(reference, "#/components/requestBodies/")?;
            match spec
                .components
                .as_ref()
                .and_then(|c| c.request_bodies.get(name))
            {
                Some(ReferenceOr::Item(b)) => b,
                _ => return Err(format!("request body `{reference}` is not defined")),
            }
        }
    };
    json_media(&body.content, "request body")
}

/// The one 2xx response: its status and its schema name (`None` for no content).
fn success_response(spec: &OpenAPI, op: &SpecOperation) -> Result<(u16, Option<String>), String> {
    if op.responses.default.is_some() {
        return Err("use numbered error responses instead of `default`".into());
    }
    let mut success = op
        .responses
        .responses
        .iter()
        .filter_map(|(code, resp)| match code {
            StatusCode::Code(c) if (200..300).contains(c) => Some((*c, resp)),
            _ => None,
        });
    let (status, response) = success
        .next()
        .ok_or_else(|| "there is no 2xx response".to_string())?;
    if success.next().is_some() {
        return Err("more than one 2xx response".into());
    }
    let response = resolve_response(spec, response)?;
    if response.content.is_empty() {
        return Ok((status, None));
    }
    Ok((
        status,
        Some(json_media(&response.content, "success response")?),
    ))
}

fn resolve_response<'a>(
    spec: &'a OpenAPI,
    response: &'a ReferenceOr<Response>,
) -> Result<&'a Response, String> {
    match response {
        ReferenceOr::Item(r) => Ok(r),
        ReferenceOr::Reference { reference } => {
            let name = ref_name(reference, "#/components/responses/")?;
            match spec.components.as_ref().and_then(|c| c.responses.get(name)) {
                Some(ReferenceOr::Item(r)) => Ok(r),
                _ => Err(format!("response `{reference}` is not defined")),
            }
        }
    }
}

/// A list operation pages when it takes unsigned integer `limit` and `offset` and its response
/// is an array of named items, or an object with such an array (and, optionally, a `total`
/// of its own or in an object field).
fn detect_pagination(spec: &OpenAPI, query: &[QueryParam], page: &str) -> Option<Pagination> {
    let has = |name: &str| {
        query
            .iter()
            .any(|q| q.name == name && q.kind == QueryKind::Unsigned)
    };
    if !has("limit") || !has("offset") {
        return None;
    }
    let named_items = |schema: &Schema| match &schema.schema_kind {
        SchemaKind::Type(Type::Array(array)) => match array.items.as_ref()? {
            ReferenceOr::Reference { reference } => {
                Some(reference.strip_prefix(SCHEMAS)?.to_string())
            }
            ReferenceOr::Item(_) => None,
        },
        _ => None,
    };
    let page_schema = component_schema(spec, page).ok()?;
    let (items, item, [total, offset, limit]) = match &page_schema.schema_kind {
        SchemaKind::Type(Type::Array(_)) => (
            Items::Whole,
            named_items(page_schema)?,
            [Reported::Absent, Reported::Absent, Reported::Absent],
        ),
        SchemaKind::Type(Type::Object(object)) => {
            let mut found = None;
            // `total`, `offset` and `limit`, at the top level or in one nested object.
            const NUMBERS: [&str; 3] = ["total", "offset", "limit"];
            let mut numbers = [Reported::Absent, Reported::Absent, Reported::Absent];
            for (field, schema) in &object.properties {
                let schema = match schema {
                    ReferenceOr::Item(s) => s.as_ref(),
                    ReferenceOr::Reference { reference } => {
                        component_schema(spec, reference.strip_prefix(SCHEMAS)?).ok()?
                    }
                };
                if let Some(item) = named_items(schema) {
                    found.get_or_insert((Items::Field(rust_ident(field).ok()?), item));
                    continue;
                }
                match &schema.schema_kind {
                    SchemaKind::Type(Type::Integer(_)) => {
                        if let Some(at) = NUMBERS.iter().position(|n| n == field) {
                            numbers[at] = Reported::TopLevel;
                        }
                    }
                    SchemaKind::Type(Type::Object(o)) => {
                        let nested = || {
                            Some(Reported::Nested {
                                field: rust_ident(field).ok()?,
                                // Required but nullable is an `Option` as much as optional is.
                                required: object.required.contains(field)
                                    && !schema.schema_data.nullable,
                            })
                        };
                        let integer = |name: &str| {
                            matches!(o.properties.get(name), Some(ReferenceOr::Item(s))
                                if matches!(s.schema_kind, SchemaKind::Type(Type::Integer(_))))
                        };
                        for (name, number) in NUMBERS.iter().zip(&mut numbers) {
                            if integer(name) && !matches!(number, Reported::TopLevel) {
                                *number = nested()?;
                            }
                        }
                    }
                    _ => {}
                }
            }
            let (items, item) = found?;
            (items, item, numbers)
        }
        _ => return None,
    };
    let key = item_key(spec, &item);
    Some(Pagination {
        page: page.to_string(),
        item,
        items,
        total,
        offset,
        limit,
        key,
    })
}

/// The item's own id: a required, non-nullable string property named `id`, or else one named
/// `<stem>_id` where the item's name ends with the stem (`checkout_session_id` for
/// `CheckoutSession`, `link_id` for `PaymentLink`); never a foreign key (`organization_id`).
fn item_key(spec: &OpenAPI, item: &str) -> Option<String> {
    let SchemaKind::Type(Type::Object(object)) = &component_schema(spec, item).ok()?.schema_kind
    else {
        return None;
    };
    let item_name = item.to_snake_case();
    let usable = |name: &String| {
        let string = match object.properties.get(name) {
            Some(ReferenceOr::Item(s)) => {
                matches!(s.schema_kind, SchemaKind::Type(Type::String(_)))
                    && !s.schema_data.nullable
            }
            _ => false,
        };
        string && object.required.contains(name)
    };
    let own = |name: &String| {
        name == "id"
            || name
                .strip_suffix("_id")
                .is_some_and(|stem| item_name == stem || item_name.ends_with(&format!("_{stem}")))
    };
    let names: Vec<&String> = object
        .properties
        .keys()
        .filter(|n| usable(n) && own(n))
        .collect();
    names
        .iter()
        .find(|n| n.as_str() == "id")
        .or_else(|| names.first())
        .map(|n| (*n).clone())
}

/// Checks that a component schema name is already the Rust type name typify will give it.
pub fn type_name(name: &str) -> Result<&str, String> {
    if name.to_upper_camel_case() == name && rust_ident(name).is_ok() {
        Ok(name)
    } else {
        Err(format!(
            "schema name `{name}` must be UpperCamelCase (for example `{}`)",
            name.to_upper_camel_case()
        ))
    }
}

/// A wire name as a Rust identifier, or an error when it cannot be one.
pub fn rust_ident(name: &str) -> Result<String, String> {
    let ident = name.to_snake_case();
    if syn::parse_str::<syn::Ident>(&ident).is_ok() {
        Ok(ident)
    } else {
        Err(format!("`{name}` cannot be a Rust identifier"))
    }
}

/// The field (and setter) of query parameter `name`: its snake case, with `_` after a Rust
/// keyword (`type` is `type_`, as typify names such a body field); the wire name stays `type`.
fn query_field(name: &str) -> Result<String, String> {
    let field = match rust_ident(name) {
        // `gen` is reserved from edition 2024 on, which `syn` does not know.
        Ok(field) if field == "gen" => format!("{field}_"),
        Ok(field) => field,
        Err(e) => {
            let field = format!("{}_", name.to_snake_case());
            syn::parse_str::<syn::Ident>(&field).map_err(|_| e)?;
            field
        }
    };
    if field == "new" {
        // The parameters struct's constructor and progenitor's mock helpers are both `new`.
        return Err(format!(
            "query parameter `{name}` would be the setter `new`, which is the constructor of \
             the parameters struct and of its mock: lomi cannot send it"
        ));
    }
    Ok(field)
}

/// The required properties of object schema `name`, in the order of its properties (which is
/// the order of the generated struct's fields, and so of its `new`'s arguments).
fn required_properties(spec: &OpenAPI, name: &str) -> Vec<String> {
    match component_schema(spec, name).map(|s| &s.schema_kind) {
        Ok(SchemaKind::Type(Type::Object(object))) => object
            .properties
            .keys()
            .filter(|p| object.required.contains(p))
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

/// Rust that builds the example body `value` of schema `name`: each optional field as
/// `Some(… .into())` (text and open enums from strings, numbers from integers), flags as
/// `Some(bool)`, a map schema by `$ref` from its pairs, over `Default` or, when the schema
/// has required fields, over `name::new(…)` with the example's values for them; `None` when a
/// value is another shape or a required field has no value.
fn body_literal(spec: &OpenAPI, name: &str, value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let object = value.as_object()?;
    let schema = match spec.components.as_ref()?.schemas.get(name)? {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { .. } => return None,
    };
    let SchemaKind::Type(Type::Object(properties)) = &schema.schema_kind else {
        return None;
    };
    let expr = |key: &str, value: &Value| -> Option<String> {
        Some(match value {
            Value::String(text) => format!("{text:?}.into()"),
            Value::Number(n) if n.is_i64() => format!("{n}.into()"),
            Value::Bool(flag) => flag.to_string(),
            Value::Object(map) => {
                let ReferenceOr::Reference { reference } = properties.properties.get(key)? else {
                    return None;
                };
                let map_type = reference.strip_prefix("#/components/schemas/")?;
                let pairs = map
                    .iter()
                    .map(|(k, v)| v.as_str().map(|v| format!("({k:?}, {v:?})")))
                    .collect::<Option<Vec<_>>>()?;
                format!("lomi::types::{map_type}::from_iter([{}])", pairs.join(", "))
            }
            _ => return None,
        })
    };
    let required = required_properties(spec, name);
    let mut fields = String::new();
    for (key, value) in object {
        let plain = key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && syn::parse_str::<syn::Ident>(key).is_ok();
        if !plain {
            return None;
        }
        if required.contains(key) {
            continue;
        }
        let value = expr(key, value)?;
        fields.push_str(&format!("    {key}: Some({value}),\n"));
    }
    let base = if required.is_empty() {
        "Default::default()".to_owned()
    } else {
        let args = required
            .iter()
            .map(|key| {
                // `new` takes `impl Into<…>`: the value itself, no `.into()`.
                let value = expr(key, object.get(key)?)?;
                Some(value.strip_suffix(".into()").unwrap_or(&value).to_owned())
            })
            .collect::<Option<Vec<_>>>()?;
        format!("lomi::types::{name}::new({})", args.join(", "))
    };
    if fields.is_empty() && !required.is_empty() {
        return Some(base);
    }
    Some(format!("lomi::types::{name} {{\n{fields}    ..{base}\n}}"))
}

fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
