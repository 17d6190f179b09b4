#ifndef TL_KEYMAP_H
#define TL_KEYMAP_H
/*
 * keymap: dense numbering of keys (days, document numbers, entity pairs)
 * and of names (entities, candidates, weeks), for the aggregator, the
 * reports, the dictionary and the extractor.
 *
 * A tl_keymap gives each distinct 64-bit key a number 0, 1, 2 … in the order
 * keys are first seen, so callers keep their values in plain arrays indexed
 * by that number (and can iterate them in first-seen order). A tl_names does
 * the same for strings (entity names), keeping its own copy of each.
 *
 * Both are open-addressing tables at most half full. A slot keeps, next to
 * the number, a tag (a 32-bit hash of the key): a probe passing other keys
 * compares tags instead of fetching those keys (for names, strings
 * elsewhere in memory), and a growing table places its slots again by
 * their tags alone. Arrays kept parallel to a table grow with
 * tl_xgrow_counted() (buf.h). At most 2^32 - 2 keys per table; one more
 * aborts.
 *
 * Example:
 *     tl_keymap m = TL_KEYMAP_INIT;
 *     size_t day = tl_keymap_get(&m, 20366, NULL);   // 0: first key seen
 *     tl_keymap_get(&m, 20366, &created);           // 0 again, created = 0
 *     tl_keymap_free(&m);
 */
#include <stddef.h>
#include <stdint.h>

/* A slot of either table: the number + 1 of the key kept there (0: an empty
 * slot), and that key's tag. */
typedef struct {
  uint32_t tag;
  uint32_t number;
} tl_keyslot;

typedef struct {
  uint64_t *keys;    /* keys[i]: the key numbered i */
  size_t count;
  tl_keyslot *slots; /* power-of-two size */
  size_t n_slots;
} tl_keymap;

#define TL_KEYMAP_INIT {NULL, 0, NULL, 0}

/* The number of `key`, given a new one if unseen (*created set to 1). */
size_t tl_keymap_get(tl_keymap *m, uint64_t key, int *created);
/* The number of `key`, or SIZE_MAX when it was never seen. */
size_t tl_keymap_find(const tl_keymap *m, uint64_t key);
void tl_keymap_free(tl_keymap *m);

typedef struct {
  char **names;      /* names[i]: owned copy */
  size_t count;
  tl_keyslot *slots;
  size_t n_slots;
} tl_names;

#define TL_NAMES_INIT {NULL, 0, NULL, 0}

/* The number of `name`, copied in if unseen (*created set to 1). */
size_t tl_names_get(tl_names *n, const char *name, int *created);
/* The number of `name`, or SIZE_MAX. */
size_t tl_names_find(const tl_names *n, const char *name);
void tl_names_free(tl_names *n);

#endif
