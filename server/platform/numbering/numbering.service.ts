import { and, asc, eq, sql } from 'drizzle-orm';
import { requirePermission, type RequestContext } from '../access/access';
import { diffChanges, recordAudit } from '../audit/audit.service';
import type { Clock } from '../clock';
import { queryRows, type Db, type DbOrTx } from '../db/client';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { orgUnits } from '../org/org.table';
import {
  formatNumber,
  parsePattern,
  PatternError,
  periodKey,
  shanghaiParts,
  validateRule,
  type ParsedPattern,
  type ResetPolicy,
} from './number-format';
import type { NumberPreview, NumberRule, PreviewNumberBody, UpdateNumberRuleBody } from './numbering.schema';
import { numberRules, numberSequences } from './numbering.table';

/** Document types that draw numbers; modules pass one of these to `nextNumber`. */
export const numberDocTypes = {
  customer: 'customer',
  registration: 'registration',
  contract: 'contract',
  bill: 'bill',
  receipt: 'receipt',
  ticket: 'ticket',
  complaint: 'complaint',
  incident: 'incident',
  approval: 'approval',
  opportunity: 'opportunity',
  developmentProject: 'development_project',
} as const;
export type NumberDocType = (typeof numberDocTypes)[keyof typeof numberDocTypes];

/** Shipped rules; admins may edit them afterwards (never overwritten). */
export const defaultNumberRules: { docType: NumberDocType; name: string; pattern: string; reset: ResetPolicy }[] = [
  // R-CUS-24: by the owning unit, e.g. SH2026000123
  { docType: 'customer', name: '客户编号', pattern: '{unit}{YYYY}{seq:6}', reset: 'yearly' },
  { docType: 'registration', name: '客户报备单号', pattern: 'BB-{YYYY}-{seq:6}', reset: 'yearly' },
  { docType: 'contract', name: '合同编号', pattern: 'HT-{YYYY}-{unit}-{seq:5}', reset: 'yearly' },
  { docType: 'bill', name: '账单编号', pattern: 'ZD-{YYYY}{MM}-{seq:6}', reset: 'monthly' },
  { docType: 'receipt', name: '收款单号', pattern: 'SK-{YYYY}{MM}-{seq:6}', reset: 'monthly' },
  { docType: 'ticket', name: '工单编号', pattern: 'GD-{YYYY}{MM}-{seq:5}', reset: 'monthly' },
  { docType: 'complaint', name: '投诉编号', pattern: 'TS-{YYYY}-{seq:5}', reset: 'yearly' },
  { docType: 'incident', name: '重大故障编号', pattern: 'GZ-{YYYY}-{seq:4}', reset: 'yearly' },
  { docType: 'approval', name: '审批单号', pattern: 'SP-{YYYY}{MM}-{seq:5}', reset: 'monthly' },
  { docType: 'opportunity', name: '商机编号', pattern: 'SJ-{YYYY}-{seq:6}', reset: 'yearly' },
  { docType: 'development_project', name: '开发立项编号', pattern: 'LX-{YYYY}-{seq:4}', reset: 'yearly' },
];

/** Adds the shipped rules that are missing; never changes an existing (possibly edited) rule. */
export async function ensureDefaultNumberRules(db: Db): Promise<void> {
  await db
    .insert(numberRules)
    .values(defaultNumberRules)
    .onConflictDoNothing({ target: numberRules.docType });
}

type RuleRow = typeof numberRules.$inferSelect;

function parsedRule(rule: RuleRow): ParsedPattern {
  try {
    return parsePattern(rule.pattern);
  } catch (error) {
    throw new AppError('INTERNAL', `编号规则「${rule.name}」的格式无效，请管理员修改：${(error as Error).message}`);
  }
}

function sequenceUnit(parsed: ParsedPattern, unitCode: string | undefined, rule: RuleRow): string {
  if (!parsed.usesUnit) return '';
  if (!unitCode) throw new AppError('BAD_REQUEST', `编号规则「${rule.name}」按单位编号，需要提供所属单位编码`);
  return unitCode;
}

export interface NextNumberInput {
  docType: string;
  /** The owning unit's code ({unit}); required when the rule's pattern uses it. */
  unitCode?: string;
  /** The document's date; defaults to now. Period and date tokens use Asia/Shanghai. */
  at?: Date;
}

