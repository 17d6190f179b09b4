/*
 * test_rates: the exchange-rate table (loading, file:line errors) and the
 * exact USD conversion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "rates.h"

static const char good[] = "# comment\n"
                           "\n"
                           "currency\tusd_per_unit\tas_of\tnote\n"
                           "USD\t1\t2025-06-30\tUS dollar\n"
                           "CNY\t0.1396\t2025-06-30\trenminbi\n"
                           "JPY\t0.00693\t2025-06-30\n"
                           "KRW\t0.000738\t2025-06-30\twon\n";

static void parses_a_clean_table(void **state) {
  (void)state;
  tl_rates r = TL_RATES_INIT;
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_rates_parse(&r, "rates.tsv", good, strlen(good)), 0);
  tl_diag_capture(NULL);
  assert_int_equal(sink.len, 0);
  assert_int_equal(r.n, 4);
  const tl_rate *cny = tl_rates_find(&r, "CNY");
  assert_non_null(cny);
  assert_int_equal(cny->usd_per_unit.digits, 1396);
  assert_int_equal(cny->usd_per_unit.scale, 4);
  assert_string_equal(cny->as_of, "2025-06-30");
  assert_non_null(tl_rates_find(&r, "JPY"));
  assert_null(tl_rates_find(&r, "EUR"));
  assert_null(tl_rates_find(&r, "cny"));
  tl_rates_free(&r);
  assert_null(r.v);
  assert_int_equal(r.n, 0);
  tl_buf_free(&sink);
}

static void reports_bad_lines_with_file_and_line(void **state) {
  (void)state;
  static const char text[] = "\xEF\xBB\xBF"            /* BOM */
                             "USD\t1\t2025-06-30\tok\r\n" /* 1: CRLF is fine */
                             "usd\t1\t2025-06-30\r\n"     /* 2: lower case */
                             "EUR\t1,17\t2025-06-30\n"    /* 3: comma */
                             "GBP\t0\t2025-06-30\n"       /* 4: zero */
                             "CHF\t1.25\t30/06/2025\n"    /* 5: date */
                             "CNY 0.14 2025-06-30\n"      /* 6: spaces, not TABs */
                             "USD\t1.1\t2025-06-30\n"     /* 7: duplicate */
                             "HKD\t-0.12\t2025-06-30\n"   /* 8: negative */
                             "SGD\t0.78\t2025-13-01\n"    /* 9: month 13 */
                             "AUD\t0.65\t2025-06-30";     /* 10: no final newline, fine */
  tl_rates r = TL_RATES_INIT;
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  int problems = tl_rates_parse(&r, "dict/rates.tsv", text, sizeof text - 1);
  tl_diag_capture(NULL);
  assert_int_equal(problems, 8);
  assert_int_equal(r.n, 2);
  assert_non_null(tl_rates_find(&r, "USD"));
  assert_non_null(tl_rates_find(&r, "AUD"));
  assert_int_equal(tl_rates_find(&r, "USD")->usd_per_unit.digits, 1); /* first line wins */
  static const char *const expect[] = {
      "trendlens: dict/rates.tsv:2: currency \"usd\"", "trendlens: dict/rates.tsv:3: rate \"1,17\"",
      "trendlens: dict/rates.tsv:4: rate \"0\"",       "trendlens: dict/rates.tsv:5: as-of date \"30/06/2025\"",
      "trendlens: dict/rates.tsv:6: expected",         "trendlens: dict/rates.tsv:7: currency USD is listed twice",
      "trendlens: dict/rates.tsv:8: rate \"-0.12\"",   "trendlens: dict/rates.tsv:9: as-of date \"2025-13-01\"",
  };
  const char *line = sink.data;
  for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
    assert_non_null(line);
    assert_true(strncmp(line, expect[i], strlen(expect[i])) == 0);
    line = strchr(line, '\n');
    if (line)
      line++;
  }
  assert_string_equal(line, "");
  tl_rates_free(&r);
  tl_buf_free(&sink);
}

static void nul_bytes_are_an_error(void **state) {
  (void)state;
  static const char text[] = "USD\t1\t2025-06-30\n"
                             "CNY\t0.1\0x\t2025-06-30\n";
  tl_rates r = TL_RATES_INIT;
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_rates_parse(&r, "r.tsv", text, sizeof text - 1), 1);
  tl_diag_capture(NULL);
  assert_non_null(strstr(sink.data, "r.tsv:2: NUL byte"));
  assert_int_equal(r.n, 1);
  tl_rates_free(&r);
  tl_buf_free(&sink);
}

