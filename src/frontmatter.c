#include "frontmatter.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"

/* One physical line of the block, without its line ending. */
typedef struct {
  const char *s;
  size_t len;
  long number;
} fm_line;

static int next_line(const char *text, size_t len, size_t *pos, fm_line *line) {
  if (*pos >= len)
    return 0;
  size_t start = *pos, end = start;
  while (end < len && text[end] != '\n' && text[end] != '\r')
    end++;
  line->s = text + start;
  line->len = end - start;
  if (end < len && text[end] == '\r')
    end++;
  if (end < len && text[end] == '\n')
    end++;
  *pos = end;
  line->number++;
  return 1;
}

static int is_fence(const fm_line *l) {
  size_t n = l->len;
  while (n > 3 && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t'))
    n--;
  return n == 3 && memcmp(l->s, "---", 3) == 0;
}

static size_t indent_of(const fm_line *l) {
  size_t i = 0;
  while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'))
    i++;
  return i;
}

static int is_blank(const fm_line *l) { return indent_of(l) == l->len; }

static void trim(const char **s, size_t *n) {
  while (*n && (**s == ' ' || **s == '\t')) {
    (*s)++;
    (*n)--;
  }
  while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
    (*n)--;
}

/* Cuts a " #comment" off a plain scalar. */
static void strip_comment(const char *s, size_t *n) {
  for (size_t i = 0; i < *n; i++)
    if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
      *n = i;
      break;
    }
}

/* Decodes one scalar: 'single' ('' is a quote), "double" (backslash
 * escapes), or plain. Sets *ok to 0 when a quote is not closed. The caller
 * frees. */
static char *scalar(const char *s, size_t n, int *ok) {
  tl_buf out = TL_BUF_INIT;
  *ok = 1;
  trim(&s, &n);
  if (n && (s[0] == '\'' || s[0] == '"')) {
    char q = s[0];
    size_t i = 1;
    for (; i < n; i++) {
      if (q == '\'' && s[i] == '\'') {
        if (i + 1 < n && s[i + 1] == '\'') {
          tl_buf_putc(&out, '\'');
          i++;
          continue;
        }
        break;
      }
      if (q == '"' && s[i] == '"')
        break;
      if (q == '"' && s[i] == '\\' && i + 1 < n) {
        char e = s[++i];
        tl_buf_putc(&out, e == 'n' ? '\n' : e == 't' ? '\t' : e);
        continue;
      }
      tl_buf_putc(&out, s[i]);
    }
    if (i >= n)
      *ok = 0;
  } else {
    strip_comment(s, &n);
    trim(&s, &n);
    tl_buf_add(&out, s, n);
  }
  return tl_buf_detach(&out);
}

/* Splits a flow list "[a, 'b, c', "d"]" into items. Returns 0, or -1 when
 * the list is not closed. */
static int flow_list(const char *s, size_t n, char ***items, size_t *count) {
  trim(&s, &n);
  if (n < 2 || s[n - 1] != ']')
    return -1;
  s++;
  n -= 2;
  size_t i = 0;
  while (i < n) {
    size_t start = i;
    char q = 0;
    for (; i < n; i++) {
      if (q) {
        if (s[i] == q)
          q = 0;
      } else if (s[i] == '\'' || s[i] == '"')
        q = s[i];
      else if (s[i] == ',')
        break;
    }
    int ok;
    char *item = scalar(s + start, i - start, &ok);
    if (*item) {
      *items = tl_xrealloc(*items, (*count + 1) * sizeof **items);
      (*items)[(*count)++] = item;
    } else
      free(item);
    i++; /* past the comma */
  }
  return 0;
}

static void add_item(char ***items, size_t *count, char *item) {
  *items = tl_xrealloc(*items, (*count + 1) * sizeof **items);
  (*items)[(*count)++] = item;
}

static void problem(tl_frontmatter *fm, const char *path, long line, const char *what) {
  tl_diag(path, line, "front matter: %s", what);
  fm->problems++;
}

/* Where a value goes once read. */
typedef enum { KEY_OTHER, KEY_TITLE, KEY_DATE, KEY_CATEGORIES, KEY_TAGS } fm_key;

static fm_key key_kind(const char *k, size_t n) {
  if (n == 5 && memcmp(k, "title", 5) == 0)
    return KEY_TITLE;
  if (n == 4 && memcmp(k, "date", 4) == 0)
    return KEY_DATE;
  if ((n == 10 && memcmp(k, "categories", 10) == 0) || (n == 8 && memcmp(k, "category", 8) == 0))
    return KEY_CATEGORIES;
  if (n == 4 && memcmp(k, "tags", 4) == 0)
    return KEY_TAGS;
  return KEY_OTHER;
}

static void store_scalar(tl_frontmatter *fm, fm_key key, char *value, long line) {
  switch (key) {
  case KEY_TITLE:
    free(fm->title);
    fm->title = value;
    return;
  case KEY_DATE:
    free(fm->date);
    fm->date = value;
    fm->date_line = line;
    return;
  case KEY_CATEGORIES:
    if (*value) {
      add_item(&fm->categories, &fm->n_categories, value);
      return;
    }
    break;
  case KEY_TAGS:
    if (*value) {
      add_item(&fm->tags, &fm->n_tags, value);
      return;
    }
    break;
  case KEY_OTHER:
    break;
  }
  free(value);
}

/* Length of a `key:` prefix (the key itself) when the line is a mapping
 * entry at indent 0, else 0. */
static size_t key_length(const fm_line *l) {
  if (!l->len || l->s[0] == ' ' || l->s[0] == '\t' || l->s[0] == '#' || l->s[0] == '-')
    return 0;
  for (size_t i = 0; i < l->len; i++)
    if (l->s[i] == ':' && (i + 1 == l->len || l->s[i + 1] == ' ' || l->s[i + 1] == '\t'))
      return i;
  return 0;
}

