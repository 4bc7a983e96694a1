//! Stage 2 and 3: fold one word (numbers, NFKC, lowercase, de-obfuscation) and stem it.

use std::ops::Range;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::scan::{Analyzer, Join};
use super::{Analysis, Kind, Token, is_apostrophe, is_zero_width};

impl Analyzer {
    /// Normalizes the raw word `text[span]` and pushes its token, if any; returns
    /// `span.end`. The result depends on the raw word and `join` alone (the word cache,
    /// [`super::cache`], relies on it).
    pub(super) fn word_uncached(&mut self, text: &str, span: Range<usize>, join: Join, out: &mut Analysis) -> usize {
        let raw = &text[span.clone()];
        let end = span.end;
        // Most words are plain ASCII letters: no digits, leet or symbols to look at.
        let letters = raw.bytes().all(|b| b.is_ascii_alphabetic());
        // Numbers, dates and scores are no evidence of anything (the rubric): no token.
        // (With a `__num__` marker the model learned "numbers mean sourced" from written
        // comments; without it, realdev macro-F1 0.580 → 0.611.)
        if !letters && raw.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
            return end;
        }
        // NFKC and lowercase into the scratch buffer, dropping what never belongs in a word.
        let word = &mut self.word;
        word.clear();
        let plain = letters || raw.bytes().all(|b| b.is_ascii_alphanumeric());
        let fold = |c: char, word: &mut String| {
            let separator = match join {
                Join::Plain => false,
                Join::Spaced => !c.is_alphanumeric(),
                Join::Abbreviation => !c.is_alphanumeric() && c != '.',
            };
            // Terms never hold whitespace (NFKC can produce it): n-grams join terms with spaces.
            if is_zero_width(c) || is_apostrophe(c) || c.is_whitespace() || separator {
                return;
            }
            for l in c.to_lowercase() {
                word.push(l);
            }
        };
        if plain {
            word.push_str(raw);
            word.make_ascii_lowercase();
        } else if raw.is_ascii() {
            raw.chars().for_each(|c| fold(c, word));
        } else {
            unicode_normalization::UnicodeNormalization::nfkc(raw).for_each(|c| fold(c, word));
            fold_lookalikes(word);
            strip_latin_marks(word);
        }
        let mut tail = span.start;
        if !letters {
            if has_inner_digits(word) {
                let mapped: String = word.chars().map(deleet).collect();
                *word = mapped;
            } else if word.starts_with(|c: char| c.is_ascii_digit()) {
                // "5bn", "3rd": a number followed by a unit.
                let digits = word
                    .find(|c: char| !c.is_ascii_digit() && c != '.' && c != ',')
                    .unwrap_or(word.len());
                let raw_digits = raw
                    .find(|c: char| !c.is_ascii_digit() && c != '.' && c != ',')
                    .unwrap_or(raw.len());
                word.drain(..digits);
                tail = span.start + raw_digits;
            }
            if word.contains(['$', '@', '!']) {
                let mapped: String = word.chars().map(deleet).collect();
                *word = mapped;
            }
        }
        shorten_runs(word);
        if word.is_empty() {
            return end;
        }
        let start = out.arena.len();
        out.arena.push_str(word);
        let surface = start..out.arena.len();
        // The stem goes right after the surface in the arena. Abbreviations are not words
        // to stem (Snowball would read the `s` of `u.s` as a plural).
        // Nor are short acronyms: Snowball reads `ONS` as the plural of "on".
        let acronym = (2..=4).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_uppercase());
        let listed = super::cache::listed(word);
        if listed & super::cache::IDENTITY != 0 {
            out.arena.push_str(super::GROUP);
        } else if join == Join::Abbreviation || acronym {
            out.arena.push_str(word);
        } else {
            self.stems.push_stem(word, &mut out.arena);
        }
        let term = surface.end..out.arena.len();
        out.tokens.push(Token {
            kind: Kind::Word,
            span: tail..end,
            flags: listed & !super::cache::IDENTITY,
            surface,
            term,
            shared: 0,
            entry: super::NO_ENTRY,
            prefix: 0,
        });
        end
    }
}

