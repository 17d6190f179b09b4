#ifndef TL_OUTFILE_H
#define TL_OUTFILE_H
/*
 * outfile: whole output files (charts' data and scripts, reports) put in
 * place atomically.
 *
 * The bytes go to a hidden temporary file next to the destination
 * (DIR/.NAME.tmp-PID) which is then renamed over it, so a reader, or an
 * interrupted run, sees the old file or the new one and never half of one.
 * table.h does the same for CSV tables written row by row.
 */
#include <stddef.h>

/* Writes `len` bytes as the whole content of `path`. Returns 0, or -1
 * (reported with tl_diag, the temporary file removed, `path` as it was). */
int tl_outfile_write(const char *path, const void *data, size_t len);

/* Creates the directory `path` unless it exists (one level: its parent must
 * exist). Returns 0, or -1 (reported). */
int tl_outfile_mkdir(const char *path);

#endif
