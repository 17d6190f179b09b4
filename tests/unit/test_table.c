/* table: the CSV bytes (quoting, excel guards, numbers) and the safe
 * commit, and tl_number_format's fast path against printf on values that
 * exercise both of its paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <csv.h>
#include <limits.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "testutil.h"

/* What tl_number_format promises, spelled with printf alone. */
static void reference(double v, int digits, char *out) {
  if (digits > 40)
    digits = 40;
  int n = snprintf(out, TL_NUMBER_MAX, "%.*f", digits, v);
  if (memchr(out, '.', (size_t)n)) {
    while (n > 0 && out[n - 1] == '0')
      n--;
    if (n > 0 && out[n - 1] == '.')
      n--;
  }
  out[n] = '\0';
  if (strcmp(out, "-0") == 0)
    strcpy(out, "0");
}

static int mismatches;

static void check(double v, int digits) {
  char want[TL_NUMBER_MAX], got[TL_NUMBER_MAX];
  reference(v, digits, want);
  size_t n = tl_number_format(v, digits, got);
  if (strcmp(want, got) != 0 || n != strlen(want)) {
    if (mismatches++ < 10)
      print_error("%.17g at %d digits: want %s, got %s (%zu)\n", v, digits, want, got, n);
  }
}

/* Both signs, and the neighbours one ulp away, which sit on either side
 * of a tie when v is one. */
static void check_around(double v, int digits) {
  double around[] = {v, nextafter(v, INFINITY), nextafter(v, -INFINITY)};
  for (size_t i = 0; i < 3; i++) {
    check(around[i], digits);
    check(-around[i], digits);
  }
}

static void numbers_hand_picked(void **state) {
  (void)state;
  char buf[TL_NUMBER_MAX];
  struct {
    double v;
    int digits;
    const char *want;
  } cases[] = {
      {0.0132743362831, 10, "0.0132743363"},
      {2.50, 2, "2.5"},
      {-1e-12, 10, "0"},
      {-0.0, 10, "0"},
      {40000000.0, 2, "40000000"},
      {-3.25, 10, "-3.25"},
      {0.125, 2, "0.12"}, /* an exact tie: printf rounds it to even */
      {0.375, 2, "0.38"},
      {2.5, 0, "2"},
      {1e20, 2, "100000000000000000000"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t n = tl_number_format(cases[i].v, cases[i].digits, buf);
    assert_string_equal(buf, cases[i].want);
    assert_int_equal(n, strlen(cases[i].want));
  }
}

static void numbers_agree_with_printf(void **state) {
  (void)state;
  mismatches = 0;
  static const int digit_counts[] = {0, 1, 2, 3, 6, 10, 12, 15, 16, 17, 40, 50};
  for (size_t d = 0; d < sizeof digit_counts / sizeof digit_counts[0]; d++) {
    int digits = digit_counts[d];
    /* ties and near-ties: k + 1/2 at the last digit, exact in binary when
     * the scale is a small power of two, inexact (either side) otherwise */
    for (int k = 0; k < 2000; k++) {
      double scale = pow(10.0, digits > 22 ? 22 : digits);
      check_around((k + 0.5) / scale, digits);
      check_around((k + 0.5) / 8.0, digits);
      check_around(k / 1024.0, digits);
    }
    /* shares and statistics as the tables see them */
    for (long items = 0; items <= 300; items++)
      for (long n = 1; n <= 300; n += 13)
        check_around((double)items / (double)n, digits);
    /* a spread of magnitudes: tiny, ordinary, at the fast path's edge, huge */
    uint64_t seed = 88172645463325252ULL;
    for (int i = 0; i < 5000; i++) {
      tu_xorshift64(&seed);
      double mantissa = (double)(seed >> 11) / 9007199254740992.0; /* [0, 1) */
      int exponent = (int)(seed % 60) - 30;
      check_around(mantissa * pow(10.0, exponent), digits);
    }
    double specials[] = {0.0, 5e-324, 1e-300, 4.9e-11, 5e-11, 5.000000000000001e-11, 0.5, 1.5, 999999.995,
                         1e15 - 0.5, 1e15, 9007199254740991.0, 9007199254740993.0, 1e22, 1e300, DBL_MAX};
    for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++)
      check_around(specials[i], digits);
  }
  assert_int_equal(mismatches, 0);
}

