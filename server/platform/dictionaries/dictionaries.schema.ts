import { z } from 'zod';

const noControlCharacters = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);
const text = (max: number, label: string, min = 0) =>
  z
    .string()
    .trim()
    .min(min, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字符`)
    .refine(noControlCharacters, `${label}不能包含控制字符`);

export const dictionaryCodeParam = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '字典编码应为 2–40 位小写字母、数字或下划线'),
});
export const dictionaryItemParams = dictionaryCodeParam.extend({
  id: z.coerce.number().int().min(1).max(2_147_483_647),
});

export const dictionarySchema = z
  .object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    description: z.string(),
    builtIn: z.boolean(),
    hierarchical: z.boolean(),
    itemCount: z.number().int(),
    enabledCount: z.number().int(),
  })
  .meta({ id: 'Dictionary' });
export type Dictionary = z.infer<typeof dictionarySchema>;

export const dictionaryItemSchema = z
  .object({
    id: z.number().int(),
    dictionaryCode: z.string(),
    code: z.string(),
    label: z.string(),
    labelEn: z.string(),
    parentCode: z.string().nullable(),
    sortOrder: z.number().int(),
    enabled: z.boolean(),
    /** Shipped with the system: can be disabled, never deleted. */
    builtIn: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: 'DictionaryItem' });
export type DictionaryItem = z.infer<typeof dictionaryItemSchema>;

export const dictionaryTreeNodeSchema = dictionaryItemSchema
  .extend({ children: z.array(dictionaryItemSchema) })
  .meta({ id: 'DictionaryTreeNode' });
export type DictionaryTreeNode = z.infer<typeof dictionaryTreeNodeSchema>;

export const dictionaryItemsResult = z
  .object({
    dictionary: dictionarySchema,
    /** Items in display order (parents before their children). */
    items: z.array(dictionaryItemSchema),
    /** For hierarchical dictionaries: top-level items with their children. */
    tree: z.array(dictionaryTreeNodeSchema).nullable(),
  })
  .meta({ id: 'DictionaryItems' });
export type DictionaryItemsResult = z.infer<typeof dictionaryItemsResult>;

export const listItemsQuery = z.object({
  includeDisabled: z
    .enum(['true', 'false'], 'includeDisabled 应为 true 或 false')
    .optional()
    .describe('管理员可查看已停用的项目'),
});
export type ListItemsQuery = z.infer<typeof listItemsQuery>;

const itemCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, '编码以字母或数字开头，最多 40 位字母、数字、点、下划线或连字符');
const parentCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, '上级编码格式不正确')
  .nullable();

export const createDictionaryItemBody = z.object({
  code: itemCode,
  label: text(60, '名称', 1),
  labelEn: text(120, '英文名称').optional(),
  parentCode: parentCode.optional(),
  sortOrder: z.number().int().min(0, '排序应在 0–1000000 之间').max(1_000_000, '排序应在 0–1000000 之间').optional(),
  enabled: z.boolean().optional(),
});
export type CreateDictionaryItemBody = z.infer<typeof createDictionaryItemBody>;

export const updateDictionaryItemBody = createDictionaryItemBody.omit({ code: true }).partial();
export type UpdateDictionaryItemBody = z.infer<typeof updateDictionaryItemBody>;

export const reorderItemsBody = z.object({
  ids: z
    .array(z.number().int().min(1).max(2_147_483_647))
    .min(1, '请提供要排序的项目')
    .max(500, '一次最多排序 500 项')
    .describe('同一级项目的新顺序'),
});
export type ReorderItemsBody = z.infer<typeof reorderItemsBody>;
