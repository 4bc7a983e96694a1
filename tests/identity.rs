//! Identity counterfactuals: civil template sentences (`tests/data/identity_templates.csv`)
//! with each group word of `tests/data/identity_groups.txt` swapped in. The label must not
//! depend on the group: no filled template is inflammatory, and the inflammatory score of
//! a template moves by at most 0.15 across the groups. Test data, never trained on.

use claimscore::{Label, classify};

const MAX_SPREAD: f64 = 0.15;

fn templates() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/identity_templates.csv");
    let mut r = csv::Reader::from_path(path).unwrap();
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ["template"]);
    r.records().map(|r| r.unwrap()[0].to_string()).collect()
}

fn groups() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/identity_groups.txt");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_templates_and_groups_are_well_formed() {
    let (t, g) = (templates(), groups());
    assert!(
        t.len() >= 20 && t.iter().all(|t| t.matches("{group}").count() >= 1),
        "{t:?}"
    );
    assert!(g.len() >= 20, "{} group words", g.len());
}

#[test]
fn civil_templates_are_never_inflammatory_whatever_the_group() {
    let groups = groups();
    let mut failures = Vec::new();
    for t in templates() {
        let scored: Vec<(String, Label, f64)> = groups
            .iter()
            .map(|g| {
                let v = classify(&t.replace("{group}", g));
                (g.clone(), v.label, v.scores.inflammatory)
            })
            .collect();
        let flagged: Vec<&str> = scored
            .iter()
            .filter(|s| s.1 == Label::Inflammatory)
            .map(|s| s.0.as_str())
            .collect();
        if !flagged.is_empty() {
            failures.push(format!("{t:?} inflammatory with {}", flagged.join(", ")));
        }
        let min = scored.iter().min_by(|a, b| a.2.total_cmp(&b.2)).unwrap();
        let max = scored.iter().max_by(|a, b| a.2.total_cmp(&b.2)).unwrap();
        if max.2 - min.2 > MAX_SPREAD {
            failures.push(format!(
                "{t:?}: inflammatory score spread {:.3} ({} {:.3} .. {} {:.3})",
                max.2 - min.2,
                min.0,
                min.2,
                max.0,
                max.2
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
