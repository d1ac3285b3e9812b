/*
 * dns-probe: N sequential DNS A queries for one name to one server over UDP,
 * each timed with CLOCK_MONOTONIC from send to the matching answer. Built
 * static by bench/dns.ts and run inside a container, so that nothing but the
 * lookup itself is measured (no process per lookup, no resolver library).
 *
 *   dns-probe NAME COUNT [SERVER [PORT]]     (SERVER 127.0.0.11, PORT 53)
 *
 * Prints one JSON line on stdout:
 *   {"address":"A.B.C.D","count":N,"answered":N,"timeouts":N,"errors":N,"p50_us":…,"p90_us":…,"p99_us":…,"max_us":…}
 * A query counts as answered when the reply has the query's id, RCODE 0 and at
 * least one answer; `address` is the first A record of the last answer. A timeout is 1 s. 100 untimed queries go first. Exits 1
 * on bad arguments or a socket error, 2 when 5 queries in a row get no usable
 * answer (timed out, port unreachable, an error RCODE or no address), with the
 * reason on stderr.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define WARMUP 100
#define MAX_FAILURES_IN_A_ROW 5

enum outcome { ANSWERED, TIMED_OUT, BAD_ANSWER };

static size_t encode_query(uint8_t *buf, size_t cap, uint16_t id, const char *name) {
  size_t n = 0;
  if (cap < 12 + strlen(name) + 6) return 0;
  buf[n++] = id >> 8;
  buf[n++] = id & 0xff;
  buf[n++] = 0x01; /* RD */
  buf[n++] = 0x00;
  buf[n++] = 0; buf[n++] = 1; /* QDCOUNT */
  memset(buf + n, 0, 6);      /* AN, NS, AR */
  n += 6;
  const char *p = name;
  while (*p != '\0') {
    const char *dot = strchr(p, '.');
    size_t len = dot == NULL ? strlen(p) : (size_t)(dot - p);
    if (len == 0 || len > 63) return 0;
    buf[n++] = (uint8_t)len;
    memcpy(buf + n, p, len);
    n += len;
    p += len;
    if (*p == '.') p++;
  }
  buf[n++] = 0;
  buf[n++] = 0; buf[n++] = 1; /* QTYPE A */
  buf[n++] = 0; buf[n++] = 1; /* QCLASS IN */
  return n;
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The end of the name at r[off], or 0 when it runs past `len`. */
static size_t skip_name(const uint8_t *r, size_t len, size_t off) {
  while (off < len) {
    uint8_t b = r[off];
    if (b == 0) return off + 1;
    if ((b & 0xc0) == 0xc0) return off + 2 <= len ? off + 2 : 0;
    off += 1 + (size_t)b;
  }
  return 0;
}

/* The address of the first A record of the answer section into `out`, or "" when there is none. */
static void first_address(const uint8_t *r, size_t len, char *out, size_t cap) {
  out[0] = '\0';
  unsigned ancount = ((unsigned)r[6] << 8) | r[7];
  size_t off = skip_name(r, len, 12);
  if (off == 0 || off + 4 > len) return;
  off += 4;
  for (unsigned i = 0; i < ancount; i++) {
    off = skip_name(r, len, off);
    if (off == 0 || off + 10 > len) return;
    unsigned type = ((unsigned)r[off] << 8) | r[off + 1];
    size_t rdlen = ((size_t)r[off + 8] << 8) | r[off + 9];
    off += 10;
    if (off + rdlen > len) return;
    if (type == 1 && rdlen == 4) {
      inet_ntop(AF_INET, r + off, out, (socklen_t)cap);
      return;
    }
    off += rdlen;
  }
}

static char last_address[INET_ADDRSTRLEN];

