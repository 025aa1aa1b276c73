//! `src/server.rs`: one trait per tag, handlers that validate inputs, and an axum router.

use super::{
    allow_many_arguments, doc, ident, operation_docs, param_wire, rust_type, security_expr, server_inputs,
    tags_with_operations, value_ident, variant_fields, Module, Place,
};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

pub fn emit(api: &Api) -> Module<'_> {
    let traits = tags_with_operations(api).map(move |(tag, ops)| {
        let name = ident(&tag.trait_name);
        let gate = super::operations_gate(ops.iter().copied());
        // A method needs its own gate only where the trait holds more than one group.
        let methods = ops.iter().map(|op| {
            let cfg = super::cfg_inside(api, op, &gate);
            let method = trait_method(api, op);
            quote! { #cfg #method }
        });
        let what = if tag.wire_name.is_empty() {
            " Operations without a tag.".to_owned()
        } else {
            format!(" Operations tagged `{}`.", tag.wire_name)
        };
        let docs = doc::attrs(tag.description.as_deref());
        let item = quote! {
            #[doc = #what]
            #docs
            pub trait #name: ServerHooks {
                #( #methods )*
            }
        };
        (super::cfg(api, &gate), item)
    });
    // The router needs each trait whose operations some enabled feature serves; a bound
    // cannot be gated, so it names a stand-in that means the trait only then.
    let mut bound = vec![quote! { ServerHooks }];
    let mut stand_ins = Vec::new();
    for (tag, ops) in tags_with_operations(api) {
        let name = ident(&tag.trait_name);
        let gate = super::operations_gate(ops.iter().copied());
        if gate.always() {
            bound.push(quote! { #name });
            continue;
        }
        bound.push(quote! { enabled::#name });
        let on = super::cfg_predicate(api, &gate);
        stand_ins.push(quote! {
            #[cfg(#on)]
            pub trait #name: super::#name {}
            #[cfg(#on)]
            impl<__S: super::#name> #name for __S {}
            #[cfg(not(#on))]
            pub trait #name {}
            #[cfg(not(#on))]
            impl<__S> #name for __S {}
        });
    }
    let bound = quote! { #( #bound )+* };
    let stand_ins = (!stand_ins.is_empty()).then(|| {
        quote! {
            /// The server traits as the router needs them: each stands for its trait when a
            /// feature enables one of the trait's operations, and for nothing otherwise.
            #[doc(hidden)]
            pub mod enabled {
                #( #stand_ins )*
            }
        }
    });
    let handlers = api
        .operations
        .iter()
        .enumerate()
        .filter(|(_, op)| op.server_route.is_some())
        .map(move |(index, op)| (super::cfg(api, &op.gate), handler(api, index, op)));
    // `IntoResponse` for each response enum an operation defines (not for aliases).
    let encoders = api
        .operations
        .iter()
        .zip(super::response_users(api))
        .flat_map(|(op, [ok, err])| [(op, false, ok), (op, true, err)])
        .filter(|(_, _, enum_users)| !enum_users.is_empty())
        .map(move |(op, errors, enum_users)| {
            (
                super::cfg(api, &super::gate_of(api, &enum_users)),
                encoder(api, op, errors),
            )
        });
    let routes = routes(api);
    let reexports = crate::names::SERVER_REEXPORTS.iter().map(|name| ident(name));
    let header = quote! {
        //! The server side: implement the traits, then serve [`router`].
        //!
        //! Before a trait method is called, the generated handler has checked credentials
        //! (401 through [`ServerHooks::unauthorized`]) and parsed every parameter and the body
        //! (400 through [`ServerHooks::bad_request`], listing every problem at once). Each
        //! method also gets the request's [`RequestContext`]: its headers, and the extensions
        //! that tower layers set.

        // Paths are written out in full: a spec with few operations may use none of them.
        pub use crate::runtime::server::{ #( #reexports, )* BODY_LIMIT };
    };
    let router = quote! {
        /// A router serving every operation at the spec's paths.
        pub fn router<__S>(service: __S) -> axum::Router where __S: #bound {
            router_with_prefix(service, "")
        }

        /// A router serving every operation under `prefix` (such as `/multi`).
        pub fn router_with_prefix<__S>(service: __S, prefix: &str) -> axum::Router where __S: #bound {
            router_shared(::std::sync::Arc::new(service), prefix)
        }

        /// Like [`router_with_prefix`], for a service the caller keeps a handle on.
        pub fn router_shared<__S>(service: ::std::sync::Arc<__S>, prefix: &str) -> axum::Router where __S: #bound {
            let routes = axum::Router::new();
            #routes
            crate::runtime::server::mount(prefix, routes)
                .fallback(|axum::extract::State(service): axum::extract::State<::std::sync::Arc<__S>>, request: axum::extract::Request| async move {
                    service.not_found(request.method(), request.uri().path())
                })
                .with_state(service)
        }
    };
    let router = std::iter::once(router)
        .chain(stand_ins)
        .map(|item| (TokenStream::new(), item));
    Module::gated(header, traits.chain(router).chain(handlers).chain(encoders))
}

fn trait_method(api: &Api, op: &Operation) -> TokenStream {
    let name = value_ident(&op.fn_name);
    let ok = ident(&op.ok_enum);
    let err = ident(&op.error_enum);
    let credentials = (!op.security.is_empty()).then(|| quote! { credentials: crate::security::Credentials, });
    let args = server_inputs(api, op, &quote! { crate::types:: })
        .into_iter()
        .map(|(n, t)| quote! { #n: #t, });
    let docs = operation_docs(op, None);
    let many = allow_many_arguments(op, super::Side::Server);
    quote! {
        #docs
        #many
        fn #name(&self, context: RequestContext, #credentials #( #args )*) -> impl std::future::Future<Output = ::std::result::Result<crate::responses::#ok, crate::responses::#err>> + ::std::marker::Send;
    }
}

/// `index`: the operation's place in `Api::operations`, where `shapes.json` lists its inputs.
fn handler(api: &Api, index: usize, op: &Operation) -> TokenStream {
    let name = value_ident(&op.handler);
    let method = value_ident(&op.fn_name);
    let tag = ident(&api.tags[op.tag].trait_name);
    let wire_id = &op.wire_id;
    let security = security_expr(api, op);
    let credentials = (!op.security.is_empty()).then(|| {
        quote! {
            let __credentials = match __inbound.credentials(#wire_id, #security) {
                ::std::result::Result::Ok(c) => c,
                ::std::result::Result::Err(rejection) => return __service.unauthorized(rejection),
            };
        }
    });
    let credentials_arg = (!op.security.is_empty()).then(|| quote! { __credentials, });
    let mut names = Vec::new();
    let parses: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let n = value_ident(&p.rust_name);
            names.push(n.clone());
            let t = rust_type(api, &p.ty, Place::Elsewhere);
            let (req, presence) = (p.required, presence(p.required));
            let flatten = req.then(|| quote! { .flatten() });
            let wire = param_wire(p);
            let capture = match p.capture {
                Some(i) => quote! { ::std::option::Option::Some(#i) },
                None => quote! { ::std::option::Option::None },
            };
            let parse = match (p.wire.kind, &p.ty) {
                (ParamKind::List, TypeRef::List(inner)) => {
                    let inner = rust_type(api, inner, Place::Elsewhere);
                    quote! { __problems.param_list::<#inner>(#wire, &__inbound, #capture, #presence)#flatten }
                }
                (ParamKind::Json, _) => {
                    quote! { __problems.param_json::<#t>(#wire, &__inbound, #capture, #presence)#flatten }
                }
                (ParamKind::Object, _) => {
                    // An exploded object takes the pairs no other parameter in its place names.
                    // Nor are the API keys of the spec's schemes in the same place.
                    let keys = api.security_schemes.iter().filter_map(|s| match &s.kind {
                        SecurityKind::ApiKey { location, name } if *location == p.location => Some(name),
                        _ => None,
                    });
                    let others = op
                        .params
                        .iter()
                        .filter(|o| o.location == p.location && o.wire_name != p.wire_name)
                        .map(|o| &o.wire_name)
                        .chain(keys);
                    quote! { __problems.param_object::<#t>(#wire, &__inbound, #capture, &[#( #others ),*], #presence)#flatten }
                }
                _ => quote! { __problems.param::<#t>(#wire, &__inbound, #capture, #presence)#flatten },
            };
            // Left out, a parameter with a default reaches the handler as the default.
            let parse = match &p.default {
                Some(default) if !req => {
                    let json = default.to_string();
                    quote! { #parse.map(|__v| __v.or_else(|| crate::runtime::server::default_value::<#t>(#json))) }
                }
                _ => parse,
            };
            quote! { let #n = #parse; }
        })
        .collect();
    let body = op.body.as_ref().map(|b| {
        names.push(format_ident!("body"));
        let t = rust_type(api, &b.ty, Place::Elsewhere);
        let presence = presence(b.required);
        let flatten = b.required.then(|| quote! { .flatten() });
        let (decode, expected) = match b.format {
            BodyFormat::Json => return quote! { let body = __problems.json_body::<#t>(&__inbound, #presence)#flatten; },
            BodyFormat::Form => {
                let fields = super::form_fields(b);
                (
                    quote! { |body| crate::runtime::server::decode_form::<#t>(body, #fields) },
                    "a form",
                )
            }
            BodyFormat::Text => (quote! { crate::runtime::server::decode_text }, "UTF-8 text"),
            BodyFormat::Binary => return quote! { let body = __problems.bytes_body(&__inbound, #presence)#flatten; },
        };
        let empty = quote! { crate::runtime::server::EmptyBody::ValueWhenTyped };
        quote! { let body = __problems.body(&__inbound, #presence, #decode, #expected, #empty)#flatten; }
    });
    let check = (!names.is_empty()).then(|| {
        quote! {
            let ( #( ::std::option::Option::Some(#names), )* ) = ( #( #names, )* ) else {
                return __problems.answer(&*__service);
            };
        }
    });
    let problems = (!names.is_empty()).then(|| {
        quote! { let mut __problems = crate::runtime::server::Problems::new(#wire_id, crate::shapes(), #index); }
    });
    // The request is read even when nothing in it is used: that refuses undecodable paths
    // and oversized bodies the same way for every operation.
    let route = op.server_route.as_deref().unwrap_or_default();
    // A request that accepts none of the successes' media types is a 406 before it runs.
    let mut offered: Vec<String> = Vec::new();
    for r in op.responses.iter().filter(|r| !r.is_error) {
        let media = r
            .content
            .bodies()
            .into_iter()
            .map(|b| media::essence(&media::sent_as(&b.media_type)));
        for m in media.chain(r.head_media.iter().map(|m| media::essence(m))) {
            if !offered.contains(&m) {
                offered.push(m);
            }
        }
    }
    let accepting = (!offered.is_empty()).then(|| {
        quote! {
            if let ::std::result::Result::Err(rejection) = crate::runtime::server::accepting(#wire_id, &__inbound.headers, &[#( #offered ),*]) {
                return rejection.answer(&*__service);
            }
        }
    });
    // A body in a media type the operation does not read is a 415, not a 400 or lost data.
    let media = op.body.as_ref().map(|b| {
        let accepted = &b.accepted;
        quote! {
            if let ::std::result::Result::Err(rejection) = __inbound.content_type_in(#wire_id, &[#( #accepted ),*]) {
                return rejection.answer(&*__service);
            }
        }
    });
    let has_affixes = op.route_affixes.iter().any(|(p, s)| !p.is_empty() || !s.is_empty());
    let mutable = has_affixes.then(|| quote! { mut });
    let affixes = has_affixes.then(|| {
        let pairs = op.route_affixes.iter().map(|(p, s)| quote! { (#p, #s) });
        quote! {
            if !__inbound.strip_affixes(&[#( #pairs ),*]) {
                return __service.not_found(&__inbound.method, __inbound.uri.path());
            }
        }
    });
    quote! {
        async fn #name<__S: #tag>(axum::extract::State(__service): axum::extract::State<::std::sync::Arc<__S>>, __request: axum::extract::Request) -> axum::response::Response {
            let #mutable __inbound = match crate::runtime::server::Inbound::read(#wire_id, #route, __request).await {
                ::std::result::Result::Ok(__inbound) => __inbound,
                ::std::result::Result::Err(rejection) => return rejection.answer(&*__service),
            };
            #affixes
            #media
            #accepting
            #credentials
            #problems
            #( #parses )*
            #body
            #check
            // Called through the trait: a method named like one of `Arc`'s (`clone`) must
            // not resolve to that.
            match <__S as #tag>::#method(&__service, __inbound.into_context(), #credentials_arg #( #names ),*).await {
                ::std::result::Result::Ok(response) => axum::response::IntoResponse::into_response(response),
                ::std::result::Result::Err(error) => axum::response::IntoResponse::into_response(error),
            }
        }
    }
}

/// The runtime's name for whether an input is required.
fn presence(required: bool) -> TokenStream {
    if required {
        quote! { crate::runtime::Presence::Required }
    } else {
        quote! { crate::runtime::Presence::Optional }
    }
}

/// `.route(…)` calls, one per routed path, methods chained.
fn routes(api: &Api) -> TokenStream {
    let mut by_route: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    let mut order = Vec::new();
    for op in &api.operations {
        if let Some(route) = op.server_route.as_deref() {
            if !by_route.contains_key(route) {
                order.push(route);
            }
            by_route.entry(route).or_default().push(op);
        }
    }
    // One statement per route, gated by the features of its operations; within it, one
    // per method, gated by its operation's feature where the route holds more than one.
    let routes = order.into_iter().map(|route| {
        let ops = &by_route[route];
        let gate = super::operations_gate(ops.iter().copied());
        let cfgs: Vec<TokenStream> = ops.iter().map(|op| super::cfg_inside(api, op, &gate)).collect();
        let allowed = ops.iter().zip(&cfgs).map(|(op, cfg)| {
            let method = op.method.as_str();
            quote! { #cfg #method }
        });
        let methods = ops.iter().zip(&cfgs).map(|(op, cfg)| {
            let filter = format_ident!("{}", op.method.as_str());
            let handler = value_ident(&op.handler);
            quote! { #cfg let __methods = __methods.on(axum::routing::MethodFilter::#filter, #handler::<__S>); }
        });
        let cfg = super::cfg(api, &gate);
        quote! {
            #cfg
            let routes = {
                let __methods = axum::routing::MethodRouter::new();
                #( #methods )*
                routes.route(#route, crate::runtime::server::allow_only(__methods, &[#( #allowed ),*]))
            };
        }
    });
    quote! { #( #routes )* }
}

/// `IntoResponse` for an operation's enum of its successes or of its errors.
fn encoder(api: &Api, op: &Operation, errors: bool) -> TokenStream {
    let responses: Vec<&Response> = op.responses.iter().filter(|r| r.is_error == errors).collect();
    let head = op.method == Method::Head;
    encode_responses(
        api,
        &ident(super::enum_of(op, errors).0),
        &responses,
        &op.responses,
        head,
    )
}

/// The `Reply` call that writes `value` as body `b`.
fn encode_call(b: &ResponseBody, value: &TokenStream) -> TokenStream {
    let media = media::sent_as(&b.media_type);
    match b.format {
        BodyFormat::Json => quote! { .json(#media, &#value) },
        BodyFormat::Form => quote! { .form(#media, &#value) },
        BodyFormat::Text => quote! { .text(#media, &#value) },
        BodyFormat::Binary => quote! { .bytes(#media, &#value) },
    }
}

/// `all`: every response of the operation, successes and errors: a `2XX` or `default`
/// variant may not carry a status another response documents (a client would decode it as
/// that one), exactly or, for `default`, by its range. `head`: the answers are to HEAD
/// (no body, no length).
fn encode_responses(
    api: &Api,
    name: &syn::Ident,
    responses: &[&Response],
    all: &[Response],
    head: bool,
) -> TokenStream {
    let claimed: Vec<u16> = all
        .iter()
        .filter_map(|r| match r.status {
            StatusMatch::Code(c) => Some(c),
            _ => None,
        })
        .collect();
    let ranges: Vec<u8> = all
        .iter()
        .filter_map(|r| match r.status {
            StatusMatch::Range(d) => Some(d),
            _ => None,
        })
        .collect();
    let arms = responses.iter().map(|r| {
        let v = ident(&r.variant);
        let f = variant_fields(api, r);
        let reply = match r.status {
            StatusMatch::Code(c) => {
                let lit = proc_macro2::Literal::u16_unsuffixed(c);
                quote! { crate::runtime::server::Reply::new(crate::runtime::status(#lit)) }
            }
            StatusMatch::Range(digit) => {
                quote! { crate::runtime::server::Reply::ranged(status, ::std::option::Option::Some(#digit), &[#( #claimed ),*], &[]) }
            }
            StatusMatch::Default => {
                quote! { crate::runtime::server::Reply::ranged(status, ::std::option::Option::None, &[#( #claimed ),*], &[#( #ranges ),*]) }
            }
        };
        let reply = if head { quote! { #reply.head() } } else { reply };
        let body = match (&r.content, &r.head_media) {
            (ResponseContent::One(b), _) => Some(encode_call(b, &quote! { body })),
            // HEAD: the media type GET's body would have, without the body.
            (_, Some(media)) => Some(quote! { .content_type(#media) }),
            _ => None,
        };
        let headers = r.headers.iter().zip(&f.headers).map(|(h, (n, _, required))| {
            let wire = h.wire_name.to_ascii_lowercase();
            match (*required, h.required) {
                (true, _) => quote! { .header(#wire, &#n) },
                // A success's header is an `Option` (its client is lenient), but a server
                // may not leave out one the spec requires.
                (false, true) => quote! { .header_required(#wire, #n.as_ref()) },
                (false, false) => quote! { .header_opt(#wire, #n.as_ref()) },
            }
        });
        let names = f.names();
        let pattern = if f.is_unit() {
            quote! { Self::#v }
        } else {
            quote! { Self::#v { #( #names ),* } }
        };
        if let ResponseContent::ByMediaType(c) = &r.content {
            // The variant of the body enum decides the media type.
            let name = ident(&c.enum_name);
            let arms = c.variants.iter().map(|(v, b)| {
                let v = ident(v);
                let call = encode_call(b, &quote! { value });
                quote! { crate::responses::#name::#v(value) => __reply #call, }
            });
            return quote! {
                #pattern => {
                    let __reply = #reply;
                    let __reply = match body { #( #arms )* };
                    __reply #( #headers )* .finish()
                }
            };
        }
        quote! { #pattern => #reply #body #( #headers )* .finish(), }
    });
    let body = if responses.is_empty() {
        quote! { match self {} }
    } else {
        quote! { match self { #( #arms )* } }
    };
    quote! {
        impl axum::response::IntoResponse for crate::responses::#name {
            fn into_response(self) -> axum::response::Response {
                #body
            }
        }
    }
}
