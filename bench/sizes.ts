// On-disk size of the generated tables (heap + indexes + TOAST), for the data-set table.
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../server/platform/db/client';

export async function tableSizes(database: Database): Promise<Record<string, string>> {
  const rows = await queryRows<{ name: string; size: string }>(
    database.db,
    sql`SELECT c.relname AS name, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r'`,
  );
  const [total] = await queryRows<{ size: string }>(database.db, sql`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
  return { ...Object.fromEntries(rows.map((r) => [r.name, r.size])), total: `${total?.size ?? '?'} (database)` };
}
