#include "run.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "doctables.h"

/* One extracted document reduced to names (tl_agg_document): what the
 * aggregator reads, and the names and contexts the per-document tables
 * write, worked out once for both. It is rebuilt in the same memory for
 * every document, so that once the arrays have grown to the largest
 * document nothing is allocated per mention or unknown. */
typedef struct {
  tl_agg_document doc;
  tl_agg_mention *mentions;
  tl_agg_amount *amounts;
  tl_agg_unknown *unknowns;
  size_t cap_mentions, cap_amounts, cap_unknowns;
  /* each unknown's surface and context, one after the other, NUL-terminated;
   * reduce() finds them again by their NULs, which is sound because the
   * loaded text holds none (load.h: NUL bytes become spaces) */
  tl_buf text;
} reduced;

typedef struct {
  const tl_run_options *opt;
  tl_doctables *tables;
  tl_aggregator *agg;
  reduced names;
} run_sink;

/* Appends s[0, len) and a NUL to b, cut at a NUL byte as a C string copy
 * would be. */
static void add_string(tl_buf *b, const char *s, size_t len) {
  const char *nul = memchr(s, '\0', len);
  if (tl_buf_add(b, s, nul ? (size_t)(nul - s) : len) < 0 || tl_buf_add(b, "", 1) < 0) {
    tl_diag(NULL, 0, "out of memory"); /* as tl_xmalloc would: the record cannot be half made */
    abort();
  }
}

/* Fills r from document `doc`; the result lives until the next call. */
static const tl_agg_document *reduce(reduced *r, const tl_lexicon *lx, int doc, const tl_digest *d,
                                     const tl_extraction *x) {
  r->mentions = tl_xgrow(r->mentions, &r->cap_mentions, x->n_mentions, sizeof *r->mentions);
  r->amounts = tl_xgrow(r->amounts, &r->cap_amounts, x->n_amounts, sizeof *r->amounts);
  r->unknowns = tl_xgrow(r->unknowns, &r->cap_unknowns, x->n_unknowns, sizeof *r->unknowns);
  for (size_t i = 0; i < x->n_mentions; i++) {
    tl_named n = tl_mention_named(lx, &x->mentions[i]);
    r->mentions[i] = (tl_agg_mention){x->mentions[i].item, n.name, n.type, n.parent};
  }
  for (size_t i = 0; i < x->n_amounts; i++)
    r->amounts[i] = (tl_agg_amount){x->amounts[i].money.kind == TL_MONEY_AMOUNT, x->amounts[i].usd,
                                    x->amounts[i].entities};
  /* the strings first, the pointers once `text` has stopped moving */
  tl_buf_reset(&r->text);
  for (size_t i = 0; i < x->n_unknowns; i++) {
    const tl_unknown *u = &x->unknowns[i];
    add_string(&r->text, d->src.text + u->start, u->end - u->start);
    tl_doctables_context(d, u, &r->text);
    add_string(&r->text, "", 0);
  }
  const char *p = r->text.data;
  for (size_t i = 0; i < x->n_unknowns; i++) {
    const char *surface = p, *context = surface + strlen(surface) + 1;
    p = context + strlen(context) + 1;
    r->unknowns[i] = (tl_agg_unknown){x->unknowns[i].key, surface, x->unknowns[i].line, context};
  }
  r->doc = (tl_agg_document){doc,        d->path,      d->date,     (long)d->items.count, r->mentions, x->n_mentions,
                             r->amounts, x->n_amounts, r->unknowns, x->n_unknowns};
  return &r->doc;
}

static void reduced_free(reduced *r) {
  free(r->mentions);
  free(r->amounts);
  free(r->unknowns);
  tl_buf_free(&r->text);
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
  if (duplicate_of) {
    tl_doctables_add(s->tables, doc, d, x, NULL, duplicate_of);
    return;
  }
  const tl_agg_document *names = reduce(&s->names, s->opt->batch.lexicon, doc, d, x);
  tl_doctables_add(s->tables, doc, d, x, names, NULL);
  if (d->has_date)
    tl_aggregator_add(s->agg, names);
}

int tl_run(const tl_inputs *inputs, const tl_run_options *opt, tl_batch_result *result) {
  run_sink s = {.opt = opt, .tables = tl_doctables_open(opt->out_dir, opt->excel), .agg = tl_aggregator_new(&opt->agg)};
  tl_buf_init(&s.names.text);
  if (!s.tables) {
    tl_aggregator_free(s.agg);
    return -1;
  }
  tl_batch_sink sink = {write_document, &s};
  tl_batch_run(inputs, &opt->batch, &sink, result);
  reduced_free(&s.names);
  int rc = tl_doctables_commit(s.tables);
  if (!opt->per_document_only && tl_aggregator_write(s.agg, opt->out_dir, opt->excel) < 0)
    rc = -1;
  tl_aggregator_free(s.agg);
  return rc;
}
