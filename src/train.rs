//! Training: parameters (unchecked → checked), cross-validation, fitting a [`Classifier`].

use rayon::prelude::*;
use rust_stemmers::Algorithm;
use serde::{Deserialize, Serialize};

use crate::classifier::{Classifier, ModelMetadata};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::featurizer::{ArticleContext, Featurizer, FeaturizerConfig, Scratch, SparseVec};
use crate::label::{Label, Scores};
use crate::metrics::Metrics;
use crate::solver::{Csr, SolverSettings, solve_linfa, solve_sparse};

/// Which optimiser fits the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Solver {
    /// L-BFGS over a sparse (CSR) matrix: memory proportional to the nonzeros.
    Sparse,
    /// `linfa_logistic::MultiLogisticRegression` on a dense copy: the reference, slow and
    /// memory-hungry (rows x features) on large data; no class weights.
    Linfa,
}

/// How training rows are weighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClassWeight {
    /// Every row weighs 1.
    None,
    /// Rows weigh `n / (n_classes * n_label)`, as scikit-learn's `class_weight="balanced"`.
    Balanced,
}

/// Training parameters, unchecked. Build with the setters, then [`TrainParams::check`].
///
/// # Example
/// ```
/// use claimscore::{ClassWeight, TrainParams};
/// let params = TrainParams::new().alpha(2.0).class_weight(ClassWeight::Balanced).check()?;
/// assert_eq!(params.params().alpha_value(), 2.0);
/// assert!(TrainParams::new().alpha(-1.0).check().is_err());
/// # Ok::<(), claimscore::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainParams {
    featurizer: FeaturizerConfig,
    alpha: f64,
    cv_folds: Option<usize>,
    alpha_grid: Vec<f64>,
    class_weight: ClassWeight,
    solver: Solver,
    max_iterations: u64,
    gradient_tolerance: f64,
    article_dropout: f64,
    seed: u64,
    model_version: Option<String>,
}

/// Checked training parameters: [`CheckedTrainParams::fit`] trains a [`Classifier`].
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedTrainParams(TrainParams);

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            featurizer: FeaturizerConfig::default(),
            alpha: 1.0,
            cv_folds: None,
            alpha_grid: vec![0.01, 0.03, 0.1, 0.3, 1.0, 3.0],
            class_weight: ClassWeight::Balanced,
            solver: Solver::Sparse,
            max_iterations: 500,
            gradient_tolerance: 1e-4,
            article_dropout: 0.5,
            seed: 42,
            model_version: None,
        }
    }
}

impl TrainParams {
    /// The defaults, documented on each setter.
    ///
    /// # Example
    /// ```
    /// let p = claimscore::TrainParams::new();
    /// assert_eq!(p.alpha_value(), 1.0);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// L2 penalty `alpha` (scikit-learn's `1 / C`), applied to the summed loss. Default 1.0.
    ///
    /// # Example
    /// ```
    /// let p = claimscore::TrainParams::new().alpha(0.5);
    /// assert_eq!(p.alpha_value(), 0.5);
    /// ```
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// The L2 penalty that [`TrainParams::alpha`] set.
    ///
    /// # Example
    /// ```
    /// assert_eq!(claimscore::TrainParams::new().alpha_value(), 1.0);
    /// ```
    pub fn alpha_value(&self) -> f64 {
        self.alpha
    }

    /// Pick `alpha` from [`TrainParams::alpha_grid`] by k-fold cross-validation (folds by
    /// article when examples have one; best mean macro-F1 wins). Default off.
    ///
    /// # Example
    /// ```
    /// let p = claimscore::TrainParams::new().cv_folds(5);
    /// assert!(p.check().is_ok());
    /// assert!(claimscore::TrainParams::new().cv_folds(1).check().is_err());
    /// ```
    pub fn cv_folds(mut self, k: usize) -> Self {
        self.cv_folds = Some(k);
        self
    }

