#ifndef TL_BATCH_H
#define TL_BATCH_H
/*
 * batch: runs the per-document stages (read, parse, extract) over every
 * input file on `jobs` threads and hands the results, in `doc` order, to a
 * sink: the tables of `run`, the printer of `explain`.
 *
 * The calling thread and jobs - 1 worker threads read and parse digests
 * independently; the calling thread hands them to the sink strictly in
 * input order through a small window of slots, so memory stays flat
 * however many files there are, and the output is byte-identical whatever
 * the number of threads. When the digest it must hand on next is not ready,
 * the calling thread reads another one rather than wait, so no core idles.
 *
 * The same bytes given twice are analysed once: the later file keeps its
 * documents.csv row with status "duplicate-of:PATH" and contributes nothing
 * else.
 */
#include <stddef.h>

#include "digest.h"
#include "extract.h"
#include "inputs.h"
#include "lexicon.h"

typedef struct {
  int jobs;             /* threads that read digests, the calling one included; >= 1 */
  int progress;         /* print a progress line on stderr */
  const tl_lexicon *lexicon; /* what extraction reads, NULL for no extraction */
} tl_batch_options;

/* Receives every input file once, in doc order, on the calling thread.
 * `duplicate_of` is the path of an earlier input with the same bytes (then
 * the file must count for nothing but its own row), else NULL. */
typedef struct {
  void (*document)(void *ctx, int doc, const tl_digest *d, const tl_extraction *x, const char *duplicate_of);
  void *ctx;
} tl_batch_sink;

/* Counts of a finished batch, for the exit status and the summary line. */
typedef struct {
  size_t documents;  /* files read */
  size_t analysed;   /* digests whose items were analysed */
  size_t duplicates;
  size_t problems;   /* files with a problem reported */
  size_t items;
  size_t mentions;
  size_t amounts;
  size_t bytes;
} tl_batch_result;

/* Runs the batch, feeding `sink`. */
void tl_batch_run(const tl_inputs *inputs, const tl_batch_options *opt, const tl_batch_sink *sink,
                  tl_batch_result *result);

#endif
