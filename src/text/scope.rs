//! Stage 5: scope. Two kinds of words do not mean what they say on their own:
//!
//! - words just after a negation ("nobody here is an **idiot**", "I'm not calling you a
//!   **liar**") get the prefix `neg_`, so a denied insult is a feature of its own
//!   (negation scope marking, as in Pang, Lee and Vaithyanathan 2002): the [`NEGATION_SCOPE`]
//!   content words after a cue (articles and forms of "be" do not count), stopping at
//!   clause punctuation or a quotation mark;
//! - words inside quotation marks, double or single ("calling refugees **'vermin'** is
//!   disgusting", "the senator's use of **"moron"**") get the prefix `q_`: someone else's
//!   words, reported or condemned, not the author's.
//!
//! Measured on `realdev` (the same training data and settings, macro-F1): without either
//! 0.611, negation alone 0.625, both 0.631; a negation scope up to the next punctuation
//! instead of three words, 0.622.

use super::cache::{CUE, FUNCTION_WORD};
use super::{Analysis, Kind};

/// Words after a negation cue that take the `neg_` prefix.
pub(super) const NEGATION_SCOPE: usize = 3;

/// Negation cues, as folded (apostrophes dropped: `don't` → `dont`).
pub(super) const CUES: &[&str] = &[
    "not", "no", "never", "nobody", "none", "nothing", "neither", "nor", "cannot", "dont", "isnt", "wasnt", "arent",
    "werent", "doesnt", "didnt", "wont", "cant", "couldnt", "shouldnt", "wouldnt", "aint", "havent", "hasnt",
];

/// Words that take the prefix but do not use up a negation's scope ("nobody here *is an*
/// idiot").
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "im", "youre", "to", "of", "really",
    "very", "so", "that", "this",
];

/// Marks the negated and quoted words of `out`, the analysis of `text`; `flags`, the union
/// of its tokens' flags.
pub(super) fn mark(text: &str, out: &mut Analysis, flags: u8) {
    // Most texts have neither a negation cue nor a quotation: nothing to mark.
    let cues = flags & CUE != 0;
    if !cues && !may_quote(text.as_bytes()) {
        return;
    }
    let quoted = quoted_spans(text);
    if !cues && quoted.is_empty() {
        return;
    }
    let mut negated = 0;
    let mut last_end = 0;
    for i in 0..out.tokens.len() {
        let span = out.tokens[i].span.clone();
        // Clause punctuation and quotation marks end a negation's scope (looked at only
        // inside one: outside, there is nothing to end).
        // No gap when a marker's span overlaps the next token's (as `str::get` would say).
        if negated > 0 {
            let gap = (text.is_char_boundary(last_end) && text.is_char_boundary(span.start))
                .then(|| text.as_bytes().get(last_end..span.start))
                .flatten();
            if gap.is_some_and(breaks_scope) {
                negated = 0;
            }
        }
        last_end = span.end;
        if out.tokens[i].kind != Kind::Word {
            continue;
        }
        if out.tokens[i].flags & CUE != 0 {
            negated = NEGATION_SCOPE;
            continue;
        }
        // Quoted spans are sorted and disjoint: the only candidate is the first that ends at
        // or after this word (a linear scan here made a megabyte of `"a.` quadratic).
        let q = quoted.partition_point(|q| q.end < span.end);
        let in_quote = quoted
            .get(q)
            .is_some_and(|q| q.start <= span.start && span.end <= q.end);
        // An index into `PREFIXES`: "q_" or "neg_".
        let prefix = match (in_quote, negated > 0) {
            (true, _) => 2,
            (false, true) => 1,
            (false, false) => continue,
        };
        if out.tokens[i].flags & FUNCTION_WORD == 0 {
            negated = negated.saturating_sub(1);
        }
        out.prefix_term(i, prefix);
    }
}

/// Whether `gap` holds one of `. , ; : ! ? " “ ”` or a line break, in one pass over its
/// bytes (`“` and `”` are E2 80 9C and E2 80 9D in UTF-8).
fn breaks_scope(gap: &[u8]) -> bool {
    gap.iter().enumerate().any(|(k, &b)| match b {
        b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\n' | b'"' => true,
        0xE2 => matches!(gap.get(k + 1..k + 3), Some([0x80, 0x9C | 0x9D])),
        _ => false,
    })
}

/// Whether [`quoted_spans`] may find a span in `bytes`: there is a `"`, a non-ASCII byte
/// (the curly marks), or a `'` with a non-ASCII byte or no letter or digit before it and
/// one after it (as an opening one). Most texts have none, and this looks for two bytes
/// and the high bit eight bytes at a time, where `quoted_spans` stops at every `'` and
/// line break.
fn may_quote(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(k) = super::find_any_or_high(&bytes[i..], [b'"', b'\'']) {
        let at = i + k;
        if bytes[at] != b'\'' {
            return true;
        }
        let prev = at.checked_sub(1).map(|p| bytes[p]);
        let next = bytes.get(at + 1).copied();
        let alnum_or_high = |b: Option<u8>| b.is_some_and(|b| !b.is_ascii() || b.is_ascii_alphanumeric());
        if !prev.is_some_and(|b| b.is_ascii_alphanumeric()) && alnum_or_high(next) {
            return true;
        }
        i = at + 1;
    }
    false
}

