#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "load.h"

struct tl_csv {
  char *path;
  tl_buf text;       /* every cell, NUL-terminated, one after another */
  size_t *cell;      /* offset in text of each cell, row after row */
  size_t n_cells, cap_cells;
  size_t *row_first; /* index in cell[] of each row's first cell; header is row 0 */
  long *row_line;    /* line where each row starts */
  size_t n_rows, cap_rows; /* header included */
  size_t header_cells;
};

/* State of one parse: the table being filled and where the reader is. */
typedef struct {
  tl_csv *t;
  size_t row_cells;   /* cells of the record being read */
  long line;          /* line being fed to libcsv */
  long record_line;   /* line where the record being read started */
  int between;        /* 1 when no record has started since the last one ended */
  size_t ragged;      /* rows whose cell count differs from the header's */
  long first_ragged;  /* line of the first of them */
} reader;

/* Grows an array of `size`-byte elements so it holds at least `need`. */
static void *grow(void *p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return p;
  size_t n = *cap ? *cap : 256;
  while (n < need)
    n *= 2;
  *cap = n;
  return tl_xrealloc(p, n * size);
}

static void on_cell(void *s, size_t len, void *data) {
  reader *r = data;
  tl_csv *t = r->t;
  t->cell = grow(t->cell, &t->cap_cells, t->n_cells + 1, sizeof *t->cell);
  t->cell[t->n_cells++] = t->text.len;
  if (tl_buf_grow(&t->text, len + 1) < 0) {
    fputs("trendlens: out of memory\n", stderr);
    abort();
  }
  if (len)
    memcpy(t->text.data + t->text.len, s, len);
  t->text.data[t->text.len + len] = '\0'; /* the cell's own terminator */
  t->text.len += len + 1; /* the cell's NUL stays inside the buffer */
  t->text.data[t->text.len] = '\0';
  r->row_cells++;
}

static void on_row(int c, void *data) {
  reader *r = data;
  tl_csv *t = r->t;
  (void)c;
  if (t->n_rows + 2 > t->cap_rows) { /* +2: room for the sentinel */
    size_t cap = t->cap_rows;
    t->row_first = grow(t->row_first, &cap, t->n_rows + 2, sizeof *t->row_first);
    t->row_line = grow(t->row_line, &t->cap_rows, t->n_rows + 2, sizeof *t->row_line);
  }
  t->row_first[t->n_rows] = t->n_cells - r->row_cells;
  t->row_line[t->n_rows] = r->record_line;
  if (t->n_rows == 0)
    t->header_cells = r->row_cells;
  else if (r->row_cells != t->header_cells && r->ragged++ == 0)
    r->first_ragged = r->record_line;
  t->n_rows++;
  r->row_cells = 0;
  r->between = 1;
}

/* Nothing is trimmed: a cell's spaces and tabs are part of its value. */
static int never_space(unsigned char c) {
  (void)c;
  return 0;
}

tl_csv *tl_csv_parse(const char *path, const char *data, size_t len) {
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    tl_diag(path, 0, "out of memory");
    return NULL;
  }
  csv_set_space_func(&p, never_space);

  tl_csv *t = tl_xcalloc(1, sizeof *t);
  t->path = tl_strdup(path);
  tl_buf_init(&t->text);
  reader r = {.t = t, .line = 0, .between = 1};
  int failed = 0;

  /* One physical line at a time, so a record knows the line it started on. */
  size_t at = 0;
  while (at < len && !failed) {
    const char *nl = memchr(data + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - data) + 1 : len;
    r.line++;
    size_t n = end - at;
    int blank = (n == 1 && (data[at] == '\n' || data[at] == '\r')) ||
                (n == 2 && data[at] == '\r' && data[at + 1] == '\n');
    if (r.between && !blank) {
      r.record_line = r.line;
      r.between = 0;
    }
    if (csv_parse(&p, data + at, end - at, on_cell, on_row, &r) != end - at) {
      tl_diag(path, r.line, "malformed CSV: %s", csv_strerror(csv_error(&p)));
      failed = 1;
    }
    at = end;
  }
  if (!failed && csv_fini(&p, on_cell, on_row, &r) != 0) {
    tl_diag(path, r.record_line, "malformed CSV: a quoted cell is never closed");
    failed = 1;
  }
  csv_free(&p);
  if (!failed && t->n_rows == 0) {
    tl_diag(path, 0, "no header row: the file is empty");
    failed = 1;
  }
  if (failed) {
    tl_csv_free(t);
    return NULL;
  }
  t->row_first[t->n_rows] = t->n_cells; /* the sentinel: end of the last row */
  if (r.ragged)
    tl_diag(path, r.first_ragged, "%zu row%s with a number of cells other than the header's %zu", r.ragged,
            r.ragged == 1 ? "" : "s", t->header_cells);
  return t;
}

tl_csv *tl_csv_read(const char *path) {
  tl_buf raw = TL_BUF_INIT;
  if (tl_read_file(path, &raw) < 0)
    return NULL;
  tl_csv *t = tl_csv_parse(path, raw.data, raw.len);
  tl_buf_free(&raw);
  return t;
}

void tl_csv_free(tl_csv *t) {
  if (!t)
    return;
  free(t->path);
  tl_buf_free(&t->text);
  free(t->cell);
  free(t->row_first);
  free(t->row_line);
  free(t);
}

size_t tl_csv_rows(const tl_csv *t) { return t->n_rows - 1; }

size_t tl_csv_columns(const tl_csv *t) { return t->header_cells; }

const char *tl_csv_path(const tl_csv *t) { return t->path; }

const char *tl_csv_header(const tl_csv *t, long col) {
  if (col < 0 || (size_t)col >= tl_csv_columns(t))
    return "";
  return t->text.data + t->cell[col];
}

long tl_csv_column(const tl_csv *t, const char *name) {
  size_t n = tl_csv_columns(t);
  for (size_t c = 0; c < n; c++)
    if (strcmp(t->text.data + t->cell[c], name) == 0)
      return (long)c;
  return -1;
}

int tl_csv_require(const tl_csv *t, const char *const *names, long *idx) {
  int rc = 0;
  for (size_t i = 0; names[i]; i++) {
    idx[i] = tl_csv_column(t, names[i]);
    if (idx[i] < 0) {
      tl_diag(t->path, 1, "missing column \"%s\"", names[i]);
      rc = -1;
    }
  }
  return rc;
}

size_t tl_csv_row_cells(const tl_csv *t, size_t row) {
  if (row + 1 >= t->n_rows)
    return 0;
  return t->row_first[row + 2] - t->row_first[row + 1];
}

const char *tl_csv_cell(const tl_csv *t, size_t row, long col) {
  if (col < 0 || row + 1 >= t->n_rows)
    return "";
  size_t first = t->row_first[row + 1];
  if ((size_t)col >= t->row_first[row + 2] - first)
    return "";
  return t->text.data + t->cell[first + (size_t)col];
}

long tl_csv_line(const tl_csv *t, size_t row) {
  if (row + 1 >= t->n_rows)
    return 0;
  return t->row_line[row + 1];
}

static int only_spaces(const char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  return *s == '\0';
}

int tl_csv_long(const tl_csv *t, size_t row, long col, long *out) {
  const char *s = tl_csv_cell(t, row, col);
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (end == s || errno || !only_spaces(end))
    return -1;
  *out = v;
  return 0;
}

double tl_csv_double(const tl_csv *t, size_t row, long col) {
  const char *s = tl_csv_cell(t, row, col);
  char *end;
  double v = strtod(s, &end);
  if (end == s || !only_spaces(end) || !isfinite(v))
    return NAN;
  return v;
}
