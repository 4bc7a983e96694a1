//! The model file: one self-describing, versioned JSON document, and its validation.
//!
//! `schema_version` versions the layout of the document; `analyzer_version` the text
//! pipeline the model was trained with ([`ANALYZER_VERSION`]). A file with another value of
//! either is refused, as is one whose values could make a score non-finite.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::classifier::Classifier;
use crate::error::{Error, Result};
use crate::featurizer::{Block, Featurizer, FeaturizerConfig};
use crate::label::Label;
use crate::metadata::ModelMetadata;
use crate::text::ANALYZER_VERSION;

/// The model file format this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;
const FORMAT: &str = "claimscore-model";

/// Largest magnitude of a weight or intercept. Row values are at most 1 in magnitude, so
/// a logit is at most `(n_features + 1) * MAX_WEIGHT`: finite, and the softmax of finite
/// logits is finite. Trained weights are many orders of magnitude smaller.
const MAX_WEIGHT: f64 = 1e100;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The model file: one self-describing JSON document.
#[derive(Serialize, Deserialize)]
struct ModelFile {
    format: String,
    schema_version: u32,
    /// Absent in files written before it was recorded, which all used version 1.
    #[serde(default = "first_analyzer_version")]
    analyzer_version: u32,
    metadata: Option<ModelMetadata>,
    labels: Vec<Label>,
    featurizer: FeaturizerConfig,
    word_vocabulary: Vec<String>,
    word_idf: Vec<f64>,
    char_vocabulary: Option<Vec<String>>,
    char_idf: Option<Vec<f64>>,
    /// One row per label, one value per feature.
    weights: Vec<Vec<f64>>,
    intercepts: Vec<f64>,
    /// Temperature scaling of the scores (`Classifier::temperature`). Optional: absent
    /// means 1.0, and 1.0 is not written, so files of uncalibrated models stay as they were.
    #[serde(default = "no_temperature", skip_serializing_if = "is_no_temperature")]
    temperature: f64,
    /// `Classifier::claim_inflammatory_threshold`. Optional: absent means
    /// `CLAIM_INFLAMMATORY_THRESHOLD` (0.9), which is not written.
    #[serde(
        default = "default_claim_threshold",
        skip_serializing_if = "is_default_claim_threshold"
    )]
    claim_inflammatory_threshold: f64,
}

fn default_claim_threshold() -> f64 {
    crate::classifier::CLAIM_INFLAMMATORY_THRESHOLD
}

fn is_default_claim_threshold(t: &f64) -> bool {
    *t == crate::classifier::CLAIM_INFLAMMATORY_THRESHOLD
}

fn no_temperature() -> f64 {
    1.0
}

fn is_no_temperature(t: &f64) -> bool {
    *t == 1.0
}

fn first_analyzer_version() -> u32 {
    1
}

