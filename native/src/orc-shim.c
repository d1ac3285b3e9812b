/* orc-shim: the per-container monitor, in the mould of conmon.
 *
 *   orc-shim --id ID --bundle DIR --runtime PATH [--runtime-root DIR]
 *            --state-dir DIR [--log-max-size BYTES] [--log-max-files N]
 *            [--stdin] [--tty] [--attach-first [--attach-timeout MS]]
 *   orc-shim --exec EXEC_ID --process FILE --id ID --runtime PATH
 *            [--runtime-root DIR] --state-dir DIR [--stdin] [--tty]
 *            [--attach-first [--attach-timeout MS]]
 *
 * The caller gets the process's pid on stdout (exit 0) once it runs, or
 * "orc-shim: <what>: <error>" on stderr (exit 126 or 127 when the program
 * cannot be executed or found, else 1). By then the shim has detached
 * (fork + setsid, stdio on /dev/null) and lives on alone as the subreaper:
 *
 *   caller ── fork ──> shim: setsid, subreaper, pipes or console.sock, shim.sock
 *     ^                  ├─ <runtime> create --bundle B --pid-file container.pid ID
 *     |                  ├─ <runtime> start ID      (after the first client with --attach-first)
 *     └── "pid\n" ───────┘  (the runtime's init is reparented to the shim)
 *
 * Exec mode runs `<runtime> exec --process FILE --detach --pid-file exec.pid
 * ID` instead (after the first client with --attach-first, the caller then
 * gets pid 0), writes no log and does not delete the container.
 *
 * It then copies the process's stdout/stderr (or its pty master with --tty)
 * into container.log and to attached clients, forwards SIGTERM, SIGINT,
 * SIGHUP, SIGUSR1 and SIGUSR2 to it, reaps it, drains the pipes, reads the
 * OOM verdict, runs `<runtime> delete ID` (container mode), writes exit.json
 * and exits.
 *
 * Files in the state dir: container.pid or exec.pid, shim.pid, shim.sock,
 * console.sock (while the runtime hands over the pty), container.log
 * (+ .1 …), exit.json, shim.log (the shim's own complaints after detaching). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "json.h"
#include "shim.h"

#define DRAIN_MS 2000          /* after the init exits, how long to wait for EOF on its pipes */
#define RUNTIME_TIMEOUT_MS 60000
#define CONSOLE_MS 5000        /* how long the runtime may take to send the pty master once it returned */

typedef struct {
  const char *id, *bundle, *runtime, *runtime_root, *state_dir;
  const char *exec_id, *process; /* exec mode */
  int64_t log_max_size;
  int log_max_files;
  bool stdin_open, tty, attach_first;
  int attach_timeout_ms;
} shim_args_t;

static const int forwarded_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2};

static struct {
  shim_args_t a;
  pid_t pid;          /* the container's init, or the exec'd process */
  bool launched;      /* start (or exec) done */
  bool exited;
  shim_exit_t exit;
  int out_fd, err_fd; /* read ends of the container's stdout/stderr */
  int in_fd;          /* write end of its stdin, -1 without --stdin */
  char *in_queue;     /* stdin bytes the pipe did not take yet */
  size_t in_queued;
  char *memcg;        /* the container's memory cgroup directory, read before start */
  int child_in, child_out, child_err; /* the process's ends of the pipes, until it runs */
  int console_fd;     /* console.sock listener, with --tty until the master arrives */
  char *console_path;
  unsigned rows, cols; /* the last resize, applied to a master that arrives later */
  int fail_status;    /* exit status of a failed runtime command (126, 127 or 1) */
} shim = {.out_fd = -1, .err_fd = -1, .in_fd = -1, .child_in = -1, .child_out = -1, .child_err = -1, .console_fd = -1};

static void print_error(const orc_error_t *err) {
  fprintf(stderr, "orc-shim: %s%s%s", err->what, err->path[0] ? " " : "", err->path);
  if (err->errnum) fprintf(stderr, ": %s", strerror(err->errnum));
  fputc('\n', stderr);
}

