/* A small JSON reader (RFC 8259) for config.json and state.json: the whole
 * document becomes a tree of orc_json_t; strings are NUL-terminated UTF-8. */
#ifndef ORC_JSON_H
#define ORC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef enum { ORC_JSON_NULL, ORC_JSON_BOOL, ORC_JSON_NUMBER, ORC_JSON_STRING, ORC_JSON_ARRAY, ORC_JSON_OBJECT } orc_json_type_t;

typedef struct orc_json {
  orc_json_type_t type;
  bool boolean;
  double number;
  bool is_integer;   /* the literal had no fraction or exponent */
  int64_t integer;   /* exact value when is_integer (and it fits) */
  char *string;      /* STRING */
  size_t len;        /* ARRAY / OBJECT: number of items */
  struct orc_json *items; /* ARRAY / OBJECT values */
  char **keys;       /* OBJECT keys, parallel to items */
} orc_json_t;

/* Parses `text`; on error *err names `source` and the byte offset. */
int orc_json_parse(const char *text, const char *source, orc_json_t **out, orc_error_t *err);
void orc_json_free(orc_json_t *json);
static inline void orc_json_freep(orc_json_t **json) {
  if (*json) orc_json_free(*json);
}
#define cleanup_json __attribute__((cleanup(orc_json_freep)))

/* Lookups: NULL when absent or `obj` is not an object. */
const orc_json_t *orc_json_get(const orc_json_t *obj, const char *key);
/* Typed lookups: NULL / false when absent or of another type. */
const char *orc_json_get_string(const orc_json_t *obj, const char *key);
const orc_json_t *orc_json_get_array(const orc_json_t *obj, const char *key);
const orc_json_t *orc_json_get_object(const orc_json_t *obj, const char *key);
bool orc_json_get_int(const orc_json_t *obj, const char *key, int64_t *out);
bool orc_json_get_bool(const orc_json_t *obj, const char *key, bool *out);

/* Appends raw text to a growing buffer (*buf may start NULL). */
void orc_json_append(char **buf, size_t *len, size_t *cap, const char *s);
/* Appends `s` as a JSON string literal (with quotes) to a growing buffer. */
void orc_json_quote(char **buf, size_t *len, size_t *cap, const char *s);

#endif
