import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalFlows, approvalInstances } from '../approvals/approvals.table';
import { auditEvents } from '../audit/audit.table';
import { createTestApp, unique, type Agent, type InjectResponse, type TestApp } from '../../test/harness';
import { sanitizeFileName } from './file-types';
import { attachments } from './files.table';

let t: TestApp;
let admin: Agent;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-files-test-'));
  t = await createTestApp({ config: { dataDir, uploadMaxMb: 1 } });
  admin = await t.admin();
});
afterAll(async () => {
  await t?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

// ── Test files, built byte by byte ─────────────────────────────────────────────

/** A PNG signature followed by random bytes: enough for a content check, unique per call. */
const png = (size = 2048) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);
const pdf = () => Buffer.from(`%PDF-1.7\n%${unique('x')}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
const elf = () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), randomBytes(500)]);
const html = () => Buffer.from(`<!DOCTYPE html><html><body><script>alert(document.cookie)</script>${unique('')}</body></html>`);

/** A stored (uncompressed) zip with the given entries. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const docx = () =>
  zip({
    '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': '<Relationships/>',
    'word/document.xml': `<w:document>${unique('租赁合同')}</w:document>`,
  });

/** A minimal OLE compound file (512-byte sectors: FAT in sector 0, directory in sector 1). */
function ole(streamName: string): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44); // one FAT sector
  header.writeUInt32LE(1, 48); // directory starts at sector 1
  header.writeUInt32LE(0x1000, 56);
  header.writeUInt32LE(0xfffffffe, 60);
  header.writeUInt32LE(0xfffffffe, 68);
  header.fill(0xff, 76, 512);
  header.writeUInt32LE(0, 76); // FAT sector 0
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0);
  fat.writeUInt32LE(0xfffffffe, 4);
  const directory = Buffer.alloc(512);
  const entry = (index: number, name: string, type: number) => {
    const at = index * 128;
    Buffer.from(`${name}\0`, 'utf16le').copy(directory, at);
    directory.writeUInt16LE((name.length + 1) * 2, at + 64);
    directory[at + 66] = type;
  };
  entry(0, 'Root Entry', 5);
  entry(1, streamName, 2);
  return Buffer.concat([header, fat, directory, randomBytes(64)]);
}

// ── HTTP helpers ───────────────────────────────────────────────────────────────

type Part = { name: string; value: string } | { name: string; fileName: string; content: Buffer; contentType?: string };

function multipartBody(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----zsBoundary${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\n` +
            `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        part.content,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const cookieHeader = (agent: Agent) =>
  Object.entries(agent.cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

async function uploadParts(agent: Agent, parts: Part[]): Promise<InjectResponse> {
  const { payload, contentType } = multipartBody(parts);
  return (await t.app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    headers: { cookie: cookieHeader(agent), 'x-csrf-token': agent.cookies.zs_csrf ?? '', 'content-type': contentType },
    payload,
  })) as unknown as InjectResponse;
}

const upload = (agent: Agent, recordType: string, recordId: string | number, fileName: string, content: Buffer, contentType?: string) =>
  uploadParts(agent, [
    { name: 'recordType', value: recordType },
    { name: 'recordId', value: String(recordId) },
    { name: 'file', fileName, content, contentType },
  ]);

async function download(agent: Agent, id: number, query = ''): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/attachments/${id}/download${query}`, headers: { cookie: cookieHeader(agent) } });
  return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
}

/** Every stored blob (not temp files) under the data directory. */
function storedBlobs(): string[] {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((relative) => !relative.startsWith('tmp'))
    .filter((relative) => fs.statSync(path.join(root, relative)).isFile());
}
function tempFiles(): string[] {
  const dir = path.join(dataDir, 'files', 'tmp');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

async function rowsOf(recordType: string, recordId: string | number) {
  return t.database.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.recordType, recordType), eq(attachments.recordId, String(recordId))));
}

async function auditOf(id: number) {
  return t.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'attachment'), eq(auditEvents.entityId, String(id))));
}

function expectProblem(res: InjectResponse, status: number, pattern?: RegExp) {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.detail).toMatch(/[\u4e00-\u9fff]/);
  if (pattern) expect(body.detail).toMatch(pattern);
  return body;
}

// ── Tests ──────────────────────────────────────────────────────────────────────

