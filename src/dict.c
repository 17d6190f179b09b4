#include "dict.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "ascii.h"
#include "automaton.h"
#include "buf.h"
#include "diag.h"
#include "keymap.h"

/* Folders nested deeper than this are not entered (a symlink loop). */
#define MAX_DEPTH 16

enum {
  A_CASE = 1u << 0,      /* `=X`: the source must read exactly X */
  A_BLOCK = 1u << 1,     /* `!X`: matches but is no mention */
  A_LSTART = 1u << 2,    /* starts with an ASCII letter or digit */
  A_LEND = 1u << 3,      /* ends with an ASCII letter or digit */
  A_DIGIT_END = 1u << 4, /* ends with a digit: `.digit` after it blocks */
  A_DISABLED = 1u << 5,  /* lost an alias conflict in tl_dict_compile() */
};

typedef struct {
  char *name;   /* canonical, as written */
  char *norm;   /* canonical, normalized */
  char *parent; /* parent as written, "" none */
  const char *file;
  long line;
  tl_entity pub;
} entity;

typedef struct {
  char *written; /* as written, without the `=`/`!` prefix */
  char *norm;    /* normalized (plain, folded); "" when nothing is left */
  char *exact;   /* normalized without folding, for A_CASE; else NULL */
  int entity;
  unsigned flags;
  int next_same; /* next alias with the same norm, in load order; -1 */
  const char *file;
  long line;
} alias;

/* A `+Name ; ; ; aliases` line: aliases for an entity that may be defined
 * in another file, loaded before or after; added by tl_dict_compile(). */
typedef struct {
  char *name;    /* as written, without the `+` */
  char *aliases; /* the alias field, as written */
  const char *file;
  long line;
} extension;

/* A string -> int map: keymap numbers the keys, values[] holds what each
 * number maps to. */
typedef struct {
  tl_names keys;
  int *values;
  size_t cap;
} strmap;

struct tl_dict {
  entity *ents;
  size_t nents, entcap;
  alias *aliases;
  size_t naliases, aliascap;
  extension *exts; /* not yet added to their entities */
  size_t nexts, extcap;
  char **files;
  size_t nfiles, filecap;
  strmap by_name;  /* canonical as written -> entity */
  strmap by_norm;  /* canonical normalized -> entity */
  strmap by_alias; /* alias norm -> first alias with it */
  tl_automaton *ac;
  int compiled;
};

static const char *const types[] = {"org", "model", "product", "person", "chip", "place", "other"};

static int map_get(const strmap *m, const char *key) {
  size_t k = tl_names_find(&m->keys, key);
  return k == SIZE_MAX ? -1 : m->values[k];
}

/* Sets key -> value (key not present yet). */
static void map_put(strmap *m, const char *key, int value) {
  size_t k = tl_names_get(&m->keys, key, NULL);
  m->values = tl_xgrow(m->values, &m->cap, k + 1, sizeof *m->values);
  m->values[k] = value;
}

static void map_free(strmap *m) {
  tl_names_free(&m->keys);
  free(m->values);
}

tl_dict *tl_dict_new(void) { return tl_xcalloc(1, sizeof(tl_dict)); }

void tl_dict_free(tl_dict *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->nents; i++) {
    free(d->ents[i].name);
    free(d->ents[i].norm);
    free(d->ents[i].parent);
  }
  for (size_t i = 0; i < d->naliases; i++) {
    free(d->aliases[i].written);
    free(d->aliases[i].norm);
    free(d->aliases[i].exact);
  }
  for (size_t i = 0; i < d->nexts; i++) {
    free(d->exts[i].name);
    free(d->exts[i].aliases);
  }
  free(d->exts);
  for (size_t i = 0; i < d->nfiles; i++)
    free(d->files[i]);
  free(d->ents);
  free(d->aliases);
  free(d->files);
  map_free(&d->by_name);
  map_free(&d->by_norm);
  map_free(&d->by_alias);
  tl_automaton_free(d->ac);
  free(d);
}

size_t tl_dict_size(const tl_dict *d) { return d ? d->nents : 0; }

const tl_entity *tl_dict_entity(const tl_dict *d, int id) {
  if (!d || id < 0 || (size_t)id >= d->nents)
    return NULL;
  return &d->ents[id].pub;
}

