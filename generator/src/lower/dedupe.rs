//! Copies: a type defined exactly as another becomes an alias of it, so it is compiled once.
//!
//! Real APIs repeat inline schemas. Stripe writes the same address, metadata map and
//! "string or empty string" at hundreds of places, and about 1,500 of its 3,900 types are
//! copies of another; each copy cost as much to compile as the original. Two types are
//! copies when their definitions are equal (field names, wire names, types, requiredness,
//! deprecation; variants and their tags), with the types they refer to taken as their
//! originals, and their schemas (`TypeDef::shape`: constraints, examples) are equal too, so
//! checks and the mock's examples do not change. Field docs are not compared: a copy shows
//! its original's.
//!
//! Every name stays: a copy becomes `pub type Copy = Original;` with its own docs. The
//! original of a group is a component when there is one, then the shortest name, then the
//! first in alphabetical order, so the choice does not depend on the order of the spec.
//! Grouping repeats until nothing changes, as two types whose fields differed only by
//! copies are copies themselves once those are merged.
//!
//! Response enums are merged after the types (`merge_responses`), more simply: an operation
//! whose responses are written exactly as an earlier one's (types named as written) uses
//! that operation's enum through an alias.

use crate::model::{
    Api, BodyChoices, Header, Operation, Response, ResponseBody, ResponseContent, Shape, ShapeKind, TypeDef, TypeId,
    TypeKind, TypeRef,
};
use std::collections::BTreeMap;

/// Turns every copy into an alias of its original.
pub(super) fn merge_copies(api: &mut Api) {
    let n = api.types.len();
    // Schemas do not change as types merge (they name components, not types).
    let shapes: Vec<Option<String>> = api
        .types
        .iter()
        .map(|def| comparable(def).then(|| schema(api, def)))
        .collect();
    let mut original: Vec<usize> = (0..n).collect();
    loop {
        // Keyed by (schema, definition): the schema text is borrowed, not copied each round.
        let mut groups: BTreeMap<(&str, String), Vec<usize>> = BTreeMap::new();
        for (i, shape) in shapes.iter().enumerate() {
            let Some(shape) = shape else { continue };
            if original[i] == i {
                let key = (shape.as_str(), definition(&api.types[i], &original));
                groups.entry(key).or_default().push(i);
            }
        }
        let mut merged = false;
        for members in groups.values().filter(|m| m.len() > 1) {
            let first = members
                .iter()
                .copied()
                .min_by(|a, b| preference(&api.types[*a], &api.types[*b]));
            let Some(first) = first else { continue };
            for &m in members.iter().filter(|m| **m != first) {
                original[m] = first;
                merged = true;
            }
        }
        if !merged {
            break;
        }
    }
    for i in 0..n {
        let root = root(&original, i);
        if root != i {
            api.types[i].kind = TypeKind::Alias(TypeRef::Named(TypeId(root)));
        }
    }
}

/// Operations that declare the same responses share one enum of them: a later operation's
/// `…Response` (or `…Error`) becomes an alias of the first one's in spec order, which alone
/// has the enum's impls. nexus answers every error of 190 operations with the same `4XX`
/// and `5XX`, and GitHub two thirds of its operations with a response set another has.
///
/// Two sets are the same when every response is: status, variant name, description (the
/// docs, and an error's `description()`), body media types and types, and headers. Types
/// are compared as written, not through aliases (see `responses_key`); schemas are not
/// compared, as only the per-operation checks and mock read them, not the enum. One pass
/// is enough: enums are not referred to by other enums.
pub(super) fn merge_responses(api: &mut Api) {
    let mut first: [BTreeMap<String, usize>; 2] = Default::default();
    for i in 0..api.operations.len() {
        for errors in [false, true] {
            let key = responses_key(&api.operations[i], errors);
            let earliest = *first[usize::from(errors)].entry(key).or_insert(i);
            let same_as = (earliest != i).then_some(earliest);
            let op = &mut api.operations[i];
            if errors {
                op.error_same_as = same_as;
            } else {
                op.ok_same_as = same_as;
            }
        }
    }
}

