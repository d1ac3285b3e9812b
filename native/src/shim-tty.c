/* The console socket (OCI runtime `--console-socket`): when process.terminal
 * is true, the runtime creates the pty inside the container, connects to
 * this socket and sends the master over SCM_RIGHTS (with the pty's name as
 * the message, which is ignored here). The shim then reads the container's
 * output from the master and writes its stdin there. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>

#include "shim.h"

int shim_console_listen(const char *path, orc_error_t *err) {
  return orc_unix_listen(path, 1, "console socket", err);
}

/* Waits for `events` on fd for at most ms; false on timeout. */
static bool wait_for(int fd, short events, int ms) {
  struct pollfd p = {.fd = fd, .events = events};
  int r;
  while ((r = poll(&p, 1, ms)) < 0 && errno == EINTR) {
  }
  return r > 0;
}

int shim_console_receive(int listen_fd, int ms, orc_error_t *err) {
  if (!wait_for(listen_fd, POLLIN, ms)) return orc_fail(err, ETIMEDOUT, NULL, "the runtime sent no pty master:");
  cleanup_close int conn = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
  if (conn < 0) return orc_fail(err, errno, NULL, "accept on the console socket");
  if (!wait_for(conn, POLLIN, ms)) return orc_fail(err, ETIMEDOUT, NULL, "the runtime sent no pty master:");

  char name[256];
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int))];
  } control;
  struct iovec iov = {.iov_base = name, .iov_len = sizeof name};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
  ssize_t n;
  while ((n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
  }
  if (n < 0) return orc_fail(err, errno, NULL, "recvmsg on the console socket");
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
    return orc_fail(err, EBADMSG, NULL, "the runtime sent no pty master:");
  int master;
  memcpy(&master, CMSG_DATA(c), sizeof master);
  if (msg.msg_flags & MSG_CTRUNC) {
    close(master);
    return orc_fail(err, EBADMSG, NULL, "console socket message truncated:");
  }
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  return master;
}

int shim_tty_resize(int master, unsigned rows, unsigned cols) {
  struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
  return ioctl(master, TIOCSWINSZ, &ws);
}
