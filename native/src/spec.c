/* config.json -> orc_spec_t, with an error naming the field at fault. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "spec.h"

#define CONFIG "config.json"

static int bad_in(orc_error_t *err, const char *source, const char *field, const char *why) {
  return orc_fail(err, EINVAL, source, "invalid %s (%s) in", field, why);
}

static int bad(orc_error_t *err, const char *field, const char *why) { return bad_in(err, CONFIG, field, why); }

/* An array of strings -> NULL-terminated array of borrowed pointers. */
static int string_list_in(const char *source, const orc_json_t *arr, const char *field, const char ***out,
                          orc_error_t *err) {
  *out = NULL;
  if (!arr) {
    *out = calloc(1, sizeof **out);
    return *out ? 0 : orc_fail(err, ENOMEM, source, "read");
  }
  if (arr->type != ORC_JSON_ARRAY) return bad_in(err, source, field, "not an array");
  const char **list = calloc(arr->len + 1, sizeof *list);
  if (!list) return orc_fail(err, ENOMEM, source, "read");
  for (size_t i = 0; i < arr->len; i++) {
    if (arr->items[i].type != ORC_JSON_STRING) { free(list); return bad_in(err, source, field, "not a string"); }
    list[i] = arr->items[i].string;
  }
  *out = list;
  return 0;
}

static int string_list(const orc_json_t *arr, const char *field, const char ***out, orc_error_t *err) {
  return string_list_in(CONFIG, arr, field, out, err);
}

static int cap_set(const char *source, const orc_json_t *caps, const char *key, uint64_t *out, orc_error_t *err) {
  const orc_json_t *arr = orc_json_get(caps, key);
  *out = 0;
  if (!arr) return 0;
  if (arr->type != ORC_JSON_ARRAY) return bad_in(err, source, key, "not an array");
  for (size_t i = 0; i < arr->len; i++) {
    const orc_json_t *v = &arr->items[i];
    int cap = v->type == ORC_JSON_STRING ? orc_cap_from_name(v->string) : -1;
    if (cap < 0) return orc_fail(err, EINVAL, v->type == ORC_JSON_STRING ? v->string : key, "unknown capability");
    *out |= 1ULL << cap;
  }
  return 0;
}

