#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "dict.h"
#include "normalize.h"

static char fixture_path[4096];

/* tests/fixtures/dict/<rel>, found through TL_FIXTURES (set by ctest). */
static const char *fixture(const char *rel) {
  const char *root = getenv("TL_FIXTURES");
  snprintf(fixture_path, sizeof fixture_path, "%s/dict/%s", root ? root : "tests/fixtures", rel);
  return fixture_path;
}

static tl_buf diag_out = TL_BUF_INIT;

static int capture(void **state) {
  (void)state;
  tl_buf_reset(&diag_out);
  tl_diag_capture(&diag_out);
  return 0;
}

static int release(void **state) {
  (void)state;
  tl_diag_capture(NULL);
  tl_buf_free(&diag_out);
  return 0;
}

/* The captured messages contain `what`, on a line that names `where`
 * (a "file:line" suffix). */
static void assert_reported(const char *where, const char *what) {
  const char *line = diag_out.data;
  while (*line) {
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) : strlen(line);
    char *copy = strndup(line, n);
    int hit = strstr(copy, where) && strstr(copy, what);
    free(copy);
    if (hit)
      return;
    line += n + (end ? 1 : 0);
  }
  fail_msg("no message with '%s' and '%s' in:\n%s", where, what, diag_out.data);
}

static size_t count_lines(void) {
  size_t n = 0;
  for (const char *p = diag_out.data; *p; p++)
    n += *p == '\n';
  return n;
}

static tl_dict *load_good(void) {
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, fixture("good")), 0);
  assert_int_equal(tl_dict_compile(d), 0);
  return d;
}

/* Scans `src` and renders the mentions as "Entity=source text|...". */
static char *mentions(const tl_dict *d, const char *src) {
  tl_normtext nt;
  assert_int_equal(tl_normalize(src, strlen(src), &nt), 0);
  tl_dict_match *m;
  size_t n = tl_dict_scan(d, &nt, src, &m);
  static char buf[4096];
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    size_t s = tl_normtext_origin(&nt, m[i].start), e = tl_normtext_origin(&nt, m[i].end);
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s=%.*s", i ? "|" : "",
             tl_dict_entity(d, m[i].entity)->name, (int)(e - s), src + s);
  }
  if (n == 0)
    assert_null(m);
  free(m);
  tl_normtext_free(&nt);
  return buf;
}

static void loads_a_folder_in_order(void **state) {
  (void)state;
  tl_dict *d = load_good();
  assert_string_equal(diag_out.data, "");
  /* 10-orgs.dict (BOM, CRLF), 20-models.dict, sub/30-people.dict (no final
   * newline); .hidden.dict and notes.txt are not read. */
  assert_int_equal(tl_dict_size(d), 15);
  assert_string_equal(tl_dict_entity(d, 0)->name, "Nvidia");
  assert_string_equal(tl_dict_entity(d, 7)->name, "Qwen");
  assert_string_equal(tl_dict_entity(d, 14)->name, "Jensen Huang");
  assert_string_equal(tl_dict_entity(d, 14)->type, "person"); /* written `Person` */
  assert_null(tl_dict_entity(d, 15));
  assert_null(tl_dict_entity(d, -1));
  assert_int_equal(tl_dict_find(d, "Ignored"), -1);
  assert_int_equal(tl_dict_find(d, "Not a dictionary"), -1);

  const tl_entity *qwen = tl_dict_entity(d, tl_dict_find(d, "Qwen"));
  assert_string_equal(qwen->type, "model");
  assert_string_equal(qwen->parent, "Alibaba");
  assert_string_equal(tl_dict_entity(d, qwen->parent_id)->name, "Alibaba");
  const tl_entity *nvidia = tl_dict_entity(d, 0);
  assert_string_equal(nvidia->parent, "");
  assert_int_equal(nvidia->parent_id, -1);
  /* GPT-5 Instant -> GPT-5 -> OpenAI, across files. */
  const tl_entity *instant = tl_dict_entity(d, tl_dict_find(d, "GPT-5 Instant"));
  const tl_entity *gpt5 = tl_dict_entity(d, instant->parent_id);
  assert_string_equal(gpt5->name, "GPT-5");
  assert_string_equal(tl_dict_entity(d, gpt5->parent_id)->name, "OpenAI");
  assert_int_equal(tl_dict_check(d), 0);
  tl_dict_free(d);
}

