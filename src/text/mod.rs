//! The text pipeline (the *analyzer*): one pass over a comment that turns it into terms.
//!
//! Stages, in the order the code runs them (each token keeps the byte span of its source
//! in the original text, so explanations can point back at it):
//!
//! 0. **markup** ([`markup`]), only on text that has some: HTML entities decoded, `<br>`
//!    and `<p>` end lines, `<blockquote>` lines become reply-quote lines, `<a href>` becomes
//!    its link, other known tags are dropped, and a space goes before a link glued to the
//!    word before it (`herehttps://...`). Spans map back to the original text.
//! 1. **scan and split** ([`scan`]): spaces and tabs separate; a line whose first
//!    non-blank character is `>` (a reply quote, someone else's words) is skipped, unmarked;
//!    a URL, recognised on the raw ASCII text ([`urls`]; so a full-width URL is *not* one),
//!    becomes the marker `__url__` plus its domain (`bbc.co.uk`); the opening of a quoted
//!    span gets `__quote__`; runs of `!!` become `__excl__`; emoji and other pictographs
//!    become tokens of their own; letters spelled out with one separator throughout
//!    (`i d i o t`, `m.o.r.o.n`, `id-i-ot`) are joined into one word, and dotted initials
//!    (`U.S.`, `e.g.`) into one abbreviation that keeps its dots (`u.s`, not the word "us");
//!    a word is a run of letters, digits and combining marks with the in-word connectors
//!    (apostrophes between letters, `@ $ *` inside a word, zero-width characters, `.` and
//!    `,` between digits); everything else (punctuation, control characters) is dropped.
//! 2. **fold each word** ([`fold`]): a run of digits, `.` and `,` becomes `__num__`; then,
//!    per word, Unicode NFKC (non-ASCII words only; after splitting, which is why the
//!    scanner sees full-width text as it is), lowercase, zero-width characters, apostrophes
//!    and whitespace dropped; Cyrillic and Greek look-alike letters in a word that mixes
//!    them with Latin ones read as Latin, accents on Latin letters dropped (`idiöt` →
//!    `idiot`); de-obfuscation: digits between letters read as letters (`1d10t` → `idiot`),
//!    `$` and `@` as `s` and `a` (`a$$` → `ass`), a leading number split off as `__num__`
//!    (`5bn` → `__num__ bn`), runs of three or more equal characters shortened to two
//!    (`stuuupid` → `stuupid`).
//! 3. **stem** ([`stem`]): Snowball, by `rust-stemmers`, with the model's [`Language`];
//!    stems are cached per thread.
//! 4. **attribution** ([`attribution`]): `__attrib__` before a reporting verb with a
//!    capitalised name just before it ("Rubio said", "the ONS figures show") and after
//!    "according to" or "per" with a name just after it.
//!
//! The featurizer then joins terms into word n-grams (and optionally character n-grams of
//! the folded words).
//!
//! Any change to what this pipeline produces for some input must bump
//! [`ANALYZER_VERSION`]: a model file records the version it was trained with and is
//! refused by a build with another one. The golden-terms test below fails on any change.

use std::ops::Range;
use std::sync::Arc;

mod attribution;
mod cache;
mod fold;
mod identity;
mod markup;
mod scan;
mod scope;
mod stem;
mod urls;

pub(crate) use cache::{NO_ENTRY, SHORT as SHORT_KEY_BYTES, short_key};
pub(crate) use scan::Analyzer;
pub use stem::Language;

/// Version of the text pipeline. Stored in every model file; a model trained with another
/// version is refused on load, because it would featurize text differently.
///
/// - 1: the first pipeline (claimscore 0.1).
/// - 2: markup stage, abbreviations, spelled-out fragments, look-alike letters and
///   accents, attribution markers; reply quotes no longer marked.
pub const ANALYZER_VERSION: u32 = 2;

