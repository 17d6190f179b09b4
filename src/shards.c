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

/* One extract output and where the merge stands in each of its tables. */
typedef struct {
  const char *dir;
  tl_csv *documents, *items, *mentions, *amounts, *unknowns;
  long doc_col[N_DOCUMENT_COLUMNS];
  long item_cols[10], mention_cols[9], amount_cols[14], unknown_cols[7];
  size_t next_doc, next_item, next_mention, next_amount, next_unknown;
} shard;

static tl_csv *read_table(const char *dir, const char *name, const char *const *columns, long *idx) {
  tl_buf path = TL_BUF_INIT;
  tl_buf_printf(&path, "%s/%s", dir, name);
  tl_csv *t = tl_csv_read(path.data);
  if (t && tl_csv_require(t, columns, idx) < 0) {
    tl_csv_free(t);
    t = NULL;
  }
  tl_buf_free(&path);
  return t;
}

static int open_rows(shard *s) {
  s->items = read_table(s->dir, "items.csv", tl_item_columns, s->item_cols);
  s->mentions = read_table(s->dir, "mentions.csv", tl_mention_columns, s->mention_cols);
  s->amounts = read_table(s->dir, "amounts.csv", tl_amount_columns, s->amount_cols);
  s->unknowns = read_table(s->dir, "unknown_names.csv", tl_unknown_columns, s->unknown_cols);
  return s->items && s->mentions && s->amounts && s->unknowns ? 0 : -1;
}

static void close_rows(shard *s) {
  tl_csv_free(s->items);
  tl_csv_free(s->mentions);
  tl_csv_free(s->amounts);
  tl_csv_free(s->unknowns);
  s->items = s->mentions = s->amounts = s->unknowns = NULL;
}

static const char *doc_cell(const shard *s, size_t row, int col) { return tl_csv_cell(s->documents, row, s->doc_col[col]); }

static const char *first_path(const shard *s) { return tl_csv_rows(s->documents) ? doc_cell(s, 0, PATH) : ""; }
static const char *last_path(const shard *s) {
  size_t n = tl_csv_rows(s->documents);
  return n ? doc_cell(s, n - 1, PATH) : "";
}