static void finds_by_name_or_alias(void **state) {
  (void)state;
  tl_dict *d = load_good();
  int nvidia = tl_dict_find(d, "Nvidia");
  assert_int_equal(nvidia, 0);
  assert_int_equal(tl_dict_find(d, "英伟达"), nvidia);
  assert_int_equal(tl_dict_find(d, "ｎｖｉｄｉａ"), nvidia);
  assert_int_equal(tl_dict_find(d, " **NVIDIA** "), nvidia);
  assert_int_equal(tl_dict_find(d, "nvidia"), nvidia); /* canonical, normalized */
  assert_int_equal(tl_dict_find(d, "OpenAI"), tl_dict_find(d, "openai"));
  assert_int_equal(tl_dict_find(d, "奥特曼"), tl_dict_find(d, "Sam Altman"));
  assert_int_equal(tl_dict_find(d, "字节码"), -1); /* a blocker */
  assert_int_equal(tl_dict_find(d, "Anthropic"), -1);
  assert_int_equal(tl_dict_find(d, ""), -1);
  tl_dict_free(d);
}

/* A name and its normalized key find the same entity, whenever text and
 * plain normalization agree on the name and leave something. */
static void finds_by_normalized_key(void **state) {
  (void)state;
  tl_dict *d = load_good();
  const char *names[] = {"英伟达", "NVIDIA", "  Sam \n Altman ", "Aliyun", "ＧＰＴ-5", "gpt-5 instant",
                         "山姆·奥特曼", "字节码", "Anthropic", "META", "Meta Platforms", "Qwen3"};
  size_t checked = 0;
  for (size_t i = 0; i < tl_dict_size(d) + sizeof names / sizeof *names; i++) {
    const char *name = i < tl_dict_size(d) ? tl_dict_entity(d, (int)i)->name : names[i - tl_dict_size(d)];
    char *key = tl_normalize_string_opts(name, strlen(name), TL_NORM_PLAIN);
    char *text = tl_normalize_string(name);
    if (key[0] && strcmp(key, text) == 0) {
      assert_int_equal(tl_dict_find(d, key), tl_dict_find(d, name));
      checked++;
    }
    free(key);
    free(text);
  }
  assert_int_equal(checked, tl_dict_size(d) + sizeof names / sizeof *names);
  assert_int_equal(tl_dict_find(d, "sam altman"), 13);
  assert_int_equal(tl_dict_find(d, "Sam Altman"), 13);
  assert_int_equal(tl_dict_find(d, "字节码"), -1); /* a blocker */
  assert_int_equal(tl_dict_find(d, ""), -1);
  assert_int_equal(tl_dict_find(NULL, "nvidia"), -1);
  tl_dict_free(d);
}

static void scans_mentions_with_exact_source_spans(void **state) {
  (void)state;
  tl_dict *d = load_good();
  assert_string_equal(mentions(d, "**OpenAI**与英伟\n达合作，阿里云发布Qwen3；阿里巴巴的千问。"),
                      "OpenAI=OpenAI|Nvidia=英伟\n达|Alibaba Cloud=阿里云|Alibaba=阿里巴巴|Qwen=千问");
  assert_string_equal(mentions(d, "ＮＶＩＤＩＡ和黄仁\r\n勋"),
                      "Nvidia=ＮＶＩＤＩＡ|Jensen Huang=黄仁\r\n勋");
  assert_string_equal(mentions(d, "[英伟达](https://nvidia.com/openai) <a href=\"meta\">"), "Nvidia=英伟达");
  assert_string_equal(mentions(d, "Sam\n  Altman said"), "Sam Altman=Sam\n  Altman");
  assert_string_equal(mentions(d, "山姆·奥特曼"), "Sam Altman=山姆·奥特曼");
  assert_string_equal(mentions(d, "英伟\xe2\x80\x8d达"), "Nvidia=英伟\xe2\x80\x8d达");
  assert_string_equal(mentions(d, ""), "");
  assert_string_equal(mentions(d, "nothing here"), "");
  tl_dict_free(d);
}

