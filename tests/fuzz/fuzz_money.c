/*
 * fuzz_money: libFuzzer target for the money scanner.
 *
 * Build and run (the lead wires it into CMake/CI):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     tests/fuzz/fuzz_money.c src/money.c src/buf.c src/diag.c -o fuzz_money
 *   ./fuzz_money -max_total_time=60
 *
 * Besides "no crash, no out-of-bounds read" (the sanitizers), it checks the
 * promises of money.h on every input: amounts in text order, never
 * overlapping, inside the text, positive, with a known currency and a
 * qualifier from the documented vocabulary, and a range's high end above its
 * low end. And it holds the prefilter (the scanner walks only near currency
 * anchors) to the plain walk over every character: the same amounts, field
 * by field. The input is copied to an exact-size heap block so ASan catches
 * a read one byte past the end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

#include "../money_reference.h" /* ref_money_scan: the scanner without its prefilter */

static const char *const qualifiers[] = {"", "about", "nearly", "over", "up to", "at least", "under", "several"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size ? size : 1);
  if (!text)
    return 0;
  if (size)
    memcpy(text, data, size);
  tl_money *m = NULL;
  size_t n = tl_money_scan(text, size, &m);
  if ((n == 0) != (m == NULL))
    abort();
  char buf[32];
  for (size_t i = 0; i < n; i++) {
    const tl_money *a = &m[i];
    if (a->start >= a->end || a->end > size)
      abort();
    if (i > 0 && a->start < m[i - 1].end)
      abort();
    if (a->value.digits <= 0 || a->value.scale < 0 || a->value.scale > 18)
      abort();
    if (strlen(a->currency) != 3)
      abort();
    if (a->has_high && tl_decimal_cmp(a->value, a->value_high) >= 0)
      abort();
    int known = 0;
    for (size_t q = 0; q < sizeof qualifiers / sizeof qualifiers[0]; q++)
      known |= strcmp(a->qualifier, qualifiers[q]) == 0;
    if (!known)
      abort();
    tl_decimal_format(a->value, buf);
    if (strlen(buf) >= sizeof buf)
      abort();
  }
  tl_money *r = NULL;
  if (ref_money_scan(text, size, &r) != n)
    abort();
  for (size_t i = 0; i < n; i++) {
    const tl_money *a = &m[i], *b = &r[i];
    if (a->start != b->start || a->end != b->end || a->value.digits != b->value.digits ||
        a->value.scale != b->value.scale || a->has_high != b->has_high ||
        a->value_high.digits != b->value_high.digits || a->value_high.scale != b->value_high.scale ||
        strcmp(a->currency, b->currency) != 0 || a->kind != b->kind || strcmp(a->qualifier, b->qualifier) != 0 ||
        a->restates != b->restates)
      abort();
  }
  free(r);
  free(m);
  free(text);
  return 0;
}