/// What one of an operation's response enums is written from, as text. The structs are
/// taken apart field by field, so a field added to them must be placed here or left out
/// here on purpose.
fn responses_key(op: &Operation, errors: bool) -> String {
    // Types as the operation names them: an alias is compiled only with the features that
    // name it, so an enum shared with an operation that names the aliased type instead
    // could not name the alias.
    let ty = |t: &TypeRef| format!("{t:?}");
    let body = |b: &ResponseBody| {
        let ResponseBody {
            media_type,
            format,
            ty: t,
            shape: _,
        } = b;
        format!("{media_type:?} {format:?} {}", ty(t))
    };
    let mut key = String::new();
    for r in op.responses.iter().filter(|r| r.is_error == errors) {
        let Response {
            status,
            variant,
            is_error: _,
            doc,
            origin: _,
            content,
            headers,
            head_media,
        } = r;
        let content = match content {
            ResponseContent::Empty => String::new(),
            ResponseContent::One(b) => body(b),
            ResponseContent::ByMediaType(BodyChoices {
                enum_name,
                variants,
                preferred,
            }) => {
                let bodies: Vec<String> = variants.iter().map(|(v, b)| format!("{v} {}", body(b))).collect();
                format!("{enum_name} {preferred} {bodies:?}")
            }
        };
        let headers: Vec<String> = headers
            .iter()
            .map(|h| {
                let Header {
                    wire_name,
                    rust_name,
                    required,
                    ty: t,
                    doc,
                    shape: _,
                } = h;
                format!("{wire_name:?} {rust_name:?} {required} {} {doc:?}", ty(t))
            })
            .collect();
        key.push_str(&format!(
            "{status:?} {variant} {doc:?} {content} {headers:?} {head_media:?}\n"
        ));
    }
    key
}

/// Kinds that define a type of their own (aliases already are one; a newtype stands for a
/// recursive alias and keeps its identity).
fn comparable(def: &TypeDef) -> bool {
    matches!(
        def.kind,
        TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Constrained(_) | TypeKind::Union(_)
    )
}

/// The schema as compared: a component's is looked up by its name (a type's own shape only
/// refers to it).
fn schema(api: &Api, def: &TypeDef) -> String {
    match &def.shape.kind {
        // As the component's shape, with the type's own `nullable` and example over it, so
        // that an inline copy compares equal and a nullable one does not.
        ShapeKind::Ref { name } => match api.shapes.get(name) {
            Some(target) => format!(
                "{:?}",
                Shape {
                    kind: target.kind.clone(),
                    nullable: def.shape.nullable || target.nullable,
                    example: def.shape.example.clone().or_else(|| target.example.clone()),
                    default: def.shape.default.clone().or_else(|| target.default.clone()),
                }
            ),
            None => format!("{:?}", def.shape),
        },
        _ => format!("{:?}", def.shape),
    }
}

/// The original a type is merged into, following merges made in later rounds.
fn root(original: &[usize], mut i: usize) -> usize {
    while original[i] != i {
        i = original[i];
    }
    i
}

/// The definition as compared: references resolved to originals, field docs left out.
fn definition(def: &TypeDef, original: &[usize]) -> String {
    let mut kind = def.kind.clone();
    kind.for_each_ref_mut(&mut |ty| ty.for_each_named_mut(&mut |id| *id = TypeId(root(original, id.0))));
    if let TypeKind::Struct(s) = &mut kind {
        s.fields.iter_mut().for_each(|f| f.doc = None);
    }
    format!("{kind:?}")
}

/// Which of two copies is the original: a component, then the shorter name, then the first
/// name alphabetically.
fn preference(a: &TypeDef, b: &TypeDef) -> std::cmp::Ordering {
    let rank = |d: &TypeDef| (d.wire_name.is_none(), d.name.len());
    rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name))
}
