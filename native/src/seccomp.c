/* Seccomp without libseccomp: an OCI profile compiled to classic BPF.
 *
 *   ld arch; jeq <each admitted AUDIT_ARCH> -> its section; else ret KILL_PROCESS
 *   section: ld nr [x86_64: jge 0x40000000 -> the x32 tree, else the x86_64 tree]
 *            a binary search over the section's sorted syscall numbers (jge
 *            splits, jeq leaves) -> per syscall a ret, or its rules' argument
 *            checks (64-bit values as two 32-bit halves) ending in rets;
 *            a number in no rule -> the default action
 *
 * The program is emitted back to front, so a jump's target always exists
 * when the jump is written: an offset beyond the 255 of jt/jf goes through a
 * `ja` trampoline (32-bit offset), and `ret`s are shared while in reach.
 * Compiled programs are cached by a hash of the profile (see README.md). */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "runtime.h"
#include "seccomp.h"

/* Bump when the emitted code changes: cached programs of older compilers are then not found. */
#define COMPILER_VERSION 1
#define X32_SYSCALL_BIT 0x40000000u
#define MAX_INSNS 4096 /* BPF_MAXINSNS */

#if defined(__x86_64__)
#define NATIVE_ARCH ORC_ARCH_X86_64
#define ARCH_NAME "x86_64"
#elif defined(__aarch64__)
#define NATIVE_ARCH ORC_ARCH_AARCH64
#define ARCH_NAME "aarch64"
#else
#error "seccomp.c: add this architecture"
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LO_HALF 0
#define HI_HALF 4
#else
#define LO_HALF 4
#define HI_HALF 0
#endif

/* Native names come from the system's <sys/syscall.h>; a name this
 * architecture lacks is skipped (as runc and crun do). */
#define SC(name) {#name, SYS_##name}
static const struct { const char *name; int nr; } syscall_names[] = {
#include "syscalls.inc"
};
#undef SC

#if defined(__x86_64__)
/* The i386 and x32 ABIs of the same kernel (gen-syscalls-x86.sh). */
#define X86(name, i386, x32) {#name, i386, x32},
static const struct { const char *name; int i386, x32; } compat_names[] = {
#include "syscalls-x86.inc"
};
#undef X86
#endif

int orc_syscall_from_name(const char *name) { return orc_syscall_nr(name, NATIVE_ARCH); }

int orc_syscall_nr(const char *name, unsigned arch) {
  if (arch == NATIVE_ARCH) {
    for (size_t i = 0; i < sizeof syscall_names / sizeof *syscall_names; i++)
      if (strcmp(name, syscall_names[i].name) == 0) return syscall_names[i].nr;
    return -1;
  }
#if defined(__x86_64__)
  for (size_t i = 0; i < sizeof compat_names / sizeof *compat_names; i++)
    if (strcmp(name, compat_names[i].name) == 0)
      return arch == ORC_ARCH_X86 ? compat_names[i].i386 : arch == ORC_ARCH_X32 ? compat_names[i].x32 : -1;
#endif
  return -1;
}

/* ── the emitter: instructions stored back to front ─────────────────────── */

typedef struct {
  struct sock_filter *ins; /* ins[0] is the program's last instruction */
  size_t n, cap;
  bool failed; /* out of memory or beyond MAX_INSNS */
  struct { bool used; uint32_t action; size_t at; } rets[8];
  size_t next_ret;
} emitter_t;

/* A label is the index of an instruction in `ins` (counted from the end). */
static size_t put(emitter_t *e, struct sock_filter f) {
  if (e->n == e->cap) {
    size_t bigger = e->cap ? e->cap * 2 : 512;
    struct sock_filter *p = bigger <= 4 * MAX_INSNS ? realloc(e->ins, bigger * sizeof *p) : NULL;
    if (!p) {
      e->failed = true;
      return e->n ? e->n - 1 : 0;
    }
    e->ins = p, e->cap = bigger;
  }
  e->ins[e->n] = f;
  return e->n++;
}

/* The offset a jump emitted now needs to reach `target`. */
static size_t reach(const emitter_t *e, size_t target) { return e->n - target - 1; }

static size_t ja(emitter_t *e, size_t target) {
  return put(e, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA | BPF_K, (uint32_t)reach(e, target), 0, 0));
}

static size_t jump(emitter_t *e, uint16_t op, uint32_t k, size_t yes, size_t no) {
  if (reach(e, yes) > 255) yes = ja(e, yes);
  if (reach(e, no) > 255) no = ja(e, no);
  if (reach(e, yes) > 255) yes = ja(e, yes); /* pushed out of reach by no's trampoline */
  return put(e, (struct sock_filter)BPF_JUMP(BPF_JMP | op | BPF_K, k, (uint8_t)reach(e, yes), (uint8_t)reach(e, no)));
}

