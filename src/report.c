#include "report.h"

#include <cmark.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chart.h"
#include "csvread.h"
#include "date.h"
#include "diag.h"
#include "outfile.h"

#define HEATMAP_MAX 15     /* names on the heat map: more would be unreadable */
#define AMOUNT_LINES_MAX 8 /* lines on the amounts chart */

/* qsort that accepts an empty (NULL) array. */
static void sort_n(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  if (n > 1)
    qsort(base, n, size, cmp);
}

/* --- two small hash maps: names to indexes, pairs of numbers to indexes --- */

typedef struct {
  const char **keys; /* not owned: they point into the tables */
  int *vals;
  size_t cap, n;
} strmap;

static uint64_t hash_bytes(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++)
    h = (h ^ s[i]) * 1099511628211ULL;
  return h;
}

static int strmap_get(const strmap *m, const char *k) {
  if (!m->cap)
    return -1;
  for (size_t i = hash_bytes(k, strlen(k)) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    if (!m->keys[i])
      return -1;
    if (strcmp(m->keys[i], k) == 0)
      return m->vals[i];
  }
}

static void strmap_put(strmap *m, const char *k, int v) {
  if ((m->n + 1) * 2 > m->cap) {
    strmap bigger = {tl_xcalloc(m->cap ? m->cap * 2 : 64, sizeof(char *)), NULL, m->cap ? m->cap * 2 : 64, 0};
    bigger.vals = tl_xcalloc(bigger.cap, sizeof(int));
    for (size_t i = 0; i < m->cap; i++)
      if (m->keys[i])
        strmap_put(&bigger, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    *m = bigger;
  }
  size_t i = hash_bytes(k, strlen(k)) & (m->cap - 1);
  while (m->keys[i] && strcmp(m->keys[i], k) != 0)
    i = (i + 1) & (m->cap - 1);
  if (!m->keys[i])
    m->n++;
  m->keys[i] = k;
  m->vals[i] = v;
}

static void strmap_free(strmap *m) {
  free(m->keys);
  free(m->vals);
}

typedef struct {
  uint64_t *keys;
  long *vals; /* -1: an empty slot */
  size_t cap, n;
} intmap;

static uint64_t pair_key(uint32_t a, uint32_t b) { return (uint64_t)a << 32 | b; }

static long intmap_get(const intmap *m, uint64_t k) {
  if (!m->cap)
    return -1;
  for (size_t i = hash_bytes(&k, sizeof k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    if (m->vals[i] < 0)
      return -1;
    if (m->keys[i] == k)
      return m->vals[i];
  }
}

static void intmap_put(intmap *m, uint64_t k, long v) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    intmap bigger = {tl_xcalloc(cap, sizeof(uint64_t)), tl_xmalloc(cap * sizeof(long)), cap, 0};
    for (size_t i = 0; i < cap; i++)
      bigger.vals[i] = -1;
    for (size_t i = 0; i < m->cap; i++)
      if (m->vals[i] >= 0)
        intmap_put(&bigger, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    *m = bigger;
  }
  size_t i = hash_bytes(&k, sizeof k) & (m->cap - 1);
  while (m->vals[i] >= 0 && m->keys[i] != k)
    i = (i + 1) & (m->cap - 1);
  if (m->vals[i] < 0)
    m->n++;
  m->keys[i] = k;
  m->vals[i] = v;
}

static void intmap_free(intmap *m) {
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

/* --- what the tables say --- */

typedef struct {
  char name[9]; /* YYYY-Www */
  tl_date monday, sunday;
  int digests;
  long items;
  tl_date first, last;            /* the dates of its digests */
  size_t *docs, n_docs, cap_docs; /* indexes in report.docs, in doc order */
  size_t *rows, n_rows, cap_rows; /* weekly.csv rows, most mentioned first */
  size_t n_live;                  /* how many of them have mentions (weekly.csv keeps zeros) */
} week_t;

typedef struct {
  const char *name, *type, *parent, *first_date;
  long mentions;
} entity_t;

/* A digest that counts: dated, and no duplicate. */
typedef struct {
  long number; /* `doc` in the tables */
  int week;    /* index in weeks */
  const char *date;
  size_t ms_first, ms_end; /* its rows in report.ms */
} doc_t;

typedef struct {
  const char *out;
  tl_report_options opt;
  int rc;
  size_t from, to;    /* the weeks to report on: [from, to) */
  long cand_mentions; /* candidates.csv column, for sorting */
  size_t *cand_order;  /* candidates.csv rows, most mentions first (made once) */
  tl_date *cand_first; /* each row's first_date (1900-01-01 when unreadable) */
  int *cand_dated;     /* 1 when that first_date was readable */
  size_t n_cand;
  tl_csv *documents, *entities, *weekly, *items, *mentions, *amounts, *amounts_weekly, *cooc, *candidates;

  doc_t *docs;
  size_t n_docs, cap_docs;
  intmap doc_at; /* doc number -> index in docs */
  week_t *weeks;
  size_t n_weeks;
  strmap week_index;

  entity_t *ents;
  size_t n_ents, cap_ents;
  strmap ent_index;
  size_t *by_mentions; /* entity indexes, most mentioned overall first */

  long w_week, w_entity, w_mentions, w_items, w_share, w_change, w_z, w_slope;
  intmap weekly_at; /* (week, entity) -> weekly.csv row */

  intmap item_at; /* (doc, item) -> items.csv row */
  long i_title, i_url, i_date;
  /* mentions.csv, duplicates and unknown names left out, in (doc, item) order */
  struct mention {
    uint32_t doc, item, ent;
  } * ms;
  size_t n_ms;

  struct chart {
    char *name, *alt; /* file name stem; what it shows, for <img alt> */
  } * charts;         /* in the order they are made */
  size_t n_charts;
} report;

/* The counted digest numbered `number` in the tables, or NULL. */
static const doc_t *doc_of(const report *r, long number) {
  long i = number > 0 ? intmap_get(&r->doc_at, (uint64_t)number) : -1;
  return i < 0 ? NULL : &r->docs[i];
}

static void add_chart(report *r, const char *name, const char *alt) {
  r->charts = tl_xrealloc(r->charts, (r->n_charts + 1) * sizeof *r->charts);
  r->charts[r->n_charts++] = (struct chart){tl_strdup(name), tl_strdup(alt)};
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static int chart_rendered(const report *r, const char *name) {
  tl_buf p = TL_BUF_INIT;
  tl_buf_printf(&p, "%s/charts/%s.png", r->out, name);
  int yes = exists(p.data);
  tl_buf_free(&p);
  return yes;
}

/* "2025-W42" and nothing else: weeks become file names. */
static int week_valid(const char *s) {
  if (strlen(s) != 8 || s[4] != '-' || s[5] != 'W')
    return 0;
  for (int i = 0; i < 8; i++)
    if (i != 4 && i != 5 && (s[i] < '0' || s[i] > '9'))
      return 0;
  int w = atoi(s + 6);
  return tl_date_valid(atoi(s), 1, 4) && w >= 1 && w <= 53;
}

/* The Monday of ISO week `name`: the week of January 4th is week 1. */
static tl_date week_monday(const char *name) {
  tl_date jan4 = {atoi(name), 1, 4};
  long d = tl_date_to_days(jan4);
  long weekday = ((d + 3) % 7 + 7) % 7; /* 1970-01-01 was a Thursday; 0 = Monday */
  return tl_date_from_days(d - weekday + 7L * (atoi(name + 6) - 1));
}

static int date_of(const char *s, tl_date *out) {
  return strlen(s) == 10 && s[4] == '-' && s[7] == '-' ? tl_date_parse(s, out) : -1;
}

static int date_in_week(const char *s, const week_t *w) {
  tl_date d;
  return date_of(s, &d) == 0 && tl_date_cmp(d, w->monday) >= 0 && tl_date_cmp(d, w->sunday) <= 0;
}

static tl_csv *table(report *r, const char *name, int required) {
  tl_buf p = TL_BUF_INIT;
  tl_buf_printf(&p, "%s/%s", r->out, name);
  tl_csv *t = NULL;
  if (required || exists(p.data)) {
    t = tl_csv_read(p.data);
    if (!t && !required)
      r->rc = 1; /* reported; its sections say it is missing */
  }
  tl_buf_free(&p);
  return t;
}

/* Why a section has nothing to show: its table is missing, or was
 * reported as unreadable. */
static void md_unavailable(const report *r, tl_buf *md, const char *name) {
  tl_buf p = TL_BUF_INIT;
  tl_buf_printf(&p, "%s/%s", r->out, name);
  tl_buf_printf(md, "Not available: %s %s.\n\n", name, exists(p.data) ? "could not be read" : "is missing");
  tl_buf_free(&p);
}

static int entity_of(report *r, const char *name) {
  int e = strmap_get(&r->ent_index, name);
  if (e >= 0)
    return e;
  if (r->n_ents == r->cap_ents) {
    r->cap_ents = r->cap_ents ? r->cap_ents * 2 : 256;
    r->ents = tl_xrealloc(r->ents, r->cap_ents * sizeof *r->ents);
  }
  r->ents[r->n_ents] = (entity_t){name, "", "", "", 0};
  strmap_put(&r->ent_index, name, (int)r->n_ents);
  return (int)r->n_ents++;
}

static int load_documents(report *r) {
  static const char *const cols[] = {"doc", "date", "week", "items", "status", NULL};
  long c[5];
  if (tl_csv_require(r->documents, cols, c) < 0)
    return -1;
  size_t rows = tl_csv_rows(r->documents);
  const char *path = tl_csv_path(r->documents);
  for (size_t i = 0; i < rows; i++) {
    long doc, items = 0;
    const char *week = tl_csv_cell(r->documents, i, c[2]);
    const char *date = tl_csv_cell(r->documents, i, c[1]);
    tl_date day;
    if (tl_csv_long(r->documents, i, c[0], &doc) < 0 || doc < 1 || intmap_get(&r->doc_at, (uint64_t)doc) >= 0) {
      tl_diag(path, tl_csv_line(r->documents, i), "doc is not a new document number: skipped");
      continue;
    }
    if (strstr(tl_csv_cell(r->documents, i, c[4]), "duplicate-of:"))
      continue;
    if (!*week && !*date)
      continue; /* an undated file: the run that made the table said so */
    if (!week_valid(week) || date_of(date, &day) < 0) {
      tl_diag(path, tl_csv_line(r->documents, i), "not a YYYY-MM-DD date and YYYY-Www week: skipped");
      continue;
    }
    tl_csv_long(r->documents, i, c[3], &items);
    int w = strmap_get(&r->week_index, week);
    if (w < 0) {
      r->weeks = tl_xrealloc(r->weeks, (r->n_weeks + 1) * sizeof *r->weeks);
      week_t *nw = &r->weeks[r->n_weeks];
      memset(nw, 0, sizeof *nw);
      memcpy(nw->name, week, 9);
      nw->first = nw->last = day;
      w = (int)r->n_weeks++;
      strmap_put(&r->week_index, week, w); /* the key lives in the table */
    }
    week_t *wk = &r->weeks[w];
    wk->digests++;
    wk->items += items > 0 ? items : 0;
    if (tl_date_cmp(day, wk->first) < 0)
      wk->first = day;
    if (tl_date_cmp(day, wk->last) > 0)
      wk->last = day;
    if (wk->n_docs == wk->cap_docs) {
      wk->cap_docs = wk->cap_docs ? wk->cap_docs * 2 : 8;
      wk->docs = tl_xrealloc(wk->docs, wk->cap_docs * sizeof *wk->docs);
    }
    if (r->n_docs == r->cap_docs) {
      r->cap_docs = r->cap_docs ? r->cap_docs * 2 : 256;
      r->docs = tl_xrealloc(r->docs, r->cap_docs * sizeof *r->docs);
    }
    r->docs[r->n_docs] = (doc_t){doc, w, date, 0, 0};
    intmap_put(&r->doc_at, (uint64_t)doc, (long)r->n_docs);
    wk->docs[wk->n_docs++] = r->n_docs++;
  }
  return 0;
}

static int cmp_week(const void *a, const void *b) {
  return strcmp(((const week_t *)a)->name, ((const week_t *)b)->name);
}

static report *sort_ctx; /* for the comparison functions: see below */

static int cmp_doc_numbers(const void *a, const void *b) {
  long x = sort_ctx->docs[*(const size_t *)a].number, y = sort_ctx->docs[*(const size_t *)b].number;
  return x < y ? -1 : x > y;
}

/* Weeks in time order, each with its documents in doc order, and the
 * documents pointing at their weeks' new places. */
static void sort_weeks(report *r) {
  sort_n(r->weeks, r->n_weeks, sizeof *r->weeks, cmp_week);
  strmap_free(&r->week_index);
  memset(&r->week_index, 0, sizeof r->week_index);
  for (size_t w = 0; w < r->n_weeks; w++) {
    week_t *wk = &r->weeks[w];
    wk->monday = week_monday(wk->name);
    wk->sunday = tl_date_from_days(tl_date_to_days(wk->monday) + 6);
    strmap_put(&r->week_index, wk->name, (int)w);
    sort_ctx = r;
    sort_n(wk->docs, wk->n_docs, sizeof *wk->docs, cmp_doc_numbers);
    for (size_t i = 0; i < wk->n_docs; i++)
      r->docs[wk->docs[i]].week = (int)w;
  }
}

static int load_entities(report *r) {
  static const char *const cols[] = {"entity", "type", "parent", "mentions", "first_date", NULL};
  long c[5];
  if (tl_csv_require(r->entities, cols, c) < 0)
    return -1;
  for (size_t i = 0; i < tl_csv_rows(r->entities); i++) {
    const char *name = tl_csv_cell(r->entities, i, c[0]);
    if (!*name)
      continue;
    int at = entity_of(r, name); /* may move r->ents */
    entity_t *e = &r->ents[at];
    e->type = tl_csv_cell(r->entities, i, c[1]);
    e->parent = tl_csv_cell(r->entities, i, c[2]);
    e->first_date = tl_csv_cell(r->entities, i, c[4]);
    tl_csv_long(r->entities, i, c[3], &e->mentions);
  }
  return 0;
}

/* sort_ctx: what the comparison functions sort by, as qsort has no
 * context argument (the report stage runs on one thread). */

static double wnum(const report *r, size_t row, long col) { return tl_csv_double(r->weekly, row, col); }

static int cmp_rows_by_mentions(const void *a, const void *b) {
  const report *r = sort_ctx;
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  double mx = wnum(r, x, r->w_mentions), my = wnum(r, y, r->w_mentions);
  if (mx != my)
    return mx > my ? -1 : 1;
  return strcmp(tl_csv_cell(r->weekly, x, r->w_entity), tl_csv_cell(r->weekly, y, r->w_entity));
}

static int load_weekly(report *r) {
  static const char *const cols[] = {"week", "entity", "mentions", "items", "share", "change", "zscore", "slope", NULL};
  long c[8];
  if (tl_csv_require(r->weekly, cols, c) < 0)
    return -1;
  r->w_week = c[0];
  r->w_entity = c[1];
  r->w_mentions = c[2];
  r->w_items = c[3];
  r->w_share = c[4];
  r->w_change = c[5];
  r->w_z = c[6];
  r->w_slope = c[7];
  for (size_t i = 0; i < tl_csv_rows(r->weekly); i++) {
    int w = strmap_get(&r->week_index, tl_csv_cell(r->weekly, i, c[0]));
    const char *name = tl_csv_cell(r->weekly, i, c[1]);
    if (w < 0 || !*name)
      continue; /* a week without counted digests */
    week_t *wk = &r->weeks[w];
    if (wk->n_rows == wk->cap_rows) {
      wk->cap_rows = wk->cap_rows ? wk->cap_rows * 2 : 16;
      wk->rows = tl_xrealloc(wk->rows, wk->cap_rows * sizeof *wk->rows);
    }
    wk->rows[wk->n_rows++] = i;
    intmap_put(&r->weekly_at, pair_key((uint32_t)w, (uint32_t)entity_of(r, name)), (long)i);
  }
  sort_ctx = r;
  for (size_t w = 0; w < r->n_weeks; w++) {
    week_t *wk = &r->weeks[w];
    sort_n(wk->rows, wk->n_rows, sizeof(size_t), cmp_rows_by_mentions);
    while (wk->n_live < wk->n_rows && wnum(r, wk->rows[wk->n_live], r->w_mentions) > 0)
      wk->n_live++;
  }
  return 0;
}

static int cmp_entities(const void *a, const void *b) {
  const report *r = sort_ctx;
  const entity_t *x = &r->ents[*(const size_t *)a], *y = &r->ents[*(const size_t *)b];
  if (x->mentions != y->mentions)
    return x->mentions > y->mentions ? -1 : 1;
  return strcmp(x->name, y->name);
}

/* The weekly.csv row of an entity in a week, or -1. */
static long weekly_row(const report *r, size_t w, size_t e) {
  return intmap_get(&r->weekly_at, pair_key((uint32_t)w, (uint32_t)e));
}

static double share_pct(const report *r, size_t w, size_t e) {
  long row = weekly_row(r, w, e);
  double s = row < 0 ? 0 : wnum(r, (size_t)row, r->w_share);
  return isfinite(s) ? s * 100 : 0;
}

static double mentions_in(const report *r, size_t w, size_t e) {
  long row = weekly_row(r, w, e);
  double m = row < 0 ? 0 : wnum(r, (size_t)row, r->w_mentions);
  return isfinite(m) ? m : 0;
}

static int cmp_mentions(const void *a, const void *b) {
  const struct mention *x = a, *y = b;
  if (x->doc != y->doc)
    return x->doc < y->doc ? -1 : 1;
  if (x->item != y->item)
    return x->item < y->item ? -1 : 1;
  return x->ent < y->ent ? -1 : x->ent > y->ent;
}

/* items.csv and mentions.csv, indexed for the per-week sections. */
static void load_items_and_mentions(report *r) {
  if (r->items) {
    static const char *const cols[] = {"doc", "item", "title", "url", "date", NULL};
    long c[5];
    if (tl_csv_require(r->items, cols, c) < 0) {
      tl_csv_free(r->items);
      r->items = NULL;
      r->rc = 1;
    } else {
      r->i_title = c[2];
      r->i_url = c[3];
      r->i_date = c[4];
      for (size_t i = 0; i < tl_csv_rows(r->items); i++) {
        long doc, item;
        if (tl_csv_long(r->items, i, c[0], &doc) == 0 && tl_csv_long(r->items, i, c[1], &item) == 0 && doc_of(r, doc) &&
            item > 0 && item < INT32_MAX)
          intmap_put(&r->item_at, pair_key((uint32_t)doc, (uint32_t)item), (long)i);
      }
    }
  }
  if (r->mentions) {
    static const char *const cols[] = {"doc", "item", "entity", NULL};
    long c[3];
    if (tl_csv_require(r->mentions, cols, c) < 0) {
      tl_csv_free(r->mentions);
      r->mentions = NULL;
      r->rc = 1;
      return;
    }
    r->ms = tl_xmalloc((tl_csv_rows(r->mentions) + 1) * sizeof *r->ms);
    for (size_t i = 0; i < tl_csv_rows(r->mentions); i++) {
      long doc, item;
      if (tl_csv_long(r->mentions, i, c[0], &doc) < 0 || tl_csv_long(r->mentions, i, c[1], &item) < 0 ||
          !doc_of(r, doc) || doc > UINT32_MAX || item < 0 || item >= INT32_MAX)
        continue;
      int e = strmap_get(&r->ent_index, tl_csv_cell(r->mentions, i, c[2]));
      if (e >= 0)
        r->ms[r->n_ms++] = (struct mention){(uint32_t)doc, (uint32_t)item, (uint32_t)e};
    }
    sort_n(r->ms, r->n_ms, sizeof *r->ms, cmp_mentions);
    for (size_t k = 0; k < r->n_ms;) { /* each document's run of mentions */
      doc_t *d = &r->docs[intmap_get(&r->doc_at, r->ms[k].doc)];
      d->ms_first = k;
      while (k < r->n_ms && r->ms[k].doc == d->number)
        k++;
      d->ms_end = k;
    }
  }
}

/* --- Markdown --- */

/* Where text at the start of a line would open a block instead of staying
 * a paragraph — "# x", "- x", "+ x", "12. x", "3) x", "---", "===" — the
 * offset of the character to escape; -1 when it would not. */
static long block_opener(const char *s) {
  size_t n = strspn(s, "#");
  if (n >= 1 && n <= 6 && (s[n] == ' ' || !s[n]))
    return 0;
  if ((s[0] == '-' || s[0] == '+') && (s[1] == ' ' || !s[1]))
    return 0;
  if ((s[0] == '-' || s[0] == '=') && strspn(s, "- =") == strlen(s))
    return 0;
  n = strspn(s, "0123456789");
  if (n >= 1 && n <= 9 && (s[n] == '.' || s[n] == ')') && (s[n + 1] == ' ' || !s[n + 1]))
    return (long)n;
  return -1;
}

void tl_report_md_text(tl_buf *out, const char *s) {
  tl_buf text = TL_BUF_INIT; /* white space folded, ends trimmed */
  int space = 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c <= ' ' || c == 0x7f) {
      space = text.len > 0;
      continue;
    }
    if (space)
      tl_buf_putc(&text, ' ');
    space = 0;
    tl_buf_putc(&text, c);
  }
  long opener = block_opener(text.data);
  for (size_t i = 0; i < text.len; i++) {
    if ((long)i == opener || strchr("\\`*_[]<>|&~!", text.data[i]))
      tl_buf_putc(out, '\\');
    tl_buf_putc(out, text.data[i]);
  }
  tl_buf_free(&text);
}

static void md_strong(tl_buf *out, const char *s) {
  tl_buf_puts(out, "**");
  tl_report_md_text(out, *s ? s : "(no name)");
  tl_buf_puts(out, "**");
}

/* A link target: only http(s), inside <...> with the characters that
 * could end it percent-encoded. 0 when `url` is not one to link to. */
static int md_url(tl_buf *out, const char *url) {
  if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0)
    return 0;
  tl_buf_putc(out, '<');
  for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
    if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>' || *p == '\\')
      tl_buf_printf(out, "%%%02X", *p);
    else
      tl_buf_putc(out, *p);
  }
  tl_buf_putc(out, '>');
  return 1;
}

