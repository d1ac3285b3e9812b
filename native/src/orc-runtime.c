/* orc-runtime: an OCI runtime command line in the mould of runc and crun.
 *
 *   orc-runtime [--root DIR] create [--bundle DIR] [--pid-file FILE] [--console-socket PATH] ID
 *   orc-runtime [--root DIR] start ID
 *   orc-runtime [--root DIR] state ID
 *   orc-runtime [--root DIR] kill ID [SIGNAL]
 *   orc-runtime [--root DIR] delete [--force] ID
 *   orc-runtime [--root DIR] pause ID
 *   orc-runtime [--root DIR] resume ID
 *   orc-runtime [--root DIR] run [--bundle DIR] [--pid-file FILE] [--console-socket PATH] [--detach] ID
 *   orc-runtime [--root DIR] exec [--process FILE] [--detach] [--pid-file FILE] [--console-socket PATH]
 *               [--tty] [--cwd DIR] [--env K=V]... [--user UID[:GID]] [--cap CAP]...
 *               [--no-new-privs] ID [COMMAND ARGS...]
 *
 * Options may come before or after the ID (for exec: before it; what follows
 * the ID is the command); --log, --log-format, --debug and --systemd-cgroup
 * are accepted and ignored, as engines pass them to runc. */
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
  fputs("usage: orc-runtime [--root DIR] create|start|state|kill|delete|pause|resume|run|exec [options] ID [SIGNAL | COMMAND...]\n"
        "  create, run: --bundle/-b DIR  --pid-file FILE  --console-socket PATH   run: --detach/-d\n"
        "  delete: --force/-f\n"
        "  exec: --process FILE  --detach/-d  --pid-file FILE  --console-socket PATH  --tty/-t  --cwd DIR  --env/-e K=V\n"
        "        --user/-u UID[:GID]  --cap CAP  --no-new-privs\n",
        stderr);
  return 2;
}

typedef struct {
  const char *root, *bundle, *pid_file, *command;
  const char *positional[2];
  int n_positional;
  bool force, detach;
  orc_exec_opts_t exec;
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

/* The options only exec takes; 1 when `argv[*i]` was one, -1 on a missing value. */
static int exec_option(int argc, char **argv, int *i, orc_exec_opts_t *e, const char **env, const char **caps) {
  const char *a = argv[*i];
  const char **value = NULL;
  const char *name = NULL, *shortname = NULL;
  if (is_option(a, "--process", "-p")) name = "--process", shortname = "-p", value = &e->process_file;
  else if (is_option(a, "--cwd", NULL)) name = "--cwd", value = &e->cwd;
  else if (is_option(a, "--user", "-u")) name = "--user", shortname = "-u", value = &e->user;
  else if (strcmp(a, "--tty") == 0 || strcmp(a, "-t") == 0) return e->tty = true, 1;
  else if (strcmp(a, "--no-new-privs") == 0) return e->no_new_privs = true, 1;
  if (name) return (*value = option_value(argc, argv, i, name, shortname)) ? 1 : -1;
  if (is_option(a, "--env", "-e")) {
    const char *v = option_value(argc, argv, i, "--env", "-e");
    size_t n = 0;
    while (env[n]) n++;
    return v ? (env[n] = v, 1) : -1;
  }
  if (is_option(a, "--cap", "-c")) {
    const char *v = option_value(argc, argv, i, "--cap", "-c");
    size_t n = 0;
    while (caps[n]) n++;
    return v ? (caps[n] = v, 1) : -1;
  }
  return 0;
}

static int parse_args(int argc, char **argv, args_t *out) {
  memset(out, 0, sizeof *out);
  out->root = DEFAULT_ROOT;
  /* --env, --cap and the command borrow argv; argc bounds their number. */
  const char **env = calloc((size_t)argc + 1, sizeof *env), **caps = calloc((size_t)argc + 1, sizeof *caps);
  if (!env || !caps) return -1;
  out->exec.env = env;
  out->exec.caps = caps;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v;
    bool exec = out->command && strcmp(out->command, "exec") == 0;
    int taken;
    if (exec && out->n_positional == 1) { /* the command: everything after the ID */
      if (strcmp(a, "--") == 0) i++;
      out->exec.args = (const char **)argv + i;
      break;
    }
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
    } else if (is_option(a, "--console-socket", NULL)) {
      if (!(v = option_value(argc, argv, &i, "--console-socket", NULL))) return -1;
      out->exec.console_socket = v;
    } else if (exec && (taken = exec_option(argc, argv, &i, &out->exec, env, caps)) != 0) {
      if (taken < 0) return -1;
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
  out->exec.pid_file = out->pid_file;
  out->exec.detach = out->detach;
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

  orc_create_opts_t create = {.bundle = a.bundle, .pid_file = a.pid_file, .console_socket = a.exec.console_socket,
                              .detach = a.detach};
  if (strcmp(cmd, "create") == 0) {
    pid_t pid;
    rc = orc_container_create(a.root, id, &create, &pid, &err);
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
  } else if (strcmp(cmd, "pause") == 0) {
    rc = orc_container_pause(a.root, id, &err);
  } else if (strcmp(cmd, "resume") == 0) {
    rc = orc_container_resume(a.root, id, &err);
  } else if (strcmp(cmd, "exec") == 0) {
    rc = orc_container_exec(a.root, id, &a.exec, &exit_code, &err);
    if (rc == 0) return exit_code;
  } else if (strcmp(cmd, "run") == 0) {
    rc = orc_container_run(a.root, id, &create, &exit_code, &err);
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
