#include "extract.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "candidates.h"
#include "keymap.h"
#include "load.h"

/* The item whose byte range holds `offset`: items are in text order and do
 * not overlap, so a binary search finds it. 0 when none does. */
static int item_at(const tl_itemlist *items, size_t offset) {
  size_t lo = 0, hi = items->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (items->items[mid].start <= offset)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0)
    return 0;
  const tl_item *it = &items->items[lo - 1];
  return offset < it->end ? (int)lo : 0;
}

/* Length of a zero-width character (U+200B..U+200D, U+2060, U+FEFF) that
 * ends at text[end], or 0. Normalization drops them, so a match can end
 * just after one; the surface should not. */
static size_t zero_width_before(const char *text, size_t start, size_t end) {
  if (end - start < 3)
    return 0;
  const unsigned char *p = (const unsigned char *)text + end - 3;
  if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x8B && p[2] <= 0x8D)
    return 3;
  if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0xA0)
    return 3;
  if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
    return 3;
  return 0;
}

/* One match on the normalized text, from the dictionary or from a rule. */
typedef struct {
  size_t start, end;
  int entity;      /* dictionary id, -1 for a rule */
  size_t rule;
  char *canonical; /* rule matches: owned until handed to a mention */
} candidate;

/* Merges dictionary and rule matches (each already sorted and free of
 * overlaps) into one list without overlaps: where two overlap, the longer
 * wins, and a rule wins a tie. Frees the canonical forms that lose. */
static size_t merge_matches(candidate *all, size_t n) {
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    candidate *c = &all[i];
    if (kept && c->start < all[kept - 1].end) {
      candidate *last = &all[kept - 1];
      size_t lc = c->end - c->start, ll = last->end - last->start;
      int c_wins = lc > ll || (lc == ll && c->entity < 0 && last->entity >= 0);
      candidate *loser = c_wins ? last : c;
      free(loser->canonical);
      loser->canonical = NULL;
      if (c_wins)
        *last = *c;
      continue;
    }
    all[kept++] = *c;
  }
  return kept;
}

static int by_start(const void *a, const void *b) {
  const candidate *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->entity < y->entity ? -1 : x->entity > y->entity; /* rules (-1) first on a tie */
}

static int find_mentions(const tl_lexicon *lx, const tl_digest *digest, size_t body, const tl_lines *lines,
                         tl_extraction *out) {
  const char *text = digest->src.text;
  tl_normtext nt;
  if (tl_normalize(text + body, digest->src.len - body, &nt) < 0)
    return -1;
  tl_dict_match *words = NULL;
  size_t n_words = tl_dict_scan(lx->dict, &nt, text + body, &words);
  tl_rule_match *ruled = NULL;
  size_t n_ruled = lx->rules ? tl_rules_scan(lx->rules, nt.text, nt.len, &ruled) : 0;
  candidate *all = tl_xmalloc((n_words + n_ruled + 1) * sizeof *all);
  size_t n = 0;
  for (size_t i = 0; i < n_words; i++)
    all[n++] = (candidate){words[i].start, words[i].end, words[i].entity, 0, NULL};
  for (size_t i = 0; i < n_ruled; i++) {
    if (lx->family[ruled[i].rule] < 0)
      continue; /* its unknown family was reported at load: the rule names nothing */
    all[n++] = (candidate){ruled[i].start, ruled[i].end, -1, ruled[i].rule, ruled[i].canonical};
    ruled[i].canonical = NULL; /* handed over */
  }
  tl_rule_matches_free(ruled, n_ruled);
  free(words);
  qsort(all, n, sizeof *all, by_start);
  n = merge_matches(all, n);
  if (n)
    out->mentions = tl_xmalloc(n * sizeof *out->mentions);
  for (size_t i = 0; i < n; i++) {
    tl_mention *m = &out->mentions[out->n_mentions++];
    m->entity = all[i].entity;
    m->rule = all[i].rule;
    m->canonical = all[i].canonical;
    m->start = body + tl_normtext_origin(&nt, all[i].start);
    m->end = body + tl_normtext_origin(&nt, all[i].end);
    size_t zw;
    while ((zw = zero_width_before(text, m->start, m->end)) != 0)
      m->end -= zw;
    m->line = tl_lines_find(lines, m->start);
    m->item = item_at(&digest->items, m->start);
  }
  free(all);
  tl_normtext_free(&nt);
  return 0;
}

