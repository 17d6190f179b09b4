/*
 * cmark_baseline: the yardstick of scripts/bench.sh. Reads every digest
 * under the given paths and parses it with cmark, nothing else, and prints
 * "files bytes seconds". trendlens's own parse stage is judged against it.
 */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "inputs.h"
#include "load.h"

int main(int argc, char **argv) {
  int arena = argc > 1 && strcmp(argv[1], "--arena") == 0;
  tl_inputs inputs;
  tl_inputs_collect(&inputs, argv + 1 + arena, (size_t)(argc - 1 - arena));
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  size_t bytes = 0, nodes = 0;
  tl_buf data = TL_BUF_INIT;
  for (size_t i = 0; i < inputs.count; i++) {
    tl_buf_reset(&data);
    if (tl_read_file(inputs.paths[i], &data) < 0)
      continue;
    if (arena) {
      tl_arena a;
      cmark_node *doc = tl_arena_parse(&a, data.data, data.len, CMARK_OPT_DEFAULT);
      nodes += cmark_node_first_child(doc) != NULL; /* keep the parse observable */
      tl_arena_leave(&a);
    } else {
      cmark_node *doc = cmark_parse_document(data.data, data.len, CMARK_OPT_DEFAULT);
      nodes += cmark_node_first_child(doc) != NULL;
      cmark_node_free(doc);
    }
    bytes += data.len;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("%zu %zu %.3f\n", inputs.count, bytes, seconds);
  tl_buf_free(&data);
  tl_inputs_free(&inputs);
  return nodes > inputs.count; /* never true; uses the count */
}
