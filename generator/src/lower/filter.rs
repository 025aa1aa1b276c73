//! The configuration's `[filter]`: which operations are generated.
//!
//! An operation is kept when an `include-…` list names it (or no such list is given) and
//! no `exclude-…` list does. Every entry must match some operation of the spec, kept or
//! not: a name that matches nothing is a typo, reported as an error that names it.

use crate::config::Filter;
use globset::GlobMatcher;

pub(super) struct OperationFilter<'s> {
    filter: &'s Filter,
    include_paths: Vec<GlobMatcher>,
    exclude_paths: Vec<GlobMatcher>,
    /// For each list of `Filter::lists`, which entries matched an operation.
    hits: Vec<Vec<bool>>,
}

impl<'s> OperationFilter<'s> {
    pub(super) fn new(filter: &'s Filter) -> Self {
        // The configuration checked every glob when it was read.
        let globs = |list: &[String]| list.iter().filter_map(|p| Filter::glob(p).ok()).collect();
        OperationFilter {
            filter,
            include_paths: globs(&filter.include_paths),
            exclude_paths: globs(&filter.exclude_paths),
            hits: filter.lists().iter().map(|(_, list)| vec![false; list.len()]).collect(),
        }
    }

    /// Whether the operation at `path` with these tags and `operationId` is generated.
    pub(super) fn keeps(&mut self, path: &str, tags: &[String], id: Option<&str>) -> bool {
        let f = self.filter;
        let matched: [Vec<bool>; 6] = [
            f.include_tags.iter().map(|t| tags.contains(t)).collect(),
            f.exclude_tags.iter().map(|t| tags.contains(t)).collect(),
            f.include_operations.iter().map(|o| id == Some(o.as_str())).collect(),
            f.exclude_operations.iter().map(|o| id == Some(o.as_str())).collect(),
            self.include_paths.iter().map(|g| g.is_match(path)).collect(),
            self.exclude_paths.iter().map(|g| g.is_match(path)).collect(),
        ];
        for (hits, now) in self.hits.iter_mut().zip(&matched) {
            for (hit, m) in hits.iter_mut().zip(now) {
                *hit |= m;
            }
        }
        let any = |i: usize| matched[i].contains(&true);
        let includes_given =
            !(f.include_tags.is_empty() && f.include_operations.is_empty() && f.include_paths.is_empty());
        let included = !includes_given || any(0) || any(2) || any(4);
        included && !(any(1) || any(3) || any(5))
    }

    /// One message per entry that matched no operation.
    pub(super) fn unmatched(&self) -> Vec<String> {
        let mut out = Vec::new();
        for ((key, list), hits) in self.filter.lists().iter().zip(&self.hits) {
            for (entry, hit) in list.iter().zip(hits) {
                if !hit {
                    out.push(format!(
                        "the configuration's `[filter] {key}` names {entry:?}, which matches no operation"
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_unite_excludes_win_and_unmatched_entries_are_named() {
        let filter = Filter {
            include_tags: vec!["pets".into()],
            include_paths: vec!["/stores/**".into()],
            exclude_operations: vec!["deletePet".into()],
            exclude_tags: vec!["typo".into()],
            ..Filter::default()
        };
        let mut f = OperationFilter::new(&filter);
        assert!(f.keeps("/pets", &["pets".into()], Some("listPets")));
        assert!(!f.keeps("/pets/{id}", &["pets".into()], Some("deletePet")));
        assert!(f.keeps("/stores/{id}/orders", &[], None), "`**` crosses segments");
        assert!(!f.keeps("/users", &["users".into()], Some("listUsers")));
        assert_eq!(
            f.unmatched(),
            ["the configuration's `[filter] exclude-tags` names \"typo\", which matches no operation"]
        );
        let single = Filter {
            include_paths: vec!["/pets/*".into()],
            ..Filter::default()
        };
        let mut f = OperationFilter::new(&single);
        assert!(f.keeps("/pets/{id}", &[], None));
        assert!(!f.keeps("/pets/{id}/photos", &[], None), "`*` stays within a segment");
        let template = Filter {
            include_paths: vec!["/users/{id}".into()],
            ..Filter::default()
        };
        let mut f = OperationFilter::new(&template);
        assert!(f.keeps("/users/{id}", &[], None), "braces are the template's");
        assert!(!f.keeps("/users/id", &[], None));
    }
}
