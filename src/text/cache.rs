//! The word cache: a raw word's bytes → the token stages 2 and 3 make of it.
//!
//! Folding and stemming a word depend on its bytes alone (not on its neighbours, quotes
//! or negations: those stages run later, on the tokens), and words repeat: in a batch of
//! comments most words have been seen before. So each analyzer keeps, per raw word, its
//! surface, its term and its [`flags`], and replays them instead of lowercasing,
//! de-obfuscating, looking up identity words and stemming again. The context-dependent
//! stages (attribution, negation scope, quoted words) still run on every text.
//!
//! The cache belongs to one analyzer, so to one stemmer [`Language`](super::Language);
//! the featurizer keeps each entry's vocabulary id per model next to it (see
//! `featurizer.rs`), keyed by [`WordCache::generation`].

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use rustc_hash::FxHashMap;

use super::{Analysis, Kind, SURFACE_SHARED, TERM_SHARED, Token};

/// [`Token::entry`] of a token that is not a cached word's, or whose term was changed.
pub(crate) const NO_ENTRY: u32 = u32::MAX;

/// Longer words are rare and not cached (nor do they fill the cache).
const MAX_WORD_BYTES: usize = 32;

/// Bound on the entries (about 120 bytes each with the featurizer's term ids: 12 MB per
/// scoring thread, of which the short-word table's 262,144 slots of 24 bytes at most, 6.3
/// MB, are about 2 MB more than a `HashMap` took); the cache is emptied when full, between
/// two texts.
const MAX_ENTRIES: usize = 100_000;

/// Words up to this many bytes are keyed by one `u128` (the featurizer keys short terms
/// the same way).
pub(crate) const SHORT: usize = 15;

/// The bytes of a word of at most [`SHORT`] bytes and its length, in one integer.
#[inline]
pub(crate) fn short_key(raw: &[u8]) -> u128 {
    // The same integer as copying `raw` into 16 zeroed bytes and its length into the last,
    // read with overlapping loads instead (the copy was a `memcpy` call per word).
    let n = raw.len();
    debug_assert!(n <= SHORT);
    let le8 = |at: usize| u64::from_le_bytes(raw[at..at + 8].try_into().expect("8 bytes"));
    let le4 = |at: usize| u32::from_le_bytes(raw[at..at + 4].try_into().expect("4 bytes")) as u64;
    let (lo, hi) = match n {
        // Bytes 8.. of `raw` are the last n - 8 bytes of the 8 that end it.
        9..=15 => (le8(0), le8(n - 8) >> (8 * (16 - n))),
        8 => (le8(0), 0),
        5..=7 => (le4(0) | (le4(n - 4) >> (8 * (8 - n))) << 32, 0),
        4 => (le4(0), 0),
        // The first, middle and last bytes (some the same) at their places: no loop.
        1..=3 => {
            let at = |k: usize| (raw[k] as u64) << (8 * k);
            (at(0) | at(n / 2) | at(n - 1), 0)
        }
        _ => (0, 0),
    };
    (lo as u128) | ((hi | (n as u64) << 56) as u128) << 64
}

/// The ids of the words of at most [`SHORT`] bytes by [`short_key`]: open addressing with
/// linear probing, at most half full, so a hit is one multiply and, mostly, one comparison
/// (a `HashMap`'s probing cost more on these hits, a fifth of the word's replay).
#[derive(Debug, Clone, Default)]
struct ShortTable {
    /// Keys (as two halves: 24 bytes a slot rather than 32) and ids; an id of [`NO_ENTRY`]
    /// marks an empty slot. The length is 0 or a power of two.
    slots: Vec<([u64; 2], u32)>,
    len: usize,
}

