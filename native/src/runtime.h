/* The kernel-subsystem steps of container creation, one file each. */
#ifndef ORC_RUNTIME_H
#define ORC_RUNTIME_H

#include <stdio.h>

#include "error.h"
#include "spec.h"

/* ns.c: namespaces and the clone of the container's init. */
int orc_ns_clone_flags(const orc_spec_t *spec);         /* CLONE_NEW* to create (cgroup excluded) */
int orc_ns_join_early(const orc_spec_t *spec, orc_error_t *err); /* pid: before clone, in the parent */
int orc_ns_join_late(const orc_spec_t *spec, orc_error_t *err);  /* the others, in the child */
int orc_ns_unshare_cgroup(const orc_spec_t *spec, orc_error_t *err); /* after the cgroup move */
pid_t orc_ns_clone(int flags, orc_error_t *err);        /* fork-like: 0 in the child */

/* mount.c: rootfs, mounts, /dev, masked and read-only paths, pivot_root. */
int orc_mount_rootfs(const orc_spec_t *spec, orc_error_t *err);

/* process.c: hostname, rlimits, user, capabilities order, exec lookup. */
int orc_process_set_hostname(const orc_spec_t *spec, orc_error_t *err);
int orc_process_set_rlimits(const orc_spec_t *spec, orc_error_t *err);
int orc_process_set_user_and_caps(const orc_spec_t *spec, orc_error_t *err);
int orc_process_find_executable(const orc_spec_t *spec, char **path, orc_error_t *err);

/* caps.c */
int orc_caps_drop_bounding(uint64_t keep, orc_error_t *err);
int orc_caps_set(uint64_t effective, uint64_t permitted, uint64_t inheritable, orc_error_t *err);
int orc_caps_set_ambient(uint64_t ambient, orc_error_t *err);

/* seccomp.c: prepare (in the parent: compile, or load <root>/@seccomp-cache/<hash>.bpf), then apply in the init. */
int orc_seccomp_prepare(orc_seccomp_t *seccomp, const char *root, orc_error_t *err);
int orc_seccomp_apply(const orc_seccomp_t *seccomp, orc_error_t *err);

/* cgroup.c: v1 (per-controller hierarchies); `resolved` is what delete needs. */
int orc_cgroup_resolve(const orc_spec_t *spec, const char *id, char **resolved, orc_error_t *err);
int orc_cgroup_enter(const orc_spec_t *spec, const char *resolved, pid_t pid, orc_error_t *err);
int orc_cgroup_destroy(const char *resolved, orc_error_t *err);
/* The v2 files and values orc_cgroup_enter would write for `spec`, one "file value" a line (orc-check). */
int orc_cgroup_v2_print(const orc_spec_t *spec, FILE *out, orc_error_t *err);

#endif
