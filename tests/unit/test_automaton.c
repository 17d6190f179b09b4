#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "automaton.h"
#include "testutil.h"

static tl_automaton *make(const char *const *patterns, size_t n) {
  tl_automaton *a = tl_automaton_new();
  assert_non_null(a);
  for (size_t i = 0; i < n; i++)
    assert_int_equal(tl_automaton_add(a, patterns[i], strlen(patterns[i]), (int)i), 0);
  assert_int_equal(tl_automaton_build(a), 0);
  return a;
}

/* Scans `text` and renders the matches as "id@start-end id@start-end". */
static char *scan_str(const tl_automaton *a, const char *text, tl_ac_accept_fn accept, void *ctx) {
  tl_ac_match *m = NULL;
  size_t n = 0;
  long r = tl_automaton_scan(a, text, strlen(text), accept, ctx, &m, &n);
  assert_int_equal(r, (long)n);
  static char buf[4096];
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    assert_true(m[i].start < m[i].end);
    if (i > 0)
      assert_true(m[i].start >= m[i - 1].end);
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%d@%zu-%zu", i ? " " : "", m[i].pattern,
             m[i].start, m[i].end);
  }
  free(m);
  return buf;
}

static void longest_wins_at_the_same_start(void **state) {
  (void)state;
  const char *p[] = {"阿里", "阿里云", "gpt-5", "gpt-5 instant"};
  tl_automaton *a = make(p, 4);
  assert_string_equal(scan_str(a, "阿里云和阿里", NULL, NULL), "1@0-9 0@12-18");
  assert_string_equal(scan_str(a, "gpt-5 instant, gpt-5 inst", NULL, NULL), "3@0-13 2@15-20");
  tl_automaton_free(a);
}

static void leftmost_wins_and_matches_never_overlap(void **state) {
  (void)state;
  const char *p[] = {"abc", "bcd", "cdefg", "b", "ab"};
  tl_automaton *a = make(p, 5);
  /* abc starts first; bcd overlaps it; cdefg overlaps it too. */
  assert_string_equal(scan_str(a, "abcdefg", NULL, NULL), "0@0-3");
  /* A later, longer candidate does not beat an earlier short one. */
  assert_string_equal(scan_str(a, "xbcdefg", NULL, NULL), "1@1-4");
  assert_string_equal(scan_str(a, "xabx", NULL, NULL), "4@1-3");
  assert_string_equal(scan_str(a, "bb", NULL, NULL), "3@0-1 3@1-2");
  tl_automaton_free(a);
}

static void a_pattern_at_the_very_start_and_end(void **state) {
  (void)state;
  const char *p[] = {"openai", "英伟达"};
  tl_automaton *a = make(p, 2);
  assert_string_equal(scan_str(a, "openai", NULL, NULL), "0@0-6");
  assert_string_equal(scan_str(a, "英伟达", NULL, NULL), "1@0-9");
  assert_string_equal(scan_str(a, "openai x 英伟达", NULL, NULL), "0@0-6 1@9-18");
  assert_string_equal(scan_str(a, "", NULL, NULL), "");
  assert_string_equal(scan_str(a, "openaI", NULL, NULL), "");
  tl_automaton_free(a);
}

static void adjacent_cjk_names(void **state) {
  (void)state;
  const char *p[] = {"英伟达", "阿里", "阿里巴巴", "巴巴"};
  tl_automaton *a = make(p, 4);
  assert_string_equal(scan_str(a, "英伟达阿里巴巴英伟达", NULL, NULL), "0@0-9 2@9-21 0@21-30");
  assert_string_equal(scan_str(a, "阿里阿里", NULL, NULL), "1@0-6 1@6-12");
  tl_automaton_free(a);
}

/* Rejects a match that has an ASCII letter on either side: the word
 * boundary rule of the dictionary, written out for the test. */
static int word_boundary(size_t start, size_t end, int id, void *ctx) {
  const char *t = ctx;
  size_t len = strlen(t);
  int before = start > 0 && t[start - 1] >= 'a' && t[start - 1] <= 'z';
  int after = end < len && t[end] >= 'a' && t[end] <= 'z';
  return !before && !after;
}

