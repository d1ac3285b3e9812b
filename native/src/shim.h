/* orc-shim, the per-container monitor: shared declarations of its parts.
 *
 *   orc-shim.c     command line, detaching, running the OCI runtime, the poll loop
 *   shim-log.c     container.log as Docker json-file lines, size rotation
 *   shim-attach.c  shim.sock: framed output to clients, stdin and resizes from them
 *   shim-tty.c     console socket: receiving the pty master from the runtime
 *   shim-exit.c    exit.json (atomic) and the memory cgroup's OOM verdict
 *
 * Everything here is single-threaded and driven by one poll() loop; no
 * buffer is larger than SHIM_LINE_MAX, so an idle shim stays small. */
#ifndef ORC_SHIM_H
#define ORC_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

/* Stream ids of the attach protocol (one byte, then a 4-byte big-endian length). */
enum {
  SHIM_STREAM_STDIN = 0,       /* client -> shim: bytes for the container's stdin */
  SHIM_STREAM_STDOUT = 1,      /* shim -> client: container stdout */
  SHIM_STREAM_STDERR = 2,      /* shim -> client: container stderr */
  SHIM_STREAM_EXIT = 3,        /* shim -> client: the exit.json document, then the shim closes */
  SHIM_STREAM_STATE = 4,       /* client -> shim: empty request; shim -> client: {"pid":N,"running":B} */
  SHIM_STREAM_CLOSE_STDIN = 5, /* client -> shim: close the container's stdin (ignored with a tty) */
  SHIM_STREAM_RESIZE = 6,      /* client -> shim: 4 bytes, rows then cols as u16 big-endian (TIOCSWINSZ) */
};

/* Longest log record: longer lines are split into partial records (Docker's 16 KiB). */
#define SHIM_LINE_MAX (16 * 1024)

/* shim-log.c */
int shim_log_open(const char *dir, int64_t max_size, int max_files, orc_error_t *err);
/* Feeds bytes read from the container's stream 1 (stdout) or 2 (stderr). */
void shim_log_feed(int stream, const char *data, size_t len);
/* Writes out what is left of a stream's partial line (at EOF or exit). */
void shim_log_flush(int stream);
void shim_log_close(void);

/* shim-attach.c */
/* What attached clients can do to the container (orc-shim.c supplies it;
 * callbacks keep this file free of references into the shim's main). */
typedef struct {
  void (*stdin_write)(const char *data, size_t len);
  void (*stdin_close)(void);
  bool (*stdin_blocked)(void); /* true while the container's stdin pipe is full */
  void (*state_json)(char *buf, size_t len);
  void (*resize)(unsigned rows, unsigned cols);
} shim_attach_ops_t;
int shim_attach_listen(const char *path, const shim_attach_ops_t *ops, orc_error_t *err);
/* Fills pollfd entries for the listener and clients; returns how many. */
struct pollfd;
size_t shim_attach_pollfds(struct pollfd *fds, size_t max);
/* Handles the events of the entries shim_attach_pollfds filled. */
void shim_attach_handle(const struct pollfd *fds, size_t n);
/* How many clients have connected so far (--attach-first waits for the first). */
unsigned shim_attach_accepted(void);
/* Sends one frame to every client; a client that cannot keep up is dropped. */
void shim_attach_broadcast(int stream, const char *data, size_t len);
/* Sends the exit frame, gives clients up to `ms` to take it, closes everything. */
void shim_attach_shutdown(const char *exit_json, size_t len, int ms);

/* shim-tty.c */
/* Listens on `path` for the runtime's --console-socket connection. */
int shim_console_listen(const char *path, orc_error_t *err);
/* Takes the pty master the runtime sent over the console socket `fd`
 * (SCM_RIGHTS), waiting at most `ms`; returns it non-blocking, or -1. */
int shim_console_receive(int fd, int ms, orc_error_t *err);
/* TIOCSWINSZ on a pty master. */
int shim_tty_resize(int master, unsigned rows, unsigned cols);

/* shim-exit.c */
typedef struct {
  pid_t pid;
  int status;       /* from waitpid */
  char time[40];    /* when it was reaped */
  bool oom_killed;
} shim_exit_t;
/* The container's memory cgroup directory on this host (from /proc/<pid>/cgroup,
 * else config.json's linux.cgroupsPath), or NULL when it cannot be found. */
char *shim_memory_cgroup(pid_t pid, const char *bundle);
/* Whether the cgroup's OOM killer has killed anything in it. */
bool shim_oom_killed(const char *memory_cgroup);
int shim_exit_write(const char *dir, const shim_exit_t *ex, char *json, size_t json_len, orc_error_t *err);

#endif
