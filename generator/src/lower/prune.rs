//! With a `[filter]`, the types no kept operation reaches are left out: the arena keeps
//! only what some parameter, body or header of a generated operation needs, through every
//! reference, and the shapes keep only the components those refer to.

use super::naming::Hint;
use crate::model::{Api, Shape, ShapeKind, TypeId};
use std::collections::BTreeSet;

/// Drops unreachable types (renumbering the rest in their order) and component shapes.
pub(super) fn unreachable(api: &mut Api, hints: &mut Vec<Hint>) {
    let mut reached = vec![false; api.types.len()];
    let mut pending: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        op.for_each_ref(&mut |ty| ty.for_each_named(&mut |id| pending.push(id)));
    }
    while let Some(id) = pending.pop() {
        if !std::mem::replace(&mut reached[id.0], true) {
            api.types[id.0].kind.for_each_named(&mut |id| pending.push(id));
        }
    }
    // Old index → new index, for the types kept.
    let mut renumber: Vec<Option<TypeId>> = vec![None; api.types.len()];
    let mut next = 0;
    for (i, kept) in reached.iter().enumerate() {
        if *kept {
            renumber[i] = Some(TypeId(next));
            next += 1;
        }
    }
    keep(&mut api.types, &reached);
    keep(hints, &reached);
    let mut remap = |id: &mut TypeId| {
        if let Some(new) = renumber[id.0] {
            *id = new;
        }
    };
    for def in &mut api.types {
        def.kind.for_each_ref_mut(&mut |ty| ty.for_each_named_mut(&mut remap));
    }
    for op in &mut api.operations {
        op.for_each_ref_mut(&mut |ty| ty.for_each_named_mut(&mut remap));
    }
    prune_shapes(api);
}

/// Keeps the items whose place `kept` marks.
fn keep<T>(items: &mut Vec<T>, kept: &[bool]) {
    let mut place = kept.iter();
    items.retain(|_| place.next().copied().unwrap_or(false));
}

/// Keeps the component shapes that the operations' shapes and the kept types' shapes
/// refer to, through references inside components.
fn prune_shapes(api: &mut Api) {
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<String> = Vec::new();
    let mut roots: Vec<&Shape> = api.types.iter().map(|d| &d.shape).collect();
    for op in &api.operations {
        roots.extend(op.params.iter().map(|p| &p.shape));
        roots.extend(op.body.iter().map(|b| &b.shape));
        for r in &op.responses {
            roots.extend(r.content.bodies().into_iter().map(|b| &b.shape));
            roots.extend(r.headers.iter().map(|h| &h.shape));
        }
    }
    for shape in roots {
        refs_in(shape, &mut pending);
    }
    while let Some(name) = pending.pop() {
        if names.insert(name.clone()) {
            if let Some(shape) = api.shapes.get(&name) {
                refs_in(shape, &mut pending);
            }
        }
    }
    api.shapes.retain(|name, _| names.contains(name));
}

/// The component names `shape` refers to.
fn refs_in(shape: &Shape, out: &mut Vec<String>) {
    match &shape.kind {
        ShapeKind::Ref { name } => out.push(name.clone()),
        ShapeKind::Array(a) => refs_in(&a.items, out),
        ShapeKind::Object(o) => {
            o.properties.iter().for_each(|p| refs_in(&p.shape, out));
            if let Some(extra) = &o.additional {
                refs_in(extra, out);
            }
        }
        ShapeKind::OneOf(u) => u.variants.iter().for_each(|v| refs_in(v, out)),
        ShapeKind::AllOf { members } => members.iter().for_each(|m| refs_in(m, out)),
        ShapeKind::Any
        | ShapeKind::Bool
        | ShapeKind::Integer(_)
        | ShapeKind::Number(_)
        | ShapeKind::String(_)
        | ShapeKind::Enum { .. } => {}
    }
}
