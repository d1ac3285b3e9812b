/* cgroups, both layouts:
 *   v1: one directory per controller, <root>/<controller>/<path>;
 *   v2 (the root is cgroup2, by statfs magic): one directory <root>/<path>,
 *       the controllers enabled in every parent's cgroup.subtree_control.
 * <root> is /sys/fs/cgroup; ORC_CGROUP_ROOT overrides it for tests (e.g. the
 * empty cgroup2 of a hybrid host at /sys/fs/cgroup/unified). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>

#include "runtime.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

/* The v1 controllers a container joins (those mounted on this host). */
static const char *const controllers[] = {"memory", "pids", "cpu", "cpuacct", "cpuset", "blkio", "freezer", "devices"};
#define N_CONTROLLERS (sizeof controllers / sizeof *controllers)

static const char *cgroup_root(void) {
  const char *root = getenv("ORC_CGROUP_ROOT");
  return root && root[0] == '/' ? root : "/sys/fs/cgroup";
}

static bool is_v2(void) {
  struct statfs st;
  return statfs(cgroup_root(), &st) == 0 && st.f_type == CGROUP2_SUPER_MAGIC;
}

static bool mounted(const char *controller) {
  cleanup_free char *procs = orc_strdup_printf("%s/%s/cgroup.procs", cgroup_root(), controller);
  return access(procs, F_OK) == 0;
}

/* An absolute cgroupsPath is below the hierarchy's root; a relative one below
 * the runtime's own cgroup (per /proc/self/cgroup: the unified "0::" line on
 * v2, the memory hierarchy's on v1, as all v1 hierarchies are expected to
 * agree on where the runtime is). */
