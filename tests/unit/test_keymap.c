#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "keymap.h"

/* Keys are numbered in the order first seen, through many doublings of the
 * slots; every key is found again, and keys never added are not. */
static void keys_are_numbered_in_first_seen_order(void **state) {
  (void)state;
  tl_keymap m = TL_KEYMAP_INIT;
  int created;
  for (uint64_t i = 0; i < 5000; i++) {
    uint64_t key = i * 7919 + 20000; /* near keys, like day numbers */
    assert_int_equal(tl_keymap_get(&m, key, &created), i);
    assert_true(created);
  }
  for (uint64_t i = 0; i < 5000; i++) {
    assert_int_equal(tl_keymap_get(&m, i * 7919 + 20000, &created), i);
    assert_false(created);
    assert_int_equal(tl_keymap_find(&m, i * 7919 + 20000), i);
    assert_int_equal(tl_keymap_find(&m, i * 7919 + 20001), SIZE_MAX);
  }
  assert_int_equal(m.count, 5000);
  assert_true(m.n_slots >= 2 * m.count);
  tl_keymap_free(&m);
  assert_int_equal(tl_keymap_find(&m, 20000), SIZE_MAX); /* a freed map is an empty one */
}

/* Names are copied in, numbered in first-seen order, and told apart by
 * their bytes even where the first bytes agree. */
static void names_are_copied_and_numbered(void **state) {
  (void)state;
  tl_names n = TL_NAMES_INIT;
  assert_int_equal(tl_names_find(&n, "OpenAI"), SIZE_MAX);
  char name[32];
  for (int i = 0; i < 3000; i++) {
    snprintf(name, sizeof name, "Qwen%d", i);
    int created;
    assert_int_equal(tl_names_get(&n, name, &created), (size_t)i);
    assert_true(created);
  }
  strcpy(name, "Qwen7"); /* the table keeps its own copy */
  name[0] = 'X';
  assert_string_equal(n.names[7], "Qwen7");
  for (int i = 0; i < 3000; i++) {
    snprintf(name, sizeof name, "Qwen%d", i);
    assert_int_equal(tl_names_find(&n, name), (size_t)i);
    int created;
    assert_int_equal(tl_names_get(&n, name, &created), (size_t)i);
    assert_false(created);
  }
  assert_int_equal(tl_names_find(&n, "Qwen"), SIZE_MAX);
  assert_int_equal(tl_names_find(&n, "Qwen30000"), SIZE_MAX);
  assert_int_equal(tl_names_get(&n, "", NULL), 3000); /* the empty name is a name */
  assert_int_equal(tl_names_find(&n, ""), 3000);
  tl_names_free(&n);
}

/* A parallel array grows as keys come, so that every key's value has a
 * place and keeps it (ASan and valgrind check the writes). */
static void parallel_arrays_fit_every_key(void **state) {
  (void)state;
  tl_keymap m = TL_KEYMAP_INIT;
  long *totals = NULL;
  for (uint64_t i = 0; i < 1000; i++) {
    int created;
    size_t id = tl_keymap_get(&m, i % 300, &created); /* 300 keys, each seen again */
    if (created) {
      totals = tl_xgrow_counted(totals, m.count, sizeof *totals);
      totals[id] = 0;
    }
    totals[id] += (long)i;
  }
  assert_int_equal(m.count, 300);
  assert_int_equal(totals[0], 0 + 300 + 600 + 900);
  assert_int_equal(totals[299], 299 + 599 + 899);
  free(totals);
  tl_keymap_free(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(keys_are_numbered_in_first_seen_order),
      cmocka_unit_test(names_are_copied_and_numbered),
      cmocka_unit_test(parallel_arrays_fit_every_key),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
