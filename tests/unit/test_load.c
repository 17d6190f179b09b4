#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"
#include "utf8.h"

static tl_source load(const char *data, size_t size) {
  tl_source src;
  assert_int_equal(tl_load_bytes(data, size, &src), 0);
  assert_int_equal(strlen(src.text), src.len); /* never a NUL inside */
  return src;
}

static void strips_bom_and_keeps_offsets(void **state) {
  (void)state;
  tl_source src = load("\xEF\xBB\xBF# 标题\r\ntext", 17);
  assert_int_equal(src.text_offset, 3);
  assert_string_equal(src.text, "# 标题\r\ntext");
  assert_int_equal(src.file_size, 17);
  tl_source_free(&src);
}

static void nul_bytes_become_spaces_one_for_one(void **state) {
  (void)state;
  const char data[] = "OpenAI\0\0 与英伟达\0合作";
  tl_source src = load(data, sizeof data - 1);
  assert_int_equal(src.nul_bytes, 3);
  assert_int_equal(src.len, sizeof data - 1);
  assert_string_equal(src.text, "OpenAI   与英伟达 合作");
  assert_int_equal(src.invalid_sequences, 0);
  assert_false(src.binary);
  tl_source_free(&src);
}

static void invalid_utf8_is_replaced_and_counted(void **state) {
  (void)state;
  /* a stray continuation byte, a truncated 3-byte sequence, an overlong
   * encoding of '/', a UTF-16 surrogate, inside ordinary text */
  const char data[] = "OpenAI 与英伟达宣布合作。a\x80" "b\xE4\xB8" "c\xC0\xAF" "d\xED\xA0\x80" "e 阿里巴巴发布通义千问新模型。";
  tl_source src = load(data, sizeof data - 1);
  /* one U+FFFD per maximal subpart: 80 | E4 B8 | C0 | AF | ED | A0 | 80 */
  assert_int_equal(src.invalid_sequences, 7);
  assert_non_null(strstr(src.text, "a\xEF\xBF\xBD" "b"));
  assert_non_null(strstr(src.text, "b\xEF\xBF\xBD" "c"));
  assert_non_null(strstr(src.text, "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "e"));
  assert_false(src.gb18030);
  assert_false(src.binary);
  tl_source_free(&src);
}

/* The validator takes runs of common CJK three bytes at a time; every
 * three-byte pattern it might take or refuse must be judged as the full
 * check (tl_utf8_decode) judges it, wherever the run around it starts. */
static void three_byte_sequences_inside_cjk_runs(void **state) {
  (void)state;
  static const unsigned char thirds[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
  for (size_t before = 3; before <= 4; before++) /* first or second of a pair */
    for (unsigned lead = 0xE0; lead <= 0xEF; lead++)
      for (unsigned second = 0; second <= 0xFF; second++)
        for (size_t t = 0; t < sizeof thirds; t++) {
          /* long enough that a few bad bytes never make it look binary */
          unsigned char data[64];
          size_t n = 0;
          for (size_t i = 0; i < before; i++, n += 3)
            memcpy(data + n, "\xE4\xB8\xAD", 3);
          unsigned char *seq = data + n;
          seq[0] = (unsigned char)lead, seq[1] = (unsigned char)second, seq[2] = thirds[t];
          n += 3;
          for (size_t i = 0; i < 4; i++, n += 3)
            memcpy(data + n, "\xE6\x96\x87", 3);
          int32_t cp;
          int valid = tl_utf8_decode(seq, 3, &cp) == 3;
          tl_source src = load((const char *)data, n);
          assert_false(src.binary);
          if (valid != (src.invalid_sequences == 0))
            fail_msg("%02X %02X %02X: valid %d, %zu invalid", lead, second, thirds[t], valid, src.invalid_sequences);
          tl_source_free(&src);
        }
}

static void gb18030_is_decoded_whole(void **state) {
  (void)state;
  const char *utf8 = "英伟达与阿里巴巴宣布合作，投资250亿美元建设数据中心。OpenAI发布新模型。";
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  assert_true(cd != (iconv_t)-1);
  char gb[512], *in = (char *)utf8, *out = gb;
  size_t in_left = strlen(utf8), out_left = sizeof gb;
  assert_true(iconv(cd, &in, &in_left, &out, &out_left) != (size_t)-1);
  iconv_close(cd);
  tl_source src = load(gb, (size_t)(out - gb));
  assert_true(src.gb18030);
  assert_string_equal(src.text, utf8);
  assert_int_equal(src.invalid_sequences, 0);
  tl_source_free(&src);
}

static void valid_chinese_utf8_is_never_taken_for_gb18030(void **state) {
  (void)state;
  const char *utf8 = "通义千问开源Qwen3模型，获华为昇腾支持。\xFF";
  tl_source src = load(utf8, strlen(utf8));
  assert_false(src.gb18030);
  assert_int_equal(src.invalid_sequences, 1);
  tl_source_free(&src);
}

static void binary_and_empty_files(void **state) {
  (void)state;
  char png[600];
  memcpy(png, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  for (size_t i = 16; i < sizeof png; i++)
    png[i] = (char)(i * 7 % 32); /* control bytes */
  tl_source src = load(png, sizeof png);
  assert_true(src.binary);
  assert_int_equal(src.len, 0);
  tl_source_free(&src);

  src = load("", 0);
  assert_false(src.binary);
  assert_int_equal(src.len, 0);
  tl_source_free(&src);
}

static void same_bytes_same_hash(void **state) {
  (void)state;
  tl_source a = load("same text", 9), b = load("same text", 9), c = load("same texT", 9);
  assert_true(a.hash == b.hash);
  assert_true(a.hash != c.hash);
  tl_source_free(&a);
  tl_source_free(&b);
  tl_source_free(&c);
}

/* The 1-based line of a byte offset, counted the slow way: "\n", "\r\n"
 * and a lone "\r" each end a line (as cmark counts them). */
static long line_of(const char *text, size_t len, size_t offset) {
  long line = 1;
  if (offset > len)
    offset = len;
  for (size_t i = 0; i < offset; i++) {
    if (text[i] == '\n')
      line++;
    else if (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'))
      line++;
  }
  return line;
}

static void line_numbers_count_every_line_ending(void **state) {
  (void)state;
  const char *text = "a\nb\r\nc\rd";
  size_t len = strlen(text);
  assert_int_equal(line_of(text, len, 0), 1);
  assert_int_equal(line_of(text, len, 2), 2);
  assert_int_equal(line_of(text, len, 5), 3);
  assert_int_equal(line_of(text, len, 7), 4);
  tl_lines lines;
  tl_lines_index(&lines, text, len);
  assert_int_equal(lines.count, 4);
  for (size_t off = 0; off <= len; off++)
    assert_int_equal(tl_lines_find(&lines, off), line_of(text, len, off));
  tl_lines_free(&lines);
}

static void reads_files_and_reports_missing_ones(void **state) {
  (void)state;
  char path[] = "/tmp/tl_load_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  /* larger than any read chunk */
  size_t size = 300000;
  char *data = malloc(size);
  for (size_t i = 0; i < size; i++)
    data[i] = (char)('a' + i % 26);
  assert_int_equal(write(fd, data, size), (ssize_t)size);
  close(fd);
  tl_source src;
  assert_int_equal(tl_load_file(path, &src), 0);
  assert_int_equal(src.len, size);
  assert_memory_equal(src.text, data, size);
  tl_source_free(&src);
  unlink(path);
  free(data);
  assert_int_equal(tl_load_file("/nonexistent/file.md", &src), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(strips_bom_and_keeps_offsets),
      cmocka_unit_test(nul_bytes_become_spaces_one_for_one),
      cmocka_unit_test(invalid_utf8_is_replaced_and_counted),
      cmocka_unit_test(three_byte_sequences_inside_cjk_runs),
      cmocka_unit_test(gb18030_is_decoded_whole),
      cmocka_unit_test(valid_chinese_utf8_is_never_taken_for_gb18030),
      cmocka_unit_test(binary_and_empty_files),
      cmocka_unit_test(same_bytes_same_hash),
      cmocka_unit_test(line_numbers_count_every_line_ending),
      cmocka_unit_test(reads_files_and_reports_missing_ones),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
