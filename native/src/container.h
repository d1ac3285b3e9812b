/* The container lifecycle behind the command line: create, start, state,
 * kill, delete, run. State lives in <root>/<id>/ (state.json, exec.fifo). */
#ifndef ORC_CONTAINER_H
#define ORC_CONTAINER_H

#include <stdbool.h>

#include "error.h"

typedef struct {
  char *id, *bundle, *rootfs, *cgroup, *created;
  pid_t pid;
  unsigned long long starttime; /* /proc/<pid>/stat field 22: tells a reused pid apart */
} orc_state_t;

/* state.c */
int orc_state_validate_id(const char *id, orc_error_t *err);
int orc_state_write(const char *dir, const orc_state_t *st, orc_error_t *err);
int orc_state_read(const char *root, const char *id, orc_state_t *st, orc_error_t *err);
void orc_state_free(orc_state_t *st);
/* "created" (init waits on exec.fifo), "running", "paused" (its cgroup frozen) or "stopped". */
const char *orc_state_status(const char *root, const orc_state_t *st);
int orc_proc_starttime(pid_t pid, unsigned long long *starttime, char *state);
int orc_state_print(const char *root, const orc_state_t *st);

/* container.c */
typedef struct {
  const char *bundle, *pid_file;
  const char *console_socket; /* where the pty master goes when process.terminal is true */
  bool detach;                /* run only */
} orc_create_opts_t;
int orc_container_create(const char *root, const char *id, const orc_create_opts_t *opts, pid_t *pid,
                         orc_error_t *err);
int orc_container_start(const char *root, const char *id, orc_error_t *err);
int orc_container_kill(const char *root, const char *id, int signal, orc_error_t *err);
/* runc pause / resume: freeze or thaw the container's cgroup. */
int orc_container_pause(const char *root, const char *id, orc_error_t *err);
int orc_container_resume(const char *root, const char *id, orc_error_t *err);
int orc_container_delete(const char *root, const char *id, bool force, orc_error_t *err);
/* create + start + wait; *exit_code is the container's (128+N after signal N). */
int orc_container_run(const char *root, const char *id, const orc_create_opts_t *opts, int *exit_code,
                      orc_error_t *err);

/* exec.c: a new process in a running container (runc exec). */
typedef struct {
  const char *process_file;        /* --process: an OCI process object; the flags below are then ignored */
  const char *pid_file, *console_socket, *cwd, *user;
  const char **env, **caps, **args; /* NULL-terminated: --env K=V, --cap NAME, the command after the ID */
  bool detach, tty, no_new_privs;
} orc_exec_opts_t;
/* Without detach, waits: *exit_code is the process's (128+N after signal N). */
int orc_container_exec(const char *root, const char *id, const orc_exec_opts_t *opts, int *exit_code,
                       orc_error_t *err);

/* Shared by create and exec: the parent/child sync messages over a SEQPACKET
 * socketpair, the pid file, signal forwarding and the wait. */
enum { ORC_SYNC_GO = 1, ORC_SYNC_READY, ORC_SYNC_ERROR };
typedef struct {
  int type;
  orc_error_t err;
} orc_sync_msg_t;
int orc_sync_send(int fd, int type, const orc_error_t *err);
int orc_sync_recv(int fd, orc_sync_msg_t *msg); /* 0, 1 at end of file (the peer closed or exec'd), -1 */
int orc_write_pid_file(const char *path, pid_t pid, orc_error_t *err);
/* SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH go to `pid` until orc_wait_exit reaps it. */
void orc_forward_signals(pid_t pid);
int orc_wait_exit(pid_t pid, const char *what, int *exit_code, orc_error_t *err);

#endif
