#include "items.h"

#include <cmark.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "load.h"

/* What the walk needs to turn cmark positions into byte offsets. */
typedef struct {
  const char *text;
  size_t len;
  size_t body_offset;
  const tl_lines *lines; /* of the whole text */
  size_t body_line0;     /* index in lines of the line the body starts on */
  tl_item *items;
  size_t count, cap;
  char *heading[7]; /* the current heading text at each level 1..6 (owned) */
  size_t *markers;  /* offsets of source markers in the body, ascending */
  size_t n_markers;
} walk;

/* ---- text of inline content ---- */

/* The node after n's whole subtree in a pre-order walk under root. */
static cmark_node *after_subtree(cmark_node *n, cmark_node *root) {
  for (; n && n != root; n = cmark_node_parent(n))
    if (cmark_node_next(n))
      return cmark_node_next(n);
  return NULL;
}

/* The node after n in a pre-order walk of the tree under root, or NULL.
 * Uses parent links, so any nesting depth costs no stack and no memory. */
static cmark_node *next_in_tree(cmark_node *n, cmark_node *root) {
  cmark_node *child = cmark_node_first_child(n);
  return child ? child : after_subtree(n, root);
}

/* Appends the visible text of a node's inlines: link text, emphasis content,
 * code; images and raw HTML are left out, line breaks become spaces. Stops
 * at `limit` bytes, even inside a character; returns 1 when it reached
 * the limit (text may have been left out). */
static int inline_text(cmark_node *node, tl_buf *out, size_t limit) {
  cmark_node *n = cmark_node_first_child(node);
  while (n) {
    if (out->len >= limit)
      return 1;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE: {
      const char *literal = cmark_node_get_literal(n);
      size_t len = strlen(literal);
      tl_buf_add(out, literal, len < limit - out->len ? len : limit - out->len);
      break;
    }
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      tl_buf_putc(out, ' ');
      break;
    case CMARK_NODE_IMAGE:
    case CMARK_NODE_HTML_INLINE:
      n = after_subtree(n, node);
      continue;
    default:
      break;
    }
    n = next_in_tree(n, node);
  }
  return out->len >= limit;
}

/* Collapses white space runs and trims, in place. */
static void tidy(tl_buf *b) {
  size_t len = 0;
  int space = 0;
  for (size_t i = 0; i < b->len; i++) {
    char c = b->data[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = len > 0;
      continue;
    }
    if (space)
      b->data[len++] = ' ';
    space = 0;
    b->data[len++] = c;
  }
  b->len = len;
  if (b->cap)
    b->data[len] = '\0';
}

/* The tidied text of a node's inlines, whole or from its first `limit`
 * bytes (whose last character may be cut). Sets *cut when text was left
 * out. The caller frees. */
static char *node_text_upto(cmark_node *node, size_t limit, int *cut) {
  tl_buf text = TL_BUF_INIT;
  int stopped = inline_text(node, &text, limit);
  if (cut)
    *cut = stopped;
  tidy(&text);
  char *s = tl_buf_detach(&text);
  return s ? s : tl_strdup("");
}

static char *node_text(cmark_node *node) { return node_text_upto(node, SIZE_MAX, NULL); }

/* Length of a leading item number such as "1. ", "12、", "3) ", "４．"; 0
 * when the text does not start with one. */
static size_t number_prefix(const char *s) {
  size_t i = 0;
  while (s[i] >= '0' && s[i] <= '9' && i < 4)
    i++;
  if (i == 0 || i == 4)
    return 0;
  if (s[i] == '.' || s[i] == ')')
    i++;
  else if (strncmp(s + i, "、", 3) == 0 || strncmp(s + i, "．", 3) == 0)
    i += 3;
  else
    return 0;
  while (s[i] == ' ')
    i++;
  return s[i] ? i : 0;
}

/* ---- links ---- */

static int is_absolute_url(const char *url) {
  const char *p = url;
  while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '+' ||
         *p == '-' || *p == '.')
    p++;
  return p > url && p[0] == ':' && p[1] == '/' && p[2] == '/';
}

