#ifndef TL_CANDIDATES_H
#define TL_CANDIDATES_H
/*
 * candidates: names that look like entities but that the dictionary does
 * not know, so that a user can grow the dictionary (`candidates.csv`).
 *
 * A candidate is one of:
 *  - a Latin-script name: a word with a name's shape (`VibeSDK`, `LLM-8850`,
 *    `ToolUniverse`, `Etsy` in Chinese text) or a run of capitalised words
 *    (`ToMoviee AI`, `Economic Futures Research Fund`, `Bank of Lumeria`),
 *    wherever it is written: prose, bold, headings, link text, tables;
 *  - a CJK name in front of a company or model word: `宇树科技`, `蚂蚁集团`
 *    (科技 and 集团 are part of the name), `甲骨文` in `甲骨文公司`, `星火` in
 *    `星火大模型`;
 *  - a transliterated person's name written with a middle dot (`帕万·达武鲁里`).
 *
 * What is never a candidate: text in code (fences and `spans`), URLs, link
 * destinations, images, HTML tags and entities, @handles; numbers and words
 * that start with a digit; all-lowercase words; snake_case and file or
 * domain names (`README.md`, `arxiv.org`); common English words and generic
 * acronyms (`The`, `Read more`, `API`, `CEO`, month and day names) unless
 * they are part of a longer name (`Zhipu AI`); a capitalised word that only
 * opens an English sentence; every word of a Title-Case headline that is
 * not name-shaped on its own; anything in a level-1/2 heading without
 * Chinese (section labels such as `## Hacker News`); source lines (`📰`,
 * `来源：`) and sections under a 来源/Sources heading, which name outlets
 * that the dictionary leaves out on purpose; CJK fragments such as 这家公司,
 * 该公司, 一家公司, 大模型, 语言模型, 初创公司 or 科技巨头.
 *
 * Invariants of the result:
 *  - Candidates are in text order and never overlap each other or a
 *    dictionary mention; each range starts and ends on a UTF-8 character
 *    boundary with no space or punctuation at either end.
 *  - The normalized form of a candidate is never an alias in the
 *    dictionary.
 *  - Nothing is kept between calls: any number of threads may call
 *    tl_candidates_find() at once with the same compiled dictionary.
 *
 * Cost: a few table look-ups per character of the body, more where a name
 * may be; syntax ranges (URLs, link destinations, code) are stepped over
 * whole; each distinct Latin word is typed once per call and the
 * dictionary asked once per distinct surviving name. The digest's text must be as load.h makes it (valid UTF-8, NUL-terminated),
 * which every tl_digest_read()/tl_digest_parse() digest is.
 *
 * Example:
 *     tl_extraction x;
 *     tl_extract(lexicon, &digest, &x);
 *     tl_candidate *c;
 *     size_t n = tl_candidates_find(lexicon->dict, &digest, &x, &c);
 *     for (size_t i = 0; i < n; i++) {
 *       char *key = tl_candidate_key(digest.src.text + c[i].start, c[i].end - c[i].start);
 *       printf("%s\t%.*s\n", key, (int)(c[i].end - c[i].start), digest.src.text + c[i].start);
 *       free(key);
 *     }
 *     free(c);
 */
#include <stddef.h>

#include "dict.h"
#include "digest.h"
#include "extract.h"

typedef struct {
  size_t start, end; /* [start,end) in the digest text: the surface as written */
} tl_candidate;

/* Finds the candidate names in the body of digest d (the text after the
 * front matter), skipping any that overlap a mention or an amount of x
 * (NULL: none) or whose normalized form is a known alias
 * (tl_dict_find(dict, name) >= 0; dict may be NULL). A binary or empty
 * digest has none. Returns the count, in text order; *out is malloc'd and
 * the caller frees it (NULL when there are none). Aborts when out of
 * memory, like the rest of the extract stage. Thread-safe. */
size_t tl_candidates_find(const tl_dict *dict, const tl_digest *d, const tl_extraction *x,
                          tl_candidate **out);

/* The key that candidates are counted under across documents: NFKC and case
 * folding as for dictionary aliases (tl_normalize_string()), so `ＶｉｂｅＳＤＫ`,
 * `VibeSDK` and `vibesdk` count as one name while the example keeps the
 * surface. The caller frees; NULL when out of memory. */
char *tl_candidate_key(const char *surface, size_t len);

#endif