int orc_cgroup_resolve(const orc_spec_t *spec, const char *id, char **resolved, orc_error_t *err) {
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
  const char *base = "/", *want = is_v2() ? "" : "memory";
  char *save = NULL;
  for (char *line = strtok_r(self, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *ctl = strchr(line, ':'), *p = ctl ? strchr(ctl + 1, ':') : NULL;
    if (!p) continue;
    *p = '\0';
    if (strcmp(ctl + 1, want) == 0) base = p + 1;
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

/* ── v1 ──────────────────────────────────────────────────────────────────── */

/* A new cpuset cgroup starts with no CPUs and no memory nodes, and takes no
 * task until it has both: each level created copies its parent's. */
static int cpuset_mkdir(const char *base, const char *path, orc_error_t *err) {
  cleanup_free char *dir = orc_strdup_printf("%s%s", base, path);
  for (char *p = dir + strlen(base) + 1;; p++) {
    if (*p != '/' && *p != '\0') continue;
    char saved = *p;
    *p = '\0';
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) return orc_fail(err, errno, dir, "mkdir");
    for (int i = 0; i < 2; i++) {
      const char *knob = i ? "cpuset.mems" : "cpuset.cpus";
      cleanup_free char *mine = orc_strdup_printf("%s/%s", dir, knob), *value = NULL, *parent_value = NULL;
      if (orc_read_file(mine, &value, NULL, err) < 0) return -1;
      if (value[strspn(value, " \n")] != '\0') continue;
      char *slash = strrchr(dir, '/');
      *slash = '\0';
      cleanup_free char *theirs = orc_strdup_printf("%s/%s", dir, knob);
      *slash = '/';
      if (orc_read_file(theirs, &parent_value, NULL, err) < 0) return -1;
      if (orc_write_file(mine, parent_value, strlen(parent_value), err) < 0) return -1;
    }
    if (!saved) break;
    *p = saved;
  }
  return 0;
}

static int set_resources_v1(const char *controller, const char *dir, const orc_spec_t *spec, orc_error_t *err) {
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
  } else if (strcmp(controller, "cpuset") == 0) {
    if (spec->cpuset_cpus && write_knob(dir, "cpuset.cpus", spec->cpuset_cpus, err) < 0) return -1;
    if (spec->cpuset_mems && write_knob(dir, "cpuset.mems", spec->cpuset_mems, err) < 0) return -1;
  }
  return 0;
}

static int enter_v1(const orc_spec_t *spec, const char *resolved, pid_t pid, orc_error_t *err) {
  for (size_t i = 0; i < N_CONTROLLERS; i++) {
    if (!mounted(controllers[i])) continue;
    cleanup_free char *base = orc_strdup_printf("%s/%s", cgroup_root(), controllers[i]);
    cleanup_free char *dir = orc_strdup_printf("%s%s", base, resolved);
    if (strcmp(controllers[i], "cpuset") == 0 ? cpuset_mkdir(base, resolved, err) < 0 : orc_mkdir_p(dir, 0755, err) < 0)
      return -1;
    if (set_resources_v1(controllers[i], dir, spec, err) < 0) return -1;
    if (write_int(dir, "cgroup.procs", pid, err) < 0) return -1;
  }
  return 0;
}

/* ── v2 ──────────────────────────────────────────────────────────────────── */

typedef struct {
  const char *controller, *file;
  char value[256];
} knob_t;

/* cpu.shares (2..262144, default 1024) -> cpu.weight (1..10000, default
 * 100), the linear map runc and crun use. */
static uint64_t shares_to_weight(uint64_t shares) {
  if (shares < 2) shares = 2;
  if (shares > 262144) shares = 262144;
  return 1 + ((shares - 2) * 9999) / 262142;
}

/* The v2 files for `spec`, in the order they are written. */
static size_t v2_knobs(const orc_spec_t *spec, knob_t out[8]) {
  size_t n = 0;
  if (spec->memory_limit) {
    out[n] = (knob_t){"memory", "memory.max", ""};
    if (spec->memory_limit < 0) snprintf(out[n].value, sizeof out[n].value, "max");
    else snprintf(out[n].value, sizeof out[n].value, "%" PRId64, spec->memory_limit);
    n++;
  }
  /* OCI's swap is memory + swap (v1's memsw); v2 limits the swap alone. */
  if (spec->memory_swap) {
    out[n] = (knob_t){"memory", "memory.swap.max", ""};
    if (spec->memory_swap < 0) snprintf(out[n].value, sizeof out[n].value, "max");
    else if (spec->memory_limit > 0 && spec->memory_swap >= spec->memory_limit)
      snprintf(out[n].value, sizeof out[n].value, "%" PRId64, spec->memory_swap - spec->memory_limit);
    else snprintf(out[n].value, sizeof out[n].value, "%" PRId64, spec->memory_swap);
    n++;
  }
  if (spec->cpu_shares) {
    out[n] = (knob_t){"cpu", "cpu.weight", ""};
    snprintf(out[n].value, sizeof out[n].value, "%" PRIu64, shares_to_weight(spec->cpu_shares));
    n++;
  }
  if (spec->cpu_quota || spec->cpu_period) {
    out[n] = (knob_t){"cpu", "cpu.max", ""};
    uint64_t period = spec->cpu_period ? spec->cpu_period : 100000;
    if (spec->cpu_quota > 0) snprintf(out[n].value, sizeof out[n].value, "%" PRId64 " %" PRIu64, spec->cpu_quota, period);
    else snprintf(out[n].value, sizeof out[n].value, "max %" PRIu64, period);
    n++;
  }
  if (spec->cpuset_cpus) out[n] = (knob_t){"cpuset", "cpuset.cpus", ""}, snprintf(out[n].value, sizeof out[n].value, "%s", spec->cpuset_cpus), n++;
  if (spec->cpuset_mems) out[n] = (knob_t){"cpuset", "cpuset.mems", ""}, snprintf(out[n].value, sizeof out[n].value, "%s", spec->cpuset_mems), n++;
  if (spec->pids_limit) {
    out[n] = (knob_t){"pids", "pids.max", ""};
    if (spec->pids_limit < 0) snprintf(out[n].value, sizeof out[n].value, "max");
    else snprintf(out[n].value, sizeof out[n].value, "%" PRId64, spec->pids_limit);
    n++;
  }
  return n;
}

int orc_cgroup_v2_print(const orc_spec_t *spec, FILE *out, orc_error_t *err) {
  (void)err;
  knob_t knobs[8];
  size_t n = v2_knobs(spec, knobs);
  for (size_t i = 0; i < n; i++) fprintf(out, "%s %s\n", knobs[i].file, knobs[i].value);
  return 0;
}

static bool listed(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; (p = strstr(p, word)); p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || p[n] == '\0')) return true;
  return false;
}

