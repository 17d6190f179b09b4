#ifndef TL_LEXICON_H
#define TL_LEXICON_H
/*
 * lexicon: everything extraction reads besides the digest — the entity
 * dictionaries, the regex rules and the exchange-rate table — found,
 * loaded and compiled once, then shared read-only by every worker thread.
 *
 * The shipped folder is the first that exists of: $TRENDLENS_DICTIONARIES,
 * the source tree's dictionaries/ (so a build runs without installing), the
 * installed share/trendlens/dictionaries. Folders named with `-d` are loaded
 * on top: their *.dict files add entities, a rules.txt adds rules, a
 * rates.tsv replaces the rate table. Every rule's family must be an entity.
 */
#include <stddef.h>

#include "dict.h"
#include "rates.h"
#include "rules.h"

typedef struct {
  tl_dict *dict;   /* compiled; owned */
  tl_rules *rules; /* owned */
  int *family;     /* dictionary id of each rule's family (-1 unknown); owned */
  tl_rates rates;  /* owned */
} tl_lexicon;

/* The shipped dictionaries folder, or NULL when none is found. */
const char *tl_lexicon_shipped_dir(void);

/* Loads the shipped folder (unless `skip_shipped`) and every folder or file
 * in `extra`, then compiles. Problems are reported with file:line and
 * counted in *problems. Returns the lexicon (the caller frees with
 * tl_lexicon_free()), or NULL when a folder cannot be read at all. */
tl_lexicon *tl_lexicon_load(char *const *extra, size_t n_extra, int skip_shipped, int *problems);
void tl_lexicon_free(tl_lexicon *lx);

#endif
