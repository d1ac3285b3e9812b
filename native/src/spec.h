/* The subset of the OCI runtime spec (config.json) that orc-runtime honours. */
#ifndef ORC_SPEC_H
#define ORC_SPEC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "json.h"

typedef struct {
  const char *destination, *type, *source;
  const char **options; /* NULL-terminated */
} orc_mount_t;

typedef struct {
  int resource; /* RLIMIT_* */
  uint64_t soft, hard;
} orc_rlimit_t;

typedef struct {
  int flag;         /* CLONE_NEW* */
  const char *path; /* join this namespace instead of creating one */
} orc_namespace_t;

/* Seccomp argument comparisons (OCI SCMP_CMP_*); MASKED_EQ: (arg & value) == value_two. */
enum { ORC_CMP_NE = 1, ORC_CMP_LT, ORC_CMP_LE, ORC_CMP_EQ, ORC_CMP_GE, ORC_CMP_GT, ORC_CMP_MASKED_EQ };

/* Architectures a filter admits (OCI SCMP_ARCH_*); none listed = the native one. */
enum { ORC_ARCH_X86_64 = 1, ORC_ARCH_X86 = 2, ORC_ARCH_X32 = 4, ORC_ARCH_AARCH64 = 8 };

typedef struct {
  unsigned index; /* 0..5 */
  int op;         /* ORC_CMP_* */
  uint64_t value, value_two;
} orc_seccomp_arg_t;

typedef struct {
  bool present;
  uint32_t default_action; /* SECCOMP_RET_* | data */
  unsigned arches;         /* ORC_ARCH_* */
  unsigned flags;          /* SECCOMP_FILTER_FLAG_* */
  /* One entry per (name, rule); the args of a rule must all hold (AND),
   * entries for the same syscall are alternatives (OR). */
  struct orc_seccomp_rule {
    const char *name;
    uint32_t action;
    orc_seccomp_arg_t *args; /* owned */
    size_t n_args;
  } *rules;
  size_t n_rules;
  /* The classic-BPF program (seccomp.c: orc_seccomp_prepare, or compiled at apply). */
  void *prog;
  size_t prog_len;
  bool from_cache;
} orc_seccomp_t;

/* An OCI `process` object: config.json's, or the one `exec --process` reads. */
typedef struct {
  const char **args, **env; /* NULL-terminated */
  const char *cwd;
  bool terminal;
  uid_t uid;
  gid_t gid;
  gid_t *additional_gids;
  size_t n_additional_gids;
  bool has_caps;
  uint64_t cap_bounding, cap_effective, cap_permitted, cap_inheritable, cap_ambient;
  bool no_new_privileges;
  orc_rlimit_t *rlimits;
  size_t n_rlimits;
} orc_process_t;

typedef struct {
  orc_process_t process;
  /* root, hostname, mounts */
  char *root_path; /* absolute */
  bool root_readonly;
  const char *hostname;
  orc_mount_t *mounts;
  size_t n_mounts;
  /* linux */
  orc_namespace_t *namespaces;
  size_t n_namespaces;
  const char **masked_paths, **readonly_paths; /* NULL-terminated */
  const char *cgroups_path;
  int64_t memory_limit, memory_swap, pids_limit, cpu_quota; /* 0 = unset */
  uint64_t cpu_period, cpu_shares;                           /* 0 = unset */
  const char *cpuset_cpus, *cpuset_mems;                     /* NULL = unset */
  orc_seccomp_t seccomp;
} orc_spec_t;

/* Reads <bundle>/config.json. Strings in *spec point into *json, which the
 * caller keeps alive as long as spec. */
int orc_spec_load(const char *bundle, orc_spec_t *spec, orc_json_t **json, orc_error_t *err);
void orc_spec_free(orc_spec_t *spec);

/* Reads an OCI process object; `source` names the file in errors. Strings
 * point into `proc`'s document. */
int orc_process_load(const orc_json_t *proc, const char *source, orc_process_t *out, orc_error_t *err);
void orc_process_free(orc_process_t *process);

/* Capability name -> number, -1 when unknown (caps.c). */
int orc_cap_from_name(const char *name);
/* Syscall name -> number on this architecture, -1 when unknown (seccomp.c). */
int orc_syscall_from_name(const char *name);

#endif