/* Normalization that never fails: the dictionary cannot work without it. */
static char *xnorm(const char *s, size_t len, unsigned flags) {
  char *r = tl_normalize_string_opts(s, len, flags);
  if (!r) {
    tl_diag(NULL, 0, "out of memory");
    abort();
  }
  return r;
}

static void trim(const char **s, size_t *len) {
  while (*len && (**s == ' ' || **s == '\t')) {
    (*s)++;
    (*len)--;
  }
  while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
    (*len)--;
}

/* UTF-8 without NUL bytes. */
static int valid_utf8(const char *s, size_t len) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  while (len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
    if (k <= 0 || cp == 0)
      return 0;
    p += k;
    len -= (size_t)k;
  }
  return 1;
}

static const char *intern_file(tl_dict *d, const char *path) {
  d->files = tl_xgrow(d->files, &d->filecap, d->nfiles + 1, sizeof *d->files);
  d->files[d->nfiles] = tl_strdup(path);
  return d->files[d->nfiles++];
}

static void add_alias(tl_dict *d, int ent, const char *s, size_t len, const char *file, long line) {
  unsigned flags = 0;
  trim(&s, &len);
  while (len && (*s == '=' || *s == '!')) {
    flags |= *s == '=' ? A_CASE : A_BLOCK;
    s++;
    len--;
    trim(&s, &len);
  }
  d->aliases = tl_xgrow(d->aliases, &d->aliascap, d->naliases + 1, sizeof *d->aliases);
  alias *a = &d->aliases[d->naliases];
  a->written = tl_strndup(s, len);
  a->norm = xnorm(s, len, TL_NORM_PLAIN);
  a->exact = flags & A_CASE ? xnorm(s, len, TL_NORM_PLAIN | TL_NORM_KEEP_CASE) : NULL;
  a->entity = ent;
  a->next_same = -1;
  a->file = file;
  a->line = line;
  size_t n = strlen(a->norm);
  if (n) {
    if (tl_ascii_alnum((unsigned char)a->norm[0]))
      flags |= A_LSTART;
    if (tl_ascii_alnum((unsigned char)a->norm[n - 1]))
      flags |= A_LEND;
    if (tl_ascii_digit((unsigned char)a->norm[n - 1]))
      flags |= A_DIGIT_END;
  }
  a->flags = flags;
  int idx = (int)d->naliases++;
  if (!n)
    return;
  int first = map_get(&d->by_alias, a->norm);
  if (first < 0) {
    map_put(&d->by_alias, a->norm, idx);
  } else {
    while (d->aliases[first].next_same >= 0)
      first = d->aliases[first].next_same;
    d->aliases[first].next_same = idx;
  }
}

/* The entity whose canonical name is `name`, or reads `norm` once
 * normalized (plain): two canonical names that differ only in case or
 * width are one. -1 when none. */
static int find_canonical(const tl_dict *d, const char *name, const char *norm) {
  int id = map_get(&d->by_name, name);
  return id >= 0 ? id : map_get(&d->by_norm, norm);
}

/* Adds each alias of a `|`-separated alias field. */
static void add_aliases(tl_dict *d, int ent, const char *field, size_t len, const char *file, long line) {
  const char *a = field, *end = field + len;
  for (;;) {
    const char *bar = memchr(a, '|', (size_t)(end - a));
    const char *stop = bar ? bar : end;
    add_alias(d, ent, a, (size_t)(stop - a), file, line);
    if (!bar)
      break;
    a = bar + 1;
  }
}

/* A `+Name ; ; ; aliases` line (field[0] starts with `+`): kept for
 * tl_dict_compile(), which adds the aliases once every file is loaded, so
 * that a user's file can extend a shipped entity whatever the load order.
 * Returns the number of problems (0 or 1). */
