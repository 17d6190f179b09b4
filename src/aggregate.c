#include "aggregate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "keymap.h"
#include "stats.h"
#include "table.h"

/* Days are keyed by their number since 1970 plus this, to stay positive. */
#define DAY_OFFSET 1000000

typedef struct {
  char *type, *parent;
  long mentions, items, documents;
  int last_doc;
  tl_date first, last;
} entity_info;

typedef struct {
  long mentions, items;
} day_cell;

struct tl_aggregator {
  tl_agg_options opt;
  tl_names allowed; /* --entity names; empty = all */
  tl_names names;   /* entity names: id = position */
  entity_info *entity;
  tl_keymap days; /* day number -> day index */
  tl_date *day_date;
  long *day_items;
  tl_keymap cells; /* (day index << 32 | entity) -> cell index */
  day_cell *cell;
  tl_keymap pairs; /* (entity a << 32 | entity b), a < b by id -> pair index */
  long *pair_items;
  tl_keymap amount_weeks; /* (week key << 32 | entity) -> index */
  long *amount_count;
  double *amount_usd;
};

/* Grows an array kept parallel to a keymap so that index `count - 1`
 * exists: it doubles whenever count reaches a power of two (1, 2, 4 …). */
static void *fit(void *array, size_t count, size_t size) {
  if (count == 0 || (count & (count - 1)) != 0)
    return array;
  return tl_xrealloc(array, count * 2 * size);
}

static uint32_t week_key(tl_date d) {
  int year, week;
  tl_date_iso_week(d, &year, &week);
  return (uint32_t)(year * 100 + week);
}

tl_aggregator *tl_aggregator_new(const tl_agg_options *opt) {
  tl_aggregator *a = tl_xcalloc(1, sizeof *a);
  a->opt = *opt;
  if (a->opt.top <= 0)
    a->opt.top = 20;
  if (a->opt.min_pair <= 0)
    a->opt.min_pair = 2;
  if (a->opt.baseline_weeks <= 0)
    a->opt.baseline_weeks = TL_STATS_WINDOW;
  for (size_t i = 0; i < opt->n_entities; i++)
    tl_names_get(&a->allowed, opt->entities[i], NULL);
  a->opt.entities = NULL;
  tl_stats_init();
  return a;
}

void tl_aggregator_free(tl_aggregator *a) {
  if (!a)
    return;
  for (size_t i = 0; i < a->names.count; i++) {
    free(a->entity[i].type);
    free(a->entity[i].parent);
  }
  free(a->entity);
  tl_names_free(&a->names);
  tl_names_free(&a->allowed);
  tl_keymap_free(&a->days);
  free(a->day_date);
  free(a->day_items);
  tl_keymap_free(&a->cells);
  free(a->cell);
  tl_keymap_free(&a->pairs);
  free(a->pair_items);
  tl_keymap_free(&a->amount_weeks);
  free(a->amount_count);
  free(a->amount_usd);
  free(a);
}

static size_t entity_id(tl_aggregator *a, const char *name, const char *type, const char *parent) {
  int created;
  size_t id = tl_names_get(&a->names, name, &created);
  if (created) {
    a->entity = fit(a->entity, a->names.count, sizeof *a->entity);
    memset(&a->entity[id], 0, sizeof a->entity[id]);
    a->entity[id].type = tl_strdup(type);
    a->entity[id].parent = tl_strdup(parent);
  }
  return id;
}

static day_cell *cell_of(tl_aggregator *a, size_t day, size_t entity) {
  int created;
  size_t c = tl_keymap_get(&a->cells, (uint64_t)day << 32 | entity, &created);
  if (created) {
    a->cell = fit(a->cell, a->cells.count, sizeof *a->cell);
    a->cell[c] = (day_cell){0, 0};
  }
  return &a->cell[c];
}

/* (item, entity) pairs of one document, sorted, for "distinct" counts. */
typedef struct {
  int item;
  size_t entity;
} item_entity;

static int by_item_entity(const void *x, const void *y) {
  const item_entity *p = x, *q = y;
  if (p->item != q->item)
    return p->item < q->item ? -1 : 1;
  return p->entity < q->entity ? -1 : p->entity > q->entity;
}

