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

#include "diag.h"
#include "date.h"
#include "explain.h"
#include "inputs.h"
#include "lexicon.h"
#include "report.h"
#include "run.h"
#include "shards.h"

static const char usage_text[] =
    "usage: trendlens run [PATH...] [-o DIR] [-d DICT_DIR]... [-j N] [--excel] [-q]\n"
    "                     [--since DATE] [--until DATE] [--entity NAME]... [--top N]\n"
    "                     [--min-pair N] [--baseline-weeks K] [--week W] [--weeks N]\n"
    "                     [--gnuplot PATH] [--no-reports]\n"
    "       trendlens extract PATH... -o DIR [-d DICT_DIR]... [-j N]\n"
    "       trendlens aggregate DIR... -o OUT [--since/--until/--entity/--top ...]\n"
    "       trendlens explain NAME PATH... [-d DICT_DIR]... [-j N]\n"
    "       trendlens dict check [DICT_DIR...] [--alone]\n"
    "       trendlens --help | --version\n"
    "\n"
    "run      reads AI-news digests (files, or folders searched for .md,\n"
    "         .markdown and .txt) and writes CSV tables into DIR\n"
    "extract  the per-document tables only (documents, items, mentions,\n"
    "         amounts): one shard of a corpus split across machines\n"
    "aggregate  merges extract outputs into the tables of one run over all\n"
    "         their files\n"
    "explain  prints every mention of an entity (canonical name or any alias)\n"
    "         as path:line: context, the match marked\n"
    "dict check  validates the shipped dictionaries and those named\n"
    "\n"
    "  -o, --output DIR   where the tables go (default: reports)\n"
    "  -d, --dict DIR     a dictionary file or folder loaded on top of the\n"
    "                     shipped ones (repeatable)\n"
    "  -j, --jobs N       threads that read digests (default: the number of CPUs)\n"
    "      --excel        UTF-8 BOM and formula-safe text cells, for spreadsheets\n"
    "      --since DATE   leave out digests dated before DATE (YYYY-MM-DD)\n"
    "      --until DATE   leave out digests dated after DATE\n"
    "      --entity NAME  limit the per-entity tables to NAME (canonical or alias;\n"
    "                     repeatable)\n"
    "      --top N        entities in timeline_wide.csv (default 20)\n"
    "      --min-pair N   least items a pair shares to be in cooccurrence.csv\n"
    "                     (default 2)\n"
    "      --baseline-weeks K  weeks behind each z-score and slope (default 8)\n"
    "      --week W       write only the weekly report of week W (YYYY-Www)\n"
    "      --weeks N      write the weekly reports of the last N weeks only\n"
    "      --no-reports   tables only: no charts, weekly reports or index.html\n"
    "      --gnuplot PATH the gnuplot program that renders the charts\n"
    "                     (default: gnuplot on PATH)\n"
    "  -q, --quiet        no progress or summary line (the default when stderr\n"
    "                     is not a terminal)\n"
    "      --alone        dict check: leave the shipped dictionaries out\n"
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

/* What the commands share: options and positional arguments. */
typedef struct {
  const char *out_dir;
  char **dicts; /* -d, in order */
  size_t n_dicts;
  int jobs;
  int excel;
  int progress;
  int alone;
  int per_document_only;
  char **entities; /* --entity, in order */
  size_t n_entities;
  int top, min_pair, baseline_weeks;
  const char *week, *gnuplot;
  int weeks;
  int no_reports;
  int has_since, has_until;
  tl_date since, until;
  char **args; /* positional arguments */
  int n_args;
} command_line;

/* A whole number from 1 to max. */
static int parse_count(const char *s, long max, int *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v < 1 || v > max)
    return -1;
  *out = (int)v;
  return 0;
}

