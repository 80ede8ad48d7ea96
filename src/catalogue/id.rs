//! Relation ids ([`Id`]) and lists of them ([`Ids`]), interned.
//!
//! A big catalogue names the same few hundred libraries, groups, programmes and themes (and
//! the same seed files) hundreds of thousands of times, mostly in the same short lists. Each
//! distinct id and each distinct list is kept once, behind an [`Arc`]; a copy is a pointer.
//! Interning happens where ids are made (deserialising, [`Id::new`], collecting an
//! [`Ids`]), through a pool per thread that forgets the values nobody holds any more.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

/// The ids made on this thread, each kept once.
struct Pool {
    set: HashSet<Arc<str>>,
    /// When the set reaches this size, ids held only by the pool are dropped.
    limit: usize,
}

impl Pool {
    fn new() -> Self {
        Self {
            set: HashSet::new(),
            limit: 1024,
        }
    }

    /// The pooled copy of `id`.
    fn get(&mut self, id: &str) -> Arc<str> {
        if let Some(found) = self.set.get(id) {
            return Arc::clone(found);
        }
        if self.set.len() >= self.limit {
            self.set.retain(|v| Arc::strong_count(v) > 1);
            self.limit = (self.set.len() * 2).max(1024);
        }
        let made: Arc<str> = Arc::from(id);
        self.set.insert(Arc::clone(&made));
        made
    }
}

/// A hash map keyed by addresses (or by hashes already made): shared lists are looked up by
/// where they are, millions of times while a big catalogue is read.
pub(crate) type ByAddress<K, V> = HashMap<K, V, BuildHasherDefault<AddressHasher>>;

/// A hasher for addresses and hashes: one multiplication per word, no protection against
/// chosen keys (addresses are not chosen by a file).
#[derive(Default)]
pub(crate) struct AddressHasher(u64);

impl AddressHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
}

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        // The multiplications mix upwards: bring the well-mixed high bits down.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(Self::K);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// The lists made on this thread, each kept once. The ids in a list are interned, so two
/// lists of this thread are equal when they hold the same pointers: a list is found by a hash
/// of the addresses of its ids, without reading them. (Ids from another thread's pool, or two
/// lists whose hashes collide, only make a second copy of an equal list.)
struct ListPool {
    lists: ByAddress<u64, Arc<List>>,
    /// When the pool reaches this size, lists held only by the pool are dropped.
    limit: usize,
    /// Room to collect a list in while it is read.
    scratch: Vec<Id>,
}

impl ListPool {
    fn new() -> Self {
        Self {
            lists: ByAddress::default(),
            limit: 1024,
            scratch: Vec::new(),
        }
    }

    fn get(&mut self, ids: &[Id]) -> Arc<List> {
        let mut key = AddressHasher::default();
        key.write_usize(ids.len());
        for id in ids {
            key.write_usize(Arc::as_ptr(&id.0).cast::<u8>() as usize);
        }
        let key = key.finish();
        if let Some(found) = self.lists.get(&key) {
            if found.0.len() == ids.len() && found.0.iter().zip(ids).all(|(a, b)| Arc::ptr_eq(&a.0, &b.0)) {
                return Arc::clone(found);
            }
            return Arc::new(List(ids.into()));
        }
        if self.lists.len() >= self.limit {
            self.lists.retain(|_, list| Arc::strong_count(list) > 1);
            self.limit = (self.lists.len() * 2).max(1024);
        }
        let made = Arc::new(List(ids.into()));
        self.lists.insert(key, Arc::clone(&made));
        made
    }
}

/// Empties this thread's pools: ids and lists made from now on are not shared with those
/// made before. Reading a catalogue needs the pools; holding it does not.
pub(crate) fn forget_pools() {
    IDS.with_borrow_mut(|pool| *pool = Pool::new());
    LISTS.with_borrow_mut(|pool| *pool = ListPool::new());
}

thread_local! {
    static IDS: RefCell<Pool> = RefCell::new(Pool::new());
    static LISTS: RefCell<ListPool> = RefCell::new(ListPool::new());
}

/// A stable kebab-case id naming another entry (or a seed file), shared: equal ids made on
/// one thread point to one allocation. Reads as a `str`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(Arc<str>);

impl Id {
    /// The interned id.
    #[must_use]
    pub fn new(id: &str) -> Self {
        Self(IDS.with_borrow_mut(|pool| pool.get(id)))
    }

    /// The id as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Id {
    fn default() -> Self {
        Self::new("")
    }
}

