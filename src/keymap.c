#include "keymap.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* A 64-bit mixer (splitmix64's finalizer): nearby keys such as day numbers
 * land in unrelated buckets. */
static uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

static uint64_t hash_string(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

/* Rebuilds the bucket array at twice the size from the hashes of the items. */
static void rehash(size_t **buckets, size_t *n_buckets, size_t count, uint64_t (*hash_of)(const void *, size_t),
                   const void *items) {
  size_t n = *n_buckets ? *n_buckets * 2 : 64;
  size_t *b = tl_xcalloc(n, sizeof *b);
  for (size_t i = 0; i < count; i++) {
    size_t at = (size_t)hash_of(items, i) & (n - 1);
    while (b[at])
      at = (at + 1) & (n - 1);
    b[at] = i + 1;
  }
  free(*buckets);
  *buckets = b;
  *n_buckets = n;
}

static uint64_t key_hash(const void *items, size_t i) { return mix(((const uint64_t *)items)[i]); }
static uint64_t name_hash(const void *items, size_t i) { return hash_string(((char *const *)items)[i]); }

size_t tl_keymap_find(const tl_keymap *m, uint64_t key) {
  if (!m->n_buckets)
    return SIZE_MAX;
  for (size_t at = (size_t)mix(key) & (m->n_buckets - 1); m->buckets[at]; at = (at + 1) & (m->n_buckets - 1))
    if (m->keys[m->buckets[at] - 1] == key)
      return m->buckets[at] - 1;
  return SIZE_MAX;
}

size_t tl_keymap_get(tl_keymap *m, uint64_t key, int *created) {
  size_t found = tl_keymap_find(m, key);
  if (created)
    *created = found == SIZE_MAX;
  if (found != SIZE_MAX)
    return found;
  if ((m->count + 1) * 2 > m->n_buckets) {
    rehash(&m->buckets, &m->n_buckets, m->count, key_hash, m->keys);
  }
  if ((m->count & (m->count - 1)) == 0) /* 0 or a power of two: the key array is full */
    m->keys = tl_xrealloc(m->keys, (m->count ? m->count * 2 : 1) * sizeof *m->keys);
  size_t at = (size_t)mix(key) & (m->n_buckets - 1);
  while (m->buckets[at])
    at = (at + 1) & (m->n_buckets - 1);
  m->keys[m->count] = key;
  m->buckets[at] = ++m->count;
  return m->count - 1;
}

void tl_keymap_free(tl_keymap *m) {
  free(m->keys);
  free(m->buckets);
  memset(m, 0, sizeof *m);
}

/* tl_names_find() with the name's hash already worked out. */
static size_t names_find(const tl_names *n, const char *name, uint64_t hash) {
  if (!n->n_buckets)
    return SIZE_MAX;
  for (size_t at = (size_t)hash & (n->n_buckets - 1); n->buckets[at]; at = (at + 1) & (n->n_buckets - 1))
    if (strcmp(n->names[n->buckets[at] - 1], name) == 0)
      return n->buckets[at] - 1;
  return SIZE_MAX;
}

size_t tl_names_find(const tl_names *n, const char *name) { return names_find(n, name, hash_string(name)); }

size_t tl_names_get(tl_names *n, const char *name, int *created) {
  uint64_t hash = hash_string(name); /* once, for the search and the insertion */
  size_t found = names_find(n, name, hash);
  if (created)
    *created = found == SIZE_MAX;
  if (found != SIZE_MAX)
    return found;
  if ((n->count + 1) * 2 > n->n_buckets)
    rehash(&n->buckets, &n->n_buckets, n->count, name_hash, n->names);
  if ((n->count & (n->count - 1)) == 0) /* 0 or a power of two: the name array is full */
    n->names = tl_xrealloc(n->names, (n->count ? n->count * 2 : 1) * sizeof *n->names);
  size_t at = (size_t)hash & (n->n_buckets - 1);
  while (n->buckets[at])
    at = (at + 1) & (n->n_buckets - 1);
  n->names[n->count] = tl_strdup(name);
  n->buckets[at] = ++n->count;
  return n->count - 1;
}

void tl_names_free(tl_names *n) {
  for (size_t i = 0; i < n->count; i++)
    free(n->names[i]);
  free(n->names);
  free(n->buckets);
  memset(n, 0, sizeof *n);
}