static int parse_extension(tl_dict *d, const char *file, long lineno, const char **field, const size_t *flen) {
  const char *name = field[0] + 1;
  size_t nlen = flen[0] - 1;
  trim(&name, &nlen);
  if (nlen == 0) {
    tl_diag(file, lineno, "empty canonical name after '+'");
    return 1;
  }
  if (flen[1] || flen[2]) {
    tl_diag(file, lineno, "'+%.*s' only adds aliases: leave its type and parent empty (they are the entity's own)",
            (int)nlen, name);
    return 1;
  }
  if (flen[3] == 0) {
    tl_diag(file, lineno, "'+%.*s' adds no alias", (int)nlen, name);
    return 1;
  }
  d->exts = tl_xgrow(d->exts, &d->extcap, d->nexts + 1, sizeof *d->exts);
  d->exts[d->nexts++] = (extension){tl_strndup(name, nlen), tl_strndup(field[3], flen[3]), file, lineno};
  return 0;
}

/* Parses one line; returns the number of problems (0 or 1). */
static int parse_line(tl_dict *d, const char *file, long lineno, const char *s, size_t len) {
  trim(&s, &len);
  if (len == 0 || s[0] == '#')
    return 0;
  if (!valid_utf8(s, len)) {
    tl_diag(file, lineno, "invalid UTF-8 (or a NUL byte); dictionaries are UTF-8 text");
    return 1;
  }
  const char *field[4];
  size_t flen[4];
  int nf = 0;
  const char *p = s, *end = s + len;
  for (;;) {
    const char *semi = memchr(p, ';', (size_t)(end - p));
    const char *stop = semi ? semi : end;
    if (nf < 4) {
      field[nf] = p;
      flen[nf] = (size_t)(stop - p);
      trim(&field[nf], &flen[nf]);
    }
    nf++;
    if (!semi)
      break;
    p = semi + 1;
  }
  if (nf != 4) {
    tl_diag(file, lineno,
            "expected 4 fields separated by ';' (canonical ; type ; parent ; aliases), found %d", nf);
    return 1;
  }
  if (flen[0] == 0) {
    tl_diag(file, lineno, "empty canonical name");
    return 1;
  }
  if (field[0][0] == '+')
    return parse_extension(d, file, lineno, field, flen);
  const char *type = NULL;
  for (size_t i = 0; i < sizeof types / sizeof *types; i++)
    if (strlen(types[i]) == flen[1] && strncasecmp(types[i], field[1], flen[1]) == 0)
      type = types[i];
  if (!type) {
    tl_diag(file, lineno, "unknown type '%.*s' (expected org, model, product, person, chip, place or other)",
            (int)flen[1], field[1]);
    return 1;
  }
  char *name = tl_strndup(field[0], flen[0]);
  char *norm = xnorm(field[0], flen[0], TL_NORM_PLAIN);
  int dup = find_canonical(d, name, norm);
  if (dup >= 0) {
    tl_diag(file, lineno, "duplicate canonical name '%s' (first defined at %s:%ld)", name,
            d->ents[dup].file, d->ents[dup].line);
    free(name);
    free(norm);
    return 1;
  }

  d->ents = tl_xgrow(d->ents, &d->entcap, d->nents + 1, sizeof *d->ents);
  int id = (int)d->nents++;
  entity *e = &d->ents[id];
  e->name = name;
  e->norm = norm;
  e->parent = tl_strndup(field[2], flen[2]);
  e->file = file;
  e->line = lineno;
  e->pub = (tl_entity){name, type, "", -1};
  map_put(&d->by_name, name, id);
  if (norm[0] && map_get(&d->by_norm, norm) < 0)
    map_put(&d->by_norm, norm, id);

  if (flen[3] == 0)
    add_alias(d, id, field[0], flen[0], file, lineno);
  else
    add_aliases(d, id, field[3], flen[3], file, lineno);
  return 0;
}

