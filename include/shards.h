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
 * Every table is streamed: each shard's documents.csv is in path order, so
 * the documents of shards whose path ranges overlap are merged by path, and
 * a document's rows of the other tables (in doc order within a shard) are
 * read as it is taken. Memory is a few rows and a 64 KiB buffer a table of
 * each shard being merged, plus a path a document (to settle duplicates),
 * whatever the size of the shards; shards whose ranges do not overlap are
 * read one after another. documents.csv is read twice: once, whole, for the
 * ranges, so a malformed one is reported before anything is written.
 * Shards must be written without --excel (aggregate applies --excel to its
 * own output).
 */
#include <stddef.h>

#include "run.h"

/* Reads the extract outputs in `dirs` and writes into opt->out_dir. Returns
 * 0, or -1 when a shard is unreadable or malformed or a table cannot be
 * written (reported). Counts what it saw in *result. */
int tl_shards_aggregate(char *const *dirs, size_t n_dirs, const tl_run_options *opt, tl_batch_result *result);

#endif
