#include "shards.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvread.h"
#include "diag.h"
#include "doctables.h"
#include "keymap.h"
#include "table.h"

enum { DOC, PATH, DATE, WEEK, TITLE, ITEMS, BYTES, STATUS, FINGERPRINT, N_DOCUMENT_COLUMNS };
enum { ITEM_ROWS, MENTION_ROWS, AMOUNT_ROWS, UNKNOWN_ROWS, N_ROW_TABLES };

/* Why streaming: a shard's tables can be hundreds of MB. Each table is read
 * one row at a time; a document's rows of items, mentions, amounts and
 * unknown_names follow each other in doc order, so they are taken as the
 * document is merged and never held. */

static const char *const row_table_name[N_ROW_TABLES] = {"items.csv", "mentions.csv", "amounts.csv",
                                                         "unknown_names.csv"};

/* One per-document table of a shard, read alongside its documents. */
typedef struct {
  tl_csv_reader *r;
  long cols[16]; /* room for the widest, amounts.csv (14); open_shard_table() checks */
  int have; /* the reader's current row is read and not yet taken */
} row_table;

/* One extract output and where the merge stands in it. */
typedef struct {
  const char *dir;
  char *first, *last; /* paths of its first and last document, "" when none */
  size_t n_docs;
  tl_csv_reader *documents; /* open while its group is merged */
  long doc_col[N_DOCUMENT_COLUMNS];
  size_t docs_left; /* of the group pass, counting the current row */
  row_table t[N_ROW_TABLES];
} shard;

static const char *const *const row_table_columns[N_ROW_TABLES] = {tl_item_columns, tl_mention_columns,
                                                                   tl_amount_columns, tl_unknown_columns};

/* tl_csv_open_table(), checking first that idx, which has room for
 * `room` indexes, can take one a column: the arrays are sized by hand. */
static tl_csv_reader *open_shard_table(const char *dir, const char *name, const char *const *columns, long *idx,
                                 size_t room) {
  size_t n = 0;
  while (columns[n])
    n++;
  if (n > room) /* a table gained columns: widen the array it is read into */
    abort();
  return tl_csv_open_table(dir, name, columns, idx, NULL);
}

/* A cell of the shard's current document. */
static const char *doc_cell(const shard *s, int col) {
  return tl_csv_get(s->documents, s->doc_col[col]);
}

/* Reads a shard's documents.csv through once for the paths its documents
 * span, which decide the groups of overlapping shards; the whole file is
 * parsed, so a malformed one is reported before anything is written.
 * Returns 0 or -1 (reported). */
static int scan_documents(shard *s) {
  s->documents = open_shard_table(s->dir, "documents.csv", tl_document_columns, s->doc_col, N_DOCUMENT_COLUMNS);
  if (!s->documents)
    return -1;
  tl_buf last = TL_BUF_INIT;
  int got;
  while ((got = tl_csv_next(s->documents)) == 1) {
    if (!s->n_docs++)
      s->first = tl_strdup(doc_cell(s, PATH));
    tl_buf_reset(&last);
    tl_buf_puts(&last, doc_cell(s, PATH));
  }
  s->last = tl_buf_detach(&last);
  tl_csv_close(s->documents);
  s->documents = NULL;
  return got < 0 ? -1 : 0;
}

static const char *first_path(const shard *s) { return s->first ? s->first : ""; }
static const char *last_path(const shard *s) { return s->last ? s->last : ""; }

static int by_first_path(const void *a, const void *b) {
  return strcmp(first_path((const shard *)a), first_path((const shard *)b));
}

/* Moves a table on by a row. Returns 0, or -1 when it is malformed
 * (reported). */
static int advance(row_table *t) {
  int got = tl_csv_next(t->r);
  t->have = got == 1;
  return got < 0 ? -1 : 0;
}

/* Opens the shard's tables for its group's pass, each at its first row.
 * Returns 0 or -1 (reported; what did open stays open for close_shard). */
