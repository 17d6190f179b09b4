#ifndef TL_RUN_H
#define TL_RUN_H
/*
 * run: the `trendlens run` pipeline end to end — the batch feeding the
 * per-document tables and the aggregator — and the translation of one
 * extracted document into the aggregator's record, which `aggregate` makes
 * from shard tables instead.
 */
#include "aggregate.h"
#include "batch.h"

typedef struct {
  const char *out_dir; /* an existing folder */
  int excel;
  tl_batch_options batch;
  tl_agg_options agg;
  int has_since, has_until; /* --since / --until: documents outside are left out of every table */
  tl_date since, until;
  int per_document_only;    /* `extract`: the per-document tables only (a shard) */
} tl_run_options;

/* Whether a document dated `date` (`dated` 0: undated) belongs in the
 * tables under --since/--until. run and aggregate both ask here, so they
 * leave out exactly the same documents. */
int tl_run_in_range(const tl_run_options *opt, int dated, tl_date date);

/* Returns 0, or -1 when a table could not be written (reported; no table
 * of this run is left behind half-written). */
int tl_run(const tl_inputs *inputs, const tl_run_options *opt, tl_batch_result *result);

#endif
