/* shim.sock: clients attach to the container's stdio.
 *
 * Both directions carry frames: one byte stream id (shim.h), a 4-byte
 * big-endian length, then that many bytes. The shim sends stdout (1) and
 * stderr (2) as they arrive, the reply to a state request (4), and the exit
 * document (3) before it closes. A client sends stdin bytes (0), state
 * requests (4), close-stdin (5) and terminal resizes (6: rows, cols as
 * big-endian u16).
 *
 * Output is never held back for a client: sends are non-blocking, what does
 * not fit is queued up to CLIENT_QUEUE_MAX, and a client beyond that is
 * dropped. Stdin is the one place where the container sets the pace: while
 * its pipe is full, the shim stops reading from clients. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>

#include "shim.h"

#define MAX_CLIENTS 32
#define CLIENT_QUEUE_MAX (256 * 1024)

typedef struct {
  int fd;
  /* Output that did not fit into the socket yet. */
  char *queue;
  size_t queued, queue_cap;
  /* Input frame being read: header bytes so far, then payload left. */
  unsigned char header[5];
  size_t header_len;
  uint32_t payload_left;
  /* The payload of a resize frame (other frames' payloads are streamed or ignored). */
  unsigned char small[4];
  size_t small_len;
} client_t;

static int listen_fd = -1;
static const shim_attach_ops_t *ops;
static client_t clients[MAX_CLIENTS];
static size_t n_clients;
static unsigned n_accepted;

unsigned shim_attach_accepted(void) { return n_accepted; }

int shim_attach_listen(const char *path, const shim_attach_ops_t *attach_ops, orc_error_t *err) {
  ops = attach_ops;
  int fd = orc_unix_listen(path, 16, "socket", err);
  if (fd < 0) return -1;
  listen_fd = fd;
  return 0;
}

static void drop(size_t i) {
  close(clients[i].fd);
  free(clients[i].queue);
  clients[i] = clients[--n_clients];
}

/* Appends to a client's queue; false when it is over the bound. */
static bool enqueue(client_t *c, const char *data, size_t len) {
  if (c->queued + len > CLIENT_QUEUE_MAX) return false;
  if (c->queued + len > c->queue_cap) {
    size_t cap = c->queue_cap ? c->queue_cap : 4096;
    while (cap < c->queued + len) cap *= 2;
    char *q = realloc(c->queue, cap);
    if (!q) return false;
    c->queue = q;
    c->queue_cap = cap;
  }
  memcpy(c->queue + c->queued, data, len);
  c->queued += len;
  return true;
}

