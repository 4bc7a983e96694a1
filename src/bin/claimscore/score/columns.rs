//! The header: which column holds what, and the names of the columns `score` adds.

use std::collections::HashMap;

use anyhow::{Context, Result, bail};
use claimscore::csv_check::delimiter_name;
use claimscore::{Dataset, Label, Policy};

use crate::args::{Format, Precision, ScoreArgs};

/// Where each needed value sits in a row.
pub struct Columns {
    pub names: Vec<String>,
    pub n: usize,
    pub text: usize,
    pub id: Option<usize>,
    pub article: ArticleSource,
    /// JSON lines input: a field equal to `jsonl::NULL_FIELD` is a null, not bad UTF-8.
    pub jsonl: bool,
}

/// Where a row's article comes from.
pub enum ArticleSource {
    None,
    /// The article's text is in this column.
    Text(usize),
    /// This column holds an id into the articles file.
    Id(usize, Dataset),
}

/// How the writer lays out rows.
pub struct Layout {
    pub format: Format,
    /// The input columns echoed (all, or those of `--keep`), and where each is in a row.
    pub input_columns: Vec<String>,
    pub kept: Vec<usize>,
    /// Every input column, for the errors file (which has the rows as read).
    pub all_columns: Vec<String>,
    /// JSON lines input: `jsonl::NULL_FIELD` is written as an empty CSV field or `null`.
    pub jsonl: bool,
    /// Names of the added columns, after renaming any that clash with input columns.
    pub label: String,
    pub probabilities: [String; 3],
    pub model_version: String,
    pub claims: Option<String>,
    pub explanation: Option<String>,
    pub with_article: String,
    /// `<label>_flag` per label in class order, for the labels given a --threshold.
    pub flags: [Option<String>; 3],
    pub needs_review: Option<String>,
    /// The thresholds and review bands the flag columns apply.
    pub policy: Policy,
    pub language: String,
    pub error: String,
    pub version: String,
    /// Significant digits of the probabilities.
    pub precision: Precision,
}

/// `delimiter`: the one the header was split on and another one it holds when it does not
/// hold that one, to name it when a column is missing.
pub fn resolve_columns(
    names: &[String],
    a: &ScoreArgs,
    input_name: &str,
    delimiter: Option<(u8, u8)>,
) -> Result<Columns> {
    if names.is_empty() || names.len() == 1 && names[0].is_empty() {
        bail!(
            "{input_name}: no header row; the input must be a CSV whose first row names the columns (one of them `{}`)",
            a.text_column
        );
    }
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        if let Some(first) = seen.insert(name, i) {
            // A JSON line would repeat the key, and only the first would be scored.
            bail!(
                "{input_name}: the header names the column `{name}` twice (columns {} and {}); rename one",
                first + 1,
                i + 1
            );
        }
    }
    let find = |name: &str, flag: &str| -> Result<usize> {
        names.iter().position(|n| n == name).with_context(|| match delimiter {
            Some((used, found)) if names.len() == 1 => format!(
                "{input_name}: no column `{name}` ({flag}): the header has no `{}` but has `{}`; give --delimiter '{}' (or leave it out to detect it)",
                delimiter_name(used),
                delimiter_name(found),
                if found == b'\t' { "\\t".to_string() } else { (found as char).to_string() }
            ),
            _ => format!(
                "{input_name}: no column `{name}` ({flag}); columns present: {}",
                names.join(", ")
            ),
        })
    };
    let text = find(&a.text_column, "--text-column")?;
    let id = match &a.id_column {
        Some(c) => Some(find(c, "--id-column")?),
        None => names.iter().position(|n| n == "id"),
    };
    let article = if let Some(c) = &a.article_column {
        ArticleSource::Text(find(c, "--article-column")?)
    } else if let Some(path) = &a.articles {
        let col = find(&a.article_id_column, "--article-id-column")?;
        let mut d = Dataset::new();
        d.read_articles_csv(path)?;
        ArticleSource::Id(col, d)
    } else {
        ArticleSource::None
    };
    Ok(Columns {
        names: names.to_vec(),
        n: names.len(),
        text,
        id,
        article,
        jsonl: false,
    })
}