static int open_shard(shard *s) {
  int rc = 0;
  s->documents = open_shard_table(s->dir, "documents.csv", tl_document_columns, s->doc_col, N_DOCUMENT_COLUMNS);
  if (!s->documents)
    rc = -1;
  else if (s->n_docs) {
    int got = tl_csv_next(s->documents);
    if (got < 0)
      rc = -1;
    s->docs_left = got == 1 ? s->n_docs : 0;
  }
  for (int k = 0; k < N_ROW_TABLES; k++) {
    row_table *t = &s->t[k];
    t->r = open_shard_table(s->dir, row_table_name[k], row_table_columns[k], t->cols,
                            sizeof t->cols / sizeof *t->cols);
    if (!t->r || advance(t) < 0)
      rc = -1;
  }
  return rc;
}

/* Reads the rest of each per-document table, so rows past the last
 * document are still checked and a ragged table is still reported, as a
 * whole read would. Returns 0 or -1 (reported). */
static int finish_shard(shard *s) {
  for (int k = 0; k < N_ROW_TABLES; k++)
    while (s->t[k].have)
      if (advance(&s->t[k]) < 0)
        return -1;
  return 0;
}

static void close_shard(shard *s) {
  tl_csv_close(s->documents);
  s->documents = NULL;
  for (int k = 0; k < N_ROW_TABLES; k++) {
    tl_csv_close(s->t[k].r);
    s->t[k].r = NULL;
    s->t[k].have = 0;
  }
}

/* The status a shard wrote, without the duplicate token its own files gave
 * it: duplicates are settled again across all shards. The caller frees. */
static char *status_without_duplicate(const char *status) {
  tl_buf out = TL_BUF_INIT;
  while (*status) {
    size_t len = strcspn(status, ";");
    if (strncmp(status, "duplicate-of:", 13) != 0) {
      if (out.len)
        tl_buf_putc(&out, ';');
      tl_buf_add(&out, status, len);
    }
    status += len + (status[len] == ';');
  }
  if (!out.len)
    tl_buf_puts(&out, "ok");
  return tl_buf_detach(&out);
}

/* What one document gives the aggregator. The rows it comes from are gone
 * once read past, so its strings are copies, freed after the document. */
typedef struct {
  tl_agg_mention *mentions;
  tl_agg_amount *amounts;
  tl_agg_unknown *unknowns;
  size_t n_mentions, n_amounts, n_unknowns;
  size_t cap_mentions, cap_amounts, cap_unknowns;
  char **kept;
  size_t n_kept, cap_kept;
} doc_rows;

static const char *keep(doc_rows *d, const char *s) {
  d->kept = tl_xgrow(d->kept, &d->cap_kept, d->n_kept + 1, sizeof *d->kept);
  return d->kept[d->n_kept++] = tl_strdup(s);
}

static void forget_rows(doc_rows *d) {
  for (size_t i = 0; i < d->n_kept; i++)
    free(d->kept[i]);
  d->n_kept = d->n_mentions = d->n_amounts = d->n_unknowns = 0;
}

static void free_rows(doc_rows *d) {
  forget_rows(d);
  free(d->kept);
  free(d->mentions);
  free(d->amounts);
  free(d->unknowns);
}

/* Takes the aggregator's fields of the current row of table k (the
 * strings run gave it). */
static void collect(doc_rows *d, int k, const tl_csv_reader *rd, const long *c) {
  if (k == MENTION_ROWS) {
    d->mentions = tl_xgrow(d->mentions, &d->cap_mentions, d->n_mentions + 1, sizeof *d->mentions);
    d->mentions[d->n_mentions++] =
        (tl_agg_mention){atoi(tl_csv_get(rd, c[1])), keep(d, tl_csv_get(rd, c[3])),
                         keep(d, tl_csv_get(rd, c[4])), keep(d, tl_csv_get(rd, c[5]))};
  } else if (k == AMOUNT_ROWS) {
    d->amounts = tl_xgrow(d->amounts, &d->cap_amounts, d->n_amounts + 1, sizeof *d->amounts);
    d->amounts[d->n_amounts++] =
        (tl_agg_amount){strcmp(tl_csv_get(rd, c[8]), "amount") == 0, keep(d, tl_csv_get(rd, c[7])),
                        keep(d, tl_csv_get(rd, c[10]))};
  } else if (k == UNKNOWN_ROWS) {
    d->unknowns = tl_xgrow(d->unknowns, &d->cap_unknowns, d->n_unknowns + 1, sizeof *d->unknowns);
    d->unknowns[d->n_unknowns++] =
        (tl_agg_unknown){keep(d, tl_csv_get(rd, c[4])), keep(d, tl_csv_get(rd, c[3])),
                         atol(tl_csv_get(rd, c[5])), keep(d, tl_csv_get(rd, c[6]))};
  }
}

