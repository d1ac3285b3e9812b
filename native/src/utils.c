/* The error convention and small file helpers. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/un.h>
#include <unistd.h>

#include "error.h"

static int vfail(orc_error_t *err, int errnum, const char *path, int status, const char *fmt, va_list ap) {
  vsnprintf(err->what, sizeof err->what, fmt, ap);
  snprintf(err->path, sizeof err->path, "%s", path ? path : "");
  err->errnum = errnum;
  err->status = status;
  return -1;
}

int orc_fail(orc_error_t *err, int errnum, const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail(err, errnum, path, 0, fmt, ap);
  va_end(ap);
  return -1;
}

int orc_fail_exec(orc_error_t *err, int errnum, const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail(err, errnum, path, errnum == ENOENT || errnum == ENOTDIR ? 127 : 126, fmt, ap);
  va_end(ap);
  return -1;
}

void orc_error_print(const orc_error_t *err) {
  fprintf(stderr, "orc-runtime: %s%s%s", err->what, err->path[0] ? " " : "", err->path);
  if (err->errnum)
    fprintf(stderr, ": %s", strerror(err->errnum));
  fputc('\n', stderr);
}

char *orc_strdup_printf(const char *fmt, ...) {
  char *out = NULL;
  va_list ap;
  va_start(ap, fmt);
  if (vasprintf(&out, fmt, ap) < 0)
    out = NULL;
  va_end(ap);
  if (!out)
    abort(); /* out of memory: nothing sensible to do in a short-lived program */
  return out;
}

static int write_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Writes into an existing file (cgroup knobs, /proc files): no O_CREAT. */
int orc_write_file(const char *path, const char *data, size_t len, orc_error_t *err) {
  cleanup_close int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return orc_fail(err, errno, path, "open");
  if (write_all(fd, data, len) < 0)
    return orc_fail(err, errno, path, "write");
  return 0;
}

/* write + fsync + rename + fsync(dir): readers see the old or the new file. */
int orc_write_file_atomic(const char *path, const char *data, size_t len, orc_error_t *err) {
  cleanup_free char *tmp = orc_strdup_printf("%s.tmp", path);
  cleanup_free char *dir = strdup(path);
  char *slash = dir ? strrchr(dir, '/') : NULL;
  cleanup_close int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return orc_fail(err, errno, tmp, "create");
  if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
    int e = errno;
    unlink(tmp);
    return orc_fail(err, e, tmp, "write");
  }
  if (rename(tmp, path) < 0) {
    int e = errno;
    unlink(tmp);
    return orc_fail(err, e, path, "rename");
  }
  if (slash) {
    *slash = '\0';
    cleanup_close int dfd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0)
      fsync(dfd);
  }
  return 0;
}

int orc_read_file(const char *path, char **out, size_t *len, orc_error_t *err) {
  cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return orc_fail(err, errno, path, "open");
  size_t cap = 4096, used = 0;
  cleanup_free char *buf = malloc(cap + 1);
  if (!buf)
    return orc_fail(err, ENOMEM, path, "read");
  for (;;) {
    if (used == cap) {
      char *bigger = realloc(buf, cap * 2 + 1);
      if (!bigger)
        return orc_fail(err, ENOMEM, path, "read");
      buf = bigger;
      cap *= 2;
    }
    ssize_t n = read(fd, buf + used, cap - used);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return orc_fail(err, errno, path, "read");
    }
    if (n == 0)
      break;
    used += (size_t)n;
  }
  buf[used] = '\0';
  if (len)
    *len = used;
  *out = orc_steal_ptr(buf);
  return 0;
}

int orc_mkdir_p(const char *path, mode_t mode, orc_error_t *err) {
  cleanup_free char *copy = strdup(path);
  if (!copy)
    return orc_fail(err, ENOMEM, path, "mkdir");
  for (char *p = copy + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(copy, mode) < 0 && errno != EEXIST)
      return orc_fail(err, errno, copy, "mkdir");
    *p = '/';
  }
  if (mkdir(copy, mode) < 0 && errno != EEXIST)
    return orc_fail(err, errno, copy, "mkdir");
  return 0;
}

int orc_unix_listen(const char *path, int backlog, const char *what, orc_error_t *err) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) return orc_fail(err, ENAMETOOLONG, path, "%s path", what);
  strcpy(addr.sun_path, path);
  cleanup_close int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return orc_fail(err, errno, path, "socket");
  unlink(path);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) return orc_fail(err, errno, path, "bind");
  chmod(path, 0600);
  if (listen(fd, backlog) < 0) return orc_fail(err, errno, path, "listen");
  return orc_steal_fd(fd);
}

void orc_time_rfc3339nano(char *buf, size_t len) {
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf + n, len - n, ".%09ldZ", ts.tv_nsec);
}
