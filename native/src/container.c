/* create / start / kill / delete / run, crun-style: the parent clones the
 * init with its namespaces, places it in its cgroups, and the two meet over
 * a SEQPACKET socketpair:
 *
 *   parent                              child (container init)
 *   clone ---------------------------->
 *   cgroups; send GO ----------------->  join namespaces, mounts, pivot_root,
 *                                        hostname, rlimits, user, caps, seccomp
 *          <---------------------------- READY (or ERROR with its orc_error_t)
 *   write state.json, exit (create)      block reading exec.fifo
 *   `start` writes a byte to exec.fifo -> execve(process.args)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "container.h"
#include "runtime.h"

int orc_sync_send(int fd, int type, const orc_error_t *err) {
  orc_sync_msg_t msg = {.type = type};
  if (err) msg.err = *err;
  return send(fd, &msg, sizeof msg, MSG_NOSIGNAL) == (ssize_t)sizeof msg ? 0 : -1;
}

int orc_sync_recv(int fd, orc_sync_msg_t *msg) {
  ssize_t n;
  do n = recv(fd, msg, sizeof *msg, 0);
  while (n < 0 && errno == EINTR);
  return n == (ssize_t)sizeof *msg ? 0 : n == 0 ? 1 : -1;
}

/* Everything the init does between clone and execve. Never returns. */
static void __attribute__((noreturn)) child_main(const orc_spec_t *spec, int sync, int fifo, int console) {
  orc_error_t err = {0};
  orc_sync_msg_t msg;
  cleanup_free char *exe = NULL;
  if (orc_sync_recv(sync, &msg) != 0 || msg.type != ORC_SYNC_GO) _exit(1);
  umask(0);
  if (orc_ns_join_late(spec, &err) < 0 || orc_ns_unshare_cgroup(spec, &err) < 0) goto fail;
  if (setsid() < 0) { orc_fail(&err, errno, NULL, "setsid"); goto fail; }
  if (orc_mount_rootfs(spec, &err) < 0) goto fail;
  if (console >= 0 && orc_terminal_setup(console, &spec->process, &err) < 0) goto fail;
  if (console >= 0) close(console);
  if (orc_process_set_hostname(spec, &err) < 0) goto fail;
  if (orc_process_prepare(&spec->process, &spec->seccomp, &exe, &err) < 0) goto fail;
  umask(022);
  if (orc_sync_send(sync, ORC_SYNC_READY, NULL) < 0) _exit(1);
  close(sync);

  char byte;
  ssize_t n;
  do n = read(fifo, &byte, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1) _exit(1);
  close(fifo);
  orc_process_exec(&spec->process, exe, &err);
  orc_error_print(&err); /* after `start`: only the container's exit status tells */
  _exit(orc_error_status(&err));
fail:
  orc_sync_send(sync, ORC_SYNC_ERROR, &err);
  _exit(1);
}

static void remove_state_dir(const char *dir) {
  cleanup_free char *fifo = orc_strdup_printf("%s/exec.fifo", dir);
  cleanup_free char *state = orc_strdup_printf("%s/state.json", dir);
  cleanup_free char *tmp = orc_strdup_printf("%s/state.json.tmp", dir);
  unlink(fifo);
  unlink(state);
  unlink(tmp);
  rmdir(dir);
}

int orc_write_pid_file(const char *path, pid_t pid, orc_error_t *err) {
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%d", (int)pid);
  return orc_write_file_atomic(path, buf, (size_t)n, err);
}

/* Everything after the state directory exists; on failure the caller
 * removes the directory and the cgroups. */
