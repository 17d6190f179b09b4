#ifndef TL_EXPLAIN_H
#define TL_EXPLAIN_H
/*
 * explain: every mention of one entity, the way grep shows matches, so a
 * number in the tables can be audited line by line:
 *
 *     digests/2025-10-05.md:12: …OpenAI与«英伟达»宣布合作…
 *
 * It runs the very same batch as `run` (same lexicon, same duplicate
 * rule), so its lines are exactly the rows of mentions.csv for the entity.
 */
#include <stdio.h>

#include "batch.h"

/* Prints the mentions of `name` in `inputs` to `out`: a dictionary entity
 * by its canonical name or any alias, or a name the rules make ("GPT-5.1",
 * any case and width). With `color` the match is highlighted with terminal
 * colours instead of «». Returns the number of mentions printed. */
size_t tl_explain(const tl_inputs *inputs, const tl_batch_options *opt, const char *name, int color, FILE *out,
                  tl_batch_result *result);

#endif
