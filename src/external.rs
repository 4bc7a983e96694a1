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
        let label = if f.ends_with("_h") || f == "target_indiv_nh" || f == "target_group_nh" {
            Label::Inflammatory
        } else if f.starts_with("counter_") {
            continue;
        } else {
            Label::Unsourced
        };
        d.push(t.trim(), label, None);
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_entities_are_decoded() {
        assert_eq!(
            unescape_html("a &amp; b &#8220;q&#8221; &bogus; & done"),
            "a & b “q” &bogus; & done"
        );
    }
}
