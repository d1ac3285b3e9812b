/* The one error convention of native/: errno + what failed + the path it
 * failed on. Functions are shaped `int orc_x(..., orc_error_t *err)` and
 * return a negative value after filling *err with orc_fail(). */
#ifndef ORC_ERROR_H
#define ORC_ERROR_H

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct orc_error {
  int errnum;          /* errno value, 0 when there is no system error */
  char what[256];      /* what failed, e.g. "mount proc" */
  char path[PATH_MAX]; /* the path (or other object) it failed on, may be "" */
  int status;          /* exit status for main; 0 means the usual 1 (127/126: see orc_fail_exec) */
} orc_error_t;

/* Fills *err and returns -1. `path` may be NULL. */
int orc_fail(orc_error_t *err, int errnum, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* orc_fail for the container's executable: status 127 when it is not
 * found (ENOENT, ENOTDIR), 126 when it cannot be executed (anything else). */
int orc_fail_exec(orc_error_t *err, int errnum, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The exit status main returns after `err`: err->status, or 1. */
static inline int orc_error_status(const orc_error_t *err) { return err->status ? err->status : 1; }

/* Prints "orc-runtime: <what> <path>: <strerror>" on stderr. */
void orc_error_print(const orc_error_t *err);

/* Cleanup attributes: every early return releases what was acquired. */
static inline void orc_freep(void *p) { free(*(void **)p); }
static inline void orc_closep(int *fd) {
  if (*fd >= 0) close(*fd);
}
static inline void orc_killpidp(pid_t *pid) {
  if (*pid > 0) {
    kill(*pid, SIGKILL);
    while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR) {
    }
  }
}
#define cleanup_free __attribute__((cleanup(orc_freep)))
#define cleanup_close __attribute__((cleanup(orc_closep)))
#define cleanup_pid __attribute__((cleanup(orc_killpidp)))

/* Takes ownership away from a cleanup variable. */
#define orc_steal_fd(fd) ({ int _f = (fd); (fd) = -1; _f; })
#define orc_steal_ptr(p) ({ __typeof__(p) _p = (p); (p) = NULL; _p; })

/* Small file helpers shared by the subsystems (utils.c). */
int orc_write_file(const char *path, const char *data, size_t len, orc_error_t *err);
int orc_write_file_atomic(const char *path, const char *data, size_t len, orc_error_t *err);
int orc_read_file(const char *path, char **out, size_t *len, orc_error_t *err);
/* The current time as "2026-11-22T21:00:00.123456789Z" into buf (at least 32 bytes). */
void orc_time_rfc3339nano(char *buf, size_t len);
/* A non-blocking, close-on-exec unix stream socket listening on `path` (replaced
 * if it exists, mode 0600); returns its fd. `what` names it in errors. */
int orc_unix_listen(const char *path, int backlog, const char *what, orc_error_t *err);
int orc_mkdir_p(const char *path, mode_t mode, orc_error_t *err);
char *orc_strdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
