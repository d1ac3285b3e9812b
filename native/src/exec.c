/* exec: a new process in a running container, with runc's command line.
 *
 *   orc-runtime exec                      child
 *   open /proc/<init>/ns/<each> differing
 *   setns pid; fork ------------------->  (born in the container's pid namespace)
 *   the init's cgroups (cgroup.procs)
 *   send GO --------------------------->  setns user, ipc, uts, net, cgroup, mnt
 *                                         [--tty: setsid, pty from the container's devpts]
 *                                         rlimits, seccomp, user, caps, chdir, lookup
 *          <--------------------------- ERROR, or end of file: execve closed the socket
 *   pid file; --detach: exit 0, else wait and exit with the process's status
 *
 * Detached, the process is reparented to the caller's subreaper (a shim). */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "container.h"
#include "runtime.h"

static void spec_freep(orc_spec_t *spec) { orc_spec_free(spec); }
static void process_freep(orc_process_t *p) { orc_process_free(p); }
#define cleanup_spec __attribute__((cleanup(spec_freep)))
#define cleanup_process __attribute__((cleanup(process_freep)))

/* "UID" or "UID:GID", numeric as in runc. */
static int parse_user(const char *s, orc_process_t *p, orc_error_t *err) {
  char *end;
  errno = 0;
  unsigned long uid = strtoul(s, &end, 10);
  if (end == s || (*end && *end != ':') || errno) return orc_fail(err, EINVAL, s, "invalid --user (UID[:GID]):");
  p->uid = (uid_t)uid;
  if (*end == ':') {
    const char *g = end + 1;
    unsigned long gid = strtoul(g, &end, 10);
    if (end == g || *end || errno) return orc_fail(err, EINVAL, s, "invalid --user (UID[:GID]):");
    p->gid = (gid_t)gid;
  }
  return 0;
}

static size_t count(const char **list) {
  size_t n = 0;
  while (list && list[n]) n++;
  return n;
}

/* The config's environment with each --env K=V added, or replacing K. */
static int merge_env(orc_process_t *p, const char **extra, orc_error_t *err) {
  size_t n = count(p->env), k = count(extra);
  const char **env = calloc(n + k + 1, sizeof *env);
  if (!env) return orc_fail(err, ENOMEM, NULL, "environment");
  memcpy(env, p->env, n * sizeof *env);
  for (size_t i = 0; i < k; i++) {
    const char *eq = strchr(extra[i], '=');
    size_t key = eq ? (size_t)(eq - extra[i]) : strlen(extra[i]);
    size_t j = 0;
    while (j < n && !(strncmp(env[j], extra[i], key) == 0 && env[j][key] == '=')) j++;
    if (!eq) continue; /* a bare K: runc would copy it from its own environment; not carried over */
    env[j] = extra[i];
    if (j == n) n++;
  }
  free(p->env);
  p->env = env;
  return 0;
}

/* The process to run: --process FILE as it is, or config.json's process
 * with the command line's changes. Strings borrow from *doc, the spec or argv. */
static int build_process(const orc_exec_opts_t *o, orc_spec_t *spec, orc_process_t *p, orc_json_t **doc,
                         orc_error_t *err) {
  if (o->process_file) {
    cleanup_free char *text = NULL;
    if (orc_read_file(o->process_file, &text, NULL, err) < 0) return -1;
    if (orc_json_parse(text, o->process_file, doc, err) < 0) return -1;
    return orc_process_load(*doc, o->process_file, p, err);
  }
  *p = spec->process; /* moved: the spec no longer owns these arrays */
  memset(&spec->process, 0, sizeof spec->process);
  size_t n = count(o->args);
  if (!n) return orc_fail(err, EINVAL, NULL, "exec needs a command (or --process FILE)");
  const char **args = calloc(n + 1, sizeof *args);
  if (!args) return orc_fail(err, ENOMEM, NULL, "arguments");
  memcpy(args, o->args, n * sizeof *args);
  free(p->args);
  p->args = args;
  if (merge_env(p, o->env, err) < 0) return -1;
  if (o->cwd) {
    if (o->cwd[0] != '/') return orc_fail(err, EINVAL, o->cwd, "--cwd is not absolute:");
    p->cwd = o->cwd;
  }
  if (o->user && parse_user(o->user, p, err) < 0) return -1;
  for (size_t i = 0; o->caps && o->caps[i]; i++) {
    int cap = orc_cap_from_name(o->caps[i]);
    if (cap < 0) {
      cleanup_free char *prefixed = orc_strdup_printf("CAP_%s", o->caps[i]);
      cap = orc_cap_from_name(prefixed);
    }
    if (cap < 0) return orc_fail(err, EINVAL, o->caps[i], "unknown capability");
    p->has_caps = true;
    p->cap_bounding |= 1ULL << cap;
    p->cap_effective |= 1ULL << cap;
    p->cap_permitted |= 1ULL << cap;
  }
  if (o->no_new_privs) p->no_new_privileges = true;
  p->terminal = o->tty;
  return 0;
}

