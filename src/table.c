#include "table.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"

struct tl_table {
  FILE *f;
  char *tmp_path;
  char *path;
  int excel;
  int cells;  /* cells written in the current row */
  int failed; /* a write failed */
  tl_buf cell;
};

static void write_cell(tl_table *t, const char *s, size_t len) {
  if (t->cells++)
    putc(',', t->f);
  int quote = 0;
  for (size_t i = 0; i < len && !quote; i++)
    quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
  if (len && (s[0] == ' ' || s[len - 1] == ' '))
    quote = 1;
  if (!quote) {
    fwrite(s, 1, len, t->f);
    return;
  }
  size_t need = len * 2 + 2;
  if (tl_buf_grow(&t->cell, need) < 0) {
    t->failed = 1;
    return;
  }
  size_t n = csv_write(t->cell.data, need, s, len);
  fwrite(t->cell.data, 1, n, t->f);
}

tl_table *tl_table_open(const char *dir, const char *name, const char *const *columns, int excel) {
  tl_table *t = tl_xcalloc(1, sizeof *t);
  tl_buf b = TL_BUF_INIT;
  tl_buf_printf(&b, "%s/%s", dir, name);
  t->path = tl_buf_detach(&b);
  tl_buf_printf(&b, "%s/.%s.tmp-%ld", dir, name, (long)getpid());
  t->tmp_path = tl_buf_detach(&b);
  t->excel = excel;
  tl_buf_init(&t->cell);
  t->f = fopen(t->tmp_path, "wb");
  if (!t->f) {
    tl_diag(t->tmp_path, 0, "cannot write: %s", strerror(errno));
    free(t->path);
    free(t->tmp_path);
    free(t);
    return NULL;
  }
  if (excel)
    fputs("\xEF\xBB\xBF", t->f);
  for (size_t i = 0; columns[i]; i++)
    write_cell(t, columns[i], strlen(columns[i]));
  tl_table_end_row(t);
  return t;
}

void tl_table_textn(tl_table *t, const char *s, size_t len) {
  if (t->excel && len && strchr("=+-@\t\r", s[0])) {
    tl_buf guarded = TL_BUF_INIT;
    tl_buf_putc(&guarded, '\'');
    tl_buf_add(&guarded, s, len);
    write_cell(t, guarded.data, guarded.len);
    tl_buf_free(&guarded);
    return;
  }
  write_cell(t, s, len);
}

void tl_table_text(tl_table *t, const char *s) { tl_table_textn(t, s ? s : "", s ? strlen(s) : 0); }

void tl_table_int(tl_table *t, long long v) {
  /* by hand: snprintf was a tenth of the run time of the tables */
  char buf[24], *p = buf + sizeof buf;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0)
    *--p = '-';
  write_cell(t, p, (size_t)(buf + sizeof buf - p));
}

void tl_table_number(tl_table *t, double v, int digits) {
  if (!isfinite(v)) {
    write_cell(t, "", 0);
    return;
  }
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%.*f", digits, v);
  if (memchr(buf, '.', (size_t)n)) {
    while (n > 0 && buf[n - 1] == '0')
      n--;
    if (n > 0 && buf[n - 1] == '.')
      n--;
  }
  if (n == 2 && memcmp(buf, "-0", 2) == 0) {
    buf[0] = '0';
    n = 1;
  }
  write_cell(t, buf, (size_t)n);
}

void tl_table_empty(tl_table *t) { write_cell(t, "", 0); }

void tl_table_end_row(tl_table *t) {
  putc('\n', t->f);
  t->cells = 0;
}

static void release(tl_table *t) {
  tl_buf_free(&t->cell);
  free(t->path);
  free(t->tmp_path);
  free(t);
}

int tl_table_commit(tl_table *t) {
  int rc = 0;
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
