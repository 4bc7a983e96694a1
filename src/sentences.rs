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
        // Most bytes end nothing: one table load instead of four comparisons.
        if !ENDS[b as usize] {
            i += 1;
            continue;
        }
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

/// The bytes that may end a sentence: `\n`, `.`, `!`, `?`.
const ENDS: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t
};

/// Lowercase abbreviations whose period ends no sentence.
const ABBREVIATIONS: [&str; 23] = [
    "mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "vs", "no", "jan", "feb", "aug", "sept", "oct",
    "nov", "dec", "inc", "co", "jr", "sr",
];

fn is_abbreviation(before: &str) -> bool {
    let last = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let last = last.trim_start_matches(['(', '"']);
    last.chars().count() == 1 || last.contains('.') || ABBREVIATIONS.iter().any(|a| last.eq_ignore_ascii_case(a))
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

    /// The splitter as it was before it skipped bytes by a table and compared abbreviations
    /// without allocating: the same rules, kept to compare against.
    fn reference(text: &str) -> Vec<Range<usize>> {
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
                while text[j..].starts_with(['”', '’']) {
                    j += 3;
                }
                let ends = j >= bytes.len() || bytes[j].is_ascii_whitespace();
                if ends && !(b == b'.' && j == i + 1 && is_abbreviation_reference(&text[start..i])) {
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

    fn is_abbreviation_reference(before: &str) -> bool {
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

    #[test]
    fn sentences_split_as_before_on_the_corpus_and_on_abbreviations() {
        let mut texts: Vec<String> = [
            "Mr",
            "MRS",
            "Sr",
            "sR",
            "Prof",
            "No",
            "SEPT",
            "Co",
            "Inc",
            "mR",
            "Xr",
            "Dr\u{212A}",
        ]
        .iter()
        .map(|a| format!("Ask {a}. Smith today!\nAnd (\"{a}. Jones\") said so?\" Yes.’ ok"))
        .collect();
        let corpus = crate::Dataset::read_corpus(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets"))
            .expect("the bundled corpus");
        texts.extend(
            corpus
                .0
                .examples()
                .iter()
                .chain(corpus.1.examples())
                .map(|e| e.text.clone()),
        );
        let davidson =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/davidson/labeled_data.csv");
        match csv::Reader::from_path(&davidson) {
            Ok(mut r) => texts.extend(r.records().map(|r| r.expect("a Davidson row")[6].to_string())),
            Err(e) => eprintln!("skipping the Davidson tweets ({}: {e})", davidson.display()),
        }
        let mut several = 0;
        for t in &texts {
            let got = sentences(t);
            assert_eq!(got, reference(t), "{t:?}");
            several += usize::from(got.len() > 1);
        }
        assert!(several > 1000, "{several} texts of several sentences");
    }
}