/* In the child: everything between fork and execve. Never returns. */
static void __attribute__((noreturn)) exec_child(const orc_ns_set_t *ns, const orc_process_t *p,
                                                 const orc_seccomp_t *seccomp, int sync, int console) {
  orc_error_t err = {0};
  orc_sync_msg_t msg;
  cleanup_free char *exe = NULL;
  if (orc_sync_recv(sync, &msg) != 0 || msg.type != ORC_SYNC_GO) _exit(1);
  if (orc_ns_enter(ns, CLONE_NEWPID, false, &err) < 0) goto fail;
  if (console >= 0) {
    if (setsid() < 0) {
      orc_fail(&err, errno, NULL, "setsid");
      goto fail;
    }
    if (orc_terminal_setup(console, p, &err) < 0) goto fail;
    close(console);
  }
  umask(022);
  if (orc_process_prepare(p, seccomp, &exe, &err) < 0) goto fail;
  orc_process_exec(p, exe, &err);
fail:
  orc_sync_send(sync, ORC_SYNC_ERROR, &err);
  _exit(orc_error_status(&err));
}

static int exec_in(const char *root, const orc_state_t *st, const orc_exec_opts_t *o, int *exit_code,
                   orc_error_t *err) {
  cleanup_spec orc_spec_t spec = {0};
  cleanup_process orc_process_t proc = {0};
  cleanup_json orc_json_t *config = NULL;
  cleanup_json orc_json_t *doc = NULL;
  cleanup_ns_set orc_ns_set_t ns = {0};
  if (strcmp(orc_state_status(root, st), "stopped") == 0)
    return orc_fail(err, ESRCH, st->id, "cannot exec in a stopped container:");
  if (strcmp(orc_state_status(root, st), "paused") == 0)
    return orc_fail(err, EBUSY, st->id, "cannot exec in a paused container:");
  if (orc_spec_load(st->bundle, &spec, &config, err) < 0) return -1;
  if (build_process(o, &spec, &proc, &doc, err) < 0) return -1;
  if (orc_terminal_check(proc.terminal, o->console_socket, err) < 0) return -1;
  cleanup_close int console = -1;
  if (o->console_socket && (console = orc_terminal_connect(o->console_socket, err)) < 0) return -1;
  if (orc_ns_open_of(st->pid, &ns, err) < 0) return -1;
  /* The namespaces are held open now: make sure they were the init's. */
  if (strcmp(orc_state_status(root, st), "stopped") == 0)
    return orc_fail(err, ESRCH, st->id, "cannot exec in a stopped container:");
  if (orc_ns_enter(&ns, CLONE_NEWPID, true, err) < 0) return -1;

  int pair[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
    return orc_fail(err, errno, NULL, "socketpair");
  cleanup_close int parent_end = pair[0];
  cleanup_close int child_end = pair[1];
  cleanup_pid pid_t pid = fork();
  if (pid < 0) return orc_fail(err, errno, NULL, "fork");
  if (pid == 0) {
    close(parent_end);
    exec_child(&ns, &proc, &spec.seccomp, child_end, console);
  }
  close(orc_steal_fd(child_end));
  if (!o->detach) orc_forward_signals(pid);

  if (orc_cgroup_join_like(st->pid, pid, err) < 0) return -1;
  if (orc_sync_send(parent_end, ORC_SYNC_GO, NULL) < 0) return orc_fail(err, errno, NULL, "sync with exec'd process");
  orc_sync_msg_t msg;
  int got = orc_sync_recv(parent_end, &msg);
  if (got < 0) return orc_fail(err, errno, NULL, "sync with exec'd process");
  if (got == 0) {
    *err = msg.err; /* ORC_SYNC_ERROR, the only message the child sends */
    return -1;
  }
  if (o->pid_file && orc_write_pid_file(o->pid_file, pid, err) < 0) return -1;
  pid_t child = pid;
  pid = 0; /* from here on it runs on its own: disarm cleanup_pid */
  if (o->detach) return 0;
  return orc_wait_exit(child, st->id, exit_code, err);
}

int orc_container_exec(const char *root, const char *id, const orc_exec_opts_t *opts, int *exit_code,
                       orc_error_t *err) {
  orc_state_t st;
  *exit_code = 0;
  if (orc_state_read(root, id, &st, err) < 0) return -1;
  int rc = exec_in(root, &st, opts, exit_code, err);
  orc_state_free(&st);
  return rc;
}
