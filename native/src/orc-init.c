/* orc-init: a small pid 1 for containers (`--init`), bind-mounted at
 * /sbin/orc-init, hence linked static: the image may have no libc.
 *
 *   orc-init [--] CMD [ARGS...]
 *
 * Forks and execs CMD (looked up in PATH), forwards SIGTERM, SIGINT, SIGHUP,
 * SIGQUIT, SIGUSR1, SIGUSR2 and SIGWINCH to it, reaps every process that ends
 * up its child (the orphans of the container), and exits with CMD's status,
 * 128+N after signal N, as soon as CMD has exited; the kernel then ends the
 * rest of the pid namespace. When it is not pid 1 it becomes a child
 * subreaper, so that orphans still come to it. Exec failure: 127 when CMD is
 * not found, 126 when it cannot be executed, as orc-runtime.
 *
 * The signals are blocked and taken with sigwaitinfo: no handler runs, and a
 * blocked signal reaches a namespace's pid 1 even from outside (the kernel
 * drops only those a pid 1 leaves at SIG_DFL unblocked). Stands alone: no
 * other file of src/ is linked in. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const int forwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};

static void complain(const char *what, const char *path) {
  int e = errno;
  fprintf(stderr, "orc-init: %s%s%s: %s\n", what, path ? " " : "", path ? path : "", strerror(e));
}

int main(int argc, char **argv) {
  int first = argc > 1 && strcmp(argv[1], "--") == 0 ? 2 : 1;
  if (first >= argc) {
    fputs("usage: orc-init [--] CMD [ARGS...]\n", stderr);
    return 2;
  }
  sigset_t set, original;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  for (size_t i = 0; i < sizeof forwarded / sizeof *forwarded; i++) sigaddset(&set, forwarded[i]);
  if (sigprocmask(SIG_BLOCK, &set, &original) < 0) return complain("sigprocmask", NULL), 1;
  if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) return complain("PR_SET_CHILD_SUBREAPER", NULL), 1;

  pid_t child = fork();
  if (child < 0) return complain("fork", NULL), 1;
  if (child == 0) {
    sigprocmask(SIG_SETMASK, &original, NULL);
    execvp(argv[first], argv + first);
    int e = errno;
    complain("exec", argv[first]);
    _exit(e == ENOENT || e == ENOTDIR ? 127 : 126);
  }

  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&set, &info);
    if (sig < 0) {
      if (errno == EINTR) continue;
      complain("sigwaitinfo", NULL);
      return 1;
    }
    if (sig != SIGCHLD) {
      kill(child, sig); /* ESRCH: it is exiting; its SIGCHLD is on the way */
      continue;
    }
    /* One SIGCHLD may stand for several exits: reap until none is left. */
    int status, exit_code = -1;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
      if (pid == child) exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (exit_code >= 0) return exit_code;
  }
}
