//! The text pipeline: one pass over a comment that turns it into terms.
//!
//! Stages, in this order (each token keeps the byte span of its source in the original
//! text, so explanations can point back at it):
//!
//! 1. **normalize**: Unicode NFKC; zero-width and control characters dropped; curly quotes
//!    folded; a URL becomes the marker `__url__` plus its domain (`bbc.co.uk`); a number
//!    becomes `__num__`; the opening of a quoted span gets `__quote__`; a reply-quote line
//!    (`> ...`, someone else's words) becomes `__reply__` and its words are skipped; runs of
//!    `!!` become `__excl__`; obfuscation is undone (spaced letters `i d i o t` joined, digits
//!    inside words read as letters `1d10t` → `idiot`, `a$$` → `ass`, stretched letters
//!    `stuuupid` → `stuupid`, apostrophes dropped).
//! 2. **split** into words at anything that is not a letter, a digit or one of the
//!    in-word connectors above; emoji become tokens of their own.
//! 3. **lowercase**.
//! 4. **stem** (Snowball, by `rust-stemmers`; the algorithm is part of the saved model).

use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

/// Marker for a URL; followed by a token holding the URL's domain.
pub(crate) const URL: &str = "__url__";
/// Marker for a number.
pub(crate) const NUM: &str = "__num__";
/// Marker at the opening of a quoted span.
pub(crate) const QUOTE: &str = "__quote__";
/// Marker for a block of reply-quote lines (`> ...`), whose words are not the author's.
pub(crate) const REPLY: &str = "__reply__";
/// Marker for a run of two or more exclamation marks.
pub(crate) const EXCL: &str = "__excl__";

/// What a token is; only words get character n-grams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A word: `surface` is its lowercased form, `term` its stem.
    Word,
    /// A marker, a domain or an emoji: `term` is the token itself.
    Other,
}

/// One token: where it came from and where its text lives in the [`Analysis`] arena.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub kind: Kind,
    /// Byte span in the original text.
    pub span: Range<usize>,
    surface: Range<usize>,
    term: Range<usize>,
}

/// The tokens of one text. Reused between texts so scoring allocates only when it grows.
#[derive(Debug, Default, Clone)]
pub(crate) struct Analysis {
    arena: String,
    pub tokens: Vec<Token>,
}

impl Analysis {
    /// The lowercased, normalized text of a word token (before stemming).
    pub fn surface(&self, t: &Token) -> &str {
        &self.arena[t.surface.clone()]
    }

    /// The term a token contributes: a stem, a marker, a domain or an emoji.
    pub fn term(&self, t: &Token) -> &str {
        &self.arena[t.term.clone()]
    }

    fn clear(&mut self) {
        self.arena.clear();
        self.tokens.clear();
    }

    fn push_other(&mut self, term: &str, span: Range<usize>) {
        let start = self.arena.len();
        self.arena.push_str(term);
        let r = start..self.arena.len();
        self.tokens.push(Token {
            kind: Kind::Other,
            span,
            surface: r.clone(),
            term: r,
        });
    }
}

/// Runs the pipeline. Holds the stemmer built from the model's stored [`Algorithm`].
pub(crate) struct Analyzer {
    algorithm: Option<Algorithm>,
    stemmer: Option<Stemmer>,
    word: String,
    /// Word → stem. Stemming is the costliest stage and words repeat, so each thread
    /// keeps the stems it has computed (bounded; cleared when full).
    stems: FxHashMap<Box<str>, Box<str>>,
}

const STEM_CACHE_LIMIT: usize = 200_000;

impl Clone for Analyzer {
    fn clone(&self) -> Self {
        // `Stemmer` is not Clone; it is cheap to build again from the algorithm.
        Analyzer::new(self.algorithm)
    }
}

impl Analyzer {
    pub fn new(algorithm: Option<Algorithm>) -> Self {
        Analyzer {
            algorithm,
            stemmer: algorithm.map(Stemmer::create),
            word: String::new(),
            stems: FxHashMap::default(),
        }
    }

