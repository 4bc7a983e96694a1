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
pub(super) fn mark(text: &str, out: &mut Analysis, flags: u8) {
    // Most texts have no reporting verb or lead at all: nothing to mark.
    if flags & (VERB | LEAD) == 0 {
        return;
    }
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
    // Insert each marker before the token that triggered it, keeping token order.
    let capacity = out.tokens.len() + marks.len();
    let tokens = std::mem::replace(&mut out.tokens, Vec::with_capacity(capacity));
    let mut marks = marks.into_iter().peekable();
    for (i, t) in tokens.into_iter().enumerate() {
        if let Some((_, span)) = marks.next_if(|(at, _)| *at == i) {
            out.push_other(ATTRIBUTION, span);
        }
        out.tokens.push(t);
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