impl Classifier {
    /// Writes the model file (JSON). The write goes to a temporary file beside `path`,
    /// renamed into place, so a reader never sees half a model.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let path = std::env::temp_dir().join("claimscore-doc-save.json");
    /// Classifier::default_model().save(&path)?;
    /// let back = Classifier::load(&path)?;
    /// assert_eq!(back.version(), Classifier::default_model().version());
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let bytes = self.to_bytes();
        crate::io::write_atomic(path, &bytes)
    }

    /// The model file's bytes: one JSON document, byte-identical for the same model.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// assert_eq!(Classifier::from_bytes(&m.to_bytes())?.to_bytes(), m.to_bytes());
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec(&self.file()).expect("a model serializes");
        v.push(b'\n');
        v
    }

    /// Reads a model file.
    ///
    /// # Example
    /// ```
    /// let err = claimscore::Classifier::load("no/such/model.json").unwrap_err();
    /// assert!(err.to_string().contains("no/such/model.json"));
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::from_bytes(&bytes).map_err(|e| match e {
            Error::Model {
                field, problem, source, ..
            } => Error::Model {
                path: Some(path.to_path_buf()),
                field,
                problem,
                source,
            },
            e => e,
        })
    }

    /// Parses a model file's bytes (a leading UTF-8 byte-order mark is skipped). Unknown
    /// schema or analyzer versions, inconsistent shapes and values that could make a score
    /// non-finite are errors that name the field.
    ///
    /// # Example
    /// ```
    /// let err = claimscore::Classifier::from_bytes(br#"{"format":"claimscore-model","schema_version":99}"#).unwrap_err();
    /// assert!(err.to_string().contains("schema version 99"));
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        #[derive(Deserialize)]
        struct Header {
            format: String,
            schema_version: u32,
            #[serde(default = "first_analyzer_version")]
            analyzer_version: u32,
        }
        let header: Header = serde_json::from_slice(bytes).map_err(|e| Error::Model {
            path: None,
            field: None,
            problem: "not a model file (expected a JSON object with `format` and `schema_version`)".into(),
            source: Some(e),
        })?;
        if header.format != FORMAT {
            return Err(Error::model_field(
                "format",
                format!("{:?} is not {FORMAT:?}", header.format),
            ));
        }
        if header.schema_version != SCHEMA_VERSION {
            return Err(Error::model_field(
                "schema_version",
                format!(
                    "schema version {} is not supported (this build reads version {SCHEMA_VERSION})",
                    header.schema_version
                ),
            ));
        }
        if header.analyzer_version != ANALYZER_VERSION {
            return Err(Error::model_field(
                "analyzer_version",
                format!(
                    "the model was trained with analyzer version {}, but this build's text pipeline is \
                     version {ANALYZER_VERSION}: it would featurize text differently (retrain the model, or \
                     use a claimscore release with analyzer version {})",
                    header.analyzer_version, header.analyzer_version
                ),
            ));
        }
        let file: ModelFile = match serde_json::from_slice(bytes) {
            Ok(f) => f,
            Err(e) => return Err(locate(bytes, e)),
        };
        let prefixed = |block: &'static str| {
            move |e: Error| match e {
                Error::Model {
                    field: Some(f),
                    problem,
                    ..
                } => Error::model_field(format!("{block}{f}"), problem),
                e => e,
            }
        };
        file.featurizer.check().map_err(|e| match e {
            Error::InvalidParam { name, .. } => Error::model_field(format!("featurizer.{name}"), e.to_string()),
            e => e,
        })?;
        let words = Block::new(file.word_vocabulary, file.word_idf).map_err(prefixed("word_"))?;
        let chars = match (file.featurizer.char_ngrams, file.char_vocabulary, file.char_idf) {
            (Some(_), Some(v), Some(i)) => Some(Block::new(v, i).map_err(prefixed("char_"))?),
            (None, None, None) => None,
            _ => {
                return Err(Error::model_field(
                    "char_vocabulary",
                    "character n-gram settings and vocabulary disagree",
                ));
            }
        };
        let featurizer = Featurizer::new(file.featurizer, words, chars);
        let nl = file.labels.len();
        if file.weights.len() != nl {
            return Err(Error::model_field(
                "weights",
                format!("{} weight rows for {nl} labels", file.weights.len()),
            ));
        }
        let nf = featurizer.n_features();
        if let Some(bad) = file.weights.iter().position(|r| r.len() != nf) {
            return Err(Error::model_field(
                format!("weights[{bad}]"),
                format!(
                    "weight row {bad} has {} values for {nf} features",
                    file.weights[bad].len()
                ),
            ));
        }
        for (c, row) in file.weights.iter().enumerate() {
            if let Some(f) = row.iter().position(|w| !is_usable_weight(*w)) {
                return Err(Error::model_field(
                    format!("weights[{c}][{f}]"),
                    format!(
                        "{} is out of range (a weight's magnitude must be at most {MAX_WEIGHT:e})",
                        row[f]
                    ),
                ));
            }
        }
        let mut weights = vec![0.0; nf * nl];
        for (c, row) in file.weights.iter().enumerate() {
            for (f, w) in row.iter().enumerate() {
                weights[f * nl + c] = *w;
            }
        }
        let c = Classifier {
            featurizer,
            labels: file.labels,
            weights,
            intercepts: file.intercepts,
            metadata: file.metadata,
            temperature: file.temperature,
            claim_inflammatory_threshold: file.claim_inflammatory_threshold,
        };
        c.validate()?;
        Ok(c)
    }

    /// Checks labels, shapes and value ranges; errors name the field.
    pub(crate) fn validate(&self) -> Result<()> {
        let nl = self.labels.len();
        if nl < 2 || self.labels.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::model_field(
                "labels",
                format!(
                    "labels {:?}: need two or three distinct labels in class order",
                    self.labels
                ),
            ));
        }
        let nf = self.n_features();
        if self.weights.len() != nf * nl {
            return Err(Error::model_field(
                "weights",
                format!(
                    "weights hold {} values; {} features x {} labels need {}",
                    self.weights.len(),
                    nf,
                    nl,
                    nf * nl
                ),
            ));
        }
        if self.intercepts.len() != nl {
            return Err(Error::model_field(
                "intercepts",
                format!("{} intercepts for {} labels", self.intercepts.len(), nl),
            ));
        }
        if let Some(i) = self.weights.iter().position(|w| !is_usable_weight(*w)) {
            let (f, c) = (i / nl, i % nl);
            return Err(Error::model_field(
                format!("weights[{c}][{f}]"),
                format!(
                    "{} is out of range (a weight's magnitude must be at most {MAX_WEIGHT:e})",
                    self.weights[i]
                ),
            ));
        }
        if let Some(c) = self.intercepts.iter().position(|w| !is_usable_weight(*w)) {
            return Err(Error::model_field(
                format!("intercepts[{c}]"),
                format!(
                    "{} is out of range (an intercept's magnitude must be at most {MAX_WEIGHT:e})",
                    self.intercepts[c]
                ),
            ));
        }
        crate::calibration::check_temperature(self.temperature)
            .map_err(|e| Error::model_field("temperature", e.to_string()))?;
        crate::classifier::check_claim_threshold(self.claim_inflammatory_threshold)
            .map_err(|e| Error::model_field("claim_inflammatory_threshold", e.to_string()))?;
        Ok(())
    }

    fn file(&self) -> ModelFile {
        let nl = self.labels.len();
        let nf = self.n_features();
        ModelFile {
            format: FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            analyzer_version: ANALYZER_VERSION,
            metadata: self.metadata.clone(),
            labels: self.labels.clone(),
            featurizer: self.featurizer.config.clone(),
            word_vocabulary: self.featurizer.words.terms.clone(),
            word_idf: self.featurizer.words.idf.clone(),
            char_vocabulary: self.featurizer.chars.as_ref().map(|b| b.terms.clone()),
            char_idf: self.featurizer.chars.as_ref().map(|b| b.idf.clone()),
            weights: (0..nl)
                .map(|c| (0..nf).map(|f| self.weights[f * nl + c]).collect())
                .collect(),
            intercepts: self.intercepts.clone(),
            temperature: self.temperature,
            claim_inflammatory_threshold: self.claim_inflammatory_threshold,
        }
    }
}

