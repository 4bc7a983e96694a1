//! Checks of the bundled corpus in `datasets/`: schema, vocabulary, references, counts,
//! splits, lengths, duplicates and near-duplicates.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

const LABELS: [&str; 3] = ["sourced", "unsourced", "inflammatory"];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets")
}

fn read(name: &str, header: &[&str]) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(dir().join(name)).unwrap();
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), header, "{name} header");
    r.records().map(|r| r.unwrap()).collect()
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn articles() -> Vec<csv::StringRecord> {
    read("articles.csv", &["article_id", "title", "text"])
}

fn comments() -> Vec<csv::StringRecord> {
    read("comments.csv", &["id", "article_id", "text", "label", "split"])
}

#[test]
fn articles_are_many_varied_and_of_news_length() {
    let arts = articles();
    assert!(arts.len() >= 40, "{} articles", arts.len());
    let ids: BTreeSet<&str> = arts.iter().map(|a| &a[0]).collect();
    assert_eq!(ids.len(), arts.len(), "article ids are unique");
    let topics: BTreeSet<&str> = arts.iter().map(|a| a[0].split('-').next().unwrap()).collect();
    for t in [
        "diplomacy",
        "elections",
        "budget",
        "immigration",
        "health",
        "climate",
        "housing",
        "tech",
        "courts",
        "transit",
        "sport",
    ] {
        assert!(topics.contains(t), "no {t} article");
    }
    for a in &arts {
        let n = words(&a[2]).len();
        assert!((150..=400).contains(&n), "article {} has {n} words", &a[0]);
        assert!(!a[1].trim().is_empty(), "article {} has no title", &a[0]);
    }
}

#[test]
fn comments_follow_the_schema_and_reference_articles() {
    let ids: BTreeSet<String> = articles().iter().map(|a| a[0].to_string()).collect();
    let rows = comments();
    let mut seen = BTreeSet::new();
    for r in &rows {
        assert!(seen.insert(r[0].to_string()), "duplicate id {}", &r[0]);
        assert!(ids.contains(&r[1]), "comment {} cites unknown article {}", &r[0], &r[1]);
        assert!(LABELS.contains(&&r[3]), "comment {} has label {:?}", &r[0], &r[3]);
        assert!(
            r[4] == *"train" || r[4] == *"test",
            "comment {} has split {:?}",
            &r[0],
            &r[4]
        );
        assert!(!r[2].trim().is_empty(), "comment {} is empty", &r[0]);
    }
}

#[test]
fn counts_per_label_and_split() {
    let rows = comments();
    assert!(rows.len() >= 4000, "{} comments", rows.len());
    for l in LABELS {
        let n = rows.iter().filter(|r| &r[3] == l).count();
        assert!(n >= 1000, "{n} {l} comments");
        let test = rows.iter().filter(|r| &r[3] == l && &r[4] == "test").count();
        assert!(test >= 150, "{test} {l} comments in the test split");
    }
}

#[test]
fn split_is_by_article_with_at_least_a_fifth_held_out() {
    let mut split: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let rows = comments();
    for r in &rows {
        split.entry(r.get(1).unwrap()).or_default().insert(r.get(4).unwrap());
    }
    for (a, s) in &split {
        assert_eq!(s.len(), 1, "article {a} has comments in both splits");
    }
    let arts = articles();
    let test = split.values().filter(|s| s.contains("test")).count();
    assert!(test * 5 >= arts.len(), "{test} of {} articles are test", arts.len());
    assert!(split.len() == arts.len(), "every article has comments");
}

#[test]
fn lengths_vary_with_a_median_of_30_to_60_words() {
    let mut n: Vec<usize> = comments().iter().map(|r| words(&r[2]).len()).collect();
    n.sort_unstable();
    let median = n[n.len() / 2];
    assert!((30..=60).contains(&median), "median {median} words");
    assert!(n[0] >= 3 && n[0] <= 5, "shortest comment has {} words", n[0]);
    assert!(
        *n.last().unwrap() <= 300,
        "longest comment has {} words",
        n.last().unwrap()
    );
    assert!(
        n.iter().filter(|&&w| w >= 100).count() * 20 >= n.len(),
        "fewer than 5% of comments are long"
    );
}

#[test]
fn no_duplicate_texts() {
    let mut seen = HashMap::new();
    for r in comments() {
        let key = words(&r[2]).join(" ");
        if let Some(other) = seen.insert(key, r[0].to_string()) {
            panic!("comments {other} and {} have the same words", &r[0]);
        }
    }
}

/// Word 3-shingles of the author's own words (reply-quote lines dropped).
fn shingles(text: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let own: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('>'))
        .collect::<Vec<_>>()
        .join("\n");
    let w = words(&own);
    let mut s: Vec<u64> = if w.len() < 3 {
        vec![w.join(" ")]
    } else {
        w.windows(3).map(|g| g.join(" ")).collect()
    }
    .into_iter()
    .map(|g| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        g.hash(&mut h);
        h.finish()
    })
    .collect();
    s.sort_unstable();
    s.dedup();
    s
}

