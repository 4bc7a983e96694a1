//! Reading labeled data into a [`Dataset`]: CSV (any delimiter) or JSON Lines, columns
//! by name, an optional `split` column; articles; the corpus layout of `datasets/`.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::csv_rows::{bad, field, open_csv};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::label::Label;
use crate::read_options::{DataFormat, ReadOptions};

/// Where one example of a labeled file was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SourceRow {
    /// The row as a spreadsheet numbers it: in a CSV the header is row 1 and each record
    /// one row, however many lines it spans; in JSON Lines, the object's line.
    pub row: u64,
    /// The line the row starts on, as the reader's errors name it ("row N" in them).
    pub line: u64,
    /// The row's value in the id column ([`ReadOptions::id_column`]), if the file has
    /// one and the value is not empty or null.
    pub id: Option<String>,
}

/// Examples and, in the same order, where each was read from.
type Part = (Dataset, Vec<SourceRow>);

/// A file's rows: the dataset, where each example came from, and which are `test` rows
/// when the file has a split column.
struct Rows {
    data: Dataset,
    sources: Vec<SourceRow>,
    is_test: Option<Vec<bool>>,
}

impl Dataset {
    /// Reads a training CSV with the columns `text` and `label`, and optionally
    /// `article_id` (other columns are ignored; the delimiter is detected from the
    /// header). Errors name the file, row and field. [`Dataset::read_with`] reads other
    /// columns, delimiters and JSON Lines.
    ///
    /// # Example
    /// ```
    /// let path = std::env::temp_dir().join("claimscore-doc-read.csv");
    /// std::fs::write(&path, "text,label\n\"Per Reuters, yes.\",sourced\n")?;
    /// let data = claimscore::Dataset::read_csv(&path)?;
    /// assert_eq!(data.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_csv(path: impl AsRef<Path>) -> Result<Dataset> {
        Self::read_with(path, &ReadOptions::new().format(DataFormat::Csv))
    }

    /// [`Dataset::read_csv`] from any reader (a file, stdin, bytes in memory). Errors
    /// name the line and field.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let csv = "text,label,article_id\nPer Reuters it passed.,sourced,a1\nso true,unsourced,\n";
    /// let data = Dataset::from_reader(csv.as_bytes())?;
    /// assert_eq!(data.examples()[0].label, Label::Sourced);
    /// assert_eq!(data.examples()[1].article_id, None);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn from_reader(reader: impl Read) -> Result<Dataset> {
        Self::from_reader_with(reader, &ReadOptions::new())
    }

    /// Reads every row of a labeled file as `opts` says (format, delimiter, columns); a
    /// split column is not looked at. Errors name the file, row (a JSON Lines file's
    /// line) and field.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, ReadOptions};
    /// let path = std::env::temp_dir().join("claimscore-doc-read-with.jsonl");
    /// std::fs::write(&path, "{\"comment\": \"so true\", \"label\": \"unsourced\", \"article_id\": 7}\n")?;
    /// let data = Dataset::read_with(&path, &ReadOptions::new().text_column("comment"))?;
    /// assert_eq!(data.examples()[0].article_id.as_deref(), Some("7"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_with(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<Dataset> {
        Ok(read_file(path.as_ref(), opts, false)?.data)
    }

    /// [`Dataset::read_with`] from any reader; the format is CSV unless `opts` says
    /// otherwise.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, ReadOptions};
    /// let tsv = "label\ttext\nsourced\tPer Reuters, it passed.\n";
    /// assert_eq!(Dataset::from_reader_with(tsv.as_bytes(), &ReadOptions::new())?.len(), 1);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn from_reader_with(reader: impl Read, opts: &ReadOptions) -> Result<Dataset> {
        Ok(read_rows(reader, None, opts, opts.format.unwrap_or(DataFormat::Csv), false)?.data)
    }

    /// Reads a labeled file and splits it by its split column (`split` by default, see
    /// [`ReadOptions::split_column`]): `(train rows, Some(test rows))`, or `(every row,
    /// None)` when the file has no such column. A split value other than `train` or
    /// `test` is an error naming the row.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, ReadOptions};
    /// let path = std::env::temp_dir().join("claimscore-doc-split.csv");
    /// std::fs::write(&path, "text,label,split\nso true,unsourced,train\nyou clown,inflammatory,test\n")?;
    /// let (train, test) = Dataset::read_by_split(&path, &ReadOptions::new())?;
    /// assert_eq!((train.len(), test.map(|t| t.len())), (1, Some(1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_by_split(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<(Dataset, Option<Dataset>)> {
        let ((train, _), test) = Self::read_by_split_with_rows(path, opts)?;
        Ok((train, test.map(|(test, _)| test)))
    }

    /// [`Dataset::read_by_split`], each part with one [`SourceRow`] per example, in the
    /// same order: the row it was read from and its id, to point back into the file.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, ReadOptions};
    /// let path = std::env::temp_dir().join("claimscore-doc-split-rows.csv");
    /// let csv = "id,text,label,split\nc1,so true,unsourced,test\nc2,\"two\nlines\",sourced,train\nc3,you clown,inflammatory,test\n";
    /// std::fs::write(&path, csv)?;
    /// let ((train, train_rows), test) = Dataset::read_by_split_with_rows(&path, &ReadOptions::new())?;
    /// let (test, test_rows) = test.expect("a split column");
    /// assert_eq!((train.len(), test.len()), (1, 2));
    /// assert_eq!((train_rows[0].row, train_rows[0].id.as_deref()), (3, Some("c2")));
    /// // The record after the one spanning two lines is row 4, starting on line 5.
    /// let rows: Vec<(u64, u64)> = test_rows.iter().map(|r| (r.row, r.line)).collect();
    /// assert_eq!(rows, [(2, 2), (4, 5)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_by_split_with_rows(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<(Part, Option<Part>)> {
        let Rows { data, sources, is_test } = read_file(path.as_ref(), opts, true)?;
        Ok(match is_test {
            None => ((data, sources), None),
            Some(t) => {
                let part = |test: bool| {
                    let rows = sources
                        .iter()
                        .zip(&t)
                        .filter(|&(_, &x)| x == test)
                        .map(|(s, _)| s.clone());
                    (data.filter(|i, _| t[i] == test), rows.collect())
                };
                (part(false), Some(part(true)))
            }
        })
    }

    /// Reads articles from a CSV with the columns `article_id` and `text` (the delimiter
    /// is detected from the header).
    ///
    /// # Example
    /// ```
    /// let mut data = claimscore::Dataset::new();
    /// data.read_articles_csv("datasets/articles.csv")?;
    /// assert!(data.article("budget-australia-fuel-excise-freeze").is_some());
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn read_articles_csv(&mut self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        self.read_articles(file, Some(path))
    }

    fn read_articles(&mut self, reader: impl Read, path: Option<&Path>) -> Result<()> {
        let (header, records) = open_csv(reader, path, None, &["article_id", "text"])?;
        let id = header.column(path, "article_id")?;
        let text = header.column(path, "text")?;
        for (row, record) in records {
            let record = record?;
            let id = field(path, row, &record, id, "article_id")?;
            let text = field(path, row, &record, text, "text")?;
            self.add_article(id, text);
        }
        Ok(())
    }

    /// Reads the bundled corpus layout: `DIR/articles.csv` (`article_id,title,text`) and
    /// `DIR/comments.csv` (`id,article_id,text,label,split`). Returns (train, test) by the
    /// `split` column.
    ///
    /// # Example
    /// ```
    /// let (train, test) = claimscore::Dataset::read_corpus("datasets")?;
    /// assert!(train.len() > test.len());
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn read_corpus(dir: impl AsRef<Path>) -> Result<(Dataset, Dataset)> {
        let dir = dir.as_ref();
        let open = |name: &str| {
            let path = dir.join(name);
            std::fs::File::open(&path)
                .map(|f| (f, path.clone()))
                .map_err(|e| Error::io(path, e))
        };
        let (articles, articles_path) = open("articles.csv")?;
        let (comments, comments_path) = open("comments.csv")?;
        corpus(articles, &articles_path, comments, &comments_path)
    }

    /// The corpus of `datasets/` (4,756 comments on 48 articles, see its data card),
    /// compiled into the program: (train split, test split), with their articles. What
    /// `claimscore train --with-bundled-corpus` adds to a user's labels; it needs no file
    /// at run time, so an installed binary has it too.
    ///
    /// # Example
    /// ```
    /// let (train, test) = claimscore::Dataset::bundled_corpus()?;
    /// assert_eq!((train.len(), test.len()), (3589, 1167));
    /// assert_eq!((train, test), claimscore::Dataset::read_corpus("datasets")?);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn bundled_corpus() -> Result<(Dataset, Dataset)> {
        const ARTICLES: &[u8] = include_bytes!("../datasets/articles.csv");
        const COMMENTS: &[u8] = include_bytes!("../datasets/comments.csv");
        corpus(
            ARTICLES,
            Path::new("(bundled) datasets/articles.csv"),
            COMMENTS,
            Path::new("(bundled) datasets/comments.csv"),
        )
    }
}

