//! `cargo xtask bench`: generation time and memory per corpus spec.

pub fn run(_args: &[String]) -> Result<(), String> {
    Err("not yet".to_owned())
}