static int usage(void) {
  fputs("usage: orc-shim --id ID --bundle DIR --runtime PATH [--runtime-root DIR] --state-dir DIR\n"
        "                [--log-max-size BYTES] [--log-max-files N] [--stdin] [--tty]\n"
        "                [--attach-first [--attach-timeout MS]]\n"
        "       orc-shim --exec EXEC_ID --process FILE --id ID --runtime PATH [--runtime-root DIR]\n"
        "                --state-dir DIR [--stdin] [--tty] [--attach-first [--attach-timeout MS]]\n",
        stderr);
  return 2;
}

static int parse_args(int argc, char **argv, shim_args_t *a) {
  *a = (shim_args_t){.log_max_files = 1, .attach_timeout_ms = 10000};
  for (int i = 1; i < argc; i++) {
    const char *opt = argv[i], *v = NULL;
    bool *flag = strcmp(opt, "--stdin") == 0 ? &a->stdin_open
                 : strcmp(opt, "--tty") == 0 ? &a->tty
                 : strcmp(opt, "--attach-first") == 0 ? &a->attach_first
                 : NULL;
    if (flag) {
      *flag = true;
      continue;
    }
    const char *eq = strchr(opt, '=');
    size_t n = eq ? (size_t)(eq - opt) : strlen(opt);
    if (eq) v = eq + 1;
    else if (i + 1 < argc) v = argv[++i];
    else return -1;
#define IS(name) (n == strlen(name) && strncmp(opt, name, n) == 0)
    char *end;
    if (IS("--id")) a->id = v;
    else if (IS("--bundle")) a->bundle = v;
    else if (IS("--runtime")) a->runtime = v;
    else if (IS("--runtime-root")) a->runtime_root = v;
    else if (IS("--state-dir")) a->state_dir = v;
    else if (IS("--exec")) a->exec_id = v;
    else if (IS("--process")) a->process = v;
    else if (IS("--attach-timeout")) {
      long ms = strtol(v, &end, 10);
      if (*end || ms < 0 || ms > 24L * 3600 * 1000) return -1;
      a->attach_timeout_ms = (int)ms;
    }
    else if (IS("--log-max-size")) {
      a->log_max_size = strtoll(v, &end, 10);
      if (*end || a->log_max_size < 0) return -1;
    } else if (IS("--log-max-files")) {
      a->log_max_files = (int)strtol(v, &end, 10);
      if (*end || a->log_max_files < 1) return -1;
    } else return -1;
#undef IS
  }
  if (!a->id || !a->runtime || !a->state_dir) return -1;
  return a->exec_id ? (a->process && !a->bundle ? 0 : -1) : (a->bundle && !a->process ? 0 : -1);
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The program the spec runs (process.args[0] of config.json or the exec's
 * process file), or NULL. */
static char *spec_program(void) {
  cleanup_free char *path = shim.a.process ? strdup(shim.a.process) : orc_strdup_printf("%s/config.json", shim.a.bundle);
  cleanup_free char *text = NULL;
  cleanup_json orc_json_t *json = NULL;
  orc_error_t ignored;
  if (!path || orc_read_file(path, &text, NULL, &ignored) < 0 || orc_json_parse(text, path, &json, &ignored) < 0) return NULL;
  const orc_json_t *process = shim.a.process ? json : orc_json_get_object(json, "process");
  const orc_json_t *args = orc_json_get_array(process, "args");
  if (!args || args->len == 0 || args->items[0].type != ORC_JSON_STRING) return NULL;
  const char *slash = strrchr(args->items[0].string, '/');
  return strdup(slash ? slash + 1 : args->items[0].string);
}

/* The shim's exit status after a runtime command failed: the runtime's own
 * 126 or 127, else what its message says the way Docker reads it (the
 * program not found: 127, not executable: 126), else 1. */
static int fail_status_of(int code, const char *msg) {
  if (code == 126 || code == 127) return code;
  if (strcasestr(msg, "permission denied")) return 126;
  if (strcasestr(msg, "executable file not found")) return 127;
  if (strcasestr(msg, "no such file or directory")) {
    cleanup_free char *program = spec_program();
    if (program && *program && strstr(msg, program)) return 127;
  }
  return 1;
}

/* Runs the runtime with `verb` and the given stdio; returns once it exits.
 * Its stderr goes to a pipe whose last bytes become the error message. */
static int run_runtime(const char *const *verb_args, int in, int out, int capture_err, orc_error_t *err) {
  const char *argv[16];
  size_t n = 0;
  argv[n++] = shim.a.runtime;
  if (shim.a.runtime_root) argv[n++] = "--root", argv[n++] = shim.a.runtime_root;
  for (size_t i = 0; verb_args[i] && n < 15; i++) argv[n++] = verb_args[i];
  argv[n] = NULL;

  int errpipe[2];
  if (pipe2(errpipe, O_CLOEXEC) < 0) return orc_fail(err, errno, NULL, "pipe");
  cleanup_close int err_r = errpipe[0];
  cleanup_close int err_w = errpipe[1];
  pid_t pid = fork();
  if (pid < 0) return orc_fail(err, errno, shim.a.runtime, "fork");
  if (pid == 0) {
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_UNBLOCK, &all, NULL); /* inherited by the container otherwise */
    signal(SIGPIPE, SIG_DFL);
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(capture_err >= 0 ? capture_err : err_w, 2) < 0) _exit(126);
    execv(argv[0], (char *const *)argv);
    dprintf(err_w, "exec %s: %s", argv[0], strerror(errno));
    _exit(127);
  }
  close(orc_steal_fd(err_w));
  /* Read the runtime's complaints (last 512 bytes) while waiting for it. */
  int watch = capture_err >= 0 ? -1 : err_r;
  char msg[512] = "";
  size_t msg_len = 0;
  int status = 0;
  long long deadline = now_ms() + RUNTIME_TIMEOUT_MS;
  /* A pidfd wakes the wait the moment the runtime exits (its stderr may stay
   * open in the container's init); without one (kernel < 5.3), poll every 10 ms. */
  cleanup_close int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) return orc_fail(err, errno, shim.a.runtime, "wait for");
    long long left = deadline - now_ms();
    if (left < 0) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return orc_fail(err, ETIMEDOUT, shim.a.runtime, "%s timed out:", verb_args[0]);
    }
    struct pollfd p[2] = {{.fd = watch, .events = POLLIN}, {.fd = pidfd, .events = POLLIN}};
    int timeout = pidfd >= 0 ? (int)(left < 1000 ? left + 1 : 1000) : 10;
    if (poll(p, 2, timeout) > 0 && (p[0].revents & (POLLIN | POLLHUP))) {
      char buf[512];
      ssize_t r = read(watch, buf, sizeof buf);
      if (r <= 0) watch = -1;
      else {
        if (msg_len + (size_t)r >= sizeof msg) msg_len = 0; /* keep the tail */
        memcpy(msg + msg_len, buf, (size_t)(r < (ssize_t)sizeof msg ? r : (ssize_t)sizeof msg - 1));
        msg_len += (size_t)(r < (ssize_t)sizeof msg ? r : (ssize_t)sizeof msg - 1);
        msg[msg_len] = '\0';
      }
    }
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  /* The message itself is what the user needs: "orc-runtime: exec /bin/x: No such file". */
  if (watch >= 0) {
    ssize_t r = read(watch, msg + msg_len, sizeof msg - 1 - msg_len);
    if (r > 0) msg_len += (size_t)r;
    msg[msg_len] = '\0';
  }
  while (msg_len > 0 && (msg[msg_len - 1] == '\n' || msg[msg_len - 1] == ' ')) msg[--msg_len] = '\0';
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (msg_len == 0) snprintf(msg, sizeof msg, "exit status %d", code);
  shim.fail_status = fail_status_of(code, msg);
  return orc_fail(err, 0, NULL, "runtime %s %s failed: %s", verb_args[0], shim.a.id, msg);
}

