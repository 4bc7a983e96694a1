//! The README's examples are ones the bundled model gets right: every row of its table of
//! example comments (between the `readme-examples` markers) gets the label shown.

use claimscore::{Label, classify};

fn examples() -> Vec<(String, Label)> {
    let readme = include_str!("../README.md");
    let start = readme.find("<!-- readme-examples: start -->").expect("start marker");
    let end = readme.find("<!-- readme-examples: end -->").expect("end marker");
    readme[start..end]
        .lines()
        .filter_map(|l| l.strip_prefix("| ")?.strip_suffix(" |"))
        .filter_map(|row| row.rsplit_once(" | "))
        .filter(|(text, _)| *text != "comment")
        .map(|(text, label)| (text.to_string(), label.parse().expect("a label")))
        .collect()
}

#[test]
fn every_readme_example_gets_the_label_shown() {
    let examples = examples();
    assert!(examples.len() >= 10, "{examples:?}");
    for label in Label::ALL {
        assert!(examples.iter().any(|e| e.1 == label), "no {label} example");
    }
    let wrong: Vec<String> = examples
        .iter()
        .filter(|(text, label)| classify(text).label != *label)
        .map(|(text, label)| format!("{text:?}: README says {label}, the model {}", classify(text).label))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}