static void latin_aliases_need_word_boundaries(void **state) {
  (void)state;
  tl_dict *d = load_good();
  assert_string_equal(mentions(d, "metadata, Meta, meta-llama"), "Meta=Meta|Llama=llama");
  assert_string_equal(mentions(d, "ChatGPT and GPT, not ChatGPTs or xGPT"), "ChatGPT=ChatGPT|GPT=GPT");
  assert_string_equal(mentions(d, "GPT-5 Instant, GPT-5, GPT-5.1, GPT-5o, GPT-5。"),
                      "GPT-5 Instant=GPT-5 Instant|GPT-5=GPT-5|GPT=GPT|GPT=GPT|GPT-5=GPT-5");
  assert_string_equal(mentions(d, "用Qwen写的Llama对比"), "Qwen=Qwen|Llama=Llama");
  assert_string_equal(mentions(d, "Qwen3 is not Qwen"), "Qwen=Qwen");
  tl_dict_free(d);
}

static void case_sensitive_aliases(void **state) {
  (void)state;
  tl_dict *d = load_good();
  assert_string_equal(mentions(d, "Arm, ARM, arm, Armstrong, aRM"), "Arm=Arm|Arm=ARM");
  assert_string_equal(mentions(d, "Ａｒｍ和**Arm**"), "Arm=Ａｒｍ|Arm=Arm");
  assert_string_equal(mentions(d, "META and Meta, not meta"), "Meta=META|Meta=Meta");
  tl_dict_free(d);
}

static void blockers_guard_short_aliases(void **state) {
  (void)state;
  tl_dict *d = load_good();
  assert_string_equal(mentions(d, "字节码和多字节字符，字节跳动，字节发布"),
                      "ByteDance=字节跳动|ByteDance=字节");
  tl_dict_free(d);
}

static void loading_again_needs_compiling_again(void **state) {
  (void)state;
  tl_dict *d = load_good();
  assert_int_equal(tl_dict_load(d, fixture("bad/type.dict")), 1);
  assert_string_equal(mentions(d, "OpenAI"), "");
  assert_int_equal(tl_dict_compile(d), 0);
  assert_string_equal(mentions(d, "OpenAI good"), "OpenAI=OpenAI|Good=good");
  assert_int_equal(tl_dict_compile(d), 0);
  tl_dict_free(d);
}

static void wrong_number_of_fields(void **state) {
  (void)state;
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, fixture("bad/fields.dict")), 2);
  assert_reported("fields.dict:2: ", "expected 4 fields separated by ';'");
  assert_reported("fields.dict:2: ", "found 3");
  assert_reported("fields.dict:3: ", "found 5");
  assert_int_equal(count_lines(), 2);
  assert_int_equal(tl_dict_size(d), 2); /* the good lines are kept */
  assert_int_equal(tl_dict_find(d, "good two"), 1);
  tl_dict_free(d);
}

static void unknown_type_and_empty_canonical(void **state) {
  (void)state;
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, fixture("bad/type.dict")), 1);
  assert_reported("type.dict:1: ", "unknown type 'company'");
  assert_int_equal(tl_dict_load(d, fixture("bad/canonical.dict")), 1);
  assert_reported("canonical.dict:1: ", "empty canonical name");
  assert_int_equal(tl_dict_size(d), 2);
  tl_dict_free(d);
}

