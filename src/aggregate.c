#include "aggregate.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
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

/* A name no dictionary knows, as counted for candidates.csv. */
typedef struct {
  char *surface, *example; /* one allocation: see describe_unknown */
  long mentions, documents;
  int last_doc;
  tl_date first;
} unknown_info;

/* What one document contributes, per entity, spilled to a temporary file
 * so that memory does not grow with the corpus; replayed in date order. */
typedef struct {
  uint32_t entity;
  uint32_t mentions, items;  /* items: distinct news items naming it */
  uint32_t amounts;          /* amounts (kind amount) naming it */
  double usd;                /* their USD total */
} spill_entry;

typedef struct {
  uint32_t day;    /* day index */
  uint32_t n;      /* entries that follow */
  uint64_t offset; /* where the entries are in the spill file */
} spill_doc;

/* (item, entity) pairs of one document, sorted, for "distinct" counts. */
typedef struct {
  int item;
  size_t entity;
} item_entity;

struct tl_aggregator {
  tl_agg_options opt;
  tl_names allowed; /* --entity names; empty = all */
  tl_names names;   /* entity names: id = position */
  entity_info *entity;
  tl_keymap days; /* day number -> day index */
  tl_date *day_date;
  long *day_items;
  tl_keymap pairs; /* (entity a << 32 | entity b), a < b by id -> pair index */
  long *pair_items;
  FILE *spill;     /* per-document entries; NULL when it could not be made */
  uint64_t spilled; /* bytes written to it */
  spill_doc *docs;
  size_t n_docs;
  tl_names unknown_keys; /* candidates: key -> index */
  unknown_info *unknown;
  int failed;      /* the spill file failed: the tables cannot be written */
  /* tl_aggregator_add's working memory, kept from document to document */
  spill_entry *entries; /* the document's entries, in first-seen order */
  size_t n_entries, cap_entries;
  size_t *slot;         /* per entity: its place in `entries`, if it has one */
  item_entity *seen;
  size_t cap_seen;
  tl_buf scratch;       /* one name of an amount */
};

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
  tl_buf_init(&a->scratch);
  a->spill = tmpfile();
  if (!a->spill) {
    tl_diag(NULL, 0, "cannot create a temporary file for the aggregates: %s", strerror(errno));
    a->failed = 1;
  }
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
  tl_keymap_free(&a->pairs);
  free(a->pair_items);
  if (a->spill)
    fclose(a->spill);
  free(a->docs);
  for (size_t i = 0; i < a->unknown_keys.count; i++) {
    free(a->unknown[i].surface); /* and the example with it */
  }
  free(a->unknown);
  tl_names_free(&a->unknown_keys);
  free(a->entries);
  free(a->slot);
  free(a->seen);
  tl_buf_free(&a->scratch);
  free(a);
}

static size_t entity_id(tl_aggregator *a, const char *name, const char *type, const char *parent) {
  int created;
  size_t id = tl_names_get(&a->names, name, &created);
  if (created) {
    a->entity = tl_xgrow_counted(a->entity, a->names.count, sizeof *a->entity);
    memset(&a->entity[id], 0, sizeof a->entity[id]);
    a->entity[id].type = tl_strdup(type);
    a->entity[id].parent = tl_strdup(parent);
    a->slot = tl_xgrow_counted(a->slot, a->names.count, sizeof *a->slot);
    a->slot[id] = SIZE_MAX;
  }
  return id;
}

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
    a->pair_items = tl_xgrow_counted(a->pair_items, a->pairs.count, sizeof *a->pair_items);
    a->pair_items[p] = 0;
  }
  a->pair_items[p]++;
}

/* The entry of `entity` among this document's entries (created empty).
 * slot[] remembers where each entity's entry is; a slot left over from an
 * earlier document points past the entries or at another entity, so it is
 * checked rather than cleared. */