/// Reads Cyrillic and Greek look-alike letters as the Latin ones they imitate, in words
/// that mix them with Latin letters (`іdіоt` with Cyrillic і and о): a disguise. A word
/// wholly in another script is left alone. (Unicode's confusable skeletons, UTS #39, would
/// also rewrite plain Latin, `rn` as `m`; so a table of the letters that pass for Latin.)
fn fold_lookalikes(word: &mut String) {
    if !word.bytes().any(|b| b.is_ascii_alphabetic()) || !word.chars().any(|c| latin_lookalike(c).is_some()) {
        return;
    }
    let mapped: String = word.chars().map(|c| latin_lookalike(c).unwrap_or(c)).collect();
    *word = mapped;
}

/// The Latin letter a lowercase Cyrillic or Greek letter passes for.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ё' | 'ε' => 'e',
        'һ' => 'h',
        'і' | 'ї' | 'ι' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'ӏ' => 'l',
        'м' => 'm',
        'п' | 'η' => 'n',
        'о' | 'ο' | 'σ' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'υ' => 'u',
        'ν' => 'v',
        'ѡ' | 'ω' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        _ => return None,
    })
}

/// Drops accents from Latin letters (`idiöt` → `idiot`, `café` → `cafe`): in English
/// comments they are decoration or disguise, not a different word.
fn strip_latin_marks(word: &mut String) {
    let latin_marked = |c: char| ('\u{c0}'..='\u{24f}').contains(&c) || ('\u{1e00}'..='\u{1eff}').contains(&c);
    if !word.chars().any(latin_marked) {
        return;
    }
    let mut stripped = String::with_capacity(word.len());
    for c in word.chars() {
        if latin_marked(c) {
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    stripped.push(d);
                }
            });
        } else {
            stripped.push(c);
        }
    }
    *word = stripped;
}

/// True when a run of digits sits between letters: `1d10t`, `m0r0n` (not `covid19`, `3rd`).
fn has_inner_digits(word: &str) -> bool {
    let b = word.as_bytes();
    (1..b.len()).any(|k| {
        b[k].is_ascii_digit() && b[k - 1].is_ascii_alphabetic() && {
            let rest = &b[k..];
            let after = rest.iter().position(|x| !x.is_ascii_digit());
            after.is_some_and(|p| rest[p].is_ascii_alphabetic())
        }
    }) && word
        .bytes()
        .any(|x| matches!(x, b'0' | b'1' | b'3' | b'4' | b'5' | b'7'))
}

fn deleet(c: char) -> char {
    match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '!' => 'i',
        '5' | '$' => 's',
        '7' => 't',
        c => c,
    }
}

/// Shortens runs of three or more equal characters to two: `stuuupid` → `stuupid`.
#[inline]
fn shorten_runs(word: &mut String) {
    // Nearly every word is ASCII with no byte three times in a row: one pass over its
    // bytes, in the caller (this was a call and two passes on each new word).
    let b = word.as_bytes();
    if (0..b.len()).all(|k| b[k] < 0x80 && (k < 2 || b[k] != b[k - 1] || b[k] != b[k - 2])) {
        return;
    }
    shorten_char_runs(word);
}

/// [`shorten_runs`] by characters.
fn shorten_char_runs(word: &mut String) {
    let mut run = 0;
    let mut prev = '\0';
    let shortened: String = word
        .chars()
        .filter(|&c| {
            run = if c == prev { run + 1 } else { 1 };
            prev = c;
            run <= 2
        })
        .collect();
    *word = shortened;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `shorten_runs` as first written.
    fn shorten_runs_by_windows(word: &mut String) {
        if !word.as_bytes().windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) && word.is_ascii() {
            return;
        }
        shorten_char_runs(word);
    }

    #[test]
    fn runs_shorten_as_first_written() {
        // Every string of up to 7 characters over ASCII and two-byte letters that share
        // a byte (`é` and `è` are C3 A9 and C3 A8).
        let alphabet = ['a', 'b', 'é', 'è', 'z'];
        let mut checked = 0;
        super::super::every_string("", &alphabet, 0..=7, |text| {
            let (mut fast, mut slow) = (text.to_string(), text.to_string());
            shorten_runs(&mut fast);
            shorten_runs_by_windows(&mut slow);
            assert_eq!(fast, slow, "{text:?}");
            checked += 1;
        });
        assert!(checked > 90_000, "{checked}");
    }
}