/// Marker for a URL; followed by a token holding the URL's domain.
pub(crate) const URL: &str = "__url__";
/// Marker at the opening of a quoted span.
pub(crate) const QUOTE: &str = "__quote__";
/// The term of every identity word (see [`identity`]).
pub(crate) const GROUP: &str = "__group__";
/// Marker for a named source next to a reporting verb ("Rubio said", "according to Reuters").
pub(crate) const ATTRIBUTION: &str = "__attrib__";
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
    /// Which of `surface` ([`SURFACE_SHARED`]) and `term` ([`TERM_SHARED`]) lie in the word
    /// cache's text ([`Analysis::words`]) rather than in [`Analysis::arena`].
    shared: u8,
    /// What later stages ask of a word's surface ([`cache::listed`]); 0 for other tokens.
    pub(super) flags: u8,
    /// The analyzer's word-cache entry whose term this token carries after
    /// [`Token::prefix`], or [`NO_ENTRY`] (not cached).
    pub entry: u32,
    /// The prefix put before a cached word's term: an index into [`PREFIXES`] (in the
    /// padding of the struct: no bigger for it).
    pub prefix: u8,
}

/// [`Token::prefix`]: none, or the ones scope marking puts before a term.
pub(crate) const PREFIXES: [&str; 3] = ["", "neg_", "q_"];

/// [`Token::shared`]: the surface is in [`Analysis::words`].
const SURFACE_SHARED: u8 = 1;
/// [`Token::shared`]: the term is in [`Analysis::words`].
const TERM_SHARED: u8 = 2;

/// The tokens of one text. Reused between texts so scoring allocates only when it grows.
#[derive(Debug, Default, Clone)]
pub(crate) struct Analysis {
    /// Text of the tokens made for this text alone.
    arena: String,
    /// The word cache's text, where the surfaces and terms of cached words are, shared
    /// rather than copied for each word; `None` while the analyzer adds to it.
    words: Option<Arc<String>>,
    pub tokens: Vec<Token>,
}

impl Analysis {
    fn text(&self, shared: bool) -> &str {
        match (shared, &self.words) {
            (true, Some(words)) => words,
            _ => &self.arena,
        }
    }

    /// The lowercased, normalized text of a word token (before stemming).
    pub fn surface(&self, t: &Token) -> &str {
        &self.text(t.shared & SURFACE_SHARED != 0)[t.surface.clone()]
    }

    /// The term a token contributes: a stem, a marker, a domain or an emoji.
    pub fn term(&self, t: &Token) -> &str {
        &self.text(t.shared & TERM_SHARED != 0)[t.term.clone()]
    }

    fn clear(&mut self) {
        self.arena.clear();
        self.tokens.clear();
        self.words = None;
    }

    /// Gives token `i` the term `PREFIXES[p]` + its term (`neg_idiot`, `q_vermin`); `p` is
    /// 1 or 2.
    #[inline]
    fn prefix_term(&mut self, i: usize, p: usize) {
        let t = &self.tokens[i];
        let (term, shared) = (t.term.clone(), t.shared & TERM_SHARED != 0);
        let start = self.arena.len();
        self.arena.push_str(PREFIXES[p]);
        match (shared, &self.words) {
            (true, Some(words)) => self.arena.push_str(&words[term]),
            _ => self.arena.extend_from_within(term),
        }
        let t = &mut self.tokens[i];
        t.term = start..self.arena.len();
        t.shared &= !TERM_SHARED;
        // Still the cached word's term, after a known prefix: its entry says which.
        if t.prefix == 0 && p > 0 {
            t.prefix = p as u8;
        } else {
            t.entry = NO_ENTRY;
        }
    }

