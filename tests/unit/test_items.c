/* Item segmentation for every digest format trendlens meets (DESIGN.md §2),
 * on small inline digests, then on the sample digests against the counts
 * their author wrote down in tests/fixtures/samples/EXPECTED.tsv. */
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
#include "digest.h"
#include "items.h"
#include "load.h"

static tl_itemlist parse(const char *md) {
  tl_itemlist list;
  assert_int_equal(tl_items_parse(md, strlen(md), 0, &list), 0);
  return list;
}

static void expect_item(const tl_itemlist *l, size_t i, const char *title, const char *url, const char *source,
                        const char *section) {
  if (i >= l->count)
    fail_msg("only %zu items, wanted item %zu (%s)", l->count, i + 1, title);
  const tl_item *it = &l->items[i];
  assert_string_equal(it->title, title);
  assert_string_equal(it->url, url);
  assert_string_equal(it->source, source);
  if (section)
    assert_string_equal(it->section, section);
}

static void numbered_list_items(void **state) {
  (void)state;
  const char *md = "今日概览：**OpenAI** 与英伟达。\n"
                   "\n"
                   "---\n"
                   "\n"
                   "1.  [**通义千问开源Qwen3-VL模型**](https://36kr.com/a?f=rss)\n"
                   "\n"
                   "    阿里云通义千问宣布开源。\n"
                   "\n"
                   "2.  [OpenAI启动万亿美元算力扩张计划](https://www.ithome.com/0/885/579.htm)\n"
                   "\n"
                   "    OpenAI正计划在全球部署。\n";
  tl_itemlist l = parse(md);
  assert_int_equal(l.count, 2);
  expect_item(&l, 0, "通义千问开源Qwen3-VL模型", "https://36kr.com/a?f=rss", "", "");
  expect_item(&l, 1, "OpenAI启动万亿美元算力扩张计划", "https://www.ithome.com/0/885/579.htm", "", "");
  /* the byte range covers the entry and its indented summary */
  const tl_item *it = &l.items[0];
  assert_int_equal(it->line, 5);
  assert_int_equal(strncmp(md + it->start, "1.  [**", 7), 0);
  assert_non_null(strstr(md + it->start, "开源。"));
  assert_true(it->end <= (size_t)(strstr(md, "2.  [") - md));
  assert_true(it->end >= (size_t)(strstr(md, "开源。") - md));
  tl_itemlist_free(&l);
}

static void numbered_paragraph_entries_take_their_first_sentence(void **state) {
  (void)state;
  tl_itemlist l = parse("## AI洞察日报 2025年6月1日\n\n"
                        "1.  近日，**通义实验室**发布并开源了**VRAG-RL**。它很强，[跳转链接](https://github.com/x/y)。\n"
                        "2.  **Perplexity AI**正式**推出Perplexity Labs**，为Pro用户带来工具。\n");
  assert_int_equal(l.count, 2);
  expect_item(&l, 0, "近日，通义实验室发布并开源了VRAG-RL", "https://github.com/x/y", "", "AI洞察日报 2025年6月1日");
  expect_item(&l, 1, "Perplexity AI正式推出Perplexity Labs，为Pro用户带来工具", "", "", NULL);
  assert_string_equal(l.first_heading, "AI洞察日报 2025年6月1日");
  tl_itemlist_free(&l);
}

/* Titles of long entries: the first sentence or the first 120 bytes, cut
 * on a character boundary, however long the paragraph and however much
 * white space it wastes. */
static void long_entries_are_cut_to_their_first_sentence_or_120_bytes(void **state) {
  (void)state;
  tl_buf md = TL_BUF_INIT, want_cjk = TL_BUF_INIT, want_spaced = TL_BUF_INIT;
  char x119[120], x120[121];
  memset(x119, 'x', 119);
  x119[119] = '\0';
  memset(x120, 'x', 120);
  x120[120] = '\0';
  tl_buf_puts(&md, "1.  ");
  tl_buf_puts(&md, x119);
  tl_buf_puts(&md, "x. After the first sentence.\n2.  a"); /* a full stop at byte 120: cut at 120 */
  tl_buf_puts(&want_cjk, "a");
  for (int i = 0; i < 100; i++) /* 1 + 300 bytes: byte 120 is inside a character */
    tl_buf_puts(&md, "模");
  for (int i = 0; i < 39; i++)
    tl_buf_puts(&want_cjk, "模");
  tl_buf_puts(&md, "\n3.  ");
  for (int i = 0; i < 30; i++) { /* 30 words in 630 bytes of spaces: 59 bytes once tidied */
    tl_buf_puts(&md, "y                    ");
    tl_buf_puts(&want_spaced, i ? " y" : "y");
  }
  tl_buf_puts(&md, "\n4.  ");
  tl_buf_puts(&md, x119);
  tl_buf_puts(&md, ". The first sentence ends at 119 bytes and this one goes on and on and on and on "
                   "and on and on and on and on and on and on and on and on and on and on and on and on.\n");
  tl_itemlist l = parse(md.data);
  assert_int_equal(l.count, 4);
  expect_item(&l, 0, x120, "", "", NULL);
  expect_item(&l, 1, want_cjk.data, "", "", NULL);
  expect_item(&l, 2, want_spaced.data, "", "", NULL);
  expect_item(&l, 3, x119, "", "", NULL);
  tl_itemlist_free(&l);
  tl_buf_free(&md);
  tl_buf_free(&want_cjk);
  tl_buf_free(&want_spaced);
}

