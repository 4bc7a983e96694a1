//! Training (the `train` feature): cross-validation and fitting a [`Classifier`].

use rayon::prelude::*;

use crate::article::ArticleContext;
use crate::classifier::Classifier;
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::featurizer::{Featurizer, Scratch};
use crate::label::Label;
use crate::metadata::ModelMetadata;
use crate::params::{CheckedTrainParams, ClassWeight, CvScore, Solver, TrainParams};
use crate::solver::{Csr, SolverSettings, solve_linfa, solve_sparse};
use crate::sparse::SparseVec;

impl CheckedTrainParams {
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
        let params = TrainParams { alpha, ..p.clone() };
        model.metadata = Some(ModelMetadata {
            model_version: p
                .model_version
                .clone()
                .unwrap_or_else(|| default_version(&hash, &params)),
            crate_version: env!("CARGO_PKG_VERSION").to_string(),
            training_data_sha256: hash,
            training_examples: data.len(),
            params,
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
            from_parts(featurizer, labels, fit.weights, fit.intercepts)?,
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

/// A classifier from a fitted featurizer and solver output, validated.
fn from_parts(
    featurizer: Featurizer,
    labels: Vec<Label>,
    weights: ndarray::Array2<f64>,
    intercepts: ndarray::Array1<f64>,
) -> Result<Classifier> {
    let c = Classifier {
        featurizer,
        labels,
        weights: weights.as_standard_layout().iter().copied().collect(),
        intercepts: intercepts.to_vec(),
        metadata: None,
        temperature: 1.0,
        claim_inflammatory_threshold: crate::classifier::CLAIM_INFLAMMATORY_THRESHOLD,
    };
    c.validate()?;
    Ok(c)
}

/// `claimscore-<crate version>-<12 hex>`: the hex digits of a SHA-256 over the training
/// data's hash, the parameters and the analyzer version, so that a model trained on the
/// same data with another pipeline or other parameters gets another version.
fn default_version(data_sha256: &str, params: &TrainParams) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(data_sha256.as_bytes());
    h.update(serde_json::to_vec(params).unwrap_or_default());
    h.update(crate::text::ANALYZER_VERSION.to_le_bytes());
    let hex: String = h.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("claimscore-{}-{hex}", env!("CARGO_PKG_VERSION"))
}