/* A link that points somewhere else: not an image, not an in-page anchor. */
static int is_outward_link(cmark_node *node) {
  if (cmark_node_get_type(node) != CMARK_NODE_LINK)
    return 0;
  const char *url = cmark_node_get_url(node);
  return url && *url && *url != '#';
}

/* Finds the first outward link below node, preferring an absolute URL. */
static void first_link(cmark_node *node, cmark_node **absolute, cmark_node **relative) {
  for (cmark_node *n = node; n; n = next_in_tree(n, node)) {
    if (!is_outward_link(n))
      continue;
    if (is_absolute_url(cmark_node_get_url(n))) {
      *absolute = n;
      return;
    }
    if (!*relative)
      *relative = n;
  }
}

/* An outward link that is not part of a bold sentence: story links
 * ("Read more", sources, "**[阅读原文](…)**") stand alone, calls to action
 * ("**立即访问 [shop](…) 选购**") are bold sentences around a link. */
static int has_plain_outward_link(cmark_node *node) {
  for (cmark_node *n = node; n; n = next_in_tree(n, node)) {
    if (!is_outward_link(n))
      continue;
    int alone = !cmark_node_previous(n) && !cmark_node_next(n);
    if (cmark_node_get_type(cmark_node_parent(n)) != CMARK_NODE_STRONG || alone)
      return 1;
  }
  return 0;
}

static int has_outward_link(cmark_node *node) {
  cmark_node *a = NULL, *r = NULL;
  first_link(node, &a, &r);
  return a || r;
}

/* ---- positions ---- */

static size_t offset_of(const walk *w, int line, int column) {
  if (line < 1)
    line = 1;
  size_t at = w->body_line0 + (size_t)line - 1; /* cmark counts lines from the body's first */
  if (at >= w->lines->count)
    return w->len;
  size_t line_start = line == 1 ? w->body_offset : w->lines->start[at];
  size_t line_end = at + 1 < w->lines->count ? w->lines->start[at + 1] : w->len;
  size_t off = line_start + (column > 0 ? (size_t)column - 1 : 0);
  return off < line_end ? off : line_end;
}

static size_t node_start(const walk *w, cmark_node *n) {
  return offset_of(w, cmark_node_get_start_line(n), cmark_node_get_start_column(n));
}

static size_t node_end(const walk *w, cmark_node *n) {
  size_t end = offset_of(w, cmark_node_get_end_line(n), cmark_node_get_end_column(n)) + 1;
  return end < w->len ? end : w->len;
}

/* ---- the source line: "来源：[name](url)", "> 📰 **TechCrunch AI** |" ---- */

/* Words that introduce the source of a story. They start with only three
 * different bytes, so the scan looks at one byte per position. */
static const struct {
  const char *text;
  size_t len;
  int line_start; /* must open its line (after "> ", "**") */
} source_markers[] = {
    {"来源：", 9, 0}, {"来源:", 7, 0}, {"来源 :", 8, 0}, {"Source:", 7, 1}, {"source:", 7, 1}, {"📰", 4, 1},
};

/* Reads the source name that follows a marker in raw Markdown. */
static char *source_after(const char *s, const char *end) {
  while (s < end && (*s == ' ' || *s == '*' || *s == '_'))
    s++;
  const char *stop;
  if (s < end && *s == '[') {
    s++;
    stop = s;
    while (stop < end && *stop != ']' && *stop != '\n')
      stop++;
  } else {
    stop = s;
    while (stop < end && *stop != '\n' && *stop != '\r' && *stop != '|' && *stop != ')' &&
           strncmp(stop, "）", 3) != 0 && strncmp(stop, "**", 2) != 0)
      stop++;
  }
  tl_buf tidied = TL_BUF_INIT;
  tl_buf_add(&tidied, s, (size_t)(stop - s));
  tidy(&tidied);
  char *name = tl_buf_detach(&tidied);
  if (!name)
    name = tl_strdup("");
  /* drop emphasis left inside */
  size_t j = 0;
  for (size_t i = 0; name[i]; i++)
    if (name[i] != '*')
      name[j++] = name[i];
  name[j] = '\0';
  return name;
}

/* 1 when only quote markers, emphasis and spaces stand between the start of
 * the line and position i: "> 📰 **TechCrunch AI**". */
