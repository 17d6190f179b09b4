#include "tally.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

typedef struct {
  long mentions, items, documents;
  int last_doc, last_item_doc, last_item;
  tl_date first, last;
} entity_count;

struct tl_tally {
  const tl_dict *dict;
  entity_count *counts;
  size_t n;
};

const char *const tl_tally_columns[] = {"entity",    "type",      "parent",     "mentions", "items",
                                        "documents", "first_date", "last_date", NULL};

tl_tally *tl_tally_new(const tl_dict *dict) {
  tl_tally *t = tl_xcalloc(1, sizeof *t);
  t->dict = dict;
  t->n = tl_dict_size(dict);
  t->counts = tl_xcalloc(t->n ? t->n : 1, sizeof *t->counts);
  return t;
}

void tl_tally_free(tl_tally *t) {
  if (!t)
    return;
  free(t->counts);
  free(t);
}

void tl_tally_add(tl_tally *t, int doc, const tl_digest *d, const tl_mentions *m) {
  for (size_t i = 0; i < m->count; i++) {
    entity_count *c = &t->counts[m->v[i].entity];
    c->mentions++;
    if (c->last_doc != doc) {
      if (c->documents == 0 || tl_date_cmp(d->date, c->first) < 0)
        c->first = d->date;
      if (c->documents == 0 || tl_date_cmp(d->date, c->last) > 0)
        c->last = d->date;
      c->documents++;
      c->last_doc = doc;
    }
    int item = m->v[i].item;
    if (item > 0 && (c->last_item_doc != doc || c->last_item != item)) {
      c->items++;
      c->last_item_doc = doc;
      c->last_item = item;
    }
  }
}

typedef struct {
  int id;
  long mentions;
  const char *name;
} ranked;

static int by_mentions(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  if (x->mentions != y->mentions)
    return x->mentions > y->mentions ? -1 : 1;
  return strcmp(x->name, y->name);
}

void tl_tally_write(const tl_tally *t, tl_table *table) {
  ranked *order = tl_xmalloc((t->n ? t->n : 1) * sizeof *order);
  size_t k = 0;
  for (size_t i = 0; i < t->n; i++)
    if (t->counts[i].mentions)
      order[k++] = (ranked){(int)i, t->counts[i].mentions, tl_dict_entity(t->dict, (int)i)->name};
  qsort(order, k, sizeof *order, by_mentions);
  for (size_t i = 0; i < k; i++) {
    const entity_count *c = &t->counts[order[i].id];
    const tl_entity *e = tl_dict_entity(t->dict, order[i].id);
    char first[11], last[11];
    tl_table_text(table, e->name);
    tl_table_text(table, e->type);
    tl_table_text(table, e->parent);
    tl_table_int(table, c->mentions);
    tl_table_int(table, c->items);
    tl_table_int(table, c->documents);
    tl_table_text(table, tl_date_format(c->first, first));
    tl_table_text(table, tl_date_format(c->last, last));
    tl_table_end_row(table);
  }
  free(order);
}
