#ifndef TL_NORMALIZE_H
#define TL_NORMALIZE_H
/*
 * normalize: the text that dictionary matching runs on, with a map back to
 * the source so that every match can name the exact byte and line where it
 * was written.
 *
 * What normalization does, in order of appearance in the source:
 *  - NFKC (utf8proc): full-width letters, Kangxi-radical look-alikes and CJK
 *    compatibility ideographs become the ordinary characters (`ＯｐｅｎＡＩ`,
 *    `⽇` -> `日`); base letters and combining marks are composed.
 *  - Case folding (full Unicode folding; for Latin text: A-Z -> a-z).
 *  - Default-ignorable characters vanish: zero-width space/joiners, BOM, soft
 *    hyphen, variation selectors, bidi marks.
 *  - White space (CR, LF, tabs, U+3000, NBSP, ...) and control characters
 *    (NUL included) fold: each run becomes one space, except that a run with
 *    exactly one line break between two CJK characters becomes nothing, so a
 *    Chinese name broken by a hard newline (`英伟\n达`) still reads `英伟达`.
 *  - Markdown and HTML syntax gets out of the way: runs of `*`, `` ` ``, `~~`,
 *    `_` (unless inside a word, as in `gpt_oss`), the link brackets `[` `]`,
 *    link destinations `](...)`, reference labels `][...]`, HTML tags,
 *    comments and autolinks `<...>`, and bare URLs (`https://...`, `www....`)
 *    each become a separator, which folds with neighbouring white space into
 *    one space. So `**OpenAI**公司` reads `openai 公司`, and no name matches
 *    inside a URL or across a tag.
 *  - Invalid UTF-8 never fails: each bad byte reads as U+FFFD.
 *
 * Invariants of a tl_normtext:
 *  - `text` is valid UTF-8 of `len` bytes, NUL-terminated, with no NUL inside.
 *  - Every normalized byte i has an origin, tl_normtext_origin(nt, i): the
 *    byte offset in the source of the character that produced it (a
 *    separator points at the first byte of the run it replaced). All bytes
 *    of one normalized character share one origin, origins never decrease,
 *    and the origin of `len` is the source length. So the source bytes
 *    behind normalized [s, e) are source[origin(s) .. origin(e)).
 *  - The origins are kept as `anchors`, not one per byte: most text is
 *    copied character for character, each normalized character as long as
 *    the source character it came from, and there the origin follows from
 *    the last anchor. An anchor {at, src} says that the character at
 *    normalized offset `at` comes from source offset `src` and that the
 *    copy goes on from there until the next anchor. Anchors are sorted by
 *    `at`, the first is at 0 (when len > 0), and there is one where a run
 *    of white space folds, syntax vanishes, or NFKC changes a length: a few
 *    per line of Markdown, instead of 8 bytes per byte of text.
 *
 * Example:
 *     tl_normtext nt;
 *     if (tl_normalize("**ＯｐｅｎＡＩ**与英伟\n达", n, &nt) == 0) {
 *       // nt.text == " openai 与英伟达"
 *       tl_normtext_free(&nt);
 *     }
 */
#include <stddef.h>
#include <stdint.h> /* SIZE_MAX, which tl_normalize_ascii() returns */

/* See "The origins are kept as anchors" above. */
typedef struct {
  size_t at;  /* normalized offset of a character */
  size_t src; /* source offset it comes from */
} tl_norm_anchor;

typedef struct {
  char *text;              /* normalized UTF-8, NUL-terminated; owned */
  size_t len;
  tl_norm_anchor *anchors; /* n_anchors, sorted by `at`; owned */
  size_t n_anchors;
  size_t source_len;       /* the origin of `len` */
} tl_normtext;

/* Options for tl_normalize_opts(); 0 is what tl_normalize() does. */
enum {
  /* Keep letter case (NFKC only): used to check case-sensitive aliases. */
  TL_NORM_KEEP_CASE = 1u << 0,
  /* Treat Markdown, HTML and URL syntax as ordinary characters: used for
   * dictionary aliases, which are names, not Markdown. */
  TL_NORM_PLAIN = 1u << 1,
};

/* Normalizes src[0..len) (valid UTF-8 expected; bytes of invalid UTF-8 read
 * as U+FFFD). Returns 0, or -1 on allocation failure with *out untouched.
 * The caller frees with tl_normtext_free(). */
int tl_normalize(const char *src, size_t len, tl_normtext *out);
/* tl_normalize() with TL_NORM_* flags. */
int tl_normalize_opts(const char *src, size_t len, unsigned flags, tl_normtext *out);
/* Releases both arrays and leaves an empty tl_normtext; NULL is fine. */
void tl_normtext_free(tl_normtext *nt);

/* The source offset behind normalized byte i (0 <= i <= len; see the
 * invariants above), found by a binary search of the anchors. Example:
 * for "ＡＢ c" normalized to "ab c", the origins of 0, 1, 2, 3, 4 are 0,
 * 3, 6, 7, 8. */
size_t tl_normtext_origin(const tl_normtext *nt, size_t i);

/* Normalizes a short string (an alias, a name typed on the command line)
 * like text, without leading or trailing space: `"  **GPT-5**\n"` -> "gpt-5".
 * The caller frees. NULL when out of memory. */
char *tl_normalize_string(const char *s);
/* Same for s[0..len) with TL_NORM_* flags. The caller frees; NULL when out
 * of memory. */
char *tl_normalize_string_opts(const char *s, size_t len, unsigned flags);

/* The fast path of tl_normalize_string_opts(), into the caller's buffer:
 * for ASCII that normalization only case-folds (each run of white space
 * and controls becomes one space, none at either end), writes exactly what
 * tl_normalize_string_opts(s, len, flags) would return into buf,
 * NUL-terminated, and returns its length, with no allocation. Returns
 * SIZE_MAX, with buf unspecified, when s holds a non-ASCII byte, when
 * (without TL_NORM_PLAIN) it holds one of `*` `_` `~` `` ` `` `[` `]` `<`
 * or a URL start (`http://`, `https://`, `www.x` not right after a letter
 * or digit), or when len >= cap: then the caller takes the general path.
 * Without TL_NORM_PLAIN, a success also means that the TL_NORM_PLAIN
 * result is the same string. Example:
 *     char key[128];
 *     tl_normalize_ascii("ToMoviee  AI", 12, 0, key, sizeof key); // 11, "tomoviee ai" */
size_t tl_normalize_ascii(const char *s, size_t len, unsigned flags, char *buf, size_t cap);

#endif
