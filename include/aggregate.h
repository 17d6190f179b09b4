#ifndef TL_AGGREGATE_H
#define TL_AGGREGATE_H
/*
 * aggregate: the reduce stage (DESIGN.md §6, issue 5). Documents go in one
 * at a time, reduced to what the per-document tables hold; the aggregate
 * tables come out at the end: entities.csv, daily.csv, weekly.csv,
 * cooccurrence.csv, timeline_wide.csv, amounts_weekly.csv, candidates.csv.
 *
 * `run` feeds it from memory and `aggregate` from the CSV tables of `extract`
 * shards, through the same tl_agg_document, so both give identical tables.
 *
 * Definitions (issue 5): a news item is an item numbered >= 1; N(p) is the
 * number of news items in documents dated in period p (day or ISO week);
 * periods without any digest are absent. Duplicates never reach this stage.
 *   daily:    date, entity, mentions, items, share = items / N(day)
 *   weekly:   for each entity, every week with digests from its first week
 *             on: mentions, items, share, change, zscore, slope (stats.h)
 *   cooccurrence: pairs named in one news item, a < b by name, n_ab >=
 *             min_pair; pmi, npmi, g2, p_value (stats.h); strongest first
 *   timeline_wide: a row per date with digests, a column per top entity
 *   amounts_weekly: week, entity, amounts (kind amount), usd (their sum)
 *   candidates: names no dictionary knows, by normalized key: surface (as
 *             first seen), mentions, documents, first_date, example
 *             ("path:line: context" of the first sighting); most documents
 *             first
 * Rows come sorted by date or week, then entity name (byte order), so the
 * tables do not depend on the order documents arrive in.
 */
#include <stddef.h>

#include "date.h"

typedef struct {
  int item;                       /* 0 outside items */
  const char *name, *type, *parent;
} tl_agg_mention;

typedef struct {
  int is_amount;        /* kind "amount" (prices are not summed) */
  const char *usd;      /* "" when there is no USD value */
  const char *entities; /* ';'-separated canonical names */
} tl_agg_amount;

typedef struct {
  const char *key;     /* what it is counted by */
  const char *surface; /* as written */
  long line;
  const char *context; /* the line around it */
} tl_agg_unknown;

typedef struct {
  int doc;
  const char *path;
  tl_date date;
  long items;           /* news items of the document */
  const tl_agg_mention *mentions; /* in text order */
  size_t n_mentions;
  const tl_agg_amount *amounts;
  size_t n_amounts;
  const tl_agg_unknown *unknowns;
  size_t n_unknowns;
} tl_agg_document;

typedef struct {
  int top;              /* timeline_wide columns (--top), default 20 */
  int min_pair;         /* cooccurrence minimum n_ab (--min-pair), default 2 */
  int baseline_weeks;   /* K (--baseline-weeks), default 8 */
  char *const *entities; /* --entity: limit the per-entity tables to these canonical names */
  size_t n_entities;
} tl_agg_options;

typedef struct tl_aggregator tl_aggregator;

/* The caller frees with tl_aggregator_free(). The options are copied. */
tl_aggregator *tl_aggregator_new(const tl_agg_options *opt);
void tl_aggregator_free(tl_aggregator *a);
void tl_aggregator_add(tl_aggregator *a, const tl_agg_document *d);
/* Writes the aggregate tables into dir (temporary files renamed into
 * place). Returns 0, or -1 when a table could not be written (reported). */
int tl_aggregator_write(const tl_aggregator *a, const char *dir, int excel);

#endif