static void a_passing_english_source_does_not_make_a_section_an_item(void **state) {
  (void)state;
  tl_itemlist l = parse("### Industry Outlook & Social Impact\n\n"
                        "1.  **GitHub CEO resigned** and more (source: [AI News](https://a.example/1)).\n"
                        "2.  Second story, [link](https://a.example/2).\n");
  assert_int_equal(l.count, 2);
  expect_item(&l, 0, "GitHub CEO resigned and more (source: AI News)", "https://a.example/1", "",
              "Industry Outlook & Social Impact");
  tl_itemlist_free(&l);
}

static void heading_sections_with_source_lines(void **state) {
  (void)state;
  tl_itemlist l = parse("# 🤖 AI行业速递 - 2025年10月10日\n\n"
                        "## Sam Altman 重新定义 OpenAI\n\n"
                        "> **分类：** 观点洞察\n"
                        "> **来源：** [Founder Park](https://mp.weixin.qq.com/s/abc)\n\n"
                        "**核心洞察：** 文字。\n\n"
                        "- 战略转向：[不是条目](https://example.com/x)\n\n"
                        "---\n\n"
                        "## AI博士就业困境\n\n"
                        "> **来源：** [互联网AI早读课](https://mp.weixin.qq.com/s/def)\n\n"
                        "正文。\n\n"
                        "## 其他相关资讯\n\n"
                        "- [火山引擎发布豆包模型](https://mp.weixin.qq.com/s/g1)\n"
                        "- [OpenAI ChatGPT Go 扩展至亚洲](https://mp.weixin.qq.com/s/g2)\n");
  assert_int_equal(l.count, 4);
  expect_item(&l, 0, "Sam Altman 重新定义 OpenAI", "https://mp.weixin.qq.com/s/abc", "Founder Park",
              "🤖 AI行业速递 - 2025年10月10日");
  expect_item(&l, 1, "AI博士就业困境", "https://mp.weixin.qq.com/s/def", "互联网AI早读课", NULL);
  expect_item(&l, 2, "火山引擎发布豆包模型", "https://mp.weixin.qq.com/s/g1", "", "其他相关资讯");
  expect_item(&l, 3, "OpenAI ChatGPT Go 扩展至亚洲", "https://mp.weixin.qq.com/s/g2", "", "其他相关资讯");
  tl_itemlist_free(&l);
}

static void numbered_headings_under_emoji_sections(void **state) {
  (void)state;
  tl_itemlist l = parse("> 💡 headline\n\n"
                        "## 💡 核心洞察\n\n- 洞察一。\n- 洞察二。\n\n"
                        "## 📰 深度观察\n\n长篇评论，没有链接。\n\n"
                        "## ⭐ 编辑精选 (Editor's Picks)\n\n"
                        "### 1. vLLM发布Hook插件\n\n"
                        "> 📰 **arXiv ML**  |  ⭐ **重要性**: 63/100  |  🔗 [原文链接](https://arxiv.org/abs/1)\n\n"
                        "**核心内容**: 内容。\n\n---\n\n"
                        "## 🔍 分类热点\n\n### 📚 学术前沿 (2条)\n\n"
                        "#### 1. 第一篇论文\n\n> 📰 **arXiv** | 🔗 [原文](http://arxiv.org/abs/2)\n\n**摘要**: 摘要。\n\n"
                        "#### 2. 第二篇论文\n\n**摘要**: 没有链接也是条目。\n\n"
                        "## 📚 数据来源\n\n- **TechCrunch AI**: 15条\n\n---\n\n"
                        "*🤖 Generated by [ContentForge AI](https://github.com/x/y)*\n");
  assert_int_equal(l.count, 3);
  expect_item(&l, 0, "vLLM发布Hook插件", "https://arxiv.org/abs/1", "arXiv ML", "⭐ 编辑精选 (Editor's Picks)");
  expect_item(&l, 1, "第一篇论文", "http://arxiv.org/abs/2", "arXiv", "📚 学术前沿 (2条)");
  expect_item(&l, 2, "第二篇论文", "", "", "📚 学术前沿 (2条)");
  tl_itemlist_free(&l);
}

