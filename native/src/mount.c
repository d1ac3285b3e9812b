/* The container's filesystem: a private mount namespace, the rootfs bound
 * onto itself, the config's mounts, /dev, masked and read-only paths, then
 * pivot_root(".", ".") and the old root detached. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <linux/openat2.h>
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

/* ── paths inside the rootfs ─────────────────────────────────────────────
 * A destination is resolved as if the rootfs were "/": symlinks (absolute or
 * with "..") never lead out of it, magic links are refused. openat2 with
 * RESOLVE_IN_ROOT does this in the kernel; without openat2 (ENOSYS), and to
 * create what is missing, a walk one component at a time does the same:
 * each component opened O_PATH|O_NOFOLLOW under its parent's fd, symlinks
 * read and their text resolved again from the rootfs, ".." never above it.
 * Mounts then go onto the resulting fd through /proc/self/fd/N. */

enum { NO_CREATE, CREATE_DIR, CREATE_FILE };

#define MAX_SYMLINKS 40
#define MAX_DEPTH 256

static int open_beneath(int rootfd, const char *path) {
  while (*path == '/') path++;
  struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
  return (int)syscall(SYS_openat2, rootfd, *path ? path : ".", &how, sizeof how);
}

typedef struct {
  int fds[MAX_DEPTH]; /* fds[0] is the rootfs; fds[n-1] the current directory */
  size_t n;
} walk_t;

static void walk_reset(walk_t *w) {
  while (w->n > 1) close(w->fds[--w->n]);
}

/* The walk: `todo` holds the components still to resolve (a symlink's text
 * is put in front of the rest). */
