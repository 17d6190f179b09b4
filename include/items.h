#ifndef TL_ITEMS_H
#define TL_ITEMS_H
/*
 * items: finds the news items of a digest's Markdown body with cmark.
 *
 * An item is one of (DESIGN.md §2):
 *  - an entry of a top-level ordered list (`1.  [**Title**](url)` + text);
 *  - a heading section: a heading that is numbered (`### 1. 标题`), carries a
 *    link, or whose body carries a link or a source line (`> **来源：** …`,
 *    `[Read more →](…)`) and is not itself a container of other items. Two
 *    headings in a row with nothing between them (a title and its
 *    translation) make one item;
 *  - a bold-headline paragraph (`**Headline**` alone) and what follows it;
 *  - an entry of a list of news links (`- [title](url)`).
 * Overview text, summaries, highlight bullets without links, tables,
 * navigation (links to `#anchors`) and commentary headings are not items:
 * their text is the document's "item 0".
 *
 * Each item knows its title, first URL (the first absolute one; a relative
 * link is kept as written when there is no absolute one), its source where
 * the digest names one, the heading of the section it sits in, and the byte
 * range [start, end) of its text in the whole document text.
 */
#include <stddef.h>

#include "load.h"

typedef struct {
  char *title;   /* never NULL; owned */
  char *url;     /* "" when none; owned */
  char *source;  /* "" when none; owned */
  char *section; /* "" when none; owned */
  size_t start, end;
  long line;     /* 1-based line of `start` in the whole text */
} tl_item;

typedef struct {
  tl_item *items; /* owned, `count` entries in document order */
  size_t count;
  char *first_heading; /* text of the first heading, NULL when none; owned */
  long unclosed_fence_line; /* a ``` fence opened here ran to the end of the
                               file; what followed it was read as Markdown */
  tl_lines lines;       /* line starts of the whole text, built once for the
                           stages after this one too; owned */
} tl_itemlist;

/* Parses text[body_offset..len) as Markdown (text is the whole document, so
 * offsets and lines refer to it). Never fails on any input; returns 0, or -1
 * when cmark runs out of memory (then *out has no items, only the line
 * index). The caller frees with tl_itemlist_free() either way. */
int tl_items_parse(const char *text, size_t len, size_t body_offset, tl_itemlist *out);
void tl_itemlist_free(tl_itemlist *list);

#endif