static char *dir;

static char *path_of(const char *name) {
  tl_buf b = TL_BUF_INIT;
  tl_buf_printf(&b, "%s/%s", dir, name);
  return tl_buf_detach(&b);
}

static char *committed(const char *name) {
  char *path = path_of(name);
  char *text = tu_read(path, NULL);
  assert_non_null(text);
  free(path);
  return text;
}

static void cells_quoted_only_when_needed(void **state) {
  (void)state;
  dir = tu_mkdtemp("tl_table");
  static const char *const cols[] = {"doc", "a,b", NULL};
  tl_table *t = tl_table_open(dir, "t.csv", cols, 0);
  assert_non_null(t);
  tl_table_int(t, -42);
  tl_table_text(t, "plain 中文");
  tl_table_text(t, "say \"hi\"");
  tl_table_text(t, " padded");
  tl_table_textn(t, "line\nbreak, and more", 10);
  tl_table_text(t, NULL);
  tl_table_text(t, "");
  tl_table_empty(t);
  tl_table_number(t, NAN, 2);
  tl_table_number(t, 0.1 + 0.2, 10);
  tl_table_text(t, "=1+1"); /* not excel: left alone */
  tl_table_end_row(t);
  assert_int_equal(tl_table_commit(t), 0);
  char *text = committed("t.csv");
  assert_string_equal(text, "doc,\"a,b\"\n-42,plain 中文,\"say \"\"hi\"\"\",\" padded\",\"line\nbreak\",,,,,0.3,=1+1\n");
  free(text);
  tu_rm_rf(dir);
  free(dir);
}

static void excel_gets_bom_and_guards(void **state) {
  (void)state;
  dir = tu_mkdtemp("tl_table");
  static const char *const cols[] = {"x", NULL};
  tl_table *t = tl_table_open(dir, "x.csv", cols, 1);
  tl_table_text(t, "=SUM(A1)");
  tl_table_end_row(t);
  tl_table_text(t, "-a,b");
  tl_table_end_row(t);
  tl_table_number(t, -1.5, 2); /* numbers are never guarded */
  tl_table_end_row(t);
  assert_int_equal(tl_table_commit(t), 0);
  char *text = committed("x.csv");
  assert_string_equal(text, "\xEF\xBB\xBFx\n'=SUM(A1)\n\"'-a,b\"\n-1.5\n");
  free(text);
  tu_rm_rf(dir);
  free(dir);
}

/* Many blocks' worth of rows, some cells longer than a block: the file is
 * exactly the rows in order, and nothing shows under the real name before
 * the commit. */
static void large_tables_arrive_whole(void **state) {
  (void)state;
  dir = tu_mkdtemp("tl_table");
  static const char *const cols[] = {"i", "text", NULL};
  tl_table *t = tl_table_open(dir, "big.csv", cols, 0);
  tl_buf want = TL_BUF_INIT, cell = TL_BUF_INIT;
  tl_buf_puts(&want, "i,text\n");
  for (int i = 0; i < 30000; i++) {
    tl_buf_reset(&cell);
    int len = i % 5000 == 0 ? 200000 : i % 97;
    for (int j = 0; j < len; j++)
      tl_buf_putc(&cell, j % 50 == 49 ? ',' : 'a' + j % 26);
    tl_table_int(t, i);
    tl_table_text(t, cell.data);
    tl_table_end_row(t);
    tl_buf_printf(&want, "%d,", i);
    if (strchr(cell.data, ','))
      tl_buf_printf(&want, "\"%s\"\n", cell.data);
    else
      tl_buf_printf(&want, "%s\n", cell.data);
  }
  char *final = path_of("big.csv");
  assert_false(tu_exists(final));
  assert_int_equal(tl_table_commit(t), 0);
  size_t len;
  char *text = tu_read(final, &len);
  assert_int_equal(len, want.len);
  assert_memory_equal(text, want.data, len);
  free(text);
  free(final);
  tl_buf_free(&want);
  tl_buf_free(&cell);
  tu_rm_rf(dir);
  free(dir);
}

