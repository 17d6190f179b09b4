#include "tally.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* Counts of one name (a dictionary entity or a name a rule made). */
typedef struct {
  char *name, *type, *parent; /* owned copies: rule names live only as long as their digest */
  long mentions, items, documents;
  int last_doc, last_item_doc, last_item;
  tl_date first, last;
} entity_count;

/* The names seen, in an open-addressing table (power-of-two size) that maps
 * a name to its slot in `counts`. */
struct tl_tally {
  const tl_lexicon *lx;
  entity_count *counts;
  size_t n, cap;
  size_t *index; /* count position + 1; 0 = empty bucket */
  size_t buckets;
};

const char *const tl_tally_columns[] = {"entity",    "type",      "parent",     "mentions", "items",
                                        "documents", "first_date", "last_date", NULL};

static uint64_t hash_name(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

tl_tally *tl_tally_new(const tl_lexicon *lx) {
  tl_tally *t = tl_xcalloc(1, sizeof *t);
  t->lx = lx;
  t->buckets = 1024;
  t->index = tl_xcalloc(t->buckets, sizeof *t->index);
  return t;
}

void tl_tally_free(tl_tally *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->n; i++) {
    free(t->counts[i].name);
    free(t->counts[i].type);
    free(t->counts[i].parent);
  }
  free(t->counts);
  free(t->index);
  free(t);
}

static void grow_index(tl_tally *t) {
  size_t buckets = t->buckets * 2;
  size_t *index = tl_xcalloc(buckets, sizeof *index);
  for (size_t i = 0; i < t->n; i++) {
    size_t b = (size_t)hash_name(t->counts[i].name) & (buckets - 1);
    while (index[b])
      b = (b + 1) & (buckets - 1);
    index[b] = i + 1;
  }
  free(t->index);
  t->index = index;
  t->buckets = buckets;
}

/* The counts of a name, created on first sight. */
static entity_count *counts_of(tl_tally *t, tl_named named) {
  size_t b = (size_t)hash_name(named.name) & (t->buckets - 1);
  for (; t->index[b]; b = (b + 1) & (t->buckets - 1))
    if (strcmp(t->counts[t->index[b] - 1].name, named.name) == 0)
      return &t->counts[t->index[b] - 1];
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 256;
    t->counts = tl_xrealloc(t->counts, t->cap * sizeof *t->counts);
  }
  entity_count *c = &t->counts[t->n];
  memset(c, 0, sizeof *c);
  c->name = tl_strdup(named.name);
  c->type = tl_strdup(named.type);
  c->parent = tl_strdup(named.parent);
  t->index[b] = ++t->n;
  if (t->n * 2 > t->buckets)
    grow_index(t);
  return c;
}

void tl_tally_add(tl_tally *t, int doc, const tl_digest *d, const tl_extraction *x) {
  for (size_t i = 0; i < x->n_mentions; i++) {
    entity_count *c = counts_of(t, tl_mention_named(t->lx, &x->mentions[i]));
    c->mentions++;
    if (c->last_doc != doc) {
      if (c->documents == 0 || tl_date_cmp(d->date, c->first) < 0)
        c->first = d->date;
      if (c->documents == 0 || tl_date_cmp(d->date, c->last) > 0)
        c->last = d->date;
      c->documents++;
      c->last_doc = doc;
    }
    int item = x->mentions[i].item;
    if (item > 0 && (c->last_item_doc != doc || c->last_item != item)) {
      c->items++;
      c->last_item_doc = doc;
      c->last_item = item;
    }
  }
}

static int by_mentions(const void *a, const void *b) {
  const entity_count *x = *(const entity_count *const *)a, *y = *(const entity_count *const *)b;
  if (x->mentions != y->mentions)
    return x->mentions > y->mentions ? -1 : 1;
  return strcmp(x->name, y->name);
}

void tl_tally_write(const tl_tally *t, tl_table *table) {
  const entity_count **order = tl_xmalloc((t->n ? t->n : 1) * sizeof *order);
  for (size_t i = 0; i < t->n; i++)
    order[i] = &t->counts[i];
  qsort(order, t->n, sizeof *order, by_mentions);
  for (size_t i = 0; i < t->n; i++) {
    const entity_count *c = order[i];
    char first[11], last[11];
    tl_table_text(table, c->name);
    tl_table_text(table, c->type);
    tl_table_text(table, c->parent);
    tl_table_int(table, c->mentions);
    tl_table_int(table, c->items);
    tl_table_int(table, c->documents);
    tl_table_text(table, tl_date_format(c->first, first));
    tl_table_text(table, tl_date_format(c->last, last));
    tl_table_end_row(table);
  }
  free(order);
}
