#ifndef TL_INPUTS_H
#define TL_INPUTS_H
/*
 * inputs: turns the PATH arguments of the command line into the sorted list
 * of digest files that a run reads.
 *
 * A file named on the command line is taken whatever its name; a folder is
 * searched recursively for `.md`, `.markdown` and `.txt` files, skipping
 * hidden entries (".git") and symbolic links to folders (no loops). The list
 * is sorted by byte order of the path and has no path twice, so `doc` numbers
 * (1-based positions in it) are the same on every machine.
 */
#include <stddef.h>

typedef struct {
  char **paths; /* owned */
  size_t count;
} tl_inputs;

/* Collects the files. Paths that cannot be read are reported and counted in
 * the return value (0 = all fine); the rest are still collected. The caller
 * frees with tl_inputs_free(). */
int tl_inputs_collect(tl_inputs *in, char *const *args, size_t n_args);
void tl_inputs_free(tl_inputs *in);

#endif
