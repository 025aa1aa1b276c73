//! `readOnly` and `writeOnly`: a type with one-way properties gets a request form of its own.
//!
//! A required `readOnly` property (an `id`) is in every response and in no request; a
//! required `writeOnly` one (a `password`) the other way round. One struct cannot say both,
//! so a struct with one-way fields is split: the type itself is the response form (its
//! `writeOnly` fields removed) and a twin named `…Input` is the request form (its
//! `readOnly` fields removed), each keeping the requiredness the spec gives the rest.
//! Types that reach a split type (a list of them, a struct holding one, a union of them)
//! get request twins too, where requests use them; request bodies and parameters refer to
//! the twins. Types without one-way properties anywhere below them stay one type.

use super::naming::Hint;
use crate::model::{Access, Api, TypeDef, TypeId, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Splits the API's types (before naming: twins are named from `hints`, which grows).
pub(super) fn split(api: &mut Api, hints: &mut Vec<Hint>) {
    let one_way: Vec<bool> = api.types.iter().map(has_one_way_fields).collect();
    if !one_way.contains(&true) {
        return;
    }
    let reaches = reaching(api, &one_way);
    // The types requests use that reach a split type, followed through their references.
    let mut needed: BTreeSet<TypeId> = BTreeSet::new();
    let mut pending: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        let inputs = op.params.iter().map(|p| &p.ty).chain(op.body.iter().map(|b| &b.ty));
        for ty in inputs {
            ty.for_each_named(&mut |id| pending.push(id));
        }
    }
    while let Some(id) = pending.pop() {
        if reaches[id.0] && needed.insert(id) {
            api.types[id.0].kind.for_each_named(&mut |id| pending.push(id));
        }
    }
    // Twins are added after the types, in the order of the types they come from.
    let base = api.types.len();
    let twins: BTreeMap<TypeId, TypeId> = needed
        .iter()
        .enumerate()
        .map(|(k, id)| (*id, TypeId(base + k)))
        .collect();
    // The request forms, in the order of the types they come from.
    let mut added: Vec<TypeDef> = Vec::with_capacity(twins.len());
    for &original in twins.keys() {
        let def = &api.types[original.0];
        let mut kind = def.kind.clone();
        rewrite(&mut kind, &twins);
        let dropped = keep_fields(&mut kind, Access::ReadOnly);
        let doc = request_doc(def, &dropped);
        added.push(TypeDef {
            name: String::new(),
            wire_name: None,
            origin: def.origin.clone(),
            doc: Some(doc),
            kind,
            shape: def.shape.clone(),
            gate: crate::model::Gate::default(),
        });
        hints.push(Hint {
            text: format!("{} input", hints[original.0].text),
            shared_by: 1,
        });
    }
    api.types.extend(added);
    // The types themselves become response forms.
    for (i, def) in api.types.iter_mut().enumerate() {
        if one_way.get(i) == Some(&true) {
            let dropped = keep_fields(&mut def.kind, Access::WriteOnly);
            if !dropped.is_empty() {
                let note = format!(
                    "The response form: the write-only {} `{}` travel in requests only (see the `…Input` form).",
                    if dropped.len() == 1 { "property" } else { "properties" },
                    dropped.join("`, `")
                );
                def.doc = Some(match def.doc.take() {
                    Some(d) => format!("{d}\n\n{note}"),
                    None => note,
                });
            }
        }
    }
    for op in &mut api.operations {
        for p in &mut op.params {
            rewrite_ref(&mut p.ty, &twins);
        }
        if let Some(b) = &mut op.body {
            rewrite_ref(&mut b.ty, &twins);
        }
    }
}

fn has_one_way_fields(def: &TypeDef) -> bool {
    matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.access != Access::Both))
}

/// For each type, whether a split type is reachable from it (itself included).
fn reaching(api: &Api, one_way: &[bool]) -> Vec<bool> {
    let mut reaches = one_way.to_vec();
    // A fixed point: cycles end because a type is only ever turned on.
    loop {
        let mut changed = false;
        for (i, def) in api.types.iter().enumerate() {
            if reaches[i] {
                continue;
            }
            let mut any = false;
            def.kind.for_each_named(&mut |id| any |= reaches[id.0]);
            if any {
                reaches[i] = true;
                changed = true;
            }
        }
        if !changed {
            return reaches;
        }
    }
}

fn rewrite(kind: &mut TypeKind, twins: &BTreeMap<TypeId, TypeId>) {
    kind.for_each_ref_mut(&mut |ty| rewrite_ref(ty, twins));
}

fn rewrite_ref(ty: &mut TypeRef, twins: &BTreeMap<TypeId, TypeId>) {
    ty.for_each_named_mut(&mut |id| {
        if let Some(twin) = twins.get(id) {
            *id = *twin;
        }
    });
}

/// Removes the struct fields that travel only `away` (the other direction); returns their
/// wire names.
fn keep_fields(kind: &mut TypeKind, away: Access) -> Vec<String> {
    let TypeKind::Struct(s) = kind else {
        return Vec::new();
    };
    let dropped = s
        .fields
        .iter()
        .filter(|f| f.access == away)
        .map(|f| f.wire_name.clone())
        .collect();
    s.fields.retain(|f| f.access != away);
    dropped
}

fn request_doc(def: &TypeDef, dropped: &[String]) -> String {
    let what = if dropped.is_empty() {
        "it holds request forms of types with read-only properties".to_owned()
    } else {
        format!(
            "without the read-only {} `{}`, which only responses carry",
            if dropped.len() == 1 { "property" } else { "properties" },
            dropped.join("`, `")
        )
    };
    let head = format!("The request form of the schema at `{}`: {what}.", def.origin.pointer);
    match &def.doc {
        Some(d) => format!("{d}\n\n{head}"),
        None => head,
    }
}
