/**
 * A small pool of worker threads that runs the CPU-heavy part of publishes and diffs
 * (analysis-tasks.ts) off the event loop, so a publish storm or a hostile upload never holds up
 * other requests, health first. Bounded on every side: a fixed number of workers, a queue of fixed
 * length (then SERVER_BUSY), a time limit per task and a heap limit per worker (then the worker is
 * stopped and replaced, and the task refused with PACKAGE_TOO_COMPLEX). Workers start on first use.
 */
import { Worker } from 'node:worker_threads';
import { RegistryError } from '../core/errors.js';
import {
  type AnalysisResult,
  type AnalysisTask,
  deserializeError,
  type TaskMessage,
  type WorkerMessage,
} from './analysis-tasks.js';

export interface AnalysisSettings {
  /** Worker threads, each running one task at a time. */
  workers: number;
  /** Tasks that may wait for a worker; past it a task is refused (SERVER_BUSY). */
  queue: number;
  /** The longest one task may run before its worker is stopped (PACKAGE_TOO_COMPLEX). */
  timeoutMs: number;
  /** Each worker's heap (V8 old generation), in MB; a task that needs more is refused the same way. */
  heapMb: number;
  /**
   * How long a worker may sit idle before it is stopped, giving its heap back (the next task starts
   * one again, ~0.1 s); 0 keeps workers for good.
   */
  idleMs: number;
}

/** One worker: the server's two cores are shared with the database and the requests themselves. */
export const DEFAULT_ANALYSIS_SETTINGS: Readonly<AnalysisSettings> = Object.freeze({
  workers: 1,
  queue: 100,
  timeoutMs: 30_000,
  heapMb: 512,
  idleMs: 10_000,
});

export interface RunOptions {
  /**
   * Goes ahead of the queue and past its bound: for the re-check a publish makes while holding its
   * package's lock, which should not wait behind, or be refused for, work that holds nothing.
   */
  urgent?: boolean;
}

export interface AnalysisPool {
  run<T extends AnalysisTask>(task: T, options?: RunOptions): Promise<AnalysisResult<T>>;
  /** Worker threads running now (started, busy or idle), and tasks waiting for one. */
  stats(): { workers: number; queued: number };
  /** Refuses what is queued and stops the workers (a live worker keeps the process alive). */
  close(): Promise<void>;
}

/**
 * Set by the build (scripts/build.mjs) to the bundled worker's file name in dist/; absent when the
 * sources run through tsx.
 */
declare const __PATTERNHUB_ANALYSIS_WORKER__: string | undefined;

