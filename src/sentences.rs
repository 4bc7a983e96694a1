//! Sentences (claims) of a comment.

use std::ops::Range;

/// Byte spans of the sentences (claims) of a text, trimmed, without reply-quote lines.
///
/// A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets) followed by
/// whitespace, or at a line break; a period after a one-letter word or a common
/// abbreviation does not end one.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let push = |s: usize, e: usize, out: &mut Vec<Range<usize>>| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('>') {
            out.push(s + lead..s + lead + trimmed.len());
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            push(start, i, &mut out);
            start = i + 1;
        } else if matches!(b, b'.' | b'!' | b'?') {
            let mut j = i;
            while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b')' | b'\'') {
                j += 1;
            }
            // Closing curly quotes are three bytes.
            while text[j..].starts_with(['”', '’']) {
                j += 3;
            }
            let ends = j >= bytes.len() || bytes[j].is_ascii_whitespace();
            if ends && !(b == b'.' && j == i + 1 && is_abbreviation(&text[start..i])) {
                push(start, j, &mut out);
                start = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push(start, text.len(), &mut out);
    out
}

fn is_abbreviation(before: &str) -> bool {
    let last = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let last = last.trim_start_matches(['(', '"']);
    last.chars().count() == 1
        || last.contains('.')
        || matches!(
            last.to_ascii_lowercase().as_str(),
            "mr" | "mrs"
                | "ms"
                | "dr"
                | "st"
                | "prof"
                | "gen"
                | "sen"
                | "rep"
                | "gov"
                | "vs"
                | "no"
                | "jan"
                | "feb"
                | "aug"
                | "sept"
                | "oct"
                | "nov"
                | "dec"
                | "inc"
                | "co"
                | "jr"
                | "sr"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_terminal_punctuation() {
        let t = "Mr. Rubio said so. Is it true?! Yes\nSee the U.S. report.";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(s, ["Mr. Rubio said so.", "Is it true?!", "Yes", "See the U.S. report."]);
        let q = "> quoted line\nMy reply.";
        let s: Vec<&str> = sentences(q).into_iter().map(|r| &q[r]).collect();
        assert_eq!(s, ["My reply."]);
        assert!(sentences("   ").is_empty());
    }
}