    /// Lowercases (ASCII) the term of the last token, one in [`Analysis::arena`].
    fn lowercase_last_term(&mut self) {
        if let Some(t) = self.tokens.last() {
            debug_assert_eq!(t.shared, 0);
            self.arena[t.term.clone()].make_ascii_lowercase();
        }
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
            shared: 0,
            flags: 0,
            entry: NO_ENTRY,
            prefix: 0,
        });
    }
}
/// The position of the first byte of `bytes` that is one of `targets`, looking at eight
/// bytes per step (a byte-at-a-time search was a large part of the stages that look for a
/// few rare bytes: quotation marks, markup).
#[inline]
pub(super) fn find_any<const N: usize>(bytes: &[u8], targets: [u8; N]) -> Option<usize> {
    find_first::<N, false>(bytes, targets)
}

/// The position of the first byte of `bytes` that is one of `targets` or not ASCII, as
/// [`find_any`].
#[inline]
pub(super) fn find_any_or_high<const N: usize>(bytes: &[u8], targets: [u8; N]) -> Option<usize> {
    find_first::<N, true>(bytes, targets)
}

/// [`find_any`], and with `HIGH` also stopping at the first byte that is not ASCII.
#[inline]
fn find_first<const N: usize, const HIGH: bool>(bytes: &[u8], targets: [u8; N]) -> Option<usize> {
    const HI: u64 = 0x8080_8080_8080_8080;
    first_flagged(
        bytes,
        // A byte with the high bit set is flagged by itself.
        |x| {
            targets
                .iter()
                .fold(if HIGH { x & HI } else { 0 }, |h, &t| h | lanes_equal(x, t))
        },
        |b| (HIGH && !b.is_ascii()) || targets.contains(&b),
    )
}

/// The position of the first byte of `bytes` that `byte` accepts, eight bytes per step:
/// `lanes(x)` of eight bytes read as a little-endian `u64` sets the high bit of (at least)
/// the first lane `byte` accepts and of none before it, as [`lanes_equal`]'s tests do.
#[inline]
pub(super) fn first_flagged(bytes: &[u8], lanes: impl Fn(u64) -> u64, byte: impl Fn(u8) -> bool) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let hits = lanes(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks.remainder().iter().position(|&b| byte(b)).map(|p| at + p)
}

/// The high bit of each byte of `x` that equals `t`, and maybe of some bytes above (in
/// little-endian order) one that does: the lowest bit set is exact, the first match.
#[inline]
pub(super) fn lanes_equal(x: u64, t: u8) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // A zero byte of `x ^ t` is a byte equal to `t`; the borrow of the subtraction can
    // only flag bytes above a zero byte.
    let v = x ^ (LO * t as u64);
    v.wrapping_sub(LO) & !v & HI
}

/// Characters that never change a word, but can hide one (`id\u{200B}iot`).
pub(crate) fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

/// Each token of `analysis` as `term@start..end` (its byte span): how the tests read an
/// analysis.
#[cfg(test)]
pub(super) fn terms_at(analysis: &Analysis) -> Vec<String> {
    analysis
        .tokens
        .iter()
        .map(|t| format!("{}@{}..{}", analysis.term(t), t.span.start, t.span.end))
        .collect()
}

/// Calls `f` with every string of `lengths` characters over `alphabet`, each after
/// `prefix`: the exhaustive tests of the byte-level fast paths against the rules they
/// replace.
#[cfg(test)]
pub(super) fn every_string(
    prefix: &str,
    alphabet: &[char],
    lengths: std::ops::RangeInclusive<u32>,
    f: impl FnMut(&str),
) {
    let pieces: Vec<String> = alphabet.iter().map(char::to_string).collect();
    every_concatenation(prefix, &pieces, lengths, f);
}