/* One query and its answer; *ns is the round trip. Stale replies (other ids) are skipped. */
static enum outcome ask(int fd, const char *name, uint16_t id, uint64_t *ns) {
  uint8_t q[512], r[4096];
  size_t qlen = encode_query(q, sizeof q, id, name);
  uint64_t start = now_ns();
  if (send(fd, q, qlen, 0) != (ssize_t)qlen) {
    fprintf(stderr, "dns-probe: send: %s\n", strerror(errno));
    exit(1);
  }
  for (;;) {
    ssize_t got = recv(fd, r, sizeof r, 0);
    if (got < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return TIMED_OUT;
      if (errno == EINTR) continue;
      if (errno == ECONNREFUSED) return BAD_ANSWER;
      fprintf(stderr, "dns-probe: recv: %s\n", strerror(errno));
      exit(1);
    }
    if (got < 12 || r[0] != (id >> 8) || r[1] != (id & 0xff) || (r[2] & 0x80) == 0) continue;
    *ns = now_ns() - start;
    first_address(r, (size_t)got, last_address, sizeof last_address);
    unsigned rcode = r[3] & 0x0f;
    unsigned ancount = ((unsigned)r[6] << 8) | r[7];
    return rcode == 0 && ancount > 0 ? ANSWERED : BAD_ANSWER;
  }
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Nearest rank, p in 0..100, in microseconds. */
static double pct_us(const uint64_t *sorted, size_t n, double p) {
  if (n == 0) return -1;
  size_t rank = (size_t)((p / 100.0) * (double)n + 0.999999);
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  return (double)sorted[rank - 1] / 1000.0;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 5) {
    fprintf(stderr, "usage: dns-probe NAME COUNT [SERVER [PORT]]\n");
    return 1;
  }
  const char *name = argv[1];
  long count = strtol(argv[2], NULL, 10);
  const char *server = argc > 3 ? argv[3] : "127.0.0.11";
  long port = argc > 4 ? strtol(argv[4], NULL, 10) : 53;
  uint8_t probe[512];
  if (count < 1 || count > 10000000 || port < 1 || port > 65535 || encode_query(probe, sizeof probe, 0, name) == 0) {
    fprintf(stderr, "dns-probe: bad NAME, COUNT or PORT\n");
    return 1;
  }
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
  if (inet_pton(AF_INET, server, &sa.sin_addr) != 1) {
    fprintf(stderr, "dns-probe: bad server address %s\n", server);
    return 1;
  }
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct timeval tv = { .tv_sec = 1 };
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    fprintf(stderr, "dns-probe: socket to %s:%ld: %s\n", server, port, strerror(errno));
    return 1;
  }
  uint64_t *lat = calloc((size_t)count, sizeof *lat);
  if (lat == NULL) {
    fprintf(stderr, "dns-probe: out of memory\n");
    return 1;
  }
  srand((unsigned)now_ns());
  uint16_t id = (uint16_t)rand();
  size_t answered = 0, timeouts = 0, errors = 0, in_a_row = 0;
  for (long i = -WARMUP; i < count; i++) {
    uint64_t ns = 0;
    enum outcome o = ask(fd, name, ++id, &ns);
    if (o == ANSWERED) {
      in_a_row = 0;
    } else if (++in_a_row >= MAX_FAILURES_IN_A_ROW) {
      fprintf(stderr, "dns-probe: no answer for %s from %s:%ld (%d queries in a row %s)\n", name, server, port, MAX_FAILURES_IN_A_ROW,
              o == TIMED_OUT ? "timed out after 1 s" : "refused, failed or without an address");
      return 2;
    }
    if (i < 0) continue;
    if (o == ANSWERED) lat[answered++] = ns;
    else if (o == TIMED_OUT) timeouts++;
    else errors++;
  }
  qsort(lat, answered, sizeof *lat, cmp_u64);
  printf("{\"address\":\"%s\",\"count\":%ld,\"answered\":%zu,\"timeouts\":%zu,\"errors\":%zu,\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}\n",
         last_address, count, answered, timeouts, errors, pct_us(lat, answered, 50), pct_us(lat, answered, 90), pct_us(lat, answered, 99),
         pct_us(lat, answered, 100));
  free(lat);
  close(fd);
  return 0;
}