static int at_line_start(const char *text, size_t i) {
  while (i > 0 && text[i - 1] != '\n' && text[i - 1] != '\r') {
    char c = text[i - 1];
    if (c != ' ' && c != '>' && c != '*' && c != '\t')
      return 0;
    i--;
  }
  return 1;
}

/* Finds every source marker of the body once, so that asking "does this
 * block name a source?" costs a binary search, not a scan. "来源" may stand
 * anywhere; "Source:" and 📰 only at the start of a line (see find_source). */
static void add_marker(walk *w, size_t at, size_t *cap) {
  w->markers = tl_xgrow(w->markers, cap, w->n_markers + 1, sizeof *w->markers);
  w->markers[w->n_markers++] = at;
}

static int compare_offsets(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

static void index_markers(walk *w) {
  /* Each stem is found with memchr on its rarest byte (the anchor: about
   * one byte in 250-350 of a digest), then compared whole: far cheaper
   * than a substring search per stem. The exact marker is checked by
   * find_source. */
  static const struct {
    const char *stem;
    size_t len, anchor, back; /* anchor: offset of the rare byte; back: marker bytes before the stem */
  } stems[] = {{"来源", 6, 1, 0}, {"ource:", 6, 5, 1}, {"📰", 4, 0, 0}};
  size_t cap = 0;
  const char *body = w->text + w->body_offset, *end = w->text + w->len;
  for (size_t k = 0; k < sizeof stems / sizeof stems[0]; k++) {
    const char *p = body + stems[k].anchor;
    while (p < end && (p = memchr(p, stems[k].stem[stems[k].anchor], (size_t)(end - p))) != NULL) {
      const char *stem = p - stems[k].anchor;
      p++;
      if (stems[k].len > (size_t)(end - stem) || memcmp(stem, stems[k].stem, stems[k].len) != 0)
        continue;
      p = stem + stems[k].len + stems[k].anchor; /* occurrences do not overlap */
      size_t found = (size_t)(stem - w->text);
      if (found < w->body_offset + stems[k].back)
        continue; /* "ource:" at the very start has no 'S' before it */
      size_t at = found - stems[k].back;
      if (stems[k].back && w->text[at] != 'S' && w->text[at] != 's')
        continue;
      if (k > 0 && !at_line_start(w->text, at)) /* "Source:" and 📰 open a line */
        continue;
      add_marker(w, at, &cap);
    }
  }
  if (w->n_markers > 1)
    qsort(w->markers, w->n_markers, sizeof *w->markers, compare_offsets);
}

/* The source named in text[start..end), or NULL. The caller frees.
 * "来源" may stand anywhere ("(来源: [36氪](…))"); "Source:" and 📰 only
 * where they open a line, as English prose says "(source: …)" in passing. */
static char *find_source(const walk *w, size_t start, size_t end) {
  size_t lo = 0, hi = w->n_markers;
  while (lo < hi) { /* the first marker at or after start */
    size_t mid = lo + (hi - lo) / 2;
    if (w->markers[mid] < start)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t k = lo; k < w->n_markers && w->markers[k] < end; k++) {
    size_t i = w->markers[k];
    for (size_t m = 0; m < sizeof source_markers / sizeof source_markers[0]; m++) {
      size_t ml = source_markers[m].len;
      if (i + ml > end || memcmp(w->text + i, source_markers[m].text, ml) != 0)
        continue;
      char *name = source_after(w->text + i + ml, w->text + end);
      if (*name && !strstr(name, "](") && !strchr(name, '#'))
        return name;
      free(name);
    }
  }
  return NULL;
}

/* ---- building items ---- */

static const char *current_section(const walk *w, int below_level) {
  for (int l = below_level - 1; l >= 1; l--)
    if (w->heading[l])
      return w->heading[l];
  return "";
}

/* Adds an item; takes ownership of title. */
static void add_item(walk *w, char *title, size_t start, size_t end, const char *section) {
  w->items = tl_xgrow(w->items, &w->cap, w->count + 1, sizeof *w->items);
  tl_item *it = &w->items[w->count++];
  size_t skip = number_prefix(title);
  if (skip) {
    memmove(title, title + skip, strlen(title + skip) + 1);
  }
  it->title = title;
  it->start = start;
  it->end = end > start ? end : start;
  it->line = tl_lines_find(w->lines, start);
  it->section = tl_strdup(section);
  char *source = find_source(w, it->start, it->end);
  it->source = source ? source : tl_strdup("");
  it->url = NULL;
}

/* Sets the item's URL from the first outward link among nodes [from, to). */
static void set_url(tl_item *it, cmark_node *from, cmark_node *to) {
  cmark_node *absolute = NULL, *relative = NULL;
  for (cmark_node *n = from; n && n != to && !absolute; n = cmark_node_next(n))
    first_link(n, &absolute, &relative);
  cmark_node *link = absolute ? absolute : relative;
  it->url = tl_strdup(link ? cmark_node_get_url(link) : "");
}

/* The title of a list entry: a headline link or bold text that stands alone
 * on its line (`[**Title**](url)` then a line break), else the first
 * sentence of its first paragraph. */
static char *entry_title(cmark_node *entry) {
  cmark_node *para = cmark_node_first_child(entry);
  if (!para)
    return tl_strdup("");
  if (cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH && cmark_node_get_type(para) != CMARK_NODE_HEADING)
    return tl_strdup("");
  cmark_node *first = cmark_node_first_child(para);
  while (first && cmark_node_get_type(first) == CMARK_NODE_TEXT && !cmark_node_get_literal(first)[strspn(cmark_node_get_literal(first), " ")])
    first = cmark_node_next(first);
  if (first) {
    cmark_node_type t = cmark_node_get_type(first);
    cmark_node *after = cmark_node_next(first);
    cmark_node_type at = after ? cmark_node_get_type(after) : CMARK_NODE_NONE;
    int alone = !after || at == CMARK_NODE_SOFTBREAK || at == CMARK_NODE_LINEBREAK;
    if ((t == CMARK_NODE_LINK || t == CMARK_NODE_STRONG) && alone)
      return node_text(first);
  }
  /* the first sentence, at most ~120 bytes, cut on a character boundary:
   * the first 124 bytes of text decide it (a marker at 120 ends by 123),
   * so a long paragraph is read only about that far */
  int cut_short;
  char *text = node_text_upto(para, 256, &cut_short);
  if (cut_short && strlen(text) < 124) {
    free(text);
    text = node_text(para);
  }
  static const char *const ends[] = {"。", "！", "？", "; ", ". ", "! ", "? ", NULL};
  size_t cut = strlen(text);
  for (const char *const *e = ends; *e; e++) {
    char *p = strstr(text, *e);
    if (p && (size_t)(p - text) < cut)
      cut = (size_t)(p - text);
  }
  if (cut > 120) {
    cut = 120;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
      cut--;
  }
  text[cut] = '\0';
  /* a sentence that ends the paragraph keeps no full stop */
  size_t n = strlen(text);
  if (n >= 3 && strcmp(text + n - 3, "。") == 0)
    text[n - 3] = '\0';
  else if (n >= 1 && text[n - 1] == '.')
    text[n - 1] = '\0';
  return text;
}

/* A list whose entries are mostly news links: `- [title](url)`,
 * `- **[产品]** [title](url) - note`, `- **Name**：text [链接](url)`.
 * Sets *link to the entry's first outward link and *leading when that link
 * opens the entry (then its text is the title). */
static int link_entry(cmark_node *entry, cmark_node **link, int *leading) {
  cmark_node *para = cmark_node_first_child(entry);
  if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
    return 0;
  int text_before = 0;
  for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
    cmark_node *candidate = c;
    if (cmark_node_get_type(c) == CMARK_NODE_STRONG && cmark_node_first_child(c))
      candidate = cmark_node_first_child(c);
    if (is_outward_link(candidate)) {
      *link = candidate;
      *leading = !text_before;
      return 1;
    }
    /* a bold tag such as **[产品]** may precede the title link; words may not */
    if (cmark_node_get_type(c) == CMARK_NODE_TEXT) {
      const char *lit = cmark_node_get_literal(c);
      text_before |= lit[strspn(lit, " -")] != '\0';
    } else if (cmark_node_get_type(c) != CMARK_NODE_STRONG)
      text_before = 1;
  }
  return 0;
}

