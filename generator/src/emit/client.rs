//! `src/client.rs`: one method per operation on a `reqwest`-based client, awaited to send.

use super::{
    doc, ident, operation_docs, param_wire, rust_type, security_expr, value_ident, variant_fields, Module, Place,
};
use crate::model::*;
use crate::names;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit(api: &Api) -> Module<'_> {
    let setters = api.security_schemes.iter().map(|s| {
        let setter = value_ident(&s.rust_name);
        let with = value_ident(&s.with_setter);
        let doc = format!(
            " Sends the `{}` credential where an operation asks for it.",
            s.wire_name
        );
        if s.kind == SecurityKind::Basic {
            quote! {
                #[doc = #doc]
                pub fn #setter(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    let credentials = std::mem::take(self.0.credentials_mut());
                    *self.0.credentials_mut() = credentials.#with(username, password);
                    self
                }
            }
        } else {
            quote! {
                #[doc = #doc]
                pub fn #setter(mut self, secret: impl Into<String>) -> Self {
                    let credentials = std::mem::take(self.0.credentials_mut());
                    *self.0.credentials_mut() = credentials.#with(secret);
                    self
                }
            }
        }
    });
    let title = format!(" A client for {} {}.", api.title, api.version);
    let header = quote! {
        //! The HTTP client: one method per operation, whose call is sent when awaited.
        //!
        //! Responses are decoded by status code, never by the shape of the body: a documented
        //! success status gives `Ok` with a [`Success`] (the operation's response enum, the status
        //! and every header), a documented error status gives [`Error::Api`] with the
        //! operation's error enum, and anything else a distinct [`Error`] variant that keeps the
        //! raw response.
        // An operation's error enum holds its decoded error bodies by value, so callers can
        // match on them; boxing them to shrink `Result` would cost every caller a deref.
        #![allow(clippy::result_large_err)]

        pub use crate::runtime::client::{BuildError, Call, Error, HeaderProblem, Success};

        #[doc = #title]
        ///
        /// Cheap to clone: clones share one connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) inner: crate::runtime::client::Inner<crate::security::Credentials>,
        }

        impl crate::runtime::client::ApiClient for Client {
            type Credentials = crate::security::Credentials;
            fn from_inner(inner: crate::runtime::client::Inner<crate::security::Credentials>) -> Self {
                Client { inner }
            }
        }

        /// Settings for a [`Client`]: credentials, timeouts, user agent, a custom `reqwest::Client`.
        #[derive(Debug, Clone)]
        pub struct ClientBuilder(crate::runtime::client::ClientBuilder<Client>);

        impl ClientBuilder {
            /// Settings for a client of the API at `base_url`; its user agent names the
            /// crate that includes this code, with its version.
            pub fn new(base_url: impl Into<String>) -> Self {
                ClientBuilder(
                    crate::runtime::client::ClientBuilder::new(base_url)
                        .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"))),
                )
            }

            /// Uses this `reqwest` client (its own timeouts, user agent and redirect policy
            /// apply; those set here do not). The default client follows no redirects, so
            /// documented 3XX responses reach the caller.
            pub fn http_client(self, http: reqwest::Client) -> Self {
                ClientBuilder(self.0.http_client(http))
            }

            /// The time a whole request may take.
            pub fn timeout(self, timeout: std::time::Duration) -> Self {
                ClientBuilder(self.0.timeout(timeout))
            }

            pub fn connect_timeout(self, timeout: std::time::Duration) -> Self {
                ClientBuilder(self.0.connect_timeout(timeout))
            }

            pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
                ClientBuilder(self.0.user_agent(user_agent))
            }

            /// Whether inputs are checked against the spec's constraints before a request is
            /// sent (on by default): a call that breaks one fails with
            /// [`Error::InvalidRequest`] instead of reaching the server.
            pub fn check_requests(self, check: bool) -> Self {
                ClientBuilder(self.0.check_requests(check))
            }

            /// Replaces every credential at once.
            pub fn credentials(self, credentials: crate::security::Credentials) -> Self {
                ClientBuilder(self.0.credentials(credentials))
            }

            pub fn build(self) -> Result<Client, BuildError> {
                self.0.build()
            }

            #( #setters )*
        }

        impl Client {
            /// A client for the API at `base_url` (a path prefix such as `/v1` is kept), with no credentials.
            pub fn new(base_url: impl Into<String>) -> Result<Self, BuildError> {
                ClientBuilder::new(base_url).build()
            }

            /// Settings for a client: credentials, timeouts, user agent, a custom `reqwest::Client`.
            pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
                ClientBuilder::new(base_url)
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            /// The credentials this client sends.
            pub fn credentials(&self) -> &crate::security::Credentials {
                self.inner.credentials()
            }

            /// Changes the credentials this client sends.
            pub fn credentials_mut(&mut self) -> &mut crate::security::Credentials {
                self.inner.credentials_mut()
            }
        }
    };
    // One `impl Client` block per tag keeps related operations together.
    let impls = super::tags_with_operations(api).map(move |(tag, ops)| {
        let doc = if tag.wire_name.is_empty() {
            " Operations without a tag.".to_owned()
        } else {
            format!(" Operations tagged `{}`.", tag.wire_name)
        };
        let methods = ops.iter().map(|op| {
            let cfg = super::cfg(api, &op.gate);
            let method = method(api, op);
            quote! { #cfg #method }
        });
        quote! {
            #[doc = #doc]
            impl Client {
                #( #methods )*
            }
        }
    });
    let builders = api
        .operations
        .iter()
        .filter_map(move |op| Some((super::cfg(api, &op.gate), builder(api, op)?)));
    // One `decode_…` per pair of response enums, for every operation that has that pair.
    let mut by_enums: std::collections::BTreeMap<(usize, usize), Vec<usize>> = std::collections::BTreeMap::new();
    for (i, op) in api.operations.iter().enumerate() {
        by_enums.entry(response_enums(i, op)).or_default().push(i);
    }
    let mut decoded: Vec<Vec<usize>> = by_enums.into_values().collect();
    decoded.sort();
    let decoders = decoded.into_iter().filter_map(move |ops| {
        let op = api.operations.get(*ops.first()?)?;
        Some((super::cfg(api, &super::gate_of(api, &ops)), decoder(api, op)))
    });
    let impls = impls.map(|item| (TokenStream::new(), item));
    Module::gated(header, impls.chain(builders).chain(decoders))
}

