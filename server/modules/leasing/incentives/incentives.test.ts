import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { createWorld, moveClock, type World } from '../../../test/world';
import { admittedCustomer, approveAll, contractBody, parkWithUnits } from '../leasing.fixtures';

// 标准优惠政策 (R-LEA-35) over HTTP. The clock stands at 2026-09-01 10:00 Shanghai time.

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t);
  await moveClock(t, w, '2026-09-01T02:00:00Z');
});
afterAll(async () => {
  await t?.close();
});

describe('standard incentive packages', () => {
  it('R-LEA-35 rent-free months within the project\'s standard package need no further approval; beyond it, or without it, the GM decides; a package of another project or out of its validity is refused', async () => {
    // A unit per contract: a unit is let to one contract at a time, drafts included.
    const { park, ids } = await parkWithUnits(w.admin, [1, 2, 3, 4, 5, 6].map((n) => ({ code: `IP${n}`, usableArea: '100', grossArea: '100', listRent: '1.00' })));
    let next = 0;
    const other = await parkWithUnits(w.admin, []);
    const create = (body: Record<string, unknown>) => w.admin.post('/api/v1/incentive-packages', { projectId: park.id, name: '首年免租 2 个月', freeMonths: 2, validFrom: '2026-01-01', ...body });
    // Only space managers keep packages; a project is a top-level space; months 0–24.
    expect((await w.specialistA.agent.post('/api/v1/incentive-packages', { projectId: park.id, name: '越权政策', freeMonths: 1, validFrom: '2026-01-01' })).statusCode).toBe(403);
    expect((await create({ projectId: ids[0] })).json().errors[0].field).toBe('projectId');
    expect((await create({ freeMonths: 25 })).json().errors[0].field).toBe('freeMonths');
    const pkg = (await create({})).json();
    expect(pkg).toMatchObject({ projectId: park.id, freeMonths: 2, active: true, projectName: '测试园区' });
    const otherPkg = (await create({ projectId: other.park.id, name: '他园区免租 6 个月', freeMonths: 6 })).json();
    const expired = (await create({ name: '旧政策免租 3 个月', freeMonths: 3, validFrom: '2025-01-01', validTo: '2025-12-31' })).json();
    expect(((await w.specialistA.agent.get(`/api/v1/incentive-packages?projectId=${park.id}`)).json() as { id: number }[]).map((p) => p.id)).toEqual([pkg.id, expired.id]);

    const customer = await admittedCustomer(t, w.specialistA.user);
    const gmSteps = async (freePeriods: { startDate: string; endDate: string }[], incentivePackageId: number | null) => {
      const unit = ids[next++]!;
      const draft = await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, [unit], { terms: { ...contractBody(0, []).terms, freePeriods, incentivePackageId } }));
      expect(draft.statusCode, draft.body).toBe(201);
      const submitted = await w.specialistA.agent.post(`/api/v1/contracts/${draft.json().id}/submit`, {});
      if (submitted.statusCode !== 200) return submitted.json();
      const steps = await approveAll(w, submitted.json().approvalId);
      return steps.filter((name) => name.includes('总经理'));
    };
    // Two free months under the package: no GM. Three months: beyond it, the GM decides.
    expect(await gmSteps([{ startDate: '2027-01-01', endDate: '2027-02-28' }], pkg.id)).toEqual([]);
    expect(await gmSteps([{ startDate: '2027-01-01', endDate: '2027-03-31' }], pkg.id)).toEqual(['分管领导/总经理审批']);
    // In a project with packages, rent-free time without naming one is all beyond.
    expect(await gmSteps([{ startDate: '2027-01-01', endDate: '2027-01-31' }], null)).toEqual(['分管领导/总经理审批']);
    // Another project's package, or one not valid on the start date, is refused at submission.
    expect((await gmSteps([{ startDate: '2027-01-01', endDate: '2027-01-31' }], otherPkg.id)).errors[0].field).toBe('terms.incentivePackageId');
    expect((await gmSteps([{ startDate: '2027-01-01', endDate: '2027-01-31' }], expired.id)).errors[0].field).toBe('terms.incentivePackageId');
    // A stopped package no longer applies.
    expect((await w.admin.patch(`/api/v1/incentive-packages/${pkg.id}`, { active: false })).json()).toMatchObject({ active: false });
    expect((await gmSteps([{ startDate: '2027-01-01', endDate: '2027-01-31' }], pkg.id)).errors[0].field).toBe('terms.incentivePackageId');
  });
});