/// The corpus layout from its two files.
fn corpus(
    articles: impl Read,
    articles_path: &Path,
    comments: impl Read,
    comments_path: &Path,
) -> Result<(Dataset, Dataset)> {
    let mut all = Dataset::new();
    all.read_articles(articles, Some(articles_path))?;
    let path = Some(comments_path);
    let (header, records) = open_csv(comments, path, None, &["article_id", "text", "label", "split"])?;
    let article = header.column(path, "article_id")?;
    let text = header.column(path, "text")?;
    let label = header.column(path, "label")?;
    let split = header.column(path, "split")?;
    let mut is_test = Vec::new();
    for (row, record) in records {
        let record = record?;
        let article_id = field(path, row, &record, article, "article_id")?;
        if all.article(article_id).is_none() {
            return Err(bad(
                path,
                row,
                "article_id",
                format!("no article {article_id:?} in articles.csv"),
            ));
        }
        let label = parse_label(path, row, "label", field(path, row, &record, label, "label")?)?;
        is_test.push(parse_split(
            path,
            row,
            "split",
            field(path, row, &record, split, "split")?,
        )?);
        all.push(field(path, row, &record, text, "text")?, label, Some(article_id));
    }
    Ok((all.filter(|i, _| !is_test[i]), all.filter(|i, _| is_test[i])))
}