static size_t load(emitter_t *e, uint32_t offset) {
  return put(e, (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offset));
}

/* `ret action`, shared with an earlier identical one while it is near. */
static size_t ret(emitter_t *e, uint32_t action) {
  size_t slots = sizeof e->rets / sizeof *e->rets, slot = e->next_ret;
  for (size_t i = 0; i < slots; i++) {
    if (!e->rets[i].used || e->rets[i].action != action) continue;
    if (reach(e, e->rets[i].at) < 200) return e->rets[i].at;
    slot = i;
  }
  if (slot == e->next_ret) e->next_ret = (e->next_ret + 1) % slots;
  size_t at = put(e, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, action));
  e->rets[slot].used = true, e->rets[slot].action = action, e->rets[slot].at = at;
  return at;
}

/* ── argument checks ─────────────────────────────────────────────────────── */

/* Code testing one condition, continuing at `pass` or `fail`; returns its
 * first instruction. On 32-bit ABIs only the low halves are compared (the
 * kernel's high halves of compat arguments are not the caller's). */
static size_t arg_check(emitter_t *e, const orc_seccomp_arg_t *a, bool abi32, size_t pass, size_t fail) {
  uint32_t lo = (uint32_t)offsetof(struct seccomp_data, args[a->index]) + LO_HALF;
  uint32_t hi = (uint32_t)offsetof(struct seccomp_data, args[a->index]) + HI_HALF;
  uint32_t vlo = (uint32_t)a->value, vhi = (uint32_t)(a->value >> 32);
  /* NE, LT and LE are EQ, GE and GT with the outcomes swapped. */
  int op = a->op == ORC_CMP_NE ? ORC_CMP_EQ : a->op == ORC_CMP_LT ? ORC_CMP_GE : a->op == ORC_CMP_LE ? ORC_CMP_GT : a->op;
  if (op != a->op) {
    size_t t = pass;
    pass = fail, fail = t;
  }
  size_t l;
  if (op == ORC_CMP_EQ) {
    l = jump(e, BPF_JEQ, vlo, pass, fail);
    l = load(e, lo);
    if (abi32) return l;
    jump(e, BPF_JEQ, vhi, l, fail);
    return load(e, hi);
  }
  if (op == ORC_CMP_GE || op == ORC_CMP_GT) {
    l = jump(e, op == ORC_CMP_GE ? BPF_JGE : BPF_JGT, vlo, pass, fail);
    l = load(e, lo);
    if (abi32) return l;
    l = jump(e, BPF_JEQ, vhi, l, fail); /* high halves equal: the low ones decide */
    jump(e, BPF_JGT, vhi, pass, l);     /* high half above: decided */
    return load(e, hi);
  }
  /* MASKED_EQ: value is the mask, value_two the expected bits. */
  uint32_t dlo = (uint32_t)a->value_two, dhi = (uint32_t)(a->value_two >> 32);
  jump(e, BPF_JEQ, dlo, pass, fail);
  put(e, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, vlo));
  l = load(e, lo);
  if (abi32) return l;
  jump(e, BPF_JEQ, dhi, l, fail);
  put(e, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, vhi));
  return load(e, hi);
}

/* ── sections: one ABI's syscalls ───────────────────────────────────────── */

typedef struct {
  uint32_t nr;
  size_t rule;   /* index in sc->rules */
} hit_t;

typedef struct {
  uint32_t nr;
  bool plain;     /* no argument checks: `action` directly */
  uint32_t action;
  size_t target;  /* else: the first check */
} group_t;