/* Everything the merge writes to. */
typedef struct {
  const tl_run_options *opt;
  tl_table *documents, *out[N_ROW_TABLES];
  tl_aggregator *agg;
  tl_keymap seen;   /* (fingerprint ^ size) -> first document of those bytes */
  char **seen_path; /* path of each */
  int next_doc;
  doc_rows rows;
  tl_batch_result *result;
} merge;

/* Takes the rows of table k whose doc is `local`, the ones at the reader
 * from now on: copied with `doc` as their number when `copy`, handed to
 * the aggregator when `analyse`, else skipped. Returns 0, or -1 when the
 * table is malformed (reported). */
static int take_rows(merge *m, shard *s, int k, const char *local, int doc, int copy, int analyse) {
  row_table *t = &s->t[k];
  while (t->have) {
    if (strcmp(tl_csv_get(t->r, t->cols[0]), local) != 0)
      break;
    if (copy) {
      size_t cells = tl_csv_columns(tl_csv_row(t->r));
      for (size_t c = 0; c < cells; c++) {
        if ((long)c == t->cols[0])
          tl_table_int(m->out[k], doc);
        else
          tl_table_text(m->out[k], tl_csv_get(t->r, (long)c));
      }
      tl_table_end_row(m->out[k]);
    }
    if (analyse)
      collect(&m->rows, k, t->r, t->cols);
    if (advance(t) < 0)
      return -1;
  }
  return 0;
}

/* Merges the shard's current document. Returns 0, or -1 when one of its
 * tables is malformed (reported). */
static int merge_document(merge *m, shard *s) {
  int doc = ++m->next_doc;
  const char *local = doc_cell(s, DOC);
  const char *path = doc_cell(s, PATH);
  char *status = status_without_duplicate(doc_cell(s, STATUS));
  /* the same bytes seen before, in any shard (an unreadable file has none) */
  const char *first = NULL;
  if (strcmp(status, "unreadable") != 0) {
    uint64_t key = strtoull(doc_cell(s, FINGERPRINT), NULL, 16) ^ (uint64_t)strtoull(doc_cell(s, BYTES), NULL, 10) * 0x9E3779B97F4A7C15ULL;
    int created;
    size_t k = tl_keymap_get(&m->seen, key, &created);
    if (created) {
      if ((k & (k + 1)) == 0 || k == 0)
        m->seen_path = tl_xrealloc(m->seen_path, (k + 1) * 2 * sizeof *m->seen_path);
      m->seen_path[k] = tl_strdup(path);
    } else {
      first = m->seen_path[k];
    }
  }
  tl_date date = {0, 0, 0};
  int dated = tl_date_parse(doc_cell(s, DATE), &date) == 0;
  int keep_doc = tl_run_in_range(m->opt, dated, date);
  if (keep_doc) {
    tl_table_int(m->documents, doc);
    for (int c = PATH; c <= FINGERPRINT; c++) {
      if (c == ITEMS && first)
        tl_table_int(m->documents, 0);
      else if (c == STATUS) {
        char *shown = first ? tl_duplicate_status(status, first) : NULL;
        tl_table_text(m->documents, shown ? shown : status);
        free(shown);
      } else
        tl_table_text(m->documents, doc_cell(s, c));
    }
    tl_table_end_row(m->documents);
  }
  int copy = keep_doc && !first;
  int analyse = copy && dated;
  int rc = 0;
  for (int k = 0; k < N_ROW_TABLES && rc == 0; k++)
    rc = take_rows(m, s, k, local, doc, copy, analyse);

  m->result->documents++;
  if (first)
    m->result->duplicates++;
  if (strcmp(status, "ok") != 0 && strcmp(status, "gb18030") != 0)
    m->result->problems++;
  if (rc == 0 && analyse) {
    doc_rows *d = &m->rows;
    long items = atol(doc_cell(s, ITEMS));
    tl_agg_document record = {doc, path, date, items, d->mentions, d->n_mentions,
                              d->amounts, d->n_amounts, d->unknowns, d->n_unknowns};
    tl_aggregator_add(m->agg, &record);
    m->result->items += (size_t)items;
    m->result->mentions += d->n_mentions;
    m->result->amounts += d->n_amounts;
    if (items)
      m->result->analysed++;
  }
  forget_rows(&m->rows);
  free(status);
  return rc;
}