/* Front matter longer than this is not front matter: an unclosed block in a
 * large file must not turn the whole file into YAML. */
enum { MAX_FM_LINES = 2000 };

/* A line that can belong to an unclosed front-matter block: `key: value`,
 * an indented continuation, a list item or a blank line. A line starting
 * with '#' is taken for the Markdown heading that opens the body. */
static int looks_like_front_matter(const fm_line *l) {
  return is_blank(l) || indent_of(l) > 0 || key_length(l) > 0 || l->s[0] == '-';
}

/* Appends lines[from..to) without their indentation, each preceded by `sep`
 * unless out is still empty: how continuation lines join their value. */
static void append_lines(tl_buf *out, const fm_line *lines, size_t from, size_t to, char sep) {
  for (size_t j = from; j < to; j++) {
    size_t in = indent_of(&lines[j]);
    if (out->len)
      tl_buf_putc(out, sep);
    tl_buf_add(out, lines[j].s + in, lines[j].len - in);
  }
}

/* Parses lines[0..n) as a mapping. */
static void parse_mapping(tl_frontmatter *fm, const char *path, const fm_line *lines, size_t n) {
  size_t i = 0;
  while (i < n) {
    const fm_line *l = &lines[i];
    size_t in = indent_of(l);
    if (in == l->len || l->s[in] == '#') {
      i++;
      continue;
    }
    size_t klen = key_length(l);
    if (!klen) {
      if (in == 0)
        problem(fm, path, l->number, "expected `key: value`");
      i++;
      continue;
    }
    fm_key key = key_kind(l->s, klen);
    const char *v = l->s + klen + 1;
    size_t vn = l->len - klen - 1;
    trim(&v, &vn);
    i++;
    /* the indented (or blank) lines that continue this entry */
    size_t first = i;
    while (i < n && (indent_of(&lines[i]) > 0 || (is_blank(&lines[i]) && i + 1 < n && indent_of(&lines[i + 1]) > 0)))
      i++;

    if (vn && (v[0] == '>' || v[0] == '|')) {
      /* block scalar: folded with spaces, or literal with newlines */
      int literal = v[0] == '|';
      tl_buf value = TL_BUF_INIT;
      append_lines(&value, lines, first, i, literal ? '\n' : ' ');
      store_scalar(fm, key, tl_buf_detach(&value), l->number);
    } else if (vn && v[0] == '[') {
      tl_buf list = TL_BUF_INIT;
      tl_buf_add(&list, v, vn);
      append_lines(&list, lines, first, i, ' ');
      char **items = NULL;
      size_t count = 0;
      if (flow_list(list.data, list.len, &items, &count) < 0)
        problem(fm, path, l->number, "flow list is not closed with `]`");
      for (size_t j = 0; j < count; j++)
        store_scalar(fm, key, items[j], l->number);
      free(items);
      tl_buf_free(&list);
    } else if (vn == 0) {
      /* a block list; nested mappings are skipped */
      for (size_t j = first; j < i; j++) {
        size_t jn = indent_of(&lines[j]);
        if (jn < lines[j].len && lines[j].s[jn] == '-') {
          int ok;
          store_scalar(fm, key, scalar(lines[j].s + jn + 1, lines[j].len - jn - 1, &ok), lines[j].number);
        }
      }
    } else {
      /* plain or quoted scalar, continued on indented lines */
      tl_buf value = TL_BUF_INIT;
      tl_buf_add(&value, v, vn);
      append_lines(&value, lines, first, i, ' ');
      int ok;
      char *s = scalar(value.data, value.len, &ok);
      if (!ok)
        problem(fm, path, l->number, "quoted value is not closed");
      store_scalar(fm, key, s, l->number);
      tl_buf_free(&value);
    }
  }
}

void tl_frontmatter_parse(const char *text, size_t len, const char *path, tl_frontmatter *fm) {
  memset(fm, 0, sizeof *fm);
  fm->body_line = 1;
  size_t pos = 0;
  fm_line line = {NULL, 0, 0};
  if (!next_line(text, len, &pos, &line) || !is_fence(&line))
    return;
  fm->present = 1;

  fm_line *lines = tl_xmalloc(MAX_FM_LINES * sizeof *lines);
  size_t n = 0, body_offset = pos;
  int closed = 0;
  while (n < MAX_FM_LINES && next_line(text, len, &pos, &line)) {
    if (is_fence(&line)) {
      closed = 1;
      body_offset = pos;
      break;
    }
    lines[n++] = line;
  }
  if (closed) {
    parse_mapping(fm, path, lines, n);
    fm->body_offset = body_offset;
    fm->body_line = line.number + 1;
  } else {
    /* Unclosed: keep the leading lines that look like front matter and let
     * the body start at the first one that does not. */
    size_t keep = 0;
    while (keep < n && looks_like_front_matter(&lines[keep]))
      keep++;
    problem(fm, path, 1, "the `---` block is never closed");
    parse_mapping(fm, path, lines, keep);
    if (keep < n) {
      fm->body_offset = (size_t)(lines[keep].s - text);
      fm->body_line = lines[keep].number;
    } else {
      fm->body_offset = pos;
      fm->body_line = line.number + 1;
    }
  }
  free(lines);
}

void tl_frontmatter_free(tl_frontmatter *fm) {
  free(fm->title);
  free(fm->date);
  for (size_t i = 0; i < fm->n_categories; i++)
    free(fm->categories[i]);
  for (size_t i = 0; i < fm->n_tags; i++)
    free(fm->tags[i]);
  free(fm->categories);
  free(fm->tags);
  memset(fm, 0, sizeof *fm);
}