/* Drains a non-blocking capture pipe into msg (the runtime's stderr during create). */
static void read_available(int fd, char *msg, size_t len) {
  size_t used = strlen(msg);
  for (;;) {
    char buf[512];
    ssize_t r = read(fd, buf, sizeof buf);
    if (r <= 0) break;
    for (ssize_t i = 0; i < r && used + 1 < len; i++) msg[used++] = buf[i];
  }
  while (used > 0 && msg[used - 1] == '\n') used--;
  msg[used] = '\0';
}

static void close_child_ends(void) {
  int *fds[] = {&shim.child_in, &shim.child_out, &shim.child_err};
  for (size_t i = 0; i < 3; i++)
    if (*fds[i] >= 0) close(*fds[i]), *fds[i] = -1;
}

/* The process's stdio: pipes, or with --tty a console socket for the
 * runtime to send the pty master to. */
static int make_stdio(orc_error_t *err) {
  cleanup_close int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (devnull < 0) return orc_fail(err, errno, "/dev/null", "open");
  if (shim.a.tty) {
    shim.console_path = orc_strdup_printf("%s/console.sock", shim.a.state_dir);
    if ((shim.console_fd = shim_console_listen(shim.console_path, err)) < 0) return -1;
    shim.child_in = fcntl(devnull, F_DUPFD_CLOEXEC, 0), shim.child_out = fcntl(devnull, F_DUPFD_CLOEXEC, 0);
    return shim.child_in < 0 || shim.child_out < 0 ? orc_fail(err, errno, "/dev/null", "dup") : 0;
  }
  int outp[2], errp[2], inp[2] = {-1, -1};
  if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) return orc_fail(err, errno, NULL, "pipe");
  if (shim.a.stdin_open && pipe2(inp, O_CLOEXEC) < 0) return orc_fail(err, errno, NULL, "pipe");
  shim.out_fd = outp[0], shim.err_fd = errp[0], shim.in_fd = inp[1];
  shim.child_out = outp[1], shim.child_err = errp[1];
  shim.child_in = inp[0] >= 0 ? inp[0] : orc_steal_fd(devnull);
  fcntl(shim.out_fd, F_SETFL, O_NONBLOCK);
  fcntl(shim.err_fd, F_SETFL, O_NONBLOCK);
  if (shim.in_fd >= 0) fcntl(shim.in_fd, F_SETFL, O_NONBLOCK);
  return 0;
}

