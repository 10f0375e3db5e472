import { z } from 'zod';
import { isValidIsoDate } from '../../../platform/dates';
import { pageQuery } from '../../../platform/http/pagination';
import { problemSchema } from '../../../platform/http/problem';
import { toHalfWidth } from '../../customers';

// 房源 API shapes (R-LEA-01…04).

export const spaceLevels = ['park', 'building', 'floor', 'unit'] as const;
export type SpaceLevel = (typeof spaceLevels)[number];
export const levelNames: Record<SpaceLevel, string> = { park: '园区/项目', building: '楼栋/库区', floor: '楼层', unit: '单元' };
/** The level a child of each level has. */
export const childLevel: Record<SpaceLevel, SpaceLevel | null> = { park: 'building', building: 'floor', floor: 'unit', unit: null };

export const unitTypes = ['bay', 'yard', 'office', 'shop'] as const;
export type UnitType = (typeof unitTypes)[number];
export const unitTypeNames: Record<UnitType, string> = { bay: '库位', yard: '场地', office: '办公室', shop: '商铺' };

export const conditions = ['available', 'maintenance', 'unavailable'] as const;
export const conditionNames: Record<(typeof conditions)[number], string> = { available: '可租', maintenance: '维修', unavailable: '不可租' };

/** What a unit is on a given day. */
export const unitStatuses = ['vacant', 'reserved', 'leased', 'maintenance', 'unavailable', 'retired'] as const;
export type UnitStatus = (typeof unitStatuses)[number];
export const unitStatusNames: Record<UnitStatus, string> = { vacant: '空置', reserved: '预留', leased: '已租', maintenance: '维修', unavailable: '不可租', retired: '已拆分/合并' };

export const rentBases = ['day', 'month'] as const;

const isoDate = (label: string) => z.string().refine(isValidIsoDate, `${label}应为有效日期，格式 YYYY-MM-DD`);

/** m², m or t/m² with at most two decimals, as a canonical string ("120.50"); null clears it. */
function optionalMeasure(label: string, max: number) {
  const pattern = /^\d{1,9}(\.\d{1,2})?$/;
  const message = `${label}应为不超过 ${max.toLocaleString('en-US')} 的非负数，最多 2 位小数`;
  return z
    .union([z.string(), z.number(), z.null()], message)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === null) return value;
      const text = typeof value === 'number' ? String(value) : toHalfWidth(value).trim().replace(/,/g, '');
      if (text === '') return null;
      if (!pattern.test(text) || Number(text) > max) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return Number(text).toFixed(2);
    });
}

const code = z
  .string()
  .trim()
  .min(1, '请填写编码')
  .max(20, '编码不超过 20 个字符')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, '编码只能包含字母、数字、点、下划线和短横线，以字母或数字开头');

const unitFields = {
  unitType: z.enum(unitTypes, '单元类型应为 库位/场地/办公室/商铺 之一').optional(),
  grossArea: optionalMeasure('建筑面积', 10_000_000),
  usableArea: optionalMeasure('使用面积', 10_000_000),
  floorLoad: optionalMeasure('地面承重', 1000),
  ceilingHeight: optionalMeasure('净高', 1000),
  facilities: z.array(z.string().trim().min(1).max(20, '每项设施不超过 20 个字')).max(30, '设施不超过 30 项').optional(),
  listRent: optionalMeasure('挂牌租金', 1_000_000),
  rentBasis: z.enum(rentBases, '租金单位应为 day（元/㎡/天）或 month（元/㎡/月）').optional(),
};

export const createSpaceBody = z.object({
  /** Omit for a park (the root). */
  parentId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullish(),
  code,
  name: z.string().trim().min(1, '请填写名称').max(60, '名称不超过 60 个字'),
  ...unitFields,
  condition: z.enum(conditions).optional(),
  availableFrom: isoDate('可租起始日').optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
  note: z.string().trim().max(500, '备注不超过 500 个字').nullish(),
});
export type CreateSpaceBody = z.infer<typeof createSpaceBody>;

export const updateSpaceBody = createSpaceBody.omit({ parentId: true }).partial();
export type UpdateSpaceBody = z.infer<typeof updateSpaceBody>;

export const spaceNodeSchema = z
  .object({
    id: z.number().int(),
    parentId: z.number().int().nullable(),
    level: z.enum(spaceLevels),
    code: z.string(),
    fullCode: z.string(),
    name: z.string(),
    unitCount: z.number().int().describe('下属在用单元数'),
    sortOrder: z.number().int(),
  })
  .meta({ id: 'SpaceNode' });

export const spaceTreeSchema = z.object({ items: z.array(spaceNodeSchema) });

export const occupantSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['reservation', 'lease']),
  startDate: z.string(),
  endDate: z.string(),
  reference: z.string(),
  /** Null when the customer is outside the viewer's scope. */
  customerId: z.number().int().nullable(),
  customerName: z.string().describe('范围外的客户显示为「其他客户」'),
  released: z.boolean(),
  releaseReason: z.string().nullable(),
  note: z.string().nullable(),
  /** The contract holding the unit (a draft or signed contract), when any. */
  contractId: z.number().int().nullable(),
  canRelease: z.boolean(),
});
export type Occupant = z.infer<typeof occupantSchema>;

