import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../platform/db/client';

/** An active user who handles service (a role with service:write), or undefined. */
export async function activeServiceHandler(db: DbOrTx, userId: number): Promise<{ id: number; unit_id: number; display_name: string } | undefined> {
  const [row] = await queryRows<{ id: number; unit_id: number; display_name: string }>(
    db,
    sql`SELECT u.id, u.unit_id, u.display_name FROM users u
         WHERE u.id = ${userId} AND u.status = 'active'
           AND EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND r.permissions @> '["service:write"]'::jsonb)`,
  );
  return row;
}