static spill_entry *entry_of(tl_aggregator *a, size_t entity) {
  size_t at = a->slot[entity];
  if (at < a->n_entries && a->entries[at].entity == entity)
    return &a->entries[at];
  if (a->n_entries == a->cap_entries) {
    a->cap_entries = a->cap_entries ? a->cap_entries * 2 : 16;
    a->entries = tl_xrealloc(a->entries, a->cap_entries * sizeof *a->entries);
  }
  a->slot[entity] = a->n_entries;
  a->entries[a->n_entries] = (spill_entry){(uint32_t)entity, 0, 0, 0, 0.0};
  return &a->entries[a->n_entries++];
}

static void count_amounts(tl_aggregator *a, const tl_agg_document *d) {
  for (size_t i = 0; i < d->n_amounts; i++) {
    const tl_agg_amount *am = &d->amounts[i];
    if (!am->is_amount)
      continue;
    double usd = *am->usd ? strtod(am->usd, NULL) : 0.0;
    const char *s = am->entities;
    while (*s) {
      size_t len = strcspn(s, ";");
      tl_buf_reset(&a->scratch);
      size_t e = tl_buf_add(&a->scratch, s, len) == 0 ? tl_names_find(&a->names, a->scratch.data) : SIZE_MAX;
      s += len + (s[len] == ';');
      if (e == SIZE_MAX)
        continue; /* every name of an amount is a mention of its document */
      spill_entry *entry = entry_of(a, e);
      entry->amounts++;
      entry->usd += usd;
    }
  }
}

/* A new candidate's surface and example ("path:line: context" of its first
 * sighting), both in one allocation: `surface` is freed, `example` points
 * into it. */
static void describe_unknown(unknown_info *info, const char *path, const tl_agg_unknown *u) {
  char digits[24], *p = digits + sizeof digits;
  unsigned long n = u->line < 0 ? 0UL - (unsigned long)u->line : (unsigned long)u->line;
  do
    *--p = (char)('0' + n % 10);
  while (n /= 10);
  if (u->line < 0)
    *--p = '-';
  size_t n_surface = strlen(u->surface) + 1, n_path = strlen(path), n_line = (size_t)(digits + sizeof digits - p),
         n_context = strlen(u->context) + 1;
  char *s = tl_xmalloc(n_surface + n_path + 1 + n_line + 2 + n_context), *e = s + n_surface;
  memcpy(s, u->surface, n_surface);
  memcpy(e, path, n_path);
  e[n_path] = ':';
  memcpy(e + n_path + 1, p, n_line);
  memcpy(e + n_path + 1 + n_line, ": ", 2);
  memcpy(e + n_path + 1 + n_line + 2, u->context, n_context);
  info->surface = s;
  info->example = e;
}

static void count_unknowns(tl_aggregator *a, const tl_agg_document *d) {
  for (size_t i = 0; i < d->n_unknowns; i++) {
    const tl_agg_unknown *u = &d->unknowns[i];
    int created;
    size_t k = tl_names_get(&a->unknown_keys, u->key, &created);
    if (created) {
      a->unknown = tl_xgrow_counted(a->unknown, a->unknown_keys.count, sizeof *a->unknown);
      a->unknown[k] = (unknown_info){NULL, NULL, 0, 0, 0, d->date};
      describe_unknown(&a->unknown[k], d->path, u);
    }
    unknown_info *info = &a->unknown[k];
    info->mentions++;
    if (info->last_doc != d->doc || info->documents == 0) {
      info->documents++;
      info->last_doc = d->doc;
      if (tl_date_cmp(d->date, info->first) < 0)
        info->first = d->date;
    }
  }
}

