#include "run.h"

#include <stdlib.h>

#include "buf.h"
#include "doctables.h"

typedef struct {
  const tl_run_options *opt;
  tl_doctables *tables;
  tl_aggregator *agg;
} run_sink;

/* The aggregator's view of one extracted document. */
static void aggregate_document(tl_aggregator *agg, const tl_lexicon *lx, int doc, const tl_digest *d,
                               const tl_extraction *x) {
  tl_agg_mention *mentions = tl_xmalloc((x->n_mentions + 1) * sizeof *mentions);
  tl_agg_amount *amounts = tl_xmalloc((x->n_amounts + 1) * sizeof *amounts);
  tl_agg_unknown *unknowns = tl_xmalloc((x->n_unknowns + 1) * sizeof *unknowns);
  char **surfaces = tl_xmalloc((x->n_unknowns + 1) * sizeof *surfaces);
  char **contexts = tl_xmalloc((x->n_unknowns + 1) * sizeof *contexts);
  for (size_t i = 0; i < x->n_mentions; i++) {
    tl_named n = tl_mention_named(lx, &x->mentions[i]);
    mentions[i] = (tl_agg_mention){x->mentions[i].item, n.name, n.type, n.parent};
  }
  for (size_t i = 0; i < x->n_amounts; i++)
    amounts[i] = (tl_agg_amount){x->amounts[i].money.kind == TL_MONEY_AMOUNT, x->amounts[i].usd,
                                 x->amounts[i].entities};
  for (size_t i = 0; i < x->n_unknowns; i++) {
    const tl_unknown *u = &x->unknowns[i];
    surfaces[i] = tl_strndup(d->src.text + u->start, u->end - u->start);
    contexts[i] = tl_doctables_context(d, u);
    unknowns[i] = (tl_agg_unknown){u->key, surfaces[i], u->line, contexts[i]};
  }
  tl_agg_document record = {doc,          d->path,  d->date,     (long)d->items.count, mentions, x->n_mentions,
                            amounts,      x->n_amounts, unknowns, x->n_unknowns};
  tl_aggregator_add(agg, &record);
  for (size_t i = 0; i < x->n_unknowns; i++) {
    free(surfaces[i]);
    free(contexts[i]);
  }
  free(surfaces);
  free(contexts);
  free(unknowns);
  free(mentions);
  free(amounts);
}

int tl_run_in_range(const tl_run_options *opt, int dated, tl_date date) {
  if (!dated)
    return !opt->has_since && !opt->has_until;
  return (!opt->has_since || tl_date_cmp(date, opt->since) >= 0) &&
         (!opt->has_until || tl_date_cmp(date, opt->until) <= 0);
}

static void write_document(void *ctx, int doc, const tl_digest *d, const tl_extraction *x, const char *duplicate_of) {
  run_sink *s = ctx;
  if (!tl_run_in_range(s->opt, d->has_date, d->date))
    return;
  tl_doctables_add(s->tables, doc, d, x, s->opt->batch.lexicon, duplicate_of);
  if (!duplicate_of && d->has_date)
    aggregate_document(s->agg, s->opt->batch.lexicon, doc, d, x);
}

int tl_run(const tl_inputs *inputs, const tl_run_options *opt, tl_batch_result *result) {
  run_sink s = {opt, tl_doctables_open(opt->out_dir, opt->excel), tl_aggregator_new(&opt->agg)};
  if (!s.tables) {
    tl_aggregator_free(s.agg);
    return -1;
  }
  tl_batch_sink sink = {write_document, &s};
  tl_batch_run(inputs, &opt->batch, &sink, result);
  int rc = tl_doctables_commit(s.tables);
  if (!opt->per_document_only && tl_aggregator_write(s.agg, opt->out_dir, opt->excel) < 0)
    rc = -1;
  tl_aggregator_free(s.agg);
  return rc;
}
