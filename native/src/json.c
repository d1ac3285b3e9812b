/* A recursive-descent JSON reader; depth is bounded so hostile input cannot
 * exhaust the stack. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define MAX_DEPTH 128

typedef struct {
  const char *text;
  size_t pos;
  const char *source;
  orc_error_t *err;
} parser_t;

static int fail(parser_t *p, const char *msg) {
  return orc_fail(p->err, EINVAL, p->source, "parse JSON at offset %zu (%s):", p->pos, msg);
}

static void skip_ws(parser_t *p) {
  for (;;) {
    char c = p->text[p->pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
      p->pos++;
    else
      return;
  }
}

static int parse_value(parser_t *p, orc_json_t *out, int depth);

static int hex4(parser_t *p, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p->text[p->pos++];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return fail(p, "bad \\u escape");
  }
  *out = v;
  return 0;
}

static size_t put_utf8(char *dst, unsigned cp) {
  if (cp < 0x80) { dst[0] = (char)cp; return 1; }
  if (cp < 0x800) { dst[0] = (char)(0xC0 | (cp >> 6)); dst[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
  if (cp < 0x10000) {
    dst[0] = (char)(0xE0 | (cp >> 12)); dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[2] = (char)(0x80 | (cp & 0x3F)); return 3;
  }
  dst[0] = (char)(0xF0 | (cp >> 18)); dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); dst[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* p->pos is on the opening quote. The decoded string is never longer than the
 * literal, so one allocation of the literal's length suffices. */
static int parse_string(parser_t *p, char **out) {
  size_t start = ++p->pos, end = start;
  while (p->text[end] && p->text[end] != '"') {
    if (p->text[end] == '\\' && p->text[end + 1]) end++;
    end++;
  }
  if (!p->text[end])
    return fail(p, "unterminated string");
  cleanup_free char *s = malloc(end - start + 1);
  if (!s)
    return orc_fail(p->err, ENOMEM, p->source, "parse JSON");
  size_t n = 0;
  while (p->text[p->pos] != '"') {
    unsigned char c = (unsigned char)p->text[p->pos++];
    if (c < 0x20)
      return fail(p, "control character in string");
    if (c != '\\') { s[n++] = (char)c; continue; }
    char e = p->text[p->pos++];
    switch (e) {
    case '"': s[n++] = '"'; break;
    case '\\': s[n++] = '\\'; break;
    case '/': s[n++] = '/'; break;
    case 'b': s[n++] = '\b'; break;
    case 'f': s[n++] = '\f'; break;
    case 'n': s[n++] = '\n'; break;
    case 'r': s[n++] = '\r'; break;
    case 't': s[n++] = '\t'; break;
    case 'u': {
      unsigned cp, lo;
      if (hex4(p, &cp) < 0) return -1;
      if (cp >= 0xD800 && cp < 0xDC00 && p->text[p->pos] == '\\' && p->text[p->pos + 1] == 'u') {
        p->pos += 2;
        if (hex4(p, &lo) < 0) return -1;
        if (lo < 0xDC00 || lo > 0xDFFF) return fail(p, "bad surrogate pair");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      }
      if (cp == 0) return fail(p, "NUL in string");
      n += put_utf8(s + n, cp);
      break;
    }
    default:
      return fail(p, "bad escape");
    }
  }
  p->pos++;
  s[n] = '\0';
  *out = orc_steal_ptr(s);
  return 0;
}

static int parse_number(parser_t *p, orc_json_t *out) {
  const char *start = p->text + p->pos;
  const char *q = start;
  bool integer = true;
  if (*q == '-') q++;
  if (*q < '0' || *q > '9') return fail(p, "unexpected character");
  while (*q >= '0' && *q <= '9') q++;
  if (*q == '.') { integer = false; q++; while (*q >= '0' && *q <= '9') q++; }
  if (*q == 'e' || *q == 'E') {
    integer = false; q++;
    if (*q == '+' || *q == '-') q++;
    while (*q >= '0' && *q <= '9') q++;
  }
  out->type = ORC_JSON_NUMBER;
  out->number = strtod(start, NULL);
  if (integer) {
    errno = 0;
    long long v = strtoll(start, NULL, 10);
    out->is_integer = errno == 0;
    out->integer = v;
  }
  p->pos += (size_t)(q - start);
  return 0;
}