static int parse_options(int argc, char **argv, command_line *cl) {
  static const struct option options[] = {
      {"output", required_argument, NULL, 'o'}, {"dict", required_argument, NULL, 'd'},
      {"jobs", required_argument, NULL, 'j'},   {"excel", no_argument, NULL, 'x'},
      {"quiet", no_argument, NULL, 'q'},        {"alone", no_argument, NULL, 'a'},
      {"since", required_argument, NULL, 'S'},  {"until", required_argument, NULL, 'U'},
      {"entity", required_argument, NULL, 'e'}, {"top", required_argument, NULL, 'T'},
      {"min-pair", required_argument, NULL, 'P'}, {"baseline-weeks", required_argument, NULL, 'K'},
      {"week", required_argument, NULL, 'W'},   {"weeks", required_argument, NULL, 'N'},
      {"gnuplot", required_argument, NULL, 'G'}, {"no-reports", no_argument, NULL, 'R'},
      {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  memset(cl, 0, sizeof *cl);
  cl->out_dir = "reports";
  cl->jobs = cpus > 0 ? (int)(cpus > 64 ? 64 : cpus) : 1;
  cl->progress = isatty(2);
  cl->dicts = calloc((size_t)argc, sizeof *cl->dicts);
  cl->entities = calloc((size_t)argc, sizeof *cl->entities);
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "o:d:j:qh", options, NULL)) != -1) {
    switch (c) {
    case 'o':
      cl->out_dir = optarg;
      break;
    case 'd':
      cl->dicts[cl->n_dicts++] = optarg;
      break;
    case 'j':
      if (parse_count(optarg, 256, &cl->jobs) < 0)
        return usage_error("-j wants a number of threads from 1 to 256, not '%s'", optarg);
      break;
    case 'T':
      if (parse_count(optarg, 100000, &cl->top) < 0)
        return usage_error("--top wants a positive number, not '%s'", optarg);
      break;
    case 'P':
      if (parse_count(optarg, 1000000000, &cl->min_pair) < 0)
        return usage_error("--min-pair wants a positive number, not '%s'", optarg);
      break;
    case 'K':
      if (parse_count(optarg, 10000, &cl->baseline_weeks) < 0)
        return usage_error("--baseline-weeks wants a positive number, not '%s'", optarg);
      break;
    case 'S':
    case 'U': {
      tl_date *date = c == 'S' ? &cl->since : &cl->until;
      if (tl_date_parse(optarg, date) < 0)
        return usage_error("--since and --until want a date YYYY-MM-DD, not '%s'", optarg);
      *(c == 'S' ? &cl->has_since : &cl->has_until) = 1;
      break;
    }
    case 'e':
      cl->entities[cl->n_entities++] = optarg;
      break;
    case 'W':
      cl->week = optarg;
      break;
    case 'N':
      if (parse_count(optarg, 100000, &cl->weeks) < 0)
        return usage_error("--weeks wants a positive number, not '%s'", optarg);
      break;
    case 'G':
      cl->gnuplot = optarg;
      break;
    case 'R':
      cl->no_reports = 1;
      break;
    case 'x':
      cl->excel = 1;
      break;
    case 'q':
      cl->progress = 0;
      break;
    case 'a':
      cl->alone = 1;
      break;
    case 'h':
      fputs(usage_text, stdout);
      return 0;
    default:
      return usage_error("%s", "unknown option");
    }
  }
  cl->args = argv + optind;
  cl->n_args = argc - optind;
  return -1; /* go on */
}

/* Collects the inputs; 2 when there is nothing to read. */
static int collect(char **paths, int n, tl_inputs *inputs, int *problems) {
  *problems = tl_inputs_collect(inputs, paths, (size_t)n);
  if (inputs->count == 0) {
    tl_diag(NULL, 0, "no digest files found (.md, .markdown or .txt)");
    return 2;
  }
  return 0;
}

/* The options of run, extract and aggregate, from the command line. */
static tl_run_options run_options(const command_line *cl, tl_lexicon *lexicon, char **canonical) {
  tl_run_options opt = {cl->out_dir,
                        cl->excel,
                        {cl->jobs, cl->progress, lexicon},
                        {cl->top, cl->min_pair, cl->baseline_weeks, canonical, cl->n_entities},
                        cl->has_since,
                        cl->has_until,
                        cl->since,
                        cl->until,
                        0};
  return opt;
}

/* --entity takes any alias; the tables speak canonical names. The caller
 * frees the array (not the names). */
static char **canonical_entities(const command_line *cl, const tl_lexicon *lexicon) {
  char **canonical = calloc(cl->n_entities + 1, sizeof *canonical);
  for (size_t i = 0; i < cl->n_entities; i++) {
    int id = lexicon ? tl_dict_find(lexicon->dict, cl->entities[i]) : -1;
    canonical[i] = id >= 0 ? (char *)tl_dict_entity(lexicon->dict, id)->name : cl->entities[i];
  }
  return canonical;
}

/* Charts and weekly reports from the tables just written. Returns the
 * exit status it calls for: 0, 1 (charts not rendered: said how to render
 * them by hand), 2 (the reports could not be written). */
static int write_reports(const command_line *cl, char **canonical) {
  if (cl->no_reports)
    return 0;
  tl_report_options opt = {cl->gnuplot, (const char *const *)canonical, cl->n_entities, cl->week, cl->weeks, 0, 0};
  int rc = tl_report_write(cl->out_dir, &opt);
  return rc < 0 ? 2 : rc;
}

static void summary(const command_line *cl, const tl_batch_result *result) {
  if (cl->progress)
    fprintf(stderr, "trendlens: %zu files (%zu analysed, %zu duplicates, %zu with problems), %zu items, "
                    "%zu mentions, %zu amounts -> %s/\n",
            result->documents, result->analysed, result->duplicates, result->problems, result->items,
            result->mentions, result->amounts, cl->out_dir);
}

