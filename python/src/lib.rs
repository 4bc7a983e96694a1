//! `claimscore._claimscore`: the PyO3 extension behind the `claimscore` Python package.
//!
//! Python objects are turned into owned Rust strings (checked with the library's row
//! checks, so a bad row gets the CLI's error message), then the batch is scored with the
//! GIL released, in parallel (rayon), and the results turned back into Python objects.

use std::borrow::Cow;

use claimscore::{Claim, Classifier, Explanation, Input, Label, RowError};
use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray2};
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyList, PyString};

/// One input row, checked: the comment and its article, or why it cannot be scored.
type Row = Result<(String, Option<String>), RowError>;

/// `"a: b: c"`: an error and its sources, as the CLI prints them.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}

fn to_py_err(e: claimscore::Error) -> PyErr {
    let message = chain(&e);
    match &e {
        claimscore::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(message)
        }
        claimscore::Error::Io { .. } => PyOSError::new_err(message),
        _ => PyValueError::new_err(message),
    }
}

/// pandas' missing values: a float NaN (`np.nan`, and pandas 3's default string dtype)
/// or `pd.NA`, which are `None` here.
fn is_missing(obj: &Bound<'_, PyAny>) -> bool {
    if let Ok(f) = obj.cast::<PyFloat>() {
        return f.value().is_nan();
    }
    obj.get_type().name().is_ok_and(|n| n == "NAType")
}

/// The text of one field (`str`, `bytes`, or `None` and pandas' missing values), checked
/// as the CLI checks a cell.
fn field(obj: &Bound<'_, PyAny>, column: &str, max_text_bytes: usize) -> PyResult<Result<Option<String>, RowError>> {
    if obj.is_none() {
        return Ok(Ok(None));
    }
    let bytes: Cow<'_, [u8]> = if let Ok(s) = obj.cast::<PyString>() {
        match s.to_str() {
            Ok(s) => Cow::Owned(s.as_bytes().to_vec()),
            // Lone surrogates: encode them as they are, and let the UTF-8 check say where.
            Err(_) => Cow::Owned(
                s.call_method1("encode", ("utf-8", "surrogatepass"))?
                    .cast::<PyBytes>()?
                    .as_bytes()
                    .to_vec(),
            ),
        }
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        Cow::Borrowed(b.as_bytes())
    } else if is_missing(obj) {
        return Ok(Ok(None));
    } else {
        return Err(PyTypeError::new_err(format!(
            "{column}: expected str, bytes or None, got {}",
            obj.get_type().name()?
        )));
    };
    let checked = if column == "text" {
        claimscore::check_text(&bytes, max_text_bytes).map(str::to_string)
    } else {
        claimscore::check_utf8(column, &bytes).and_then(|a| {
            claimscore::check_article_len(a.len(), max_text_bytes)?;
            Ok(a.to_string())
        })
    };
    Ok(checked.map(Some))
}

/// Reads `texts` (and `articles`, when given) into checked rows.
fn rows(texts: &Bound<'_, PyAny>, articles: Option<&Bound<'_, PyAny>>, max_text_bytes: usize) -> PyResult<Vec<Row>> {
    if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "texts must be a sequence of texts, not one text: classify([text])",
        ));
    }
    let mut out: Vec<Row> = Vec::new();
    for t in texts.try_iter()? {
        let text = match field(&t?, "text", max_text_bytes)? {
            Ok(Some(t)) => Ok(t),
            Ok(None) => Err(RowError::MissingText {
                column: "text".to_string(),
            }),
            Err(e) => Err(e),
        };
        out.push(text.map(|t| (t, None)));
    }
    if let Some(articles) = articles {
        let articles: Vec<Bound<'_, PyAny>> = articles.try_iter()?.collect::<PyResult<_>>()?;
        if articles.len() != out.len() {
            return Err(PyValueError::new_err(format!(
                "{} texts but {} articles: give one article (or None) per text",
                out.len(),
                articles.len()
            )));
        }
        for (row, a) in out.iter_mut().zip(&articles) {
            let checked = field(a, "article", max_text_bytes)?;
            if let Ok((_, article)) = row {
                match checked {
                    // An empty article is no article, as in the CLI.
                    Ok(a) => *article = a.filter(|a| !a.trim().is_empty()),
                    Err(e) => *row = Err(e),
                }
            }
        }
    }
    Ok(out)
}

/// The inputs of the good rows, and where each sits.
fn inputs(rows: &[Row]) -> (Vec<Input<'_>>, Vec<usize>) {
    let mut inputs = Vec::with_capacity(rows.len());
    let mut at = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        if let Ok((t, a)) = r {
            inputs.push(Input {
                text: t,
                article: a.as_deref(),
            });
            at.push(i);
        }
    }
    (inputs, at)
}