static void duplicate_canonical_names_the_first(void **state) {
  (void)state;
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, fixture("bad/duplicate.dict")), 2);
  assert_reported("duplicate.dict:3: ", "duplicate canonical name 'OpenAI' (first defined at ");
  assert_reported("duplicate.dict:3: ", "duplicate.dict:1)");
  assert_reported("duplicate.dict:4: ", "duplicate canonical name 'openai'");
  assert_int_equal(tl_dict_compile(d), 0);
  assert_int_equal(tl_dict_find(d, "开放人工智能"), -1); /* the duplicate line is left out */
  tl_dict_free(d);
}

static void alias_conflicts_name_both(void **state) {
  (void)state;
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, fixture("bad/conflict.dict")), 0);
  assert_int_equal(tl_dict_compile(d), 2);
  assert_reported("conflict.dict:2: ", "alias 'ALI' of 'Aliyun' is already claimed by alias 'Ali' of 'Alibaba' (");
  assert_reported("conflict.dict:4: ",
                  "alias '字节码' of 'Bytecode' is already claimed by blocker '!字节码' of 'ByteDance'");
  assert_int_equal(count_lines(), 2);
  /* The first claim keeps the alias. */
  assert_int_equal(tl_dict_find(d, "ali"), tl_dict_find(d, "Alibaba"));
  assert_string_equal(mentions(d, "Ali和阿里云和字节码"), "Alibaba=Ali|Aliyun=阿里云");
  tl_dict_free(d);
}

/* `+Name ; ; ; aliases` adds aliases to an entity of any loaded file, in
 * either load order; its own problems are reported at its line. */
static void extension_lines_add_aliases(void **state) {
  (void)state;
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, fixture("extend")), 1);
  assert_reported("a-more.dict:5: ", "'+OpenAI' only adds aliases: leave its type and parent empty");
  assert_int_equal(tl_dict_size(d), 3);
  assert_int_equal(tl_dict_compile(d), 2);
  assert_reported("a-more.dict:4: ", "'+Nobody' adds aliases to an entity that no dictionary defines");
  assert_reported("a-more.dict:6: ", "alias '甲骨文' of 'Nvidia' is already claimed by alias '甲骨文' of 'Oracle'");
  assert_int_equal(count_lines(), 3);
  assert_string_equal(mentions(d, "开放人工智能与老黄家，OpenAI Five，甲骨文和欧鹏"),
                      "OpenAI=开放人工智能|Nvidia=老黄家|Oracle=甲骨文");
  assert_int_equal(tl_dict_find(d, "老黄家"), tl_dict_find(d, "Nvidia"));
  /* compiling again adds nothing twice */
  tl_dict_compile(d);
  assert_string_equal(mentions(d, "老黄家"), "Nvidia=老黄家");
  tl_dict_free(d);
}

/* A `+` line must name the canonical name; an alias gets a suggestion, as
 * a parent does. */
static void extension_of_an_alias_suggests_the_entity(void **state) {
  (void)state;
  tl_dict *d = load_good();
  assert_int_equal(tl_dict_load(d, fixture("bad/extend-alias.dict")), 0);
  assert_int_equal(tl_dict_compile(d), 1);
  assert_reported("extend-alias.dict:2: ", "'+英伟达' adds aliases to an entity that no dictionary defines (did you mean 'Nvidia'?)");
  assert_int_equal(tl_dict_find(d, "绿厂"), -1);
  tl_dict_free(d);
}

static void unknown_parents(void **state) {
  (void)state;
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, fixture("bad/parent.dict")), 0);
  assert_int_equal(tl_dict_compile(d), 2);
  assert_reported("parent.dict:2: ", "parent 'OpenAi' of 'GPT-5' names no entity (did you mean 'OpenAI'?)");
  assert_reported("parent.dict:3: ", "parent 'Nobody' of 'Sora' names no entity");
  const tl_entity *sora = tl_dict_entity(d, 2);
  assert_int_equal(sora->parent_id, -1);
  assert_string_equal(sora->parent, "");
  tl_dict_free(d);
}