/* A fresh folder `dir` and a one-column table "x" in it, for expect_rows(). */
static tl_table *column(void) {
  dir = tu_mkdtemp("tl_table");
  static const char *const cols[] = {"x", NULL};
  tl_table *t = tl_table_open(dir, "x.csv", cols, 0);
  assert_non_null(t);
  return t;
}

/* Commits the one-column table of a test, checks its rows (the header
 * aside) against `want`, and cleans up after the test. */
static void expect_rows(tl_table *t, tl_buf *want) {
  assert_int_equal(tl_table_commit(t), 0);
  char *text = committed("x.csv");
  assert_memory_equal(text, "x\n", 2);
  assert_string_equal(text + 2, want->data);
  free(text);
  tl_buf_free(want);
  tu_rm_rf(dir);
  free(dir);
}

/* Integers are spelled two digits at a time straight into the block: every
 * width, both signs and the extremes, against printf. */
static void integers_agree_with_printf(void **state) {
  (void)state;
  tl_table *t = column();
  tl_buf want = TL_BUF_INIT;
  for (long long v = 1;; v *= 10) { /* 1 to 10^18: every width */
    long long around[] = {v - 1, v, v + 1, -v, -(v - 1), v * 5 - 1};
    for (size_t i = 0; i < sizeof around / sizeof around[0]; i++) {
      tl_table_int(t, around[i]);
      tl_table_end_row(t);
      tl_buf_printf(&want, "%lld\n", around[i]);
    }
    if (v > LLONG_MAX / 10)
      break;
  }
  long long extremes[] = {0, LLONG_MAX, LLONG_MIN, LLONG_MIN + 1};
  for (size_t i = 0; i < sizeof extremes / sizeof extremes[0]; i++) {
    tl_table_int(t, extremes[i]);
    tl_table_end_row(t);
    tl_buf_printf(&want, "%lld\n", extremes[i]);
  }
  expect_rows(t, &want);
}

/* tl_table_date spells what tl_date_format does, including the dates no
 * parser makes (it hands those to tl_date_format). */
static void dates_agree_with_tl_date_format(void **state) {
  (void)state;
  tl_table *t = column();
  tl_buf want = TL_BUF_INIT;
  tl_date dates[] = {{2025, 10, 5}, {1900, 1, 1}, {2999, 12, 31}, {2024, 2, 29}, {0, 0, 0},
                     {9999, 99, 99}, {10000, 1, 1}, {-5, 1, 1}, {2025, 123, 4}};
  for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
    char buf[11];
    tl_table_date(t, dates[i]);
    tl_table_end_row(t);
    tl_buf_puts(&want, tl_date_format(dates[i], buf));
    tl_buf_putc(&want, '\n');
  }
  expect_rows(t, &want);
}

/* Plain cells are copied without libcsv: cells full of quotes, commas,
 * line breaks and edge spaces must still come out as csv_write writes
 * them, and the others as they are. */
static void quoting_agrees_with_libcsv(void **state) {
  (void)state;
  tl_table *t = column();
  tl_buf want = TL_BUF_INIT;
  static const char alphabet[] = "a\"b,\n\r \xe4\xb8\xad";
  uint64_t seed = 88172645463325252ULL;
  char cell[40], quoted[2 * sizeof cell + 2];
  for (int i = 0; i < 3000; i++) {
    tu_xorshift64(&seed);
    size_t len = (size_t)(seed % sizeof cell);
    for (size_t j = 0; j < len; j++) {
      tu_xorshift64(&seed);
      /* mostly plain letters, so that plain cells come up too */
      cell[j] = seed % 4 ? 'a' + (char)(seed % 26) : alphabet[seed / 4 % (sizeof alphabet - 1)];
    }
    cell[len] = '\0';
    if (i % 2)
      tl_table_text(t, cell);
    else
      tl_table_textn(t, cell, len);
    tl_table_end_row(t);
    int quote = len && (cell[0] == ' ' || cell[len - 1] == ' ');
    for (size_t j = 0; j < len; j++)
      quote |= strchr(",\"\n\r", cell[j]) != NULL;
    if (quote)
      tl_buf_add(&want, quoted, csv_write(quoted, sizeof quoted, cell, len));
    else
      tl_buf_add(&want, cell, len);
    tl_buf_putc(&want, '\n');
  }
  expect_rows(t, &want);
}

