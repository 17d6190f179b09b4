#include "pairfilter.h"

#include <stdint.h>
#include <string.h>

#include "ascii.h"

/* Lane bits: lane 0 in bits 0 1 2 (one per copy), lane 1 in bits 3 4 5,
 * lane 2 in bit 6, lane 3 in bit 7. */
enum { COPIES = 3, LANES_AT0 = 7, LANES_AT1 = 7 << 3, LANE_AT2 = 1 << 6, LANE_ONE = 1 << 7 };
static unsigned lane_at0(unsigned char k0) { return 1u << k0 % COPIES; }
static unsigned lane_at1(unsigned char k0) { return lane_at0(k0) << 3; }

/* The values of lane 2's left pairs, tl_pairfilter.lane2_before. */
enum { BEFORE_ANY = 1, BEFORE_NOT_WORD = 2 };

/* Whether byte b may come right before a key that starts with k0. */
static int allowed_before(unsigned k0, unsigned b, int flags) {
  return !((flags & TL_PAIRFILTER_WORD) && tl_ascii_alnum(k0) && tl_ascii_alnum(b));
}

static void set(uint8_t *side, unsigned b0, unsigned b1, unsigned bit) { side[b0 | b1 << 8] |= (uint8_t)bit; }

/* Sets `bit` on (b0, b1), or on (b0, every byte) when b1 is past the end of
 * the key (b1 < 0). */
static void set_any(uint8_t *side, unsigned b0, int b1, unsigned bit) {
  if (b1 >= 0)
    set(side, b0, (unsigned)b1, bit);
  else
    for (unsigned b = 0; b < 256; b++)
      set(side, b0, b, bit);
}

void tl_pairfilter_init(tl_pairfilter *f) {
  memset(f->left, 0, sizeof f->left);
  memset(f->right, 0, sizeof f->right);
  for (unsigned lanes = 0; lanes < 256; lanes++)
    f->lane_starts[lanes] = (uint8_t)((lanes & LANES_AT0 ? 1 : 0) | (lanes & LANES_AT1 ? 2 : 0) |
                                      (lanes & LANE_AT2 ? 4 : 0) | (lanes & LANE_ONE ? 3 : 0));
  f->lane2_before = 0;
  f->min_len = SIZE_MAX;
}

/* A key of one byte: lane 3, whose right pair is any. */
static void add_one(tl_pairfilter *f, unsigned k0, int flags) {
  for (unsigned b = 0; b < 256; b++) {
    set(f->left, k0, b, LANE_ONE);
    if (allowed_before(k0, b, flags))
      set(f->left, b, k0, LANE_ONE);
    for (unsigned a = 0; a < 256; a++)
      set(f->right, a, b, LANE_ONE);
  }
}

/* The left pairs of lane 2, shared by all keys of two bytes: entered once
 * for each kind of byte allowed before them. */
static void add_lane2_left(tl_pairfilter *f, unsigned k0, int flags) {
  unsigned kind = allowed_before(k0, 'a', flags) ? BEFORE_ANY : BEFORE_NOT_WORD;
  if (f->lane2_before & (kind | BEFORE_ANY))
    return;
  f->lane2_before |= (uint8_t)kind;
  for (unsigned b = 0; b < 256; b++)
    if (allowed_before(k0, b, flags))
      for (unsigned a = 0; a < 256; a++)
        set(f->left, a, b, LANE_AT2);
}

void tl_pairfilter_add(tl_pairfilter *f, const unsigned char *k, size_t len, int flags) {
  if (len == 0)
    return;
  if (len < f->min_len)
    f->min_len = len;
  if (len == 1) {
    add_one(f, k[0], flags);
    return;
  }
  /* Copies, as the tables' bytes might be the key's for all the compiler
   * knows. */
  unsigned k0 = k[0], k1 = k[1], at0 = lane_at0(k[0]), at1 = lane_at1(k[0]);
  int k2 = len > 2 ? k[2] : -1, k3 = len > 3 ? k[3] : -1;
  for (unsigned b = 0; b < 256; b++)
    if (allowed_before(k0, b, flags))
      set(f->left, b, k0, at1);
  set_any(f->right, k1, k2, at1);
  if (k2 >= 0) {
    set(f->left, k0, k1, at0);
    set_any(f->right, (unsigned)k2, k3, at0);
  } else {
    set(f->right, k0, k1, LANE_AT2);
    add_lane2_left(f, k0, flags);
  }
}