static void console_done(void) {
  if (shim.console_fd >= 0) close(shim.console_fd);
  shim.console_fd = -1;
  if (shim.console_path) unlink(shim.console_path);
}

/* After the runtime returned: the pty master becomes the process's stdio. */
static int take_console(orc_error_t *err) {
  int master = shim_console_receive(shim.console_fd, CONSOLE_MS, err);
  console_done();
  if (master < 0) return -1;
  shim.out_fd = master;
  if (shim.a.stdin_open && (shim.in_fd = fcntl(master, F_DUPFD_CLOEXEC, 0)) < 0)
    return orc_fail(err, errno, NULL, "dup pty master");
  if (shim.rows || shim.cols) shim_tty_resize(master, shim.rows, shim.cols);
  return 0;
}

static int read_pid_file(const char *pid_file, orc_error_t *err) {
  cleanup_free char *text = NULL;
  if (orc_read_file(pid_file, &text, NULL, err) < 0) return -1;
  shim.pid = (pid_t)strtol(text, NULL, 10);
  if (shim.pid <= 0) return orc_fail(err, EINVAL, pid_file, "bad pid in");
  return 0;
}

/* Runs `verb` with the process's stdio. Without a tty the runtime's
 * complaints land in the process's stderr pipe (nothing else writes there
 * before the process runs), so they are read back from there on failure. */
