//! Cargo features for groups of operations, so a user compiles only what they call.
//!
//! The groups are the tags of the operations; a spec whose operations use fewer than two
//! tags is grouped by resource instead: the first path segment after the prefix every path
//! shares that is neither a parameter nor a version (`customers` in
//! `/v1/customers/{customer}`). Each operation is
//! gated by its group's feature, and each type by the features of every operation that
//! reaches it through any chain of references, so whatever refers to a type is never
//! compiled without it. The types that no operation reaches have a feature of their own
//! (`other-types`), and are reached by it in the same way.

use crate::model::{Api, Feature, Gate, Operation, TypeId, TypeKind};
use crate::names::{self, Scope};
use indexmap::IndexMap;

/// Fills `Api::features`, each operation's gate and each type's gate.
pub(super) fn assign(api: &mut Api) {
    let (groups, of_op) = grouping(api);
    let mut scope = Scope::with_reserved(names::CRATE_FEATURES);
    api.features = groups
        .into_iter()
        .map(|(hint, what)| Feature {
            name: scope.claim(names::feature_name(&hint)),
            what,
            operations: true,
        })
        .collect();
    for (op, group) in api.operations.iter_mut().zip(&of_op) {
        op.gate = Gate(vec![*group]);
    }
    let mut reach = Reach {
        by: vec![Vec::new(); api.types.len()],
        last_walk: vec![usize::MAX; api.types.len()],
    };
    for group in 0..api.features.len() {
        let mut roots: Vec<TypeId> = Vec::new();
        for (op, _) in api.operations.iter().zip(&of_op).filter(|(_, g)| **g == group) {
            op.for_each_ref(&mut |ty| ty.for_each_named(&mut |id| roots.push(id)));
        }
        reach.walk(api, group, roots);
    }
    // The types no operation reaches (webhook payloads, say) have a feature of their own.
    let unreached: Vec<TypeId> = (0..api.types.len())
        .filter(|i| reach.by[*i].is_empty())
        .map(TypeId)
        .collect();
    let unreached_aliases: Vec<usize> = unreached
        .iter()
        .map(|id| id.0)
        .filter(|i| matches!(api.types[*i].kind, TypeKind::Alias(_)))
        .collect();
    if !api.features.is_empty() && !unreached.is_empty() {
        api.features.push(Feature {
            name: names::OTHER_TYPES_FEATURE.to_owned(),
            what: "types no operation reaches".to_owned(),
            operations: false,
        });
        reach.walk(api, api.features.len() - 1, unreached);
    }
    // An alias no operation reaches (a copy, say: see `dedupe`) is there also whenever
    // what it names is, as it costs nothing more.
    for i in unreached_aliases {
        let TypeKind::Alias(target) = &api.types[i].kind else {
            continue;
        };
        let mut by = std::mem::take(&mut reach.by[i]);
        target.for_each_named(&mut |t| by.extend(&reach.by[t.0]));
        by.sort_unstable();
        by.dedup();
        reach.by[i] = by;
    }
    // Needed by every group of operations: compiled always (and so is all it refers to,
    // which every group needs too).
    let groups = api.features.iter().filter(|f| f.operations).count();
    for (def, by) in api.types.iter_mut().zip(reach.by) {
        let by_operations = by.iter().filter(|g| **g < groups).count();
        def.gate = if by_operations == groups {
            Gate::default()
        } else {
            Gate(by)
        };
    }
}

/// Which groups reach each type.
struct Reach {
    /// For each type, the groups that reach it, in group order.
    by: Vec<Vec<usize>>,
    /// For each type, the last group whose walk reached it.
    last_walk: Vec<usize>,
}

impl Reach {
    /// Marks what `roots` reach, through every reference, as reached by `group`.
    fn walk(&mut self, api: &Api, group: usize, mut pending: Vec<TypeId>) {
        while let Some(id) = pending.pop() {
            if std::mem::replace(&mut self.last_walk[id.0], group) != group {
                self.by[id.0].push(group);
                api.types[id.0].kind.for_each_named(&mut |id| pending.push(id));
            }
        }
    }
}

