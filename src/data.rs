//! Labeled training and evaluation data, and the CSV formats it is read from.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};
use std::path::Path;
use std::rc::Rc;

use crate::csv_check::unclosed_quote;
use crate::error::{Error, Result};
use crate::label::Label;

/// One labeled comment.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Example {
    /// The comment.
    pub text: String,
    /// Its label.
    pub label: Label,
    /// The article it answers, an id into [`Dataset::article`].
    pub article_id: Option<String>,
}

/// Labeled comments and the articles they answer.
///
/// # Example
/// ```
/// use claimscore::{Dataset, Label};
/// let mut data = Dataset::new();
/// data.add_article("a1", "The council approved 1,200 homes on Tuesday.");
/// data.push("As the article says, 1,200 homes were approved.", Label::Sourced, Some("a1"));
/// data.push("What a clown show.", Label::Inflammatory, None);
/// assert_eq!(data.len(), 2);
/// assert_eq!(data.article("a1").map(str::len), Some(44));
/// ```
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dataset {
    examples: Vec<Example>,
    articles: BTreeMap<String, String>,
}

impl Dataset {
    /// An empty dataset.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::Dataset::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a comment. An `article_id` should name an article added with
    /// [`Dataset::add_article`]; one that does not is trained on without article features.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let mut data = Dataset::new();
    /// data.push("Per Reuters, it passed.", Label::Sourced, None);
    /// assert_eq!(data.examples()[0].label, Label::Sourced);
    /// ```
    pub fn push(&mut self, text: impl Into<String>, label: Label, article_id: Option<&str>) {
        self.examples.push(Example {
            text: text.into(),
            label,
            article_id: article_id.map(str::to_string),
        });
    }

    /// Adds or replaces an article.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let mut data = Dataset::new();
    /// data.add_article("a1", "The bill passed on Tuesday.");
    /// data.push("As the article says, it passed.", Label::Sourced, Some("a1"));
    /// assert_eq!(data.article_of(&data.examples()[0]), Some("The bill passed on Tuesday."));
    /// assert_eq!(data.article("a2"), None);
    /// ```
    pub fn add_article(&mut self, id: impl Into<String>, text: impl Into<String>) {
        self.articles.insert(id.into(), text.into());
    }

    /// The text of an article.
    pub fn article(&self, id: &str) -> Option<&str> {
        self.articles.get(id).map(String::as_str)
    }

    /// The article of an example, if it has one and it is known.
    pub fn article_of(&self, e: &Example) -> Option<&str> {
        e.article_id.as_deref().and_then(|id| self.article(id))
    }

