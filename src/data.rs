//! Labeled training and evaluation data: comments, their labels and articles. The file
//! formats it is read from are in `dataset_read.rs`.

use std::collections::BTreeMap;

use crate::label::Label;

/// One labeled comment.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Example {
    /// The comment.
    pub text: String,
    /// Its label.
    pub label: Label,
    /// The article it answers, an id into [`Dataset::article`].
    pub article_id: Option<String>,
}

/// Labeled comments and the articles they answer.
///
/// # Example
/// ```
/// use claimscore::{Dataset, Label};
/// let mut data = Dataset::new();
/// data.add_article("a1", "The council approved 1,200 homes on Tuesday.");
/// data.push("As the article says, 1,200 homes were approved.", Label::Sourced, Some("a1"));
/// data.push("What a clown show.", Label::Inflammatory, None);
/// assert_eq!(data.len(), 2);
/// assert_eq!(data.article("a1").map(str::len), Some(44));
/// ```
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dataset {
    examples: Vec<Example>,
    articles: BTreeMap<String, String>,
}

impl Dataset {
    /// An empty dataset.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::Dataset::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a comment. An `article_id` should name an article added with
    /// [`Dataset::add_article`]; one that does not is trained on without article features.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let mut data = Dataset::new();
    /// data.push("Per Reuters, it passed.", Label::Sourced, None);
    /// assert_eq!(data.examples()[0].label, Label::Sourced);
    /// ```
    pub fn push(&mut self, text: impl Into<String>, label: Label, article_id: Option<&str>) {
        self.examples.push(Example {
            text: text.into(),
            label,
            article_id: article_id.map(str::to_string),
        });
    }

    /// Adds or replaces an article.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let mut data = Dataset::new();
    /// data.add_article("a1", "The bill passed on Tuesday.");
    /// data.push("As the article says, it passed.", Label::Sourced, Some("a1"));
    /// assert_eq!(data.article_of(&data.examples()[0]), Some("The bill passed on Tuesday."));
    /// assert_eq!(data.article("a2"), None);
    /// ```
    pub fn add_article(&mut self, id: impl Into<String>, text: impl Into<String>) {
        self.articles.insert(id.into(), text.into());
    }

    /// The text of an article.
    pub fn article(&self, id: &str) -> Option<&str> {
        self.articles.get(id).map(String::as_str)
    }

    /// The article of an example, if it has one and it is known.
    pub fn article_of(&self, e: &Example) -> Option<&str> {
        e.article_id.as_deref().and_then(|id| self.article(id))
    }