/* Merges one group of shards whose path ranges overlap, in path order: the
 * document taken next is the least path among the shards' current ones. */
static int merge_group(merge *m, shard *group, size_t n) {
  int rc = 0;
  for (size_t i = 0; i < n; i++)
    if (open_shard(&group[i]) < 0)
      rc = -1;
  while (rc == 0) {
    shard *next = NULL;
    for (size_t i = 0; i < n; i++) {
      shard *s = &group[i];
      if (!s->docs_left)
        continue;
      if (!next || strcmp(doc_cell(s, PATH), doc_cell(next, PATH)) < 0)
        next = s;
    }
    if (!next)
      break;
    rc = merge_document(m, next);
    /* documents.csv was read to its end before: stop at its last row, so
     * a message about it is not given twice */
    if (rc == 0 && --next->docs_left) {
      int got = tl_csv_next(next->documents);
      if (got < 0)
        rc = -1;
      else if (got == 0)
        next->docs_left = 0;
    }
  }
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = finish_shard(&group[i]);
  for (size_t i = 0; i < n; i++)
    close_shard(&group[i]);
  return rc;
}

int tl_shards_aggregate(char *const *dirs, size_t n_dirs, const tl_run_options *opt, tl_batch_result *result) {
  memset(result, 0, sizeof *result);
  shard *shards = tl_xcalloc(n_dirs + 1, sizeof *shards);
  int rc = 0;
  for (size_t i = 0; i < n_dirs; i++) {
    shards[i].dir = dirs[i];
    if (scan_documents(&shards[i]) < 0)
      rc = -1;
  }
  merge m = {opt, NULL, {NULL, NULL, NULL, NULL}, NULL, TL_KEYMAP_INIT, NULL, 0, {0}, result};
  if (rc == 0) {
    m.documents = tl_table_open(opt->out_dir, "documents.csv", tl_document_columns, opt->excel);
    rc = m.documents ? 0 : -1;
    for (int k = 0; k < N_ROW_TABLES; k++) {
      m.out[k] = tl_table_open(opt->out_dir, row_table_name[k], row_table_columns[k], opt->excel);
      if (!m.out[k])
        rc = -1;
    }
  }
  if (rc == 0) {
    m.agg = tl_aggregator_new(&opt->agg);
    qsort(shards, n_dirs, sizeof *shards, by_first_path);
    for (size_t g = 0; g < n_dirs && rc == 0;) {
      size_t end = g + 1;
      const char *reach = last_path(&shards[g]);
      while (end < n_dirs && shards[end].n_docs && strcmp(first_path(&shards[end]), reach) <= 0) {
        if (strcmp(last_path(&shards[end]), reach) > 0)
          reach = last_path(&shards[end]);
        end++;
      }
      rc = merge_group(&m, &shards[g], end - g);
      g = end;
    }
  }
  if (tl_table_finish(m.documents, rc == 0) < 0)
    rc = -1;
  for (int k = 0; k < N_ROW_TABLES; k++)
    if (tl_table_finish(m.out[k], rc == 0) < 0)
      rc = -1;
  if (rc == 0 && tl_aggregator_write(m.agg, opt->out_dir, opt->excel) < 0)
    rc = -1;
  tl_aggregator_free(m.agg);
  for (size_t i = 0; i < m.seen.count; i++)
    free(m.seen_path[i]);
  free(m.seen_path);
  tl_keymap_free(&m.seen);
  free_rows(&m.rows);
  for (size_t i = 0; i < n_dirs; i++) {
    free(shards[i].first);
    free(shards[i].last);
  }
  free(shards);
  return rc;
}