/* Loads one file; the number of problems, or -1 when it cannot be read. */
static int load_file(tl_dict *d, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    tl_diag(path, 0, "cannot read: %s", strerror(errno));
    return -1;
  }
  tl_buf b = TL_BUF_INIT;
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (tl_buf_add(&b, chunk, got)) {
      tl_diag(NULL, 0, "out of memory");
      abort();
    }
  int err = ferror(f) ? errno : 0;
  fclose(f);
  if (err) {
    tl_diag(path, 0, "cannot read: %s", strerror(err));
    tl_buf_free(&b);
    return -1;
  }
  const char *file = intern_file(d, path);
  const char *p = b.data, *end = b.data + b.len;
  if (b.len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  int problems = 0;
  long lineno = 0;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    size_t len = (size_t)(stop - p);
    if (len && p[len - 1] == '\r')
      len--;
    problems += parse_line(d, file, ++lineno, p, len);
    p = nl ? nl + 1 : end;
  }
  tl_buf_free(&b);
  return problems;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int load_path(tl_dict *d, const char *path, int depth) {
  struct stat st;
  if (stat(path, &st) != 0) {
    tl_diag(path, 0, "cannot read: %s", strerror(errno));
    return -1;
  }
  if (!S_ISDIR(st.st_mode))
    return load_file(d, path);
  if (depth >= MAX_DEPTH) {
    tl_diag(path, 0, "folders nested too deep (a symbolic link loop?); not read");
    return 1;
  }
  DIR *dir = opendir(path);
  if (!dir) {
    tl_diag(path, 0, "cannot read: %s", strerror(errno));
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(dir)) != NULL) {
    if (de->d_name[0] == '.')
      continue;
    names = tl_xgrow(names, &cap, n + 1, sizeof *names);
    names[n++] = tl_strdup(de->d_name);
  }
  closedir(dir);
  if (n)
    qsort(names, n, sizeof *names, cmp_names);
  int problems = 0;
  tl_buf full = TL_BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    tl_buf_reset(&full);
    tl_buf_puts(&full, path);
    if (full.len && full.data[full.len - 1] != '/')
      tl_buf_putc(&full, '/');
    tl_buf_puts(&full, names[i]);
    struct stat sub;
    int r = 0;
    if (stat(full.data, &sub) != 0) {
      tl_diag(full.data, 0, "cannot read: %s", strerror(errno));
      r = -1;
    } else if (S_ISDIR(sub.st_mode)) {
      r = load_path(d, full.data, depth + 1);
    } else if (ends_with(names[i], ".dict")) {
      r = load_file(d, full.data);
    }
    problems += r < 0 ? 1 : r;
    free(names[i]);
  }
  tl_buf_free(&full);
  free(names);
  return problems;
}

int tl_dict_load(tl_dict *d, const char *path) {
  d->compiled = 0;
  tl_automaton_free(d->ac);
  d->ac = NULL;
  return load_path(d, path, 0);
}

/* The entity a name finds among canonical names and aliases, or -1. */
static int find_norm(const tl_dict *d, const char *norm) {
  int id = map_get(&d->by_norm, norm);
  if (id >= 0)
    return id;
  for (int a = map_get(&d->by_alias, norm); a >= 0; a = d->aliases[a].next_same)
    if (!(d->aliases[a].flags & (A_BLOCK | A_DISABLED)))
      return d->aliases[a].entity;
  return -1;
}

int tl_dict_find(const tl_dict *d, const char *name) {
  if (!d || !name)
    return -1;
  int id = map_get(&d->by_name, name);
  if (id >= 0)
    return id;
  size_t len = strlen(name);
  /* Most names are short ASCII (`VibeSDK`): normalized on the stack, and
   * once, as text and plain normalization agree on them. */
  char small[128];
  if (tl_normalize_ascii(name, len, 0, small, sizeof small) != SIZE_MAX)
    return find_norm(d, small);
  char *text = xnorm(name, len, 0);
  id = find_norm(d, text);
  free(text);
  if (id < 0) { /* names with Markdown-like characters: `Q*`, `C++_x` */
    char *plain = xnorm(name, len, TL_NORM_PLAIN);
    id = find_norm(d, plain);
    free(plain);
  }
  return id;
}

/* Reports at file:line that `name` names no entity (`what` says where it
 * was named), with a guess among all names and aliases when there is one:
 * "parent 'OpenAi' of 'GPT-5' names no entity (did you mean 'OpenAI'?)". */
static void report_no_entity(const tl_dict *d, const char *name, const char *file, long line, const char *what) {
  int guess = tl_dict_find(d, name);
  if (guess >= 0)
    tl_diag(file, line, "%s (did you mean '%s'?)", what, d->ents[guess].name);
  else
    tl_diag(file, line, "%s", what);
}

