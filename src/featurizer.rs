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
use crate::sparse::{IdCounts, SparseVec};
use crate::text::{Analysis, Analyzer, Kind, Language, NO_ENTRY, PREFIXES, SHORT_KEY_BYTES, Token, short_key};

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
    /// Ids by n-gram text, for character n-grams only ([`Featurizer::new`] builds it): word
    /// n-grams are looked up by term ids ([`GramIndex`]), and a copy of the word vocabulary
    /// cost 50,000 string copies at every model load.
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
        Ok(Block {
            terms,
            idf,
            index: FxHashMap::default(),
        })
    }

    /// The same block with its lookup by text.
    fn indexed(mut self) -> Self {
        self.index = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        self
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
    /// The n-grams found in the text being scored, by feature id of their block.
    hits: IdCounts,
    term_ids: Vec<TermInfo>,
    cached_ids: TermIds,
    /// One block's distinct n-grams and their TF-IDF before the norm (written by index,
    /// longer than the text being scored needs).
    weighted: Vec<(u32, f64)>,
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
            hits: IdCounts::default(),
            term_ids: Vec::new(),
            cached_ids: TermIds::default(),
            weighted: Vec::new(),
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
/// by array index, bigrams in an open-addressing table of `u64` keys, longer n-grams by an
/// array of ids.
#[derive(Debug, Clone, Default)]
struct GramIndex {
    /// Tells the models apart in a scratch's cache of term ids ([`TermIds`]).
    tag: u64,
    /// What the vocabulary knows of terms of at most [`SHORT_KEY_BYTES`] bytes, by
    /// [`short_key`] (nearly all): an integer compare instead of a `memcmp` per lookup.
    /// Markers, emoji and domains (a tenth of a tweet's tokens) are looked up by their
    /// text for every text, and every word once per word-cache generation.
    short_terms: ShortTerms,
    /// Term ids of the longer terms.
    terms: FxHashMap<Box<str>, u32>,
    /// By term id: its unigram and whether it starts or ends a bigram.
    by_term: Vec<TermInfo>,
    bigrams: BigramTable,
    longer: FxHashMap<GramKey, u32>,
}

/// What scoring needs of a term, in one load: its id, the feature id of its unigram (or
/// [`ABSENT`]) and its [`FIRST`] and [`SECOND`] bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TermInfo {
    term: u32,
    unigram: u32,
    roles: u32,
}

/// The term starts some bigram of the vocabulary.
const FIRST: u32 = 1;
/// The term ends some bigram of the vocabulary.
const SECOND: u32 = 2;

/// A word outside the vocabulary: no unigram, in no bigram.
const OUTSIDE: TermInfo = TermInfo {
    term: ABSENT,
    unigram: ABSENT,
    roles: 0,
};

/// Not looked up yet (in [`TermIds`]).
const UNKNOWN_INFO: TermInfo = TermInfo {
    term: UNKNOWN,
    unigram: ABSENT,
    roles: 0,
};

/// Term ids of an n-gram (3 <= n <= 5); unused slots hold `u32::MAX`.
type GramKey = [u32; 5];

/// No such term or n-gram in the vocabulary.
const ABSENT: u32 = u32::MAX;
/// Not looked up yet (in [`TermIds`]).
const UNKNOWN: u32 = u32::MAX - 1;

/// Bigram feature ids by `first << 32 | second` term id: linear probing in a power-of-two
/// table at most half full, hashed by one multiplication (Fibonacci hashing). Cheaper than
/// a general hash map for the one lookup per pair of known words that scoring makes.
#[derive(Debug, Clone, Default)]
struct BigramTable {
    /// Keys, [`EMPTY`] in free slots. A key of two term ids is never `u64::MAX`: term ids
    /// are below [`UNKNOWN`].
    keys: Vec<u64>,
    values: Vec<u32>,
    /// `64 - log2(keys.len())`.
    shift: u32,
}

const EMPTY: u64 = u64::MAX;