/// Where each `--keep` column is, or every column without `--keep`.
pub fn kept_columns(names: &[String], a: &ScoreArgs, input_name: &str) -> Result<Vec<usize>> {
    let Some(keep) = &a.keep else {
        return Ok((0..names.len()).collect());
    };
    keep.iter()
        .map(|k| {
            names.iter().position(|n| n == k).with_context(|| {
                format!(
                    "{input_name}: no column `{k}` (--keep); columns present: {}",
                    names.join(", ")
                )
            })
        })
        .collect()
}

/// The --threshold and --review options as a policy.
pub fn policy(a: &ScoreArgs) -> Result<Policy> {
    let mut p = Policy::new();
    for &(label, t) in &a.threshold {
        // Two thresholds for one label is a typo or a leftover: say so rather than keep
        // whichever came last.
        if let Some(before) = p.threshold_of(label) {
            anyhow::bail!("--threshold {label}= given twice ({before} and {t}): give one per label");
        }
        p = p.threshold(label, t)?;
    }
    for band in &a.review {
        p = p.review(*band);
    }
    Ok(p)
}

pub fn layout(all: &[String], kept: Vec<usize>, a: &ScoreArgs, version: &str, policy: Policy) -> Layout {
    let names: Vec<String> = kept.iter().map(|&i| all[i].clone()).collect();
    let mut taken: Vec<String> = names.clone();
    let mut add = |name: &str| {
        let mut n = name.to_string();
        while taken.contains(&n) {
            n = format!("claimscore_{n}");
        }
        if n != name {
            message!("claimscore: the input has a column `{name}`; the added one is named `{n}`");
        }
        taken.push(n.clone());
        n
    };
    Layout {
        format: a.format,
        input_columns: names,
        kept,
        all_columns: all.to_vec(),
        jsonl: false,
        label: add("label"),
        probabilities: ["sourced", "unsourced", "inflammatory"].map(&mut add),
        model_version: add("model_version"),
        claims: a.claims.then(|| add("claims")),
        explanation: a.explain.map(|_| add("explanation")),
        with_article: add("with_article"),
        flags: Label::ALL.map(|l| policy.threshold_of(l).map(|_| add(&format!("{l}_flag")))),
        needs_review: (!policy.review_bands().is_empty()).then(|| add("needs_review")),
        policy,
        language: add("language"),
        error: add("error"),
        version: version.to_string(),
        precision: a.precision,
    }
}

impl Layout {
    /// The boolean columns after the claims and explanation, in order: `with_article`,
    /// each `<label>_flag`, `needs_review`.
    pub fn decision_columns(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.with_article)
            .chain(self.flags.iter().flatten())
            .chain(&self.needs_review)
    }

    /// The output columns and their types, for `--schema`.
    pub fn schema(&self) -> Vec<(&str, &'static str)> {
        let mut s: Vec<(&str, &'static str)> = self.input_columns.iter().map(|c| (c.as_str(), "string")).collect();
        s.push((&self.label, "string"));
        s.extend(self.probabilities.iter().map(|c| (c.as_str(), "double")));
        s.push((&self.model_version, "string"));
        s.extend(self.claims.iter().map(|c| (c.as_str(), "json")));
        s.extend(self.explanation.iter().map(|c| (c.as_str(), "json")));
        s.push((&self.with_article, "boolean"));
        s.extend(self.flags.iter().flatten().map(|c| (c.as_str(), "boolean")));
        s.extend(self.needs_review.iter().map(|c| (c.as_str(), "boolean")));
        s.push((&self.language, "string"));
        s.push((&self.error, "string"));
        s
    }
}
