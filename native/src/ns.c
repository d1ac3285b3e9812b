/* Namespaces: which to create, which to join (setns by path), and the
 * fork-like clone of the container's init. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
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