static int is_link_list(cmark_node *list) {
  if (cmark_node_get_type(list) != CMARK_NODE_LIST || cmark_node_get_list_type(list) != CMARK_BULLET_LIST)
    return 0;
  int entries = 0, links = 0;
  for (cmark_node *e = cmark_node_first_child(list); e; e = cmark_node_next(e)) {
    cmark_node *link;
    int leading;
    entries++;
    links += link_entry(e, &link, &leading);
  }
  return entries > 0 && links * 2 >= entries;
}

static int is_ordered_list(cmark_node *n) {
  return cmark_node_get_type(n) == CMARK_NODE_LIST && cmark_node_get_list_type(n) == CMARK_ORDERED_LIST &&
         cmark_node_first_child(n);
}

/* `**Headline**` alone in its paragraph, not a label ending in a colon. */
static int is_bold_headline(cmark_node *n) {
  if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
    return 0;
  cmark_node *only = NULL;
  for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
    if (cmark_node_get_type(c) == CMARK_NODE_TEXT && !cmark_node_get_literal(c)[strspn(cmark_node_get_literal(c), " ")])
      continue;
    if (only)
      return 0;
    only = c;
  }
  if (!only)
    return 0;
  cmark_node_type t = cmark_node_get_type(only);
  if (t == CMARK_NODE_LINK) {
    cmark_node *inner = cmark_node_first_child(only);
    if (!inner || cmark_node_get_type(inner) != CMARK_NODE_STRONG || cmark_node_next(inner))
      return 0;
  } else if (t != CMARK_NODE_STRONG)
    return 0;
  char *text = node_text(only);
  size_t n_len = strlen(text);
  int label = n_len == 0 || text[n_len - 1] == ':' || (n_len >= 3 && strcmp(text + n_len - 3, "：") == 0);
  free(text);
  return !label;
}

