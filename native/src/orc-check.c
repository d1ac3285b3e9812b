/* orc-check: the runtime's pure parts, run on their own for tests and
 * measurements (no container is created).
 *
 *   orc-check seccomp-eval BUNDLE ABI SYSCALL [ARG...]
 *       the verdict of BUNDLE's compiled filter for one call: ABI is x86_64,
 *       x86 or x32, SYSCALL a name (that ABI's number) or a number; prints
 *       ALLOW, ERRNO <n>, KILL_PROCESS, KILL_THREAD, TRAP, LOG or TRACE <n>
 *   orc-check seccomp-stats BUNDLE CACHE_DIR [ROUNDS]
 *       JSON: instructions, mean compile and cached-load time (µs)
 *   orc-check cgroup-v2 BUNDLE
 *       the cgroup v2 files and values create would write, one "file value" a line */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime.h"
#include "seccomp.h"

static int usage(void) {
  fputs("usage: orc-check seccomp-eval BUNDLE ABI SYSCALL [ARG...] | seccomp-stats BUNDLE CACHE_DIR [ROUNDS] | cgroup-v2 BUNDLE\n",
        stderr);
  return 2;
}

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void print_verdict(uint32_t v) {
  uint32_t data = v & SECCOMP_RET_DATA;
  switch (v & SECCOMP_RET_ACTION_FULL) {
    case SECCOMP_RET_ALLOW: puts("ALLOW"); break;
    case SECCOMP_RET_ERRNO: printf("ERRNO %u\n", data); break;
    case SECCOMP_RET_KILL_PROCESS: puts("KILL_PROCESS"); break;
    case SECCOMP_RET_KILL_THREAD: puts("KILL_THREAD"); break;
    case SECCOMP_RET_TRAP: puts("TRAP"); break;
    case SECCOMP_RET_LOG: puts("LOG"); break;
    case SECCOMP_RET_TRACE: printf("TRACE %u\n", data); break;
    default: printf("0x%08x\n", v);
  }
}

static int eval_one(const struct sock_filter *prog, size_t len, int argc, char **argv, orc_error_t *err) {
  static const struct { const char *name; unsigned abi; uint32_t audit; } abis[] = {
      {"x86_64", ORC_ARCH_X86_64, AUDIT_ARCH_X86_64}, {"x86", ORC_ARCH_X86, AUDIT_ARCH_I386},
      {"x32", ORC_ARCH_X32, AUDIT_ARCH_X86_64}, {"aarch64", ORC_ARCH_AARCH64, AUDIT_ARCH_AARCH64},
  };
  if (argc < 2) return usage();
  struct seccomp_data d = {0};
  unsigned abi = 0;
  for (size_t i = 0; i < sizeof abis / sizeof *abis; i++)
    if (strcmp(argv[0], abis[i].name) == 0) abi = abis[i].abi, d.arch = abis[i].audit;
  if (!abi) return orc_fail(err, EINVAL, argv[0], "unknown ABI");
  char *end;
  long nr = strtol(argv[1], &end, 0);
  if (*end) nr = orc_syscall_nr(argv[1], abi);
  if (nr < 0) return orc_fail(err, ENOENT, argv[1], "no such syscall in %s:", argv[0]);
  d.nr = (int)nr;
  for (int i = 2; i < argc && i < 8; i++) d.args[i - 2] = strtoull(argv[i], NULL, 0);
  print_verdict(orc_bpf_run(prog, len, &d));
  return 0;
}

/* One call from the command line, or with "-" one call a line from stdin
 * ("ABI SYSCALL [ARG...]"), one verdict a line. */
static int seccomp_eval(const orc_spec_t *spec, int argc, char **argv, orc_error_t *err) {
  cleanup_free struct sock_filter *prog = NULL;
  size_t len;
  if (orc_seccomp_compile(&spec->seccomp, &prog, &len, err) < 0) return -1;
  if (!(argc == 1 && strcmp(argv[0], "-") == 0)) return eval_one(prog, len, argc, argv, err);
  char line[1024];
  while (fgets(line, sizeof line, stdin)) {
    char *words[10];
    int n = 0;
    for (char *save = NULL, *w = strtok_r(line, " \t\n", &save); w && n < 10; w = strtok_r(NULL, " \t\n", &save)) words[n++] = w;
    if (n && eval_one(prog, len, n, words, err) < 0) return -1;
  }
  return 0;
}

static int seccomp_stats(orc_spec_t *spec, const char *cache, int rounds, orc_error_t *err) {
  double t0 = now_us();
  size_t len = 0;
  for (int i = 0; i < rounds; i++)
    if (orc_seccomp_load_or_compile(&spec->seccomp, NULL, err) < 0) return -1;
  double compile = (now_us() - t0) / rounds;
  len = spec->seccomp.prog_len;
  if (orc_seccomp_load_or_compile(&spec->seccomp, cache, err) < 0) return -1; /* fills the cache */
  t0 = now_us();
  bool all_cached = true;
  for (int i = 0; i < rounds; i++) {
    if (orc_seccomp_load_or_compile(&spec->seccomp, cache, err) < 0) return -1;
    all_cached &= spec->seccomp.from_cache;
  }
  double cached = (now_us() - t0) / rounds;
  char key[65];
  t0 = now_us();
  for (int i = 0; i < rounds; i++) orc_seccomp_key(&spec->seccomp, key);
  double keying = (now_us() - t0) / rounds;
  printf("{\"instructions\":%zu,\"compileMicros\":%.1f,\"cachedMicros\":%.1f,\"keyMicros\":%.1f,\"fromCache\":%s,\"key\":\"%s\"}\n",
         len, compile, cached, keying, all_cached ? "true" : "false", key);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3) return usage();
  orc_spec_t spec;
  orc_error_t err = {0};
  cleanup_json orc_json_t *json = NULL;
  int rc;
  if (orc_spec_load(argv[2], &spec, &json, &err) < 0) {
    orc_error_print(&err);
    return 1;
  }
  if (strcmp(argv[1], "seccomp-eval") == 0) rc = seccomp_eval(&spec, argc - 3, argv + 3, &err);
  else if (strcmp(argv[1], "seccomp-stats") == 0 && argc >= 4)
    rc = seccomp_stats(&spec, argv[3], argc > 4 ? atoi(argv[4]) > 0 ? atoi(argv[4]) : 1 : 20, &err);
  else if (strcmp(argv[1], "cgroup-v2") == 0) rc = orc_cgroup_v2_print(&spec, stdout, &err);
  else rc = usage();
  orc_spec_free(&spec);
  if (rc < 0) orc_error_print(&err);
  return rc < 0 ? 1 : rc;
}
