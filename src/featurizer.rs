//! TF-IDF featurizer: vocabulary and IDF fixed at fit time, plus article-context features.
//!
//! Feature layout: `[word n-grams | character n-grams | article context]`. Each n-gram
//! block is weighted and L2-normalised on its own (as scikit-learn's `FeatureUnion` of two
//! `TfidfVectorizer`s would); the three context features follow, present only when a
//! comment comes with its article.

use std::ops::Range;

use rust_stemmers::Algorithm;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

use crate::error::{Error, Result};
use crate::text::{Analysis, Analyzer, Kind};

/// Featurizer settings, fixed at fit time and stored in the model file.
///
/// Definitions follow scikit-learn's `TfidfVectorizer`: `tf` is the count of a term in a
/// text (`1 + ln(tf)` when `sublinear_tf`), `idf = ln((1 + n) / (1 + df)) + 1` with
/// `smooth_idf` (else `ln(n / df) + 1`), and each block of a row is scaled to unit L2 norm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeaturizerConfig {
    /// Word n-gram range, inclusive. Default `(1, 2)`.
    pub word_ngrams: (usize, usize),
    /// Character n-gram range inside word boundaries (scikit-learn's `char_wb`), or `None`.
    /// Default `None`.
    pub char_ngrams: Option<(usize, usize)>,
    /// Keep terms found in at least this many fitting documents. Default 2.
    pub min_df: usize,
    /// Drop terms found in more than this fraction of fitting documents. Default 1.0.
    pub max_df: f64,
    /// Keep at most this many word n-grams, the most frequent. Default `None` (all).
    pub max_features: Option<usize>,
    /// Keep at most this many character n-grams, the most frequent. Default `Some(50_000)`.
    pub max_char_features: Option<usize>,
    /// Use `1 + ln(tf)` instead of the raw count. Default `true`.
    pub sublinear_tf: bool,
    /// Smooth IDF as if one extra document held every term. Default `true`.
    pub smooth_idf: bool,
    /// Stemming algorithm, or `None` for no stemming. Default English.
    pub stemmer: Option<Algorithm>,
    /// Add the article-context features when an article is given. Default `true`.
    pub article_features: bool,
}

impl Default for FeaturizerConfig {
    fn default() -> Self {
        FeaturizerConfig {
            word_ngrams: (1, 2),
            char_ngrams: None,
            min_df: 2,
            max_df: 1.0,
            max_features: None,
            max_char_features: Some(50_000),
            sublinear_tf: true,
            smooth_idf: true,
            stemmer: Some(Algorithm::English),
            article_features: true,
        }
    }
}

impl FeaturizerConfig {
    pub(crate) fn check(&self) -> Result<()> {
        let (lo, hi) = self.word_ngrams;
        if lo == 0 || lo > hi || hi > 5 {
            return Err(Error::param("word_ngrams", format!("{lo}..{hi}"), "1 <= lo <= hi <= 5"));
        }
        if let Some((lo, hi)) = self.char_ngrams {
            if lo == 0 || lo > hi || hi > 10 {
                return Err(Error::param(
                    "char_ngrams",
                    format!("{lo}..{hi}"),
                    "1 <= lo <= hi <= 10",
                ));
            }
        }
        if self.min_df == 0 {
            return Err(Error::param("min_df", self.min_df, "at least 1"));
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(Error::param("max_df", self.max_df, "a fraction in (0, 1]"));
        }
        if self.max_features == Some(0) {
            return Err(Error::param("max_features", 0, "at least 1, or unset"));
        }
        if self.max_char_features == Some(0) {
            return Err(Error::param("max_char_features", 0, "at least 1, or unset"));
        }
        Ok(())
    }
}

/// A sparse row: feature ids in increasing order and their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SparseVec {
    pub indices: Vec<u32>,
    pub values: Vec<f64>,
}

