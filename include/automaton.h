#ifndef TL_AUTOMATON_H
#define TL_AUTOMATON_H
/*
 * automaton: finds many byte patterns in one pass over a text (Aho–Corasick
 * over a byte trie with sparse, sorted transitions) and picks the
 * leftmost-longest non-overlapping matches among the candidates a caller
 * accepts.
 *
 * Semantics of tl_automaton_scan(): of all occurrences of all patterns, the
 * ones the caller's `accept` rejects do not exist. Of the rest, the match
 * that starts first wins, the longest one when several start there; the
 * scan goes on after its end, so matches never overlap. A rejected long
 * candidate never hides a shorter accepted one (`metadata` rejecting `meta`
 * still lets `data` match).
 *
 * Invariants:
 *  - Patterns are added, then tl_automaton_build() freezes the automaton;
 *    after that it is read-only, and any number of threads may scan with
 *    it at once.
 *  - A pattern is a non-empty byte string (NUL allowed); the same bytes may
 *    be added under several ids: `accept` is asked about each, in the order
 *    they were added, and the first accepted one is the match.
 *  - Memory, once built: 24 bytes per trie state plus 5 per transition
 *    (one transition per state but the root). The states within four
 *    bytes of the root (a CJK name's first character and the first byte
 *    of its second), and the rare deeper ones with 16 or more transitions,
 *    also have a complete row of 4-byte moves, failure links included,
 *    so that most bytes cost one addition and one load. A row has one
 *    move per byte value that occurs in some pattern, plus one shared by
 *    all other bytes.
 *
 * Why this layout, in figures measured when it was designed (the shipped
 * dictionary of that time, the benchmark digests, one 2 GHz machine; they
 * illustrate, they are no guarantee: tl_automaton_states() and
 * tl_automaton_memory() tell today's, and tests/bench/stage_costs.c the
 * speed):
 * 1700 aliases made 10800 states, 2200 of them with a row of 118 moves,
 * 1.3 MiB in all, where rows for every state would take 5 MiB. A scan cost
 * about 4 ns per byte, mostly waiting for rows (more of them hardly
 * helped). In instructions, a byte cost about 9 (a load and a comparison
 * in the scan's fast path, see tl_automaton_scan()), 14 on average with
 * matches and deeper states: that path took over 90% of the bytes.
 * (Skipping ahead from the root with a filter of the bytes that can start
 * a pattern was tried: in Chinese text the filter must look at a whole
 * character, and it cost more per byte than the fast path's load does.)
 *
 * Example:
 *     tl_automaton *a = tl_automaton_new();
 *     tl_automaton_add(a, "阿里", strlen("阿里"), 1);
 *     tl_automaton_add(a, "阿里云", strlen("阿里云"), 2);
 *     tl_automaton_build(a);
 *     tl_ac_match *m = NULL; size_t n = 0;
 *     tl_automaton_scan(a, text, len, NULL, NULL, &m, &n);  // 阿里云 -> id 2
 *     free(m);
 *     tl_automaton_free(a);
 */
#include <stddef.h>

typedef struct tl_automaton tl_automaton;
typedef struct {
  size_t start, end; /* [start,end) in the scanned text */
  int pattern;       /* the id given to tl_automaton_add() */
} tl_ac_match;

/* Asked about each candidate: nonzero accepts it. A candidate overlapping
 * a match already made is not asked about; otherwise the order is
 * unspecified (a long text is scanned as two halves at once, see
 * tl_automaton_scan()), so the answer must depend on the candidate alone. */
typedef int (*tl_ac_accept_fn)(size_t start, size_t end, int id, void *ctx);

/* An empty automaton; the caller frees with tl_automaton_free(). NULL when
 * out of memory. */
tl_automaton *tl_automaton_new(void);
void tl_automaton_free(tl_automaton *a);

/* Adds pattern[0..len) with the caller's `id`. -1 when len is 0 or above
 * 65535, after tl_automaton_build(), or out of memory (the automaton is
 * unchanged). */
int tl_automaton_add(tl_automaton *a, const char *pattern, size_t len, int id);

/* Computes the failure links and freezes the automaton. -1 when out of
 * memory, or when the rows would hold 2^31 moves or more (the automaton can
 * still take patterns and be built again). */
int tl_automaton_build(tl_automaton *a);

/* Scans text[0..len) once and appends the leftmost-longest non-overlapping
 * accepted matches, in text order, to the malloc'd array *out of *n
 * elements (*out may be NULL when *n is 0); the caller frees *out.
 * `accept` NULL accepts every candidate. Returns the number of matches
 * appended, or -1 when out of memory or not built (*out and *n as they
 * were).
 * A text of 256 bytes or more is cut at a byte that occurs in no pattern
 * (no match can hold it, and the automaton is back at its root after it),
 * near the middle, and the halves are scanned in one loop, a byte of each
 * in turn: a scan mostly waits for each row, chosen by the step before, and
 * two independent chains of steps wait together.
 * Fast path: while both halves are in states with a row that end no
 * pattern, and no candidate is pending, a step is one load from the row
 * and one comparison; the first move out of that territory is finished
 * by the general step (failure links, candidates, `accept`). */
long tl_automaton_scan(const tl_automaton *a, const char *text, size_t len, tl_ac_accept_fn accept,
                       void *ctx, tl_ac_match **out, size_t *n);

/* Number of trie states and bytes of memory in use: for tests and the
 * benchmark. */
size_t tl_automaton_states(const tl_automaton *a);
size_t tl_automaton_memory(const tl_automaton *a);

#endif
