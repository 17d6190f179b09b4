#ifndef TL_EXTRACT_H
#define TL_EXTRACT_H
/*
 * extract: finds the entities a digest mentions (DESIGN.md §3-§4).
 *
 * The body of the digest (front matter excluded) is normalized once, the
 * dictionary automaton runs once over it, and every match is mapped back to
 * the bytes where it was written: its byte range in the digest text, its
 * line, and the news item it falls in (0 when it lies outside every item).
 * Reads only the digest and the compiled dictionary, so it runs on any
 * thread.
 */
#include <stddef.h>

#include "dict.h"
#include "digest.h"

typedef struct {
  int item;          /* 1-based item number, 0 outside items */
  int entity;        /* dictionary id */
  size_t start, end; /* [start, end): the surface text in the digest text */
  long line;         /* 1-based line of `start` */
} tl_mention;

typedef struct {
  tl_mention *v; /* owned, in text order */
  size_t count;
} tl_mentions;

/* Finds the mentions of a digest. A digest without items to analyse (no
 * date, binary, empty) has none. Returns 0, or -1 when out of memory with
 * *out empty. The caller frees with tl_mentions_free(). */
int tl_extract(const tl_dict *dict, const tl_digest *digest, tl_mentions *out);
void tl_mentions_free(tl_mentions *m);

#endif
