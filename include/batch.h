#ifndef TL_BATCH_H
#define TL_BATCH_H
/*
 * batch: runs the per-document stages over every input file on worker
 * threads and hands the results, in `doc` order, to the tables.
 *
 * Workers read and parse digests independently; the calling thread receives
 * them strictly in input order through a small window of slots, so memory
 * stays flat however many files there are, and the output is byte-identical
 * whatever the number of threads.
 *
 * The same bytes given twice are analysed once: the later file keeps its
 * documents.csv row with status "duplicate-of:PATH" and contributes nothing
 * else.
 */
#include <stddef.h>

#include "inputs.h"

typedef struct {
  const char *out_dir; /* existing folder for the tables */
  int jobs;            /* worker threads, >= 1 */
  int excel;           /* --excel: BOM and formula-safe cells */
  int progress;        /* print a progress line on stderr */
} tl_batch_options;

/* Counts of a finished batch, for the exit status and the summary line. */
typedef struct {
  size_t documents;  /* files read */
  size_t analysed;   /* digests whose items were analysed */
  size_t duplicates;
  size_t problems;   /* files with a problem reported */
  size_t items;
  size_t bytes;
  int output_failed; /* a table could not be written */
} tl_batch_result;

/* Runs the batch. Returns 0, or -1 when the tables could not be written
 * (nothing half-written is left behind). */
int tl_batch_run(const tl_inputs *inputs, const tl_batch_options *opt, tl_batch_result *result);

#endif
