#include "doctables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "load.h"
#include "table.h"

/* Context kept on each side of an unknown name in unknown_names.csv. */
enum { UNKNOWN_CONTEXT_BYTES = 60 };

struct tl_doctables {
  tl_table *documents;
  tl_table *items;
  tl_table *mentions;
  tl_table *amounts;
  tl_table *unknowns;
};

const char *const tl_document_columns[] = {"doc",   "path",  "date",   "week",        "title",
                                           "items", "bytes", "status", "fingerprint", NULL};
const char *const tl_item_columns[] = {"doc",    "item", "date", "section", "title",
                                           "url",    "source", "line", "start", "end", NULL};
const char *const tl_amount_columns[] = {"doc",       "item",     "date",     "surface", "value",
                                             "value_high", "currency", "usd",      "kind",    "qualifier",
                                             "entities",  "line",     "offset",   "restates", NULL};
const char *const tl_unknown_columns[] = {"doc", "item", "date", "surface", "key", "line", "context", NULL};
const char *const tl_mention_columns[] = {"doc",   "item",    "date", "entity", "type",
                                              "parent", "surface", "line", "offset", NULL};

size_t tl_doctables_context(const tl_digest *d, const tl_unknown *u, tl_buf *out) {
  size_t from, to;
  tl_line_context(d->src.text, d->src.len, u->start, u->end, UNKNOWN_CONTEXT_BYTES, &from, &to);
  const char *line = d->src.text + from, *nul = memchr(line, '\0', to - from);
  size_t len = nul ? (size_t)(nul - line) : to - from;
  size_t at = out->len;
  if (tl_buf_add(out, line, len) < 0)
    return 0;
  char *c = out->data + at, *end = out->data + out->len;
  while ((c = memchr(c, '\t', (size_t)(end - c))))
    *c++ = ' ';
  return len;
}

char *tl_duplicate_status(const char *status, const char *first) {
  tl_buf b = TL_BUF_INIT;
  if (strcmp(status, "ok") != 0) {
    tl_buf_puts(&b, status);
    tl_buf_putc(&b, ';');
  }
  tl_buf_puts(&b, "duplicate-of:");
  tl_buf_puts(&b, first);
  return tl_buf_detach(&b);
}

tl_doctables *tl_doctables_open(const char *dir, int excel) {
  tl_doctables *t = tl_xcalloc(1, sizeof *t);
  t->documents = tl_table_open(dir, "documents.csv", tl_document_columns, excel);
  t->items = tl_table_open(dir, "items.csv", tl_item_columns, excel);
  t->mentions = tl_table_open(dir, "mentions.csv", tl_mention_columns, excel);
  t->amounts = tl_table_open(dir, "amounts.csv", tl_amount_columns, excel);
  t->unknowns = tl_table_open(dir, "unknown_names.csv", tl_unknown_columns, excel);
  if (!t->documents || !t->items || !t->mentions || !t->amounts || !t->unknowns) {
    tl_doctables_abort(t);
    return NULL;
  }
  return t;
}

/* The document's date cell, empty when it has none: on every row, so
 * written by tl_table_date rather than formatted and scanned as text. */
static void write_date(tl_table *t, const tl_digest *d) {
  if (d->has_date)
    tl_table_date(t, d->date);
  else
    tl_table_empty(t);
}

