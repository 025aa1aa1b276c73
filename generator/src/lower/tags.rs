//! A discriminated union's variant sets its tag: a struct used only as a variant of unions
//! discriminated by one property, with one tag each, loses that property. The union writes
//! the tag when it serializes the variant, so a value cannot carry a tag that contradicts
//! its variant. A struct used anywhere else keeps the property (the union still writes the
//! tag over it).

use crate::model::*;

/// How a type is used, over the whole API.
#[derive(Clone, PartialEq)]
enum Use {
    Unused,
    /// Only as a one-tag variant of unions discriminated by this property.
    Variant(String),
    /// Anywhere else (or as variants of unions with different properties).
    Other,
}

pub fn imply(api: &mut Api) {
    let mut uses = vec![Use::Unused; api.types.len()];
    api.for_each_type_ref(|holder, ty| match (holder, variant_struct(ty)) {
        (
            Holder::Variant(
                Union {
                    discriminator: Some(property),
                    ..
                },
                v,
            ),
            Some(id),
        ) if v.tags.len() == 1 => {
            let used = &mut uses[id.0];
            *used = match used {
                Use::Unused => Use::Variant(property.clone()),
                Use::Variant(p) if p == property => Use::Variant(property.clone()),
                _ => Use::Other,
            };
        }
        _ => other(ty, &mut uses),
    });
    for (def, used) in api.types.iter_mut().zip(uses) {
        let (TypeKind::Struct(s), Use::Variant(property)) = (&mut def.kind, used) else {
            continue;
        };
        // Properties a struct does not list land in its map of extra properties: there the
        // tag would come back as an entry, so such a struct keeps it as a field.
        if s.additional.is_none() {
            s.fields.retain(|f| f.wire_name != property);
        }
    }
}

/// The struct a union variant holds directly (or behind the box of a cycle).
fn variant_struct(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Boxed(inner) => variant_struct(inner),
        _ => None,
    }
}

/// Marks every type `ty` mentions as used elsewhere than as a variant.
fn other(ty: &TypeRef, uses: &mut [Use]) {
    match ty {
        TypeRef::Named(id) => uses[id.0] = Use::Other,
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => {
            other(inner, uses)
        }
        TypeRef::Primitive(_) | TypeRef::External(_) => {}
    }
}