void tl_aggregator_add(tl_aggregator *a, const tl_agg_document *d) {
  int created;
  size_t day = tl_keymap_get(&a->days, (uint64_t)(tl_date_to_days(d->date) + DAY_OFFSET), &created);
  if (created) {
    a->day_date = tl_xgrow_counted(a->day_date, a->days.count, sizeof *a->day_date);
    a->day_items = tl_xgrow_counted(a->day_items, a->days.count, sizeof *a->day_items);
    a->day_date[day] = d->date;
    a->day_items[day] = 0;
  }
  a->day_items[day] += d->items;

  a->n_entries = 0;
  if (d->n_mentions > a->cap_seen) {
    a->cap_seen = d->n_mentions;
    a->seen = tl_xrealloc(a->seen, a->cap_seen * sizeof *a->seen);
  }
  item_entity *seen = a->seen;
  size_t n_seen = 0;
  for (size_t i = 0; i < d->n_mentions; i++) {
    const tl_agg_mention *m = &d->mentions[i];
    size_t e = entity_id(a, m->name, m->type, m->parent);
    entity_info *info = &a->entity[e];
    info->mentions++;
    entry_of(a, e)->mentions++;
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
  if (n_seen > 1) /* seen is NULL until a document has mentions */
    qsort(seen, n_seen, sizeof *seen, by_item_entity);
  size_t unique = 0;
  for (size_t i = 0; i < n_seen; i++)
    if (unique == 0 || by_item_entity(&seen[unique - 1], &seen[i]) != 0)
      seen[unique++] = seen[i];
  for (size_t i = 0; i < unique; i++) {
    entry_of(a, seen[i].entity)->items++;
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
  count_amounts(a, d);
  count_unknowns(a, d);

  /* the document's share of the date-ordered tables goes to the spill file */
  a->n_docs++;
  a->docs = tl_xgrow_counted(a->docs, a->n_docs, sizeof *a->docs);
  a->docs[a->n_docs - 1] = (spill_doc){(uint32_t)day, (uint32_t)a->n_entries, a->spilled};
  if (a->spill && a->n_entries) {
    if (fwrite(a->entries, sizeof *a->entries, a->n_entries, a->spill) != a->n_entries)
      a->failed = 1;
    a->spilled += a->n_entries * sizeof *a->entries;
  }
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
    tl_table_text(t, a->names.names[ids[i]]);
    tl_table_text(t, info->type);
    tl_table_text(t, info->parent);
    tl_table_int(t, info->mentions);
    tl_table_int(t, info->items);
    tl_table_int(t, info->documents);
    tl_table_date(t, info->first);
    tl_table_date(t, info->last);
    tl_table_end_row(t);
  }
  free(ids);
}

static void week_label(uint32_t key, char *buf) { snprintf(buf, 16, "%04u-W%02u", key / 100 % 10000, key % 100); }

static int by_spill_day(const void *x, const void *y) {
  const spill_doc *p = x, *q = y;
  int c = tl_date_cmp(sorting->day_date[p->day], sorting->day_date[q->day]);
  if (c)
    return c;
  return p->offset < q->offset ? -1 : p->offset > q->offset;
}

/* Counts of one entity in the day or week being replayed. */
typedef struct {
  long mentions, items, amounts;
  double usd;
} period_count;

/* Everything the date-ordered pass keeps: per entity, the day's and the
 * week's counts and a ring of its last K weekly shares. Sized by the number
 * of entities, not by the corpus. */
typedef struct {
  const tl_aggregator *a;
  size_t n;                  /* entities */
  size_t *rank;              /* position of each entity in name order (SIZE_MAX: filtered out) */
  size_t *by_rank;           /* entity at each position */
  size_t n_ranked;
  period_count *day, *week;
  size_t *day_touched, n_day_touched;
  double *ring;              /* K shares a row, oldest first once full */
  size_t k, weeks_done;
  uint32_t *first_week;      /* week key of each entity's first mention */
} replay_state;

static const size_t *sort_rank; /* by_entity_rank's key, like `sorting` */

/* Entity ids by their position in name order. */
static int by_entity_rank(const void *x, const void *y) {
  size_t p = sort_rank[*(const size_t *)x], q = sort_rank[*(const size_t *)y];
  return p < q ? -1 : p > q;
}

static void close_day(replay_state *r, size_t day, tl_table *daily, tl_table *timeline, const size_t *top,
                      size_t n_top) {
  const tl_aggregator *a = r->a;
  tl_date date = a->day_date[day];
  sort_rank = r->rank;
  qsort(r->day_touched, r->n_day_touched, sizeof *r->day_touched, by_entity_rank);
  for (size_t i = 0; i < r->n_day_touched; i++) {
    size_t e = r->day_touched[i];
    if (r->rank[e] == SIZE_MAX || r->day[e].mentions == 0)
      continue;
    tl_table_date(daily, date);
    tl_table_text(daily, a->names.names[e]);
    tl_table_int(daily, r->day[e].mentions);
    tl_table_int(daily, r->day[e].items);
    tl_table_number(daily, tl_stats_share(r->day[e].items, a->day_items[day]), 10);
    tl_table_end_row(daily);
  }
  tl_table_date(timeline, date);
  for (size_t j = 0; j < n_top; j++)
    tl_table_int(timeline, r->day[top[j]].mentions);
  tl_table_end_row(timeline);
  for (size_t i = 0; i < r->n_day_touched; i++)
    r->day[r->day_touched[i]] = (period_count){0, 0, 0, 0.0};
  r->n_day_touched = 0;
}

static void close_week(replay_state *r, uint32_t key, long n_items, tl_table *weekly, tl_table *amounts) {
  const tl_aggregator *a = r->a;
  char label[16];
  week_label(key, label);
  size_t k = r->k, have = r->weeks_done < k ? r->weeks_done : k;
  double *points = tl_xmalloc((k + 1) * sizeof *points);
  for (size_t j = 0; j < r->n_ranked; j++) {
    size_t e = r->by_rank[j];
    if (r->first_week[e] > key)
      continue;
    const double *ring = &r->ring[e * k];
    double share = tl_stats_share(r->week[e].items, n_items), z, slope;
    tl_table_text(weekly, label);
    tl_table_text(weekly, a->names.names[e]);
    tl_table_int(weekly, r->week[e].mentions);
    tl_table_int(weekly, r->week[e].items);
    tl_table_number(weekly, share, 10);
    if (r->first_week[e] < key && have > 0) /* change: not in the entity's first week */
      tl_table_number(weekly, share - ring[k - 1], 10);
    else
      tl_table_empty(weekly);
    if (tl_stats_zscore(ring + (k - have), have, share, &z) == 0)
      tl_table_number(weekly, z, 10);
    else
      tl_table_empty(weekly);
    size_t n_points = have < k ? have : k - 1; /* the last K weeks including this one */
    memcpy(points, ring + (k - n_points), n_points * sizeof *points);
    points[n_points] = share;
    if (tl_stats_slope(points, n_points + 1, &slope) == 0)
      tl_table_number(weekly, slope, 10);
    else
      tl_table_empty(weekly);
    tl_table_end_row(weekly);
    if (r->week[e].amounts) {
      tl_table_text(amounts, label);
      tl_table_text(amounts, a->names.names[e]);
      tl_table_int(amounts, r->week[e].amounts);
      tl_table_number(amounts, r->week[e].usd, 2);
      tl_table_end_row(amounts);
    }
  }
  free(points);
  /* every entity's share moves into its ring, 0 where it was not named */
  for (size_t e = 0; e < r->n; e++) {
    double *ring = &r->ring[e * k];
    memmove(ring, ring + 1, (k - 1) * sizeof *ring);
    ring[k - 1] = tl_stats_share(r->week[e].items, n_items);
    r->week[e] = (period_count){0, 0, 0, 0.0};
  }
  r->weeks_done++;
}

/* Replays the spilled documents in date order into daily.csv, weekly.csv,
 * timeline_wide.csv and amounts_weekly.csv. */
static int replay(const tl_aggregator *a, tl_table *daily, tl_table *weekly, tl_table *timeline, tl_table *amounts,
                  const size_t *top, size_t n_top) {
  replay_state r;
  memset(&r, 0, sizeof r);
  r.a = a;
  r.n = a->names.count;
  r.k = (size_t)a->opt.baseline_weeks;
  r.rank = tl_xmalloc((r.n + 1) * sizeof *r.rank);
  r.by_rank = tl_xmalloc((r.n + 1) * sizeof *r.by_rank);
  for (size_t e = 0; e < r.n; e++)
    if (allowed(a, e))
      r.by_rank[r.n_ranked++] = e;
  sorting = a;
  qsort(r.by_rank, r.n_ranked, sizeof *r.by_rank, by_name);
  for (size_t e = 0; e < r.n; e++)
    r.rank[e] = SIZE_MAX;
  for (size_t j = 0; j < r.n_ranked; j++)
    r.rank[r.by_rank[j]] = j;
  r.day = tl_xcalloc(r.n + 1, sizeof *r.day);
  r.week = tl_xcalloc(r.n + 1, sizeof *r.week);
  r.day_touched = tl_xmalloc((r.n + 1) * sizeof *r.day_touched);
  r.ring = tl_xcalloc(r.n * r.k + 1, sizeof *r.ring);
  r.first_week = tl_xmalloc((r.n + 1) * sizeof *r.first_week);
  for (size_t e = 0; e < r.n; e++)
    r.first_week[e] = week_key(a->entity[e].first);

  spill_doc *docs = tl_xmalloc((a->n_docs + 1) * sizeof *docs);
  if (a->n_docs) /* memcpy from NULL is undefined even for 0 bytes */
    memcpy(docs, a->docs, a->n_docs * sizeof *docs);
  sorting = a;
  qsort(docs, a->n_docs, sizeof *docs, by_spill_day);
  /* the days in date order: a day may have no document left (none here) */
  size_t n_days = a->days.count, *days = tl_xmalloc((n_days + 1) * sizeof *days);
  for (size_t i = 0; i < n_days; i++)
    days[i] = i;
  qsort(days, n_days, sizeof *days, by_day);

  int rc = 0;
  spill_entry *entries = NULL;
  size_t cap = 0, next_doc = 0;
  long week_items = 0;
  if (fflush(a->spill) != 0)
    rc = -1;
  for (size_t i = 0; i < n_days && rc == 0; i++) {
    size_t day = days[i];
    for (; next_doc < a->n_docs && docs[next_doc].day == day; next_doc++) {
      const spill_doc *d = &docs[next_doc];
      if (!d->n)
        continue;
      if (d->n > cap) {
        cap = d->n;
        entries = tl_xrealloc(entries, cap * sizeof *entries);
      }
      if (fseeko(a->spill, (off_t)d->offset, SEEK_SET) != 0 || fread(entries, sizeof *entries, d->n, a->spill) != d->n) {
        rc = -1;
        break;
      }
      for (size_t j = 0; j < d->n; j++) {
        const spill_entry *en = &entries[j];
        period_count *dc = &r.day[en->entity], *wc = &r.week[en->entity];
        if (dc->mentions == 0 && dc->amounts == 0 && dc->items == 0)
          r.day_touched[r.n_day_touched++] = en->entity;
        dc->mentions += en->mentions;
        dc->items += en->items;
        dc->amounts += en->amounts; /* only marks the day as touched */
        wc->mentions += en->mentions;
        wc->items += en->items;
        wc->amounts += en->amounts;
        wc->usd += en->usd;
      }
    }
    week_items += a->day_items[day];
    close_day(&r, day, daily, timeline, top, n_top);
    uint32_t key = week_key(a->day_date[day]);
    if (i + 1 == n_days || week_key(a->day_date[days[i + 1]]) != key) {
      close_week(&r, key, week_items, weekly, amounts);
      week_items = 0;
    }
  }
  if (rc < 0)
    tl_diag(NULL, 0, "the aggregates' temporary file could not be read back");
  free(entries);
  free(days);
  free(docs);
  free(r.rank);
  free(r.by_rank);
  free(r.day);
  free(r.week);
  free(r.day_touched);
  free(r.ring);
  free(r.first_week);
  return rc;
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

static int by_documents(const void *x, const void *y) {
  const unknown_info *p = &sorting->unknown[*(const size_t *)x], *q = &sorting->unknown[*(const size_t *)y];
  if (p->documents != q->documents)
    return p->documents > q->documents ? -1 : 1;
  if (p->mentions != q->mentions)
    return p->mentions > q->mentions ? -1 : 1;
  return strcmp(sorting->unknown_keys.names[*(const size_t *)x], sorting->unknown_keys.names[*(const size_t *)y]);
}

static void write_candidates(const tl_aggregator *a, tl_table *t) {
  size_t n = a->unknown_keys.count, *order = tl_xmalloc((n + 1) * sizeof *order);
  for (size_t i = 0; i < n; i++)
    order[i] = i;
  sorting = a;
  qsort(order, n, sizeof *order, by_documents);
  for (size_t i = 0; i < n; i++) {
    const unknown_info *u = &a->unknown[order[i]];
    tl_table_text(t, u->surface);
    tl_table_int(t, u->mentions);
    tl_table_int(t, u->documents);
    tl_table_date(t, u->first);
    tl_table_text(t, u->example);
    tl_table_end_row(t);
  }
  free(order);
}

static const char *const entity_columns[] = {"entity",    "type",      "parent",     "mentions", "items",
                                             "documents", "first_date", "last_date", NULL};
static const char *const daily_columns[] = {"date", "entity", "mentions", "items", "share", NULL};
static const char *const weekly_columns[] = {"week",  "entity", "mentions", "items",
                                             "share", "change", "zscore",   "slope", NULL};
static const char *const pair_columns[] = {"entity_a", "entity_b", "items", "items_a", "items_b",
                                           "pmi",      "npmi",     "g2",    "p_value", NULL};
static const char *const amount_week_columns[] = {"week", "entity", "amounts", "usd", NULL};
static const char *const candidate_columns[] = {"surface", "mentions", "documents", "first_date", "example", NULL};

int tl_aggregator_write(const tl_aggregator *a, const char *dir, int excel) {
  if (a->failed) {
    tl_diag(NULL, 0, "the aggregate tables were not written: their temporary file failed");
    return -1;
  }
  static const struct {
    const char *name;
    const char *const *columns;
    void (*write)(const tl_aggregator *, tl_table *);
  } tables[] = {
      {"entities.csv", entity_columns, write_entities},
      {"cooccurrence.csv", pair_columns, write_cooccurrence},
      {"candidates.csv", candidate_columns, write_candidates},
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
  /* the date-ordered tables, from one replay of the spilled documents */
  size_t n_top, *top = entities_sorted(a, by_mentions, &n_top);
  if (n_top > (size_t)a->opt.top)
    n_top = (size_t)a->opt.top;
  const char **timeline_columns = tl_xmalloc((n_top + 2) * sizeof *timeline_columns);
  timeline_columns[0] = "date";
  for (size_t j = 0; j < n_top; j++)
    timeline_columns[j + 1] = a->names.names[top[j]];
  timeline_columns[n_top + 1] = NULL;
  tl_table *daily = tl_table_open(dir, "daily.csv", daily_columns, excel);
  tl_table *weekly = tl_table_open(dir, "weekly.csv", weekly_columns, excel);
  tl_table *timeline = tl_table_open(dir, "timeline_wide.csv", timeline_columns, excel);
  tl_table *amounts = tl_table_open(dir, "amounts_weekly.csv", amount_week_columns, excel);
  tl_table *dated[] = {daily, weekly, timeline, amounts};
  int ok = daily && weekly && timeline && amounts && replay(a, daily, weekly, timeline, amounts, top, n_top) == 0;
  for (size_t i = 0; i < 4; i++)
    if (tl_table_finish(dated[i], ok) < 0)
      failed = 1;
  if (!ok)
    failed = 1;
  free(timeline_columns);
  free(top);
  return failed ? -1 : 0;
}
