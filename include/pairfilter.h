#ifndef TL_PAIRFILTER_H
#define TL_PAIRFILTER_H
/*
 * pairfilter: a prefilter that says, cheaply and never wrongly "no", where
 * in a text one of a set of short keys may start. The rules scanner
 * (rules.c, keys of the regex rules) and the money scanner (money.c,
 * currency anchors) both spend most of their time looking for the rare
 * place where their closer test is worth running; this is that look.
 *
 * How it looks: the text is read four bytes at a time, as two byte pairs at
 * even offsets, the LEFT pair at p and the RIGHT one at p + 2 (a "window").
 * Each pair indexes a 64 KB table of one byte per pair, one for each side;
 * the window passes where the two bytes have a bit in common. Each bit is a
 * "lane", a place in the window where a key may start, and what a key
 * enters for it (k0 k1 k2 k3: the key's first bytes; "any": every byte):
 *   lane 0, at p:     left (k0 k1),           right (k2 k3), or (k2 any)
 *                                               for a key of three bytes;
 *   lane 1, at p + 1: left (b k0) for every   right (k1 k2), or (k1 any)
 *                      b allowed before k0,     for a key of two bytes;
 *   lane 2, at p + 2: left (any b), b         right (k0 k1): keys of two
 *                      allowed before k0,       bytes, too short for lane 0;
 *   lane 3, at p and p + 1: left (k0 any) or (any k0), right any: keys of
 *                      one byte ("$"), which any byte may follow.
 * Lanes 0 and 1 come in three copies, keys split among them by k0, because
 * the two pairs of a window may come from different keys: "mor" would pass
 * as " m" of "mistral" and "or" of "sora", 了 as the first pair of 亚 (亚尔)
 * and the last byte of 圆. Eight bits in all, one byte a pair.
 *
 * Invariants:
 *  - Never a miss: tl_pairfilter_next() returns, in increasing order, every
 *    position where an added key starts (and where its boundary flag lets
 *    it), and others: a superset, which the caller's closer test sorts out.
 *    Every position it returns leaves room for the shortest added key.
 *  - What passes (the rest costs one test per sixteen bytes): on the
 *    corpus digests one window in 45 with the rules' keys (on normalized
 *    text; English is full of pairs such as "in" or "ma", and one pair let
 *    one in nine through), one in 159 with the money anchors (one pair let
 *    one in twenty through: the lead bytes of common characters; four bytes
 *    tell 元 from 兆 先 光 克 全 公). The split into copies by k0 % 3 is the
 *    best simple one for the two together: by k0 % 2 the money anchors pass
 *    one window in 188, the rules' keys one in 40.
 *  - Memory: 128 KB and a little, all inside the struct (no allocation), so
 *    a filter can be a member or a static. The text touches a few hundred
 *    cache lines of it.
 *  - Built, then only read: once its keys are added, any number of threads
 *    may walk texts with the same filter at once, each with its own walk.
 *
 * Example:
 *     static tl_pairfilter f;              // 128 KB: not on the stack
 *     tl_pairfilter_init(&f);
 *     tl_pairfilter_add(&f, (const unsigned char *)"gpt", 3, TL_PAIRFILTER_WORD);
 *     tl_pairfilter_add(&f, (const unsigned char *)"$", 1, 0);
 *     tl_pairfilter_walk w = TL_PAIRFILTER_WALK_INIT;
 *     const unsigned char *t = (const unsigned char *)"a $5 gpt-4, chatgpt";
 *     for (size_t c = 0; (c = tl_pairfilter_next(&f, t, 19, c, &w)) < 19; c++)
 *       ...  // c is 2 and 5 among others; 16 ("gpt" inside a word) may or
 *            // may not come: the closer test decides.
 */

#include <stddef.h>
#include <stdint.h>

/* A key that starts with an ASCII letter or digit may not follow one: "o1"
 * starts in "gpt o1" but not in "pro1". Without it, any byte may come
 * before a key. */
enum { TL_PAIRFILTER_WORD = 1 };

/* The fields are the module's own: read and written only through the
 * functions below. */
typedef struct {
  uint8_t left[1 << 16];    /* [b0 | b1 << 8]: lanes of the pair b0 b1 as a window's left pair */
  uint8_t right[1 << 16];   /* the same as its right pair */
  uint8_t lane_starts[256]; /* [lanes of a window]: bit k for "a key may start at p + k" */
  uint8_t lane2_before;     /* which left pairs of lane 2 are in: 1 any b, 2 b not a letter or digit */
  size_t min_len;           /* the shortest key added; SIZE_MAX while there is none */
} tl_pairfilter;

/* Where the last tl_pairfilter_next() left off, so that the next call,
 * from just after the position returned, goes on from the same block
 * instead of testing it again (most positions returned fail the closer
 * test). Start each text with TL_PAIRFILTER_WALK_INIT. The fields are the
 * module's own. */
typedef struct {
  size_t p;        /* the block */
  size_t from;     /* the position after the last one returned; SIZE_MAX: none yet */
  unsigned starts; /* positions p + k of the block not yet returned */
} tl_pairfilter_walk;

