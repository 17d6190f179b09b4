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

/* A key's hash, cut to the 32 bits every slot keeps (its tag): the low
 * bits choose where a probe starts, all of them tell keys apart, so the
 * slots can be placed again when the table grows without going back to
 * the keys. For 64-bit keys, the high half of mix(); for names, of FNV-1a,
 * whose high bits are the well mixed ones. */
static uint32_t key_tag(uint64_t key) { return (uint32_t)(mix(key) >> 32); }

static uint32_t name_tag(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return (uint32_t)(h >> 32);
}

/* The slot where a probe for `tag` starts, and the next one. */
static size_t first_slot(uint32_t tag, size_t n_slots) { return (size_t)tag & (n_slots - 1); }
static size_t next_slot(size_t at, size_t n_slots) { return (at + 1) & (n_slots - 1); }

/* Puts `number` with its tag in the first empty slot of its probe. */
static void place(tl_keyslot *slots, size_t n_slots, uint32_t tag, size_t number) {
  size_t at = first_slot(tag, n_slots);
  while (slots[at].number)
    at = next_slot(at, n_slots);
  slots[at] = (tl_keyslot){tag, (uint32_t)(number + 1)};
}

/* Makes room for one more key: doubles the slots when they would be more
 * than half full, placing every slot again by its tag. Aborts past the
 * 2^32 - 2 keys a slot can number. */
static void make_room(tl_keyslot **slots, size_t *n_slots, size_t count) {
  if (count >= UINT32_MAX - 1)
    abort();
  if ((count + 1) * 2 <= *n_slots)
    return;
  size_t n = *n_slots ? *n_slots * 2 : 64;
  tl_keyslot *s = tl_xcalloc(n, sizeof *s);
  for (size_t i = 0; i < *n_slots; i++)
    if ((*slots)[i].number)
      place(s, n, (*slots)[i].tag, (*slots)[i].number - 1);
  free(*slots);
  *slots = s;
  *n_slots = n;
}

/* tl_keymap_find() with the key's tag already worked out. */
static size_t keymap_find(const tl_keymap *m, uint64_t key, uint32_t tag) {
  if (!m->n_slots)
    return SIZE_MAX;
  for (size_t at = first_slot(tag, m->n_slots); m->slots[at].number; at = next_slot(at, m->n_slots))
    if (m->slots[at].tag == tag && m->keys[m->slots[at].number - 1] == key)
      return m->slots[at].number - 1;
  return SIZE_MAX;
}

size_t tl_keymap_find(const tl_keymap *m, uint64_t key) { return keymap_find(m, key, key_tag(key)); }

size_t tl_keymap_get(tl_keymap *m, uint64_t key, int *created) {
  uint32_t tag = key_tag(key);
  size_t found = keymap_find(m, key, tag);
  if (created)
    *created = found == SIZE_MAX;
  if (found != SIZE_MAX)
    return found;
  make_room(&m->slots, &m->n_slots, m->count);
  m->keys = tl_xgrow_counted(m->keys, m->count + 1, sizeof *m->keys);
  m->keys[m->count] = key;
  place(m->slots, m->n_slots, tag, m->count);
  return m->count++;
}

void tl_keymap_free(tl_keymap *m) {
  free(m->keys);
  free(m->slots);
  memset(m, 0, sizeof *m);
}

/* tl_names_find() with the name's tag already worked out. */
static size_t names_find(const tl_names *n, const char *name, uint32_t tag) {
  if (!n->n_slots)
    return SIZE_MAX;
  for (size_t at = first_slot(tag, n->n_slots); n->slots[at].number; at = next_slot(at, n->n_slots))
    if (n->slots[at].tag == tag && strcmp(n->names[n->slots[at].number - 1], name) == 0)
      return n->slots[at].number - 1;
  return SIZE_MAX;
}

size_t tl_names_find(const tl_names *n, const char *name) { return names_find(n, name, name_tag(name)); }

size_t tl_names_get(tl_names *n, const char *name, int *created) {
  uint32_t tag = name_tag(name); /* once, for the search and the insertion */
  size_t found = names_find(n, name, tag);
  if (created)
    *created = found == SIZE_MAX;
  if (found != SIZE_MAX)
    return found;
  make_room(&n->slots, &n->n_slots, n->count);
  n->names = tl_xgrow_counted(n->names, n->count + 1, sizeof *n->names);
  n->names[n->count] = tl_strdup(name);
  place(n->slots, n->n_slots, tag, n->count);
  return n->count++;
}

void tl_names_free(tl_names *n) {
  for (size_t i = 0; i < n->count; i++)
    free(n->names[i]);
  free(n->names);
  free(n->slots);
  memset(n, 0, sizeof *n);
}
