/* container.log in Docker's json-file shape, one record per line:
 *   {"log":"hello\n","stream":"stdout","time":"2026-11-22T21:00:00.123456789Z"}
 * A line longer than SHIM_LINE_MAX becomes several records, only the last of
 * which ends in "\n" (as Docker does). Invalid UTF-8 becomes U+FFFD.
 *
 * Rotation (Docker's max-size / max-file): when container.log reaches
 * max_size, it becomes container.log.1 (older ones shift up) and a new
 * container.log starts; at most max_files files exist, the current one
 * included, so the oldest kept is container.log.<max_files-1>. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "shim.h"

static struct {
  int fd;
  char *path;
  int64_t size, max_size;
  int max_files;
  /* The partial line of each stream (1 stdout, 2 stderr). */
  size_t carry_len[3];
  char *carry[3];
  /* Output staging: records are written in pieces of at most this much. */
  size_t out_len;
  char out[4096];
} lg = {.fd = -1};

static const char *const stream_names[3] = {"stdin", "stdout", "stderr"};

int shim_log_open(const char *dir, int64_t max_size, int max_files, orc_error_t *err) {
  lg.path = orc_strdup_printf("%s/container.log", dir);
  lg.max_size = max_size;
  lg.max_files = max_files < 1 ? 1 : max_files;
  lg.fd = open(lg.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (lg.fd < 0) return orc_fail(err, errno, lg.path, "open log");
  struct stat st;
  lg.size = fstat(lg.fd, &st) == 0 ? st.st_size : 0;
  return 0;
}

/* A full disk or a vanished file must not stop the shim: the bytes are lost. */
static void out_flush(void) {
  const char *p = lg.out;
  size_t left = lg.out_len;
  while (left > 0 && lg.fd >= 0) {
    ssize_t n = write(lg.fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    p += n;
    left -= (size_t)n;
    lg.size += n;
  }
  lg.out_len = 0;
}

static void out_put(const char *s, size_t n) {
  while (n > 0) {
    if (lg.out_len == sizeof lg.out) out_flush();
    size_t room = sizeof lg.out - lg.out_len, k = n < room ? n : room;
    memcpy(lg.out + lg.out_len, s, k);
    lg.out_len += k;
    s += k;
    n -= k;
  }
}

static void out_str(const char *s) { out_put(s, strlen(s)); }

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *p, size_t n) {
  unsigned char c = p[0];
  size_t len;
  uint32_t min, cp;
  if (c < 0x80) return 1;
  if ((c & 0xe0) == 0xc0) len = 2, min = 0x80, cp = c & 0x1f;
  else if ((c & 0xf0) == 0xe0) len = 3, min = 0x800, cp = c & 0x0f;
  else if ((c & 0xf8) == 0xf0) len = 4, min = 0x10000, cp = c & 0x07;
  else return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((p[i] & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

static void out_escaped(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    char esc[8];
    if (c == '"' || c == '\\') {
      esc[0] = '\\', esc[1] = (char)c;
      out_put(esc, 2);
      i++;
    } else if (c == '\n') {
      out_put("\\n", 2), i++;
    } else if (c == '\r') {
      out_put("\\r", 2), i++;
    } else if (c == '\t') {
      out_put("\\t", 2), i++;
    } else if (c < 0x20 || c == 0x7f) {
      snprintf(esc, sizeof esc, "\\u%04x", c);
      out_put(esc, 6);
      i++;
    } else {
      size_t k = utf8_len(p + i, n - i);
      if (k == 0) out_put("\\ufffd", 6), i++;
      else out_put(s + i, k), i += k;
    }
  }
}

static void rotate(void) {
  if (lg.max_files <= 1) {
    if (ftruncate(lg.fd, 0) == 0) lg.size = 0;
    return;
  }
  char from[PATH_MAX], to[PATH_MAX];
  snprintf(to, sizeof to, "%s.%d", lg.path, lg.max_files - 1);
  unlink(to);
  for (int i = lg.max_files - 2; i >= 1; i--) {
    snprintf(from, sizeof from, "%s.%d", lg.path, i);
    snprintf(to, sizeof to, "%s.%d", lg.path, i + 1);
    rename(from, to);
  }
  snprintf(to, sizeof to, "%s.1", lg.path);
  if (rename(lg.path, to) < 0) return; /* keep appending rather than lose output */
  int fd = open(lg.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) return;
  close(lg.fd);
  lg.fd = fd;
  lg.size = 0;
}

static void record(int stream, const char *data, size_t len) {
  char time[40];
  orc_time_rfc3339nano(time, sizeof time);
  out_str("{\"log\":\"");
  out_escaped(data, len);
  out_str("\",\"stream\":\"");
  out_str(stream_names[stream]);
  out_str("\",\"time\":\"");
  out_str(time);
  out_str("\"}\n");
  out_flush();
  if (lg.max_size > 0 && lg.size >= lg.max_size) rotate();
}

void shim_log_feed(int stream, const char *data, size_t len) {
  if (stream < 1 || stream > 2 || lg.fd < 0) return;
  while (len > 0) {
    const char *nl = memchr(data, '\n', len);
    size_t take = nl ? (size_t)(nl - data) + 1 : len;
    size_t have = lg.carry_len[stream];
    if (have == 0 && nl && take <= SHIM_LINE_MAX) {
      record(stream, data, take); /* the common case: a whole line, no copy */
    } else {
      if (!lg.carry[stream] && !(lg.carry[stream] = malloc(SHIM_LINE_MAX))) return;
      size_t room = SHIM_LINE_MAX - have;
      if (take > room) take = room;
      memcpy(lg.carry[stream] + have, data, take);
      lg.carry_len[stream] = have + take;
      if (lg.carry_len[stream] == SHIM_LINE_MAX || lg.carry[stream][lg.carry_len[stream] - 1] == '\n')
        shim_log_flush(stream);
    }
    data += take;
    len -= take;
  }
}

void shim_log_flush(int stream) {
  if (stream < 1 || stream > 2 || lg.carry_len[stream] == 0) return;
  record(stream, lg.carry[stream], lg.carry_len[stream]);
  lg.carry_len[stream] = 0;
  /* Give the buffer back: most containers never need it again. */
  free(lg.carry[stream]);
  lg.carry[stream] = NULL;
}

void shim_log_close(void) {
  shim_log_flush(1);
  shim_log_flush(2);
  if (lg.fd >= 0) {
    fsync(lg.fd);
    close(lg.fd);
  }
  lg.fd = -1;
}
