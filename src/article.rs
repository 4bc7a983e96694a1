//! The article a comment answers, prepared once: its word TF-IDF row, its content words,
//! and a suffix automaton of its words for the longest run a comment shares with it.
//!
//! The three article-context features, all in `[0, 1]`, and all linear in the lengths of
//! the comment and the article:
//! - `article:cosine`: cosine of the comment's and the article's word TF-IDF rows;
//! - `article:shared_words`: share of the comment's content words (3+ letters, not a stop
//!   word) found in the article;
//! - `article:quoted_run`: the longest run of consecutive words the comment shares with the
//!   article, divided by 10, at most 1.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::sparse::SparseVec;
use crate::text::{Analysis, Kind, Token};

/// Names of the article-context features, in layout order.
pub(crate) const CONTEXT_FEATURES: [&str; 3] = ["article:cosine", "article:shared_words", "article:quoted_run"];

/// A quoted run this long or longer gives the largest `article:quoted_run` value.
const FULL_RUN: usize = 10;

/// An article prepared once and reused for all its comments.
#[derive(Debug, Clone, Default)]
pub(crate) struct ArticleContext {
    /// The article's word-block TF-IDF row.
    pub words: SparseVec,
    content: FxHashSet<String>,
    runs: SuffixAutomaton,
}

impl ArticleContext {
    /// `words` is the article's word-block row; `a` its analysis.
    pub fn new(words: SparseVec, a: &Analysis) -> Self {
        let content = a
            .tokens
            .iter()
            .filter(|t| is_content(a, t))
            .map(|t| a.term(t).to_string())
            .collect();
        let runs = SuffixAutomaton::new(word_hashes(a));
        ArticleContext { words, content, runs }
    }

    /// The three context values for a comment's analysis, given its cosine to the article.
    pub fn values(&self, a: &Analysis, cosine: f64) -> [f64; 3] {
        let (mut content, mut shared) = (0usize, 0usize);
        for t in a.tokens.iter().filter(|t| is_content(a, t)) {
            content += 1;
            shared += self.content.contains(a.term(t)) as usize;
        }
        let shared = if content == 0 {
            0.0
        } else {
            shared as f64 / content as f64
        };
        let run = self.runs.longest_common_run(word_hashes(a), FULL_RUN);
        [cosine, shared, (run as f64 / FULL_RUN as f64).min(1.0)]
    }
}

fn word_hashes(a: &Analysis) -> impl Iterator<Item = u64> + '_ {
    a.tokens
        .iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| hash(a.term(t)))
}

const STOPWORDS: &[&str] = &[
    "about", "after", "again", "all", "also", "and", "any", "are", "because", "been", "before", "being", "between",
    "both", "but", "can", "could", "did", "does", "doing", "down", "during", "each", "few", "for", "from", "had",
    "has", "have", "having", "her", "here", "hers", "him", "his", "how", "into", "its", "just", "more", "most", "not",
    "now", "off", "once", "only", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "some",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "too", "under", "until", "very", "was", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your", "yours",
];

fn is_content(a: &Analysis, t: &Token) -> bool {
    t.kind == Kind::Word && {
        let s = a.surface(t);
        s.len() >= 3 && !STOPWORDS.contains(&s)
    }
}

fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// The suffix automaton of a sequence of word hashes: every run of consecutive words of
/// the article is a path from the root. Built in linear time; a comment is matched against
/// it in linear time (instead of the quadratic longest-common-substring table). All
/// transitions live in one map and one edge list, so building allocates a few large
/// buffers rather than one map per state.
#[derive(Debug, Clone, Default)]
struct SuffixAutomaton {
    states: Vec<State>,
    /// (state, word) → index into `edges`.
    transitions: FxHashMap<(u32, u64), u32>,
    edges: Vec<Edge>,
}

#[derive(Debug, Clone, Copy)]
struct State {
    /// Length of the longest run that ends in this state.
    len: u32,
    /// Suffix link; `None` at the root.
    link: Option<u32>,
    /// The state's first outgoing edge (a list threaded through `Edge::next`).
    first_edge: Option<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    word: u64,
    target: u32,
    next: Option<u32>,
}