/* A parent is named by its exact canonical name: a near miss is reported
 * with its guess, not taken. */
static int resolve_parents(tl_dict *d) {
  int problems = 0;
  for (size_t i = 0; i < d->nents; i++) {
    entity *e = &d->ents[i];
    e->pub.parent_id = -1;
    e->pub.parent = "";
    if (!e->parent[0])
      continue;
    int p = map_get(&d->by_name, e->parent);
    if (p < 0) {
      tl_buf what = TL_BUF_INIT;
      tl_buf_printf(&what, "parent '%s' of '%s' names no entity", e->parent, e->name);
      report_no_entity(d, e->parent, e->file, e->line, what.data);
      tl_buf_free(&what);
      problems++;
      continue;
    }
    e->pub.parent_id = p;
    e->pub.parent = d->ents[p].name;
  }

  /* Cycles: walk up from each entity not seen yet; meeting the current
   * walk again closes a cycle. It is reported at its member defined first
   * and cut there. */
  unsigned char *color = tl_xcalloc(d->nents ? d->nents : 1, 1); /* 0 new, 1 on walk, 2 done */
  int *path = tl_xmalloc((d->nents ? d->nents : 1) * sizeof *path);
  for (size_t i = 0; i < d->nents; i++) {
    size_t n = 0;
    int cur = (int)i;
    while (cur >= 0 && color[cur] == 0) {
      color[cur] = 1;
      path[n++] = cur;
      cur = d->ents[cur].pub.parent_id;
    }
    if (cur >= 0 && color[cur] == 1) {
      size_t from = 0;
      while (path[from] != cur)
        from++;
      size_t first = from;
      for (size_t k = from; k < n; k++)
        if (path[k] < path[first])
          first = k;
      tl_buf msg = TL_BUF_INIT;
      for (size_t k = 0; k < n - from; k++) {
        size_t at = from + (first - from + k) % (n - from);
        tl_buf_printf(&msg, "%s -> ", d->ents[path[at]].name);
      }
      tl_buf_puts(&msg, d->ents[path[first]].name);
      entity *e = &d->ents[path[first]];
      tl_diag(e->file, e->line, "parent cycle: %s", msg.data);
      tl_buf_free(&msg);
      e->pub.parent_id = -1;
      e->pub.parent = "";
      problems++;
    }
    for (size_t k = 0; k < n; k++)
      color[path[k]] = 2;
  }
  free(color);
  free(path);
  return problems;
}

/* The alias as the user wrote it, prefixes included, with invisible
 * characters spelled out: `=Arm`, `!字节码`, `<U+200B>`. */
static void put_alias(tl_buf *b, const alias *a) {
  if (a->flags & A_BLOCK)
    tl_buf_putc(b, '!');
  if (a->flags & A_CASE)
    tl_buf_putc(b, '=');
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)a->written;
  size_t len = strlen(a->written);
  while (len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
    if (k <= 0)
      break;
    const utf8proc_property_t *prop = utf8proc_get_property(cp);
    if (prop->ignorable || prop->category == UTF8PROC_CATEGORY_CC || prop->category == UTF8PROC_CATEGORY_CF)
      tl_buf_printf(b, "<U+%04X>", (unsigned)cp);
    else
      tl_buf_add(b, p, (size_t)k);
    p += k;
    len -= (size_t)k;
  }
}

static void describe(tl_buf *b, const alias *a) {
  tl_buf_puts(b, a->flags & A_BLOCK ? "blocker '" : "alias '");
  put_alias(b, a);
  tl_buf_putc(b, '\'');
}

/* "alias 'x' of 'Owner'" for messages about one alias. */
static void alias_of(tl_buf *b, const tl_dict *d, const alias *a) {
  describe(b, a);
  tl_buf_printf(b, " of '%s'", d->ents[a->entity].name);
}

/* " (file:line)", or " (same line)" when it is where `a` is. */
static void where(tl_buf *b, const alias *other, const alias *a) {
  if (other->file == a->file && other->line == a->line)
    tl_buf_puts(b, " on the same line");
  else
    tl_buf_printf(b, " (%s:%ld)", other->file, other->line);
}