    /// Candidate values of `alpha` for cross-validation. Default `[0.01, 0.03, 0.1, 0.3, 1, 3]`.
    ///
    /// # Example
    /// ```
    /// let p = claimscore::TrainParams::new().cv_folds(3).alpha_grid(vec![0.5, 1.0]);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn alpha_grid(mut self, grid: Vec<f64>) -> Self {
        self.alpha_grid = grid;
        self
    }

    /// Row weighting. Default [`ClassWeight::Balanced`].
    ///
    /// # Example
    /// ```
    /// use claimscore::{ClassWeight, TrainParams};
    /// let p = TrainParams::new().class_weight(ClassWeight::None);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn class_weight(mut self, w: ClassWeight) -> Self {
        self.class_weight = w;
        self
    }

    /// The optimiser. Default [`Solver::Sparse`]; [`Solver::Linfa`] needs
    /// `ClassWeight::None`.
    ///
    /// # Example
    /// ```
    /// use claimscore::{ClassWeight, Solver, TrainParams};
    /// assert!(TrainParams::new().solver(Solver::Linfa).check().is_err());
    /// assert!(TrainParams::new().solver(Solver::Linfa).class_weight(ClassWeight::None).check().is_ok());
    /// ```
    pub fn solver(mut self, solver: Solver) -> Self {
        self.solver = solver;
        self
    }

    /// Most L-BFGS iterations. Default 500.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().max_iterations(0).check().is_err());
    /// ```
    pub fn max_iterations(mut self, n: u64) -> Self {
        self.max_iterations = n;
        self
    }

    /// Stop when the L2 norm of the objective's gradient is below this times the number
    /// of training rows, i.e. this tolerance applies to the mean loss, as scikit-learn's
    /// `tol` does. (linfa-logistic applies its tolerance to the summed loss, about n times
    /// stricter; both solvers here get the same scaled value.) Default 1e-4.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().gradient_tolerance(0.0).check().is_err());
    /// ```
    pub fn gradient_tolerance(mut self, tol: f64) -> Self {
        self.gradient_tolerance = tol;
        self
    }

    /// Share of training comments with an article that are featurized without it, so the
    /// model scores well both with and without its article. Chosen per row from the seed.
    /// Default 0.5.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().article_dropout(1.5).check().is_err());
    /// ```
    pub fn article_dropout(mut self, p: f64) -> Self {
        self.article_dropout = p;
        self
    }

    /// Seed for fold assignment and article dropout. Default 42.
    ///
    /// # Example
    /// ```
    /// let p = claimscore::TrainParams::new().seed(7);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The model's version string. Default `claimscore-<crate version>-<data hash prefix>`.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().model_version("").check().is_err());
    /// ```
    pub fn model_version(mut self, v: impl Into<String>) -> Self {
        self.model_version = Some(v.into());
        self
    }

    /// Word n-gram range, inclusive. Default `(1, 2)`.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().word_ngrams(1, 3).check().is_ok());
    /// assert!(claimscore::TrainParams::new().word_ngrams(2, 1).check().is_err());
    /// ```
    pub fn word_ngrams(mut self, lo: usize, hi: usize) -> Self {
        self.featurizer.word_ngrams = (lo, hi);
        self
    }

    /// Character n-grams inside word boundaries, e.g. `Some((3, 5))`. Default `None`.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().char_ngrams(Some((3, 5))).check().is_ok());
    /// ```
    pub fn char_ngrams(mut self, range: Option<(usize, usize)>) -> Self {
        self.featurizer.char_ngrams = range;
        self
    }

    /// Minimum document frequency of a term. Default 2.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().min_df(0).check().is_err());
    /// ```
    pub fn min_df(mut self, n: usize) -> Self {
        self.featurizer.min_df = n;
        self
    }

    /// Maximum document frequency of a term, as a fraction of documents. Default 1.0.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().max_df(0.9).check().is_ok());
    /// ```
    pub fn max_df(mut self, f: f64) -> Self {
        self.featurizer.max_df = f;
        self
    }

    /// Keep at most this many word n-grams (the most frequent). Default all.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().max_features(Some(20_000)).check().is_ok());
    /// ```
    pub fn max_features(mut self, n: Option<usize>) -> Self {
        self.featurizer.max_features = n;
        self
    }

    /// Keep at most this many character n-grams. Default 50,000.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().max_char_features(Some(0)).check().is_err());
    /// ```
    pub fn max_char_features(mut self, n: Option<usize>) -> Self {
        self.featurizer.max_char_features = n;
        self
    }

    /// Sublinear term frequency `1 + ln(tf)`. Default `true`.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().sublinear_tf(false).check().is_ok());
    /// ```
    pub fn sublinear_tf(mut self, on: bool) -> Self {
        self.featurizer.sublinear_tf = on;
        self
    }

    /// Stemming algorithm, `None` for none. Default English.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().stemmer(None).check().is_ok());
    /// ```
    pub fn stemmer(mut self, algorithm: Option<Algorithm>) -> Self {
        self.featurizer.stemmer = algorithm;
        self
    }

    /// Article-context features (cosine, shared words, quoted run). Default `true`.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::TrainParams::new().article_features(false).check().is_ok());
    /// ```
    pub fn article_features(mut self, on: bool) -> Self {
        self.featurizer.article_features = on;
        self
    }

    /// The featurizer settings.
    ///
    /// # Example
    /// ```
    /// assert_eq!(claimscore::TrainParams::new().featurizer().word_ngrams, (1, 2));
    /// ```
    pub fn featurizer(&self) -> &FeaturizerConfig {
        &self.featurizer
    }

    /// Validates every value; errors carry the rejected value.
    pub fn check(self) -> Result<CheckedTrainParams> {
        self.featurizer.check()?;
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return Err(Error::param("alpha", self.alpha, "a finite number >= 0"));
        }
        if let Some(k) = self.cv_folds {
            if k < 2 {
                return Err(Error::param("cv_folds", k, "at least 2"));
            }
            if self.alpha_grid.is_empty() || self.alpha_grid.iter().any(|a| !(a.is_finite() && *a >= 0.0)) {
                return Err(Error::param(
                    "alpha_grid",
                    format!("{:?}", self.alpha_grid),
                    "non-empty, finite values >= 0",
                ));
            }
        }
        if self.max_iterations == 0 {
            return Err(Error::param("max_iterations", 0, "at least 1"));
        }
        if !(self.gradient_tolerance.is_finite() && self.gradient_tolerance > 0.0) {
            return Err(Error::param(
                "gradient_tolerance",
                self.gradient_tolerance,
                "a finite number > 0",
            ));
        }
        if !(0.0..=1.0).contains(&self.article_dropout) {
            return Err(Error::param(
                "article_dropout",
                self.article_dropout,
                "a fraction in [0, 1]",
            ));
        }
        if self.solver == Solver::Linfa && self.class_weight != ClassWeight::None {
            return Err(Error::param(
                "class_weight",
                "balanced",
                "none with the linfa solver (it has no sample weights)",
            ));
        }
        if self.model_version.as_deref().is_some_and(|v| v.trim().is_empty()) {
            return Err(Error::param("model_version", "\"\"", "a non-empty string"));
        }
        Ok(CheckedTrainParams(self))
    }
}