impl BigramTable {
    fn new(pairs: &[(u64, u32)]) -> Self {
        let len = (pairs.len() * 2).next_power_of_two().max(16);
        let mut table = BigramTable {
            keys: vec![EMPTY; len],
            values: vec![ABSENT; len],
            shift: 64 - len.trailing_zeros(),
        };
        for &(key, value) in pairs {
            let mut i = table.slot(key);
            while table.keys[i] != EMPTY && table.keys[i] != key {
                i = (i + 1) & (len - 1);
            }
            table.keys[i] = key;
            table.values[i] = value;
        }
        table
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The feature id of bigram `key`, or [`ABSENT`].
    #[inline]
    fn get(&self, key: u64) -> u32 {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return self.values[i];
            }
            if k == EMPTY {
                return ABSENT;
            }
            i = (i + 1) & mask;
        }
    }
}

impl GramIndex {
    /// Vocabulary entries are terms joined by single spaces; terms hold no whitespace.
    fn new(words: &Block) -> Self {
        static TAGS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut index = GramIndex {
            tag: TAGS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..GramIndex::default()
        };
        let mut unigrams: Vec<(u32, u32)> = Vec::new();
        let mut bigrams: Vec<(u64, u32)> = Vec::new();
        // Borrowed while numbering: no allocation per term occurrence.
        let mut terms: FxHashMap<&str, u32> = FxHashMap::default();
        terms.reserve(words.terms.len());
        for (id, gram) in words.terms.iter().enumerate() {
            let mut key = [u32::MAX; 5];
            let mut n = 0;
            for (slot, term) in key.iter_mut().zip(gram.split(' ')) {
                let next = terms.len() as u32;
                *slot = *terms.entry(term).or_insert(next);
                n += 1;
            }
            match n {
                1 => unigrams.push((key[0], id as u32)),
                2 => bigrams.push((bigram_key(key[0], key[1]), id as u32)),
                _ => {
                    index.longer.insert(key, id as u32);
                }
            }
        }
        let n_terms = terms.len() as u32;
        index.by_term = (0..n_terms)
            .map(|term| TermInfo {
                term,
                unigram: ABSENT,
                roles: 0,
            })
            .collect();
        for (term, id) in unigrams {
            index.by_term[term as usize].unigram = id;
        }
        for &(key, _) in &bigrams {
            index.by_term[(key >> 32) as usize].roles |= FIRST;
            index.by_term[key as u32 as usize].roles |= SECOND;
        }
        let mut short = Vec::with_capacity(terms.len());
        for (term, id) in terms {
            if term.len() <= SHORT_KEY_BYTES {
                short.push((short_key(term.as_bytes()), index.by_term[id as usize]));
            } else {
                index.terms.insert(term.into(), id);
            }
        }
        index.short_terms = ShortTerms::new(&short);
        index.bigrams = BigramTable::new(&bigrams);
        index
    }

    /// What the vocabulary knows of `term` ([`OUTSIDE`] if nothing).
    #[inline]
    fn info(&self, term: &str) -> TermInfo {
        if term.len() <= SHORT_KEY_BYTES {
            self.short_terms.get(short_key(term.as_bytes()))
        } else {
            self.long_info(term)
        }
    }

    /// [`GramIndex::info`] of a term longer than [`SHORT_KEY_BYTES`] (rare: out of line).
    #[inline(never)]
    fn long_info(&self, term: &str) -> TermInfo {
        self.terms.get(term).map_or(OUTSIDE, |&t| self.by_term[t as usize])
    }
}

/// [`TermInfo`]s by [`short_key`] (the key as two halves): linear probing in a power-of-two
/// table at most half full, an empty slot's term [`ABSENT`]; one multiply-and-shift hash
/// and, mostly, one slot read (a `HashMap<u128, u32>` and then `by_term` cost three times
/// the instructions).
#[derive(Debug, Clone)]
struct ShortTerms {
    slots: Vec<([u64; 2], TermInfo)>,
    /// `64 - log2(slots.len())`.
    shift: u32,
}

impl Default for ShortTerms {
    fn default() -> Self {
        ShortTerms::new(&[])
    }
}

impl ShortTerms {
    /// Keys are distinct.
    fn new(entries: &[(u128, TermInfo)]) -> Self {
        let len = (entries.len() * 2).next_power_of_two().max(16);
        let mut table = ShortTerms {
            slots: vec![([0, 0], OUTSIDE); len],
            shift: 64 - len.trailing_zeros(),
        };
        for &(key, info) in entries {
            let key = halves(key);
            let mut i = table.slot(key);
            while table.slots[i].1.term != ABSENT {
                i = (i + 1) & (len - 1);
            }
            table.slots[i] = (key, info);
        }
        table
    }