/// The operation's two response enums, by its own names.
fn names(op: &Operation) -> (syn::Ident, syn::Ident) {
    (ident(&op.ok_enum), ident(&op.error_enum))
}

/// The `decode_…` function that decodes the operation's responses.
fn decode_fn(api: &Api, op: &Operation) -> syn::Ident {
    format_ident!("decode_{}", decoding(api, op).fn_name.as_str())
}

/// The operations (indexes) whose enums are `op`'s two response enums.
fn response_enums(index: usize, op: &Operation) -> (usize, usize) {
    (op.ok_same_as.unwrap_or(index), op.error_same_as.unwrap_or(index))
}

/// The operation whose `decode_…` decodes `op`'s responses: the first with the same two
/// response enums (which declares the same responses), so operations that answer alike
/// share one function.
fn decoding<'a>(api: &'a Api, op: &'a Operation) -> &'a Operation {
    let enums = response_enums(super::operation_index(api, op), op);
    api.operations
        .iter()
        .enumerate()
        .find(|(i, o)| response_enums(*i, o) == enums)
        .map_or(op, |(_, o)| o)
}

/// Whether an input is taken by value: the `Copy` scalars.
pub(super) fn by_value(ty: &TypeRef) -> bool {
    use Primitive::*;
    // An allow-list: a primitive added later is borrowed until it is known to be `Copy`.
    matches!(
        ty,
        TypeRef::Primitive(
            Bool | I8
                | I16
                | I32
                | I64
                | U8
                | U16
                | U32
                | U64
                | F32
                | F64
                | DateTime
                | Date
                | Uuid
                | I64Text
                | U64Text
                | Decimal
        )
    )
}

