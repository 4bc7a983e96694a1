//! Stage 0: markup. Comments copied from web pages carry HTML (`&gt;` for a reply quote,
//! `<a href="...">Reuters</a>`, `<br>`), and links are often glued to the word before them
//! (`herehttps://...`, `Source->https://...`). This stage rewrites such text into what a
//! reader sees, before scanning, and keeps a map from each rewritten byte back to the
//! original, so token spans still point into the text the caller gave.
//!
//! - HTML entities are decoded (`&gt;` → `>`, `&#39;` → `'`, `&nbsp;` → a space);
//! - `<br>`, `<p>` and `<div>` end a line; `<blockquote>` lines become reply-quote lines
//!   (`> ...`), whose words are someone else's;
//! - `<a href="URL">text</a>` becomes `URL text`, so the link is seen as one;
//! - other tags of a known set (`<b>`, `<i>`, `<span ...>`, ...) are dropped; anything else
//!   that starts with `<` (`<3`, `a < b`, `<https://...>`) is left as it is;
//! - a space goes before `http://`, `https://` and `www.` glued to a letter or to
//!   punctuation that cannot start a link.
//!
//! Text with no `&`, `<`, `://` or `www.` is not touched (the common case, checked first).

use std::ops::Range;

/// The rewritten text and, for each of its bytes, the original span it came from.
#[derive(Debug, Default, Clone)]
pub(super) struct Markup {
    text: String,
    /// The map back, one entry per piece of the rewritten text, by where it starts in it
    /// (a map per byte cost more than the rest of the rewrite).
    pieces: Vec<Piece>,
}

/// A piece of [`Markup::text`], from byte `at` to the next piece's start.
#[derive(Debug, Clone, Copy)]
struct Piece {
    at: usize,
    /// The original span of each byte of the piece: `from..to` for a replacement (an
    /// entity's character, a line break for a tag), `from + k..from + k + 1` for byte `k` of
    /// text copied as it is.
    from: usize,
    to: usize,
    copied: bool,
}

/// Tags that are dropped; the ones that break lines and quote are handled apart.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "em", "font", "i", "img", "q", "s", "small", "span", "strike", "strong", "sub",
    "sup", "u",
];
const LINE_TAGS: &[&str] = &["br", "p", "div", "li", "ul", "ol", "hr"];

impl Markup {
    /// The rewritten text of the last successful [`Markup::rewrite`].
    pub fn text(&self) -> &str {
        &self.text
    }

