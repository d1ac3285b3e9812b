/* Namespaces: which to create, which to join (setns by path), and the
 * fork-like clone of the container's init. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "runtime.h"

int orc_ns_clone_flags(const orc_spec_t *spec) {
  int flags = 0;
  for (size_t i = 0; i < spec->n_namespaces; i++)
    if (!spec->namespaces[i].path && spec->namespaces[i].flag != CLONE_NEWCGROUP)
      flags |= spec->namespaces[i].flag;
  return flags;
}

static int join(const orc_namespace_t *ns, orc_error_t *err) {
  cleanup_close int fd = open(ns->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return orc_fail(err, errno, ns->path, "open namespace");
  if (setns(fd, ns->flag) < 0) return orc_fail(err, errno, ns->path, "setns");
  return 0;
}

/* A pid namespace applies to children, so it is joined by the parent. */
int orc_ns_join_early(const orc_spec_t *spec, orc_error_t *err) {
  for (size_t i = 0; i < spec->n_namespaces; i++)
    if (spec->namespaces[i].path && spec->namespaces[i].flag == CLONE_NEWPID && join(&spec->namespaces[i], err) < 0)
      return -1;
  return 0;
}

int orc_ns_join_late(const orc_spec_t *spec, orc_error_t *err) {
  for (size_t i = 0; i < spec->n_namespaces; i++)
    if (spec->namespaces[i].path && spec->namespaces[i].flag != CLONE_NEWPID && join(&spec->namespaces[i], err) < 0)
      return -1;
  return 0;
}

/* Unshared after the move into the container's cgroups, so that they are
 * the root of its cgroup namespace. */
int orc_ns_unshare_cgroup(const orc_spec_t *spec, orc_error_t *err) {
  for (size_t i = 0; i < spec->n_namespaces; i++)
    if (!spec->namespaces[i].path && spec->namespaces[i].flag == CLONE_NEWCGROUP && unshare(CLONE_NEWCGROUP) < 0)
      return orc_fail(err, errno, NULL, "unshare cgroup namespace");
  return 0;
}

pid_t orc_ns_clone(int flags, orc_error_t *err) {
  /* The raw syscall with no new stack behaves like fork(2). */
  pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
  if (pid < 0) return orc_fail(err, errno, NULL, "clone");
  return pid;
}

/* The order a joining process enters another process's namespaces: the user
 * namespace first (it grants the capabilities for the others), pid in the
 * parent (it applies to children), cgroup after the cgroup move, mount last
 * (it changes the root, and /proc with it). */
static const struct { const char *name; int flag; } join_order[ORC_NS_MAX] = {
    {"user", CLONE_NEWUSER}, {"pid", CLONE_NEWPID}, {"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS},
    {"net", CLONE_NEWNET}, {"cgroup", CLONE_NEWCGROUP}, {"mnt", CLONE_NEWNS},
};

void orc_ns_set_close(orc_ns_set_t *set) {
  for (size_t i = 0; i < set->n; i++)
    if (set->fd[i] >= 0) close(set->fd[i]);
  set->n = 0;
}

/* Same namespace when /proc/<a>/ns/<x> and /proc/<b>/ns/<x> are the same inode. */
static bool same_ns(const char *ours, int theirs) {
  struct stat a, b;
  return stat(ours, &a) == 0 && fstat(theirs, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int orc_ns_open_of(pid_t pid, orc_ns_set_t *set, orc_error_t *err) {
  set->n = 0;
  for (size_t i = 0; i < ORC_NS_MAX; i++) {
    cleanup_free char *path = orc_strdup_printf("/proc/%d/ns/%s", (int)pid, join_order[i].name);
    cleanup_free char *ours = orc_strdup_printf("/proc/self/ns/%s", join_order[i].name);
    cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT && access(ours, F_OK) < 0) continue; /* a kind this kernel lacks */
      return orc_fail(err, errno, path, "open namespace");
    }
    if (same_ns(ours, fd)) continue;
    set->flag[set->n] = join_order[i].flag;
    set->fd[set->n++] = orc_steal_fd(fd);
  }
  return 0;
}

/* Enters the namespaces of `set` whose flag is (only == true) or is not
 * (only == false) `flag`. */
int orc_ns_enter(const orc_ns_set_t *set, int flag, bool only, orc_error_t *err) {
  for (size_t i = 0; i < set->n; i++) {
    if ((set->flag[i] == flag) != only) continue;
    if (setns(set->fd[i], set->flag[i]) < 0) return orc_fail(err, errno, NULL, "setns (namespace type %#x)", set->flag[i]);
  }
  return 0;
}