static int by_nr_then_rule(const void *a, const void *b) {
  const hit_t *x = a, *y = b;
  if (x->nr != y->nr) return x->nr < y->nr ? -1 : 1;
  return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* The rules of one syscall, in profile order: conditional rules are tried
 * first, then the first unconditional one, else the default action. */
static void emit_group(emitter_t *e, const orc_seccomp_t *sc, const hit_t *hits, size_t n, bool abi32, group_t *g) {
  uint32_t fallback = sc->default_action;
  bool conditional = false;
  for (size_t i = 0; i < n; i++) {
    const struct orc_seccomp_rule *r = &sc->rules[hits[i].rule];
    if (r->n_args) conditional = true;
  }
  for (size_t i = 0; i < n; i++)
    if (!sc->rules[hits[i].rule].n_args) { fallback = sc->rules[hits[i].rule].action; break; }
  g->nr = hits[0].nr, g->plain = !conditional, g->action = fallback;
  if (!conditional) return;
  size_t next = ret(e, fallback);
  for (size_t i = n; i-- > 0;) {
    const struct orc_seccomp_rule *r = &sc->rules[hits[i].rule];
    if (!r->n_args) continue;
    size_t start = ret(e, r->action);
    for (size_t a = r->n_args; a-- > 0;) start = arg_check(e, &r->args[a], abi32, start, next);
    next = start;
  }
  g->target = next;
}

static size_t tree(emitter_t *e, const orc_seccomp_t *sc, const group_t *g, size_t lo, size_t hi) {
  if (hi - lo <= 3) {
    size_t l = ret(e, sc->default_action);
    for (size_t k = hi; k-- > lo;) l = jump(e, BPF_JEQ, g[k].nr, g[k].plain ? ret(e, g[k].action) : g[k].target, l);
    return l;
  }
  size_t mid = lo + (hi - lo) / 2;
  size_t right = tree(e, sc, g, mid, hi);
  size_t left = tree(e, sc, g, lo, mid);
  return jump(e, BPF_JGE, g[mid].nr, right, left);
}

/* The code for one ABI, entered with the syscall number in A. */
static int section(emitter_t *e, const orc_seccomp_t *sc, unsigned abi, size_t *label, orc_error_t *err) {
  bool abi32 = abi == ORC_ARCH_X86;
  cleanup_free hit_t *hits = calloc(sc->n_rules + 1, sizeof *hits);
  cleanup_free group_t *groups = calloc(sc->n_rules + 1, sizeof *groups);
  if (!hits || !groups) return orc_fail(err, ENOMEM, NULL, "compile seccomp filter");
  size_t n = 0, n_groups = 0;
  for (size_t i = 0; i < sc->n_rules; i++) {
    int nr = orc_syscall_nr(sc->rules[i].name, abi);
    if (nr >= 0) hits[n++] = (hit_t){(uint32_t)nr, i};
  }
  qsort(hits, n, sizeof *hits, by_nr_then_rule);
  for (size_t i = 0, j; i < n; i = j) {
    for (j = i; j < n && hits[j].nr == hits[i].nr; j++) {
    }
    emit_group(e, sc, hits + i, j - i, abi32, &groups[n_groups++]);
  }
  *label = n_groups ? tree(e, sc, groups, 0, n_groups) : ret(e, sc->default_action);
  return 0;
}

int orc_seccomp_compile(const orc_seccomp_t *sc, struct sock_filter **prog, size_t *len, orc_error_t *err) {
  emitter_t e = {0};
  unsigned arches = sc->arches ? sc->arches : NATIVE_ARCH;
  struct { uint32_t audit; size_t label; } dispatch[2];
  size_t n_dispatch = 0;
  size_t bad = ret(&e, SECCOMP_RET_KILL_PROCESS);
  int rc = 0;
#if defined(__x86_64__)
  if (arches & (ORC_ARCH_X86_64 | ORC_ARCH_X32)) {
    size_t x64 = bad, x32 = bad;
    if ((arches & ORC_ARCH_X86_64) && section(&e, sc, ORC_ARCH_X86_64, &x64, err) < 0) rc = -1;
    if (rc == 0 && (arches & ORC_ARCH_X32) && section(&e, sc, ORC_ARCH_X32, &x32, err) < 0) rc = -1;
    jump(&e, BPF_JGE, X32_SYSCALL_BIT, x32, x64);
    dispatch[n_dispatch++] = (typeof(dispatch[0])){AUDIT_ARCH_X86_64, load(&e, offsetof(struct seccomp_data, nr))};
  }
  if (rc == 0 && (arches & ORC_ARCH_X86)) {
    size_t l;
    if (section(&e, sc, ORC_ARCH_X86, &l, err) < 0) rc = -1;
    dispatch[n_dispatch++] = (typeof(dispatch[0])){AUDIT_ARCH_I386, load(&e, offsetof(struct seccomp_data, nr))};
  }
#elif defined(__aarch64__)
  if (arches & ORC_ARCH_AARCH64) {
    size_t l;
    if (section(&e, sc, ORC_ARCH_AARCH64, &l, err) < 0) rc = -1;
    dispatch[n_dispatch++] = (typeof(dispatch[0])){AUDIT_ARCH_AARCH64, load(&e, offsetof(struct seccomp_data, nr))};
  }
#endif
  size_t l = bad;
  for (size_t i = n_dispatch; i-- > 0;) l = jump(&e, BPF_JEQ, dispatch[i].audit, dispatch[i].label, l);
  load(&e, offsetof(struct seccomp_data, arch));
  if (rc == 0 && (e.failed || e.n > MAX_INSNS))
    rc = orc_fail(err, E2BIG, NULL, "seccomp filter of %zu instructions (the kernel takes %d)", e.n, MAX_INSNS);
  if (rc < 0) {
    free(e.ins);
    return -1;
  }
  for (size_t i = 0; i < e.n / 2; i++) {
    struct sock_filter t = e.ins[i];
    e.ins[i] = e.ins[e.n - 1 - i], e.ins[e.n - 1 - i] = t;
  }
  *prog = e.ins, *len = e.n;
  return 0;
}

/* ── checking and running programs (the cache's validation, orc-check) ──── */

/* Whether `prog` holds only the instructions the compiler emits, every jump
 * lands inside it and it cannot run off its end. */
static bool well_formed(const struct sock_filter *prog, size_t len) {
  if (len == 0 || len > MAX_INSNS) return false;
  for (size_t pc = 0; pc < len; pc++) {
    const struct sock_filter *f = &prog[pc];
    switch (f->code) {
      case BPF_LD | BPF_W | BPF_ABS:
        if (f->k % 4 || f->k >= sizeof(struct seccomp_data)) return false;
        break;
      case BPF_ALU | BPF_AND | BPF_K:
      case BPF_RET | BPF_K:
        break;
      case BPF_JMP | BPF_JA | BPF_K:
        if (f->k >= len - pc - 1) return false;
        break;
      case BPF_JMP | BPF_JEQ | BPF_K:
      case BPF_JMP | BPF_JGT | BPF_K:
      case BPF_JMP | BPF_JGE | BPF_K:
        if ((size_t)f->jt >= len - pc - 1 || (size_t)f->jf >= len - pc - 1) return false;
        break;
      default:
        return false;
    }
  }
  return BPF_CLASS(prog[len - 1].code) == BPF_RET;
}

uint32_t orc_bpf_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *data) {
  uint32_t a = 0;
  if (!well_formed(prog, len)) return SECCOMP_RET_KILL_PROCESS;
  for (size_t pc = 0; pc < len;) {
    const struct sock_filter *f = &prog[pc];
    switch (f->code) {
      case BPF_LD | BPF_W | BPF_ABS: memcpy(&a, (const char *)data + f->k, 4), pc++; break;
      case BPF_ALU | BPF_AND | BPF_K: a &= f->k, pc++; break;
      case BPF_JMP | BPF_JA | BPF_K: pc += 1 + f->k; break;
      case BPF_JMP | BPF_JEQ | BPF_K: pc += 1 + (a == f->k ? f->jt : f->jf); break;
      case BPF_JMP | BPF_JGT | BPF_K: pc += 1 + (a > f->k ? f->jt : f->jf); break;
      case BPF_JMP | BPF_JGE | BPF_K: pc += 1 + (a >= f->k ? f->jt : f->jf); break;
      case BPF_RET | BPF_K: return f->k;
    }
  }
  return SECCOMP_RET_KILL_PROCESS;
}