static int create_in(const char *dir, const char *id, const char *bundle, const orc_spec_t *spec,
                     const char *cgroup, const orc_create_opts_t *o, pid_t *out, orc_error_t *err) {
  cleanup_free char *fifo_path = orc_strdup_printf("%s/exec.fifo", dir);
  if (mkfifo(fifo_path, 0600) < 0) return orc_fail(err, errno, fifo_path, "mkfifo");
  /* O_RDWR never blocks; the init blocks in read() until `start` writes. */
  cleanup_close int fifo = open(fifo_path, O_RDWR | O_CLOEXEC);
  if (fifo < 0) return orc_fail(err, errno, fifo_path, "open");
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
    return orc_fail(err, errno, NULL, "socketpair");
  cleanup_close int parent_end = pair[0];
  cleanup_close int child_end = pair[1];
  cleanup_close int console = -1;
  if (o->console_socket && (console = orc_terminal_connect(o->console_socket, err)) < 0) return -1;
  if (orc_ns_join_early(spec, err) < 0) return -1;

  cleanup_pid pid_t pid = orc_ns_clone(orc_ns_clone_flags(spec), err);
  if (pid < 0) return -1;
  if (pid == 0) {
    close(parent_end);
    child_main(spec, child_end, fifo, console);
  }
  close(orc_steal_fd(child_end));

  if (orc_cgroup_enter(spec, cgroup, pid, err) < 0) return -1;
  if (orc_sync_send(parent_end, ORC_SYNC_GO, NULL) < 0) return orc_fail(err, errno, NULL, "sync with container init");
  orc_sync_msg_t msg;
  if (orc_sync_recv(parent_end, &msg) != 0) return orc_fail(err, EPIPE, NULL, "container init exited during setup");
  if (msg.type == ORC_SYNC_ERROR) {
    *err = msg.err;
    return -1;
  }

  char created[64];
  unsigned long long starttime = 0;
  char letter;
  orc_time_rfc3339nano(created, sizeof created);
  if (orc_proc_starttime(pid, &starttime, &letter) < 0) return orc_fail(err, ESRCH, NULL, "container init vanished");
  orc_state_t st = {.id = (char *)id, .bundle = (char *)bundle, .rootfs = spec->root_path, .cgroup = (char *)cgroup,
                    .created = created, .pid = pid, .starttime = starttime};
  if (orc_state_write(dir, &st, err) < 0) return -1;
  if (o->pid_file && orc_write_pid_file(o->pid_file, pid, err) < 0) return -1;
  *out = pid;
  pid = 0; /* the init lives on: disarm cleanup_pid */
  return 0;
}

int orc_container_create(const char *root, const char *id, const orc_create_opts_t *o, pid_t *pid,
                         orc_error_t *err) {
  const char *bundle_arg = o->bundle;
  orc_spec_t spec;
  cleanup_json orc_json_t *json = NULL;
  cleanup_free char *bundle = NULL, *cgroup = NULL, *dir = NULL;
  if (orc_state_validate_id(id, err) < 0) return -1;
  bundle = realpath(bundle_arg ? bundle_arg : ".", NULL);
  if (!bundle) return orc_fail(err, errno, bundle_arg ? bundle_arg : ".", "bundle");
  int rc = orc_spec_load(bundle, &spec, &json, err);
  if (rc == 0) rc = orc_terminal_check(spec.process.terminal, o->console_socket, err);
  if (rc == 0) rc = orc_seccomp_prepare(&spec.seccomp, root, err);
  if (rc == 0) rc = orc_cgroup_resolve(&spec, id, &cgroup, err);
  if (rc == 0) rc = orc_mkdir_p(root, 0700, err);
  if (rc == 0) {
    dir = orc_strdup_printf("%s/%s", root, id);
    if (mkdir(dir, 0700) < 0)
      rc = errno == EEXIST ? orc_fail(err, EEXIST, id, "container already exists:") : orc_fail(err, errno, dir, "mkdir");
    else if ((rc = create_in(dir, id, bundle, &spec, cgroup, o, pid, err)) < 0) {
      orc_error_t ignored;
      remove_state_dir(dir);
      orc_cgroup_destroy(cgroup, &ignored);
    }
  }
  orc_spec_free(&spec);
  return rc;
}

int orc_container_start(const char *root, const char *id, orc_error_t *err) {
  orc_state_t st;
  if (orc_state_read(root, id, &st, err) < 0) return -1;
  const char *status = orc_state_status(root, &st);
  int rc = 0;
  cleanup_free char *fifo_path = orc_strdup_printf("%s/%s/exec.fifo", root, id);
  if (strcmp(status, "created") != 0) {
    rc = orc_fail(err, EINVAL, id, "cannot start a container that is %s:", status);
  } else {
    cleanup_close int fd = open(fifo_path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) rc = orc_fail(err, errno == ENXIO ? ESRCH : errno, fifo_path, "signal container init");
    else if (write(fd, "0", 1) != 1) rc = orc_fail(err, errno, fifo_path, "write");
    else unlink(fifo_path);
  }
  orc_state_free(&st);
  return rc;
}

