//! The fitted TF-IDF featurizer: text → sparse feature row.
//!
//! Feature layout: `[word n-grams | character n-grams | article context]`. Each n-gram
//! block is weighted and L2-normalised on its own (as scikit-learn's `FeatureUnion` of two
//! `TfidfVectorizer`s would); the three context features ([`crate::article`]) follow,
//! present only when a comment comes with its article. Vocabulary and IDF are fixed at fit
//! time (fitting is in `vocabulary.rs`, behind the `train` feature).

use std::ops::Range;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::article::{ArticleContext, CONTEXT_FEATURES};
use crate::error::{Error, Result};
use crate::sparse::SparseVec;
use crate::text::{Analysis, Analyzer, Kind, Language, NO_ENTRY, Token};

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
    pub stemmer: Option<Language>,
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
            stemmer: Some(Language::English),
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

/// IDF values lie in `[1, 1 + ln(n + 1)]` for `n` fitting documents; far larger values
/// would overflow a row's norm (zeroing every feature) or its values, so a model file
/// holding one is refused.
const IDF_RANGE: std::ops::RangeInclusive<f64> = 1.0..=1e6;

/// One block of n-grams: sorted terms, their IDF, and the lookup rebuilt on load.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    pub terms: Vec<String>,
    pub idf: Vec<f64>,
    index: FxHashMap<String, u32>,
}

impl Block {
    /// Errors name the field relative to the block (`vocabulary[3]`, `idf[5]`).
    pub fn new(terms: Vec<String>, idf: Vec<f64>) -> Result<Self> {
        if terms.len() != idf.len() {
            return Err(Error::model_field(
                "idf",
                format!("{} terms but {} idf values", terms.len(), idf.len()),
            ));
        }
        if let Some(i) = terms.windows(2).position(|w| w[0] >= w[1]) {
            return Err(Error::model_field(
                format!("vocabulary[{}]", i + 1),
                "vocabulary is not strictly sorted",
            ));
        }
        if let Some(i) = idf.iter().position(|v| !IDF_RANGE.contains(v)) {
            return Err(Error::model_field(
                format!("idf[{i}]"),
                format!(
                    "{} is out of range (an idf value is at least 1 and at most 1e6)",
                    idf[i]
                ),
            ));
        }
        let index = terms.iter().enumerate().map(|(i, t)| (t.clone(), i as u32)).collect();
        Ok(Block { terms, idf, index })
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }
}

/// What a feature is.
///
/// # Example
/// ```
/// use claimscore::{Classifier, FeatureKind};
/// let e = Classifier::default_model().explain("You absolute clown.", 1);
/// assert_eq!(e.labels[0].for_label.iter().chain(&e.labels[0].against_label).next().unwrap().kind, FeatureKind::Word);
/// assert_eq!(FeatureKind::Article.to_string(), "article");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum FeatureKind {
    /// A word n-gram: stemmed terms joined by spaces.
    Word,
    /// A character n-gram inside a word.
    Char,
    /// An article-context feature (`article:cosine`, ...).
    Article,
}

impl FeatureKind {
    /// `word`, `char` or `article`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(claimscore::FeatureKind::Char.as_str(), "char");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureKind::Word => "word",
            FeatureKind::Char => "char",
            FeatureKind::Article => "article",
        }
    }
}

impl std::fmt::Display for FeatureKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Per-thread buffers, so scoring allocates only when a text is longer than any before.
#[derive(Clone)]
pub(crate) struct Scratch {
    stemmer: Option<Language>,
    pub analyzer: Analyzer,
    pub analysis: Analysis,
    pub key: String,
    hits: Vec<u32>,
    term_ids: Vec<u32>,
    cached_ids: TermIds,
    /// The row being scored.
    pub row: SparseVec,
}

impl Scratch {
    pub fn new(stemmer: Option<Language>) -> Self {
        Scratch {
            stemmer,
            analyzer: Analyzer::new(stemmer),
            analysis: Analysis::default(),
            key: String::new(),
            hits: Vec::new(),
            term_ids: Vec::new(),
            cached_ids: TermIds::default(),
            row: SparseVec::default(),
        }
    }