    /// The examples, in insertion order.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.examples.len()
    }

    /// True when there are no examples.
    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }

    /// Appends the examples and articles of `other`.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let (mut a, mut b) = (Dataset::new(), Dataset::new());
    /// a.push("so true", Label::Unsourced, None);
    /// b.push("you clown", Label::Inflammatory, None);
    /// a.extend(b);
    /// assert_eq!(a.len(), 2);
    /// ```
    pub fn extend(&mut self, other: Dataset) {
        self.examples.extend(other.examples);
        self.articles.extend(other.articles);
    }

    /// A dataset with the examples that `keep` accepts and the articles they use.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let mut data = Dataset::new();
    /// data.push("so true", Label::Unsourced, None);
    /// data.push("you clown", Label::Inflammatory, None);
    /// let rude = data.filter(|_, e| e.label == Label::Inflammatory);
    /// assert_eq!(rude.examples()[0].text, "you clown");
    /// ```
    pub fn filter(&self, mut keep: impl FnMut(usize, &Example) -> bool) -> Dataset {
        let examples: Vec<Example> = self
            .examples
            .iter()
            .enumerate()
            .filter(|(i, e)| keep(*i, e))
            .map(|(_, e)| e.clone())
            .collect();
        let articles = examples
            .iter()
            .filter_map(|e| e.article_id.as_ref())
            .filter_map(|id| self.articles.get_key_value(id))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Dataset { examples, articles }
    }

    /// Holds out about `fraction` of the examples, chosen with `seed`. When every example
    /// has an article and there are at least five articles, whole articles go to one side,
    /// so the held-out score is not flattered by comments on articles seen in training.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let mut data = Dataset::new();
    /// for i in 0..100 {
    ///     data.push(format!("comment {i}"), Label::Unsourced, None);
    /// }
    /// let split = data.split_holdout(0.2, 7);
    /// assert_eq!((split.train.len(), split.test.len()), (80, 20));
    /// assert!(!split.by_article);
    /// ```
    #[cfg(feature = "train")]
    pub fn split_holdout(&self, fraction: f64, seed: u64) -> Split {
        let (group, order, by_article) = self.shuffled_groups(5, seed);
        let mut sizes = vec![0usize; order.len()];
        group.iter().for_each(|&g| sizes[g] += 1);
        let target = (fraction * self.len() as f64).round().max(1.0) as usize;
        let mut in_test = vec![false; order.len()];
        let mut taken = 0;
        for g in order {
            if taken >= target {
                break;
            }
            in_test[g] = true;
            taken += sizes[g];
        }
        Split {
            train: self.filter(|i, _| !in_test[group[i]]),
            test: self.filter(|i, _| in_test[group[i]]),
            by_article,
        }
    }

    /// The group of each example (its article when every example has one and there are
    /// at least `min_articles`, else the example itself), the groups in a seeded random
    /// order, and whether the groups are articles.
    #[cfg(feature = "train")]
    pub(crate) fn shuffled_groups(&self, min_articles: usize, seed: u64) -> (Vec<usize>, Vec<usize>, bool) {
        use rand::SeedableRng;
        use rand::seq::SliceRandom;
        let mut ids: Vec<&str> = self.examples.iter().filter_map(|e| e.article_id.as_deref()).collect();
        ids.sort_unstable();
        ids.dedup();
        let by_article = ids.len() >= min_articles && self.examples.iter().all(|e| e.article_id.is_some());
        let group: Vec<usize> = if by_article {
            self.examples
                .iter()
                .map(|e| {
                    ids.binary_search(&e.article_id.as_deref().unwrap_or_default())
                        .unwrap_or(0)
                })
                .collect()
        } else {
            (0..self.len()).collect()
        };
        let mut order: Vec<usize> = (0..if by_article { ids.len() } else { self.len() }).collect();
        order.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
        (group, order, by_article)
    }

    /// SHA-256 (hex) of the examples and the articles they use, in order: the model
    /// metadata's fingerprint of its training data.
    #[cfg(feature = "train")]
    ///
    /// # Example
    /// ```
    /// use claimscore::{Dataset, Label};
    /// let mut data = Dataset::new();
    /// data.push("so true", Label::Unsourced, None);
    /// assert_eq!(data.sha256().len(), 64);
    /// ```
    pub fn sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let field = |h: &mut Sha256, s: &str| {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        };
        for e in &self.examples {
            field(&mut h, &e.text);
            field(&mut h, e.label.as_str());
            field(&mut h, self.article_of(e).unwrap_or(""));
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Reads a training CSV with the columns `text` and `label`, and optionally
    /// `article_id` (other columns are ignored). Errors name the file, row and field.
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
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        Self::read_labeled(file, Some(path))
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
        Self::read_labeled(reader, None)
    }

    fn read_labeled(reader: impl Read, path: Option<&Path>) -> Result<Dataset> {
        let mut data = Dataset::new();
        let (headers, records) = open_csv(reader, path)?;
        let text = column(path, &headers, "text")?;
        let label = column(path, &headers, "label")?;
        let article = headers.iter().position(|h| h == "article_id");
        for (row, record) in records {
            let record = record?;
            let text_value = field(path, row, &record, text, "text")?;
            let label_value = field(path, row, &record, label, "label")?;
            let label = label_value
                .parse::<Label>()
                .map_err(|e| bad(path, row, "label", e.to_string()))?;
            let article_id = article.and_then(|i| record.get(i)).filter(|a| !a.is_empty());
            data.push(text_value, label, article_id);
        }
        Ok(data)
    }

    /// Reads articles from a CSV with the columns `article_id` and `text`.
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
        let path = Some(path);
        let (headers, records) = open_csv(file, path)?;
        let id = column(path, &headers, "article_id")?;
        let text = column(path, &headers, "text")?;
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
        let mut all = Dataset::new();
        all.read_articles_csv(dir.join("articles.csv"))?;
        let file_path = dir.join("comments.csv");
        let file = std::fs::File::open(&file_path).map_err(|e| Error::io(&file_path, e))?;
        let path = Some(file_path.as_path());
        let (headers, records) = open_csv(file, path)?;
        let article = column(path, &headers, "article_id")?;
        let text = column(path, &headers, "text")?;
        let label = column(path, &headers, "label")?;
        let split = column(path, &headers, "split")?;
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
            let label = field(path, row, &record, label, "label")?
                .parse::<Label>()
                .map_err(|e| bad(path, row, "label", e.to_string()))?;
            is_test.push(match field(path, row, &record, split, "split")? {
                "train" => false,
                "test" => true,
                other => return Err(bad(path, row, "split", format!("{other:?} is neither train nor test"))),
            });
            all.push(field(path, row, &record, text, "text")?, label, Some(article_id));
        }
        Ok((all.filter(|i, _| !is_test[i]), all.filter(|i, _| is_test[i])))
    }
}

/// A dataset split by [`Dataset::split_holdout`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
#[cfg(feature = "train")]
pub struct Split {
    /// The examples to train on.
    pub train: Dataset,
    /// The held-out examples.
    pub test: Dataset,
    /// Whether whole articles were held out (else single examples).
    pub by_article: bool,
}

