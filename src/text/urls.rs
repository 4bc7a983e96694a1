//! URLs in the raw text: a marker and the domain.
//!
//! The scanner asks about URLs at many positions of one run of non-blank text, so the
//! searches that look ahead to the end of the run (for whitespace, a dot, a slash, ...)
//! are cached: each answers for every position up to its match, which keeps the whole
//! pass linear in the text even for a megabyte without a space (`(a.(a.(a....`).

use std::ops::Range;

use super::find_any;

const TLDS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "int", "mil", "io", "co", "uk", "us", "ca", "au", "nz", "ie", "de", "fr", "eu",
    "in", "info", "news", "tv", "me", "ly", "be", "nl", "es", "it", "ch", "se", "no", "dk", "fi", "pl", "ru", "ua",
    "jp", "cn", "kr", "br", "mx", "za", "at", "pt", "gr", "il", "sg", "hk", "ai", "app", "dev", "ngo", "gc",
];

/// Cached look-ahead searches for one pass over one text; positions only move forward in a
/// pass, and a search from a position before the cached one is simply redone.
#[derive(Debug, Default)]
pub(super) struct UrlScanner {
    ascii_space: NextMatch,
    dot_or_colon: NextMatch,
    dot: NextMatch,
    scheme: NextMatch,
    run_end: NextMatch,
    host_end: NextMatch,
    /// (run end, the trimmed end found for it, searched down to this start).
    trimmed: Option<(usize, usize, usize)>,
}

/// The first match at or after `from` is at `at`, so it is also the first at or after
/// any position in `from..=at`.
#[derive(Debug, Default, Clone, Copy)]
struct NextMatch {
    from: usize,
    at: usize,
    known: bool,
}

impl NextMatch {
    fn find(&mut self, i: usize, search: impl FnOnce(usize) -> usize) -> usize {
        if !(self.known && self.from <= i && i <= self.at) {
            *self = NextMatch {
                from: i,
                at: search(i),
                known: true,
            };
        }
        self.at
    }
}

/// Characters that end a run of non-blank text for URL purposes.
fn ends_run(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”')
}

/// The first position at or after `i` (a character boundary) where a character that ends a
/// run starts ([`ends_run`]), or the end of `text`; decodes only non-ASCII characters.
fn find_run_end(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut k = i;
    while let Some(&b) = bytes.get(k) {
        if b.is_ascii() {
            // The ASCII characters of `ends_run`: `char::is_whitespace` is 9 to 13 and space.
            if matches!(b, b'\t'..=b'\r' | b' ' | b'<' | b'>' | b'"') {
                return k;
            }
            k += 1;
        } else {
            let c = text[k..].chars().next().unwrap_or(' ');
            if ends_run(c) {
                return k;
            }
            k += c.len_utf8();
        }
    }
    bytes.len()
}

/// Trailing characters that are punctuation around a URL, not part of it.
fn is_trailing(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'' | '’')
}

impl UrlScanner {
    /// Cheap pre-check for [`UrlScanner::url_at`]: a dot or a colon before the next ASCII
    /// whitespace.
    pub(super) fn may_be_url(&mut self, text: &str, i: usize) -> bool {
        let bytes = text.as_bytes();
        // `u8::is_ascii_whitespace`: tab, line feed, form feed, carriage return, space.
        let space = self.ascii_space.find(i, |i| {
            find_any(&bytes[i..], [b'\t', b'\n', 0x0C, b'\r', b' ']).map_or(bytes.len(), |p| i + p)
        });
        let mark = self.dot_or_colon.find(i, |i| {
            find_any(&bytes[i..], [b'.', b':']).map_or(bytes.len(), |p| i + p)
        });
        mark < space
    }

