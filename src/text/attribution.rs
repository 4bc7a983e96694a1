//! Stage 4: attribution. A claim backed by a named source reads "Rubio said ...", "the ONS
//! figures show ...", "according to Reuters ...", "X told reporters ...". The words differ
//! from comment to comment; what they share is a *capitalised name* next to a *reporting
//! verb*, and capitalisation is gone once words are lowercased. So this stage, on the
//! tokens and the original text, adds the marker [`ATTRIBUTION`] before such a verb (or
//! after "according to" / "per"), and the model learns one weight for every name.
//!
//! Pronouns, determiners and vague sources ("Experts say", "Studies show", "They said")
//! are not names: the rubric does not count them as sources.

use super::cache::{LEAD, NOT_NAME, VERB};
use super::{ATTRIBUTION, Analysis, Kind, Token};

/// Reporting verbs, as written (lowercase).
pub(super) const VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "tell",
    "reported",
    "reports",
    "report",
    "wrote",
    "writes",
    "write",
    "stated",
    "states",
    "announced",
    "announces",
    "testified",
    "testifies",
    "tweeted",
    "tweets",
    "confirmed",
    "confirms",
    "found",
    "finds",
    "shows",
    "showed",
    "show",
    "estimated",
    "estimates",
    "warned",
    "warns",
    "noted",
    "notes",
    "admitted",
    "admits",
    "insisted",
    "insists",
    "explained",
    "explains",
    "argued",
    "argues",
    "ruled",
    "rules",
    "concluded",
    "concludes",
    "published",
    "publishes",
];

/// Words that lead into a named source: "according to Reuters", "per the BBC".
pub(super) const LEADS: &[&str] = &["according", "per"];

/// Capitalised words that are not a checkable source (compared lowercase).
pub(super) const NOT_NAMES: &[&str] = &[
    "i",
    "you",
    "he",
    "she",
    "it",
    "we",
    "they",
    "my",
    "your",
    "his",
    "her",
    "our",
    "their",
    "its",
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "some",
    "many",
    "most",
    "all",
    "every",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "nobody",
    "anyone",
    "people",
    "experts",
    "expert",
    "scientists",
    "studies",
    "study",
    "research",
    "researchers",
    "sources",
    "source",
    "reports",
    "critics",
    "officials",
    "analysts",
    "others",
    "no",
    "one",
    "who",
    "what",
    "which",
    "when",
    "then",
    "so",
    "and",
    "but",
    "if",
    "as",
    "also",
    "just",
    "yes",
    "well",
    "friend",
    "friends",
    "mom",
    "dad",
    "science",
    "history",
    "everyone's",
    "media",
    "polls",
    "data",
    "numbers",
    "figures",
    "statistics",
    "stats",
    "facts",
    "god",
    "u",
    "ur",
    "ya",
    "y'all",
];

/// How many words before a verb (or after a lead) a name may stand: "The BBC says",
/// "Rachel Reeves said", "the ONS figures show".
const WINDOW: usize = 3;

/// Adds [`ATTRIBUTION`] markers to `out`, the analysis of `text`; `flags`, the union of its
/// tokens' flags (only words have any).
#[inline]
pub(super) fn mark(text: &str, out: &mut Analysis, flags: u8) {
    // Most texts have no reporting verb or lead at all: nothing to mark (checked where
    // inlined, the marking called only when needed).
    if flags & (VERB | LEAD) != 0 {
        mark_all(text, out);
    }
}

/// [`mark`] on a text with a reporting verb or a lead.
#[inline(never)]
fn mark_all(text: &str, out: &mut Analysis) {
    let mut marks: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    // The last `WINDOW` words before token `i`, most recent first.
    let mut before = [usize::MAX; WINDOW];
    for i in 0..out.tokens.len() {
        let t = &out.tokens[i];
        if t.kind != Kind::Word {
            continue;
        }
        if t.flags & VERB != 0 {
            let mut window = before.iter().copied().take_while(|&j| j != usize::MAX);
            if let Some(name) = window.find(|&j| is_name(text, out, j)) {
                if same_clause(text, &out.tokens[name], &out.tokens[i]) {
                    marks.push((i, out.tokens[name].span.start..out.tokens[i].span.end));
                }
            }
        } else if t.flags & LEAD != 0 {
            // The next `WINDOW` words (each token is walked over by at most that many leads).
            let mut window = (i + 1..out.tokens.len())
                .filter(|&j| out.tokens[j].kind == Kind::Word)
                .take(WINDOW);
            if let Some(name) = window.find(|&j| is_name(text, out, j)) {
                if same_clause(text, &out.tokens[i], &out.tokens[name]) {
                    marks.push((i, out.tokens[i].span.start..out.tokens[name].span.end));
                }
            }
        }
        before.rotate_right(1);
        before[0] = i;
    }
    if marks.is_empty() {
        return;
    }
    // Insert each marker before the token that triggered it, keeping token order: the
    // markers are pushed at the end, then the tokens after each moved up in place, from
    // the last (a new vector per text cost more than finding the marks).
    let old_len = out.tokens.len();
    for (_, span) in &marks {
        out.push_other(ATTRIBUTION, span.clone());
    }
    let markers = out.tokens.split_off(old_len);
    out.tokens.extend(markers.iter().cloned());
    // `w - r` is the number of markers not yet placed: writes at `w` never reach a token
    // not yet moved (all below `r`).
    let (mut w, mut r) = (out.tokens.len(), old_len);
    for ((at, _), marker) in marks.iter().zip(markers).rev() {
        while r > *at {
            r -= 1;
            w -= 1;
            out.tokens[w] = out.tokens[r].clone();
        }
        w -= 1;
        out.tokens[w] = marker;
    }
}

/// A capitalised word that is not a pronoun, determiner or vague source.
fn is_name(text: &str, out: &Analysis, i: usize) -> bool {
    let t: &Token = &out.tokens[i];
    text[t.span.clone()].chars().next().is_some_and(char::is_uppercase) && t.flags & NOT_NAME == 0
}

/// No sentence or clause break (`.`, `;`, `?`, `!`, a line break) between two tokens.
fn same_clause(text: &str, first: &Token, second: &Token) -> bool {
    let between = text.get(first.span.end..second.span.start).unwrap_or("");
    !between.contains(['.', ';', '?', '!', '\n'])
}

#[cfg(test)]
mod tests {
    use super::super::{Analysis, Analyzer, Language};

    #[test]
    fn markers_go_before_their_verbs_and_leads_in_order() {
        // A marker before the first token (a lead's), before each of four verbs in a row
        // and before the last token but one, moved into place by one pass from the end.
        let mut a = Analyzer::new(Some(Language::English));
        let mut out = Analysis::default();
        let text = "According to Reuters Rubio said Smith says Jones told Kim reported";
        a.analyze(text, &mut out);
        assert_eq!(
            super::super::terms_at(&out),
            [
                "__attrib__@0..20",
                "accord@0..9",
                "to@10..12",
                "reuter@13..20",
                "rubio@21..26",
                "__attrib__@21..31",
                "said@27..31",
                "smith@32..37",
                "__attrib__@32..42",
                "say@38..42",
                "jone@43..48",
                "__attrib__@43..53",
                "told@49..53",
                "kim@54..57",
                "__attrib__@54..66",
                "report@58..66",
            ]
        );
    }
}
