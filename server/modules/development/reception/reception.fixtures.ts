import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { person, unique, type Agent, type Person, type TestApp } from '../../../test/harness';

export { person, type Person };

// Test data for the reception tests: a unit with a desk, a manager and three specialists.

export interface ReceptionDesk {
  unit: { id: number; path: string };
  manager: Person;
  desk: Person;
  a: Person;
  b: Person;
  c: Person;
}

/** A fresh unit with a 客服 desk, a manager and specialists A, B, C in rotation order (when `rotation`). */
export async function createDesk(t: TestApp, options: { rotation?: boolean } = {}): Promise<ReceptionDesk> {
  const unit = await t.createUnit(unique('招商部'));
  const world: ReceptionDesk = {
    unit,
    manager: await person(t, { unitId: unit.id, role: 'manager' }),
    desk: await person(t, { unitId: unit.id, role: 'service' }),
    a: await person(t, { unitId: unit.id, role: 'specialist' }),
    b: await person(t, { unitId: unit.id, role: 'specialist' }),
    c: await person(t, { unitId: unit.id, role: 'specialist' }),
  };
  if (options.rotation !== false) {
    const response = await world.manager.agent.put(`/api/v1/development/reception-rotation?unitId=${unit.id}`, {
      members: [world.a, world.b, world.c].map((member) => ({ userId: member.user.id })),
    });
    expect(response.statusCode, response.body).toBe(200);
  }
  return world;
}

export const uniquePhone = () => `139${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

/** Logs a walk-in new prospect at the desk and returns the record. */
export async function logVisit(agent: Agent, body: Record<string, unknown> = {}) {
  const response = await agent.post('/api/v1/development/reception-records', {
    kind: 'visit',
    prospectName: `${unique('访客')}科技有限公司`,
    contactName: '王先生',
    contactPhone: uniquePhone(),
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}