static int walk_beneath(int rootfd, const char *path, int create, int *out, orc_error_t *err) {
  walk_t w = {.fds = {rootfd}, .n = 1};
  cleanup_free char *todo = strdup(path);
  int links = 0, rc = -1;
  if (!todo) return orc_fail(err, ENOMEM, path, "resolve");
  for (;;) {
    char *p = todo;
    while (*p == '/') p++;
    if (!*p) break;
    char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    char comp[NAME_MAX + 1];
    if (len > NAME_MAX) { orc_fail(err, ENAMETOOLONG, path, "resolve"); goto out; }
    memcpy(comp, p, len), comp[len] = '\0';
    memmove(todo, p + len, strlen(p + len) + 1);
    bool last = todo[strspn(todo, "/")] == '\0';
    if (strcmp(comp, ".") == 0) continue;
    if (strcmp(comp, "..") == 0) {
      if (w.n > 1) close(w.fds[--w.n]);
      continue;
    }
    int dir = w.fds[w.n - 1];
    int fd = openat(dir, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create != NO_CREATE) {
      if (last && create == CREATE_FILE) {
        int f = openat(dir, comp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (f >= 0) close(f);
        else if (errno != EEXIST) { orc_fail(err, errno, path, "create mount point %s in", comp); goto out; }
      } else if (mkdirat(dir, comp, 0755) < 0 && errno != EEXIST) {
        orc_fail(err, errno, path, "create directory %s for", comp);
        goto out;
      }
      fd = openat(dir, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    }
    if (fd < 0) { orc_fail(err, errno, path, "resolve %s in", comp); goto out; }
    struct stat st;
    if (fstat(fd, &st) < 0) { orc_fail(err, errno, path, "stat %s in", comp); close(fd); goto out; }
    if (S_ISLNK(st.st_mode)) {
      char target[PATH_MAX];
      ssize_t n = readlinkat(fd, "", target, sizeof target - 1);
      close(fd);
      if (n < 0) { orc_fail(err, errno, path, "readlink %s in", comp); goto out; }
      if (++links > MAX_SYMLINKS) { orc_fail(err, ELOOP, path, "resolve"); goto out; }
      target[n] = '\0';
      if (target[0] == '/') walk_reset(&w);
      cleanup_free char *joined = orc_strdup_printf("%s/%s", target, todo);
      free(todo);
      todo = orc_steal_ptr(joined);
      continue;
    }
    if (!last && !S_ISDIR(st.st_mode)) { orc_fail(err, ENOTDIR, path, "resolve %s in", comp); close(fd); goto out; }
    if (w.n == MAX_DEPTH) { orc_fail(err, ENAMETOOLONG, path, "resolve"); close(fd); goto out; }
    w.fds[w.n++] = fd;
  }
  if (w.n > 1) *out = w.fds[--w.n];
  else if ((*out = openat(rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) { orc_fail(err, errno, path, "reopen rootfs"); goto out; }
  rc = 0;
out:
  walk_reset(&w);
  return rc;
}

/* An O_PATH fd of `dest` resolved inside the rootfs (rootfd), creating the
 * missing directories (and the last component as a file with CREATE_FILE). */
static int resolve_in_root(int rootfd, const char *dest, int create, int *out, orc_error_t *err) {
  for (const char *p = dest; (p = strstr(p, "..")); p += 2)
    if ((p == dest || p[-1] == '/') && (p[2] == '/' || p[2] == '\0'))
      return orc_fail(err, EINVAL, dest, "mount destination contains \"..\":");
  int fd = open_beneath(rootfd, dest);
  if (fd >= 0) {
    *out = fd;
    return 0;
  }
  if (errno == ENOSYS || errno == EPERM /* openat2 filtered */ || (errno == ENOENT && create != NO_CREATE))
    return walk_beneath(rootfd, dest, create, out, err);
  return orc_fail(err, errno, dest, "resolve in the rootfs");
}

static void fd_path(int fd, char buf[64]) { snprintf(buf, 64, "/proc/self/fd/%d", fd); }

/* statfs flags -> the MS_* flags a bind remount must keep. */
static unsigned long locked_flags_fd(int fd) {
  char path[64];
  fd_path(fd, path);
  return locked_flags(path);
}

/* After a mount onto /proc/self/fd/N, N still names what is beneath: the
 * new mount is reached by resolving the destination again. */
static int reopen(int rootfd, const char *dest, int *fd, orc_error_t *err) {
  int again;
  if (resolve_in_root(rootfd, dest, NO_CREATE, &again, err) < 0) return -1;
  close(*fd);
  *fd = again;
  return 0;
}

static int do_mount(int rootfd, const orc_mount_t *m, orc_error_t *err) {
  mount_options_t opt;
  parse_options(m->options, &opt);
  if (strcmp(m->type, "cgroup") == 0 || strcmp(m->type, "cgroup2") == 0)
    return orc_fail(err, ENOTSUP, m->destination, "cgroup mounts are not supported yet:");
  bool bind = (opt.flags & MS_BIND) || strcmp(m->type, "bind") == 0;
  struct stat st;
  bool file = bind && stat(m->source, &st) == 0 && !S_ISDIR(st.st_mode);
  cleanup_close int fd = -1;
  char target[64];
  if (resolve_in_root(rootfd, m->destination, file ? CREATE_FILE : CREATE_DIR, &fd, err) < 0) return -1;
  fd_path(fd, target);
  if (bind) {
    if (mount(m->source, target, NULL, MS_BIND | (opt.flags & MS_REC), NULL) < 0)
      return orc_fail(err, errno, m->source, "bind mount onto %s", m->destination);
  } else if (mount(m->source, target, m->type, opt.flags, opt.data[0] ? opt.data : NULL) < 0) {
    return orc_fail(err, errno, m->destination, "mount %s on", m->type);
  }
  unsigned long extra = bind ? opt.flags & ~(MS_BIND | MS_REC | MS_REMOUNT) : 0;
  if (!extra && !opt.propagation) return 0;
  if (reopen(rootfd, m->destination, &fd, err) < 0) return -1;
  fd_path(fd, target);
  if (extra && mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | extra | locked_flags_fd(fd), NULL) < 0)
    return orc_fail(err, errno, m->destination, "remount bind mount");
  if (opt.propagation && mount(NULL, target, NULL, opt.propagation, NULL) < 0)
    return orc_fail(err, errno, m->destination, "set mount propagation of");
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
 * /dev where mknod is not allowed; all relative to /dev's fd. */
static int populate_dev(int rootfd, orc_error_t *err) {
  cleanup_close int dev = -1, devdir = -1;
  char path[64];
  if (resolve_in_root(rootfd, "/dev", NO_CREATE, &dev, err) < 0) return -1;
  fd_path(dev, path);
  devdir = open(path, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (devdir < 0) return orc_fail(err, errno, "/dev", "open");
  for (size_t i = 0; i < sizeof devices / sizeof *devices; i++) {
    const char *name = devices[i].name;
    if (mknodat(devdir, name, S_IFCHR | 0666, makedev(devices[i].major, devices[i].minor)) == 0 || errno == EEXIST) continue;
    cleanup_free char *host = orc_strdup_printf("/dev/%s", name);
    cleanup_free char *dest = orc_strdup_printf("/dev/%s", name);
    cleanup_close int node = -1;
    char target[64];
    if (resolve_in_root(rootfd, dest, CREATE_FILE, &node, err) < 0) return -1;
    fd_path(node, target);
    if (mount(host, target, NULL, MS_BIND, NULL) < 0) return orc_fail(err, errno, dest, "bind device");
  }
  for (size_t i = 0; i < sizeof dev_links / sizeof *dev_links; i++)
    if (symlinkat(dev_links[i].target, devdir, dev_links[i].name) < 0 && errno != EEXIST)
      return orc_fail(err, errno, dev_links[i].name, "symlink /dev/");
  return 0;
}

static int mask_paths(int rootfd, const char *const *paths, orc_error_t *err) {
  cleanup_close int null = -1;
  char null_source[64] = "/dev/null";
  struct stat st;
  if (resolve_in_root(rootfd, "/dev/null", NO_CREATE, &null, err) == 0 && fstat(null, &st) == 0 && S_ISCHR(st.st_mode))
    fd_path(null, null_source);
  for (size_t i = 0; paths[i]; i++) {
    cleanup_close int fd = -1;
    char target[64];
    if (resolve_in_root(rootfd, paths[i], NO_CREATE, &fd, err) < 0) {
      if (err->errnum == ENOENT) continue;
      return -1;
    }
    if (fstat(fd, &st) < 0) return orc_fail(err, errno, paths[i], "stat masked path");
    fd_path(fd, target);
    if (S_ISDIR(st.st_mode)) {
      if (mount("tmpfs", target, "tmpfs", MS_RDONLY, "size=0") < 0) return orc_fail(err, errno, paths[i], "mask");
    } else if (mount(null_source, target, NULL, MS_BIND, NULL) < 0) {
      return orc_fail(err, errno, paths[i], "mask");
    }
  }
  return 0;
}

static int readonly_paths(int rootfd, const char *const *paths, orc_error_t *err) {
  for (size_t i = 0; paths[i]; i++) {
    cleanup_close int fd = -1;
    char target[64];
    if (resolve_in_root(rootfd, paths[i], NO_CREATE, &fd, err) < 0) {
      if (err->errnum == ENOENT) continue;
      return -1;
    }
    fd_path(fd, target);
    if (mount(target, target, NULL, MS_BIND | MS_REC, NULL) < 0) return orc_fail(err, errno, paths[i], "bind read-only path");
    if (reopen(rootfd, paths[i], &fd, err) < 0) return -1;
    fd_path(fd, target);
    if (mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags_fd(fd), NULL) < 0)
      return orc_fail(err, errno, paths[i], "remount read-only");
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
  cleanup_close int rootfd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC); /* the bind mount just made */
  if (rootfd < 0) return orc_fail(err, errno, rootfs, "open rootfs");
  for (size_t i = 0; i < spec->n_mounts; i++) {
    if (do_mount(rootfd, &spec->mounts[i], err) < 0) return -1;
    if (strcmp(spec->mounts[i].destination, "/dev") == 0) has_dev = true;
  }
  if (has_dev && populate_dev(rootfd, err) < 0) return -1;
  if (mask_paths(rootfd, spec->masked_paths, err) < 0) return -1;
  if (readonly_paths(rootfd, spec->readonly_paths, err) < 0) return -1;
  if (pivot(rootfs, err) < 0) return -1;
  if (spec->root_readonly && remount_readonly("/", err) < 0) return -1;
  return 0;
}