/// Cross-validation result for one `alpha`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvScore {
    /// The candidate penalty.
    pub alpha: f64,
    /// Mean macro-F1 over the folds.
    pub macro_f1: f64,
}

impl CheckedTrainParams {
    /// The parameters.
    pub fn params(&self) -> &TrainParams {
        &self.0
    }

    /// Trains a classifier on `data`.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label, TrainParams};
    /// let mut data = Dataset::new();
    /// for (t, l) in [
    ///     ("Reuters reported the figures on Friday", Label::Sourced),
    ///     ("According to the ONS report, wages rose", Label::Sourced),
    ///     ("I think the figures are wrong", Label::Unsourced),
    ///     ("Wages never rise, everyone knows it", Label::Unsourced),
    ///     ("You absolute idiot, nobody cares", Label::Inflammatory),
    ///     ("What an idiot, resign already", Label::Inflammatory),
    /// ] {
    ///     data.push(t, l, None);
    /// }
    /// let model = TrainParams::new().min_df(1).alpha(0.1).check()?.fit(&data)?;
    /// assert_eq!(model.classify("idiot").label, Label::Inflammatory);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn fit(&self, data: &Dataset) -> Result<Classifier> {
        let p = &self.0;
        let mut cv = Vec::new();
        let mut alpha = p.alpha;
        if let Some(k) = p.cv_folds {
            cv = self.cross_validate(data, k)?;
            alpha = cv
                .iter()
                .fold(&cv[0], |best, s| if s.macro_f1 > best.macro_f1 { s } else { best })
                .alpha;
        }
        let (mut model, iterations, converged) = self.fit_once(data, alpha)?;
        let hash = data.sha256();
        model.set_metadata(ModelMetadata {
            model_version: p
                .model_version
                .clone()
                .unwrap_or_else(|| format!("claimscore-{}-{}", env!("CARGO_PKG_VERSION"), &hash[..12])),
            crate_version: env!("CARGO_PKG_VERSION").to_string(),
            training_data_sha256: hash,
            training_examples: data.len(),
            params: TrainParams { alpha, ..p.clone() },
            solver_iterations: iterations,
            converged,
            cross_validation: cv,
            heldout: Default::default(),
        });
        Ok(model)
    }

    fn fit_once(&self, data: &Dataset, alpha: f64) -> Result<(Classifier, u64, bool)> {
        let p = &self.0;
        if data.len() < 2 {
            return Err(Error::Training(format!("{} example(s); need at least 2", data.len())));
        }
        let mut labels: Vec<Label> = data.examples().iter().map(|e| e.label).collect();
        labels.sort();
        labels.dedup();
        if labels.len() < 2 {
            return Err(Error::Training(format!(
                "every example is labeled {}; need at least two labels",
                labels[0]
            )));
        }
        let mut docs: Vec<&str> = data.examples().iter().map(|e| e.text.as_str()).collect();
        let mut article_ids: Vec<&str> = data
            .examples()
            .iter()
            .filter_map(|e| e.article_id.as_deref())
            .filter(|id| data.article(id).is_some())
            .collect();
        article_ids.sort_unstable();
        article_ids.dedup();
        docs.extend(article_ids.iter().filter_map(|id| data.article(id)));
        let featurizer = Featurizer::fit(&p.featurizer, &docs)?;
        let rows = featurize(&featurizer, data, p.article_dropout, p.seed);
        let x = Csr::from_rows(&rows, featurizer.n_features());
        let y: Vec<usize> = data
            .examples()
            .iter()
            .map(|e| labels.binary_search(&e.label).expect("label present"))
            .collect();
        let mut counts = vec![0usize; labels.len()];
        y.iter().for_each(|&c| counts[c] += 1);
        let weights: Vec<f64> = match p.class_weight {
            ClassWeight::None => vec![1.0; y.len()],
            ClassWeight::Balanced => y
                .iter()
                .map(|&c| y.len() as f64 / (labels.len() * counts[c]) as f64)
                .collect(),
        };
        let settings = SolverSettings {
            alpha,
            max_iterations: p.max_iterations,
            gradient_tolerance: p.gradient_tolerance * weights.iter().sum::<f64>(),
        };
        let fit = match p.solver {
            Solver::Sparse => solve_sparse(&x, &y, &weights, labels.len(), settings)?,
            Solver::Linfa => solve_linfa(&x, &y, labels.len(), settings)?,
        };
        let (iterations, converged) = (fit.iterations, fit.converged);
        Ok((
            Classifier::from_parts(featurizer, labels, fit.weights, fit.intercepts)?,
            iterations,
            converged,
        ))
    }

    fn cross_validate(&self, data: &Dataset, k: usize) -> Result<Vec<CvScore>> {
        // Folds by article when there are enough articles, else by row.
        let (group, order, _) = data.shuffled_groups(k, self.0.seed);
        let mut rank = vec![0; order.len()];
        order.iter().enumerate().for_each(|(pos, &g)| rank[g] = pos);
        let fold: Vec<usize> = group.iter().map(|&g| rank[g] % k).collect();
        // Every (alpha, fold) fit is independent: run them in parallel, average in order.
        let grid = &self.0.alpha_grid;
        let f1: Vec<f64> = (0..grid.len() * k)
            .into_par_iter()
            .map(|job| {
                let (alpha, f) = (grid[job / k], job % k);
                let train = data.filter(|i, _| fold[i] != f);
                let test = data.filter(|i, _| fold[i] == f);
                let (model, _, _) = self.fit_once(&train, alpha)?;
                Ok(model.evaluate(&test, true).macro_f1)
            })
            .collect::<Result<_>>()?;
        Ok(grid
            .iter()
            .enumerate()
            .map(|(a, &alpha)| CvScore {
                alpha,
                macro_f1: f1[a * k..(a + 1) * k].iter().sum::<f64>() / k as f64,
            })
            .collect())
    }
}

