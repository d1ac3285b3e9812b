/* The end of a container: its memory cgroup's OOM verdict and exit.json,
 * written atomically (write + fsync + rename) so a reader never sees half. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>

#include "json.h"
#include "shim.h"

#define CGROUP_ROOT "/sys/fs/cgroup"
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

static bool cgroup_v2(void) {
  struct statfs st;
  return statfs(CGROUP_ROOT, &st) == 0 && st.f_type == CGROUP2_SUPER_MAGIC;
}

/* The path of `controller` ("" for the v2 unified line) in /proc/<pid>/cgroup. */
static char *proc_cgroup(pid_t pid, const char *controller) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/cgroup", (int)pid);
  cleanup_free char *text = NULL;
  orc_error_t ignored;
  if (orc_read_file(path, &text, NULL, &ignored) < 0) return NULL;
  char *save = NULL;
  for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *ctl = strchr(line, ':'), *p = ctl ? strchr(ctl + 1, ':') : NULL;
    if (!p) continue;
    *p = '\0';
    bool match = false;
    char *save2 = NULL;
    if (!*controller) match = strcmp(line, "0") == 0 && ctl[1] == '\0';
    else
      for (char *c = strtok_r(ctl + 1, ",", &save2); c && !match; c = strtok_r(NULL, ",", &save2))
        match = strcmp(c, controller) == 0;
    if (match) return strdup(p + 1);
  }
  return NULL;
}

char *shim_memory_cgroup(pid_t pid, const char *bundle) {
  bool v2 = cgroup_v2();
  const char *base = v2 ? CGROUP_ROOT : CGROUP_ROOT "/memory";
  cleanup_free char *path = proc_cgroup(pid, v2 ? "" : "memory");
  if (!path) {
    /* Fall back on the config: absolute, or relative to our own cgroup. */
    cleanup_free char *config_path = orc_strdup_printf("%s/config.json", bundle);
    cleanup_free char *text = NULL;
    cleanup_json orc_json_t *json = NULL;
    orc_error_t ignored;
    if (orc_read_file(config_path, &text, NULL, &ignored) < 0 || orc_json_parse(text, config_path, &json, &ignored) < 0)
      return NULL;
    const char *cg = orc_json_get_string(orc_json_get_object(json, "linux"), "cgroupsPath");
    if (!cg || strstr(cg, "..") || strchr(cg, ':')) return NULL; /* none, or a systemd slice:scope */
    if (cg[0] == '/') {
      path = strdup(cg);
    } else {
      cleanup_free char *self = proc_cgroup(getpid(), v2 ? "" : "memory");
      path = orc_strdup_printf("%s/%s", self && strcmp(self, "/") != 0 ? self : "", cg);
    }
  }
  return path ? orc_strdup_printf("%s%s", base, path) : NULL;
}

/* The value of `key` in a "key value\n" file such as memory.oom_control, or -1. */
static long long keyed_value(const char *path, const char *key) {
  cleanup_free char *text = NULL;
  orc_error_t ignored;
  if (orc_read_file(path, &text, NULL, &ignored) < 0) return -1;
  size_t n = strlen(key);
  for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
    if (strncmp(line, key, n) == 0 && line[n] == ' ') return strtoll(line + n + 1, NULL, 10);
  return -1;
}

bool shim_oom_killed(const char *cg) {
  if (!cg) return false;
  char path[PATH_MAX];
  /* v2: memory.events; v1 (kernel >= 4.13): memory.oom_control's counter. */
  snprintf(path, sizeof path, "%s/memory.events", cg);
  long long kills = keyed_value(path, "oom_kill");
  if (kills < 0) {
    snprintf(path, sizeof path, "%s/memory.oom_control", cg);
    kills = keyed_value(path, "oom_kill");
  }
  if (kills >= 0) return kills > 0;
  /* Older v1 kernels: an OOM in progress is the best evidence there is. */
  return keyed_value(path, "under_oom") > 0;
}

int shim_exit_write(const char *dir, const shim_exit_t *ex, char *json, size_t json_len, orc_error_t *err) {
  int code = 0, sig = 0;
  if (WIFEXITED(ex->status)) code = WEXITSTATUS(ex->status);
  else if (WIFSIGNALED(ex->status)) sig = WTERMSIG(ex->status), code = 128 + sig;
  int n = snprintf(json, json_len, "{\"pid\":%d,\"exitCode\":%d,\"signal\":%d,\"oomKilled\":%s,\"exitedAt\":\"%s\"}\n",
                   (int)ex->pid, code, sig, ex->oom_killed ? "true" : "false", ex->time);
  if (n < 0 || (size_t)n >= json_len) return orc_fail(err, EOVERFLOW, NULL, "format exit.json");
  cleanup_free char *path = orc_strdup_printf("%s/exit.json", dir);
  return orc_write_file_atomic(path, json, (size_t)n, err);
}
