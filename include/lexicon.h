#ifndef TL_LEXICON_H
#define TL_LEXICON_H
/*
 * lexicon: finds and loads the dictionaries a run uses — the shipped ones,
 * then the user's (`-d DIR`, repeatable) on top — and compiles them.
 *
 * The shipped folder is the first that exists of: $TRENDLENS_DICTIONARIES,
 * the source tree's dictionaries/ (so a build runs without installing), the
 * installed share/trendlens/dictionaries.
 */
#include <stddef.h>

#include "dict.h"

/* The shipped dictionaries folder, or NULL when none is found. */
const char *tl_lexicon_shipped_dir(void);

/* Loads the shipped dictionaries (unless `skip_shipped`) and every folder or
 * file in `extra`, then compiles. Problems are reported with file:line and
 * counted in *problems. Returns the dictionary (the caller frees with
 * tl_dict_free()), or NULL when a folder cannot be read at all. */
tl_dict *tl_lexicon_load(char *const *extra, size_t n_extra, int skip_shipped, int *problems);

#endif