/// Character offsets of a byte span of `text`, so that Python's `text[start:end]` works.
fn char_span(text: &str, span: &std::ops::Range<usize>) -> (usize, usize) {
    let start = text[..span.start].chars().count();
    (start, start + text[span.start..span.end].chars().count())
}

/// One verdict as a dict. A comment confidently not in English (`language`) gets no label
/// or scores and the CLI's error, "unsupported language: xx"; `claims` is None unless given.
fn verdict_dict<'py>(
    py: Python<'py>,
    text: &str,
    version: &str,
    language: Option<&str>,
    (label, scores): (Label, [f64; 3]),
    claims: Option<&[Claim]>,
    with_article: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("model_version", version)?;
    d.set_item("language", language)?;
    if let Some(code) = language {
        for k in [
            "label",
            "sourced",
            "unsourced",
            "inflammatory",
            "claims",
            "with_article",
        ] {
            d.set_item(k, py.None())?;
        }
        d.set_item("error", format!("unsupported language: {code}"))?;
        return Ok(d);
    }
    d.set_item("label", label.as_str())?;
    let [s, u, i] = scores;
    d.set_item("sourced", s)?;
    d.set_item("unsourced", u)?;
    d.set_item("inflammatory", i)?;
    d.set_item("with_article", with_article)?;
    match claims {
        Some(claims) => {
            let list = PyList::empty(py);
            for c in claims {
                let cd = PyDict::new(py);
                cd.set_item("text", &c.text)?;
                cd.set_item("span", char_span(text, &c.span))?;
                cd.set_item("label", c.label.as_str())?;
                let [s, u, i] = c.scores.to_array();
                cd.set_item("sourced", s)?;
                cd.set_item("unsourced", u)?;
                cd.set_item("inflammatory", i)?;
                cd.set_item("too_short", c.too_short)?;
                list.append(cd)?;
            }
            d.set_item("claims", list)?;
        }
        None => d.set_item("claims", py.None())?,
    }
    d.set_item("error", py.None())?;
    Ok(d)
}

fn error_dict<'py>(py: Python<'py>, version: &str, e: &RowError) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for k in [
        "label",
        "sourced",
        "unsourced",
        "inflammatory",
        "claims",
        "with_article",
    ] {
        d.set_item(k, py.None())?;
    }
    d.set_item("model_version", version)?;
    d.set_item("language", py.None())?;
    d.set_item("error", e.to_string())?;
    Ok(d)
}

fn explanation_dict<'py>(py: Python<'py>, text: &str, e: &Explanation) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("label", e.label.as_str())?;
    let [s, u, i] = e.scores.to_array();
    d.set_item("sourced", s)?;
    d.set_item("unsourced", u)?;
    d.set_item("inflammatory", i)?;
    d.set_item("model_version", &e.model_version)?;
    let labels = PyList::empty(py);
    for l in &e.labels {
        let ld = PyDict::new(py);
        ld.set_item("label", l.label.as_str())?;
        ld.set_item("logit", l.logit)?;
        ld.set_item("intercept", l.intercept)?;
        for (key, list) in [("for_label", &l.for_label), ("against_label", &l.against_label)] {
            let out = PyList::empty(py);
            for c in list {
                let cd = PyDict::new(py);
                cd.set_item("feature", &c.feature)?;
                cd.set_item("kind", c.kind.as_str())?;
                cd.set_item("value", c.value)?;
                cd.set_item("contribution", c.contribution)?;
                let spans: Vec<(usize, usize)> = c.spans.iter().map(|s| char_span(text, s)).collect();
                cd.set_item("spans", spans)?;
                out.append(cd)?;
            }
            ld.set_item(key, out)?;
        }
        labels.append(ld)?;
    }
    d.set_item("labels", labels)?;
    Ok(d)
}

/// A trained claimscore model.
#[pyclass(module = "claimscore._claimscore", frozen, name = "Classifier")]
struct PyClassifier {
    model: Cow<'static, Classifier>,
}

#[pymethods]
impl PyClassifier {
    /// The bundled default model.
    #[staticmethod]
    fn default() -> Self {
        PyClassifier {
            model: Cow::Borrowed(Classifier::default_model()),
        }
    }

    /// Loads a model file written by `claimscore train` (or `Classifier::save`).
    #[staticmethod]
    fn load(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        let model = py.detach(|| Classifier::load(&path)).map_err(to_py_err)?;
        Ok(PyClassifier {
            model: Cow::Owned(model),
        })
    }

    /// The model's version string.
    #[getter]
    fn version(&self) -> &str {
        self.model.version()
    }

    /// The temperature dividing the logits before the softmax (1.0: scores as trained).
    #[getter]
    fn temperature(&self) -> f64 {
        self.model.temperature()
    }