impl SparseVec {
    fn dot(&self, other: &SparseVec) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < self.indices.len() && j < other.indices.len() {
            match self.indices[i].cmp(&other.indices[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += self.values[i] * other.values[j];
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }
}

/// One block of n-grams: sorted terms, their IDF, and the lookup rebuilt on load.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    pub terms: Vec<String>,
    pub idf: Vec<f64>,
    index: FxHashMap<String, u32>,
}

impl Block {
    pub fn new(terms: Vec<String>, idf: Vec<f64>) -> Result<Self> {
        if terms.len() != idf.len() {
            return Err(Error::model(format!(
                "{} terms but {} idf values",
                terms.len(),
                idf.len()
            )));
        }
        if terms.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::model("vocabulary is not strictly sorted"));
        }
        if idf.iter().any(|v| !v.is_finite()) {
            return Err(Error::model("idf holds a non-finite value"));
        }
        let index = terms.iter().enumerate().map(|(i, t)| (t.clone(), i as u32)).collect();
        Ok(Block { terms, idf, index })
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }
}

/// Names of the article-context features, in layout order.
pub(crate) const CONTEXT_FEATURES: [&str; 3] = ["article:cosine", "article:shared_words", "article:quoted_run"];

/// What one feature is, for explanations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum FeatureKind {
    Word,
    Char,
    Context,
}

/// An article prepared once and reused for all its comments.
#[derive(Debug, Clone, Default)]
pub struct ArticleContext {
    words: SparseVec,
    content: FxHashSet<String>,
    sequence: Vec<u64>,
}

/// Per-thread buffers, so scoring allocates only when a text is longer than any before.
#[derive(Clone)]
pub(crate) struct Scratch {
    stemmer: Option<Algorithm>,
    analyzer: Analyzer,
    pub analysis: Analysis,
    key: String,
    hits: Vec<u32>,
    term_ids: Vec<Option<u32>>,
    /// The row being scored.
    pub row: SparseVec,
}

impl Scratch {
    pub fn new(stemmer: Option<Algorithm>) -> Self {
        Scratch {
            stemmer,
            analyzer: Analyzer::new(stemmer),
            analysis: Analysis::default(),
            key: String::new(),
            hits: Vec::new(),
            term_ids: Vec::new(),
            row: SparseVec::default(),
        }
    }

    /// Runs `f` with this thread's scratch for `stemmer`, so buffers and cached stems
    /// survive between calls (rayon's worker threads live as long as the pool).
    pub fn with<R>(stemmer: Option<Algorithm>, f: impl FnOnce(&mut Scratch) -> R) -> R {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Option<Scratch>> = const { std::cell::RefCell::new(None) };
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut slot) => {
                if slot.as_ref().is_none_or(|s| s.stemmer != stemmer) {
                    *slot = Some(Scratch::new(stemmer));
                }
                f(slot.as_mut().expect("scratch was just set"))
            }
            // Re-entered from inside `f`: use a fresh one.
            Err(_) => f(&mut Scratch::new(stemmer)),
        })
    }
}

/// The fitted featurizer.
#[derive(Debug, Clone)]
pub(crate) struct Featurizer {
    pub config: FeaturizerConfig,
    pub words: Block,
    pub chars: Option<Block>,
    /// The word vocabulary by term ids, for scoring (rebuilt from `words`).
    word_grams: GramIndex,
}

/// Word n-grams looked up by the ids of their terms: one string lookup per token, then
/// integer keys, instead of building and hashing every n-gram string.
#[derive(Debug, Clone, Default)]
struct GramIndex {
    terms: FxHashMap<Box<str>, u32>,
    grams: FxHashMap<GramKey, u32>,
}

/// Term ids of an n-gram (n <= 5); unused slots hold `u32::MAX`.
type GramKey = [u32; 5];

impl GramIndex {
    /// Vocabulary entries are terms joined by single spaces; terms hold no whitespace.
    fn new(words: &Block) -> Self {
        let mut index = GramIndex::default();
        for (id, gram) in words.terms.iter().enumerate() {
            let mut key = [u32::MAX; 5];
            for (slot, term) in key.iter_mut().zip(gram.split(' ')) {
                let next = index.terms.len() as u32;
                *slot = *index.terms.entry(term.into()).or_insert(next);
            }
            index.grams.insert(key, id as u32);
        }
        index
    }
}