static void source_sections_with_relative_links_and_twin_titles(void **state) {
  (void)state;
  tl_itemlist l = parse("> 2026-04-09\n\n## Today's Highlights / 今日要点\n\n- **主题**：要点。\n\n---\n\n"
                        "## Hacker News\n\n"
                        "### John Deere to pay $99M in settlement\n"
                        "### 约翰迪尔支付9900万美元和解\n\n"
                        "English paragraph.\n\n中文段落。\n\n"
                        "[Read more →](/news/2026-04-09/abc123)\n\n---\n\n"
                        "### Qwen 3.8 27B\n"
                        "中文摘要。\n\n[Read more →](https://huggingface.co/Qwen)\n");
  assert_int_equal(l.count, 2);
  expect_item(&l, 0, "John Deere to pay $99M in settlement", "/news/2026-04-09/abc123", "", "Hacker News");
  expect_item(&l, 1, "Qwen 3.8 27B", "https://huggingface.co/Qwen", "", "Hacker News");
  tl_itemlist_free(&l);
}

static void top_list_with_link_bullets_and_promotions(void **state) {
  (void)state;
  tl_itemlist l = parse("## ⚡ 快速导航\n\n- [📰 今日 AI 资讯](#今日ai资讯) - 最新动态速览\n\n"
                        "> 💡 **提示**：来 [**爱窝啦**](https://aivora.cn?utm=1) 领个号。\n\n"
                        "## **🔥 重磅 TOP 10**\n\n"
                        "### **1. [字节跳动：我也想低调](https://readhub.cn/topic/1)**\n"
                        "**💸 搞钱：** 正文。\n\n---\n\n"
                        "### **2. [TikTok 美国大结局](https://readhub.cn/topic/2)**\n正文。\n\n"
                        "## **📌 值得关注**\n\n"
                        "- **[产品]** [Cursor 发布新版](https://x.com/1) - 备注\n"
                        "- **Epic 喜加一**：白送游戏，[链接](https://linux.do/t/1)\n\n"
                        "## **🧾 全量索引**\n\n| # | 标题 | 链接 |\n|---|---|---|\n| 1 | 甲 | [Link](https://r/1) |\n---\n\n"
                        "## **AI 账号极速发货: [爱窝啦 Aivora](https://aivora.cn)**\n\n还在为支付烦恼？\n");
  assert_int_equal(l.count, 4);
  expect_item(&l, 0, "字节跳动：我也想低调", "https://readhub.cn/topic/1", "", "🔥 重磅 TOP 10");
  expect_item(&l, 1, "TikTok 美国大结局", "https://readhub.cn/topic/2", "", NULL);
  expect_item(&l, 2, "Cursor 发布新版", "https://x.com/1", "", "📌 值得关注");
  expect_item(&l, 3, "Epic 喜加一：白送游戏，链接", "https://linux.do/t/1", "", "📌 值得关注");
  tl_itemlist_free(&l);
}

static void bold_headline_paragraphs(void **state) {
  (void)state;
  tl_itemlist l = parse("今日综述。\n\n"
                        "**英伟达发布新一代芯片**\n\n英伟达宣布。\n\n(来源: [36氪](https://36kr.com/p/1))\n\n"
                        "**谷歌推出Gemini新版本**\n\n谷歌宣布。(来源: [IT之家](https://ithome.com/2))\n\n"
                        "**加入我们，你将得到什么？**\n\n广告文字。\n\n"
                        "**内容简介：**\n\n不是标题。\n");
  assert_int_equal(l.count, 2);
  expect_item(&l, 0, "英伟达发布新一代芯片", "https://36kr.com/p/1", "36氪", "");
  expect_item(&l, 1, "谷歌推出Gemini新版本", "https://ithome.com/2", "IT之家", "");
  tl_itemlist_free(&l);
}

/* With LF, CRLF and old Mac CR line ends alike: the text after the
 * fence's line starts where the line table says. */