function startWorker(heapMb: number): Worker {
  const options = {
    name: 'patternhub-analysis',
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  };
  if (typeof __PATTERNHUB_ANALYSIS_WORKER__ === 'string') {
    // This module lands in dist/ or in dist/chunks/, as esbuild's code splitting decides.
    const here = new URL('.', import.meta.url);
    const dist = here.pathname.endsWith('/chunks/') ? new URL('..', here) : here;
    return new Worker(new URL(__PATTERNHUB_ANALYSIS_WORKER__, dist), options);
  }
  // From the sources (tests, benchmarks): the worker is TypeScript, and a worker thread does not
  // inherit tsx's loader, so it registers it before importing the entry point.
  const entry = new URL('./analysis-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

interface Job {
  id: number;
  task: AnalysisTask;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job | undefined;
  timer?: NodeJS.Timeout | undefined;
  /** Stops the worker once it has been idle for `idleMs`. */
  idle?: NodeJS.Timeout | undefined;
  /** The error the worker died of, if it reported one before exiting. */
  failure?: Error | undefined;
}

/**
 * The task's bytes, each copied into a buffer of its own and handed over (not cloned): a view into
 * a larger buffer would otherwise send the whole of it, and the caller keeps its own.
 */
function detach(task: AnalysisTask): { task: AnalysisTask; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const own = (bytes: Uint8Array): Uint8Array => {
    // Not `slice()`: on a Buffer (what the blob store gives) that is a view, not a copy.
    const copy = new Uint8Array(bytes);
    transfer.push(copy.buffer);
    return copy;
  };
  switch (task.kind) {
    case 'declared':
      return { task: { ...task, tarball: own(task.tarball) }, transfer };
    case 'publish':
      return {
        task: {
          ...task,
          tarball: own(task.tarball),
          previous: task.previous && { ...task.previous, tarball: own(task.previous.tarball) },
        },
        transfer,
      };
    case 'bump':
      return {
        task: {
          ...task,
          tarball: own(task.tarball),
          previous: { ...task.previous, tarball: own(task.previous.tarball) },
        },
        transfer,
      };
    case 'diff':
      return { task: { ...task, from: own(task.from), to: own(task.to) }, transfer };
  }
}

function tooComplex(task: AnalysisTask, limit: 'time' | 'memory', settings: AnalysisSettings): RegistryError {
  const doing = task.kind === 'diff' ? 'Comparing the two versions' : 'Checking the package';
  const over =
    limit === 'time' ? `took longer than ${settings.timeoutMs} ms` : `needed more than ${settings.heapMb} MB`;
  return new RegistryError('PACKAGE_TOO_COMPLEX', `${doing} ${over}, so it was stopped`, {
    hint:
      task.kind === 'diff'
        ? 'Compare smaller versions, or download both and run `patternhub diff` on your machine.'
        : 'Make the package smaller: fewer or shorter YAML files, parameters, tasks or test cases.',
    details: limit === 'time' ? { limit, timeoutMs: settings.timeoutMs } : { limit, heapMb: settings.heapMb },
  });
}

export function createAnalysisPool(settings: AnalysisSettings = DEFAULT_ANALYSIS_SETTINGS): AnalysisPool {
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  function settle(slot: Slot): Job | undefined {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    return job;
  }

  function retire(slot: Slot): void {
    clearTimeout(slot.idle);
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
  }

  function spawn(): void {
    const slot: Slot = { worker: startWorker(settings.heapMb), ready: false };
    slots.push(slot);
    slot.worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        slot.ready = true;
      } else {
        const job = slot.job?.id === message.id ? settle(slot) : undefined;
        if (message.type === 'done') job?.resolve(message.result);
        else job?.reject(deserializeError(message.error));
      }
      pump();
    });
    slot.worker.on('error', (error) => {
      slot.failure = error;
    });
    slot.worker.on('exit', (code) => {
      retire(slot);
      const wasReady = slot.ready;
      const job = settle(slot);
      const failure = slot.failure;
      if (job) {
        const outOfMemory =
          (failure as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        job.reject(
          outOfMemory
            ? tooComplex(job.task, 'memory', settings)
            : new Error(`the analysis worker stopped: ${failure?.message ?? `exit code ${code}`}`),
        );
      }
      if (!wasReady && !closed) {
        // It could not even load: every waiting task would meet the same end.
        const reason = new Error(
          `the analysis worker could not start: ${failure?.message ?? `exit code ${code}`}`,
        );
        for (const waiting of queue.splice(0)) waiting.reject(reason);
      }
      pump();
    });
  }

  function pump(): void {
    if (closed) return;
    for (const slot of slots) {
      if (!slot.ready || slot.job) continue;
      const job = queue.shift();
      if (!job) break;
      slot.job = job;
      slot.timer = setTimeout(() => {
        if (slot.job !== job) return;
        settle(slot);
        retire(slot);
        job.reject(tooComplex(job.task, 'time', settings));
        void slot.worker.terminate();
        pump();
      }, settings.timeoutMs);
      try {
        const { task, transfer } = detach(job.task);
        slot.worker.postMessage({ id: job.id, task } satisfies TaskMessage, transfer);
      } catch (error) {
        // A task that cannot be sent (not plain data) is a bug here, not a reason to stop the worker.
        settle(slot);
        job.reject(error as Error);
      }
    }
    // Start workers while work waits and there is room (a stopped one is replaced here).
    let starting = slots.filter((slot) => !slot.ready).length;
    while (queue.length > starting && slots.length < settings.workers) {
      spawn();
      starting++;
    }
    // An idle worker does not keep the process alive; one starting or busy does, until its answer.
    for (const slot of slots) {
      if (slot.ready && !slot.job) {
        slot.worker.unref();
        if (settings.idleMs > 0 && !slot.idle) {
          slot.idle = setTimeout(() => {
            retire(slot);
            void slot.worker.terminate();
          }, settings.idleMs);
          slot.idle.unref();
        }
      } else {
        slot.worker.ref();
        clearTimeout(slot.idle);
        slot.idle = undefined;
      }
    }
  }

  return {
    run<T extends AnalysisTask>(task: T, options: RunOptions = {}): Promise<AnalysisResult<T>> {
      if (closed) return Promise.reject(new Error('the analysis pool is closed'));
      if (!options.urgent && queue.length >= settings.queue) {
        return Promise.reject(
          new RegistryError('SERVER_BUSY', `The server has ${queue.length} packages waiting to be checked`, {
            hint: 'Try again shortly.',
            retryAfter: 5,
          }),
        );
      }
      return new Promise((resolve, reject) => {
        const job: Job = { id: nextId++, task, resolve: resolve as (value: unknown) => void, reject };
        if (options.urgent) queue.unshift(job);
        else queue.push(job);
        pump();
      });
    },
    stats: () => ({ workers: slots.length, queued: queue.length }),
    async close() {
      if (closed) return;
      closed = true;
      const reason = new Error('the server is shutting down');
      for (const job of queue.splice(0)) job.reject(reason);
      const stopping = slots.splice(0).map((slot) => {
        settle(slot)?.reject(reason);
        return slot.worker.terminate();
      });
      await Promise.all(stopping);
    },
  };
}
