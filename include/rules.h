#ifndef TL_RULES_H
#define TL_RULES_H
/*
 * rules: regular-expression rules for open-ended families of names (model
 * versions such as "GPT-5.1-Codex-Max", "Qwen3-VL-30B-A3B", chips such as
 * "H100"), the half of entity extraction that a fixed alias list cannot do.
 *
 * A rules file (format in dictionaries/README.md, "Regex rules") has one
 * rule a line:
 *     family ; type ; keys ; template ; pattern
 *     Qwen ; model ; qwen ; Qwen${v}${rest:hyphen} ; qwen ?(?<v>\d+(?:\.\d+)?)(?<rest>(?:-[a-z0-9]+)*)
 * and `@spell` lines that give words their conventional casing
 * ("@spell VL TTS 4o").
 *
 * Invariants:
 *  - Rules run on NORMALIZED text (tl_normalize(): NFKC, Latin lowercased,
 *    white space folded), so patterns and keys are written in lowercase.
 *  - A rule is tried only where one of its keys starts in the text, and its
 *    match starts there (patterns are compiled anchored). That is the whole
 *    speed story: text without any key costs two table lookups every
 *    second byte (the tl_pairfilter of the tl_rules, see pairfilter.h) and
 *    never reaches PCRE2.
 *  - A match never starts or ends inside a Latin word: a key that starts
 *    with an ASCII letter or digit is ignored right after one, and a match
 *    whose last character is an ASCII letter or digit must not be followed by
 *    one ("h100" is found neither in "h1000" nor in "sh100"). CJK has no word
 *    boundaries: "英伟达h100芯片" yields "H100".
 *  - Matches are leftmost, then longest, then earliest rule in load order;
 *    they never overlap. A match is at most TL_RULES_MAX_MATCH bytes long.
 *  - A loaded tl_rules is read-only: any number of threads may scan with the
 *    same one at once.
 *
 * Example:
 *     tl_rules *r = tl_rules_new();
 *     if (tl_rules_load(r, "dictionaries/rules.txt") != 0) ...;  // reported
 *     tl_rule_match *m;
 *     size_t n = tl_rules_scan(r, "openai发布gpt-5.1-codex-max", 29, &m);
 *     // n == 1, m[0].canonical "GPT-5.1-Codex-Max", m[0].start 12,
 *     // tl_rules_family(r, m[0].rule) "GPT"
 *     tl_rule_matches_free(m, n);
 *     tl_rules_free(r);
 */
#include <stddef.h>

#define TL_RULES_MAX_MATCH 256

typedef struct tl_rules tl_rules; /* opaque; the caller frees with tl_rules_free() */

/* An empty rule set (scanning it finds nothing). Never NULL: aborts when out
 * of memory. The caller frees with tl_rules_free(). */
tl_rules *tl_rules_new(void);
void tl_rules_free(tl_rules *r);

/* Adds the rules and spellings of the file at `path` to those already loaded,
 * so a user file can extend the shipped one. Every problem (a line without
 * five fields, a bad key or template, a pattern that does not compile — with
 * PCRE2's message and the offset in the pattern) is reported with
 * tl_diag(path, line, ...) and that line is skipped; the other lines load.
 * Returns the number of problems (0: all well), or -1 when the file cannot
 * be read, with `r` unchanged. Not thread-safe: load before scanning. */
int tl_rules_load(tl_rules *r, const char *path);

/* Number of rules loaded; rules are numbered 0.. in load order. */
size_t tl_rules_count(const tl_rules *r);

/* What rule `i` says and where it was written, for validation against the
 * dictionary (the family should be a canonical entity name there) and for
 * messages. The strings belong to `r`; NULL / 0 when `i` is out of range. */
const char *tl_rules_family(const tl_rules *r, size_t i);
const char *tl_rules_type(const tl_rules *r, size_t i);
const char *tl_rules_file(const tl_rules *r, size_t i);
long tl_rules_line(const tl_rules *r, size_t i);

typedef struct {
  size_t start, end; /* [start,end): byte offsets in the scanned text */
  size_t rule;       /* index of the rule that matched */
  char *canonical;   /* e.g. "Claude Sonnet 4.5"; owned by the match array */
} tl_rule_match;

/* Finds the leftmost-longest, non-overlapping matches of all rules in
 * text[0..len) (NUL bytes and invalid UTF-8 are allowed; nothing matches
 * across them) and stores them in order of position in *out, a malloc'd
 * array the caller frees with tl_rule_matches_free(*out, n). Returns n;
 * with no match, *out is NULL. Thread-safe: all scratch memory is per call.
 * Example: "claude 3.5 sonnet和opus 4.5" gives "Claude 3.5 Sonnet" [0,17)
 * and "Claude Opus 4.5" [20,28). */
size_t tl_rules_scan(const tl_rules *r, const char *text, size_t len, tl_rule_match **out);

/* Frees a match array and every canonical string in it. NULL is fine. */
void tl_rule_matches_free(tl_rule_match *m, size_t n);

/* Expands rule `i`'s template for a text that the rule matches entirely,
 * as a scan would: tl_rules_canonical(r, i, "gpt5", 4) gives "GPT-5".
 * For tools such as `trendlens dict check` and for tests. The caller frees;
 * NULL when `i` is out of range or the rule does not match all of `text`. */
char *tl_rules_canonical(const tl_rules *r, size_t i, const char *text, size_t len);

#endif