/* ── the cache ──────────────────────────────────────────────────────────── */

/* <cache>/<key>.bpf: this header, then `count` struct sock_filter. */
typedef struct {
  char magic[8];   /* "ORCBPF\0\1" */
  uint32_t count;
  uint32_t reserved;
  uint8_t key[32]; /* SHA-256 of the canonical profile */
  uint8_t sum[32]; /* SHA-256 of the instructions */
} cache_header_t;

static const char cache_magic[8] = {'O', 'R', 'C', 'B', 'P', 'F', 0, 1};

static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cleanup_free char *s = NULL;
  if (vasprintf(&s, fmt, ap) < 0) abort();
  va_end(ap);
  orc_json_append(buf, len, cap, s);
}

/* Everything the program depends on, one rule a line; names are length-prefixed. */
static void key_bytes(const orc_seccomp_t *sc, uint8_t key[32]) {
  char *buf = NULL;
  size_t len = 0, cap = 0;
  append(&buf, &len, &cap, "orc-seccomp %d %s\ndefault %x arches %x flags %x\n", COMPILER_VERSION, ARCH_NAME,
         sc->default_action, sc->arches, sc->flags);
  for (size_t i = 0; i < sc->n_rules; i++) {
    const struct orc_seccomp_rule *r = &sc->rules[i];
    append(&buf, &len, &cap, "%zu:%s %x", strlen(r->name), r->name, r->action);
    for (size_t a = 0; a < r->n_args; a++)
      append(&buf, &len, &cap, " %u:%d:%llx:%llx", r->args[a].index, r->args[a].op,
             (unsigned long long)r->args[a].value, (unsigned long long)r->args[a].value_two);
    append(&buf, &len, &cap, "\n");
  }
  orc_sha256(buf, len, key);
  free(buf);
}