    /// Runs `f` with this thread's scratch for `stemmer`, so buffers and cached stems
    /// survive between calls (rayon's worker threads live as long as the pool).
    pub fn with<R>(stemmer: Option<Language>, f: impl FnOnce(&mut Scratch) -> R) -> R {
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

/// Word n-grams looked up by the ids of their terms: one string lookup per token (none
/// for a word the scratch's cache has seen with this model), then integer keys: unigrams
/// by array index, bigrams by one `u64`, longer n-grams by an array of ids.
#[derive(Debug, Clone, Default)]
struct GramIndex {
    /// Tells the models apart in a scratch's cache of term ids ([`TermIds`]).
    tag: u64,
    terms: FxHashMap<Box<str>, u32>,
    /// By term id: the feature id of the unigram, or [`ABSENT`].
    unigrams: Vec<u32>,
    /// By `first << 32 | second` term id.
    bigrams: FxHashMap<u64, u32>,
    longer: FxHashMap<GramKey, u32>,
}

/// Term ids of an n-gram (3 <= n <= 5); unused slots hold `u32::MAX`.
type GramKey = [u32; 5];

/// No such term or n-gram in the vocabulary.
const ABSENT: u32 = u32::MAX;
/// Not looked up yet (in [`TermIds`]).
const UNKNOWN: u32 = u32::MAX - 1;

impl GramIndex {
    /// Vocabulary entries are terms joined by single spaces; terms hold no whitespace.
    fn new(words: &Block) -> Self {
        static TAGS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut index = GramIndex {
            tag: TAGS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..GramIndex::default()
        };
        for (id, gram) in words.terms.iter().enumerate() {
            let mut key = [u32::MAX; 5];
            let mut n = 0;
            for (slot, term) in key.iter_mut().zip(gram.split(' ')) {
                let next = index.terms.len() as u32;
                *slot = *index.terms.entry(term.into()).or_insert(next);
                n += 1;
            }
            match n {
                1 => {
                    let t = key[0] as usize;
                    if index.unigrams.len() <= t {
                        index.unigrams.resize(t + 1, ABSENT);
                    }
                    index.unigrams[t] = id as u32;
                }
                2 => {
                    index.bigrams.insert(bigram_key(key[0], key[1]), id as u32);
                }
                _ => {
                    index.longer.insert(key, id as u32);
                }
            }
        }
        index.unigrams.resize(index.terms.len(), ABSENT);
        index
    }

    fn term(&self, term: &str) -> u32 {
        self.terms.get(term).copied().unwrap_or(ABSENT)
    }
}

fn bigram_key(first: u32, second: u32) -> u64 {
    (first as u64) << 32 | second as u64
}

/// A scratch's vocabulary term ids of the analyzer's cached words ([`Token::entry`]), for
/// one model and one generation of the analyzer's word cache.
#[derive(Debug, Clone, Default)]
struct TermIds {
    key: (u64, u64),
    ids: Vec<u32>,
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
            (FeatureKind::Article, CONTEXT_FEATURES[id - nw - nc])
        }
    }

    /// Prepares an article for [`Featurizer::transform`].
    pub fn article(&self, text: &str, s: &mut Scratch) -> ArticleContext {
        s.analyzer.analyze(text, &mut s.analysis);
        let mut words = SparseVec::default();
        self.append_block(&self.words, s, false, 0, None, &mut words);
        ArticleContext::new(words, &s.analysis)
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
        row.clear();
        s.analyzer.analyze(text, &mut s.analysis);
        self.append_block(&self.words, s, false, 0, trace.as_deref_mut(), row);
        // Only word ids can match the article's (word-block) vector.
        let cosine = article.map(|a| row.dot(&a.words));
        if let Some(chars) = &self.chars {
            self.append_block(chars, s, true, self.words.len() as u32, trace, row);
        }
        if let (true, Some(article), Some(cosine)) = (self.config.article_features, article, cosine) {
            let base = (self.n_features() - CONTEXT_FEATURES.len()) as u32;
            let values = article.values(&s.analysis, cosine);
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
            let grams = &self.word_grams;
            let cached = &mut s.cached_ids;
            let key = (grams.tag, s.analyzer.cache_generation());
            if cached.key != key {
                cached.key = key;
                cached.ids.clear();
            }
            let ids = &mut s.term_ids;
            ids.clear();
            ids.extend(a.tokens.iter().map(|t| term_id(grams, a, t, cached)));
            let (lo, hi) = self.config.word_ngrams;
            let span = |start: usize, n: usize| a.tokens[start].span.start..a.tokens[start + n - 1].span.end;
            let mut hit = |g: u32, start: usize, n: usize| {
                hits.push(g);
                if let Some(t) = trace.as_deref_mut() {
                    t.push((g + offset, span(start, n)));
                }
            };
            for start in 0..ids.len() {
                // An n-gram with a term outside the vocabulary is not in it, nor any longer one.
                let first = ids[start];
                if first == ABSENT {
                    continue;
                }
                if lo <= 1 {
                    let g = grams.unigrams[first as usize];
                    if g != ABSENT {
                        hit(g, start, 1);
                    }
                }
                if hi < 2 {
                    continue;
                }
                let second = match ids.get(start + 1) {
                    Some(&id) if id != ABSENT => id,
                    _ => continue,
                };
                if lo <= 2 {
                    if let Some(&g) = grams.bigrams.get(&bigram_key(first, second)) {
                        hit(g, start, 2);
                    }
                }
                let mut key = [u32::MAX; 5];
                key[0] = first;
                key[1] = second;
                for n in 3..=hi {
                    let Some(&id) = ids.get(start + n - 1).filter(|&&id| id != ABSENT) else {
                        break;
                    };
                    key[n - 1] = id;
                    if n >= lo {
                        if let Some(&g) = grams.longer.get(&key) {
                            hit(g, start, n);
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

/// The vocabulary term id of token `t` (or [`ABSENT`]): from `cached` when the token is a
/// cached word's, else (and then into `cached`) by looking its term up.
#[inline]
fn term_id(grams: &GramIndex, a: &Analysis, t: &Token, cached: &mut TermIds) -> u32 {
    if t.entry == NO_ENTRY {
        return grams.term(a.term(t));
    }
    let e = t.entry as usize;
    if cached.ids.len() <= e {
        cached.ids.resize(e + 1, UNKNOWN);
    }
    if cached.ids[e] == UNKNOWN {
        cached.ids[e] = grams.term(a.term(t));
    }
    cached.ids[e]
}

/// Calls `f` with every character n-gram of every word, padded with one space on each side
/// (scikit-learn's `char_wb`), and the word's byte span.
pub(crate) fn for_each_char_ngram(
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
