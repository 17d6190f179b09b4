#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"

typedef struct {
  char **paths;
  size_t count, cap;
} path_vec;

static void push(path_vec *v, char *path) {
  v->paths = tl_xgrow(v->paths, &v->cap, v->count + 1, sizeof *v->paths);
  v->paths[v->count++] = path;
}

static int has_digest_extension(const char *name) {
  const char *dot = strrchr(name, '.');
  return dot && (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0 || strcmp(dot, ".txt") == 0);
}

static char *join(const char *dir, const char *name) {
  tl_buf b = TL_BUF_INIT;
  tl_buf_puts(&b, dir);
  if (b.len && b.data[b.len - 1] != '/')
    tl_buf_putc(&b, '/');
  tl_buf_puts(&b, name);
  return tl_buf_detach(&b);
}

static int scan_folder(path_vec *v, const char *dir, int depth) {
  if (depth > 64) {
    tl_diag(dir, 0, "folders nested too deeply: not searched further");
    return 1;
  }
  DIR *d = opendir(dir);
  if (!d) {
    tl_diag(dir, 0, "cannot read folder: %s", strerror(errno));
    return 1;
  }
  int problems = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char *path = join(dir, e->d_name);
    struct stat st;
    if (lstat(path, &st) < 0) {
      tl_diag(path, 0, "cannot read: %s", strerror(errno));
      problems++;
      free(path);
      continue;
    }
    if (S_ISLNK(st.st_mode) && stat(path, &st) < 0) {
      free(path); /* a dangling link is not a digest */
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      struct stat lst;
      if (lstat(path, &lst) == 0 && !S_ISLNK(lst.st_mode))
        problems += scan_folder(v, path, depth + 1);
      free(path);
    } else if (S_ISREG(st.st_mode) && has_digest_extension(e->d_name)) {
      push(v, path);
    } else {
      free(path);
    }
  }
  closedir(d);
  return problems;
}

static int compare_paths(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int tl_inputs_collect(tl_inputs *in, char *const *args, size_t n_args) {
  path_vec v = {NULL, 0, 0};
  int problems = 0;
  for (size_t i = 0; i < n_args; i++) {
    struct stat st;
    if (stat(args[i], &st) < 0) {
      tl_diag(args[i], 0, "cannot read: %s", strerror(errno));
      problems++;
    } else if (S_ISDIR(st.st_mode)) {
      problems += scan_folder(&v, args[i], 0);
    } else {
      push(&v, tl_strdup(args[i]));
    }
  }
  if (v.count)
    qsort(v.paths, v.count, sizeof *v.paths, compare_paths);
  size_t kept = 0;
  for (size_t i = 0; i < v.count; i++) {
    if (kept && strcmp(v.paths[kept - 1], v.paths[i]) == 0)
      free(v.paths[i]);
    else
      v.paths[kept++] = v.paths[i];
  }
  in->paths = v.paths;
  in->count = kept;
  return problems;
}

void tl_inputs_free(tl_inputs *in) {
  for (size_t i = 0; i < in->count; i++)
    free(in->paths[i]);
  free(in->paths);
  in->paths = NULL;
  in->count = 0;
}
