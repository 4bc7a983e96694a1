//! The crate's one error type.
//!
//! Errors keep their sources: a CSV, JSON, I/O or solver error is the [`std::error::Error::source`]
//! of ours, not flattened into a string, and our `Display` does not repeat it (print the
//! chain, as `anyhow`'s `{:#}` does, to see both).

use std::path::{Path, PathBuf};

/// Everything that can go wrong in claimscore.
///
/// Errors about input name the file (when there is one), the line and the field, so a
/// caller can point a user at the exact cell; [`Error::path`] and [`Error::line`] give
/// them to a program.
///
/// # Example
/// ```
/// use std::error::Error as _;
/// let err = claimscore::Classifier::load("no/such/model.json").unwrap_err();
/// assert_eq!(err.to_string(), "no/such/model.json");
/// assert!(err.source().is_some(), "the I/O error is the source");
/// assert_eq!(err.path(), Some(std::path::Path::new("no/such/model.json")));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written; the I/O error is the source.
    #[error("{}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A CSV file is malformed; the CSV error (with its position) is the source.
    #[error("{}malformed CSV{}", at(.path.as_deref()), csv_line(.source))]
    Csv {
        /// The file, when the data came from a file.
        path: Option<PathBuf>,
        /// The underlying error.
        #[source]
        source: csv::Error,
    },
    /// A CSV file lacks a column.
    #[error("{}no column `{column}`; columns present: {}", at(.path.as_deref()), .present.join(", "))]
    MissingColumn {
        /// The file, when the data came from a file.
        path: Option<PathBuf>,
        /// The missing column.
        column: String,
        /// The columns the header has.
        present: Vec<String>,
    },
    /// A CSV header lacks a required column and splits on the delimiter given into one
    /// field, although it holds another delimiter: the file is likely separated by that one.
    #[error(
        "{}no column `{column}`: the header has no `{}` but has `{}`; read it with --delimiter '{}' (or leave the delimiter out to detect it)",
        at(.path.as_deref()),
        crate::csv_check::delimiter_name(*.delimiter),
        crate::csv_check::delimiter_name(*.found),
        if *.found == b'\t' { "\\t".to_string() } else { (*.found as char).to_string() }
    )]
    WrongDelimiter {
        /// The file, when the data came from a file.
        path: Option<PathBuf>,
        /// The column looked for.
        column: String,
        /// The delimiter the header was split on.
        delimiter: u8,
        /// The delimiter the header holds.
        found: u8,
    },
    /// A line of a JSON Lines file is not a JSON object; the JSON error is the source.
    #[error("{}line {line} is not a JSON object", at(.path.as_deref()))]
    JsonLine {
        /// The file, when the data came from a file.
        path: Option<PathBuf>,
        /// 1-based line.
        line: u64,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// A CSV header names a column twice, so which one is read would be a guess.
    #[error("{}the header names the column `{column}` twice (columns {first} and {second}); rename one", at(.path.as_deref()))]
    DuplicateColumn {
        /// The file, when the data came from a file.
        path: Option<PathBuf>,
        /// The repeated name.
        column: String,
        /// 1-based positions of its first and second occurrence.
        first: usize,
        /// See `first`.
        second: usize,
    },
    /// A quoted CSV field is never closed: every line after it would be merged into it.
    #[error("{}a quoted field opens on line {line} and is never closed: every line after it would be merged into that field", at(.path.as_deref()))]
    UnclosedQuote {
        /// The file, when the data came from a file.
        path: Option<PathBuf>,
        /// 1-based line where the quote opens.
        line: u64,
    },
    /// A CSV row has more or fewer fields than the header.
    #[error("{}row {row} has {fields} fields but the header has {expected}", at(.path.as_deref()))]
    RaggedRow {
        /// The file, when the data came from a file.
        path: Option<PathBuf>,
        /// 1-based line where the row starts; the header is line 1.
        row: u64,
        /// How many fields the row has.
        fields: usize,
        /// How many the header has.
        expected: usize,
    },
    /// One field of one row holds a value that cannot be used.
    #[error("{}row {row}, field `{field}`: {message}", at(.path.as_deref()))]
    BadField {
        /// The file, when the data came from a file.
        path: Option<PathBuf>,
        /// 1-based line where the row starts; the header is line 1.
        row: u64,
        /// The column name.
        field: String,
        /// What is wrong with the value.
        message: String,
    },
    /// A label string is not one of `sourced`, `unsourced`, `inflammatory`.
    #[error("unknown label {0:?}: expected sourced, unsourced or inflammatory")]
    UnknownLabel(String),
    /// A training or featurizer parameter is out of range.
    #[error("invalid parameter `{name}` = {value}: {expected}")]
    InvalidParam {
        /// The parameter's name.
        name: &'static str,
        /// The rejected value, formatted.
        value: String,
        /// What would have been accepted.
        expected: &'static str,
    },
    /// Training data cannot be fitted (too few rows or labels, empty vocabulary, ...).
    #[error("cannot train: {0}")]
    Training(String),
    /// The solver failed; its error is the source.
    #[cfg(feature = "train")]
    #[error("the solver failed")]
    Solver {
        /// The underlying error (from argmin, ndarray or linfa).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A model file is malformed, of an unknown version, or holds unusable values.
    #[error(
        "invalid model{}{}: {problem}",
        .path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default(),
        .field.as_ref().map(|f| format!(", field `{f}`")).unwrap_or_default()
    )]
    Model {
        /// The model file, when the model came from a file.
        path: Option<PathBuf>,
        /// The field at fault, as a path into the JSON document (`weights[0][5]`).
        field: Option<String>,
        /// What is wrong.
        problem: String,
        /// The JSON error, when the document did not parse.
        #[source]
        source: Option<serde_json::Error>,
    },
}

