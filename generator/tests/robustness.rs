//! No spec makes the generator panic: the project's fixtures, mutated at random (a
//! deterministic seed), must each give either a crate or diagnostics.

use serde_json::Value;
use std::path::Path;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn count(v: &Value) -> usize {
    1 + match v {
        Value::Object(m) => m.values().map(count).sum(),
        Value::Array(a) => a.iter().map(count).sum(),
        _ => 0,
    }
}

/// Replaces the `target`th node (pre-order) with something of another shape.
fn mutate(v: &mut Value, target: &mut usize, rng: &mut Rng) -> bool {
    if *target == 0 {
        let replacements = [
            Value::Null,
            Value::Bool(true),
            Value::from(-1),
            Value::from("{weird}/~0~1"),
            Value::Array(vec![]),
            serde_json::json!({"$ref": "#/components/schemas/Nowhere"}),
            serde_json::json!({"type": "object", "properties": {"": {"type": ["string", "null"]}}}),
            serde_json::json!({"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/Pet"}]}),
        ];
        *v = replacements[rng.below(replacements.len())].clone();
        return true;
    }
    *target -= 1;
    match v {
        Value::Object(m) => m.values_mut().any(|c| mutate(c, target, rng)),
        Value::Array(a) => a.iter_mut().any(|c| mutate(c, target, rng)),
        _ => false,
    }
}

#[test]
fn mutated_specs_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = vec![root.join("../spec/openapi.yaml")];
    let mut fixtures: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    fixtures.sort();
    specs.extend(fixtures);
    let config = generator::Config::new("fuzz", "test");
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let (mut ok, mut failed) = (0, 0);
    for spec in &specs {
        let text = std::fs::read_to_string(spec).expect("read");
        let original: Value = generator::load::yaml_value(&text).expect("fixtures are valid YAML");
        let nodes = count(&original);
        for _ in 0..150 {
            let mut doc = original.clone();
            for _ in 0..=rng.below(3) {
                let mut target = rng.below(nodes);
                mutate(&mut doc, &mut target, &mut rng);
            }
            let mutated = serde_json::to_string(&doc).expect("serialise");
            match std::panic::catch_unwind(|| generator::generate_str(&mutated, Path::new("mutated.json"), &config)) {
                Ok(Ok(_)) => ok += 1,
                Ok(Err(failed_with)) => {
                    assert!(!failed_with.diagnostics.is_empty(), "a failure without a diagnostic");
                    let internal = failed_with
                        .diagnostics
                        .iter()
                        .find(|d| d.message.contains("internal error"));
                    assert!(
                        internal.is_none(),
                        "the emitter produced code that does not parse: {internal:?}\n{mutated}"
                    );
                    failed += 1;
                }
                Err(_) => panic!("the generator panicked on this spec:\n{mutated}"),
            }
        }
    }
    eprintln!("{ok} mutated specs generated, {failed} were refused with diagnostics");
    assert!(ok > 0 && failed > 0, "the mutations should produce both outcomes");
}