    /// [`Markup::original_near`] without a hint.
    #[cfg(test)]
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        self.original_near(r, &mut 0)
    }

    /// Maps `spans`, in increasing order (a text's tokens), back to the original text: one
    /// call per text, with [`Markup::original_near`] inlined in its loop.
    pub fn map_back<'a>(&self, spans: impl Iterator<Item = &'a mut Range<usize>>) {
        let mut hint = 0;
        for r in spans {
            *r = self.original_near(r.clone(), &mut hint);
        }
    }

    /// The original span of the rewritten span `r`.
    ///
    /// Spans are on character boundaries of the rewritten text (the scanner's are), so a
    /// character copied as it is maps back byte for byte. `hint` is the piece where the
    /// last call ended (0 at first): spans asked in increasing order (a text's tokens) are
    /// found a few pieces on from it rather than by a binary search each.
    #[inline]
    pub fn original_near(&self, r: Range<usize>, hint: &mut usize) -> Range<usize> {
        // Most spans (words) lie within one piece copied as it is: mapped back by one
        // offset, with one piece search rather than two.
        if r.start < r.end && r.end <= self.text.len() {
            let i = self.piece_at(r.start, hint);
            let p = self.pieces[i];
            if p.copied && self.pieces.get(i + 1).is_none_or(|next| r.end <= next.at) {
                return p.from + (r.start - p.at)..p.from + (r.end - p.at);
            }
        }
        let start = if r.start < self.text.len() {
            self.byte_span(r.start, hint).start
        } else {
            self.end()
        };
        let end = match r.end.checked_sub(1) {
            Some(last) if r.end > r.start => self.byte_span(last, hint).end.max(start),
            _ => start,
        };
        start..end
    }

    /// The original span of byte `k` of the rewritten text; `hint` as in
    /// [`Markup::original_near`].
    fn byte_span(&self, k: usize, hint: &mut usize) -> Range<usize> {
        let p = self.pieces[self.piece_at(k, hint)];
        if p.copied {
            let from = p.from + (k - p.at);
            from..from + 1
        } else {
            p.from..p.to
        }
    }

    /// The last piece that starts at or before byte `k` (there is one: the first starts at
    /// 0); `hint` as in [`Markup::original_near`].
    #[inline(always)]
    fn piece_at(&self, k: usize, hint: &mut usize) -> usize {
        // A few steps on from `hint`, else (behind it, or far ahead) by binary search.
        let mut i = *hint;
        let mut steps = 0;
        if self.pieces.get(i).is_some_and(|p| p.at <= k) {
            while steps < 8 && self.pieces.get(i + 1).is_some_and(|p| p.at <= k) {
                i += 1;
                steps += 1;
            }
        } else {
            steps = 8;
        }
        if steps == 8 {
            i = self.pieces.partition_point(|p| p.at <= k) - 1;
        }
        *hint = i;
        i
    }

    fn end(&self) -> usize {
        match self.text.len() {
            0 => 0,
            n => self.byte_span(n - 1, &mut 0).end,
        }
    }

    /// Rewrites `raw` into [`Markup::text`] when it holds markup or glued links; returns
    /// whether it did (when not, scan `raw` itself).
    #[inline]
    pub fn rewrite(&mut self, raw: &str) -> bool {
        // The check inlined into the analysis, the rewrite called only when needed.
        needs_rewrite(raw) && {
            self.rewrite_all(raw);
            true
        }
    }

    /// [`Markup::rewrite`] once the check said yes.
    #[inline(never)]
    fn rewrite_all(&mut self, raw: &str) {
        self.text.clear();
        self.pieces.clear();
        let bytes = raw.as_bytes();
        let mut i = 0;
        let mut in_blockquote = false;
        let mut line_start = true;
        while i < raw.len() {
            let b = bytes[i];
            if b == b'&' {
                if let Some((c, len)) = entity_at(&raw[i..]) {
                    let c = if c == '\u{a0}' { ' ' } else { c };
                    self.push_char(c, i, i + len);
                    line_start = false;
                    i += len;
                    continue;
                }
            } else if b == b'<' {
                if let Some(tag) = tag_at(&raw[i..]) {
                    let end = i + tag.len;
                    match tag.kind {
                        TagKind::Line => {
                            self.push_str("\n", i, end);
                            line_start = true;
                        }
                        TagKind::BlockquoteOpen => {
                            in_blockquote = true;
                            if !line_start {
                                self.push_str("\n", i, i);
                            }
                            self.push_str("> ", i, end);
                            line_start = false;
                        }
                        TagKind::BlockquoteClose => {
                            in_blockquote = false;
                            self.push_str("\n", i, end);
                            line_start = true;
                        }
                        TagKind::Link(href) => {
                            let href = i + href.start..i + href.end;
                            self.push_str(" ", i, i);
                            self.push_str(&raw[href.clone()], href.start, href.end);
                            self.push_str(" ", end, end);
                        }
                        TagKind::Inline => {}
                    }
                    i = end;
                    continue;
                }
            } else if b == b'\n' {
                self.push_str("\n", i, i + 1);
                i += 1;
                line_start = true;
                if in_blockquote {
                    self.push_str("> ", i, i);
                    line_start = false;
                }
                continue;
            } else if b.is_ascii() && !may_start_link(&bytes[i..]) {
                // A run of ASCII that nothing above applies to, and where no glued link
                // starts: copied as it is, byte for byte.
                let run = plain_run(&bytes[i..]);
                self.copy(raw, i..i + run);
                if !bytes[i..i + run].iter().all(|&b| (b as char).is_whitespace()) {
                    line_start = false;
                }
                i += run;
                continue;
            } else if glued_link_at(raw, i) {
                self.push_str(" ", i, i);
            }
            let c = raw[i..].chars().next().unwrap_or(' ');
            let w = c.len_utf8();
            self.copy(raw, i..i + w);
            if !c.is_whitespace() {
                line_start = false;
            }
            i += w;
        }
    }

    /// Appends `s`, every byte of it standing for the original `from..to`.
    fn push_str(&mut self, s: &str, from: usize, to: usize) {
        if s.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            at: self.text.len(),
            from,
            to,
            copied: false,
        });
        self.text.push_str(s);
    }

    /// Appends `raw[r]` as it is; it continues the last piece when that was copied from
    /// just before `r`.
    fn copy(&mut self, raw: &str, r: Range<usize>) {
        let at = self.text.len();
        let continues = self
            .pieces
            .last()
            .is_some_and(|p| p.copied && p.from + (at - p.at) == r.start);
        if !continues {
            self.pieces.push(Piece {
                at,
                from: r.start,
                to: r.start,
                copied: true,
            });
        }
        self.text.push_str(&raw[r]);
    }

    fn push_char(&mut self, c: char, from: usize, to: usize) {
        let mut buf = [0u8; 4];
        self.push_str(c.encode_utf8(&mut buf), from, to);
    }
}