/**
 * Draws the next number (R-PLT-51) INSIDE the caller's transaction: the counter row stays
 * locked until that transaction ends, so concurrent callers queue on it and get distinct,
 * consecutive values; if the document's transaction rolls back, its number is given back and
 * the sequence stays gap-free.
 */
export async function nextNumber(tx: DbOrTx, deps: { clock: Clock }, input: NextNumberInput): Promise<string> {
  const [rule] = await tx.select().from(numberRules).where(eq(numberRules.docType, input.docType));
  if (!rule) throw new AppError('INTERNAL', `没有「${input.docType}」的编号规则，请管理员检查编号规则设置`);
  const parsed = parsedRule(rule);
  const parts = shanghaiParts(input.at ?? deps.clock.now());
  const period = periodKey(rule.reset as ResetPolicy, parts);
  const unit = sequenceUnit(parsed, input.unitCode, rule);
  const [row] = await queryRows<{ last_value: string | number }>(
    tx,
    sql`INSERT INTO number_sequences (rule_id, period_key, unit_code, last_value)
        VALUES (${rule.id}, ${period}, ${unit}, 1)
        ON CONFLICT (rule_id, period_key, unit_code)
        DO UPDATE SET last_value = number_sequences.last_value + 1
        RETURNING last_value`,
  );
  return formatNumber(parsed, { parts, unitCode: input.unitCode ?? '', seq: Number(row!.last_value) });
}

async function lastValueOf(db: DbOrTx, ruleId: number, period: string, unit: string): Promise<number> {
  const [row] = await db
    .select({ lastValue: numberSequences.lastValue })
    .from(numberSequences)
    .where(and(eq(numberSequences.ruleId, ruleId), eq(numberSequences.periodKey, period), eq(numberSequences.unitCode, unit)));
  return Number(row?.lastValue ?? 0);
}

async function hasIssued(db: DbOrTx, ruleId: number): Promise<boolean> {
  const [row] = await db
    .select({ ruleId: numberSequences.ruleId })
    .from(numberSequences)
    .where(and(eq(numberSequences.ruleId, ruleId), sql`${numberSequences.lastValue} > 0`))
    .limit(1);
  return Boolean(row);
}

async function unitCodeOf(db: DbOrTx, unitId: number): Promise<string> {
  const [unit] = await db.select({ code: orgUnits.code }).from(orgUnits).where(eq(orgUnits.id, unitId));
  return unit?.code ?? 'UNIT';
}

function patternError(error: unknown, field = 'pattern'): never {
  if (error instanceof PatternError) throw new AppError('VALIDATION_FAILED', error.message, [{ field, message: error.message }]);
  throw error;
}

function computePreview(pattern: string, reset: ResetPolicy, unitCode: string, lastValue: number, at: Date): NumberPreview {
  let parsed: ParsedPattern;
  try {
    parsed = validateRule(pattern, reset);
  } catch (error) {
    patternError(error);
  }
  const parts = shanghaiParts(at);
  return {
    pattern,
    reset,
    unitCode: parsed.usesUnit ? unitCode : '',
    periodKey: periodKey(reset, parts),
    lastValue,
    next: formatNumber(parsed, { parts, unitCode, seq: lastValue + 1 }),
  };
}

/** The number `nextNumber` would give now, without consuming it. */
export async function previewNextNumber(db: DbOrTx, clock: Clock, input: { docType: string; unitCode?: string }): Promise<string> {
  const [rule] = await db.select().from(numberRules).where(eq(numberRules.docType, input.docType));
  if (!rule) throw new AppError('NOT_FOUND', `没有「${input.docType}」的编号规则`);
  const parsed = parsedRule(rule);
  const parts = shanghaiParts(clock.now());
  const unit = parsed.usesUnit ? (input.unitCode ?? 'UNIT') : '';
  const last = await lastValueOf(db, rule.id, periodKey(rule.reset as ResetPolicy, parts), unit);
  return formatNumber(parsed, { parts, unitCode: input.unitCode ?? 'UNIT', seq: last + 1 });
}

async function toNumberRule(db: DbOrTx, clock: Clock, rule: RuleRow, unitCode: string): Promise<NumberRule> {
  let nextPreview: string;
  try {
    const parsed = parsePattern(rule.pattern);
    const parts = shanghaiParts(clock.now());
    const last = await lastValueOf(db, rule.id, periodKey(rule.reset as ResetPolicy, parts), parsed.usesUnit ? unitCode : '');
    nextPreview = formatNumber(parsed, { parts, unitCode, seq: last + 1 });
  } catch {
    nextPreview = '（格式无效）';
  }
  return {
    id: rule.id,
    docType: rule.docType,
    name: rule.name,
    pattern: rule.pattern,
    reset: rule.reset as ResetPolicy,
    issued: await hasIssued(db, rule.id),
    nextPreview,
    updatedAt: rule.updatedAt.toISOString(),
  };
}

