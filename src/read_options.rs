//! How a labeled file is read: its format, its delimiter and which columns hold what.

use std::path::Path;

/// The format of a labeled data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DataFormat {
    /// CSV with a header row; the delimiter is [`ReadOptions::delimiter`]'s or detected.
    Csv,
    /// JSON Lines: one JSON object per line, no header; blank lines are skipped.
    JsonLines,
}

impl DataFormat {
    /// [`DataFormat::JsonLines`] for a path ending in `.jsonl` or `.ndjson`, else
    /// [`DataFormat::Csv`].
    ///
    /// # Example
    /// ```
    /// use claimscore::DataFormat;
    /// assert_eq!(DataFormat::from_path("labels.jsonl"), DataFormat::JsonLines);
    /// assert_eq!(DataFormat::from_path("labels.tsv"), DataFormat::Csv);
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> DataFormat {
        match path.as_ref().extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "ndjson") => DataFormat::JsonLines,
            _ => DataFormat::Csv,
        }
    }
}

/// How to read a labeled file: format, delimiter and column names. The defaults read the
/// layout of `datasets/`: CSV, delimiter detected from the header, columns `text`,
/// `label`, `article_id` (optional) and `split` (optional).
///
/// # Example
/// ```
/// use claimscore::{Dataset, Label, ReadOptions};
/// let csv = "comment;verdict\nPer Reuters, it passed.;sourced\n";
/// let opts = ReadOptions::new().text_column("comment").label_column("verdict");
/// let data = Dataset::from_reader_with(csv.as_bytes(), &opts)?;
/// assert_eq!(data.examples()[0].label, Label::Sourced);
/// # Ok::<(), claimscore::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    pub(crate) format: Option<DataFormat>,
    pub(crate) delimiter: Option<u8>,
    pub(crate) text_column: String,
    pub(crate) label_column: String,
    pub(crate) article_id_column: String,
    pub(crate) split_column: String,
    pub(crate) id_column: String,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            delimiter: None,
            text_column: "text".into(),
            label_column: "label".into(),
            article_id_column: "article_id".into(),
            split_column: "split".into(),
            id_column: "id".into(),
        }
    }
}

impl ReadOptions {
    /// The defaults, documented on each setter.
    ///
    /// # Example
    /// ```
    /// assert_eq!(claimscore::ReadOptions::new(), claimscore::ReadOptions::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The file format. Default: [`DataFormat::from_path`] for a file, CSV for a reader.
    ///
    /// # Example
    /// ```
    /// use claimscore::{DataFormat, Dataset, ReadOptions};
    /// let jsonl = "{\"text\": \"so true\", \"label\": \"unsourced\"}\n";
    /// let opts = ReadOptions::new().format(DataFormat::JsonLines);
    /// assert_eq!(Dataset::from_reader_with(jsonl.as_bytes(), &opts)?.len(), 1);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn format(mut self, format: DataFormat) -> Self {
        self.format = Some(format);
        self
    }

    /// The CSV field delimiter, e.g. `b';'` or `b'\t'`. Default: detected from the header
    /// line (a comma outside quotes means `,`, else the most frequent of tab, `;` and `|`;
    /// but one on which the header names the text and label columns, see
    /// [`detect_delimiter_for`](crate::csv_check::detect_delimiter_for)).
    /// A header that lacks a required column and has no `delimiter` but another one is
    /// an [`Error::WrongDelimiter`](crate::Error::WrongDelimiter) naming it.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, ReadOptions};
    /// let tsv = "text\tlabel\nso true\tunsourced\n";
    /// assert_eq!(Dataset::from_reader_with(tsv.as_bytes(), &ReadOptions::new().delimiter(b'\t'))?.len(), 1);
    /// let err = Dataset::from_reader_with(tsv.as_bytes(), &ReadOptions::new().delimiter(b',')).unwrap_err();
    /// assert!(err.to_string().contains("tab"), "{err}");
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = Some(delimiter);
        self
    }

    /// The column (JSON key) holding the comment. Default `text`.
    ///
    /// # Example
    /// ```
    /// let opts = claimscore::ReadOptions::new().text_column("comment");
    /// # let _ = opts;
    /// ```
    pub fn text_column(mut self, name: impl Into<String>) -> Self {
        self.text_column = name.into();
        self
    }

    /// The column holding the label (`sourced`, `unsourced` or `inflammatory`). Default
    /// `label`.
    ///
    /// # Example
    /// ```
    /// let opts = claimscore::ReadOptions::new().label_column("gold");
    /// # let _ = opts;
    /// ```
    pub fn label_column(mut self, name: impl Into<String>) -> Self {
        self.label_column = name.into();
        self
    }

    /// The optional column holding each comment's article id (empty or null: none).
    /// Default `article_id`.
    ///
    /// # Example
    /// ```
    /// let opts = claimscore::ReadOptions::new().article_id_column("story");
    /// # let _ = opts;
    /// ```
    pub fn article_id_column(mut self, name: impl Into<String>) -> Self {
        self.article_id_column = name.into();
        self
    }

    /// The optional column saying which rows are `train` and which `test`, read by
    /// [`Dataset::read_by_split`](crate::Dataset::read_by_split). Default `split`.
    ///
    /// # Example
    /// ```
    /// let opts = claimscore::ReadOptions::new().split_column("fold");
    /// # let _ = opts;
    /// ```
    pub fn split_column(mut self, name: impl Into<String>) -> Self {
        self.split_column = name.into();
        self
    }

    /// The optional column holding each row's id (a JSON string or number; empty or null:
    /// none), given back in [`SourceRow::id`](crate::SourceRow::id) by
    /// [`Dataset::read_by_split_with_rows`](crate::Dataset::read_by_split_with_rows).
    /// Default `id`.
    ///
    /// # Example
    /// ```
    /// let opts = claimscore::ReadOptions::new().id_column("comment_id");
    /// # let _ = opts;
    /// ```
    pub fn id_column(mut self, name: impl Into<String>) -> Self {
        self.id_column = name.into();
        self
    }
}