/// Cheap check that `raw` has something to rewrite.
#[inline]
fn needs_rewrite(raw: &str) -> bool {
    // One pass for `&`, `<` and the start of `://` or `www.` (two substring searches and
    // a byte search cost more than the rest of the analysis of a tweet's markup check).
    let b = raw.as_bytes();
    let mut link = false;
    let mut i = 0;
    while let Some(k) = markup_candidate(&b[i..]) {
        i += k;
        match b[i] {
            b'&' | b'<' => return true,
            b':' => link |= b[i + 1..].starts_with(b"//"),
            // `www.` found at its dot.
            b'.' => link |= i >= 3 && &b[i - 3..i] == b"www",
            _ => {}
        }
        i += 1;
    }
    if !link {
        return false;
    }
    // Only where `http` or `www` starts (any case) can a glued link start.
    let mut i = 0;
    while let Some(k) = super::find_any(&b[i..], [b'h', b'H', b'w', b'W']) {
        i += k;
        if glued_link_at(raw, i) {
            return true;
        }
        i += 1;
    }
    false
}

/// The position of the first byte of `bytes` that is `&`, `.`, `:` or `<` (or `8` or `>`,
/// which share their test with the last two), eight bytes at a time: two tests, where
/// `&`, `<`, `:` and `w` took four (`&` and `.` differ in one bit, `:` and `<` in two).
#[inline]
fn markup_candidate(bytes: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    super::first_flagged(
        bytes,
        // With those bits set, `&` and `.` read `.`, and `8 : < >` read `>`; the lowest
        // flagged byte of each test is exact (see `lanes_equal`).
        |x| super::lanes_equal(x | (LO * 0x08), b'.') | super::lanes_equal(x | (LO * 0x06), b'>'),
        |b| b | 0x08 == b'.' || b | 0x06 == b'>',
    )
}

/// The length of the run of ASCII at the start of `rest` (its first byte taken as part of
/// it) that holds no `&`, `<` or line break and where no link may start
/// ([`may_start_link`]); looks at eight bytes per step.
fn plain_run(rest: &[u8]) -> usize {
    const HI: u64 = 0x8080_8080_8080_8080;
    const CASE: u64 = 0x2020_2020_2020_2020;
    let stops = |b: u8| !b.is_ascii() || matches!(b, b'&' | b'<' | b'\n');
    let mut run = 1;
    loop {
        // Find the next byte that stops the run or may (`h`, `w`, any case).
        let Some(chunk) = rest.get(run..run + 8) else {
            let tail = rest[run..]
                .iter()
                .position(|&b| stops(b) || matches!(b | 0x20, b'h' | b'w'))
                .map_or(rest.len(), |p| run + p);
            if tail == rest.len() || stops(rest[tail]) || may_start_link(&rest[tail..]) {
                return tail;
            }
            run = tail + 1;
            continue;
        };
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let (eq, folded) = (super::lanes_equal, x | CASE);
        let hits = (x & HI) | eq(x, b'&') | eq(x, b'<') | eq(x, b'\n') | eq(folded, b'h') | eq(folded, b'w');
        if hits == 0 {
            run += 8;
            continue;
        }
        let at = run + (hits.trailing_zeros() / 8) as usize;
        if stops(rest[at]) || may_start_link(&rest[at..]) {
            return at;
        }
        run = at + 1;
    }
}

