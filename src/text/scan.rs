//! Stage 1: scan the raw text and split it into words, markers and symbols.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

use super::cache::WordCache;
use super::markup::Markup;
use super::stem::{Language, StemCache};
use super::urls::UrlScanner;
use super::{Analysis, EXCL, QUOTE, URL, is_apostrophe, is_zero_width};

/// Runs the pipeline. Holds the stemmer of the model's [`Language`].
#[derive(Clone)]
pub(crate) struct Analyzer {
    /// Scratch for the word being folded.
    pub(super) word: String,
    pub(super) stems: StemCache,
    /// Scratch for text rewritten by stage 0.
    markup: Markup,
    /// Stages 2 and 3 of the words seen before.
    cache: WordCache,
}

/// How the letters of a word found by [`fragments`] are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Join {
    /// A word as written.
    Plain,
    /// Spelled out with separators (`i d i o t`, `m.o.r.o.n`, `id-i-ot`): separators dropped.
    Spaced,
    /// Initials with dots (`U.S.`, `e.g.`): the dots kept, so `U.S.` is not the word "us".
    Abbreviation,
}

impl Analyzer {
    pub fn new(language: Option<Language>) -> Self {
        Analyzer {
            word: String::new(),
            stems: StemCache::new(language),
            markup: Markup::default(),
            cache: WordCache::default(),
        }
    }

    /// Changes whenever the ids in [`super::Token::entry`] start naming other words.
    pub fn cache_generation(&self) -> u64 {
        self.cache.generation()
    }

    /// Stages 2 and 3 of the raw word `text[span]`, from the word cache when seen before;
    /// returns `span.end`.
    /// The replay is inlined into the scan loop; the rest is not. `always`: with its six
    /// call sites in the loop, a plain `#[inline]` was not taken (a call per word).
    #[inline(always)]
    pub(super) fn word(&mut self, text: &str, span: Range<usize>, join: Join, out: &mut Analysis) -> usize {
        if join == Join::Plain && self.cache.replay(&text.as_bytes()[span.clone()], &span, out) {
            return span.end;
        }
        self.word_missed(text, span, join, out)
    }

    /// [`Analyzer::word`] when not cached.
    #[inline(never)]
    fn word_missed(&mut self, text: &str, span: Range<usize>, join: Join, out: &mut Analysis) -> usize {
        if join != Join::Plain {
            return self.word_uncached(text, span, join, out);
        }
        let raw = &text.as_bytes()[span.clone()];
        let n = out.tokens.len();
        self.word_uncached(text, span.clone(), join, out);
        self.cache.record(raw, &span, n, out);
        span.end
    }

    /// Tokenizes `text` into `out` (cleared first); spans point into `text`.
    pub fn analyze(&mut self, text: &str, out: &mut Analysis) {
        out.clear();
        self.cache.trim();
        if self.markup.rewrite(text) {
            let markup = std::mem::take(&mut self.markup);
            self.scan(markup.text(), out);
            markup.map_back(out.tokens.iter_mut().map(|t| &mut t.span));
            self.markup = markup;
        } else {
            self.scan(text, out);
        }
        // The cached words' text, now complete for this text (the cache adds no more to it
        // until the next `analyze`, which takes this share back first).
        out.words = Some(self.cache.words());
        // What stages 4 and 5 look for, in one pass over the tokens rather than one each
        // (attribution's markers, added in between, have no flags).
        let flags = out.tokens.iter().fold(0, |f, t| f | t.flags);
        super::attribution::mark(text, out, flags);
        super::scope::mark(text, out, flags);
    }