static void count_pair(tl_aggregator *a, size_t e1, size_t e2) {
  uint64_t key = e1 < e2 ? (uint64_t)e1 << 32 | e2 : (uint64_t)e2 << 32 | e1;
  int created;
  size_t p = tl_keymap_get(&a->pairs, key, &created);
  if (created) {
    a->pair_items = fit(a->pair_items, a->pairs.count, sizeof *a->pair_items);
    a->pair_items[p] = 0;
  }
  a->pair_items[p]++;
}

static void count_amounts(tl_aggregator *a, const tl_agg_document *d) {
  uint64_t week = week_key(d->date);
  for (size_t i = 0; i < d->n_amounts; i++) {
    const tl_agg_amount *am = &d->amounts[i];
    if (!am->is_amount)
      continue;
    double usd = *am->usd ? strtod(am->usd, NULL) : 0.0;
    const char *s = am->entities;
    while (*s) {
      size_t len = strcspn(s, ";");
      char *name = tl_strndup(s, len);
      size_t e = tl_names_find(&a->names, name);
      free(name);
      s += len + (s[len] == ';');
      if (e == SIZE_MAX)
        continue; /* every name of an amount is a mention of its document */
      int created;
      size_t k = tl_keymap_get(&a->amount_weeks, week << 32 | e, &created);
      if (created) {
        a->amount_count = fit(a->amount_count, a->amount_weeks.count, sizeof *a->amount_count);
        a->amount_usd = fit(a->amount_usd, a->amount_weeks.count, sizeof *a->amount_usd);
        a->amount_count[k] = 0;
        a->amount_usd[k] = 0;
      }
      a->amount_count[k]++;
      a->amount_usd[k] += usd;
    }
  }
}

void tl_aggregator_add(tl_aggregator *a, const tl_agg_document *d) {
  int created;
  size_t day = tl_keymap_get(&a->days, (uint64_t)(tl_date_to_days(d->date) + DAY_OFFSET), &created);
  if (created) {
    a->day_date = fit(a->day_date, a->days.count, sizeof *a->day_date);
    a->day_items = fit(a->day_items, a->days.count, sizeof *a->day_items);
    a->day_date[day] = d->date;
    a->day_items[day] = 0;
  }
  a->day_items[day] += d->items;

  item_entity *seen = tl_xmalloc((d->n_mentions ? d->n_mentions : 1) * sizeof *seen);
  size_t n_seen = 0;
  for (size_t i = 0; i < d->n_mentions; i++) {
    const tl_agg_mention *m = &d->mentions[i];
    size_t e = entity_id(a, m->name, m->type, m->parent);
    entity_info *info = &a->entity[e];
    info->mentions++;
    cell_of(a, day, e)->mentions++;
    if (info->last_doc != d->doc || info->documents == 0) {
      if (info->documents == 0 || tl_date_cmp(d->date, info->first) < 0)
        info->first = d->date;
      if (info->documents == 0 || tl_date_cmp(d->date, info->last) > 0)
        info->last = d->date;
      info->documents++;
      info->last_doc = d->doc;
    }
    if (m->item > 0)
      seen[n_seen++] = (item_entity){m->item, e};
  }
  qsort(seen, n_seen, sizeof *seen, by_item_entity);
  size_t unique = 0;
  for (size_t i = 0; i < n_seen; i++)
    if (unique == 0 || by_item_entity(&seen[unique - 1], &seen[i]) != 0)
      seen[unique++] = seen[i];
  for (size_t i = 0; i < unique; i++) {
    cell_of(a, day, seen[i].entity)->items++;
    a->entity[seen[i].entity].items++;
  }
  /* every pair of entities named in one news item */
  for (size_t g = 0; g < unique;) {
    size_t end = g;
    while (end < unique && seen[end].item == seen[g].item)
      end++;
    for (size_t i = g; i < end; i++)
      for (size_t j = i + 1; j < end; j++)
        count_pair(a, seen[i].entity, seen[j].entity);
    g = end;
  }
  free(seen);
  count_amounts(a, d);
}

/* ---- writing ---- */

static int allowed(const tl_aggregator *a, size_t e) {
  return a->allowed.count == 0 || tl_names_find(&a->allowed, a->names.names[e]) != SIZE_MAX;
}

static const tl_aggregator *sorting; /* for the comparators below; writing is single-threaded */

static int by_name(const void *x, const void *y) {
  return strcmp(sorting->names.names[*(const size_t *)x], sorting->names.names[*(const size_t *)y]);
}

static int by_mentions(const void *x, const void *y) {
  const entity_info *p = &sorting->entity[*(const size_t *)x], *q = &sorting->entity[*(const size_t *)y];
  if (p->mentions != q->mentions)
    return p->mentions > q->mentions ? -1 : 1;
  return by_name(x, y);
}

