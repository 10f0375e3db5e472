import { useMemo } from 'react';
import { useDictionaryItems } from '../dictionaries/dictionaries-api';
import type { CustomerKind, DecisionRole, ServiceMode } from './archive/customers-api';

// Chinese labels of the customer archive's fixed values (dictionary values come from the server).

export const kindLabel: Record<CustomerKind, string> = {
  organization: '企业/机构',
  individual: '个人',
};

export const serviceModeLabel: Record<ServiceMode, string> = {
  account_manager: '客户经理制',
  resident: '派驻制',
};

export const decisionRoleLabel: Record<DecisionRole, string> = {
  decision_maker: '决策者',
  influencer: '影响者',
  user: '使用者',
  other: '其他',
};

export const decisionRoleOptions = (Object.keys(decisionRoleLabel) as DecisionRole[]).map((value) => ({ value, label: decisionRoleLabel[value] }));

export const admissionLabel: Record<string, { text: string; color: string }> = {
  none: { text: '未准入', color: 'default' },
  pending: { text: '准入审核中', color: 'processing' },
  admitted: { text: '已准入（合格）', color: 'success' },
  rejected: { text: '准入未通过', color: 'error' },
};

export const blacklistLabel: Record<string, string> = {
  unit: '单位黑名单',
  company: '公司黑名单',
};

export const lifecycleColor: Record<string, string> = {
  potential: 'default',
  intent: 'blue',
  negotiating: 'geekblue',
  signed: 'green',
  moved_in: 'cyan',
  lost: 'red',
};

/** Timeline dot colours by event type; types of later modules fall back to blue. */
export const timelineColor: Record<string, string> = {
  created: 'green',
  updated: 'blue',
  contact_added: 'cyan',
  contact_updated: 'cyan',
  contact_removed: 'gray',
  key_person_added: 'purple',
  key_person_updated: 'purple',
  key_person_removed: 'gray',
  grade_changed: 'gold',
  blacklisted: 'red',
  lost: 'red',
};

export const sectionTitles = {
  basic: '基本情况',
  contact: '联系方式',
  service: '服务管理',
  classification: '分类',
  contacts: '联系人',
} as const;

export const customerFieldLabel = {
  kind: '客户类型',
  name: '客户名称（全称）',
  shortName: '简称',
  code: '客户编号',
  uscc: '统一社会信用代码',
  idNumber: '身份证号码',
  natureCode: '企业性质',
  industryCode: '所属行业',
  usageCodes: '用途分类',
  legalRepresentative: '法定代表人',
  registeredCapital: '注册资本（元）',
  employees: '员工人数',
  mainProducts: '主营产品',
  annualOutput: '年产值（元）',
  reputation: '信誉',
  profitability: '盈利能力',
  website: '网址',
  sourceCode: '客户来源',
  region: '所在地区',
  street: '详细地址',
  postcode: '邮编',
  phone: '电话',
  fax: '传真',
  email: '邮箱',
  ownerName: '客户经理',
  unitName: '所属单位',
  serviceMode: '服务模式',
  collaboratorIds: '协作人',
  valueCode: '价值分类',
  strategicCode: '战略地位',
  lifecycleCode: '生命周期状态',
  grade: '客户等级',
  admissionStatus: '准入状态',
  tags: '标签',
  createdAt: '建档时间',
  updatedAt: '最近修改',
  verifiedAt: '最近核实',
} as const;

export const contactFieldLabel = {
  name: '姓名',
  title: '职务',
  department: '部门',
  mobile: '手机',
  phone: '电话',
  email: '邮箱',
  decisionRole: '决策角色',
  isPrimary: '首要联系人',
} as const;

export const keyPersonFieldLabel = {
  name: '姓名',
  position: '职位',
  mobile: '手机',
  birthday: '生日',
  family: '家庭情况',
  homeAddress: '家庭住址',
  hobbies: '爱好',
  note: '备注',
} as const;

/** Same patterns as the server (identifiers.ts) so most mistakes show before saving. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
export const PHONE_PATTERN = /^(?:0\d{2,3}-?)?\d{7,8}(?:-\d{1,6})?$|^[48]00-?\d{3}-?\d{4}$/;
export const POSTCODE_PATTERN = /^\d{6}$/;
export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/i;

/** Dictionaries of the archive (R-CUS-20), by the field that holds their code. */
export const customerDictionaries = {
  natureCode: 'customer_nature',
  industryCode: 'industry',
  sourceCode: 'customer_source',
  usageCodes: 'usage_category',
  valueCode: 'customer_value',
  strategicCode: 'strategic_weight',
  lifecycleCode: 'lifecycle_status',
} as const;

/** code → label of one dictionary (an unknown or disabled code shows as itself). */
export function useDictionaryLabels(dictionaryCode: string): (code: string | null | undefined) => string {
  const items = useDictionaryItems(dictionaryCode);
  return useMemo(() => {
    const labels = new Map((items.data?.items ?? []).map((item) => [item.code, item.label]));
    return (code) => (code ? (labels.get(code) ?? code) : '—');
  }, [items.data]);
}
