/* Seccomp internals shared by seccomp.c, sha256.c and the orc-check tool:
 * the compiler from orc_seccomp_t to classic BPF, the cache, an interpreter
 * of the programs it emits (for tests), and SHA-256. */
#ifndef ORC_SECCOMP_H
#define ORC_SECCOMP_H

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>

#include "spec.h"

/* Compiles `sc` into a new program (*prog, *len instructions). */
int orc_seccomp_compile(const orc_seccomp_t *sc, struct sock_filter **prog, size_t *len, orc_error_t *err);

/* The cache key: SHA-256 of a canonical text of `sc` (and of the compiler's
 * version), as 64 hex digits + NUL. */
void orc_seccomp_key(const orc_seccomp_t *sc, char hex[65]);

/* Sets sc->prog from <cache_dir>/<key>.bpf when it is there and intact, else
 * compiles and stores it there (atomically; a failure to store is not an
 * error). cache_dir NULL: compile only. */
int orc_seccomp_load_or_compile(orc_seccomp_t *sc, const char *cache_dir, orc_error_t *err);

/* Runs a program of the kind the compiler emits on `data`; returns the
 * SECCOMP_RET_* verdict (SECCOMP_RET_KILL_PROCESS for a malformed program). */
uint32_t orc_bpf_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *data);

/* Syscall name -> number in one ABI (ORC_ARCH_*), -1 when that ABI lacks it. */
int orc_syscall_nr(const char *name, unsigned arch);

void orc_sha256(const void *data, size_t len, uint8_t out[32]);

#endif
