//! Training parameters: unchecked → checked. Plain data, stored in the model file's
//! metadata, so they are available without the `train` feature.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::featurizer::FeaturizerConfig;
use crate::text::Language;

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
    pub(crate) featurizer: FeaturizerConfig,
    pub(crate) alpha: f64,
    pub(crate) cv_folds: Option<usize>,
    pub(crate) alpha_grid: Vec<f64>,
    pub(crate) class_weight: ClassWeight,
    pub(crate) solver: Solver,
    pub(crate) max_iterations: u64,
    pub(crate) gradient_tolerance: f64,
    pub(crate) article_dropout: f64,
    pub(crate) seed: u64,
    pub(crate) model_version: Option<String>,
}

/// Checked training parameters: `CheckedTrainParams::fit` (with the `train` feature)
/// trains a [`Classifier`](crate::Classifier).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedTrainParams(pub(crate) TrainParams);

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
    pub fn stemmer(mut self, language: Option<Language>) -> Self {
        self.featurizer.stemmer = language;
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

    /// Smoothed IDF, as if one extra document held every term. Default `true`.
    ///
    /// # Example
    /// ```
    /// assert!(!claimscore::TrainParams::new().smooth_idf(false).featurizer_config().smooth_idf);
    /// ```
    pub fn smooth_idf(mut self, on: bool) -> Self {
        self.featurizer.smooth_idf = on;
        self
    }

    /// All featurizer settings at once (the setters above change one each). Default
    /// [`FeaturizerConfig::default`].
    ///
    /// # Example
    /// ```
    /// use claimscore::{FeaturizerConfig, TrainParams};
    /// let config = FeaturizerConfig { smooth_idf: false, word_ngrams: (1, 3), ..FeaturizerConfig::default() };
    /// let params = TrainParams::new().featurizer(config.clone());
    /// assert_eq!(params.featurizer_config(), &config);
    /// ```
    pub fn featurizer(mut self, config: FeaturizerConfig) -> Self {
        self.featurizer = config;
        self
    }

    /// The featurizer settings.
    ///
    /// # Example
    /// ```
    /// assert_eq!(claimscore::TrainParams::new().featurizer_config().word_ngrams, (1, 2));
    /// ```
    pub fn featurizer_config(&self) -> &FeaturizerConfig {
        &self.featurizer
    }

    /// Validates every value; errors carry the rejected value.
    ///
    /// # Example
    /// ```
    /// let err = claimscore::TrainParams::new().max_df(1.5).check().unwrap_err();
    /// assert!(err.to_string().contains("1.5"));
    /// ```
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
#[non_exhaustive]
pub struct CvScore {
    /// The candidate penalty.
    pub alpha: f64,
    /// Mean macro-F1 over the folds.
    pub macro_f1: f64,
}

impl CheckedTrainParams {
    /// The parameters.
    ///
    /// # Example
    /// ```
    /// let p = claimscore::TrainParams::new().alpha(0.3).check()?;
    /// assert_eq!(p.params().alpha_value(), 0.3);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn params(&self) -> &TrainParams {
        &self.0
    }
}
