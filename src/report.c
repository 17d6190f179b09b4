#include "report.h"

#include <cmark.h>
#include <errno.h>
#include <limits.h>
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
#include "keymap.h"
#include "outfile.h"

#define HEATMAP_MAX 15     /* names on the heat map: more would be unreadable */
#define AMOUNT_LINES_MAX 8 /* lines on the amounts chart */

/* qsort that accepts an empty (NULL) array. */
static void sort_n(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  if (n > 1)
    qsort(base, n, size, cmp);
}

/* (doc, item) or (entity, entity) as one keymap key. */
static uint64_t pair_key(uint32_t a, uint32_t b) { return (uint64_t)a << 32 | b; }

/* --- what the tables say --- */

/* How the report stage holds the tables (DESIGN.md §7): none of them whole.
 * documents.csv and entities.csv are kept as small structs (a document, a
 * name); weekly.csv is read once for the charts and the index and once more
 * a week at a time; the per-document tables (items, mentions, amounts) are
 * read a week at a time in doc order; candidates.csv is read twice, keeping
 * only the names some week shows. So memory follows the weeks, the names
 * and the size of one week, not the number of rows. */

typedef struct {
  char *name; /* YYYY-Www */
  tl_date monday, sunday;
  int digests;
  long items;
  tl_date first, last;            /* the dates of its digests */
  size_t *docs, n_docs, cap_docs; /* indexes in report.docs, in doc order */
  /* from the first reading of weekly.csv */
  int in_weekly;      /* the week has rows there, starting at rows_at */
  tl_csv_pos rows_at;
  size_t n_live;      /* how many of them have mentions (weekly.csv keeps zeros) */
  int top;            /* the entity most mentioned, when n_live */
  double top_share;   /* its share in percent */
  size_t n_bars;      /* the top-N bars of a report week */
  int *bar_ent;
  double *bar_mentions;
  int chart;          /* index in report.charts of its bars, or -1 */
} week_t;

typedef struct {
  const char *name;                 /* ent_index's copy */
  char *type, *parent, *first_date; /* owned */
  long mentions;
  int watched;     /* an --entity may mean it: its weeks are kept */
  double *series;  /* when watched or on the timeline: mentions, share in
                      percent and burst (1/0) of every week, 3 x n_weeks */
} entity_t;

/* A digest that counts: dated, and no duplicate. */
typedef struct {
  long number; /* `doc` in the tables */
  int week;    /* index in weeks */
  char date[11];
} doc_t;

/* The weekly.csv rows of one week, most mentioned first. */
typedef struct {
  int ent;
  size_t row;                  /* in weekly.csv: ties between movers go by it */
  double mentions, items, share, change, z, slope; /* NaN when empty */
} wrow;

typedef struct {
  int week; /* the week held, -1 for none */
  wrow *rows;
  size_t n, cap, n_live;
  double *share, *mentions; /* per entity, from its last row: share_pct() and mentions_in() */
  unsigned char *burst;     /* ... and whether its z-score makes a burst */
  size_t n_dense;
} slice;

#define RING TL_REPORT_SPARK_WEEKS /* slices kept: a sparkline's weeks */

/* A table read a document at a time (items, mentions, amounts). Every stage
 * writes them in doc order, and the reading relies on it: "main" reads on
 * and never back; where main goes past a document whose week is still to
 * come, that is noted in `passed`, and the reader goes back there when the
 * week comes, then on again from main's row. When documents follow the
 * weeks (files named by date) nothing is ever passed. */
enum {
  TABLE_ABSENT,       /* missing, or could not be read (reported) */
  TABLE_OK,
  TABLE_LACKS_COLUMNS /* its sections say so */
};
typedef struct {
  int state;
  tl_csv_reader *rd;
  long col[8];
  long main_doc;       /* the doc of main's current row; LONG_MAX at the end */
  int away;            /* rd is reading a document main went past ... */
  tl_csv_pos frontier; /* ... and main's row is there */
  tl_keymap passed;    /* doc numbers; at[i]: where the one numbered i starts */
  tl_csv_pos *at;
  size_t cap_at;
} doc_table;

typedef struct {
  uint32_t doc, item, ent;
} mention;

typedef struct {
  size_t row;
  double usd;
  long doc, item;
  size_t surface, currency, entities; /* offsets in report.text */
  tl_buf names; /* ";a;b;": the names of every copy merged into this one */
} amount_t;

typedef struct {
  size_t title, url; /* offsets in report.text */
} item_t;

typedef struct {
  double mentions; /* NaN read as 0: the sort key */
  size_t row;
} cand_key;

typedef struct {
  char *surface, *first_date, *example;
  double mentions, documents;
} cand_t;

/* The best `top` keys in order, at most. */
typedef struct {
  cand_key *keys;
  size_t n, cap;
} best_list;

typedef struct {
  const char *out;
  tl_report_options opt;
  int rc;
  size_t from, to; /* the weeks to report on: [from, to) */

  doc_t *docs;
  size_t n_docs, cap_docs;
  tl_keymap doc_at; /* doc numbers, numbered as docs[] */
  week_t *weeks;
  size_t n_weeks, cap_weeks;
  tl_names week_index; /* week names, numbered as weeks[] */

  entity_t *ents;
  size_t n_ents, cap_ents;
  tl_names ent_index; /* entity names, numbered as ents[]: their names */
  size_t *by_mentions; /* entity indexes, most mentioned overall first */
  size_t n_timeline;   /* the first of them, on the timeline chart */
  int *name_rank;      /* each entity's place in the order of names */
  size_t n_ranked;     /* how many entities name_rank covers */
  int *followed;       /* the entities with a series */
  size_t n_followed, cap_followed;

  tl_csv_reader *weekly;
  long wc[8]; /* its columns: week, entity, mentions, items, share, change, zscore, slope */
  slice ring[RING]; /* weeks w-RING+1 .. w, at index week % RING */
  slice scratch;    /* a week being read for the charts */

  doc_table items, mentions, amounts;

  /* the week being written */
  tl_buf text; /* its strings */
  mention *ms; /* its mentions, in (doc, item, entity) order */
  size_t n_ms, cap_ms;
  amount_t *amts;
  size_t n_amts, cap_amts;
  item_t *its;
  size_t cap_its;
  tl_keymap item_at; /* pair_key(doc, item), numbered as its[]: item_at.count of them */

  /* candidates.csv */
  int cand_state; /* TABLE_* */
  long cc[5];     /* its columns: surface, mentions, documents, first_date, example */
  best_list *buckets; /* a week's: the best of those first seen that week (or before the first) */
  best_list shown;    /* the best first seen up to week shown_upto - 1 */
  size_t shown_upto;
  tl_keymap cand_at; /* rows of candidates.csv, numbered as cands[] */
  cand_t *cands;  /* the rows some week shows */
  size_t n_cands;

  struct chart {
    char *name, *alt; /* file name stem; what it shows, for <img alt> */
    int rendered;
  } * charts; /* in the order they are made */
  size_t n_charts, cap_charts;
  tl_buf tables_md[2]; /* the tables line, from the folder and from weekly/ */
} report;

/* The counted digest numbered `number` in the tables, or NULL. */
static const doc_t *doc_of(const report *r, long number) {
  size_t i = number > 0 ? tl_keymap_find(&r->doc_at, (uint64_t)number) : SIZE_MAX;
  return i == SIZE_MAX ? NULL : &r->docs[i];
}