/* [title](url) of an item, its date after it; plain text without a URL. */
static void md_item(tl_buf *out, const report *r, uint32_t doc, uint32_t item) {
  long row = r->items ? intmap_get(&r->item_at, pair_key(doc, item)) : -1;
  const doc_t *d = doc_of(r, doc);
  const char *date = d ? d->date : "";
  if (row < 0) {
    tl_buf_printf(out, "a digest of %s", date);
    return;
  }
  const char *title = tl_csv_cell(r->items, (size_t)row, r->i_title);
  tl_buf link = TL_BUF_INIT;
  int linked = md_url(&link, tl_csv_cell(r->items, (size_t)row, r->i_url));
  if (linked)
    tl_buf_putc(out, '[');
  tl_report_md_text(out, *title ? title : "(untitled)");
  if (linked)
    tl_buf_printf(out, "](%s)", link.data);
  tl_buf_printf(out, " (%s)", date);
  tl_buf_free(&link);
}

static void md_date(tl_buf *out, tl_date d) {
  char b[11];
  tl_buf_puts(out, tl_date_format(d, b));
}

static void md_signed(tl_buf *out, double v) {
  if (v > 0)
    tl_buf_printf(out, "+%g", v);
  else
    tl_buf_printf(out, "%g", v == 0 ? 0 : v);
}

