import { sql } from 'drizzle-orm';
import { queryRows, type Database, type DbOrTx } from './client';

// R-SEC-08: the audit log is append-only by trigger — but a superuser can switch triggers off
// (session_replication_role) and a table's owner can disable them. In production the app runs as
// a role that owns nothing and may only read and append audit events; a separate owner role runs
// the migrations and grants the runtime role its rights (docs/operations.md).

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Warnings about the role the app connects as; empty when it cannot bypass the audit log's protection. */
export async function databaseRoleWarnings(database: Database): Promise<string[]> {
  if (database.mode === 'pglite') return [];
  const [row] = await queryRows<{ role: string; superuser: boolean; owns_audit: boolean | null }>(
    database.db,
    sql`SELECT current_user AS role,
               (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
               (SELECT tableowner = current_user FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_events') AS owns_audit`,
  );
  if (!row) return [];
  const warnings: string[] = [];
  if (row.superuser) {
    warnings.push(`数据库账号 ${row.role} 是超级用户，可关闭触发器改写或删除审计日志；生产环境请按 docs/operations.md 以非超级用户运行 / the database role is a superuser`);
  } else if (row.owns_audit) {
    warnings.push(`数据库账号 ${row.role} 拥有 audit_events 表，可禁用其只读触发器；生产环境请用属主账号迁移、应用账号运行（docs/operations.md）/ the database role owns audit_events`);
  }
  return warnings;
}

/**
 * Grants a runtime role what the app needs and nothing more: read and write the business tables,
 * only read and append audit events. Run by the owner role after each migration (`npm run
 * db:grant -- <role>`); idempotent.
 */
export async function grantRuntimeRole(db: DbOrTx, role: string): Promise<void> {
  if (!ROLE_NAME.test(role)) throw new Error(`数据库角色名不合法：${role}`);
  const statements = [
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_events FROM ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    // The app reads the schema version at start.
    `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'drizzle') THEN EXECUTE 'GRANT USAGE ON SCHEMA drizzle TO ${role}'; EXECUTE 'GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${role}'; END IF; END $$`,
  ];
  for (const statement of statements) await db.execute(sql.raw(statement));
}