/* Creates <root><resolved> level by level; in each parent, enables every
 * controller it offers (cgroup.controllers) in cgroup.subtree_control, so
 * the container's cgroup gets the same set (crun's habit). */
static int mkdir_v2(const char *root, const char *resolved, orc_error_t *err) {
  cleanup_free char *dir = orc_strdup_printf("%s%s", root, resolved);
  for (char *p = dir + strlen(root) + 1;; p++) {
    if (*p != '/' && *p != '\0') continue;
    char saved = *p;
    /* the parent: everything before this component */
    char *slash = p;
    while (slash > dir && *--slash != '/') {
    }
    *slash = '\0';
    cleanup_free char *offered = NULL, *ctl_path = orc_strdup_printf("%s/cgroup.controllers", *dir ? dir : "/");
    cleanup_free char *subtree = orc_strdup_printf("%s/cgroup.subtree_control", *dir ? dir : "/");
    *slash = '/';
    if (orc_read_file(ctl_path, &offered, NULL, err) < 0) return -1;
    char *save = NULL;
    for (char *c = strtok_r(offered, " \n", &save); c; c = strtok_r(NULL, " \n", &save)) {
      cleanup_free char *plus = orc_strdup_printf("+%s", c);
      orc_error_t ignored; /* a controller that cannot be enabled is checked when its file is written */
      orc_write_file(subtree, plus, strlen(plus), &ignored);
    }
    *p = '\0';
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) return orc_fail(err, errno, dir, "mkdir");
    if (!saved) break;
    *p = saved;
  }
  return 0;
}

static int enter_v2(const orc_spec_t *spec, const char *resolved, pid_t pid, orc_error_t *err) {
  const char *root = cgroup_root();
  cleanup_free char *dir = orc_strdup_printf("%s%s", root, resolved);
  if (mkdir_v2(root, resolved, err) < 0) return -1;
  knob_t knobs[8];
  size_t n = v2_knobs(spec, knobs);
  cleanup_free char *available = NULL, *controllers_path = orc_strdup_printf("%s/cgroup.controllers", dir);
  if (n && orc_read_file(controllers_path, &available, NULL, err) < 0) return -1;
  for (size_t i = 0; i < n; i++) {
    if (!listed(available, knobs[i].controller))
      return orc_fail(err, ENOTSUP, dir, "the %s controller (for %s) is not available in", knobs[i].controller, knobs[i].file);
    if (write_knob(dir, knobs[i].file, knobs[i].value, err) < 0) return -1;
  }
  return write_int(dir, "cgroup.procs", pid, err);
}

int orc_cgroup_enter(const orc_spec_t *spec, const char *resolved, pid_t pid, orc_error_t *err) {
  return is_v2() ? enter_v2(spec, resolved, pid, err) : enter_v1(spec, resolved, pid, err);
}

/* rmdir fails with EBUSY while dying processes are still charged: retry
 * for up to a second. */
static int remove_dir(const char *dir, orc_error_t *err) {
  for (int attempt = 0;; attempt++) {
    if (rmdir(dir) == 0 || errno == ENOENT) return 0;
    if (errno != EBUSY || attempt >= 100) return orc_fail(err, errno, dir, "remove cgroup");
    nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
  }
}

int orc_cgroup_destroy(const char *resolved, orc_error_t *err) {
  if (is_v2()) {
    cleanup_free char *dir = orc_strdup_printf("%s%s", cgroup_root(), resolved);
    return remove_dir(dir, err);
  }
  for (size_t i = 0; i < N_CONTROLLERS; i++) {
    cleanup_free char *dir = orc_strdup_printf("%s/%s%s", cgroup_root(), controllers[i], resolved);
    if (remove_dir(dir, err) < 0) return -1;
  }
  return 0;
}

