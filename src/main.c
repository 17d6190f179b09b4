/*
 * trendlens: the command line. Parses arguments and wires the stages;
 * everything else lives in the modules under include/.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "diag.h"
#include "inputs.h"

static const char usage_text[] =
    "usage: trendlens run [PATH...] [-o DIR] [-j N] [--excel]\n"
    "       trendlens --help | --version\n"
    "\n"
    "Reads AI-news digests (Markdown files, or folders searched for .md,\n"
    ".markdown and .txt files) and writes CSV tables into DIR.\n"
    "\n"
    "  -o, --output DIR   where the tables go (default: reports)\n"
    "  -j, --jobs N       worker threads (default: the number of CPUs)\n"
    "      --excel        UTF-8 BOM and formula-safe text cells, for spreadsheets\n"
    "  -q, --quiet        no progress or summary line (the default when stderr\n"
    "                     is not a terminal)\n"
    "  -h, --help         this text\n"
    "  -V, --version      the version\n"
    "\n"
    "Exit status: 0 success, 1 some inputs had problems (reported; the rest\n"
    "were processed), 2 usage or fatal error.\n";

static int usage_error(const char *fmt, const char *arg) {
  fputs("trendlens: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nTry 'trendlens --help'.\n", stderr);
  return 2;
}

/* mkdir -p: creates DIR and its missing parents. */
static int make_folder(const char *dir) {
  char *path = strdup(dir);
  if (!path)
    return -1;
  for (char *p = path + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(path, 0777) < 0 && errno != EEXIST) {
      free(path);
      return -1;
    }
    *p = '/';
  }
  int rc = mkdir(path, 0777) < 0 && errno != EEXIST ? -1 : 0;
  free(path);
  return rc;
}

static int parse_jobs(const char *s, int *jobs) {
  char *end;
  long v = strtol(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v < 1 || v > 256)
    return -1;
  *jobs = (int)v;
  return 0;
}

static int command_run(int argc, char **argv) {
  static const struct option options[] = {
      {"output", required_argument, NULL, 'o'}, {"jobs", required_argument, NULL, 'j'},
      {"excel", no_argument, NULL, 'x'},        {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  tl_batch_options opt = {"reports", cpus > 0 ? (int)(cpus > 64 ? 64 : cpus) : 1, 0, isatty(2)};
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "o:j:qh", options, NULL)) != -1) {
    switch (c) {
    case 'o':
      opt.out_dir = optarg;
      break;
    case 'j':
      if (parse_jobs(optarg, &opt.jobs) < 0)
        return usage_error("-j wants a number of threads from 1 to 256, not '%s'", optarg);
      break;
    case 'x':
      opt.excel = 1;
      break;
    case 'q':
      opt.progress = 0;
      break;
    case 'h':
      fputs(usage_text, stdout);
      return 0;
    default:
      return usage_error("%s", "unknown option");
    }
  }
  if (optind >= argc)
    return usage_error("%s", "run: name at least one digest file or folder");

  tl_inputs inputs;
  int input_problems = tl_inputs_collect(&inputs, argv + optind, (size_t)(argc - optind));
  if (inputs.count == 0) {
    tl_inputs_free(&inputs);
    tl_diag(NULL, 0, "no digest files found (.md, .markdown or .txt)");
    return 2;
  }
  if (make_folder(opt.out_dir) < 0) {
    tl_diag(opt.out_dir, 0, "cannot create output folder: %s", strerror(errno));
    tl_inputs_free(&inputs);
    return 2;
  }
  tl_batch_result result;
  int rc = tl_batch_run(&inputs, &opt, &result);
  tl_inputs_free(&inputs);
  if (rc < 0)
    return 2;
  if (opt.progress) /* a terminal: say what happened; scripts get silence */
    fprintf(stderr, "trendlens: %zu files (%zu analysed, %zu duplicates, %zu with problems), %zu items -> %s/\n",
          result.documents, result.analysed, result.duplicates, result.problems, result.items, opt.out_dir);
  return input_problems || result.problems ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return usage_error("%s", "missing command");
  const char *command = argv[1];
  if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 || strcmp(command, "help") == 0) {
    fputs(usage_text, stdout);
    return 0;
  }
  if (strcmp(command, "--version") == 0 || strcmp(command, "-V") == 0) {
    puts("trendlens " TRENDLENS_VERSION);
    return 0;
  }
  if (strcmp(command, "run") == 0)
    return command_run(argc - 1, argv + 1);
  return usage_error("unknown command '%s'", command);
}
