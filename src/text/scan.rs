//! Stage 1: scan the raw text and split it into words, markers and symbols.

use super::stem::{Language, StemCache};
use super::urls::UrlScanner;
use super::{Analysis, EXCL, QUOTE, REPLY, URL, is_apostrophe, is_zero_width};

/// Runs the pipeline. Holds the stemmer of the model's [`Language`].
#[derive(Clone)]
pub(crate) struct Analyzer {
    /// Scratch for the word being folded.
    pub(super) word: String,
    pub(super) stems: StemCache,
}

impl Analyzer {
    pub fn new(language: Option<Language>) -> Self {
        Analyzer {
            word: String::new(),
            stems: StemCache::new(language),
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
        let mut urls = UrlScanner::default();
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
                if starts_run(prev) && matches!(next, Some(b'.' | b':' | b'-')) && urls.may_be_url(text, i) {
                    if let Some(end) = self.url(text, i, &mut urls, out) {
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
            if starts_run(prev) && urls.may_be_url(text, i) {
                if let Some(end) = self.url(text, i, &mut urls, out) {
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
    fn url(&self, text: &str, i: usize, urls: &mut UrlScanner, out: &mut Analysis) -> Option<usize> {
        let (end, domain) = urls.url_at(text, i)?;
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
}

/// Characters after which a new run (a URL) may start.
fn starts_run(prev: char) -> bool {
    prev.is_whitespace() || matches!(prev, '(' | '[' | '<' | '"' | '\'' | '“' | '‘' | ':' | ',')
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