/* cmark (CommonMark) has no tables: a pipe table is a paragraph whose
 * lines start with '|'. Tables are indexes and link boxes, not stories. */
static int is_table_text(const walk *w, cmark_node *para) {
  size_t start = node_start(w, para);
  return start < w->len && w->text[start] == '|';
}

/* Blocks directly under a heading that make it a news item rather than a
 * section heading: a source line or a link outside block quotes (promotion
 * boxes are block quotes with links). */
static int body_marks_item(const walk *w, cmark_node *from, cmark_node *to) {
  for (cmark_node *n = from; n && n != to; n = cmark_node_next(n)) {
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_THEMATIC_BREAK) /* what follows a rule is a footer */
      break;
    char *source = find_source(w, node_start(w, n), node_end(w, n));
    if (source) {
      free(source);
      return 1;
    }
    if (t == CMARK_NODE_PARAGRAPH && !is_table_text(w, n) && has_plain_outward_link(n))
      return 1;
  }
  return 0;
}

static int body_has_lists(cmark_node *from, cmark_node *to) {
  for (cmark_node *n = from; n && n != to; n = cmark_node_next(n))
    if (is_ordered_list(n) || is_link_list(n))
      return 1;
  return 0;
}

static int body_has_items(cmark_node *from, cmark_node *to) {
  for (cmark_node *n = from; n && n != to; n = cmark_node_next(n))
    if (is_bold_headline(n))
      return 1;
  return body_has_lists(from, to);
}

static int has_source_marker(const walk *w, cmark_node *from, cmark_node *to) {
  for (cmark_node *n = from; n && n != to; n = cmark_node_next(n)) {
    char *source = find_source(w, node_start(w, n), node_end(w, n));
    if (source) {
      free(source);
      return 1;
    }
  }
  return 0;
}

/* A heading that is essentially a link to the story: the link text is at
 * least two thirds of the heading ("AI 账号极速发货: [爱窝啦](…)" is not). */
static int is_link_headline(cmark_node *heading, const char *heading_text) {
  cmark_node *a = NULL, *r = NULL;
  first_link(heading, &a, &r);
  cmark_node *link = a ? a : r;
  if (!link)
    return 0;
  char *link_text = node_text(link);
  int most = strlen(link_text) * 3 >= strlen(heading_text) * 2;
  free(link_text);
  return most;
}

/* A real heading: not a pipe table that a following "---" turned into a
 * setext heading. */
