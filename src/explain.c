#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "normalize.h"

/* Context shown on each side of a match, in bytes (cut on a character
 * boundary): enough to judge the use, short enough for a 50 MB line. */
enum { CONTEXT_BYTES = 90 };

typedef struct {
  const tl_lexicon *lexicon;
  int entity;  /* the dictionary entity asked for, -1 when none */
  char *key;   /* the name asked for, normalized, for rule-made names */
  int color;
  FILE *out;
  size_t printed;
} explain_sink;

static void print_mention(explain_sink *s, const tl_digest *d, const tl_mention *m) {
  const char *text = d->src.text;
  size_t line_start, line_end;
  tl_line_context(text, d->src.len, m->start, m->end, CONTEXT_BYTES, &line_start, &line_end);
  int cut_left = line_start > 0 && text[line_start - 1] != '\n' && text[line_start - 1] != '\r';
  int cut_right = line_end < d->src.len && text[line_end] != '\n' && text[line_end] != '\r';
  const char *open = s->color ? "\033[1;31m" : "«", *close = s->color ? "\033[0m" : "»";
  /* a name broken across lines is shown on one line */
  fprintf(s->out, "%s:%ld: %s", d->path, m->line, cut_left ? "…" : "");
  fwrite(text + line_start, 1, m->start - line_start, s->out);
  fputs(open, s->out);
  for (size_t i = m->start; i < m->end; i++)
    fputc(text[i] == '\n' || text[i] == '\r' ? ' ' : text[i], s->out);
  fputs(close, s->out);
  fwrite(text + m->end, 1, line_end - m->end, s->out);
  fprintf(s->out, "%s\n", cut_right ? "…" : "");
  s->printed++;
}

static void explain_document(void *ctx, int doc, const tl_digest *d, const tl_extraction *x, const char *duplicate_of) {
  (void)doc;
  explain_sink *s = ctx;
  if (duplicate_of)
    return;
  for (size_t i = 0; i < x->n_mentions; i++) {
    const tl_mention *m = &x->mentions[i];
    int wanted = m->entity >= 0 ? m->entity == s->entity : 0;
    if (m->entity < 0 && s->entity < 0) {
      char *key = tl_normalize_string(m->canonical);
      wanted = strcmp(key, s->key) == 0;
      free(key);
    }
    if (wanted)
      print_mention(s, d, m);
  }
}

size_t tl_explain(const tl_inputs *inputs, const tl_batch_options *opt, const char *name, int color, FILE *out,
                  tl_batch_result *result) {
  explain_sink s = {opt->lexicon, tl_dict_find(opt->lexicon->dict, name), tl_normalize_string(name), color, out, 0};
  tl_batch_sink sink = {explain_document, &s};
  tl_batch_run(inputs, opt, &sink, result);
  free(s.key);
  return s.printed;
}
