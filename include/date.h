#ifndef TL_DATE_H
#define TL_DATE_H
/*
 * date: calendar dates as digests write them, and ISO weeks.
 *
 * A tl_date is a plain calendar date (no time, no zone). Dates written with a
 * time and an offset keep the calendar date *as written in that offset*:
 * "2025-10-05T07:30:00+08:00" is 2025-10-05, never converted to UTC.
 * A valid tl_date has 1900 <= y <= 2999 and a real month/day (leap years
 * included); every parser here rejects anything else and leaves *out alone.
 */
#include <stddef.h>

typedef struct {
  int y, m, d;
} tl_date;

/* 1 when y-m-d is a real calendar date within 1900..2999. */
int tl_date_valid(int y, int m, int d);

/* Parses a front-matter date value: "2025-10-05", "2025-10-05T09:12:49+08:00",
 * "2025-09-25T09:19:23.660+08:00", "2025-08-01 08:00:00 +0800", "2026/3/10",
 * with or without surrounding quotes already removed. The whole value must be
 * a date (and optional time), not prose. Returns 0, or -1 (out untouched). */
int tl_date_parse(const char *s, tl_date *out);

/* Finds the first date written inside free text (a title, a heading, a file
 * name): "2025.10.05", "2025-10-05", "2025/7/26", "2025年10月10日",
 * "2025_10_05", "20251005" (only when not part of a longer number), including
 * Kangxi-radical look-alikes of 年月日 (⽉ ⽇) and full-width digits.
 * Returns 0, or -1 when there is none (out untouched). */
int tl_date_find(const char *text, size_t len, tl_date *out);

/* Looks for a date in a path: first the file name, then each enclosing folder
 * from the nearest outwards (archives keep one folder per day:
 * "2026-05-07/01-big-lab-moves.md"). Returns 0 or -1. */
int tl_date_from_path(const char *path, tl_date *out);

/* ISO 8601 week: weeks start on Monday, week 1 holds the year's first
 * Thursday. 2024-12-30 is 2025-W01; 2021-01-03 is 2020-W53. */
void tl_date_iso_week(tl_date date, int *iso_year, int *week);

/* Days since 1970-01-01 (negative before); and back. */
long tl_date_to_days(tl_date date);
tl_date tl_date_from_days(long days);

/* "YYYY-MM-DD" into buf (at least 11 bytes); returns buf. */
char *tl_date_format(tl_date date, char *buf);
/* "YYYY-Www" into buf (at least 9 bytes); returns buf. */
char *tl_week_format(tl_date date, char *buf);

/* -1, 0, 1 like strcmp. */
int tl_date_cmp(tl_date a, tl_date b);

#endif
