/** Unix socket probes shared by the daemon and its clients. */
import { connect } from 'node:net';

/** Resolves true when something accepts connections on the socket. */
export function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(socket);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