static void rejected_candidates_hide_nothing(void **state) {
  (void)state;
  const char *p[] = {"meta", "data", "gpt-5", "gpt-5 instant", "gpt", "chatgpt"};
  tl_automaton *a = make(p, 6);
  const char *t1 = "metadata";
  assert_string_equal(scan_str(a, t1, word_boundary, (void *)t1), "");
  const char *t2 = "meta data";
  assert_string_equal(scan_str(a, t2, word_boundary, (void *)t2), "0@0-4 1@5-9");
  /* The long candidate is rejected (a letter follows), the short one at
   * the same start stands. */
  const char *t3 = "gpt-5 instantly";
  assert_string_equal(scan_str(a, t3, word_boundary, (void *)t3), "2@0-5");
  const char *t4 = "xchatgpt gpt";
  assert_string_equal(scan_str(a, t4, word_boundary, (void *)t4), "4@9-12");
  const char *t5 = "chatgpt";
  assert_string_equal(scan_str(a, t5, word_boundary, (void *)t5), "5@0-7");
  tl_automaton_free(a);
}

static int reject_id_0(size_t start, size_t end, int id, void *ctx) { return id != 0; }

static void same_bytes_under_several_ids(void **state) {
  (void)state;
  tl_automaton *a = tl_automaton_new();
  assert_int_equal(tl_automaton_add(a, "arm", 3, 0), 0);
  assert_int_equal(tl_automaton_add(a, "arm", 3, 1), 0);
  assert_int_equal(tl_automaton_build(a), 0);
  assert_string_equal(scan_str(a, "arm", NULL, NULL), "0@0-3");
  assert_string_equal(scan_str(a, "arm", reject_id_0, NULL), "1@0-3");
  tl_automaton_free(a);
}

static void misuse_is_refused(void **state) {
  (void)state;
  tl_automaton *a = tl_automaton_new();
  tl_ac_match *m = NULL;
  size_t n = 0;
  assert_int_equal(tl_automaton_add(a, "", 0, 1), -1);
  assert_int_equal(tl_automaton_add(a, "x", 65536, 1), -1);
  assert_int_equal(tl_automaton_add(a, "ab", 2, 1), 0);
  assert_int_equal(tl_automaton_scan(a, "ab", 2, NULL, NULL, &m, &n), -1); /* not built */
  assert_int_equal(tl_automaton_build(a), 0);
  assert_int_equal(tl_automaton_build(a), 0);
  assert_int_equal(tl_automaton_add(a, "cd", 2, 2), -1); /* built */
  assert_int_equal(tl_automaton_states(a), 3);
  tl_automaton_free(a);
  tl_automaton_free(NULL);
  /* An empty automaton finds nothing. */
  a = tl_automaton_new();
  assert_int_equal(tl_automaton_build(a), 0);
  assert_string_equal(scan_str(a, "anything", NULL, NULL), "");
  tl_automaton_free(a);
}

static void appends_to_what_is_there(void **state) {
  (void)state;
  const char *p[] = {"x"};
  tl_automaton *a = make(p, 1);
  tl_ac_match *m = NULL;
  size_t n = 0;
  assert_int_equal(tl_automaton_scan(a, "x-x", 3, NULL, NULL, &m, &n), 2);
  assert_int_equal(tl_automaton_scan(a, "yyx", 3, NULL, NULL, &m, &n), 1);
  assert_int_equal(tl_automaton_scan(a, "yyy", 3, NULL, NULL, &m, &n), 0);
  assert_int_equal(n, 3);
  assert_int_equal(m[1].start, 2);
  assert_int_equal(m[2].start, 2);
  free(m);
  tl_automaton_free(a);
}

static void nul_bytes_are_ordinary(void **state) {
  (void)state;
  tl_automaton *a = tl_automaton_new();
  assert_int_equal(tl_automaton_add(a, "a\0b", 3, 7), 0);
  assert_int_equal(tl_automaton_build(a), 0);
  tl_ac_match *m = NULL;
  size_t n = 0;
  assert_int_equal(tl_automaton_scan(a, "\0a\0b\0", 5, NULL, NULL, &m, &n), 1);
  assert_int_equal(m[0].start, 1);
  assert_int_equal(m[0].end, 4);
  assert_int_equal(m[0].pattern, 7);
  free(m);
  tl_automaton_free(a);
}

/* --- a brute-force reference on random input --- */

static uint64_t rng = 2463534242u;
static uint32_t next_rand(void) { return (uint32_t)tu_xorshift64(&rng); }

/* A deterministic, arbitrary accept rule, so that the reference and the
 * automaton see the same verdicts. */
static int pseudo_accept(size_t start, size_t end, int id, void *ctx) {
  uint32_t h = (uint32_t)(start * 2654435761u) ^ (uint32_t)(end * 40503u) ^ (uint32_t)id * 97u;
  h ^= h >> 13;
  return (h % 4) != 0;
}

/* The leftmost-longest matches of pats[0..np) in text[0..tl), rendered like
 * scan_str(): from the end of the last match, the first position with an
 * accepted candidate; there, the longest (first added on ties). */
