#ifndef TL_ARENA_H
#define TL_ARENA_H
/*
 * arena: a bump allocator that cmark parses into, so that a document's
 * thousands of small nodes cost one pointer bump each and are all released
 * at once. With glibc's malloc, cmark spends about a third of its parse in
 * calloc, realloc and free, and cmark_node_free() walks the whole tree
 * again; in an arena both disappear.
 *
 * cmark's allocator interface (cmark_mem) passes no context, so the arena
 * in use is remembered per thread between tl_arena_enter() and
 * tl_arena_leave(). Every cmark call that may allocate — parsing, and
 * reading a literal (cmark_node_get_literal() copies into the node's
 * allocator) — must happen in between, on the same thread.
 *
 * Invariants:
 *  - Blocks are 16-byte aligned and never move until realloc asks for more
 *    room; the last block of a chunk grows in place when it can.
 *  - free() is a no-op: memory comes back only when the arena is left.
 *  - A block larger than a quarter of the chunk size gets a chunk of its
 *    own, so a 50 MB line costs about 50 MB, not a doubling series.
 *  - Out of memory aborts, as cmark's own allocator does.
 *
 * Example:
 *     tl_arena arena;
 *     cmark_node *doc = tl_arena_parse(&arena, text, len, CMARK_OPT_DEFAULT);
 *     ... walk doc, cmark_node_get_literal() ...
 *     tl_arena_leave(&arena);   // doc and every string from it are gone
 */
#include <cmark.h>
#include <stddef.h>

typedef struct tl_arena_chunk tl_arena_chunk;

typedef struct tl_arena {
  tl_arena_chunk *chunks; /* newest first; small blocks bump in the first */
  struct tl_arena *outer; /* the arena this thread was using before, if any */
} tl_arena;

/* Starts an empty arena and makes it this thread's current one. Returns
 * the allocator to hand to cmark_parser_new_with_mem(); it allocates from
 * whichever arena is current on the calling thread. Arenas nest: leaving
 * one makes the one before current again. */
cmark_mem *tl_arena_enter(tl_arena *a);

/* tl_arena_enter(a), then cmark parses text[0..len) into it. Returns the
 * document (NULL only if cmark fails), valid until tl_arena_leave(a), which
 * the caller always calls. */
cmark_node *tl_arena_parse(tl_arena *a, const char *text, size_t len, int options);

/* Releases every block of the arena and restores the thread's previous
 * arena. Nodes and strings from it are invalid afterwards. */
void tl_arena_leave(tl_arena *a);

/* Bytes the arena holds from malloc now (chunks, headers and slack), for
 * tests and measurements. */
size_t tl_arena_footprint(const tl_arena *a);

#endif
