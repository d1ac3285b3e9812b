/* The container lifecycle behind the command line: create, start, state,
 * kill, delete, run. State lives in <root>/<id>/ (state.json, exec.fifo). */
#ifndef ORC_CONTAINER_H
#define ORC_CONTAINER_H

#include <stdbool.h>

#include "error.h"

typedef struct {
  char *id, *bundle, *rootfs, *cgroup, *created;
  pid_t pid;
  unsigned long long starttime; /* /proc/<pid>/stat field 22: tells a reused pid apart */
} orc_state_t;

/* state.c */
int orc_state_validate_id(const char *id, orc_error_t *err);
int orc_state_write(const char *dir, const orc_state_t *st, orc_error_t *err);
int orc_state_read(const char *root, const char *id, orc_state_t *st, orc_error_t *err);
void orc_state_free(orc_state_t *st);
/* "created" (init waits on exec.fifo), "running" or "stopped". */
const char *orc_state_status(const char *root, const orc_state_t *st);
int orc_proc_starttime(pid_t pid, unsigned long long *starttime, char *state);
int orc_state_print(const char *root, const orc_state_t *st);

/* container.c */
int orc_container_create(const char *root, const char *id, const char *bundle, const char *pid_file,
                         pid_t *pid, orc_error_t *err);
int orc_container_start(const char *root, const char *id, orc_error_t *err);
int orc_container_kill(const char *root, const char *id, int signal, orc_error_t *err);
int orc_container_delete(const char *root, const char *id, bool force, orc_error_t *err);
/* create + start + wait; *exit_code is the container's (128+N after signal N). */
int orc_container_run(const char *root, const char *id, const char *bundle, const char *pid_file, bool detach,
                      int *exit_code, orc_error_t *err);

#endif
