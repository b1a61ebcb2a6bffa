//! The postings of one partial index, packed as varints.
//!
//! A posting (an entry that has a term, with its counts) is made for every
//! distinct term of every entry: tens of millions at a hundred thousand
//! entries, the largest thing the index holds while it is built. Packed,
//! most take three or four bytes rather than twelve: an entry number as the
//! gap from the term's previous entry, a short-field score that is zero for
//! most terms, and a small body count.
//!
//! Postings are counted entry by entry ([`Unsorted`]) and then grouped by
//! term ([`Unsorted::group`]) with a counting sort in two passes, the first
//! finding each term's size, the second writing each posting in place.

use super::push_varint;

/// An entry that has a term, with what scores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Posting {
    pub(super) entry: u32,
    /// Summed score of the short fields, which need no statistics, in
    /// fixed steps (see `FIELD_STEPS` in the index).
    pub(super) fields: u16,
    /// Occurrences in the body.
    pub(super) body: u16,
}

/// Postings in the order entries are counted: per entry, each term id
/// with the posting's two counts. Appending to one list is much cheaper
/// than to one list per term.
#[derive(Default)]
pub(super) struct Unsorted {
    bytes: Vec<u8>,
    /// (entry, how many postings it has), in order.
    entries: Vec<(u32, u32)>,
    /// Postings pushed since the last entry ended.
    pending: u32,
}

impl Unsorted {
    /// Room for about `bytes` bytes of postings, reserved up front so the
    /// list is not copied as it grows (memory not written to is not used).
    pub(super) fn reserve(&mut self, bytes: usize) {
        self.bytes.reserve(bytes);
    }

    /// A posting of term `term` for the entry being counted.
    pub(super) fn push(&mut self, term: u32, fields: u16, body: u16) {
        for n in [term, u32::from(fields), u32::from(body)] {
            push_varint(&mut self.bytes, n.into());
        }
        self.pending += 1;
    }

    /// Ends entry `entry`: the postings pushed since the last one are its.
    pub(super) fn end_entry(&mut self, entry: u32) {
        if self.pending > 0 {
            self.entries.push((entry, self.pending));
        }
        self.pending = 0;
    }

    /// Calls `f` with each posting and its term, in the order pushed.
    fn for_each(&self, mut f: impl FnMut(u32, Posting)) {
        let mut at = 0;
        for &(entry, count) in &self.entries {
            for _ in 0..count {
                let term = read(&self.bytes, &mut at);
                f(term, read_posting(&self.bytes, &mut at, entry));
            }
        }
    }

    /// Calls `f` with each posting of the first `terms` term ids, in the
    /// order pushed, with its term and what is stored for its entry in the
    /// term's list (see [`gap`]).
    fn for_each_gap(&self, terms: usize, mut f: impl FnMut(usize, u32, Posting)) {
        let mut last: Vec<Option<u32>> = vec![None; terms];
        self.for_each(|term, posting| {
            let t = term as usize;
            if let Some(last) = last.get_mut(t) {
                let gap = gap(*last, posting.entry);
                *last = Some(posting.entry);
                f(t, gap, posting);
            }
        });
    }

    /// The postings grouped by term, for `terms` term ids, each term's in
    /// entry order. The unsorted list is freed.
    pub(super) fn group(self, terms: usize) -> Grouped {
        // First pass: each term's count and size once packed.
        let mut counts = vec![0u32; terms];
        let mut starts = vec![0usize; terms + 1];
        self.for_each_gap(terms, |t, gap, posting| {
            counts[t] += 1;
            starts[t + 1] += len(gap) + len(posting.fields.into()) + len(posting.body.into());
        });
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        // Second pass: each posting written at its term's next place.
        let mut bytes = vec![0u8; starts[terms]];
        let mut next = starts.clone();
        self.for_each_gap(terms, |t, gap, posting| {
            let at = &mut next[t];
            put(&mut bytes, at, gap);
            put(&mut bytes, at, posting.fields.into());
            put(&mut bytes, at, posting.body.into());
        });
        Grouped {
            bytes,
            starts,
            counts,
        }
    }
}

/// A partial's postings by term: term `t`'s are packed in
/// `bytes[starts[t]..starts[t + 1]]`, `counts[t]` of them.
pub(super) struct Grouped {
    bytes: Vec<u8>,
    starts: Vec<usize>,
    counts: Vec<u32>,
}

impl Grouped {
    /// Term `term`'s postings; empty for a term id it does not know.
    pub(super) fn list(&self, term: usize) -> List<'_> {
        let bytes = self
            .starts
            .get(term)
            .zip(self.starts.get(term + 1))
            .and_then(|(&start, &end)| self.bytes.get(start..end))
            .unwrap_or(&[]);
        List {
            bytes,
            len: self.counts.get(term).map_or(0, |&n| n as usize),
        }
    }
}

/// One term's postings in one partial, in entry order.
#[derive(Clone, Copy)]
pub(super) struct List<'g> {
    bytes: &'g [u8],
    len: usize,
}