    /// Stage 1 on text without markup.
    fn scan(&mut self, text: &str, out: &mut Analysis) {
        let mut i = 0;
        let mut line_start = true;
        let mut in_quote = false;
        let mut urls = UrlScanner::default();
        let bytes = text.as_bytes();
        // The character before `i` (the loop jumps over words and URLs), only asked for
        // where a URL may start.
        let prev = |i: usize| match i.checked_sub(1).map(|p| bytes[p]) {
            None => ' ',
            Some(p) if p.is_ascii() => p as char,
            Some(_) => text[..i].chars().next_back().unwrap_or(' '),
        };
        while let Some(&b) = bytes.get(i) {
            // Spaces and tabs separate tokens and nothing else: skip them first.
            if b == b' ' || b == b'\t' {
                i += 1;
                continue;
            }
            if line_start {
                line_start = false;
                // A reply quote is someone else's words: skipped, and not marked either,
                // since the rubric judges a reply by its author's words alone.
                if b == b'>' {
                    i = text[i..].find('\n').map_or(text.len(), |n| i + n);
                    continue;
                }
            }
            if b == b'\n' {
                line_start = true;
                i += 1;
                continue;
            }
            if ASCII_ALNUM[b as usize] {
                // One scan finds the run of letters and digits; the byte after it says
                // whether a URL, spaced letters or in-word connectors need a closer look.
                let rest = &bytes[i..];
                let run = alnum_run(rest);
                let next = rest.get(run).copied();
                if next == Some(b' ') && run > 2 || next.is_none() {
                    // The common case, where none of the closer looks below applies.
                    let span = i..i + run;
                    i = if self.cache.replay_inlined(&rest[..run], &span, out) {
                        span.end
                    } else {
                        self.word_missed(text, span, Join::Plain, out)
                    };
                    continue;
                }
                if matches!(next, Some(b'.' | b':' | b'-'))
                    && !ends_before_blank(rest, run)
                    && starts_run(prev(i))
                    && urls.may_be_url(text, i)
                {
                    if let Some(end) = self.url(text, i, &mut urls, out) {
                        i = end;
                        continue;
                    }
                }
                let plain_before_space = plain_before_space(rest, run);
                if run <= 2 && !plain_before_space && matches!(next, Some(b' ' | b'.' | b'-' | b'*' | b'_')) {
                    if let Some((end, join)) = fragments(text, i) {
                        i = self.word(text, i..end, join, out);
                        continue;
                    }
                }
                // '.' and ',' join only digits ("1,200"); other connectors need the slow path.
                let joins = match next {
                    None => false,
                    Some(b'.' | b',') => {
                        rest[run - 1].is_ascii_digit() && rest.get(run + 1).is_some_and(u8::is_ascii_digit)
                    }
                    Some(b) => !b.is_ascii() || matches!(b, b'\'' | b'@' | b'$' | b'*' | b'!'),
                };
                i = if !joins {
                    self.word(text, i..i + run, Join::Plain, out)
                } else {
                    self.word_at(text, i, out)
                };
                continue;
            }
            let c = if b.is_ascii() {
                b as char
            } else {
                text[i..].chars().next().unwrap_or(' ')
            };
            let w = c.len_utf8();
            // A URL starts with a letter or a digit (the branch above), or with `-`
            // (`-ab.com`: labels may start with it); no other character starts one.
            if b == b'-' && starts_run(prev(i)) && urls.may_be_url(text, i) {
                if let Some(end) = self.url(text, i, &mut urls, out) {
                    i = end;
                    continue;
                }
            }
            if is_alphanumeric(c) {
                i = match fragments(text, i) {
                    Some((end, join)) => self.word(text, i..end, join, out),
                    None => self.word_at(text, i, out),
                };
                continue;
            }
            match c {
                '"' | '“' | '„' | '«' | '”' | '»' => {
                    let opens = match c {
                        '"' => !in_quote,
                        '”' | '»' => false,
                        _ => true,
                    };
                    if opens {
                        out.push_other(QUOTE, i..i + w);
                    }
                    in_quote = opens;
                }
                '!' => {
                    let run = text[i..].bytes().take_while(|&b| b == b'!').count();
                    if run >= 2 {
                        out.push_other(EXCL, i..i + run);
                    }
                    i += run;
                    continue;
                }
                // Not alphanumeric (a word above otherwise).
                _ if is_symbol(c) => out.push_other(&text[i..i + w], i..i + w),
                _ => {}
            }
            i += w;
        }
    }

    /// Emits the URL starting at `i` (marker and domain), if there is one; returns its end.
    fn url(&self, text: &str, i: usize, urls: &mut UrlScanner, out: &mut Analysis) -> Option<usize> {
        let (end, domain) = urls.url_at(text, i)?;
        out.push_other(URL, i..end);
        if !domain.is_empty() {
            out.push_other(&text[domain], i..end);
            out.lowercase_last_term();
        }
        Some(end)
    }

    /// Scans the word that starts at `start` (an alphanumeric character), following the
    /// in-word connectors, and emits it. Plain ASCII words take the fast path in `analyze`.
    fn word_at(&mut self, text: &str, start: usize, out: &mut Analysis) -> usize {
        let end = ascii_word_end(text.as_bytes(), start).unwrap_or_else(|| word_end(text, start));
        self.word(text, start..end, Join::Plain, out)
    }
}