static int run_with_stdio(const char *const *verb_args, orc_error_t *err) {
  int r = run_runtime(verb_args, shim.child_in, shim.child_out, shim.a.tty ? -1 : shim.child_err, err);
  if (r < 0 && !shim.a.tty) {
    char msg[512] = "";
    read_available(shim.err_fd, msg, sizeof msg);
    if (msg[0]) {
      int by_msg = fail_status_of(0, msg); /* the runtime's own 126/127 stands otherwise */
      if (by_msg != 1 || !shim.fail_status) shim.fail_status = by_msg;
      orc_fail(err, 0, NULL, "runtime %s %s failed: %s", verb_args[0], shim.a.id, msg);
    }
  }
  return r;
}

/* Container mode, before the caller hears back: `<runtime> create`. */
static int create_container(orc_error_t *err) {
  cleanup_free char *pid_file = orc_strdup_printf("%s/container.pid", shim.a.state_dir);
  unlink(pid_file);
  const char *create[] = {"create", "--bundle", shim.a.bundle, "--pid-file", pid_file, shim.a.id, NULL};
  const char *create_tty[] = {"create", "--bundle", shim.a.bundle, "--pid-file", pid_file, "--console-socket",
                              shim.console_path, shim.a.id, NULL};
  if (run_with_stdio(shim.a.tty ? create_tty : create, err) < 0) return -1;
  close_child_ends();
  if (!shim.a.tty) {
    char junk[512] = "";
    read_available(shim.err_fd, junk, sizeof junk); /* warnings of a successful create */
  }
  if (read_pid_file(pid_file, err) < 0) return -1;
  shim.memcg = shim_memory_cgroup(shim.pid, shim.a.bundle); /* while the init surely lives */
  return shim.a.tty ? take_console(err) : 0;
}

/* Sets the process running: `<runtime> start` of the created container, or
 * `<runtime> exec` in exec mode. */
static int launch(orc_error_t *err) {
  cleanup_close int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (devnull < 0) return orc_fail(err, errno, "/dev/null", "open");
  shim.launched = true;
  if (!shim.a.exec_id) {
    const char *start[] = {"start", shim.a.id, NULL};
    if (run_runtime(start, devnull, devnull, -1, err) == 0) return 0;
    const char *del[] = {"delete", "--force", shim.a.id, NULL};
    orc_error_t ignored;
    int status = shim.fail_status;
    run_runtime(del, devnull, devnull, -1, &ignored);
    shim.fail_status = status;
    return -1;
  }
  cleanup_free char *pid_file = orc_strdup_printf("%s/exec.pid", shim.a.state_dir);
  unlink(pid_file);
  const char *exec[] = {"exec", "--process", shim.a.process, "--detach", "--pid-file", pid_file, shim.a.id, NULL};
  const char *exec_tty[] = {"exec", "--process", shim.a.process, "--detach", "--pid-file", pid_file,
                            "--console-socket", shim.console_path, shim.a.id, NULL};
  int r = run_with_stdio(shim.a.tty ? exec_tty : exec, err);
  close_child_ends();
  if (r < 0) return -1;
  if (read_pid_file(pid_file, err) < 0) return -1;
  return shim.a.tty ? take_console(err) : 0;
}

/* --- stdin and state, for attached clients (shim-attach.c) --- */

static void shim_stdin_close(void);

static bool shim_stdin_blocked(void) { return shim.in_queued > 0; }

static void shim_stdin_write(const char *data, size_t len) {
  if (shim.in_fd < 0) return;
  if (shim.in_queued == 0) {
    ssize_t n = write(shim.in_fd, data, len);
    if (n < 0 && errno != EAGAIN) {
      shim_stdin_close(); /* the container closed its stdin */
      return;
    }
    if (n > 0) data += n, len -= (size_t)n;
  }
  if (len == 0) return;
  char *q = realloc(shim.in_queue, shim.in_queued + len);
  if (!q) return;
  memcpy(q + shim.in_queued, data, len);
  shim.in_queue = q;
  shim.in_queued += len;
}