static int command_aggregate(command_line *cl) {
  if (cl->n_args < 1)
    return usage_error("%s", "aggregate: name at least one extract output folder");
  /* the lexicon only resolves --entity aliases here; shards carry the rest */
  int problems = 0;
  tl_lexicon *lexicon = cl->n_entities ? tl_lexicon_load(cl->dicts, cl->n_dicts, 0, &problems) : NULL;
  char **canonical = canonical_entities(cl, lexicon);
  int rc = 0;
  if (make_folder(cl->out_dir) < 0) {
    tl_diag(cl->out_dir, 0, "cannot create output folder: %s", strerror(errno));
    rc = 2;
  } else {
    tl_run_options opt = run_options(cl, NULL, canonical);
    tl_batch_result result;
    if (tl_shards_aggregate(cl->args, (size_t)cl->n_args, &opt, &result) < 0)
      rc = 2;
    else {
      summary(cl, &result);
      rc = result.problems ? 1 : 0;
      int report = write_reports(cl, canonical);
      if (report > rc)
        rc = report;
    }
  }
  free(canonical);
  tl_lexicon_free(lexicon);
  return rc;
}

static int command_extract(command_line *cl);

static int command_run(command_line *cl) {
  if (cl->n_args < 1)
    return usage_error("%s", "run: name at least one digest file or folder");
  int lexicon_problems;
  tl_lexicon *lexicon = tl_lexicon_load(cl->dicts, cl->n_dicts, 0, &lexicon_problems);
  if (!lexicon)
    return 2;
  if (lexicon_problems)
    tl_diag(NULL, 0, "%d dictionary problem(s), reported above: the rest is used", lexicon_problems);
  tl_inputs inputs;
  int input_problems, rc = collect(cl->args, cl->n_args, &inputs, &input_problems);
  if (rc == 0 && make_folder(cl->out_dir) < 0) {
    tl_diag(cl->out_dir, 0, "cannot create output folder: %s", strerror(errno));
    rc = 2;
  }
  char **canonical = canonical_entities(cl, lexicon);
  if (rc == 0) {
    tl_run_options opt = run_options(cl, lexicon, canonical);
    opt.per_document_only = cl->per_document_only;
    tl_batch_result result;
    if (tl_run(&inputs, &opt, &result) < 0) {
      rc = 2;
    } else {
      summary(cl, &result);
      rc = input_problems || result.problems || lexicon_problems ? 1 : 0;
      if (!cl->per_document_only) {
        int report = write_reports(cl, canonical);
        if (report > rc)
          rc = report;
      }
    }
  }
  free(canonical);
  tl_inputs_free(&inputs);
  tl_lexicon_free(lexicon);
  return rc;
}

static int command_extract(command_line *cl) {
  if (cl->excel)
    return usage_error("%s", "extract: --excel belongs to aggregate, shards stay plain");
  cl->per_document_only = 1;
  return command_run(cl);
}

static int command_explain(command_line *cl) {
  if (cl->n_args < 2)
    return usage_error("%s", "explain: name an entity and at least one digest file or folder");
  int lexicon_problems;
  tl_lexicon *lexicon = tl_lexicon_load(cl->dicts, cl->n_dicts, 0, &lexicon_problems);
  if (!lexicon)
    return 2;
  const char *name = cl->args[0];
  int known = tl_dict_find(lexicon->dict, name) >= 0;
  tl_inputs inputs;
  int input_problems, rc = collect(cl->args + 1, cl->n_args - 1, &inputs, &input_problems);
  if (rc == 0) {
    tl_batch_options opt = {cl->jobs, 0, lexicon};
    tl_batch_result result;
    size_t shown = tl_explain(&inputs, &opt, name, isatty(1), stdout, &result);
    rc = input_problems || result.problems ? 1 : 0;
    if (!known && shown == 0) {
      tl_diag(NULL, 0, "'%s' is no entity or alias of the dictionaries, and no rule made that name", name);
      rc = 2;
    }
  }
  tl_inputs_free(&inputs);
  tl_lexicon_free(lexicon);
  return rc;
}

static int command_dict(command_line *cl) {
  if (cl->n_args < 1 || strcmp(cl->args[0], "check") != 0)
    return usage_error("%s", "dict: the only subcommand is 'check'");
  if (cl->alone && cl->n_args < 2)
    return usage_error("%s", "dict check --alone: name the dictionaries to check");
  int problems;
  tl_lexicon *lexicon = tl_lexicon_load(cl->args + 1, (size_t)(cl->n_args - 1), cl->alone, &problems);
  if (!lexicon)
    return 2;
  int warnings = tl_dict_check(lexicon->dict);
  printf("%zu entities, %zu rules, %zu exchange rates; %d problem(s), %d warning(s)\n",
         tl_dict_size(lexicon->dict), tl_rules_count(lexicon->rules), lexicon->rates.n, problems, warnings);
  tl_lexicon_free(lexicon);
  return problems || warnings ? 1 : 0;
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
  static const struct {
    const char *name;
    int (*run)(command_line *);
  } commands[] = {{"run", command_run},         {"extract", command_extract}, {"aggregate", command_aggregate},
                  {"explain", command_explain}, {"dict", command_dict}};
  int (*run_command)(command_line *) = NULL;
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(command, commands[i].name) == 0)
      run_command = commands[i].run;
  if (!run_command)
    return usage_error("unknown command '%s'", command);
  command_line cl;
  int rc = parse_options(argc - 1, argv + 1, &cl);
  if (rc < 0)
    rc = run_command(&cl);
  free(cl.dicts);
  free(cl.entities);
  return rc;
}
