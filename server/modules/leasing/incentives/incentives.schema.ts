import { z } from 'zod';
import { isoDate } from '../../../platform/calendar/calendar.schema';

// 标准优惠政策 (R-LEA-35).

const months = z.number('免租月数应为 0–24 的整数').int('免租月数应为 0–24 的整数').min(0, '免租月数应为 0–24 的整数').max(24, '免租月数应为 0–24 的整数');
export const createPackageBody = z.object({
  projectId: z.number('请选择项目').int().positive('请选择项目').max(2_147_483_647, '编号超出范围'),
  name: z.string().trim().min(2, '请填写政策名称（至少 2 个字）').max(60, '政策名称不超过 60 个字'),
  freeMonths: months,
  validFrom: isoDate,
  validTo: isoDate.nullish(),
  note: z.string().trim().max(500, '说明不超过 500 个字').default(''),
});
export const updatePackageBody = z.object({
  name: createPackageBody.shape.name.optional(),
  validTo: isoDate.nullish(),
  active: z.boolean().optional(),
  note: z.string().trim().max(500, '说明不超过 500 个字').optional(),
});
export const packageSchema = z.object({
  id: z.number(),
  projectId: z.number(),
  projectName: z.string(),
  name: z.string(),
  freeMonths: z.number(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  active: z.boolean(),
  note: z.string(),
});
export type IncentivePackage = z.infer<typeof packageSchema>;