type Records<'r> = Box<dyn Iterator<Item = (u64, Result<csv::StringRecord>)> + 'r>;

/// Reads a whole CSV, refusing what the csv crate lets through (a quote never closed, a
/// header naming a column twice, a row with more or fewer fields than the header), and
/// gives each record with the 1-based line it starts on.
fn open_csv<'r>(mut reader: impl Read, path: Option<&'r Path>) -> Result<(csv::StringRecord, Records<'r>)> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| Error::csv(path, e.into()))?;
    let mut lines = Lines {
        bytes: bytes.into(),
        counted: 0,
        newlines: 0,
    };
    if let Some(open) = unclosed_quote(&lines.bytes) {
        return Err(Error::UnclosedQuote {
            path: path.map(Path::to_path_buf),
            line: lines.line_at(open),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(Cursor::new(Rc::clone(&lines.bytes)));
    let headers = reader.headers().map_err(|e| Error::csv(path, e))?.clone();
    let mut seen = HashMap::with_capacity(headers.len());
    for (i, name) in headers.iter().enumerate() {
        if let Some(first) = seen.insert(name, i) {
            return Err(Error::DuplicateColumn {
                path: path.map(Path::to_path_buf),
                column: name.to_string(),
                first: first + 1,
                second: i + 1,
            });
        }
    }
    let names = headers.clone();
    let records = reader.into_byte_records().map(move |r| {
        let record = match r {
            Ok(record) => record,
            Err(e) => return (e.position().map_or(0, |p| p.line()), Err(Error::csv(path, e))),
        };
        let row = lines.record_line(record.position().map_or(0, |p| p.byte()));
        if record.len() != names.len() {
            let e = Error::RaggedRow {
                path: path.map(Path::to_path_buf),
                row,
                fields: record.len(),
                expected: names.len(),
            };
            return (row, Err(e));
        }
        let record = csv::StringRecord::from_byte_record(record).map_err(|e| {
            let name = names.get(e.utf8_error().field()).unwrap_or_default();
            bad(path, row, name, "invalid UTF-8".into())
        });
        (row, record)
    });
    Ok((headers, Box::new(records)))
}

/// Line numbers of a CSV's bytes, counted as the records go forward.
struct Lines {
    bytes: Rc<[u8]>,
    /// `bytes[..counted]` holds `newlines` newlines.
    counted: usize,
    newlines: u64,
}

impl Lines {
    /// The 1-based line of the byte at `offset`.
    fn line_at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.bytes.len());
        if offset < self.counted {
            (self.counted, self.newlines) = (0, 0);
        }
        self.newlines += self.bytes[self.counted..offset].iter().filter(|&&b| b == b'\n').count() as u64;
        self.counted = offset;
        self.newlines + 1
    }

    /// The line of the first byte of a record whose position is `start`: the csv crate
    /// gives where the previous record ended, before the `\n` of a CRLF and any blank
    /// lines it skipped.
    fn record_line(&mut self, start: u64) -> u64 {
        let start = (start as usize).min(self.bytes.len());
        let skipped = self.bytes[start..]
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        self.line_at(start + skipped)
    }
}

fn column(path: Option<&Path>, headers: &csv::StringRecord, name: &str) -> Result<usize> {
    headers
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| Error::MissingColumn {
            path: path.map(Path::to_path_buf),
            column: name.to_string(),
            present: headers.iter().map(str::to_string).collect(),
        })
}

fn field<'r>(path: Option<&Path>, row: u64, record: &'r csv::StringRecord, i: usize, name: &str) -> Result<&'r str> {
    match record.get(i) {
        Some(v) if !v.trim().is_empty() => Ok(v),
        Some(_) => Err(bad(path, row, name, "empty".into())),
        None => Err(bad(
            path,
            row,
            name,
            format!("missing: the row has {} fields", record.len()),
        )),
    }
}

fn bad(path: Option<&Path>, row: u64, field: &str, message: String) -> Error {
    Error::BadField {
        path: path.map(Path::to_path_buf),
        row,
        field: field.to_string(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::PathBuf;

    fn write(name: &str, body: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("claimscore-data-{}-{name}", std::process::id()));
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
    #[cfg(feature = "train")]
    fn hash_depends_on_content_and_order() {
        let mut a = Dataset::new();
        a.push("x", Label::Sourced, None);
        a.push("y", Label::Unsourced, None);
        let mut b = Dataset::new();
        b.push("y", Label::Unsourced, None);
        b.push("x", Label::Sourced, None);
        assert_ne!(a.sha256(), b.sha256());
        assert_eq!(a.sha256(), a.clone().sha256());
        assert_eq!(a.sha256().len(), 64);
    }
}
