/**
 * Pause and unpause through the container's OCI runtime (`pause` / `resume`,
 * runc's command line): the runtime freezes or thaws the container's cgroup
 * and returns once the kernel reports it.
 */
import { execFile } from 'node:child_process';
import { OrcError } from '../../common/errors.js';

export function freeze(runtime: string, runtimeRoot: string, id: string, frozen: boolean): Promise<void> {
  const verb = frozen ? 'pause' : 'resume';
  return new Promise((resolve, reject) => {
    execFile(runtime, ['--root', runtimeRoot, verb, id], { encoding: 'utf8', timeout: 30_000 }, (err, _stdout, stderr) => {
      if (err === null) resolve();
      else reject(new OrcError('ORC_RUNTIME', `cannot ${frozen ? 'pause' : 'unpause'} container ${id.slice(0, 12)}: ${runtime} ${verb}: ${(stderr || err.message).trim()}`));
    });
  });
}
