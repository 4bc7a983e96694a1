//! Checks on raw CSV bytes that the csv crate does not make, shared by the library's
//! readers and the CLI's.

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
            (_, b',' | b'\r' | b'\n') => State::FieldStart,
            _ => State::Unquoted,
        };
    }
    match state {
        State::Quoted(open) => Some(open),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::unclosed_quote;

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