/// Feature rows of a dataset; a row's article is dropped when its seeded draw says so.
fn featurize(f: &Featurizer, data: &Dataset, dropout: f64, seed: u64) -> Vec<SparseVec> {
    let contexts = article_contexts(f, data);
    data.examples()
        .par_iter()
        .enumerate()
        .map_init(
            || Scratch::new(f.config.stemmer),
            |s, (i, e)| {
                let keep = unit_draw(seed, i as u64) >= dropout;
                let article = e.article_id.as_deref().filter(|_| keep).and_then(|id| contexts.get(id));
                f.transform(&e.text, article, s, None)
            },
        )
        .collect()
}

/// Prepared contexts of every article the dataset's examples use.
pub(crate) fn article_contexts<'d>(
    f: &Featurizer,
    data: &'d Dataset,
) -> std::collections::BTreeMap<&'d str, ArticleContext> {
    let mut s = Scratch::new(f.config.stemmer);
    data.examples()
        .iter()
        .filter_map(|e| e.article_id.as_deref())
        .filter_map(|id| data.article(id).map(|a| (id, a)))
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .map(|(id, text)| (id, f.article(text, &mut s)))
        .collect()
}

/// A uniform draw in [0, 1) from (seed, i): SplitMix64, stable across platforms and versions.
fn unit_draw(seed: u64, i: u64) -> f64 {
    let mut z = seed.wrapping_add(i.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Scores for evaluation, paired with the truth.
pub(crate) fn score_dataset(model: &Classifier, data: &Dataset, with_articles: bool) -> (Vec<Label>, Vec<Scores>) {
    let items: Vec<(&str, Option<&str>)> = data
        .examples()
        .iter()
        .map(|e| (e.text.as_str(), if with_articles { data.article_of(e) } else { None }))
        .collect();
    let scores = model.scores_batch_with_articles(&items);
    (data.examples().iter().map(|e| e.label).collect(), scores)
}

/// Metrics of a model on a dataset.
pub(crate) fn evaluate(model: &Classifier, data: &Dataset, with_articles: bool) -> Metrics {
    let (truth, scores) = score_dataset(model, data, with_articles);
    Metrics::compute(&truth, &scores)
}