static void md_usd(tl_buf *out, double usd) {
  static const struct {
    double unit;
    const char *suffix;
  } scale[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}};
  for (size_t i = 0; i < sizeof scale / sizeof *scale; i++)
    if (usd >= scale[i].unit) {
      tl_buf_printf(out, "$%.3g%s", usd / scale[i].unit, scale[i].suffix);
      return;
    }
  tl_buf_printf(out, "$%.3g", usd);
}

void tl_report_sparkline(tl_buf *out, const double *values, size_t n) {
  static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  double max = 0;
  for (size_t i = 0; i < n; i++)
    if (isfinite(values[i]) && values[i] > max)
      max = values[i];
  for (size_t i = 0; i < n; i++) {
    double v = isfinite(values[i]) && values[i] > 0 ? values[i] : 0;
    int level = max > 0 ? (int)lround(v / max * 7) : 0;
    tl_buf_puts(out, blocks[level < 0 ? 0 : level > 7 ? 7 : level]);
  }
}

/* --- the sections of a weekly report --- */

static void section_head(report *r, size_t w, tl_buf *md) {
  const week_t *wk = &r->weeks[w];
  tl_buf_printf(md, "# Week %s: AI news trends\n\n", wk->name);
  tl_buf_puts(md, "**Period:** ");
  md_date(md, wk->monday);
  tl_buf_puts(md, " to ");
  md_date(md, wk->sunday);
  tl_buf_printf(md, " (Monday to Sunday). **%d digest%s**, dated ", wk->digests, wk->digests == 1 ? "" : "s");
  md_date(md, wk->first);
  if (tl_date_cmp(wk->first, wk->last) != 0) {
    tl_buf_puts(md, " to ");
    md_date(md, wk->last);
  }
  tl_buf_printf(md, ", with **%ld news item%s**.\n\n", wk->items, wk->items == 1 ? "" : "s");
  if (w == 0) {
    tl_buf_puts(md, "**Change:** the first week of the archive, nothing to compare with.\n\n");
    return;
  }
  const week_t *pw = &r->weeks[w - 1];
  tl_buf_printf(md, "**Change from %s:** digests ", pw->name);
  md_signed(md, wk->digests - pw->digests);
  tl_buf_printf(md, " (%d to %d), news items ", pw->digests, wk->digests);
  md_signed(md, (double)(wk->items - pw->items));
  tl_buf_printf(md, " (%ld to %ld", pw->items, wk->items);
  if (pw->items > 0) {
    tl_buf_puts(md, ", ");
    md_signed(md, round((double)(wk->items - pw->items) * 1000.0 / (double)pw->items) / 10);
    tl_buf_puts(md, "%");
  }
  tl_buf_puts(md, ").\n\n");
}

/* " (model of Anthropic)": what a name is, from entities.csv. */
static void md_kind(tl_buf *md, const entity_t *e) {
  if (!*e->type && !*e->parent)
    return;
  tl_buf_puts(md, " (");
  tl_report_md_text(md, e->type);
  if (*e->parent) {
    tl_buf_puts(md, *e->type ? " of " : "of ");
    tl_report_md_text(md, e->parent);
  }
  tl_buf_putc(md, ')');
}

/* The shares of entity e over the last SPARK_WEEKS weeks up to w. */
static size_t spark_values(const report *r, size_t w, size_t e, double *v) {
  size_t from = w + 1 >= TL_REPORT_SPARK_WEEKS ? w + 1 - TL_REPORT_SPARK_WEEKS : 0;
  for (size_t i = from; i <= w; i++)
    v[i - from] = share_pct(r, i, e);
  return w + 1 - from;
}

