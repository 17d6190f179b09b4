/*
 * stage_costs: what each per-document stage of `trendlens run` costs, for
 * scripts/bench.sh. On one thread, every digest is read and parsed, then
 * each extraction stage runs on it alone under its own clock:
 *
 *   entities   NFKC normalization and the dictionary automaton
 *   rules      the PCRE2 rules over the normalized text
 *   money      the money scanner over the body
 *   extract    tl_extract() whole: the above, the merge of dictionary and
 *              rule matches, amounts' sentences and USD, and candidates
 *
 * so "extract - entities - rules - money" is what candidates and the
 * bookkeeping add. Prints one line per stage: name, seconds, MB/s.
 *
 *     stage_costs PATH...
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "digest.h"
#include "extract.h"
#include "inputs.h"
#include "lexicon.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum { PARSE, ENTITIES, RULES, MONEY, EXTRACT, N_STAGES };
static const char *const stage_names[N_STAGES] = {"parse", "entities", "rules", "money", "extract"};

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs("usage: stage_costs PATH...\n", stderr);
    return 2;
  }
  int problems = 0;
  tl_lexicon *lx = tl_lexicon_load(NULL, 0, 0, &problems);
  if (!lx)
    return 2;
  tl_inputs inputs;
  tl_inputs_collect(&inputs, argv + 1, (size_t)(argc - 1));
  double spent[N_STAGES] = {0};
  size_t bytes = 0, found = 0; /* found: keeps every stage's result observable */
  for (size_t i = 0; i < inputs.count; i++) {
    tl_digest d;
    double t = now();
    tl_digest_read(inputs.paths[i], &d);
    spent[PARSE] += now() - t;
    bytes += d.src.file_size;
    if (d.has_date && d.src.text && d.src.len) {
      size_t body = d.fm.body_offset <= d.src.len ? d.fm.body_offset : d.src.len;
      const char *text = d.src.text + body;
      size_t len = d.src.len - body;

      t = now();
      tl_normtext nt;
      if (tl_normalize(text, len, &nt) == 0) {
        tl_dict_match *words = NULL;
        found += tl_dict_scan(lx->dict, &nt, text, &words);
        free(words);
        spent[ENTITIES] += now() - t;

        t = now();
        tl_rule_match *ruled = NULL;
        size_t n = lx->rules ? tl_rules_scan(lx->rules, nt.text, nt.len, &ruled) : 0;
        tl_rule_matches_free(ruled, n);
        found += n;
        spent[RULES] += now() - t;
        tl_normtext_free(&nt);
      }

      t = now();
      tl_money *money = NULL;
      found += tl_money_scan(text, len, &money);
      free(money);
      spent[MONEY] += now() - t;

      t = now();
      tl_extraction x;
      if (tl_extract(lx, &d, &x) == 0)
        found += x.n_mentions + x.n_amounts + x.n_unknowns;
      tl_extraction_free(&x);
      spent[EXTRACT] += now() - t;
    }
    tl_digest_free(&d);
  }
  for (int s = 0; s < N_STAGES; s++)
    printf("%s %.3f %.1f\n", stage_names[s], spent[s], spent[s] > 0 ? (double)bytes / 1e6 / spent[s] : 0.0);
  tl_inputs_free(&inputs);
  tl_lexicon_free(lx);
  return found == (size_t)-1; /* never true; uses the count */
}
