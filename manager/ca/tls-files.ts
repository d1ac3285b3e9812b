/**
 * A node's TLS material on disk: `<dir>/ca.crt`, `<dir>/node.crt`,
 * `<dir>/node.key` (mode 0600). Each file is written atomically; the key is
 * written last so a reader that finds it finds the certificate too.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../common/atomic-file.js';
import { OrcError } from '../../common/errors.js';

export interface NodeTLS {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

export const TLS_FILES = { ca: 'ca.crt', cert: 'node.crt', key: 'node.key' } as const;

export async function writeNodeTLS(dir: string, tls: NodeTLS): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(join(dir, TLS_FILES.ca), tls.caCertPem, { mode: 0o644 });
  await writeFileAtomic(join(dir, TLS_FILES.cert), tls.certPem, { mode: 0o644 });
  await writeFileAtomic(join(dir, TLS_FILES.key), tls.keyPem, { mode: 0o600 });
}

/** Reads the three files; ORC_NOT_FOUND when any is missing (the node has not joined). */
export async function readNodeTLS(dir: string): Promise<NodeTLS> {
  const read = async (name: string): Promise<string> => {
    const path = join(dir, name);
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new OrcError('ORC_NOT_FOUND', `no TLS material: ${path} does not exist`, { cause: e });
      throw new OrcError('ORC_IO', `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
  return { caCertPem: await read(TLS_FILES.ca), certPem: await read(TLS_FILES.cert), keyPem: await read(TLS_FILES.key) };
}