/// `Result` with claimscore's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn at(path: Option<&Path>) -> String {
    path.map(|p| format!("{}: ", p.display())).unwrap_or_default()
}

fn csv_line(e: &csv::Error) -> String {
    csv_position(e).map(|l| format!(" in row {l}")).unwrap_or_default()
}

fn csv_position(e: &csv::Error) -> Option<u64> {
    e.position().map(csv::Position::line)
}

impl Error {
    /// The file the error is about, if any.
    ///
    /// # Example
    /// ```
    /// let err = claimscore::Dataset::read_csv("missing.csv").unwrap_err();
    /// assert_eq!(err.path(), Some(std::path::Path::new("missing.csv")));
    /// ```
    pub fn path(&self) -> Option<&Path> {
        match self {
            Error::Io { path, .. } => Some(path),
            Error::Csv { path, .. }
            | Error::MissingColumn { path, .. }
            | Error::BadField { path, .. }
            | Error::DuplicateColumn { path, .. }
            | Error::WrongDelimiter { path, .. }
            | Error::JsonLine { path, .. }
            | Error::UnclosedQuote { path, .. }
            | Error::RaggedRow { path, .. }
            | Error::Model { path, .. } => path.as_deref(),
            _ => None,
        }
    }

    /// The 1-based line of the input the error is about (a CSV row's first line, or the
    /// line of a model file's JSON error), if known.
    ///
    /// # Example
    /// ```
    /// let csv = "text,label\nfine,sourced\nhmm,toxic\n";
    /// let err = claimscore::Dataset::from_reader(csv.as_bytes()).unwrap_err();
    /// assert_eq!(err.line(), Some(3));
    /// ```
    pub fn line(&self) -> Option<u64> {
        match self {
            Error::Csv { source, .. } => csv_position(source),
            Error::BadField { row, .. } | Error::RaggedRow { row, .. } => Some(*row),
            Error::UnclosedQuote { line, .. } | Error::JsonLine { line, .. } => Some(*line),
            Error::WrongDelimiter { .. } => Some(1),
            Error::DuplicateColumn { .. } => Some(1),
            Error::Model { source: Some(e), .. } if e.line() > 0 => Some(e.line() as u64),
            _ => None,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A CSV error; an I/O error inside it becomes [`Error::Io`] when there is a path.
    pub(crate) fn csv(path: Option<&Path>, source: csv::Error) -> Self {
        match (path, source.kind()) {
            (Some(path), csv::ErrorKind::Io(_)) => match source.into_kind() {
                csv::ErrorKind::Io(e) => Error::io(path, e),
                _ => unreachable!("matched above"),
            },
            _ => Error::Csv {
                path: path.map(Path::to_path_buf),
                source,
            },
        }
    }

    pub(crate) fn model_field(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Error::Model {
            path: None,
            field: Some(field.into()),
            problem: problem.into(),
            source: None,
        }
    }

    #[cfg(feature = "train")]
    pub(crate) fn solver(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::Solver { source: source.into() }
    }

    pub(crate) fn param(name: &'static str, value: impl std::fmt::Display, expected: &'static str) -> Self {
        Error::InvalidParam {
            name,
            value: value.to_string(),
            expected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn io_errors_print_their_source_once() {
        let e = Error::io("m.json", std::io::Error::from(std::io::ErrorKind::NotFound));
        let shown = e.to_string();
        let source = e.source().unwrap().to_string();
        assert_eq!(shown, "m.json");
        assert!(!shown.contains(&source), "{shown:?} repeats {source:?}");
    }
}