static void section_top(report *r, size_t w, tl_buf *md) {
  const week_t *wk = &r->weeks[w];
  tl_buf_puts(md, "## Top entities\n\n");
  if (wk->n_live == 0) {
    tl_buf_puts(md, "No names were mentioned this week.\n\n");
    return;
  }
  tl_buf_puts(md, "Share: the part of this week's news items that mention the name");
  if (w)
    tl_buf_printf(md, "; in brackets, the change from %s (mentions, and share in percentage points)",
                  r->weeks[w - 1].name);
  tl_buf_printf(md, ". Trend: share over the last %d weeks with digests, up to this one.\n\n", TL_REPORT_SPARK_WEEKS);
  for (size_t i = 0; i < wk->n_live && i < (size_t)r->opt.top; i++) {
    size_t row = wk->rows[i];
    int e = strmap_get(&r->ent_index, tl_csv_cell(r->weekly, row, r->w_entity));
    double m = wnum(r, row, r->w_mentions), items = wnum(r, row, r->w_items);
    double change = tl_csv_double(r->weekly, row, r->w_change);
    tl_buf_printf(md, "%zu. ", i + 1);
    md_strong(md, r->ents[e].name);
    md_kind(md, &r->ents[e]);
    tl_buf_printf(md, ": %g mention%s", m, m == 1 ? "" : "s");
    if (w) {
      tl_buf_puts(md, " (");
      md_signed(md, m - mentions_in(r, w - 1, (size_t)e));
      tl_buf_putc(md, ')');
    }
    tl_buf_printf(md, " in %g item%s, %.1f%% of items", isfinite(items) ? items : 0, items == 1 ? "" : "s",
                  share_pct(r, w, (size_t)e));
    if (w && isfinite(change)) {
      tl_buf_puts(md, " (");
      md_signed(md, round(change * 1000) / 10);
      tl_buf_puts(md, " pt)");
    }
    double v[TL_REPORT_SPARK_WEEKS];
    size_t n = spark_values(r, w, (size_t)e, v);
    tl_buf_puts(md, ", trend ");
    tl_report_sparkline(md, v, n);
    tl_buf_putc(md, '\n');
  }
  tl_buf_putc(md, '\n');
}

typedef struct {
  size_t row;
  double z;
} mover;

static int cmp_movers(const void *a, const void *b) {
  double x = fabs(((const mover *)a)->z), y = fabs(((const mover *)b)->z);
  if (x != y)
    return x > y ? -1 : 1;
  return ((const mover *)a)->row < ((const mover *)b)->row ? -1 : 1;
}

static void movers_line(report *r, tl_buf *md, const char *label, mover *list, size_t n) {
  tl_buf_printf(md, "- %s: ", label);
  if (n == 0) {
    tl_buf_puts(md, "none.\n");
    return;
  }
  sort_n(list, n, sizeof *list, cmp_movers);
  for (size_t i = 0; i < n && i < (size_t)r->opt.top; i++) {
    if (i)
      tl_buf_puts(md, ", ");
    md_strong(md, tl_csv_cell(r->weekly, list[i].row, r->w_entity));
    tl_buf_printf(md, " (z %.2f, slope ", list[i].z);
    md_signed(md, round(wnum(r, list[i].row, r->w_slope) * 1e4) / 1e2); /* share points */
    tl_buf_puts(md, " pt/week");
    double m = wnum(r, list[i].row, r->w_mentions);
    tl_buf_printf(md, ", %g mention%s)", m, m == 1 ? "" : "s");
  }
  if (n > (size_t)r->opt.top)
    tl_buf_printf(md, " and %zu more", n - (size_t)r->opt.top);
  tl_buf_puts(md, ".\n");
}

static void section_movers(report *r, size_t w, tl_buf *md) {
  const week_t *wk = &r->weeks[w];
  tl_buf_printf(md,
                "## Rising and falling\n\n"
                "Rule: rising when this week's share has a z-score of at least %.1f against the trailing weeks and "
                "a positive slope, with %d or more mentions; falling when the z-score is %.1f or less and the "
                "slope negative (z-score and slope of the share from weekly.csv; slope in percentage points "
                "a week).\n\n",
                TL_REPORT_Z, TL_REPORT_MIN_MENTIONS, -TL_REPORT_Z);
  mover *up = tl_xcalloc(wk->n_rows + 1, sizeof *up), *down = tl_xcalloc(wk->n_rows + 1, sizeof *down);
  size_t n_up = 0, n_down = 0;
  for (size_t i = 0; i < wk->n_rows; i++) {
    size_t row = wk->rows[i];
    double z = wnum(r, row, r->w_z), slope = wnum(r, row, r->w_slope), m = wnum(r, row, r->w_mentions);
    if (!isfinite(z) || !isfinite(slope))
      continue;
    if (z >= TL_REPORT_Z && slope > 0 && m >= TL_REPORT_MIN_MENTIONS)
      up[n_up++] = (mover){row, z};
    else if (z <= -TL_REPORT_Z && slope < 0)
      down[n_down++] = (mover){row, z};
  }
  movers_line(r, md, "Rising", up, n_up);
  movers_line(r, md, "Falling", down, n_down);
  tl_buf_putc(md, '\n');
  free(up);
  free(down);
}

/* The first mention of entity e in week w inside a news item: its doc and
 * item through *doc, *item; 0 when there is none. */
static int first_item_of(const report *r, size_t w, size_t e, uint32_t *doc, uint32_t *item) {
  const week_t *wk = &r->weeks[w];
  for (size_t i = 0; i < wk->n_docs; i++) { /* docs and ms are in (doc, item) order */
    const doc_t *d = &r->docs[wk->docs[i]];
    for (size_t k = d->ms_first; k < d->ms_end; k++)
      if (r->ms[k].ent == e && r->ms[k].item > 0) {
        *doc = r->ms[k].doc;
        *item = r->ms[k].item;
        return 1;
      }
  }
  return 0;
}

static void section_new(report *r, size_t w, tl_buf *md) {
  const week_t *wk = &r->weeks[w];
  tl_buf_puts(md, "## New names\n\n");
  size_t shown = 0, total = 0;
  for (size_t i = 0; i < wk->n_rows; i++) {
    int e = strmap_get(&r->ent_index, tl_csv_cell(r->weekly, wk->rows[i], r->w_entity));
    if (!date_in_week(r->ents[e].first_date, wk))
      continue;
    if (total++ == 0)
      tl_buf_puts(md, "Names mentioned for the first time in the archive this week (first_date in entities.csv):\n\n");
    if (shown == (size_t)r->opt.top)
      continue;
    shown++;
    tl_buf_puts(md, "- ");
    md_strong(md, r->ents[e].name);
    md_kind(md, &r->ents[e]);
    double m = wnum(r, wk->rows[i], r->w_mentions);
    tl_buf_printf(md, ": %g mention%s", m, m == 1 ? "" : "s");
    uint32_t doc, item;
    if (first_item_of(r, w, (size_t)e, &doc, &item)) {
      tl_buf_puts(md, ", first in ");
      md_item(md, r, doc, item);
    }
    tl_buf_putc(md, '\n');
  }
  if (total == 0)
    tl_buf_puts(md, "No names were seen for the first time this week.\n");
  else if (total > shown)
    tl_buf_printf(md, "- and %zu more.\n", total - shown);
  tl_buf_putc(md, '\n');
}

typedef struct {
  uint32_t a, b;
  long items;
  uint32_t doc, item; /* the first item with both */
  double npmi;
} pair_t;

static int cmp_pairs(const void *x, const void *y) {
  const pair_t *p = x, *q = y;
  if (p->items != q->items)
    return p->items > q->items ? -1 : 1;
  if (p->npmi != q->npmi)
    return p->npmi > q->npmi ? -1 : 1;
  if (p->a != q->a)
    return p->a < q->a ? -1 : 1;
  return p->b < q->b ? -1 : p->b > q->b;
}

static int related(const report *r, uint32_t a, uint32_t b) {
  return strcmp(r->ents[a].parent, r->ents[b].name) == 0 || strcmp(r->ents[b].parent, r->ents[a].name) == 0;
}

