//! Sparse feature rows.

/// A sparse row: feature ids in increasing order and their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SparseVec {
    pub indices: Vec<u32>,
    pub values: Vec<f64>,
}

impl SparseVec {
    /// The dot product of two rows.
    pub fn dot(&self, other: &SparseVec) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < self.indices.len() && j < other.indices.len() {
            match self.indices[i].cmp(&other.indices[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += self.values[i] * other.values[j];
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    pub fn clear(&mut self) {
        self.indices.clear();
        self.values.clear();
    }
}

/// Occurrence counts of feature ids, read back in increasing id order: what sorting a
/// text's hits and counting the runs gives. A few hits are sorted; more are counted
/// without a sort, by a count per id and two levels of bitmaps (one bit per id, one bit
/// per 64 ids), so that reading `k` distinct ids back costs about `k` bit scans plus one
/// word per 4,096 ids.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdCounts {
    /// The hits are `hits[..len]`; the rest is room kept from longer texts, so that
    /// [`IdCounts::push_many`] writes by index instead of pushing.
    hits: Vec<u32>,
    len: usize,
    counts: Vec<u32>,
    /// Bit `id % 64` of word `id / 64`: `id` was counted.
    ids: Vec<u64>,
    /// Bit `w % 64` of word `w / 64`: word `w` of `ids` is not zero.
    words: Vec<u64>,
    /// Counts may be left over (a caller panicked inside [`IdCounts::drain`]).
    dirty: bool,
}

/// Up to this many hits, sorting them costs fewer instructions than counting by id (the
/// bitmaps' fixed cost, one word per 4,096 ids, dominates for short texts).
const SORTED: usize = 32;

impl IdCounts {
    /// Forgets all hits and makes room for ids below `n`.
    #[inline]
    pub fn clear(&mut self, n: usize) {
        self.len = 0;
        if self.dirty {
            self.drain_counts(|_, _| {});
        }
        if self.counts.len() < n {
            self.counts.resize(n, 0);
            self.ids.resize(n.div_ceil(64), 0);
            self.words.resize(n.div_ceil(64 * 64), 0);
        }
    }

    /// Adds one occurrence of `id` (below the `n` of [`IdCounts::clear`]).
    #[inline]
    pub fn push(&mut self, id: u32) {
        match self.hits.get_mut(self.len) {
            Some(slot) => *slot = id,
            None => self.hits.push(id),
        }
        self.len += 1;
    }

    /// Adds up to `max` hits at once: `f` writes them at the start of the slice of `max`
    /// ids it is given, and returns how many it wrote (a loop with its own index, in a
    /// register, instead of a push per hit).
    #[inline]
    pub fn push_many(&mut self, max: usize, f: impl FnOnce(&mut [u32]) -> usize) {
        let end = self.len + max;
        if self.hits.len() < end {
            self.hits.resize(end, 0);
        }
        let n = f(&mut self.hits[self.len..end]);
        self.len += n.min(max);
    }

    /// Hits added since [`IdCounts::clear`], counting repeats.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Calls `f(id, count)` for every id pushed since [`IdCounts::clear`], in increasing
    /// order, and forgets them. Counts wrap past `u32::MAX` occurrences of one id, which
    /// a text under 4 GiB cannot reach.
    #[inline]
    pub fn drain(&mut self, mut f: impl FnMut(u32, u32)) {
        let hits = &mut self.hits[..self.len];
        if hits.len() <= SORTED {
            hits.sort_unstable();
            for run in hits.chunk_by(|a, b| a == b) {
                f(run[0], run.len() as u32);
            }
        } else {
            self.dirty = true;
            for &id in hits.iter() {
                let id = id as usize;
                self.counts[id] = self.counts[id].wrapping_add(1);
                self.ids[id / 64] |= 1 << (id % 64);
                self.words[id / 4096] |= 1 << (id / 64 % 64);
            }
            self.drain_counts(f);
        }
        self.len = 0;
    }

    #[inline]
    fn drain_counts(&mut self, mut f: impl FnMut(u32, u32)) {
        for (w, top) in self.words.iter_mut().enumerate() {
            let mut bits = std::mem::take(top);
            while bits != 0 {
                let word = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let mut low = std::mem::take(&mut self.ids[word]);
                while low != 0 {
                    let id = word * 64 + low.trailing_zeros() as usize;
                    low &= low - 1;
                    f(id as u32, std::mem::take(&mut self.counts[id]));
                }
            }
        }
        self.dirty = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_counts_give_what_sorting_and_counting_runs_gives() {
        let mut counts = IdCounts::default();
        counts.clear(20_000);
        // Twice over, so the second round shows the first left every count at zero.
        for round in 0..2u32 {
            let hits: Vec<u32> = (0..3_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761).rotate_left(round + 7)) % 20_000 / (1 + i % 7))
                .chain([0, 63, 64, 4_095, 4_096, 19_999, 19_999])
                .collect();
            let mut sorted = hits.clone();
            sorted.sort_unstable();
            let expected: Vec<(u32, u32)> = sorted.chunk_by(|a, b| a == b).map(|r| (r[0], r.len() as u32)).collect();
            counts.clear(20_000);
            hits.iter().for_each(|&id| counts.push(id));
            let mut got = Vec::new();
            counts.drain(|id, n| got.push((id, n)));
            assert_eq!(got, expected);
        }
        let mut none = Vec::new();
        counts.drain(|id, n| none.push((id, n)));
        assert!(none.is_empty());
        // Few hits take the sorting path.
        counts.clear(20_000);
        [7, 19_999, 7, 0].iter().for_each(|&id| counts.push(id));
        let mut few = Vec::new();
        counts.drain(|id, n| few.push((id, n)));
        assert_eq!(few, [(0, 1), (7, 2), (19_999, 1)]);
    }
}
