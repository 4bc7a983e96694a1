//! Readers for public labeled datasets, mapped onto claimscore's labels.
//!
//! Each reader takes the dataset's original file(s), as published, and applies the mapping
//! its documentation suggests (see each function). None of these datasets is bundled; they
//! are for evaluation and for training on data you have the rights to.

use std::path::Path;

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::label::Label;

fn reader(path: &Path, delimiter: u8, headers: bool) -> Result<csv::Reader<std::fs::File>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    Ok(csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(headers)
        .flexible(true)
        .from_reader(file))
}

fn records(path: &Path, delimiter: u8, headers: bool) -> Result<(Vec<String>, Vec<csv::StringRecord>)> {
    let mut r = reader(path, delimiter, headers)?;
    let head = if headers {
        r.headers()
            .map_err(|e| Error::csv(Some(path), e))?
            .iter()
            .map(str::to_string)
            .collect()
    } else {
        Vec::new()
    };
    let rows = r
        .records()
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::csv(Some(path), e))?;
    Ok((head, rows))
}

fn col(path: &Path, head: &[String], name: &str) -> Result<usize> {
    head.iter().position(|h| h == name).ok_or_else(|| Error::MissingColumn {
        path: Some(path.to_path_buf()),
        column: name.to_string(),
        present: head.to_vec(),
    })
}

/// The (`first`, `second`) fields of every row of a comma-separated file with a header;
/// rows missing either are skipped.
fn column_pairs(path: &Path, first: &str, second: &str) -> Result<Vec<(String, String)>> {
    let (head, rows) = records(path, b',', true)?;
    let (a, b) = (col(path, &head, first)?, col(path, &head, second)?);
    Ok(rows
        .iter()
        .filter_map(|r| Some((r.get(a)?.to_string(), r.get(b)?.to_string())))
        .collect())
}

