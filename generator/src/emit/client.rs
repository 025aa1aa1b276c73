//! `src/client.rs`: one async method per operation on a `reqwest`-based client.

use super::{ident, operation_docs, rust_type, security_expr, value_ident, variant_fields, Module, Place};
use crate::model::*;
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
                    self.credentials = self.credentials.#with(username, password);
                    self
                }
            }
        } else {
            quote! {
                #[doc = #doc]
                pub fn #setter(mut self, secret: impl Into<String>) -> Self {
                    self.credentials = self.credentials.#with(secret);
                    self
                }
            }
        }
    });
    let title = format!(" A client for {} {}.", api.title, api.version);
    let header = quote! {
        //! The HTTP client: one async method per operation.
        //!
        //! Responses are decoded by status code, never by the shape of the body: a documented
        //! success status gives `Ok`, a documented error status gives [`Error::Api`] with the
        //! operation's error enum, and anything else a distinct [`Error`] variant that keeps the
        //! raw response.
        // An operation's error enum holds its decoded error bodies by value, so callers can
        // match on them; boxing them to shrink `Result` would cost every caller a deref.
        #![allow(clippy::result_large_err)]

        pub use crate::runtime::client::{BuildError, ClientBuilder, Error};

        #[doc = #title]
        ///
        /// Cheap to clone: clones share one connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            pub(crate) inner: crate::runtime::client::Inner,
        }

        impl ClientBuilder {
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
        let methods = ops.iter().map(|op| method(api, op));
        quote! {
            #[doc = #doc]
            impl Client {
                #( #methods )*
            }
        }
    });
    let decoders = api.operations.iter().map(move |op| decoder(api, op));
    Module::new(header, impls.chain(decoders))
}

fn names(op: &Operation) -> (syn::Ident, syn::Ident, syn::Ident) {
    (
        ident(&op.ok_enum),
        ident(&op.error_enum),
        format_ident!("decode_{}", op.fn_name.as_str()),
    )
}

/// The argument type of a parameter: borrowed, `Option` when not required.
fn arg_type(api: &Api, p: &Param) -> TokenStream {
    let borrowed = match &p.ty {
        TypeRef::List(inner) => {
            let inner = rust_type(api, inner, Place::Elsewhere);
            quote! { &[#inner] }
        }
        TypeRef::Primitive(Primitive::String) => quote! { &str },
        other => {
            let t = rust_type(api, other, Place::Elsewhere);
            quote! { &#t }
        }
    };
    if p.required {
        borrowed
    } else {
        quote! { Option<#borrowed> }
    }
}

fn method(api: &Api, op: &Operation) -> TokenStream {
    let fn_name = value_ident(&op.fn_name);
    let (ok, err, decode) = names(op);
    let args = op.params.iter().map(|p| {
        let n = value_ident(&p.rust_name);
        let t = arg_type(api, p);
        quote! { #n: #t, }
    });
    let body_arg = op.body.as_ref().map(|b| {
        let t = rust_type(api, &b.ty, Place::Elsewhere);
        let t = match &b.ty {
            TypeRef::Primitive(Primitive::String) => quote! { &str },
            _ => quote! { &#t },
        };
        if b.required {
            quote! { body: #t, }
        } else {
            quote! { body: Option<#t>, }
        }
    });
    let path = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote! { __path.push_str(#text); },
        PathPart::Param(i) => {
            let n = value_ident(&op.params[*i].rust_name);
            quote! { crate::runtime::client::push_segment(&mut __path, #n); }
        }
    });
    let params = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| {
        let n = value_ident(&p.rust_name);
        let wire = &p.wire_name;
        // Arguments are borrowed (`&T`, `&str`, `&[T]`); the runtime writes each as text.
        let call = match (p.location, p.style) {
            (_, ParamStyle::DeepObject) => quote! { __request.deep_object(#wire, #n)? },
            (_, ParamStyle::Exploded) => quote! { __request.query_exploded(#wire, #n) },
            (ParamLocation::Query, ParamStyle::Text) => quote! { __request.query(#wire, #n) },
            (ParamLocation::Header, ParamStyle::Text) => quote! { __request.header(#wire, #n) },
            // Path parameters were written into the path above and are filtered out here.
            (ParamLocation::Cookie | ParamLocation::Path, ParamStyle::Text) => quote! { __request.cookie(#wire, #n) },
        };
        if p.required {
            quote! { #call; }
        } else {
            quote! { if let Some(#n) = #n { #call; } }
        }
    });
    let body = op.body.as_ref().map(|b| {
        let media = media::sent_as(&b.media_type);
        let encode = match b.format {
            BodyFormat::Json => quote! { crate::runtime::client::Body::json(body)? },
            BodyFormat::Form => quote! { crate::runtime::client::Body::form(body)? },
            BodyFormat::Text => quote! { crate::runtime::client::Body::Text(body.to_owned()) },
            BodyFormat::Binary => quote! { crate::runtime::client::Body::Binary(body.clone()) },
        };
        if b.required {
            quote! { __request.body = Some((#media, #encode)); }
        } else {
            quote! { if let Some(body) = body { __request.body = Some((#media, #encode)); } }
        }
    });
    let method = format_ident!("{}", op.method.as_str());
    let needs_mut = op.body.is_some() || op.params.iter().any(|p| p.location != ParamLocation::Path);
    let mutability = needs_mut.then(|| quote! { mut });
    let security = security_expr(op);
    let docs = operation_docs(op);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let many = super::allow_many_arguments(op, super::Side::Client);
    quote! {
        #docs
        #deprecated
        #many
        pub async fn #fn_name(&self, #( #args )* #body_arg) -> Result<crate::responses::#ok, Error<crate::responses::#err>> {
            // Locals start with `__`, which no parameter name does (see `names::value_name`).
            let mut __path = String::new();
            #( #path )*
            let #mutability __request = crate::runtime::client::Request::new(http::Method::#method, __path, #security);
            #( #params )*
            #body
            let __raw = self.inner.send(__request).await?;
            #decode(__raw)
        }
    }
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
    let (ok, err, decode) = names(op);
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
        for (h, (n, _, required)) in r.headers.iter().zip(&f.headers) {
            let wire = h.wire_name.to_ascii_lowercase();
            inits.push(if *required {
                quote! { #n: raw.header(#wire)?, }
            } else {
                quote! { #n: raw.header_opt(#wire)?, }
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
        } else {
            quote! { Ok(#value) }
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
            fn #decode(raw: crate::runtime::client::RawResponse) -> Result<crate::responses::#ok, Error<crate::responses::#err>> {
    #body
            }
        }
}
