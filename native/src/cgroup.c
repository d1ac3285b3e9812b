/* cgroup v1: one directory per controller, /sys/fs/cgroup/<controller>/<path>.
 * (cgroup v2 is detected and refused for now: see README.md.) */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>

#include "runtime.h"

#define CGROUP_ROOT "/sys/fs/cgroup"
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* The controllers a container joins (those mounted on this host). */
static const char *const controllers[] = {"memory", "pids", "cpu", "cpuacct", "blkio", "freezer", "devices"};
#define N_CONTROLLERS (sizeof controllers / sizeof *controllers)

static bool is_v2(void) {
  struct statfs st;
  return statfs(CGROUP_ROOT, &st) == 0 && st.f_type == CGROUP2_SUPER_MAGIC;
}

static bool mounted(const char *controller) {
  cleanup_free char *procs = orc_strdup_printf(CGROUP_ROOT "/%s/cgroup.procs", controller);
  return access(procs, F_OK) == 0;
}

/* An absolute cgroupsPath is below the hierarchy's root; a relative one below
 * the runtime's own cgroup (per /proc/self/cgroup, the memory hierarchy's,
 * as all v1 hierarchies are expected to agree on where the runtime is). */
int orc_cgroup_resolve(const orc_spec_t *spec, const char *id, char **resolved, orc_error_t *err) {
  if (is_v2()) return orc_fail(err, ENOTSUP, CGROUP_ROOT, "cgroup v2 is not supported yet:");
  const char *path = spec->cgroups_path;
  if (!path) {
    *resolved = orc_strdup_printf("/orc-runtime/%s", id);
    return 0;
  }
  if (strstr(path, ".."))
    return orc_fail(err, EINVAL, path, "cgroupsPath contains \"..\":");
  if (path[0] == '/') {
    *resolved = strdup(path);
    return 0;
  }
  cleanup_free char *self = NULL;
  if (orc_read_file("/proc/self/cgroup", &self, NULL, err) < 0) return -1;
  const char *base = "/";
  char *save = NULL;
  for (char *line = strtok_r(self, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *ctl = strchr(line, ':'), *p = ctl ? strchr(ctl + 1, ':') : NULL;
    if (!p) continue;
    *p = '\0';
    if (strcmp(ctl + 1, "memory") == 0) base = p + 1;
  }
  *resolved = orc_strdup_printf("%s%s%s", base, base[strlen(base) - 1] == '/' ? "" : "/", path);
  return 0;
}

static int write_knob(const char *dir, const char *knob, const char *value, orc_error_t *err) {
  cleanup_free char *path = orc_strdup_printf("%s/%s", dir, knob);
  return orc_write_file(path, value, strlen(value), err);
}

static int write_int(const char *dir, const char *knob, int64_t value, orc_error_t *err) {
  char buf[32];
  snprintf(buf, sizeof buf, "%" PRId64, value);
  return write_knob(dir, knob, buf, err);
}

static int set_resources(const char *controller, const char *dir, const orc_spec_t *spec, orc_error_t *err) {
  if (strcmp(controller, "memory") == 0) {
    if (spec->memory_limit && write_int(dir, "memory.limit_in_bytes", spec->memory_limit, err) < 0) return -1;
    cleanup_free char *memsw = orc_strdup_printf("%s/memory.memsw.limit_in_bytes", dir);
    if (spec->memory_swap && access(memsw, F_OK) == 0 &&
        write_int(dir, "memory.memsw.limit_in_bytes", spec->memory_swap, err) < 0)
      return -1;
  } else if (strcmp(controller, "pids") == 0) {
    if (spec->pids_limit > 0 && write_int(dir, "pids.max", spec->pids_limit, err) < 0) return -1;
  } else if (strcmp(controller, "cpu") == 0) {
    if (spec->cpu_shares && write_int(dir, "cpu.shares", (int64_t)spec->cpu_shares, err) < 0) return -1;
    if (spec->cpu_period && write_int(dir, "cpu.cfs_period_us", (int64_t)spec->cpu_period, err) < 0) return -1;
    if (spec->cpu_quota && write_int(dir, "cpu.cfs_quota_us", spec->cpu_quota, err) < 0) return -1;
  }
  return 0;
}

int orc_cgroup_enter(const orc_spec_t *spec, const char *resolved, pid_t pid, orc_error_t *err) {
  for (size_t i = 0; i < N_CONTROLLERS; i++) {
    if (!mounted(controllers[i])) continue;
    cleanup_free char *dir = orc_strdup_printf(CGROUP_ROOT "/%s%s", controllers[i], resolved);
    if (orc_mkdir_p(dir, 0755, err) < 0) return -1;
    if (set_resources(controllers[i], dir, spec, err) < 0) return -1;
    if (write_int(dir, "cgroup.procs", pid, err) < 0) return -1;
  }
  return 0;
}

/* rmdir fails with EBUSY while dying processes are still charged: retry
 * for up to a second. */
int orc_cgroup_destroy(const char *resolved, orc_error_t *err) {
  for (size_t i = 0; i < N_CONTROLLERS; i++) {
    cleanup_free char *dir = orc_strdup_printf(CGROUP_ROOT "/%s%s", controllers[i], resolved);
    for (int attempt = 0;; attempt++) {
      if (rmdir(dir) == 0 || errno == ENOENT) break;
      if (errno != EBUSY || attempt >= 100) return orc_fail(err, errno, dir, "remove cgroup");
      nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    }
  }
  return 0;
}

int orc_cgroup_v2_print(const orc_spec_t *spec, FILE *out, orc_error_t *err) {
  (void)spec, (void)out;
  return orc_fail(err, ENOTSUP, NULL, "cgroup v2");
}