fn read_file(path: &Path, opts: &ReadOptions, want_split: bool) -> Result<Rows> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let format = opts.format.unwrap_or_else(|| DataFormat::from_path(path));
    read_rows(file, Some(path), opts, format, want_split)
}

fn read_rows(
    reader: impl Read,
    path: Option<&Path>,
    opts: &ReadOptions,
    format: DataFormat,
    want_split: bool,
) -> Result<Rows> {
    match format {
        DataFormat::Csv => csv_rows(reader, path, opts, want_split),
        DataFormat::JsonLines => jsonl_rows(reader, path, opts, want_split),
    }
}

fn csv_rows(reader: impl Read, path: Option<&Path>, opts: &ReadOptions, want_split: bool) -> Result<Rows> {
    let columns = [opts.text_column.as_str(), opts.label_column.as_str()];
    let (header, records) = open_csv(reader, path, opts.delimiter, &columns)?;
    let text = header.column(path, &opts.text_column)?;
    let label = header.column(path, &opts.label_column)?;
    let article = header.position(&opts.article_id_column);
    let split = header.position(&opts.split_column).filter(|_| want_split);
    let id = header.position(&opts.id_column);
    let mut data = Dataset::new();
    let mut sources = Vec::new();
    let mut is_test = split.map(|_| Vec::new());
    for (i, (row, record)) in records.enumerate() {
        let record = record?;
        let text = field(path, row, &record, text, &opts.text_column)?;
        let label = parse_label(
            path,
            row,
            &opts.label_column,
            field(path, row, &record, label, &opts.label_column)?,
        )?;
        if let (Some(i), Some(t)) = (split, is_test.as_mut()) {
            let value = field(path, row, &record, i, &opts.split_column)?;
            t.push(parse_split(path, row, &opts.split_column, value)?);
        }
        let article_id = article.and_then(|i| record.get(i)).filter(|a| !a.is_empty());
        data.push(text, label, article_id);
        let id = id.and_then(|i| record.get(i)).filter(|s| !s.is_empty());
        sources.push(SourceRow {
            row: i as u64 + 2,
            line: row,
            id: id.map(str::to_string),
        });
    }
    Ok(Rows { data, sources, is_test })
}

