#ifndef TL_DIGEST_H
#define TL_DIGEST_H
/*
 * digest: one input file read, decoded and understood: its date, title and
 * news items, and a status that says what was wrong with it. This is the
 * whole per-file "load → parse" part of the pipeline; it holds no state
 * shared with other files, so digests can be read on any thread.
 *
 * The date follows DESIGN.md §2: front matter `date`, else a date in the
 * title or first heading, else in the file name, else in an enclosing
 * folder's name. A digest without a date has status "no-date" and no items.
 *
 * `status` is "ok" or a ';'-separated list of tokens, worst first:
 *   unreadable, empty, binary, no-date, no-news (no item found),
 *   front-matter-error:LINE, invalid-utf8:N, nul-bytes:N, gb18030
 * ("duplicate-of:PATH" is added later by the batch, which alone knows the
 * other files). Every token but gb18030 is also reported on stderr.
 */
#include "date.h"
#include "frontmatter.h"
#include "items.h"
#include "load.h"

typedef struct {
  char *path;     /* as given; owned */
  tl_source src;  /* the decoded text */
  tl_frontmatter fm;
  tl_itemlist items;
  tl_date date;
  int has_date;
  char *title;    /* front matter title, else first heading, else ""; owned */
  char *status;   /* see above; owned */
  int problems;   /* how many of the status tokens are problems */
} tl_digest;

/* Reads and parses one file. Never fails: an unreadable file gives a digest
 * with status "unreadable". The caller frees with tl_digest_free(). */
void tl_digest_read(const char *path, tl_digest *d);

/* The same from bytes in memory (tests, fuzzing); `path` names it in
 * messages and is used for the date fallback. */
void tl_digest_parse(const char *path, const char *data, size_t size, tl_digest *d);

void tl_digest_free(tl_digest *d);

#endif
