/* config.json -> orc_spec_t, with an error naming the field at fault. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>
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

static const struct { const char *name; uint32_t ret; bool has_data; } seccomp_actions[] = {
    {"SCMP_ACT_ALLOW", SECCOMP_RET_ALLOW, false}, {"SCMP_ACT_ERRNO", SECCOMP_RET_ERRNO, true},
    {"SCMP_ACT_KILL", SECCOMP_RET_KILL_THREAD, false}, {"SCMP_ACT_KILL_THREAD", SECCOMP_RET_KILL_THREAD, false},
    {"SCMP_ACT_KILL_PROCESS", SECCOMP_RET_KILL_PROCESS, false}, {"SCMP_ACT_TRAP", SECCOMP_RET_TRAP, false},
    {"SCMP_ACT_TRACE", SECCOMP_RET_TRACE, true}, {"SCMP_ACT_LOG", SECCOMP_RET_LOG, false},
};

static const struct { const char *name; int op; } seccomp_ops[] = {
    {"SCMP_CMP_NE", ORC_CMP_NE}, {"SCMP_CMP_LT", ORC_CMP_LT}, {"SCMP_CMP_LE", ORC_CMP_LE}, {"SCMP_CMP_EQ", ORC_CMP_EQ},
    {"SCMP_CMP_GE", ORC_CMP_GE}, {"SCMP_CMP_GT", ORC_CMP_GT}, {"SCMP_CMP_MASKED_EQ", ORC_CMP_MASKED_EQ},
};

static const struct { const char *name; unsigned arch; } seccomp_arches[] = {
    {"SCMP_ARCH_X86_64", ORC_ARCH_X86_64}, {"SCMP_ARCH_X86", ORC_ARCH_X86}, {"SCMP_ARCH_X32", ORC_ARCH_X32},
    {"SCMP_ARCH_AARCH64", ORC_ARCH_AARCH64},
};

static const struct { const char *name; unsigned flag; } seccomp_flags[] = {
    {"SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC}, {"SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG},
    {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW},
};

/* An action name (+ errnoRet) -> SECCOMP_RET_* | data. ERRNO and TRACE
 * default to EPERM, as runc does. */
static int seccomp_action(const orc_json_t *obj, const char *name, const char *errno_key, uint32_t *out, orc_error_t *err) {
  int64_t v;
  for (size_t i = 0; name && i < sizeof seccomp_actions / sizeof *seccomp_actions; i++) {
    if (strcmp(name, seccomp_actions[i].name)) continue;
    uint32_t data = 0;
    if (seccomp_actions[i].has_data) data = orc_json_get_int(obj, errno_key, &v) ? (uint32_t)v : EPERM;
    *out = seccomp_actions[i].ret | (data & SECCOMP_RET_DATA);
    return 0;
  }
  return orc_fail(err, ENOTSUP, name ? name : "(none)", "unsupported seccomp action");
}

/* A uint64 argument value: exact below 2^63; beyond, the JSON reader only
 * keeps a double (2^64-1 rounds up to 2^64), so saturate. */
static uint64_t json_u64(const orc_json_t *v) {
  if (v->is_integer) return (uint64_t)v->integer;
  if (v->number >= 18446744073709551615.0) return UINT64_MAX;
  if (v->number <= 0) return 0;
  return (uint64_t)v->number;
}

static int seccomp_arg(const orc_json_t *a, orc_seccomp_arg_t *out, orc_error_t *err) {
  int64_t v;
  const char *op = orc_json_get_string(a, "op");
  const orc_json_t *value = orc_json_get(a, "value"), *two = orc_json_get(a, "valueTwo");
  if (!orc_json_get_int(a, "index", &v) || v < 0 || v > 5) return bad(err, "linux.seccomp.syscalls[].args[].index", "not 0..5");
  out->index = (unsigned)v;
  out->op = 0;
  for (size_t i = 0; op && i < sizeof seccomp_ops / sizeof *seccomp_ops; i++)
    if (strcmp(op, seccomp_ops[i].name) == 0) out->op = seccomp_ops[i].op;
  if (!out->op) return orc_fail(err, EINVAL, op ? op : "(none)", "unknown seccomp operator");
  if (!value || value->type != ORC_JSON_NUMBER) return bad(err, "linux.seccomp.syscalls[].args[].value", "not a number");
  out->value = json_u64(value);
  out->value_two = two && two->type == ORC_JSON_NUMBER ? json_u64(two) : 0;
  return 0;
}