    /// A URL starting at `i`: its end and the span of its domain in `text` (without
    /// `www.`; lowercase it).
    pub(super) fn url_at(&mut self, text: &str, i: usize) -> Option<(usize, Range<usize>)> {
        let bytes = text.as_bytes();
        let run_end = self.run_end.find(i, |i| find_run_end(text, i));
        // Fast path: most runs are plain words, with no dot and no scheme.
        let dot = self
            .dot
            .find(i, |i| find_any(&bytes[i..], [b'.']).map_or(bytes.len(), |p| i + p));
        if dot >= run_end {
            let scheme = self.scheme.find(i, |i| {
                let mut k = i;
                while let Some(p) = find_any(&bytes[k..], [b':']) {
                    if bytes[k + p..].starts_with(b"://") {
                        return k + p;
                    }
                    k += p + 1;
                }
                text.len()
            });
            if scheme + 3 > run_end {
                return None;
            }
        }
        let end = self.trimmed_end(text, i, run_end);
        let run = &text[i..end];
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
        let h0 = i + host_start;
        let sep = self.host_end.find(h0, |h| {
            find_any(&bytes[h..], [b'/', b'?', b'#']).map_or(bytes.len(), |p| h + p)
        });
        let host = &text[h0..sep.min(end)];
        let host = if schemed {
            // Only the part before a port; it must not be empty.
            let host = host.split(':').next().unwrap_or(host);
            if host.is_empty() {
                return None;
            }
            host
        } else {
            // Labels of letters, digits and '-', joined by single dots, at least two;
            // stops at the first character that cannot be in one (the run may be long).
            let mut labels = 1;
            let (mut label_start, mut first_len) = (0, None);
            let mut host_len = host.len();
            for (k, &b) in host.as_bytes().iter().enumerate() {
                match b {
                    b':' => {
                        host_len = k;
                        break;
                    }
                    b'.' => {
                        if k == label_start {
                            return None;
                        }
                        first_len.get_or_insert(k - label_start);
                        labels += 1;
                        label_start = k + 1;
                    }
                    b if b.is_ascii_alphanumeric() || b == b'-' => {}
                    _ => return None,
                }
            }
            let host = &host[..host_len];
            if labels < 2 || label_start == host.len() {
                return None;
            }
            let tld = host[label_start..].to_ascii_lowercase();
            let www = host.len() > 4 && host.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("www."));
            let first_len = first_len.unwrap_or(host.len());
            if !(www || (TLDS.contains(&tld.as_str()) && first_len >= 2)) {
                return None;
            }
            host
        };
        let www = host.len() >= 4 && host.as_bytes()[..4].eq_ignore_ascii_case(b"www.");
        let start = h0 + if www { 4 } else { 0 };
        Some((end, start..h0 + host.len()))
    }

    /// The end of `text[i..run_end]` without its trailing punctuation.
    fn trimmed_end(&mut self, text: &str, i: usize, run_end: usize) -> usize {
        match self.trimmed {
            // Trimming stopped above `floor` at a character that stays, or reached `floor`:
            // from any later start, the answer is the same, or the start itself.
            Some((r, t, floor)) if r == run_end && floor <= i => t.max(i),
            _ => {
                let t = i + text[i..run_end].trim_end_matches(is_trailing).len();
                self.trimmed = Some((run_end, t, i));
                t
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The straightforward version the scanner replaced (quadratic on long runs): the oracle.
    /// A URL starting at `i`: its end and its domain (lowercase, without `www.`).
    pub(super) fn url_at(text: &str, i: usize) -> Option<(usize, String)> {
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

    fn check_all_positions(text: &str) {
        let mut scanner = UrlScanner::default();
        for (i, _) in text.char_indices() {
            let got = scanner
                .url_at(text, i)
                .map(|(end, domain)| (end, text[domain].to_ascii_lowercase()));
            assert_eq!(got, url_at(text, i), "{text:?} at {i}");
            // What the scanner relies on to ask only at letters, digits and `-`.
            let first = text.as_bytes()[i];
            if !first.is_ascii_alphanumeric() && first != b'-' {
                assert_eq!(got, None, "{text:?} at {i}");
            }
            let rest = &text.as_bytes()[i..];
            let may = rest
                .iter()
                .take_while(|b| !b.is_ascii_whitespace())
                .any(|&b| b == b'.' || b == b':');
            assert_eq!(scanner.may_be_url(text, i), may, "{text:?} at {i}");
        }
    }

    #[test]
    fn matches_the_reference_on_examples() {
        for text in [
            "see https://www.Reuters.com/world/x-y?id=3.",
            "per bbc.co.uk/news/123, yes",
            "(http://example.org/a_b) and [www.gov.uk]",
            "www.x www. https:// http://:80 https://a:b/c x.co.uk.... a..b.com",
            "WWW.EXAMPLE.COM, e.g. U.S. war.Then ab.cd.",
            "“https://x.org/a” ’bbc.com’ <a.com> ab.com’’",
            "host:port.com/x a.b:c.com ab-c.io -a.io",
            "ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ é.com ab.c\u{e9}",
        ] {
            check_all_positions(text);
        }
    }

    #[test]
    fn run_ends_are_found_as_by_characters() {
        let mut text = String::from("ab");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            text.truncate(2);
            text.push(c);
            text.push('x');
            let want = text.find(ends_run).unwrap_or(text.len());
            assert_eq!(find_run_end(&text, 0), want, "{c:?}");
            assert_eq!(find_run_end(&text, 2), want.max(2), "{c:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn matches_the_reference(parts in proptest::collection::vec(prop_oneof![
            Just("."), Just(":"), Just("/"), Just("?"), Just("#"), Just("-"), Just(" "), Just("("),
            Just(","), Just("'"), Just("’"), Just("”"), Just("\""), Just("www"), Just("https://"),
            Just("HTTP://"), Just("com"), Just("co"), Just("uk"), Just("a"), Just("bb"), Just("é"),
            Just("\n"), Just(")"), Just("!"),
        ], 0..30)) {
            check_all_positions(&parts.concat());
        }
    }
}