int orc_container_kill(const char *root, const char *id, int signal, orc_error_t *err) {
  orc_state_t st;
  if (orc_state_read(root, id, &st, err) < 0) return -1;
  int rc = 0;
  const char *status = orc_state_status(root, &st);
  if (strcmp(status, "stopped") == 0) rc = orc_fail(err, ESRCH, id, "container is not running:");
  else if (kill(st.pid, signal) < 0) rc = orc_fail(err, errno, id, "kill");
  /* As runc: a signal to a frozen init waits for the thaw; SIGKILL thaws it. */
  else if (signal == SIGKILL && strcmp(status, "paused") == 0) rc = orc_cgroup_freeze(st.cgroup, false, err);
  orc_state_free(&st);
  return rc;
}

/* pause: a running container's cgroup frozen; resume: a paused one's thawed. */
static int set_frozen(const char *root, const char *id, bool frozen, orc_error_t *err) {
  orc_state_t st;
  if (orc_state_read(root, id, &st, err) < 0) return -1;
  const char *status = orc_state_status(root, &st);
  int rc;
  if (strcmp(status, frozen ? "running" : "paused") != 0)
    rc = orc_fail(err, EINVAL, id, frozen ? "cannot pause a container that is %s:" : "cannot resume a container that is %s:", status);
  else if (!st.cgroup[0]) rc = orc_fail(err, ENOENT, id, "no cgroup recorded for");
  else rc = orc_cgroup_freeze(st.cgroup, frozen, err);
  orc_state_free(&st);
  return rc;
}

int orc_container_pause(const char *root, const char *id, orc_error_t *err) { return set_frozen(root, id, true, err); }

int orc_container_resume(const char *root, const char *id, orc_error_t *err) { return set_frozen(root, id, false, err); }

/* Kills a live init (only with force), then removes cgroups and state. */
static int delete_state(const char *root, const char *id, orc_state_t *st, bool force, orc_error_t *err) {
  if (strcmp(orc_state_status(root, st), "stopped") != 0) {
    if (!force) return orc_fail(err, EBUSY, id, "cannot delete a container that is not stopped (use --force):");
    kill(st->pid, SIGKILL); /* pid 1 of a pid namespace: its death kills the namespace */
    if (st->cgroup[0] && orc_cgroup_frozen(st->cgroup) == 1) {
      orc_error_t ignored; /* a paused container: the SIGKILL lands once thawed */
      orc_cgroup_freeze(st->cgroup, false, &ignored);
    }
    for (int i = 0; i < 500 && strcmp(orc_state_status(root, st), "stopped") != 0; i++)
      nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
  }
  if (st->cgroup[0] && orc_cgroup_destroy(st->cgroup, err) < 0) return -1;
  cleanup_free char *dir = orc_strdup_printf("%s/%s", root, id);
  remove_state_dir(dir);
  return 0;
}

int orc_container_delete(const char *root, const char *id, bool force, orc_error_t *err) {
  orc_state_t st;
  if (orc_state_read(root, id, &st, err) < 0) return force && err->errnum == ENOENT ? 0 : -1;
  int rc = delete_state(root, id, &st, force, err);
  orc_state_free(&st);
  return rc;
}

static volatile pid_t forward_to;

static void forward_signal(int sig) {
  if (forward_to > 0) kill(forward_to, sig);
}

void orc_forward_signals(pid_t pid) {
  const int forwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};
  struct sigaction sa = {.sa_handler = forward_signal, .sa_flags = SA_RESTART};
  forward_to = pid;
  for (size_t i = 0; i < sizeof forwarded / sizeof *forwarded; i++) sigaction(forwarded[i], &sa, NULL);
}

int orc_wait_exit(pid_t pid, const char *what, int *exit_code, orc_error_t *err) {
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return orc_fail(err, errno, what, "wait for");
  }
  forward_to = 0;
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return 0;
}

int orc_container_run(const char *root, const char *id, const orc_create_opts_t *o, int *exit_code,
                      orc_error_t *err) {
  pid_t pid;
  *exit_code = 0;
  if (orc_container_create(root, id, o, &pid, err) < 0) return -1;
  if (!o->detach) orc_forward_signals(pid);
  if (orc_container_start(root, id, err) < 0) {
    orc_error_t ignored;
    orc_container_delete(root, id, true, &ignored);
    return -1;
  }
  if (o->detach) return 0;
  if (orc_wait_exit(pid, id, exit_code, err) < 0) return -1;
  return orc_container_delete(root, id, true, err);
}