/// Calls `f` with every concatenation of `lengths` pieces of `pieces` (repeats allowed),
/// each after `prefix`: [`every_string`] over pieces longer than a character.
#[cfg(test)]
pub(crate) fn every_concatenation(
    prefix: &str,
    pieces: &[impl AsRef<str>],
    lengths: std::ops::RangeInclusive<u32>,
    mut f: impl FnMut(&str),
) {
    let mut text = String::new();
    for n in lengths {
        for mut code in 0..pieces.len().pow(n) {
            text.clear();
            text.push_str(prefix);
            for _ in 0..n {
                text.push_str(pieces[code % pieces.len()].as_ref());
                code /= pieces.len();
            }
            f(&text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut a = Analyzer::new(Some(Language::English));
        let mut out = Analysis::default();
        a.analyze(text, &mut out);
        out.tokens.iter().map(|t| out.term(t).to_string()).collect()
    }

    fn spans(text: &str) -> Vec<&str> {
        let mut a = Analyzer::new(Some(Language::English));
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
        assert_eq!(terms("the U.S. said"), ["the", "u.s", "said"]);
        assert_eq!(terms("e.g. war.Then"), ["e.g", "war", "then"]);
    }

    #[test]
    fn numbers_quotes_replies_and_exclamations_get_markers() {
        assert_eq!(terms("1,200 units, 3.5% in 2025"), ["unit", "in"]);
        assert_eq!(terms("a 5bn loan"), ["a", "bn", "loan"]);
        assert_eq!(
            terms("he said “no deal” today"),
            ["he", "said", QUOTE, "no", "q_deal", "today"]
        );
        assert_eq!(terms("> you idiot\n> really\nI disagree"), ["i", "disagre"]);
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
        assert_eq!(terms("end. Next, 1,200. 3.5, ok"), ["end", "next", "ok"]);
        assert_eq!(terms("it's O'Neil"), ["it", "oneil"]);
        // URLs whose first label ends at '-', ':' or '.'.
        assert_eq!(terms("see my-site.com now"), ["see", URL, "my-site.com", "now"]);
        assert_eq!(terms("well-known"), ["well", "known"]);
        assert_eq!(terms("x: y"), ["x", "y"]);
        // Leading spaces and tabs on a reply-quote line.
        assert_eq!(terms("  \t> quoted\nmine"), ["mine"]);
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
        let mut a = Analyzer::new(Some(Language::English));
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
            for r in crate::sentences::sentences(text) {
                assert!(text.get(r).is_some());
            }
        }
    }

    #[test]
    fn an_analysis_kept_from_an_earlier_text_keeps_its_terms() {
        // Cached words' text is shared with the analyses: the analyzer adds new words to it
        // while an analysis of an earlier text still holds a share.
        let mut a = Analyzer::new(Some(Language::English));
        let (mut first, mut second) = (Analysis::default(), Analysis::default());
        let terms = |out: &Analysis| -> Vec<String> {
            out.tokens
                .iter()
                .map(|t| format!("{}/{}", out.surface(t), out.term(t)))
                .collect()
        };
        a.analyze("Nobody said the talks were productive", &mut first);
        let want = terms(&first);
        a.analyze(
            "the talks were never productive, say \"critics\" everywhere",
            &mut second,
        );
        assert_eq!(terms(&first), want);
        assert_eq!(
            terms(&second),
            [
                "the/the",
                "talks/talk",
                "were/were",
                "never/never",
                "productive/neg_product",
                "say/say",
                "__quote__/__quote__",
                "critics/q_critic",
                "everywhere/everywher"
            ]
        );
        a.analyze("Nobody said the talks were productive", &mut second);
        assert_eq!(terms(&second), want);
    }

    #[test]
    fn find_any_is_the_first_match() {
        // Every position of a target in texts of 0 to 19 bytes, among bytes next to the
        // targets and with the high bit set (where the zero-byte test could err).
        let filler = [0u8, 1, b'!', b'#', 0x7F, 0x80, 0xE1, 0xE3, 0xFF, b'a'];
        for len in 0..20 {
            for &fill in &filler {
                let mut bytes = vec![fill; len];
                assert_eq!(find_any(&bytes, [b'"', 0xE2]), None);
                for at in 0..len {
                    for t in [b'"', 0xE2] {
                        bytes[at] = t;
                        assert_eq!(find_any(&bytes, [b'"', 0xE2]), Some(at), "{bytes:?}");
                        // A later match does not hide the first.
                        if at + 1 < len {
                            bytes[len - 1] = b'"';
                            assert_eq!(find_any(&bytes, [b'"', 0xE2]), Some(at), "{bytes:?}");
                            bytes[len - 1] = fill;
                        }
                        bytes[at] = fill;
                    }
                }
            }
        }
    }

    #[test]
    fn find_any_or_high_is_the_first_match() {
        // Every position of a target or a non-ASCII byte in texts of 0 to 19 bytes.
        let filler = [0u8, 1, b'!', b'#', b'&', 0x7F, b'a', b'\'' - 1, b'"' + 1];
        let found = [b'"', b'\'', 0x80, 0xE2, 0xFF];
        for len in 0..20 {
            for &fill in &filler {
                let mut bytes = vec![fill; len];
                assert_eq!(find_any_or_high(&bytes, [b'"', b'\'']), None);
                for at in 0..len {
                    for t in found {
                        bytes[at] = t;
                        assert_eq!(find_any_or_high(&bytes, [b'"', b'\'']), Some(at), "{bytes:?}");
                        for later in found {
                            if at + 1 < len {
                                bytes[len - 1] = later;
                                assert_eq!(find_any_or_high(&bytes, [b'"', b'\'']), Some(at), "{bytes:?}");
                                bytes[len - 1] = fill;
                            }
                        }
                        bytes[at] = fill;
                    }
                }
            }
        }
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(terms("a\u{0007}b\tc"), ["a", "b", "c"]);
    }

    /// Golden terms and spans of tricky inputs. This test fails on any change in
    /// tokenization. Change it deliberately: update the expectations *and* bump
    /// [`ANALYZER_VERSION`], since models trained before the change featurize differently.
    /// (Print the new values with `cargo test golden_terms -- --nocapture`.)
    #[test]
    fn golden_terms() {
        let golden = GOLDEN;
        let mut a = Analyzer::new(Some(Language::English));
        let mut out = Analysis::default();
        let mut failures = Vec::new();
        for &(text, want) in golden {
            a.analyze(text, &mut out);
            let got = super::terms_at(&out).join(" ");
            if got != want {
                failures.push(format!("        ({text:?}, {got:?}),"));
            }
        }
        assert!(
            failures.is_empty(),
            "tokenization changed (bump ANALYZER_VERSION if deliberate):\n{}",
            failures.join("\n")
        );
    }

    const GOLDEN: &[(&str, &str)] = &[
        (
            "See https://www.Reuters.com/world/x-y?id=3.",
            "see@0..3 __url__@4..42 reuters.com@4..42",
        ),
        (
            "per bbc.co.uk/news/123, yes",
            "per@0..3 __url__@4..22 bbc.co.uk@4..22 yes@24..27",
        ),
        (
            "(http://example.org/a_b) and [www.gov.uk]",
            "__url__@1..23 example.org@1..23 and@25..28 __url__@30..40 gov.uk@30..40",
        ),
        (
            "ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ full-width URL",
            "https@0..15 ：@15..18 ／@18..21 ／@21..24 exampl@24..45 ．@45..48 com@48..57 full@58..62 width@63..68 url@69..72",
        ),
        (
            "ＦＵＬＬ\u{3000}ＷＩＤＴＨ\u{3000}ｗｏｒｄｓ ｉｄｉｏｔ",
            "full@0..12 width@15..30 word@33..48 idiot@49..64",
        ),
        (
            "the U.S. said e.g. war.Then",
            "the@0..3 u.s@4..7 said@9..13 e.g@14..17 war@19..22 then@23..27",
        ),
        (
            "Mr. Smith vs. Dr. Jones, Jan. 5",
            "mr@0..2 smith@4..9 vs@10..12 dr@14..16 jone@18..23 jan@25..28",
        ),
        (
            "1,200 units, 3.5% in 2025; $40bn and 5bn",
            "unit@6..11 in@18..20 bn@30..32 and@33..36 bn@38..40",
        ),
        (
            "3rd place, covid19, g7, 1990s",
            "rd@1..3 place@4..9 covid19@11..18 g7@20..22 s@28..29",
        ),
        ("-42 +7 1/2 10:30 1e9", "e9@18..20"),
        ("you 1d10t m0r0n", "you@0..3 idiot@4..9 moron@10..15"),
        (
            "what an i d i o t, i.d.i.o.t and s-t-u-p-i-d",
            "what@0..4 an@5..7 idiot@8..17 idiot@19..28 and@29..32 stupid@33..44",
        ),
        ("stuuuupid sooooo goooood", "stuupid@0..9 soo@10..16 good@17..24"),
        (
            "a$$hole f***ing sh!t @ss",
            "asshol@0..7 f**ing@8..15 shit@16..20 ss@22..24",
        ),
        (
            "id\u{200b}iot and soft\u{ad}hyphen",
            "idiot@0..8 and@9..12 softhyphen@13..25",
        ),
        (
            "don’t it's O'Neil rock ’n’ roll",
            "dont@0..7 neg_it@8..12 neg_oneil@13..19 neg_rock@20..24 n@28..29 roll@33..37",
        ),
        ("> you are an idiot\n> really\nI disagree", "i@28..29 disagre@30..38"),
        ("  \t> quoted\nmine\n>> nested\nback", "mine@12..16 back@27..31"),
        (
            "he said “no deal” today, \"twice\" «non»",
            "he@0..2 said@3..7 __quote__@8..11 no@11..13 q_deal@14..18 today@22..27 __quote__@29..30 q_twice@30..35 __quote__@37..39 non@39..42",
        ),
        ("wow!!! ok! really?!?!", "wow@0..3 __excl__@3..6 ok@7..9 realli@11..17"),
        (
            "ok 🙄👍🏽🔥 ❤\u{fe0f} 🇺🇸",
            "ok@0..2 🙄@3..7 👍@7..11 🔥@15..19 ❤@20..23 🇺@27..31 🇸@31..35",
        ),
        (
            "Read “this”: https://x.org/a ÉTÉ",
            "read@0..4 __quote__@5..8 q_this@8..12 __url__@17..32 x.org@17..32 ete@33..38",
        ),
        (
            "&amp; &lt;b&gt; &#8220;quoted&#8221; &nbsp;",
            "b@10..11 __quote__@16..23 quot@23..29",
        ),
        (
            "<b>bold</b> <a href=\"https://x.com\">link</a>",
            "bold@3..7 __url__@21..34 x.com@21..34 link@36..40",
        ),
        (
            "@user #hashtag u/name r/news",
            "user@1..5 hashtag@7..14 u@15..16 name@17..21 r@22..23 news@24..28",
        ),
        (
            "email me at joe@example.com",
            "email@0..5 me@6..8 at@9..11 joeaexampl@12..23 com@24..27",
        ),
        (
            "CAPS LOCK RAGE and MiXeD CaSe",
            "caps@0..4 lock@5..9 rage@10..14 and@15..18 mix@19..24 case@25..29",
        ),
        (
            "naïve café résumé coöperate",
            "naiv@0..6 cafe@7..12 resum@13..21 cooper@22..32",
        ),
        ("e\u{301}te\u{301} (decomposed)", "ete@0..7 decompos@9..19"),
        ("ﬁne ﬂow ① ² ㎏", "fine@0..5 flow@6..11 ㎏@19..22"),
        (
            "мир Привет Straße ΣΊΣΥΦΟΣ",
            "мир@0..6 привет@7..19 straße@20..27 σίσυφοσ@28..42",
        ),
        ("日本語のテキスト 中文", "日本語のテキスト@0..24 中文@25..31"),
        ("مرحبا بالعالم", "مرحبا@0..10 بالعالم@11..25"),
        ("𝔣𝔯𝔞𝔨𝔱𝔲𝔯 𝐁𝐨𝐥𝐝", "fraktur@0..28 bold@29..45"),
        ("a\u{7}b\tc\0d", "a@0..1 b@2..3 c@4..5 d@6..7"),
        (
            "well-known self-made x: y",
            "well@0..4 known@5..10 self@11..15 made@16..20 x@21..22 y@24..25",
        ),
        ("#1 No.1 no. 1", "no@3..5 no@8..10"),
        ("...  --  ***  $$$ @@@", ""),
        (
            "Prices in the U.S. rose; the U.K. and E.U. too, at 7 p.m. (U.S.A.)",
            "price@0..6 in@7..9 the@10..13 u.s@14..17 rose@19..23 the@25..28 u.k@29..32 and@34..37 e.u@38..41 too@43..46 at@48..50 p.m@53..56 u.s.a@59..64",
        ),
        (
            "What a m.o.r.o.n, an id-i-ot, a s-t-u-p-i-d co-op x-ray",
            "what@0..4 a@5..6 moron@7..16 an@18..20 idiot@21..28 a@30..31 stupid@32..43 co@44..46 op@47..49 x@50..51 ray@52..55",
        ),
        (
            "іdіоt ΙDΙΟΤ idiöt sh!t d!ckhead wow!! ok!",
            "idiot@0..8 idiot@9..18 idiot@19..25 shit@26..30 dickhead@31..39 wow@40..43 __excl__@43..45 ok@46..48",
        ),
        (
            "The ONS figures say it fell. Rubio said so. Experts say no. He said yes.",
            "the@0..3 ons@4..7 figur@8..15 __attrib__@4..19 say@16..19 it@20..22 fell@23..27 rubio@29..34 __attrib__@29..39 said@35..39 so@40..42 expert@44..51 say@52..55 no@56..58 he@60..62 said@63..67 yes@68..71",
        ),
        (
            "According to Reuters, per the BBC, Rachel Reeves told reporters",
            "__attrib__@0..20 accord@0..9 to@10..12 reuter@13..20 __attrib__@22..33 per@22..25 the@26..29 bbc@30..33 rachel@35..41 reev@42..48 __attrib__@42..53 told@49..53 report@54..63",
        ),
        (
            "&gt; you idiot\nPlease keep it civil; it&#39;s fine &amp; done",
            "pleas@15..21 keep@22..26 it@27..29 civil@30..35 it@37..45 fine@46..50 done@57..61",
        ),
        (
            "<blockquote>you idiot</blockquote>The BBC reported it.<br>Next line",
            "the@34..37 bbc@38..41 __attrib__@38..50 report@42..50 it@51..53 next@58..62 line@63..67",
        ),
        (
            "<a href=\"https://www.reuters.com/x\">Reuters</a> and [BBC](https://bbc.co.uk/n)",
            "__url__@9..34 reuters.com@9..34 reuter@36..43 and@48..51 bbc@53..56 __url__@58..77 bbc.co.uk@58..77",
        ),
        (
            "fell.Source:https://ons.gov.uk/x linkhttps://x.org/a Source->https://y.org,source=who.int/m",
            "fell@0..4 sourc@5..11 __url__@12..32 ons.gov.uk@12..32 link@33..37 __url__@37..52 x.org@37..52 sourc@53..59 __url__@61..91 y.org,source=who.int@61..91",
        ),
        (
            "Nobody here is an idiot, you are. Calling them 'vermin' is wrong; don't",
            "nobodi@0..6 neg_here@7..11 neg_is@12..14 neg_an@15..17 neg_idiot@18..23 you@25..28 are@29..32 call@34..41 them@42..46 q_vermin@48..54 is@56..58 wrong@59..64 dont@66..71",
        ),
        (
            "I <3 it and a < b > c",
            "i@0..1 it@5..7 and@8..11 a@12..13 b@16..17 c@20..21",
        ),
        ("", ""),
        ("\"", "__quote__@0..1"),
    ];
}
