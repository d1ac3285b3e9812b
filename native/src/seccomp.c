/* Seccomp without libseccomp: a classic-BPF filter built from an OCI
 * profile of plain per-syscall actions (no argument conditions yet). */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "runtime.h"

#if defined(__x86_64__)
#define ORC_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define ORC_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "seccomp.c: add this architecture's AUDIT_ARCH"
#endif

/* Names come from the system's <sys/syscall.h>; a name this architecture
 * lacks is skipped (as runc and crun do). */
#define SC(name) {#name, SYS_##name}
static const struct { const char *name; int nr; } syscall_names[] = {
#include "syscalls.inc"
};
#undef SC

int orc_syscall_from_name(const char *name) {
  for (size_t i = 0; i < sizeof syscall_names / sizeof *syscall_names; i++)
    if (strcmp(name, syscall_names[i].name) == 0) return syscall_names[i].nr;
  return -1;
}

static uint32_t action(bool allow, int errno_ret) {
  return allow ? SECCOMP_RET_ALLOW : SECCOMP_RET_ERRNO | ((uint32_t)errno_ret & SECCOMP_RET_DATA);
}

int orc_seccomp_apply(const orc_seccomp_t *sc, orc_error_t *err) {
  if (!sc->present) return 0;
  size_t max = 6 + 2 * sc->n_rules;
  cleanup_free struct sock_filter *prog = calloc(max, sizeof *prog);
  if (!prog) return orc_fail(err, ENOMEM, NULL, "build seccomp filter");
  size_t n = 0;
  /* A foreign architecture's syscall numbers mean something else: kill. */
  prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
  prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ORC_AUDIT_ARCH, 1, 0);
  prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  prog[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
  for (size_t i = 0; i < sc->n_rules; i++) {
    int nr = orc_syscall_from_name(sc->rules[i].name);
    if (nr < 0) continue;
    prog[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 1);
    prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, action(sc->rules[i].allow, sc->rules[i].errno_ret));
  }
  prog[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, action(sc->allow_by_default, sc->default_errno));
  struct sock_fprog fprog = {.len = (unsigned short)n, .filter = prog};
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0)
    return orc_fail(err, errno, NULL, "seccomp(SECCOMP_SET_MODE_FILTER)");
  return 0;
}
