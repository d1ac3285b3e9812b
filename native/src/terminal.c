/* process.terminal, as runc: the process gets a new pty from the container's
 * own devpts (/dev/ptmx once inside its mount namespace), the slave as its
 * controlling terminal on 0, 1 and 2, and the master is handed to whoever
 * listens on --console-socket (SCM_RIGHTS; the pty's name as the payload). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>

#include "runtime.h"

int orc_terminal_check(bool terminal, const char *console_socket, orc_error_t *err) {
  if (terminal && !console_socket)
    return orc_fail(err, EINVAL, NULL, "process.terminal is true: a pty needs --console-socket to send its master to");
  if (!terminal && console_socket)
    return orc_fail(err, EINVAL, console_socket, "--console-socket given but process.terminal is false:");
  return 0;
}

/* Connected on the host side, before the process leaves its mount namespace. */
int orc_terminal_connect(const char *path, orc_error_t *err) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) return orc_fail(err, ENAMETOOLONG, path, "console socket");
  strcpy(addr.sun_path, path);
  cleanup_close int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return orc_fail(err, errno, NULL, "socket");
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) return orc_fail(err, errno, path, "connect to console socket");
  return orc_steal_fd(fd);
}

static int send_fd(int sock, int fd, const char *name, orc_error_t *err) {
  union {
    struct cmsghdr header;
    char buf[CMSG_SPACE(sizeof(int))];
  } control;
  memset(&control, 0, sizeof control);
  struct iovec iov = {.iov_base = (void *)name, .iov_len = strlen(name)};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof fd);
  ssize_t n;
  do n = sendmsg(sock, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0) return orc_fail(err, errno, NULL, "send the pty master over the console socket");
  return 0;
}

/* In the container, a session leader without a terminal yet (after setsid). */
int orc_terminal_setup(int console, const orc_process_t *p, orc_error_t *err) {
  cleanup_close int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) return orc_fail(err, errno, "/dev/ptmx", "open");
  if (unlockpt(master) < 0) return orc_fail(err, errno, "/dev/ptmx", "unlockpt");
  char name[64];
  int e = ptsname_r(master, name, sizeof name);
  if (e) return orc_fail(err, e, "/dev/ptmx", "ptsname");
  cleanup_close int slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) return orc_fail(err, errno, name, "open pty");
  if (fchown(slave, p->uid, p->gid) < 0) return orc_fail(err, errno, name, "chown pty");
  if (ioctl(slave, TIOCSCTTY, 0) < 0) return orc_fail(err, errno, name, "make controlling terminal");
  for (int fd = 0; fd < 3; fd++)
    if (dup2(slave, fd) < 0) return orc_fail(err, errno, name, "dup2 onto %d", fd);
  return send_fd(console, master, name, err);
}