describe('attachments: storage and content', () => {
  it('R-PLT-52 upload and download round-trip the exact bytes with the sniffed type and a UTF-8 file name', async () => {
    const unit = await t.createUnit('附件部门');
    const content = png(50_000);
    const res = await upload(admin, 'org_unit', unit.id, '营业执照 扫描件.png', content, 'text/html');
    expect(res.statusCode, res.body).toBe(201);
    const meta = res.json();
    expect(meta).toMatchObject({
      recordType: 'org_unit',
      recordId: String(unit.id),
      fileName: '营业执照 扫描件.png',
      mimeType: 'image/png',
      size: content.length,
      isImage: true,
      previewable: true,
      uploadedById: admin.userId,
    });
    expect(meta.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.existsSync(path.join(dataDir, 'files', meta.sha256.slice(0, 2), meta.sha256.slice(2, 4), meta.sha256))).toBe(true);

    const got = await download(admin, meta.id);
    expect(got.status).toBe(200);
    expect(got.body.equals(content)).toBe(true);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(String(got.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(String(got.headers['content-disposition'])).toMatch(/^attachment; /);
    expect(String(got.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('营业执照 扫描件.png')}`);
    expect(String(got.headers['content-disposition'])).toMatch(/filename="[\x20-\x7e]+"/);

    const inline = await download(admin, meta.id, '?inline=1');
    expect(inline.status).toBe(200);
    expect(String(inline.headers['content-disposition'])).toMatch(/^inline; /);
    expect(inline.body.equals(content)).toBe(true);

    const list = await admin.get(`/api/v1/attachments?recordType=org_unit&recordId=${unit.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ id: meta.id, uploadedByName: expect.any(String) })]);
    expect(list.json().total).toBe(1);

    // Upload is audited in its transaction; each download is an access event.
    const events = await auditOf(meta.id);
    expect(events.filter((e) => e.action === 'create')).toHaveLength(1);
    expect(events.filter((e) => e.action === 'download')).toHaveLength(2);
    expect(events.find((e) => e.action === 'create')!.summary).toContain('营业执照');
  });

  it('R-PLT-52 the same content uploaded twice is stored once on disk', async () => {
    const unitA = await t.createUnit();
    const unitB = await t.createUnit();
    const content = pdf();
    const before = storedBlobs().length;
    const first = await upload(admin, 'org_unit', unitA.id, '租赁合同.pdf', content);
    const second = await upload(admin, 'org_unit', unitB.id, '合同副本.pdf', content);
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode, second.body).toBe(201);
    expect(first.json().sha256).toBe(second.json().sha256);
    expect(first.json().id).not.toBe(second.json().id);
    expect(first.json().mimeType).toBe('application/pdf');
    expect(storedBlobs().length).toBe(before + 1);
    expect(tempFiles()).toEqual([]);
    expect((await download(admin, second.json().id)).body.equals(content)).toBe(true);
  });

  it('R-SEC-06 a file over the size limit is refused with 413 and nothing is left behind', async () => {
    const unit = await t.createUnit();
    const blobsBefore = storedBlobs().length;
    const res = await upload(admin, 'org_unit', unit.id, 'big.png', png(1024 * 1024 + 1));
    expectProblem(res, 413, /1 MB/);
    expect(tempFiles()).toEqual([]);
    expect(storedBlobs().length).toBe(blobsBefore);
    expect(await rowsOf('org_unit', unit.id)).toEqual([]);
    // Exactly at the limit is fine.
    const atLimit = await upload(admin, 'org_unit', unit.id, 'limit.png', png(1024 * 1024));
    expect(atLimit.statusCode, atLimit.body).toBe(201);
    expect(tempFiles()).toEqual([]);
  });

  it('R-QLT-05 uploads are checked by content: a .pdf that is an executable or HTML is refused', async () => {
    const unit = await t.createUnit();
    const blobsBefore = storedBlobs().length;
    for (const [fileName, content, reason] of [
      ['合同.pdf', elf(), /可执行程序/],
      ['合同.pdf', html(), /网页/],
      ['invoice.pdf', Buffer.concat([Buffer.from('MZ'), randomBytes(300)]), /可执行程序/],
      ['scan.pdf', png(), /扩展名 \.pdf.*PNG 图片/],
      ['notes.txt', Buffer.from([0x41, 0x00, 0x42, 0xff, 0xfe]), /不允许上传/],
      ['archive.docx', zip({ 'a.txt': 'x' }), /压缩包/],
      ['macro.docx', zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>', 'word/vbaProject.bin': 'x' }), /宏/],
      ['setup.doc', ole('SummaryInformation'), /OLE/],
      ['empty.txt', Buffer.alloc(0), /为空/],
      ['image.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), /网页/],
    ] as const) {
      const res = await upload(admin, 'org_unit', unit.id, fileName, content, 'application/pdf');
      expect(expectProblem(res, 415, reason).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await rowsOf('org_unit', unit.id)).toEqual([]);
    expect(storedBlobs().length).toBe(blobsBefore);
    expect(tempFiles()).toEqual([]);
  });

  it('R-QLT-05 accepts Office documents, CSV and UTF-8 text by content', async () => {
    const unit = await t.createUnit();
    const cases = [
      ['租赁合同.docx', docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['旧合同.doc', ole('WordDocument'), 'application/msword'],
      ['台账.xls', ole('Workbook'), 'application/vnd.ms-excel'],
      ['客户.csv', Buffer.from(`\uFEFF客户名称,联系人\n华东科技,张三\n${unique('x')}\n`), 'text/csv; charset=utf-8'],
      ['说明.txt', Buffer.from(`租金按季度支付。${unique('')}`), 'text/plain; charset=utf-8'],
      ['photo.JPG', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(100)]), 'image/jpeg'],
    ] as const;
    for (const [fileName, content, mimeType] of cases) {
      const res = await upload(admin, 'org_unit', unit.id, fileName, content);
      expect(res.statusCode, `${fileName}: ${res.body}`).toBe(201);
      const isImage = mimeType.startsWith('image/');
      expect(res.json()).toMatchObject({ fileName, mimeType, previewable: isImage, isImage });
      const got = await download(admin, res.json().id, '?inline=1');
      expect(got.body.equals(content)).toBe(true);
      // Nothing but images and PDF is ever shown inline.
      if (!isImage) expect(String(got.headers['content-disposition'])).toMatch(/^attachment; /);
    }
  });

  it('R-QLT-05 file names are cleaned: no paths, control or bidi characters; an unknown extension gets the right one', async () => {
    const unit = await t.createUnit();
    const res = await upload(admin, 'org_unit', unit.id, '..\\..\\etc\\evil\u0007名单\u202Egnp.exe', png());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fileName).toBe('evil名单gnp.exe.png');
    expect(sanitizeFileName('../../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('CON.txt')).toBe('_CON.txt');
    expect(sanitizeFileName('a:b*c?.pdf')).toBe('a_b_c_.pdf');
    expect(sanitizeFileName('   ')).toBe('未命名文件');
    const long = sanitizeFileName(`${'长'.repeat(300)}.pdf`);
    expect([...long].length).toBe(120);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('R-QLT-05 malformed upload requests get a Chinese 4xx and change nothing', async () => {
    const unit = await t.createUnit();
    const json = await admin.post('/api/v1/attachments', { recordType: 'org_unit', recordId: String(unit.id) });
    expectProblem(json, 415, /multipart/);
    expectProblem(await upload(admin, 'contract_x', unit.id, 'a.pdf', pdf()), 400, /不支持/);
    expectProblem(await upload(admin, 'org_unit', '../1', 'a.pdf', pdf()), 400, /recordId/);
    expectProblem(await uploadParts(admin, [{ name: 'recordType', value: 'org_unit' }, { name: 'recordId', value: String(unit.id) }]), 400, /选择/);
    expectProblem(
      await uploadParts(admin, [
        { name: 'recordType', value: 'org_unit' },
        { name: 'recordId', value: String(unit.id) },
        { name: 'file', fileName: 'a.pdf', content: pdf() },
        { name: 'file', fileName: 'b.pdf', content: pdf() },
      ]),
      413,
      /一个文件/,
    );
    // File first, fields after: still checked, still fine.
    const reversed = await uploadParts(admin, [
      { name: 'file', fileName: 'later.pdf', content: pdf() },
      { name: 'recordType', value: 'org_unit' },
      { name: 'recordId', value: String(unit.id) },
    ]);
    expect(reversed.statusCode, reversed.body).toBe(201);
    expect((await rowsOf('org_unit', unit.id)).length).toBe(1);
    expect(tempFiles()).toEqual([]);
  });
});

describe('attachments: access follows the linked record', () => {
  it('R-PLT-52 a user who cannot read the linked record gets 404 on list, download, upload and delete', async () => {
    const unitA = await t.createUnit('甲部门');
    const unitB = await t.createUnit('乙部门');
    const outsider = await t.login(await t.createUser({ unitId: unitA.id, permissions: ['org:read', 'org:manage', 'user:read', 'user:manage'], scope: 'unit' }));
    const uploaded = await upload(admin, 'org_unit', unitB.id, '乙部门资料.pdf', pdf());
    expect(uploaded.statusCode).toBe(201);
    const id = uploaded.json().id;

    expectProblem(await outsider.get(`/api/v1/attachments?recordType=org_unit&recordId=${unitB.id}`), 404);
    const got = await download(outsider, id);
    expect(got.status).toBe(404);
    expect(got.body.toString()).not.toContain('乙部门资料');
    expectProblem(await outsider.delete(`/api/v1/attachments/${id}`), 404);
    expectProblem(await upload(outsider, 'org_unit', unitB.id, 'x.pdf', pdf()), 404);
    // A user record in the other unit is equally invisible.
    const userInB = await t.createUser({ unitId: unitB.id, role: 'specialist' });
    expect((await upload(admin, 'user', userInB.id, '身份证.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(64)]))).statusCode).toBe(201);
    expectProblem(await outsider.get(`/api/v1/attachments?recordType=user&recordId=${userInB.id}`), 404);
    // … while its own unit works.
    const own = await upload(outsider, 'org_unit', unitA.id, '甲部门资料.pdf', pdf());
    expect(own.statusCode, own.body).toBe(201);
    expect((await outsider.get(`/api/v1/attachments?recordType=org_unit&recordId=${unitA.id}`)).json().total).toBe(1);
    // Unknown records and unknown types.
    expectProblem(await admin.get('/api/v1/attachments?recordType=org_unit&recordId=999999999'), 404);
    expectProblem(await admin.get('/api/v1/attachments?recordType=spaceship&recordId=1'), 400, /不支持/);
    // Nothing was logged as downloaded by the outsider.
    expect((await auditOf(id)).filter((e) => e.action === 'download')).toEqual([]);
  });

  it('R-PLT-52 a reader who may not edit the record cannot upload or delete', async () => {
    const unit = await t.createUnit();
    const reader = await t.login(await t.createUser({ permissions: ['org:read'], scope: 'all' }));
    const uploaded = await upload(admin, 'org_unit', unit.id, '平面图.png', png());
    const id = uploaded.json().id;

    expect((await reader.get(`/api/v1/attachments?recordType=org_unit&recordId=${unit.id}`)).json().total).toBe(1);
    expect((await download(reader, id)).status).toBe(200);
    expectProblem(await reader.delete(`/api/v1/attachments/${id}`), 403, /删除/);
    expectProblem(await upload(reader, 'org_unit', unit.id, '新图.png', png()), 403);
    expect((await rowsOf('org_unit', unit.id)).filter((r) => r.deletedAt === null)).toHaveLength(1);

    // The writer deletes: soft delete, audited, gone from list and download.
    const removed = await admin.delete(`/api/v1/attachments/${id}`);
    expect(removed.statusCode).toBe(204);
    expect((await rowsOf('org_unit', unit.id))[0]!.deletedAt).toBeInstanceOf(Date);
    expect((await admin.get(`/api/v1/attachments?recordType=org_unit&recordId=${unit.id}`)).json().total).toBe(0);
    expect((await download(admin, id)).status).toBe(404);
    expectProblem(await admin.delete(`/api/v1/attachments/${id}`), 404);
    expect((await auditOf(id)).map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'download', 'delete']));
  });

  it('R-PLT-52 approval attachments are open to the applicant and the approvers only', async () => {
    const applicant = await t.createUser({ permissions: [] });
    const approver = await t.createUser({ permissions: ['approval:approve'] });
    const stranger = await t.createUser({ permissions: ['approval:approve', 'org:read'], scope: 'all' });
    const [flow] = await t.database.db
      .insert(approvalFlows)
      .values({ businessType: unique('flow_'), name: '测试流程', steps: [] })
      .returning();
    const [instance] = await t.database.db
      .insert(approvalInstances)
      .values({
        flowId: flow!.id,
        businessType: flow!.businessType,
        businessId: '1',
        title: '合同审批',
        applicantId: applicant.id,
        applicantUnitId: applicant.unitId,
        steps: [{ name: '经理审批', approverType: 'user', approverIds: [approver.id] }],
      })
      .returning();
    const applicantAgent = await t.login(applicant);
    const approverAgent = await t.login(approver);
    const strangerAgent = await t.login(stranger);

    const res = await upload(applicantAgent, 'approval', instance!.id, '报价单.pdf', pdf());
    expect(res.statusCode, res.body).toBe(201);
    expect((await approverAgent.get(`/api/v1/attachments?recordType=approval&recordId=${instance!.id}`)).json().total).toBe(1);
    expect((await download(approverAgent, res.json().id)).status).toBe(200);
    expectProblem(await strangerAgent.get(`/api/v1/attachments?recordType=approval&recordId=${instance!.id}`), 404);
    expect((await download(strangerAgent, res.json().id)).status).toBe(404);
    // The admin is not a participant either.
    expectProblem(await admin.get(`/api/v1/attachments?recordType=approval&recordId=${instance!.id}`), 404);
  });
});
