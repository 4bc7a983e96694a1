//! Checks on raw CSV bytes that the csv crate does not make, shared by the library's
//! readers and the CLI's: a quote left open, and which delimiter a header uses.

/// Delimiters [`detect_delimiter`] recognises, in order of preference.
pub const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

/// Where the quoted field that runs to the end of `csv` opens, if one does: a quote left
/// open makes the csv crate merge every later line into that field without an error.
///
/// `csv` is raw bytes from the start of a record (or of the input: a leading UTF-8 BOM is
/// skipped) to the end of the input, read as the csv crate's defaults do (`"` quotes, `""`
/// escapes one, a quote inside an unquoted field is literal). The offset is into `csv`.
///
/// # Example
/// ```
/// use claimscore::csv_check::unclosed_quote;
/// assert_eq!(unclosed_quote(b"1,\"hello\n2,world\n"), Some(2));
/// assert_eq!(unclosed_quote(b"1,\"closed\"\n"), None);
/// ```
pub fn unclosed_quote(csv: &[u8]) -> Option<usize> {
    unclosed_quote_with(csv, b',')
}

/// [`unclosed_quote`] for a CSV whose fields are separated by `delimiter`.
///
/// # Example
/// ```
/// use claimscore::csv_check::unclosed_quote_with;
/// assert_eq!(unclosed_quote_with(b"1;\"hello\n2;world\n", b';'), Some(2));
/// assert_eq!(unclosed_quote_with(b"1;\"closed\"\n", b';'), None);
/// ```
pub fn unclosed_quote_with(csv: &[u8], delimiter: u8) -> Option<usize> {
    #[derive(Clone, Copy)]
    enum State {
        FieldStart,
        Unquoted,
        /// Inside a quoted field that opened at this byte.
        Quoted(usize),
        /// Just after a quote inside that field: its end, or the first of `""`.
        QuoteInQuoted(usize),
    }
    let skip = if csv.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let mut state = State::FieldStart;
    for (i, &b) in csv.iter().enumerate().skip(skip) {
        state = match (state, b) {
            (State::FieldStart, b'"') => State::Quoted(i),
            (State::Quoted(open), b'"') => State::QuoteInQuoted(open),
            (State::Quoted(open), _) => State::Quoted(open),
            (State::QuoteInQuoted(open), b'"') => State::Quoted(open),
            (_, b'\r' | b'\n') => State::FieldStart,
            (_, b) if b == delimiter => State::FieldStart,
            _ => State::Unquoted,
        };
    }
    match state {
        State::Quoted(open) => Some(open),
        _ => None,
    }
}

/// The delimiter of a CSV header: `,` when the first line has a comma outside quotes,
/// else the most frequent of tab, `;` and `|` (Excel in much of Europe writes `;`), else
/// `None` (a single column, or not a header at all). `csv` starts at the header; a
/// leading UTF-8 BOM is skipped; only the first line (up to a `\n` outside quotes) is
/// looked at.
///
/// # Example
/// ```
/// use claimscore::csv_check::detect_delimiter;
/// assert_eq!(detect_delimiter(b"id,text\n1,hi\n"), Some(b','));
/// assert_eq!(detect_delimiter(b"id;text;label\n1;hi, there;sourced\n"), Some(b';'));
/// assert_eq!(detect_delimiter(b"id\ttext\n"), Some(b'\t'));
/// assert_eq!(detect_delimiter(b"\"a;b\",c\n"), Some(b','));
/// assert_eq!(detect_delimiter(b"text\n"), None);
/// ```
pub fn detect_delimiter(csv: &[u8]) -> Option<u8> {
    let counts = header_counts(csv);
    if counts[0] > 0 {
        return Some(b',');
    }
    // Ties go to the earlier of DELIMITERS.
    (1..DELIMITERS.len())
        .filter(|&i| counts[i] > 0)
        .max_by_key(|&i| (counts[i], usize::MAX - i))
        .map(|i| DELIMITERS[i])
}

/// [`detect_delimiter`] for a header that must name `columns`: when the header split on
/// the detected delimiter lacks one of them and split on another of [`DELIMITERS`] that
/// it holds has them all, that other one. So a tab-separated header with a comma in a
/// name (`text<TAB>label<TAB>notes, misc`) is read on tabs, while a comma header stays a
/// comma header whenever it has the columns.
///
/// # Example
/// ```
/// use claimscore::csv_check::detect_delimiter_for;
/// assert_eq!(detect_delimiter_for(b"text\tlabel\tnotes, misc\n", &["text"]), Some(b'\t'));
/// assert_eq!(detect_delimiter_for(b"text,notes\tmisc\n", &["text"]), Some(b','));
/// assert_eq!(detect_delimiter_for(b"body,gold\n", &["text"]), Some(b','));
/// ```
pub fn detect_delimiter_for(csv: &[u8], columns: &[&str]) -> Option<u8> {
    let detected = detect_delimiter(csv)?;
    let has_all = |delimiter: u8| {
        let names = header_names(csv, delimiter);
        columns.iter().all(|c| names.iter().any(|n| n == c))
    };
    if has_all(detected) {
        return Some(detected);
    }
    let counts = header_counts(csv);
    let other = (0..DELIMITERS.len())
        .filter(|&i| counts[i] > 0 && DELIMITERS[i] != detected)
        .map(|i| DELIMITERS[i])
        .find(|&d| has_all(d));
    Some(other.unwrap_or(detected))
}