/// The groups, each as (what its feature is named from, what it holds), and each
/// operation's group.
fn grouping(api: &Api) -> (Vec<(String, String)>, Vec<usize>) {
    let mut tags_used: Vec<usize> = api.operations.iter().map(|op| op.tag).collect();
    tags_used.sort_unstable();
    tags_used.dedup();
    // Each key is (what tells groups apart, what the feature is named from, what it holds).
    let by_tag = |op: &Operation| {
        let wire = &api.tags[op.tag].wire_name;
        // An empty hint is named `untagged` (and a tag named so is another group).
        let what = if wire.is_empty() {
            "without a tag".to_owned()
        } else {
            format!("tagged `{wire}`")
        };
        (wire.clone(), wire.clone(), what)
    };
    let shared = shared_prefix(api);
    let by_resource = |op: &Operation| match resource(&op.path, shared) {
        Some(segment) => (segment.to_owned(), segment.to_owned(), format!("under `/{segment}`")),
        None => (
            "/".to_owned(),
            "root".to_owned(),
            "at paths without a resource segment".to_owned(),
        ),
    };
    let group = |key: &dyn Fn(&Operation) -> (String, String, String)| {
        let mut groups: IndexMap<String, (String, String)> = IndexMap::new();
        let of_op: Vec<usize> = api
            .operations
            .iter()
            .map(|op| {
                let (key, hint, what) = key(op);
                groups.entry(key.clone()).or_insert((hint, what));
                groups.get_index_of(&key).unwrap_or(0)
            })
            .collect();
        (groups.into_values().collect::<Vec<_>>(), of_op)
    };
    if tags_used.len() < 2 {
        let (groups, of_op) = group(&by_resource);
        if groups.len() >= 2 {
            return (groups, of_op);
        }
    }
    let (groups, of_op) = group(&by_tag);
    // Tags in the order the spec declares them, as the server traits are.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    let first_tag = |g: usize| {
        of_op
            .iter()
            .position(|o| *o == g)
            .map_or(usize::MAX, |i| api.operations[i].tag)
    };
    order.sort_by_key(|g| first_tag(*g));
    let mut renumber = vec![0; groups.len()];
    for (new, old) in order.iter().enumerate() {
        renumber[*old] = new;
    }
    let groups = order.iter().map(|g| groups[*g].clone()).collect();
    (groups, of_op.into_iter().map(|g| renumber[g]).collect())
}

/// How many leading path segments every operation shares (`/api/v2` in `/api/v2/users`
/// and `/api/v2/orders`): they tell no resource apart.
fn shared_prefix(api: &Api) -> usize {
    let mut paths = api
        .operations
        .iter()
        .map(|op| op.path.split('/').filter(|s| !s.is_empty()));
    let Some(first) = paths.next() else {
        return 0;
    };
    let mut shared: Vec<&str> = first.collect();
    for path in paths {
        let same = shared.iter().zip(path).take_while(|(a, b)| **a == *b).count();
        shared.truncate(same);
    }
    // The last shared segment may be a whole path of its own (`/users` beside
    // `/users/{id}`): only segments before it are a prefix.
    let whole = api
        .operations
        .iter()
        .any(|op| op.path.split('/').filter(|s| !s.is_empty()).count() <= shared.len());
    shared.len() - usize::from(whole && !shared.is_empty())
}

/// The resource a path is under: its first segment after the `shared` ones that is neither
/// a parameter nor a version (`v1`, `2.0`).
fn resource(path: &str, shared: usize) -> Option<&str> {
    let is_version = |s: &str| {
        let number = s.strip_prefix(['v', 'V']).unwrap_or(s);
        !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    path.split('/')
        .filter(|s| !s.is_empty())
        .skip(shared)
        .find(|s| !s.contains('{') && !is_version(s))
}
