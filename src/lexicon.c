#include "lexicon.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"

#ifndef TRENDLENS_INSTALLED_DICTIONARIES
#define TRENDLENS_INSTALLED_DICTIONARIES ""
#endif
#ifndef TRENDLENS_SOURCE_DICTIONARIES
#define TRENDLENS_SOURCE_DICTIONARIES ""
#endif

static int is_folder(const char *path) {
  struct stat st;
  return path && *path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *tl_lexicon_shipped_dir(void) {
  const char *candidates[] = {getenv("TRENDLENS_DICTIONARIES"), TRENDLENS_SOURCE_DICTIONARIES,
                              TRENDLENS_INSTALLED_DICTIONARIES};
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
    if (is_folder(candidates[i]))
      return candidates[i];
  return NULL;
}

/* The folders and files loaded so far, by device and inode, so that one
 * named twice (`dict check dictionaries`, `-d` naming the shipped folder,
 * or the same folder by two paths) is loaded once, not reported as
 * duplicating itself. */
typedef struct {
  dev_t dev[64];
  ino_t ino[64];
  size_t n;
} loaded_set;

/* Whether `path` was loaded before; notes it when not. A path that cannot
 * be stat()ed is left for tl_dict_load() to report. */
static int loaded_before(loaded_set *seen, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0)
    return 0;
  for (size_t i = 0; i < seen->n; i++)
    if (seen->dev[i] == st.st_dev && seen->ino[i] == st.st_ino)
      return 1;
  if (seen->n < sizeof seen->dev / sizeof seen->dev[0]) {
    seen->dev[seen->n] = st.st_dev;
    seen->ino[seen->n++] = st.st_ino;
  }
  return 0;
}

/* Loads one folder or file: its dictionaries, and its rates.tsv if any. */
static int load_one(tl_lexicon *lx, const char *path, int *problems) {
  int rc = tl_dict_load(lx->dict, path);
  if (rc < 0)
    return -1;
  *problems += rc;
  if (!is_folder(path))
    return 0;
  tl_buf file = TL_BUF_INIT;
  tl_buf_printf(&file, "%s/rules.txt", path);
  if (is_file(file.data)) {
    rc = tl_rules_load(lx->rules, file.data);
    *problems += rc < 0 ? 1 : rc;
  }
  tl_buf_reset(&file);
  tl_buf_printf(&file, "%s/rates.tsv", path);
  if (is_file(file.data)) {
    rc = tl_rates_load(&lx->rates, file.data);
    *problems += rc < 0 ? 1 : rc;
  }
  tl_buf_free(&file);
  return 0;
}

tl_lexicon *tl_lexicon_load(char *const *extra, size_t n_extra, int skip_shipped, int *problems) {
  *problems = 0;
  tl_lexicon *lx = tl_xcalloc(1, sizeof *lx);
  lx->dict = tl_dict_new();
  lx->rules = tl_rules_new();
  lx->rates = (tl_rates)TL_RATES_INIT;
  loaded_set seen = {.n = 0};
  if (!skip_shipped) {
    const char *shipped = tl_lexicon_shipped_dir();
    if (!shipped) {
      tl_diag(NULL, 0, "the shipped dictionaries were not found; set TRENDLENS_DICTIONARIES to their folder");
      tl_lexicon_free(lx);
      return NULL;
    }
    if (!loaded_before(&seen, shipped) && load_one(lx, shipped, problems) < 0) {
      tl_lexicon_free(lx);
      return NULL;
    }
  }
  for (size_t i = 0; i < n_extra; i++)
    if (!loaded_before(&seen, extra[i]) && load_one(lx, extra[i], problems) < 0) {
      tl_lexicon_free(lx);
      return NULL;
    }
  *problems += tl_dict_compile(lx->dict);
  /* a rule's family is its parent in the tables: it must exist */
  size_t n = tl_rules_count(lx->rules);
  lx->family = tl_xmalloc((n ? n : 1) * sizeof *lx->family);
  for (size_t i = 0; i < n; i++) {
    const char *family = tl_rules_family(lx->rules, i);
    int id = tl_dict_find(lx->dict, family);
    if (id < 0 || strcmp(tl_dict_entity(lx->dict, id)->name, family) != 0) {
      tl_diag(tl_rules_file(lx->rules, i), tl_rules_line(lx->rules, i),
              "family '%s' is not the canonical name of a dictionary entity", family);
      (*problems)++;
      id = -1;
    }
    lx->family[i] = id;
  }
  return lx;
}

void tl_lexicon_free(tl_lexicon *lx) {
  if (!lx)
    return;
  tl_dict_free(lx->dict);
  tl_rules_free(lx->rules);
  free(lx->family);
  tl_rates_free(&lx->rates);
  free(lx);
}
