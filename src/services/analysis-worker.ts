/**
 * The analysis worker's entry point (a worker thread started by analysis-pool.ts; its own file in
 * the build): runs one task at a time and answers with the result or the error, as plain data.
 */
import { parentPort } from 'node:worker_threads';
import {
  runAnalysisTask,
  serializeError,
  type TaskMessage,
  transferablesOf,
  type WorkerMessage,
} from './analysis-tasks.js';

const port = parentPort;
if (!port) throw new Error('analysis-worker runs as a worker thread only');

port.on('message', async ({ id, task }: TaskMessage) => {
  let answer: WorkerMessage;
  let transfer: ArrayBuffer[] = [];
  try {
    const result = await runAnalysisTask(task);
    answer = { type: 'done', id, result };
    transfer = transferablesOf(task, result);
  } catch (error) {
    answer = { type: 'failed', id, error: serializeError(error) };
  }
  port.postMessage(answer, transfer);
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
