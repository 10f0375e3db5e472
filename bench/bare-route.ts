// A bare Fastify + `pg` route that runs the very statements the app sent for one request (captured
// from the app process), for the comparison of 08-quality: the app should serve ≥ 0.8× its
// requests/s. Started by bench/run.ts with the statements on stdin's IPC channel. The transport is
// the app's: responses over 1 KiB compressed the same way (brotli quality 4, else gzip), and a
// statement the app sends as a named prepared statement is sent named here too, so the comparison
// weighs what the app adds per request, not the encoding or the planning both pay for.
import fastifyCompress from '@fastify/compress';
import Fastify from 'fastify';
import pg from 'pg';
import { compressionOptions } from '../server/platform/http/compression';

interface Start {
  databaseUrl: string;
  statements: unknown[][];
}

process.once('message', (start: Start) => {
  void (async () => {
    const pool = new pg.Pool({ connectionString: start.databaseUrl, max: 10, options: '-c TimeZone=Asia/Shanghai' });
    const app = Fastify({ logger: false });
    await app.register(fastifyCompress, compressionOptions);
    app.get('/bare', async () => {
      let rows: unknown[] = [];
      for (const args of start.statements) rows = (await (pool.query as (...a: unknown[]) => Promise<{ rows: unknown[] }>)(...args)).rows;
      return { items: rows };
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
    process.on('disconnect', () => {
      void app.close().then(() => pool.end()).then(() => process.exit(0));
    });
  })();
});
