#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pairfilter.h"
#include "testutil.h"

/* The filter must never miss a key: every test here compares what it
 * returns against the plain search (every position, every key). */

typedef struct {
  const char *s;
  int flags;
} test_key;

/* Like the rules' keys: letters and digits with the word flag, two bytes
 * and longer, Latin and Chinese. */
static const test_key rules_keys[] = {
    {"gpt", TL_PAIRFILTER_WORD},  {"o1", TL_PAIRFILTER_WORD},    {"qwen", TL_PAIRFILTER_WORD},
    {"h100", TL_PAIRFILTER_WORD}, {"sora", TL_PAIRFILTER_WORD},  {"mistral", TL_PAIRFILTER_WORD},
    {"4o", TL_PAIRFILTER_WORD},   {"混元", TL_PAIRFILTER_WORD},  {"通义千问", TL_PAIRFILTER_WORD},
    {"-v", TL_PAIRFILTER_WORD},   {"ab", TL_PAIRFILTER_WORD},    {"x-1", TL_PAIRFILTER_WORD}};

/* Like the money anchors: no flag, a key of one byte, two-byte signs. */
static const test_key money_keys[] = {{"$", 0},    {"元", 0},    {"亚尔", 0}, {"¥", 0},   {"£", 0},
                                      {"USD", 0},  {"dollar", 0}, {"Euro", 0}, {"yen", 0}, {"nbi", 0},
                                      {"块钱", 0}, {"＄", 0}};

/* Text pieces that look like keys without being them, and plain junk. */
static const char *const junk[] = {" ",  "a",  "Z",   "9",    "-",  "。", "，", "的", "上", "中", "亚", "圆",
                                   "mo", "or", "gp",  "pt",   "o",  "1",  "h1", "10", "\n", "$",  "€",  "\xc2",
                                   "qw", "en", "dol", "元素", "yu", "通", "义", "混"};

static int is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Whether some key starts at t[c], by the plain search. */
static int key_at(const test_key *keys, size_t nkeys, const unsigned char *t, size_t len, size_t c) {
  for (size_t k = 0; k < nkeys; k++) {
    size_t kl = strlen(keys[k].s);
    const unsigned char *ks = (const unsigned char *)keys[k].s;
    if (kl > len - c || memcmp(ks, t + c, kl) != 0)
      continue;
    if ((keys[k].flags & TL_PAIRFILTER_WORD) && c > 0 && is_word_byte(ks[0]) && is_word_byte(t[c - 1]))
      continue;
    return 1;
  }
  return 0;
}

static size_t shortest(const test_key *keys, size_t nkeys) {
  size_t m = SIZE_MAX;
  for (size_t k = 0; k < nkeys; k++)
    if (strlen(keys[k].s) < m)
      m = strlen(keys[k].s);
  return m;
}

/* Walks t with calls from `from` = (what the last call returned) + step,
 * step drawn at random from 1 to 4 (a caller that skips over a match), now
 * and then from further back (the walk must then start again), and checks
 * each answer against the plain search: no key starts in from .. c - 1,
 * and c leaves room for the shortest key. */
static void check_walk(const tl_pairfilter *f, const test_key *keys, size_t nkeys, const unsigned char *t, size_t len,
                       uint64_t *seed) {
  tl_pairfilter_walk w = TL_PAIRFILTER_WALK_INIT;
  size_t minlen = shortest(keys, nkeys);
  size_t from = 0, calls = 0;
  while (from <= len) {
    size_t c = tl_pairfilter_next(f, t, len, from, &w);
    assert_true(c >= from || c == len);
    assert_true(c == len || c + minlen <= len);
    for (size_t q = from; q < c && q < len; q++)
      if (key_at(keys, nkeys, t, len, q)) {
        fprintf(stderr, "missed a key at %zu (from %zu, returned %zu) in \"%.*s\"\n", q, from, c, (int)len,
                (const char *)t);
        fail();
      }
    if (c >= len)
      break;
    uint32_t r = (uint32_t)tu_xorshift64(seed);
    if (r % 16 == 0 && c > 3)
      from = c - r / 16 % 4; /* back, even before what was returned */
    else
      from = c + 1 + r / 16 % (r % 3 == 0 ? 4 : 1);
    assert_true(++calls < 10 * len + 10);
  }
}

/* A text of `n` random pieces, keys and junk. */
static size_t random_text(const test_key *keys, size_t nkeys, unsigned char *t, size_t cap, size_t n,
                          uint64_t *seed) {
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t r = (uint32_t)tu_xorshift64(seed);
    const char *piece = r % 4 == 0 ? keys[r / 4 % nkeys].s : junk[r / 4 % (sizeof junk / sizeof junk[0])];
    size_t pl = strlen(piece);
    if (len + pl > cap)
      break;
    memcpy(t + len, piece, pl);
    len += pl;
  }
  return len;
}

static tl_pairfilter filter; /* 128 KB: not on the stack */

static void build(const test_key *keys, size_t nkeys) {
  tl_pairfilter_init(&filter);
  for (size_t k = 0; k < nkeys; k++)
    tl_pairfilter_add(&filter, (const unsigned char *)keys[k].s, strlen(keys[k].s), keys[k].flags);
}

static void check_random(const test_key *keys, size_t nkeys, uint64_t seed) {
  build(keys, nkeys);
  unsigned char t[400];
  for (int round = 0; round < 3000; round++) {
    /* Mostly texts shorter than a block or two, some of several blocks. */
    size_t pieces = round % 10 == 0 ? 120 : tu_xorshift64(&seed) % 12;
    size_t len = random_text(keys, nkeys, t, sizeof t, pieces, &seed);
    check_walk(&filter, keys, nkeys, t, len, &seed);
  }
}

