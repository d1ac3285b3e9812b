/* Container state on disk: <root>/<id>/state.json, written atomically, and
 * the live status derived from /proc and the exec fifo. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "container.h"
#include "runtime.h"
#include "json.h"

int orc_state_validate_id(const char *id, orc_error_t *err) {
  if (!id || !*id || strcmp(id, ".") == 0 || strcmp(id, "..") == 0 || strlen(id) > 1024)
    return orc_fail(err, EINVAL, id ? id : "", "invalid container id");
  for (const char *p = id; *p; p++)
    if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') && !(*p >= '0' && *p <= '9') && !strchr("_.-+", *p))
      return orc_fail(err, EINVAL, id, "invalid container id");
  return 0;
}

static void put_field(char **buf, size_t *len, size_t *cap, const char *key, const char *value) {
  orc_json_append(buf, len, cap, ",");
  orc_json_quote(buf, len, cap, key);
  orc_json_append(buf, len, cap, ":");
  orc_json_quote(buf, len, cap, value ? value : "");
}

int orc_state_write(const char *dir, const orc_state_t *st, orc_error_t *err) {
  cleanup_free char *buf = NULL;
  size_t len = 0, cap = 0;
  char tail[96];
  orc_json_append(&buf, &len, &cap, "{\"ociVersion\":\"1.0.2\"");
  put_field(&buf, &len, &cap, "id", st->id);
  put_field(&buf, &len, &cap, "bundle", st->bundle);
  put_field(&buf, &len, &cap, "rootfs", st->rootfs);
  put_field(&buf, &len, &cap, "cgroup", st->cgroup);
  put_field(&buf, &len, &cap, "created", st->created);
  snprintf(tail, sizeof tail, ",\"pid\":%d,\"starttime\":%llu}\n", (int)st->pid, st->starttime);
  orc_json_append(&buf, &len, &cap, tail);
  cleanup_free char *path = orc_strdup_printf("%s/state.json", dir);
  return orc_write_file_atomic(path, buf, len, err);
}

static char *dup_field(const orc_json_t *obj, const char *key) {
  const char *v = orc_json_get_string(obj, key);
  return strdup(v ? v : "");
}

int orc_state_read(const char *root, const char *id, orc_state_t *st, orc_error_t *err) {
  memset(st, 0, sizeof *st);
  if (orc_state_validate_id(id, err) < 0) return -1;
  cleanup_free char *path = orc_strdup_printf("%s/%s/state.json", root, id);
  cleanup_free char *text = NULL;
  cleanup_json orc_json_t *json = NULL;
  if (orc_read_file(path, &text, NULL, err) < 0) {
    if (err->errnum == ENOENT) return orc_fail(err, ENOENT, id, "container does not exist:");
    return -1;
  }
  if (orc_json_parse(text, path, &json, err) < 0) return -1;
  int64_t v = 0;
  st->id = dup_field(json, "id");
  st->bundle = dup_field(json, "bundle");
  st->rootfs = dup_field(json, "rootfs");
  st->cgroup = dup_field(json, "cgroup");
  st->created = dup_field(json, "created");
  if (orc_json_get_int(json, "pid", &v)) st->pid = (pid_t)v;
  if (orc_json_get_int(json, "starttime", &v)) st->starttime = (unsigned long long)v;
  return 0;
}

void orc_state_free(orc_state_t *st) {
  free(st->id);
  free(st->bundle);
  free(st->rootfs);
  free(st->cgroup);
  free(st->created);
}

/* Reads the state letter and start time of a process; -1 when it is gone. */
int orc_proc_starttime(pid_t pid, unsigned long long *starttime, char *state) {
  char path[64];
  cleanup_free char *text = NULL;
  orc_error_t ignored;
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  if (pid <= 0 || orc_read_file(path, &text, NULL, &ignored) < 0) return -1;
  char *p = strrchr(text, ')'); /* comm may contain spaces and parentheses */
  if (!p || p[1] != ' ') return -1;
  p += 2;
  *state = *p;
  for (int field = 3; field < 22; field++) {
    p = strchr(p, ' ');
    if (!p) return -1;
    p++;
  }
  *starttime = strtoull(p, NULL, 10);
  return 0;
}

const char *orc_state_status(const char *root, const orc_state_t *st) {
  unsigned long long start;
  char letter;
  if (orc_proc_starttime(st->pid, &start, &letter) < 0 || start != st->starttime || letter == 'Z' || letter == 'X')
    return "stopped";
  cleanup_free char *fifo = orc_strdup_printf("%s/%s/exec.fifo", root, st->id);
  struct stat sb;
  if (lstat(fifo, &sb) == 0) return "created";
  return st->cgroup && st->cgroup[0] && orc_cgroup_frozen(st->cgroup) == 1 ? "paused" : "running";
}

int orc_state_print(const char *root, const orc_state_t *st) {
  const char *status = orc_state_status(root, st);
  cleanup_free char *buf = NULL;
  size_t len = 0, cap = 0;
  char pid[48];
  orc_json_append(&buf, &len, &cap, "{\n  \"ociVersion\": \"1.0.2\",\n  \"id\": ");
  orc_json_quote(&buf, &len, &cap, st->id);
  orc_json_append(&buf, &len, &cap, ",\n  \"status\": ");
  orc_json_quote(&buf, &len, &cap, status);
  snprintf(pid, sizeof pid, ",\n  \"pid\": %d", strcmp(status, "stopped") == 0 ? 0 : (int)st->pid);
  orc_json_append(&buf, &len, &cap, pid);
  orc_json_append(&buf, &len, &cap, ",\n  \"bundle\": ");
  orc_json_quote(&buf, &len, &cap, st->bundle);
  orc_json_append(&buf, &len, &cap, ",\n  \"rootfs\": ");
  orc_json_quote(&buf, &len, &cap, st->rootfs);
  orc_json_append(&buf, &len, &cap, ",\n  \"created\": ");
  orc_json_quote(&buf, &len, &cap, st->created);
  orc_json_append(&buf, &len, &cap, "\n}\n");
  return fputs(buf, stdout) < 0 ? -1 : 0;
}