#define TL_PAIRFILTER_WALK_INIT {0, SIZE_MAX, 0}

/* Empties f: it passes nothing until keys are added. */
void tl_pairfilter_init(tl_pairfilter *f);

/* Adds a key of `len` bytes (len >= 1; a key of one byte, such as "$",
 * may be followed by any byte), with flags TL_PAIRFILTER_WORD or 0. Only
 * the first four bytes count: a longer key passes wherever its first four
 * bytes are. To find a key in several casings, add each. Costs 64 K steps
 * for a key of one byte and for the first key of two bytes (the left pairs
 * of lane 2, shared), a few hundred otherwise. */
void tl_pairfilter_add(tl_pairfilter *f, const unsigned char *key, size_t len, int flags);

/* The first position c >= from where an added key may start, or len when
 * there is none; c + (the shortest key's length) <= len. w carries the
 * walk from one call to the next (see tl_pairfilter_walk), and is used only
 * when `from` is past the last position returned and in the same block, so
 * any `from` gives the right answer. The cost: one test per sixteen bytes
 * where nothing passes, and a few instructions per position returned.
 * Inline (below), because it is the scanners' inner loop, called once per
 * position returned: as a call it cost 3.7 M instructions more on 5 MB of
 * digests, 7% of the two scans. */
static inline size_t tl_pairfilter_next(const tl_pairfilter *f, const unsigned char *t, size_t len, size_t from,
                                        tl_pairfilter_walk *w);

/* ---- the walk, inline; nothing below is part of the interface ---------- */

/* Blocks of sixteen bytes: eight windows, whose positions p .. p + 16 fit
 * in the bits of an unsigned. */
enum { TL_PAIRFILTER_BLOCK = 16 };

static inline unsigned tl_pairfilter_pair_(const unsigned char *t) { return (unsigned)t[0] | (unsigned)t[1] << 8; }

/* Where a key may start in the block at p, by the lanes of its windows:
 * bit k for p + k, k = 0 .. 16. Past the last whole block (p + 18 > len),
 * every position that leaves room for the shortest key: no window covers
 * them all, and there are at most 17 of them. */
static inline unsigned tl_pairfilter_block_(const tl_pairfilter *f, const unsigned char *t, size_t len, size_t p) {
  if (p + TL_PAIRFILTER_BLOCK + 2 > len)
    return len < f->min_len || p > len - f->min_len ? 0 : (2u << (len - f->min_len - p)) - 1;
  unsigned starts = 0;
  for (size_t k = 0; k < TL_PAIRFILTER_BLOCK; k += 2) {
    unsigned lanes = f->left[tl_pairfilter_pair_(t + p + k)] & f->right[tl_pairfilter_pair_(t + p + k + 2)];
    starts |= (unsigned)f->lane_starts[lanes] << k;
  }
  return starts;
}

/* The common case is the inner loop, one test per block where nothing
 * passes, so that which window passed costs no branch; a block that passes
 * is taken apart by its bit mask of positions, which *w keeps between
 * calls. Position 0 is returned whatever the text: lane 2 of the window at
 * -2 would cover it. */
static inline size_t tl_pairfilter_next(const tl_pairfilter *f, const unsigned char *t, size_t len, size_t from,
                                        tl_pairfilter_walk *w) {
  enum { BLOCK = TL_PAIRFILTER_BLOCK };
  if (from == w->from && w->starts) { /* the common call: the caller's test failed at from - 1 */
    size_t c = w->p + (size_t)__builtin_ctz(w->starts);
    w->from = c + 1;
    w->starts &= w->starts - 1;
    return c;
  }
  size_t p;
  unsigned starts;
  if (from >= w->from && from - w->p <= BLOCK) {
    p = w->p;
    starts = w->starts;
  } else {
    if (from >= len || f->min_len > len)
      return len;
    /* The first window that covers `from` in every lane (lane 2 of p - 2
     * covers an even `from`). */
    p = from < 2 ? 0 : (from - 1) & ~(size_t)1;
    starts = tl_pairfilter_block_(f, t, len, p) | (p == 0);
  }
  if (p < from)
    starts &= ~0u << (from - p);
  /* Blocks from here on start past `from`. */
  while (!starts) {
    if (p + BLOCK + 2 > len) { /* that was the last block */
      *w = (tl_pairfilter_walk)TL_PAIRFILTER_WALK_INIT;
      return len;
    }
    size_t last = len - (BLOCK + 2); /* where the last whole block may start */
    for (p += BLOCK; p <= last; p += BLOCK) {
      unsigned pass = 0, a = f->left[tl_pairfilter_pair_(t + p)];
      for (size_t k = 2; k <= BLOCK; k += 2) {
        unsigned b = tl_pairfilter_pair_(t + p + k);
        pass |= a & f->right[b];
        a = f->left[b];
      }
      if (pass)
        break;
    }
    starts = tl_pairfilter_block_(f, t, len, p);
  }
  size_t c = p + (size_t)__builtin_ctz(starts);
  *w = (tl_pairfilter_walk){p, c + 1, starts & (starts - 1)};
  return c;
}

#endif