/// Whether `rest` starts with `http` or `www.` (any case): where [`glued_link_at`] may
/// say yes.
fn may_start_link(rest: &[u8]) -> bool {
    match rest.first().map(|b| b | 0x20) {
        Some(b'h') => rest.len() >= 4 && rest[..4].eq_ignore_ascii_case(b"http"),
        Some(b'w') => rest.len() >= 4 && rest[..4].eq_ignore_ascii_case(b"www."),
        _ => false,
    }
}

/// A link scheme or `www.` starts at `i` right after a character that cannot start one.
fn glued_link_at(raw: &str, i: usize) -> bool {
    if i == 0 || !raw.is_char_boundary(i) {
        return false;
    }
    let rest = &raw.as_bytes()[i..];
    let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    if !(starts(b"http://") || starts(b"https://") || starts(b"www.")) {
        return false;
    }
    let prev = raw[..i].chars().next_back().unwrap_or(' ');
    let can_start_link = prev.is_whitespace()
        || matches!(prev, '(' | '[' | '<' | '"' | '\'' | '“' | '‘' | ':' | ',' | '/' | '=')
        || (prev == '.' && starts(b"www."));
    !can_start_link
}

/// The character an HTML entity at the start of `s` stands for, and the entity's length.
pub(crate) fn entity_at(s: &str) -> Option<(char, usize)> {
    // Decimal references (`&#8220;`, `&#128514;`: nearly all of the tweets' entities) read
    // in one pass; the same character as the general path below gives them.
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (mut code, mut k) = (0u32, 2);
        // At most 9 digits (the `;` within the first 12 bytes): no overflow.
        while k < 11 && b.get(k).is_some_and(u8::is_ascii_digit) {
            code = code * 10 + (b[k] - b'0') as u32;
            k += 1;
        }
        if k > 2 && b.get(k) == Some(&b';') {
            let c = char::from_u32(code).filter(|c| !c.is_control() || *c == '\n')?;
            return Some((c, k + 1));
        }
    }
    let end = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let name = s.get(1..end)?;
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control() || *c == '\n')?
        }
    };
    Some((c, end + 1))
}

struct Tag {
    len: usize,
    kind: TagKind,
}

enum TagKind {
    Line,
    BlockquoteOpen,
    BlockquoteClose,
    /// `<a href=...>`: the href's span within the tag.
    Link(Range<usize>),
    Inline,
}

/// An HTML tag of a known name at the start of `s` (`<b>`, `</a>`, `<br/>`,
/// `<a href="...">`); anything else is not a tag.
fn tag_at(s: &str) -> Option<Tag> {
    let close = s.as_bytes().iter().take(2048).position(|&b| b == b'>')?;
    let inner = &s[1..close];
    if inner.contains(['<', '\n']) {
        return None;
    }
    let (closing, body) = match inner.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, inner),
    };
    let body = body.strip_suffix('/').unwrap_or(body);
    let name_len = body.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(body.len());
    let name = body[..name_len].to_ascii_lowercase();
    let attrs = &body[name_len..];
    if name.is_empty() || !(attrs.is_empty() || attrs.starts_with(char::is_whitespace)) {
        return None;
    }
    let kind = if name == "blockquote" {
        if closing {
            TagKind::BlockquoteClose
        } else {
            TagKind::BlockquoteOpen
        }
    } else if LINE_TAGS.contains(&name.as_str()) {
        TagKind::Line
    } else if name == "a" && !closing {
        match href(attrs) {
            Some(r) => {
                let offset = 1 + name_len;
                TagKind::Link(r.start + offset..r.end + offset)
            }
            None => TagKind::Inline,
        }
    } else if INLINE_TAGS.contains(&name.as_str()) {
        TagKind::Inline
    } else {
        return None;
    };
    Some(Tag { len: close + 1, kind })
}

