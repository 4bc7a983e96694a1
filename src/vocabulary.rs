//! Fitting the featurizer: vocabulary and IDF from training documents (training only).

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::featurizer::{Block, Featurizer, FeaturizerConfig, Scratch, for_each_char_ngram};
use crate::text::Analysis;

impl Featurizer {
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

    /// Words spelled from the digits of `n` in letters (`b`, `c`, ..., `ba`, ...).
    fn word(mut n: usize) -> String {
        let mut w = String::new();
        loop {
            w.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
            if n == 0 {
                return w;
            }
        }
    }

    #[test]
    fn cached_term_ids_are_kept_per_model() {
        let config = FeaturizerConfig {
            min_df: 1,
            ..FeaturizerConfig::default()
        };
        let a = Featurizer::fit(&config, &DOCS).unwrap();
        let b = Featurizer::fit(&config, &["fish red dog", "blue cat bird", "green green dog"]).unwrap();
        // One scratch, the two models in turn: each row as a fresh scratch makes it.
        let mut shared = Scratch::new(config.stemmer);
        for _ in 0..2 {
            for f in [&a, &b] {
                for doc in DOCS {
                    let fresh = f.transform(doc, None, &mut Scratch::new(config.stemmer), None);
                    assert_eq!(f.transform(doc, None, &mut shared, None), fresh, "{doc}");
                }
            }
        }
    }

    #[test]
    fn a_full_word_cache_starts_again_without_stale_term_ids() {
        let config = FeaturizerConfig {
            min_df: 1,
            ..FeaturizerConfig::default()
        };
        let f = Featurizer::fit(&config, &DOCS).unwrap();
        let mut s = Scratch::new(config.stemmer);
        let before: Vec<_> = DOCS.iter().map(|d| f.transform(d, None, &mut s, None)).collect();
        // More distinct words than the cache holds, so it is emptied and its entry ids name
        // other words; then the documents again, in another order (other entry ids).
        let words: Vec<String> = (0..150_000).map(|n| word(n + 1000)).collect();
        for text in words.chunks(1000).map(|c| c.join(" ")) {
            f.transform(&text, None, &mut s, None);
        }
        for (doc, want) in DOCS.iter().zip(&before).rev() {
            assert_eq!(&f.transform(doc, None, &mut s, None), want, "{doc}");
        }
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
    #[test]
    fn scoring_folds_the_very_row_transform_gives() {
        let (train, test) =
            crate::Dataset::read_corpus(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets"))
                .expect("the bundled corpus");
        let mut texts: Vec<String> = train
            .examples()
            .iter()
            .chain(test.examples())
            .map(|e| e.text.clone())
            .collect();
        // Repeated n-grams (tf > 1, the logarithm), more hits than are sorted (the bitmaps),
        // nothing at all.
        texts.extend([
            "idiot idiot idiot you idiot, you idiot".to_string(),
            texts[..40].join(" "),
            String::new(),
            "!!! ... ???".to_string(),
        ]);
        let docs: Vec<&str> = texts.iter().take(600).map(String::as_str).collect();
        let configs = [
            FeaturizerConfig::default(),
            FeaturizerConfig {
                word_ngrams: (1, 1),
                sublinear_tf: false,
                ..FeaturizerConfig::default()
            },
            FeaturizerConfig {
                word_ngrams: (2, 2),
                smooth_idf: false,
                stemmer: None,
                ..FeaturizerConfig::default()
            },
            FeaturizerConfig {
                word_ngrams: (1, 3),
                char_ngrams: Some((2, 4)),
                ..FeaturizerConfig::default()
            },
        ];
        for config in configs {
            let f = Featurizer::fit(&config, &docs).unwrap();
            let mut s = Scratch::new(config.stemmer);
            // Rows of more features than hits that are sorted are counted by the bitmaps.
            let (mut features, mut long) = (0, 0);
            for text in &texts {
                let row = f.transform(text, None, &mut s, None);
                let want: Vec<(u32, u64)> = row
                    .indices
                    .iter()
                    .zip(&row.values)
                    .map(|(&i, v)| (i, v.to_bits()))
                    .collect();
                let got = f.fold_features(text, &mut s, Vec::new(), |mut got, id, v| {
                    got.push((id, v.to_bits()));
                    got
                });
                assert_eq!(got, want, "{config:?}: {text}");
                features += want.len();
                long += usize::from(want.len() > 32);
            }
            assert!(features > 10_000 && long > 10, "{features} features, {long} long rows");
        }
    }
}
