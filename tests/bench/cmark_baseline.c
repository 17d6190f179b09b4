/*
 * cmark_baseline: the yardstick of scripts/bench.sh. Reads every digest
 * under the given paths and parses it with cmark, nothing else, and prints
 * "files bytes seconds". trendlens's own parse stage is judged against it.
 */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "buf.h"
#include "inputs.h"
#include "load.h"

int main(int argc, char **argv) {
  tl_inputs inputs;
  tl_inputs_collect(&inputs, argv + 1, (size_t)(argc - 1));
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  size_t bytes = 0, nodes = 0;
  tl_buf data = TL_BUF_INIT;
  for (size_t i = 0; i < inputs.count; i++) {
    tl_buf_reset(&data);
    if (tl_read_file(inputs.paths[i], &data) < 0)
      continue;
    cmark_node *doc = cmark_parse_document(data.data, data.len, CMARK_OPT_DEFAULT);
    nodes += cmark_node_first_child(doc) != NULL; /* keep the parse observable */
    cmark_node_free(doc);
    bytes += data.len;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("%zu %zu %.3f\n", inputs.count, bytes, seconds);
  tl_buf_free(&data);
  tl_inputs_free(&inputs);
  return nodes > inputs.count; /* never true; uses the count */
}
