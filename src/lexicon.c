#include "lexicon.h"

#include <stdlib.h>
#include <sys/stat.h>

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

const char *tl_lexicon_shipped_dir(void) {
  const char *candidates[] = {getenv("TRENDLENS_DICTIONARIES"), TRENDLENS_SOURCE_DICTIONARIES,
                              TRENDLENS_INSTALLED_DICTIONARIES};
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
    if (is_folder(candidates[i]))
      return candidates[i];
  return NULL;
}

tl_dict *tl_lexicon_load(char *const *extra, size_t n_extra, int skip_shipped, int *problems) {
  *problems = 0;
  tl_dict *d = tl_dict_new();
  if (!skip_shipped) {
    const char *shipped = tl_lexicon_shipped_dir();
    if (!shipped) {
      tl_diag(NULL, 0, "the shipped dictionaries were not found; set TRENDLENS_DICTIONARIES to their folder");
      tl_dict_free(d);
      return NULL;
    }
    int rc = tl_dict_load(d, shipped);
    if (rc < 0) {
      tl_dict_free(d);
      return NULL;
    }
    *problems += rc;
  }
  for (size_t i = 0; i < n_extra; i++) {
    int rc = tl_dict_load(d, extra[i]);
    if (rc < 0) {
      tl_dict_free(d);
      return NULL;
    }
    *problems += rc;
  }
  *problems += tl_dict_compile(d);
  return d;
}