static void stdin_flush(void) {
  while (shim.in_queued > 0 && shim.in_fd >= 0) {
    ssize_t n = write(shim.in_fd, shim.in_queue, shim.in_queued);
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) {
      shim_stdin_close();
      return;
    }
    memmove(shim.in_queue, shim.in_queue + n, shim.in_queued - (size_t)n);
    shim.in_queued -= (size_t)n;
  }
  free(shim.in_queue);
  shim.in_queue = NULL;
  shim.in_queued = 0;
}

static void shim_stdin_close(void) {
  if (shim.in_fd >= 0) close(shim.in_fd);
  shim.in_fd = -1;
  free(shim.in_queue);
  shim.in_queue = NULL;
  shim.in_queued = 0;
}

/* A client's close-stdin. With a tty it is ignored, as Docker does: the
 * client detaches and the process keeps its terminal. */
static void client_stdin_close(void) {
  if (!shim.a.tty) shim_stdin_close();
}

static void shim_resize(unsigned rows, unsigned cols) {
  if (!shim.a.tty) return;
  shim.rows = rows, shim.cols = cols;
  if (shim.out_fd >= 0) shim_tty_resize(shim.out_fd, rows, cols);
}

static void shim_state_json(char *buf, size_t len) {
  snprintf(buf, len, "{\"pid\":%d,\"running\":%s}", (int)shim.pid, shim.launched && !shim.exited ? "true" : "false");
}

static const shim_attach_ops_t attach_ops = {
    .stdin_write = shim_stdin_write,
    .stdin_close = client_stdin_close,
    .resize = shim_resize,
    .stdin_blocked = shim_stdin_blocked,
    .state_json = shim_state_json,
};

/* --- the loop --- */

/* Reads one chunk of a container stream into the log and to clients; false at EOF. */
static bool pump(int *fd, int stream) {
  static char buf[8192];
  ssize_t n = read(*fd, buf, sizeof buf);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
  if (n <= 0) {
    if (!shim.a.exec_id) shim_log_flush(stream);
    close(*fd);
    *fd = -1;
    return false;
  }
  if (!shim.a.exec_id) shim_log_feed(stream, buf, (size_t)n);
  shim_attach_broadcast(stream, buf, (size_t)n);
  return true;
}

static void reap(void) {
  for (;;) {
    int status;
    pid_t w = waitpid(-1, &status, WNOHANG);
    if (w <= 0) return;
    if (w == shim.pid && !shim.exited) {
      shim.exited = true;
      shim.exit.pid = w;
      shim.exit.status = status;
      orc_time_rfc3339nano(shim.exit.time, sizeof shim.exit.time);
    }
  }
}

/* A launch that failed after the caller returned (--attach-first): the
 * clients see the message on stderr, exit.json records the failure status. */
static void launch_failed(const orc_error_t *err) {
  print_error(err);
  char msg[600];
  int n = snprintf(msg, sizeof msg, "orc-shim: %s\n", err->what);
  shim_attach_broadcast(SHIM_STREAM_STDERR, msg, n < (int)sizeof msg ? (size_t)n : sizeof msg - 1);
  shim.exited = true;
  shim.exit.pid = shim.pid;
  shim.exit.status = (shim.fail_status ? shim.fail_status : 1) << 8; /* as waitpid reports an exit */
  orc_time_rfc3339nano(shim.exit.time, sizeof shim.exit.time);
}

