/* The shared UTF-8 decoder agrees with utf8proc_iterate on every one-,
 * two- and three-byte sequence and on four-byte sequences around every
 * edge, valid or not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "utf8.h"

static void expect_as_utf8proc(const unsigned char *s, size_t n) {
  int32_t cp = -1;
  size_t k = tl_utf8_decode(s, n, &cp);
  utf8proc_int32_t want;
  utf8proc_ssize_t w = utf8proc_iterate(s, (utf8proc_ssize_t)n, &want);
  if (w <= 0) {
    if (k != 0)
      fail_msg("%02x %02x %02x %02x (%zu bytes): decoded, utf8proc says invalid", s[0], n > 1 ? s[1] : 0,
               n > 2 ? s[2] : 0, n > 3 ? s[3] : 0, n);
    return;
  }
  if (k != (size_t)w || cp != want)
    fail_msg("%02x %02x %02x: %zu bytes U+%04X, utf8proc %zd bytes U+%04X", s[0], n > 1 ? s[1] : 0,
             n > 2 ? s[2] : 0, k, (unsigned)cp, w, (unsigned)want);
}

static void every_short_sequence(void **state) {
  (void)state;
  unsigned char s[4];
  for (unsigned a = 0; a < 256; a++) {
    s[0] = (unsigned char)a;
    expect_as_utf8proc(s, 1);
    for (unsigned b = 0; b < 256; b++) {
      s[1] = (unsigned char)b;
      expect_as_utf8proc(s, 2);
      for (unsigned c = 0; c < 256; c++) {
        s[2] = (unsigned char)c;
        expect_as_utf8proc(s, 3);
      }
    }
  }
}

static void four_byte_edges(void **state) {
  (void)state;
  static const unsigned char leads[] = {0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF};
  static const unsigned char tails[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
  unsigned char s[4];
  for (size_t a = 0; a < sizeof leads; a++)
    for (size_t b = 0; b < sizeof tails; b++)
      for (size_t c = 0; c < sizeof tails; c++)
        for (size_t d = 0; d < sizeof tails; d++) {
          s[0] = leads[a], s[1] = tails[b], s[2] = tails[c], s[3] = tails[d];
          expect_as_utf8proc(s, 4);
          expect_as_utf8proc(s, 3); /* cut short */
        }
}

/* The lossy form agrees with the strict one on well-formed characters and
 * reads anything else as U+FFFD of one byte. */
static void lossy_always_moves_on(void **state) {
  (void)state;
  unsigned char s[3];
  for (unsigned a = 0; a < 256; a++)
    for (unsigned b = 0; b < 256; b++) {
      s[0] = (unsigned char)a, s[1] = (unsigned char)b, s[2] = 0x80;
      int32_t strict = -1, lossy = -1;
      size_t k = tl_utf8_decode(s, 3, &strict), l = tl_utf8_decode_lossy(s, 3, &lossy);
      if (k ? (l != k || lossy != strict) : (l != 1 || lossy != 0xFFFD))
        fail_msg("%02x %02x 80: strict %zu U+%04X, lossy %zu U+%04X", a, b, k, (unsigned)strict, l, (unsigned)lossy);
    }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_short_sequence),
      cmocka_unit_test(four_byte_edges),
      cmocka_unit_test(lossy_always_moves_on),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
