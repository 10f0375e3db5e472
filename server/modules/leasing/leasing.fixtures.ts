import PizZip from 'pizzip';
import { expect } from 'vitest';
import { createCustomer } from '../../test/customers';
import { unique, type Agent, type TestApp, type TestUser } from '../../test/harness';
import { approve, type World } from '../../test/world';
import { postMultipart } from '../../test/multipart';

// Test set-up shared by the leasing tests: a park with units, admitted customers, .docx
// templates and contract drafts as a user would submit them.

/** A park → building → floor with `units` under the floor (list rent 1.10 元/㎡·天 unless given). */
export async function parkWithUnits(admin: Agent, units: { code: string; usableArea: string; unitType?: string; grossArea?: string; availableFrom?: string; listRent?: string; rentBasis?: string }[] = []) {
  const park = (await admin.post('/api/v1/spaces', { code: unique('P').slice(0, 12), name: '测试园区' })).json();
  const block = (await admin.post('/api/v1/spaces', { parentId: park.id, code: 'W1', name: '1号库' })).json();
  const floor = (await admin.post('/api/v1/spaces', { parentId: block.id, code: '1F', name: '一层' })).json();
  const ids: number[] = [];
  for (const unit of units) {
    const res = await admin.post('/api/v1/spaces', { parentId: floor.id, name: `库位 ${unit.code}`, unitType: 'bay', listRent: '1.10', rentBasis: 'day', availableFrom: '2026-01-01', ...unit });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().id);
  }
  return { park, block, floor, ids };
}

/** A customer owned by `owner` that passed admission (R-CUS-11). */
export function admittedCustomer(t: TestApp, owner: TestUser, name?: string) {
  return createCustomer(t, owner, { admissionStatus: 'admitted', admittedAt: new Date('2026-01-05T02:00:00Z'), ...(name ? { name } : {}) });
}

/** A minimal Word document whose body is `paragraphs` (placeholders allowed). */
export function docx(paragraphs: string[]): Buffer {
  const zip = new PizZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  const body = paragraphs.map((text) => `<w:p><w:r><w:t xml:space="preserve">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`).join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  return zip.generate({ type: 'nodebuffer' });
}

/** The text of a .docx's body. */
export function docxText(buffer: Buffer): string {
  const xml = new PizZip(buffer).file('word/document.xml')!.asText();
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

export const standardTemplate = () =>
  docx([
    '{合同名称}（合同编号：{合同编号}）',
    '出租方：{签约主体}    承租方：{客户名称}',
    '租赁单元：{租赁单元}，计租面积 {计租面积} ㎡，期限 {开始日期} 至 {结束日期}。',
    '{#单元明细}{单元编码}：{面积} ㎡；{/单元明细}',
    '收费：{收费项目}；{结算周期}；免租期：{免租期}；递增：{年递增率}；保证金：{保证金}。',
  ]);

export async function uploadTemplate(t: TestApp, admin: Agent, content: Buffer, fields: Record<string, string> = {}, fileName = '租赁合同范本.docx') {
  return postMultipart(t, admin, '/api/v1/contract-templates', { name: '仓库租赁合同范本', contractType: 'lease', ...fields }, { fileName, content });
}

/** A PDF good enough for the upload sniffer: the signed scan. */
export const scanPdf = () => Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export async function uploadScan(t: TestApp, agent: Agent, contractId: number) {
  const res = await postMultipart(t, agent, '/api/v1/attachments', { recordType: 'contract', recordId: String(contractId) }, { fileName: '签署件.pdf', content: scanPdf(), contentType: 'application/pdf' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

/** A draft as the wizard submits it: rent 1.00 元/㎡·天 monthly in advance, one free month. */
export function contractBody(customerId: number, spaceIds: number[], overrides: Record<string, unknown> = {}) {
  return {
    customerId,
    contractType: 'lease',
    startDate: '2027-01-01',
    endDate: '2028-12-31',
    units: spaceIds.map((spaceId) => ({ spaceId })),
    terms: {
      billingCycle: 'quarterly',
      paymentDay: 5,
      charges: [
        { item: 'rent', basis: 'sqm_day', unitPrice: '1.00' },
        { item: 'property_fee', basis: 'sqm_month', unitPrice: '3.50' },
      ],
      freePeriods: [{ startDate: '2027-01-01', endDate: '2027-01-31' }],
      escalationRate: '0.05',
      deposit: '30000',
      lateFeeRate: '0.0005',
    },
    signingParty: '华通物流园区管理有限公司',
    templateId: null,
    ...overrides,
  };
}

/** Approves every remaining step as whoever is its approver; returns the step names passed. */
export async function approveAll(w: World, approvalId: number): Promise<string[]> {
  const names: string[] = [];
  const byId = new Map([w.managerA, w.legal, w.finance, w.gm, w.managerB].map((p) => [p.user.id, p]));
  for (let guard = 0; guard < 10; guard++) {
    const instance = (await w.admin.get(`/api/v1/approvals/${approvalId}`)).json();
    if (instance.status !== 'pending') break;
    const step = instance.steps[instance.currentStep];
    names.push(step.name);
    const approver = step.approvers.map((a: { id: number }) => byId.get(a.id)).find(Boolean);
    expect(approver, `no approver for ${step.name}`).toBeTruthy();
    await approve(approver!.agent, approvalId);
  }
  return names;
}

/** A contract of specialist A, reviewed and signed today, over one 100 m² unit at 1.00 元/㎡·天. */
export async function signedContract(t: TestApp, w: World, spaceCode: string, startDate: string, endDate: string, terms: Record<string, unknown> = {}) {
  const { ids } = await parkWithUnits(w.admin, [{ code: spaceCode, usableArea: '100', grossArea: '100', listRent: '1.00' }]);
  const customer = await admittedCustomer(t, w.specialistA.user);
  const draft = (await w.specialistA.agent.post('/api/v1/contracts', contractBody(customer.id, ids, { startDate, endDate, terms: { ...contractBody(0, []).terms, freePeriods: [], ...terms } }))).json();
  const submitted = await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/submit`, {});
  expect(submitted.statusCode, submitted.body).toBe(200);
  await approveAll(w, submitted.json().approvalId);
  const today = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const signed = await w.specialistA.agent.post(`/api/v1/contracts/${draft.id}/sign`, { signedDate: today, effectiveDate: today, signedScanId: await uploadScan(t, w.specialistA.agent, draft.id) });
  expect(signed.statusCode, signed.body).toBe(200);
  return signed.json();
}