impl Deref for Id {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for Id {
    fn from(id: &str) -> Self {
        Self::new(id)
    }
}

impl From<&String> for Id {
    fn from(id: &String) -> Self {
        Self::new(id)
    }
}

impl From<String> for Id {
    fn from(id: String) -> Self {
        Self::new(&id)
    }
}

impl From<&Box<str>> for Id {
    fn from(id: &Box<str>) -> Self {
        Self::new(id)
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Id {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Box<str>> for Id {
    fn eq(&self, other: &Box<str>) -> bool {
        *self.0 == **other
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;

        impl Visitor<'_> for IdVisitor {
            type Value = Id;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id::new(v))
            }
        }

        deserializer.deserialize_str(IdVisitor)
    }
}

/// A list of ids (the libraries, target groups, programmes, themes or seed files of an
/// entry), shared: equal lists made on one thread point to one allocation. It never changes
/// after it is made; it reads as a slice of [`Id`].
///
/// It is one pointer wide (the list's length lives with the list), because every service
/// holds five of them.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Ids(Arc<List>);

/// The ids of an [`Ids`].
#[derive(PartialEq, Eq, Hash)]
struct List(Box<[Id]>);

impl Ids {
    /// The interned list.
    #[must_use]
    pub fn new(ids: &[Id]) -> Self {
        Self(LISTS.with_borrow_mut(|pool| pool.get(ids)))
    }

    /// Where the list is: equal for copies of one list.
    pub(crate) fn as_ptr(&self) -> *const () {
        Arc::as_ptr(&self.0).cast()
    }

    /// True when the list is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.0.is_empty()
    }
}

impl Default for Ids {
    fn default() -> Self {
        Self::new(&[])
    }
}

impl Deref for Ids {
    type Target = [Id];

    fn deref(&self) -> &[Id] {
        &self.0.0
    }
}

impl fmt::Debug for Ids {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.0.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Ids {
    type Item = &'a Id;
    type IntoIter = std::slice::Iter<'a, Id>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.0.iter()
    }
}

impl<T: Into<Id>> FromIterator<T> for Ids {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let ids: Vec<Id> = iter.into_iter().map(Into::into).collect();
        Self::new(&ids)
    }
}

impl<T: Into<Id>> From<Vec<T>> for Ids {
    fn from(ids: Vec<T>) -> Self {
        ids.into_iter().collect()
    }
}

impl<T: Into<Id> + Clone, const N: usize> From<[T; N]> for Ids {
    fn from(ids: [T; N]) -> Self {
        ids.into_iter().collect()
    }
}

impl<T> PartialEq<[T]> for Ids
where
    Id: PartialEq<T>,
{
    fn eq(&self, other: &[T]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b)
    }
}

impl<T, const N: usize> PartialEq<[T; N]> for Ids
where
    Id: PartialEq<T>,
{
    fn eq(&self, other: &[T; N]) -> bool {
        *self == other[..]
    }
}

impl<T> PartialEq<Vec<T>> for Ids
where
    Id: PartialEq<T>,
{
    fn eq(&self, other: &Vec<T>) -> bool {
        *self == other[..]
    }
}

impl Serialize for Ids {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.0.iter())
    }
}

impl<'de> Deserialize<'de> for Ids {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdsVisitor;

        impl<'de> Visitor<'de> for IdsVisitor {
            type Value = Ids;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ids, A::Error> {
                // The pool's scratch room, taken out while the ids are read.
                let mut ids = LISTS.with_borrow_mut(|pool| std::mem::take(&mut pool.scratch));
                ids.clear();
                while let Some(id) = seq.next_element::<Id>()? {
                    ids.push(id);
                }
                let list = Ids::new(&ids);
                ids.clear();
                LISTS.with_borrow_mut(|pool| pool.scratch = ids);
                Ok(list)
            }
        }

        deserializer.deserialize_seq(IdsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_ids_and_lists_share_one_allocation() {
        let a = Id::new("gen-families");
        let b: Id = String::from("gen-families").into();
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "gen-families");
        let first: Ids = ["x", "y"].into();
        let second: Ids = vec!["x".to_owned(), "y".to_owned()].into();
        assert!(Arc::ptr_eq(&first.0, &second.0));
        assert!(Arc::ptr_eq(&first[0].0, &Id::new("x").0));
        assert_eq!(size_of::<Ids>(), size_of::<usize>());
        let other: Ids = ["y", "x"].into();
        assert!(!Arc::ptr_eq(&first.0, &other.0));
        assert_eq!(first, ["x", "y"]);
        assert_ne!(first, other);
    }

    #[test]
    fn the_pool_forgets_values_nobody_holds() {
        let kept = Id::new("kept-id");
        for i in 0..5000 {
            let _ = Id::new(&format!("passing-{i}"));
        }
        let size = IDS.with_borrow(|pool| pool.set.len());
        assert!(size < 2100, "{size} ids pooled");
        assert!(Arc::ptr_eq(&kept.0, &Id::new("kept-id").0));
    }

    #[test]
    fn ids_read_and_write_as_plain_strings_and_lists() {
        let ids: Ids = ["lib", "other"].into();
        let json = serde_json::to_string(&ids).unwrap();
        assert_eq!(json, r#"["lib","other"]"#);
        let back: Ids = serde_json::from_str(&json).unwrap();
        assert!(Arc::ptr_eq(&ids.0, &back.0));
        let ron: Ids = ron::from_str(r#"["lib", "other",]"#).unwrap();
        assert_eq!(ron, ids);
        assert!(ron::from_str::<Ids>("[1]").is_err());
    }
}