static int by_day(const void *x, const void *y) {
  return tl_date_cmp(sorting->day_date[*(const size_t *)x], sorting->day_date[*(const size_t *)y]);
}

/* Entities in an order, --entity applied; *n set. The caller frees. */
static size_t *entities_sorted(const tl_aggregator *a, int (*order)(const void *, const void *), size_t *n) {
  size_t *ids = tl_xmalloc((a->names.count + 1) * sizeof *ids);
  *n = 0;
  for (size_t e = 0; e < a->names.count; e++)
    if (allowed(a, e))
      ids[(*n)++] = e;
  sorting = a;
  qsort(ids, *n, sizeof *ids, order);
  return ids;
}

static void write_entities(const tl_aggregator *a, tl_table *t) {
  size_t n, *ids = entities_sorted(a, by_mentions, &n);
  for (size_t i = 0; i < n; i++) {
    const entity_info *info = &a->entity[ids[i]];
    char first[11], last[11];
    tl_table_text(t, a->names.names[ids[i]]);
    tl_table_text(t, info->type);
    tl_table_text(t, info->parent);
    tl_table_int(t, info->mentions);
    tl_table_int(t, info->items);
    tl_table_int(t, info->documents);
    tl_table_text(t, tl_date_format(info->first, first));
    tl_table_text(t, tl_date_format(info->last, last));
    tl_table_end_row(t);
  }
  free(ids);
}

static void write_daily(const tl_aggregator *a, tl_table *t) {
  size_t n_days = a->days.count, n_ent, *days = tl_xmalloc((n_days + 1) * sizeof *days);
  for (size_t i = 0; i < n_days; i++)
    days[i] = i;
  sorting = a;
  qsort(days, n_days, sizeof *days, by_day);
  size_t *ents = entities_sorted(a, by_name, &n_ent);
  for (size_t i = 0; i < n_days; i++) {
    char date[11];
    tl_date_format(a->day_date[days[i]], date);
    for (size_t j = 0; j < n_ent; j++) {
      size_t c = tl_keymap_find(&a->cells, (uint64_t)days[i] << 32 | ents[j]);
      if (c == SIZE_MAX)
        continue;
      tl_table_text(t, date);
      tl_table_text(t, a->names.names[ents[j]]);
      tl_table_int(t, a->cell[c].mentions);
      tl_table_int(t, a->cell[c].items);
      tl_table_number(t, tl_stats_share(a->cell[c].items, a->day_items[days[i]]), 10);
      tl_table_end_row(t);
    }
  }
  free(ents);
  free(days);
}

static void write_timeline(const tl_aggregator *a, const char *dir, int excel, int *failed) {
  size_t n_ent, *ents = entities_sorted(a, by_mentions, &n_ent);
  if (n_ent > (size_t)a->opt.top)
    n_ent = (size_t)a->opt.top;
  const char **columns = tl_xmalloc((n_ent + 2) * sizeof *columns);
  columns[0] = "date";
  for (size_t j = 0; j < n_ent; j++)
    columns[j + 1] = a->names.names[ents[j]];
  columns[n_ent + 1] = NULL;
  tl_table *t = tl_table_open(dir, "timeline_wide.csv", columns, excel);
  if (t) {
    size_t n_days = a->days.count, *days = tl_xmalloc((n_days + 1) * sizeof *days);
    for (size_t i = 0; i < n_days; i++)
      days[i] = i;
    sorting = a;
    qsort(days, n_days, sizeof *days, by_day);
    for (size_t i = 0; i < n_days; i++) {
      char date[11];
      tl_table_text(t, tl_date_format(a->day_date[days[i]], date));
      for (size_t j = 0; j < n_ent; j++) {
        size_t c = tl_keymap_find(&a->cells, (uint64_t)days[i] << 32 | ents[j]);
        tl_table_int(t, c == SIZE_MAX ? 0 : a->cell[c].mentions);
      }
      tl_table_end_row(t);
    }
    free(days);
  }
  if (!t || tl_table_commit(t) < 0)
    *failed = 1;
  free(columns);
  free(ents);
}

/* Weeks with digests, in date order, with their news items. */
typedef struct {
  uint32_t key;
  long items;
} week_total;

static int by_week(const void *x, const void *y) {
  uint32_t p = ((const week_total *)x)->key, q = ((const week_total *)y)->key;
  return p < q ? -1 : p > q;
}

