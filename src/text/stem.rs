//! Stage 3: Snowball stemming, with a per-thread cache of stems.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

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

/// The stemmer of one language (or none) and the stems it has computed.
pub(crate) struct StemCache {
    language: Option<Language>,
    stemmer: Option<Stemmer>,
    /// Word → stem. Stemming is the costliest stage and words repeat, so each thread
    /// keeps the stems it has computed (bounded; cleared when full).
    stems: FxHashMap<Box<str>, Box<str>>,
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
            stems: FxHashMap::default(),
        }
    }

    /// Appends the stem of `word` to `out` (the word itself when there is no stemmer).
    pub fn push_stem(&mut self, word: &str, out: &mut String) {
        let Some(s) = &self.stemmer else {
            out.push_str(word);
            return;
        };
        match self.stems.get(word) {
            Some(stem) => out.push_str(stem),
            None => {
                let stem = s.stem(word);
                out.push_str(&stem);
                if self.stems.len() >= STEM_CACHE_LIMIT {
                    self.stems.clear();
                }
                self.stems.insert(word.into(), stem.into());
            }
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
}
