#include "keymap.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* A 64-bit mixer (splitmix64's finalizer): nearby keys such as day numbers
 * land in unrelated slots. */
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

/* The tag is the hash's high half: the low bits already chose the slot. */
static uint32_t tag_of(uint64_t hash) { return (uint32_t)(hash >> 32); }

/* The slot where a probe for `hash` starts, and the next one. */
static size_t first_slot(uint64_t hash, size_t n_slots) { return (size_t)hash & (n_slots - 1); }
static size_t next_slot(size_t at, size_t n_slots) { return (at + 1) & (n_slots - 1); }

/* Puts `number` with the tag of `hash` in the first empty slot of its probe. */
static void place(tl_keyslot *slots, size_t n_slots, uint64_t hash, size_t number) {
  size_t at = first_slot(hash, n_slots);
  while (slots[at].number)
    at = next_slot(at, n_slots);
  slots[at].tag = tag_of(hash);
  slots[at].number = (uint32_t)(number + 1);
}

/* Makes room for one more key: doubles the slots when they would be more
 * than half full, placing every key again by its hash. */
static void make_room(tl_keyslot **slots, size_t *n_slots, size_t count, uint64_t (*hash_of)(const void *, size_t),
                      const void *items) {
  if ((count + 1) * 2 <= *n_slots)
    return;
  size_t n = *n_slots ? *n_slots * 2 : 64;
  tl_keyslot *s = tl_xcalloc(n, sizeof *s);
  for (size_t i = 0; i < count; i++)
    place(s, n, hash_of(items, i), i);
  free(*slots);
  *slots = s;
  *n_slots = n;
}

void *tl_keymap_fit(void *array, size_t count, size_t size) {
  if (count == 0 || (count & (count - 1)) != 0)
    return array;
  return tl_xrealloc(array, count * 2 * size);
}

static uint64_t key_hash(const void *items, size_t i) { return mix(((const uint64_t *)items)[i]); }
static uint64_t name_hash(const void *items, size_t i) { return hash_string(((char *const *)items)[i]); }

/* tl_keymap_find() with the key's hash already worked out. */
static size_t keymap_find(const tl_keymap *m, uint64_t key, uint64_t hash) {
  if (!m->n_slots)
    return SIZE_MAX;
  uint32_t tag = tag_of(hash);
  for (size_t at = first_slot(hash, m->n_slots); m->slots[at].number; at = next_slot(at, m->n_slots))
    if (m->slots[at].tag == tag && m->keys[m->slots[at].number - 1] == key)
      return m->slots[at].number - 1;
  return SIZE_MAX;
}

size_t tl_keymap_find(const tl_keymap *m, uint64_t key) { return keymap_find(m, key, mix(key)); }

size_t tl_keymap_get(tl_keymap *m, uint64_t key, int *created) {
  uint64_t hash = mix(key);
  size_t found = keymap_find(m, key, hash);
  if (created)
    *created = found == SIZE_MAX;
  if (found != SIZE_MAX)
    return found;
  make_room(&m->slots, &m->n_slots, m->count, key_hash, m->keys);
  m->keys = tl_keymap_fit(m->keys, m->count + 1, sizeof *m->keys);
  m->keys[m->count] = key;
  place(m->slots, m->n_slots, hash, m->count);
  return m->count++;
}

void tl_keymap_free(tl_keymap *m) {
  free(m->keys);
  free(m->slots);
  memset(m, 0, sizeof *m);
}

/* tl_names_find() with the name's hash already worked out. */
static size_t names_find(const tl_names *n, const char *name, uint64_t hash) {
  if (!n->n_slots)
    return SIZE_MAX;
  uint32_t tag = tag_of(hash);
  for (size_t at = first_slot(hash, n->n_slots); n->slots[at].number; at = next_slot(at, n->n_slots))
    if (n->slots[at].tag == tag && strcmp(n->names[n->slots[at].number - 1], name) == 0)
      return n->slots[at].number - 1;
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
  make_room(&n->slots, &n->n_slots, n->count, name_hash, n->names);
  n->names = tl_keymap_fit(n->names, n->count + 1, sizeof *n->names);
  n->names[n->count] = tl_strdup(name);
  place(n->slots, n->n_slots, hash, n->count);
  return n->count++;
}

void tl_names_free(tl_names *n) {
  for (size_t i = 0; i < n->count; i++)
    free(n->names[i]);
  free(n->names);
  free(n->slots);
  memset(n, 0, sizeof *n);
}
