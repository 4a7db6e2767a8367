//! A list kept in chunks of a fixed number of items, for a document's drafts: a long document has tens of
//! thousands of them, near a kilobyte each. One vector grown by doubling holds its old and new room at once when it
//! grows (three times the drafts) and up to as much again unused; chunks grow one at a time, and are let go one at
//! a time as they are consumed.

use std::ops::{Index, IndexMut};

/// Items by index, like a vector, stored `CHUNK` to a vector.
pub(crate) struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

/// Items a chunk holds: a power of two, so that an index is cut by a shift and a mask.
const CHUNK: usize = 256;

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked { chunks: Vec::new(), len: 0 }
    }
}

impl<T> Chunked<T> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn push(&mut self, item: T) {
        match self.chunks.last_mut() {
            // The first chunk grows as a vector does, so that a short document's few drafts take little room.
            Some(last) if last.len() < CHUNK => last.push(item),
            _ => {
                let mut chunk = if self.chunks.is_empty() { Vec::new() } else { Vec::with_capacity(CHUNK) };
                chunk.push(item);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    pub fn extend(&mut self, items: impl IntoIterator<Item = T>) {
        for item in items {
            self.push(item);
        }
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.chunks.iter().flatten()
    }

    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut T> {
        self.chunks.iter_mut().flatten()
    }

    /// The index of the last item that satisfies `predicate`.
    pub fn rposition(&self, mut predicate: impl FnMut(&T) -> bool) -> Option<usize> {
        (0..self.len).rev().find(|&i| predicate(&self[i]))
    }
}

/// The items in order, each chunk let go once its items are taken.
impl<T> IntoIterator for Chunked<T> {
    type Item = T;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<T>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.chunks.into_iter().flatten()
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl<T> IndexMut<usize> for Chunked<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_items_as_a_vector_does() {
        let mut list = Chunked::default();
        let plain: Vec<usize> = (0..3 * CHUNK + 5).collect();
        list.extend(plain.iter().copied());
        assert_eq!(list.len(), plain.len());
        assert!(list.iter().eq(plain.iter()));
        assert!(list.iter().rev().eq(plain.iter().rev()));
        assert_eq!(list[CHUNK + 1], CHUNK + 1);
        list[CHUNK] = 0;
        assert_eq!(list.rposition(|&x| x == 0), Some(CHUNK));
        assert_eq!(list.rposition(|&x| x > plain.len()), None);
        for x in list.iter_mut() {
            *x += 1;
        }
        assert_eq!(list.into_iter().last(), Some(plain.len()));
    }
}