/// The type the client takes an input as: `Copy` scalars by value, text as `&str`, lists
/// as slices, anything else by reference (with `lifetime` in a builder's fields).
fn input_type(api: &Api, ty: &TypeRef, lifetime: &TokenStream) -> TokenStream {
    match ty {
        _ if by_value(ty) => rust_type(api, ty, Place::Elsewhere),
        TypeRef::Primitive(Primitive::String) => quote! { &#lifetime str },
        TypeRef::List(inner) => {
            let inner = rust_type(api, inner, Place::Elsewhere);
            quote! { &#lifetime [#inner] }
        }
        other => {
            let t = rust_type(api, other, Place::Elsewhere);
            quote! { &#lifetime #t }
        }
    }
}

/// One input of a client call: a parameter or the body.
struct Input<'a> {
    name: syn::Ident,
    ty: &'a TypeRef,
    required: bool,
    doc: Option<std::borrow::Cow<'a, str>>,
}

/// An operation's inputs in the order the client takes them: parameters in spec order, then
/// the body.
fn inputs(op: &Operation) -> Vec<Input<'_>> {
    let mut inputs: Vec<Input> = op
        .params
        .iter()
        .map(|p| Input {
            name: value_ident(&p.rust_name),
            ty: &p.ty,
            required: p.required,
            doc: match (&p.default, &p.doc) {
                // The client documents what a server reads when the parameter is left out.
                (Some(default), doc) if !p.required => {
                    let note = format!("Default: `{default}` (what the server reads when this is left out).");
                    Some(match doc {
                        Some(doc) => format!("{doc}\n\n{note}").into(),
                        None => note.into(),
                    })
                }
                (_, doc) => doc.as_deref().map(Into::into),
            },
        })
        .collect();
    if let Some(b) = &op.body {
        inputs.push(Input {
            name: format_ident!("body"),
            ty: &b.ty,
            required: b.required,
            doc: b.doc.as_deref().map(Into::into),
        });
    }
    inputs
}

/// Whether an operation's call is a builder: it has optional inputs.
fn has_builder(op: &Operation) -> bool {
    inputs(op).iter().any(|i| !i.required)
}

/// The client method. Required inputs are its arguments. An operation with optional inputs
/// returns its `…Request` builder, whose setters take them and which runs when awaited;
/// one without returns a `Call` (built now, sent when awaited). Either way a call reads
/// `client.op(a, b).await`.
fn method(api: &Api, op: &Operation) -> TokenStream {
    let fn_name = value_ident(&op.fn_name);
    let (ok, err) = names(op);
    let inputs = inputs(op);
    let required: Vec<&Input> = inputs.iter().filter(|i| i.required).collect();
    // A builder borrows the client and the arguments for as long as it lives.
    let lifetime = if has_builder(op) {
        quote! { 'a }
    } else {
        quote! {}
    };
    let args = required.iter().map(|i| {
        let (n, t) = (&i.name, input_type(api, i.ty, &lifetime));
        quote! { #n: #t, }
    });
    let example = example_call(op, &inputs);
    let docs = operation_docs(op, Some(&example));
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let many = super::allow_many_arguments(op, super::Side::Client);
    if !has_builder(op) {
        let call = build_call(api, op, &quote! { self });
        return quote! {
            #docs
            #deprecated
            #many
            pub fn #fn_name(&self, #( #args )*) -> Call<'_, crate::responses::#ok, crate::responses::#err> {
                #call
            }
        };
    }
    let builder = ident(&op.request_builder);
    let fields = inputs.iter().map(|i| {
        let n = &i.name;
        if i.required {
            quote! { #n, }
        } else {
            quote! { #n: None, }
        }
    });
    quote! {
        #docs
        #deprecated
        #many
        pub fn #fn_name<'a>(&'a self, #( #args )*) -> #builder<'a> {
            #builder { __client: self, #( #fields )* }
        }
    }
}

/// The `…Request` builder of an operation with optional inputs.
fn builder(api: &Api, op: &Operation) -> Option<TokenStream> {
    if !has_builder(op) {
        return None;
    }
    let (ok, err) = names(op);
    let name = ident(&op.request_builder);
    let inputs = inputs(op);
    let lifetime = quote! { 'a };
    let fields = inputs.iter().map(|i| {
        let (n, t) = (&i.name, input_type(api, i.ty, &lifetime));
        if i.required {
            quote! { #n: #t, }
        } else {
            quote! { #n: Option<#t>, }
        }
    });
    let setters = inputs.iter().filter(|i| !i.required).map(|i| {
        let (n, t) = (&i.name, input_type(api, i.ty, &lifetime));
        let docs = doc::attrs(i.doc.as_deref());
        quote! {
            #docs
            pub fn #n(mut self, #n: #t) -> Self {
                self.#n = Some(#n);
                self
            }
        }
    });
    // A setter named like a binary operator trait's method (`add`, `shl`, …) is still a setter.
    let allow = inputs
        .iter()
        .any(|i| !i.required && names::OPERATOR_METHODS.contains(&i.name.to_string().as_str()))
        .then(|| quote! { #[allow(clippy::should_implement_trait)] });
    let names = inputs.iter().map(|i| &i.name);
    let call = build_call(api, op, &quote! { __client });
    let doc = format!(
        " A call of [`Client::{}`] (`{} {}`): its setters give the optional inputs; `.await` sends it.",
        op.fn_name.as_str(),
        op.method.as_str(),
        op.path.replace('`', "'")
    );
    let deprecated = op.deprecated.then(|| quote! { #[allow(deprecated)] });
    Some(quote! {
        #[doc = #doc]
        #[must_use = "a request is sent only when awaited"]
        pub struct #name<'a> {
            __client: &'a Client,
            #( #fields )*
        }

        #allow
        impl<'a> #name<'a> {
            #( #setters )*
        }

        #deprecated
        impl<'a> std::future::IntoFuture for #name<'a> {
            type Output = Result<Success<crate::responses::#ok>, Error<crate::responses::#err>>;
            type IntoFuture = Call<'a, crate::responses::#ok, crate::responses::#err>;

            fn into_future(self) -> Self::IntoFuture {
                let Self { __client, #( #names ),* } = self;
                #call
            }
        }
    })
}

/// A short example call for the method's rustdoc, written from its signature.
fn example_call(op: &Operation, inputs: &[Input]) -> String {
    let args: Vec<String> = inputs
        .iter()
        .filter(|i| i.required)
        .map(|i| i.name.to_string())
        .collect();
    let setters: String = inputs
        .iter()
        .filter(|i| !i.required)
        .take(2)
        .map(|i| format!(".{n}({n})", n = i.name))
        .collect();
    format!(
        "# Example\n\n```ignore\nlet success = client.{}({}){setters}.await?;\n```",
        op.fn_name.as_str(),
        args.join(", ")
    )
}

/// `value` as a runtime call borrows it: by-value inputs are lent.
fn lend(ty: &TypeRef, value: &syn::Ident) -> TokenStream {
    if by_value(ty) {
        quote! { &#value }
    } else {
        quote! { #value }
    }
}

/// The statements that build a call: its request, inputs checked, and the `Call` that sends
/// it when awaited. `client` is a `&Client`, and every input is a local of its own name
/// (`Option`al where not required).
fn build_call(api: &Api, op: &Operation, client: &TokenStream) -> TokenStream {
    let decode = decode_fn(api, op);
    // Every parameter through the runtime's one codec (`runtime::param`), path first.
    let param = |p: &Param| {
        let n = value_ident(&p.rust_name);
        let value = lend(&p.ty, &n);
        let wire = param_wire(p);
        let presence = if p.required {
            quote! { crate::runtime::Presence::Required }
        } else {
            quote! { crate::runtime::Presence::Optional }
        };
        let call = match p.wire.kind {
            ParamKind::Scalar => quote! { __request.param(#wire, #presence, crate::runtime::param::scalar(#value)) },
            ParamKind::List => quote! { __request.param(#wire, #presence, crate::runtime::param::list(#value)) },
            ParamKind::Object => quote! { __request.param_object(#wire, #presence, #value) },
            ParamKind::Json => quote! { __request.param_json(#wire, #presence, #value) },
        };
        if p.required {
            quote! { #call; }
        } else {
            quote! { if let Some(#n) = #n { #call; } }
        }
    };
    let path = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote! { __request.path_text(#text); },
        PathPart::Param(i) => param(&op.params[*i]),
    });
    let params = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(param);
    let body = op.body.as_ref().map(|b| {
        let media = media::sent_as(&b.media_type);
        let value = lend(&b.ty, &format_ident!("body"));
        let encode = match b.format {
            BodyFormat::Json => quote! { __request.json_body(#media, #value) },
            BodyFormat::Form => {
                let fields = super::form_fields(b);
                quote! { __request.form_body(#media, #value, #fields) }
            }
            BodyFormat::Text => {
                quote! { __request.body = Some((#media, crate::runtime::client::Body::Text(body.to_owned()))) }
            }
            BodyFormat::Binary => {
                quote! { __request.body = Some((#media, crate::runtime::client::Body::Binary(body.clone()))) }
            }
        };
        if b.required {
            quote! { #encode; }
        } else {
            quote! { if let Some(body) = body { #encode; } }
        }
    });
    let checks = checks(api, op, client);
    // What the checks found is the request's failure, reported when it is awaited.
    let checked = checks.is_some().then(|| quote! { __request.record_checks(__checks); });
    let method = format_ident!("{}", op.method.as_str());
    let security = security_expr(api, op);
    // Built here, without awaiting: only the runtime's one generic `call` is async, so an
    // operation costs a plain function, not a future type of its own.
    quote! {
        // Locals start with `__`, which no parameter name does (see `names::value_name`).
        #checks
        let mut __request = crate::runtime::client::Request::new(http::Method::#method, String::new(), #security);
        #( #path )*
        #checked
        #( #params )*
        #body
        #client.inner.call(__request, #decode)
    }
}

/// The check of a call's inputs against their schemas, before anything is written: each
/// input as the client holds it (`Option`al ones when set). Binary bodies have nothing to
/// check.
fn checks(api: &Api, op: &Operation, client: &TokenStream) -> Option<TokenStream> {
    let location = |l: ParamLocation| {
        let l = format_ident!("{}", heck::ToUpperCamelCase::to_upper_camel_case(l.as_str()));
        quote! { crate::runtime::Location::#l }
    };
    let check = |loc: TokenStream, wire: &str, n: &syn::Ident, ty: &TypeRef, required: bool| {
        if required {
            let value = lend(ty, n);
            quote! { __checks.input(#loc, #wire, #value); }
        } else {
            quote! { if let Some(__value) = &#n { __checks.input(#loc, #wire, __value); } }
        }
    };
    let mut calls: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            check(
                location(p.location),
                &p.wire_name,
                &value_ident(&p.rust_name),
                &p.ty,
                p.required,
            )
        })
        .collect();
    if let Some(b) = op.body.as_ref().filter(|b| b.format != BodyFormat::Binary) {
        let loc = quote! { crate::runtime::Location::Body };
        calls.push(check(loc, "body", &format_ident!("body"), &b.ty, b.required));
    }
    if calls.is_empty() {
        return None;
    }
    let index = super::operation_index(api, op);
    Some(quote! {
        let mut __checks = #client.inner.checks(crate::shapes(), #index);
        #( #calls )*
    })
}

fn decode_call(format: BodyFormat) -> TokenStream {
    match format {
        BodyFormat::Json => quote! { raw.json()? },
        BodyFormat::Form => quote! { raw.form()? },
        BodyFormat::Text => quote! { raw.text()? },
        BodyFormat::Binary => quote! { raw.bytes()? },
    }
}

fn decoder(api: &Api, op: &Operation) -> TokenStream {
    // The enums by the names they are defined with: an operation's own names may be aliases
    // compiled only with its feature, and the function serves others too.
    let (ok, err) = (
        ident(super::defining_enum(api, op, false)),
        ident(super::defining_enum(api, op, true)),
    );
    let decode = decode_fn(api, op);
    let mut codes = Vec::new();
    let mut ranges = Vec::new();
    let mut default = quote! { raw.unexpected() };
    for r in &op.responses {
        let v = ident(&r.variant);
        let f = variant_fields(api, r);
        let mut inits = Vec::new();
        if f.status {
            inits.push(quote! { status: raw.status, });
        }
        if let ResponseContent::ByMediaType(c) = &r.content {
            // The Content-Type header picks the body; anything else decodes as the preferred one.
            let name = ident(&c.enum_name);
            // Keyed by the type the server sends (a media range is sent as a concrete type);
            // the first of two bodies sent with the same type wins.
            let mut seen = std::collections::BTreeSet::new();
            let arms = c.variants.iter().filter_map(|(v, body)| {
                // Lower-cased without parameters, as `RawResponse::content_type` gives it.
                let media = media::essence(&media::sent_as(&body.media_type));
                if !seen.insert(media.clone()) {
                    return None;
                }
                let (v, call) = (ident(v), decode_call(body.format));
                Some(quote! { #media => crate::responses::#name::#v(#call), })
            });
            let (preferred, b) = &c.variants[c.preferred];
            let (preferred, call) = (ident(preferred), decode_call(b.format));
            inits.push(quote! {
                body: match raw.content_type().as_str() {
                    #( #arms )*
                    _ => crate::responses::#name::#preferred(#call),
                },
            });
        } else if let ResponseContent::One(b) = &r.content {
            let call = decode_call(b.format);
            inits.push(quote! { body: #call, });
        }
        for (h, (n, _, typed)) in r.headers.iter().zip(&f.headers) {
            let wire = h.wire_name.to_ascii_lowercase();
            let required = h.required;
            inits.push(match (r.is_error, typed) {
                // A success stays a success: header problems are kept beside the value.
                (false, _) => quote! { #n: raw.header_lenient(#wire, #required, &mut __problems), },
                (true, true) => quote! { #n: raw.header(#wire)?, },
                (true, false) => quote! { #n: raw.header_opt(#wire)?, },
            });
        }
        let value = if f.is_unit() {
            if r.is_error {
                quote! { crate::responses::#err::#v }
            } else {
                quote! { crate::responses::#ok::#v }
            }
        } else if r.is_error {
            quote! { crate::responses::#err::#v { #( #inits )* } }
        } else {
            quote! { crate::responses::#ok::#v { #( #inits )* } }
        };
        let result = if r.is_error {
            quote! { Err(Error::Api(#value)) }
        } else if r.headers.is_empty() {
            // Decoded before `raw` is moved into the `Success`.
            quote! {{
                let __value = #value;
                Ok(raw.success(__value, Vec::new()))
            }}
        } else {
            quote! {{
                let mut __problems = Vec::new();
                let __value = #value;
                Ok(raw.success(__value, __problems))
            }}
        };
        match r.status {
            StatusMatch::Code(c) => {
                let c = proc_macro2::Literal::u16_unsuffixed(c);
                codes.push(quote! { #c => #result, });
            }
            StatusMatch::Range(d) => {
                let lo = proc_macro2::Literal::u16_unsuffixed(u16::from(d) * 100);
                let hi = proc_macro2::Literal::u16_unsuffixed(u16::from(d) * 100 + 99);
                ranges.push(quote! { #lo..=#hi => #result, });
            }
            StatusMatch::Default => default = result,
        }
    }
    let body = if codes.is_empty() && ranges.is_empty() {
        default
    } else {
        quote! {
            match raw.status.as_u16() {
                #( #codes )*
                #( #ranges )*
                _ => #default,
            }
        }
    };
    // A code inside a documented range comes first and wins, as the spec means it.
    let overlap = op.responses.iter().any(|r| match r.status {
        StatusMatch::Code(c) => op
            .responses
            .iter()
            .any(|o| o.status == StatusMatch::Range((c / 100) as u8)),
        _ => false,
    });
    let allow = overlap.then(|| quote! { #[allow(clippy::match_overlapping_arm)] });
    quote! {
            #allow
            fn #decode(raw: crate::runtime::client::RawResponse) -> Result<Success<crate::responses::#ok>, Error<crate::responses::#err>> {
    #body
            }
        }
}
