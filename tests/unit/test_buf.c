#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <stdlib.h>

#include "buf.h"

static void builds_strings(void **state) {
  (void)state;
  tl_buf b = TL_BUF_INIT;
  assert_string_equal(b.data, "");
  assert_int_equal(tl_buf_puts(&b, "week "), 0);
  assert_int_equal(tl_buf_printf(&b, "%d", 42), 0);
  assert_string_equal(b.data, "week 42");
  assert_int_equal(b.len, 7);
  tl_buf_reset(&b);
  assert_int_equal(b.len, 0);
  assert_string_equal(b.data, "");
  tl_buf_free(&b);
}

static void keeps_nul_bytes_and_grows(void **state) {
  (void)state;
  tl_buf b = TL_BUF_INIT;
  for (int i = 0; i < 10000; i++)
    assert_int_equal(tl_buf_add(&b, "a\0b", 3), 0);
  assert_int_equal(b.len, 30000);
  assert_int_equal(b.data[1], '\0');
  assert_int_equal(b.data[29999], 'b');
  char *s = tl_buf_detach(&b);
  assert_int_equal(b.len, 0);
  assert_int_equal(s[2], 'b');
  free(s);
  tl_buf_free(&b);
}

static void refuses_absurd_sizes_unchanged(void **state) {
  (void)state;
  tl_buf b = TL_BUF_INIT;
  tl_buf_puts(&b, "kept");
  assert_int_equal(tl_buf_grow(&b, (size_t)-1), -1);
  assert_string_equal(b.data, "kept");
  char *empty = tl_buf_detach(&(tl_buf)TL_BUF_INIT);
  assert_string_equal(empty, "");
  free(empty);
  tl_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(builds_strings),
      cmocka_unit_test(keeps_nul_bytes_and_grows),
      cmocka_unit_test(refuses_absurd_sizes_unchanged),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
