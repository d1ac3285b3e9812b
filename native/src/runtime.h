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
/* Joining a running container (exec): the namespaces of `pid` that differ from ours. */
#define ORC_NS_MAX 7
typedef struct {
  int fd[ORC_NS_MAX], flag[ORC_NS_MAX];
  size_t n;
} orc_ns_set_t;
int orc_ns_open_of(pid_t pid, orc_ns_set_t *set, orc_error_t *err);
/* setns into those whose flag is `flag` (only) or all the others (!only), in join order. */
int orc_ns_enter(const orc_ns_set_t *set, int flag, bool only, orc_error_t *err);
void orc_ns_set_close(orc_ns_set_t *set);
#define cleanup_ns_set __attribute__((cleanup(orc_ns_set_close)))

/* mount.c: rootfs, mounts, /dev, masked and read-only paths, pivot_root. */
int orc_mount_rootfs(const orc_spec_t *spec, orc_error_t *err);

/* process.c: hostname, rlimits, user, capabilities order, exec lookup, execve. */
int orc_process_set_hostname(const orc_spec_t *spec, orc_error_t *err);
int orc_process_set_rlimits(const orc_process_t *p, orc_error_t *err);
int orc_process_set_user_and_caps(const orc_process_t *p, orc_error_t *err);
int orc_process_find_executable(const orc_process_t *p, char **path, orc_error_t *err);
/* rlimits, seccomp, user and caps, chdir, lookup (failures: orc_fail_exec's 127/126). */
int orc_process_prepare(const orc_process_t *p, const orc_seccomp_t *seccomp, char **exe, orc_error_t *err);
/* execve; returns only on failure (with status 127 or 126). */
int orc_process_exec(const orc_process_t *p, const char *exe, orc_error_t *err);

/* terminal.c: process.terminal with --console-socket (runc's protocol). */
int orc_terminal_check(bool terminal, const char *console_socket, orc_error_t *err);
int orc_terminal_connect(const char *path, orc_error_t *err); /* the socket's fd */
/* New pty from /dev/ptmx, slave on 0/1/2 as controlling terminal, master sent. */
int orc_terminal_setup(int console, const orc_process_t *p, orc_error_t *err);

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
/* Moves `pid` into every cgroup `of` is in (per /proc/<of>/cgroup). */
int orc_cgroup_join_like(pid_t of, pid_t pid, orc_error_t *err);
/* Freezer: v1 freezer.state, v2 cgroup.freeze; waits until the kernel reports the state. */
int orc_cgroup_freeze(const char *resolved, bool frozen, orc_error_t *err);
int orc_cgroup_frozen(const char *resolved); /* 1 frozen, 0 not, -1 no freezer file */
/* The v2 files and values orc_cgroup_enter would write for `spec`, one "file value" a line (orc-check). */
int orc_cgroup_v2_print(const orc_spec_t *spec, FILE *out, orc_error_t *err);

#endif
