// The embedded database's own thread. PGlite runs its queries synchronously inside WebAssembly,
// so on the request thread every query stopped HTTP parsing, validation and serialisation of all
// other requests. Here it runs beside them; `pglite-thread.ts` is the other end of the messages.
//
// Plain JavaScript on purpose: the thread starts from Node itself, under `tsx`, vitest and the
// bench alike, without a TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

const port = parentPort;
/** Open transactions by id: PGlite's transaction object and how to end it. */
const transactions = new Map();
let nextTransaction = 1;
const ROLLBACK = Symbol('rollback');

/** What crosses back for a failed statement: the message and PostgreSQL's fields (code, constraint, …). */
function describeError(error) {
  const out = { message: String(error?.message ?? error), name: error?.name ?? 'Error' };
  if (error && typeof error === 'object') {
    for (const [key, value] of Object.entries(error)) {
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
    }
  }
  return out;
}

/** Query options as PGlite wants them: the raw-text type list becomes identity parsers again. */
function queryOptions(options) {
  if (!options) return undefined;
  const result = {};
  if (options.rowMode) result.rowMode = options.rowMode;
  if (options.rawTypes) {
    result.parsers = {};
    for (const oid of options.rawTypes) result.parsers[oid] = (value) => value;
  }
  if (options.blob) result.blob = new Blob([options.blob]);
  if (options.paramTypes) result.paramTypes = options.paramTypes;
  return result;
}

function target(message) {
  if (message.tx === undefined) return db;
  const open = transactions.get(message.tx);
  if (!open) throw new Error(`transaction ${message.tx} is not open`);
  return open.tx;
}

async function handle(message) {
  switch (message.op) {
    case 'query':
      return target(message).query(message.text, message.params ?? [], queryOptions(message.options));
    case 'exec':
      return target(message).exec(message.text, queryOptions(message.options));
    case 'begin':
      return new Promise((resolveBegin, rejectBegin) => {
        const id = nextTransaction++;
        let began = false;
        const finished = db.transaction(async (tx) => {
          began = true;
          const ended = new Promise((resolveEnd) => transactions.set(id, { tx, end: resolveEnd, finished }));
          resolveBegin(id);
          if ((await ended) === ROLLBACK) throw ROLLBACK;
        });
        // The outcome of COMMIT (or of the rollback) is reported when the other end asks to end.
        finished.catch((error) => {
          if (!began) rejectBegin(error);
        });
      });
    case 'end': {
      const open = transactions.get(message.tx);
      if (!open) throw new Error(`transaction ${message.tx} is not open`);
      transactions.delete(message.tx);
      open.end(message.commit ? undefined : ROLLBACK);
      try {
        await open.finished;
      } catch (error) {
        if (error !== ROLLBACK) throw error;
      }
      return null;
    }
    case 'dump': {
      // A physical copy of the data directory (tar), e.g. a migrated template for tests.
      const file = await db.dumpDataDir('none');
      return new Uint8Array(await file.arrayBuffer());
    }
    case 'close':
      await db.close();
      return null;
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

let db;
try {
  // A 32 MB buffer pool instead of PGlite's 128 MB: WebAssembly memory never shrinks, so a full
  // pool stays in the app's RSS for good, and the data files are in the OS page cache anyway.
  // Measured at 20,000 customers: the app's peak during an import 648 → 504 MB, list, search and
  // export figures unchanged.
  const options = { extensions: { pg_trgm, btree_gist }, startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'] };
  // Starting from a copy skips initdb (seconds); the copy's schema and rows come along.
  if (workerData.loadDataDir) options.loadDataDir = new Blob([workerData.loadDataDir]);
  db = await PGlite.create(workerData.dataDir, options);
  if (workerData.timeZone) await db.exec(`SET TIME ZONE '${workerData.timeZone}'`);
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: describeError(error) });
}

port.on('message', (message) => {
  handle(message).then(
    (result) => port.postMessage({ id: message.id, ok: true, result }),
    (error) => port.postMessage({ id: message.id, ok: false, error: describeError(error) }),
  );
});