static int is_heading(const walk *w, cmark_node *n) {
  return cmark_node_get_type(n) == CMARK_NODE_HEADING && !is_table_text(w, n);
}

static cmark_node *next_heading(const walk *w, cmark_node *n) {
  for (n = cmark_node_next(n); n; n = cmark_node_next(n))
    if (is_heading(w, n))
      return n;
  return NULL;
}

/* The first heading after n whose level is <= level: where a section ends. */
static cmark_node *section_end(const walk *w, cmark_node *n, int level) {
  for (n = cmark_node_next(n); n; n = cmark_node_next(n))
    if (is_heading(w, n) && cmark_node_get_heading_level(n) <= level)
      return n;
  return NULL;
}

static void add_list_items(walk *w, cmark_node *list, int link_list, int level) {
  for (cmark_node *e = cmark_node_first_child(list); e; e = cmark_node_next(e)) {
    cmark_node *link = NULL;
    int leading = 0;
    if (link_list && !link_entry(e, &link, &leading))
      continue;
    char *title = leading ? node_text(link) : entry_title(e);
    add_item(w, title, node_start(w, e), node_end(w, e), current_section(w, level + 1));
    set_url(&w->items[w->count - 1], cmark_node_first_child(e), NULL);
  }
}

static void set_heading(walk *w, int level, char *text) {
  for (int l = level; l <= 6; l++) {
    free(w->heading[l]);
    w->heading[l] = NULL;
  }
  w->heading[level] = text;
}

static void walk_blocks(walk *w, cmark_node *doc) {
  int level = 0;               /* level of the heading we are under */
  cmark_node *pending = NULL;  /* an empty heading waiting for its twin */
  cmark_node *n = cmark_node_first_child(doc);
  while (n) {
    if (is_heading(w, n)) {
      int hl = cmark_node_get_heading_level(n);
      char *text = node_text(n);
      cmark_node *next = next_heading(w, n);
      cmark_node *body = cmark_node_next(n);
      int has_sub = next && cmark_node_get_heading_level(next) > hl;
      int empty = body == next;
      int numbered = number_prefix(text) > 0;
      int item;
      if (numbered || is_link_headline(n, text))
        item = 1;
      else if (has_sub)
        item = 0;
      else if (empty && next && cmark_node_get_heading_level(next) == hl) {
        if (!pending)
          pending = n;
        set_heading(w, hl, text);
        level = hl;
        n = next;
        continue;
      } else if (body_has_items(body, next) && !has_source_marker(w, body, next))
        item = 0;
      else
        item = body_marks_item(w, body, next);
      if (item) {
        cmark_node *first = pending ? pending : n;
        cmark_node *end = section_end(w, n, hl);
        /* a heading item ends at the next heading of any level that is not
         * its own sub-heading... or at a numbered sibling */
        if (next && next != end && cmark_node_get_heading_level(next) <= hl)
          end = next;
        char *title = pending ? node_text(pending) : tl_strdup(text);
        size_t start = node_start(w, first);
        size_t stop = end ? node_start(w, end) : w->len;
        add_item(w, title, start, stop, current_section(w, hl));
        set_url(&w->items[w->count - 1], first, end);
        set_heading(w, hl, text);
        level = hl;
        pending = NULL;
        n = end;
        continue;
      }
      pending = NULL;
      set_heading(w, hl, text);
      level = hl;
      n = cmark_node_next(n);
      continue;
    }
    pending = NULL;
    if (is_ordered_list(n)) {
      add_list_items(w, n, 0, level);
    } else if (is_link_list(n)) {
      add_list_items(w, n, 1, level);
    } else if (is_bold_headline(n)) {
      /* The headline and what follows, up to the next headline, heading or
       * thematic break. A bold line over a list of items is a category
       * label, and one without any link is not news (promotions, notices). */
      cmark_node *end = cmark_node_next(n);
      while (end && !is_heading(w, end) &&
             cmark_node_get_type(end) != CMARK_NODE_THEMATIC_BREAK && !is_bold_headline(end))
        end = cmark_node_next(end);
      if (!body_has_lists(cmark_node_next(n), end) && (has_outward_link(n) || body_marks_item(w, cmark_node_next(n), end))) {
        cmark_node *only = cmark_node_first_child(n);
        while (cmark_node_get_type(only) == CMARK_NODE_TEXT)
          only = cmark_node_next(only);
        add_item(w, node_text(only), node_start(w, n), end ? node_start(w, end) : w->len,
                 current_section(w, level + 1));
        set_url(&w->items[w->count - 1], n, end);
        n = end;
        continue;
      }
    }
    n = cmark_node_next(n);
  }
}