tl_named tl_mention_named(const tl_lexicon *lx, const tl_mention *m) {
  if (m->entity >= 0) {
    const tl_entity *e = tl_dict_entity(lx->dict, m->entity);
    return (tl_named){e->name, e->type, e->parent};
  }
  return (tl_named){m->canonical, tl_rules_type(lx->rules, m->rule), tl_rules_family(lx->rules, m->rule)};
}

/* ---- the sentence around an amount ---- */

/* The width of the sentence terminator that starts at text[i], or 0: a
 * full-width 。！？； , an ASCII . ! ? ; before a space, a line break or
 * the end, or a blank line (the end of a paragraph). */
static int ends_sentence(const char *text, size_t i, size_t len) {
  static const char *const stops[] = {"。", "！", "？", "；"};
  switch ((unsigned char)text[i]) {
  case 0xE3: /* 。 */
  case 0xEF: /* ！？； */
    for (size_t k = 0; k < sizeof stops / sizeof *stops; k++)
      if (i + 3 <= len && memcmp(text + i, stops[k], 3) == 0)
        return 3;
    return 0;
  case '.':
  case '!':
  case '?':
  case ';':
    return i + 1 >= len || text[i + 1] == ' ' || text[i + 1] == '\n';
  case '\n':
    return i + 1 < len && (text[i + 1] == '\n' || (text[i + 1] == '\r' && i + 2 < len && text[i + 2] == '\n'));
  default:
    return 0;
  }
}

/* 1 when a sentence terminator occupies [s - width, s). */
static int sentence_ends_at(const char *text, size_t lo, size_t s, size_t hi) {
  return (s - lo >= 3 && ends_sentence(text, s - 3, hi) == 3) || (s - lo >= 1 && ends_sentence(text, s - 1, hi) == 1);
}

/* The sentence found for the previous amount of a digest. Amounts come in
 * text order and often share a sentence, so the next one starts from what
 * this one learnt: without it, a long line with no full stop and many
 * amounts in it would be walked once per amount (quadratic). */
typedef struct {
  size_t lo, hi;      /* the item (or body) it was searched in */
  size_t start, end;  /* the amount's bytes */
  size_t from, to;    /* its sentence */
  const char *names;  /* entities_between(from, to); owned by the amount */
} sentence_memo;

/* [*from, *to): the sentence holding text[start, end), within [lo, hi).
 * When the previous amount `memo` (if any) lies in the same [lo, hi), the
 * walks stop where they would only repeat its walks: walking back from
 * `start` reaches memo->start and then goes on exactly as the memo's walk
 * did, and walking forward from an `end` inside [memo->end, memo->to]
 * is the tail of the memo's forward walk. */
static void sentence_around(const char *text, size_t lo, size_t hi, size_t start, size_t end,
                            const sentence_memo *memo, size_t *from, size_t *to) {
  int same_span = memo && memo->lo == lo && memo->hi == hi;
  size_t s = start;
  while (s > lo && !sentence_ends_at(text, lo, s, hi)) {
    if (same_span && s == memo->start) {
      s = memo->from;
      break;
    }
    s--;
  }
  size_t e = end;
  if (same_span && e >= memo->end && e <= memo->to)
    e = memo->to;
  else
    while (e < hi && !ends_sentence(text, e, hi))
      e++;
  *from = s;
  *to = e;
}

/* The canonical names of the mentions inside [from, to), each once, in the
 * order they appear, ';'-separated. The caller frees. */