impl Featurizer {
    pub fn new(config: FeaturizerConfig, words: Block, chars: Option<Block>) -> Self {
        let word_grams = GramIndex::new(&words);
        Featurizer {
            config,
            words,
            chars,
            word_grams,
        }
    }

    /// Fits vocabulary and IDF on `docs` (comments and article texts alike).
    pub fn fit(config: &FeaturizerConfig, docs: &[&str]) -> Result<Self> {
        use rayon::prelude::*;
        config.check()?;
        if docs.is_empty() {
            return Err(Error::Training("no documents to fit the vocabulary on".into()));
        }
        // term -> (document frequency, total count, last document counted). Terms are
        // looked up by &str and allocated only when first seen.
        type Counts = FxHashMap<String, (u32, u64, usize)>;
        let count = |char_level: bool| -> Counts {
            docs.par_chunks(1024)
                .map(|chunk| {
                    let mut s = Scratch::new(config.stemmer);
                    let mut counts = Counts::default();
                    for (d, doc) in chunk.iter().enumerate() {
                        s.analyzer.analyze(doc, &mut s.analysis);
                        let mut add = |g: &str, _: Range<usize>| {
                            let e = match counts.get_mut(g) {
                                Some(e) => e,
                                None => counts.entry(g.to_string()).or_insert((0, 0, usize::MAX)),
                            };
                            if e.2 != d {
                                e.0 += 1;
                                e.2 = d;
                            }
                            e.1 += 1;
                        };
                        if char_level {
                            let range = config.char_ngrams.unwrap_or((1, 1));
                            for_each_char_ngram(&s.analysis, range, &mut s.key, &mut add);
                        } else {
                            for_each_word_ngram(&s.analysis, config.word_ngrams, &mut s.key, &mut add);
                        }
                    }
                    counts
                })
                .reduce(Counts::default, |mut a, b| {
                    for (k, (df, tf, _)) in b {
                        let e = a.entry(k).or_insert((0, 0, usize::MAX));
                        e.0 += df;
                        e.1 += tf;
                    }
                    a
                })
        };
        let n = docs.len();
        let words = select(config, count(false), n, config.max_features)?;
        let chars = match config.char_ngrams {
            Some(_) => Some(select(config, count(true), n, config.max_char_features)?),
            None => None,
        };
        Ok(Featurizer::new(config.clone(), words, chars))
    }

    pub fn n_features(&self) -> usize {
        self.words.len() + self.chars.as_ref().map_or(0, Block::len) + self.n_context()
    }

    fn n_context(&self) -> usize {
        if self.config.article_features {
            CONTEXT_FEATURES.len()
        } else {
            0
        }
    }

    /// What feature `id` is and its display name.
    pub fn feature(&self, id: usize) -> (FeatureKind, &str) {
        let nw = self.words.len();
        let nc = self.chars.as_ref().map_or(0, Block::len);
        if id < nw {
            (FeatureKind::Word, &self.words.terms[id])
        } else if id < nw + nc {
            (
                FeatureKind::Char,
                &self.chars.as_ref().expect("char block").terms[id - nw],
            )
        } else {
            (FeatureKind::Context, CONTEXT_FEATURES[id - nw - nc])
        }
    }