static void section_pairs(report *r, size_t w, tl_buf *md) {
  const week_t *wk = &r->weeks[w];
  tl_buf_puts(md, "## Strongest pairs\n\n");
  if (!r->mentions) {
    md_unavailable(r, md, "mentions.csv");
    return;
  }
  tl_buf_printf(md,
                "Names in the same news item this week (from mentions.csv and items.csv), %d or more items "
                "together, a name and its parent left out; the most items together first, then the highest "
                "NPMI within the week.\n\n",
                TL_REPORT_MIN_PAIR);
  intmap at = {0};
  pair_t *pairs = NULL;
  size_t n = 0, cap = 0;
  long *ent_items = tl_xcalloc(r->n_ents + 1, sizeof *ent_items);
  long news = 0; /* items with at least one name */
  for (size_t i = 0; i < wk->n_docs; i++) {
    const doc_t *d = &r->docs[wk->docs[i]];
    size_t k = d->ms_first, end = d->ms_end;
    while (k < end) {
      uint32_t item = r->ms[k].item;
      size_t from = k;
      while (k < end && r->ms[k].item == item)
        k++;
      if (item == 0)
        continue;
      news++;
      /* ms is sorted by entity within an item: distinct names are runs */
      for (size_t x = from; x < k; x++) {
        if (x > from && r->ms[x].ent == r->ms[x - 1].ent)
          continue;
        ent_items[r->ms[x].ent]++;
        for (size_t y = x + 1; y < k; y++) {
          if (r->ms[y].ent == r->ms[y - 1].ent)
            continue;
          uint32_t a = r->ms[x].ent, b = r->ms[y].ent;
          long at_pair = intmap_get(&at, pair_key(a, b));
          if (at_pair < 0) {
            if (n == cap) {
              cap = cap ? cap * 2 : 64;
              pairs = tl_xrealloc(pairs, cap * sizeof *pairs);
            }
            pairs[n] = (pair_t){a, b, 0, d->number, item, 0};
            intmap_put(&at, pair_key(a, b), (long)n);
            at_pair = (long)n++;
          }
          pairs[at_pair].items++;
        }
      }
    }
  }
  if (wk->items > news)
    news = wk->items; /* NPMI over all the week's items, as shares are */
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    pair_t p = pairs[i];
    if (p.items < TL_REPORT_MIN_PAIR || related(r, p.a, p.b))
      continue;
    double pab = (double)p.items / (double)news, pa = (double)ent_items[p.a] / (double)news,
           pb = (double)ent_items[p.b] / (double)news;
    p.npmi = pab >= 1 ? 1 : log(pab / (pa * pb)) / -log(pab);
    pairs[kept++] = p;
  }
  sort_n(pairs, kept, sizeof *pairs, cmp_pairs);
  if (kept == 0)
    tl_buf_printf(md, "No pair of names shared %d or more news items this week.\n", TL_REPORT_MIN_PAIR);
  for (size_t i = 0; i < kept && i < (size_t)r->opt.top; i++) {
    tl_buf_printf(md, "%zu. ", i + 1);
    md_strong(md, r->ents[pairs[i].a].name);
    tl_buf_puts(md, " and ");
    md_strong(md, r->ents[pairs[i].b].name);
    tl_buf_printf(md, ": %ld items, NPMI %.2f, e.g. ", pairs[i].items, pairs[i].npmi);
    md_item(md, r, pairs[i].doc, pairs[i].item);
    tl_buf_putc(md, '\n');
  }
  tl_buf_putc(md, '\n');
  free(pairs);
  free(ent_items);
  intmap_free(&at);
}

typedef struct {
  size_t row;
  double usd;
  long doc, item;
  tl_buf names; /* ";a;b;": the names of every copy merged into this one */
} amount_t;

static int cmp_amounts(const void *x, const void *y) {
  const amount_t *p = x, *q = y;
  int pu = isfinite(p->usd), qu = isfinite(q->usd);
  if (pu != qu)
    return pu ? -1 : 1; /* without a USD value: after those with one */
  if (pu && p->usd != q->usd)
    return p->usd > q->usd ? -1 : 1;
  return p->row < q->row ? -1 : 1;
}

/* Adds the ;-separated `names` to the set `set` (";a;b;"). */
static void merge_names(tl_buf *set, const char *names) {
  if (set->len == 0)
    tl_buf_putc(set, ';');
  for (const char *p = names; *p;) {
    size_t len = strcspn(p, ";");
    tl_buf one = TL_BUF_INIT;
    tl_buf_putc(&one, ';');
    tl_buf_add(&one, p, len);
    tl_buf_putc(&one, ';');
    if (len && !strstr(set->data, one.data))
      tl_buf_add(set, one.data + 1, one.len - 1);
    tl_buf_free(&one);
    p += len + (p[len] == ';');
  }
}

/* One amount is often written twice: in a title and its summary (the
 * same item, the same value) or by several digests of the week (the same
 * value, a name in common). Either way it is one line, with all its names. */
static int same_amount(const report *r, long surface_col, const amount_t *a, const amount_t *b, const char *names_b) {
  const char *sa = tl_csv_cell(r->amounts, a->row, surface_col), *sb = tl_csv_cell(r->amounts, b->row, surface_col);
  if (strcmp(sa, sb) != 0 && !(isfinite(a->usd) && a->usd == b->usd))
    return 0;
  if (a->doc == b->doc && a->item == b->item)
    return 1;
  int shared = 0;
  for (const char *p = names_b; *p && !shared;) {
    size_t len = strcspn(p, ";");
    tl_buf one = TL_BUF_INIT;
    tl_buf_putc(&one, ';');
    tl_buf_add(&one, p, len);
    tl_buf_putc(&one, ';');
    shared = len && strstr(a->names.data, one.data);
    tl_buf_free(&one);
    p += len + (p[len] == ';');
  }
  return shared;
}

static void section_amounts(report *r, size_t w, tl_buf *md) {
  tl_buf_puts(md, "## Largest amounts\n\n");
  static const char *const cols[] = {"doc", "item", "surface", "currency", "usd", "kind", "entities", NULL};
  long c[7];
  if (!r->amounts) {
    md_unavailable(r, md, "amounts.csv");
    return;
  }
  if (tl_csv_require(r->amounts, cols, c) < 0) {
    tl_buf_puts(md, "Not available: amounts.csv lacks columns (reported).\n\n");
    r->rc = 1;
    return;
  }
  tl_buf_puts(
      md, "Money amounts written in this week's digests (amounts.csv; prices and restatements in another "
          "currency left out), the largest in USD first; an amount written twice, in one item or by several digests "
          "with a name in common, is listed once.\n\n");
  size_t rows = tl_csv_rows(r->amounts);
  long restates = tl_csv_column(r->amounts, "restates"); /* optional: the same sum in another currency */
  amount_t *list = tl_xcalloc(rows + 1, sizeof *list);
  size_t n = 0;
  for (size_t i = 0; i < rows; i++) {
    long doc, item = 0;
    const doc_t *d = tl_csv_long(r->amounts, i, c[0], &doc) == 0 ? doc_of(r, doc) : NULL;
    if (!d || d->week != (int)w || strcmp(tl_csv_cell(r->amounts, i, c[5]), "price") == 0 ||
        strcmp(tl_csv_cell(r->amounts, i, restates), "1") == 0)
      continue;
    tl_csv_long(r->amounts, i, c[1], &item);
    list[n++] = (amount_t){i, tl_csv_double(r->amounts, i, c[4]), doc, item, TL_BUF_INIT};
  }
  sort_n(list, n, sizeof *list, cmp_amounts);
  size_t shown = 0; /* list[0..shown) are the lines, in order */
  for (size_t i = 0; i < n; i++) {
    const char *names = tl_csv_cell(r->amounts, list[i].row, c[6]);
    size_t j = 0;
    while (j < shown && !same_amount(r, c[2], &list[j], &list[i], names))
      j++;
    if (j < shown) {
      merge_names(&list[j].names, names);
    } else if (shown < (size_t)r->opt.top) {
      amount_t keep = list[i];
      list[i] = list[shown];
      list[shown] = keep;
      merge_names(&list[shown++].names, names);
    }
  }
  for (size_t i = 0; i < shown; i++) {
    size_t row = list[i].row;
    tl_buf_printf(md, "%zu. ", i + 1);
    md_strong(md, tl_csv_cell(r->amounts, row, c[2]));
    const char *currency = tl_csv_cell(r->amounts, row, c[3]);
    tl_buf_puts(md, " (");
    tl_report_md_text(md, *currency ? currency : "currency unknown");
    if (isfinite(list[i].usd)) {
      tl_buf_puts(md, ", about ");
      md_usd(md, list[i].usd);
    } else {
      tl_buf_puts(md, ", no USD rate");
    }
    tl_buf_puts(md, "): ");
    const char *set = list[i].names.data; /* ";a;b;" */
    if (strlen(set) <= 1)
      tl_buf_puts(md, "no names in the sentence");
    for (const char *p = set + 1; *p;) {
      size_t len = strcspn(p, ";");
      tl_buf one = TL_BUF_INIT;
      tl_buf_add(&one, p, len);
      if (p > set + 1)
        tl_buf_puts(md, ", ");
      tl_report_md_text(md, one.data);
      tl_buf_free(&one);
      p += len + 1;
    }
    tl_buf_puts(md, "; in ");
    md_item(md, r, (uint32_t)list[i].doc, list[i].item > 0 && list[i].item < INT32_MAX ? (uint32_t)list[i].item : 0);
    tl_buf_putc(md, '\n');
  }
  if (shown == 0)
    tl_buf_puts(md, "No money amounts in this week's digests.\n");
  tl_buf_putc(md, '\n');
  for (size_t i = 0; i < n; i++)
    tl_buf_free(&list[i].names);
  free(list);
}

static const double *sort_mentions; /* cmp_candidates' sort key, like sort_ctx */

static int cmp_candidates(const void *x, const void *y) {
  const double *mentions = sort_mentions;
  size_t a = *(const size_t *)x, b = *(const size_t *)y;
  if (mentions[a] != mentions[b])
    return mentions[a] > mentions[b] ? -1 : 1;
  return a < b ? -1 : 1;
}