static void reference(char pats[][10], const size_t *plen, int np, const char *text, size_t tl, int use_accept,
                      char *want, size_t cap) {
  want[0] = '\0';
  size_t pos = 0;
  while (pos < tl) {
    size_t best_end = 0;
    int best = -1;
    for (int i = 0; i < np; i++) {
      size_t l = plen[i];
      if (pos + l > tl || memcmp(text + pos, pats[i], l) != 0)
        continue;
      if (use_accept && !pseudo_accept(pos, pos + l, i, NULL))
        continue;
      if (pos + l > best_end) {
        best_end = pos + l;
        best = i;
      }
    }
    if (best < 0) {
      pos++;
      continue;
    }
    snprintf(want + strlen(want), cap - strlen(want), "%s%d@%zu-%zu", want[0] ? " " : "", best, pos, best_end);
    pos = best_end;
  }
}

/* Scans text with a (then frees it) and fails the test unless the matches
 * are the brute-force reference's. */
static void expect_reference(tl_automaton *a, char pats[][10], const size_t *plen, int np, const char *text, size_t tl,
                             int use_accept, int round) {
  static char want[16384], got[16384];
  reference(pats, plen, np, text, tl, use_accept, want, sizeof want);
  tl_ac_match *m = NULL;
  size_t n = 0;
  long r = tl_automaton_scan(a, text, tl, use_accept ? pseudo_accept : NULL, NULL, &m, &n);
  assert_int_equal(r, (long)n);
  got[0] = '\0';
  for (size_t i = 0; i < n; i++)
    snprintf(got + strlen(got), sizeof got - strlen(got), "%s%d@%zu-%zu", i ? " " : "", m[i].pattern, m[i].start,
             m[i].end);
  free(m);
  if (strcmp(got, want) != 0)
    fail_msg("round %d: got '%s', want '%s'", round, got, want);
  tl_automaton_free(a);
}

/* Random patterns of up to `maxlen` bytes from `alpha` and random texts
 * from `text_alpha` (which may hold bytes no pattern has), against the
 * reference. */
static void random_rounds(int rounds, const char *alpha, size_t nalpha, int maxlen, const char *text_alpha,
                          size_t ntext_alpha, size_t max_text) {
  char pats[12][10];
  size_t plen[12];
  char text[1024];
  for (int round = 0; round < rounds; round++) {
    int np = 1 + (int)(next_rand() % 12);
    tl_automaton *a = tl_automaton_new();
    for (int i = 0; i < np; i++) {
      plen[i] = 1 + next_rand() % (uint32_t)maxlen;
      for (size_t j = 0; j < plen[i]; j++)
        pats[i][j] = alpha[next_rand() % nalpha];
      assert_int_equal(tl_automaton_add(a, pats[i], plen[i], i), 0);
    }
    assert_int_equal(tl_automaton_build(a), 0);
    size_t tl = next_rand() % max_text;
    for (size_t j = 0; j < tl; j++)
      text[j] = text_alpha[next_rand() % ntext_alpha];
    int use_accept = round % 2;
    expect_reference(a, pats, plen, np, text, tl, use_accept, round);
  }
}

static void matches_a_brute_force_reference(void **state) {
  (void)state;
  random_rounds(20000, "abc", 3, 5, "abc", 3, 40);
}

/* Deep states (past the ones with a complete row), bytes at both ends of
 * the range, and text bytes that occur in no pattern (the shared class,
 * where a long text is cut in two). */
static void deep_states_and_unused_bytes_match_the_reference(void **state) {
  (void)state;
  random_rounds(20000, "a\0\xff", 3, 9, "a\0\xffz\x80", 5, 40);
  random_rounds(2000, "a\0\xff", 3, 9, "a\0\xff" "a\0\xff" "z", 7, 1024);
  random_rounds(2000, "ab", 2, 9, "ababababab-", 11, 1024);
}

/* The scan runs through states with a complete row, one load a byte,
 * until a move ends a pattern or goes deeper than the rows; then the full
 * step takes over. Realistic text for that: CJK names (three bytes a
 * character, so a name of two characters is deeper than the rows), Latin
 * letters, filler characters no pattern has, and line breaks where a long
 * text is cut in two. Matches right after a long run, at the very end of
 * the text or of its first half, and overlapping candidates that start
 * inside a run, all against the reference. */
