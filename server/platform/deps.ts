import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock';
import type { AppConfig } from './config';
import type { Database, Db } from './db/client';

/** What a service needs; passed explicitly, never imported as globals. */
export interface Deps {
  db: Db;
  database: Database;
  clock: Clock;
  config: AppConfig;
  log: FastifyBaseLogger;
}
