#include "outfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"

int tl_outfile_write(const char *path, const void *data, size_t len) {
  /* the temporary name sits in the destination's folder: rename() never
   * crosses file systems */
  const char *slash = strrchr(path, '/');
  size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
  tl_buf tmp = TL_BUF_INIT;
  tl_buf_add(&tmp, path, dir_len);
  tl_buf_printf(&tmp, ".%s.tmp-%ld", path + dir_len, (long)getpid());

  int rc = 0;
  FILE *f = fopen(tmp.data, "wb");
  if (!f) {
    tl_diag(path, 0, "cannot write: %s", strerror(errno));
    tl_buf_free(&tmp);
    return -1;
  }
  if (fwrite(data, 1, len, f) != len || fflush(f) != 0) {
    tl_diag(path, 0, "write failed: %s", strerror(errno));
    rc = -1;
  }
  if (fclose(f) != 0 && rc == 0) {
    tl_diag(path, 0, "write failed: %s", strerror(errno));
    rc = -1;
  }
  if (rc == 0 && rename(tmp.data, path) != 0) {
    tl_diag(path, 0, "cannot move into place: %s", strerror(errno));
    rc = -1;
  }
  if (rc < 0)
    remove(tmp.data);
  tl_buf_free(&tmp);
  return rc;
}

int tl_outfile_mkdir(const char *path) {
  if (mkdir(path, 0777) == 0)
    return 0;
  struct stat st;
  if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    return 0;
  tl_diag(path, 0, "cannot create the folder: %s", errno == EEXIST ? "a file has that name" : strerror(errno));
  return -1;
}