static void loads_from_a_file_and_refuses_missing_ones(void **state) {
  (void)state;
  char path[] = "/tmp/tl_rates_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, good, strlen(good)), (ssize_t)strlen(good));
  close(fd);
  tl_rates r = TL_RATES_INIT;
  assert_int_equal(tl_rates_load(&r, path), 0);
  assert_int_equal(r.n, 4);
  unlink(path);

  /* Unreadable: -1, a message, and the loaded table untouched. */
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  assert_int_equal(tl_rates_load(&r, "/nonexistent/rates.tsv"), -1);
  tl_diag_capture(NULL);
  assert_non_null(strstr(sink.data, "trendlens: /nonexistent/rates.tsv: cannot open"));
  assert_int_equal(r.n, 4);
  assert_non_null(tl_rates_find(&r, "KRW"));

  /* Loading again replaces the table. */
  static const char other[] = "EUR\t1.172\t2025-06-30\n";
  assert_int_equal(tl_rates_parse(&r, "x", other, strlen(other)), 0);
  assert_int_equal(r.n, 1);
  assert_null(tl_rates_find(&r, "USD"));
  tl_rates_free(&r);
  tl_buf_free(&sink);
}

static void converts_exactly_to_cents(void **state) {
  (void)state;
  tl_rates r = TL_RATES_INIT;
  assert_int_equal(tl_rates_parse(&r, "r", good, strlen(good)), 0);
  static const struct {
    tl_decimal amount;
    const char *code, *usd;
  } cases[] = {
      {{42900000, 0}, "CNY", "5988840.00"},              /* 4290万元 */
      {{1, 0}, "CNY", "0.14"},                          /* 0.1396 rounds up */
      {{380000000000, 0}, "CNY", "53048000000.00"},     /* 三千八百亿元 */
      {{195, 2}, "USD", "1.95"},
      {{5, 3}, "USD", "0.01"},                          /* half a cent rounds away from zero */
      {{4, 3}, "USD", "0.00"},
      {{0, 0}, "USD", "0.00"},
      {{3000000000000, 0}, "JPY", "20790000000.00"},    /* 3万亿日元 */
      {{450000000000000, 0}, "KRW", "332100000000.00"}, /* 450万亿韩元 */
      {{INT64_MAX, 0}, "USD", "9223372036854775807.00"},
      {{INT64_MAX, 18}, "KRW", "0.01"},                 /* 9.22 × 0.000738 = 0.0068 */
      {{INT64_MAX, 0}, "KRW", "6806848563198824.55"},   /* a 22-digit product, still exact */
  };
  char out[48];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(tl_rates_usd(&r, cases[i].amount, cases[i].code, out), 0);
    assert_string_equal(out, cases[i].usd);
  }
  /* Unknown currency, empty code, negative amount: "" and -1, never a guess. */
  strcpy(out, "junk");
  assert_int_equal(tl_rates_usd(&r, (tl_decimal){100, 0}, "EUR", out), -1);
  assert_string_equal(out, "");
  assert_int_equal(tl_rates_usd(&r, (tl_decimal){100, 0}, "", out), -1);
  assert_string_equal(out, "");
  assert_int_equal(tl_rates_usd(&r, (tl_decimal){-100, 0}, "USD", out), -1);
  assert_string_equal(out, "");
  tl_rates_free(&r);
  assert_int_equal(tl_rates_usd(&r, (tl_decimal){100, 0}, "USD", out), -1);
}

/* The shipped table loads clean and covers the currencies the scanner
 * produces most often. */
static void shipped_table_is_clean(void **state) {
  (void)state;
  const char *src = getenv("TL_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/dictionaries/rates.tsv", src ? src : ".");
  tl_rates r = TL_RATES_INIT;
  tl_buf sink = TL_BUF_INIT;
  tl_diag_capture(&sink);
  int problems = tl_rates_load(&r, path);
  tl_diag_capture(NULL);
  if (problems != 0)
    fprintf(stderr, "%s", sink.data);
  assert_int_equal(problems, 0);
  static const char *const needed[] = {"USD", "CNY", "HKD", "EUR", "GBP", "JPY", "KRW",
                                       "INR", "TWD", "SGD", "CAD", "AUD", "CHF"};
  for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
    assert_non_null(tl_rates_find(&r, needed[i]));
  const tl_rate *usd = tl_rates_find(&r, "USD");
  assert_int_equal(usd->usd_per_unit.digits, 1);
  assert_int_equal(usd->usd_per_unit.scale, 0);
  tl_rates_free(&r);
  tl_buf_free(&sink);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(parses_a_clean_table),
      cmocka_unit_test(reports_bad_lines_with_file_and_line),
      cmocka_unit_test(nul_bytes_are_an_error),
      cmocka_unit_test(loads_from_a_file_and_refuses_missing_ones),
      cmocka_unit_test(converts_exactly_to_cents),
      cmocka_unit_test(shipped_table_is_clean),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
