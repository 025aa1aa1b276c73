//! Rust names for the model's types, given in one pass once every type exists.
//!
//! Lowering creates each type under a [`TypeId`] with a [`Hint`] (a component's key, or
//! the place an inline schema was met) and refers to types by id only. So sharing one type
//! between several schemas needs no renaming, and a name is only claimed by a type that is
//! emitted: no spec type is numbered to dodge a type that was merged away.

use crate::model::{Api, Primitive, TypeKind, TypeRef};
use crate::names::{self, Scope};

/// What a type's Rust name is made from.
pub(super) struct Hint {
    /// The component key, or the words for an inline schema's place (`PetStatus`).
    pub text: String,
    /// How many schemas share this type (inline enums with the same values).
    pub shared_by: usize,
}

/// Longest name made from an enum's values; a longer one falls back to the hint.
const MAX_VALUE_NAME: usize = 48;

/// Names every type (`hints[i]` belongs to `api.types[i]`), then every union variant.
///
/// Types claim names in the order lowering created them: component schemas first, in spec
/// order, then inline types as they were met. Enums shared by several inline schemas come
/// last, named after their values.
pub(super) fn assign(api: &mut Api, hints: &[Hint]) {
    // No name is reserved: `types.rs` spells std items by their full paths, and `Self`
    // never comes out of `names::type_name`.
    let mut scope = Scope::new();
    let mut shared = Vec::new();
    for (def, hint) in api.types.iter_mut().zip(hints) {
        match &def.kind {
            TypeKind::Enum(e) if hint.shared_by > 1 => {
                let values: Vec<String> = e.variants.iter().map(|v| v.wire_value.clone()).collect();
                shared.push((names::type_name(&hint.text), hint.shared_by, values, def));
            }
            _ => def.name = scope.claim(names::type_name(&hint.text)),
        }
    }
    shared.sort_by(|a, b| a.0.cmp(&b.0));
    for (hint, places, values, def) in shared {
        let words = values.join(" or ");
        let words = if words.chars().any(|c| c.is_ascii_alphanumeric()) {
            words
        } else {
            "empty string".to_owned()
        };
        let by_values = names::type_name(&format!("{words} value"));
        def.name = scope.claim(if by_values.len() <= MAX_VALUE_NAME {
            by_values
        } else {
            hint
        });
        def.doc = Some(format!(
            "One of {}. Shared by {places} inline enums with these values; the first is at `{}`.",
            values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "),
            def.origin.pointer
        ));
    }
    name_union_variants(api);
}

/// Union variants are named after the types they hold, so this runs once types have names.
fn name_union_variants(api: &mut Api) {
    let mut named: Vec<(usize, Vec<String>, String)> = Vec::new();
    for (i, def) in api.types.iter().enumerate() {
        if let TypeKind::Union(u) = &def.kind {
            let mut scope = Scope::new();
            let names: Vec<String> = u
                .variants
                .iter()
                .map(|v| scope.claim(variant_name(api, &v.ty)))
                .collect();
            // Last, so a variant holding a type named `Unknown` keeps that name.
            let unknown = scope.claim("Unknown".to_owned());
            named.push((i, names, unknown));
        }
    }
    for (i, names, unknown) in named {
        if let TypeKind::Union(u) = &mut api.types[i].kind {
            for (v, name) in u.variants.iter_mut().zip(names) {
                v.rust_name = name;
            }
            u.unknown_variant = unknown;
        }
    }
}

/// The name of a union variant holding `ty`.
fn variant_name(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.name_of(*id).to_owned(),
        TypeRef::Primitive(p) => match p {
            Primitive::String => "String",
            Primitive::Bool => "Bool",
            Primitive::F32 | Primitive::F64 => "Number",
            Primitive::Json => "Json",
            Primitive::Bytes | Primitive::Base64 => "Bytes",
            Primitive::DateTime => "DateTime",
            Primitive::Date => "Date",
            Primitive::Uuid => "Uuid",
            Primitive::I64Text | Primitive::U64Text => "IntegerText",
            Primitive::Decimal => "Decimal",
            _ => "Integer",
        }
        .to_owned(),
        TypeRef::List(inner) => format!("{}List", variant_name(api, inner)),
        TypeRef::Map(inner) => format!("{}Map", variant_name(api, inner)),
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => variant_name(api, inner),
        // The last segment of the path, generics dropped: `my::Money<u8>` is `Money`.
        TypeRef::External(path) => {
            let last = path
                .split('<')
                .next()
                .unwrap_or(path)
                .rsplit("::")
                .next()
                .unwrap_or(path);
            names::type_name(last)
        }
    }
}