fn is_usable_weight(w: f64) -> bool {
    w.is_finite() && w.abs() <= MAX_WEIGHT
}

/// Re-parses a document that failed to deserialize, tracking the path, to name the field.
fn locate(bytes: &[u8], error: serde_json::Error) -> Error {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let field = match serde_path_to_error::deserialize::<_, ModelFile>(&mut de) {
        Err(e) => Some(e.path().to_string()).filter(|p| p != "." && !p.is_empty()),
        Ok(_) => None,
    };
    Error::Model {
        path: None,
        field,
        problem: "the document does not match the model schema".into(),
        source: Some(error),
    }
}

impl Serialize for Classifier {
    /// Serializes as the model file.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.file().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temperature_round_trips_and_is_optional() {
        let m = Classifier::default_model().clone().with_temperature(1.0).unwrap();
        let bytes = m.to_bytes();
        // A model at temperature 1 does not write the field: older readers' files stay as they were.
        assert!(!String::from_utf8_lossy(&bytes).contains("\"temperature\""));
        assert_eq!(Classifier::from_bytes(&bytes).unwrap().temperature(), 1.0);
        let hot = m.clone().with_temperature(1.25).unwrap();
        let back = Classifier::from_bytes(&hot.to_bytes()).unwrap();
        assert_eq!(back.temperature(), 1.25);
        assert_eq!(back.scores("You absolute idiot."), hot.scores("You absolute idiot."));
    }

    #[test]
    fn a_bad_temperature_is_refused_naming_the_field() {
        let uncalibrated = Classifier::default_model().clone().with_temperature(1.0).unwrap();
        let text = String::from_utf8(uncalibrated.to_bytes()).unwrap();
        let body = text.trim_end().strip_suffix('}').unwrap();
        for bad in ["0", "-1", "1000", "\"hot\""] {
            let doc = format!("{body},\"temperature\":{bad}}}");
            let err = Classifier::from_bytes(doc.as_bytes()).unwrap_err().to_string();
            assert!(err.contains("temperature"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_claim_threshold_round_trips_and_is_optional() {
        use crate::classifier::CLAIM_INFLAMMATORY_THRESHOLD;
        let bundled = Classifier::default_model();
        assert_eq!(bundled.claim_inflammatory_threshold(), 0.6, "the recipe stores its own");
        let default = bundled
            .clone()
            .with_claim_inflammatory_threshold(CLAIM_INFLAMMATORY_THRESHOLD)
            .unwrap();
        let bytes = default.to_bytes();
        // The library default is not written: files of older models read as they were.
        assert!(!String::from_utf8_lossy(&bytes).contains("claim_inflammatory_threshold"));
        let back = Classifier::from_bytes(&bytes).unwrap();
        assert_eq!(back.claim_inflammatory_threshold(), CLAIM_INFLAMMATORY_THRESHOLD);
        let back = Classifier::from_bytes(&bundled.to_bytes()).unwrap();
        assert_eq!(back.claim_inflammatory_threshold(), 0.6);
        // The threshold changes labels: one sure insult among civil sentences.
        let text = "The council met on Tuesday. The budget passed. Anyone who voted for it is a fool.";
        let eager = bundled.clone().with_claim_inflammatory_threshold(0.01).unwrap();
        let strict = bundled.clone().with_claim_inflammatory_threshold(1.0).unwrap();
        assert_eq!(eager.classify(text).label, crate::Label::Inflammatory);
        assert_eq!(strict.classify(text).label, strict.scores(text).max().0);
        assert_eq!(eager.scores(text), strict.scores(text));
    }

    #[test]
    fn a_bad_claim_threshold_is_refused_naming_the_field() {
        let text = String::from_utf8(Classifier::default_model().to_bytes()).unwrap();
        let body = text.trim_end().strip_suffix('}').unwrap();
        let body = body.replace(",\"claim_inflammatory_threshold\":0.6", "");
        for bad in ["0", "-0.5", "1.5", "\"high\""] {
            let doc = format!("{body},\"claim_inflammatory_threshold\":{bad}}}");
            let err = Classifier::from_bytes(doc.as_bytes()).unwrap_err().to_string();
            assert!(err.contains("claim_inflammatory_threshold"), "{bad}: {err}");
        }
        for bad in [0.0, -1.0, 1.01, f64::NAN] {
            assert!(
                Classifier::default_model()
                    .clone()
                    .with_claim_inflammatory_threshold(bad)
                    .is_err()
            );
        }
    }
}
