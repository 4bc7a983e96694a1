//! The readers of public datasets, on the originals in `../shared/data` (skipped when absent).

use std::path::PathBuf;

use claimscore::{Label, external};

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if p.is_dir() {
        Some(p)
    } else {
        println!("skipped: ../shared/data is absent");
        None
    }
}

fn count(d: &claimscore::Dataset, l: Label) -> usize {
    d.examples().iter().filter(|e| e.label == l).count()
}

#[test]
fn counts_match_the_dataset_documentation() {
    let Some(root) = shared() else { return };
    // SOURCE.md: 1,492 rows, 248 toxic.
    let wiki = external::wiki_toxicity(root.join("wiki-toxicity-testset/toxicity_nonfuzzed_testset.csv")).unwrap();
    assert_eq!((wiki.len(), count(&wiki, Label::Inflammatory)), (1492, 248));
    // SOURCE.md: tsd_test has 2,000 rows, 394 with empty spans.
    let spans = external::toxic_spans(root.join("toxic-spans/SemEval2021/tsd_test.csv")).unwrap();
    assert_eq!(spans.len(), 2000 - 394);
    // SOURCE.md: 24,783 tweets, 4,163 of class "neither".
    let davidson = external::davidson(root.join("davidson/labeled_data.csv"), false).unwrap();
    assert_eq!((davidson.len(), count(&davidson, Label::Unsourced)), (24_783, 4_163));
    assert!(
        davidson.examples().iter().all(|e| !e.text.contains("&amp;")),
        "entities decoded"
    );
    let unanimous = external::davidson(root.join("davidson/labeled_data.csv"), true).unwrap();
    assert!(unanimous.len() < davidson.len() && unanimous.len() > 20_000);
    // SOURCE.md: 10,000 rows, 151 labeled 1.
    let gc = external::wiki_context(root.join("wiki-context-toxicity/CAT_LARGE/gc.csv")).unwrap();
    assert_eq!((gc.len(), count(&gc, Label::Inflammatory)), (10_000, 151));
    // 3,728 cases; the counter-speech functionalities are skipped.
    let hc = external::hatecheck(root.join("hatecheck/test_suite_cases.csv")).unwrap();
    assert!(hc.len() < 3728 && hc.len() > 3000, "{}", hc.len());
    let ibm = external::ibm_evidence(root.join("ibm-ce-emnlp2015")).unwrap();
    assert!(count(&ibm, Label::Sourced) > 2000 && count(&ibm, Label::Unsourced) > 2000);
    assert!(
        ibm.examples().iter().all(|e| !e.text.contains("[REF")),
        "footnote markers removed"
    );
}

#[test]
fn toxic_span_sentences_split_marked_from_unmarked() {
    let Some(root) = shared() else { return };
    let s = external::toxic_spans_sentences(root.join("toxic-spans/SemEval2021/tsd_trial.csv"), 6).unwrap();
    let (inf, uns) = (count(&s, Label::Inflammatory), count(&s, Label::Unsourced));
    assert!(inf > 300 && uns > 100, "{inf} inflammatory, {uns} unsourced sentences");
    assert!(
        s.examples()
            .iter()
            .filter(|e| e.label == Label::Unsourced)
            .all(|e| e.text.split_whitespace().count() >= 6)
    );
}