static void section_candidates(report *r, size_t w, tl_buf *md) {
  const week_t *wk = &r->weeks[w];
  tl_buf_puts(md, "## Candidates for the dictionary\n\n");
  static const char *const cols[] = {"surface", "mentions", "documents", "first_date", "example", NULL};
  long c[5];
  if (!r->candidates) {
    md_unavailable(r, md, "candidates.csv");
    return;
  }
  if (tl_csv_require(r->candidates, cols, c) < 0) {
    tl_buf_puts(md, "Not available: candidates.csv lacks columns (reported).\n\n");
    r->rc = 1;
    return;
  }
  if (!r->cand_order) {
    /* sorted once for all weeks: parsing numbers inside a comparator per
     * week made the reports quadratic in the number of weeks */
    size_t rows = tl_csv_rows(r->candidates);
    r->n_cand = rows;
    r->cand_order = tl_xcalloc(rows + 1, sizeof *r->cand_order);
    r->cand_first = tl_xcalloc(rows + 1, sizeof *r->cand_first);
    r->cand_dated = tl_xcalloc(rows + 1, sizeof *r->cand_dated);
    double *mentions = tl_xcalloc(rows + 1, sizeof *mentions);
    for (size_t i = 0; i < rows; i++) {
      r->cand_order[i] = i;
      r->cand_dated[i] = date_of(tl_csv_cell(r->candidates, i, c[3]), &r->cand_first[i]) == 0;
      mentions[i] = tl_csv_double(r->candidates, i, c[1]);
      if (isnan(mentions[i]))
        mentions[i] = 0;
    }
    sort_mentions = mentions;
    sort_n(r->cand_order, rows, sizeof *r->cand_order, cmp_candidates);
    free(mentions);
  }
  size_t *order = tl_xcalloc((size_t)r->opt.top + 1, sizeof *order);
  size_t n = 0;
  for (size_t i = 0; i < r->n_cand && n < (size_t)r->opt.top; i++) {
    size_t row = r->cand_order[i];
    if (r->cand_dated[row] && tl_date_cmp(r->cand_first[row], wk->sunday) <= 0)
      order[n++] = row;
  }
  if (n == 0)
    tl_buf_puts(md, "No candidate names up to this week.\n\n");
  else
    tl_buf_puts(md, "Frequent names that no dictionary entry covers (candidates.csv: the whole archive, names first "
                    "seen up to this week):\n\n");
  for (size_t i = 0; i < n && i < (size_t)r->opt.top; i++) {
    size_t row = order[i];
    tl_buf_printf(md, "%zu. ", i + 1);
    md_strong(md, tl_csv_cell(r->candidates, row, c[0]));
    tl_buf_printf(md, ": %g mentions in %g digests, first seen %s", tl_csv_double(r->candidates, row, c[1]),
                  tl_csv_double(r->candidates, row, c[2]), tl_csv_cell(r->candidates, row, c[3]));
    if (date_in_week(tl_csv_cell(r->candidates, row, c[3]), wk))
      tl_buf_puts(md, " (new this week)");
    const char *example = tl_csv_cell(r->candidates, row, c[4]);
    if (*example) {
      /* an excerpt, cut at a character boundary */
      size_t len = strlen(example);
      if (len > 120) {
        len = 120;
        while (len > 0 && ((unsigned char)example[len] & 0xC0) == 0x80)
          len--;
      }
      tl_buf cut = TL_BUF_INIT;
      tl_buf_add(&cut, example, len);
      if (len < strlen(example))
        tl_buf_puts(&cut, "…");
      tl_buf_puts(md, ", e.g. “");
      tl_report_md_text(md, cut.data);
      tl_buf_puts(md, "”");
      tl_buf_free(&cut);
    }
    tl_buf_putc(md, '\n');
  }
  if (n)
    tl_buf_putc(md, '\n');
  free(order);
}

/* The image of a chart when it was rendered, linked to its SVG; a count
 * of those that were not, for one line saying how to render them. */
static void md_chart(report *r, tl_buf *md, const char *prefix, const struct chart *c, int *missing) {
  if (!chart_rendered(r, c->name)) {
    (*missing)++;
    return;
  }
  tl_buf_puts(md, "[![");
  tl_report_md_text(md, c->alt);
  tl_buf_printf(md, "](<%scharts/%s.png>)](<%scharts/%s.svg>)\n\n", prefix, c->name, prefix, c->name);
}

static void md_not_rendered(tl_buf *md, int missing) {
  if (missing)
    tl_buf_printf(md,
                  "%d chart%s not rendered (gnuplot missing or failing): the data and scripts are in the "
                  "charts folder; render them there with `gnuplot NAME.gp`.\n\n",
                  missing, missing == 1 ? " was" : "s were");
}

/* This week's bars, then the charts over all weeks. */
static void section_charts(report *r, size_t w, tl_buf *md) {
  tl_buf_puts(md, "## Charts\n\n");
  int missing = 0;
  tl_buf name = TL_BUF_INIT;
  tl_buf_printf(&name, "week-%s", r->weeks[w].name);
  for (size_t i = 0; i < r->n_charts; i++)
    if (strcmp(r->charts[i].name, name.data) == 0)
      md_chart(r, md, "../", &r->charts[i], &missing);
  for (size_t i = 0; i < r->n_charts; i++)
    if (strncmp(r->charts[i].name, "week-", 5) != 0)
      md_chart(r, md, "../", &r->charts[i], &missing);
  md_not_rendered(md, missing);
  tl_buf_free(&name);
}

static void md_tables(report *r, tl_buf *md, const char *prefix) {
  static const char *const tables[] = {"documents.csv",     "items.csv",          "mentions.csv",  "amounts.csv",
                                       "entities.csv",      "daily.csv",          "weekly.csv",    "cooccurrence.csv",
                                       "timeline_wide.csv", "amounts_weekly.csv", "candidates.csv"};
  int first = 1;
  for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
    tl_buf p = TL_BUF_INIT;
    tl_buf_printf(&p, "%s/%s", r->out, tables[i]);
    if (exists(p.data)) {
      tl_buf_puts(md, first ? "" : " · ");
      tl_buf_printf(md, "[%s](<%s%s>)", tables[i], prefix, tables[i]);
      first = 0;
    }
    tl_buf_free(&p);
  }
  tl_buf_puts(md, "\n");
}

/* --- HTML --- */

static void html_escape(tl_buf *out, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '&':
      tl_buf_puts(out, "&amp;");
      break;
    case '<':
      tl_buf_puts(out, "&lt;");
      break;
    case '>':
      tl_buf_puts(out, "&gt;");
      break;
    case '"':
      tl_buf_puts(out, "&quot;");
      break;
    default:
      tl_buf_putc(out, *s);
    }
  }
}

static const char style[] =
    "body{max-width:50rem;margin:0 auto;padding:1rem;line-height:1.6;color:#1f2328;background:#fff;"
    "font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",\"Noto Sans CJK SC\","
    "\"Source Han Sans SC\",\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",sans-serif;font-size:16px}"
    "h1{font-size:1.5rem;line-height:1.3}"
    "h2{font-size:1.2rem;margin-top:2rem;padding-bottom:.2rem;border-bottom:1px solid #d0d7de}"
    "img{display:block;max-width:100%;height:auto;margin:1rem 0;border:1px solid #d0d7de}"
    "a{color:#0969da;overflow-wrap:anywhere}li{margin:.3rem 0}"
    "code{background:#f6f8fa;padding:0 .25em;border-radius:3px}";

