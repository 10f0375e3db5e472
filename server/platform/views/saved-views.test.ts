import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, person, type TestApp } from '../../test/harness';
import { createWorld, type World } from '../../test/world';

// Saved views of any list (R-PLT-62), through the contract list's views: filters are checked
// against that list's filters, a view belongs to one list and one user, and a user without the
// list's permission keeps no views of it.

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
});
afterAll(async () => {
  await t?.close();
});

describe('saved list views', () => {
  it('R-PLT-62 contract list views: saved with the list\'s filters and sort, one default, personal, kept apart from the customer list\'s views', async () => {
    const a = w.specialistA.agent;
    const bad = await a.post('/api/v1/contract-views', { name: '坏状态', filters: { status: 'lost' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toMatch(/^filters/);
    expect((await a.post('/api/v1/contract-views', { name: '坏排序', sort: 'endDate;drop' })).statusCode).toBe(400);

    const expiring = await a.post('/api/v1/contract-views', { name: '年底到期', filters: { status: 'effective', endingBy: '2026-12-31' }, sort: 'endDate:asc', isDefault: true });
    expect(expiring.statusCode, expiring.body).toBe(201);
    expect(expiring.json()).toMatchObject({ name: '年底到期', filters: { status: 'effective', endingBy: '2026-12-31' }, sort: 'endDate:asc', isDefault: true });
    const drafts = await a.post('/api/v1/contract-views', { name: '我的草稿', filters: { status: 'draft' }, isDefault: true });
    expect((await a.post('/api/v1/contract-views', { name: '我的草稿' })).json().reason).toBe('saved_view.duplicate_name');
    const mine = (await a.get('/api/v1/contract-views')).json().items;
    expect(mine.map((view: { name: string; isDefault: boolean }) => [view.name, view.isDefault])).toEqual([
      ['年底到期', false],
      ['我的草稿', true],
    ]);

    // The customer list keeps its own views; the same name there is no clash.
    expect((await a.post('/api/v1/customer-views', { name: '我的草稿' })).statusCode).toBe(201);
    expect((await a.get('/api/v1/customer-views')).json().items.map((view: { name: string }) => view.name)).toEqual(['我的草稿']);
    expect((await a.patch(`/api/v1/customer-views/${drafts.json().id}`, { name: '改名' })).statusCode).toBe(404);

    // Another user: nothing listed, 404 by id.
    const b = w.specialistB.agent;
    expect((await b.get('/api/v1/contract-views')).json().items).toEqual([]);
    expect((await b.patch(`/api/v1/contract-views/${drafts.json().id}`, { name: '偷改' })).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/contract-views/${drafts.json().id}`)).statusCode).toBe(404);

    const renamed = await a.patch(`/api/v1/contract-views/${drafts.json().id}`, { name: '待提交', filters: { status: 'draft', q: '冷库' } });
    expect(renamed.json()).toMatchObject({ name: '待提交', filters: { status: 'draft', q: '冷库' }, isDefault: true });
    expect((await a.delete(`/api/v1/contract-views/${expiring.json().id}`)).statusCode).toBe(204);
    expect((await a.get('/api/v1/contract-views')).json().items.map((view: { name: string }) => view.name)).toEqual(['待提交']);

    // Finance reads contracts too; a role without contract:read keeps no contract views.
    expect((await w.finance.agent.get('/api/v1/contract-views')).statusCode).toBe(200);
    const service = await person(t, { role: 'service' });
    expect((await service.agent.get('/api/v1/contract-views')).statusCode).toBe(403);
    expect((await service.agent.post('/api/v1/contract-views', { name: '越权' })).statusCode).toBe(403);
  });
});
