//! The one byte range a media player asks for (`Range: bytes=…`), as an
//! object store is asked for it. Players ask for one range at a time; a
//! header naming several, or one that does not parse, is ignored and the
//! whole file is sent, as HTTP allows.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// `bytes=a-`
    From(u64),
    /// `bytes=a-b`, both ends included.
    Between(u64, u64),
    /// `bytes=-n`: the last n bytes.
    Last(u64),
}

impl ByteRange {
    pub fn parse(header: &str) -> Option<ByteRange> {
        let spec = header.trim().strip_prefix("bytes=")?.trim();
        if spec.contains(',') {
            return None;
        }
        let (start, end) = spec.split_once('-')?;
        let number = |s: &str| s.trim().parse::<u64>().ok();
        match (start.trim().is_empty(), end.trim().is_empty()) {
            (true, false) => Some(ByteRange::Last(number(end)?)),
            (false, true) => Some(ByteRange::From(number(start)?)),
            (false, false) => {
                let (a, b) = (number(start)?, number(end)?);
                (a <= b).then_some(ByteRange::Between(a, b))
            }
            (true, true) => None,
        }
    }

    /// The bytes served of a file of `total` bytes (end excluded), or
    /// `None` when none of the range is in the file (416).
    pub fn within(self, total: u64) -> Option<Range<u64>> {
        match self {
            ByteRange::From(a) => (a < total).then_some(a..total),
            ByteRange::Between(a, b) => (a < total).then(|| a..b.saturating_add(1).min(total)),
            ByteRange::Last(n) => (n > 0 && total > 0).then(|| total.saturating_sub(n)..total),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms_of_one_range_parse_and_anything_else_does_not() {
        assert_eq!(
            ByteRange::parse("bytes=10-19"),
            Some(ByteRange::Between(10, 19))
        );
        assert_eq!(ByteRange::parse("bytes=100-"), Some(ByteRange::From(100)));
        assert_eq!(ByteRange::parse("bytes=-500"), Some(ByteRange::Last(500)));
        for ignored in [
            "bytes=0-1,5-6",
            "bytes=5-2",
            "bytes=-",
            "items=0-1",
            "bytes=a-b",
            "",
        ] {
            assert_eq!(ByteRange::parse(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn a_range_is_cut_to_the_file_and_one_outside_it_is_unsatisfiable() {
        assert_eq!(ByteRange::Between(10, 19).within(100), Some(10..20));
        assert_eq!(ByteRange::Between(90, 200).within(100), Some(90..100));
        assert_eq!(ByteRange::From(99).within(100), Some(99..100));
        assert_eq!(ByteRange::Last(500).within(100), Some(0..100));
        assert_eq!(ByteRange::From(100).within(100), None);
        assert_eq!(ByteRange::Between(100, 200).within(100), None);
        assert_eq!(ByteRange::Last(0).within(100), None);
        assert_eq!(ByteRange::Last(5).within(0), None);
    }
}