char *tl_report_html(const char *title, const char *markdown) {
  /* CMARK_OPT_UNSAFE is not given: cmark 0.30 then drops raw HTML and
   * javascript:, vbscript:, file: and most data: links */
  char *body = cmark_markdown_to_html(markdown, strlen(markdown), CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
  tl_buf page = TL_BUF_INIT;
  tl_buf_puts(&page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
  html_escape(&page, title);
  tl_buf_printf(&page, "</title>\n<style>%s</style>\n</head>\n<body>\n%s</body>\n</html>\n", style, body ? body : "");
  free(body);
  return tl_buf_detach(&page);
}

static int write_text(const char *path, const tl_buf *b) { return tl_outfile_write(path, b->data, b->len); }

/* --- charts --- */

/* The most mentioned names overall, at most `top` of them. */
static size_t top_names(const report *r, size_t top, const char **labels) {
  size_t n = 0;
  while (n < top && n < r->n_ents && r->ents[r->by_mentions[n]].mentions > 0) {
    labels[n] = r->ents[r->by_mentions[n]].name;
    n++;
  }
  return n;
}

static void chart_timeline(report *r, const char *dir, const char **week_names) {
  const char **labels = tl_xcalloc((size_t)r->opt.top, sizeof *labels);
  size_t n = top_names(r, (size_t)r->opt.top, labels);
  if (n) {
    double *v = tl_xcalloc(r->n_weeks * n, sizeof *v);
    for (size_t w = 0; w < r->n_weeks; w++)
      for (size_t i = 0; i < n; i++)
        v[w * n + i] = share_pct(r, w, r->by_mentions[i]);
    tl_chart_grid g = {r->n_weeks, n, week_names, labels, v};
    tl_buf title = TL_BUF_INIT;
    tl_buf_printf(&title, "Weekly share of the top %zu names", n);
    if (tl_chart_lines(dir, "timeline", title.data, "share of news items (%)", &g, 0) == 0)
      add_chart(r, "timeline", title.data);
    else
      r->rc = -1;
    tl_buf_free(&title);
    free(v);
  }
  free(labels);
}

/* The entity an --entity NAME means: its canonical name, or failing that
 * the same letters in another case; -1 when there is none. */
static int wanted_entity(const report *r, const char *want) {
  int e = strmap_get(&r->ent_index, want);
  for (size_t i = 0; e < 0 && i < r->n_ents; i++)
    if (strcasecmp(r->ents[i].name, want) == 0)
      e = (int)i;
  return e;
}

static void chart_entities(report *r, const char *dir, const char **week_names) {
  char **slugs = tl_xcalloc(r->opt.n_entities + 1, sizeof *slugs);
  int *done = tl_xcalloc(r->n_ents + 1, sizeof *done);
  size_t n_slugs = 0;
  for (size_t k = 0; k < r->opt.n_entities; k++) {
    int e = wanted_entity(r, r->opt.entities[k]);
    if (e < 0) {
      tl_diag(NULL, 0, "--entity %s: no such name in entities.csv: no chart", r->opt.entities[k]);
      if (r->rc == 0)
        r->rc = 1;
      continue;
    }
    if (done[e]++)
      continue; /* asked twice */
    char *slug = tl_chart_slug(r->ents[e].name, (const char *const *)slugs, n_slugs);
    slugs[n_slugs++] = slug;
    double *m = tl_xcalloc(r->n_weeks, sizeof *m), *s = tl_xcalloc(r->n_weeks, sizeof *s);
    int *burst = tl_xcalloc(r->n_weeks, sizeof *burst);
    for (size_t w = 0; w < r->n_weeks; w++) {
      m[w] = mentions_in(r, w, (size_t)e);
      s[w] = share_pct(r, w, (size_t)e);
      long row = weekly_row(r, w, (size_t)e);
      burst[w] = row >= 0 && wnum(r, (size_t)row, r->w_z) >= TL_REPORT_Z;
    }
    tl_buf name = TL_BUF_INIT, rule = TL_BUF_INIT, alt = TL_BUF_INIT;
    tl_buf_printf(&name, "entity-%s", slug);
    tl_buf_printf(&rule, "burst: z-score >= %.1f", TL_REPORT_Z);
    tl_buf_printf(&alt, "%s: mentions and share per week", r->ents[e].name);
    if (tl_chart_entity(dir, name.data, r->ents[e].name, r->n_weeks, week_names, m, s, burst, rule.data) == 0)
      add_chart(r, name.data, alt.data);
    else
      r->rc = -1;
    tl_buf_free(&name);
    tl_buf_free(&rule);
    tl_buf_free(&alt);
    free(m);
    free(s);
    free(burst);
  }
  for (size_t i = 0; i < n_slugs; i++)
    free(slugs[i]);
  free(slugs);
  free(done);
}

/* Top-N bars of each report week; the other weeks keep theirs. */
static void chart_weeks(report *r, const char *dir) {
  size_t top = (size_t)r->opt.top;
  for (size_t w = r->from; w < r->to; w++) {
    const week_t *wk = &r->weeks[w];
    if (!wk->n_live)
      continue;
    size_t n = wk->n_live < top ? wk->n_live : top;
    const char **names = tl_xcalloc(n, sizeof *names);
    double *v = tl_xcalloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++) {
      names[i] = tl_csv_cell(r->weekly, wk->rows[i], r->w_entity);
      v[i] = wnum(r, wk->rows[i], r->w_mentions);
    }
    tl_buf name = TL_BUF_INIT, title = TL_BUF_INIT;
    tl_buf_printf(&name, "week-%s", wk->name);
    tl_buf_printf(&title, "Top %zu names of %s by mentions", n, wk->name);
    if (tl_chart_bars(dir, name.data, title.data, "mentions", n, names, v) == 0)
      add_chart(r, name.data, title.data);
    else
      r->rc = -1;
    tl_buf_free(&name);
    tl_buf_free(&title);
    free(names);
    free(v);
  }
}

static void chart_cooccurrence(report *r, const char *dir) {
  static const char *const cols[] = {"entity_a", "entity_b", "items", "npmi", NULL};
  long c[4];
  if (!r->cooc)
    return;
  if (tl_csv_require(r->cooc, cols, c) < 0) {
    r->rc = r->rc < 0 ? r->rc : 1;
    return;
  }
  size_t top = (size_t)r->opt.top < HEATMAP_MAX ? (size_t)r->opt.top : HEATMAP_MAX;
  const char **labels = tl_xcalloc(top, sizeof *labels);
  size_t n = top_names(r, top, labels);
  if (n >= 2) {
    double *npmi = tl_xcalloc(n * n, sizeof *npmi), *items = tl_xcalloc(n * n, sizeof *items);
    for (size_t i = 0; i < n * n; i++)
      npmi[i] = NAN;
    for (size_t i = 0; i < tl_csv_rows(r->cooc); i++) {
      size_t a = n, b = n;
      const char *na = tl_csv_cell(r->cooc, i, c[0]), *nb = tl_csv_cell(r->cooc, i, c[1]);
      for (size_t k = 0; k < n; k++) {
        if (strcmp(labels[k], na) == 0)
          a = k;
        if (strcmp(labels[k], nb) == 0)
          b = k;
      }
      if (a == n || b == n || a == b)
        continue;
      npmi[a * n + b] = npmi[b * n + a] = tl_csv_double(r->cooc, i, c[3]);
      items[a * n + b] = items[b * n + a] = tl_csv_double(r->cooc, i, c[2]);
    }
    tl_buf title = TL_BUF_INIT;
    tl_buf_printf(&title, "Co-occurrence of the top %zu names (colour: NPMI; number: items together)", n);
    if (tl_chart_heatmap(dir, "cooccurrence", title.data, n, labels, npmi, items) == 0)
      add_chart(r, "cooccurrence", title.data);
    else
      r->rc = -1;
    tl_buf_free(&title);
    free(npmi);
    free(items);
  }
  free(labels);
}

/* USD per week of the names with the largest totals. */
static void chart_amounts(report *r, const char *dir, const char **week_names) {
  static const char *const cols[] = {"week", "entity", "usd", NULL};
  long c[3];
  if (!r->amounts_weekly)
    return;
  if (tl_csv_require(r->amounts_weekly, cols, c) < 0) {
    r->rc = r->rc < 0 ? r->rc : 1;
    return;
  }
  double *total = tl_xcalloc(r->n_ents + 1, sizeof *total);
  size_t rows = tl_csv_rows(r->amounts_weekly);
  for (size_t i = 0; i < rows; i++) {
    double usd = tl_csv_double(r->amounts_weekly, i, c[2]);
    int e = strmap_get(&r->ent_index, tl_csv_cell(r->amounts_weekly, i, c[1]));
    if (e >= 0 && isfinite(usd) && usd > 0)
      total[e] += usd;
  }
  size_t n = 0, lim = (size_t)r->opt.top < AMOUNT_LINES_MAX ? (size_t)r->opt.top : AMOUNT_LINES_MAX;
  size_t *pick = tl_xcalloc(lim + 1, sizeof *pick);
  for (; n < lim; n++) { /* the largest remaining total, ties by name: lim is small */
    size_t best = r->n_ents;
    for (size_t e = 0; e < r->n_ents; e++) {
      if (total[e] <= 0)
        continue;
      if (best == r->n_ents || total[e] > total[best] ||
          (total[e] == total[best] && strcmp(r->ents[e].name, r->ents[best].name) < 0))
        best = e;
    }
    if (best == r->n_ents)
      break;
    pick[n] = best;
    total[best] = 0; /* taken */
  }
  if (n) {
    const char **names = tl_xcalloc(n, sizeof *names);
    double *v = tl_xcalloc(r->n_weeks * n, sizeof *v);
    for (size_t i = 0; i < r->n_weeks * n; i++)
      v[i] = NAN;
    for (size_t k = 0; k < n; k++)
      names[k] = r->ents[pick[k]].name;
    for (size_t i = 0; i < rows; i++) {
      int w = strmap_get(&r->week_index, tl_csv_cell(r->amounts_weekly, i, c[0]));
      int e = strmap_get(&r->ent_index, tl_csv_cell(r->amounts_weekly, i, c[1]));
      double usd = tl_csv_double(r->amounts_weekly, i, c[2]);
      for (size_t k = 0; k < n && w >= 0 && isfinite(usd); k++)
        if ((int)pick[k] == e)
          v[(size_t)w * n + k] = usd / 1e9;
    }
    tl_chart_grid g = {r->n_weeks, n, week_names, names, v};
    tl_buf title = TL_BUF_INIT;
    tl_buf_printf(&title, "Money amounts per week of the top %zu names (USD, log scale)", n);
    if (tl_chart_lines(dir, "amounts", title.data, "USD, billions", &g, 1) == 0)
      add_chart(r, "amounts", title.data);
    else
      r->rc = -1;
    tl_buf_free(&title);
    free(names);
    free(v);
  }
  free(pick);
  free(total);
}

static void make_charts(report *r) {
  tl_buf dir = TL_BUF_INIT;
  tl_buf_printf(&dir, "%s/charts", r->out);
  const char **week_names = tl_xcalloc(r->n_weeks, sizeof *week_names);
  for (size_t w = 0; w < r->n_weeks; w++)
    week_names[w] = r->weeks[w].name;
  chart_timeline(r, dir.data, week_names);
  chart_entities(r, dir.data, week_names);
  chart_weeks(r, dir.data);
  chart_cooccurrence(r, dir.data);
  chart_amounts(r, dir.data, week_names);
  free(week_names);

  const char **names = tl_xcalloc(r->n_charts + 1, sizeof *names);
  for (size_t i = 0; i < r->n_charts; i++)
    names[i] = r->charts[i].name;
  if (tl_chart_render(dir.data, names, r->n_charts, r->opt.gnuplot, r->opt.timeout_seconds) != 0 && r->rc == 0)
    r->rc = 1;
  free(names);
  tl_buf_free(&dir);
}

/* --- the reports --- */

static int write_week(report *r, size_t w) {
  tl_buf md = TL_BUF_INIT;
  section_head(r, w, &md);
  section_top(r, w, &md);
  section_movers(r, w, &md);
  section_new(r, w, &md);
  section_pairs(r, w, &md);
  section_amounts(r, w, &md);
  section_candidates(r, w, &md);
  section_charts(r, w, &md);
  tl_buf_puts(&md, "---\n\nMade by trendlens from the tables of this folder: ");
  md_tables(r, &md, "../");
  tl_buf_puts(&md, "\n[All weeks](<../index.html>)\n");

  tl_buf path = TL_BUF_INIT, title = TL_BUF_INIT;
  tl_buf_printf(&path, "%s/weekly/%s.md", r->out, r->weeks[w].name);
  int rc = write_text(path.data, &md);
  tl_buf_printf(&title, "AI news trends, week %s", r->weeks[w].name);
  char *html = tl_report_html(title.data, md.data);
  tl_buf_reset(&path);
  tl_buf_printf(&path, "%s/weekly/%s.html", r->out, r->weeks[w].name);
  if (rc == 0)
    rc = tl_outfile_write(path.data, html, strlen(html));
  free(html);
  tl_buf_free(&path);
  tl_buf_free(&title);
  tl_buf_free(&md);
  return rc;
}

static int write_index(report *r) {
  tl_buf md = TL_BUF_INIT;
  long digests = 0, items = 0;
  for (size_t w = 0; w < r->n_weeks; w++) {
    digests += r->weeks[w].digests;
    items += r->weeks[w].items;
  }
  tl_buf_puts(&md, "# AI news trends: weekly reports\n\n");
  if (r->n_weeks == 0) {
    tl_buf_puts(&md, "No dated digests in these tables: no weeks to report on.\n\n");
  } else {
    tl_buf_printf(&md, "%ld digests from ", digests);
    md_date(&md, r->weeks[0].first);
    tl_buf_puts(&md, " to ");
    md_date(&md, r->weeks[r->n_weeks - 1].last);
    tl_buf_printf(&md, " in %zu weeks, with %ld news items (duplicate digests left out).\n\n## Weeks\n\n",
                  r->n_weeks, items);
  }
  for (size_t w = r->n_weeks; w-- > 0;) {
    const week_t *wk = &r->weeks[w];
    tl_buf p = TL_BUF_INIT;
    tl_buf_printf(&p, "%s/weekly/%s.html", r->out, wk->name);
    if (exists(p.data))
      tl_buf_printf(&md, "- [%s](<weekly/%s.html>): ", wk->name, wk->name);
    else
      tl_buf_printf(&md, "- %s (no report written): ", wk->name);
    tl_buf_free(&p);
    md_date(&md, wk->monday);
    tl_buf_puts(&md, " to ");
    md_date(&md, wk->sunday);
    tl_buf_printf(&md, ", %d digest%s, %ld news items", wk->digests, wk->digests == 1 ? "" : "s", wk->items);
    if (wk->n_live) {
      const char *name = tl_csv_cell(r->weekly, wk->rows[0], r->w_entity);
      tl_buf_puts(&md, "; top name ");
      md_strong(&md, name);
      tl_buf_printf(&md, " in %.1f%% of items", share_pct(r, w, (size_t)strmap_get(&r->ent_index, name)));
    }
    tl_buf_puts(&md, "\n");
  }
  tl_buf_puts(&md, "\n## Charts\n\n");
  int missing = 0;
  for (size_t i = 0; i < r->n_charts; i++)
    if (strncmp(r->charts[i].name, "week-", 5) != 0)
      md_chart(r, &md, "", &r->charts[i], &missing);
  md_not_rendered(&md, missing);
  tl_buf_puts(&md, "## Tables\n\n");
  md_tables(r, &md, "");

  tl_buf path = TL_BUF_INIT;
  tl_buf_printf(&path, "%s/index.html", r->out);
  char *html = tl_report_html("AI news trends: weekly reports", md.data);
  int rc = tl_outfile_write(path.data, html, strlen(html));
  free(html);
  tl_buf_free(&path);
  tl_buf_free(&md);
  return rc;
}

static void release(report *r) {
  tl_csv *tables[] = {r->documents, r->entities,       r->weekly, r->items,     r->mentions,
                      r->amounts,   r->amounts_weekly, r->cooc,   r->candidates};
  for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
    tl_csv_free(tables[i]);
  for (size_t w = 0; w < r->n_weeks; w++) {
    free(r->weeks[w].docs);
    free(r->weeks[w].rows);
  }
  free(r->weeks);
  free(r->docs);
  intmap_free(&r->doc_at);
  free(r->ents);
  free(r->by_mentions);
  strmap_free(&r->week_index);
  strmap_free(&r->ent_index);
  intmap_free(&r->weekly_at);
  intmap_free(&r->item_at);
  free(r->ms);
  free(r->cand_order);
  free(r->cand_first);
  free(r->cand_dated);
  for (size_t i = 0; i < r->n_charts; i++) {
    free(r->charts[i].name);
    free(r->charts[i].alt);
  }
  free(r->charts);
}

int tl_report_write(const char *out_dir, const tl_report_options *opt) {
  report r;
  memset(&r, 0, sizeof r);
  r.out = out_dir;
  if (opt)
    r.opt = *opt;
  if (r.opt.top <= 0)
    r.opt.top = 10;
  if (r.opt.timeout_seconds <= 0)
    r.opt.timeout_seconds = 60;
  if (r.opt.week && !week_valid(r.opt.week)) {
    tl_diag(NULL, 0, "--week %s: not an ISO week like 2025-W42", r.opt.week);
    return -1;
  }

  int rc = 0;
  r.documents = table(&r, "documents.csv", 1);
  r.entities = table(&r, "entities.csv", 1);
  r.weekly = table(&r, "weekly.csv", 1);
  if (!r.documents || !r.entities || !r.weekly || load_documents(&r) < 0) {
    release(&r);
    return -1;
  }
  sort_weeks(&r);
  if (load_entities(&r) < 0 || load_weekly(&r) < 0) {
    release(&r);
    return -1;
  }
  r.items = table(&r, "items.csv", 0);
  r.mentions = table(&r, "mentions.csv", 0);
  r.amounts = table(&r, "amounts.csv", 0);
  r.amounts_weekly = table(&r, "amounts_weekly.csv", 0);
  r.cooc = table(&r, "cooccurrence.csv", 0);
  r.candidates = table(&r, "candidates.csv", 0);
  load_items_and_mentions(&r);

  r.by_mentions = tl_xcalloc(r.n_ents + 1, sizeof *r.by_mentions);
  for (size_t e = 0; e < r.n_ents; e++)
    r.by_mentions[e] = e;
  sort_ctx = &r;
  sort_n(r.by_mentions, r.n_ents, sizeof *r.by_mentions, cmp_entities);

  /* the weeks to report on */
  size_t from = 0, to = r.n_weeks; /* [from, to) */
  if (r.opt.week) {
    int w = strmap_get(&r.week_index, r.opt.week);
    if (w < 0 && r.n_weeks == 0)
      tl_diag(NULL, 0, "--week %s: no dated digests at all", r.opt.week);
    else if (w < 0)
      tl_diag(NULL, 0, "--week %s: no digests that week (weeks with digests: %s to %s)", r.opt.week, r.weeks[0].name,
              r.weeks[r.n_weeks - 1].name);
    if (w < 0) {
      release(&r);
      return -1;
    }
    from = (size_t)w;
    to = from + 1;
  } else if (r.opt.weeks > 0 && (size_t)r.opt.weeks < r.n_weeks) {
    from = r.n_weeks - (size_t)r.opt.weeks;
  }

  tl_buf dir = TL_BUF_INIT;
  tl_buf_printf(&dir, "%s/charts", out_dir);
  int made = tl_outfile_mkdir(dir.data);
  tl_buf_reset(&dir);
  tl_buf_printf(&dir, "%s/weekly", out_dir);
  if (made == 0)
    made = tl_outfile_mkdir(dir.data);
  tl_buf_free(&dir);
  if (made < 0) {
    release(&r);
    return -1;
  }

  r.from = from;
  r.to = to;
  if (r.n_weeks)
    make_charts(&r);
  rc = r.rc;
  for (size_t w = from; w < to && rc >= 0; w++)
    if (write_week(&r, w) < 0)
      rc = -1;
  if (rc >= 0 && write_index(&r) < 0)
    rc = -1;
  if (rc >= 0 && r.rc > rc)
    rc = r.rc;
  release(&r);
  return rc;
}
