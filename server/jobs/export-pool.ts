// Worker threads computing an export's chunks ahead of the job. The job (on the main thread, in its
// steps) splits the keys into ranges, the workers merge and serialise the profiles of a range in
// parallel, and the job takes the chunks back strictly in range order and writes them in its
// step's transaction; when none is ready, the job sleeps until a worker answers (runner `wake`).
// Nothing a worker computed counts until a step has written it: after a crash the job resumes from
// its saved cursor with new workers.
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startTypescriptWorker } from '../lib/typescript-worker.ts';
import type { Database } from 'better-sqlite3';
import { nextKeyRange } from '../resources/entities/profile-reader.ts';
import type { ExportChunk } from './export-chunk.ts';
import type { ExportJobParams } from './export-job.ts';
import type { ExportWorkerInit, ExportWorkerRequest } from './export-worker.ts';

type Reply = { seq: number; chunk: ExportChunk } | { seq: number; error: string };

export class ExportPool {
  private readonly workers: { worker: Worker; port: MessagePort }[] = [];
  private readonly signal = new SharedArrayBuffer(4);
  private readonly flag = new Int32Array(this.signal);
  private nextSeq = 0;
  private headSeq = 0;
  private nextAfter: number;
  private exhausted = false;
  private readonly ranges = new Map<number, number>();
  private readonly results = new Map<number, ExportChunk>();
  private failure: Error | undefined;
  /** The key up to which chunks were taken: the job's cursor. */
  cursor: number;

  constructor(
    dbPath: string,
    private readonly params: ExportJobParams,
    columns: string[],
    from: number,
    size: number,
    private readonly rangeKeys: number,
  ) {
    this.cursor = from;
    this.nextAfter = from;
    for (let i = 0; i < size; i++) {
      const { port1, port2 } = new MessageChannel();
      const init: ExportWorkerInit = { dbPath, params, columns, signal: this.signal, port: port2 };
      const worker = startTypescriptWorker(new URL('./export-worker.ts', import.meta.url), init, [port2]);
      worker.unref();
      port1.unref();
      worker.on('error', (e) => (this.failure ??= new Error(`export worker failed: ${e.message}`)));
      worker.on('exit', (code) => {
        if (code !== 0) this.failure ??= new Error(`export worker stopped (exit code ${code})`);
      });
      this.workers.push({ worker, port: port1 });
    }
  }

  /** Hands out ranges until `ahead` chunks are in flight or the keys run out. */
  fill(db: Database): void {
    while (!this.exhausted && this.nextSeq - this.headSeq < this.workers.length * 2) {
      const range = nextKeyRange(db, this.params.policy.rules, this.nextAfter, this.rangeKeys);
      if (range.last === null) {
        this.exhausted = true;
        break;
      }
      const seq = this.nextSeq++;
      this.ranges.set(seq, range.last);
      const request: ExportWorkerRequest = { seq, after: this.nextAfter, until: range.last };
      this.workers[seq % this.workers.length].worker.postMessage(request);
      this.nextAfter = range.last;
    }
  }

  private poll(): void {
    for (const { port } of this.workers) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const reply = m.message as Reply;
        if ('error' in reply) this.failure ??= new Error(reply.error);
        else this.results.set(reply.seq, reply.chunk);
      }
    }
    if (this.failure) throw this.failure;
  }

  /** The next chunk in range order and the key it ends at, when it is ready. */
  take(): { chunk: ExportChunk; until: number } | undefined {
    this.poll();
    const chunk = this.results.get(this.headSeq);
    if (!chunk) return undefined;
    const until = this.ranges.get(this.headSeq)!;
    this.results.delete(this.headSeq);
    this.ranges.delete(this.headSeq);
    this.headSeq++;
    this.cursor = until;
    return { chunk, until };
  }

  /** Every range was handed out and taken back. */
  get done(): boolean {
    return this.exhausted && this.headSeq === this.nextSeq;
  }

  /** Settles when a worker answers or `ms` pass; the event loop stays free meanwhile. */
  nextReply(ms: number): Promise<unknown> {
    const seen = Atomics.load(this.flag, 0);
    this.poll();
    if (this.results.has(this.headSeq)) return Promise.resolve();
    const waiting = Atomics.waitAsync(this.flag, 0, seen, ms);
    return waiting.async ? waiting.value : Promise.resolve();
  }

  close(): void {
    for (const { worker, port } of this.workers) {
      worker.postMessage({ close: true } satisfies ExportWorkerRequest);
      void worker.terminate();
      port.close();
    }
    this.workers.length = 0;
  }
}