/// JSON Lines: every line an object; a leading byte order mark and blank lines skipped;
/// `row` in errors is the line.
fn jsonl_rows(mut reader: impl Read, path: Option<&Path>, opts: &ReadOptions, want_split: bool) -> Result<Rows> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path.unwrap_or(Path::new("-")), e))?;
    // A UTF-8 byte order mark (Notepad, PowerShell) opens the file, not its first object.
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut objects = Vec::new();
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line_no = i as u64 + 1;
        // Entries in order, so that a key given twice is seen rather than overwritten.
        let entries: Entries = serde_json::from_slice(line).map_err(|source| Error::JsonLine {
            path: path.map(Path::to_path_buf),
            line: line_no,
            source,
        })?;
        let mut object = serde_json::Map::with_capacity(entries.0.len());
        for (key, value) in entries.0 {
            if object.contains_key(&key) {
                return Err(bad(path, line_no, &key, "given twice in one object".into()));
            }
            object.insert(key, value);
        }
        objects.push((line_no, object));
    }
    // A split key on any line makes it a column that every line needs.
    let has_split = want_split && objects.iter().any(|(_, o)| o.contains_key(&opts.split_column));
    let mut data = Dataset::new();
    let mut sources = Vec::new();
    let mut is_test = has_split.then(Vec::new);
    for (row, object) in &objects {
        let row = *row;
        let text = json_string(path, row, object, &opts.text_column)?;
        let label = parse_label(
            path,
            row,
            &opts.label_column,
            json_string(path, row, object, &opts.label_column)?,
        )?;
        if let Some(t) = is_test.as_mut() {
            let value = json_string(path, row, object, &opts.split_column)?;
            t.push(parse_split(path, row, &opts.split_column, value)?);
        }
        let article_id = json_id(path, row, object, &opts.article_id_column)?;
        data.push(text, label, article_id.as_deref());
        // Only ever shown back to the user, so any other value is shown as its JSON
        // rather than failing a file that is read for its text and label.
        let id = json_id(path, row, object, &opts.id_column)
            .unwrap_or_else(|_| object.get(&opts.id_column).map(Value::to_string));
        sources.push(SourceRow { row, line: row, id });
    }
    Ok(Rows { data, sources, is_test })
}

/// A JSON object's entries in the order of the line, duplicates kept.
struct Entries(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Entries, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(4));
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(V)
    }
}

/// An optional id: a string (empty: none) or a number, written as JSON writes it.
fn json_id(
    path: Option<&Path>,
    row: u64,
    object: &serde_json::Map<String, Value>,
    key: &str,
) -> Result<Option<String>> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone()).filter(|s| !s.is_empty())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(bad(
            path,
            row,
            key,
            format!("{} is not a string or number", json_kind(other)),
        )),
    }
}

/// A required, non-blank string value of a JSON object.
fn json_string<'o>(
    path: Option<&Path>,
    row: u64,
    object: &'o serde_json::Map<String, Value>,
    key: &str,
) -> Result<&'o str> {
    match object.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) => Err(bad(path, row, key, "empty".into())),
        None | Some(Value::Null) => Err(bad(path, row, key, "null or missing".into())),
        Some(other) => Err(bad(path, row, key, format!("{} is not a string", json_kind(other)))),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn parse_label(path: Option<&Path>, row: u64, column: &str, value: &str) -> Result<Label> {
    value
        .parse::<Label>()
        .map_err(|e| bad(path, row, column, e.to_string()))
}