/// The names of the header line split on `delimiter`, as the csv crate reads them (a
/// leading BOM dropped); empty when the line is not one CSV record.
fn header_names(csv: &[u8], delimiter: u8) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(csv);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect(),
        _ => Vec::new(),
    }
}

/// How often each of [`DELIMITERS`] occurs outside quotes in the header line.
fn header_counts(csv: &[u8]) -> [usize; DELIMITERS.len()] {
    let skip = if csv.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let mut counts = [0; DELIMITERS.len()];
    let mut quoted = false;
    for &b in &csv[skip..] {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    counts
}

/// When a header split on `delimiter` is one column although the line holds another of
/// [`DELIMITERS`]: that one, the likely delimiter, for an error that names it.
///
/// # Example
/// ```
/// use claimscore::csv_check::other_delimiter;
/// assert_eq!(other_delimiter(b"id;text\n", b','), Some(b';'));
/// assert_eq!(other_delimiter(b"id,text\n", b','), None);
/// assert_eq!(other_delimiter(b"text\n", b','), None);
/// ```
pub fn other_delimiter(csv: &[u8], delimiter: u8) -> Option<u8> {
    let counts = header_counts(csv);
    let given = DELIMITERS.iter().position(|&d| d == delimiter);
    if given.is_some_and(|i| counts[i] > 0) {
        return None;
    }
    detect_delimiter(csv).filter(|&d| d != delimiter)
}

/// A delimiter as users write it: `,`, `;`, `|`, or `\t` for a tab.
///
/// # Example
/// ```
/// assert_eq!(claimscore::csv_check::delimiter_name(b'\t'), "\\t (tab)");
/// assert_eq!(claimscore::csv_check::delimiter_name(b';'), ";");
/// ```
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "\\t (tab)".to_string(),
        d => (d as char).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_header_delimiter() {
        assert_eq!(detect_delimiter(b"\xEF\xBB\xBFid;text\n"), Some(b';'));
        assert_eq!(detect_delimiter(b"a\tb;c\td\n"), Some(b'\t'));
        assert_eq!(detect_delimiter(b"a;b\tc\n"), Some(b'\t'), "a tie goes to the tab");
        assert_eq!(
            detect_delimiter(b"a;b\nc,d\n"),
            Some(b';'),
            "only the header line counts"
        );
        assert_eq!(
            detect_delimiter(b"\"x\ny,z\";w\n"),
            Some(b';'),
            "a quoted newline is not the end"
        );
        assert_eq!(detect_delimiter(b""), None);
        assert_eq!(other_delimiter(b"a\tb\n", b';'), Some(b'\t'));
        assert_eq!(other_delimiter(b"a;b,c\n", b';'), None);
    }

    #[test]
    fn an_unclosed_quote_with_another_delimiter() {
        assert_eq!(unclosed_quote_with(b"1\t\"a\tb\"\n2\tx\n", b'\t'), None);
        assert_eq!(unclosed_quote_with(b"1\t\"a\n2\tx\n", b'\t'), Some(2));
        // With `;`, a quote after a comma is literal.
        assert_eq!(unclosed_quote_with(b"1;a,\"b\n", b';'), None);
    }

    #[test]
    fn finds_the_quote_that_runs_to_the_end() {
        assert_eq!(unclosed_quote(b"1,\"hello\n2,world\n"), Some(2));
        assert_eq!(unclosed_quote(b"1,\"he said \"\"hi\"\"\n2,x\n"), Some(2));
        assert_eq!(unclosed_quote(b"1,\"closed\"\n"), None);
        assert_eq!(unclosed_quote(b"1,\"a\"\"b\"\r\n"), None);
        assert_eq!(unclosed_quote(b"1,a \"literal\n"), None);
        assert_eq!(unclosed_quote(b"1,\"x\"y\"z"), None);
        assert_eq!(unclosed_quote(b""), None);
        assert_eq!(unclosed_quote(b"\xEF\xBB\xBF\"text\",label\n\"open\n"), Some(16));
        assert_eq!(unclosed_quote(b"\xEF\xBB\xBF\"text,label\n"), Some(3));
    }
}