/* Sends what is queued; false when the client is gone. */
static bool flush_queue(client_t *c) {
  while (c->queued > 0) {
    ssize_t n = send(c->fd, c->queue, c->queued, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    memmove(c->queue, c->queue + n, c->queued - (size_t)n);
    c->queued -= (size_t)n;
  }
  free(c->queue);
  c->queue = NULL;
  c->queue_cap = 0;
  return true;
}

/* Sends one frame to one client; false when it is to be dropped. */
static bool send_frame(client_t *c, int stream, const char *data, size_t len) {
  unsigned char header[5] = {(unsigned char)stream, (unsigned char)(len >> 24), (unsigned char)(len >> 16),
                             (unsigned char)(len >> 8), (unsigned char)len};
  size_t sent = 0, total = sizeof header + len;
  if (c->queued == 0) {
    struct iovec iov[2] = {{header, sizeof header}, {(void *)data, len}};
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 2};
    ssize_t n = sendmsg(c->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
    sent = n > 0 ? (size_t)n : 0;
  }
  if (sent == total) return true;
  if (sent < sizeof header && !enqueue(c, (const char *)header + sent, sizeof header - sent)) return false;
  size_t skip = sent > sizeof header ? sent - sizeof header : 0;
  return enqueue(c, data + skip, len - skip);
}

void shim_attach_broadcast(int stream, const char *data, size_t len) {
  for (size_t i = 0; i < n_clients;) {
    if (send_frame(&clients[i], stream, data, len)) i++;
    else drop(i);
  }
}

size_t shim_attach_pollfds(struct pollfd *fds, size_t max) {
  size_t n = 0;
  if (listen_fd >= 0 && n < max) fds[n++] = (struct pollfd){.fd = listen_fd, .events = POLLIN};
  bool read_input = !ops->stdin_blocked();
  for (size_t i = 0; i < n_clients && n < max; i++)
    fds[n++] = (struct pollfd){.fd = clients[i].fd,
                               .events = (short)((read_input ? POLLIN : 0) | (clients[i].queued ? POLLOUT : 0))};
  return n;
}

static void accept_clients(void) {
  for (;;) {
    int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    if (n_clients == MAX_CLIENTS) {
      close(fd);
      continue;
    }
    clients[n_clients++] = (client_t){.fd = fd};
    n_accepted++;
  }
}

/* Consumes input frames; false when the client is gone or misbehaves. */
static bool read_client(client_t *c) {
  char buf[4096];
  ssize_t n = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  if (n == 0) return false;
  const char *p = buf;
  size_t left = (size_t)n;
  while (left > 0) {
    if (c->header_len < sizeof c->header) {
      size_t k = sizeof c->header - c->header_len;
      if (k > left) k = left;
      memcpy(c->header + c->header_len, p, k);
      c->header_len += k, p += k, left -= k;
      if (c->header_len < sizeof c->header) break;
      c->payload_left = (uint32_t)c->header[1] << 24 | (uint32_t)c->header[2] << 16 | (uint32_t)c->header[3] << 8 | c->header[4];
      int stream = c->header[0];
      if (stream == SHIM_STREAM_STATE) {
        char state[128];
        ops->state_json(state, sizeof state);
        if (!send_frame(c, SHIM_STREAM_STATE, state, strlen(state))) return false;
      } else if (stream == SHIM_STREAM_CLOSE_STDIN) {
        ops->stdin_close();
      } else if (stream == SHIM_STREAM_RESIZE) {
        c->small_len = 0;
      } else if (stream != SHIM_STREAM_STDIN) {
        return false; /* unknown frame: the stream cannot be resynchronised */
      }
    }
    size_t k = c->payload_left < left ? c->payload_left : left;
    if (c->header[0] == SHIM_STREAM_STDIN && k > 0) ops->stdin_write(p, k);
    for (size_t i = 0; c->header[0] == SHIM_STREAM_RESIZE && i < k && c->small_len < sizeof c->small; i++)
      c->small[c->small_len++] = (unsigned char)p[i];
    c->payload_left -= (uint32_t)k, p += k, left -= k;
    if (c->payload_left == 0) {
      if (c->header[0] == SHIM_STREAM_RESIZE && c->small_len == sizeof c->small)
        ops->resize((unsigned)c->small[0] << 8 | c->small[1], (unsigned)c->small[2] << 8 | c->small[3]);
      c->header_len = 0;
    }
  }
  return true;
}

void shim_attach_handle(const struct pollfd *fds, size_t n) {
  size_t first = 0;
  if (listen_fd >= 0 && n > 0 && fds[0].fd == listen_fd) {
    first = 1;
    if (fds[0].revents & POLLIN) accept_clients();
  }
  /* Clients are matched by fd: a drop reorders the table. */
  for (size_t j = first; j < n; j++) {
    if (!fds[j].revents) continue;
    for (size_t i = 0; i < n_clients; i++) {
      if (clients[i].fd != fds[j].fd) continue;
      bool ok = true;
      if (fds[j].revents & POLLOUT) ok = flush_queue(&clients[i]);
      if (ok && (fds[j].revents & (POLLIN | POLLHUP | POLLERR))) ok = read_client(&clients[i]);
      if (!ok) drop(i);
      break;
    }
  }
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void shim_attach_shutdown(const char *exit_json, size_t len, int ms) {
  if (listen_fd >= 0) close(listen_fd);
  listen_fd = -1;
  shim_attach_broadcast(SHIM_STREAM_EXIT, exit_json, len);
  long long deadline = now_ms() + ms;
  for (;;) {
    struct pollfd fds[MAX_CLIENTS];
    size_t n = 0;
    for (size_t i = 0; i < n_clients; i++)
      if (clients[i].queued) fds[n++] = (struct pollfd){.fd = clients[i].fd, .events = POLLOUT};
    long long left = deadline - now_ms();
    if (n == 0 || left <= 0) break;
    if (poll(fds, n, (int)left) <= 0) break;
    for (size_t i = 0; i < n_clients; i++)
      if (clients[i].queued && !flush_queue(&clients[i])) clients[i].queued = 0;
  }
  while (n_clients > 0) drop(0);
}