static void add_chart(report *r, const char *name, const char *alt) {
  r->charts = tl_xgrow(r->charts, &r->cap_charts, r->n_charts + 1, sizeof *r->charts);
  r->charts[r->n_charts++] = (struct chart){tl_strdup(name), tl_strdup(alt), 0};
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static int exists_in(const report *r, const char *name) {
  tl_buf p = TL_BUF_INIT;
  tl_buf_printf(&p, "%s/%s", r->out, name);
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

/* Notes a problem that leaves the other reports standing (exit status 1),
 * unless a fatal one (-1) was noted before: a later, smaller problem must
 * not hide it. */
static void soft_fail(report *r) {
  if (r->rc == 0)
    r->rc = 1;
}

/* tl_csv_open_table() on the output folder, with the report's rule on
 * missing tables: a missing optional table is no error (the sections that
 * need it say so), an unreadable one sets r->rc. NULL when the table is
 * missing, unreadable or lacks a column (reported; *lacks set, when lacks
 * is not NULL). */
static tl_csv_reader *open_input(report *r, const char *name, int required, const char *const *cols, long *c,
                                 int *lacks) {
  if (lacks)
    *lacks = 0;
  if (!required && !exists_in(r, name))
    return NULL;
  int missing;
  tl_csv_reader *t = tl_csv_open_table(r->out, name, cols, c, &missing);
  if (!t && !missing && !required)
    soft_fail(r); /* reported; its sections say it is missing */
  if (lacks)
    *lacks = missing;
  return t;
}

/* Why a section has nothing to show: its table is missing, or was
 * reported as unreadable. */
static void md_unavailable(const report *r, tl_buf *md, const char *name) {
  tl_buf_printf(md, "Not available: %s %s.\n\n", name, exists_in(r, name) ? "could not be read" : "is missing");
}

/* The index of a week or an entity named so, or -1. */
static int name_find(const tl_names *index, const char *name) {
  size_t i = tl_names_find(index, name);
  return i == SIZE_MAX ? -1 : (int)i;
}

static int entity_of(report *r, const char *name) {
  int created;
  size_t e = tl_names_get(&r->ent_index, name, &created);
  if (!created)
    return (int)e;
  r->ents = tl_xgrow(r->ents, &r->cap_ents, r->n_ents + 1, sizeof *r->ents);
  entity_t *n = &r->ents[r->n_ents];
  *n = (entity_t){r->ent_index.names[e], tl_strdup(""), tl_strdup(""), tl_strdup(""), 0, 0, NULL};
  for (size_t k = 0; k < r->opt.n_entities; k++)
    if (strcasecmp(name, r->opt.entities[k]) == 0)
      n->watched = 1;
  return (int)r->n_ents++;
}

static void set_text(char **field, const char *value) {
  free(*field);
  *field = tl_strdup(value);
}

static int load_documents(report *r) {
  static const char *const cols[] = {"doc", "date", "week", "items", "status", NULL};
  long c[5];
  tl_csv_reader *t = open_input(r, "documents.csv", 1, cols, c, NULL);
  if (!t)
    return -1;
  const char *path = tl_csv_path(tl_csv_row(t));
  int got;
  while ((got = tl_csv_next(t)) == 1) {
    long doc, items = 0;
    const char *week = tl_csv_get(t, c[2]);
    const char *date = tl_csv_get(t, c[1]);
    tl_date day;
    if (tl_csv_get_long(t, c[0], &doc) < 0 || doc < 1 ||
        tl_keymap_find(&r->doc_at, (uint64_t)doc) != SIZE_MAX) {
      tl_diag(path, tl_csv_tell(t).line, "doc is not a new document number: skipped");
      continue;
    }
    if (strstr(tl_csv_get(t, c[4]), "duplicate-of:"))
      continue;
    if (!*week && !*date)
      continue; /* an undated file: the run that made the table said so */
    if (!week_valid(week) || date_of(date, &day) < 0) {
      tl_diag(path, tl_csv_tell(t).line, "not a YYYY-MM-DD date and YYYY-Www week: skipped");
      continue;
    }
    tl_csv_get_long(t, c[3], &items);
    int created;
    int w = (int)tl_names_get(&r->week_index, week, &created);
    if (created) {
      r->weeks = tl_xgrow(r->weeks, &r->cap_weeks, r->n_weeks + 1, sizeof *r->weeks);
      week_t *nw = &r->weeks[r->n_weeks];
      memset(nw, 0, sizeof *nw);
      nw->name = tl_strdup(week);
      nw->first = nw->last = day;
      nw->chart = -1;
      r->n_weeks++;
    }
    week_t *wk = &r->weeks[w];
    wk->digests++;
    wk->items += items > 0 ? items : 0;
    if (tl_date_cmp(day, wk->first) < 0)
      wk->first = day;
    if (tl_date_cmp(day, wk->last) > 0)
      wk->last = day;
    wk->docs = tl_xgrow(wk->docs, &wk->cap_docs, wk->n_docs + 1, sizeof *wk->docs);
    r->docs = tl_xgrow(r->docs, &r->cap_docs, r->n_docs + 1, sizeof *r->docs);
    doc_t *d = &r->docs[r->n_docs];
    d->number = doc;
    d->week = w;
    memcpy(d->date, date, 11);
    tl_keymap_get(&r->doc_at, (uint64_t)doc, NULL); /* numbered n_docs: new, as checked above */
    wk->docs[wk->n_docs++] = r->n_docs++;
  }
  tl_csv_close(t);
  return got < 0 ? -1 : 0;
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
  tl_names_free(&r->week_index); /* numbered again in the new order */
  for (size_t w = 0; w < r->n_weeks; w++) {
    week_t *wk = &r->weeks[w];
    wk->monday = week_monday(wk->name);
    wk->sunday = tl_date_from_days(tl_date_to_days(wk->monday) + 6);
    tl_names_get(&r->week_index, wk->name, NULL);
    sort_ctx = r;
    sort_n(wk->docs, wk->n_docs, sizeof *wk->docs, cmp_doc_numbers);
    for (size_t i = 0; i < wk->n_docs; i++)
      r->docs[wk->docs[i]].week = (int)w;
  }
}

static int load_entities(report *r) {
  static const char *const cols[] = {"entity", "type", "parent", "mentions", "first_date", NULL};
  long c[5];
  tl_csv_reader *t = open_input(r, "entities.csv", 1, cols, c, NULL);
  if (!t)
    return -1;
  int got;
  while ((got = tl_csv_next(t)) == 1) {
    const char *name = tl_csv_get(t, c[0]);
    if (!*name)
      continue;
    int at = entity_of(r, name); /* may move r->ents */
    entity_t *e = &r->ents[at];
    set_text(&e->type, tl_csv_get(t, c[1]));
    set_text(&e->parent, tl_csv_get(t, c[2]));
    set_text(&e->first_date, tl_csv_get(t, c[4]));
    tl_csv_get_long(t, c[3], &e->mentions);
  }
  tl_csv_close(t);
  return got < 0 ? -1 : 0;
}

static int cmp_entities(const void *a, const void *b) {
  const report *r = sort_ctx;
  const entity_t *x = &r->ents[*(const size_t *)a], *y = &r->ents[*(const size_t *)b];
  if (x->mentions != y->mentions)
    return x->mentions > y->mentions ? -1 : 1;
  return strcmp(x->name, y->name);
}

/* The entities by mentions overall, and the first of them, those with
 * mentions, on the timeline (at most opt.top). */
static void rank_entities(report *r) {
  free(r->by_mentions);
  r->by_mentions = tl_xcalloc(r->n_ents + 1, sizeof *r->by_mentions);
  for (size_t e = 0; e < r->n_ents; e++)
    r->by_mentions[e] = e;
  sort_ctx = r;
  sort_n(r->by_mentions, r->n_ents, sizeof *r->by_mentions, cmp_entities);
  r->n_timeline = 0;
  while (r->n_timeline < (size_t)r->opt.top && r->n_timeline < r->n_ents &&
         r->ents[r->by_mentions[r->n_timeline]].mentions > 0)
    r->n_timeline++;
}

/* --- weekly.csv, a week at a time --- */

static int cmp_names(const void *a, const void *b) {
  const report *r = sort_ctx;
  return strcmp(r->ents[*(const int *)a].name, r->ents[*(const int *)b].name);
}

/* Each entity's place in the order of names, so that sorting a week's rows
 * compares numbers, not strings (names are unique). Made again when names
 * were added. */
static void rank_names(report *r) {
  int *order = tl_xcalloc(r->n_ents + 1, sizeof *order);
  for (size_t e = 0; e < r->n_ents; e++)
    order[e] = (int)e;
  sort_ctx = r;
  sort_n(order, r->n_ents, sizeof *order, cmp_names);
  free(r->name_rank);
  r->name_rank = tl_xcalloc(r->n_ents + 1, sizeof *r->name_rank);
  for (size_t i = 0; i < r->n_ents; i++)
    r->name_rank[order[i]] = (int)i;
  r->n_ranked = r->n_ents;
  free(order);
}

/* Most mentions first, then by name. */
static int cmp_rows_by_mentions(const void *a, const void *b) {
  const report *r = sort_ctx;
  const wrow *x = a, *y = b;
  if (x->mentions != y->mentions)
    return x->mentions > y->mentions ? -1 : 1;
  int p = r->name_rank[x->ent], q = r->name_rank[y->ent];
  return p < q ? -1 : p > q;
}

static void clear_dense(slice *s) {
  if (!s->n_dense)
    return;
  memset(s->share, 0, s->n_dense * sizeof *s->share);
  memset(s->mentions, 0, s->n_dense * sizeof *s->mentions);
  memset(s->burst, 0, s->n_dense);
}

/* Reads the rows of week w into `s`, starting with the reader's current
 * row (of that week), until a row of another week. Returns what
 * tl_csv_next() last said: 1 with that row current, 0 at the end, -1. */
static int read_slice(report *r, int w, slice *s) {
  tl_csv_reader *t = r->weekly;
  const char *name = r->weeks[w].name;
  s->week = w;
  s->n = s->n_live = 0;
  int got = 1;
  for (; got == 1 && strcmp(tl_csv_get(t, r->wc[0]), name) == 0; got = tl_csv_next(t)) {
    const char *entity = tl_csv_get(t, r->wc[1]);
    if (!*entity)
      continue;
    s->rows = tl_xgrow(s->rows, &s->cap, s->n + 1, sizeof *s->rows);
    /* numbers only where a section reads them: items and change of the
     * names mentioned (the top list), the slope of the z-scores that make
     * a mover; most rows are names not mentioned that week */
    double mentions = tl_csv_get_double(t, r->wc[2]), z = tl_csv_get_double(t, r->wc[6]);
    int live = mentions > 0;
    s->rows[s->n++] = (wrow){entity_of(r, entity),
                             tl_csv_tell(t).row,
                             mentions,
                             live ? tl_csv_get_double(t, r->wc[3]) : NAN,
                             tl_csv_get_double(t, r->wc[4]),
                             live ? tl_csv_get_double(t, r->wc[5]) : NAN,
                             z,
                             fabs(z) >= TL_REPORT_Z ? tl_csv_get_double(t, r->wc[7]) : NAN};
  }
  /* per entity, its last row counts (as a table lookup would find it) */
  if (s->n_dense < r->n_ents) {
    s->n_dense = r->n_ents;
    s->share = tl_xrealloc(s->share, s->n_dense * sizeof *s->share);
    s->mentions = tl_xrealloc(s->mentions, s->n_dense * sizeof *s->mentions);
    s->burst = tl_xrealloc(s->burst, s->n_dense);
  }
  clear_dense(s);
  for (size_t i = 0; i < s->n; i++) {
    const wrow *x = &s->rows[i];
    s->share[x->ent] = isfinite(x->share) ? x->share * 100 : 0;
    s->mentions[x->ent] = isfinite(x->mentions) ? x->mentions : 0;
    s->burst[x->ent] = x->z >= TL_REPORT_Z;
  }
  if (r->n_ranked != r->n_ents)
    rank_names(r);
  sort_ctx = r;
  sort_n(s->rows, s->n, sizeof *s->rows, cmp_rows_by_mentions);
  while (s->n_live < s->n && s->rows[s->n_live].mentions > 0)
    s->n_live++;
  return got;
}

/* The slice of week w in the ring, read when it is not there yet. The
 * weeks come in order, so the reader mostly just goes on. */
static const slice *week_slice(report *r, size_t w) {
  slice *s = &r->ring[w % RING];
  if (s->week == (int)w)
    return s;
  s->week = (int)w;
  s->n = s->n_live = 0;
  clear_dense(s);
  /* the first reading found the file whole: reading it again cannot fail
   * but by a change under our feet, which only shortens the week */
  if (r->weeks[w].in_weekly && tl_csv_seek(r->weekly, r->weeks[w].rows_at) == 0 && tl_csv_next(r->weekly) == 1)
    read_slice(r, (int)w, s);
  return s;
}

static double share_pct(report *r, size_t w, size_t e) {
  const slice *s = week_slice(r, w);
  return e < s->n_dense ? s->share[e] : 0;
}

static double mentions_in(report *r, size_t w, size_t e) {
  const slice *s = week_slice(r, w);
  return e < s->n_dense ? s->mentions[e] : 0;
}

/* Keeps the weekly figures of entity e for the charts. */
static void follow(report *r, int e) {
  if (r->ents[e].series)
    return;
  r->ents[e].series = tl_xcalloc(3 * r->n_weeks + 1, sizeof(double));
  r->followed = tl_xgrow(r->followed, &r->cap_followed, r->n_followed + 1, sizeof *r->followed);
  r->followed[r->n_followed++] = e;
}

/* What the charts and the index need of week w, from its rows: the series
 * of the names followed, the top name, the top-N bars. */
static void note_week(report *r, int w, const slice *s) {
  week_t *wk = &r->weeks[w];
  for (size_t i = 0; i < r->n_followed; i++) {
    size_t e = (size_t)r->followed[i];
    if (e < s->n_dense) {
      double *series = r->ents[e].series;
      series[w] = s->mentions[e];
      series[r->n_weeks + (size_t)w] = s->share[e];
      series[2 * r->n_weeks + (size_t)w] = s->burst[e];
    }
  }
  wk->n_live = s->n_live;
  if (s->n_live) {
    wk->top = s->rows[0].ent;
    wk->top_share = s->share[wk->top];
  }
  if ((size_t)w < r->from || (size_t)w >= r->to)
    return;
  wk->n_bars = s->n_live < (size_t)r->opt.top ? s->n_live : (size_t)r->opt.top;
  wk->bar_ent = tl_xcalloc(wk->n_bars + 1, sizeof *wk->bar_ent);
  wk->bar_mentions = tl_xcalloc(wk->n_bars + 1, sizeof *wk->bar_mentions);
  for (size_t i = 0; i < wk->n_bars; i++) {
    wk->bar_ent[i] = s->rows[i].ent;
    wk->bar_mentions[i] = s->rows[i].mentions;
  }
}

/* The first reading of weekly.csv: where each week's rows start, and what
 * the charts and the index need. A week's rows come together (aggregate
 * writes the table by week): rows of a week met again after other weeks
 * are reported and skipped. */
static int scan_weekly(report *r) {
  static const char *const cols[] = {"week", "entity", "mentions", "items", "share", "change", "zscore", "slope", NULL};
  r->weekly = open_input(r, "weekly.csv", 1, cols, r->wc, NULL);
  if (!r->weekly)
    return -1;
  for (size_t i = 0; i < r->n_timeline; i++) /* the timeline's names, and those --entity may mean */
    follow(r, (int)r->by_mentions[i]);
  for (size_t e = 0; e < r->n_ents; e++)
    if (r->ents[e].watched)
      follow(r, (int)e);
  int got = tl_csv_next(r->weekly);
  while (got == 1) {
    const char *name = tl_csv_get(r->weekly, r->wc[0]);
    int w = name_find(&r->week_index, name);
    if (w >= 0 && r->weeks[w].in_weekly) {
      tl_diag(tl_csv_path(tl_csv_row(r->weekly)), tl_csv_tell(r->weekly).line,
              "rows of week %s again after other weeks (the table goes week by week): skipped", name);
      w = -1;
    }
    if (w < 0) { /* a week without counted digests, or met again */
      tl_buf skip = TL_BUF_INIT;
      tl_buf_puts(&skip, name);
      while ((got = tl_csv_next(r->weekly)) == 1 && strcmp(tl_csv_get(r->weekly, r->wc[0]), skip.data) == 0)
        ;
      tl_buf_free(&skip);
      continue;
    }
    r->weeks[w].in_weekly = 1;
    r->weeks[w].rows_at = tl_csv_tell(r->weekly);
    size_t before = r->n_ents;
    got = read_slice(r, w, &r->scratch);
    for (size_t e = before; e < r->n_ents; e++) /* names only weekly.csv knows */
      if (r->ents[e].watched)
        follow(r, (int)e);
    note_week(r, w, &r->scratch);
  }
  return got < 0 ? -1 : 0;
}

/* --- the per-document tables, a week at a time --- */

/* Opens items.csv, mentions.csv or amounts.csv with the columns `cols`
 * (the first is "doc"). A table that lacks one is of no use, or, when
 * `lacking` is TABLE_LACKS_COLUMNS, kept so its section can say so. */
static void open_doc_table(report *r, doc_table *t, const char *name, const char *const *cols, int lacking) {
  memset(t, 0, sizeof *t);
  int lacks;
  t->rd = open_input(r, name, 0, cols, t->col, &lacks);
  if (lacks) {
    t->state = lacking;
    if (lacking == TABLE_ABSENT)
      soft_fail(r);
  } else if (t->rd) {
    t->state = TABLE_OK;
  }
}

static void close_doc_table(doc_table *t) {
  tl_csv_close(t->rd);
  t->rd = NULL;
  tl_keymap_free(&t->passed);
  free(t->at);
  t->at = NULL;
}

/* The table was found damaged partway: from now on it is one that could
 * not be read. */
static void drop_doc_table(report *r, doc_table *t) {
  close_doc_table(t);
  t->state = TABLE_ABSENT;
  soft_fail(r);
}

/* Moves main on to its next row with a doc number, checking the order.
 * 1; 0 at the end; -1 when the table is damaged (reported). */
static int main_next(doc_table *t) {
  if (t->main_doc == LONG_MAX)
    return 0;
  int got;
  while ((got = tl_csv_next(t->rd)) == 1) {
    long d;
    if (tl_csv_get_long(t->rd, t->col[0], &d) < 0)
      continue; /* no document: it counts nowhere */
    if (d < t->main_doc) {
      tl_diag(tl_csv_path(tl_csv_row(t->rd)), tl_csv_tell(t->rd).line,
              "doc %ld after doc %ld: the table is not in doc order, as trendlens writes it", d, t->main_doc);
      return -1;
    }
    t->main_doc = d;
    return 1;
  }
  t->main_doc = LONG_MAX;
  return got;
}

/* Ready to read the table from its start (again). 0, or -1 when damaged. */
static int start_doc_table(doc_table *t) {
  if (t->state != TABLE_OK)
    return 0;
  tl_keymap_free(&t->passed);
  t->away = 0;
  if (tl_csv_rewind(t->rd) < 0)
    return -1;
  t->main_doc = LONG_MIN;
  return main_next(t) < 0 ? -1 : 0;
}

/* Back to main's row after reading a document it had gone past. */
static int back_to_main(doc_table *t) {
  if (!t->away)
    return 0;
  t->away = 0;
  if (t->main_doc == LONG_MAX)
    return 0;
  return tl_csv_seek(t->rd, t->frontier) == 0 && tl_csv_next(t->rd) == 1 ? 0 : -1;
}

/* Makes the reader's current row the first row of document d of week w:
 * 1; 0 when d has no rows; -1 when the table is damaged (reported). Main
 * notes where the documents of later report weeks start on its way. */
static int doc_first(report *r, doc_table *t, size_t w, long d) {
  size_t at = tl_keymap_find(&t->passed, (uint64_t)d);
  if (at != SIZE_MAX) {
    if (!t->away && t->main_doc != LONG_MAX)
      t->frontier = tl_csv_tell(t->rd);
    t->away = 1;
    return tl_csv_seek(t->rd, t->at[at]) == 0 && tl_csv_next(t->rd) == 1 ? 1 : -1;
  }
  if (back_to_main(t) < 0)
    return -1;
  while (t->main_doc < d) {
    const doc_t *o = doc_of(r, t->main_doc);
    if (o && (size_t)o->week > w && (size_t)o->week < r->to) {
      int created;
      size_t k = tl_keymap_get(&t->passed, (uint64_t)o->number, &created);
      if (created) {
        t->at = tl_xgrow(t->at, &t->cap_at, k + 1, sizeof *t->at);
        t->at[k] = tl_csv_tell(t->rd);
      }
    }
    if (main_next(t) < 0)
      return -1;
  }
  return t->main_doc == d;
}

/* The next row of document d: 1; 0 after its last; -1 when damaged. */
static int doc_next(doc_table *t, long d) {
  if (!t->away) {
    int got = main_next(t);
    return got < 0 ? -1 : got == 1 && t->main_doc == d;
  }
  int got;
  while ((got = tl_csv_next(t->rd)) == 1) {
    long x;
    if (tl_csv_get_long(t->rd, t->col[0], &x) == 0)
      return x == d;
  }
  return got;
}

/* Reads the table to its end, so that damage anywhere in it is found
 * whatever the weeks written. 0, or -1 when damaged (reported). */
static int finish_doc_table(doc_table *t) {
  if (t->state != TABLE_OK)
    return 0;
  if (back_to_main(t) < 0)
    return -1;
  int got;
  while ((got = main_next(t)) == 1)
    ;
  return got;
}

typedef void (*row_fn)(report *r, const tl_csv_reader *rd, long doc);

/* Calls `fn` on every row of the table whose document is in week w, in
 * doc order. 0, or -1 when the table is damaged (reported). */
static int week_rows(report *r, doc_table *t, size_t w, row_fn fn) {
  if (t->state != TABLE_OK)
    return 0;
  const week_t *wk = &r->weeks[w];
  for (size_t i = 0; i < wk->n_docs; i++) {
    long d = r->docs[wk->docs[i]].number;
    int got;
    for (got = doc_first(r, t, w, d); got == 1; got = doc_next(t, d))
      fn(r, t->rd, d);
    if (got < 0)
      return -1;
  }
  return 0;
}

static size_t add_text(report *r, const char *s) {
  size_t at = r->text.len;
  tl_buf_add(&r->text, s, strlen(s) + 1); /* with its NUL */
  return at;
}

static void add_mention(report *r, const tl_csv_reader *rd, long doc) {
  long item;
  if (tl_csv_get_long(rd, r->mentions.col[1], &item) < 0 || doc > UINT32_MAX || item < 0 || item >= INT32_MAX)
    return;
  int e = name_find(&r->ent_index, tl_csv_get(rd, r->mentions.col[2]));
  if (e < 0)
    return;
  r->ms = tl_xgrow(r->ms, &r->cap_ms, r->n_ms + 1, sizeof *r->ms);
  r->ms[r->n_ms++] = (mention){(uint32_t)doc, (uint32_t)item, (uint32_t)e};
}

static void add_amount(report *r, const tl_csv_reader *rd, long doc) {
  const long *c = r->amounts.col; /* doc, item, surface, currency, usd, kind, entities, restates */
  if (strcmp(tl_csv_get(rd, c[5]), "price") == 0 || strcmp(tl_csv_get(rd, c[7]), "1") == 0)
    return; /* a price, or the same sum in another currency */
  long item = 0;
  tl_csv_get_long(rd, c[1], &item);
  r->amts = tl_xgrow(r->amts, &r->cap_amts, r->n_amts + 1, sizeof *r->amts);
  r->amts[r->n_amts++] = (amount_t){tl_csv_tell(rd).row,
                                    tl_csv_get_double(rd, c[4]),
                                    doc,
                                    item,
                                    add_text(r, tl_csv_get(rd, c[2])),
                                    add_text(r, tl_csv_get(rd, c[3])),
                                    add_text(r, tl_csv_get(rd, c[6])),
                                    TL_BUF_INIT};
}

static void add_item(report *r, const tl_csv_reader *rd, long doc) {
  long item;
  if (tl_csv_get_long(rd, r->items.col[1], &item) < 0 || item <= 0 || item >= INT32_MAX)
    return;
  int created;
  size_t i = tl_keymap_get(&r->item_at, pair_key((uint32_t)doc, (uint32_t)item), &created);
  if (created)
    r->its = tl_xgrow(r->its, &r->cap_its, i + 1, sizeof *r->its);
  /* the last row counts */
  r->its[i] = (item_t){add_text(r, tl_csv_get(rd, r->items.col[2])), add_text(r, tl_csv_get(rd, r->items.col[3]))};
}

static int cmp_mentions(const void *a, const void *b) {
  const mention *x = a, *y = b;
  if (x->doc != y->doc)
    return x->doc < y->doc ? -1 : 1;
  if (x->item != y->item)
    return x->item < y->item ? -1 : 1;
  return x->ent < y->ent ? -1 : x->ent > y->ent;
}

/* The rows of week w from the per-document tables. 0, or -1 when one of
 * them turned out damaged (reported, and dropped). */
static int load_week(report *r, size_t w) {
  tl_buf_reset(&r->text);
  for (size_t i = 0; i < r->n_amts; i++)
    tl_buf_free(&r->amts[i].names);
  r->n_ms = r->n_amts = 0;
  tl_keymap_free(&r->item_at);
  doc_table *tables[] = {&r->mentions, &r->amounts, &r->items};
  row_fn fns[] = {add_mention, add_amount, add_item};
  int rc = 0;
  for (size_t i = 0; i < 3; i++)
    if (week_rows(r, tables[i], w, fns[i]) < 0) {
      drop_doc_table(r, tables[i]);
      rc = -1;
    }
  sort_n(r->ms, r->n_ms, sizeof *r->ms, cmp_mentions);
  return rc;
}

/* --- candidates.csv --- */

/* Most mentions first (no number counts as 0), then table order. */
static int cand_before(cand_key a, cand_key b) {
  if (a.mentions != b.mentions)
    return a.mentions > b.mentions;
  return a.row < b.row;
}

/* Adds k to `b` when it is one of the best `top`. */
static void keep_best(best_list *b, size_t top, cand_key k) {
  size_t i = b->n;
  if (i == top) {
    if (!cand_before(k, b->keys[top - 1]))
      return;
    i = top - 1;
  } else {
    b->keys = tl_xgrow(b->keys, &b->cap, b->n + 1, sizeof *b->keys);
    b->n++;
  }
  for (; i > 0 && cand_before(k, b->keys[i - 1]); i--)
    b->keys[i] = b->keys[i - 1];
  b->keys[i] = k;
}

/* The first week whose Sunday is on or after `d`: weeks from it on show a
 * name first seen on d. n_weeks when there is none. */
static size_t first_week_after(const report *r, tl_date d) {
  size_t lo = 0, hi = r->n_weeks;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (tl_date_cmp(r->weeks[mid].sunday, d) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The candidates week w shows, in r->shown: the buckets merged up to it. */
static void candidates_upto(report *r, size_t w) {
  if (r->shown_upto > w + 1) { /* from the start again */
    r->shown.n = 0;
    r->shown_upto = 0;
  }
  for (; r->shown_upto <= w; r->shown_upto++) {
    const best_list *b = &r->buckets[r->shown_upto];
    for (size_t i = 0; i < b->n; i++)
      keep_best(&r->shown, (size_t)r->opt.top, b->keys[i]);
  }
}

/* The candidates a week shows are the most mentioned of the archive among
 * those first seen up to its Sunday: the best `top` of those first seen in
 * each week (a bucket), merged week after week. Once over the table for
 * the buckets; once more for the text of the rows some report week shows. */
static void scan_candidates(report *r) {
  static const char *const cols[] = {"surface", "mentions", "documents", "first_date", "example", NULL};
  size_t top = (size_t)r->opt.top;
  int lacks;
  tl_csv_reader *t = open_input(r, "candidates.csv", 0, cols, r->cc, &lacks);
  if (!t) {
    if (lacks)
      r->cand_state = TABLE_LACKS_COLUMNS;
    return; /* else TABLE_ABSENT */
  }
  r->buckets = tl_xcalloc(r->n_weeks + 1, sizeof *r->buckets);
  int got;
  while ((got = tl_csv_next(t)) == 1) {
    tl_date d;
    if (date_of(tl_csv_get(t, r->cc[3]), &d) < 0)
      continue;
    size_t w = first_week_after(r, d);
    double mentions = tl_csv_get_double(t, r->cc[1]);
    cand_key k = {isnan(mentions) ? 0 : mentions, tl_csv_tell(t).row};
    if (w < r->n_weeks)
      keep_best(&r->buckets[w], top, k);
  }
  /* the rows shown by some report week */
  for (size_t w = 0; got == 0 && w < r->to; w++) {
    candidates_upto(r, w);
    for (size_t i = 0; w >= r->from && i < r->shown.n; i++)
      tl_keymap_get(&r->cand_at, r->shown.keys[i].row, NULL);
  }
  r->n_cands = r->cand_at.count;
  r->cands = tl_xcalloc(r->n_cands + 1, sizeof *r->cands);
  if (got == 0 && r->n_cands)
    got = tl_csv_rewind(t) < 0 ? -1 : 1;
  while (got == 1 && (got = tl_csv_next(t)) == 1) {
    size_t i = tl_keymap_find(&r->cand_at, tl_csv_tell(t).row);
    if (i != SIZE_MAX)
      r->cands[i] = (cand_t){tl_strdup(tl_csv_get(t, r->cc[0])), tl_strdup(tl_csv_get(t, r->cc[3])),
                             tl_strdup(tl_csv_get(t, r->cc[4])), tl_csv_get_double(t, r->cc[1]),
                             tl_csv_get_double(t, r->cc[2])};
  }
  tl_csv_close(t);
  if (got < 0) { /* reported: a table that could not be read */
    soft_fail(r);
    return;
  }
  r->cand_state = TABLE_OK;
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

/* [title](url) of an item of the week being written, its date after it;
 * plain text without a URL. */
static void md_item(tl_buf *out, const report *r, uint32_t doc, uint32_t item) {
  size_t i = r->items.state == TABLE_OK ? tl_keymap_find(&r->item_at, pair_key(doc, item)) : SIZE_MAX;
  const doc_t *d = doc_of(r, doc);
  const char *date = d ? d->date : "";
  if (i == SIZE_MAX) {
    tl_buf_printf(out, "a digest of %s", date);
    return;
  }
  const char *title = r->text.data + r->its[i].title;
  tl_buf link = TL_BUF_INIT;
  int linked = md_url(&link, r->text.data + r->its[i].url);
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
static size_t spark_values(report *r, size_t w, size_t e, double *v) {
  size_t from = w + 1 >= TL_REPORT_SPARK_WEEKS ? w + 1 - TL_REPORT_SPARK_WEEKS : 0;
  for (size_t i = from; i <= w; i++)
    v[i - from] = share_pct(r, i, e);
  return w + 1 - from;
}

static void section_top(report *r, size_t w, tl_buf *md) {
  const slice *s = week_slice(r, w);
  tl_buf_puts(md, "## Top entities\n\n");
  if (s->n_live == 0) {
    tl_buf_puts(md, "No names were mentioned this week.\n\n");
    return;
  }
  tl_buf_puts(md, "Share: the part of this week's news items that mention the name");
  if (w)
    tl_buf_printf(md, "; in brackets, the change from %s (mentions, and share in percentage points)",
                  r->weeks[w - 1].name);
  tl_buf_printf(md, ". Trend: share over the last %d weeks with digests, up to this one.\n\n", TL_REPORT_SPARK_WEEKS);
  for (size_t i = 0; i < s->n_live && i < (size_t)r->opt.top; i++) {
    const wrow *x = &s->rows[i];
    int e = x->ent;
    double m = x->mentions, items = x->items, change = x->change;
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
  const wrow *x;
  double z;
} mover;

static int cmp_movers(const void *a, const void *b) {
  double x = fabs(((const mover *)a)->z), y = fabs(((const mover *)b)->z);
  if (x != y)
    return x > y ? -1 : 1;
  return ((const mover *)a)->x->row < ((const mover *)b)->x->row ? -1 : 1;
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
    md_strong(md, r->ents[list[i].x->ent].name);
    tl_buf_printf(md, " (z %.2f, slope ", list[i].z);
    md_signed(md, round(list[i].x->slope * 1e4) / 1e2); /* share points */
    tl_buf_puts(md, " pt/week");
    double m = list[i].x->mentions;
    tl_buf_printf(md, ", %g mention%s)", m, m == 1 ? "" : "s");
  }
  if (n > (size_t)r->opt.top)
    tl_buf_printf(md, " and %zu more", n - (size_t)r->opt.top);
  tl_buf_puts(md, ".\n");
}

static void section_movers(report *r, size_t w, tl_buf *md) {
  const slice *s = week_slice(r, w);
  tl_buf_printf(md,
                "## Rising and falling\n\n"
                "Rule: rising when this week's share has a z-score of at least %.1f against the trailing weeks and "
                "a positive slope, with %d or more mentions; falling when the z-score is %.1f or less and the "
                "slope negative (z-score and slope of the share from weekly.csv; slope in percentage points "
                "a week).\n\n",
                TL_REPORT_Z, TL_REPORT_MIN_MENTIONS, -TL_REPORT_Z);
  mover *up = tl_xcalloc(s->n + 1, sizeof *up), *down = tl_xcalloc(s->n + 1, sizeof *down);
  size_t n_up = 0, n_down = 0;
  for (size_t i = 0; i < s->n; i++) {
    const wrow *x = &s->rows[i];
    double z = x->z, slope = x->slope, m = x->mentions;
    if (!isfinite(z) || !isfinite(slope))
      continue;
    if (z >= TL_REPORT_Z && slope > 0 && m >= TL_REPORT_MIN_MENTIONS)
      up[n_up++] = (mover){x, z};
    else if (z <= -TL_REPORT_Z && slope < 0)
      down[n_down++] = (mover){x, z};
  }
  movers_line(r, md, "Rising", up, n_up);
  movers_line(r, md, "Falling", down, n_down);
  tl_buf_putc(md, '\n');
  free(up);
  free(down);
}

/* The first mention of entity e in the week inside a news item: its doc
 * and item through *doc, *item; 0 when there is none. */
static int first_item_of(const report *r, size_t e, uint32_t *doc, uint32_t *item) {
  for (size_t k = 0; k < r->n_ms; k++) /* in (doc, item) order */
    if (r->ms[k].ent == e && r->ms[k].item > 0) {
      *doc = r->ms[k].doc;
      *item = r->ms[k].item;
      return 1;
    }
  return 0;
}

static void section_new(report *r, size_t w, tl_buf *md) {
  const week_t *wk = &r->weeks[w];
  const slice *s = week_slice(r, w);
  tl_buf_puts(md, "## New names\n\n");
  size_t shown = 0, total = 0;
  for (size_t i = 0; i < s->n; i++) {
    int e = s->rows[i].ent;
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
    double m = s->rows[i].mentions;
    tl_buf_printf(md, ": %g mention%s", m, m == 1 ? "" : "s");
    uint32_t doc, item;
    if (first_item_of(r, (size_t)e, &doc, &item)) {
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
  if (r->mentions.state != TABLE_OK) {
    md_unavailable(r, md, "mentions.csv");
    return;
  }
  tl_buf_printf(md,
                "Names in the same news item this week (from mentions.csv and items.csv), %d or more items "
                "together, a name and its parent left out; the most items together first, then the highest "
                "NPMI within the week.\n\n",
                TL_REPORT_MIN_PAIR);
  tl_keymap at = TL_KEYMAP_INIT; /* pair_key(a, b), numbered as pairs[] */
  pair_t *pairs = NULL;
  size_t n = 0, cap = 0;
  long *ent_items = tl_xcalloc(r->n_ents + 1, sizeof *ent_items);
  long news = 0; /* items with at least one name */
  for (size_t k = 0; k < r->n_ms;) { /* ms is in (doc, item, entity) order */
    uint32_t doc = r->ms[k].doc, item = r->ms[k].item;
    size_t from = k;
    while (k < r->n_ms && r->ms[k].doc == doc && r->ms[k].item == item)
      k++;
    if (item == 0)
      continue;
    news++;
    /* distinct names of an item are runs */
    for (size_t x = from; x < k; x++) {
      if (x > from && r->ms[x].ent == r->ms[x - 1].ent)
        continue;
      ent_items[r->ms[x].ent]++;
      for (size_t y = x + 1; y < k; y++) {
        if (r->ms[y].ent == r->ms[y - 1].ent)
          continue;
        uint32_t a = r->ms[x].ent, b = r->ms[y].ent;
        int created;
        size_t at_pair = tl_keymap_get(&at, pair_key(a, b), &created);
        if (created) {
          pairs = tl_xgrow(pairs, &cap, n + 1, sizeof *pairs);
          pairs[n++] = (pair_t){a, b, 0, doc, item, 0};
        }
        pairs[at_pair].items++;
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
  tl_keymap_free(&at);
}

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
static int same_amount(const report *r, const amount_t *a, const amount_t *b) {
  const char *sa = r->text.data + a->surface, *sb = r->text.data + b->surface;
  if (strcmp(sa, sb) != 0 && !(isfinite(a->usd) && a->usd == b->usd))
    return 0;
  if (a->doc == b->doc && a->item == b->item)
    return 1;
  int shared = 0;
  for (const char *p = r->text.data + b->entities; *p && !shared;) {
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

static void section_amounts(report *r, tl_buf *md) {
  tl_buf_puts(md, "## Largest amounts\n\n");
  if (r->amounts.state == TABLE_ABSENT) {
    md_unavailable(r, md, "amounts.csv");
    return;
  }
  if (r->amounts.state == TABLE_LACKS_COLUMNS) {
    tl_buf_puts(md, "Not available: amounts.csv lacks columns (reported).\n\n");
    soft_fail(r);
    return;
  }
  tl_buf_puts(
      md, "Money amounts written in this week's digests (amounts.csv; prices and restatements in another "
          "currency left out), the largest in USD first; an amount written twice, in one item or by several digests "
          "with a name in common, is listed once.\n\n");
  amount_t *list = r->amts;
  size_t n = r->n_amts;
  sort_n(list, n, sizeof *list, cmp_amounts);
  size_t shown = 0; /* list[0..shown) are the lines, in order */
  for (size_t i = 0; i < n; i++) {
    const char *names = r->text.data + list[i].entities;
    size_t j = 0;
    while (j < shown && !same_amount(r, &list[j], &list[i]))
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
    tl_buf_printf(md, "%zu. ", i + 1);
    md_strong(md, r->text.data + list[i].surface);
    const char *currency = r->text.data + list[i].currency;
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
}

static void section_candidates(report *r, size_t w, tl_buf *md) {
  const week_t *wk = &r->weeks[w];
  tl_buf_puts(md, "## Candidates for the dictionary\n\n");
  if (r->cand_state == TABLE_ABSENT) {
    md_unavailable(r, md, "candidates.csv");
    return;
  }
  if (r->cand_state == TABLE_LACKS_COLUMNS) {
    tl_buf_puts(md, "Not available: candidates.csv lacks columns (reported).\n\n");
    soft_fail(r);
    return;
  }
  candidates_upto(r, w);
  size_t n = r->shown.n;
  if (n == 0)
    tl_buf_puts(md, "No candidate names up to this week.\n\n");
  else
    tl_buf_puts(md, "Frequent names that no dictionary entry covers (candidates.csv: the whole archive, names first "
                    "seen up to this week):\n\n");
  for (size_t i = 0; i < n; i++) {
    const cand_t *c = &r->cands[tl_keymap_find(&r->cand_at, r->shown.keys[i].row)];
    tl_buf_printf(md, "%zu. ", i + 1);
    md_strong(md, c->surface);
    tl_buf_printf(md, ": %g mentions in %g digests, first seen %s", c->mentions, c->documents, c->first_date);
    if (date_in_week(c->first_date, wk))
      tl_buf_puts(md, " (new this week)");
    const char *example = c->example;
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
}

/* The image of a chart when it was rendered, linked to its SVG; a count
 * of those that were not, for one line saying how to render them. */
static void md_chart(tl_buf *md, const char *prefix, const struct chart *c, int *missing) {
  if (!c->rendered) {
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
  if (r->weeks[w].chart >= 0)
    md_chart(md, "../", &r->charts[r->weeks[w].chart], &missing);
  for (size_t i = 0; i < r->n_charts; i++)
    if (strncmp(r->charts[i].name, "week-", 5) != 0)
      md_chart(md, "../", &r->charts[i], &missing);
  md_not_rendered(md, missing);
}

/* The links to the tables there are, seen from the folder (prefix "") or
 * from weekly/ ("../"). */
static void md_tables(report *r, tl_buf *md, const char *prefix) {
  static const char *const tables[] = {"documents.csv",     "items.csv",          "mentions.csv",  "amounts.csv",
                                       "entities.csv",      "daily.csv",          "weekly.csv",    "cooccurrence.csv",
                                       "timeline_wide.csv", "amounts_weekly.csv", "candidates.csv"};
  tl_buf *line = &r->tables_md[*prefix != '\0'];
  if (!line->len) { /* the same for every week: looked up once */
    int first = 1;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
      if (exists_in(r, tables[i])) {
        tl_buf_puts(line, first ? "" : " · ");
        tl_buf_printf(line, "[%s](<%s%s>)", tables[i], prefix, tables[i]);
        first = 0;
      }
    tl_buf_puts(line, "\n");
  }
  tl_buf_add(md, line->data, line->len);
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

static void chart_timeline(report *r, const char *dir, const char **week_names) {
  size_t n = r->n_timeline;
  if (!n)
    return;
  const char **labels = tl_xcalloc(n, sizeof *labels);
  double *v = tl_xcalloc(r->n_weeks * n, sizeof *v);
  for (size_t i = 0; i < n; i++) {
    const entity_t *e = &r->ents[r->by_mentions[i]];
    labels[i] = e->name;
    for (size_t w = 0; w < r->n_weeks; w++)
      v[w * n + i] = e->series[r->n_weeks + w];
  }
  tl_chart_grid g = {r->n_weeks, n, week_names, labels, v};
  tl_buf title = TL_BUF_INIT;
  tl_buf_printf(&title, "Weekly share of the top %zu names", n);
  if (tl_chart_lines(dir, "timeline", title.data, "share of news items (%)", &g, 0) == 0)
    add_chart(r, "timeline", title.data);
  else
    r->rc = -1;
  tl_buf_free(&title);
  free(v);
  free(labels);
}

/* The entity an --entity NAME means: its canonical name, or failing that
 * the same letters in another case; -1 when there is none. */
static int wanted_entity(const report *r, const char *want) {
  int e = name_find(&r->ent_index, want);
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
      soft_fail(r);
      continue;
    }
    if (done[e]++)
      continue; /* asked twice */
    char *slug = tl_chart_slug(r->ents[e].name, (const char *const *)slugs, n_slugs);
    slugs[n_slugs++] = slug;
    const double *m = r->ents[e].series, *s = m + r->n_weeks, *b = s + r->n_weeks; /* followed since it is watched */
    int *burst = tl_xcalloc(r->n_weeks, sizeof *burst);
    for (size_t w = 0; w < r->n_weeks; w++)
      burst[w] = b[w] != 0;
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
    free(burst);
  }
  for (size_t i = 0; i < n_slugs; i++)
    free(slugs[i]);
  free(slugs);
  free(done);
}

/* Top-N bars of each report week; the other weeks keep theirs. */
static void chart_weeks(report *r, const char *dir) {
  for (size_t w = r->from; w < r->to; w++) {
    week_t *wk = &r->weeks[w];
    size_t n = wk->n_bars;
    if (!n)
      continue;
    const char **names = tl_xcalloc(n, sizeof *names);
    for (size_t i = 0; i < n; i++)
      names[i] = r->ents[wk->bar_ent[i]].name;
    tl_buf name = TL_BUF_INIT, title = TL_BUF_INIT;
    tl_buf_printf(&name, "week-%s", wk->name);
    tl_buf_printf(&title, "Top %zu names of %s by mentions", n, wk->name);
    if (tl_chart_bars(dir, name.data, title.data, "mentions", n, names, wk->bar_mentions) == 0) {
      wk->chart = (int)r->n_charts;
      add_chart(r, name.data, title.data);
    } else {
      r->rc = -1;
    }
    tl_buf_free(&name);
    tl_buf_free(&title);
    free(names);
  }
}

static void chart_cooccurrence(report *r, const char *dir) {
  static const char *const cols[] = {"entity_a", "entity_b", "items", "npmi", NULL};
  long c[4];
  int lacks;
  tl_csv_reader *t = open_input(r, "cooccurrence.csv", 0, cols, c, &lacks);
  if (!t) {
    if (lacks)
      soft_fail(r);
    return;
  }
  size_t n = r->n_timeline < HEATMAP_MAX ? r->n_timeline : HEATMAP_MAX;
  const char **labels = tl_xcalloc(n + 1, sizeof *labels);
  for (size_t k = 0; k < n; k++)
    labels[k] = r->ents[r->by_mentions[k]].name;
  double *npmi = tl_xcalloc(n * n + 1, sizeof *npmi), *items = tl_xcalloc(n * n + 1, sizeof *items);
  for (size_t i = 0; i < n * n; i++)
    npmi[i] = NAN;
  int got;
  while ((got = tl_csv_next(t)) == 1) {
    size_t a = n, b = n;
    const char *na = tl_csv_get(t, c[0]), *nb = tl_csv_get(t, c[1]);
    for (size_t k = 0; k < n; k++) {
      if (strcmp(labels[k], na) == 0)
        a = k;
      if (strcmp(labels[k], nb) == 0)
        b = k;
    }
    if (a == n || b == n || a == b)
      continue;
    npmi[a * n + b] = npmi[b * n + a] = tl_csv_get_double(t, c[3]);
    items[a * n + b] = items[b * n + a] = tl_csv_get_double(t, c[2]);
  }
  tl_csv_close(t);
  if (got < 0) {
    soft_fail(r); /* reported: no heat map from half a table */
  } else if (n >= 2) {
    tl_buf title = TL_BUF_INIT;
    tl_buf_printf(&title, "Co-occurrence of the top %zu names (colour: NPMI; number: items together)", n);
    if (tl_chart_heatmap(dir, "cooccurrence", title.data, n, labels, npmi, items) == 0)
      add_chart(r, "cooccurrence", title.data);
    else
      r->rc = -1;
    tl_buf_free(&title);
  }
  free(npmi);
  free(items);
  free(labels);
}

/* USD per week of the names with the largest totals: once over the table
 * for the totals, once more for the weeks of the names picked. */
static void chart_amounts(report *r, const char *dir, const char **week_names) {
  static const char *const cols[] = {"week", "entity", "usd", NULL};
  long c[3];
  int lacks;
  tl_csv_reader *t = open_input(r, "amounts_weekly.csv", 0, cols, c, &lacks);
  if (!t) {
    if (lacks)
      soft_fail(r);
    return;
  }
  double *total = tl_xcalloc(r->n_ents + 1, sizeof *total);
  int got;
  while ((got = tl_csv_next(t)) == 1) {
    double usd = tl_csv_get_double(t, c[2]);
    int e = name_find(&r->ent_index, tl_csv_get(t, c[1]));
    if (e >= 0 && isfinite(usd) && usd > 0)
      total[e] += usd;
  }
  size_t n = 0, lim = (size_t)r->opt.top < AMOUNT_LINES_MAX ? (size_t)r->opt.top : AMOUNT_LINES_MAX;
  size_t *pick = tl_xcalloc(lim + 1, sizeof *pick);
  for (; got == 0 && n < lim; n++) { /* the largest remaining total, ties by name: lim is small */
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
    got = tl_csv_rewind(t) < 0 ? -1 : 1;
    while (got == 1 && (got = tl_csv_next(t)) == 1) {
      int w = name_find(&r->week_index, tl_csv_get(t, c[0]));
      int e = name_find(&r->ent_index, tl_csv_get(t, c[1]));
      double usd = tl_csv_get_double(t, c[2]);
      for (size_t k = 0; k < n && w >= 0 && isfinite(usd); k++)
        if ((int)pick[k] == e)
          v[(size_t)w * n + k] = usd / 1e9;
    }
    tl_chart_grid g = {r->n_weeks, n, week_names, names, v};
    tl_buf title = TL_BUF_INIT;
    tl_buf_printf(&title, "Money amounts per week of the top %zu names (USD, log scale)", n);
    if (got >= 0) { /* a broken second reading is reported below */
      if (tl_chart_lines(dir, "amounts", title.data, "USD, billions", &g, 1) == 0)
        add_chart(r, "amounts", title.data);
      else
        r->rc = -1;
    }
    tl_buf_free(&title);
    free(names);
    free(v);
  }
  if (got < 0)
    soft_fail(r); /* reported: no chart from half a table */
  tl_csv_close(t);
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
  if (tl_chart_render(dir.data, names, r->n_charts, r->opt.gnuplot, r->opt.timeout_seconds) != 0)
    soft_fail(r);
  free(names);
  for (size_t i = 0; i < r->n_charts; i++) { /* what the reports embed */
    tl_buf p = TL_BUF_INIT;
    tl_buf_printf(&p, "%s/%s.png", dir.data, r->charts[i].name);
    r->charts[i].rendered = exists(p.data);
    tl_buf_free(&p);
  }
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
  section_amounts(r, &md);
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

/* The weekly reports, week after week. 0; -1 when a file could not be
 * written; 1 when a per-document table turned out damaged partway
 * (reported, and dropped): the caller writes them all again without it,
 * so that every report says the same of it, as if it had been found
 * damaged before the first. */
static int write_weeks(report *r) {
  doc_table *tables[] = {&r->mentions, &r->amounts, &r->items};
  for (size_t i = 0; i < 3; i++)
    if (start_doc_table(tables[i]) < 0) {
      drop_doc_table(r, tables[i]);
      return 1;
    }
  for (size_t w = r->from; w < r->to; w++) {
    if (load_week(r, w) < 0)
      return 1;
    if (write_week(r, w) < 0)
      return -1;
  }
  for (size_t i = 0; i < 3; i++)
    if (finish_doc_table(tables[i]) < 0) {
      drop_doc_table(r, tables[i]);
      return 1;
    }
  return 0;
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
      tl_buf_puts(&md, "; top name ");
      md_strong(&md, r->ents[wk->top].name);
      tl_buf_printf(&md, " in %.1f%% of items", wk->top_share);
    }
    tl_buf_puts(&md, "\n");
  }
  tl_buf_puts(&md, "\n## Charts\n\n");
  int missing = 0;
  for (size_t i = 0; i < r->n_charts; i++)
    if (strncmp(r->charts[i].name, "week-", 5) != 0)
      md_chart(&md, "", &r->charts[i], &missing);
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

static void free_slice(slice *s) {
  free(s->rows);
  free(s->share);
  free(s->mentions);
  free(s->burst);
  memset(s, 0, sizeof *s);
  s->week = -1;
}

/* The charts' numbers, once the charts are written. */
static void release_chart_data(report *r) {
  for (size_t w = 0; w < r->n_weeks; w++) {
    week_t *wk = &r->weeks[w];
    free(wk->bar_ent);
    free(wk->bar_mentions);
    wk->bar_ent = NULL;
    wk->bar_mentions = NULL;
    wk->n_bars = 0;
  }
  for (size_t e = 0; e < r->n_ents; e++) {
    free(r->ents[e].series);
    r->ents[e].series = NULL;
  }
  r->n_followed = 0;
}

/* What the weekly reports needed (the documents, the readers, the rows of
 * a week), released before the index: its page grows with the weeks. */
static void release_week_data(report *r) {
  for (size_t w = 0; w < r->n_weeks; w++) {
    free(r->weeks[w].docs);
    r->weeks[w].docs = NULL;
    r->weeks[w].n_docs = r->weeks[w].cap_docs = 0;
  }
  free(r->docs);
  r->docs = NULL;
  r->n_docs = r->cap_docs = 0;
  tl_keymap_free(&r->doc_at);
  tl_csv_close(r->weekly);
  r->weekly = NULL;
  for (size_t i = 0; i < RING; i++)
    free_slice(&r->ring[i]);
  free_slice(&r->scratch);
  close_doc_table(&r->items);
  close_doc_table(&r->mentions);
  close_doc_table(&r->amounts);
  tl_buf_free(&r->text);
  free(r->ms);
  r->ms = NULL;
  r->n_ms = r->cap_ms = 0;
  for (size_t i = 0; i < r->n_amts; i++)
    tl_buf_free(&r->amts[i].names);
  free(r->amts);
  r->amts = NULL;
  r->n_amts = r->cap_amts = 0;
  free(r->its);
  r->its = NULL;
  r->cap_its = 0;
  tl_keymap_free(&r->item_at);
  for (size_t w = 0; r->buckets && w < r->n_weeks; w++)
    free(r->buckets[w].keys);
  free(r->buckets);
  r->buckets = NULL;
  free(r->shown.keys);
  memset(&r->shown, 0, sizeof r->shown);
  tl_keymap_free(&r->cand_at);
  for (size_t i = 0; i < r->n_cands; i++) {
    free(r->cands[i].surface);
    free(r->cands[i].first_date);
    free(r->cands[i].example);
  }
  free(r->cands);
  r->cands = NULL;
  r->n_cands = 0;
}

static void release(report *r) {
  release_chart_data(r);
  release_week_data(r);
  for (size_t w = 0; w < r->n_weeks; w++)
    free(r->weeks[w].name);
  free(r->weeks);
  for (size_t e = 0; e < r->n_ents; e++) {
    entity_t *x = &r->ents[e];
    free(x->type);
    free(x->parent);
    free(x->first_date);
  }
  free(r->ents);
  free(r->by_mentions);
  free(r->followed);
  free(r->name_rank);
  tl_names_free(&r->week_index);
  tl_names_free(&r->ent_index);
  for (size_t i = 0; i < r->n_charts; i++) {
    free(r->charts[i].name);
    free(r->charts[i].alt);
  }
  free(r->charts);
  tl_buf_free(&r->tables_md[0]);
  tl_buf_free(&r->tables_md[1]);
}

/* The weeks to report on, [from, to): --week, --weeks or all. -1 when
 * --week names a week without digests (reported). */
static int pick_weeks(report *r) {
  r->from = 0;
  r->to = r->n_weeks;
  if (r->opt.week) {
    int w = name_find(&r->week_index, r->opt.week);
    if (w < 0 && r->n_weeks == 0)
      tl_diag(NULL, 0, "--week %s: no dated digests at all", r->opt.week);
    else if (w < 0)
      tl_diag(NULL, 0, "--week %s: no digests that week (weeks with digests: %s to %s)", r->opt.week,
              r->weeks[0].name, r->weeks[r->n_weeks - 1].name);
    if (w < 0)
      return -1;
    r->from = (size_t)w;
    r->to = r->from + 1;
  } else if (r->opt.weeks > 0 && (size_t)r->opt.weeks < r->n_weeks) {
    r->from = r->n_weeks - (size_t)r->opt.weeks;
  }
  return 0;
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
  for (size_t i = 0; i < RING; i++)
    r.ring[i].week = -1;
  r.scratch.week = -1;

  if (load_documents(&r) < 0) {
    release(&r);
    return -1;
  }
  sort_weeks(&r);
  if (load_entities(&r) < 0 || pick_weeks(&r) < 0) {
    release(&r);
    return -1;
  }
  rank_entities(&r);
  if (scan_weekly(&r) < 0) {
    release(&r);
    return -1;
  }
  static const char *const item_cols[] = {"doc", "item", "title", "url", "date", NULL};
  static const char *const mention_cols[] = {"doc", "item", "entity", NULL};
  static const char *const amount_cols[] = {"doc", "item", "surface", "currency", "usd", "kind", "entities", NULL};
  open_doc_table(&r, &r.items, "items.csv", item_cols, TABLE_ABSENT);
  open_doc_table(&r, &r.mentions, "mentions.csv", mention_cols, TABLE_ABSENT);
  open_doc_table(&r, &r.amounts, "amounts.csv", amount_cols, TABLE_LACKS_COLUMNS);
  if (r.amounts.state == TABLE_OK) /* optional: the same sum in another currency */
    r.amounts.col[7] = tl_csv_column(tl_csv_row(r.amounts.rd), "restates");
  scan_candidates(&r);

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

  if (r.n_weeks)
    make_charts(&r);
  release_chart_data(&r);
  int rc = r.rc;
  if (rc >= 0) {
    int got;
    while ((got = write_weeks(&r)) == 1)
      ; /* a table dropped: again without it */
    if (got < 0)
      rc = -1;
  }
  release_week_data(&r);
  if (rc >= 0 && write_index(&r) < 0)
    rc = -1;
  if (rc >= 0 && r.rc > rc)
    rc = r.rc;
  release(&r);
  return rc;
}
