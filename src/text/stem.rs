//! Stage 3: Snowball stemming, with a per-thread cache of stems.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::cache::{SHORT, short_key};

/// The language of the Snowball stemmer. Stored in the model file by name (`"English"`).
///
/// # Example
/// ```
/// use claimscore::{FeaturizerConfig, Language};
/// assert_eq!(FeaturizerConfig::default().stemmer, Some(Language::English));
/// assert_eq!(serde_json::to_string(&Language::English).unwrap(), "\"English\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Language {
    /// Arabic.
    Arabic,
    /// Danish.
    Danish,
    /// Dutch.
    Dutch,
    /// English (the bundled model's).
    English,
    /// Finnish.
    Finnish,
    /// French.
    French,
    /// German.
    German,
    /// Greek.
    Greek,
    /// Hungarian.
    Hungarian,
    /// Italian.
    Italian,
    /// Norwegian.
    Norwegian,
    /// Portuguese.
    Portuguese,
    /// Romanian.
    Romanian,
    /// Russian.
    Russian,
    /// Spanish.
    Spanish,
    /// Swedish.
    Swedish,
    /// Tamil.
    Tamil,
    /// Turkish.
    Turkish,
}

impl Language {
    fn algorithm(self) -> Algorithm {
        match self {
            Language::Arabic => Algorithm::Arabic,
            Language::Danish => Algorithm::Danish,
            Language::Dutch => Algorithm::Dutch,
            Language::English => Algorithm::English,
            Language::Finnish => Algorithm::Finnish,
            Language::French => Algorithm::French,
            Language::German => Algorithm::German,
            Language::Greek => Algorithm::Greek,
            Language::Hungarian => Algorithm::Hungarian,
            Language::Italian => Algorithm::Italian,
            Language::Norwegian => Algorithm::Norwegian,
            Language::Portuguese => Algorithm::Portuguese,
            Language::Romanian => Algorithm::Romanian,
            Language::Russian => Algorithm::Russian,
            Language::Spanish => Algorithm::Spanish,
            Language::Swedish => Algorithm::Swedish,
            Language::Tamil => Algorithm::Tamil,
            Language::Turkish => Algorithm::Turkish,
        }
    }
}

const STEM_CACHE_LIMIT: usize = 200_000;

/// Bound on the bytes of the stems kept, so that their `u32` offsets cannot overflow.
const STEM_TEXT_LIMIT: usize = 1 << 24;

/// Longer words are stemmed each time, not kept (rare; one alone could fill the text).
const MAX_KEPT_WORD: usize = 1024;

/// The stemmer of one language (or none) and the stems it has computed.
pub(crate) struct StemCache {
    language: Option<Language>,
    stemmer: Option<Stemmer>,
    /// Stemming is the costliest stage and words repeat, so each thread keeps the stems it
    /// has computed (bounded; cleared when full). Boxed: the per-thread scratch that holds
    /// this stays as small as it was with one map (it is moved into its thread-local).
    stems: Box<Stems>,
}

/// Word → the range of its stem in `text`. Words of at most [`SHORT`] bytes are keyed by
/// [`short_key`], longer ones by their text; the stems share one string: no allocation per
/// word.
#[derive(Default)]
struct Stems {
    short: FxHashMap<u128, (u32, u32)>,
    long: FxHashMap<Box<str>, (u32, u32)>,
    text: String,
}

/// Appends `stem` to `text`; returns its range there.
fn push(text: &mut String, stem: &str) -> (u32, u32) {
    let start = text.len() as u32;
    text.push_str(stem);
    (start, text.len() as u32)
}

impl Clone for StemCache {
    fn clone(&self) -> Self {
        // `Stemmer` is not Clone; it is cheap to build again from the language.
        StemCache::new(self.language)
    }
}

impl StemCache {
    pub fn new(language: Option<Language>) -> Self {
        StemCache {
            language,
            stemmer: language.map(|l| Stemmer::create(l.algorithm())),
            stems: Box::default(),
        }
    }

