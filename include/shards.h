#ifndef TL_SHARDS_H
#define TL_SHARDS_H
/*
 * shards: the reduce side of a sharded run (DESIGN.md §9). `extract` writes
 * the per-document tables of some of the files; `aggregate` reads the
 * outputs of several extracts, renumbers their documents into one sorted
 * path order, settles duplicates across shards by fingerprint, and writes
 * the per-document and aggregate tables exactly as one `run` over all the
 * files would.
 *
 * Shards whose path ranges overlap are merged together; shards that do not
 * are read one after another, so memory follows the largest group of
 * overlapping shards, not the whole corpus. Shards must be written without
 * --excel (aggregate applies --excel to its own output).
 */
#include <stddef.h>

#include "run.h"

/* Reads the extract outputs in `dirs` and writes into opt->out_dir. Returns
 * 0, or -1 when a shard is unreadable or malformed or a table cannot be
 * written (reported). Counts what it saw in *result. */
int tl_shards_aggregate(char *const *dirs, size_t n_dirs, const tl_run_options *opt, tl_batch_result *result);

#endif
