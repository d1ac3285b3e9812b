/* The container process's identity: hostname, rlimits, user and groups,
 * capabilities in the kernel's order, and the executable lookup. */
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

int orc_process_set_rlimits(const orc_spec_t *spec, orc_error_t *err) {
  for (size_t i = 0; i < spec->n_rlimits; i++) {
    struct rlimit rl = {.rlim_cur = spec->rlimits[i].soft, .rlim_max = spec->rlimits[i].hard};
    if (setrlimit(spec->rlimits[i].resource, &rl) < 0)
      return orc_fail(err, errno, NULL, "setrlimit %d", spec->rlimits[i].resource);
  }
  return 0;
}

/* bounding -> keep-caps -> groups -> gid -> uid -> effective/permitted/inheritable -> ambient. */
int orc_process_set_user_and_caps(const orc_spec_t *spec, orc_error_t *err) {
  if (spec->has_caps && orc_caps_drop_bounding(spec->cap_bounding, err) < 0) return -1;
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) return orc_fail(err, errno, NULL, "prctl PR_SET_KEEPCAPS");
  if (setgroups(spec->n_additional_gids, spec->additional_gids) < 0) return orc_fail(err, errno, NULL, "setgroups");
  if (setresgid(spec->gid, spec->gid, spec->gid) < 0) return orc_fail(err, errno, NULL, "setresgid %u", spec->gid);
  if (setresuid(spec->uid, spec->uid, spec->uid) < 0) return orc_fail(err, errno, NULL, "setresuid %u", spec->uid);
  if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) return orc_fail(err, errno, NULL, "prctl PR_SET_KEEPCAPS");
  if (spec->has_caps) {
    if (orc_caps_set(spec->cap_effective, spec->cap_permitted, spec->cap_inheritable, err) < 0) return -1;
    if (orc_caps_set_ambient(spec->cap_ambient, err) < 0) return -1;
  }
  if (spec->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return orc_fail(err, errno, NULL, "prctl PR_SET_NO_NEW_PRIVS");
  return 0;
}

static int is_executable(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Runs in the container (after pivot_root and the uid switch), so PATH and
 * permissions are the container's. */
int orc_process_find_executable(const orc_spec_t *spec, char **out, orc_error_t *err) {
  const char *name = spec->args[0];
  if (strchr(name, '/')) {
    if (!is_executable(name)) return orc_fail(err, errno ? errno : EACCES, name, "exec");
    *out = strdup(name);
    return 0;
  }
  const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (size_t i = 0; spec->env[i]; i++)
    if (strncmp(spec->env[i], "PATH=", 5) == 0) path = spec->env[i] + 5;
  cleanup_free char *dirs = strdup(path);
  char *save = NULL;
  for (char *dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
    cleanup_free char *candidate = orc_strdup_printf("%s/%s", *dir ? dir : ".", name);
    if (is_executable(candidate)) {
      *out = orc_steal_ptr(candidate);
      return 0;
    }
  }
  return orc_fail(err, ENOENT, name, "executable file not found in $PATH:");
}