void tl_doctables_add(tl_doctables *t, int doc, const tl_digest *d, const tl_extraction *x,
                      const tl_agg_document *names, const char *duplicate_of) {
  char week[9] = "";
  if (d->has_date)
    tl_week_format(d->date, week);
  int analysed = duplicate_of == NULL;
  size_t n_items = analysed ? d->items.count : 0;

  tl_table_int(t->documents, doc);
  tl_table_text(t->documents, d->path);
  write_date(t->documents, d);
  tl_table_text(t->documents, week);
  tl_table_text(t->documents, d->title);
  tl_table_int(t->documents, (long long)n_items);
  tl_table_int(t->documents, (long long)d->src.file_size);
  if (duplicate_of) {
    char *status = tl_duplicate_status(d->status, duplicate_of);
    tl_table_text(t->documents, status);
    free(status);
  } else {
    tl_table_text(t->documents, d->status);
  }
  char fingerprint[17];
  for (int i = 0; i < 16; i++) /* "%016llx" by hand, like tl_table_int */
    fingerprint[i] = "0123456789abcdef"[(d->src.hash >> (60 - 4 * i)) & 0xf];
  fingerprint[16] = '\0';
  tl_table_text(t->documents, fingerprint);
  tl_table_end_row(t->documents);

  for (size_t i = 0; i < n_items; i++) {
    const tl_item *it = &d->items.items[i];
    tl_table_int(t->items, doc);
    tl_table_int(t->items, (long long)i + 1);
    write_date(t->items, d);
    tl_table_text(t->items, it->section);
    tl_table_text(t->items, it->title);
    tl_table_text(t->items, it->url);
    tl_table_text(t->items, it->source);
    tl_table_int(t->items, it->line);
    tl_table_int(t->items, (long long)(it->start + d->src.text_offset));
    tl_table_int(t->items, (long long)(it->end + d->src.text_offset));
    tl_table_end_row(t->items);
  }

  for (size_t i = 0; analysed && i < x->n_mentions; i++) {
    const tl_mention *mention = &x->mentions[i];
    const tl_agg_mention *named = &names->mentions[i];
    tl_table_int(t->mentions, doc);
    tl_table_int(t->mentions, mention->item);
    write_date(t->mentions, d);
    tl_table_text(t->mentions, named->name);
    tl_table_text(t->mentions, named->type);
    tl_table_text(t->mentions, named->parent);
    tl_table_textn(t->mentions, d->src.text + mention->start, mention->end - mention->start);
    tl_table_int(t->mentions, mention->line);
    tl_table_int(t->mentions, (long long)(mention->start + d->src.text_offset));
    tl_table_end_row(t->mentions);
  }

  for (size_t i = 0; analysed && i < x->n_amounts; i++) {
    const tl_amount *a = &x->amounts[i];
    char number[32];
    tl_table_int(t->amounts, doc);
    tl_table_int(t->amounts, a->item);
    write_date(t->amounts, d);
    tl_table_textn(t->amounts, d->src.text + a->money.start, a->money.end - a->money.start);
    tl_table_text(t->amounts, tl_decimal_format(a->money.value, number));
    if (a->money.has_high)
      tl_table_text(t->amounts, tl_decimal_format(a->money.value_high, number));
    else
      tl_table_empty(t->amounts);
    tl_table_text(t->amounts, a->money.currency);
    tl_table_text(t->amounts, a->usd);
    tl_table_text(t->amounts, a->money.kind == TL_MONEY_PRICE ? "price" : "amount");
    tl_table_text(t->amounts, a->money.qualifier);
    tl_table_text(t->amounts, a->entities);
    tl_table_int(t->amounts, a->line);
    tl_table_int(t->amounts, (long long)(a->money.start + d->src.text_offset));
    tl_table_int(t->amounts, a->money.restates);
    tl_table_end_row(t->amounts);
  }

  for (size_t i = 0; analysed && i < x->n_unknowns; i++) {
    const tl_unknown *u = &x->unknowns[i];
    tl_table_int(t->unknowns, doc);
    tl_table_int(t->unknowns, u->item);
    write_date(t->unknowns, d);
    tl_table_textn(t->unknowns, d->src.text + u->start, u->end - u->start);
    tl_table_text(t->unknowns, u->key);
    tl_table_int(t->unknowns, u->line);
    tl_table_text(t->unknowns, names->unknowns[i].context);
    tl_table_end_row(t->unknowns);
  }
}

/* Commits (keep) or aborts every table of t, then frees t. */
static int finish(tl_doctables *t, int keep) {
  tl_table *all[] = {t->documents, t->items, t->mentions, t->amounts, t->unknowns};
  int rc = 0;
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    if (tl_table_finish(all[i], keep) < 0)
      rc = -1;
  free(t);
  return rc;
}

int tl_doctables_commit(tl_doctables *t) { return finish(t, 1); }

void tl_doctables_abort(tl_doctables *t) { (void)finish(t, 0); }
