#ifndef TL_PAIRS_H
#define TL_PAIRS_H
/*
 * pairs: the skip loop of the money and rule prefilters. Each keeps a table
 * with a byte of flags for every pair of bytes (index b0 | b1 << 8) and
 * looks only at the pairs that start at even offsets: one load per two
 * bytes of text, four pairs per test while nothing is there. What a flag
 * means, and the closer look where one is set, are the caller's.
 *
 * Example:
 *     for (size_t p = tl_next_pair(table, MASK, t, n, 0); p + 1 < n; p = tl_next_pair(table, MASK, t, n, p + 2))
 *       look_closer(t, n, p);   // table[t[p] | t[p + 1] << 8] & MASK
 */
#include <stddef.h>
#include <stdint.h>

/* The first even offset p, from `from` rounded down to even, whose pair
 * has a flag of `mask` in `table`; or, when none has, an even p with
 * p + 1 >= n (the last byte of an odd-length text is not looked at). */
static inline size_t tl_next_pair(const uint8_t *table, unsigned mask, const unsigned char *t, size_t n, size_t from) {
  size_t p = from & ~(size_t)1;
#define TL_PAIR(q) table[(unsigned)t[q] | (unsigned)t[(q) + 1] << 8]
  while (p + 7 < n && !((TL_PAIR(p) | TL_PAIR(p + 2) | TL_PAIR(p + 4) | TL_PAIR(p + 6)) & mask))
    p += 8;
  while (p + 1 < n && !(TL_PAIR(p) & mask))
    p += 2;
#undef TL_PAIR
  return p;
}

#endif
