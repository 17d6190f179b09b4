#include "date.h"

#include <stdio.h>
#include <string.h>

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int tl_date_valid(int y, int m, int d) {
  return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int tl_date_cmp(tl_date a, tl_date b) {
  /* field by field: the calendar's order, without the day count (this runs
   * for every mention the aggregator counts) */
  if (a.y != b.y)
    return a.y < b.y ? -1 : 1;
  if (a.m != b.m)
    return a.m < b.m ? -1 : 1;
  return a.d < b.d ? -1 : a.d > b.d;
}

/* Days from the civil calendar by 400-year eras, so no table or loop is needed. */
long tl_date_to_days(tl_date date) {
  long y = date.y - (date.m <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (date.m + (date.m > 2 ? -3 : 9)) + 2) / 5 + date.d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

tl_date tl_date_from_days(long days) {
  days += 719468;
  long era = (days >= 0 ? days : days - 146096) / 146097;
  long doe = days - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  tl_date out;
  out.d = (int)(doy - (153 * mp + 2) / 5 + 1);
  out.m = (int)(mp < 10 ? mp + 3 : mp - 9);
  out.y = (int)(yoe + era * 400 + (out.m <= 2));
  return out;
}

void tl_date_iso_week(tl_date date, int *iso_year, int *week) {
  long days = tl_date_to_days(date);
  int weekday = (int)(((days % 7) + 7 + 3) % 7); /* 0 = Monday; 1970-01-01 was a Thursday */
  tl_date thursday = tl_date_from_days(days - weekday + 3);
  tl_date jan1 = {thursday.y, 1, 1};
  *iso_year = thursday.y;
  *week = (int)((tl_date_to_days(thursday) - tl_date_to_days(jan1)) / 7 + 1);
}

/* Two decimal digits of v (0..99) at p. */
static void two_digits(char *p, int v) {
  p[0] = (char)('0' + v / 10);
  p[1] = (char)('0' + v % 10);
}

char *tl_date_format(tl_date date, char *buf) {
  /* by hand: a date is on most rows of the tables, and snprintf cost more
   * than the rest of such a row */
  if (date.y < 0 || date.y > 9999 || date.m < 0 || date.m > 99 || date.d < 0 || date.d > 99) {
    snprintf(buf, 11, "%04d-%02d-%02d", date.y, date.m, date.d); /* never a valid date */
    return buf;
  }
  two_digits(buf, date.y / 100);
  two_digits(buf + 2, date.y % 100);
  buf[4] = '-';
  two_digits(buf + 5, date.m);
  buf[7] = '-';
  two_digits(buf + 8, date.d);
  buf[10] = '\0';
  return buf;
}

char *tl_week_format(tl_date date, char *buf) {
  int year, week;
  tl_date_iso_week(date, &year, &week);
  snprintf(buf, 9, "%04d-W%02d", year, week);
  return buf;
}

/* ---- scanning helpers: ASCII digits and their full-width forms ---- */

/* Reads one digit at s (ASCII or full-width U+FF10..U+FF19); returns its
 * value and sets *width to its byte length, or -1. */
static int digit_at(const unsigned char *s, const unsigned char *end, int *width) {
  if (s < end && *s >= '0' && *s <= '9') {
    *width = 1;
    return *s - '0';
  }
  if (end - s >= 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
    *width = 3;
    return s[2] - 0x90;
  }
  return -1;
}

/* Reads 1..max digits; returns the count read (0 when none). */
static int read_number(const unsigned char **p, const unsigned char *end, int max, int *value) {
  int n = 0, v = 0, w;
  const unsigned char *s = *p;
  int d;
  while (n < max && (d = digit_at(s, end, &w)) >= 0) {
    v = v * 10 + d;
    s += w;
    n++;
  }
  if (n) {
    *p = s;
    *value = v;
  }
  return n;
}

/* Matches one of the separators allowed between year, month and day; the
 * CJK ones are 年 and 月 (and their Kangxi look-alikes), returned as 'Y'/'M'. */
static int read_separator(const unsigned char **p, const unsigned char *end) {
  const unsigned char *s = *p;
  if (s >= end)
    return 0;
  if (*s == '-' || *s == '.' || *s == '/' || *s == '_') {
    *p = s + 1;
    return *s;
  }
  static const struct {
    const char *utf8;
    int kind;
  } cjk[] = {{"年", 'Y'}, {"月", 'M'}, {"⽉", 'M'}, {"⽇", 'D'}, {"日", 'D'}};
  for (size_t i = 0; i < sizeof cjk / sizeof cjk[0]; i++) {
    size_t n = strlen(cjk[i].utf8);
    if ((size_t)(end - s) >= n && memcmp(s, cjk[i].utf8, n) == 0) {
      *p = s + n;
      return cjk[i].kind;
    }
  }
  return 0;
}

static int is_ascii_digit_before(const unsigned char *start, const unsigned char *s) {
  if (s > start && s[-1] >= '0' && s[-1] <= '9')
    return 1;
  /* a full-width digit ends in 0xBC 0x90..0x99 */
  return s - start >= 3 && s[-3] == 0xEF && s[-2] == 0xBC && s[-1] >= 0x90 && s[-1] <= 0x99;
}

/* Tries to read a date starting exactly at s: Y sep M sep D, where the two
 * separators agree ("-","-" / "年","月"), or YYYYMMDD. */
static int date_at(const unsigned char *start, const unsigned char *s, const unsigned char *end, tl_date *out,
                   const unsigned char **after) {
  const unsigned char *p = s;
  int y, m, d;
  if (is_ascii_digit_before(start, s))
    return -1;
  int ny = read_number(&p, end, 8, &y);
  if (ny == 8) { /* YYYYMMDD, a compact stamp in file names */
    int w;
    if (digit_at(p, end, &w) >= 0)
      return -1;
    int yy = y / 10000, mm = y / 100 % 100, dd = y % 100;
    if (!tl_date_valid(yy, mm, dd))
      return -1;
    *out = (tl_date){yy, mm, dd};
    *after = p;
    return 0;
  }
  if (ny != 4)
    return -1;
  int sep1 = read_separator(&p, end);
  if (!sep1 || !read_number(&p, end, 2, &m))
    return -1;
  int sep2 = read_separator(&p, end);
  if (!sep2 || !read_number(&p, end, 2, &d))
    return -1;
  if (sep1 == 'Y' ? sep2 != 'M' : sep1 != sep2)
    return -1;
  int w;
  if (digit_at(p, end, &w) >= 0)
    return -1;
  if (!tl_date_valid(y, m, d))
    return -1;
  *out = (tl_date){y, m, d};
  *after = p;
  return 0;
}

int tl_date_find(const char *text, size_t len, tl_date *out) {
  const unsigned char *start = (const unsigned char *)text, *end = start + len, *after;
  for (const unsigned char *s = start; s < end; s++) {
    int w;
    if (digit_at(s, end, &w) < 0)
      continue;
    if (date_at(start, s, end, out, &after) == 0)
      return 0;
  }
  return -1;
}

/* Skips a time of day "Thh:mm[:ss[.frac]]" or " hh:mm[:ss]" and a zone
 * ("Z", "+08:00", "+0800", " +0800"); returns 1 when the rest is exactly that. */
static int is_time_and_zone(const char *s) {
  if (*s == '\0')
    return 1;
  if (*s != 'T' && *s != 't' && *s != ' ')
    return 0;
  s++;
  int n = 0;
  while ((*s >= '0' && *s <= '9') || *s == ':' || *s == '.') {
    s++;
    n++;
  }
  if (n < 4)
    return 0;
  while (*s == ' ')
    s++;
  if (*s == 'Z' || *s == 'z')
    s++;
  else if (*s == '+' || *s == '-') {
    s++;
    n = 0;
    while ((*s >= '0' && *s <= '9') || *s == ':') {
      s++;
      n++;
    }
    if (n < 2)
      return 0;
  }
  while (*s == ' ')
    s++;
  return *s == '\0';
}

int tl_date_parse(const char *s, tl_date *out) {
  while (*s == ' ' || *s == '\t')
    s++;
  const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s), *after;
  tl_date date;
  if (date_at(p, p, end, &date, &after) < 0)
    return -1;
  if (!is_time_and_zone((const char *)after)) {
    /* allow trailing white space only */
    const char *rest = (const char *)after;
    while (*rest == ' ' || *rest == '\t')
      rest++;
    if (*rest)
      return -1;
  }
  *out = date;
  return 0;
}

int tl_date_from_path(const char *path, tl_date *out) {
  size_t end = strlen(path);
  /* walk components from the last one outwards */
  while (end > 0) {
    while (end > 0 && path[end - 1] == '/')
      end--;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
      start--;
    if (end > start && tl_date_find(path + start, end - start, out) == 0)
      return 0;
    end = start;
  }
  return -1;
}