/// Decodes the HTML entities tweets carry (`&amp;`, `&#8220;`, ...).
fn unescape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[..rest.len().min(10)].find(';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix('#')
                    .and_then(|n| n.parse::<u32>().ok())
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Davidson et al. (2017) `labeled_data.csv`: hate speech and offensive tweets →
/// inflammatory, neither → unsourced. With `unanimous`, only rows where every coder chose
/// the same side (hate or offensive vs neither) are kept, as the dataset's notes advise.
/// HTML entities are decoded.
pub fn davidson(path: impl AsRef<Path>, unanimous: bool) -> Result<Dataset> {
    let path = path.as_ref();
    let (head, rows) = records(path, b',', true)?;
    let [count, neither, class, tweet] = ["count", "neither", "class", "tweet"].map(|c| col(path, &head, c));
    let (count, neither, class, tweet) = (count?, neither?, class?, tweet?);
    let mut d = Dataset::new();
    for r in rows {
        let num = |i: usize| r.get(i).and_then(|v| v.parse::<u32>().ok());
        let (Some(n), Some(nn), Some(c), Some(t)) = (num(count), num(neither), num(class), r.get(tweet)) else {
            continue;
        };
        if unanimous && nn != 0 && nn != n {
            continue;
        }
        let label = if c == 2 { Label::Unsourced } else { Label::Inflammatory };
        d.push(unescape_html(t), label, None);
    }
    Ok(d)
}

/// A CSV with a text column and a yes/no column: yes → inflammatory, no → unsourced.
fn toxic_or_not(path: &Path, text: &str, flag: &str, toxic: impl Fn(&str) -> bool) -> Result<Dataset> {
    let mut d = Dataset::new();
    for (t, f) in column_pairs(path, text, flag)? {
        let label = if toxic(f.trim()) {
            Label::Inflammatory
        } else {
            Label::Unsourced
        };
        d.push(t.trim(), label, None);
    }
    Ok(d)
}

/// Wikipedia Talk toxicity test set (`toxicity_nonfuzzed_testset.csv`, `rev_id,comment,toxic`):
/// toxic → inflammatory, else unsourced.
pub fn wiki_toxicity(path: impl AsRef<Path>) -> Result<Dataset> {
    toxic_or_not(path.as_ref(), "comment", "toxic", |f| f.eq_ignore_ascii_case("true"))
}

/// Wikipedia talk comments in context (`CAT_LARGE/gc.csv` or `gn.csv`, columns `text`,
/// `label`): 1 → inflammatory, 0 → unsourced.
pub fn wiki_context(path: impl AsRef<Path>) -> Result<Dataset> {
    toxic_or_not(path.as_ref(), "text", "label", |f| f == "1")
}

/// ToxicSpans SemEval-2021 files (`tsd_*.csv`, `spans,text`): real news-site comments;
/// those with a toxic span marked by the raters → inflammatory. Rows without spans are
/// skipped: the posts were all pre-selected as toxic and the rest are not reliably civil.
pub fn toxic_spans(path: impl AsRef<Path>) -> Result<Dataset> {
    let mut d = Dataset::new();
    for (s, t) in column_pairs(path.as_ref(), "spans", "text")? {
        if s.trim() != "[]" {
            d.push(t.trim(), Label::Inflammatory, None);
        }
    }
    Ok(d)
}

/// ToxicSpans SemEval-2021 files split into sentences: a sentence holding a character that
/// the raters marked toxic → inflammatory; a sentence of at least `min_words` words in a
/// comment that has marked spans elsewhere, with none of its own → unsourced. This gives
/// both labels from the same real news-comment domain (the rubric labels claims too).
pub fn toxic_spans_sentences(path: impl AsRef<Path>, min_words: usize) -> Result<Dataset> {
    let mut d = Dataset::new();
    for (s, t) in column_pairs(path.as_ref(), "spans", "text")? {
        let marked: std::collections::HashSet<usize> = s
            .trim_matches(['[', ']'])
            .split(',')
            .filter_map(|x| x.trim().parse().ok())
            .collect();
        if marked.is_empty() {
            continue;
        }
        // Offsets count characters; map each sentence's byte span to character indices.
        let char_at: Vec<usize> = t.char_indices().map(|(b, _)| b).collect();
        for span in crate::sentences::sentences(&t) {
            let first = char_at.partition_point(|&b| b < span.start);
            let last = char_at.partition_point(|&b| b < span.end);
            let sentence = &t[span];
            if (first..last).any(|c| marked.contains(&c)) {
                d.push(sentence, Label::Inflammatory, None);
            } else if sentence.split_whitespace().count() >= min_words {
                d.push(sentence, Label::Unsourced, None);
            }
        }
    }
    Ok(d)
}

/// IBM Debater CE-EMNLP-2015 (`evidence.txt` and `claims.txt` in `dir`): evidence of type
/// EXPERT or STUDY → sourced, ANECDOTAL-only evidence and bare claims → unsourced. Weak
/// supervision: the type says what kind of evidence a sentence is, not that it names its
/// source. Footnote markers (`[REF]`) are removed; repeated sentences are kept once.
pub fn ibm_evidence(dir: impl AsRef<Path>) -> Result<Dataset> {
    let dir = dir.as_ref();
    let clean = |s: &str| {
        s.replace("[REF]", "")
            .replace("[REF", "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut seen = std::collections::HashSet::new();
    let mut d = Dataset::new();
    let (_, evidence) = records(&dir.join("evidence.txt"), b'\t', false)?;
    for r in evidence {
        let (Some(text), Some(kind)) = (r.get(2), r.get(3)) else {
            continue;
        };
        let label = if kind.contains("EXPERT") || kind.contains("STUDY") {
            Label::Sourced
        } else {
            Label::Unsourced
        };
        let text = clean(text);
        if seen.insert(text.clone()) {
            d.push(text, label, None);
        }
    }
    let (_, claims) = records(&dir.join("claims.txt"), b'\t', true)?;
    for r in claims {
        let Some(text) = r.get(2).or_else(|| r.get(1)) else {
            continue;
        };
        let text = clean(text);
        if !text.is_empty() && seen.insert(text.clone()) {
            d.push(text, Label::Unsourced, None);
        }
    }
    Ok(d)
}

/// HateCheck functional tests (`test_suite_cases.csv`), mapped by functionality, not by
/// gold label: every `*_h` case and the abuse of individuals and groups
/// (`target_indiv_nh`, `target_group_nh`) → inflammatory; neutral, positive, reclaimed,
/// homonym, negated and object-directed cases and undirected profanity → unsourced. The
/// counter-speech cases (`counter_*`) mix both and are skipped.
pub fn hatecheck(path: impl AsRef<Path>) -> Result<Dataset> {
    let mut d = Dataset::new();
    for (f, t) in column_pairs(path.as_ref(), "functionality", "test_case")? {
        if let Some(label) = hatecheck_label(&f) {
            d.push(t.trim(), label, None);
        }
    }
    Ok(d)
}

/// HateCheck's cases one functionality at a time (sorted by name), each mapped as
/// [`hatecheck`] maps it; the counter-speech functionalities are left out. For a table of
/// accuracy per functionality.
pub fn hatecheck_by_functionality(path: impl AsRef<Path>) -> Result<Vec<(String, Dataset)>> {
    let mut by = std::collections::BTreeMap::<String, Dataset>::new();
    for (f, t) in column_pairs(path.as_ref(), "functionality", "test_case")? {
        if let Some(label) = hatecheck_label(&f) {
            by.entry(f).or_default().push(t.trim(), label, None);
        }
    }
    Ok(by.into_iter().collect())
}

/// The rubric's label for a HateCheck functionality (its SOURCE.md table), `None` for the
/// counter-speech ones that mix both.
fn hatecheck_label(functionality: &str) -> Option<Label> {
    let f = functionality;
    if f.ends_with("_h") || f == "target_indiv_nh" || f == "target_group_nh" {
        Some(Label::Inflammatory)
    } else if f.starts_with("counter_") {
        None
    } else {
        Some(Label::Unsourced)
    }
}

/// The text normalisation used to match comments across files: lowercase, whitespace runs
/// collapsed to one space, trimmed. Two rows with the same normalised text are the same
/// comment for the purpose of keeping reserved comments out of training.
///
/// # Example
/// ```
/// assert_eq!(claimscore::external::normalise(" So\n TRUE  "), "so true");
/// ```
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The real-comment files that `source` pointers may name (paths relative to the shared
/// data root, as in `realdev.csv`), with how to read their texts.
const SOURCES: [(&str, SourceFormat); 6] = [
    (
        "civil-comments-autolabel/civil_comments_binary_seed.csv",
        SourceFormat::Csv(b',', "example"),
    ),
    (
        "civil-comments-autolabel/civil_comments_binary_test.csv",
        SourceFormat::Csv(b',', "example"),
    ),
    (
        "civil-comments-autolabel/civil_comments_fractional.csv",
        SourceFormat::Csv(b',', "text"),
    ),
    (
        "fox-news-comments/fox-news-comments.json",
        SourceFormat::JsonLines("text"),
    ),
    ("toxic-spans/data/comments.csv", SourceFormat::Csv(b',', "comment_text")),
    ("scitweets/annotations.tsv", SourceFormat::Csv(b'\t', "text")),
];

#[derive(Clone, Copy)]
enum SourceFormat {
    /// Delimiter and text column; rows are CSV records after the header.
    Csv(u8, &'static str),
    /// A JSON object per line and its text field; rows are lines.
    JsonLines(&'static str),
}

/// The texts of one source file, indexed by row (0-based data rows after the header; for a
/// JSON lines file, the line number), loaded once per source.
#[derive(Default)]
struct SourceTexts {
    loaded: std::collections::HashMap<String, Vec<String>>,
}

impl SourceTexts {
    /// The texts of `source`, or `None` when `source` is not a known real-comment file.
    fn of(&mut self, root: &Path, source: &str) -> Option<Result<&[String]>> {
        let (_, format) = SOURCES.iter().find(|(name, _)| *name == source)?;
        if !self.loaded.contains_key(source) {
            match read_texts(&root.join(source), *format) {
                Ok(t) => {
                    self.loaded.insert(source.to_string(), t);
                }
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(self.loaded[source].as_slice()))
    }
}

fn read_texts(path: &Path, format: SourceFormat) -> Result<Vec<String>> {
    match format {
        SourceFormat::Csv(delimiter, column) => {
            let (head, rows) = records(path, delimiter, true)?;
            let c = col(path, &head, column)?;
            Ok(rows.iter().map(|r| r.get(c).unwrap_or_default().to_string()).collect())
        }
        SourceFormat::JsonLines(field) => {
            let body = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
            body.lines()
                .enumerate()
                .map(|(i, line)| {
                    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| Error::BadField {
                        path: Some(path.to_path_buf()),
                        row: i as u64 + 1,
                        field: field.to_string(),
                        message: format!("not a JSON object: {e}"),
                    })?;
                    Ok(v.get(field).and_then(|t| t.as_str()).unwrap_or_default().to_string())
                })
                .collect()
        }
    }
}

/// The rows of the real-comment sources that are never trained on: `realdev/reserved.csv`
/// (the 500 development comments and the 300 of the hidden final test), by `(source, row)`
/// and by normalised text ([`normalise`]), so that the same comment found in another file
/// (Civil Comments texts recur in ToxicSpans) is kept out too.
///
/// # Example
/// ```no_run
/// use claimscore::external::{self, Reserved};
/// let reserved = Reserved::read("../shared/data")?;
/// let posts = reserved.remove_from(&external::toxic_spans_posts("../shared/data")?);
/// assert!(posts.examples().iter().all(|e| !reserved.contains_text(&e.text)));
/// # Ok::<(), claimscore::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Reserved {
    rows: std::collections::HashSet<(String, usize)>,
    texts: std::collections::HashSet<String>,
}

impl Reserved {
    /// Reads `realdev/reserved.csv` under `shared_root` (the `../shared/data` folder) and the
    /// texts its rows point to. A pointer to an unknown source or a row out of range is an
    /// error naming the line.
    pub fn read(shared_root: impl AsRef<Path>) -> Result<Reserved> {
        let root = shared_root.as_ref();
        let path = root.join("realdev/reserved.csv");
        let mut texts = SourceTexts::default();
        let mut reserved = Reserved::default();
        for (line, source, row) in pointers(&path)? {
            let text = lookup(&mut texts, root, &path, line, &source, row)?;
            reserved.texts.insert(normalise(text));
            reserved.rows.insert((source, row));
        }
        Ok(reserved)
    }

    /// Number of reserved rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when nothing is reserved.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether row `row` of `source` (a path relative to the shared data root) is reserved.
    pub fn contains_row(&self, source: &str, row: usize) -> bool {
        self.rows.contains(&(source.to_string(), row))
    }

    /// Whether a comment with this text (after [`normalise`]) is reserved.
    pub fn contains_text(&self, text: &str) -> bool {
        self.texts.contains(&normalise(text))
    }

    /// `data` without the examples whose text is reserved.
    pub fn remove_from(&self, data: &Dataset) -> Dataset {
        data.filter(|_, e| !self.contains_text(&e.text))
    }
}

/// `(line, source, row)` of every row of a `source,source_row[,...]` file; `line` is the
/// 1-based line of the row (the header is line 1).
fn pointers(path: &Path) -> Result<Vec<(u64, String, usize)>> {
    let (head, rows) = records(path, b',', true)?;
    let (s, r) = (col(path, &head, "source")?, col(path, &head, "source_row")?);
    rows.iter()
        .enumerate()
        .map(|(i, rec)| {
            let line = rec.position().map_or(i as u64 + 2, |p| p.line());
            let row = rec.get(r).unwrap_or_default();
            let row = row.trim().parse().map_err(|_| Error::BadField {
                path: Some(path.to_path_buf()),
                row: line,
                field: "source_row".into(),
                message: format!("{row:?} is not a row number"),
            })?;
            Ok((line, rec.get(s).unwrap_or_default().to_string(), row))
        })
        .collect()
}

fn lookup<'t>(
    texts: &'t mut SourceTexts,
    root: &Path,
    path: &Path,
    line: u64,
    source: &str,
    row: usize,
) -> Result<&'t str> {
    let bad = |field: &str, message: String| Error::BadField {
        path: Some(path.to_path_buf()),
        row: line,
        field: field.into(),
        message,
    };
    let Some(all) = texts.of(root, source) else {
        let known: Vec<&str> = SOURCES.iter().map(|(n, _)| *n).collect();
        return Err(bad(
            "source",
            format!("unknown source {source:?}; known: {}", known.join(", ")),
        ));
    };
    let all = all?;
    let n = all.len();
    all.get(row).map(String::as_str).ok_or_else(|| {
        bad(
            "source_row",
            format!("row {row} of {source} is out of range: it has {n} rows (0-based, after the header)"),
        )
    })
}

/// Comments from the real sources in `shared_root` (the `../shared/data` folder) labeled by
/// the project's rubric, from a `source,source_row,label[,...]` file such as
/// `datasets/real-labels.csv`: the file holds no text, so each text is read from the row its
/// pointer names (0-based data rows after the header; for a JSON lines file, the line
/// number), unchanged. Examples come in the file's order.
///
/// Errors name the line of the labels file: an unknown source, a row out of range, a
/// label that is not `sourced`, `unsourced` or `inflammatory`.
///
/// # Example
/// ```no_run
/// let real = claimscore::external::real_labels("datasets/real-labels.csv", "../shared/data")?;
/// assert!(real.len() > 10_000);
/// # Ok::<(), claimscore::Error>(())
/// ```
pub fn real_labels(labels_csv: impl AsRef<Path>, shared_root: impl AsRef<Path>) -> Result<Dataset> {
    let (path, root) = (labels_csv.as_ref(), shared_root.as_ref());
    let (head, rows) = records(path, b',', true)?;
    let l = col(path, &head, "label")?;
    let mut texts = SourceTexts::default();
    let mut d = Dataset::new();
    for ((line, source, row), rec) in pointers(path)?.into_iter().zip(&rows) {
        let label_str = rec.get(l).unwrap_or_default();
        let label: Label = label_str.parse().map_err(|_| Error::BadField {
            path: Some(path.to_path_buf()),
            row: line,
            field: "label".into(),
            message: format!("unknown label {label_str:?}: expected sourced, unsourced or inflammatory"),
        })?;
        let text = lookup(&mut texts, root, path, line, &source, row)?;
        d.push(text, label, None);
    }
    Ok(d)
}

/// Whole ToxicSpans posts (`toxic-spans/data/` under `shared_root`) that at least two distinct
/// raters marked with an `Insult`, `Identity based Attack` or `Threat` span → inflammatory
/// (the strong rule of the dataset's SOURCE.md; profanity-only and "other toxicity" spans do
/// not count). Posts come in `comments.csv` order; texts are trimmed.
pub fn toxic_spans_posts(shared_root: impl AsRef<Path>) -> Result<Dataset> {
    use std::collections::{HashMap, HashSet};
    let dir = shared_root.as_ref().join("toxic-spans/data");
    let annotations = column_pairs(&dir.join("annotations.csv"), "annotation", "comment_id")?;
    let workers = column_pairs(&dir.join("annotations.csv"), "annotation", "worker")?;
    let by_annotation: HashMap<String, (String, String)> = annotations
        .into_iter()
        .zip(workers)
        .map(|((a, c), (_, w))| (a, (c, w)))
        .collect();
    let mut raters: HashMap<String, HashSet<String>> = HashMap::new();
    for (a, kind) in column_pairs(&dir.join("spans.csv"), "annotation", "type")? {
        if matches!(kind.as_str(), "Insult" | "Identity based Attack" | "Threat") {
            if let Some((comment, worker)) = by_annotation.get(&a) {
                raters.entry(comment.clone()).or_default().insert(worker.clone());
            }
        }
    }
    let mut d = Dataset::new();
    for (id, text) in column_pairs(&dir.join("comments.csv"), "comment_id", "comment_text")? {
        if raters.get(&id).is_some_and(|r| r.len() >= 2) {
            d.push(text.trim(), Label::Inflammatory, None);
        }
    }
    Ok(d)
}

/// Weak labels for real civil news comments (`civil-comments-autolabel/` under
/// `shared_root`): rows Civil Comments calls `not toxic` (the binary files) or rated with
/// toxicity 0 (the fractional file) → sourced when the text holds a link (`http://`,
/// `https://`, `www.`) or "according to", else unsourced. Toxic rows are skipped (their
/// rubric labels are in `datasets/real-labels.csv`), and so are the rows in `exclude`
/// (pass [`Reserved`]). Files in the order seed, test, fractional.
pub fn civil_comments_weak(shared_root: impl AsRef<Path>, exclude: &Reserved) -> Result<Dataset> {
    let root = shared_root.as_ref();
    let mut d = Dataset::new();
    let files = [
        (
            "civil-comments-autolabel/civil_comments_binary_seed.csv",
            "example",
            "label",
        ),
        (
            "civil-comments-autolabel/civil_comments_binary_test.csv",
            "example",
            "label",
        ),
        (
            "civil-comments-autolabel/civil_comments_fractional.csv",
            "text",
            "toxicity",
        ),
    ];
    for (source, text_col, flag_col) in files {
        let path = root.join(source);
        let (head, rows) = records(&path, b',', true)?;
        let (t, f) = (col(&path, &head, text_col)?, col(&path, &head, flag_col)?);
        for (row, rec) in rows.iter().enumerate() {
            let (text, flag) = (rec.get(t).unwrap_or_default(), rec.get(f).unwrap_or_default().trim());
            let civil = flag == "not toxic" || flag.parse::<f64>().is_ok_and(|t| t == 0.0);
            if !civil || exclude.contains_row(source, row) || exclude.contains_text(text) {
                continue;
            }
            let lower = text.to_lowercase();
            let cited = ["http://", "https://", "www.", "according to"]
                .iter()
                .any(|cue| lower.contains(cue));
            d.push(text, if cited { Label::Sourced } else { Label::Unsourced }, None);
        }
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A miniature shared data root: two sources, a reserved row, a labels file.
    fn fake_root() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in ["scitweets", "fox-news-comments", "realdev"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        std::fs::write(
            root.join("scitweets/annotations.tsv"),
            "tweet_id\ttext\n1\tVaccines work, says the WHO https://who.int\n2\tnice  day\n",
        )
        .unwrap();
        std::fs::write(
            root.join("fox-news-comments/fox-news-comments.json"),
            "{\"text\": \"you clown\", \"label\": 1}\n{\"text\": \"Nice Day\", \"label\": 0}\n",
        )
        .unwrap();
        std::fs::write(
            root.join("realdev/reserved.csv"),
            "source,source_row\nfox-news-comments/fox-news-comments.json,1\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn real_labels_read_texts_by_pointer_and_reserved_matches_rows_and_texts() {
        let dir = fake_root();
        let labels = dir.path().join("labels.csv");
        std::fs::write(
            &labels,
            "source,source_row,label\nscitweets/annotations.tsv,0,sourced\nfox-news-comments/fox-news-comments.json,0,inflammatory\nscitweets/annotations.tsv,1,unsourced\n",
        )
        .unwrap();
        let d = real_labels(&labels, dir.path()).unwrap();
        let got: Vec<(&str, Label)> = d.examples().iter().map(|e| (e.text.as_str(), e.label)).collect();
        assert_eq!(
            got,
            [
                ("Vaccines work, says the WHO https://who.int", Label::Sourced),
                ("you clown", Label::Inflammatory),
                ("nice  day", Label::Unsourced),
            ]
        );
        let reserved = Reserved::read(dir.path()).unwrap();
        assert_eq!(reserved.len(), 1);
        assert!(reserved.contains_row("fox-news-comments/fox-news-comments.json", 1));
        assert!(!reserved.contains_row("fox-news-comments/fox-news-comments.json", 0));
        // The same comment in another file, spaced and cased differently, is reserved too.
        assert!(reserved.contains_text("nice day"));
        assert_eq!(reserved.remove_from(&d).len(), 2);
    }

    #[test]
    fn bad_pointers_and_labels_name_their_line() {
        let dir = fake_root();
        let labels = dir.path().join("labels.csv");
        for (body, expect) in [
            (
                "scitweets/annotations.tsv,2,unsourced",
                "row 2, field `source_row`: row 2 of scitweets/annotations.tsv is out of range: it has 2 rows",
            ),
            ("nowhere.csv,0,unsourced", "row 2, field `source`: unknown source"),
            ("scitweets/annotations.tsv,x,unsourced", "row 2, field `source_row`"),
            ("scitweets/annotations.tsv,0,rude", "row 2, field `label`"),
        ] {
            std::fs::write(&labels, format!("source,source_row,label\n{body}\n")).unwrap();
            let err = real_labels(&labels, dir.path()).unwrap_err().to_string();
            assert!(err.contains(expect), "{err}");
        }
    }

    #[test]
    fn html_entities_are_decoded() {
        assert_eq!(
            unescape_html("a &amp; b &#8220;q&#8221; &bogus; & done"),
            "a & b “q” &bogus; & done"
        );
    }
}