/// [`word_end`] on ASCII text: `None` when a character it looks at is not ASCII.
fn ascii_word_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut prev = 0u8;
    let mut k = start;
    while let Some(&c) = bytes.get(k) {
        let next = bytes.get(k + 1).copied().unwrap_or(0);
        if !c.is_ascii() || !next.is_ascii() {
            return None;
        }
        let (alnum, alpha, digit) = (u8::is_ascii_alphanumeric, u8::is_ascii_alphabetic, u8::is_ascii_digit);
        let keep = alnum(&c)
            || (c == b'\'' && alpha(&prev) && alpha(&next))
            || ((c == b'@' || c == b'$') && alnum(&prev) && (alnum(&next) || next == c))
            || ((c == b'@' || c == b'$') && prev == c)
            || (c == b'*' && (alnum(&prev) || prev == b'*') && (alnum(&next) || next == b'*' || prev == b'*'))
            || ((c == b'.' || c == b',') && digit(&prev) && digit(&next))
            || (c == b'!' && alpha(&prev) && alpha(&next));
        if !keep {
            break;
        }
        prev = c;
        k += 1;
    }
    Some(k)
}

/// The end of the word that starts at `start` (an alphanumeric character), following the
/// in-word connectors.
fn word_end(text: &str, start: usize) -> usize {
    let mut end = start;
    let mut prev = '\0';
    let mut it = text[start..].char_indices().peekable();
    while let Some((off, c)) = it.next() {
        let next = it.peek().map_or('\0', |&(_, n)| n);
        let keep = c.is_alphanumeric()
            || (is_combining_mark(c) && prev.is_alphanumeric())
            || (is_zero_width(c) && (next.is_alphanumeric() || is_zero_width(next)))
            || (is_apostrophe(c) && prev.is_alphabetic() && next.is_alphabetic())
            || ((c == '@' || c == '$') && prev.is_alphanumeric() && (next.is_alphanumeric() || next == c))
            || ((c == '@' || c == '$') && prev == c)
            || (c == '*'
                && (prev.is_alphanumeric() || prev == '*')
                && (next.is_alphanumeric() || next == '*' || prev == '*'))
            || ((c == '.' || c == ',') && prev.is_ascii_digit() && next.is_ascii_digit())
            || (c == '!' && prev.is_alphabetic() && next.is_alphabetic());
        if !keep {
            break;
        }
        if !is_zero_width(c) {
            prev = c;
        }
        end = start + off + c.len_utf8();
    }
    end
}

/// `u8::is_ascii_alphanumeric` as a table: one load per byte in the scan for runs of
/// letters and digits, where the range checks were most of the loop.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The length of the run of ASCII letters and digits that starts `rest`, looking at eight
/// bytes per step.
#[inline]
fn alnum_run(rest: &[u8]) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `x` (all below 0x80) in `lo..=hi`: adding `0x80 - lo`
    // sets it from `lo` up, adding `0x7F - hi` from above `hi` (no carry between bytes).
    let within = |x: u64, lo: u8, hi: u8| (x + LO * (0x80 - lo) as u64) & !(x + LO * (0x7F - hi) as u64) & HI;
    let mut run = 0;
    while let Some(chunk) = rest.get(run..run + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        // Bytes with the high bit set end the run; where they are, the additions below may
        // carry into the next byte, which only misflags bytes after the end.
        let low = x & !HI;
        let alnum = within(low, b'0', b'9') | within(low | 0x2020_2020_2020_2020, b'a', b'z');
        let ends = !alnum & HI | x & HI;
        if ends != 0 {
            return run + (ends.trailing_zeros() / 8) as usize;
        }
        run += 8;
    }
    run + rest[run..]
        .iter()
        .position(|&b| !ASCII_ALNUM[b as usize])
        .unwrap_or(rest.len() - run)
}

/// Whether [`fragments`] surely finds nothing for the run of `run` ASCII letters and digits
/// that starts `rest`: before a space, a spaced-out word has one-letter fragments, so not
/// after two characters, nor after one followed by a longer word or by no letter at all.
/// (Most of `fragments`' calls were such.)
fn plain_before_space(rest: &[u8], run: usize) -> bool {
    rest.get(run) == Some(&b' ')
        && (run == 2
            || (run == 1
                && rest.get(2).is_some_and(|&b| {
                    b.is_ascii() && (!b.is_ascii_alphabetic() || rest.get(3).is_some_and(u8::is_ascii_alphabetic))
                })))
}

/// Whether the run of `run` ASCII letters and digits that starts `rest` ends its run of
/// non-blank text with one `.` or `:` (a sentence's end, "word."): trimmed of that
/// trailing punctuation, the run holds no dot and no scheme, so no URL starts there
/// ([`UrlScanner::url_at`] would say `None`). The bytes are the ASCII ones that end a run.
#[inline]
fn ends_before_blank(rest: &[u8], run: usize) -> bool {
    matches!(rest.get(run), Some(b'.' | b':'))
        && rest
            .get(run + 1)
            .is_none_or(|&b| matches!(b, b'\t'..=b'\r' | b' ' | b'<' | b'>' | b'"'))
}

