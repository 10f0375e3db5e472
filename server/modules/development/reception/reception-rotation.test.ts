import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handOverSteps } from '../../../platform/org/hand-over';
import { createTestApp, type TestApp } from '../../../test/harness';
import { createDesk, logVisit, uniquePhone, type ReceptionDesk } from './reception.fixtures';
import { nextRotationTurn } from './rotation-turn';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const receivers = async (w: ReceptionDesk, n: number) => {
  const names: string[] = [];
  const byId = new Map([
    [w.a.user.id, 'A'],
    [w.b.user.id, 'B'],
    [w.c.user.id, 'C'],
  ]);
  for (let i = 0; i < n; i++) {
    const record = await logVisit(w.desk.agent);
    names.push(`${byId.get(record.receiverId)}:${record.assignment}`);
  }
  return names;
};

const rotation = async (w: ReceptionDesk) => (await w.manager.agent.get(`/api/v1/development/reception-rotation?unitId=${w.unit.id}`)).json();

describe('reception rotation', () => {
  it('R-DEV-41 the turn function: make-up first, then the next after the pointer; the unavailable passed over owe a turn', () => {
    const members = [1, 2, 3].map((userId) => ({ userId, position: userId, available: userId !== 2, active: true, owedTurns: 0 }));
    expect(nextRotationTurn(members, 1)).toMatchObject({ userId: 3, makeUp: false, lastPosition: 3, owedDelta: new Map([[2, 1]]) });
    const back = members.map((member) => (member.userId === 2 ? { ...member, available: true, owedTurns: 1 } : member));
    expect(nextRotationTurn(back, 3)).toMatchObject({ userId: 2, makeUp: true, lastPosition: 3 });
    expect(nextRotationTurn(members.map((member) => ({ ...member, available: false })), 0)).toBeNull();
    // A disabled user is passed over without owing anything.
    const disabled = members.map((member) => (member.userId === 2 ? { ...member, active: false } : member));
    expect(nextRotationTurn(disabled, 1)).toMatchObject({ userId: 3, owedDelta: new Map() });
  });

  it('R-DEV-41 a 3-member rotation A, B, C gives A, B, C, A', async () => {
    const w = await createDesk(t);
    expect(await receivers(w, 4)).toEqual(['A:rotation', 'B:rotation', 'C:rotation', 'A:rotation']);
    const state = await rotation(w);
    expect(state.members.map((member: { todayReceptions: number }) => member.todayReceptions)).toEqual([2, 1, 1]);
    expect(state.nextUserId).toBe(w.b.user.id);
  });

  it('R-DEV-41 an unavailable member is skipped and owes the turn; when back they get the next one first, then the order continues', async () => {
    const w = await createDesk(t);
    // B marks themself away (a specialist may set their own availability).
    const away = await w.b.agent.patch(`/api/v1/development/reception-rotation/members/${w.b.user.id}`, { available: false });
    expect(away.statusCode, away.body).toBe(200);
    expect(await receivers(w, 2)).toEqual(['A:rotation', 'C:rotation']);
    expect((await rotation(w)).members.map((member: { owedTurns: number }) => member.owedTurns)).toEqual([0, 1, 0]);

    await w.b.agent.patch(`/api/v1/development/reception-rotation/members/${w.b.user.id}`, { available: true });
    expect((await rotation(w)).nextUserId).toBe(w.b.user.id);
    expect(await receivers(w, 4)).toEqual(['B:rotation', 'A:rotation', 'B:rotation', 'C:rotation']);
    expect((await rotation(w)).members.map((member: { owedTurns: number }) => member.owedTurns)).toEqual([0, 0, 0]);
  });

  it('R-DEV-41 a visitor who names a specialist goes to them without moving the pointer', async () => {
    const w = await createDesk(t);
    expect(await receivers(w, 1)).toEqual(['A:rotation']);
    const named = await logVisit(w.desk.agent, { namedSpecialistId: w.c.user.id });
    expect(named).toMatchObject({ receiverId: w.c.user.id, assignment: 'named', namedSpecialistId: w.c.user.id });
    expect(await receivers(w, 2)).toEqual(['B:rotation', 'C:rotation']);
  });

  it('R-DEV-41 a repeat phone within the protection period goes to the previous receiver; after it, to the rotation', async () => {
    const w = await createDesk(t);
    const phone = uniquePhone();
    const first = await logVisit(w.desk.agent, { contactPhone: phone });
    expect(first).toMatchObject({ receiverId: w.a.user.id, assignment: 'rotation' });
    const lookup = (await w.desk.agent.get(`/api/v1/development/reception-lookup?phone=${phone}`)).json();
    expect(lookup.previous).toMatchObject({ recordId: first.id, receiverId: w.a.user.id, receiverActive: true });
    expect(lookup.protectionDays).toBe(60);

    const again = await logVisit(w.desk.agent, { kind: 'call', contactPhone: phone });
    expect(again).toMatchObject({ receiverId: w.a.user.id, assignment: 'previous' });
    expect(await receivers(w, 1)).toEqual(['B:rotation']); // the pointer did not move

    // Served 61 days ago (protection period 60 days): the rotation decides again.
    const oldPhone = uniquePhone();
    const longAgo = new Date(t.clock.now().getTime() - 61 * 86_400_000).toISOString();
    await logVisit(w.desk.agent, { contactPhone: oldPhone, timeIn: longAgo, receiverId: w.a.user.id });
    const later = await logVisit(w.desk.agent, { contactPhone: oldPhone });
    expect(later).toMatchObject({ receiverId: w.c.user.id, assignment: 'rotation' });
  });

  it('R-DEV-41 concurrent desk entries never give the same turn twice', async () => {
    const w = await createDesk(t);
    const records = await Promise.all(Array.from({ length: 6 }, () => logVisit(w.desk.agent)));
    const counts = new Map<number, number>();
    for (const record of records) counts.set(record.receiverId, (counts.get(record.receiverId) ?? 0) + 1);
    expect([...counts.values()]).toEqual([2, 2, 2]);
  });

  it('R-DEV-41 without anyone available the desk must choose the receiver; a manual choice keeps the pointer', async () => {
    const w = await createDesk(t, { rotation: false });
    const refused = await w.desk.agent.post('/api/v1/development/reception-records', { kind: 'visit', prospectName: '无人接待公司' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'receiverId', message: expect.stringContaining('手动选择接待人') })]);
    const manual = await logVisit(w.desk.agent, { receiverId: w.b.user.id });
    expect(manual).toMatchObject({ receiverId: w.b.user.id, assignment: 'manual' });
  });

  it('R-DEV-41 only managers set the order; members come from the unit; nobody sets another one’s availability without assign', async () => {
    const w = await createDesk(t);
    const other = await createDesk(t, { rotation: false });
    const put = (agent: typeof w.a.agent, members: number[]) =>
      agent.put(`/api/v1/development/reception-rotation?unitId=${w.unit.id}`, { members: members.map((userId) => ({ userId })) });
    expect((await put(w.a.agent, [w.a.user.id])).statusCode).toBe(403);
    const foreign = await put(w.manager.agent, [w.a.user.id, other.a.user.id]);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0]).toMatchObject({ field: 'members.1.userId' });
    expect((await other.manager.agent.get(`/api/v1/development/reception-rotation?unitId=${w.unit.id}`)).statusCode).toBe(404);
    expect((await w.a.agent.patch(`/api/v1/development/reception-rotation/members/${w.b.user.id}`, { available: false })).statusCode).toBe(403);

    // Reordering keeps the pointer on the member who took the last turn.
    expect(await receivers(w, 1)).toEqual(['A:rotation']);
    const reordered = await put(w.manager.agent, [w.c.user.id, w.a.user.id, w.b.user.id]);
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json()).toMatchObject({ lastPosition: 2, nextUserId: w.b.user.id });
    const manager = await w.manager.agent.patch(`/api/v1/development/reception-rotation/members/${w.c.user.id}`, { unitId: w.unit.id, available: false });
    expect(manager.statusCode, manager.body).toBe(200);
  });

  it('R-DEV-41 R-PLT-05 the departure hand-over removes the user from rotations and drops their owed turns', async () => {
    const w = await createDesk(t);
    await w.b.agent.patch(`/api/v1/development/reception-rotation/members/${w.b.user.id}`, { available: false });
    await receivers(w, 2); // B owes one
    const step = handOverSteps().find((candidate) => candidate.key === 'reception_rotation');
    expect(step).toMatchObject({ order: 50 });
    const moved = await t.database.db.transaction((tx) => step!.run(tx, t.clock, {}, w.b.user.id, w.c.user.id));
    expect(moved).toBe(1);
    const state = await rotation(w);
    expect(state.members.map((member: { userId: number }) => member.userId)).toEqual([w.a.user.id, w.c.user.id]);
    expect(state.members.every((member: { owedTurns: number }) => member.owedTurns === 0)).toBe(true);
  });
});
