//! Character offsets of byte spans, for the JSON outputs: Python slices a `str`, and
//! JavaScript an `Array.from(text)`, by Unicode scalar values, not UTF-8 bytes.

use std::ops::Range;

/// Converts byte offsets of one text into character offsets, counting from the last offset
/// asked for, forward or back: the cost is the distance moved, so increasing offsets cost
/// one pass over the text, and so do overlapping spans (a bigram's span starts before the
/// previous one ends).
pub(crate) struct CharOffsets<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharOffsets<'t> {
    pub fn new(text: &'t str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The number of characters before byte `offset`, which is on a character boundary.
    pub fn at(&mut self, offset: usize) -> usize {
        // Restarting from 0 on a step back made a text of 100,000 `"` (its `__quote__`
        // bigrams overlap) take 0.3 s to explain, and 4.9 s at 400,000.
        if offset < self.byte {
            self.chars -= self.text[offset..self.byte].chars().count();
        } else {
            self.chars += self.text[self.byte..offset].chars().count();
        }
        self.byte = offset;
        self.chars
    }

    /// The character span of a byte span.
    pub fn span(&mut self, span: &Range<usize>) -> Range<usize> {
        self.at(span.start)..self.at(span.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_spans_slice_what_byte_spans_slice() {
        let text = "Café — per AP 😀, 3 died. Ünïcode!";
        let mut c = CharOffsets::new(text);
        let chars: Vec<char> = text.chars().collect();
        let at = |piece: &str| {
            let start = text.find(piece).unwrap();
            start..start + piece.len()
        };
        // Out of order on purpose: going back restarts the count.
        let spans = [
            at("Café"),
            at("per AP 😀"),
            at("3 died"),
            at("—"),
            0..text.len(),
            at("Ünïcode!"),
            at("😀"),
        ];
        for s in spans {
            let cs = c.span(&s);
            let sliced: String = chars[cs.clone()].iter().collect();
            assert_eq!(sliced, &text[s.clone()], "{s:?} -> {cs:?}");
        }
        assert_eq!(CharOffsets::new(text).span(&(0..text.len())), 0..chars.len());
    }

    #[test]
    fn stepping_back_counts_as_a_fresh_count() {
        let text = "a“b”c 😀 dé\u{301}f — g";
        let bounds: Vec<usize> = (0..=text.len()).filter(|&b| text.is_char_boundary(b)).collect();
        let mut c = CharOffsets::new(text);
        // Every pair of boundaries, in an order that goes back and forth.
        for &x in &bounds {
            for &y in bounds.iter().rev() {
                assert_eq!(c.at(x), text[..x].chars().count(), "at {x}");
                assert_eq!(c.at(y), text[..y].chars().count(), "at {y} after {x}");
            }
        }
    }
}