export const unitSummarySchema = z
  .object({
    id: z.number().int(),
    parentId: z.number().int().nullable(),
    code: z.string(),
    fullCode: z.string(),
    name: z.string(),
    unitType: z.enum(unitTypes).nullable(),
    grossArea: z.string().nullable(),
    usableArea: z.string().nullable(),
    listRent: z.string().nullable(),
    rentBasis: z.enum(rentBases).nullable(),
    condition: z.enum(conditions),
    status: z.enum(unitStatuses).describe('所查日期的状态'),
    /** The holder on the day asked about. */
    occupant: occupantSchema.nullable(),
    vacantSince: z.string().nullable().describe('空置时：自哪天起空置'),
  })
  .meta({ id: 'SpaceUnit' });
export type UnitSummary = z.infer<typeof unitSummarySchema>;

export const spaceDetailSchema = unitSummarySchema
  .extend({
    level: z.enum(spaceLevels),
    path: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), level: z.enum(spaceLevels) })),
    floorLoad: z.string().nullable(),
    ceilingHeight: z.string().nullable(),
    facilities: z.array(z.string()),
    availableFrom: z.string(),
    sortOrder: z.number().int(),
    note: z.string().nullable(),
    retired: z.boolean(),
    predecessors: z.array(z.object({ id: z.number().int(), fullCode: z.string() })).describe('拆分或合并前的单元'),
    successors: z.array(z.object({ id: z.number().int(), fullCode: z.string() })).describe('拆分或合并后的单元'),
    history: z.array(occupantSchema).describe('全部预留与租约（含已结束），按开始日期倒序'),
  })
  .meta({ id: 'SpaceDetail' });
export type SpaceDetail = z.infer<typeof spaceDetailSchema>;

export const unitListQuery = pageQuery.extend({
  parentId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe('只列该节点之下的单元'),
  date: isoDate('日期').optional().describe('按哪天的状态，默认今天'),
  status: z.enum(unitStatuses).optional(),
  unitType: z.enum(unitTypes).optional(),
  q: z.string().trim().max(40).optional().describe('编码或名称'),
});
export type UnitListQuery = z.infer<typeof unitListQuery>;

export const occupancyQuery = z.object({
  parentId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  date: isoDate('日期').optional(),
});

const occupancyFigures = z.object({
  units: z.number().int(),
  leasedUnits: z.number().int(),
  reservedUnits: z.number().int(),
  vacantUnits: z.number().int(),
  offMarketUnits: z.number().int().describe('维修与不可租'),
  area: z.string().describe('可出租面积合计（使用面积，㎡；维修、不可租不计）'),
  leasedArea: z.string(),
  reservedArea: z.string(),
  vacantArea: z.string(),
  rateByArea: z.string().describe('出租率（按面积），百分比两位小数'),
  rateByCount: z.string().describe('出租率（按单元数），百分比两位小数'),
});

export const occupancySchema = z
  .object({
    date: z.string(),
    total: occupancyFigures,
    byBuilding: z.array(occupancyFigures.extend({ id: z.number().int(), name: z.string(), fullCode: z.string() })),
    byType: z.array(occupancyFigures.extend({ unitType: z.enum(unitTypes) })),
  })
  .meta({ id: 'SpaceOccupancy' });
export type Occupancy = z.infer<typeof occupancySchema>;

export const reserveBody = z
  .object({
    customerId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    startDate: isoDate('预留开始日').optional().describe('默认今天'),
    endDate: isoDate('预留截止日'),
    note: z.string().trim().max(500, '备注不超过 500 个字').nullish(),
  })
  .refine((body) => !body.startDate || body.endDate >= body.startDate, { path: ['endDate'], message: '预留截止日不能早于开始日' });
export type ReserveBody = z.infer<typeof reserveBody>;

const partArea = (label: string) =>
  z
    .union([z.string(), z.number()], `${label}应为正数，最多 2 位小数`)
    .transform((value, ctx) => {
      const text = typeof value === 'number' ? String(value) : toHalfWidth(value).trim();
      if (!/^\d{1,9}(\.\d{1,2})?$/.test(text) || Number(text) <= 0) {
        ctx.addIssue({ code: 'custom', message: `${label}应为正数，最多 2 位小数` });
        return z.NEVER;
      }
      return Number(text).toFixed(2);
    });

export const splitBody = z.object({
  parts: z
    .array(
      z.object({
        code,
        name: z.string().trim().min(1).max(60, '名称不超过 60 个字').optional(),
        usableArea: partArea('使用面积'),
        grossArea: partArea('建筑面积').optional(),
      }),
    )
    .min(2, '至少拆分为两个单元')
    .max(20, '一次最多拆分为 20 个单元')
    .refine((parts) => new Set(parts.map((part) => part.code)).size === parts.length, '拆分后的单元编码不能重复'),
});
export type SplitBody = z.infer<typeof splitBody>;

export const mergeBody = z.object({
  unitIds: z.array(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)).min(2, '请选择至少两个单元合并').max(20, '一次最多合并 20 个单元'),
  code,
  name: z.string().trim().min(1, '请填写名称').max(60, '名称不超过 60 个字'),
});
export type MergeBody = z.infer<typeof mergeBody>;

/** The refusal of a hold that overlaps another: which unit, held by what, for whom, when. */
export const occupiedProblemSchema = problemSchema
  .extend({
    occupiedBy: z
      .object({ spaceId: z.number().int(), fullCode: z.string(), kind: z.string(), reference: z.string(), contractId: z.number().int().nullable().optional(), startDate: z.string(), endDate: z.string(), customerName: z.string() })
      .optional(),
  })
  .meta({ id: 'SpaceOccupiedProblem' });

/** The refusal of a unit import: every row and column with its problem (up to 500). */
export const importProblemSchema = problemSchema
  .extend({ rows: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })).optional() })
  .meta({ id: 'SpaceImportProblem' });