/* The first claim on a normalized alias keeps it. Later aliases of the same
 * entity are fine (tl_dict_check reports true repeats), and so are blockers
 * repeated by several entities: a blocker means the same for everyone. */
static int resolve_conflicts(tl_dict *d) {
  int problems = 0;
  for (size_t i = 0; i < d->naliases; i++)
    d->aliases[i].flags &= ~A_DISABLED;
  for (size_t i = 0; i < d->naliases; i++) {
    alias *a = &d->aliases[i];
    if (!a->norm[0] || map_get(&d->by_alias, a->norm) != (int)i)
      continue;
    for (int j = a->next_same; j >= 0; j = d->aliases[j].next_same) {
      alias *b = &d->aliases[j];
      unsigned ab = a->flags & A_BLOCK, bb = b->flags & A_BLOCK;
      if ((ab && bb) || (ab == bb && a->entity == b->entity))
        continue;
      tl_buf msg = TL_BUF_INIT;
      alias_of(&msg, d, b);
      tl_buf_puts(&msg, " is already claimed by ");
      alias_of(&msg, d, a);
      where(&msg, a, b);
      tl_diag(b->file, b->line, "%s", msg.data);
      tl_buf_free(&msg);
      b->flags |= A_DISABLED;
      problems++;
    }
  }
  return problems;
}

/* Adds the aliases of the `+Name` lines to their entities (by canonical
 * name, exact or normalized) and forgets the lines; the number of lines
 * that name no entity (reported). */
static int add_extensions(tl_dict *d) {
  int problems = 0;
  for (size_t i = 0; i < d->nexts; i++) {
    extension *x = &d->exts[i];
    char *norm = xnorm(x->name, strlen(x->name), TL_NORM_PLAIN);
    int id = find_canonical(d, x->name, norm);
    free(norm);
    if (id < 0) {
      tl_buf what = TL_BUF_INIT;
      tl_buf_printf(&what, "'+%s' adds aliases to an entity that no dictionary defines", x->name);
      report_no_entity(d, x->name, x->file, x->line, what.data);
      tl_buf_free(&what);
      problems++;
    } else {
      add_aliases(d, id, x->aliases, strlen(x->aliases), x->file, x->line);
    }
    free(x->name);
    free(x->aliases);
  }
  d->nexts = 0;
  return problems;
}

int tl_dict_compile(tl_dict *d) {
  int problems = add_extensions(d);
  problems += resolve_parents(d) + resolve_conflicts(d);
  tl_automaton_free(d->ac);
  d->ac = tl_automaton_new();
  if (!d->ac) {
    tl_diag(NULL, 0, "out of memory");
    abort();
  }
  for (size_t i = 0; i < d->naliases; i++) {
    alias *a = &d->aliases[i];
    size_t n = strlen(a->norm);
    if (!n || (a->flags & A_DISABLED))
      continue;
    if (tl_automaton_add(d->ac, a->norm, n, (int)i)) {
      tl_diag(a->file, a->line, "alias '%.40s...' is too long (64 KiB at most)", a->written);
      a->flags |= A_DISABLED;
      problems++;
    }
  }
  if (tl_automaton_build(d->ac)) {
    tl_diag(NULL, 0, "out of memory");
    abort();
  }
  d->compiled = 1;
  return problems;
}