    /// Tokenizes `text` into `out` (cleared first).
    pub fn analyze(&mut self, text: &str, out: &mut Analysis) {
        out.clear();
        let mut i = 0;
        let mut line_start = true;
        let mut in_reply = false;
        let mut in_quote = false;
        let mut prev = ' ';
        let bytes = text.as_bytes();
        while let Some(&b) = bytes.get(i) {
            // Spaces and tabs separate tokens and nothing else: skip them first.
            if b == b' ' || b == b'\t' {
                i += 1;
                continue;
            }
            let c = if b.is_ascii() {
                b as char
            } else {
                text[i..].chars().next().unwrap_or(' ')
            };
            let w = c.len_utf8();
            // The character before `i` (the loop jumps over words and URLs).
            if i > 0 {
                let p = bytes[i - 1];
                prev = if p.is_ascii() {
                    p as char
                } else {
                    text[..i].chars().next_back().unwrap_or(' ')
                };
            }
            if line_start {
                line_start = false;
                if c == '>' {
                    let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                    if !in_reply {
                        out.push_other(REPLY, i..end);
                    }
                    in_reply = true;
                    i = end;
                    continue;
                }
                in_reply = in_reply && c == '\n';
            }
            if c == '\n' {
                line_start = true;
                i += 1;
                continue;
            }
            if c.is_ascii_alphanumeric() {
                // One scan finds the run of letters and digits; the byte after it says
                // whether a URL, spaced letters or in-word connectors need a closer look.
                let rest = &bytes[i..];
                let run = rest
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                let next = rest.get(run).copied();
                if starts_run(prev) && matches!(next, Some(b'.' | b':' | b'-')) && may_be_url(rest) {
                    if let Some(end) = self.url(text, i, out) {
                        i = end;
                        continue;
                    }
                }
                if run == 1 && matches!(next, Some(b' ' | b'.' | b'-' | b'*' | b'_')) {
                    if let Some(end) = spaced_letters(text, i) {
                        i = self.word(text, i..end, true, out);
                        continue;
                    }
                }
                // '.' and ',' join only digits ("1,200"); other connectors need the slow path.
                let joins = match next {
                    None => false,
                    Some(b'.' | b',') => {
                        rest[run - 1].is_ascii_digit() && rest.get(run + 1).is_some_and(u8::is_ascii_digit)
                    }
                    Some(b) => !b.is_ascii() || matches!(b, b'\'' | b'@' | b'$' | b'*'),
                };
                i = if !joins {
                    self.word(text, i..i + run, false, out)
                } else {
                    self.word_at(text, i, out)
                };
                continue;
            }
            if starts_run(prev) && may_be_url(&bytes[i..]) {
                if let Some(end) = self.url(text, i, out) {
                    i = end;
                    continue;
                }
            }
            if c.is_alphanumeric() {
                let separated = matches!(bytes.get(i + w), Some(b' ' | b'.' | b'-' | b'*' | b'_'));
                i = match separated.then(|| spaced_letters(text, i)).flatten() {
                    Some(end) => self.word(text, i..end, true, out),
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
                _ if is_symbol(c) => out.push_other(&text[i..i + w], i..i + w),
                _ => {}
            }
            i += w;
        }
    }

    /// Emits the URL starting at `i` (marker and domain), if there is one; returns its end.
    fn url(&self, text: &str, i: usize, out: &mut Analysis) -> Option<usize> {
        let (end, domain) = url_at(text, i)?;
        out.push_other(URL, i..end);
        if !domain.is_empty() {
            out.push_other(&domain, i..end);
        }
        Some(end)
    }

    /// Scans the word that starts at `start` (an alphanumeric character), following the
    /// in-word connectors, and emits it. Plain ASCII words take the fast path in `analyze`.
    fn word_at(&mut self, text: &str, start: usize, out: &mut Analysis) -> usize {
        let mut end = start;
        let mut prev = '\0';
        let mut it = text[start..].char_indices().peekable();
        while let Some((off, c)) = it.next() {
            let next = it.peek().map_or('\0', |&(_, n)| n);
            let keep = c.is_alphanumeric()
                || (is_zero_width(c) && (next.is_alphanumeric() || is_zero_width(next)))
                || (is_apostrophe(c) && prev.is_alphabetic() && next.is_alphabetic())
                || ((c == '@' || c == '$') && prev.is_alphanumeric() && (next.is_alphanumeric() || next == c))
                || ((c == '@' || c == '$') && prev == c)
                || (c == '*'
                    && (prev.is_alphanumeric() || prev == '*')
                    && (next.is_alphanumeric() || next == '*' || prev == '*'))
                || ((c == '.' || c == ',') && prev.is_ascii_digit() && next.is_ascii_digit());
            if !keep {
                break;
            }
            if !is_zero_width(c) {
                prev = c;
            }
            end = start + off + c.len_utf8();
        }
        self.word(text, start..end, false, out)
    }

    /// Normalizes the raw word `text[span]` and pushes its token(s); returns `span.end`.
    fn word(&mut self, text: &str, span: Range<usize>, spaced: bool, out: &mut Analysis) -> usize {
        let raw = &text[span.clone()];
        let end = span.end;
        // Most words are plain ASCII letters: no digits, leet or symbols to look at.
        let letters = raw.bytes().all(|b| b.is_ascii_alphabetic());
        if !letters && raw.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
            out.push_other(NUM, span);
            return end;
        }
        // NFKC and lowercase into the scratch buffer, dropping what never belongs in a word.
        let word = &mut self.word;
        word.clear();
        let plain = letters || raw.bytes().all(|b| b.is_ascii_alphanumeric());
        let fold = |c: char, word: &mut String| {
            // Terms never hold whitespace (NFKC can produce it): n-grams join terms with spaces.
            if is_zero_width(c) || is_apostrophe(c) || c.is_whitespace() || (spaced && !c.is_alphanumeric()) {
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
                out.push_other(NUM, span.start..span.start + raw_digits);
                word.drain(..digits);
                tail = span.start + raw_digits;
            }
            if word.contains('$') || word.contains('@') {
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
        match &self.stemmer {
            Some(s) => match self.stems.get(word.as_str()) {
                Some(stem) => out.arena.push_str(stem),
                None => {
                    let stem = s.stem(word);
                    out.arena.push_str(&stem);
                    if self.stems.len() >= STEM_CACHE_LIMIT {
                        self.stems.clear();
                    }
                    self.stems.insert(word.as_str().into(), stem.into());
                }
            },
            None => out.arena.push_str(word),
        }
        let term = surface.end..out.arena.len();
        out.tokens.push(Token {
            kind: Kind::Word,
            span: tail..end,
            surface,
            term,
        });
        end
    }
}

/// Cheap pre-check for [`url_at`]: a dot or a colon before the next whitespace.
fn may_be_url(rest: &[u8]) -> bool {
    rest.iter()
        .take_while(|b| !b.is_ascii_whitespace())
        .any(|&b| b == b'.' || b == b':')
}

/// Characters after which a new run (a URL) may start.
fn starts_run(prev: char) -> bool {
    prev.is_whitespace() || matches!(prev, '(' | '[' | '<' | '"' | '\'' | '“' | '‘' | ':' | ',')
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

/// Emoji and other pictographic symbols; not punctuation, not modifiers.
fn is_symbol(c: char) -> bool {
    let u = c as u32;
    u >= 0x2100
        && !c.is_alphanumeric()
        && !c.is_whitespace()
        && !(0x2000..=0x206F).contains(&u)
        && !(0xFE00..=0xFE0F).contains(&u)
        && !(0x1F3FB..=0x1F3FF).contains(&u)
        && !(0x3000..=0x303F).contains(&u)
        && u != 0xFEFF
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
        '5' | '$' => 's',
        '7' => 't',
        c => c,
    }
}

/// Shortens runs of three or more equal characters to two: `stuuupid` → `stuupid`.
fn shorten_runs(word: &mut String) {
    let mut run = 0;
    let mut prev = '\0';
    if !word.as_bytes().windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) && word.is_ascii() {
        return;
    }
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

/// `i d i o t`, `i.d.i.o.t`: three or more single letters joined by one separator each.
/// Returns the end of the last letter.
fn spaced_letters(text: &str, start: usize) -> Option<usize> {
    let mut letters = 0;
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    loop {
        let (off, c) = chars.next()?;
        if !c.is_alphabetic() {
            break;
        }
        letters += 1;
        end = start + off + c.len_utf8();
        match chars.next() {
            Some((_, ' ' | '.' | '-' | '*' | '_')) => {
                if !chars.peek().is_some_and(|&(_, n)| n.is_alphabetic()) {
                    break;
                }
            }
            Some((_, s)) if s.is_alphanumeric() => {
                if letters == 1 {
                    return None;
                }
                // The last "letter" starts a longer word: stop before it.
                end = end - c.len_utf8() - 1;
                letters -= 1;
                break;
            }
            _ => break,
        }
    }
    (letters >= 3).then_some(end)
}

const TLDS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "int", "mil", "io", "co", "uk", "us", "ca", "au", "nz", "ie", "de", "fr", "eu",
    "in", "info", "news", "tv", "me", "ly", "be", "nl", "es", "it", "ch", "se", "no", "dk", "fi", "pl", "ru", "ua",
    "jp", "cn", "kr", "br", "mx", "za", "at", "pt", "gr", "il", "sg", "hk", "ai", "app", "dev", "ngo", "gc",
];

/// A URL starting at `i`: its end and its domain (lowercase, without `www.`).
fn url_at(text: &str, i: usize) -> Option<(usize, String)> {
    let rest = &text[i..];
    let run_len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”'))
        .unwrap_or(rest.len());
    let mut run = &rest[..run_len];
    // Fast path: most runs are plain words, with no dot and no scheme.
    if !run.contains('.') && !run.contains("://") {
        return None;
    }
    run = run.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'', '’']);
    if run.len() < 4 {
        return None;
    }
    let lower_prefix =
        |p: &str| run.len() >= p.len() && run.is_char_boundary(p.len()) && run[..p.len()].eq_ignore_ascii_case(p);
    let (host_start, schemed) = if lower_prefix("https://") {
        (8, true)
    } else if lower_prefix("http://") {
        (7, true)
    } else {
        (0, false)
    };
    let after = &run[host_start..];
    let host = &after[..after.find(['/', '?', '#']).unwrap_or(after.len())];
    let host = host.split(':').next().unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    let valid_labels = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    let tld = labels.last().map(|t| t.to_ascii_lowercase()).unwrap_or_default();
    let www = host.len() > 4 && host.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("www."));
    let ok = if schemed {
        !host.is_empty()
    } else {
        valid_labels && (www || (TLDS.contains(&tld.as_str()) && labels[0].len() >= 2))
    };
    if !ok {
        return None;
    }
    let mut domain = host.to_ascii_lowercase();
    if domain.starts_with("www.") {
        domain.drain(..4);
    }
    Some((i + run.len(), domain))
}

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

    fn terms(text: &str) -> Vec<String> {
        let mut a = Analyzer::new(Some(Algorithm::English));
        let mut out = Analysis::default();
        a.analyze(text, &mut out);
        out.tokens.iter().map(|t| out.term(t).to_string()).collect()
    }

    fn spans(text: &str) -> Vec<&str> {
        let mut a = Analyzer::new(Some(Algorithm::English));
        let mut out = Analysis::default();
        a.analyze(text, &mut out);
        out.tokens.iter().map(|t| &text[t.span.clone()]).collect()
    }

    #[test]
    fn lowercases_and_stems() {
        assert_eq!(terms("The Talks were PRODUCTIVE"), ["the", "talk", "were", "product"]);
    }

    #[test]
    fn urls_become_marker_and_domain() {
        assert_eq!(
            terms("see https://www.Reuters.com/world/x-y?id=3."),
            ["see", URL, "reuters.com"]
        );
        assert_eq!(terms("per bbc.co.uk/news/123, yes"), ["per", URL, "bbc.co.uk", "yes"]);
        // Abbreviations and missing spaces after a period are not URLs.
        assert_eq!(terms("the U.S. said"), ["the", "u", "s", "said"]);
        assert_eq!(terms("e.g. war.Then"), ["e", "g", "war", "then"]);
    }

    #[test]
    fn numbers_quotes_replies_and_exclamations_get_markers() {
        assert_eq!(terms("1,200 units, 3.5% in 2025"), [NUM, "unit", NUM, "in", NUM]);
        assert_eq!(terms("a 5bn loan"), ["a", NUM, "bn", "loan"]);
        assert_eq!(
            terms("he said “no deal” today"),
            ["he", "said", QUOTE, "no", "deal", "today"]
        );
        assert_eq!(terms("> you idiot\n> really\nI disagree"), [REPLY, "i", "disagre"]);
        assert_eq!(terms("wow!!! ok!"), ["wow", EXCL, "ok"]);
    }

    #[test]
    fn obfuscation_is_undone() {
        assert_eq!(terms("you 1d10t"), ["you", "idiot"]);
        assert_eq!(terms("m0r0n"), ["moron"]);
        assert_eq!(terms("covid19 g7"), ["covid19", "g7"]);
        assert_eq!(terms("what an i d i o t"), ["what", "an", "idiot"]);
        assert_eq!(terms("i.d.i.o.t"), ["idiot"]);
        assert_eq!(terms("stuuuupid"), ["stuupid"]);
        assert_eq!(terms("a$$hole"), ["asshol"]);
        assert_eq!(terms("f***ing clown"), ["f**ing", "clown"]);
        assert_eq!(terms("id\u{200B}iot"), ["idiot"]);
        assert_eq!(terms("ｉｄｉｏｔ"), ["idiot"]);
        assert_eq!(terms("don’t"), ["dont"]);
    }

    #[test]
    fn emoji_are_tokens_and_spans_point_into_the_original() {
        assert_eq!(terms("ok 🙄"), ["ok", "🙄"]);
        let text = "Read “this”: https://x.org/a ÉTÉ";
        assert_eq!(
            spans(text),
            ["Read", "“", "this", "https://x.org/a", "https://x.org/a", "ÉTÉ"]
        );
    }

    #[test]
    fn fast_paths_agree_with_the_rules() {
        // Word ends: sentence punctuation, digits joined by '.' and ',', connectors.
        assert_eq!(terms("end. Next, 1,200. 3.5, ok"), ["end", "next", NUM, NUM, "ok"]);
        assert_eq!(terms("it's O'Neil"), ["it", "oneil"]);
        // URLs whose first label ends at '-', ':' or '.'.
        assert_eq!(terms("see my-site.com now"), ["see", URL, "my-site.com", "now"]);
        assert_eq!(terms("well-known"), ["well", "known"]);
        assert_eq!(terms("x: y"), ["x", "y"]);
        // Leading spaces and tabs on a reply-quote line.
        assert_eq!(terms("  \t> quoted\nmine"), [REPLY, "mine"]);
    }

    #[test]
    fn odd_inputs_never_panic_and_spans_stay_on_char_boundaries() {
        let odd = [
            "",
            " ",
            ">",
            "> ",
            "\n\n>",
            "\"",
            "“unbalanced",
            "http://",
            "https://x",
            "www.",
            "www.x",
            "...",
            "a.b.c.d.e",
            "1d10t.",
            "ﬁne ﬂow",
            "e\u{301}te\u{301}",
            "مرحبا بالعالم",
            "🙄👍🏽🔥‍",
            "\u{200B}",
            "x\u{200B}",
            "a\u{0}b",
            "𝔣𝔯𝔞𝔨𝔱𝔲𝔯",
            "i d i o t.",
            "$$$ @@@ ***",
            "5%",
            "1,2,3",
            "O'",
            "'s",
            "—–-",
            "a-",
            "-a",
            "www.bbc.co.uk/news/é?q=1#x",
            "Ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ",
            "日本語のテキスト",
            "!!!!!",
            "?!?!",
        ];
        let mut a = Analyzer::new(Some(Algorithm::English));
        let mut out = Analysis::default();
        for text in odd {
            a.analyze(text, &mut out);
            for t in &out.tokens {
                assert!(text.get(t.span.clone()).is_some(), "{text:?}: span {:?}", t.span);
                assert!(!out.term(t).is_empty(), "{text:?}: empty term");
                assert!(
                    !out.term(t).contains(char::is_whitespace),
                    "{text:?}: term {:?}",
                    out.term(t)
                );
            }
            for r in sentences(text) {
                assert!(text.get(r).is_some());
            }
        }
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(terms("a\u{0007}b\tc"), ["a", "b", "c"]);
    }

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