static void fast_runs_match_the_reference(void **state) {
  (void)state;
  static const char *const in_names[] = {"英", "伟", "达", "阿", "里", "云", "a", "b"};
  static const char *const filler[] = {"的", "是", "\n", " "};
  char pats[12][10];
  size_t plen[12];
  static char text[1100];
  for (int round = 0; round < 3000; round++) {
    int np = 1 + (int)(next_rand() % 12);
    tl_automaton *a = tl_automaton_new();
    for (int i = 0; i < np; i++) {
      plen[i] = 0;
      int chars = 1 + (int)(next_rand() % 3);
      for (int j = 0; j < chars; j++) {
        const char *c = in_names[next_rand() % 8];
        memcpy(pats[i] + plen[i], c, strlen(c));
        plen[i] += strlen(c);
      }
      assert_int_equal(tl_automaton_add(a, pats[i], plen[i], i), 0);
    }
    assert_int_equal(tl_automaton_build(a), 0);
    size_t tl = 0, target = next_rand() % 1000;
    while (tl < target) {
      uint32_t r = next_rand() % 10;
      const char *c = r < 4 ? filler[next_rand() % 4] : in_names[next_rand() % 8];
      if (r == 9) { /* a whole pattern */
        int k = (int)(next_rand() % (uint32_t)np);
        memcpy(text + tl, pats[k], plen[k]);
        tl += plen[k];
        continue;
      }
      memcpy(text + tl, c, strlen(c));
      tl += strlen(c);
    }
    if (round % 2) { /* a pattern that ends the text */
      int k = (int)(next_rand() % (uint32_t)np);
      memcpy(text + tl, pats[k], plen[k]);
      tl += plen[k];
    }
    int use_accept = round % 3 == 0;
    expect_reference(a, pats, plen, np, text, tl, use_accept, round);
  }
}

/* Every byte value in some pattern: no class is shared. */
static void all_256_bytes_in_patterns(void **state) {
  (void)state;
  tl_automaton *a = tl_automaton_new();
  for (int b = 0; b < 256; b++) {
    char p[2] = {(char)b, (char)(255 - b)};
    assert_int_equal(tl_automaton_add(a, p, 2, b), 0);
  }
  assert_int_equal(tl_automaton_build(a), 0);
  char text[5] = {'\x10', '\xef', '\xef', '\x10', '\x00'};
  tl_ac_match *m = NULL;
  size_t n = 0;
  assert_int_equal(tl_automaton_scan(a, text, 5, NULL, NULL, &m, &n), 2);
  assert_int_equal(m[0].pattern, 0x10);
  assert_int_equal(m[0].start, 0);
  assert_int_equal(m[1].pattern, 0xef);
  assert_int_equal(m[1].start, 2);
  free(m);
  tl_automaton_free(a);
}

static void three_thousand_mixed_patterns(void **state) {
  (void)state;
  /* CJK and Latin names of realistic lengths. */
  static const char *const cjk[] = {"英", "伟", "达", "阿", "里", "云", "字", "节", "跳", "动",
                                    "腾", "讯", "百", "度", "智", "谱", "月", "之", "暗", "面"};
  tl_automaton *a = tl_automaton_new();
  char buf[64];
  size_t total = 0;
  for (int i = 0; i < 3000; i++) {
    size_t len = 0;
    if (i % 2) {
      int n = 2 + (int)(next_rand() % 4);
      for (int j = 0; j < n; j++) {
        const char *c = cjk[next_rand() % 20];
        memcpy(buf + len, c, 3);
        len += 3;
      }
    } else {
      int n = 3 + (int)(next_rand() % 10);
      for (int j = 0; j < n; j++)
        buf[len++] = (char)('a' + next_rand() % 26);
    }
    total += len;
    assert_int_equal(tl_automaton_add(a, buf, len, i), 0);
  }
  assert_int_equal(tl_automaton_build(a), 0);
  size_t states = tl_automaton_states(a), mem = tl_automaton_memory(a);
  assert_true(states <= total + 1);
  /* Well under a dense table's 1 KiB per state. */
  assert_true(mem < states * 100);
  print_message("3000 patterns, %zu bytes: %zu states, %zu KiB\n", total, states, mem / 1024);
  tl_automaton_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(longest_wins_at_the_same_start),
      cmocka_unit_test(leftmost_wins_and_matches_never_overlap),
      cmocka_unit_test(a_pattern_at_the_very_start_and_end),
      cmocka_unit_test(adjacent_cjk_names),
      cmocka_unit_test(rejected_candidates_hide_nothing),
      cmocka_unit_test(same_bytes_under_several_ids),
      cmocka_unit_test(misuse_is_refused),
      cmocka_unit_test(appends_to_what_is_there),
      cmocka_unit_test(nul_bytes_are_ordinary),
      cmocka_unit_test(matches_a_brute_force_reference),
      cmocka_unit_test(deep_states_and_unused_bytes_match_the_reference),
      cmocka_unit_test(fast_runs_match_the_reference),
      cmocka_unit_test(all_256_bytes_in_patterns),
      cmocka_unit_test(three_thousand_mixed_patterns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
