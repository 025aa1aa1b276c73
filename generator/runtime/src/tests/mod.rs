//! Unit tests of the runtime, one module per area.

mod client;
mod de;
mod form;
mod format;
mod formats;
mod mock;
mod params;
mod ser;
mod server;
mod shapes;
pub(crate) mod standins;
mod wire;

/// The pairs as `(&str, &str)`, for comparing with literals.
fn pairs(owned: &[(String, String)]) -> Vec<(&str, &str)> {
    owned.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// No credentials needed.
const NONE: crate::runtime::Security<crate::security::Credentials> = crate::runtime::Security {
    alternatives: &[],
    optional: false,
};

/// `basic`, or `bearer` and `queryKey`.
const BASIC_OR_BEARER_AND_KEY: crate::runtime::Security<crate::security::Credentials> = crate::runtime::Security {
    alternatives: &[
        &[&crate::security::schemes::BASIC],
        &[&crate::security::schemes::BEARER, &crate::security::schemes::QUERY_KEY],
    ],
    optional: false,
};
