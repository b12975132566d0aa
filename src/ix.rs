//! Typed indexes into the project's vectors, and [`IndexVec`], a vector indexed by one of them.
//!
//! A [`UnitIx`] is the position of a unit in [`crate::model::Project::units`] (units.csv
//! order); it is not the unit's id (`u1`), which is what users write. Likewise
//! [`GroupIx`], [`PeriodIx`] and [`MetricIx`]. Each is its own type, so that a group's
//! index cannot index the units, nor a metric's the periods: mixing them up no
//! longer compiles. They cost nothing: a `usize` each, copied, and an [`IndexVec`] is a
//! `Vec` indexed exactly as before.

use rayon::prelude::*;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// An index type of an [`IndexVec`].
pub trait Ix: Copy {
    fn new(index: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! ix {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(usize);

        impl $name {
            pub const fn new(index: usize) -> $name {
                $name(index)
            }
            /// The position in the project's vector.
            pub const fn index(self) -> usize {
                self.0
            }
        }

        impl Ix for $name {
            fn new(index: usize) -> $name {
                $name(index)
            }
            fn index(self) -> usize {
                self.0
            }
        }
    };
}

ix!(
    /// The index of a unit in [`crate::model::Project::units`] (units.csv order) — not
    /// its id, the `u1` users write.
    UnitIx
);
ix!(
    /// The index of a group in [`crate::model::Project::groups`] (groups.yaml order) —
    /// not its id, the `nhom-1` users write.
    GroupIx
);
ix!(
    /// The index of a period in [`crate::model::Campaign::periods`] (campaign.yaml
    /// order) — not its id, the `2022` users write.
    PeriodIx
);
ix!(
    /// The index of a metric in [`crate::model::Campaign::metrics`] (campaign.yaml
    /// order) — not its id, the `members_net` users write.
    MetricIx
);

/// A vector indexed by `I` only: `units[u]` takes a [`UnitIx`], never a group's index
/// or a bare number. Indexing checks bounds exactly as a `Vec` does.
#[derive(PartialEq, Eq)]
pub struct IndexVec<I, T> {
    items: Vec<T>,
    ix: PhantomData<fn(I) -> I>,
}

impl<I: Ix, T> IndexVec<I, T> {
    pub fn new() -> IndexVec<I, T> {
        IndexVec::from_vec(Vec::new())
    }
    pub fn with_capacity(capacity: usize) -> IndexVec<I, T> {
        IndexVec::from_vec(Vec::with_capacity(capacity))
    }
    /// The table whose entry `I::new(i)` is `items[i]`.
    pub fn from_vec(items: Vec<T>) -> IndexVec<I, T> {
        IndexVec { items, ix: PhantomData }
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    /// Appends an entry and returns its index.
    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::new(self.items.len() - 1)
    }
    pub fn get(&self, i: I) -> Option<&T> {
        self.items.get(i.index())
    }
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }
    /// Every index, in order.
    pub fn ixs(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + Clone + use<I, T> {
        (0..self.items.len()).map(I::new)
    }
    /// Every entry with its index, in order.
    pub fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator + Clone {
        self.items.iter().enumerate().map(|(i, t)| (I::new(i), t))
    }
    /// Every entry with its index, in order, to change.
    pub fn iter_enumerated_mut(&mut self) -> impl DoubleEndedIterator<Item = (I, &mut T)> + ExactSizeIterator {
        self.items.iter_mut().enumerate().map(|(i, t)| (I::new(i), t))
    }
    /// The index of the first entry that satisfies `pred`.
    pub fn position(&self, pred: impl FnMut(&T) -> bool) -> Option<I> {
        self.items.iter().position(pred).map(I::new)
    }
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }
}

impl<I: Ix, T> Default for IndexVec<I, T> {
    fn default() -> IndexVec<I, T> {
        IndexVec::new()
    }
}

impl<I, T: Clone> Clone for IndexVec<I, T> {
    fn clone(&self) -> IndexVec<I, T> {
        IndexVec { items: self.items.clone(), ix: PhantomData }
    }
    /// Reuses the allocation, as `Vec::clone_from` does.
    fn clone_from(&mut self, source: &IndexVec<I, T>) {
        self.items.clone_from(&source.items);
    }
}

impl<I, T: fmt::Debug> fmt::Debug for IndexVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<I: Ix, T> Index<I> for IndexVec<I, T> {
    type Output = T;

    #[inline]
    fn index(&self, i: I) -> &T {
        &self.items[i.index()]
    }
}

impl<I: Ix, T> IndexMut<I> for IndexVec<I, T> {
    #[inline]
    fn index_mut(&mut self, i: I) -> &mut T {
        &mut self.items[i.index()]
    }
}

impl<I: Ix, T> FromIterator<T> for IndexVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> IndexVec<I, T> {
        IndexVec::from_vec(iter.into_iter().collect())
    }
}

impl<I: Ix, T: Send> FromParallelIterator<T> for IndexVec<I, T> {
    fn from_par_iter<It: IntoParallelIterator<Item = T>>(iter: It) -> IndexVec<I, T> {
        IndexVec::from_vec(iter.into_par_iter().collect())
    }
}

impl<'a, I, T> IntoIterator for &'a IndexVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> std::slice::Iter<'a, T> {
        self.items.iter()
    }
}

impl<I, T> IntoIterator for IndexVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> std::vec::IntoIter<T> {
        self.items.into_iter()
    }
}

impl<'a, I, T: Sync + 'a> IntoParallelIterator for &'a IndexVec<I, T> {
    type Item = &'a T;
    type Iter = rayon::slice::Iter<'a, T>;

    fn into_par_iter(self) -> rayon::slice::Iter<'a, T> {
        self.items.par_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_vec_is_indexed_by_its_own_index() {
        let mut t: IndexVec<UnitIx, &str> = IndexVec::new();
        let a = t.push("a");
        let b = t.push("b");
        assert_eq!((a.index(), b.index()), (0, 1));
        assert_eq!((t[a], t[b]), ("a", "b"));
        assert_eq!(t.ixs().collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(t.iter_enumerated().map(|(i, s)| (i, *s)).collect::<Vec<_>>(), vec![(a, "a"), (b, "b")]);
        assert_eq!(t.position(|s| *s == "b"), Some(b));
        assert_eq!(t.get(UnitIx::new(2)), None);
        assert_eq!(std::mem::size_of::<UnitIx>(), std::mem::size_of::<usize>());
    }
}
