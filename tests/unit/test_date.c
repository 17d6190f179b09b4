#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "date.h"

static void expect_parse(const char *s, const char *want) {
  tl_date d = {0, 0, 0};
  char buf[11];
  if (!want) {
    assert_int_equal(tl_date_parse(s, &d), -1);
    assert_int_equal(d.y, 0); /* untouched */
    return;
  }
  if (tl_date_parse(s, &d) != 0)
    fail_msg("tl_date_parse(\"%s\") failed", s);
  assert_string_equal(tl_date_format(d, buf), want);
}

static void parses_front_matter_values(void **state) {
  (void)state;
  expect_parse("2025-10-05", "2025-10-05");
  expect_parse("2025-10-05T09:12:49+08:00", "2025-10-05");
  expect_parse("2025-09-25T09:19:23.660+08:00", "2025-09-25");
  /* the calendar date as written in its own offset, never UTC */
  expect_parse("2025-10-05T07:30:00+08:00", "2025-10-05");
  expect_parse("2025-10-05T23:30:00-05:00", "2025-10-05");
  expect_parse("2025-08-01 08:00:00 +0800", "2025-08-01");
  expect_parse("2026-03-10Z", NULL);
  expect_parse("2026-03-10T08:00Z", "2026-03-10");
  expect_parse("2026/3/10", "2026-03-10");
  expect_parse("  2026-04-09  ", "2026-04-09");
  expect_parse("2025-02-29", NULL); /* not a leap year */
  expect_parse("2024-02-29", "2024-02-29");
  expect_parse("2025-13-01", NULL);
  expect_parse("2025-10-05 and more words", NULL);
  expect_parse("yesterday", NULL);
  expect_parse("", NULL);
  expect_parse("2025-10", NULL);
}

static void expect_find(const char *text, const char *want) {
  tl_date d = {0, 0, 0};
  char buf[11];
  int rc = tl_date_find(text, strlen(text), &d);
  if (!want) {
    if (rc == 0)
      fail_msg("found %s in \"%s\"", tl_date_format(d, buf), text);
    return;
  }
  if (rc != 0)
    fail_msg("no date found in \"%s\"", text);
  assert_string_equal(tl_date_format(d, buf), want);
}

static void finds_dates_in_titles_and_headings(void **state) {
  (void)state;
  expect_find("2025.10.05 全球AI新闻速递", "2025-10-05");
  expect_find("AI资讯日报 2025/7/26", "2025-07-26");
  expect_find("🤖 AI行业速递 - 2025年10月10日", "2025-10-10");
  expect_find("AI洞察日报 2025年6月1日", "2025-06-01");
  expect_find("AI每日热点 · 2026年03月10日", "2026-03-10");
  expect_find("AI News Daily - 2026-08-15", "2026-08-15");
  /* Kangxi radical look-alikes of 月 and 日, full-width digits */
  expect_find("速递 2025年10⽉5⽇", "2025-10-05");
  expect_find("２０２５年１０月５日", "2025-10-05");
  /* separators must agree; numbers inside longer numbers are not dates */
  expect_find("2025-10/05", NULL);
  expect_find("12025-10-05", NULL);
  expect_find("06-01-日报-AI资讯日报", NULL);
  expect_find("GPT-5.1 and 2025.13.01", NULL);
  expect_find("期号 #20260310", "2026-03-10");
  expect_find("#202603101", NULL);
  expect_find("", NULL);
}

static void finds_dates_in_paths(void **state) {
  (void)state;
  tl_date d;
  char buf[11];
  assert_int_equal(tl_date_from_path("corpus/content__cn__2025-06__2025-06-01.md", &d), 0);
  assert_string_equal(tl_date_format(d, buf), "2025-06-01");
  assert_int_equal(tl_date_from_path("archive/2026-05-07/01-big-lab-moves.md", &d), 0);
  assert_string_equal(tl_date_format(d, buf), "2026-05-07");
  /* the file name wins over the folder */
  assert_int_equal(tl_date_from_path("2026-05-07/2026-05-08.md", &d), 0);
  assert_string_equal(tl_date_format(d, buf), "2026-05-08");
  assert_int_equal(tl_date_from_path("daily__2025-12-10.md", &d), 0);
  assert_string_equal(tl_date_format(d, buf), "2025-12-10");
  assert_int_equal(tl_date_from_path("notes/readme.md", &d), -1);
}

static void expect_week(int y, int m, int dd, const char *want) {
  char buf[9];
  assert_string_equal(tl_week_format((tl_date){y, m, dd}, buf), want);
}

static void iso_weeks_around_year_ends(void **state) {
  (void)state;
  expect_week(2025, 10, 5, "2025-W40"); /* a Sunday ends its week */
  expect_week(2025, 10, 6, "2025-W41"); /* Monday starts the next */
  expect_week(2024, 12, 30, "2025-W01");
  expect_week(2025, 1, 1, "2025-W01");
  expect_week(2021, 1, 3, "2020-W53");
  expect_week(2020, 12, 31, "2020-W53");
  expect_week(2026, 1, 1, "2026-W01");
  expect_week(2027, 1, 1, "2026-W53");
  expect_week(2027, 1, 4, "2027-W01");
  expect_week(2015, 12, 31, "2015-W53");
  expect_week(2016, 1, 3, "2015-W53");
  expect_week(2016, 1, 4, "2016-W01");
  expect_week(2018, 12, 31, "2019-W01");
}

static void day_numbers_round_trip(void **state) {
  (void)state;
  assert_int_equal(tl_date_to_days((tl_date){1970, 1, 1}), 0);
  assert_int_equal(tl_date_to_days((tl_date){2000, 3, 1}), 11017);
  for (long day = -25000; day < 300000; day += 7) { /* 1901 .. 2791 */
    tl_date d = tl_date_from_days(day);
    assert_true(tl_date_valid(d.y, d.m, d.d));
    assert_int_equal(tl_date_to_days(d), day);
  }
  assert_int_equal(tl_date_cmp((tl_date){2025, 1, 2}, (tl_date){2025, 1, 1}), 1);
  assert_int_equal(tl_date_cmp((tl_date){2025, 1, 1}, (tl_date){2025, 1, 1}), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(parses_front_matter_values), cmocka_unit_test(finds_dates_in_titles_and_headings),
      cmocka_unit_test(finds_dates_in_paths),       cmocka_unit_test(iso_weeks_around_year_ends),
      cmocka_unit_test(day_numbers_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
