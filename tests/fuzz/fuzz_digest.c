/* Fuzzes the whole per-file front end: decoding, front matter, date finding
 * and item segmentation. Any crash, hang, leak or undefined behaviour on any
 * byte string is a bug. */
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "digest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tl_buf messages = TL_BUF_INIT;
  tl_diag_capture(&messages); /* keep the fuzzer's output readable */
  tl_digest d;
  tl_digest_parse("fuzz/2025-10-05.md", (const char *)data, size, &d);
  for (size_t i = 0; i < d.items.count; i++) {
    const tl_item *it = &d.items.items[i];
    if (it->start > it->end || it->end > d.src.len)
      __builtin_trap();
  }
  tl_digest_free(&d);
  tl_diag_capture(NULL);
  tl_buf_free(&messages);
  return 0;
}
