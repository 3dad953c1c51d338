//! The page's one sort. `sort_unstable_by` is a copy of the algorithm for each element type
//! and comparison (2 to 3.5 KB of WASM each); every sort of the page orders indices through the
//! one copy here, then moves its items into that order.

use std::cmp::Ordering;

/// Sorts `items` by `compare`; equal items keep their order.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` by the key of each, computed once per item; equal keys keep their order.
pub fn sort_by_cached_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = items.iter().map(key).collect();
    permute(items, sorted_indices(keys.len(), &|a, b| keys[a].cmp(&keys[b])));
}

/// `0..len` in the order `compare` gives their items, ties in index order: the one
/// instantiation of the sort.
fn sorted_indices(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    order
}

/// Moves `items[order[i]]` to `i`, in place (as the standard library's `sort_by_cached_key`):
/// an index below `i` was swapped away earlier, and is followed to where it went.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for i in 0..order.len() {
        let mut index = order[i];
        while index < i {
            index = order[index];
        }
        order[i] = index;
        items.swap(i, index);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_librarys_stable_sort() {
        // Pseudo-random sequences of 0 to 39 items with many ties, by a key that leaves the ties equal.
        let mut seed = 7u32;
        for len in 0..40 {
            let items: Vec<(u32, usize)> = (0..len)
                .map(|position| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 5, position)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            assert_eq!(ours, expected, "sort_by, {len} items");
            let mut ours = items;
            sort_by_cached_key(&mut ours, |item| item.0);
            assert_eq!(ours, expected, "sort_by_cached_key, {len} items");
        }
    }

    #[test]
    fn sorts_floats_by_total_order() {
        let mut values = vec![3.0, -0.0, f64::NAN, 1.5, 0.0, -2.0];
        sort_by(&mut values, f64::total_cmp);
        assert_eq!(values[..5], [-2.0, -0.0, 0.0, 1.5, 3.0]);
        // == cannot tell −0.0 from 0.0; total order puts −0.0 first.
        assert!(values[1].is_sign_negative() && !values[2].is_sign_negative());
        assert!(values[5].is_nan());
    }
}
