import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { attachments } from '../../../platform/files/files.table';
import { unique, type Agent, type TestApp } from '../../../test/harness';
import { qualificationDocTypes, type QualificationDocType } from './compliance.schema';

// Test fixtures of the compliance tests: attachments linked to customers and qualification
// documents added over HTTP (the people and customers come from server/test).

/** An attachment row linked to a record (the upload itself is the files module's business). */
export async function createAttachment(t: TestApp, customerId: number, uploadedById: number, recordType = 'customer') {
  const [row] = await t.database.db
    .insert(attachments)
    .values({
      sha256: randomBytes(32).toString('hex'),
      fileName: `${unique('扫描件')}.pdf`,
      mimeType: 'application/pdf',
      size: 1024,
      recordType,
      recordId: String(customerId),
      uploadedById,
    })
    .returning();
  return row!;
}

/** Adds one document per type over HTTP, each with its own attachment. */
export async function addDocuments(
  t: TestApp,
  agent: Agent,
  customerId: number,
  options: { docTypes?: readonly QualificationDocType[]; validUntil?: string | null } = {},
) {
  const ids: Record<string, number> = {};
  for (const docType of options.docTypes ?? qualificationDocTypes) {
    const attachment = await createAttachment(t, customerId, agent.userId);
    const response = await agent.post(`/api/v1/customers/${customerId}/qualifications`, {
      docType,
      number: unique('NO'),
      validFrom: '2025-01-01',
      validUntil: options.validUntil === undefined ? '2030-12-31' : options.validUntil,
      attachmentId: attachment.id,
    });
    expect(response.statusCode, response.body).toBe(201);
    ids[docType] = response.json().id;
  }
  return ids;
}