#[test]
fn no_near_duplicates() {
    // Exact all-pairs check with prefix filtering: a pair with Jaccard >= 0.5 must share
    // one of the first |A| - ceil(|A| / 2) + 1 shingles of A in a global rarest-first order.
    let rows = comments();
    let sets: Vec<Vec<u64>> = rows.iter().map(|r| shingles(&r[2])).collect();
    let mut df: HashMap<u64, usize> = HashMap::new();
    sets.iter().flatten().for_each(|s| *df.entry(*s).or_default() += 1);
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut worst = (0.0, 0, 0);
    for (i, set) in sets.iter().enumerate() {
        let mut order = set.clone();
        order.sort_by_key(|s| (df[s], *s));
        let prefix = set.len() - set.len().div_ceil(2) + 1;
        let mut candidates = BTreeSet::new();
        for s in &order[..prefix.min(order.len())] {
            let list = index.entry(*s).or_default();
            candidates.extend(list.iter().copied());
            list.push(i);
        }
        for j in candidates {
            let inter = set.iter().filter(|s| sets[j].binary_search(s).is_ok()).count();
            let jaccard = inter as f64 / (set.len() + sets[j].len() - inter) as f64;
            if jaccard > worst.0 {
                worst = (jaccard, j, i);
            }
        }
    }
    assert!(
        worst.0 < 0.5,
        "comments {} and {} have 3-shingle Jaccard {:.2}",
        &rows[worst.1][0],
        &rows[worst.2][0],
        worst.0
    );
}

/// Checks one file of real-comment rubric labels: schema, labels, no row twice, no
/// reserved row (when `../shared/data` is present). Returns its `(source, row)` pointers.
fn check_real_labels(file: &str, n: usize) -> BTreeSet<(String, String)> {
    let rows = read(file, &["source", "source_row", "label", "annotator_a", "annotator_b"]);
    assert_eq!(rows.len(), n, "{file}");
    let mut seen = BTreeSet::new();
    for r in &rows {
        assert!(r[1].parse::<usize>().is_ok(), "row pointer {:?}", &r[1]);
        for l in [&r[2], &r[3], &r[4]] {
            assert!(LABELS.contains(&l), "{}:{} has label {l:?}", &r[0], &r[1]);
        }
        assert!(
            seen.insert((r[0].to_string(), r[1].to_string())),
            "{}:{} twice",
            &r[0],
            &r[1]
        );
    }
    let shared = dir().join("../../shared/data");
    if !shared.is_dir() {
        println!("skipped the reserved-row check of {file}: ../shared/data is absent");
        return seen;
    }
    let mut res = csv::Reader::from_path(shared.join("realdev/reserved.csv")).unwrap();
    let reserved: BTreeSet<(String, String)> = res
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    assert_eq!(reserved.len(), 800);
    for (source, row) in &seen {
        assert!(
            !reserved.contains(&(source.clone(), row.clone())),
            "{file}: {source}:{row} is reserved"
        );
    }
    seen
}

#[test]
fn real_labels_follow_the_schema_and_avoid_reserved_rows() {
    check_real_labels("real-labels.csv", 10_589);
}

#[test]
fn the_second_toxic_spans_batch_labels_other_rows() {
    let first = check_real_labels("real-labels.csv", 10_589);
    let second = check_real_labels("real-labels-toxicspans-2.csv", 6_000);
    assert!(
        second.iter().all(|(s, _)| s == "toxic-spans/data/comments.csv"),
        "the second batch holds ToxicSpans posts only"
    );
    let shared: Vec<_> = first.intersection(&second).collect();
    assert!(shared.is_empty(), "rows labeled in both files: {shared:?}");
}

#[test]
fn written_hard_cases_follow_the_schema_without_duplicates() {
    let rows = read("written-hard-cases.csv", &["id", "text", "label", "category"]);
    assert_eq!(rows.len(), 2083);
    let (mut ids, mut texts) = (BTreeSet::new(), BTreeSet::new());
    for r in &rows {
        assert!(ids.insert(r[0].to_string()), "duplicate id {}", &r[0]);
        assert!(LABELS.contains(&&r[2]), "{} has label {:?}", &r[0], &r[2]);
        assert!(
            !r[1].trim().is_empty() && !r[3].trim().is_empty(),
            "{} is incomplete",
            &r[0]
        );
        // Case, ASCII punctuation and spacing do not make a text new; emoji do.
        let norm = r[1]
            .to_lowercase()
            .replace(|c: char| c.is_ascii_punctuation(), " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(texts.insert(norm), "{} duplicates an earlier text", &r[0]);
    }
}