    /// Prepares an article for [`Featurizer::transform`].
    pub fn article(&self, text: &str, s: &mut Scratch) -> ArticleContext {
        s.analyzer.analyze(text, &mut s.analysis);
        let mut words = SparseVec::default();
        self.append_block(&self.words, s, false, 0, None, &mut words);
        let a = &s.analysis;
        let content = a
            .tokens
            .iter()
            .filter(|t| is_content(a, t))
            .map(|t| a.term(t).to_string())
            .collect();
        let sequence = a
            .tokens
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| hash(a.term(t)))
            .collect();
        ArticleContext {
            words,
            content,
            sequence,
        }
    }

    /// The feature row of `text`; with `trace`, also every (feature, byte span) occurrence.
    pub fn transform(
        &self,
        text: &str,
        article: Option<&ArticleContext>,
        s: &mut Scratch,
        trace: Option<&mut Vec<(u32, Range<usize>)>>,
    ) -> SparseVec {
        let mut row = SparseVec::default();
        self.transform_into(text, article, s, trace, &mut row);
        row
    }

    /// [`Featurizer::transform`] into a caller's buffer, so scoring does not allocate.
    pub fn transform_into(
        &self,
        text: &str,
        article: Option<&ArticleContext>,
        s: &mut Scratch,
        mut trace: Option<&mut Vec<(u32, Range<usize>)>>,
        row: &mut SparseVec,
    ) {
        row.indices.clear();
        row.values.clear();
        s.analyzer.analyze(text, &mut s.analysis);
        self.append_block(&self.words, s, false, 0, trace.as_deref_mut(), row);
        // Only word ids can match the article's (word-block) vector.
        let cosine = article.map(|a| row.dot(&a.words));
        if let Some(chars) = &self.chars {
            self.append_block(chars, s, true, self.words.len() as u32, trace, row);
        }
        if let (true, Some(article), Some(cosine)) = (self.config.article_features, article, cosine) {
            let base = (self.n_features() - CONTEXT_FEATURES.len()) as u32;
            let a = &s.analysis;
            let (mut content, mut shared) = (0usize, 0usize);
            for t in a.tokens.iter().filter(|t| is_content(a, t)) {
                content += 1;
                shared += article.content.contains(a.term(t)) as usize;
            }
            let shared = if content == 0 {
                0.0
            } else {
                shared as f64 / content as f64
            };
            let seq: Vec<u64> = a
                .tokens
                .iter()
                .filter(|t| t.kind == Kind::Word)
                .map(|t| hash(a.term(t)))
                .collect();
            let run = longest_common_run(&seq, &article.sequence);
            let values = [cosine, shared, (run as f64 / 10.0).min(1.0)];
            for (k, v) in values.into_iter().enumerate() {
                if v != 0.0 {
                    row.indices.push(base + k as u32);
                    row.values.push(v);
                }
            }
        }
    }

    /// Appends the TF-IDF of one block for the analysis in `s`, ids shifted by `offset`,
    /// scaled to unit norm on its own.
    fn append_block(
        &self,
        block: &Block,
        s: &mut Scratch,
        char_level: bool,
        offset: u32,
        mut trace: Option<&mut Vec<(u32, Range<usize>)>>,
        out: &mut SparseVec,
    ) {
        let hits = &mut s.hits;
        hits.clear();
        let mut on_gram = |g: &str, span: Range<usize>| {
            if let Some(&id) = block.index.get(g) {
                hits.push(id);
                if let Some(t) = trace.as_deref_mut() {
                    t.push((id + offset, span));
                }
            }
        };
        if char_level {
            let range = self.config.char_ngrams.unwrap_or((1, 1));
            for_each_char_ngram(&s.analysis, range, &mut s.key, &mut on_gram);
        } else {
            let a = &s.analysis;
            let ids = &mut s.term_ids;
            ids.clear();
            ids.extend(a.tokens.iter().map(|t| self.word_grams.terms.get(a.term(t)).copied()));
            let (lo, hi) = self.config.word_ngrams;
            for start in 0..ids.len() {
                let mut key = [u32::MAX; 5];
                for n in 1..=hi {
                    // An n-gram with a term outside the vocabulary is not in it, nor any longer one.
                    let Some(Some(id)) = ids.get(start + n - 1) else { break };
                    key[n - 1] = *id;
                    if n >= lo {
                        if let Some(&g) = self.word_grams.grams.get(&key) {
                            hits.push(g);
                            if let Some(t) = trace.as_deref_mut() {
                                t.push((g + offset, a.tokens[start].span.start..a.tokens[start + n - 1].span.end));
                            }
                        }
                    }
                }
            }
        }
        hits.sort_unstable();
        let start = out.values.len();
        for run in hits.chunk_by(|a, b| a == b) {
            // Most n-grams occur once, and 1 + ln(1) = 1 exactly: skip the logarithm.
            let tf = match run.len() {
                1 => 1.0,
                n if self.config.sublinear_tf => 1.0 + (n as f64).ln(),
                n => n as f64,
            };
            out.indices.push(run[0] + offset);
            out.values.push(tf * block.idf[run[0] as usize]);
        }
        let segment = &mut out.values[start..];
        let norm = segment.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm > 0.0 {
            segment.iter_mut().for_each(|v| *v /= norm);
        }
    }
}