static int by_first_path(const void *a, const void *b) {
  return strcmp(first_path((const shard *)a), first_path((const shard *)b));
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

/* Everything the merge writes to. */
typedef struct {
  const tl_run_options *opt;
  tl_table *documents, *items, *mentions, *amounts, *unknowns;
  tl_aggregator *agg;
  tl_keymap seen;   /* (fingerprint ^ size) -> first document of those bytes */
  char **seen_path; /* path of each */
  int next_doc;
  tl_batch_result *result;
} merge;

/* Copies the rows of table t whose doc is `local` (from *cursor on), with
 * `doc` as their new number; or skips them when out is NULL. Returns the
 * first and one-past-last row through *from / *to. */
static void copy_rows(tl_csv *t, long doc_col, size_t *cursor, const char *local, tl_table *out, int doc,
                      size_t *from, size_t *to) {
  *from = *cursor;
  while (*cursor < tl_csv_rows(t) && strcmp(tl_csv_cell(t, *cursor, doc_col), local) == 0) {
    if (out) {
      size_t cells = tl_csv_columns(t);
      for (size_t c = 0; c < cells; c++) {
        if ((long)c == doc_col)
          tl_table_int(out, doc);
        else
          tl_table_text(out, tl_csv_cell(t, *cursor, (long)c));
      }
      tl_table_end_row(out);
    }
    (*cursor)++;
  }
  *to = *cursor;
}

static void merge_document(merge *m, shard *s, size_t row) {
  int doc = ++m->next_doc;
  const char *local = doc_cell(s, row, DOC);
  const char *path = doc_cell(s, row, PATH);
  char *status = status_without_duplicate(doc_cell(s, row, STATUS));
  /* the same bytes seen before, in any shard (an unreadable file has none) */
  const char *first = NULL;
  if (strcmp(status, "unreadable") != 0) {
    uint64_t key = strtoull(doc_cell(s, row, FINGERPRINT), NULL, 16) ^ (uint64_t)strtoull(doc_cell(s, row, BYTES), NULL, 10) * 0x9E3779B97F4A7C15ULL;
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
  int dated = tl_date_parse(doc_cell(s, row, DATE), &date) == 0;
  int keep = tl_run_in_range(m->opt, dated, date);
  if (keep) {
    tl_table_int(m->documents, doc);
    for (int c = PATH; c <= FINGERPRINT; c++) {
      if (c == ITEMS && first)
        tl_table_int(m->documents, 0);
      else if (c == STATUS) {
        char *shown = first ? tl_duplicate_status(status, first) : NULL;
        tl_table_text(m->documents, shown ? shown : status);
        free(shown);
      } else
        tl_table_text(m->documents, doc_cell(s, row, c));
    }
    tl_table_end_row(m->documents);
  }
  int analyse = keep && !first;
  size_t i0, i1, m0, m1, a0, a1, u0, u1;
  copy_rows(s->items, s->item_cols[0], &s->next_item, local, analyse ? m->items : NULL, doc, &i0, &i1);
  copy_rows(s->mentions, s->mention_cols[0], &s->next_mention, local, analyse ? m->mentions : NULL, doc, &m0, &m1);
  copy_rows(s->amounts, s->amount_cols[0], &s->next_amount, local, analyse ? m->amounts : NULL, doc, &a0, &a1);
  copy_rows(s->unknowns, s->unknown_cols[0], &s->next_unknown, local, analyse ? m->unknowns : NULL, doc, &u0, &u1);

  m->result->documents++;
  if (first)
    m->result->duplicates++;
  if (strcmp(status, "ok") != 0 && strcmp(status, "gb18030") != 0)
    m->result->problems++;
  if (analyse && dated) {
    /* the aggregator reads the same strings run gave it */
    tl_agg_mention *mentions = tl_xmalloc((m1 - m0 + 1) * sizeof *mentions);
    tl_agg_amount *amounts = tl_xmalloc((a1 - a0 + 1) * sizeof *amounts);
    const long *mc = s->mention_cols, *ac = s->amount_cols;
    for (size_t r = m0; r < m1; r++)
      mentions[r - m0] = (tl_agg_mention){atoi(tl_csv_cell(s->mentions, r, mc[1])), tl_csv_cell(s->mentions, r, mc[3]),
                                          tl_csv_cell(s->mentions, r, mc[4]), tl_csv_cell(s->mentions, r, mc[5])};
    for (size_t r = a0; r < a1; r++)
      amounts[r - a0] = (tl_agg_amount){strcmp(tl_csv_cell(s->amounts, r, ac[8]), "amount") == 0,
                                        tl_csv_cell(s->amounts, r, ac[7]), tl_csv_cell(s->amounts, r, ac[10])};
    tl_agg_unknown *unknowns = tl_xmalloc((u1 - u0 + 1) * sizeof *unknowns);
    const long *uc = s->unknown_cols;
    for (size_t r = u0; r < u1; r++)
      unknowns[r - u0] = (tl_agg_unknown){tl_csv_cell(s->unknowns, r, uc[4]), tl_csv_cell(s->unknowns, r, uc[3]),
                                          atol(tl_csv_cell(s->unknowns, r, uc[5])), tl_csv_cell(s->unknowns, r, uc[6])};
    long items = atol(doc_cell(s, row, ITEMS));
    tl_agg_document record = {doc,     path,    date,     items,   mentions, m1 - m0,
                              amounts, a1 - a0, unknowns, u1 - u0};
    tl_aggregator_add(m->agg, &record);
    free(unknowns);
    m->result->items += (size_t)items;
    m->result->mentions += m1 - m0;
    m->result->amounts += a1 - a0;
    if (items)
      m->result->analysed++;
    free(mentions);
    free(amounts);
  }
  free(status);
}

/* Merges one group of shards whose path ranges overlap, in path order. */
static int merge_group(merge *m, shard *group, size_t n) {
  int rc = 0;
  for (size_t i = 0; i < n; i++)
    if (open_rows(&group[i]) < 0)
      rc = -1;
  while (rc == 0) {
    shard *next = NULL;
    for (size_t i = 0; i < n; i++) {
      shard *s = &group[i];
      if (s->next_doc >= tl_csv_rows(s->documents))
        continue;
      if (!next || strcmp(doc_cell(s, s->next_doc, PATH), doc_cell(next, next->next_doc, PATH)) < 0)
        next = s;
    }
    if (!next)
      break;
    merge_document(m, next, next->next_doc++);
  }
  for (size_t i = 0; i < n; i++)
    close_rows(&group[i]);
  return rc;
}

int tl_shards_aggregate(char *const *dirs, size_t n_dirs, const tl_run_options *opt, tl_batch_result *result) {
  memset(result, 0, sizeof *result);
  shard *shards = tl_xcalloc(n_dirs + 1, sizeof *shards);
  int rc = 0;
  for (size_t i = 0; i < n_dirs; i++) {
    shards[i].dir = dirs[i];
    shards[i].documents = read_table(dirs[i], "documents.csv", tl_document_columns, shards[i].doc_col);
    if (!shards[i].documents)
      rc = -1;
  }
  merge m = {opt, NULL, NULL, NULL, NULL, NULL, NULL, TL_KEYMAP_INIT, NULL, 0, result};
  if (rc == 0) {
    m.documents = tl_table_open(opt->out_dir, "documents.csv", tl_document_columns, opt->excel);
    m.items = tl_table_open(opt->out_dir, "items.csv", tl_item_columns, opt->excel);
    m.mentions = tl_table_open(opt->out_dir, "mentions.csv", tl_mention_columns, opt->excel);
    m.amounts = tl_table_open(opt->out_dir, "amounts.csv", tl_amount_columns, opt->excel);
    m.unknowns = tl_table_open(opt->out_dir, "unknown_names.csv", tl_unknown_columns, opt->excel);
    rc = m.documents && m.items && m.mentions && m.amounts && m.unknowns ? 0 : -1;
  }
  if (rc == 0) {
    m.agg = tl_aggregator_new(&opt->agg);
    qsort(shards, n_dirs, sizeof *shards, by_first_path);
    for (size_t g = 0; g < n_dirs && rc == 0;) {
      size_t end = g + 1;
      const char *reach = last_path(&shards[g]);
      while (end < n_dirs && tl_csv_rows(shards[end].documents) && strcmp(first_path(&shards[end]), reach) <= 0) {
        if (strcmp(last_path(&shards[end]), reach) > 0)
          reach = last_path(&shards[end]);
        end++;
      }
      rc = merge_group(&m, &shards[g], end - g);
      g = end;
    }
  }
  tl_table *tables[] = {m.documents, m.items, m.mentions, m.amounts, m.unknowns};
  for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
    if (!tables[i])
      continue;
    if (rc == 0 && tl_table_commit(tables[i]) < 0)
      rc = -1;
    else if (rc < 0)
      tl_table_abort(tables[i]);
  }
  if (rc == 0 && tl_aggregator_write(m.agg, opt->out_dir, opt->excel) < 0)
    rc = -1;
  tl_aggregator_free(m.agg);
  for (size_t i = 0; i < m.seen.count; i++)
    free(m.seen_path[i]);
  free(m.seen_path);
  tl_keymap_free(&m.seen);
  for (size_t i = 0; i < n_dirs; i++)
    tl_csv_free(shards[i].documents);
  free(shards);
  return rc;
}