/* tl_table_number spells its fast path straight into the block; the text
 * must be tl_number_format's either way. */
static void table_numbers_are_tl_number_format(void **state) {
  (void)state;
  tl_table *t = column();
  tl_buf want = TL_BUF_INIT;
  static const int digit_counts[] = {0, 2, 10, 12, 15, 16};
  uint64_t seed = 88172645463325252ULL;
  for (int i = 0; i < 6000; i++) {
    tu_xorshift64(&seed);
    double v = (double)(seed >> 11) / 9007199254740992.0 * pow(10.0, (int)(seed % 40) - 20);
    if (seed & 1)
      v = -v;
    if (i % 7 == 0)
      v = (double)(i % 300) / 113.0; /* shares */
    if (i % 11 == 0)
      v = 0.125; /* a tie: the snprintf path */
    int digits = digit_counts[i % 6];
    char buf[TL_NUMBER_MAX];
    tl_table_number(t, v, digits);
    tl_table_end_row(t);
    tl_number_format(v, digits, buf);
    tl_buf_puts(&want, buf);
    tl_buf_putc(&want, '\n');
  }
  expect_rows(t, &want);
}

static void abort_leaves_nothing(void **state) {
  (void)state;
  dir = tu_mkdtemp("tl_table");
  static const char *const cols[] = {"a", NULL};
  tl_table *t = tl_table_open(dir, "gone.csv", cols, 0);
  tl_table_int(t, 1);
  tl_table_end_row(t);
  tl_table_abort(t);
  assert_int_equal(rmdir(dir), 0); /* empty: no temporary file either */
  free(dir);
}

/* tl_table_finish: kept tables arrive, dropped ones leave nothing, NULL is
 * no table at all. */
static void finish_keeps_or_drops(void **state) {
  (void)state;
  dir = tu_mkdtemp("tl_table");
  static const char *const cols[] = {"a", NULL};
  tl_table *kept = tl_table_open(dir, "kept.csv", cols, 0), *dropped = tl_table_open(dir, "dropped.csv", cols, 0);
  tl_table_int(kept, 1);
  tl_table_end_row(kept);
  tl_table_int(dropped, 2);
  tl_table_end_row(dropped);
  assert_int_equal(tl_table_finish(kept, 1), 0);
  assert_int_equal(tl_table_finish(dropped, 0), -1);
  assert_int_equal(tl_table_finish(NULL, 1), 0);
  assert_int_equal(tl_table_finish(NULL, 0), 0);
  char path[4096];
  snprintf(path, sizeof path, "%s/kept.csv", dir);
  char *text = tu_read(path, NULL);
  assert_string_equal(text, "a\n1\n");
  free(text);
  assert_int_equal(remove(path), 0);
  assert_int_equal(rmdir(dir), 0); /* nothing of dropped.csv, no temporary file */
  free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(numbers_hand_picked),
      cmocka_unit_test(numbers_agree_with_printf),
      cmocka_unit_test(cells_quoted_only_when_needed),
      cmocka_unit_test(excel_gets_bom_and_guards),
      cmocka_unit_test(large_tables_arrive_whole),
      cmocka_unit_test(abort_leaves_nothing),
      cmocka_unit_test(finish_keeps_or_drops),
      cmocka_unit_test(integers_agree_with_printf),
      cmocka_unit_test(dates_agree_with_tl_date_format),
      cmocka_unit_test(quoting_agrees_with_libcsv),
      cmocka_unit_test(table_numbers_are_tl_number_format),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