/// The span of the `href` value within a tag's attributes.
fn href(attrs: &str) -> Option<Range<usize>> {
    let lower = attrs.to_ascii_lowercase();
    let at = lower.find("href")?;
    let rest = &attrs[at + 4..];
    let eq = rest.find('=')?;
    if !rest[..eq].trim().is_empty() {
        return None;
    }
    let value = &rest[eq + 1..];
    let lead = value.len() - value.trim_start().len();
    let value = value.trim_start();
    let start = at + 4 + eq + 1 + lead;
    match value.chars().next()? {
        q @ ('"' | '\'') => {
            let len = value[1..].find(q)?;
            Some(start + 1..start + 1 + len)
        }
        _ => {
            let len = value.find(char::is_whitespace).unwrap_or(value.len());
            Some(start..start + len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(s: &str) -> Option<String> {
        let mut m = Markup::default();
        m.rewrite(s).then(|| m.text().to_string())
    }

    #[test]
    fn plain_text_is_not_touched() {
        assert_eq!(rewrite("plain text, see https://x.org and www.bbc.co.uk"), None);
    }

    #[test]
    fn entities_and_tags() {
        assert_eq!(rewrite("&gt; you idiot\nfine").unwrap(), "> you idiot\nfine");
        assert_eq!(
            rewrite("it&#39;s &quot;ok&quot; &amp; done").unwrap(),
            "it's \"ok\" & done"
        );
        assert_eq!(rewrite("a<br>b<br/>c").unwrap(), "a\nb\nc");
        assert_eq!(rewrite("<b>bold</b> <i>it</i>").unwrap(), "bold it");
        assert_eq!(rewrite("I <3 it, a < b").unwrap(), "I <3 it, a < b");
        assert_eq!(rewrite("&bogus; &#0; & x").unwrap(), "&bogus; &#0; & x");
    }

    #[test]
    fn blockquotes_become_reply_lines() {
        assert_eq!(
            rewrite("<blockquote>you idiot\nreally</blockquote>Please keep it civil").unwrap(),
            "> you idiot\n> really\nPlease keep it civil"
        );
        assert_eq!(rewrite("Quote: <blockquote>x</blockquote>").unwrap(), "Quote: \n> x\n");
    }

    #[test]
    fn anchors_become_their_link_and_text() {
        assert_eq!(
            rewrite("<a href=\"https://www.reuters.com/x\">Reuters</a> reported it").unwrap(),
            " https://www.reuters.com/x Reuters reported it"
        );
    }

    #[test]
    fn glued_links_get_a_space() {
        assert_eq!(rewrite("linkhttps://x.org/a").unwrap(), "link https://x.org/a");
        assert_eq!(rewrite("Source->https://x.org").unwrap(), "Source-> https://x.org");
        assert_eq!(rewrite("see:https://x.org").unwrap_or_default(), "");
    }

    #[test]
    fn the_markup_check_agrees_with_its_first_form() {
        // `needs_rewrite` as it was, searching for `&`, `<`, `:` and `w`.
        let reference = |raw: &str| {
            let b = raw.as_bytes();
            let link = (0..b.len()).any(|i| b[i..].starts_with(b"://") || b[i..].starts_with(b"www."));
            b.contains(&b'&')
                || b.contains(&b'<')
                || link && (0..b.len()).any(|i| matches!(b[i], b'h' | b'H' | b'w' | b'W') && glued_link_at(raw, i))
        };
        let alphabet = ['&', '<', ':', '/', 'w', 'W', '.', '8', '>', 'a', '.', ' ', 'é', '0'];
        let mut checked = 0;
        for prefix in ["", "http", "www", "linkhttps", "x ww", "xxxxxxxxxxxxx"] {
            super::super::every_string(prefix, &alphabet, 0..=5, |text| {
                assert_eq!(needs_rewrite(text), reference(text), "{text:?}");
                checked += 1;
            });
        }
        assert!(checked > 1_000_000, "{checked}");
    }

    #[test]
    fn markup_candidates_are_the_first_such_byte() {
        for len in 0..20 {
            for fill in [
                b'a', b'w', b'/', b'0', b'9', 0x80, 0xFF, b'-', b'$', b'=', b';', b'?', b'\'',
            ] {
                let mut bytes = vec![fill; len];
                assert_eq!(markup_candidate(&bytes), None, "{bytes:?}");
                for at in 0..len {
                    for t in [b'&', b'.', b':', b'<', b'8', b'>'] {
                        bytes[at] = t;
                        assert_eq!(markup_candidate(&bytes), Some(at), "{bytes:?}");
                        bytes[at] = fill;
                    }
                }
            }
        }
    }

    #[test]
    fn plain_runs_end_where_the_byte_loop_ended() {
        // The loop `plain_run` replaced.
        let reference = |rest: &[u8]| {
            let mut run = 1;
            while let Some(&b) = rest.get(run) {
                let link = matches!(b | 0x20, b'h' | b'w') && may_start_link(&rest[run..]);
                if !b.is_ascii() || matches!(b, b'&' | b'<' | b'\n') || link {
                    break;
                }
                run += 1;
            }
            run
        };
        let parts = [
            "a", "h", "H", "w", "W", "http", "HTTPS", "www.", "Www", "&", "<", "\n", "é", " ", "xyz",
        ];
        super::super::every_concatenation("", &parts, 1..=5, |text| {
            let bytes = text.as_bytes();
            for i in 0..bytes.len() {
                assert_eq!(plain_run(&bytes[i..]), reference(&bytes[i..]), "{text:?} at {i}");
            }
        });
    }

    #[test]
    fn spans_map_back_the_same_from_any_hint() {
        let raw =
            "x &amp;&eacute;t&eacute;&amp; <b>a</b>&lt;&gt; b&amp;c&amp;d&amp;e&amp;f&amp;g&amp;h&amp;i&amp;j&amp;k y";
        let mut m = Markup::default();
        assert!(m.rewrite(raw));
        // The last piece at or before each byte, by a binary search of its own.
        let byte = |k: usize| {
            let p = m.pieces[m.pieces.partition_point(|p| p.at <= k) - 1];
            if p.copied {
                p.from + (k - p.at)..p.from + (k - p.at) + 1
            } else {
                p.from..p.to
            }
        };
        let t = m.text().to_owned();
        let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
        assert!(m.pieces.len() > 20, "{}", m.pieces.len());
        let mut hint = 0;
        let mut checked = 0;
        // Every span, in increasing order and then by decreasing start, one hint for all.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (x, &a) in bounds.iter().enumerate() {
            spans.extend(bounds[x + 1..].iter().map(|&b| (a, b)));
        }
        let backwards: Vec<(usize, usize)> = spans.iter().rev().copied().collect();
        for (a, b) in spans.into_iter().chain(backwards) {
            let start = if a < t.len() { byte(a).start } else { m.end() };
            let want = start..byte(b - 1).end.max(start);
            assert_eq!(m.original_near(a..b, &mut hint), want, "{a}..{b}");
            assert_eq!(m.original(a..b), want, "{a}..{b}");
            checked += 1;
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn decimal_entities_read_as_by_the_general_path() {
        // `entity_at` without its path for decimal references.
        let reference = |s: &str| -> Option<(char, usize)> {
            let end = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
            let code = s.get(1..end)?.strip_prefix('#')?;
            let code = match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse().ok()?,
            };
            let c = char::from_u32(code).filter(|c| !c.is_control() || *c == '\n')?;
            Some((c, end + 1))
        };
        let alphabet = ['0', '1', '9', ';', '#', '+', 'x', 'a', 'é'];
        let mut checked = 0;
        for prefix in ["&#", "&#1", "&#10", "&#5528", "&#12851", "&#1114111", "&#99999999"] {
            super::super::every_string(prefix, &alphabet, 0..=5, |text| {
                assert_eq!(entity_at(text), reference(text), "{text:?}");
                checked += 1;
            });
        }
        assert!(checked > 400_000, "{checked}");
        assert_eq!(entity_at("&#8220;x"), Some(('“', 7)));
        assert_eq!(entity_at("&#10;"), Some(('\n', 5)));
        assert_eq!(entity_at("&#9;"), None);
    }

    #[test]
    fn spans_map_back_to_the_original() {
        let raw = "a &amp; <b>bc</b> dhttps://x.org";
        let mut m = Markup::default();
        assert!(m.rewrite(raw));
        let t = m.text();
        assert_eq!(t, "a & bc d https://x.org");
        let find = |s: &str| {
            let at = t.find(s).unwrap();
            at..at + s.len()
        };
        assert_eq!(&raw[m.original(find("&"))], "&amp;");
        assert_eq!(&raw[m.original(find("bc"))], "bc");
        assert_eq!(&raw[m.original(find("https://x.org"))], "https://x.org");
        assert_eq!(&raw[m.original(find("a & bc"))], "a &amp; <b>bc");
    }
}
