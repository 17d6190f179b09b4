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

/* Bytes that make a cell need quotes anywhere in it, as a set for strcspn
 * and as a table; a space needs them only at either end (edge_space()). */
#define QUOTE_BYTES ",\"\n\r"
static const unsigned char needs_quotes[256] = {[','] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1};

static int edge_space(const char *s, size_t len) { return len && (s[0] == ' ' || s[len - 1] == ' '); }

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

/* Ends the bytes appended at `end`. A full block is flushed at the end of
 * its row (tl_table_end_row), not in the middle of one. */
static void appended(tl_table *t, char *end) {
  t->out.len = (size_t)(end - t->out.data);
  *end = '\0';
}

/* Starts a cell: reserves room for its separator and `len` bytes, writes
 * the separator, and returns where the bytes go (NULL: the table failed). */
static char *begin_cell(tl_table *t, size_t len) {
  if (!reserve(t, len + 1))
    return NULL;
  char *p = t->out.data + t->out.len;
  if (t->cells++)
    *p++ = ',';
  return p;
}

/* A cell known to need no quotes: the separator and the bytes. */
static void write_plain(tl_table *t, const char *s, size_t len) {
  char *p = begin_cell(t, len);
  if (!p)
    return;
  memcpy(p, s, len);
  appended(t, p + len);
}

/* RFC 4180 quoting, by libcsv: the cell between double quotes, each quote
 * in it doubled. Rare (a comma, a quote or a line break in the cell), so
 * the cost of the library call does not matter. */
static void write_quoted(tl_table *t, const char *s, size_t len) {
  char *p = begin_cell(t, 2 * len + 2); /* two quotes, each byte doubled */
  if (!p)
    return;
  appended(t, p + csv_write(p, 2 * len + 2, s, len));
}

static int needs_quoting(const char *s, size_t len) {
  if (edge_space(s, len))
    return 1;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= ',' && needs_quotes[c]) /* most bytes are letters or UTF-8 */
      return 1;
  }
  return 0;
}

static void write_cell(tl_table *t, const char *s, size_t len) {
  if (needs_quoting(s, len))
    write_quoted(t, s, len);
  else
    write_plain(t, s, len);
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
  if (!s || !*s) { /* common (no parent, no source): no scan needed */
    write_plain(t, "", 0);
    return;
  }
  if (t->excel) {
    tl_table_textn(t, s, strlen(s));
    return;
  }
  /* strcspn finds the end of most cells and shows they need no quotes in
   * one fast pass; the rest are quoted */
  size_t len = strcspn(s, QUOTE_BYTES);
  if (s[len] || edge_space(s, len))
    write_quoted(t, s, len + strlen(s + len));
  else
    write_plain(t, s, len);
}

/* "00" "01" ... "99": digits go out two per division. */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                  "8081828384858687888990919293949596979899";

/* Writes the decimal digits of u ending just before `end`; returns where
 * they start. */
static char *digits_before(char *end, uint64_t u) {
  while (u >= 100) {
    end -= 2;
    memcpy(end, digit_pairs + 2 * (u % 100), 2);
    u /= 100;
  }
  if (u >= 10) {
    end -= 2;
    memcpy(end, digit_pairs + 2 * u, 2);
  } else {
    *--end = (char)('0' + u);
  }
  return end;
}

/* How many decimal digits u has. */
static size_t decimal_width(uint64_t u) {
  size_t n = 1;
  for (; u >= 100; u /= 100)
    n += 2;
  return n + (u >= 10);
}

void tl_table_int(tl_table *t, long long v) {
  /* by hand, straight into the block: snprintf was a tenth of the run time
   * of the tables */
  uint64_t u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  size_t len = (v < 0) + decimal_width(u);
  char *p = begin_cell(t, len);
  if (!p)
    return;
  if (v < 0)
    *p = '-';
  digits_before(p + len, u);
  appended(t, p + len);
}

void tl_table_date(tl_table *t, tl_date d) {
  char *p = begin_cell(t, 10); /* "2025-10-05", straight into the block */
  if (p)
    appended(t, p + strlen(tl_date_format(d, p)));
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
 * this leaves it to snprintf by returning -1. Example: 0.0125 at 3 digits
 * gives p = 12.5 though X = 12.50000000000000069, and printf says 0.013. */
typedef struct {
  int negative;        /* a minus sign (never on a zero) */
  uint64_t ipart;      /* the whole part */
  uint64_t fpart;      /* the decimals, trailing zeros dropped */
  int shown;           /* how many decimals fpart stands for (0: none) */
  size_t len;          /* the length of the text */
} scaled;

static int scale_number(double v, int digits, scaled *out) {
  if (digits < 0 || digits > FAST_MAX_DIGITS)
    return -1;
  double p = fabs(v) * pow10_double[digits];
  if (!(p < FAST_MAX_SCALED))
    return -1;
  double whole = floor(p), frac = p - whole; /* both exact below 2^52 */
  if (frac == 0.5)
    return -1;
  uint64_t n = (uint64_t)whole + (frac > 0.5);
  uint64_t scale = (uint64_t)pow10_double[digits];
  scaled s = {v < 0 && n != 0, n / scale, n % scale, 0, 0};
  if (s.fpart) {
    s.shown = digits;
    while (s.fpart % 100 == 0) { /* trailing zeros are dropped */
      s.fpart /= 100;
      s.shown -= 2;
    }
    if (s.fpart % 10 == 0) {
      s.fpart /= 10;
      s.shown--;
    }
  }
  s.len = (size_t)s.negative + decimal_width(s.ipart) + (s.shown ? (size_t)s.shown + 1 : 0);
  *out = s;
  return 0;
}

/* Writes the number's s.len bytes ending just before `end`. */
static void write_scaled(const scaled *s, char *end) {
  char *start = end;
  if (s->shown) {
    start = digits_before(end, s->fpart);
    while (end - start < s->shown) /* leading zeros of the decimals */
      *--start = '0';
    *--start = '.';
  }
  start = digits_before(start, s->ipart);
  if (s->negative)
    *--start = '-';
}

size_t tl_number_format(double v, int digits, char buf[TL_NUMBER_MAX]) {
  scaled fast;
  if (scale_number(v, digits, &fast) == 0) {
    write_scaled(&fast, buf + fast.len);
    buf[fast.len] = '\0';
    return fast.len;
  }
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
  char *p = begin_cell(t, TL_NUMBER_MAX); /* spelled straight into the block */
  if (p)
    appended(t, p + tl_number_format(v, digits, p));
}

void tl_table_empty(tl_table *t) { write_plain(t, "", 0); }

void tl_table_end_row(tl_table *t) {
  t->cells = 0;
  if (!reserve(t, 1))
    return;
  char *p = t->out.data + t->out.len;
  *p++ = '\n';
  appended(t, p);
  if (t->out.len >= TABLE_BLOCK)
    flush(t);
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

int tl_table_finish(tl_table *t, int keep) {
  if (!t)
    return 0;
  if (keep)
    return tl_table_commit(t);
  tl_table_abort(t);
  return -1;
}