    /// Appends the stem of `word` to `out` (the word itself when there is no stemmer).
    pub fn push_stem(&mut self, word: &str, out: &mut String) {
        let Some(s) = &self.stemmer else {
            out.push_str(word);
            return;
        };
        // English Snowball leaves words of fewer than 3 characters as they are (its
        // `not hop 3`; `every_string_of_two_bytes_at_most_is_its_own_english_stem`).
        if word.len() <= 2 && self.language == Some(Language::English) {
            out.push_str(word);
            return;
        }
        let c = &mut *self.stems;
        if c.short.len() + c.long.len() >= STEM_CACHE_LIMIT || c.text.len() > STEM_TEXT_LIMIT {
            c.short.clear();
            c.long.clear();
            c.text.clear();
        }
        // Nearly all words are short: one hash and one probe whether the stem is known or not.
        if word.len() <= SHORT {
            match c.short.entry(short_key(word.as_bytes())) {
                Entry::Occupied(e) => {
                    let (a, b) = *e.get();
                    out.push_str(&c.text[a as usize..b as usize]);
                }
                Entry::Vacant(e) => {
                    let stem = s.stem(word);
                    out.push_str(&stem);
                    e.insert(push(&mut c.text, &stem));
                }
            }
        } else if word.len() > MAX_KEPT_WORD {
            out.push_str(&s.stem(word));
        } else if let Some(&(a, b)) = c.long.get(word) {
            out.push_str(&c.text[a as usize..b as usize]);
        } else {
            let stem = s.stem(word);
            out.push_str(&stem);
            let range = push(&mut c.text, &stem);
            c.long.insert(word.into(), range);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_serialize_as_the_stemmer_algorithm_names() {
        // Model files store the name rust-stemmers' `Algorithm` used to serialize as.
        for (l, name) in [
            (Language::Arabic, "Arabic"),
            (Language::English, "English"),
            (Language::Turkish, "Turkish"),
        ] {
            assert_eq!(serde_json::to_string(&l).unwrap(), format!("\"{name}\""));
            assert_eq!(format!("{:?}", l.algorithm()), name);
        }
    }

    #[test]
    fn every_string_of_two_bytes_at_most_is_its_own_english_stem() {
        // All of them: every character of one or two bytes, every pair of ASCII ones, and
        // the empty string.
        let stemmer = Stemmer::create(Algorithm::English);
        let chars: Vec<char> = (0..0x800).filter_map(char::from_u32).collect();
        let mut checked = 0;
        let mut word = String::new();
        for &a in &chars {
            for b in std::iter::once(None).chain(chars.iter().map(Some)) {
                word.clear();
                word.push(a);
                word.extend(b);
                if word.len() <= 2 {
                    assert_eq!(stemmer.stem(&word), word.as_str(), "{word:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 1 + 0x7FF + 128 * 128);
        assert_eq!(stemmer.stem(""), "");
    }

    #[test]
    fn cached_stems_are_the_stemmer_s() {
        // Short and long words, asked twice, around the cache's clearing, for English
        // (which skips short words) and for another language.
        for language in [Language::English, Language::German] {
            let stemmer = Stemmer::create(language.algorithm());
            let mut cache = StemCache::new(Some(language));
            // Four in five distinct: the cache is cleared once on the way.
            let words: Vec<String> = (0..STEM_CACHE_LIMIT as u32 * 5 / 4 + 5_000)
                .map(|k| match k % 5 {
                    0 => format!("running{k}ly"),
                    1 => format!("nationalizations{k}"),
                    2 => ["a", "is", "es", "ü", "ies", "sses", "y"][k as usize % 7].to_string(),
                    3 => format!("häuser{k}en"),
                    _ => format!("{}ing{k}s", "ab".repeat(1 + k as usize % 12)),
                })
                .collect();
            let mut out = String::new();
            let mut cleared = false;
            for w in words.iter().chain(words.iter().take(3_000)) {
                let cached = cache.stems.short.len() + cache.stems.long.len();
                out.clear();
                cache.push_stem(w, &mut out);
                assert_eq!(out, stemmer.stem(w), "{w:?}");
                cleared |= cache.stems.short.len() + cache.stems.long.len() < cached;
            }
            assert!(cleared);
        }
        let mut out = String::new();
        StemCache::new(None).push_stem("Running", &mut out);
        assert_eq!(out, "Running");
    }

    #[test]
    fn long_words_stem_as_the_stemmer_s_and_the_kept_text_stays_bounded() {
        // Words around the kept length, and enough distinct ones of about 1,000 bytes to
        // fill the kept text past its bound.
        let stemmer = Stemmer::create(Algorithm::English);
        let mut cache = StemCache::new(Some(Language::English));
        let mut out = String::new();
        let base = "a".repeat(MAX_KEPT_WORD - 12);
        let words = (0..STEM_TEXT_LIMIT / 1_000 + 2_000).map(|k| format!("{base}{k:06}ings"));
        let mut most = 0;
        for w in ["nationalization".repeat(100), "running".repeat(146)]
            .into_iter()
            .chain(words)
        {
            for _ in 0..2 {
                out.clear();
                cache.push_stem(&w, &mut out);
                assert_eq!(out, stemmer.stem(&w), "{}", w.len());
            }
            most = most.max(cache.stems.text.len());
        }
        assert!(
            most > STEM_TEXT_LIMIT - 2_000 && most <= STEM_TEXT_LIMIT + MAX_KEPT_WORD + 8,
            "{most}"
        );
    }
}