impl ShortTable {
    /// The first slot to probe for `key`: the top bits of a multiplicative hash.
    #[inline]
    fn home(&self, [lo, hi]: [u64; 2]) -> usize {
        let h = lo.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ hi.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
        (h >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    #[inline]
    fn get(&self, key: u128) -> Option<&u32> {
        if self.slots.len() < 2 {
            return None;
        }
        let key = halves(key);
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        loop {
            let (k, id) = &self.slots[at];
            if *id == NO_ENTRY {
                return None;
            }
            if *k == key {
                return Some(id);
            }
            at = (at + 1) & mask;
        }
    }

    fn insert(&mut self, key: u128, id: u32) {
        if 2 * (self.len + 1) > self.slots.len() {
            let grown = vec![([0, 0], NO_ENTRY); (2 * self.slots.len()).max(1024)];
            let old = std::mem::replace(&mut self.slots, grown);
            self.len = 0;
            for ([lo, hi], id) in old.into_iter().filter(|&(_, id)| id != NO_ENTRY) {
                self.insert(lo as u128 | (hi as u128) << 64, id);
            }
        }
        let key = halves(key);
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        while self.slots[at].1 != NO_ENTRY && self.slots[at].0 != key {
            at = (at + 1) & mask;
        }
        if self.slots[at].1 == NO_ENTRY {
            self.len += 1;
        }
        self.slots[at] = (key, id);
    }

    fn clear(&mut self) {
        self.slots.iter_mut().for_each(|s| s.1 = NO_ENTRY);
        self.len = 0;
    }
}

#[inline]
fn halves(key: u128) -> [u64; 2] {
    [key as u64, (key >> 64) as u64]
}

/// The surface is one of the negation cues of stage 5 ([`super::scope`]).
pub(super) const CUE: u8 = 1;
/// The surface is a function word of stage 5.
pub(super) const FUNCTION_WORD: u8 = 2;
/// The surface is a reporting verb of stage 4 ([`super::attribution`]).
pub(super) const VERB: u8 = 4;
/// The surface leads into a source ("according", "per").
pub(super) const LEAD: u8 = 8;
/// The surface is no name even when capitalised ("The", "Experts").
pub(super) const NOT_NAME: u8 = 16;

/// Not a token flag: the folded word names an identity group ([`super::identity`]), so
/// its term is [`super::GROUP`]. Answered by the same lookup as the flags ([`listed`]).
pub(super) const IDENTITY: u8 = 32;

/// Every word of the lists of stages 4 and 5 and of the identity terms, with its flags
/// (and [`IDENTITY`]): one hash lookup per new word, where searching the six lists one
/// string at a time cost about 1,900 instructions a word (a fifth of a cold pass over the
/// Davidson tweets).
static LISTED: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(listed_words);

#[cold]
fn listed_words() -> FxHashMap<&'static str, u8> {
    let lists: [(&[&'static str], u8); 6] = [
        (super::scope::CUES, CUE),
        (super::scope::FUNCTION_WORDS, FUNCTION_WORD),
        (super::attribution::VERBS, VERB),
        (super::attribution::LEADS, LEAD),
        (super::attribution::NOT_NAMES, NOT_NAME),
        (super::identity::IDENTITY_TERMS, IDENTITY),
    ];
    let mut listed = FxHashMap::default();
    for (list, flag) in lists {
        for &word in list {
            *listed.entry(word).or_insert(0) |= flag;
        }
    }
    listed
}

/// What stages 4 and 5 ask of a word's surface (the flags above), and whether the folded
/// word is an identity term ([`IDENTITY`]), answered once per distinct word.
pub(super) fn listed(word: &str) -> u8 {
    LISTED.get(word).copied().unwrap_or(0)
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Surface then term, one after the other in `WordCache::arena`.
    text: (u32, u32),
    /// Where the term starts.
    mid: u32,
    /// Bytes of a leading number (`5` of `5bn`) before the token's span starts.
    skip: u32,
    flags: u8,
    /// Whether the word makes a token at all (numbers do not).
    token: bool,
}

#[derive(Debug, Clone, Default)]
pub(super) struct WordCache {
    /// Words of at most [`SHORT`] bytes, by [`short_key`]: no allocation, no `memcmp`.
    short: ShortTable,
    map: FxHashMap<Box<[u8]>, u32>,
    entries: Vec<Entry>,
    /// Shared with the analyses ([`Analysis::words`]), which hold it between texts; the
    /// analyzer takes it back at the start of each text, so it is copied only when an
    /// analysis of an earlier text is still kept elsewhere.
    arena: Arc<String>,
    generation: u64,
}

impl WordCache {
    /// Changes whenever entry ids are reused for other words.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// A share of the text of the cached words, for [`Analysis::words`].
    pub fn words(&self) -> Arc<String> {
        Arc::clone(&self.arena)
    }

    /// Empties the cache when full. Called between texts only, so no token of an
    /// analysis refers to an entry that is gone.
    pub fn trim(&mut self) {
        if self.entries.len() >= MAX_ENTRIES {
            self.short.clear();
            self.map.clear();
            self.entries.clear();
            self.arena = Arc::default();
            self.generation += 1;
        }
    }

    /// Replays the cached word `raw` spanning `span` into `out`, if cached.
    #[inline]
    pub fn replay(&self, raw: &[u8], span: &Range<usize>, out: &mut Analysis) -> bool {
        self.replay_inlined(raw, span, out)
    }

    /// [`WordCache::replay`], inlined: for the scanner's most common word (a run of letters
    /// and digits before a space), where a call cost a sixth of the replay.
    #[inline(always)]
    pub fn replay_inlined(&self, raw: &[u8], span: &Range<usize>, out: &mut Analysis) -> bool {
        if raw.len() > MAX_WORD_BYTES {
            return false;
        }
        let found = if raw.len() <= SHORT {
            self.short.get(short_key(raw))
        } else {
            self.map.get(raw)
        };
        let Some(&id) = found else { return false };
        let e = self.entries[id as usize];
        if e.token {
            out.tokens.push(Token {
                kind: Kind::Word,
                span: span.start + e.skip as usize..span.end,
                surface: e.text.0 as usize..e.mid as usize,
                term: e.mid as usize..e.text.1 as usize,
                shared: SURFACE_SHARED | TERM_SHARED,
                flags: e.flags,
                entry: id,
                prefix: 0,
            });
        }
        true
    }

    /// Records what analysing `raw` (spanning `span`) pushed onto `out`: nothing, or the
    /// one token at `out.tokens[n_before]`.
    pub fn record(&mut self, raw: &[u8], span: &Range<usize>, n_before: usize, out: &mut Analysis) {
        if raw.len() > MAX_WORD_BYTES || self.entries.len() >= MAX_ENTRIES {
            return;
        }
        let id = self.entries.len() as u32;
        // Unique here unless an analysis of an earlier text is still kept: then copied once.
        let arena = Arc::make_mut(&mut self.arena);
        let start = arena.len() as u32;
        let entry = match out.tokens.get_mut(n_before) {
            None => Entry {
                text: (start, start),
                mid: start,
                skip: 0,
                flags: 0,
                token: false,
            },
            Some(t) => {
                // `word_uncached` pushes the term right after the surface.
                debug_assert_eq!(t.surface.end, t.term.start);
                debug_assert_eq!(t.shared, 0);
                arena.push_str(&out.arena[t.surface.start..t.term.end]);
                t.entry = id;
                Entry {
                    text: (start, arena.len() as u32),
                    mid: start + t.surface.len() as u32,
                    skip: (t.span.start - span.start) as u32,
                    flags: t.flags,
                    token: true,
                }
            }
        };
        self.entries.push(entry);
        if raw.len() <= SHORT {
            self.short.insert(short_key(raw), id);
        } else {
            self.map.insert(raw.into(), id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key as first written: `raw` copied into 16 zeroed bytes, its length in the last.
    fn copied_key(raw: &[u8]) -> u128 {
        let mut buf = [0u8; 16];
        buf[..raw.len()].copy_from_slice(raw);
        buf[15] = raw.len() as u8;
        u128::from_le_bytes(buf)
    }

    /// The answers as first written: each list searched in turn.
    fn listed_by_search(word: &str) -> u8 {
        let is = |list: &[&str], flag: u8| if list.contains(&word) { flag } else { 0 };
        is(super::super::scope::CUES, CUE)
            | is(super::super::scope::FUNCTION_WORDS, FUNCTION_WORD)
            | is(super::super::attribution::VERBS, VERB)
            | is(super::super::attribution::LEADS, LEAD)
            | is(super::super::attribution::NOT_NAMES, NOT_NAME)
            | is(super::super::identity::IDENTITY_TERMS, IDENTITY)
    }

    #[test]
    fn one_lookup_answers_as_the_lists() {
        // Every listed word, as listed, capitalised, cut short, lengthened and pluralised,
        // and every string of up to 3 characters over common letters and the apostrophe.
        let words: Vec<&str> = [
            super::super::scope::CUES,
            super::super::scope::FUNCTION_WORDS,
            super::super::attribution::VERBS,
            super::super::attribution::LEADS,
            super::super::attribution::NOT_NAMES,
            super::super::identity::IDENTITY_TERMS,
        ]
        .concat();
        let mut checked = 0;
        let mut check = |w: &str| {
            assert_eq!(listed(w), listed_by_search(w), "{w:?}");
            checked += 1;
        };
        for w in &words {
            check(w);
            check(&w.to_uppercase());
            check(&w[..w.len() - 1]);
            check(&format!("{w}s"));
            check(&format!("{w}\0"));
        }
        assert!(words.iter().any(|w| listed(w) & IDENTITY != 0));
        assert!(words.iter().any(|w| listed(w).count_ones() >= 2), "words on two lists");
        let alphabet: Vec<char> = "aeinostuwy'".chars().collect();
        super::super::every_string("", &alphabet, 0..=3, |w| check(w));
        assert!(checked > 1_500, "{checked}");
    }

    #[test]
    fn the_short_table_is_a_map() {
        // Keys that share their low or high half, or differ in one bit, through growth and
        // clearing, against a `HashMap`.
        let mut table = ShortTable::default();
        let mut map = std::collections::HashMap::new();
        for round in 0..2 {
            for k in 0..5_000u32 {
                let key = match k % 4 {
                    0 => k as u128,
                    1 => (k as u128) << 64,
                    2 => 1u128 << (k % 128) | (round as u128) << 100,
                    _ => (k as u128).wrapping_mul(0x0123_4567_89AB_CDEF_0123_4567_89AB_CDEF),
                };
                let id = k % 977;
                table.insert(key, id);
                map.insert(key, id);
            }
            for (&key, &id) in &map {
                assert_eq!(table.get(key), Some(&id), "{key:x}");
            }
            assert_eq!(table.len, map.len());
            assert_eq!(table.get(0xFFFF_FFFF_FFFF_FFFF_FFFF), None);
            table.clear();
            map.clear();
            assert_eq!(table.get(0), None);
        }
    }

    #[test]
    fn short_keys_are_the_copied_bytes_and_length() {
        let bytes: Vec<u8> = (0..64u8).map(|i| i.wrapping_mul(37).wrapping_add(200)).collect();
        for n in 0..=SHORT {
            for start in 0..bytes.len() - n {
                let raw = &bytes[start..start + n];
                assert_eq!(short_key(raw), copied_key(raw), "{raw:?}");
            }
        }
        assert_ne!(short_key(b"aaaaaaaa"), short_key(b"aaaaaaaaa"));
        assert_ne!(short_key(b""), short_key(b"\0"));
    }
}