/* Returns once the process has ended and its output is drained. */
static void loop(int sigfd) {
  long long drain_deadline = 0;
  long long launch_deadline = shim.launched ? 0 : now_ms() + shim.a.attach_timeout_ms;
  for (;;) {
    if (!shim.launched && !shim.exited && (shim_attach_accepted() > 0 || now_ms() >= launch_deadline)) {
      orc_error_t err = {0};
      if (launch(&err) < 0) {
        launch_failed(&err);
        return;
      }
    }
    if (shim.exited && !drain_deadline) drain_deadline = now_ms() + DRAIN_MS;
    if (shim.exited && ((shim.out_fd < 0 && shim.err_fd < 0) || now_ms() >= drain_deadline)) return;
    struct pollfd fds[4 + 33];
    size_t n = 0;
    fds[n++] = (struct pollfd){.fd = sigfd, .events = POLLIN};
    fds[n++] = (struct pollfd){.fd = shim.out_fd, .events = POLLIN};
    fds[n++] = (struct pollfd){.fd = shim.err_fd, .events = POLLIN};
    fds[n++] = (struct pollfd){.fd = shim.in_queued ? shim.in_fd : -1, .events = POLLOUT};
    size_t first_client = n;
    n += shim_attach_pollfds(fds + n, sizeof fds / sizeof *fds - n);
    long long deadline = shim.exited ? drain_deadline : !shim.launched ? launch_deadline : -1;
    int timeout = deadline < 0 ? -1 : deadline > now_ms() ? (int)(deadline - now_ms()) : 0;
    if (poll(fds, n, timeout) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[0].revents) {
      struct signalfd_siginfo si;
      while (read(sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo == SIGCHLD) reap();
        else if (!shim.exited && shim.pid > 0) kill(shim.pid, (int)si.ssi_signo);
      }
    }
    if (fds[1].revents) pump(&shim.out_fd, SHIM_STREAM_STDOUT);
    if (fds[2].revents) pump(&shim.err_fd, SHIM_STREAM_STDERR);
    if (fds[3].revents) stdin_flush();
    shim_attach_handle(fds + first_client, n - first_client);
  }
}

/* Tells the caller the result and lets it go. */
static void report(int fd, const char *text) {
  size_t len = strlen(text);
  while (len > 0) {
    ssize_t n = write(fd, text, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text += n, len -= (size_t)n;
  }
}

static int caller_wait(int fd) {
  char buf[1024];
  size_t len = 0;
  for (;;) {
    ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    len += (size_t)n;
    if (len == sizeof buf - 1) break;
  }
  buf[len] = '\0';
  if (strncmp(buf, "ok ", 3) == 0) {
    fputs(buf + 3, stdout);
    return 0;
  }
  /* "fail <status> <message>" */
  char *end = NULL;
  long status = strncmp(buf, "fail ", 5) == 0 ? strtol(buf + 5, &end, 10) : 0;
  if (status <= 0 || !end || *end != ' ') {
    fputs("orc-shim: the shim exited before starting the process\n", stderr);
    return 1;
  }
  fputs(end + 1, stderr);
  return (int)status;
}

static int fail_to_caller(int fd, const orc_error_t *err) {
  char msg[1100];
  snprintf(msg, sizeof msg, "fail %d orc-shim: %.256s%s%.600s%s%.100s\n", shim.fail_status ? shim.fail_status : 1,
           err->what, err->path[0] ? " " : "", err->path, err->errnum ? ": " : "", err->errnum ? strerror(err->errnum) : "");
  report(fd, msg);
  return 1;
}

/* Everything the detached shim does; returns its exit status. */
static int shim_main(int ready) {
  orc_error_t err = {0};
  if (setsid() < 0) return fail_to_caller(ready, &(orc_error_t){.errnum = errno, .what = "setsid"});
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
    return fail_to_caller(ready, &(orc_error_t){.errnum = errno, .what = "prctl PR_SET_CHILD_SUBREAPER"});
  cleanup_free char *log_path = orc_strdup_printf("%s/shim.log", shim.a.state_dir);
  int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
  int shimlog = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (devnull < 0 || shimlog < 0 || dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0 || dup2(shimlog, 2) < 0)
    return fail_to_caller(ready, &(orc_error_t){.errnum = errno, .what = "redirect stdio", .path = "/dev/null"});
  close(devnull);
  close(shimlog);
  if (chdir("/") < 0) return fail_to_caller(ready, &(orc_error_t){.errnum = errno, .what = "chdir", .path = "/"});

  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGCHLD);
  for (size_t i = 0; i < sizeof forwarded_signals / sizeof *forwarded_signals; i++) sigaddset(&mask, forwarded_signals[i]);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  signal(SIGPIPE, SIG_IGN);
  int sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sigfd < 0) return fail_to_caller(ready, &(orc_error_t){.errnum = errno, .what = "signalfd"});

  cleanup_free char *sock = orc_strdup_printf("%s/shim.sock", shim.a.state_dir);
  cleanup_free char *exit_path = orc_strdup_printf("%s/exit.json", shim.a.state_dir);
  unlink(exit_path);
  bool container = !shim.a.exec_id;
  if ((container && shim_log_open(shim.a.state_dir, shim.a.log_max_size, shim.a.log_max_files, &err) < 0) ||
      shim_attach_listen(sock, &attach_ops, &err) < 0 || make_stdio(&err) < 0 ||
      (container && create_container(&err) < 0) || (!shim.a.attach_first && launch(&err) < 0)) {
    unlink(sock);
    console_done();
    return fail_to_caller(ready, &err);
  }
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%d", (int)getpid());
  cleanup_free char *shim_pid_path = orc_strdup_printf("%s/shim.pid", shim.a.state_dir);
  if (orc_write_file_atomic(shim_pid_path, buf, (size_t)n, &err) < 0) print_error(&err);
  snprintf(buf, sizeof buf, "ok %d\n", (int)shim.pid); /* 0 for an exec that waits for its first client */
  report(ready, buf);
  close(ready);

  loop(sigfd);
  console_done();
  reap(); /* in case the loop ended on a read error before the init's SIGCHLD */
  if (container) {
    shim_log_close();
    shim.exit.oom_killed = shim_oom_killed(shim.memcg);
  }
  /* A failed start already ran `delete --force`; an exec leaves the container be. */
  const char *del[] = {"delete", shim.a.id, NULL}, *force[] = {"delete", "--force", shim.a.id, NULL};
  cleanup_close int devnull2 = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (container && !shim.fail_status && run_runtime(del, devnull2, devnull2, -1, &err) < 0 &&
      run_runtime(force, devnull2, devnull2, -1, &err) < 0)
    print_error(&err);
  char json[256];
  if (shim_exit_write(shim.a.state_dir, &shim.exit, json, sizeof json, &err) < 0) print_error(&err);
  shim_attach_shutdown(json, strlen(json), 1000);
  unlink(sock);
  unlink(shim_pid_path);
  return 0;
}

