/*
 * parse_stage: trendlens's parse stage alone, for scripts/bench.sh. Reads,
 * decodes and segments every digest as `trendlens run` does and writes
 * documents.csv and items.csv into the folder given by -o, with no
 * extraction and no aggregates, so its rate can be set against cmark alone
 * parsing the same files.
 *
 *     parse_stage -o OUT [-j N] PATH...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inputs.h"
#include "run.h"

int main(int argc, char **argv) {
  int jobs = 1, first = 3;
  if (argc >= 6 && strcmp(argv[3], "-j") == 0) {
    jobs = atoi(argv[4]);
    first = 5;
  }
  if (argc <= first || strcmp(argv[1], "-o") != 0 || jobs < 1) {
    fputs("usage: parse_stage -o OUT [-j N] PATH...\n", stderr);
    return 2;
  }
  tl_inputs inputs;
  tl_inputs_collect(&inputs, argv + first, (size_t)(argc - first));
  tl_run_options opt = {0};
  opt.out_dir = argv[2];
  opt.batch.jobs = jobs;
  opt.batch.lexicon = NULL; /* no extraction: documents and items only */
  opt.per_document_only = 1;
  tl_batch_result result;
  int rc = tl_run(&inputs, &opt, &result);
  tl_inputs_free(&inputs);
  return rc < 0 ? 2 : 0;
}