/// Characters after which a new run (a URL) may start.
#[inline]
fn starts_run(prev: char) -> bool {
    prev.is_whitespace() || matches!(prev, '(' | '[' | '<' | '>' | '"' | '\'' | '“' | '‘' | ':' | ',' | '=')
}

/// `char::is_alphanumeric`, answered without its table search for the blocks of symbols
/// and punctuation in [`NOT_ALPHANUMERIC`] (none is a letter or a digit): the characters it
/// was most asked about outside words, curly quotation marks (U+201C and U+201D were 77% of
/// the non-ASCII characters of the Davidson tweets that reach it) and emoji.
#[inline]
fn is_alphanumeric(c: char) -> bool {
    let u = c as u32;
    (u < 0x2000 || !NOT_ALPHANUMERIC.iter().any(|r| r.contains(&u))) && c.is_alphanumeric()
}

/// Blocks (or runs of blocks) with no alphanumeric character: General Punctuation; from
/// the arrows to the enclosed alphanumerics (U+218A to U+245F); from box drawing to the
/// dingbats' digits (U+2500 to U+2775) and from after them to the end of the
/// miscellaneous symbols and arrows (U+2794 to U+2BFF); the private use area; the
/// pictographs of U+1F300 to U+1FAFF (emoji); the supplementary private use areas. The test
/// `no_character_of_the_symbol_blocks_is_alphanumeric` checks every one.
const NOT_ALPHANUMERIC: [std::ops::RangeInclusive<u32>; 7] = [
    0x2000..=0x206F,
    0x218A..=0x245F,
    0x2500..=0x2775,
    0x2794..=0x2BFF,
    0xE000..=0xF8FF,
    0x1F300..=0x1FAFF,
    0xF0000..=0x10FFFF,
];

/// Emoji and other pictographic symbols; not punctuation, not modifiers. For characters
/// that are not alphanumeric.
fn is_symbol(c: char) -> bool {
    let u = c as u32;
    u >= 0x2100
        && !c.is_whitespace()
        && !(0x2000..=0x206F).contains(&u)
        && !(0xFE00..=0xFE0F).contains(&u)
        && !(0x1F3FB..=0x1F3FF).contains(&u)
        && !(0x3000..=0x303F).contains(&u)
        && u != 0xFEFF
}

