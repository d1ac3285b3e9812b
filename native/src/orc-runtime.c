/* orc-runtime: an OCI runtime command line in the mould of runc and crun.
 *
 *   orc-runtime [--root DIR] create [--bundle DIR] [--pid-file FILE] ID
 *   orc-runtime [--root DIR] start ID
 *   orc-runtime [--root DIR] state ID
 *   orc-runtime [--root DIR] kill ID [SIGNAL]
 *   orc-runtime [--root DIR] delete [--force] ID
 *   orc-runtime [--root DIR] run [--bundle DIR] [--pid-file FILE] [--detach] ID
 *
 * Options may come before or after the ID; --log, --log-format, --debug and
 * --systemd-cgroup are accepted and ignored, as engines pass them to runc. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"

#define DEFAULT_ROOT "/run/orc-runtime"

static const struct { const char *name; int sig; } signal_names[] = {
    {"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL}, {"TRAP", SIGTRAP}, {"ABRT", SIGABRT},
    {"BUS", SIGBUS}, {"FPE", SIGFPE}, {"KILL", SIGKILL}, {"USR1", SIGUSR1}, {"SEGV", SIGSEGV},
    {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM}, {"CHLD", SIGCHLD},
    {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU},
    {"URG", SIGURG}, {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF},
    {"WINCH", SIGWINCH}, {"IO", SIGIO}, {"PWR", SIGPWR}, {"SYS", SIGSYS},
};

static int parse_signal(const char *s) {
  char *end;
  long n = strtol(s, &end, 10);
  if (*s && !*end) return n > 0 && n < NSIG ? (int)n : -1;
  if (strncasecmp(s, "SIG", 3) == 0) s += 3;
  for (size_t i = 0; i < sizeof signal_names / sizeof *signal_names; i++)
    if (strcasecmp(s, signal_names[i].name) == 0) return signal_names[i].sig;
  return -1;
}

static int usage(void) {
  fputs("usage: orc-runtime [--root DIR] create|start|state|kill|delete|run [options] ID [SIGNAL]\n"
        "  create, run: --bundle/-b DIR  --pid-file FILE   run: --detach/-d   delete: --force/-f\n",
        stderr);
  return 2;
}

typedef struct {
  const char *root, *bundle, *pid_file, *command;
  const char *positional[2];
  int n_positional;
  bool force, detach;
} args_t;

/* "--name value" or "--name=value"; returns the value or NULL. */
static const char *option_value(int argc, char **argv, int *i, const char *name, const char *shortname) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) == 0 && a[n] == '=') return a + n + 1;
  if (strcmp(a, name) == 0 || (shortname && strcmp(a, shortname) == 0)) {
    if (*i + 1 >= argc) return NULL;
    return argv[++*i];
  }
  return NULL;
}

static bool is_option(const char *a, const char *name, const char *shortname) {
  size_t n = strlen(name);
  return strcmp(a, name) == 0 || (strncmp(a, name, n) == 0 && a[n] == '=') || (shortname && strcmp(a, shortname) == 0);
}

static int parse_args(int argc, char **argv, args_t *out) {
  memset(out, 0, sizeof *out);
  out->root = DEFAULT_ROOT;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v;
    if (is_option(a, "--root", NULL)) {
      if (!(v = option_value(argc, argv, &i, "--root", NULL))) return -1;
      out->root = v;
    } else if (is_option(a, "--bundle", "-b")) {
      if (!(v = option_value(argc, argv, &i, "--bundle", "-b"))) return -1;
      out->bundle = v;
    } else if (is_option(a, "--pid-file", NULL)) {
      if (!(v = option_value(argc, argv, &i, "--pid-file", NULL))) return -1;
      out->pid_file = v;
    } else if (is_option(a, "--log", NULL) || is_option(a, "--log-format", NULL)) {
      if (!option_value(argc, argv, &i, is_option(a, "--log-format", NULL) ? "--log-format" : "--log", NULL)) return -1;
    } else if (strcmp(a, "--debug") == 0 || strcmp(a, "--systemd-cgroup") == 0) {
    } else if (strcmp(a, "--force") == 0 || strcmp(a, "-f") == 0) {
      out->force = true;
    } else if (strcmp(a, "--detach") == 0 || strcmp(a, "-d") == 0) {
      out->detach = true;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "orc-runtime: unknown option %s\n", a);
      return -1;
    } else if (!out->command) {
      out->command = a;
    } else if (out->n_positional < 2) {
      out->positional[out->n_positional++] = a;
    } else {
      return -1;
    }
  }
  return out->command && out->n_positional >= 1 ? 0 : -1;
}

int main(int argc, char **argv) {
  args_t a;
  orc_error_t err = {0};
  int rc = -1, exit_code = 0;
  if (parse_args(argc, argv, &a) < 0) return usage();
  const char *id = a.positional[0];
  const char *cmd = a.command;
  if (strcmp(cmd, "kill") != 0 && a.n_positional > 1) return usage();

  if (strcmp(cmd, "create") == 0) {
    pid_t pid;
    rc = orc_container_create(a.root, id, a.bundle, a.pid_file, &pid, &err);
  } else if (strcmp(cmd, "start") == 0) {
    rc = orc_container_start(a.root, id, &err);
  } else if (strcmp(cmd, "state") == 0) {
    orc_state_t st;
    rc = orc_state_read(a.root, id, &st, &err);
    if (rc == 0) {
      orc_state_print(a.root, &st);
      orc_state_free(&st);
    }
  } else if (strcmp(cmd, "kill") == 0) {
    int sig = a.n_positional > 1 ? parse_signal(a.positional[1]) : SIGTERM;
    if (sig < 0) rc = orc_fail(&err, EINVAL, a.positional[1], "unknown signal");
    else rc = orc_container_kill(a.root, id, sig, &err);
  } else if (strcmp(cmd, "delete") == 0) {
    rc = orc_container_delete(a.root, id, a.force, &err);
  } else if (strcmp(cmd, "run") == 0) {
    rc = orc_container_run(a.root, id, a.bundle, a.pid_file, a.detach, &exit_code, &err);
    if (rc == 0) return exit_code;
  } else {
    return usage();
  }
  if (rc < 0) {
    orc_error_print(&err);
    return orc_error_status(&err);
  }
  return 0;
}