    #[inline]
    fn slot(&self, [lo, hi]: [u64; 2]) -> usize {
        (((lo.wrapping_mul(0x9E37_79B9_7F4A_7C15)) ^ hi.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)) >> self.shift) as usize
    }

    /// The entry of `key`, or [`OUTSIDE`].
    #[inline]
    fn get(&self, key: u128) -> TermInfo {
        let key = halves(key);
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let (k, info) = self.slots[i];
            if k == key || info.term == ABSENT {
                // An empty slot holds OUTSIDE.
                return info;
            }
            i = (i + 1) & mask;
        }
    }
}

#[inline]
fn halves(key: u128) -> [u64; 2] {
    [key as u64, (key >> 64) as u64]
}

fn bigram_key(first: u32, second: u32) -> u64 {
    (first as u64) << 32 | second as u64
}

/// A scratch's vocabulary entries ([`TermInfo`]) of the analyzer's cached words
/// ([`Token::entry`]), for one model and one generation of the analyzer's word cache.
#[derive(Debug, Clone, Default)]
struct TermIds {
    key: (u64, u64),
    ids: Vec<TermInfo>,
}

impl Featurizer {
    pub fn new(config: FeaturizerConfig, words: Block, chars: Option<Block>) -> Self {
        let word_grams = GramIndex::new(&words);
        let chars = chars.map(Block::indexed);
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

    /// Folds `f(acc, id, value)` over every feature of the row [`Featurizer::transform`]
    /// gives `text` without an article, in increasing id order, without writing the row:
    /// what scoring needs (the same values, so the same sums in the same order).
    pub fn fold_features<A>(&self, text: &str, s: &mut Scratch, acc: A, mut f: impl FnMut(A, u32, f64) -> A) -> A {
        s.analyzer.analyze(text, &mut s.analysis);
        self.collect_hits(&self.words, s, false, 0, None);
        let mut acc = self.weigh(&self.words, s, 0, acc, &mut f);
        if let Some(chars) = &self.chars {
            let offset = self.words.len() as u32;
            self.collect_hits(chars, s, true, offset, None);
            acc = self.weigh(chars, s, offset, acc, &mut f);
        }
        acc
    }

    /// Appends the TF-IDF of one block for the analysis in `s`, ids shifted by `offset`,
    /// scaled to unit norm on its own.
    fn append_block(
        &self,
        block: &Block,
        s: &mut Scratch,
        char_level: bool,
        offset: u32,
        trace: Option<&mut Vec<(u32, Range<usize>)>>,
        out: &mut SparseVec,
    ) {
        self.collect_hits(block, s, char_level, offset, trace);
        self.weigh(block, s, offset, (), &mut |(), id, v| {
            out.indices.push(id);
            out.values.push(v);
        });
    }

    /// Counts in `s.hits` the n-grams of one block found in the analysis in `s`; with
    /// `trace`, also records each occurrence (id shifted by `offset`) and its byte span.
    fn collect_hits(
        &self,
        block: &Block,
        s: &mut Scratch,
        char_level: bool,
        offset: u32,
        mut trace: Option<&mut Vec<(u32, Range<usize>)>>,
    ) {
        s.hits.clear(block.len());
        if char_level {
            let hits = &mut s.hits;
            let mut on_gram = |g: &str, span: Range<usize>| {
                if let Some(&id) = block.index.get(g) {
                    hits.push(id);
                    if let Some(t) = trace.as_deref_mut() {
                        t.push((id + offset, span));
                    }
                }
            };
            let range = self.config.char_ngrams.unwrap_or((1, 1));
            for_each_char_ngram(&s.analysis, range, &mut s.key, &mut on_gram);
            return;
        }
        let cached = &mut s.cached_ids;
        let key = (self.word_grams.tag, s.analyzer.cache_generation());
        if cached.key != key {
            cached.key = key;
            cached.ids.clear();
        }
        let (lo, hi) = self.config.word_ngrams;
        if hi <= 2 && trace.is_none() {
            self.unigrams_and_bigrams(s);
            return;
        }
        let (a, grams, hits) = (&s.analysis, &self.word_grams, &mut s.hits);
        let span = |start: usize, n: usize| a.tokens[start].span.start..a.tokens[start + n - 1].span.end;
        let mut hit = |g: u32, start: usize, n: usize| {
            hits.push(g);
            if let Some(t) = trace.as_deref_mut() {
                t.push((g + offset, span(start, n)));
            }
        };
        let ids = &mut s.term_ids;
        ids.clear();
        ids.extend(a.tokens.iter().map(|t| term_info(grams, a, t, cached)));
        for start in 0..ids.len() {
            // An n-gram with a term outside the vocabulary is not in it, nor any longer one.
            let first = ids[start];
            if first.term == ABSENT {
                continue;
            }
            if lo <= 1 && first.unigram != ABSENT {
                hit(first.unigram, start, 1);
            }
            if hi < 2 {
                continue;
            }
            let second = match ids.get(start + 1) {
                Some(id) if id.term != ABSENT => id.term,
                _ => continue,
            };
            if lo <= 2 {
                let g = grams.bigrams.get(bigram_key(first.term, second));
                if g != ABSENT {
                    hit(g, start, 2);
                }
            }
            let mut key = [u32::MAX; 5];
            key[0] = first.term;
            key[1] = second;
            for n in 3..=hi {
                let Some(id) = ids.get(start + n - 1).filter(|id| id.term != ABSENT) else {
                    break;
                };
                key[n - 1] = id.term;
                if n >= lo {
                    if let Some(&g) = grams.longer.get(&key) {
                        hit(g, start, n);
                    }
                }
            }
        }
    }

    /// [`Featurizer::collect_hits`] of word n-grams up to bigrams, untraced (scoring with
    /// the default n-gram range): one pass over the tokens; a bigram is looked up only when
    /// its first term starts one and its second ends one.
    fn unigrams_and_bigrams(&self, s: &mut Scratch) {
        match (self.config.word_ngrams.0 <= 1, self.config.word_ngrams.1 == 2) {
            (true, true) => self.grams_to_2::<true, true>(s),
            (true, false) => self.grams_to_2::<true, false>(s),
            (false, true) => self.grams_to_2::<false, true>(s),
            (false, false) => {}
        }
    }

    /// [`Featurizer::unigrams_and_bigrams`], with whether to look for each known at
    /// compile time.
    fn grams_to_2<const UNIGRAMS: bool, const BIGRAMS: bool>(&self, s: &mut Scratch) {
        let (a, grams, cached) = (&s.analysis, &self.word_grams, &mut s.cached_ids);
        // At most a unigram and a bigram per token.
        s.hits.push_many(2 * a.tokens.len(), |hits| {
            let mut n = 0;
            let mut prev = OUTSIDE;
            for t in &a.tokens {
                let info = term_info(grams, a, t, cached);
                if UNIGRAMS && info.unigram != ABSENT {
                    hits[n] = info.unigram;
                    n += 1;
                }
                if BIGRAMS && prev.roles & FIRST != 0 && info.roles & SECOND != 0 {
                    let g = grams.bigrams.get(bigram_key(prev.term, info.term));
                    if g != ABSENT {
                        hits[n] = g;
                        n += 1;
                    }
                }
                prev = info;
            }
            n
        });
    }

    /// Folds `f(acc, id + offset, value)` over the TF-IDF of the n-grams counted in
    /// `s.hits` for `block`, in increasing id order, scaled to unit norm (and forgets them).
    #[inline]
    fn weigh<A>(&self, block: &Block, s: &mut Scratch, offset: u32, acc: A, f: &mut impl FnMut(A, u32, f64) -> A) -> A {
        // Increasing ids with their counts (the order, and so the sums, of sorting the
        // hits), weighted; then each value over the block's norm. The weighted values wait
        // in `s.weighted`, written by index: at most one per hit.
        let weighted = &mut s.weighted;
        let n_hits = s.hits.len();
        if weighted.len() < n_hits {
            weighted.resize(n_hits, (0, 0.0));
        }
        let sublinear = self.config.sublinear_tf;
        let (mut k, mut squares) = (0, 0.0);
        s.hits.drain(|id, n| {
            // Most n-grams occur once: tf = 1 + ln(1) = 1 exactly, and 1 * idf = idf.
            let idf = block.idf[id as usize];
            let v = match n {
                1 => idf,
                n if sublinear => (1.0 + (n as f64).ln()) * idf,
                n => n as f64 * idf,
            };
            // The sum of squares in id order, as `Iterator::sum` of the row's values gives.
            squares += v * v;
            weighted[k] = (id, v);
            k += 1;
        });
        let norm = f64::sqrt(squares);
        let weighted = &weighted[..k];
        let mut acc = acc;
        // Never 0 with a feature: every value is at least 1 (an IDF is; see `IDF_RANGE`).
        if norm > 0.0 {
            for &(id, v) in weighted {
                acc = f(acc, id + offset, v / norm);
            }
        } else {
            for &(id, v) in weighted {
                acc = f(acc, id + offset, v);
            }
        }
        acc
    }
}

/// What the vocabulary knows of token `t`'s term: from `cached` when the token is a cached
/// word's, else (and then into `cached`) by looking its term up.
#[inline(always)]
fn term_info(grams: &GramIndex, a: &Analysis, t: &Token, cached: &mut TermIds) -> TermInfo {
    if t.entry == NO_ENTRY {
        return grams.info(a.term(t));
    }
    let e = entry_slot(t);
    // One bounds check on the common path, a word looked up before.
    if let Some(&info) = cached.ids.get(e) {
        if info.term != UNKNOWN {
            return info;
        }
    }
    cache_term_info(grams, a, t, cached);
    cached.ids[e]
}

/// Puts in `cached` the [`term_info`] of a cached word not looked up yet with this model
/// (returning nothing: then the common path's value is not kept in memory for it).
#[cold]
fn cache_term_info(grams: &GramIndex, a: &Analysis, t: &Token, cached: &mut TermIds) {
    let e = entry_slot(t);
    if cached.ids.len() <= e {
        cached.ids.resize(e + 1, UNKNOWN_INFO);
    }
    cached.ids[e] = grams.info(a.term(t));
}

/// Where [`TermIds`] keeps the entry of a cached word's token: by word-cache entry and
/// prefix (`neg_idiot` is the cached `idiot` after a prefix).
#[inline]
fn entry_slot(t: &Token) -> usize {
    t.entry as usize * PREFIXES.len() + t.prefix as usize
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gram_index_finds_every_unigram_and_bigram_of_the_vocabulary() {
        let f = &crate::Classifier::default_model().featurizer;
        let grams = &f.word_grams;
        let (mut unigrams, mut bigrams) = (0, 0);
        for (id, gram) in f.words.terms.iter().enumerate() {
            let parts: Vec<TermInfo> = gram.split(' ').map(|t| grams.info(t)).collect();
            match parts[..] {
                [one] => {
                    assert_eq!(one.unigram, id as u32, "{gram}");
                    unigrams += 1;
                }
                [first, second] => {
                    assert!(first.roles & FIRST != 0 && second.roles & SECOND != 0, "{gram}");
                    assert_eq!(
                        grams.bigrams.get(bigram_key(first.term, second.term)),
                        id as u32,
                        "{gram}"
                    );
                    bigrams += 1;
                }
                _ => {}
            }
        }
        assert!(
            unigrams > 1000 && bigrams > 1000,
            "{unigrams} unigrams, {bigrams} bigrams"
        );
        assert_eq!(grams.info("no-such-term"), OUTSIDE);
        // Pairs of known terms that are no bigram of the vocabulary are not found.
        let known: std::collections::HashSet<&str> = f.words.terms.iter().map(String::as_str).collect();
        let firsts = f.words.terms.iter().filter(|t| !t.contains(' ')).take(300);
        let mut absent = 0;
        for first in firsts {
            for second in ["the", "idiot", "said"] {
                if !known.contains(format!("{first} {second}").as_str()) {
                    let (a, b) = (grams.info(first), grams.info(second));
                    assert_eq!(
                        grams.bigrams.get(bigram_key(a.term, b.term)),
                        ABSENT,
                        "{first} {second}"
                    );
                    absent += 1;
                }
            }
        }
        assert!(absent > 100);
    }

    #[test]
    fn the_bigram_table_keeps_colliding_keys_apart() {
        // Keys that differ only above the bits the hash keeps end in the same probe run.
        let pairs: Vec<(u64, u32)> = (0..100u32).map(|i| (bigram_key(i, 7), i * 3)).collect();
        let table = BigramTable::new(&pairs);
        for &(key, value) in &pairs {
            assert_eq!(table.get(key), value);
        }
        assert_eq!(table.get(bigram_key(100, 7)), ABSENT);
        assert_eq!(table.get(bigram_key(7, 0)), ABSENT);
        assert_eq!(BigramTable::new(&[]).get(0), ABSENT);
    }

    #[test]
    fn the_short_term_table_keeps_colliding_keys_apart() {
        // Enough keys for some to share a first slot (checked below), and words whose keys
        // differ in one half.
        let info = |term: u32| TermInfo {
            term,
            unigram: term + 1,
            roles: term % 4,
        };
        let mut entries: Vec<(u128, TermInfo)> = (1..=300u32)
            .map(|i| ((i as u128) << 100 | i as u128, info(i)))
            .collect();
        entries.extend(
            ["a", "ab", "ba", "abcdefghi", "abcdefghj", "\u{1f602}"]
                .iter()
                .zip(1000..)
                .map(|(w, i)| (short_key(w.as_bytes()), info(i))),
        );
        let table = ShortTerms::new(&entries);
        let homes: std::collections::HashSet<usize> = entries.iter().map(|&(key, _)| table.slot(halves(key))).collect();
        assert!(homes.len() < entries.len() - 10, "{} first slots", homes.len());
        for &(key, value) in &entries {
            assert_eq!(table.get(key), value);
        }
        assert_eq!(table.get(301 << 100 | 301), OUTSIDE);
        assert_eq!(table.get(1 << 100), OUTSIDE);
        assert_eq!(table.get(short_key(b"abcdefghk")), OUTSIDE);
        assert_eq!(table.get(short_key(b"")), OUTSIDE);
        assert_eq!(ShortTerms::default().get(short_key(b"a")), OUTSIDE);
    }

    #[test]
    fn char_ngrams_are_found_after_a_load() {
        // " ab " -> " a", "ab", "b ", " ab", "ab "; the char block is looked up by text.
        let config = FeaturizerConfig {
            word_ngrams: (1, 1),
            char_ngrams: Some((2, 3)),
            min_df: 1,
            stemmer: None,
            ..FeaturizerConfig::default()
        };
        let chars = Block::new(
            [" a", " ab", "ab", "ab ", "b "].map(String::from).to_vec(),
            vec![1.0; 5],
        )
        .unwrap();
        let words = Block::new(vec!["ab".to_string()], vec![1.0]).unwrap();
        let f = Featurizer::new(config, words, Some(chars));
        let row = f.transform("ab", None, &mut Scratch::new(None), None);
        assert_eq!(row.indices, [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn cached_entries_of_prefixed_words_are_those_of_their_terms() {
        let f = &crate::Classifier::default_model().featurizer;
        let mut s = Scratch::new(f.config.stemmer);
        let text = "He is not a liar and not an idiot, liar! They said \"idiot liar\" and no idiot lies.";
        // Twice: the second analysis replays every word from the analyzer's cache, and
        // its prefixed words find their entries under (entry, prefix).
        for round in 0..2 {
            s.analyzer.analyze(text, &mut s.analysis);
            let (mut prefixed, mut cached) = (0, 0);
            for t in &s.analysis.tokens {
                let term = s.analysis.term(t);
                let info = term_info(&f.word_grams, &s.analysis, t, &mut s.cached_ids);
                assert_eq!(info, f.word_grams.info(term), "{term} (round {round})");
                prefixed += usize::from(term.starts_with("neg_") || term.starts_with("q_"));
                cached += usize::from(t.prefix != 0 && t.entry != NO_ENTRY);
            }
            assert!(prefixed >= 4, "{prefixed}");
            if round == 1 {
                assert_eq!(cached, prefixed);
            }
        }
    }

    #[test]
    fn scoring_and_tracing_give_the_same_row() {
        let f = &crate::Classifier::default_model().featurizer;
        let mut s = Scratch::new(f.config.stemmer);
        for text in [
            "You are not a fool, said the BBC. \"Total idiots\" all of them!!",
            "RT @someone: the the the hoes ain't loyal http://t.co/x",
            "",
        ] {
            let plain = f.transform(text, None, &mut s, None);
            let mut trace = Vec::new();
            let traced = f.transform(text, None, &mut s, Some(&mut trace));
            assert_eq!(plain, traced, "{text}");
            let mut ids: Vec<u32> = trace.iter().map(|(id, _)| *id).collect();
            ids.dedup();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids, plain.indices, "{text}");
        }
    }
}