    /// The examples, in insertion order.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.examples.len()
    }

    /// True when there are no examples.
    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }

    /// Appends the examples and articles of `other`.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let (mut a, mut b) = (Dataset::new(), Dataset::new());
    /// a.push("so true", Label::Unsourced, None);
    /// b.push("you clown", Label::Inflammatory, None);
    /// a.extend(b);
    /// assert_eq!(a.len(), 2);
    /// ```
    pub fn extend(&mut self, other: Dataset) {
        self.examples.extend(other.examples);
        self.articles.extend(other.articles);
    }

    /// A dataset with the examples that `keep` accepts and the articles they use.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let mut data = Dataset::new();
    /// data.push("so true", Label::Unsourced, None);
    /// data.push("you clown", Label::Inflammatory, None);
    /// let rude = data.filter(|_, e| e.label == Label::Inflammatory);
    /// assert_eq!(rude.examples()[0].text, "you clown");
    /// ```
    pub fn filter(&self, mut keep: impl FnMut(usize, &Example) -> bool) -> Dataset {
        let examples: Vec<Example> = self
            .examples
            .iter()
            .enumerate()
            .filter(|(i, e)| keep(*i, e))
            .map(|(_, e)| e.clone())
            .collect();
        let articles = examples
            .iter()
            .filter_map(|e| e.article_id.as_ref())
            .filter_map(|id| self.articles.get_key_value(id))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Dataset { examples, articles }
    }

    /// Holds out about `fraction` of the examples, chosen with `seed`. When every example
    /// has an article and there are at least five articles, whole articles go to one side,
    /// so the held-out score is not flattered by comments on articles seen in training.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let mut data = Dataset::new();
    /// for i in 0..100 {
    ///     data.push(format!("comment {i}"), Label::Unsourced, None);
    /// }
    /// let split = data.split_holdout(0.2, 7);
    /// assert_eq!((split.train.len(), split.test.len()), (80, 20));
    /// assert!(!split.by_article);
    /// ```
    #[cfg(feature = "train")]
    pub fn split_holdout(&self, fraction: f64, seed: u64) -> Split {
        let (group, order, by_article) = self.shuffled_groups(5, seed);
        let mut sizes = vec![0usize; order.len()];
        group.iter().for_each(|&g| sizes[g] += 1);
        let target = (fraction * self.len() as f64).round().max(1.0) as usize;
        let mut in_test = vec![false; order.len()];
        let mut taken = 0;
        for g in order {
            if taken >= target {
                break;
            }
            in_test[g] = true;
            taken += sizes[g];
        }
        Split {
            train: self.filter(|i, _| !in_test[group[i]]),
            test: self.filter(|i, _| in_test[group[i]]),
            by_article,
        }
    }

    /// The group of each example (its article when every example has one and there are
    /// at least `min_articles`, else the example itself), the groups in a seeded random
    /// order, and whether the groups are articles.
    #[cfg(feature = "train")]
    pub(crate) fn shuffled_groups(&self, min_articles: usize, seed: u64) -> (Vec<usize>, Vec<usize>, bool) {
        use rand::SeedableRng;
        use rand::seq::SliceRandom;
        let mut ids: Vec<&str> = self.examples.iter().filter_map(|e| e.article_id.as_deref()).collect();
        ids.sort_unstable();
        ids.dedup();
        let by_article = ids.len() >= min_articles && self.examples.iter().all(|e| e.article_id.is_some());
        let group: Vec<usize> = if by_article {
            self.examples
                .iter()
                .map(|e| {
                    ids.binary_search(&e.article_id.as_deref().unwrap_or_default())
                        .unwrap_or(0)
                })
                .collect()
        } else {
            (0..self.len()).collect()
        };
        let mut order: Vec<usize> = (0..if by_article { ids.len() } else { self.len() }).collect();
        order.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
        (group, order, by_article)
    }

    /// How many examples of `other` have a text that is also one of this dataset's,
    /// compared with whitespace collapsed and case folded. Held-out rows that were also
    /// trained on flatter the held-out score.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let (mut train, mut test) = (Dataset::new(), Dataset::new());
    /// train.push("So  TRUE", Label::Unsourced, None);
    /// test.push("so true", Label::Unsourced, None);
    /// test.push("you clown", Label::Inflammatory, None);
    /// assert_eq!(train.shared_texts(&test), 1);
    /// ```
    pub fn shared_texts(&self, other: &Dataset) -> usize {
        let key = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let mine: std::collections::HashSet<String> = self.examples.iter().map(|e| key(&e.text)).collect();
        other.examples.iter().filter(|e| mine.contains(&key(&e.text))).count()
    }

    /// SHA-256 (hex) of the examples and the articles they use, in order: the model
    /// metadata's fingerprint of its training data.
    #[cfg(feature = "train")]
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let mut data = Dataset::new();
    /// data.push("so true", Label::Unsourced, None);
    /// assert_eq!(data.sha256().len(), 64);
    /// ```
    pub fn sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let field = |h: &mut Sha256, s: &str| {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        };
        for e in &self.examples {
            field(&mut h, &e.text);
            field(&mut h, e.label.as_str());
            field(&mut h, self.article_of(e).unwrap_or(""));
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A dataset split by [`Dataset::split_holdout`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[cfg(feature = "train")]
pub struct Split {
    /// The examples to train on.
    pub train: Dataset,
    /// The held-out examples.
    pub test: Dataset,
    /// Whether whole articles were held out (else single examples).
    pub by_article: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "train")]
    fn hash_depends_on_content_and_order() {
        let mut a = Dataset::new();
        a.push("x", Label::Sourced, None);
        a.push("y", Label::Unsourced, None);
        let mut b = Dataset::new();
        b.push("y", Label::Unsourced, None);
        b.push("x", Label::Sourced, None);
        assert_ne!(a.sha256(), b.sha256());
        assert_eq!(a.sha256(), a.clone().sha256());
        assert_eq!(a.sha256().len(), 64);
    }
}
