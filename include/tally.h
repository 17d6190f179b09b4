#ifndef TL_TALLY_H
#define TL_TALLY_H
/*
 * tally: per-entity totals over a batch, for entities.csv: mentions (all of
 * them, item 0 included), distinct news items, distinct documents, and the
 * first and last date an entity was mentioned.
 *
 * Digests must be added in doc order (the batch guarantees it); mentions of
 * one digest come in text order, so "distinct" needs only the last item and
 * document seen per entity, never a set.
 *
 * entities.csv: entity, type, parent, mentions, items, documents,
 *               first_date, last_date — most mentioned first, then by name.
 */
#include <stddef.h>

#include "digest.h"
#include "extract.h"
#include "lexicon.h"
#include "table.h"

typedef struct tl_tally tl_tally;

/* An empty tally naming mentions through `lx`; the caller frees with
 * tl_tally_free(). Names are counted as the tables show them, so a
 * dictionary entity and a rule-made version ("GPT-5.1") are rows alike. */
tl_tally *tl_tally_new(const tl_lexicon *lx);
void tl_tally_free(tl_tally *t);
/* Counts the mentions of document `doc` (dated by the digest). */
void tl_tally_add(tl_tally *t, int doc, const tl_digest *d, const tl_extraction *x);
/* Writes one row per mentioned entity into `table` (opened with
 * tl_tally_columns). */
void tl_tally_write(const tl_tally *t, tl_table *table);
extern const char *const tl_tally_columns[];

#endif
