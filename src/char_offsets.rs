//! Character offsets of byte spans, for the JSON outputs: Python slices a `str`, and
//! JavaScript an `Array.from(text)`, by Unicode scalar values, not UTF-8 bytes.

use std::ops::Range;

/// Converts byte offsets of one text into character offsets, counting forward from the
/// last offset asked for (so increasing offsets cost one pass over the text).
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
        if offset < self.byte {
            (self.byte, self.chars) = (0, 0);
        }
        self.chars += self.text[self.byte..offset].chars().count();
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
}
