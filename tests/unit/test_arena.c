/* The arena cmark parses into: blocks are aligned, zeroed by calloc,
 * keep their bytes when they grow, big blocks live alone, arenas nest, and
 * a document parsed in an arena renders exactly as one parsed by cmark's
 * own allocator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static void blocks_are_aligned_zeroed_and_distinct(void **state) {
  (void)state;
  tl_arena a;
  cmark_mem *mem = tl_arena_enter(&a);
  unsigned char *prev = NULL;
  for (size_t n = 1; n < 3000; n += 7) {
    unsigned char *p = mem->calloc(1, n);
    assert_int_equal((uintptr_t)p % 16, 0);
    for (size_t i = 0; i < n; i++)
      assert_int_equal(p[i], 0);
    memset(p, 0xAB, n);
    if (prev)
      assert_true(p != prev);
    prev = p;
  }
  assert_true(tl_arena_footprint(&a) > 0);
  tl_arena_leave(&a);
  assert_int_equal(tl_arena_footprint(&a), 0);
}

/* cmark's buffers grow by realloc: the bytes must survive every move, in
 * place or not, small to big. */
static void realloc_keeps_the_bytes(void **state) {
  (void)state;
  tl_arena a;
  cmark_mem *mem = tl_arena_enter(&a);
  char *grown = mem->realloc(NULL, 10);
  memcpy(grown, "0123456789", 10);
  size_t len = 10;
  char *other = mem->calloc(1, 5); /* grown is no longer the newest block */
  for (size_t size = 16; size <= (1u << 20); size *= 2) {
    grown = mem->realloc(grown, size);
    for (size_t i = len; i < size; i++)
      grown[i] = (char)('0' + i % 10);
    len = size;
    if (size == 64) {
      char *extra = mem->calloc(3, 7);
      assert_true(extra < grown || extra >= grown + size);
    }
  }
  for (size_t i = 0; i < len; i++)
    assert_int_equal(grown[i], '0' + i % 10);
  assert_memory_equal(other, "\0\0\0\0\0", 5);
  /* a big block, then growth: it has a chunk of its own, close to its size */
  size_t before = tl_arena_footprint(&a);
  char *big = mem->realloc(NULL, 1u << 21);
  memset(big, 'b', 1u << 21);
  big = mem->realloc(big, 3u << 21);
  assert_int_equal(big[(1u << 21) - 1], 'b');
  assert_true(tl_arena_footprint(&a) - before < (3u << 21) + 4096);
  mem->free(big);
  tl_arena_leave(&a);
}

static void arenas_nest(void **state) {
  (void)state;
  tl_arena outer, inner;
  cmark_mem *mem = tl_arena_enter(&outer);
  mem->calloc(1, 100);
  size_t outer_bytes = tl_arena_footprint(&outer);
  tl_arena_enter(&inner);
  mem->calloc(1, 100000);
  assert_int_equal(tl_arena_footprint(&outer), outer_bytes);
  assert_true(tl_arena_footprint(&inner) >= 100000);
  tl_arena_leave(&inner);
  mem->calloc(1, 100); /* back in the outer arena */
  assert_true(tl_arena_footprint(&outer) >= outer_bytes);
  tl_arena_leave(&outer);
}

static char *render(const char *md, cmark_mem *mem) {
  cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, mem);
  cmark_parser_feed(p, md, strlen(md));
  cmark_node *doc = cmark_parser_finish(p);
  cmark_parser_free(p);
  char *xml = cmark_render_xml(doc, CMARK_OPT_SOURCEPOS); /* from the document's allocator */
  char *copy = strdup(xml);
  if (mem == cmark_get_default_mem_allocator()) {
    free(xml);
    cmark_node_free(doc);
  }
  return copy;
}

static void a_parse_in_the_arena_equals_a_plain_parse(void **state) {
  (void)state;
  const char *md = "# 标题\n\n1. [**OpenAI**](https://openai.com) 发布 *GPT-5*。\n2. `code` 与 <b>html</b>\n\n"
                   "> 来源：[36氪](https://36kr.com)\n\n```\nfence\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
  char *plain = render(md, cmark_get_default_mem_allocator());
  tl_arena a;
  char *in_arena = render(md, tl_arena_enter(&a));
  tl_arena_leave(&a);
  assert_string_equal(in_arena, plain);
  tl_arena b; /* the same through tl_arena_parse() */
  cmark_node *doc = tl_arena_parse(&b, md, strlen(md), CMARK_OPT_DEFAULT);
  assert_non_null(doc);
  assert_string_equal(cmark_render_xml(doc, CMARK_OPT_SOURCEPOS), plain); /* rendered into the arena too */
  tl_arena_leave(&b);
  free(plain);
  free(in_arena);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(blocks_are_aligned_zeroed_and_distinct),
      cmocka_unit_test(realloc_keeps_the_bytes),
      cmocka_unit_test(arenas_nest),
      cmocka_unit_test(a_parse_in_the_arena_equals_a_plain_parse),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