impl SuffixAutomaton {
    fn new(seq: impl Iterator<Item = u64>) -> Self {
        let mut sam = SuffixAutomaton {
            states: vec![State {
                len: 0,
                link: None,
                first_edge: None,
            }],
            ..SuffixAutomaton::default()
        };
        let mut last = 0u32;
        for x in seq {
            let cur = sam.push_state(sam.states[last as usize].len + 1, None);
            let mut p = Some(last);
            while let Some(q) = p {
                if sam.transitions.contains_key(&(q, x)) {
                    break;
                }
                sam.add_edge(q, x, cur);
                p = sam.states[q as usize].link;
            }
            let link = match p {
                None => 0,
                Some(p) => {
                    let q = sam.target(p, x).expect("the loop stopped at a state with this edge");
                    if sam.states[p as usize].len + 1 == sam.states[q as usize].len {
                        q
                    } else {
                        let clone = sam.push_state(sam.states[p as usize].len + 1, sam.states[q as usize].link);
                        let mut e = sam.states[q as usize].first_edge;
                        while let Some(i) = e {
                            let Edge { word, target, next } = sam.edges[i as usize];
                            sam.add_edge(clone, word, target);
                            e = next;
                        }
                        let mut r = Some(p);
                        while let Some(s) = r {
                            let Some(&i) = sam.transitions.get(&(s, x)) else { break };
                            if sam.edges[i as usize].target != q {
                                break;
                            }
                            sam.edges[i as usize].target = clone;
                            r = sam.states[s as usize].link;
                        }
                        sam.states[q as usize].link = Some(clone);
                        clone
                    }
                }
            };
            sam.states[cur as usize].link = Some(link);
            last = cur;
        }
        sam
    }

    fn push_state(&mut self, len: u32, link: Option<u32>) -> u32 {
        self.states.push(State {
            len,
            link,
            first_edge: None,
        });
        (self.states.len() - 1) as u32
    }

    fn add_edge(&mut self, from: u32, word: u64, target: u32) {
        let i = self.edges.len() as u32;
        let state = &mut self.states[from as usize];
        self.edges.push(Edge {
            word,
            target,
            next: state.first_edge,
        });
        state.first_edge = Some(i);
        self.transitions.insert((from, word), i);
    }

    fn target(&self, from: u32, word: u64) -> Option<u32> {
        self.transitions
            .get(&(from, word))
            .map(|&i| self.edges[i as usize].target)
    }

    /// Length of the longest run of consecutive items of `seq` that is also a run of the
    /// automaton's sequence, counted up to `cap` (longer runs return `cap`).
    fn longest_common_run(&self, seq: impl Iterator<Item = u64>, cap: usize) -> usize {
        if self.edges.is_empty() {
            return 0;
        }
        let (mut v, mut len, mut best) = (0u32, 0usize, 0usize);
        for x in seq {
            loop {
                if let Some(t) = self.target(v, x) {
                    v = t;
                    len += 1;
                    break;
                }
                match self.states[v as usize].link {
                    Some(l) => {
                        v = l;
                        len = self.states[v as usize].len as usize;
                    }
                    None => {
                        len = 0;
                        break;
                    }
                }
            }
            best = best.max(len);
            if best >= cap {
                return cap;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quadratic table the automaton replaced: the oracle.
    fn longest_common_run_table(a: &[u64], b: &[u64]) -> usize {
        let mut prev = vec![0usize; b.len() + 1];
        let mut cur = vec![0usize; b.len() + 1];
        let mut best = 0;
        for &x in a {
            for (j, &y) in b.iter().enumerate() {
                cur[j + 1] = if x == y { prev[j] + 1 } else { 0 };
                best = best.max(cur[j + 1]);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        best
    }

    #[test]
    fn automaton_matches_the_quadratic_table() {
        // Small alphabets make many repeats, the hard case for suffix links.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        for round in 0..400 {
            let alphabet = 1 + round % 5;
            let (na, nb) = (next(40) as usize, next(40) as usize);
            let a: Vec<u64> = (0..na).map(|_| next(alphabet)).collect();
            let b: Vec<u64> = (0..nb).map(|_| next(alphabet)).collect();
            let sam = SuffixAutomaton::new(b.iter().copied());
            let want = longest_common_run_table(&a, &b);
            assert_eq!(
                sam.longest_common_run(a.iter().copied(), usize::MAX),
                want,
                "{a:?} {b:?}"
            );
            assert_eq!(sam.longest_common_run(a.iter().copied(), 3), want.min(3));
        }
    }
}