/// Keeps the terms within the document-frequency limits, the `max` most frequent, sorted.
fn select(
    config: &FeaturizerConfig,
    counts: FxHashMap<String, (u32, u64, usize)>,
    n_docs: usize,
    max: Option<usize>,
) -> Result<Block> {
    let max_df = (config.max_df * n_docs as f64).floor() as u64;
    let mut kept: Vec<(String, u32, u64)> = counts
        .into_iter()
        .filter(|(_, (df, _, _))| *df as usize >= config.min_df && (*df as u64) <= max_df)
        .map(|(t, (df, tf, _))| (t, df, tf))
        .collect();
    if let Some(max) = max {
        if kept.len() > max {
            kept.sort_unstable_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
            kept.truncate(max);
        }
    }
    kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    if kept.is_empty() {
        return Err(Error::Training(format!(
            "empty vocabulary: no term is in at least min_df = {} of {} documents and at most max_df = {}",
            config.min_df, n_docs, config.max_df
        )));
    }
    let n = n_docs as f64;
    let idf = kept
        .iter()
        .map(|(_, df, _)| {
            let df = *df as f64;
            if config.smooth_idf {
                ((1.0 + n) / (1.0 + df)).ln() + 1.0
            } else {
                (n / df).ln() + 1.0
            }
        })
        .collect();
    Block::new(kept.into_iter().map(|k| k.0).collect(), idf)
}

/// Calls `f` with every word n-gram (terms joined by one space) and its byte span.
fn for_each_word_ngram(
    a: &Analysis,
    (lo, hi): (usize, usize),
    key: &mut String,
    f: &mut impl FnMut(&str, Range<usize>),
) {
    let tokens = &a.tokens;
    for start in 0..tokens.len() {
        key.clear();
        for n in 1..=hi {
            let Some(t) = tokens.get(start + n - 1) else { break };
            if n > 1 {
                key.push(' ');
            }
            key.push_str(a.term(t));
            if n >= lo {
                f(key, tokens[start].span.start..t.span.end);
            }
        }
    }
}

/// Calls `f` with every character n-gram of every word, padded with one space on each side
/// (scikit-learn's `char_wb`), and the word's byte span.
fn for_each_char_ngram(
    a: &Analysis,
    (lo, hi): (usize, usize),
    key: &mut String,
    f: &mut impl FnMut(&str, Range<usize>),
) {
    for t in a.tokens.iter().filter(|t| t.kind == Kind::Word) {
        key.clear();
        key.push(' ');
        key.push_str(a.surface(t));
        key.push(' ');
        let bounds: Vec<usize> = key.char_indices().map(|(i, _)| i).chain([key.len()]).collect();
        let len = bounds.len() - 1;
        for n in lo..=hi {
            let mut offset = 0;
            f(&key[bounds[0]..bounds[n.min(len)]], t.span.clone());
            while offset + n < len {
                offset += 1;
                f(&key[bounds[offset]..bounds[offset + n]], t.span.clone());
            }
            if offset == 0 {
                break;
            }
        }
    }
}

const STOPWORDS: &[&str] = &[
    "about", "after", "again", "all", "also", "and", "any", "are", "because", "been", "before", "being", "between",
    "both", "but", "can", "could", "did", "does", "doing", "down", "during", "each", "few", "for", "from", "had",
    "has", "have", "having", "her", "here", "hers", "him", "his", "how", "into", "its", "just", "more", "most", "not",
    "now", "off", "once", "only", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "some",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "too", "under", "until", "very", "was", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your", "yours",
];

