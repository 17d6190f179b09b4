#include "extract.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "load.h"

/* The item whose byte range holds `offset`: items are in text order and do
 * not overlap, so a binary search finds it. 0 when none does. */
static int item_at(const tl_itemlist *items, size_t offset) {
  size_t lo = 0, hi = items->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (items->items[mid].start <= offset)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0)
    return 0;
  const tl_item *it = &items->items[lo - 1];
  return offset < it->end ? (int)lo : 0;
}

/* Length of a zero-width character (U+200B..U+200D, U+2060, U+FEFF) that
 * ends at text[end], or 0. Normalization drops them, so a match can end
 * just after one; the surface should not. */
static size_t zero_width_before(const char *text, size_t start, size_t end) {
  if (end - start < 3)
    return 0;
  const unsigned char *p = (const unsigned char *)text + end - 3;
  if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x8B && p[2] <= 0x8D)
    return 3;
  if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0xA0)
    return 3;
  if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    return 3;
  return 0;
}

int tl_extract(const tl_dict *dict, const tl_digest *digest, tl_mentions *out) {
  out->v = NULL;
  out->count = 0;
  if (!digest->has_date || !digest->src.text || digest->src.len == 0)
    return 0;
  const char *text = digest->src.text;
  size_t body = digest->fm.body_offset <= digest->src.len ? digest->fm.body_offset : digest->src.len;
  tl_normtext nt;
  if (tl_normalize(text + body, digest->src.len - body, &nt) < 0)
    return -1;
  tl_dict_match *matches = NULL;
  size_t n = tl_dict_scan(dict, &nt, text + body, &matches);
  if (n) {
    tl_lines lines;
    tl_lines_index(&lines, text, digest->src.len);
    out->v = tl_xmalloc(n * sizeof *out->v);
    for (size_t i = 0; i < n; i++) {
      tl_mention *m = &out->v[out->count++];
      m->entity = matches[i].entity;
      m->start = body + nt.origin[matches[i].start];
      m->end = body + nt.origin[matches[i].end];
      size_t zw;
      while ((zw = zero_width_before(text, m->start, m->end)) != 0)
        m->end -= zw;
      m->line = tl_lines_find(&lines, m->start);
      m->item = item_at(&digest->items, m->start);
    }
    tl_lines_free(&lines);
  }
  free(matches);
  tl_normtext_free(&nt);
  return 0;
}

void tl_mentions_free(tl_mentions *m) {
  free(m->v);
  m->v = NULL;
  m->count = 0;
}
