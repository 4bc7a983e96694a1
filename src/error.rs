//! The crate's one error type.

use std::path::PathBuf;

/// Everything that can go wrong in claimscore.
///
/// Errors about input name the file, the row (1-based, counting the header as row 1) and
/// the field, so a caller can point a user at the exact cell.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    ///
    /// Displays the path only: the cause is [`source`](std::error::Error::source), which
    /// error reporters such as `anyhow` print after it.
    #[error("{path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A CSV file is malformed or lacks a column.
    #[error("{path}: {message}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the row and field where known.
        message: String,
    },
    /// One field of one row holds a value that cannot be used.
    #[error("{path}: row {row}, field `{field}`: {message}")]
    BadField {
        /// The file.
        path: PathBuf,
        /// 1-based row number; the header is row 1.
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
    /// The solver failed.
    #[error("solver failed: {0}")]
    Solver(String),
    /// A model file is malformed, of an unknown version, or has inconsistent shapes.
    #[error("invalid model{}: {message}", .path.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    Model {
        /// The model file, when the model came from a file.
        path: Option<PathBuf>,
        /// What is wrong.
        message: String,
    },
}

/// `Result` with claimscore's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn model(message: impl Into<String>) -> Self {
        Error::Model {
            path: None,
            message: message.into(),
        }
    }

    pub(crate) fn param(name: &'static str, value: impl std::fmt::Display, expected: &'static str) -> Self {
        Error::InvalidParam {
            name,
            value: value.to_string(),
            expected,
        }
    }
}
