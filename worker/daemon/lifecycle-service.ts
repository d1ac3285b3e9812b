/**
 * The handlers of ContainerRestart, ContainerStats and ContainerTop (the
 * engine's restart, stats and top), spread into the Engine service by
 * service.ts. 64-bit counters become decimal strings here.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ContainerStats } from '../../proto/generated/orc/engine/v1/ContainerStats.js';
import type { ContainerStatsRequest__Output } from '../../proto/generated/orc/engine/v1/ContainerStatsRequest.js';
import type { EngineHandlers } from '../../proto/generated/orc/engine/v1/Engine.js';
import type { StatsSample as WireSample } from '../../proto/generated/orc/engine/v1/StatsSample.js';
import type { Engine, StatsSample } from '../engine/index.js';
import { toStatus } from './status.js';

/** How long apart two samples are (Docker: one a second). */
const STATS_INTERVAL_MS = 1000;

function wireSample(s: StatsSample): WireSample {
  const i = (n: number): string => String(Math.max(0, Math.round(n)));
  return {
    read: s.read,
    cpu_total_ns: i(s.cpuTotalNs),
    system_cpu_ns: i(s.systemCpuNs),
    online_cpus: s.onlineCpus,
    memory_usage: i(s.memoryUsage),
    memory_inactive_file: i(s.memoryInactiveFile),
    memory_limit: i(s.memoryLimit),
    pids: i(s.pids),
    block_read: i(s.blockRead),
    block_write: i(s.blockWrite),
    net_rx: i(s.netRx),
    net_tx: i(s.netTx),
  };
}

type Handlers = Pick<EngineHandlers, 'ContainerRestart' | 'ContainerStats' | 'ContainerTop'>;

export function lifecycleHandlers(engine: Engine, shutdown: AbortSignal): Handlers {
  return {
    ContainerRestart: (call, callback) => {
      const req = call.request;
      engine.restart(req.container, req.timeout !== undefined ? { timeout: req.timeout } : {}).then(
        () => callback(null, {}),
        (e: unknown) => callback(toStatus(e)),
      );
    },

    ContainerTop: (call, callback) => {
      engine.top(call.request.container, call.request.ps_args).then(
        (t) => callback(null, { titles: t.Titles, processes: t.Processes.map((fields) => ({ fields })) }),
        (e: unknown) => callback(toStatus(e)),
      );
    },

    ContainerStats: (call: grpc.ServerWritableStream<ContainerStatsRequest__Output, ContainerStats>) => {
      const abort = new AbortController();
      const stop = (): void => abort.abort();
      call.on('cancelled', stop);
      shutdown.addEventListener('abort', stop, { once: true });
      const sleep = (ms: number): Promise<boolean> =>
        new Promise((resolve) => {
          if (abort.signal.aborted) return resolve(false);
          const t = setTimeout(() => resolve(true), ms);
          abort.signal.addEventListener('abort', () => {
            clearTimeout(t);
            resolve(false);
          }, { once: true });
        });
      void (async () => {
        try {
          const info = engine.inspect(call.request.container);
          let previous = await engine.stats(info.Id);
          for (;;) {
            if (!(await sleep(STATS_INTERVAL_MS))) break;
            const sample = await engine.stats(info.Id);
            if (call.cancelled) break;
            call.write({ id: info.Id, name: info.Name.replace(/^\//, ''), sample: wireSample(sample), previous: wireSample(previous) });
            previous = sample;
            if (!call.request.stream) break;
          }
          if (!call.cancelled) call.end();
        } catch (e) {
          if (!call.cancelled) call.emit('error', toStatus(e));
        } finally {
          shutdown.removeEventListener('abort', stop);
        }
      })();
    },
  };
}