static char *entities_between(const tl_lexicon *lx, const tl_extraction *x, size_t from, size_t to) {
  tl_buf names = TL_BUF_INIT;
  tl_names seen = TL_NAMES_INIT; /* a hash, so that a sentence with many names stays linear */
  size_t lo = 0, hi = x->n_mentions;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (x->mentions[mid].start < from)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (size_t i = lo; i < x->n_mentions && x->mentions[i].start < to; i++) {
    const char *name = tl_mention_named(lx, &x->mentions[i]).name;
    int created = 0;
    tl_names_get(&seen, name, &created);
    if (!created)
      continue;
    if (names.len)
      tl_buf_putc(&names, ';');
    tl_buf_puts(&names, name);
  }
  tl_names_free(&seen);
  char *s = tl_buf_detach(&names);
  return s ? s : tl_strdup("");
}

static void find_amounts(const tl_lexicon *lx, const tl_digest *digest, size_t body, const tl_lines *lines,
                         tl_extraction *out) {
  const char *text = digest->src.text;
  tl_money *found = NULL;
  size_t n = tl_money_scan(text + body, digest->src.len - body, &found);
  if (n)
    out->amounts = tl_xmalloc(n * sizeof *out->amounts);
  sentence_memo memo = {0};
  for (size_t i = 0; i < n; i++) {
    tl_amount *a = &out->amounts[out->n_amounts++];
    a->money = found[i];
    a->money.start += body;
    a->money.end += body;
    a->item = item_at(&digest->items, a->money.start);
    a->line = tl_lines_find(lines, a->money.start);
    if (tl_rates_usd(&lx->rates, a->money.value, a->money.currency, a->usd) < 0)
      a->usd[0] = '\0';
    /* the sentence, kept inside the item (or the body for item 0) */
    size_t lo = body, hi = digest->src.len;
    if (a->item) {
      lo = digest->items.items[a->item - 1].start;
      hi = digest->items.items[a->item - 1].end;
    }
    size_t from, to;
    sentence_around(text, lo, hi, a->money.start, a->money.end, i ? &memo : NULL, &from, &to);
    int same_sentence = i && memo.lo == lo && memo.hi == hi && memo.from == from && memo.to == to;
    a->entities = same_sentence ? tl_strdup(memo.names) : entities_between(lx, out, from, to);
    memo = (sentence_memo){lo, hi, a->money.start, a->money.end, from, to, a->entities};
  }
  free(found);
}

static void find_unknowns(const tl_lexicon *lx, const tl_digest *digest, const tl_lines *lines, tl_extraction *out) {
  tl_candidate *found = NULL;
  size_t n = tl_candidates_find(lx->dict, digest, out, &found);
  if (n)
    out->unknowns = tl_xmalloc(n * sizeof *out->unknowns);
  for (size_t i = 0; i < n; i++) {
    char *key = tl_candidate_key(digest->src.text + found[i].start, found[i].end - found[i].start);
    if (!key)
      continue;
    out->unknowns[out->n_unknowns++] = (tl_unknown){found[i].start, found[i].end, item_at(&digest->items, found[i].start),
                                                    tl_lines_find(lines, found[i].start), key};
  }
  free(found);
}

int tl_extract(const tl_lexicon *lx, const tl_digest *digest, tl_extraction *out) {
  memset(out, 0, sizeof *out);
  if (!digest->has_date || !digest->src.text || digest->src.len == 0)
    return 0;
  size_t body = digest->fm.body_offset <= digest->src.len ? digest->fm.body_offset : digest->src.len;
  const tl_lines *lines = &digest->items.lines; /* built by the parse stage */
  int rc = find_mentions(lx, digest, body, lines, out);
  if (rc == 0) {
    find_amounts(lx, digest, body, lines, out);
    find_unknowns(lx, digest, lines, out);
  }
  if (rc < 0)
    tl_extraction_free(out);
  return rc;
}

void tl_extraction_free(tl_extraction *x) {
  for (size_t i = 0; i < x->n_amounts; i++)
    free(x->amounts[i].entities);
  free(x->amounts);
  for (size_t i = 0; i < x->n_mentions; i++)
    free(x->mentions[i].canonical);
  free(x->mentions);
  for (size_t i = 0; i < x->n_unknowns; i++)
    free(x->unknowns[i].key);
  free(x->unknowns);
  memset(x, 0, sizeof *x);
}