impl<'g> List<'g> {
    /// How many postings it holds: the entries of the partial that have
    /// the term.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = Posting> + 'g {
        let bytes = self.bytes;
        let mut at = 0;
        let mut entry: Option<u32> = None;
        std::iter::from_fn(move || {
            if at >= bytes.len() {
                return None;
            }
            let gap = read(bytes, &mut at);
            let this = entry.map_or(gap, |e| e.saturating_add(gap));
            entry = Some(this);
            Some(read_posting(bytes, &mut at, this))
        })
    }
}

/// What is stored for `entry` after the term's entry `last`: the gap, or
/// the entry itself for the term's first.
fn gap(last: Option<u32>, entry: u32) -> u32 {
    last.map_or(entry, |last| entry.wrapping_sub(last))
}

/// Bytes `n` takes as a LEB128 varint.
fn len(n: u32) -> usize {
    match n {
        0..0x80 => 1,
        0x80..0x4000 => 2,
        0x4000..0x20_0000 => 3,
        0x20_0000..0x1000_0000 => 4,
        _ => 5,
    }
}

/// The two counts at `*at` in `bytes`, as the posting of `entry`.
fn read_posting(bytes: &[u8], at: &mut usize, entry: u32) -> Posting {
    let mut count = || u16::try_from(read(bytes, at)).unwrap_or(u16::MAX);
    let fields = count();
    let body = count();
    Posting {
        entry,
        fields,
        body,
    }
}

/// Writes `n` at `*at` in `out`, which has room for it, and moves `at`.
fn put(out: &mut [u8], at: &mut usize, mut n: u32) {
    while n >= 0x80 {
        if let Some(b) = out.get_mut(*at) {
            *b = (n as u8 & 0x7f) | 0x80;
        }
        *at += 1;
        n >>= 7;
    }
    if let Some(b) = out.get_mut(*at) {
        *b = n as u8;
    }
    *at += 1;
}

/// Reads the varint at `*at` in `bytes` and moves `at` past it; what a
/// truncated one holds so far at the end.
#[inline]
fn read(bytes: &[u8], at: &mut usize) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        if shift < 32 {
            n |= u32::from(b & 0x7f) << shift;
        }
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(entry: u32, fields: u16, body: u16) -> Posting {
        Posting {
            entry,
            fields,
            body,
        }
    }

    #[test]
    fn grouping_gives_each_term_its_postings_in_entry_order() {
        // Counts of every size a varint has, and entries far apart.
        let pushed = [
            (3, vec![(1, 0, 1), (2, 700, 3)]),
            (4, vec![(2, 0, 200)]),
            (90_000, vec![(2, u16::MAX, u16::MAX), (5, 0, 1)]),
            (90_001, vec![]),
            (u32::MAX - 1, vec![(1, 20_000, 0)]),
        ];
        let mut unsorted = Unsorted::default();
        for (entry, postings) in &pushed {
            for &(term, fields, body) in postings {
                unsorted.push(term, fields, body);
            }
            unsorted.end_entry(*entry);
        }
        let grouped = unsorted.group(6);
        let list = |t: usize| grouped.list(t).iter().collect::<Vec<_>>();
        assert_eq!(
            list(1),
            [posting(3, 0, 1), posting(u32::MAX - 1, 20_000, 0)]
        );
        assert_eq!(
            list(2),
            [
                posting(3, 700, 3),
                posting(4, 0, 200),
                posting(90_000, u16::MAX, u16::MAX)
            ]
        );
        assert_eq!(list(5), [posting(90_000, 0, 1)]);
        for t in [0, 3, 4, 6, 100] {
            assert!(list(t).is_empty(), "term {t}");
            assert!(grouped.list(t).is_empty());
        }
        assert_eq!(grouped.list(2).len(), 3);
    }

    #[test]
    fn most_postings_take_a_few_bytes() {
        // A common term in every entry, counted once in the body.
        let mut unsorted = Unsorted::default();
        for entry in 0..10_000 {
            unsorted.push(1, 0, 1);
            unsorted.end_entry(entry);
        }
        let grouped = unsorted.group(2);
        assert_eq!(grouped.list(1).len(), 10_000);
        assert!(grouped.bytes.len() <= 3 * 10_000, "{}", grouped.bytes.len());
    }

    #[test]
    fn varints_read_back_as_written() {
        for n in [
            0,
            1,
            0x7f,
            0x80,
            0x3fff,
            0x4000,
            0x1f_ffff,
            0x20_0000,
            u32::MAX,
        ] {
            let mut out = Vec::new();
            push_varint(&mut out, n.into());
            assert_eq!(out.len(), len(n), "{n}");
            let mut placed = vec![0u8; len(n)];
            let mut at = 0;
            put(&mut placed, &mut at, n);
            assert_eq!(placed, out);
            assert_eq!(at, out.len());
            let mut at = 0;
            assert_eq!(read(&out, &mut at), n);
            assert_eq!(at, out.len());
        }
    }
}
