import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** 开票信息 (R-BIL-07): what a customer's invoices carry. */
export const invoiceProfiles = pgTable('invoice_profiles', {
  customerId: bigint({ mode: 'number' }).primaryKey(),
  title: text().notNull(),
  taxNumber: text(),
  bankName: text(),
  bankAccount: text(),
  address: text(),
  phone: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});

/**
 * 开票申请与发票登记 (R-BIL-07): a request for a 增值税专用/普通 invoice over some of a customer's
 * bills (their revenue lines; deposits are receipted, not invoiced), issued by finance with the
 * invoice's number and date, and picked up against a signature.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: bigint({ mode: 'number' }).notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    taxNumber: text(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    tax: numeric({ precision: 16, scale: 2 }).notNull(),
    status: text().notNull(),
    invoiceNumber: text(),
    invoiceDate: date({ mode: 'string' }),
    pickedUpBy: text(),
    pickedUpAt: timestamp({ withTimezone: true }),
    cancelReason: text(),
    requestedById: integer().notNull(),
    issuedById: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('invoices_customer_idx').on(t.customerId),
    uniqueIndex('invoices_number_key').on(t.invoiceNumber).where(sql`invoice_number IS NOT NULL`),
    check('invoices_kind', sql`${t.kind} IN ('special', 'normal')`),
    check('invoices_status', sql`${t.status} IN ('requested', 'issued', 'cancelled')`),
  ],
);

/** The bills an invoice covers; a bill is on at most one invoice that is not cancelled. */
export const invoiceBills = pgTable(
  'invoice_bills',
  {
    invoiceId: bigint({ mode: 'number' }).notNull(),
    billId: bigint({ mode: 'number' }).notNull(),
    amount: numeric({ precision: 16, scale: 2 }).notNull(),
    active: integer().notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.billId] }), uniqueIndex('invoice_bills_active_key').on(t.billId).where(sql`active = 1`)],
);
