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

fn labels_csv() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets/real-labels.csv")
}

#[test]
fn real_labels_read_their_texts_from_the_pointed_rows() {
    let Some(root) = shared() else { return };
    let real = external::real_labels(labels_csv(), &root).unwrap();
    assert_eq!(real.len(), 10_589);
    assert_eq!(
        (
            count(&real, Label::Inflammatory),
            count(&real, Label::Unsourced),
            count(&real, Label::Sourced)
        ),
        (6_000, 3_982, 607)
    );
    assert!(real.examples().iter().all(|e| !e.text.trim().is_empty()));
    // realdev.csv uses the same pointers: its texts must come back unchanged.
    let mut r = csv::Reader::from_path(root.join("realdev/realdev.csv")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pointers = dir.path().join("pointers.csv");
    let mut w = csv::Writer::from_path(&pointers).unwrap();
    w.write_record(["source", "source_row", "label"]).unwrap();
    let mut texts = Vec::new();
    for rec in r.records().take(60) {
        let rec = rec.unwrap();
        w.write_record([&rec[1], &rec[2], &rec[4]]).unwrap();
        texts.push(rec[3].to_string());
    }
    w.flush().unwrap();
    let back = external::real_labels(&pointers, &root).unwrap();
    let got: Vec<&str> = back.examples().iter().map(|e| e.text.as_str()).collect();
    assert_eq!(got, texts);
}

#[test]
fn a_pointer_out_of_range_is_an_error_naming_the_row() {
    let Some(root) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("labels.csv");
    std::fs::write(
        &p,
        "source,source_row,label\nscitweets/annotations.tsv,0,unsourced\nscitweets/annotations.tsv,99999,unsourced\n",
    )
    .unwrap();
    let err = external::real_labels(&p, &root).unwrap_err().to_string();
    assert!(
        err.contains("row 3") && err.contains("99999") && err.contains("out of range"),
        "{err}"
    );
    std::fs::write(&p, "source,source_row,label\nno/such.csv,0,unsourced\n").unwrap();
    let err = external::real_labels(&p, &root).unwrap_err().to_string();
    assert!(err.contains("row 2") && err.contains("unknown source"), "{err}");
}

#[test]
fn reserved_rows_and_texts_are_known_and_left_out_of_weak_labels() {
    let Some(root) = shared() else { return };
    let reserved = external::Reserved::read(&root).unwrap();
    assert_eq!(reserved.len(), 800);
    let mut r = csv::Reader::from_path(root.join("realdev/realdev.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        assert!(reserved.contains_row(&rec[1], rec[2].parse().unwrap()));
        assert!(reserved.contains_text(&rec[3]));
    }
    let weak = external::civil_comments_weak(&root, &reserved).unwrap();
    assert!(weak.examples().iter().all(|e| !reserved.contains_text(&e.text)));
    let (s, u) = (count(&weak, Label::Sourced), count(&weak, Label::Unsourced));
    assert!(
        s > 50 && u > 1500 && count(&weak, Label::Inflammatory) == 0,
        "{s} sourced, {u} unsourced"
    );
    let all = external::civil_comments_weak(&root, &external::Reserved::default()).unwrap();
    assert!(all.len() > weak.len(), "reserved civil rows are left out");
    let real = external::real_labels(labels_csv(), &root).unwrap();
    assert_eq!(
        reserved.remove_from(&real).len(),
        real.len(),
        "no reserved text in real-labels.csv"
    );
}

#[test]
fn the_second_toxic_spans_batch_reads_its_texts() {
    let Some(root) = shared() else { return };
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets/real-labels-toxicspans-2.csv");
    let real = external::real_labels(path, &root).unwrap();
    assert_eq!(
        (
            count(&real, Label::Inflammatory),
            count(&real, Label::Unsourced),
            count(&real, Label::Sourced)
        ),
        (4_749, 1_199, 52)
    );
    assert!(real.examples().iter().all(|e| !e.text.trim().is_empty()));
    let reserved = external::Reserved::read(&root).unwrap();
    assert_eq!(reserved.remove_from(&real).len(), real.len(), "no reserved text");
}

#[test]
fn toxic_spans_posts_need_two_raters_of_an_attack() {
    let Some(root) = shared() else { return };
    let posts = external::toxic_spans_posts(&root).unwrap();
    assert_eq!(posts.len(), count(&posts, Label::Inflammatory));
    assert!(posts.len() > 5_000 && posts.len() < 16_100, "{}", posts.len());
}

#[test]
fn hatecheck_by_functionality_maps_by_functionality() {
    let Some(root) = shared() else { return };
    let path = root.join("hatecheck/test_suite_cases.csv");
    let by = external::hatecheck_by_functionality(&path).unwrap();
    let total: usize = by.iter().map(|(_, d)| d.len()).sum();
    assert_eq!(total, external::hatecheck(&path).unwrap().len());
    assert!(by.iter().all(|(f, _)| !f.starts_with("counter_")));
    let of = |name: &str| &by.iter().find(|(f, _)| f == name).unwrap().1;
    assert_eq!(count(of("target_indiv_nh"), Label::Unsourced), 0);
    assert_eq!(count(of("profanity_nh"), Label::Inflammatory), 0);
}
