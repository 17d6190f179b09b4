#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

enum {
  CHUNK_SIZE = 64 * 1024,       /* most digests parse within two or three */
  OWN_CHUNK = CHUNK_SIZE / 4,   /* blocks above this get a chunk of their own */
  HEADER = 16                   /* a block's capacity, kept in front of it */
};

struct tl_arena_chunk {
  tl_arena_chunk *next;
  size_t size; /* bytes in data */
  size_t used; /* bytes handed out, headers included */
  size_t last; /* offset of the newest block's header, to grow it in place */
  int own;     /* holds one big block only */
  _Alignas(16) unsigned char data[];
};

static _Thread_local tl_arena *current;

static size_t round16(size_t n) { return (n + 15) & ~(size_t)15; }

static size_t *header_of(void *block) { return (size_t *)((unsigned char *)block - HEADER); }

static tl_arena_chunk *new_chunk(size_t size, int own) {
  if (size > SIZE_MAX - sizeof(tl_arena_chunk))
    abort();
  tl_arena_chunk *c = tl_xmalloc(sizeof *c + size);
  c->next = NULL;
  c->size = size;
  c->used = 0;
  c->last = 0;
  c->own = own;
  return c;
}

/* Carves a block of n bytes out of the current chunk, or out of a new
 * one. Big blocks get a chunk of their own behind the current one, so
 * small blocks keep bumping where they were. */
static void *alloc_block(tl_arena *a, size_t n) {
  if (n > SIZE_MAX / 2)
    abort();
  size_t need = HEADER + round16(n);
  tl_arena_chunk *c = a->chunks;
  if (n > OWN_CHUNK) {
    tl_arena_chunk *own = new_chunk(need, 1);
    if (c) {
      own->next = c->next;
      c->next = own;
    } else {
      a->chunks = own;
    }
    c = own;
  } else if (!c || c->size - c->used < need) {
    c = new_chunk(CHUNK_SIZE, 0);
    c->next = a->chunks;
    a->chunks = c;
  }
  size_t at = c->used;
  c->last = at;
  c->used += need;
  size_t *header = (size_t *)(c->data + at);
  *header = round16(n);
  return c->data + at + HEADER;
}

/* The chunk that holds nothing but `block` (a big block), or NULL. */
static tl_arena_chunk *own_chunk_of(tl_arena *a, void *block, tl_arena_chunk ***link) {
  for (tl_arena_chunk **p = &a->chunks; *p; p = &(*p)->next)
    if ((*p)->own && (*p)->data + HEADER == block) {
      *link = p;
      return *p;
    }
  return NULL;
}

static void *arena_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    abort();
  void *p = alloc_block(current, count * size);
  memset(p, 0, count * size);
  return p;
}

/* Grows in place when the block is the newest of the current chunk or a
 * big block alone in its chunk; otherwise moves it. */
static void *arena_realloc(void *block, size_t n) {
  tl_arena *a = current;
  if (!block)
    return alloc_block(a, n);
  size_t cap = *header_of(block);
  if (n <= cap)
    return block;
  tl_arena_chunk *c = a->chunks;
  size_t need = HEADER + round16(n);
  if (n <= OWN_CHUNK && c && c->data + c->last + HEADER == (unsigned char *)block && c->size - c->last >= need) {
    c->used = c->last + need;
    *header_of(block) = round16(n);
    return block;
  }
  tl_arena_chunk **link;
  tl_arena_chunk *own = n > OWN_CHUNK ? own_chunk_of(a, block, &link) : NULL;
  if (own) {
    own = tl_xrealloc(own, sizeof *own + need);
    own->size = own->used = need;
    *link = own;
    *(size_t *)own->data = round16(n);
    return own->data + HEADER;
  }
  void *moved = alloc_block(a, n);
  memcpy(moved, block, cap);
  return moved;
}

static void arena_free(void *block) { (void)block; }

static cmark_mem arena_mem = {arena_calloc, arena_realloc, arena_free};

cmark_mem *tl_arena_enter(tl_arena *a) {
  a->chunks = NULL;
  a->outer = current;
  current = a;
  return &arena_mem;
}

cmark_node *tl_arena_parse(tl_arena *a, const char *text, size_t len, int options) {
  cmark_parser *parser = cmark_parser_new_with_mem(options, tl_arena_enter(a));
  cmark_parser_feed(parser, text, len);
  cmark_node *doc = cmark_parser_finish(parser);
  cmark_parser_free(parser);
  return doc;
}

void tl_arena_leave(tl_arena *a) {
  while (a->chunks) {
    tl_arena_chunk *next = a->chunks->next;
    free(a->chunks);
    a->chunks = next;
  }
  current = a->outer;
}

size_t tl_arena_footprint(const tl_arena *a) {
  size_t bytes = 0;
  for (const tl_arena_chunk *c = a->chunks; c; c = c->next)
    bytes += sizeof *c + c->size;
  return bytes;
}
