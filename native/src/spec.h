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

typedef struct {
  bool present;
  bool allow_by_default;    /* defaultAction SCMP_ACT_ALLOW */
  int default_errno;        /* when defaultAction is SCMP_ACT_ERRNO */
  struct orc_seccomp_rule { const char *name; int errno_ret; bool allow; } *rules;
  size_t n_rules;
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
