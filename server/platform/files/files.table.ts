import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// 附件 (R-PLT-52): content stored once by SHA-256 under the data directory; each attachment
// links a stored blob to one business record.
export const attachments = pgTable(
  'attachments',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sha256: text().notNull(),
    fileName: text().notNull(),
    mimeType: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    recordType: text().notNull(),
    recordId: text().notNull(),
    uploadedById: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('attachments_record_idx').on(t.recordType, t.recordId), index('attachments_sha_idx').on(t.sha256)],
);