static void parent_cycles_are_reported_and_cut(void **state) {
  (void)state;
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, fixture("bad/cycle.dict")), 0);
  assert_int_equal(tl_dict_compile(d), 2);
  assert_reported("cycle.dict:2: ", "parent cycle: A -> C -> B -> A");
  assert_reported("cycle.dict:6: ", "parent cycle: Self -> Self");
  assert_int_equal(count_lines(), 2);
  for (size_t i = 0; i < tl_dict_size(d); i++) {
    int steps = 0;
    for (int p = (int)i; p >= 0; p = tl_dict_entity(d, p)->parent_id)
      assert_true(++steps <= 10);
  }
  assert_int_equal(tl_dict_entity(d, tl_dict_find(d, "D"))->parent_id, tl_dict_find(d, "A"));
  tl_dict_free(d);
}

static void invalid_utf8_lines(void **state) {
  (void)state;
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, fixture("bad/utf8.dict")), 2);
  assert_reported("utf8.dict:2: ", "invalid UTF-8");
  assert_reported("utf8.dict:3: ", "invalid UTF-8");
  assert_int_equal(tl_dict_size(d), 1);
  tl_dict_free(d);
}

static void a_folder_of_bad_files_counts_everything(void **state) {
  (void)state;
  tl_dict *d = tl_dict_new();
  /* canonical 1, duplicate 2, fields 2, parent 1 (its OpenAI is now a
   * duplicate), type 1, utf8 3 (2 + its Good duplicates type.dict's);
   * conflicts, parents and cycles come from compiling. */
  int loaded = tl_dict_load(d, fixture("bad"));
  assert_int_equal(loaded, 1 + 2 + 2 + 1 + 1 + 3);
  assert_reported("parent.dict:1: ", "duplicate canonical name 'OpenAI'");
  assert_reported("utf8.dict:1: ", "duplicate canonical name 'Good'");
  assert_true(tl_dict_compile(d) > 0);
  tl_dict_free(d);
}

static void unreadable_paths(void **state) {
  (void)state;
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, fixture("no/such/place")), -1);
  assert_reported("no/such/place: ", "cannot read");
  assert_int_equal(tl_dict_size(d), 0);
  assert_int_equal(tl_dict_compile(d), 0);
  assert_string_equal(mentions(d, "anything"), "");
  tl_dict_free(d);
}

static void check_reports_unreachable_aliases(void **state) {
  (void)state;
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, fixture("check/check.dict")), 0);
  assert_int_equal(tl_dict_compile(d), 0);
  assert_string_equal(diag_out.data, "");
  assert_int_equal(tl_dict_check(d), 10);
  assert_int_equal(count_lines(), 10);
  assert_reported("check.dict:3: ", "alias 'Q*' of 'Q Star' can never match");
  assert_reported("check.dict:4: ", "empty alias of 'Empty'");
  assert_reported("check.dict:5: ", "alias '<U+200B>' of 'Invisible' is empty after normalization");
  assert_reported("check.dict:6: ", "alias '[link]' of 'Link' can never match");
  assert_reported("check.dict:6: ", "alias 'https://example.com' of 'Link' can never match");
  assert_reported("check.dict:7: ", "alias 'TWICE' of 'Twice' repeats alias 'twice' on the same line");
  assert_reported("check.dict:8: ", "alias '=Cased' of 'Cased' repeats alias 'cased'");
  assert_reported("check.dict:9: ", "alias '=Twin' of 'Cased Twice' repeats alias '=Twin'");
  assert_reported("check.dict:12: ", "alias 'lenient' of 'Lenient' matches every case, so the case-sensitive "
                                     "alias '=Lenient' on the same line never matters");
  /* Names with Markdown-like characters are still found. */
  assert_int_equal(tl_dict_find(d, "Q*"), tl_dict_find(d, "Q Star"));
  assert_int_equal(tl_dict_find(d, "q-STAR"), tl_dict_find(d, "Q Star"));
  /* A name covered by a longer alias elsewhere is not unreachable. */
  assert_string_equal(mentions(d, "阿里云和阿里, Q-star"), "Shadow=阿里云|Shadowed=阿里|Q Star=Q-star");
  tl_dict_free(d);
}

