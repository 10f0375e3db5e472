// The embedded database (PGlite) on a thread of its own, behind the part of PGlite's interface
// that drizzle and our raw-SQL helpers use: query, exec, transaction, close. PGlite executes a
// statement synchronously inside WebAssembly; on the request thread that stopped every other
// request for the statement's whole duration (a long report or export stalled all users). The
// thread is `pglite-worker.mjs`; messages carry SQL text, parameters and rows (structured clone
// keeps Date, BigInt, Uint8Array and JSON values as they are).
import { Worker } from 'node:worker_threads';

/** What a query may ask for. Parsers cannot cross threads: each one given makes its type raw text. */
export interface EmbeddedQueryOptions {
  rowMode?: 'object' | 'array';
  parsers?: Record<number, unknown>;
  blob?: Blob;
  paramTypes?: number[];
}

export interface EmbeddedResults<T = Record<string, unknown>> {
  rows: T[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

/** A statement runner: the database itself or one open transaction. */
export interface EmbeddedQueryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[], options?: EmbeddedQueryOptions): Promise<EmbeddedResults<T>>;
  exec(text: string, options?: EmbeddedQueryOptions): Promise<EmbeddedResults[]>;
}

export type EmbeddedTransaction = EmbeddedQueryable;

export interface EmbeddedClient extends EmbeddedQueryable {
  /** BEGIN, the callback's statements, COMMIT — or ROLLBACK when the callback throws. */
  transaction<T>(callback: (tx: EmbeddedTransaction) => Promise<T>): Promise<T>;
  /** The data directory as an uncompressed tar, which `loadDataDir` opens again. */
  dumpDataDir(): Promise<Uint8Array>;
  close(): Promise<void>;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: Record<string, unknown> };

/** The worker's description of a failed statement as an Error with PostgreSQL's fields (code, constraint, …). */
function rebuildError(described: Record<string, unknown>): Error {
  const error = new Error(String(described.message ?? 'database error'));
  for (const [key, value] of Object.entries(described)) {
    if (key !== 'message' && key !== 'stack') (error as unknown as Record<string, unknown>)[key] = value;
  }
  return error;
}

export class PgliteThread implements EmbeddedClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private stopped: Error | null = null;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      // An idle thread must not keep a finished command-line run alive; a busy one must.
      if (this.pending.size === 0) this.worker.unref();
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(rebuildError(reply.error));
    });
    const fail = (error: Error) => {
      this.stopped = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) => fail(new Error(`嵌入式数据库线程异常退出 / embedded database thread failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`嵌入式数据库线程已停止 / embedded database thread stopped (${code})`)));
  }

  /**
   * Start the thread and open the database in `dataDir` (undefined: in memory), optionally as a
   * copy of a dumped data directory.
   */
  static async start(dataDir: string | undefined, timeZone: string, loadDataDir?: Uint8Array): Promise<PgliteThread> {
    const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir, timeZone, loadDataDir } });
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`嵌入式数据库线程启动失败 / embedded database thread exited (${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (message: { ready: boolean; error?: Record<string, unknown> }) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (message.ready) resolve();
        else {
          void worker.terminate();
          reject(rebuildError(message.error ?? {}));
        }
      });
    });
    worker.unref();
    return new PgliteThread(worker);
  }

  private call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Options in a form that can cross: parsers become a list of raw types, a blob its bytes. */
  private static async options(options?: EmbeddedQueryOptions): Promise<Record<string, unknown> | undefined> {
    if (!options) return undefined;
    const out: Record<string, unknown> = {};
    if (options.rowMode) out.rowMode = options.rowMode;
    if (options.parsers) out.rawTypes = Object.keys(options.parsers).map(Number);
    if (options.blob) out.blob = new Uint8Array(await options.blob.arrayBuffer());
    if (options.paramTypes) out.paramTypes = options.paramTypes;
    return out;
  }

  private runner(tx: number | undefined): EmbeddedQueryable {
    return {
      query: async <T>(text: string, params?: unknown[], options?: EmbeddedQueryOptions) =>
        this.call<EmbeddedResults<T>>({ op: 'query', tx, text, params, options: await PgliteThread.options(options) }),
      exec: async (text: string, options?: EmbeddedQueryOptions) =>
        this.call<EmbeddedResults[]>({ op: 'exec', tx, text, options: await PgliteThread.options(options) }),
    };
  }

  query<T = Record<string, unknown>>(text: string, params?: unknown[], options?: EmbeddedQueryOptions): Promise<EmbeddedResults<T>> {
    return this.runner(undefined).query<T>(text, params, options);
  }

  exec(text: string, options?: EmbeddedQueryOptions): Promise<EmbeddedResults[]> {
    return this.runner(undefined).exec(text, options);
  }

  async transaction<T>(callback: (tx: EmbeddedTransaction) => Promise<T>): Promise<T> {
    const tx = await this.call<number>({ op: 'begin' });
    let result: T;
    try {
      result = await callback(this.runner(tx));
    } catch (error) {
      await this.call({ op: 'end', tx, commit: false }).catch(() => undefined);
      throw error;
    }
    await this.call({ op: 'end', tx, commit: true });
    return result;
  }

  dumpDataDir(): Promise<Uint8Array> {
    return this.call<Uint8Array>({ op: 'dump' });
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    await this.call({ op: 'close' });
    await this.worker.terminate();
  }
}
