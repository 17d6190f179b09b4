#ifndef TL_FRONTMATTER_H
#define TL_FRONTMATTER_H
/*
 * frontmatter: the YAML subset that real digests put between "---" lines.
 *
 * Understood: `key: value` with plain, 'single' or "double" quoted scalars;
 * flow lists `[a, 'b', "c"]`; block lists (`- item` lines under a key);
 * folded and literal block scalars (`>`, `>-`, `|`, `|-`) and plain scalars
 * continued on indented lines; `#` comments; CRLF. Nested mappings are
 * skipped, not understood. Only title, date, categories and tags are kept.
 *
 * A block that opens with "---" but never closes is read as far as its lines
 * look like `key: value`, and the body starts after them; that and every
 * malformed line are reported with their line numbers.
 */
#include <stddef.h>

typedef struct {
  int present;        /* 1 when the text opens with a front-matter block */
  char *title;        /* NULL when absent; owned */
  char *date;         /* the raw date value, NULL when absent; owned */
  long date_line;     /* line of the date key, for messages */
  char **categories;  /* owned, n_categories entries */
  size_t n_categories;
  char **tags;        /* owned, n_tags entries */
  size_t n_tags;
  size_t body_offset; /* where the Markdown body starts in the text */
  long body_line;     /* its 1-based line number */
  int problems;       /* malformed lines found (each reported) */
} tl_frontmatter;

/* Parses the front matter at the start of text (a BOM already removed).
 * Problems are reported with tl_diag(path, line, ...) and counted in
 * fm->problems; parsing never fails. The caller frees with
 * tl_frontmatter_free(). */
void tl_frontmatter_parse(const char *text, size_t len, const char *path, tl_frontmatter *fm);
void tl_frontmatter_free(tl_frontmatter *fm);

#endif
