#include "table.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"

/* Rows are written to the file whenever this much has piled up. */
enum { TABLE_BLOCK = 64 * 1024 };

struct tl_table {
  FILE *f;    /* unbuffered: `out` is the buffer */
  char *tmp_path;
  char *path;
  int excel;
  int cells;  /* cells written in the current row */
  int failed; /* a write failed */
  tl_buf out; /* rows not yet in the file */
  tl_buf cell; /* scratch for a guarded excel cell */
};

/* Bytes that make a cell need quotes (a space only at either end). */
static const unsigned char needs_quotes[256] = {[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};

static void flush(tl_table *t) {
  if (t->out.len && fwrite(t->out.data, 1, t->out.len, t->f) != t->out.len)
    t->failed = 1;
  tl_buf_reset(&t->out);
}

/* Room for `extra` more bytes in the block, or 0 (the table marked failed).
 * The block is almost always big enough already: that is checked here. */
static int reserve(tl_table *t, size_t extra) {
  if (t->out.cap > t->out.len + extra || tl_buf_grow(&t->out, extra) == 0)
    return 1;
  t->failed = 1;
  return 0;
}

/* Ends the bytes appended at `end` and flushes a full block. */
static void appended(tl_table *t, char *end) {
  t->out.len = (size_t)(end - t->out.data);
  *end = '\0';
  if (t->out.len >= TABLE_BLOCK)
    flush(t);
}

/* A cell that never needs quotes (a number): the separator and the bytes. */
static void write_plain(tl_table *t, const char *s, size_t len) {
  if (!reserve(t, len + 1))
    return;
  char *p = t->out.data + t->out.len;
  if (t->cells++)
    *p++ = ',';
  memcpy(p, s, len);
  appended(t, p + len);
}

/* RFC 4180 quoting, by libcsv: the cell between double quotes, each quote
 * in it doubled. Writes at most 2 * len + 2 bytes at dst; returns their
 * end. */
static char *quoted(char *dst, const char *s, size_t len) { return dst + csv_write(dst, 2 * len + 2, s, len); }

/* Copies the cell while looking for a byte that needs quotes; only such a
 * cell (rare) is written again, quoted, over the plain copy. */
static void write_cell(tl_table *t, const char *s, size_t len) {
  if (!reserve(t, 2 * len + 3)) /* a separator, two quotes, each byte doubled */
    return;
  char *p = t->out.data + t->out.len;
  if (t->cells++)
    *p++ = ',';
  char *cell = p;
  int quote = len && (s[0] == ' ' || s[len - 1] == ' ');
  for (size_t i = 0; i < len && !quote; i++) {
    unsigned char c = (unsigned char)s[i];
    quote = c <= ',' && needs_quotes[c]; /* most bytes are letters or UTF-8 */
    *p++ = (char)c;
  }
  if (quote)
    p = quoted(cell, s, len);
  appended(t, p);
}

tl_table *tl_table_open(const char *dir, const char *name, const char *const *columns, int excel) {
  tl_table *t = tl_xcalloc(1, sizeof *t);
  tl_buf b = TL_BUF_INIT;
  tl_buf_printf(&b, "%s/%s", dir, name);
  t->path = tl_buf_detach(&b);
  tl_buf_printf(&b, "%s/.%s.tmp-%ld", dir, name, (long)getpid());
  t->tmp_path = tl_buf_detach(&b);
  t->excel = excel;
  tl_buf_init(&t->out);
  tl_buf_init(&t->cell);
  t->f = fopen(t->tmp_path, "wb");
  if (!t->f) {
    tl_diag(t->tmp_path, 0, "cannot write: %s", strerror(errno));
    free(t->path);
    free(t->tmp_path);
    free(t);
    return NULL;
  }
  setvbuf(t->f, NULL, _IONBF, 0);
  if (excel && tl_buf_puts(&t->out, "\xEF\xBB\xBF") < 0)
    t->failed = 1;
  for (size_t i = 0; columns[i]; i++)
    write_cell(t, columns[i], strlen(columns[i]));
  tl_table_end_row(t);
  return t;
}

void tl_table_textn(tl_table *t, const char *s, size_t len) {
  if (t->excel && len && strchr("=+-@\t\r", s[0])) {
    tl_buf_reset(&t->cell);
    if (tl_buf_putc(&t->cell, '\'') < 0 || tl_buf_add(&t->cell, s, len) < 0) {
      t->failed = 1;
      return;
    }
    write_cell(t, t->cell.data, t->cell.len);
    return;
  }
  write_cell(t, s, len);
}

void tl_table_text(tl_table *t, const char *s) {
  if (!s)
    s = "";
  /* strcspn finds the end of most cells and shows they need no quotes in
   * one fast pass; the rest take the careful path */
  size_t len = strcspn(s, ",\"\n\r");
  if (s[len] || t->excel || (len && (s[0] == ' ' || s[len - 1] == ' ')))
    tl_table_textn(t, s, len + strlen(s + len));
  else
    write_plain(t, s, len);
}

/* Writes the decimal digits of u ending just before `end`; returns where
 * they start. */
static char *digits_before(char *end, uint64_t u) {
  do {
    *--end = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  return end;
}

void tl_table_int(tl_table *t, long long v) {
  /* by hand: snprintf was a tenth of the run time of the tables */
  char buf[24], *end = buf + sizeof buf;
  char *p = digits_before(end, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
  if (v < 0)
    *--p = '-';
  write_plain(t, p, (size_t)(end - p));
}

/* The fast path's limits: 10^digits and the scaled value stay exact
 * integers in both double and uint64_t. */
enum { FAST_MAX_DIGITS = 15 };
#define FAST_MAX_SCALED 1e15

static const double pow10_double[FAST_MAX_DIGITS + 1] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                         1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* printf rounds the exact binary value of v to `digits` decimals, that is
 * the exact product X = |v| * 10^digits to a whole number. The double
 * p = |v| * 10^digits is X rounded once (10^digits is exact), and rounding
 * never moves a number past a double: every k + 1/2 below 2^52 is one, so
 * p lies on the same side of it as X does, or on it. Only then, p exactly
 * k + 1/2, is the answer unclear (X may be a tie, or just off one), and
 * this leaves it to snprintf by returning 0. Example: 0.0125 at 3 digits
 * gives p = 12.5 though X = 12.50000000000000069, and printf says 0.013. */
static size_t format_scaled(double v, int digits, char *buf) {
  if (digits < 0 || digits > FAST_MAX_DIGITS)
    return 0;
  double p = fabs(v) * pow10_double[digits];
  if (!(p < FAST_MAX_SCALED))
    return 0;
  double whole = floor(p), frac = p - whole; /* both exact below 2^52 */
  if (frac == 0.5)
    return 0;
  uint64_t n = (uint64_t)whole + (frac > 0.5);
  uint64_t scale = (uint64_t)pow10_double[digits];
  uint64_t ipart = n / scale, fpart = n % scale;
  char tmp[48], *end = tmp + sizeof tmp, *p0 = end;
  if (fpart) {
    int shown = digits;
    while (fpart % 10 == 0) { /* trailing zeros are dropped */
      fpart /= 10;
      shown--;
    }
    char *first = digits_before(end, fpart);
    while (end - first < shown)
      *--first = '0';
    p0 = first;
    *--p0 = '.';
  }
  p0 = digits_before(p0, ipart);
  if (v < 0 && n != 0)
    *--p0 = '-';
  size_t len = (size_t)(end - p0);
  memcpy(buf, p0, len);
  buf[len] = '\0';
  return len;
}

size_t tl_number_format(double v, int digits, char buf[TL_NUMBER_MAX]) {
  size_t fast = format_scaled(v, digits, buf);
  if (fast)
    return fast;
  if (digits > 40)
    digits = 40;
  int n = snprintf(buf, TL_NUMBER_MAX, "%.*f", digits, v);
  if (n < 0 || n >= TL_NUMBER_MAX) { /* cannot happen for a finite v */
    buf[0] = '\0';
    return 0;
  }
  if (memchr(buf, '.', (size_t)n)) {
    while (n > 0 && buf[n - 1] == '0')
      n--;
    if (n > 0 && buf[n - 1] == '.')
      n--;
  }
  if (n == 2 && memcmp(buf, "-0", 2) == 0)
    n = 1, buf[0] = '0';
  buf[n] = '\0';
  return (size_t)n;
}

void tl_table_number(tl_table *t, double v, int digits) {
  if (!isfinite(v)) {
    write_plain(t, "", 0);
    return;
  }
  char buf[TL_NUMBER_MAX];
  size_t n = tl_number_format(v, digits, buf);
  write_plain(t, buf, n);
}

void tl_table_empty(tl_table *t) { write_plain(t, "", 0); }

void tl_table_end_row(tl_table *t) {
  t->cells = 0;
  if (!reserve(t, 1))
    return;
  char *p = t->out.data + t->out.len;
  *p++ = '\n';
  appended(t, p);
}

static void release(tl_table *t) {
  tl_buf_free(&t->out);
  tl_buf_free(&t->cell);
  free(t->path);
  free(t->tmp_path);
  free(t);
}

int tl_table_commit(tl_table *t) {
  int rc = 0;
  flush(t);
  if (t->failed || ferror(t->f)) {
    tl_diag(t->path, 0, "write failed");
    rc = -1;
  }
  if (fclose(t->f) != 0 && rc == 0) {
    tl_diag(t->path, 0, "write failed: %s", strerror(errno));
    rc = -1;
  }
  if (rc == 0 && rename(t->tmp_path, t->path) < 0) {
    tl_diag(t->path, 0, "cannot move into place: %s", strerror(errno));
    rc = -1;
  }
  if (rc < 0)
    remove(t->tmp_path);
  release(t);
  return rc;
}

void tl_table_abort(tl_table *t) {
  fclose(t->f);
  remove(t->tmp_path);
  release(t);
}