static void never_misses_rules_keys(void **state) {
  (void)state;
  check_random(rules_keys, sizeof rules_keys / sizeof rules_keys[0], 2463534242u);
}

static void never_misses_money_anchors(void **state) {
  (void)state;
  check_random(money_keys, sizeof money_keys / sizeof money_keys[0], 88675123u);
}

/* Every key at the very end of the text, after text of every length up to
 * three blocks (0: the key at position 0): spaces, letters (where a key
 * with the word flag does not start) or the lead byte of a character. */
static void keys_at_the_edges(void **state) {
  (void)state;
  const test_key *sets[] = {rules_keys, money_keys};
  size_t sizes[] = {sizeof rules_keys / sizeof rules_keys[0], sizeof money_keys / sizeof money_keys[0]};
  uint64_t seed = 521288629u;
  for (int s = 0; s < 2; s++) {
    build(sets[s], sizes[s]);
    for (size_t k = 0; k < sizes[s]; k++) {
      unsigned char t[128];
      size_t kl = strlen(sets[s][k].s);
      for (size_t pad = 0; pad < 50; pad++)
        for (int before = 0; before < 3; before++) {
          memset(t, before == 0 ? ' ' : before == 1 ? 'x' : 0xE4, pad);
          memcpy(t + pad, sets[s][k].s, kl);
          check_walk(&filter, sets[s], sizes[s], t, pad + kl, &seed);
          memcpy(t + pad + kl, "  ", 2); /* and with something after it */
          check_walk(&filter, sets[s], sizes[s], t, pad + kl + 2, &seed);
        }
    }
  }
}

/* A key that must be found at the start: the first call's position 0,
 * which no window covers for a key of two bytes. */
static void two_byte_key_at_zero(void **state) {
  (void)state;
  build(rules_keys, sizeof rules_keys / sizeof rules_keys[0]);
  const unsigned char *t = (const unsigned char *)"o1 is out, then a long stretch of plain text";
  tl_pairfilter_walk w = TL_PAIRFILTER_WALK_INIT;
  assert_int_equal(tl_pairfilter_next(&filter, t, strlen((const char *)t), 0, &w), 0);
}

/* The point of it all: text with no key in it passes almost nowhere (only
 * the last few positions, past the last whole block, are all returned). */
static void passes_little_of_plain_text(void **state) {
  (void)state;
  build(rules_keys, sizeof rules_keys / sizeof rules_keys[0]);
  char t[4000];
  size_t len = 0;
  while (len + 30 < sizeof t) {
    memcpy(t + len, "the quick brown fox jumps ", 26);
    len += 26;
  }
  tl_pairfilter_walk w = TL_PAIRFILTER_WALK_INIT;
  size_t n = 0;
  for (size_t c = 0; (c = tl_pairfilter_next(&filter, (const unsigned char *)t, len, c, &w)) < len; c++)
    n++;
  assert_true(n <= 20);
  /* One key in the middle is found, past a word boundary only. */
  memcpy(t + 2000, "gpt", 3);
  int found = 0;
  w = (tl_pairfilter_walk)TL_PAIRFILTER_WALK_INIT;
  for (size_t c = 0; (c = tl_pairfilter_next(&filter, (const unsigned char *)t, len, c, &w)) < len; c++)
    found |= c == 2000;
  assert_true(found);
}

/* A filter with no keys passes nothing; a key of one byte passes even at
 * the last byte. */
static void empty_filter_and_last_byte(void **state) {
  (void)state;
  tl_pairfilter_init(&filter);
  tl_pairfilter_walk w = TL_PAIRFILTER_WALK_INIT;
  const unsigned char *t = (const unsigned char *)"gpt $ o1";
  assert_int_equal(tl_pairfilter_next(&filter, t, 8, 0, &w), 8);
  tl_pairfilter_add(&filter, (const unsigned char *)"$", 1, 0);
  w = (tl_pairfilter_walk)TL_PAIRFILTER_WALK_INIT;
  assert_int_equal(tl_pairfilter_next(&filter, (const unsigned char *)"abc$", 4, 0, &w) <= 3, 1);
  size_t c = 0, last = 4;
  w = (tl_pairfilter_walk)TL_PAIRFILTER_WALK_INIT;
  while ((c = tl_pairfilter_next(&filter, (const unsigned char *)"abc$", 4, c, &w)) < 4)
    last = c++;
  assert_int_equal(last, 3);
}

/* The example of include/pairfilter.h. */
static void header_example(void **state) {
  (void)state;
  tl_pairfilter_init(&filter);
  tl_pairfilter_add(&filter, (const unsigned char *)"gpt", 3, TL_PAIRFILTER_WORD);
  tl_pairfilter_add(&filter, (const unsigned char *)"$", 1, 0);
  tl_pairfilter_walk w = TL_PAIRFILTER_WALK_INIT;
  const unsigned char *t = (const unsigned char *)"a $5 gpt-4, chatgpt";
  int seen = 0;
  for (size_t c = 0; (c = tl_pairfilter_next(&filter, t, 19, c, &w)) < 19; c++)
    seen |= (c == 2) | (c == 5) << 1;
  assert_int_equal(seen, 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(never_misses_rules_keys), cmocka_unit_test(never_misses_money_anchors),
      cmocka_unit_test(keys_at_the_edges),       cmocka_unit_test(two_byte_key_at_zero),
      cmocka_unit_test(passes_little_of_plain_text), cmocka_unit_test(empty_filter_and_last_byte),
      cmocka_unit_test(header_example),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