/// `true` for a test row.
fn parse_split(path: Option<&Path>, row: u64, column: &str, value: &str) -> Result<bool> {
    match value.trim() {
        "train" => Ok(false),
        "test" => Ok(true),
        other => Err(bad(path, row, column, format!("{other:?} is neither train nor test"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::PathBuf;

    fn write(name: &str, body: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("claimscore-data-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("data.csv");
        std::fs::write(&p, body).unwrap();
        p
    }

    #[test]
    fn reads_text_label_csv() {
        let p = write(
            "ok",
            "label,text,extra\nsourced,\"Per Reuters, yes.\",x\nunsourced,no idea,y\n",
        );
        let d = Dataset::read_csv(&p).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d.examples()[0].text, "Per Reuters, yes.");
        assert_eq!(d.examples()[1].label, Label::Unsourced);
    }

    #[test]
    fn errors_name_file_row_and_field() {
        let p = write("badlabel", "text,label\nfine,sourced\nhmm,toxic\n");
        let e = Dataset::read_csv(&p).unwrap_err().to_string();
        assert!(
            e.contains("data.csv") && e.contains("row 3") && e.contains("`label`") && e.contains("toxic"),
            "{e}"
        );
        let p = write("nocol", "body,label\nx,sourced\n");
        let e = Dataset::read_csv(&p).unwrap_err().to_string();
        assert!(e.contains("no column `text`") && e.contains("body, label"), "{e}");
        let p = write("ragged", "text,label\nonly one field\n");
        let e = Dataset::read_csv(&p).unwrap_err().to_string();
        assert!(e.contains("row 2"), "{e}");
    }

    // Issue 8, case 5: an unclosed quote is an error naming its line, not merged rows.
    #[test]
    fn an_unclosed_quote_is_an_error_naming_its_line() {
        let p = write("unclosed", "text,label\n\"hello,sourced\nworld,unsourced\n");
        let e = Dataset::read_csv(&p).unwrap_err();
        assert!(matches!(e, Error::UnclosedQuote { line: 2, .. }), "{e:?}");
        let shown = e.to_string();
        assert!(
            shown.contains("data.csv") && shown.contains("line 2") && shown.contains("never closed"),
            "{shown}"
        );
        let crlf = "text,label\r\nok,sourced\r\n\"open,unsourced\r\nmore,sourced\r\n";
        let e = Dataset::from_reader(crlf.as_bytes()).unwrap_err();
        assert_eq!((e.line(), e.path()), (Some(3), None), "{e}");
        // A closed quote spanning lines, and a literal quote inside a field, are fine.
        let ok = "text,label\r\n\"two\r\nlines, \"\"quoted\"\"\",sourced\r\nsay 5\" tall,unsourced\r\n";
        assert_eq!(Dataset::from_reader(ok.as_bytes()).unwrap().len(), 2);
        let dir = p.parent().unwrap();
        std::fs::write(dir.join("articles.csv"), "article_id,title,text\na1,T,Body.\n").unwrap();
        std::fs::write(
            dir.join("comments.csv"),
            "id,article_id,text,label,split\n1,a1,fine,sourced,train\n2,a1,\"open,unsourced,test\n3,a1,x,sourced,test\n",
        )
        .unwrap();
        let e = Dataset::read_corpus(dir).unwrap_err();
        assert!(matches!(e, Error::UnclosedQuote { line: 3, .. }), "{e:?}");
        assert_eq!(e.path(), Some(dir.join("comments.csv").as_path()));
    }

    // Issue 8, case 8: a header naming a column twice is refused.
    #[test]
    fn duplicate_column_names_are_refused() {
        let p = write("duplicate", "text,text,label\nfirst,second,sourced\n");
        let e = Dataset::read_csv(&p).unwrap_err();
        let shown = e.to_string();
        assert!(
            shown.contains("data.csv") && shown.contains("column `text` twice"),
            "{shown}"
        );
        assert_eq!(e.line(), Some(1));
        let e = Dataset::from_reader("label,text,extra,extra\nsourced,x,1,2\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("column `extra` twice (columns 3 and 4)"), "{e}");
        let mut data = Dataset::new();
        let p = write("duplicate-articles", "article_id,text,article_id\na1,Body.,a2\n");
        let e = data.read_articles_csv(&p).unwrap_err();
        assert!(e.to_string().contains("column `article_id` twice"), "{e}");
    }

    // Issue 8, case 9: rows of CRLF files, and rows after blank lines, report their own line.
    #[test]
    fn crlf_and_blank_lines_give_true_lines() {
        let cases = [
            ("text,label\r\nfine,sourced\r\nhmm,toxic\r\n", 3),
            ("text,label\n\nfine,sourced\n\nhmm,toxic\n", 5),
            ("text,label\r\n\"two\r\nlines\",sourced\r\n\r\nx,toxic\r\n", 5),
            ("text,label\r\nfine,sourced\r\nhmm\r\n", 3),
            ("text,label\r\nfine,sourced\r\nhmm,sourced,extra\r\n", 3),
            ("text,label\r\nfine,sourced\r\n,sourced\r\n", 3),
        ];
        for (csv, line) in cases {
            let e = Dataset::from_reader(csv.as_bytes()).unwrap_err();
            assert_eq!(e.line(), Some(line), "{csv:?}: {e}");
            assert!(e.to_string().contains(&format!("row {line}")), "{csv:?}: {e}");
        }
        let e = Dataset::from_reader(&b"text,label\r\nfine,sourced\r\nbad \xff,sourced\r\n"[..]).unwrap_err();
        assert!(e.to_string().contains("row 3, field `text`: invalid UTF-8"), "{e}");
    }

    #[test]
    fn a_semicolon_or_tab_header_is_detected_and_a_wrong_delimiter_named() {
        let semi = "text;label;article_id\n\"Per Reuters; yes, it passed.\";sourced;a1\nso true;unsourced;\n";
        let d = Dataset::from_reader(semi.as_bytes()).unwrap();
        assert_eq!(d.examples()[0].text, "Per Reuters; yes, it passed.");
        assert_eq!(d.examples()[0].article_id.as_deref(), Some("a1"));
        assert_eq!(d.examples()[1].label, Label::Unsourced);
        let tab = "label\ttext\nsourced\tPer AP, 3 died.\n";
        assert_eq!(
            Dataset::from_reader(tab.as_bytes()).unwrap().examples()[0].text,
            "Per AP, 3 died."
        );
        let p = write("wrong-delimiter", semi);
        let e = Dataset::read_with(&p, &ReadOptions::new().delimiter(b',')).unwrap_err();
        assert!(matches!(e, Error::WrongDelimiter { found: b';', .. }), "{e:?}");
        let shown = e.to_string();
        assert!(
            shown.contains("data.csv") && shown.contains("has no `,` but has `;`"),
            "{shown}"
        );
        // A header with the column but a wrong delimiter elsewhere is an ordinary error.
        let e = Dataset::from_reader_with("a,b\n1,2\n".as_bytes(), &ReadOptions::new()).unwrap_err();
        assert!(matches!(e, Error::MissingColumn { .. }), "{e:?}");
        // An unclosed quote is found with the file's delimiter.
        let e = Dataset::from_reader("text;label\nok;sourced\n\"open;unsourced\n".as_bytes()).unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
    }

    #[test]
    fn columns_are_named_by_the_options_and_errors_name_them() {
        let csv = "comment,gold,story\nPer Reuters it passed.,sourced,s1\nhmm,toxic,\n";
        let opts = ReadOptions::new()
            .text_column("comment")
            .label_column("gold")
            .article_id_column("story");
        let e = Dataset::from_reader_with(csv.as_bytes(), &opts)
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 3, field `gold`") && e.contains("toxic"), "{e}");
        let ok = Dataset::from_reader_with(&csv.as_bytes()[..csv.len() - "hmm,toxic,\n".len()], &opts).unwrap();
        assert_eq!(ok.examples()[0].article_id.as_deref(), Some("s1"));
        let e = Dataset::from_reader(csv.as_bytes()).unwrap_err().to_string();
        assert!(
            e.contains("no column `text`") && e.contains("comment, gold, story"),
            "{e}"
        );
    }

    #[test]
    fn json_lines_read_like_csv_and_errors_name_line_and_field() {
        let jsonl = "{\"text\": \"Per Reuters, it passed.\", \"label\": \"sourced\", \"article_id\": \"a1\"}\n\n{\"label\": \"unsourced\", \"text\": \"so true\", \"article_id\": null}\n";
        let opts = ReadOptions::new().format(DataFormat::JsonLines);
        let d = Dataset::from_reader_with(jsonl.as_bytes(), &opts).unwrap();
        let csv = "text,label,article_id\n\"Per Reuters, it passed.\",sourced,a1\nso true,unsourced,\n";
        assert_eq!(d, Dataset::from_reader(csv.as_bytes()).unwrap());
        let p = write("jsonl", jsonl);
        let p2 = p.with_extension("jsonl");
        std::fs::rename(&p, &p2).unwrap();
        assert_eq!(
            Dataset::read_with(&p2, &ReadOptions::new()).unwrap(),
            d,
            "format from the extension"
        );
        let cases = [
            ("{\"text\": \"x\", \"label\": \"toxic\"}\n", 1, "`label`"),
            ("\n{\"text\": \"x\"}\n", 2, "`label`: null or missing"),
            (
                "{\"text\": 5, \"label\": \"sourced\"}\n",
                1,
                "`text`: a number is not a string",
            ),
            ("{\"text\": \" \", \"label\": \"sourced\"}\n", 1, "`text`: empty"),
            (
                "{\"text\": \"x\", \"label\": \"sourced\", \"article_id\": []}\n",
                1,
                "`article_id`: an array",
            ),
        ];
        for (body, line, want) in cases {
            let e = Dataset::from_reader_with(body.as_bytes(), &opts).unwrap_err();
            assert_eq!(e.line(), Some(line), "{body}: {e}");
            assert!(e.to_string().contains(want), "{body}: {e}");
        }
        let e = Dataset::from_reader_with(
            "{\"text\": \"x\", \"label\": \"sourced\"}\nnot json\n".as_bytes(),
            &opts,
        )
        .unwrap_err();
        assert!(matches!(e, Error::JsonLine { line: 2, .. }), "{e:?}");
        assert!(e.to_string().contains("line 2 is not a JSON object"), "{e}");
    }

    #[test]
    fn a_split_column_splits_and_bad_values_name_the_row() {
        let p = write(
            "split",
            "text,label,split\nso true,unsourced,train\nyou clown,inflammatory,test\nper AP,sourced,train\n",
        );
        let (train, test) = Dataset::read_by_split(&p, &ReadOptions::new()).unwrap();
        let texts = |d: &Dataset| d.examples().iter().map(|e| e.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&train), ["so true", "per AP"]);
        assert_eq!(texts(&test.unwrap()), ["you clown"]);
        assert_eq!(Dataset::read_with(&p, &ReadOptions::new()).unwrap().len(), 3);
        let p = write("nosplit", "text,label\nso true,unsourced\n");
        let (all, test) = Dataset::read_by_split(&p, &ReadOptions::new()).unwrap();
        assert_eq!((all.len(), test), (1, None));
        let p = write("badsplit", "text,label,fold\nso true,unsourced,train\nx,sourced,dev\n");
        let e = Dataset::read_by_split(&p, &ReadOptions::new().split_column("fold")).unwrap_err();
        assert!(
            e.to_string()
                .contains("row 3, field `fold`: \"dev\" is neither train nor test"),
            "{e}"
        );
        let jsonl = "{\"text\": \"a\", \"label\": \"sourced\", \"split\": \"test\"}\n{\"text\": \"b\", \"label\": \"sourced\"}\n";
        let p = write("jsonlsplit", jsonl);
        let e = Dataset::read_by_split(&p, &ReadOptions::new().format(DataFormat::JsonLines)).unwrap_err();
        assert!(e.to_string().contains("row 2, field `split`: null or missing"), "{e}");
    }

    #[test]
    fn source_rows_give_each_examples_row_line_and_id() {
        let jsonl = concat!(
            "{\"id\": 7, \"text\": \"a\", \"label\": \"sourced\", \"split\": \"test\"}\n",
            "\n",
            "{\"id\": \"x\", \"text\": \"b\", \"label\": \"sourced\", \"split\": \"train\"}\n",
            "{\"id\": [1], \"text\": \"c\", \"label\": \"sourced\", \"split\": \"test\"}\n",
            "{\"text\": \"d\", \"label\": \"sourced\", \"split\": \"train\"}\n",
        );
        let p = write("jsonlrows", jsonl);
        let opts = ReadOptions::new().format(DataFormat::JsonLines);
        let ((train, train_rows), test) = Dataset::read_by_split_with_rows(&p, &opts).unwrap();
        let (test, test_rows) = test.unwrap();
        let at = |rows: &[SourceRow]| -> Vec<(u64, u64, Option<String>)> {
            rows.iter().map(|r| (r.row, r.line, r.id.clone())).collect()
        };
        assert_eq!((train.len(), test.len()), (2, 2));
        assert_eq!(at(&train_rows), [(3, 3, Some("x".into())), (5, 5, None)]);
        assert_eq!(at(&test_rows), [(1, 1, Some("7".into())), (4, 4, Some("[1]".into()))]);
        // An id column named otherwise; without a split column every row is in the first part.
        let p = write("csvrows", "text;label;key\n\"two\nlines\";sourced;k1\nb;sourced;\n");
        let ((all, rows), test) = Dataset::read_by_split_with_rows(&p, &ReadOptions::new().id_column("key")).unwrap();
        assert!(test.is_none());
        assert_eq!(all.len(), 2);
        assert_eq!(at(&rows), [(2, 2, Some("k1".into())), (3, 4, None)]);
    }
}