void orc_seccomp_key(const orc_seccomp_t *sc, char hex[65]) {
  uint8_t key[32];
  key_bytes(sc, key);
  for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", key[i]);
}

static bool load_cached(const char *path, const uint8_t key[32], struct sock_filter **prog, size_t *len) {
  cleanup_free char *data = NULL;
  size_t size;
  orc_error_t ignored;
  cache_header_t h;
  if (orc_read_file(path, &data, &size, &ignored) < 0 || size < sizeof h) return false;
  memcpy(&h, data, sizeof h);
  if (memcmp(h.magic, cache_magic, sizeof h.magic) || memcmp(h.key, key, 32) || h.count == 0 || h.count > MAX_INSNS ||
      size != sizeof h + (size_t)h.count * sizeof(struct sock_filter))
    return false;
  uint8_t sum[32];
  orc_sha256(data + sizeof h, size - sizeof h, sum);
  if (memcmp(sum, h.sum, 32)) return false;
  struct sock_filter *p = malloc(size - sizeof h);
  if (!p) return false;
  memcpy(p, data + sizeof h, size - sizeof h);
  if (!well_formed(p, h.count)) {
    free(p);
    return false;
  }
  *prog = p, *len = h.count;
  return true;
}

/* Written under a name of its own, then renamed: concurrent creators of
 * the same profile each publish a whole file. */
static void store(const char *dir, const char *path, const uint8_t key[32], const struct sock_filter *prog, size_t len) {
  orc_error_t ignored;
  if (orc_mkdir_p(dir, 0700, &ignored) < 0) return;
  size_t body = len * sizeof *prog;
  cleanup_free char *data = malloc(sizeof(cache_header_t) + body);
  if (!data) return;
  cache_header_t h = {.count = (uint32_t)len};
  memcpy(h.magic, cache_magic, sizeof h.magic);
  memcpy(h.key, key, 32);
  orc_sha256(prog, body, h.sum);
  memcpy(data, &h, sizeof h);
  memcpy(data + sizeof h, prog, body);
  cleanup_free char *tmp = orc_strdup_printf("%s.%d.tmp", path, (int)getpid());
  cleanup_close int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  size_t total = sizeof h + body, done = 0;
  while (done < total) {
    ssize_t n = write(fd, data + done, total - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += (size_t)n;
  }
  if (done != total || fsync(fd) < 0 || rename(tmp, path) < 0) unlink(tmp);
}

int orc_seccomp_load_or_compile(orc_seccomp_t *sc, const char *cache_dir, orc_error_t *err) {
  struct sock_filter *prog = NULL;
  size_t len = 0;
  uint8_t key[32];
  char hex[65];
  cleanup_free char *path = NULL;
  free(sc->prog);
  sc->prog = NULL, sc->prog_len = 0, sc->from_cache = false;
  if (cache_dir) {
    key_bytes(sc, key);
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", key[i]);
    path = orc_strdup_printf("%s/%s.bpf", cache_dir, hex);
    if (load_cached(path, key, &prog, &len)) {
      sc->prog = prog, sc->prog_len = len, sc->from_cache = true;
      return 0;
    }
  }
  if (orc_seccomp_compile(sc, &prog, &len, err) < 0) return -1;
  if (cache_dir) store(cache_dir, path, key, prog, len);
  sc->prog = prog, sc->prog_len = len;
  return 0;
}

int orc_seccomp_prepare(orc_seccomp_t *sc, const char *root, orc_error_t *err) {
  if (!sc->present) return 0;
  /* "@" is outside the container-id alphabet: no container can own this name. */
  cleanup_free char *dir = orc_strdup_printf("%s/@seccomp-cache", root);
  return orc_seccomp_load_or_compile(sc, dir, err);
}

int orc_seccomp_apply(const orc_seccomp_t *sc, orc_error_t *err) {
  if (!sc->present) return 0;
  cleanup_free struct sock_filter *compiled = NULL;
  struct sock_fprog fprog = {.len = (unsigned short)sc->prog_len, .filter = sc->prog};
  size_t len;
  if (!sc->prog) { /* not prepared by the parent: compile here, uncached */
    if (orc_seccomp_compile(sc, &compiled, &len, err) < 0) return -1;
    fprog = (struct sock_fprog){.len = (unsigned short)len, .filter = compiled};
  }
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, sc->flags, &fprog) < 0)
    return orc_fail(err, errno, NULL, "seccomp(SECCOMP_SET_MODE_FILTER)");
  return 0;
}