int tl_dict_check(const tl_dict *d) {
  int warnings = 0;
  tl_buf msg = TL_BUF_INIT;
  for (size_t i = 0; i < d->naliases; i++) {
    const alias *a = &d->aliases[i];
    if (a->flags & A_DISABLED)
      continue; /* reported as a conflict by tl_dict_compile() */
    tl_buf_reset(&msg);
    if (!a->written[0]) {
      tl_buf_printf(&msg, "empty alias of '%s' (a stray '|'?) can never match", d->ents[a->entity].name);
    } else if (!a->norm[0]) {
      alias_of(&msg, d, a);
      tl_buf_puts(&msg, " is empty after normalization and can never match");
    } else {
      char *as_text = xnorm(a->written, strlen(a->written), 0);
      if (strcmp(as_text, a->norm) != 0) {
        alias_of(&msg, d, a);
        tl_buf_printf(&msg,
                      " can never match: Markdown, HTML or URL syntax in it reads as a space in text ('%s')",
                      as_text);
      }
      free(as_text);
    }
    for (int j = a->norm[0] && !msg.len ? map_get(&d->by_alias, a->norm) : -1; j >= 0 && j != (int)i;
         j = d->aliases[j].next_same) {
      const alias *b = &d->aliases[j];
      if (b->entity != a->entity || (b->flags & A_BLOCK) != (a->flags & A_BLOCK) || (b->flags & A_DISABLED))
        continue;
      if (!(b->flags & A_CASE) || ((a->flags & A_CASE) && strcmp(a->exact, b->exact) == 0)) {
        alias_of(&msg, d, a);
        tl_buf_puts(&msg, " repeats ");
        describe(&msg, b);
        where(&msg, b, a);
        tl_buf_puts(&msg, " and can never match on its own");
        break;
      }
      if (!(a->flags & A_CASE)) {
        alias_of(&msg, d, a);
        tl_buf_puts(&msg, " matches every case, so the case-sensitive ");
        describe(&msg, b);
        where(&msg, b, a);
        tl_buf_puts(&msg, " never matters");
        break;
      }
    }
    if (msg.len) {
      tl_diag(a->file, a->line, "%s", msg.data);
      warnings++;
    }
  }
  tl_buf_free(&msg);
  return warnings;
}

typedef struct {
  const tl_dict *d;
  const tl_normtext *nt;
  const char *src;
} scan_ctx;

/* Does the source behind normalized [start,end) read exactly `exact`
 * (NFKC, no case folding)? */
static int exact_match(const char *exact, const scan_ctx *c, size_t start, size_t end) {
  size_t from = tl_normtext_origin(c->nt, start);
  const char *span = c->src + from;
  size_t len = tl_normtext_origin(c->nt, end) - from;
  size_t elen = strlen(exact);
  if (len == elen && memcmp(span, exact, len) == 0)
    return 1;
  /* Plain ASCII without spaces or syntax normalizes to itself. */
  int plain = 1;
  for (size_t i = 0; i < len && plain; i++) {
    unsigned char ch = (unsigned char)span[i];
    plain = ch > 0x20 && ch < 0x7f && !strchr("*_~`[]<>", ch);
  }
  if (plain)
    return 0;
  char *norm = xnorm(span, len, TL_NORM_KEEP_CASE);
  int same = strcmp(norm, exact) == 0;
  free(norm);
  return same;
}

static int accept_match(size_t start, size_t end, int id, void *ctx) {
  const scan_ctx *c = ctx;
  const alias *a = &c->d->aliases[id];
  const unsigned char *t = (const unsigned char *)c->nt->text;
  size_t len = c->nt->len;
  if ((a->flags & A_LSTART) && start > 0 && tl_ascii_alnum(t[start - 1]))
    return 0;
  if ((a->flags & A_LEND) && end < len) {
    if (tl_ascii_alnum(t[end]))
      return 0;
    if ((a->flags & A_DIGIT_END) && t[end] == '.' && end + 1 < len && tl_ascii_digit(t[end + 1]))
      return 0;
  }
  if ((a->flags & A_CASE) && !exact_match(a->exact, c, start, end))
    return 0;
  return 1;
}

size_t tl_dict_scan(const tl_dict *d, const tl_normtext *nt, const char *source, tl_dict_match **out) {
  *out = NULL;
  if (!d || !d->compiled || !nt || nt->len == 0)
    return 0;
  scan_ctx c = {d, nt, source};
  tl_ac_match *m = NULL;
  size_t n = 0;
  if (tl_automaton_scan(d->ac, nt->text, nt->len, accept_match, &c, &m, &n) < 0) {
    tl_diag(NULL, 0, "out of memory");
    abort();
  }
  size_t k = 0;
  tl_dict_match *res = n ? tl_xmalloc(n * sizeof *res) : NULL;
  for (size_t i = 0; i < n; i++) {
    const alias *a = &d->aliases[m[i].pattern];
    if (!(a->flags & A_BLOCK))
      res[k++] = (tl_dict_match){m[i].start, m[i].end, a->entity};
  }
  free(m);
  if (!k) {
    free(res);
    res = NULL;
  }
  *out = res;
  return k;
}
