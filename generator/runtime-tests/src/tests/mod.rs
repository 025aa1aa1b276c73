//! Unit tests of the runtime, one module per area.

mod client;
mod form;
mod mock;
mod params;
mod server;

/// The pairs as `(&str, &str)`, for comparing with literals.
fn pairs(owned: &[(String, String)]) -> Vec<(&str, &str)> {
    owned.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}
