#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
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

/* State of one parse, fed in pieces. libcsv gets one chunk at a time: the
 * bytes up to and including the next '\n' or '\r', the only bytes that can
 * end a record. So a record always starts at the start of a chunk, which
 * tells its line and its offset in the file, and a chunk ends at most one
 * record, which lets a reader stop right after it. */
typedef struct {
  tl_csv *t;
  struct csv_parser p;
  const char *path;
  size_t row_cells;       /* cells of the record being read */
  long line;              /* line of the chunk being fed */
  long long offset;       /* offset in the file of the next byte fed */
  int chunk_start;        /* the next byte starts a chunk */
  int after_newline;      /* ... and a line: the last chunk ended with '\n' */
  int between;            /* 1 when no record has started since the last one ended */
  long record_line;       /* where the record being read started */
  long long record_offset;
  int row_done;           /* a record ended during the last feed */
  int count;              /* whether on_row counts rows of the wrong length */
  size_t ragged;          /* rows whose cell count differs from the header's */
  long first_ragged;      /* line of the first of them */
} parse;

static void on_cell(void *s, size_t len, void *data) {
  parse *r = data;
  tl_csv *t = r->t;
  if (t->n_cells == t->cap_cells) /* the checks inline: this runs for every cell of a table */
    t->cell = tl_xgrow(t->cell, &t->cap_cells, t->n_cells + 1, sizeof *t->cell);
  t->cell[t->n_cells++] = t->text.len;
  if (t->text.cap - t->text.len < len + 2 && tl_buf_grow(&t->text, len + 1) < 0) {
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
  parse *r = data;
  tl_csv *t = r->t;
  (void)c;
  if (t->n_rows + 2 > t->cap_rows) { /* +2: room for the sentinel */
    size_t cap = t->cap_rows;
    t->row_first = tl_xgrow(t->row_first, &cap, t->n_rows + 2, sizeof *t->row_first);
    t->row_line = tl_xgrow(t->row_line, &t->cap_rows, t->n_rows + 2, sizeof *t->row_line);
  }
  t->row_first[t->n_rows] = t->n_cells - r->row_cells;
  t->row_line[t->n_rows] = r->record_line;
  if (t->n_rows == 0)
    t->header_cells = r->row_cells;
  else if (r->count && r->row_cells != t->header_cells && r->ragged++ == 0)
    r->first_ragged = r->record_line;
  t->n_rows++;
  t->row_first[t->n_rows] = t->n_cells; /* the sentinel: end of the last row */
  r->row_cells = 0;
  r->between = 1;
  r->row_done = 1;
}

/* Nothing is trimmed: a cell's spaces and tabs are part of its value. */
static int never_space(unsigned char c) {
  (void)c;
  return 0;
}

static int start_parser(parse *s) {
  if (csv_init(&s->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    tl_diag(s->path, 0, "out of memory");
    return -1;
  }
  csv_set_space_func(&s->p, never_space);
  return 0;
}

/* The length of the chunk at the start of `data`: through the first '\n'
 * or '\r', or all of it. */
static size_t chunk_length(const char *data, size_t len) {
  const char *nl = memchr(data, '\n', len);
  const char *cr = memchr(data, '\r', nl ? (size_t)(nl - data) : len);
  const char *end = cr ? cr : nl;
  return end ? (size_t)(end - data) + 1 : len;
}

/* The fast path: a whole line without a quote, met between records, is
 * what libcsv would make of it — its cells are the text between commas,
 * nothing trimmed — so it is split here without libcsv. Most lines of the
 * tables are such lines. A blank line is no record, as in libcsv. */
static void split_line(parse *s, const char *line, size_t len) {
  if (len == 0)
    return;
  for (;;) {
    const char *comma = memchr(line, ',', len);
    size_t n = comma ? (size_t)(comma - line) : len;
    on_cell((void *)line, n, s);
    if (!comma)
      break;
    line += n + 1;
    len -= n + 1;
  }
  on_row('\n', s);
}

/* Feeds `len` bytes, chunk by chunk; with `one_row`, stops after the chunk
 * that ends a record. Returns the bytes used, or -1 when they are
 * malformed (reported). */
static long feed(parse *s, const char *data, size_t len, int one_row) {
  size_t at = 0;
  while (at < len && !(one_row && s->row_done)) {
    int fresh = 0; /* the chunk starts with no record open */
    if (s->chunk_start) {
      s->line += s->after_newline;
      s->chunk_start = 0;
      fresh = s->between;
      if (s->between && data[at] != '\n' && data[at] != '\r') { /* a blank line is no record */
        s->record_line = s->line;
        s->record_offset = s->offset;
        s->between = 0;
      }
    }
    size_t n = chunk_length(data + at, len - at);
    char end = data[at + n - 1];
    if (fresh && (end == '\n' || end == '\r') && !memchr(data + at, '"', n)) {
      split_line(s, data + at, n - 1);
    } else if (csv_parse(&s->p, data + at, n, on_cell, on_row, s) != n) {
      tl_diag(s->path, s->line, "malformed CSV: %s", csv_strerror(csv_error(&s->p)));
      return -1;
    }
    at += n;
    s->offset += (long long)n;
    if (end == '\n' || end == '\r') {
      s->chunk_start = 1;
      s->after_newline = end == '\n';
    }
  }
  return (long)at;
}

/* The end of the text: a last record without a line end is ended here. */
static int finish(parse *s) {
  if (csv_fini(&s->p, on_cell, on_row, s) != 0) {
    tl_diag(s->path, s->record_line, "malformed CSV: a quoted cell is never closed");
    return -1;
  }
  return 0;
}

static void say_ragged(const parse *s) {
  if (s->ragged)
    tl_diag(s->path, s->first_ragged, "%zu row%s with a number of cells other than the header's %zu", s->ragged,
            s->ragged == 1 ? "" : "s", s->t->header_cells);
}

static const char bom[] = "\xEF\xBB\xBF";

tl_csv *tl_csv_parse(const char *path, const char *data, size_t len) {
  tl_csv *t = tl_xcalloc(1, sizeof *t);
  t->path = tl_strdup(path);
  tl_buf_init(&t->text);
  parse s = {.t = t, .path = t->path, .chunk_start = 1, .after_newline = 1, .between = 1, .count = 1};
  if (start_parser(&s) < 0) {
    tl_csv_free(t);
    return NULL;
  }
  if (len >= 3 && memcmp(data, bom, 3) == 0) {
    data += 3;
    len -= 3;
  }
  int failed = feed(&s, data, len, 0) < 0 || finish(&s) < 0;
  csv_free(&s.p);
  if (!failed && t->n_rows == 0) {
    tl_diag(path, 0, "no header row: the file is empty");
    failed = 1;
  }
  if (failed) {
    tl_csv_free(t);
    return NULL;
  }
  say_ragged(&s);
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

/* The plain decimals the tables write ("0.0425", "-3", "12.5") without
 * strtod: with at most 15 significant digits and 22 decimals, the digits
 * and the power of ten are exact doubles, so one division rounds exactly
 * as strtod does. Returns 0 and leaves *out alone for anything else. */
static int plain_decimal(const char *s, double *out) {
  int negative = *s == '-';
  s += negative;
  uint64_t digits = 0;
  int count = 0, decimals = -1;
  for (;; s++) {
    if (*s >= '0' && *s <= '9') {
      digits = digits * 10 + (uint64_t)(*s - '0');
      count++;
      decimals += decimals >= 0;
    } else if (*s == '.' && decimals < 0 && count > 0) {
      decimals = 0;
    } else {
      break;
    }
  }
  static const double ten_to[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (*s != '\0' || count == 0 || count > 15 || decimals == 0 || decimals > 22)
    return 0;
  double v = (double)digits / ten_to[decimals < 0 ? 0 : decimals];
  *out = negative ? -v : v;
  return 1;
}

double tl_csv_double(const tl_csv *t, size_t row, long col) {
  const char *s = tl_csv_cell(t, row, col);
  double plain;
  if (plain_decimal(s, &plain))
    return plain;
  char *end;
  double v = strtod(s, &end);
  if (end == s || !only_spaces(end) || !isfinite(v))
    return NAN;
  return v;
}

/* --- one row at a time --- */

#define READ_SIZE 65536

struct tl_csv_reader {
  tl_csv t;             /* the header, then the current row */
  size_t header_text;   /* t.text.len and t.n_cells with the header alone */
  size_t header_n;
  parse s;
  FILE *f;
  char *buf;            /* bytes read from the file: [at, len) not yet fed */
  size_t at, len;
  long long buf_offset; /* where buf[0] is in the file */
  int state;            /* 1: a current row; 0: before the first or at the end; -1: broken */
  int replay;           /* the next tl_csv_next() gives the current row again */
  int eof;              /* the file is read to its end and libcsv told so */
  int said_ragged;
  tl_csv_pos pos;       /* of the current row */
  tl_csv_pos start;     /* right after the header: where the data rows start */
  size_t next_row;      /* the number the next row gets */
  size_t rows_counted;  /* rows numbered below this were looked at for the ragged message */
};

/* Fills the buffer when it is used up. 1 when there are bytes to feed, 0 at
 * the end of the file, -1 when it cannot be read (reported). */
static int fill(tl_csv_reader *r) {
  if (r->at < r->len)
    return 1;
  if (r->eof)
    return 0;
  r->buf_offset += (long long)r->len;
  r->at = 0;
  r->len = fread(r->buf, 1, READ_SIZE, r->f);
  if (ferror(r->f)) {
    tl_diag(r->t.path, 0, "cannot read: %s", strerror(errno));
    return -1;
  }
  return r->len > 0;
}

/* Reads one record into r->t (after those it already holds). 1 when there
 * was one, 0 at the end, -1 when broken (reported). */
static int read_record(tl_csv_reader *r) {
  r->s.row_done = 0;
  r->s.count = r->next_row >= r->rows_counted;
  while (!r->s.row_done) {
    int more = fill(r);
    if (more < 0)
      return -1;
    if (more == 0) {
      if (r->eof)
        return 0;
      r->eof = 1;
      if (finish(&r->s) < 0)
        return -1;
      return r->s.row_done;
    }
    long used = feed(&r->s, r->buf + r->at, r->len - r->at, 1);
    if (used < 0)
      return -1;
    r->at += (size_t)used;
  }
  return 1;
}

tl_csv_reader *tl_csv_open(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    tl_diag(path, 0, "cannot open: %s", strerror(errno));
    return NULL;
  }
  tl_csv_reader *r = tl_xcalloc(1, sizeof *r);
  r->f = f;
  r->buf = tl_xmalloc(READ_SIZE);
  r->t.path = tl_strdup(path);
  tl_buf_init(&r->t.text);
  r->s = (parse){.t = &r->t, .path = r->t.path, .chunk_start = 1, .after_newline = 1, .between = 1};
  if (start_parser(&r->s) < 0) {
    fclose(f);
    free(r->buf);
    free(r->t.path);
    free(r);
    return NULL;
  }
  int got = fill(r);
  if (got > 0 && r->len >= 3 && memcmp(r->buf, bom, 3) == 0) {
    r->at = 3;
    r->s.offset = 3;
  }
  if (got >= 0)
    got = read_record(r);
  if (got == 0)
    tl_diag(path, 0, "no header row: the file is empty");
  if (got <= 0) {
    tl_csv_close(r);
    return NULL;
  }
  r->header_text = r->t.text.len;
  r->header_n = r->t.n_cells;
  r->start = (tl_csv_pos){r->s.offset, r->s.line + r->s.after_newline, 0};
  return r;
}

tl_csv_reader *tl_csv_open_table(const char *dir, const char *name, const char *const *columns, long *idx,
                                 int *lacks) {
  tl_buf path = TL_BUF_INIT;
  tl_buf_printf(&path, "%s/%s", dir, name);
  tl_csv_reader *r = tl_csv_open(path.data);
  tl_buf_free(&path);
  int missing = r && tl_csv_require(tl_csv_row(r), columns, idx) < 0; /* reported */
  if (missing) {
    tl_csv_close(r);
    r = NULL;
  }
  if (lacks)
    *lacks = missing;
  return r;
}

void tl_csv_close(tl_csv_reader *r) {
  if (!r)
    return;
  csv_free(&r->s.p);
  fclose(r->f);
  free(r->buf);
  free(r->t.path);
  tl_buf_free(&r->t.text);
  free(r->t.cell);
  free(r->t.row_first);
  free(r->t.row_line);
  free(r);
}

int tl_csv_next(tl_csv_reader *r) {
  if (r->replay) {
    r->replay = 0;
    return r->state;
  }
  if (r->state < 0 || (r->state == 0 && r->eof))
    return r->state;
  /* back to the header alone */
  r->t.n_rows = 1;
  r->t.n_cells = r->header_n;
  r->t.text.len = r->header_text;
  r->t.text.data[r->t.text.len] = '\0';
  r->t.row_first[1] = r->header_n;
  int got = read_record(r);
  if (got < 0) {
    r->state = -1;
    r->t.n_rows = 1; /* a partial record is no row */
    return -1;
  }
  if (got == 0) {
    r->state = 0;
    if (!r->said_ragged)
      say_ragged(&r->s);
    r->said_ragged = 1;
    return 0;
  }
  r->pos = (tl_csv_pos){r->s.record_offset, r->s.record_line, r->next_row++};
  if (r->next_row > r->rows_counted)
    r->rows_counted = r->next_row;
  r->state = 1;
  return 1;
}

const tl_csv *tl_csv_row(const tl_csv_reader *r) { return &r->t; }

const char *tl_csv_get(const tl_csv_reader *r, long col) { return tl_csv_cell(&r->t, 0, col); }

int tl_csv_get_long(const tl_csv_reader *r, long col, long *out) { return tl_csv_long(&r->t, 0, col, out); }

double tl_csv_get_double(const tl_csv_reader *r, long col) { return tl_csv_double(&r->t, 0, col); }

tl_csv_pos tl_csv_tell(const tl_csv_reader *r) { return r->pos; }

int tl_csv_seek(tl_csv_reader *r, tl_csv_pos pos) {
  if (r->state < 0)
    return -1;
  if (r->state == 1 && pos.offset == r->pos.offset) {
    r->replay = 1; /* the current row */
    return 0;
  }
  if (r->s.between && pos.offset == r->s.offset && !r->eof) {
    r->replay = 0; /* the next row */
    return 0;
  }
  if (pos.offset >= r->buf_offset && pos.offset < r->buf_offset + (long long)r->len) {
    r->at = (size_t)(pos.offset - r->buf_offset); /* still in the buffer */
  } else if (fseeko(r->f, (off_t)pos.offset, SEEK_SET) == 0) {
    r->buf_offset = pos.offset;
    r->at = r->len = 0;
  } else {
    tl_diag(r->t.path, pos.line, "cannot read: %s", strerror(errno));
    return -1;
  }
  csv_free(&r->s.p);
  parse s = {.t = &r->t, .path = r->t.path, .line = pos.line, .offset = pos.offset, .chunk_start = 1, .between = 1,
             .ragged = r->s.ragged, .first_ragged = r->s.first_ragged};
  r->s = s;
  if (start_parser(&r->s) < 0) {
    r->state = -1;
    return -1;
  }
  r->eof = 0;
  r->state = 0;
  r->replay = 0;
  r->t.n_rows = 1; /* no current row until the next tl_csv_next() */
  r->next_row = pos.row;
  return 0;
}

int tl_csv_rewind(tl_csv_reader *r) { return tl_csv_seek(r, r->start); }