/// Letters spelled out with separators, starting at `start`: the end of the last letter
/// and how to join them, or `None` for an ordinary word.
///
/// - initials with dots, two to four, with a dot after the last or all capitals (`U.S.`,
///   `e.g.`, `U.S.A.`) are an abbreviation;
/// - three or more single letters with the same separator throughout (`i d i o t`,
///   `m.o.r.o.n`, `s-t-u-p-i-d`) are a spaced-out word; so `a m.o.r.o.n` is "a" and
///   "moron", since the separator changes;
/// - three or more fragments of one or two letters joined by `-` or `.`, one at least a
///   single letter, four letters in all (`id-i-ot`), are a spaced-out word too.
fn fragments(text: &str, start: usize) -> Option<(usize, Join)> {
    let mut sep = None;
    // The fragments' count, letters in all, and whether all / any have one letter.
    let (mut count, mut letters, mut singles, mut any_single) = (0usize, 0usize, true, false);
    let mut end = start;
    let mut upper = true;
    let mut rest = text[start..].char_indices().peekable();
    loop {
        // One fragment: a run of letters.
        let mut len = 0;
        let mut frag_end = end;
        while let Some(&(off, c)) = rest.peek() {
            if !c.is_alphabetic() {
                break;
            }
            upper &= c.is_uppercase();
            len += 1;
            frag_end = start + off + c.len_utf8();
            rest.next();
        }
        let allowed = match sep {
            None | Some('-' | '.') => 2,
            _ => 1,
        };
        if len == 0 || len > allowed || rest.peek().is_some_and(|&(_, c)| c.is_alphanumeric()) {
            // Not a fragment (a longer word, or digits): the chain ends before it.
            if count == 0 && len > 0 && len <= 2 && sep.is_none() {
                return None;
            }
            break;
        }
        count += 1;
        letters += len;
        singles &= len == 1;
        any_single |= len == 1;
        end = frag_end;
        match rest.next() {
            Some((_, c)) if matches!(c, ' ' | '.' | '-' | '*' | '_') && sep.is_none_or(|s| s == c) => {
                if sep.is_none() && len > 1 && !matches!(c, '-' | '.') {
                    return None;
                }
                sep = Some(c);
                if !rest.peek().is_some_and(|&(_, n)| n.is_alphabetic()) {
                    break;
                }
            }
            _ => break,
        }
    }
    let after = text[end..].chars().next();
    if sep == Some('.') && singles && (2..=4).contains(&count) && (after == Some('.') || upper) {
        return Some((end, Join::Abbreviation));
    }
    if singles && count >= 3 {
        return Some((end, Join::Spaced));
    }
    if matches!(sep, Some('-' | '.')) && count >= 3 && letters >= 4 && any_single {
        return Some((end, Join::Spaced));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipping_fragments_before_a_space_loses_nothing() {
        // Every string of up to 6 characters over letters, a digit, separators and a
        // non-ASCII letter, from each position where a run of ASCII letters and digits starts.
        let alphabet = ['a', 'b', 'A', '1', ' ', '.', '-', 'é'];
        let mut checked = 0;
        super::super::every_string("", &alphabet, 1..=6, |text| {
            for (i, c) in text.char_indices().filter(|(_, c)| c.is_ascii_alphanumeric()) {
                let rest = &text.as_bytes()[i..];
                let run = rest
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                if plain_before_space(rest, run) {
                    assert_eq!(fragments(text, i), None, "{text:?} at {i} ({c})");
                    checked += 1;
                }
            }
        });
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn no_url_starts_at_a_word_that_ends_its_run_with_one_dot_or_colon() {
        // Every string of up to 6 characters over letters, a digit, URL punctuation and
        // blanks, after prefixes that make URLs, from each position where a run of ASCII
        // letters and digits starts.
        let alphabet = ['a', 'w', '1', '.', ':', '/', ' ', '\n', '"', '<'];
        let mut checked = 0;
        for prefix in ["", "www", "http", "https", "example", "com"] {
            super::super::every_string(prefix, &alphabet, 1..=5, |text| {
                for (i, _) in text.char_indices().filter(|(_, c)| c.is_ascii_alphanumeric()) {
                    let rest = &text.as_bytes()[i..];
                    let run = alnum_run(rest);
                    if ends_before_blank(rest, run) {
                        let mut urls = UrlScanner::default();
                        assert_eq!(urls.url_at(text, i), None, "{text:?} at {i}");
                        checked += 1;
                    }
                }
            });
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn alnum_runs_end_at_the_first_other_byte() {
        // Every byte at every position of the first 17, after runs of every length.
        for len in 0..17 {
            for end in 0..=255u8 {
                let mut bytes = vec![b'a'; len];
                bytes.extend([end, b'b', 0xFF, b'c', b'Z', b'0']);
                for (k, b) in bytes.iter_mut().take(len).enumerate() {
                    *b = b"aZ09mzA"[k % 7];
                }
                let want = bytes
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(bytes.len());
                assert_eq!(alnum_run(&bytes), want, "{bytes:?}");
                assert_eq!(alnum_run(&bytes[..len]), len);
            }
        }
    }

    #[test]
    fn ascii_word_ends_agree_with_the_character_scan() {
        // Every string of up to 6 characters over letters, digits, the connectors and a
        // non-ASCII letter, from every alphanumeric start.
        let alphabet = ['a', 'B', '1', '\'', '@', '$', '*', '.', ',', '!', ' ', 'é'];
        let mut checked = 0;
        super::super::every_string("", &alphabet, 1..=6, |text| {
            for (i, _) in text.char_indices().filter(|(_, c)| c.is_alphanumeric()) {
                if let Some(end) = ascii_word_end(text.as_bytes(), i) {
                    assert_eq!(end, word_end(text, i), "{text:?} at {i}");
                    checked += 1;
                }
            }
        });
        assert!(checked > 1_000_000, "{checked}");
    }

    #[test]
    fn no_character_of_the_symbol_blocks_is_alphanumeric() {
        let mut checked = 0;
        for c in NOT_ALPHANUMERIC
            .iter()
            .flat_map(|r| r.clone())
            .filter_map(char::from_u32)
        {
            assert!(!c.is_alphanumeric(), "{c:?}");
            checked += 1;
        }
        assert!(checked > 100_000, "{checked}");
        // And the whole function, on every character.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn the_alphanumeric_table_is_the_ascii_test() {
        for b in 0..=255u8 {
            assert_eq!(ASCII_ALNUM[b as usize], b.is_ascii_alphanumeric(), "{b}");
        }
    }
}
