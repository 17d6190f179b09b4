#ifndef TL_DOCTABLES_H
#define TL_DOCTABLES_H
/*
 * doctables: the per-document tables of DESIGN.md §7 (documents.csv,
 * items.csv), written one digest at a time in `doc` order so a run never
 * holds more than a handful of digests in memory.
 *
 * documents.csv: doc, path, date, week, title, items, bytes, status, fingerprint
 *   (`fingerprint` identifies the file's bytes, so `aggregate` can find the
 *   same file in two shards.)
 * items.csv:     doc, item, date, section, title, url, source, line, start, end
 *   (`line` is where the item starts; [start, end) is its byte range in the
 *   file, see load.h for how offsets relate to the file's bytes.)
 * mentions.csv:  doc, item, date, entity, type, parent, surface, line, offset
 *   (`surface` is the text exactly as written; `offset` its first byte.)
 * amounts.csv:   doc, item, date, surface, value, value_high, currency, usd,
 *                kind, qualifier, entities, line, offset, restates
 *   (`entities` ';'-separated; `restates` 1 when the amount repeats the one
 *   before it in another currency, "40亿美元（约合300亿人民币）".)
 * unknown_names.csv: doc, item, date, surface, key, line, context
 *   (names no dictionary or rule knows; `key` is the normalized form they
 *   are counted by in candidates.csv; `context` the line around them.)
 */
#include "aggregate.h"
#include "buf.h"
#include "digest.h"
#include "extract.h"

typedef struct tl_doctables tl_doctables;

/* The header rows, NULL-terminated; `aggregate` writes the same tables. */
extern const char *const tl_document_columns[];
extern const char *const tl_item_columns[];
extern const char *const tl_mention_columns[];
extern const char *const tl_amount_columns[];
extern const char *const tl_unknown_columns[];

/* Appends to `out` the context cell of an unknown name in
 * unknown_names.csv (one line, tabs as spaces, cut at a NUL byte);
 * candidates.csv examples quote it. Returns its length (0, nothing
 * appended, when out of memory). Appending lets callers reuse one buffer
 * for every unknown of a run. */
size_t tl_doctables_context(const tl_digest *d, const tl_unknown *u, tl_buf *out);

/* A document's status with "duplicate-of:FIRST" added: how run and aggregate
 * both say it. The caller frees. */
char *tl_duplicate_status(const char *status, const char *first);

/* Opens every table in `dir` (which must exist). NULL on failure, reported.
 * Freed by tl_doctables_commit() or tl_doctables_abort(). */
tl_doctables *tl_doctables_open(const char *dir, int excel);

/* Writes the rows of digest number `doc` (1-based). `names` is the same
 * document as the aggregator sees it (run builds it once for both): the
 * canonical name, type and parent of each of x's mentions, and the context
 * cell (tl_doctables_context) of each of x's unknowns, in x's order.
 * A duplicate (its first copy's path in `duplicate_of`, `names` may be
 * NULL) gets its documents.csv row only, with status "duplicate-of:PATH". */
void tl_doctables_add(tl_doctables *t, int doc, const tl_digest *d, const tl_extraction *x,
                      const tl_agg_document *names, const char *duplicate_of);

/* Renames every table into place; -1 if any failed (reported). */
int tl_doctables_commit(tl_doctables *t);
void tl_doctables_abort(tl_doctables *t);

#endif
