import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness';
import { customerOwnershipChanges, customers } from '../../customers';
import { companyName, createCustomer, registrationBody, registrationsOf } from './registrations.fixtures';
import { createWorld, type World } from '../../../test/world';
import { customerRow } from '../../../test/customers';

// R-DEV-13: concurrent registrations of the same customer produce exactly one registration and one
// owner, decided by the database (row lock + the live unique index), on PGlite and PostgreSQL.

let t: TestApp;
let w: World;
const specialists: Agent[] = [];

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  for (let i = 0; i < 50; i++) {
    const user = await t.createUser({ unitId: i % 2 ? w.unitA.id : w.unitB.id, role: 'specialist' });
    specialists.push(await t.login(user));
  }
}, 180_000);
afterAll(async () => t?.close());

const url = '/api/v1/development/registrations';

describe('concurrent registrations', () => {
  it('R-DEV-13 50 specialists registering the same pool customer at once: exactly one registration and one owner', async () => {
    const pool = await createCustomer(t, null, w.unitA.id);
    const responses = await Promise.all(specialists.map((agent) => agent.post(url, registrationBody({ customerId: pool.id }))));
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((code) => code === 201)).toHaveLength(1);
    expect(codes.filter((code) => code === 409)).toHaveLength(49);
    const winner = responses.find((r) => r.statusCode === 201)!.json();
    for (const refused of responses.filter((r) => r.statusCode === 409)) {
      expect(refused.json().detail).toContain(`由 ${winner.holderName}`);
    }
    const rows = await registrationsOf(t, pool.id);
    expect(rows).toHaveLength(1);
    expect((await customerRow(t, pool.id)).ownerId).toBe(winner.holderId);
    const changes = await t.database.db.select().from(customerOwnershipChanges).where(eq(customerOwnershipChanges.customerId, pool.id));
    expect(changes).toHaveLength(1);
  }, 120_000);

  it('R-DEV-13 R-CUS-05 50 specialists registering the same new prospect at once: exactly one customer and one registration', async () => {
    const name = companyName();
    const responses = await Promise.all(specialists.map((agent) => agent.post(url, registrationBody({ newCustomer: { name } }))));
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((code) => code === 201), JSON.stringify(responses.filter((r) => r.statusCode >= 500).map((r) => r.body))).toHaveLength(1);
    expect(codes.filter((code) => code === 409)).toHaveLength(49);
    const created = await t.database.db.select().from(customers).where(eq(customers.name, name));
    expect(created).toHaveLength(1);
    const rows = await registrationsOf(t, created[0]!.id);
    expect(rows).toHaveLength(1);
    expect(created[0]!.ownerId).toBe(rows[0]!.ownerId);
  }, 120_000);
});