static size_t week_index(const week_total *weeks, size_t n, uint32_t key) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (weeks[mid].key < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* "YYYY-Www" from a week key; buf has room for 16 bytes. */
static void week_label(uint32_t key, char *buf) { snprintf(buf, 16, "%04u-W%02u", key / 100 % 10000, key % 100); }

static void write_weekly(const tl_aggregator *a, tl_table *t) {
  /* the weeks with digests */
  week_total *weeks = tl_xmalloc((a->days.count + 1) * sizeof *weeks);
  size_t n_weeks = 0;
  for (size_t d = 0; d < a->days.count; d++)
    weeks[n_weeks++] = (week_total){week_key(a->day_date[d]), a->day_items[d]};
  qsort(weeks, n_weeks, sizeof *weeks, by_week);
  size_t w = 0;
  for (size_t i = 0; i < n_weeks; i++) {
    if (w && weeks[w - 1].key == weeks[i].key)
      weeks[w - 1].items += weeks[i].items;
    else
      weeks[w++] = weeks[i];
  }
  n_weeks = w;
  /* per entity and week: mentions and items, then shares */
  size_t n_ent = a->names.count, cells = n_ent * n_weeks;
  long *mentions = tl_xcalloc(cells + 1, sizeof *mentions), *items = tl_xcalloc(cells + 1, sizeof *items);
  for (size_t c = 0; c < a->cells.count; c++) {
    size_t day = (size_t)(a->cells.keys[c] >> 32), e = (size_t)(a->cells.keys[c] & 0xffffffffu);
    size_t wi = week_index(weeks, n_weeks, week_key(a->day_date[day]));
    mentions[e * n_weeks + wi] += a->cell[c].mentions;
    items[e * n_weeks + wi] += a->cell[c].items;
  }
  double *share = tl_xmalloc((cells + 1) * sizeof *share);
  for (size_t e = 0; e < n_ent; e++)
    for (size_t i = 0; i < n_weeks; i++)
      share[e * n_weeks + i] = tl_stats_share(items[e * n_weeks + i], weeks[i].items);
  size_t n_sorted, *ents = entities_sorted(a, by_name, &n_sorted);
  for (size_t i = 0; i < n_weeks; i++) {
    char label[16];
    week_label(weeks[i].key, label);
    for (size_t j = 0; j < n_sorted; j++) {
      size_t e = ents[j];
      size_t first = week_index(weeks, n_weeks, week_key(a->entity[e].first));
      if (i < first)
        continue;
      tl_trend trend;
      tl_stats_trend(&share[e * n_weeks], n_weeks, first, i, (size_t)a->opt.baseline_weeks, &trend);
      tl_table_text(t, label);
      tl_table_text(t, a->names.names[e]);
      tl_table_int(t, mentions[e * n_weeks + i]);
      tl_table_int(t, items[e * n_weeks + i]);
      tl_table_number(t, trend.share, 10);
      if (trend.has_change)
        tl_table_number(t, trend.change, 10);
      else
        tl_table_empty(t);
      if (trend.has_zscore)
        tl_table_number(t, trend.zscore, 10);
      else
        tl_table_empty(t);
      if (trend.has_slope)
        tl_table_number(t, trend.slope, 10);
      else
        tl_table_empty(t);
      tl_table_end_row(t);
    }
  }
  free(ents);
  free(share);
  free(mentions);
  free(items);
  free(weeks);
}

typedef struct {
  size_t a, b; /* a before b by name */
  long n_ab;
  tl_association s;
} pair_row;

static int by_strength(const void *x, const void *y) {
  const pair_row *p = x, *q = y;
  if (p->s.g2 != q->s.g2)
    return p->s.g2 > q->s.g2 ? -1 : 1;
  int c = strcmp(sorting->names.names[p->a], sorting->names.names[q->a]);
  return c ? c : strcmp(sorting->names.names[p->b], sorting->names.names[q->b]);
}

static void write_cooccurrence(const tl_aggregator *a, tl_table *t) {
  long n_items = 0;
  for (size_t d = 0; d < a->days.count; d++)
    n_items += a->day_items[d];
  pair_row *rows = tl_xmalloc((a->pairs.count + 1) * sizeof *rows);
  size_t n = 0;
  for (size_t p = 0; p < a->pairs.count; p++) {
    if (a->pair_items[p] < a->opt.min_pair)
      continue;
    size_t e1 = (size_t)(a->pairs.keys[p] >> 32), e2 = (size_t)(a->pairs.keys[p] & 0xffffffffu);
    if (!allowed(a, e1) && !allowed(a, e2))
      continue;
    if (strcmp(a->names.names[e1], a->names.names[e2]) > 0) {
      size_t swap = e1;
      e1 = e2;
      e2 = swap;
    }
    pair_row r = {e1, e2, a->pair_items[p], {0, 0, 0, 0}};
    if (tl_stats_association(r.n_ab, a->entity[e1].items, a->entity[e2].items, n_items, &r.s) == 0)
      rows[n++] = r;
  }
  sorting = a;
  qsort(rows, n, sizeof *rows, by_strength);
  for (size_t i = 0; i < n; i++) {
    tl_table_text(t, a->names.names[rows[i].a]);
    tl_table_text(t, a->names.names[rows[i].b]);
    tl_table_int(t, rows[i].n_ab);
    tl_table_int(t, a->entity[rows[i].a].items);
    tl_table_int(t, a->entity[rows[i].b].items);
    tl_table_number(t, rows[i].s.pmi, 10);
    tl_table_number(t, rows[i].s.npmi, 10);
    tl_table_number(t, rows[i].s.g2, 10);
    tl_table_number(t, rows[i].s.p_value, 12);
    tl_table_end_row(t);
  }
  free(rows);
}

static int by_week_then_name(const void *x, const void *y) {
  uint64_t p = sorting->amount_weeks.keys[*(const size_t *)x], q = sorting->amount_weeks.keys[*(const size_t *)y];
  if (p >> 32 != q >> 32)
    return (p >> 32) < (q >> 32) ? -1 : 1;
  return strcmp(sorting->names.names[p & 0xffffffffu], sorting->names.names[q & 0xffffffffu]);
}

static void write_amounts_weekly(const tl_aggregator *a, tl_table *t) {
  size_t n = 0, *rows = tl_xmalloc((a->amount_weeks.count + 1) * sizeof *rows);
  for (size_t k = 0; k < a->amount_weeks.count; k++)
    if (allowed(a, (size_t)(a->amount_weeks.keys[k] & 0xffffffffu)))
      rows[n++] = k;
  sorting = a;
  qsort(rows, n, sizeof *rows, by_week_then_name);
  for (size_t i = 0; i < n; i++) {
    uint64_t key = a->amount_weeks.keys[rows[i]];
    char label[16];
    week_label((uint32_t)(key >> 32), label);
    tl_table_text(t, label);
    tl_table_text(t, a->names.names[key & 0xffffffffu]);
    tl_table_int(t, a->amount_count[rows[i]]);
    tl_table_number(t, a->amount_usd[rows[i]], 2);
    tl_table_end_row(t);
  }
  free(rows);
}

static const char *const entity_columns[] = {"entity",    "type",      "parent",     "mentions", "items",
                                             "documents", "first_date", "last_date", NULL};
static const char *const daily_columns[] = {"date", "entity", "mentions", "items", "share", NULL};
static const char *const weekly_columns[] = {"week",  "entity", "mentions", "items",
                                             "share", "change", "zscore",   "slope", NULL};
static const char *const pair_columns[] = {"entity_a", "entity_b", "items", "items_a", "items_b",
                                           "pmi",      "npmi",     "g2",    "p_value", NULL};
static const char *const amount_week_columns[] = {"week", "entity", "amounts", "usd", NULL};

int tl_aggregator_write(const tl_aggregator *a, const char *dir, int excel) {
  static const struct {
    const char *name;
    const char *const *columns;
    void (*write)(const tl_aggregator *, tl_table *);
  } tables[] = {
      {"entities.csv", entity_columns, write_entities},
      {"daily.csv", daily_columns, write_daily},
      {"weekly.csv", weekly_columns, write_weekly},
      {"cooccurrence.csv", pair_columns, write_cooccurrence},
      {"amounts_weekly.csv", amount_week_columns, write_amounts_weekly},
  };
  int failed = 0;
  for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
    tl_table *t = tl_table_open(dir, tables[i].name, tables[i].columns, excel);
    if (!t) {
      failed = 1;
      continue;
    }
    tables[i].write(a, t);
    if (tl_table_commit(t) < 0)
      failed = 1;
  }
  write_timeline(a, dir, excel, &failed);
  return failed ? -1 : 0;
}