static const struct { const char *name; int resource; } rlimit_names[] = {
    {"RLIMIT_AS", RLIMIT_AS}, {"RLIMIT_CORE", RLIMIT_CORE}, {"RLIMIT_CPU", RLIMIT_CPU},
    {"RLIMIT_DATA", RLIMIT_DATA}, {"RLIMIT_FSIZE", RLIMIT_FSIZE}, {"RLIMIT_LOCKS", RLIMIT_LOCKS},
    {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK}, {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", RLIMIT_NICE},
    {"RLIMIT_NOFILE", RLIMIT_NOFILE}, {"RLIMIT_NPROC", RLIMIT_NPROC}, {"RLIMIT_RSS", RLIMIT_RSS},
    {"RLIMIT_RTPRIO", RLIMIT_RTPRIO}, {"RLIMIT_RTTIME", RLIMIT_RTTIME}, {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
    {"RLIMIT_STACK", RLIMIT_STACK},
};

static const struct { const char *name; int flag; } ns_names[] = {
    {"pid", CLONE_NEWPID}, {"network", CLONE_NEWNET}, {"mount", CLONE_NEWNS}, {"ipc", CLONE_NEWIPC},
    {"uts", CLONE_NEWUTS}, {"cgroup", CLONE_NEWCGROUP}, {"user", CLONE_NEWUSER}, {"time", 0x80 /* CLONE_NEWTIME */},
};

int orc_process_load(const orc_json_t *proc, const char *source, orc_process_t *p, orc_error_t *err) {
  memset(p, 0, sizeof *p);
  if (!proc || proc->type != ORC_JSON_OBJECT) return bad_in(err, source, "process", "missing or not an object");
  orc_json_get_bool(proc, "terminal", &p->terminal);
  if (string_list_in(source, orc_json_get(proc, "args"), "process.args", &p->args, err) < 0) return -1;
  if (!p->args[0]) return bad_in(err, source, "process.args", "empty");
  if (string_list_in(source, orc_json_get(proc, "env"), "process.env", &p->env, err) < 0) return -1;
  p->cwd = orc_json_get_string(proc, "cwd");
  if (!p->cwd) p->cwd = "/";
  if (p->cwd[0] != '/') return bad_in(err, source, "process.cwd", "not absolute");

  const orc_json_t *user = orc_json_get_object(proc, "user");
  int64_t v;
  if (orc_json_get_int(user, "uid", &v)) p->uid = (uid_t)v;
  if (orc_json_get_int(user, "gid", &v)) p->gid = (gid_t)v;
  const orc_json_t *gids = orc_json_get_array(user, "additionalGids");
  if (gids && gids->len) {
    p->additional_gids = calloc(gids->len, sizeof(gid_t));
    if (!p->additional_gids) return orc_fail(err, ENOMEM, source, "read");
    for (size_t i = 0; i < gids->len; i++) {
      if (!gids->items[i].is_integer) return bad_in(err, source, "process.user.additionalGids", "not an integer");
      p->additional_gids[i] = (gid_t)gids->items[i].integer;
    }
    p->n_additional_gids = gids->len;
  }

  const orc_json_t *caps = orc_json_get_object(proc, "capabilities");
  if (caps) {
    p->has_caps = true;
    if (cap_set(source, caps, "bounding", &p->cap_bounding, err) < 0 ||
        cap_set(source, caps, "effective", &p->cap_effective, err) < 0 ||
        cap_set(source, caps, "permitted", &p->cap_permitted, err) < 0 ||
        cap_set(source, caps, "inheritable", &p->cap_inheritable, err) < 0 ||
        cap_set(source, caps, "ambient", &p->cap_ambient, err) < 0)
      return -1;
  }
  orc_json_get_bool(proc, "noNewPrivileges", &p->no_new_privileges);

  const orc_json_t *rl = orc_json_get_array(proc, "rlimits");
  if (rl && rl->len) {
    p->rlimits = calloc(rl->len, sizeof *p->rlimits);
    if (!p->rlimits) return orc_fail(err, ENOMEM, source, "read");
    for (size_t i = 0; i < rl->len; i++) {
      const char *type = orc_json_get_string(&rl->items[i], "type");
      int64_t soft, hard;
      int resource = -1;
      for (size_t k = 0; type && k < sizeof rlimit_names / sizeof *rlimit_names; k++)
        if (strcmp(type, rlimit_names[k].name) == 0) resource = rlimit_names[k].resource;
      if (resource < 0) return orc_fail(err, EINVAL, type ? type : "(none)", "unknown rlimit type");
      if (!orc_json_get_int(&rl->items[i], "soft", &soft) || !orc_json_get_int(&rl->items[i], "hard", &hard))
        return bad_in(err, source, "process.rlimits", "soft and hard are required");
      p->rlimits[i] = (orc_rlimit_t){resource, (uint64_t)soft, (uint64_t)hard};
    }
    p->n_rlimits = rl->len;
  }
  return 0;
}

static int load_mounts(const orc_json_t *mounts, orc_spec_t *spec, orc_error_t *err) {
  if (!mounts) return 0;
  if (mounts->type != ORC_JSON_ARRAY) return bad(err, "mounts", "not an array");
  spec->mounts = calloc(mounts->len + 1, sizeof *spec->mounts);
  if (!spec->mounts) return orc_fail(err, ENOMEM, CONFIG, "read");
  for (size_t i = 0; i < mounts->len; i++) {
    const orc_json_t *m = &mounts->items[i];
    orc_mount_t *out = &spec->mounts[spec->n_mounts++];
    out->destination = orc_json_get_string(m, "destination");
    if (!out->destination || out->destination[0] != '/') return bad(err, "mounts[].destination", "missing or not absolute");
    out->type = orc_json_get_string(m, "type");
    out->source = orc_json_get_string(m, "source");
    if (string_list(orc_json_get(m, "options"), "mounts[].options", &out->options, err) < 0) return -1;
    if (!out->type) out->type = "none";
    if (!out->source) out->source = out->type;
  }
  return 0;
}

static int load_seccomp(const orc_json_t *sc, orc_seccomp_t *out, orc_error_t *err) {
  if (!sc) return 0;
  out->present = true;
  const char *def = orc_json_get_string(sc, "defaultAction");
  int64_t v;
  if (!def) return bad(err, "linux.seccomp.defaultAction", "missing");
  if (strcmp(def, "SCMP_ACT_ALLOW") == 0) out->allow_by_default = true;
  else if (strcmp(def, "SCMP_ACT_ERRNO") == 0) out->default_errno = orc_json_get_int(sc, "defaultErrnoRet", &v) ? (int)v : EPERM;
  else return orc_fail(err, ENOTSUP, def, "unsupported seccomp defaultAction");
  const orc_json_t *syscalls = orc_json_get_array(sc, "syscalls");
  size_t total = 0;
  for (size_t i = 0; syscalls && i < syscalls->len; i++) {
    const orc_json_t *names = orc_json_get_array(&syscalls->items[i], "names");
    total += names ? names->len : 0;
  }
  out->rules = calloc(total + 1, sizeof *out->rules);
  if (!out->rules) return orc_fail(err, ENOMEM, CONFIG, "read");
  for (size_t i = 0; syscalls && i < syscalls->len; i++) {
    const orc_json_t *rule = &syscalls->items[i];
    const char *action = orc_json_get_string(rule, "action");
    const orc_json_t *names = orc_json_get_array(rule, "names");
    const orc_json_t *args = orc_json_get_array(rule, "args");
    if (args && args->len) return orc_fail(err, ENOTSUP, CONFIG, "seccomp rules with args are not supported yet in");
    bool allow;
    int errno_ret = orc_json_get_int(rule, "errnoRet", &v) ? (int)v : EPERM;
    if (action && strcmp(action, "SCMP_ACT_ALLOW") == 0) allow = true;
    else if (action && strcmp(action, "SCMP_ACT_ERRNO") == 0) allow = false;
    else return orc_fail(err, ENOTSUP, action ? action : "(none)", "unsupported seccomp action");
    for (size_t k = 0; names && k < names->len; k++) {
      if (names->items[k].type != ORC_JSON_STRING) return bad(err, "linux.seccomp.syscalls[].names", "not a string");
      out->rules[out->n_rules++] = (struct orc_seccomp_rule){names->items[k].string, errno_ret, allow};
    }
  }
  return 0;
}

static int load_linux(const orc_json_t *lx, orc_spec_t *spec, orc_error_t *err) {
  const orc_json_t *nss = orc_json_get_array(lx, "namespaces");
  if (nss) {
    spec->namespaces = calloc(nss->len + 1, sizeof *spec->namespaces);
    if (!spec->namespaces) return orc_fail(err, ENOMEM, CONFIG, "read");
    for (size_t i = 0; i < nss->len; i++) {
      const char *type = orc_json_get_string(&nss->items[i], "type");
      int flag = 0;
      for (size_t k = 0; type && k < sizeof ns_names / sizeof *ns_names; k++)
        if (strcmp(type, ns_names[k].name) == 0) flag = ns_names[k].flag;
      if (!flag) return orc_fail(err, EINVAL, type ? type : "(none)", "unknown namespace type");
      if (flag == CLONE_NEWUSER || flag == 0x80)
        return orc_fail(err, ENOTSUP, type, "namespace type not supported yet:");
      spec->namespaces[spec->n_namespaces++] = (orc_namespace_t){flag, orc_json_get_string(&nss->items[i], "path")};
    }
  }
  if (string_list(orc_json_get(lx, "maskedPaths"), "linux.maskedPaths", &spec->masked_paths, err) < 0 ||
      string_list(orc_json_get(lx, "readonlyPaths"), "linux.readonlyPaths", &spec->readonly_paths, err) < 0)
    return -1;
  spec->cgroups_path = orc_json_get_string(lx, "cgroupsPath");
  const orc_json_t *res = orc_json_get_object(lx, "resources");
  const orc_json_t *mem = orc_json_get_object(res, "memory");
  const orc_json_t *pids = orc_json_get_object(res, "pids");
  const orc_json_t *cpu = orc_json_get_object(res, "cpu");
  int64_t v;
  if (orc_json_get_int(mem, "limit", &v)) spec->memory_limit = v;
  if (orc_json_get_int(mem, "swap", &v)) spec->memory_swap = v;
  if (orc_json_get_int(pids, "limit", &v)) spec->pids_limit = v;
  if (orc_json_get_int(cpu, "quota", &v)) spec->cpu_quota = v;
  if (orc_json_get_int(cpu, "period", &v)) spec->cpu_period = (uint64_t)v;
  if (orc_json_get_int(cpu, "shares", &v)) spec->cpu_shares = (uint64_t)v;
  return load_seccomp(orc_json_get_object(lx, "seccomp"), &spec->seccomp, err);
}

int orc_spec_load(const char *bundle, orc_spec_t *spec, orc_json_t **json, orc_error_t *err) {
  cleanup_free char *path = orc_strdup_printf("%s/" CONFIG, bundle);
  cleanup_free char *text = NULL;
  memset(spec, 0, sizeof *spec);
  *json = NULL;
  if (orc_read_file(path, &text, NULL, err) < 0) return -1;
  if (orc_json_parse(text, path, json, err) < 0) return -1;
  const orc_json_t *cfg = *json;
  if (cfg->type != ORC_JSON_OBJECT) return bad(err, "document", "not an object");
  if (orc_process_load(orc_json_get_object(cfg, "process"), CONFIG, &spec->process, err) < 0) return -1;
  const orc_json_t *root = orc_json_get_object(cfg, "root");
  const char *root_path = orc_json_get_string(root, "path");
  if (!root_path) return bad(err, "root.path", "missing");
  cleanup_free char *joined = root_path[0] == '/' ? strdup(root_path) : orc_strdup_printf("%s/%s", bundle, root_path);
  spec->root_path = realpath(joined, NULL);
  if (!spec->root_path) return orc_fail(err, errno, joined, "resolve root.path");
  orc_json_get_bool(root, "readonly", &spec->root_readonly);
  spec->hostname = orc_json_get_string(cfg, "hostname");
  if (load_mounts(orc_json_get(cfg, "mounts"), spec, err) < 0) return -1;
  return load_linux(orc_json_get_object(cfg, "linux"), spec, err);
}

void orc_process_free(orc_process_t *process) {
  free(process->args);
  free(process->env);
  free(process->additional_gids);
  free(process->rlimits);
  memset(process, 0, sizeof *process);
}

void orc_spec_free(orc_spec_t *spec) {
  orc_process_free(&spec->process);
  free(spec->root_path);
  for (size_t i = 0; i < spec->n_mounts; i++) free(spec->mounts[i].options);
  free(spec->mounts);
  free(spec->namespaces);
  free(spec->masked_paths);
  free(spec->readonly_paths);
  free(spec->seccomp.rules);
}