static void unclosed_fence_does_not_swallow_the_rest(void **state) {
  (void)state;
  static const char text[] = "### **今日摘要**\n\n摘要一。\n摘要二。\n```\n\n"
                             "## 🔥 TOP\n\n### 1. [第一条](https://a.example/1)\n正文。\n";
  const char *ends[] = {"\n", "\r\n", "\r"};
  for (size_t e = 0; e < sizeof ends / sizeof *ends; e++) {
    tl_buf md = TL_BUF_INIT;
    for (const char *p = text; *p; p++)
      if (*p == '\n')
        tl_buf_puts(&md, ends[e]);
      else
        tl_buf_putc(&md, *p);
    tl_itemlist l = parse(md.data);
    assert_int_equal(l.unclosed_fence_line, 5);
    assert_int_equal(l.count, 1);
    expect_item(&l, 0, "第一条", "https://a.example/1", "", "🔥 TOP");
    assert_int_equal(l.items[0].line, 9);
    tl_itemlist_free(&l);
    tl_buf_free(&md);
  }
}

static void nothing_but_prose_has_no_items(void **state) {
  (void)state;
  /* a marker stem at the very first byte has nothing before it (fuzzer find) */
  tl_itemlist start = parse("ource: x");
  assert_int_equal(start.count, 0);
  tl_itemlist_free(&start);
  tl_itemlist l = parse("Error: 502 Bad Gateway\n");
  assert_int_equal(l.count, 0);
  tl_itemlist_free(&l);
  l = parse("");
  assert_int_equal(l.count, 0);
  assert_null(l.first_heading);
  tl_itemlist_free(&l);
}

/* ---- the sample digests, against their author's counts ---- */

static char *read_all(const char *path, size_t *size) {
  tl_buf b = TL_BUF_INIT;
  if (tl_read_file(path, &b) < 0)
    return NULL;
  *size = b.len;
  return tl_buf_detach(&b);
}

static void samples_match_their_expected_counts(void **state) {
  (void)state;
  const char *fixtures = getenv("TL_FIXTURES");
  if (!fixtures)
    skip();
  char path[4096];
  snprintf(path, sizeof path, "%s/samples/EXPECTED.tsv", fixtures);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  char line[8192];
  int checked = 0;
  tl_buf messages = TL_BUF_INIT;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#' || line[0] == '\n' || strncmp(line, "file\t", 5) == 0)
      continue;
    line[strcspn(line, "\r\n")] = '\0';
    char *fields[5] = {NULL};
    char *p = line;
    for (int i = 0; i < 5; i++) {
      fields[i] = p;
      char *tab = strchr(p, '\t');
      if (!tab) {
        p += strlen(p);
        continue;
      }
      *tab = '\0';
      p = tab + 1;
    }
    char file[4096];
    snprintf(file, sizeof file, "%s/samples/%s", fixtures, fields[0]);
    size_t size = 0;
    char *data = read_all(file, &size);
    if (!data)
      fail_msg("cannot read %s", file);
    tl_diag_capture(&messages);
    tl_digest d;
    tl_digest_parse(file, data, size, &d);
    tl_diag_capture(NULL);
    char date[11] = "";
    if (d.has_date)
      tl_date_format(d.date, date);
    if (strcmp(date, fields[1]) != 0)
      fail_msg("%s: date %s, expected %s", fields[0], date, fields[1]);
    if ((long)d.items.count != atol(fields[2]))
      fail_msg("%s: %zu items, expected %s", fields[0], d.items.count, fields[2]);
    if (fields[3] && *fields[3] && d.items.count && strcmp(d.items.items[0].title, fields[3]) != 0)
      fail_msg("%s: first title \"%s\", expected \"%s\"", fields[0], d.items.items[0].title, fields[3]);
    if (fields[4] && *fields[4] && d.items.count && strcmp(d.items.items[0].url, fields[4]) != 0)
      fail_msg("%s: first url \"%s\", expected \"%s\"", fields[0], d.items.items[0].url, fields[4]);
    tl_digest_free(&d);
    free(data);
    checked++;
  }
  fclose(f);
  tl_buf_free(&messages);
  assert_true(checked >= 12);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(numbered_list_items),
      cmocka_unit_test(numbered_paragraph_entries_take_their_first_sentence),
      cmocka_unit_test(long_entries_are_cut_to_their_first_sentence_or_120_bytes),
      cmocka_unit_test(a_passing_english_source_does_not_make_a_section_an_item),
      cmocka_unit_test(heading_sections_with_source_lines),
      cmocka_unit_test(numbered_headings_under_emoji_sections),
      cmocka_unit_test(source_sections_with_relative_links_and_twin_titles),
      cmocka_unit_test(top_list_with_link_bullets_and_promotions),
      cmocka_unit_test(bold_headline_paragraphs),
      cmocka_unit_test(unclosed_fence_does_not_swallow_the_rest),
      cmocka_unit_test(nothing_but_prose_has_no_items),
      cmocka_unit_test(samples_match_their_expected_counts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
