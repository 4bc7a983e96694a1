//! Every case of `../shared/cases/bug-reports.csv` (faults reported in public about comment
//! classifiers, each of which the bundled model once got wrong) must come out right.
//! Skipped with a printed reason when `../shared` is absent.

use std::path::PathBuf;

use claimscore::{Label, classify};

const UNSUPPORTED: &str = "not labeled: flagged as unsupported language";

/// `(id, fault_class, text, expected)` of every case.
fn cases() -> Option<Vec<[String; 4]>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/cases/bug-reports.csv");
    if !path.is_file() {
        println!("skipped: {} is absent", path.display());
        return None;
    }
    let mut r = csv::Reader::from_path(&path).unwrap();
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["id", "fault_class", "text", "expected"]
    );
    Some(
        r.records()
            .map(|r| {
                let r = r.unwrap();
                [0, 1, 2, 3].map(|i| r[i].to_string())
            })
            .collect(),
    )
}

/// The labeled cases the bundled model gets wrong, as messages.
fn wrong_labeled_cases(cases: &[[String; 4]]) -> (Vec<String>, usize) {
    let mut wrong = Vec::new();
    let mut n = 0;
    for [id, class, text, expected] in cases.iter().filter(|c| c[3] != UNSUPPORTED) {
        n += 1;
        let expected: Label = expected
            .parse()
            .unwrap_or_else(|_| panic!("{id}: expected {expected:?}"));
        let v = classify(text);
        if v.label != expected {
            wrong.push(format!("{id} ({class}): {text:?} expected {expected}, got {}", v.label));
        }
    }
    (wrong, n)
}

/// How many labeled cases the bundled model gets wrong (measured when it was trained); a
/// model that gets more wrong is a regression.
const WRONG_LABELED: usize = 6;

#[test]
fn no_more_labeled_cases_wrong_than_the_committed_model() {
    let Some(cases) = cases() else { return };
    let (wrong, n) = wrong_labeled_cases(&cases);
    assert!(
        wrong.len() <= WRONG_LABELED,
        "{} of {n} wrong (committed: {WRONG_LABELED}):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
#[ignore = "target not met: 8 of 48 labeled cases wrong on the bundled model (identity 2, negation 2, sensitive topics 2, short reply 1, rubric example 1)"]
fn every_labeled_bug_report_case_is_right() {
    let Some(cases) = cases() else { return };
    let (wrong, n) = wrong_labeled_cases(&cases);
    assert!(wrong.is_empty(), "{} of {n} wrong:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
#[ignore = "target not met: K8 (\"Sei un idiota, vattene.\") is not detected as Italian (see `unsupported_language`)"]
fn non_english_cases_are_flagged_as_unsupported() {
    let Some(cases) = cases() else { return };
    let mut wrong = Vec::new();
    for [id, _, text, _] in cases.iter().filter(|c| c[3] == UNSUPPORTED) {
        if classify(text).language.is_none() {
            wrong.push(format!("{id}: {text:?} not flagged"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
