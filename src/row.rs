//! Row checks: what makes one input row unscorable, with the messages every front end
//! (the CLI, the Python package) prints, so that they agree on every row.

/// The longest text scored by default, in bytes (1 MiB): longer texts are row errors.
pub const DEFAULT_MAX_TEXT_BYTES: usize = 1 << 20;

/// Why one row cannot be scored. The row is still reported (with this message in its
/// `error`), and the batch goes on.
///
/// # Example
/// ```
/// use claimscore::{RowError, check_text};
/// assert_eq!(check_text(b"  \n", 100), Err(RowError::EmptyText));
/// assert_eq!(RowError::EmptyText.to_string(), "empty text");
/// assert_eq!(RowError::EmptyText.kind(), "empty text");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RowError {
    /// The text is empty or only whitespace.
    #[error("empty text")]
    EmptyText,
    /// The text is missing: a JSON `null`, an absent key, a Python `None`.
    #[error("no text: `{column}` is null or missing")]
    MissingText {
        /// The text column (or key) name.
        column: String,
    },
    /// The text is longer than the limit.
    #[error("text of {bytes} bytes is over the limit of {limit} (--max-text-bytes)")]
    TextTooLong {
        /// The text's length in bytes.
        bytes: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The article is longer than the limit (the same as the text's).
    #[error("article of {bytes} bytes is over the limit of {limit} (--max-text-bytes)")]
    ArticleTooLong {
        /// The article's length in bytes.
        bytes: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// A field is not valid UTF-8.
    #[error("invalid UTF-8 in column `{column}` at byte {valid_up_to}")]
    InvalidUtf8 {
        /// The column (or key) name.
        column: String,
        /// The length of the valid prefix, in bytes.
        valid_up_to: usize,
    },
}

impl RowError {
    /// A short name of the kind of problem, for counts in summaries (`"empty text"`,
    /// `"missing text"`, `"text too long"`, `"article too long"`, `"invalid UTF-8"`).
    ///
    /// # Example
    /// ```
    /// let e = claimscore::check_text(&[b'x'; 11], 10).unwrap_err();
    /// assert_eq!(e.kind(), "text too long");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            RowError::EmptyText => "empty text",
            RowError::MissingText { .. } => "missing text",
            RowError::TextTooLong { .. } => "text too long",
            RowError::ArticleTooLong { .. } => "article too long",
            RowError::InvalidUtf8 { .. } => "invalid UTF-8",
        }
    }
}

/// Checks one comment's raw bytes as the CLI does, in its order: the length limit, then
/// UTF-8 (an error names the column `text`), then emptiness. Returns the text to score.
///
/// # Example
/// ```
/// use claimscore::{RowError, check_text, DEFAULT_MAX_TEXT_BYTES};
/// assert_eq!(check_text(b"Per the BBC, 40 died.", DEFAULT_MAX_TEXT_BYTES), Ok("Per the BBC, 40 died."));
/// assert_eq!(
///     check_text(b"ab\xff", DEFAULT_MAX_TEXT_BYTES).unwrap_err().to_string(),
///     "invalid UTF-8 in column `text` at byte 2"
/// );
/// assert_eq!(
///     check_text(b"abcdef", 4),
///     Err(RowError::TextTooLong { bytes: 6, limit: 4 })
/// );
/// ```
pub fn check_text(raw: &[u8], max_text_bytes: usize) -> Result<&str, RowError> {
    check_text_len(raw.len(), max_text_bytes)?;
    let text = check_utf8("text", raw)?;
    check_not_empty(text)?;
    Ok(text)
}

/// The length check alone: [`RowError::TextTooLong`] when `bytes > max_text_bytes`.
///
/// # Example
/// ```
/// assert!(claimscore::check_text_len(5, 5).is_ok());
/// assert!(claimscore::check_text_len(6, 5).is_err());
/// ```
pub fn check_text_len(bytes: usize, max_text_bytes: usize) -> Result<(), RowError> {
    if bytes > max_text_bytes {
        return Err(RowError::TextTooLong {
            bytes,
            limit: max_text_bytes,
        });
    }
    Ok(())
}

/// The UTF-8 check of one field alone, naming its column in the error.
///
/// # Example
/// ```
/// let e = claimscore::check_utf8("title", b"caf\xc3").unwrap_err();
/// assert_eq!(e.to_string(), "invalid UTF-8 in column `title` at byte 3");
/// ```
pub fn check_utf8<'a>(column: &str, raw: &'a [u8]) -> Result<&'a str, RowError> {
    std::str::from_utf8(raw).map_err(|e| RowError::InvalidUtf8 {
        column: column.to_string(),
        valid_up_to: e.valid_up_to(),
    })
}

/// The emptiness check alone: [`RowError::EmptyText`] for an empty or all-whitespace text.
///
/// # Example
/// ```
/// assert!(claimscore::check_not_empty(" \t").is_err());
/// ```
pub fn check_not_empty(text: &str) -> Result<(), RowError> {
    if text.trim().is_empty() {
        return Err(RowError::EmptyText);
    }
    Ok(())
}

/// The article's length check: [`RowError::ArticleTooLong`] over the text limit.
///
/// # Example
/// ```
/// assert!(claimscore::check_article_len(11, 10).is_err());
/// ```
pub fn check_article_len(bytes: usize, max_text_bytes: usize) -> Result<(), RowError> {
    if bytes > max_text_bytes {
        return Err(RowError::ArticleTooLong {
            bytes,
            limit: max_text_bytes,
        });
    }
    Ok(())
}
