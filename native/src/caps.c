/* Capabilities with the raw syscalls (no libcap): bounding set via prctl,
 * effective/permitted/inheritable via capset, ambient via prctl. */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "runtime.h"

static const char *const cap_names[] = {
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
    "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
    "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
    "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
    "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};
#define N_CAPS ((int)(sizeof cap_names / sizeof *cap_names))

int orc_cap_from_name(const char *name) {
  for (int i = 0; i < N_CAPS; i++)
    if (strcasecmp(name, cap_names[i]) == 0) return i;
  return -1;
}

/* The highest capability this kernel knows. */
static int last_cap(void) {
  static int cached = -1;
  if (cached < 0) {
    FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
    if (!f || fscanf(f, "%d", &cached) != 1) cached = CAP_LAST_CAP;
    if (f) fclose(f);
  }
  return cached;
}

int orc_caps_drop_bounding(uint64_t keep, orc_error_t *err) {
  for (int cap = 0; cap <= last_cap(); cap++) {
    if (keep & (1ULL << cap)) continue;
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
      return orc_fail(err, errno, cap < N_CAPS ? cap_names[cap] : "?", "drop from the bounding set");
  }
  return 0;
}

int orc_caps_set(uint64_t effective, uint64_t permitted, uint64_t inheritable, orc_error_t *err) {
  struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
  struct __user_cap_data_struct data[2];
  uint64_t known = last_cap() >= 63 ? ~0ULL : (1ULL << (last_cap() + 1)) - 1;
  effective &= known, permitted &= known, inheritable &= known;
  for (int i = 0; i < 2; i++) {
    data[i].effective = (uint32_t)(effective >> (32 * i));
    data[i].permitted = (uint32_t)(permitted >> (32 * i));
    data[i].inheritable = (uint32_t)(inheritable >> (32 * i));
  }
  if (syscall(SYS_capset, &hdr, data) < 0) return orc_fail(err, errno, NULL, "capset");
  return 0;
}

int orc_caps_set_ambient(uint64_t ambient, orc_error_t *err) {
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
    return orc_fail(err, errno, NULL, "clear ambient capabilities");
  for (int cap = 0; cap <= last_cap(); cap++) {
    if (!(ambient & (1ULL << cap))) continue;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
      return orc_fail(err, errno, cap < N_CAPS ? cap_names[cap] : "?", "raise ambient capability");
  }
  return 0;
}