static int parse_container(parser_t *p, orc_json_t *out, int depth, bool object) {
  char close = object ? '}' : ']';
  size_t cap = 0;
  out->type = object ? ORC_JSON_OBJECT : ORC_JSON_ARRAY;
  p->pos++;
  skip_ws(p);
  if (p->text[p->pos] == close) { p->pos++; return 0; }
  for (;;) {
    if (out->len == cap) {
      cap = cap ? cap * 2 : 4;
      orc_json_t *items = realloc(out->items, cap * sizeof *items);
      if (!items) return orc_fail(p->err, ENOMEM, p->source, "parse JSON");
      out->items = items;
      if (object) {
        char **keys = realloc(out->keys, cap * sizeof *keys);
        if (!keys) return orc_fail(p->err, ENOMEM, p->source, "parse JSON");
        out->keys = keys;
      }
    }
    orc_json_t *item = &out->items[out->len];
    memset(item, 0, sizeof *item);
    if (object) {
      skip_ws(p);
      if (p->text[p->pos] != '"') return fail(p, "expected a key");
      if (parse_string(p, &out->keys[out->len]) < 0) return -1;
      skip_ws(p);
      if (p->text[p->pos++] != ':') { p->pos--; free(out->keys[out->len]); return fail(p, "expected ':'"); }
    }
    out->len++; /* counted now so that free() releases a half-parsed item */
    if (parse_value(p, item, depth + 1) < 0) return -1;
    skip_ws(p);
    char c = p->text[p->pos];
    if (c == ',') { p->pos++; continue; }
    if (c == close) { p->pos++; return 0; }
    return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

static int parse_value(parser_t *p, orc_json_t *out, int depth) {
  if (depth > MAX_DEPTH) return fail(p, "nested too deeply");
  skip_ws(p);
  const char *t = p->text + p->pos;
  switch (*t) {
  case '{': return parse_container(p, out, depth, true);
  case '[': return parse_container(p, out, depth, false);
  case '"': out->type = ORC_JSON_STRING; return parse_string(p, &out->string);
  case 't': if (strncmp(t, "true", 4)) break; out->type = ORC_JSON_BOOL; out->boolean = true; p->pos += 4; return 0;
  case 'f': if (strncmp(t, "false", 5)) break; out->type = ORC_JSON_BOOL; p->pos += 5; return 0;
  case 'n': if (strncmp(t, "null", 4)) break; out->type = ORC_JSON_NULL; p->pos += 4; return 0;
  default: return parse_number(p, out);
  }
  return fail(p, "unexpected character");
}

static void free_value(orc_json_t *v) {
  for (size_t i = 0; i < v->len; i++) {
    free_value(&v->items[i]);
    if (v->keys) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->string);
}

void orc_json_free(orc_json_t *json) {
  free_value(json);
  free(json);
}

int orc_json_parse(const char *text, const char *source, orc_json_t **out, orc_error_t *err) {
  parser_t p = {.text = text, .pos = 0, .source = source, .err = err};
  cleanup_json orc_json_t *root = calloc(1, sizeof *root);
  if (!root) return orc_fail(err, ENOMEM, source, "parse JSON");
  if (parse_value(&p, root, 0) < 0) return -1;
  skip_ws(&p);
  if (p.text[p.pos]) return fail(&p, "trailing characters");
  *out = orc_steal_ptr(root);
  return 0;
}

const orc_json_t *orc_json_get(const orc_json_t *obj, const char *key) {
  if (!obj || obj->type != ORC_JSON_OBJECT) return NULL;
  for (size_t i = obj->len; i-- > 0;) /* the last duplicate wins */
    if (strcmp(obj->keys[i], key) == 0) return &obj->items[i];
  return NULL;
}

const char *orc_json_get_string(const orc_json_t *obj, const char *key) {
  const orc_json_t *v = orc_json_get(obj, key);
  return v && v->type == ORC_JSON_STRING ? v->string : NULL;
}

const orc_json_t *orc_json_get_array(const orc_json_t *obj, const char *key) {
  const orc_json_t *v = orc_json_get(obj, key);
  return v && v->type == ORC_JSON_ARRAY ? v : NULL;
}

const orc_json_t *orc_json_get_object(const orc_json_t *obj, const char *key) {
  const orc_json_t *v = orc_json_get(obj, key);
  return v && v->type == ORC_JSON_OBJECT ? v : NULL;
}

bool orc_json_get_int(const orc_json_t *obj, const char *key, int64_t *out) {
  const orc_json_t *v = orc_json_get(obj, key);
  if (!v || v->type != ORC_JSON_NUMBER || !v->is_integer) return false;
  *out = v->integer;
  return true;
}

bool orc_json_get_bool(const orc_json_t *obj, const char *key, bool *out) {
  const orc_json_t *v = orc_json_get(obj, key);
  if (!v || v->type != ORC_JSON_BOOL) return false;
  *out = v->boolean;
  return true;
}

static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n) {
  if (*len + n + 1 > *cap) {
    size_t want = (*len + n + 1) * 2;
    char *bigger = realloc(*buf, want);
    if (!bigger) abort();
    *buf = bigger;
    *cap = want;
  }
  memcpy(*buf + *len, s, n);
  *len += n;
  (*buf)[*len] = '\0';
}

void orc_json_append(char **buf, size_t *len, size_t *cap, const char *s) { append(buf, len, cap, s, strlen(s)); }

void orc_json_quote(char **buf, size_t *len, size_t *cap, const char *s) {
  append(buf, len, cap, "\"", 1);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    char esc[8];
    if (c == '"' || c == '\\') { esc[0] = '\\'; esc[1] = (char)c; append(buf, len, cap, esc, 2); }
    else if (c < 0x20) { snprintf(esc, sizeof esc, "\\u%04x", c); append(buf, len, cap, esc, 6); }
    else append(buf, len, cap, (const char *)s, 1);
  }
  append(buf, len, cap, "\"", 1);
}