fn is_content(a: &Analysis, t: &crate::text::Token) -> bool {
    t.kind == Kind::Word && {
        let s = a.surface(t);
        s.len() >= 3 && !STOPWORDS.contains(&s)
    }
}

fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// Length of the longest run of consecutive terms that `a` and `b` share.
fn longest_common_run(a: &[u64], b: &[u64]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    let mut best = 0;
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { 0 };
            best = best.max(cur[j + 1]);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCS: [&str; 6] = [
        "cat dog cat",
        "dog bird",
        "cat bird fish red",
        "red blue green cat",
        "dog dog dog fish",
        "bird cat dog",
    ];

    fn rows(f: &Featurizer) -> Vec<Vec<(u32, f64)>> {
        let mut s = Scratch::new(f.config.stemmer);
        DOCS.iter()
            .map(|d| {
                let r = f.transform(d, None, &mut s, None);
                r.indices.into_iter().zip(r.values).collect()
            })
            .collect()
    }

    fn assert_close(got: &[Vec<(u32, f64)>], want: &[&[(u32, f64)]]) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g.len(), w.len(), "{g:?} vs {w:?}");
            for ((gi, gv), (wi, wv)) in g.iter().zip(w.iter()) {
                assert_eq!(gi, wi);
                assert!((gv - wv).abs() < 1e-12, "{gv} vs {wv}");
            }
        }
    }

    // Golden values from scikit-learn 1.9.1, with the words of DOCS (all stable under the
    // English stemmer), printed by:
    //   TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True,
    //                   smooth_idf=True, min_df=2, max_df=0.8).fit_transform(DOCS)
    //   -> get_feature_names_out(), idf_, and each row's (column, value) pairs.
    #[test]
    fn matches_scikit_learn_sublinear_smoothed_bigrams() {
        let config = FeaturizerConfig {
            word_ngrams: (1, 2),
            min_df: 2,
            max_df: 0.8,
            ..FeaturizerConfig::default()
        };
        let f = Featurizer::fit(&config, &DOCS).unwrap();
        assert_eq!(f.words.terms, ["bird", "cat", "cat dog", "dog", "fish", "red"]);
        let idf = [
            1.5596157879354227,
            1.336472236621213,
            1.8472978603872037,
            1.336472236621213,
            1.8472978603872037,
            1.8472978603872037,
        ];
        f.words
            .idf
            .iter()
            .zip(idf)
            .for_each(|(a, b)| assert!((a - b).abs() < 1e-12));
        assert_close(
            &rows(&f),
            &[
                &[
                    (1, 0.7044222804273996),
                    (2, 0.5750629105737098),
                    (3, 0.41604314646434826),
                ],
                &[(0, 0.7593387031634324), (3, 0.6506955769621281)],
                &[
                    (0, 0.46931314354416104),
                    (1, 0.4021657074006025),
                    (4, 0.5558812450009762),
                    (5, 0.5558812450009762),
                ],
                &[(1, 0.5861569567966913), (5, 0.8101975203608325)],
                &[(3, 0.8351331284709765), (4, 0.5500478685807987)],
                &[
                    (0, 0.5082250957278627),
                    (1, 0.43551029404081076),
                    (2, 0.6019707797238817),
                    (3, 0.43551029404081076),
                ],
            ],
        );
    }

    //   TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 1), sublinear_tf=False,
    //                   smooth_idf=False, min_df=1, max_features=3).fit_transform(DOCS)
    #[test]
    fn matches_scikit_learn_raw_tf_unsmoothed_max_features() {
        let config = FeaturizerConfig {
            word_ngrams: (1, 1),
            min_df: 1,
            max_features: Some(3),
            sublinear_tf: false,
            smooth_idf: false,
            ..FeaturizerConfig::default()
        };
        let f = Featurizer::fit(&config, &DOCS).unwrap();
        assert_eq!(f.words.terms, ["bird", "cat", "dog"]);
        let idf = [1.6931471805599454, 1.4054651081081644, 1.4054651081081644];
        f.words
            .idf
            .iter()
            .zip(idf)
            .for_each(|(a, b)| assert!((a - b).abs() < 1e-12));
        assert_close(
            &rows(&f),
            &[
                &[(1, 0.894427190999916), (2, 0.447213595499958)],
                &[(0, 0.7694470729725092), (2, 0.6387105775654869)],
                &[(0, 0.7694470729725092), (1, 0.6387105775654869)],
                &[(1, 1.0)],
                &[(2, 1.0)],
                &[
                    (0, 0.6484626256872699),
                    (1, 0.5382825573464051),
                    (2, 0.5382825573464051),
                ],
            ],
        );
    }

    #[test]
    fn char_ngrams_follow_char_wb() {
        // scikit-learn's char_wb on "ab": " ab " -> 2-grams " a", "ab", "b "; 3-grams " ab", "ab ".
        let config = FeaturizerConfig {
            word_ngrams: (1, 1),
            char_ngrams: Some((2, 3)),
            min_df: 1,
            ..FeaturizerConfig::default()
        };
        let f = Featurizer::fit(&config, &["ab"]).unwrap();
        assert_eq!(f.chars.unwrap().terms, [" a", " ab", "ab", "ab ", "b "]);
    }

    #[test]
    fn article_features_present_only_with_an_article() {
        let config = FeaturizerConfig {
            min_df: 1,
            ..FeaturizerConfig::default()
        };
        let article = "The council approved twelve hundred homes on Tuesday said the mayor";
        let comment = "As reported the council approved twelve hundred homes";
        let f = Featurizer::fit(&config, &[article, comment, "unrelated words here"]).unwrap();
        let mut s = Scratch::new(config.stemmer);
        let ctx = f.article(article, &mut s);
        let base = (f.n_features() - 3) as u32;
        let without = f.transform(comment, None, &mut s, None);
        assert!(without.indices.iter().all(|&i| i < base));
        let with = f.transform(comment, Some(&ctx), &mut s, None);
        let context: Vec<(u32, f64)> = with
            .indices
            .iter()
            .zip(&with.values)
            .filter(|(i, _)| **i >= base)
            .map(|(i, v)| (*i, *v))
            .collect();
        assert_eq!(context.len(), 3, "{context:?}");
        assert!(
            context[0].1 > 0.3 && context[0].1 <= 1.0 + 1e-12,
            "cosine {}",
            context[0].1
        );
        // Content words: reported, council, approved, twelve, hundred, homes; 5 of 6 are in the article.
        assert!((context[1].1 - 5.0 / 6.0).abs() < 1e-12, "shared {}", context[1].1);
        // "the council approved twelve hundred homes": a run of 6 words.
        assert!((context[2].1 - 0.6).abs() < 1e-12, "run {}", context[2].1);
        let unrelated = f.transform("unrelated words here", Some(&ctx), &mut s, None);
        assert!(
            unrelated.indices.iter().all(|&i| i < base),
            "no overlap, no context values"
        );
    }

    #[test]
    fn rejects_bad_config_with_values() {
        let e = FeaturizerConfig {
            word_ngrams: (2, 1),
            ..FeaturizerConfig::default()
        }
        .check()
        .unwrap_err();
        assert!(e.to_string().contains("2..1"), "{e}");
        let e = FeaturizerConfig {
            max_df: 1.5,
            ..FeaturizerConfig::default()
        }
        .check()
        .unwrap_err();
        assert!(e.to_string().contains("1.5"), "{e}");
        let e = Featurizer::fit(
            &FeaturizerConfig {
                min_df: 5,
                ..FeaturizerConfig::default()
            },
            &["a b", "c d"],
        )
        .unwrap_err();
        assert!(e.to_string().contains("empty vocabulary"), "{e}");
    }
}