/* ---- the shipped dictionary --------------------------------------------- */

/* dictionaries/ of the checkout, found through TL_SOURCE_DIR (set by ctest). */
static tl_dict *load_shipped(void) {
  const char *root = getenv("TL_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/dictionaries", root ? root : ".");
  tl_dict *d = tl_dict_new();
  assert_int_equal(tl_dict_load(d, path), 0);
  assert_int_equal(tl_dict_compile(d), 0);
  assert_int_equal(tl_dict_check(d), 0);
  assert_string_equal(diag_out.data, "");
  return d;
}

/* The entity a mention counts for in a roll-up: parents are followed only
 * while the type stays the same, so a lab or cloud counts as its company but
 * a product, model or person never does. */
static const char *counts_as(const tl_dict *d, const char *name) {
  int id = tl_dict_find(d, name);
  assert_true(id >= 0);
  const tl_entity *e = tl_dict_entity(d, id);
  while (e->parent_id >= 0 && strcmp(tl_dict_entity(d, e->parent_id)->type, e->type) == 0)
    e = tl_dict_entity(d, e->parent_id);
  return e->name;
}

/* A company written in front of its product is still the company: the two
 * names are two mentions, not one alias that hides the company. */
static void shipped_company_and_product_are_two_mentions(void **state) {
  (void)state;
  tl_dict *d = load_shipped();
  assert_string_equal(mentions(d, "微软Copilot与Microsoft 365 Copilot"),
                      "Microsoft=微软|Copilot=Copilot|Microsoft=Microsoft|Copilot=Copilot");
  assert_string_equal(mentions(d, "试了Google AI Studio和Google Antigravity"),
                      "Google=Google|Google AI Studio=AI Studio|Google=Google|Antigravity=Antigravity");
  assert_string_equal(mentions(d, "Apple Vision Pro, 腾讯元宝, 微软Azure"),
                      "Apple=Apple|Vision Pro=Vision Pro|Tencent=腾讯|Yuanbao=元宝|Microsoft=微软|Azure=Azure");
  /* A unit's official name is one alias, and counts once. */
  assert_string_equal(mentions(d, "阿里达摩院和Google DeepMind"), "DAMO Academy=阿里达摩院|Google DeepMind=Google DeepMind");
  tl_dict_free(d);
}

/* Products and tools named after a model family are not the family. */
static void shipped_products_named_after_a_family(void **state) {
  (void)state;
  tl_dict *d = load_shipped();
  assert_string_equal(mentions(d, "装了claude-code-templates，再用Claude for Chrome和Claude Agent SDK"),
                      "Claude Code=claude-code|Claude for Chrome=Claude for Chrome|Claude Agent SDK=Claude Agent SDK");
  assert_string_equal(mentions(d, "AutoGLM、Grok Imagine与豆包手机，GLM与Grok与豆包"),
                      "AutoGLM=AutoGLM|Grok Imagine=Grok Imagine|Doubao Phone=豆包手机|GLM=GLM|Grok=Grok|Doubao=豆包");
  /* 通义 alone is a brand; the lab is named as a lab. */
  assert_string_equal(mentions(d, "通义DeepResearch来自通义实验室"), "Tongyi=通义|Tongyi Lab=通义实验室");
  tl_dict_free(d);
}

