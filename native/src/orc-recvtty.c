/* orc-recvtty: a TEST TOOL, not part of the runtime. It plays the engine's
 * side of --console-socket so that tests can check process.terminal:
 *
 *   orc-recvtty [--size ROWSxCOLS] [--input TEXT] SOCKET
 *
 * Listens on the unix stream socket SOCKET, prints "ready" once a runtime can
 * connect, accepts one connection, receives the pty master (SCM_RIGHTS) and
 * prints "pty <name from the payload> isatty=<0|1>", sets the window size,
 * writes TEXT to the terminal, then copies everything the container writes to
 * its terminal onto stdout until the last slave is closed. Exit 0, or 1 with
 * a message. Stands alone (no other file of src/ linked in). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

static int die(const char *what) {
  fprintf(stderr, "orc-recvtty: %s: %s\n", what, strerror(errno));
  return 1;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -1;
    p += w, n -= (size_t)w;
  }
  return 0;
}

int main(int argc, char **argv) {
  struct winsize ws = {.ws_row = 24, .ws_col = 80};
  const char *input = NULL, *path = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
      unsigned rows, cols;
      if (sscanf(argv[++i], "%ux%u", &rows, &cols) != 2) return fputs("orc-recvtty: --size ROWSxCOLS\n", stderr), 2;
      ws.ws_row = (unsigned short)rows, ws.ws_col = (unsigned short)cols;
    } else if (strcmp(argv[i], "--input") == 0 && i + 1 < argc) {
      input = argv[++i];
    } else if (!path) {
      path = argv[i];
    } else {
      path = NULL;
      break;
    }
  }
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (!path || strlen(path) >= sizeof addr.sun_path)
    return fputs("usage: orc-recvtty [--size ROWSxCOLS] [--input TEXT] SOCKET\n", stderr), 2;
  strcpy(addr.sun_path, path);
  int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (lfd < 0) return die("socket");
  if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) return die("bind");
  if (listen(lfd, 1) < 0) return die("listen");
  printf("ready\n");
  fflush(stdout);
  int conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
  if (conn < 0) return die("accept");
  close(lfd);
  unlink(path);

  char name[256] = {0};
  union {
    struct cmsghdr header;
    char buf[CMSG_SPACE(sizeof(int))];
  } control;
  struct iovec iov = {.iov_base = name, .iov_len = sizeof name - 1};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf, .msg_controllen = sizeof control.buf};
  ssize_t n;
  do n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n < 0) return die("recvmsg");
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
    errno = EBADMSG;
    return die("no file descriptor received");
  }
  int master;
  memcpy(&master, CMSG_DATA(c), sizeof master);
  close(conn);
  printf("pty %s isatty=%d\n", name, isatty(master));
  fflush(stdout);
  if (ioctl(master, TIOCSWINSZ, &ws) < 0) return die("TIOCSWINSZ");
  if (input && write_all(master, input, strlen(input)) < 0) return die("write to the terminal");

  char buf[4096];
  for (;;) {
    n = read(master, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0 || (n < 0 && errno == EIO)) break; /* EIO: every slave fd is closed */
    if (n < 0) return die("read from the terminal");
    if (write_all(1, buf, (size_t)n) < 0) return die("write to stdout");
  }
  return 0;
}