static char *find_first_heading(cmark_node *doc) {
  for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n))
    if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
      return node_text(n);
  return NULL;
}

/* A fenced code block that runs to the end of the document was never
 * closed: usually a lost opening fence, so the "code" is the rest of the
 * digest. Returns the offset just past its opening line, or 0. */
static size_t unclosed_fence(const walk *w, cmark_node *doc) {
  cmark_node *last = cmark_node_last_child(doc);
  if (!last || cmark_node_get_type(last) != CMARK_NODE_CODE_BLOCK || !cmark_node_get_fence_info(last))
    return 0;
  size_t start = node_start(w, last);
  if (start >= w->len || (w->text[start] != '`' && w->text[start] != '~'))
    return 0; /* an indented block, not a fence */
  /* closed when the last non-blank line is a fence too */
  size_t end = w->len;
  while (end > start && strchr(" \t\r\n", w->text[end - 1]))
    end--;
  size_t line = end;
  while (line > start && w->text[line - 1] != '\n' && w->text[line - 1] != '\r')
    line--;
  if (line > start && strspn(w->text + line, "`~ \t") >= end - line)
    return 0;
  /* the line after the fence's, as the line table has it (CR, LF or CRLF) */
  size_t next = (size_t)tl_lines_find(w->lines, start); /* 1-based: start[next] is the next line's */
  return next < w->lines->count ? w->lines->start[next] : 0;
}

int tl_items_parse(const char *text, size_t len, size_t body_offset, tl_itemlist *out) {
  walk w;
  memset(&w, 0, sizeof w);
  w.text = text;
  w.len = len;
  char *first_heading = NULL;
  long unclosed_line = 0;
  if (body_offset > len)
    body_offset = len;
  tl_lines lines;
  tl_lines_index(&lines, text, len);
  w.lines = &lines;
  for (;;) {
    /* the whole tree lives in an arena: no free per node, no second walk
     * to release it */
    tl_arena arena;
    cmark_node *doc = tl_arena_parse(&arena, text + body_offset, len - body_offset, CMARK_OPT_DEFAULT);
    if (!doc) {
      tl_arena_leave(&arena);
      tl_itemlist partial = {w.items, w.count, first_heading, 0, {NULL, 0}};
      tl_itemlist_free(&partial);
      for (int l = 0; l <= 6; l++)
        free(w.heading[l]);
      free(w.markers);
      *out = (tl_itemlist){NULL, 0, NULL, 0, lines};
      return -1;
    }
    w.body_offset = body_offset;
    w.body_line0 = (size_t)tl_lines_find(&lines, body_offset) - 1;
    w.n_markers = 0;
    index_markers(&w);
    walk_blocks(&w, doc);
    if (!first_heading)
      first_heading = find_first_heading(doc);
    size_t resume = unclosed_fence(&w, doc);
    if (resume && !unclosed_line)
      unclosed_line = tl_lines_find(&lines, resume) - 1;
    tl_arena_leave(&arena);
    if (!resume || resume <= body_offset)
      break;
    body_offset = resume;
  }
  for (int l = 0; l <= 6; l++)
    free(w.heading[l]);
  free(w.markers);
  out->items = w.items;
  out->count = w.count;
  out->first_heading = first_heading;
  out->unclosed_fence_line = unclosed_line;
  out->lines = lines;
  return 0;
}

void tl_itemlist_free(tl_itemlist *list) {
  for (size_t i = 0; i < list->count; i++) {
    free(list->items[i].title);
    free(list->items[i].url);
    free(list->items[i].source);
    free(list->items[i].section);
  }
  free(list->items);
  free(list->first_heading);
  tl_lines_free(&list->lines);
  memset(list, 0, sizeof *list);
}
