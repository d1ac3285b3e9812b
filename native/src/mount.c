/* The container's filesystem: a private mount namespace, the rootfs bound
 * onto itself, the config's mounts, /dev, masked and read-only paths, then
 * pivot_root(".", ".") and the old root detached. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "runtime.h"

typedef struct {
  unsigned long flags;       /* MS_* for mount(2) */
  unsigned long propagation; /* MS_PRIVATE / MS_SHARED / ... (| MS_REC) */
  char data[1024];           /* options the filesystem itself parses */
} mount_options_t;

static const struct { const char *name; bool clear; unsigned long flag; } flag_options[] = {
    {"defaults", false, 0}, {"ro", false, MS_RDONLY}, {"rw", true, MS_RDONLY},
    {"nosuid", false, MS_NOSUID}, {"suid", true, MS_NOSUID}, {"nodev", false, MS_NODEV},
    {"dev", true, MS_NODEV}, {"noexec", false, MS_NOEXEC}, {"exec", true, MS_NOEXEC},
    {"sync", false, MS_SYNCHRONOUS}, {"async", true, MS_SYNCHRONOUS}, {"dirsync", false, MS_DIRSYNC},
    {"remount", false, MS_REMOUNT}, {"noatime", false, MS_NOATIME}, {"atime", true, MS_NOATIME},
    {"nodiratime", false, MS_NODIRATIME}, {"diratime", true, MS_NODIRATIME},
    {"relatime", false, MS_RELATIME}, {"norelatime", true, MS_RELATIME},
    {"strictatime", false, MS_STRICTATIME}, {"nostrictatime", true, MS_STRICTATIME},
    {"bind", false, MS_BIND}, {"rbind", false, MS_BIND | MS_REC},
};

static const struct { const char *name; unsigned long flag; } propagation_options[] = {
    {"private", MS_PRIVATE}, {"rprivate", MS_PRIVATE | MS_REC}, {"shared", MS_SHARED},
    {"rshared", MS_SHARED | MS_REC}, {"slave", MS_SLAVE}, {"rslave", MS_SLAVE | MS_REC},
    {"unbindable", MS_UNBINDABLE}, {"runbindable", MS_UNBINDABLE | MS_REC},
};

static void parse_options(const char *const *options, mount_options_t *out) {
  memset(out, 0, sizeof *out);
  for (size_t i = 0; options && options[i]; i++) {
    const char *o = options[i];
    bool known = false;
    for (size_t k = 0; !known && k < sizeof flag_options / sizeof *flag_options; k++) {
      if (strcmp(o, flag_options[k].name)) continue;
      known = true;
      if (flag_options[k].clear) out->flags &= ~flag_options[k].flag;
      else out->flags |= flag_options[k].flag;
    }
    for (size_t k = 0; !known && k < sizeof propagation_options / sizeof *propagation_options; k++)
      if (strcmp(o, propagation_options[k].name) == 0) known = true, out->propagation = propagation_options[k].flag;
    if (!known) {
      size_t used = strlen(out->data);
      snprintf(out->data + used, sizeof out->data - used, "%s%s", used ? "," : "", o);
    }
  }
}