/* For exec: every hierarchy listed in /proc/<of>/cgroup ("id:controllers:path")
 * that is mounted here, v1 controllers, named ones (name=systemd) and the
 * unified one (at /sys/fs/cgroup/unified on a hybrid host). */
int orc_cgroup_join_like(pid_t of, pid_t pid, orc_error_t *err) {
  cleanup_free char *list = NULL;
  cleanup_free char *path = orc_strdup_printf("/proc/%d/cgroup", (int)of);
  if (orc_read_file(path, &list, NULL, err) < 0) return -1;
  bool v2 = is_v2();
  char *save = NULL;
  for (char *line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *ctl = strchr(line, ':'), *rel = ctl ? strchr(ctl + 1, ':') : NULL;
    if (!rel) continue;
    *rel++ = '\0';
    ctl++;
    cleanup_free char *hierarchy = !*ctl ? orc_strdup_printf(v2 ? "%s" : "%s/unified", cgroup_root())
                                         : orc_strdup_printf("%s/%s", cgroup_root(), strncmp(ctl, "name=", 5) == 0 ? ctl + 5 : ctl);
    cleanup_free char *procs = orc_strdup_printf("%s%s%scgroup.procs", hierarchy, rel, rel[strlen(rel) - 1] == '/' ? "" : "/");
    if (access(procs, F_OK) < 0) continue; /* not mounted on this host */
    char buf[32];
    snprintf(buf, sizeof buf, "%d", (int)pid);
    if (orc_write_file(procs, buf, strlen(buf), err) < 0) return -1;
  }
  return 0;
}

/* ── freezer (pause / resume) ────────────────────────────────────────────── */

/* v1: <root>/freezer<path>/freezer.state (THAWED, FREEZING, FROZEN);
 * v2: <root><path>/cgroup.freeze (0/1), the outcome in cgroup.events ("frozen 1"). */
static char *freezer_file(const char *resolved, bool v2, const char *name) {
  return v2 ? orc_strdup_printf("%s%s/%s", cgroup_root(), resolved, name)
            : orc_strdup_printf("%s/freezer%s/%s", cgroup_root(), resolved, name);
}

int orc_cgroup_frozen(const char *resolved) {
  bool v2 = is_v2();
  cleanup_free char *path = freezer_file(resolved, v2, v2 ? "cgroup.events" : "freezer.state");
  cleanup_free char *text = NULL;
  orc_error_t ignored;
  if (orc_read_file(path, &text, NULL, &ignored) < 0) return -1;
  if (!v2) return strncmp(text, "FROZEN", 6) == 0 ? 1 : 0;
  for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
    if (strncmp(line, "frozen ", 7) == 0) return line[7] == '1' ? 1 : 0;
  return 0;
}

/* Writes the wanted state and waits (up to ~10 s) until the kernel reports it.
 * A v1 freeze can stay FREEZING while a task is in an uninterruptible sleep:
 * it is written again on every round, as runc does. */
int orc_cgroup_freeze(const char *resolved, bool frozen, orc_error_t *err) {
  bool v2 = is_v2();
  cleanup_free char *path = freezer_file(resolved, v2, v2 ? "cgroup.freeze" : "freezer.state");
  const char *value = v2 ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED");
  for (int attempt = 0; attempt < 1000; attempt++) {
    if (attempt % 10 == 0 && orc_write_file(path, value, strlen(value), err) < 0) return -1;
    int now = orc_cgroup_frozen(resolved);
    if (now < 0) return orc_fail(err, ENOENT, path, "read freezer state of");
    if (now == (frozen ? 1 : 0)) return 0;
    nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
  }
  if (frozen) {
    orc_error_t ignored; /* do not leave it half frozen */
    orc_write_file(path, v2 ? "0" : "THAWED", v2 ? 1 : 6, &ignored);
  }
  return orc_fail(err, EBUSY, path, "the cgroup did not become %s:", frozen ? "frozen" : "thawed");
}
