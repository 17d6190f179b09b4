#ifndef TL_RUN_H
#define TL_RUN_H
/*
 * run: the `trendlens run` pipeline end to end — the batch feeding the
 * per-document tables and the entity tally — with every table renamed into
 * place only when all of them are complete.
 */
#include "batch.h"

typedef struct {
  const char *out_dir; /* an existing folder */
  int excel;
  tl_batch_options batch;
} tl_run_options;

/* Returns 0, or -1 when a table could not be written (reported; no table
 * of this run is left behind half-written). */
int tl_run(const tl_inputs *inputs, const tl_run_options *opt, tl_batch_result *result);

#endif