/* statvfs flags -> the MS_* flags a bind remount must keep. */
static unsigned long locked_flags(const char *path) {
  struct statvfs st;
  unsigned long flags = 0;
  if (statvfs(path, &st) < 0) return 0;
  if (st.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (st.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (st.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (st.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (st.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (st.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  return flags;
}

static int remount_readonly(const char *path, orc_error_t *err) {
  if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(path), NULL) < 0)
    return orc_fail(err, errno, path, "remount read-only");
  return 0;
}

/* Mount points must not climb out of the rootfs by "..". (Symlinks inside
 * the rootfs are not yet resolved in the rootfs: see README.md.) */
static int container_path(const char *rootfs, const char *dest, char **out, orc_error_t *err) {
  for (const char *p = dest; (p = strstr(p, "..")); p += 2)
    if ((p == dest || p[-1] == '/') && (p[2] == '/' || p[2] == '\0'))
      return orc_fail(err, EINVAL, dest, "mount destination contains \"..\":");
  *out = orc_strdup_printf("%s%s", rootfs, dest);
  return 0;
}

static int make_mount_point(const char *target, bool file, orc_error_t *err) {
  struct stat st;
  if (lstat(target, &st) == 0) return 0;
  if (!file) return orc_mkdir_p(target, 0755, err);
  cleanup_free char *parent = strdup(target);
  char *slash = strrchr(parent, '/');
  if (slash && slash != parent) {
    *slash = '\0';
    if (orc_mkdir_p(parent, 0755, err) < 0) return -1;
  }
  cleanup_close int fd = open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) return orc_fail(err, errno, target, "create mount point");
  return 0;
}

static int do_mount(const char *rootfs, const orc_mount_t *m, orc_error_t *err) {
  mount_options_t opt;
  cleanup_free char *target = NULL;
  parse_options(m->options, &opt);
  if (container_path(rootfs, m->destination, &target, err) < 0) return -1;
  bool bind = (opt.flags & MS_BIND) || strcmp(m->type, "bind") == 0;
  struct stat st;
  bool file = bind && stat(m->source, &st) == 0 && !S_ISDIR(st.st_mode);
  if (make_mount_point(target, file, err) < 0) return -1;

  if (strcmp(m->type, "cgroup") == 0 || strcmp(m->type, "cgroup2") == 0)
    return orc_fail(err, ENOTSUP, m->destination, "cgroup mounts are not supported yet:");
  if (bind) {
    if (mount(m->source, target, NULL, MS_BIND | (opt.flags & MS_REC), NULL) < 0)
      return orc_fail(err, errno, m->source, "bind mount onto %s", m->destination);
    unsigned long extra = opt.flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
    if (extra && mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | extra | locked_flags(target), NULL) < 0)
      return orc_fail(err, errno, target, "remount bind mount");
  } else if (mount(m->source, target, m->type, opt.flags, opt.data[0] ? opt.data : NULL) < 0) {
    return orc_fail(err, errno, target, "mount %s", m->type);
  }
  if (opt.propagation && mount(NULL, target, NULL, opt.propagation, NULL) < 0)
    return orc_fail(err, errno, target, "set mount propagation");
  return 0;
}

static const struct { const char *name; unsigned major, minor; } devices[] = {
    {"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};

static const struct { const char *target, *name; } dev_links[] = {
    {"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
    {"/proc/self/fd/2", "stderr"}, {"pts/ptmx", "ptmx"}, {"/proc/kcore", "core"},
};

/* The standard devices in a fresh /dev: mknod, or a bind from the host's
 * /dev where mknod is not allowed. */
static int populate_dev(const char *rootfs, orc_error_t *err) {
  for (size_t i = 0; i < sizeof devices / sizeof *devices; i++) {
    cleanup_free char *path = orc_strdup_printf("%s/dev/%s", rootfs, devices[i].name);
    if (mknod(path, S_IFCHR | 0666, makedev(devices[i].major, devices[i].minor)) == 0) continue;
    if (errno == EEXIST) continue;
    cleanup_free char *host = orc_strdup_printf("/dev/%s", devices[i].name);
    if (make_mount_point(path, true, err) < 0) return -1;
    if (mount(host, path, NULL, MS_BIND, NULL) < 0) return orc_fail(err, errno, path, "bind device");
  }
  for (size_t i = 0; i < sizeof dev_links / sizeof *dev_links; i++) {
    cleanup_free char *path = orc_strdup_printf("%s/dev/%s", rootfs, dev_links[i].name);
    if (symlink(dev_links[i].target, path) < 0 && errno != EEXIST) return orc_fail(err, errno, path, "symlink");
  }
  return 0;
}

static int mask_paths(const char *rootfs, const char *const *paths, orc_error_t *err) {
  cleanup_free char *devnull = orc_strdup_printf("%s/dev/null", rootfs);
  struct stat st;
  const char *null_source = stat(devnull, &st) == 0 && S_ISCHR(st.st_mode) ? devnull : "/dev/null";
  for (size_t i = 0; paths[i]; i++) {
    cleanup_free char *target = NULL;
    if (container_path(rootfs, paths[i], &target, err) < 0) return -1;
    if (stat(target, &st) < 0) {
      if (errno == ENOENT) continue;
      return orc_fail(err, errno, target, "stat masked path");
    }
    if (S_ISDIR(st.st_mode)) {
      if (mount("tmpfs", target, "tmpfs", MS_RDONLY, "size=0") < 0) return orc_fail(err, errno, target, "mask");
    } else if (mount(null_source, target, NULL, MS_BIND, NULL) < 0) {
      return orc_fail(err, errno, target, "mask");
    }
  }
  return 0;
}

static int readonly_paths(const char *rootfs, const char *const *paths, orc_error_t *err) {
  for (size_t i = 0; paths[i]; i++) {
    cleanup_free char *target = NULL;
    if (container_path(rootfs, paths[i], &target, err) < 0) return -1;
    if (mount(target, target, NULL, MS_BIND | MS_REC, NULL) < 0) {
      if (errno == ENOENT) continue;
      return orc_fail(err, errno, target, "bind read-only path");
    }
    if (remount_readonly(target, err) < 0) return -1;
  }
  return 0;
}

static int pivot(const char *rootfs, orc_error_t *err) {
  cleanup_close int newroot = open(rootfs, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (newroot < 0) return orc_fail(err, errno, rootfs, "open rootfs");
  if (fchdir(newroot) < 0) return orc_fail(err, errno, rootfs, "chdir");
  if (syscall(SYS_pivot_root, ".", ".") < 0) return orc_fail(err, errno, rootfs, "pivot_root");
  /* The old root is now stacked under ".": keep its unmount from
   * propagating anywhere, then detach it. */
  if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0) return orc_fail(err, errno, "/", "make old root slave");
  if (umount2(".", MNT_DETACH) < 0) return orc_fail(err, errno, "/", "detach old root");
  if (chdir("/") < 0) return orc_fail(err, errno, "/", "chdir");
  return 0;
}

int orc_mount_rootfs(const orc_spec_t *spec, orc_error_t *err) {
  const char *rootfs = spec->root_path;
  bool has_dev = false;
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) return orc_fail(err, errno, "/", "make private");
  if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) return orc_fail(err, errno, rootfs, "bind rootfs");
  for (size_t i = 0; i < spec->n_mounts; i++) {
    if (do_mount(rootfs, &spec->mounts[i], err) < 0) return -1;
    if (strcmp(spec->mounts[i].destination, "/dev") == 0) has_dev = true;
  }
  if (has_dev && populate_dev(rootfs, err) < 0) return -1;
  if (mask_paths(rootfs, spec->masked_paths, err) < 0) return -1;
  if (readonly_paths(rootfs, spec->readonly_paths, err) < 0) return -1;
  if (pivot(rootfs, err) < 0) return -1;
  if (spec->root_readonly && remount_readonly("/", err) < 0) return -1;
  return 0;
}
