//! `src/types.rs`: one Rust type per named model type.

use super::{doc, ident, rust_type, value_ident, Module, Place};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(api: &Api) -> Module<'_> {
    let header = quote! {
        //! Model types: the schemas of the spec, and the inline types named after their place.
        // Structs compare field by field, as a derived `PartialEq` would, so a `Hash` the
        // configuration derives agrees with it.
        #![allow(clippy::large_enum_variant, clippy::derive_partial_eq_without_eq, clippy::derived_hash_with_manual_eq)]

        // Struct decoding names these once per field: a short path is less for the compiler
        // to read and resolve. No spec name starts with `__`.
        #[allow(unused_imports)]
        use crate::runtime::de as __de;
    };
    Module::gated(
        header,
        api.types_by_name()
            .into_iter()
            .map(move |def| (super::cfg(api, &def.gate), type_def(api, def))),
    )
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let origin = match &def.wire_name {
        Some(w) => format!("`{w}` (`{}`)", def.origin.pointer),
        None => format!("`{}`", def.origin.pointer),
    };
    let docs = doc::attrs(doc::join(&[def.doc.as_deref(), Some(&format!("Generated from {origin}."))]).as_deref());
    // The configuration's derives, in an attribute of their own beside the generated ones
    // (a derive the type already has is not repeated: that would be two impls).
    // Serde's traits count for every kind: those that do not derive them implement them by
    // hand. `Default` is derived only by structs whose fields are all optional.
    let mut own: Vec<&str> = vec!["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"];
    match &def.kind {
        TypeKind::Struct(s) if derives_default(s) => own.push("Default"),
        TypeKind::Enum(_) | TypeKind::Constrained(_) => own.extend(["Eq", "Hash", "PartialOrd", "Ord"]),
        _ => {}
    }
    let extra: Vec<syn::Path> = api
        .derives
        .iter()
        .filter(|d| !own.contains(&derive_name(d)))
        .filter_map(|d| syn::parse_str(d).ok())
        .collect();
    let docs = if extra.is_empty() || matches!(def.kind, TypeKind::Alias(_)) {
        docs
    } else {
        quote! { #docs #[derive(#( #extra ),*)] }
    };
    match &def.kind {
        TypeKind::Struct(s) => strukt(api, &name, &docs, s),
        TypeKind::Enum(e) => string_enum(&name, &docs, e),
        TypeKind::Constrained(c) => constrained(&name, &docs, c),
        TypeKind::Alias(ty) => {
            let ty = rust_type(api, ty, Place::Types);
            quote! { #docs pub type #name = #ty; }
        }
        TypeKind::Newtype(ty) => {
            let ty = rust_type(api, ty, Place::Types);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
        TypeKind::Union(u) => union(api, &name, &docs, u),
    }
}

/// Whether a struct derives `Default`: every field may be left out (or is nullable) and no
/// map of extra properties makes it more than a bag of options.
fn derives_default(s: &Struct) -> bool {
    s.additional.is_none()
        && s.fields
            .iter()
            .all(|f| !f.required || matches!(f.ty, TypeRef::Nullable(_)))
}

fn strukt(api: &Api, name: &syn::Ident, docs: &TokenStream, s: &Struct) -> TokenStream {
    // Derives the configuration adds beyond std's may read serde's attributes
    // (`schemars::JsonSchema` takes the wire names from them): with those, `Serialize` is
    // derived with its attributes, at the derive's cost, instead of written by hand.
    let derived = api.derives.iter().any(|d| !STD_DERIVES.contains(&derive_name(d)));
    let fields = s.fields.iter().map(|f| {
        let field = value_ident(&f.rust_name);
        let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
        let docs = doc::attrs(f.doc.as_deref());
        let rename = (f.rust_name.as_str() != f.wire_name).then(|| {
            let wire = &f.wire_name;
            quote! { rename = #wire, }
        });
        let nullable = matches!(f.ty, TypeRef::Nullable(_));
        let attr = match (derived, f.required, nullable) {
            (false, _, _) => None,
            (true, true, _) => rename.map(|r| quote! { #[serde(#r)] }),
            (true, false, true) => Some(quote! {
                #[serde(#rename serialize_with = "crate::runtime::ser::double_option", skip_serializing_if = "::std::option::Option::is_none")]
            }),
            (true, false, false) => Some(quote! { #[serde(#rename skip_serializing_if = "::std::option::Option::is_none")] }),
        };
        let ty = if f.required {
            rust_type(api, &f.ty, Place::Types)
        } else if let TypeRef::Nullable(inner) = &f.ty {
            // Optional and nullable: absent (`None`), `null` (`Some(None)`) or a value, three
            // states a PATCH tells apart ("leave it" and "clear it").
            let inner = rust_type(api, inner, Place::Types);
            quote! { ::std::option::Option<::std::option::Option<#inner>> }
        } else {
            let inner = rust_type(api, &f.ty, Place::Types);
            quote! { ::std::option::Option<#inner> }
        };
        quote! { #docs #deprecated #attr pub #field: #ty, }
    });
    let additional = s.additional.as_ref().map(|t| {
        let t = rust_type(api, t, Place::Types);
        let flatten = derived.then(|| quote! { #[serde(flatten)] });
        quote! {
            /// Properties not listed in the schema.
            #flatten
            pub additional_properties: std::collections::BTreeMap<::std::string::String, #t>,
        }
    });
    let default = derives_default(s).then(|| quote! { Default, });
    let allow = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote! { #[allow(deprecated)] });
    let partial_eq = partial_eq(name, s, &allow);
    let (serialize, derive_serialize) = if derived {
        (TokenStream::new(), quote! { serde::Serialize, })
    } else {
        (serialize(name, s, &allow), TokenStream::new())
    };
    let deserialize = deserialize(api, name, s, &allow);
    quote! {
        #docs
        #[derive(Debug, Clone, #default #derive_serialize)]
        pub struct #name {
            #( #fields )*
            #additional
        }

        #partial_eq
        #serialize
        #deserialize
    }
}

/// A derive's name without its path (`JsonSchema` of `schemars::JsonSchema`).
fn derive_name(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path).trim()
}

/// Derives of the standard library, which read no serde attributes.
const STD_DERIVES: &[&str] = &[
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "Copy",
    "Default",
    "Debug",
    "Clone",
    "PartialEq",
];

/// The names of a struct's fields as Rust accesses them, the map of extra properties last.
fn field_idents(s: &Struct) -> Vec<syn::Ident> {
    let mut fields: Vec<syn::Ident> = s.fields.iter().map(|f| value_ident(&f.rust_name)).collect();
    if s.additional.is_some() {
        fields.push(ident("additional_properties"));
    }
    fields
}

/// `PartialEq` for a struct, field by field as the derive compares (the derive's
/// expansion costs more to check; see `runtime::ser`).
fn partial_eq(name: &syn::Ident, s: &Struct, allow: &Option<TokenStream>) -> TokenStream {
    let fields = field_idents(s);
    if fields.is_empty() {
        return quote! {
            impl ::std::cmp::PartialEq for #name {
                fn eq(&self, _other: &Self) -> bool {
                    true
                }
            }
        };
    }
    quote! {
        impl ::std::cmp::PartialEq for #name {
            #allow
            fn eq(&self, other: &Self) -> bool {
                #( self.#fields == other.#fields )&&*
            }
        }
    }
}

/// `Serialize` for a struct through `runtime::ser`: a line per field, written as the
/// derive writes it (absent optional properties left out, extra properties as a map).
fn serialize(name: &syn::Ident, s: &Struct, allow: &Option<TokenStream>) -> TokenStream {
    let writes = s.fields.iter().map(|f| {
        let field = value_ident(&f.rust_name);
        let wire = &f.wire_name;
        if f.required {
            quote! { __out.field(#wire, &self.#field)?; }
        } else if matches!(f.ty, TypeRef::Nullable(_)) {
            quote! { __out.nullable(#wire, &self.#field)?; }
        } else {
            quote! { __out.optional(#wire, &self.#field)?; }
        }
    });
    let start = if s.additional.is_some() {
        quote! { crate::runtime::ser::map(__serializer)? }
    } else {
        let name_text = name.to_string();
        // The derive's count: the required properties, and the optional ones present.
        let required = s.fields.iter().filter(|f| f.required).count();
        let mut count: Vec<TokenStream> = s
            .fields
            .iter()
            .filter(|f| !f.required)
            .map(|f| {
                let field = value_ident(&f.rust_name);
                quote! { crate::runtime::ser::present(&self.#field) }
            })
            .collect();
        if required > 0 || count.is_empty() {
            count.insert(0, quote! { #required });
        }
        quote! { crate::runtime::ser::object(__serializer, #name_text, #( #count )+*)? }
    };
    let others = s
        .additional
        .is_some()
        .then(|| quote! { __out.others(&self.additional_properties)?; });
    quote! {
        impl serde::Serialize for #name {
            #allow
            fn serialize<__S: serde::Serializer>(&self, __serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                let mut __out = #start;
                #( #writes )*
                #others
                __out.end()
            }
        }
    }
}

/// `Deserialize` for a struct, through `runtime::de::Object`: a line per field where the
/// derive writes thirty (see the runtime module for why).
fn deserialize(api: &Api, name: &syn::Ident, s: &Struct, allow: &Option<TokenStream>) -> TokenStream {
    let wire: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
    let slots: Vec<syn::Ident> = (0..s.fields.len()).map(|i| quote::format_ident!("__f{i}")).collect();
    let arms = slots.iter().zip(&wire).enumerate().map(|(i, (slot, wire))| {
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote! { #i => __de::take(&mut __map, &mut #slot, #wire)?, }
    });
    let values = s.fields.iter().zip(&slots).map(|(f, slot)| {
        let field = value_ident(&f.rust_name);
        let wire = &f.wire_name;
        let value = if f.required {
            quote! { __de::required::<__A, _>(#slot, #wire)? }
        } else if matches!(f.ty, TypeRef::Nullable(_)) {
            // Absent stays `None`; `null` is `Some(None)`.
            quote! { #slot }
        } else {
            quote! { __de::optional(#slot) }
        };
        quote! { #field: #value, }
    });
    // Keys are the indexes of declared properties; any other is `__de::OTHER`, and its name
    // is read where the struct keeps other properties.
    let (keeps, others, kept) = match &s.additional {
        Some(t) => {
            let t = rust_type(api, t, Place::Types);
            (
                quote! { const KEEPS_OTHERS: bool = true; },
                quote! {
                    __de::OTHER => {
                        __others.insert(__key.name, serde::de::MapAccess::next_value(&mut __map)?);
                    }
                    _ => __de::skip(&mut __map)?,
                },
                Some((
                    quote! { let mut __others: std::collections::BTreeMap<::std::string::String, #t> = std::collections::BTreeMap::new(); },
                    quote! { additional_properties: __others, },
                )),
            )
        }
        None => (TokenStream::new(), quote! { _ => __de::skip(&mut __map)?, }, None),
    };
    let (init_others, set_others) = kept.unzip();
    // A struct with nothing to read skips every property.
    let read = if s.fields.is_empty() && s.additional.is_none() {
        quote! {
            while __de::next_key::<Self, __A>(&mut __map)?.is_some() {
                __de::skip(&mut __map)?;
            }
        }
    } else {
        quote! {
            while let ::std::option::Option::Some(__key) = __de::next_key::<Self, __A>(&mut __map)? {
                match __key.index { #( #arms )* #others }
            }
        }
    };
    let name_text = name.to_string();
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(__deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                __de::object(__deserializer)
            }
        }

        impl __de::Object for #name {
            const NAME: &'static str = #name_text;
            const FIELDS: &'static [&'static str] = &[#( #wire ),*];
            #keeps

            #allow
            fn from_map<'de, __A: serde::de::MapAccess<'de>>(mut __map: __A) -> ::std::result::Result<Self, __A::Error> {
                #( let mut #slots = __de::slot(); )*
                #init_others
                #read
                ::std::result::Result::Ok(Self { #( #values )* #set_others })
            }
        }
    }
}

fn string_enum(name: &syn::Ident, docs: &TokenStream, e: &Enum) -> TokenStream {
    let unknown = ident(&e.unknown_variant);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<_> = e.variants.iter().map(|v| v.wire_value.as_str()).collect();
    let variant_docs = wires.iter().map(|w| {
        if w.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" `{w}`")
        }
    });
    quote! {
        #docs
        ///
        /// A client keeps values this version of the spec does not list in the catch-all
        /// variant, so a newer server does not break it; a generated server refuses them
        /// (400) wherever they appear in a request.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value the spec does not list.
            #unknown(::std::string::String),
        }

        impl #name {
            /// The values the spec lists.
            pub const VALUES: &'static [&'static str] = &[#( #wires ),*];

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#unknown(value) => value,
                }
            }

            /// Whether the value is one the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
        }

        impl crate::runtime::StringEnum for #name {
            const VALUES: &'static [&'static str] = Self::VALUES;
            fn from_wire(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#unknown(other.to_owned()),
                }
            }
            fn wire(&self) -> &str {
                self.as_str()
            }
            fn listed(&self) -> bool {
                self.is_known()
            }
        }

        crate::runtime::string_enum!(#name);
    }
}

fn constrained(name: &syn::Ident, docs: &TokenStream, c: &Constrained) -> TokenStream {
    let pattern = c.pattern.as_deref().unwrap_or("");
    let min = match c.min_length {
        Some(n) => quote! { ::std::option::Option::Some(#n) },
        None => quote! { ::std::option::Option::None },
    };
    let max = match c.max_length {
        Some(n) => quote! { ::std::option::Option::Some(#n) },
        None => quote! { ::std::option::Option::None },
    };
    let pattern_doc = format!(" Values match the pattern `{pattern}`; constructing or decoding any other value fails.");
    quote! {
        #docs
        ///
        #[doc = #pattern_doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct #name(::std::string::String);

        impl #name {
            /// The pattern every value matches.
            pub const PATTERN: &'static str = #pattern;
            const RULE: crate::runtime::StringRule = crate::runtime::StringRule {
                type_name: stringify!(#name),
                pattern: Self::PATTERN,
                min_length: #min,
                max_length: #max,
            };

            /// Checks `value` against the schema's constraints.
            pub fn new(value: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<Self, crate::runtime::ConstraintError> {
                static REGEX: std::sync::OnceLock<::std::option::Option<regex::Regex>> = std::sync::OnceLock::new();
                let value = value.into();
                Self::RULE.check(&REGEX, &value)?;
                ::std::result::Result::Ok(Self(value))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> ::std::string::String {
                self.0
            }
        }

        impl std::str::FromStr for #name {
            type Err = crate::runtime::ConstraintError;
            fn from_str(value: &str) -> ::std::result::Result<Self, crate::runtime::ConstraintError> {
                Self::new(value)
            }
        }

        impl ::std::convert::TryFrom<::std::string::String> for #name {
            type Error = crate::runtime::ConstraintError;
            fn try_from(value: ::std::string::String) -> ::std::result::Result<Self, crate::runtime::ConstraintError> {
                Self::new(value)
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                Self::new(::std::string::String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
            }
        }

        impl crate::runtime::ParamValue for #name {
            fn parse_param(value: &str) -> ::std::result::Result<Self, crate::runtime::FieldError> {
                Self::new(value).map_err(|e| e.into_field_error())
            }
            fn write_param(&self) -> ::std::string::String {
                self.0.clone()
            }
        }
    }
}

fn union(api: &Api, name: &syn::Ident, docs: &TokenStream, u: &Union) -> TokenStream {
    // A union whose every variant travels as text can be a path, query or header value.
    let text = u.variants.iter().all(|v| api.is_text(&v.ty, false));
    let param = text.then(|| union_param(api, name, u));
    let untagged = untagged_union(api, name, docs, u);
    quote! { #untagged #param }
}

/// Text unions parse as the first variant that accepts the text, string enums first (they
/// take only the values they list here), in the order JSON decoding follows.
fn union_param(api: &Api, name: &syn::Ident, u: &Union) -> TokenStream {
    let (open, closed): (Vec<&UnionVariant>, Vec<&UnionVariant>) =
        u.variants.iter().partition(|v| is_open_enum(api, &v.ty));
    let ordered = || open.iter().chain(closed.iter());
    let names: Vec<_> = ordered().map(|v| ident(&v.rust_name)).collect();
    let types: Vec<_> = ordered().map(|v| rust_type(api, &v.ty, Place::Types)).collect();
    let unknown = ident(&u.unknown_variant);
    let expected = format!(
        "one of: {}",
        u.variants
            .iter()
            .map(|v| v.rust_name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    quote! {
        impl crate::runtime::ParamValue for #name {
            fn parse_param(value: &str) -> ::std::result::Result<Self, crate::runtime::FieldError> {
                #( if let ::std::result::Result::Ok(v) = <#types as crate::runtime::ParamValue>::parse_param(value) { return ::std::result::Result::Ok(Self::#names(v)); } )*
                ::std::result::Result::Err(crate::runtime::FieldError::Malformed { expected: #expected, detail: ::std::string::String::new() })
            }
            fn parse_received(value: &str) -> ::std::result::Result<Self, crate::runtime::FieldError> {
                ::std::result::Result::Ok(Self::parse_param(value).unwrap_or_else(|_| Self::#unknown(serde_json::Value::String(value.to_owned()))))
            }
            fn write_param(&self) -> ::std::string::String {
                match self {
                    #( Self::#names(v) => crate::runtime::ParamValue::write_param(v), )*
                    Self::#unknown(v) => crate::runtime::json_text(v),
                }
            }
        }
    }
}

/// Whether `ty` is a string enum that keeps values it does not list (through aliases and boxes).
fn is_open_enum(api: &Api, ty: &TypeRef) -> bool {
    fn walk(api: &Api, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            _ if depth > 16 => false,
            TypeRef::Named(id) => match &api.def(*id).kind {
                TypeKind::Enum(_) => true,
                TypeKind::Alias(inner) => walk(api, inner, depth + 1),
                _ => false,
            },
            TypeRef::Boxed(inner) => walk(api, inner, depth + 1),
            _ => false,
        }
    }
    walk(api, ty, 0)
}

/// An untagged union decodes as the first variant that accepts the value, in this order:
/// string enums that list it, then the variants that are not string enums, then the string
/// enums that keep any value. So an enum variant, which takes every string, never takes a
/// value another variant lists or parses, and the order agrees with the server's parsing of
/// text parameters. From form bodies and deepObject queries, where every leaf is text, a
/// variant may also read its numbers and booleans from the text.
fn untagged_decoder(api: &Api, name: &syn::Ident, docs: &TokenStream, u: &Union) -> TokenStream {
    let (open, closed): (Vec<&UnionVariant>, Vec<&UnionVariant>) =
        u.variants.iter().partition(|v| is_open_enum(api, &v.ty));
    let attempt = |v: &UnionVariant, known_only: bool| {
        let vname = ident(&v.rust_name);
        let ty = rust_type(api, &v.ty, Place::Types);
        let known = known_only.then(|| quote! { .filter(|v| v.is_known()) });
        quote! {
            if let ::std::option::Option::Some(v) = crate::runtime::variant::<#ty>(value)#known {
                return ::std::option::Option::Some(Self::#vname(v));
            }
        }
    };
    let listed = open.iter().map(|v| attempt(v, true));
    let others = closed.iter().map(|v| attempt(v, false));
    let open = open.iter().map(|v| attempt(v, false));
    let unknown = ident(&u.unknown_variant);
    // `first_fit` runs the attempts with listed values only first: a variant whose enums list
    // every value wins over one that would keep a value in its catch-all.
    let decode = quote! {
        let __attempts = |value: &serde_json::Value| -> ::std::option::Option<Self> {
            #( #listed )*
            #( #others )*
            #( #open )*
            ::std::option::Option::None
        };
        if let ::std::option::Option::Some(v) = crate::runtime::first_fit(|| __attempts(&value)) {
            return ::std::result::Result::Ok(v);
        }
        if crate::runtime::listed_only() {
            return ::std::result::Result::Err(serde::de::Error::custom(format_args!("the value matches no variant of {}", stringify!(#name))));
        }
        ::std::result::Result::Ok(Self::#unknown(value))
    };
    let serialize = u.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        quote! { Self::#vname(v) => serde::Serialize::serialize(v, serializer), }
    });
    decoded_union(api, docs, name, u, serialize, decode)
}

/// A union: one variant per member and a catch-all that keeps, as JSON, what no member
/// accepts (a client keeps it; a server, decoding listed values only, refuses it).
/// `serialize` holds a match arm per member variant; `decode` reads `value` (the input as
/// JSON) and returns the variant.
fn decoded_union(
    api: &Api,
    docs: &TokenStream,
    name: &syn::Ident,
    u: &Union,
    serialize: impl Iterator<Item = TokenStream>,
    decode: TokenStream,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let ty = rust_type(api, &v.ty, Place::Types);
        quote! { #vname(#ty), }
    });
    let unknown = ident(&u.unknown_variant);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variants )*
            /// A value no variant of this version of the spec accepts, kept as it came.
            /// A client keeps it, so a newer server does not break it; a generated server
            /// refuses it (400).
            #unknown(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                match self {
                    #( #serialize )*
                    Self::#unknown(v) => serde::Serialize::serialize(v, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #decode
            }
        }
    }
}

fn untagged_union(api: &Api, name: &syn::Ident, docs: &TokenStream, u: &Union) -> TokenStream {
    let Some(property) = &u.discriminator else {
        return untagged_decoder(api, name, docs, u);
    };
    let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let vname = ident(&v.rust_name);
        let tags = &v.tags;
        quote! {
            #( ::std::option::Option::Some(#tags) )|* => crate::runtime::decode_variant(value).map(Self::#vname).map_err(serde::de::Error::custom),
        }
    });
    let tag_doc = format!(
        " The variant is chosen by the `{property}` property, and sets it: serializing a variant writes its tag."
    );
    let docs = quote! {
        #docs
        ///
        #[doc = #tag_doc]
    };
    let unknown = ident(&u.unknown_variant);
    let decode = quote! {
        let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
        match tag.as_deref() {
            #( #arms )*
            other if crate::runtime::listed_only() => ::std::result::Result::Err(serde::de::Error::custom(format_args!("unknown `{}` value {:?} for {}", #property, other, stringify!(#name)))),
            _ => ::std::result::Result::Ok(Self::#unknown(value)),
        }
    };
    // A variant with one tag writes it; one that several tags select keeps the tag it holds.
    let serialize = u.variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        match v.tags.as_slice() {
            [tag] => quote! { Self::#vname(v) => crate::runtime::serialize_tagged(serializer, #property, #tag, v), },
            _ => quote! { Self::#vname(v) => serde::Serialize::serialize(v, serializer), },
        }
    });
    decoded_union(api, &docs, name, u, serialize, decode)
}
