#ifndef TL_DICT_H
#define TL_DICT_H
/*
 * dict: the entity dictionary (the .dict files in dictionaries/) and the scan that finds
 * its names in normalized text. The file format and the matching rules are
 * documented for users in dictionaries/README.md; in short, one line is
 *
 *     canonical ; type ; parent ; alias | =CaseSensitive | !blocker
 *
 * Life cycle: tl_dict_new(), tl_dict_load() any number of files and
 * folders, tl_dict_compile() once, then tl_dict_scan() from any number of
 * threads (a compiled dictionary is read-only). Loading again after
 * compiling is allowed but needs another tl_dict_compile(); until then the
 * scan finds nothing.
 *
 * Invariants:
 *  - Entity ids are 0 .. tl_dict_size() - 1, in load order.
 *  - Canonical names are unique, also after normalization (`OpenAI` and
 *    `openai` cannot both be canonical names).
 *  - After compiling, no normalized alias belongs to two entities, and
 *    following parent_id always ends at -1 (cycles are reported and cut).
 *  - A bad line is reported and left out; every good line is kept.
 *
 * Example:
 *     tl_dict *d = tl_dict_new();
 *     int problems = tl_dict_load(d, "dictionaries");
 *     problems += tl_dict_compile(d);
 *     tl_normtext nt;
 *     tl_normalize(src, len, &nt);
 *     tl_dict_match *m;
 *     size_t n = tl_dict_scan(d, &nt, src, &m);
 *     for (size_t i = 0; i < n; i++)
 *       printf("%s at byte %zu\n", tl_dict_entity(d, m[i].entity)->name,
 *              tl_normtext_origin(&nt, m[i].start));
 *     free(m);
 *     tl_normtext_free(&nt);
 *     tl_dict_free(d);
 */
#include <stddef.h>

#include "normalize.h"

typedef struct tl_dict tl_dict;

typedef struct {
  const char *name;   /* canonical name, as written */
  const char *type;   /* "org", "model", "product", "person", "chip", "place" or "other" */
  const char *parent; /* canonical name of the parent, "" when none */
  int parent_id;      /* -1 none; resolved by tl_dict_compile() */
} tl_entity;

typedef struct {
  size_t start, end; /* [start,end) in the NORMALIZED text */
  int entity;
} tl_dict_match;

/* An empty dictionary; the caller frees with tl_dict_free(). Aborts when out
 * of memory (a dictionary is needed for anything at all). */
tl_dict *tl_dict_new(void);
void tl_dict_free(tl_dict *d);

/* Loads one .dict file, or every *.dict file of a folder (sorted by name,
 * recursing into sub-folders; names starting with `.` are skipped), on top
 * of what is loaded. Every problem is reported with tl_diag(file, line,
 * ...). Returns the number of problems found (0 = clean); -1 when the path
 * cannot be read (also reported). Loading stops at nothing: good lines are
 * kept. Problems found here: wrong number of fields, unknown type, empty
 * canonical name, duplicate canonical name, invalid UTF-8, unreadable
 * files inside a folder, a `+Name` line with a type or parent or no alias.
 * A `+Name ; ; ; aliases` line adds aliases to the entity Name of any file
 * loaded before or after it: tl_dict_compile() adds them. */
int tl_dict_load(tl_dict *d, const char *path);

/* Call once after loading, before scanning: adds the aliases of `+Name`
 * lines to their entities (after every alias loaded so far), resolves
 * parents, reports `+Name` lines that name no entity, parents that name no
 * entity, parent cycles and aliases claimed by two entities (the first
 * claim, in load order, keeps the alias), and builds the automaton.
 * Returns the number of problems like tl_dict_load(). */
int tl_dict_compile(tl_dict *d);

/* Reports, as warnings with file:line, aliases that can never match:
 * empty after normalization, made of Markdown/HTML/URL syntax that
 * normalization removes from text (`Q*`, `[x]`), or listed twice for the
 * same entity (a case-sensitive `=X` next to a plain `X` counts: the plain
 * one already matches everything). Aliases hidden by a longer alias of
 * another entity are NOT reported: they still match elsewhere. Returns the
 * number of warnings. For `trendlens dict check`. */
int tl_dict_check(const tl_dict *d);

size_t tl_dict_size(const tl_dict *d);
/* The entity with this id, NULL when out of range. Owned by the dictionary;
 * valid until the next tl_dict_load() or tl_dict_free(). */
const tl_entity *tl_dict_entity(const tl_dict *d, int id);

/* Looks up an entity by canonical name or by any alias (normalized like
 * text: `ＮＶＩＤＩＡ`, `nvidia` and `英伟达` all find Nvidia); -1 when
 * unknown. Blockers find nothing. */
int tl_dict_find(const tl_dict *d, const char *name);

/* Scans normalized text (from tl_normalize() of `source`) and returns the
 * leftmost-longest non-overlapping mentions, in text order, blockers
 * removed. A Latin end of an alias (an ASCII letter or digit) matches only
 * where the text has no ASCII letter or digit next to it, and an alias
 * ending in a digit does not match before `.digit` (`GPT-5` is not in
 * `GPT-5.1`). Case-sensitive aliases are checked against the source bytes
 * behind the match, NFKC-normalized without case folding. Returns the
 * number of matches; *out is malloc'd (the caller frees), NULL when there
 * are none. Aborts when out of memory. */
size_t tl_dict_scan(const tl_dict *d, const tl_normtext *nt, const char *source, tl_dict_match **out);

#endif
