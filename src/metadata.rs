//! What a model file records about how its model was made.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::metrics::Metrics;
use crate::params::{CvScore, TrainParams};

/// What the model file records about how a model was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ModelMetadata {
    /// The model's version string.
    pub model_version: String,
    /// The claimscore version that trained it.
    pub crate_version: String,
    /// SHA-256 of the training data (`Dataset::sha256`, with the `train` feature).
    pub training_data_sha256: String,
    /// Number of training examples.
    pub training_examples: usize,
    /// The parameters, with the `alpha` that was used (after cross-validation, if any).
    pub params: TrainParams,
    /// L-BFGS iterations run.
    pub solver_iterations: u64,
    /// Whether the solver stopped on its gradient tolerance (not on the iteration cap).
    pub converged: bool,
    /// Cross-validation scores per candidate `alpha`, when cross-validation ran.
    pub cross_validation: Vec<CvScore>,
    /// Held-out evaluations by name (e.g. `corpus-test`).
    pub heldout: BTreeMap<String, Metrics>,
}
