//! Each operation once: a function that fills in a `crate::call::request::Request` from the method's
//! arguments, and the methods that send it on `crate::Client` (and `crate::AsyncClient`), plus
//! a lazy iterator (and stream) for every pageable list operation. Everything else is
//! hand-written once, for every operation: the call (headers, retries, reading answers) in
//! `crate::call`, the executors in `crate::blocking` and `crate::asynchronous`, the errors in
//! `crate::error`, the walk over pages in `crate::pagination`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::model::{Items, Operation, Reported};

/// The argument list an operation's method takes, shared by the blocking and async clients:
/// path parameters in template order, then the body, then the query parameters.
pub struct Signature {
    /// `session_id: &str, body: &types::X, params: &types::Y`
    pub args: Vec<TokenStream>,
    /// Path parameter identifiers, in template order.
    pub path_idents: Vec<proc_macro2::Ident>,
    /// The success type (`types::CheckoutSession` or `()`).
    pub output: TokenStream,
}

/// The Rust signature of an operation.
pub fn signature(op: &Operation) -> Signature {
    let path_idents: Vec<_> = op
        .path_params
        .iter()
        .map(|p| format_ident!("{}", p.name))
        .collect();
    let mut args: Vec<TokenStream> = path_idents.iter().map(|p| quote!(#p: &str)).collect();
    if let Some(body) = &op.body {
        let body = format_ident!("{body}");
        args.push(quote!(body: &crate::types::#body));
    }
    if let Some(params) = op.params_type() {
        let params = format_ident!("{params}");
        args.push(quote!(params: &crate::types::#params));
    }
    let output = match &op.response {
        Some(ty) => {
            let ty = format_ident!("{ty}");
            quote!(crate::types::#ty)
        }
        None => quote!(()),
    };
    Signature {
        args,
        path_idents,
        output,
    }
}

/// Every operation's request, once, and the methods that send it: `impl crate::Client` with
/// each blocking method and iterator, and, with `is_async`, `impl crate::AsyncClient` with the
/// same methods `async` and a stream per pageable list.
pub fn clients(ops: &[Operation], is_async: bool) -> TokenStream {
    let requests = ops.iter().map(request_fn);
    let blocking = ops.iter().map(|op| method(op, false));
    let iterators = ops.iter().filter_map(|op| pager(op, false));
    let async_client = is_async.then(|| {
        let methods = ops.iter().map(|op| method(op, true));
        let streams = ops.iter().filter_map(|op| pager(op, true));
        quote! {
            impl crate::AsyncClient {
                #(#methods)*
                #(#streams)*
            }
        }
    });
    quote! {
        /// Each operation's request, built from the method's arguments; both clients send it.
        mod requests {
            #(#requests)*
        }

        impl crate::Client {
            #(#blocking)*
            #(#iterators)*
        }

        #async_client
    }
}

/// `fn operation(args) -> Result<Request, Error>`: method, path, query and body.
fn request_fn(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.method_name);
    let Signature {
        args, path_idents, ..
    } = signature(op);
    let method = format_ident!("{}", op.http_method.to_uppercase());
    let path = &op.path;
    let mut request = quote! {
        crate::call::request::Request::new(::http::Method::#method, #path, &[#(#path_idents),*])
    };
    if op.params_type().is_some() {
        request = quote!(#request?.query(params));
    }
    if op.body.is_some() {
        request = quote!(#request?.json(body));
    }
    quote! {
        pub(super) fn #name(#(#args),*) -> ::std::result::Result<crate::call::request::Request, crate::Error> {
            #request
        }
    }
}

/// An operation's method on one client: build the request, send it, read the answer.
fn method(op: &Operation, is_async: bool) -> TokenStream {
    let name = format_ident!("{}", op.method_name);
    let Signature {
        args,
        path_idents,
        output,
    } = signature(op);
    let mut call_args: Vec<TokenStream> = path_idents.iter().map(|p| quote!(#p)).collect();
    if op.body.is_some() {
        call_args.push(quote!(body));
    }
    if op.params_type().is_some() {
        call_args.push(quote!(params));
    }
    let answer = if let (Some(field), Some(object)) = (&op.answer_id, &op.response) {
        let (object, id) = (format_ident!("{object}"), format_ident!("{field}"));
        let asked = match path_idents.last() {
            Some(asked) if op.names_its_object() => quote!(Some(#asked)),
            _ => quote!(None),
        };
        quote!(?.json_of(#asked, #field, |answer: &crate::types::#object| answer.#id.as_str()))
    } else if op.response.is_some() {
        quote!(?.json())
    } else {
        quote!(?.nothing())
    };
    let doc = method_doc(op, is_async);
    let (asyncness, wait) = if is_async {
        (quote!(async), quote!(.await))
    } else {
        (quote!(), quote!())
    };
    quote! {
        #[doc = #doc]
        pub #asyncness fn #name(&self, #(#args),*) -> ::std::result::Result<#output, crate::Error> {
            self.execute(requests::#name(#(#call_args),*)?)#wait #answer
        }
    }
}

/// `…_iter` (blocking) or `…_stream` (async): every item of a pageable list, lazily.
fn pager(op: &Operation, is_async: bool) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let list = format_ident!("{}", op.method_name);
    let Signature { path_idents, .. } = signature(op);
    let params = format_ident!("{}", op.params_type()?);
    let item = format_ident!("{}", pagination.item);
    let doc = iterator_doc(op, is_async);
    Some(if is_async {
        let name = format_ident!("{}_stream", op.method_name);
        quote! {
            #[doc = #doc]
            pub fn #name<'a>(&'a self, #(#path_idents: &'a str,)* params: &crate::types::#params)
                -> impl ::futures_core::Stream<Item = ::std::result::Result<crate::types::#item, crate::Error>> + 'a
            {
                crate::pagination::stream(params.clone(), move |params| async move {
                    self.#list(#(#path_idents,)* &params).await
                })
            }
        }
    } else {
        let name = format_ident!("{}_iter", op.method_name);
        quote! {
            #[doc = #doc]
            pub fn #name<'a>(&'a self, #(#path_idents: &'a str,)* params: &crate::types::#params)
                -> impl ::std::iter::Iterator<Item = ::std::result::Result<crate::types::#item, crate::Error>> + 'a
            {
                crate::pagination::Pages::new(params.clone(), move |params| self.#list(#(#path_idents,)* params))
            }
        }
    })
}

/// `impl crate::pagination::Page` for every list response the spec pages with.
pub fn page_impls(ops: &[Operation]) -> TokenStream {
    let mut seen = Vec::new();
    let impls = ops.iter().filter_map(|op| {
        let p = op.pagination.as_ref()?;
        if seen.contains(&p.page) {
            return None;
        }
        seen.push(p.page.clone());
        let page = format_ident!("{}", p.page);
        let item = format_ident!("{}", p.item);
        let items = match &p.items {
            Items::Field(field) => {
                let field = format_ident!("{field}");
                quote!(crate::pagination::Listed::listed(self.#field))
            }
            Items::Whole => quote!(self.0),
        };
        let total = reported(&p.total, "total", quote!(crate::pagination::Count::count));
        let offset = reported(
            &p.offset,
            "offset",
            quote!(crate::pagination::Offset::offset),
        );
        let limit = reported(&p.limit, "limit", quote!(crate::pagination::Count::count));
        let key = match &p.key {
            Some(field) => {
                let field = format_ident!("{field}");
                quote!(fn key(item: &#item) -> Option<&str> { Some(item.#field.as_str()) })
            }
            None => quote!(fn key(_: &#item) -> Option<&str> { None }),
        };
        Some(quote! {
            impl crate::pagination::Page for #page {
                type Item = #item;
                fn into_items(self) -> (::std::vec::Vec<#item>, Option<u64>) {
                    let total = #total;
                    (#items, total)
                }
                fn offset(&self) -> Option<i128> {
                    #offset
                }
                fn limit(&self) -> Option<u64> {
                    #limit
                }
                #key
            }
        })
    });
    quote!(#(#impls)*)
}

/// The expression of a page's number `name` (`total`, `offset`) where the page reports it,
/// read by `read` (a function of an integer or an optional one); `self` is the page (owned or
/// borrowed: the numbers are integers, so `Copy`).
fn reported(at: &Reported, name: &str, read: TokenStream) -> TokenStream {
    let name = format_ident!("{name}");
    match at {
        Reported::Absent => quote!(None),
        Reported::TopLevel => quote!(#read(self.#name)),
        Reported::Nested { field, required } => {
            let field = format_ident!("{field}");
            let outer = if *required {
                quote!(Some(&self.#field))
            } else {
                quote!(self.#field.as_ref())
            };
            quote!(#read(#outer.map(|p| p.#name)))
        }
    }
}

/// Rustdoc for an operation's method: summary, description, HTTP line, errors, example.
pub fn method_doc(op: &Operation, is_async: bool) -> String {
    let mut doc = String::new();
    if let Some(summary) = &op.summary {
        doc.push_str(summary.trim_end_matches('.'));
        doc.push_str(".\n\n");
    }
    if let Some(description) = &op.description {
        doc.push_str(description.trim());
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "`{} {}` (operation `{}`); success is `{}`.\n\n",
        op.http_method, op.path, op.operation_id, op.success_status
    ));
    for p in &op.path_params {
        if let Some(description) = &p.description {
            doc.push_str(&format!("- `{}`: {}\n", p.name, description.trim()));
        }
    }
    if !op.path_params.is_empty() {
        doc.push('\n');
    }
    doc.push_str(ERRORS_DOC);
    doc.push_str(&example(op, is_async, &format!("{}(", op.method_name)));
    doc
}

fn iterator_doc(op: &Operation, is_async: bool) -> String {
    let kind = if is_async { "stream" } else { "iterator" };
    let mut doc = format!(
        "Every item of [`{m}`](Self::{m}), page after page, as a lazy {kind}.\n\n\
         Pages are fetched on demand, starting at the `offset` of `params`, each with its \
         `limit` as the page size (when unset, the spec's default, or 20; the walk always \
         sends a `limit`). It ends after `total` items, on an empty page, or on a short one \
         unless its `total` says more items follow. A page \
         larger than asked for, one that answers another offset, or one that repeats more \
         items than it brings ends it with `Error::Pagination`; no item is yielded twice. An \
         error ends it after being yielded as an `Err` item.\n\n",
        m = op.method_name
    );
    doc.push_str(ERRORS_DOC);
    let suffix = if is_async { "_stream" } else { "_iter" };
    doc.push_str(&example(
        op,
        is_async,
        &format!("{}{suffix}(", op.method_name),
    ));
    doc
}

/// One line per method; the crate docs explain each error once.
const ERRORS_DOC: &str = "# Errors\n\n\
    Any [`Error`](crate::Error), as the [crate's error section](crate#errors) explains: \
    `InvalidRequest` before anything is sent, `Api`, `Transport` or `Decode` after.\n\n";

fn example(op: &Operation, is_async: bool, call: &str) -> String {
    let mut setup = String::new();
    let mut args = Vec::new();
    for p in &op.path_params {
        let value = p.example.clone().unwrap_or_else(|| "id".into());
        args.push(format!("{value:?}"));
    }
    if let Some(body) = &op.body {
        match &op.body_example {
            Some(literal) => setup.push_str(&format!("let body = {literal};\n")),
            None if op.body_required.is_empty() => {
                setup.push_str(&format!("let body = lomi::types::{body}::default();\n"))
            }
            // No example to take the required fields' values from: say how, keep it compiling.
            None => setup.push_str(&format!(
                "// let body = lomi::types::{body}::new({});\n# let body: lomi::types::{body} = unimplemented!();\n",
                op.body_required.join(", ")
            )),
        }
        args.push("&body".into());
    }
    if let Some(params) = op.params_type() {
        setup.push_str(&format!("let params = lomi::types::{params}::new();\n"));
        args.push("&params".into());
    }
    let args = args.join(", ");
    let is_iter = call.ends_with("_iter(") || call.ends_with("_stream(");
    let (client, wait) = if is_async {
        ("lomi::AsyncClient::from_env()?", ".await")
    } else {
        ("lomi::Client::from_env()?", "")
    };
    let body = if is_iter && is_async {
        format!(
            "use futures_util::StreamExt as _;\nlet mut items = std::pin::pin!(client.{call}{args}));\n\
             while let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}\n"
        )
    } else if is_iter {
        format!("for item in client.{call}{args}) {{\n    println!(\"{{:?}}\", item?);\n}}\n")
    } else if op.response.is_some() {
        format!("let answer = client.{call}{args}){wait}?;\nprintln!(\"{{answer:?}}\");\n")
    } else {
        format!("client.{call}{args}){wait}?;\n")
    };
    let (open, close) = if is_async {
        (
            "# async fn run() -> Result<(), lomi::Error> {\n",
            "# Ok(())\n# }\n",
        )
    } else {
        (
            "# fn main() -> Result<(), lomi::Error> {\n",
            "# Ok(())\n# }\n",
        )
    };
    format!("# Example\n\n```no_run\n{open}let client = {client};\n{setup}{body}{close}```")
}