int main(int argc, char **argv) {
  if (parse_args(argc, argv, &shim.a) < 0) return usage();
  orc_error_t err = {0};
  /* The shim changes to / and the runtime may run elsewhere: absolute paths only. */
  if (orc_mkdir_p(shim.a.state_dir, 0700, &err) < 0) {
    print_error(&err);
    return 1;
  }
  const char **spec = shim.a.exec_id ? &shim.a.process : &shim.a.bundle;
  char *state_dir = realpath(shim.a.state_dir, NULL), *spec_path = realpath(*spec, NULL);
  if (!state_dir || !spec_path) {
    orc_fail(&err, errno, state_dir ? *spec : shim.a.state_dir, "resolve");
    print_error(&err);
    return 1;
  }
  shim.a.state_dir = state_dir, *spec = spec_path;
  if (strchr(shim.a.runtime, '/') && !(shim.a.runtime = realpath(shim.a.runtime, NULL))) {
    orc_fail(&err, errno, argv[0], "resolve --runtime");
    print_error(&err);
    return 1;
  }
  if (shim.a.runtime_root && shim.a.runtime_root[0] != '/') {
    orc_fail(&err, EINVAL, shim.a.runtime_root, "--runtime-root must be absolute:");
    print_error(&err);
    return 1;
  }

  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) < 0) {
    orc_fail(&err, errno, NULL, "pipe");
    print_error(&err);
    return 1;
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    orc_fail(&err, errno, NULL, "fork");
    print_error(&err);
    return 1;
  }
  if (pid > 0) {
    close(pipefd[1]);
    return caller_wait(pipefd[0]);
  }
  close(pipefd[0]);
  _exit(shim_main(pipefd[1]));
}