/// Byte spans strictly inside quotation marks: `"..."`, `“...”`, `‘...’`, and `'...'`
/// where the opening `'` starts a word and the closing one ends a word (so apostrophes in
/// `don't` or `the students'` open nothing). A quote left open at the end of its line
/// quotes nothing: a stray mark must not turn the rest of a comment into reported words.
fn quoted_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let bytes = text.as_bytes();
    let mut open: Option<(usize, char)> = None;
    let mut i = 0;
    // Only quotation marks and line breaks change the state: jump from one to the next
    // (the curly marks all start with the byte 0xE2, always the first byte of a character);
    // a line break only where a quote is open.
    loop {
        let rest = &bytes[i..];
        let found = match open {
            None => super::find_any(rest, [b'"', b'\'', 0xE2]),
            Some(_) => super::find_any(rest, [b'"', b'\'', b'\n', 0xE2]),
        };
        let Some(k) = found else { break };
        let at = i + k;
        let c = text[at..].chars().next().unwrap_or(' ');
        i = at + c.len_utf8();
        let prev = || text[..at].chars().next_back().unwrap_or(' ');
        let next = || text[i..].chars().next().unwrap_or(' ');
        match open {
            None => {
                let opens = matches!(c, '"' | '“' | '‘')
                    || (c == '\'' && !prev().is_alphanumeric() && next().is_alphanumeric());
                if opens {
                    open = Some((i, c));
                }
            }
            Some((start, quote)) => {
                let closes = match quote {
                    '"' | '“' => matches!(c, '"' | '”'),
                    '‘' => c == '’',
                    _ => matches!(c, '\'' | '’') && prev().is_alphanumeric() && !next().is_alphanumeric(),
                };
                if closes {
                    spans.push(start..at);
                    open = None;
                } else if c == '\n' {
                    open = None;
                }
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character scan `quoted_spans` replaced.
    fn reference(text: &str) -> Vec<std::ops::Range<usize>> {
        let mut spans = Vec::new();
        let mut open: Option<(usize, char)> = None;
        let mut prev = ' ';
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map_or(' ', |&(_, n)| n);
            match open {
                None => {
                    let opens = matches!(c, '"' | '“' | '‘')
                        || (c == '\'' && !prev.is_alphanumeric() && next.is_alphanumeric());
                    if opens {
                        open = Some((i + c.len_utf8(), c));
                    }
                }
                Some((start, quote)) => {
                    let closes = match quote {
                        '"' | '“' => matches!(c, '"' | '”'),
                        '‘' => c == '’',
                        _ => matches!(c, '\'' | '’') && prev.is_alphanumeric() && !next.is_alphanumeric(),
                    };
                    if closes {
                        spans.push(start..i);
                        open = None;
                    } else if c == '\n' {
                        open = None;
                    }
                }
            }
            prev = c;
        }
        spans
    }

    #[test]
    fn quoted_spans_agree_with_the_character_scan() {
        // Every string of up to 5 characters over an alphabet of marks, letters and
        // look-alikes (curly quotes, an apostrophe, an ellipsis that also starts with 0xE2).
        let alphabet = ['"', '\'', '“', '”', '‘', '’', '…', 'a', 'é', ' ', '\n'];
        let mut count = 0;
        super::super::every_string("", &alphabet, 0..=5, |text| {
            assert_eq!(quoted_spans(text), reference(text), "{text:?}");
            count += 1;
        });
        assert_eq!(count, 177_156);
    }

    #[test]
    fn texts_with_quoted_spans_may_quote() {
        // Every string of up to 6 characters over marks, letters, a digit and look-alikes.
        let alphabet = ['"', '\'', '“', '’', '‘', 'a', '1', 'é', ' ', '\n', '.'];
        let (mut quoting, mut skipped) = (0, 0);
        super::super::every_string("", &alphabet, 0..=6, |text| {
            let may = may_quote(text.as_bytes());
            if !quoted_spans(text).is_empty() {
                assert!(may, "{text:?}");
                quoting += 1;
            } else if !may {
                skipped += 1;
            }
        });
        assert!(quoting > 400_000 && skipped > 40_000, "{quoting} {skipped}");
    }

    #[test]
    fn quoted_spans_skip_apostrophes() {
        let t = "don't call them 'vermin' or \"scum\"; the students' union";
        let spans: Vec<&str> = quoted_spans(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(spans, ["vermin", "scum"]);
    }
}
