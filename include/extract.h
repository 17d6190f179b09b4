#ifndef TL_EXTRACT_H
#define TL_EXTRACT_H
/*
 * extract: what a digest mentions — entities (DESIGN.md §3-§4) and money
 * amounts (§5) — mapped back to the bytes where it was written.
 *
 * The body of the digest (front matter excluded) is normalized once; the
 * dictionary automaton and the regex rules run over that copy, and where
 * both cover the same text the longer match wins (a rule on a tie: it is
 * the more specific). The money scanner reads the body as written. Every mention and amount knows its byte range in the digest
 * text, its line, and the news item it falls in (0 outside every item). An
 * amount also lists the entities named in its sentence, which is what lets
 * a report say "OpenAI — Oracle: 3000亿美元". Names no dictionary or rule
 * knows are collected too, as candidates for the dictionary.
 *
 * Reads only the digest and the lexicon, so it runs on any thread.
 */
#include <stddef.h>

#include "digest.h"
#include "lexicon.h"
#include "money.h"

typedef struct {
  int item;          /* 1-based item number, 0 outside items */
  int entity;        /* dictionary id, or -1 for a name a regex rule made */
  size_t rule;       /* the rule, when entity is -1 */
  char *canonical;   /* the rule's canonical form ("GPT-5.1"), when entity is -1; owned */
  size_t start, end; /* [start, end): the surface text in the digest text */
  long line;         /* 1-based line of `start` */
} tl_mention;

/* What a mention names, as the tables show it: a dictionary entity, or the
 * canonical form a rule derived with the rule's type and its family as
 * parent (so versions roll up: GPT-5.1 → GPT). Borrowed strings. */
typedef struct {
  const char *name, *type, *parent;
} tl_named;
tl_named tl_mention_named(const tl_lexicon *lx, const tl_mention *m);

typedef struct {
  tl_money money;   /* value, range, currency, kind, qualifier; start/end in the digest text */
  int item;
  long line;
  char usd[48];     /* the USD value, "" when the currency has no rate */
  char *entities;   /* canonical names in the same sentence, ';'-separated, "" when none; owned */
} tl_amount;

/* A name that looks like an entity but is in no dictionary and no rule
 * (candidates.h): material for growing the dictionary. */
typedef struct {
  size_t start, end; /* the surface as written */
  int item;
  long line;
  char *key;         /* normalized, for counting (tl_candidate_key); owned */
} tl_unknown;

typedef struct {
  tl_mention *mentions; /* owned, in text order */
  size_t n_mentions;
  tl_amount *amounts;   /* owned, in text order */
  size_t n_amounts;
  tl_unknown *unknowns; /* owned, in text order */
  size_t n_unknowns;
} tl_extraction;

/* Extracts from a digest. A digest without items to analyse (no date,
 * binary, empty) yields nothing. Returns 0, or -1 when out of memory with
 * *out empty. The caller frees with tl_extraction_free(). */
int tl_extract(const tl_lexicon *lx, const tl_digest *digest, tl_extraction *out);
void tl_extraction_free(tl_extraction *x);

#endif