async function getRule(db: DbOrTx, id: number): Promise<RuleRow> {
  const [rule] = await db.select().from(numberRules).where(eq(numberRules.id, id));
  if (!rule) throw new AppError('NOT_FOUND', '编号规则不存在');
  return rule;
}

export async function listNumberRules(deps: Deps, ctx: RequestContext): Promise<NumberRule[]> {
  const actor = requirePermission(ctx.actor, 'system:manage');
  const unitCode = await unitCodeOf(deps.db, actor.unitId);
  const rules = await deps.db.select().from(numberRules).orderBy(asc(numberRules.id));
  return Promise.all(rules.map((rule) => toNumberRule(deps.db, deps.clock, rule, unitCode)));
}

export async function updateNumberRule(deps: Deps, ctx: RequestContext, id: number, body: UpdateNumberRuleBody): Promise<NumberRule> {
  const actor = requirePermission(ctx.actor, 'system:manage');
  const unitCode = await unitCodeOf(deps.db, actor.unitId);
  return deps.db.transaction(async (tx) => {
    const [rule] = await tx.select().from(numberRules).where(eq(numberRules.id, id)).for('update');
    if (!rule) throw new AppError('NOT_FOUND', '编号规则不存在');
    const pattern = body.pattern ?? rule.pattern;
    const reset = body.reset ?? (rule.reset as ResetPolicy);
    let parsed: ParsedPattern;
    try {
      parsed = validateRule(pattern, reset);
    } catch (error) {
      patternError(error, body.pattern === undefined ? 'reset' : 'pattern');
    }
    // Changing which counter a number comes from could repeat numbers already issued.
    if (await hasIssued(tx, id)) {
      if (reset !== rule.reset) {
        const message = `「${rule.name}」已经发出编号，不能再修改重置周期（否则编号可能重复）`;
        throw new AppError('CONFLICT', message, { reason: 'numbering.reset_conflict', fields: [{ field: 'reset', message }] });
      }
      let usedUnit = false;
      try {
        usedUnit = parsePattern(rule.pattern).usesUnit;
      } catch {
        usedUnit = parsed.usesUnit;
      }
      if (usedUnit !== parsed.usesUnit) {
        const message = `「${rule.name}」已经发出编号，不能再增删单位占位符 {unit}（否则编号可能重复）`;
        throw new AppError('CONFLICT', message, { reason: 'numbering.pattern_conflict', fields: [{ field: 'pattern', message }] });
      }
    }
    const changes = { name: body.name ?? rule.name, pattern, reset };
    const [updated] = await tx
      .update(numberRules)
      .set({ ...changes, updatedAt: deps.clock.now() })
      .where(eq(numberRules.id, id))
      .returning();
    await recordAudit(tx, deps.clock, ctx, {
      action: 'update',
      entityType: 'number_rule',
      entityId: id,
      summary: `修改编号规则「${updated!.name}」`,
      changes: diffChanges(rule, updated!, ['name', 'pattern', 'reset']),
    });
    return toNumberRule(tx, deps.clock, updated!, unitCode);
  });
}

/** Live preview of a rule, optionally with an unsaved pattern/reset; consumes nothing. */
export async function previewNumberRule(deps: Deps, ctx: RequestContext, id: number, body: PreviewNumberBody): Promise<NumberPreview> {
  const actor = requirePermission(ctx.actor, 'system:manage');
  const rule = await getRule(deps.db, id);
  const unitCode = body.unitCode ?? (await unitCodeOf(deps.db, actor.unitId));
  const pattern = body.pattern ?? rule.pattern;
  const reset = body.reset ?? (rule.reset as ResetPolicy);
  const now = deps.clock.now();
  let usesUnit = false;
  try {
    usesUnit = parsePattern(pattern).usesUnit;
  } catch (error) {
    patternError(error);
  }
  const last = await lastValueOf(deps.db, rule.id, periodKey(reset, shanghaiParts(now)), usesUnit ? unitCode : '');
  return computePreview(pattern, reset, unitCode, last, now);
}
