//! Generates the pets API into `OUT_DIR` on every build where the spec changed.

fn main() {
    if let Err(e) = generator::Builder::new("../tests/fixtures/pets.yaml")
        .module_path("pets")
        .generate()
    {
        // Every problem, each on its own line, then a failed build.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