static int add_rule(orc_seccomp_t *out, size_t *cap, const char *name, uint32_t action, const orc_seccomp_arg_t *args,
                    size_t n_args, orc_error_t *err) {
  if (out->n_rules == *cap) {
    size_t bigger = *cap ? *cap * 2 : 64;
    struct orc_seccomp_rule *r = realloc(out->rules, bigger * sizeof *r);
    if (!r) return orc_fail(err, ENOMEM, CONFIG, "read");
    out->rules = r, *cap = bigger;
  }
  struct orc_seccomp_rule *r = &out->rules[out->n_rules];
  *r = (struct orc_seccomp_rule){name, action, NULL, n_args};
  if (n_args) {
    if (!(r->args = calloc(n_args, sizeof *r->args))) return orc_fail(err, ENOMEM, CONFIG, "read");
    memcpy(r->args, args, n_args * sizeof *args);
  }
  out->n_rules++;
  return 0;
}

static int load_seccomp(const orc_json_t *sc, orc_seccomp_t *out, orc_error_t *err) {
  if (!sc) return 0;
  out->present = true;
  if (seccomp_action(sc, orc_json_get_string(sc, "defaultAction"), "defaultErrnoRet", &out->default_action, err) < 0) return -1;
  const orc_json_t *arches = orc_json_get_array(sc, "architectures");
  /* Architectures this build cannot filter for are left out (their
   * syscalls then meet the bad-architecture verdict). */
  for (size_t i = 0; arches && i < arches->len; i++)
    for (size_t k = 0; k < sizeof seccomp_arches / sizeof *seccomp_arches; k++)
      if (arches->items[i].type == ORC_JSON_STRING && strcmp(arches->items[i].string, seccomp_arches[k].name) == 0)
        out->arches |= seccomp_arches[k].arch;
  const orc_json_t *flags = orc_json_get_array(sc, "flags");
  for (size_t i = 0; flags && i < flags->len; i++) {
    unsigned flag = 0;
    for (size_t k = 0; k < sizeof seccomp_flags / sizeof *seccomp_flags; k++)
      if (flags->items[i].type == ORC_JSON_STRING && strcmp(flags->items[i].string, seccomp_flags[k].name) == 0)
        flag = seccomp_flags[k].flag;
    if (!flag) return orc_fail(err, ENOTSUP, flags->items[i].type == ORC_JSON_STRING ? flags->items[i].string : "(none)", "unsupported seccomp flag");
    out->flags |= flag;
  }
  const orc_json_t *syscalls = orc_json_get_array(sc, "syscalls");
  size_t cap = 0;
  for (size_t i = 0; syscalls && i < syscalls->len; i++) {
    const orc_json_t *rule = &syscalls->items[i];
    const orc_json_t *names = orc_json_get_array(rule, "names");
    const orc_json_t *args = orc_json_get_array(rule, "args");
    uint32_t action;
    orc_seccomp_arg_t parsed[6 * 8];
    size_t n_args = args ? args->len : 0;
    if (n_args > sizeof parsed / sizeof *parsed) return bad(err, "linux.seccomp.syscalls[].args", "too many");
    if (seccomp_action(rule, orc_json_get_string(rule, "action"), "errnoRet", &action, err) < 0) return -1;
    unsigned seen = 0;
    bool repeated = false; /* one argument compared more than once */
    for (size_t a = 0; a < n_args; a++) {
      if (seccomp_arg(&args->items[a], &parsed[a], err) < 0) return -1;
      repeated |= (seen >> parsed[a].index) & 1;
      seen |= 1u << parsed[a].index;
    }
    for (size_t k = 0; names && k < names->len; k++) {
      if (names->items[k].type != ORC_JSON_STRING) return bad(err, "linux.seccomp.syscalls[].names", "not a string");
      const char *name = names->items[k].string;
      /* As runc does: conditions on distinct arguments are ANDed; when an
       * argument repeats, each condition becomes a rule of its own (OR). */
      if (!repeated) {
        if (add_rule(out, &cap, name, action, parsed, n_args, err) < 0) return -1;
      } else {
        for (size_t a = 0; a < n_args; a++)
          if (add_rule(out, &cap, name, action, &parsed[a], 1, err) < 0) return -1;
      }
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
  spec->cpuset_cpus = orc_json_get_string(cpu, "cpus");
  spec->cpuset_mems = orc_json_get_string(cpu, "mems");
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
  for (size_t i = 0; i < spec->seccomp.n_rules; i++) free(spec->seccomp.rules[i].args);
  free(spec->seccomp.rules);
  free(spec->seccomp.prog);
}
