#include "run.h"

#include "doctables.h"
#include "table.h"
#include "tally.h"

typedef struct {
  tl_doctables *tables;
  tl_tally *tally;
  const tl_lexicon *lexicon;
} run_sink;

static void write_document(void *ctx, int doc, const tl_digest *d, const tl_extraction *x, const char *duplicate_of) {
  run_sink *s = ctx;
  tl_doctables_add(s->tables, doc, d, x, s->lexicon, duplicate_of);
  if (!duplicate_of)
    tl_tally_add(s->tally, doc, d, x);
}

int tl_run(const tl_inputs *inputs, const tl_run_options *opt, tl_batch_result *result) {
  run_sink s = {tl_doctables_open(opt->out_dir, opt->excel), tl_tally_new(opt->batch.lexicon), opt->batch.lexicon};
  tl_table *entities = tl_table_open(opt->out_dir, "entities.csv", tl_tally_columns, opt->excel);
  if (!s.tables || !entities) {
    if (s.tables)
      tl_doctables_abort(s.tables);
    if (entities)
      tl_table_abort(entities);
    tl_tally_free(s.tally);
    return -1;
  }
  tl_batch_sink sink = {write_document, &s};
  tl_batch_run(inputs, &opt->batch, &sink, result);
  tl_tally_write(s.tally, entities);
  tl_tally_free(s.tally);
  int rc = tl_doctables_commit(s.tables);
  if (tl_table_commit(entities) < 0)
    rc = -1;
  return rc;
}