    /// The labels, in the column order of `scores`.
    #[getter]
    fn labels(&self) -> Vec<&'static str> {
        claimscore::Label::ALL.iter().map(|l| l.as_str()).collect()
    }

    /// Number of features.
    #[getter]
    fn n_features(&self) -> usize {
        self.model.n_features()
    }

    /// One dict per text: label, the three scores, claims, model_version, error. With
    /// `claims=False`, no per-sentence verdicts (`claims` is None): the fast path.
    #[pyo3(signature = (texts, articles = None, *, claims = true, max_text_bytes = claimscore::DEFAULT_MAX_TEXT_BYTES))]
    fn classify<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        articles: Option<&Bound<'py, PyAny>>,
        claims: bool,
        max_text_bytes: usize,
    ) -> PyResult<Bound<'py, PyList>> {
        let rows = rows(texts, articles, max_text_bytes)?;
        let model: &Classifier = &self.model;
        let version = model.version();
        let out = PyList::empty(py);
        // The label is the verdict's (the rubric's rules over the scores), as in the CLI;
        // without claims, `predict_batch` gives it without scoring every sentence.
        let good = || rows.iter().filter_map(|r| r.as_ref().ok());
        if claims {
            let verdicts = py.detach(|| model.classify_batch(inputs(&rows).0));
            let mut verdicts = verdicts.iter();
            for r in &rows {
                match r {
                    Ok((text, _)) => {
                        let v = verdicts.next().expect("one per good row");
                        let parts = (v.label, v.scores.to_array());
                        let d = verdict_dict(
                            py,
                            text,
                            version,
                            v.language.as_deref(),
                            parts,
                            Some(&v.claims),
                            v.with_article,
                        )?;
                        out.append(d)?
                    }
                    Err(e) => out.append(error_dict(py, version, e)?)?,
                }
            }
        } else {
            let (languages, predicted) = py.detach(|| {
                let languages: Vec<Option<&'static str>> =
                    good().map(|(text, _)| claimscore::unsupported_language(text)).collect();
                (languages, model.predict_batch(inputs(&rows).0))
            });
            let mut each = languages.into_iter().zip(predicted);
            for r in &rows {
                match r {
                    Ok((text, article)) => {
                        let (language, parts) = each.next().expect("one per good row");
                        let with_article = article.is_some() && model.featurizer_config().article_features;
                        out.append(verdict_dict(py, text, version, language, parts, None, with_article)?)?
                    }
                    Err(e) => out.append(error_dict(py, version, e)?)?,
                }
            }
        }
        Ok(out)
    }

    /// Probabilities as a float64 array of shape (n, 3), columns sourced, unsourced,
    /// inflammatory; a row that cannot be scored is NaN.
    #[pyo3(signature = (texts, articles = None, *, max_text_bytes = claimscore::DEFAULT_MAX_TEXT_BYTES))]
    fn scores<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        articles: Option<&Bound<'py, PyAny>>,
        max_text_bytes: usize,
    ) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let rows = rows(texts, articles, max_text_bytes)?;
        let model: &Classifier = &self.model;
        let flat = py.detach(|| {
            let (inputs, at) = inputs(&rows);
            let scored = model.scores_batch(inputs);
            let mut flat = vec![f64::NAN; rows.len() * 3];
            for (i, p) in at.into_iter().zip(scored) {
                flat[i * 3..i * 3 + 3].copy_from_slice(&p);
            }
            flat
        });
        let n = rows.len();
        let array = Array2::from_shape_vec((n, 3), flat).expect("n x 3 values");
        Ok(array.into_pyarray(py))
    }

    /// The row error of each text (None when it can be scored): the CLI's messages.
    #[pyo3(signature = (texts, articles = None, *, max_text_bytes = claimscore::DEFAULT_MAX_TEXT_BYTES))]
    fn errors(
        &self,
        texts: &Bound<'_, PyAny>,
        articles: Option<&Bound<'_, PyAny>>,
        max_text_bytes: usize,
    ) -> PyResult<Vec<Option<String>>> {
        Ok(rows(texts, articles, max_text_bytes)?
            .iter()
            .map(|r| r.as_ref().err().map(ToString::to_string))
            .collect())
    }

    /// The k features that push hardest for and against each label of one text.
    #[pyo3(signature = (text, k = 5, article = None))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        k: usize,
        article: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        if text.trim().is_empty() {
            return Err(PyValueError::new_err(RowError::EmptyText.to_string()));
        }
        let model: &Classifier = &self.model;
        let e = py.detach(|| model.explain(Input { text, article }, k));
        explanation_dict(py, text, &e)
    }

    fn __repr__(&self) -> String {
        format!(
            "Classifier(version={:?}, n_features={})",
            self.model.version(),
            self.model.n_features()
        )
    }
}

#[pymodule]
fn _claimscore(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyClassifier>()?;
    m.add("DEFAULT_MAX_TEXT_BYTES", claimscore::DEFAULT_MAX_TEXT_BYTES)?;
    m.add("ANALYZER_VERSION", claimscore::ANALYZER_VERSION)?;
    Ok(())
}