/* "情报站" translated as "Intel Station" in a digest's footer is not Intel. */
static void shipped_blockers_for_false_friends(void **state) {
  (void)state;
  tl_dict *d = load_shipped();
  assert_string_equal(mentions(d, "Intel Station | Intel Hub | Intel发布新芯片"), "Intel=Intel");
  tl_dict_free(d);
}

static void shipped_roll_ups_stay_within_a_type(void **state) {
  (void)state;
  tl_dict *d = load_shipped();
  /* Clouds and labs count as their company. */
  assert_string_equal(counts_as(d, "AWS"), "Amazon");
  assert_string_equal(counts_as(d, "火山引擎"), "ByteDance");
  assert_string_equal(counts_as(d, "DeepMind"), "Google");
  assert_string_equal(counts_as(d, "通义实验室"), "Alibaba");
  /* Platforms and separately named companies do not. */
  assert_string_equal(counts_as(d, "GitHub"), "GitHub");
  assert_string_equal(counts_as(d, "LinkedIn"), "LinkedIn");
  assert_string_equal(counts_as(d, "Waymo"), "Waymo");
  assert_string_equal(counts_as(d, "通义"), "Tongyi");
  /* App-and-model names are models, so their versions (rules) reach them. */
  assert_string_equal(tl_dict_entity(d, tl_dict_find(d, "Kimi"))->type, "model");
  assert_string_equal(tl_dict_entity(d, tl_dict_find(d, "豆包"))->type, "model");
  assert_string_equal(counts_as(d, "gpt-oss-120b"), "GPT");
  assert_string_equal(counts_as(d, "Sam Altman"), "Sam Altman");
  assert_string_equal(counts_as(d, "Qwen"), "Qwen");
  tl_dict_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(loads_a_folder_in_order, capture, release),
      cmocka_unit_test_setup_teardown(finds_by_name_or_alias, capture, release),
      cmocka_unit_test_setup_teardown(finds_by_normalized_key, capture, release),
      cmocka_unit_test_setup_teardown(scans_mentions_with_exact_source_spans, capture, release),
      cmocka_unit_test_setup_teardown(latin_aliases_need_word_boundaries, capture, release),
      cmocka_unit_test_setup_teardown(case_sensitive_aliases, capture, release),
      cmocka_unit_test_setup_teardown(blockers_guard_short_aliases, capture, release),
      cmocka_unit_test_setup_teardown(loading_again_needs_compiling_again, capture, release),
      cmocka_unit_test_setup_teardown(wrong_number_of_fields, capture, release),
      cmocka_unit_test_setup_teardown(unknown_type_and_empty_canonical, capture, release),
      cmocka_unit_test_setup_teardown(duplicate_canonical_names_the_first, capture, release),
      cmocka_unit_test_setup_teardown(alias_conflicts_name_both, capture, release),
      cmocka_unit_test_setup_teardown(extension_lines_add_aliases, capture, release),
      cmocka_unit_test_setup_teardown(extension_of_an_alias_suggests_the_entity, capture, release),
      cmocka_unit_test_setup_teardown(unknown_parents, capture, release),
      cmocka_unit_test_setup_teardown(parent_cycles_are_reported_and_cut, capture, release),
      cmocka_unit_test_setup_teardown(invalid_utf8_lines, capture, release),
      cmocka_unit_test_setup_teardown(a_folder_of_bad_files_counts_everything, capture, release),
      cmocka_unit_test_setup_teardown(unreadable_paths, capture, release),
      cmocka_unit_test_setup_teardown(check_reports_unreachable_aliases, capture, release),
      cmocka_unit_test_setup_teardown(shipped_company_and_product_are_two_mentions, capture, release),
      cmocka_unit_test_setup_teardown(shipped_products_named_after_a_family, capture, release),
      cmocka_unit_test_setup_teardown(shipped_blockers_for_false_friends, capture, release),
      cmocka_unit_test_setup_teardown(shipped_roll_ups_stay_within_a_type, capture, release),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
