//! Recursive types: boxes the fields that would make a type infinitely large,
//! and turns aliases that refer back to themselves into newtypes.
//!
//! Both use strongly connected components of the "mentions" graph between
//! named types, so the result does not depend on the order types were found.

use crate::model::{Api, TypeId, TypeKind, TypeRef};

/// Boxes by-value edges inside cycles; makes aliases inside cycles into newtypes.
pub fn break_cycles(api: &mut Api) {
    // Aliases cannot be recursive at all, even through a `Vec`.
    let all = graph(api, false);
    let scc = components(&all);
    let mut sizes = vec![0usize; api.types.len()];
    scc.iter().for_each(|c| sizes[*c] += 1);
    for (i, def) in api.types.iter_mut().enumerate() {
        let recursive = sizes[scc[i]] > 1 || all[i].contains(&i);
        if let (true, TypeKind::Alias(ty)) = (recursive, &def.kind) {
            def.kind = TypeKind::Newtype(ty.clone());
        }
    }
    // Types held by value must not contain themselves.
    let by_value = graph(api, true);
    let scc = components(&by_value);
    for (i, def) in api.types.iter_mut().enumerate() {
        let in_cycle = |target: TypeId| scc[target.0] == scc[i];
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| box_if(&mut f.ty, &in_cycle)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| box_if(&mut v.ty, &in_cycle)),
            TypeKind::Newtype(ty) => box_if(ty, &in_cycle),
            _ => {}
        }
    }
}

fn box_if(ty: &mut TypeRef, in_cycle: &dyn Fn(TypeId) -> bool) {
    match ty {
        TypeRef::Named(id) if in_cycle(*id) => *ty = TypeRef::Boxed(Box::new(ty.clone())),
        TypeRef::Nullable(inner) => box_if(inner, in_cycle),
        _ => {}
    }
}

/// For each type (by id), the types it mentions.
type Graph = Vec<Vec<usize>>;

fn graph(api: &Api, by_value_only: bool) -> Graph {
    let mut g = Graph::with_capacity(api.types.len());
    for def in &api.types {
        let mut out = Vec::new();
        let mut visit = |ty: &TypeRef| mentions(ty, by_value_only, &mut out);
        match &def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| visit(&f.ty));
                if let Some(a) = &s.additional {
                    visit(&TypeRef::Map(Box::new(a.clone())));
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| visit(&v.ty)),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => visit(ty),
            TypeKind::Enum(_) | TypeKind::Constrained(_) => {}
        }
        g.push(out);
    }
    g
}

fn mentions(ty: &TypeRef, by_value_only: bool, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Nullable(inner) => mentions(inner, by_value_only, out),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) if !by_value_only => {
            mentions(inner, by_value_only, out)
        }
        _ => {}
    }
}

/// Tarjan's algorithm, iterative: for each node, the id of its component.
fn components(edges: &Graph) -> Vec<usize> {
    let n = edges.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut comp, mut next, mut comp_id) = (Vec::new(), vec![usize::MAX; n], 0, 0);
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work = vec![(start, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = comp_id;
                    if w == v {
                        break;
                    }
                }
                comp_id += 1;
            }
        }
    }
    comp
}
