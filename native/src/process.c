/* The container process's identity: hostname, rlimits, user and groups,
 * capabilities in the kernel's order, the executable lookup and execve.
 * `create` (for the init) and `exec` (for a joining process) share
 * orc_process_prepare and orc_process_exec. */
#include <errno.h>
#include <grp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "runtime.h"

int orc_process_set_hostname(const orc_spec_t *spec, orc_error_t *err) {
  if (spec->hostname && sethostname(spec->hostname, strlen(spec->hostname)) < 0)
    return orc_fail(err, errno, spec->hostname, "sethostname");
  return 0;
}

int orc_process_set_rlimits(const orc_process_t *p, orc_error_t *err) {
  for (size_t i = 0; i < p->n_rlimits; i++) {
    struct rlimit rl = {.rlim_cur = p->rlimits[i].soft, .rlim_max = p->rlimits[i].hard};
    if (setrlimit(p->rlimits[i].resource, &rl) < 0)
      return orc_fail(err, errno, NULL, "setrlimit %d", p->rlimits[i].resource);
  }
  return 0;
}

/* bounding -> keep-caps -> groups -> gid -> uid -> effective/permitted/inheritable -> ambient. */
int orc_process_set_user_and_caps(const orc_process_t *p, orc_error_t *err) {
  if (p->has_caps && orc_caps_drop_bounding(p->cap_bounding, err) < 0) return -1;
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return orc_fail(err, errno, NULL, "prctl PR_SET_KEEPCAPS");
  if (setgroups(p->n_additional_gids, p->additional_gids) < 0) return orc_fail(err, errno, NULL, "setgroups");
  if (setresgid(p->gid, p->gid, p->gid) < 0) return orc_fail(err, errno, NULL, "setresgid %u", p->gid);
  if (setresuid(p->uid, p->uid, p->uid) < 0) return orc_fail(err, errno, NULL, "setresuid %u", p->uid);
  if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) return orc_fail(err, errno, NULL, "prctl PR_SET_KEEPCAPS");
  if (p->has_caps) {
    if (orc_caps_set(p->cap_effective, p->cap_permitted, p->cap_inheritable, err) < 0) return -1;
    if (orc_caps_set_ambient(p->cap_ambient, err) < 0) return -1;
  }
  if (p->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return orc_fail(err, errno, NULL, "prctl PR_SET_NO_NEW_PRIVS");
  return 0;
}

/* 0 when execve(path) should work, else the errno it would (roughly) give. */
static int check_executable(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0) return errno;
  if (S_ISDIR(st.st_mode)) return EISDIR;
  if (!S_ISREG(st.st_mode)) return EACCES;
  return access(path, X_OK) < 0 ? errno : 0;
}

/* Runs in the container (after pivot_root or setns, and the uid switch), so
 * PATH and permissions are the container's. Like execvp: a candidate that
 * exists but cannot be executed is reported when nothing better is found. */
int orc_process_find_executable(const orc_process_t *p, char **out, orc_error_t *err) {
  const char *name = p->args[0];
  int e;
  if (strchr(name, '/')) {
    if ((e = check_executable(name))) return orc_fail_exec(err, e, name, "exec");
    *out = strdup(name);
    return 0;
  }
  const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (size_t i = 0; p->env[i]; i++)
    if (strncmp(p->env[i], "PATH=", 5) == 0) path = p->env[i] + 5;
  cleanup_free char *dirs = strdup(path);
  cleanup_free char *unusable = NULL;
  int unusable_errno = 0;
  char *save = NULL;
  for (char *dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
    cleanup_free char *candidate = orc_strdup_printf("%s/%s", *dir ? dir : ".", name);
    if (!(e = check_executable(candidate))) {
      *out = orc_steal_ptr(candidate);
      return 0;
    }
    if (e != ENOENT && e != ENOTDIR && !unusable) {
      unusable = orc_steal_ptr(candidate);
      unusable_errno = e;
    }
  }
  if (unusable) return orc_fail_exec(err, unusable_errno, unusable, "exec");
  return orc_fail_exec(err, ENOENT, name, "executable file not found in $PATH:");
}

/* rlimits, user, capabilities, no_new_privs, seccomp, cwd and the lookup:
 * everything between "in the container's namespaces" and execve. */
int orc_process_prepare(const orc_process_t *p, const orc_seccomp_t *seccomp, char **exe, orc_error_t *err) {
  if (orc_process_set_rlimits(p, err) < 0) return -1;
  /* Without no_new_privs, installing a filter needs CAP_SYS_ADMIN: do it
   * while the process still has it; otherwise as late as possible. */
  if (!p->no_new_privileges && orc_seccomp_apply(seccomp, err) < 0) return -1;
  if (orc_process_set_user_and_caps(p, err) < 0) return -1;
  if (chdir(p->cwd) < 0) return orc_fail(err, errno, p->cwd, "chdir to process.cwd");
  if (orc_process_find_executable(p, exe, err) < 0) return -1;
  if (p->no_new_privileges && orc_seccomp_apply(seccomp, err) < 0) return -1;
  return 0;
}

int orc_process_exec(const orc_process_t *p, const char *exe, orc_error_t *err) {
  execve(exe, (char *const *)p->args, (char *const *)p->env);
  return orc_fail_exec(err, errno, exe, "exec");
}
