import { gbt4754Sections } from './gbt4754';

/** A shipped dictionary item; `parentCode` links a child to its parent item (two levels). */
export interface DefaultItem {
  code: string;
  label: string;
  labelEn: string;
  parentCode?: string;
}

export interface DefaultDictionary {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  hierarchical?: boolean;
  items: DefaultItem[];
}

const items = (list: [code: string, label: string, labelEn: string][]): DefaultItem[] =>
  list.map(([code, label, labelEn]) => ({ code, label, labelEn }));

/** Dictionary codes other modules refer to. */
export const dictionaryCodes = {
  industry: 'industry',
  customerSource: 'customer_source',
  serviceType: 'service_type',
  chargeItem: 'charge_item',
  complaintCategory: 'complaint_category',
  ticketCategory: 'ticket_category',
  lostReason: 'lost_reason',
  customerNature: 'customer_nature',
  lifecycleStatus: 'lifecycle_status',
  usageCategory: 'usage_category',
  customerValue: 'customer_value',
  strategicWeight: 'strategic_weight',
  opportunityStage: 'opportunity_stage',
  spaceType: 'space_type',
} as const;

/** The dictionaries every installation starts with (R-PLT-50, R-CUS-20). */
export const defaultDictionaries: DefaultDictionary[] = [
  {
    code: dictionaryCodes.industry,
    name: '国民经济行业分类',
    nameEn: 'Industry (GB/T 4754-2017)',
    description: 'GB/T 4754-2017 门类（A–T）与大类（01–97）',
    hierarchical: true,
    items: gbt4754Sections.flatMap((section): DefaultItem[] => [
      { code: section.code, label: section.name, labelEn: section.nameEn },
      ...section.divisions.map((division) => ({ code: division.code, label: division.name, labelEn: division.nameEn, parentCode: section.code })),
    ]),
  },
  {
    code: dictionaryCodes.customerSource,
    name: '客户来源',
    nameEn: 'Customer source',
    description: '客户信息的获取渠道',
    items: items([
      ['self_developed', '自主开发', 'Self-developed'],
      ['referral', '客户转介绍', 'Customer referral'],
      ['walk_in', '来访', 'Walk-in visit'],
      ['inbound_call', '来电', 'Inbound call'],
      ['online', '网络推广', 'Online promotion'],
      ['agent', '中介', 'Agent / broker'],
      ['promotion_event', '招商推介会', 'Investment promotion event'],
      ['government', '政府推荐', 'Government recommendation'],
      ['other', '其他', 'Other'],
    ]),
  },
  {
    code: dictionaryCodes.serviceType,
    name: '服务类型',
    nameEn: 'Service type',
    description: '向客户提供的服务',
    items: items([
      ['warehousing', '仓储', 'Warehousing'],
      ['cargo_control', '控货', 'Cargo control'],
      ['supervision', '监管', 'Supervision'],
      ['handling', '装卸', 'Loading and unloading'],
      ['property', '物业', 'Property management'],
      ['parking', '停车', 'Parking'],
      ['other', '其他', 'Other'],
    ]),
  },
  {
    code: dictionaryCodes.chargeItem,
    name: '收费项目',
    nameEn: 'Charge item',
    description: '账单中的收费项目',
    items: items([
      ['rent', '租金', 'Rent'],
      ['property_fee', '物业费', 'Property fee'],
      ['storage_fee', '仓储费', 'Storage fee'],
      ['handling_fee', '装卸费', 'Handling fee'],
      ['utilities', '水电费', 'Water and electricity'],
      ['parking_fee', '停车费', 'Parking fee'],
      ['deposit', '保证金', 'Deposit'],
      ['late_fee', '滞纳金', 'Late payment fee'],
      ['supervision_fee', '监管费', 'Supervision fee'],
      ['other', '其他费用', 'Other charges'],
    ]),
  },
  {
    code: dictionaryCodes.ticketCategory,
    name: '服务请求类别',
    nameEn: 'Service request category',
    description: '服务工单的分类，派单矩阵按它确定责任部门与时限',
    items: items([
      ['repair', '报修', 'Repair'],
      ['consultation', '咨询', 'Consultation'],
      ['access', '出入与门禁', 'Access'],
      ['moving', '搬迁', 'Moving'],
      ['cargo', '货物问题', 'Cargo issue'],
      ['other', '其他', 'Other'],
    ]),
  },
  {
    code: dictionaryCodes.complaintCategory,
    name: '投诉类别',
    nameEn: 'Complaint category',
    description: '客户投诉的分类',
    items: items([
      ['attitude', '服务态度', 'Service attitude'],
      ['quality', '服务质量', 'Service quality'],
      ['facilities', '设施设备', 'Facilities and equipment'],
      ['billing', '收费争议', 'Billing dispute'],
      ['safety', '安全', 'Safety'],
      ['sanitation', '环境卫生', 'Sanitation'],
      ['other', '其他', 'Other'],
    ]),
  },
  {
    code: dictionaryCodes.lostReason,
    name: '流失原因',
    nameEn: 'Lost-customer reason',
    description: '客户流失或输单的原因',
    items: items([
      ['price', '价格', 'Price'],
      ['location', '位置', 'Location'],
      ['competitor', '竞争对手', 'Competitor'],
      ['facilities', '设施不满足', 'Facilities do not fit'],
      ['business_change', '经营变化', 'Change in business'],
      ['service', '服务问题', 'Service problems'],
      ['other', '其他', 'Other'],
    ]),
  },
  {
    code: dictionaryCodes.customerNature,
    name: '企业性质',
    nameEn: 'Customer nature',
    description: '客户的所有制性质',
    items: items([
      ['state_owned', '国企', 'State-owned enterprise'],
      ['private', '民企', 'Private enterprise'],
      ['foreign', '外资', 'Foreign-invested enterprise'],
      ['individual', '个体', 'Individual business'],
      ['public_institution', '机关事业', 'Government agency or public institution'],
    ]),
  },
  {
    code: dictionaryCodes.lifecycleStatus,
    name: '生命周期状态',
    nameEn: 'Lifecycle status',
    description: '潜在 → 意向 → 洽谈 → 签约 → 入驻 → 流失',
    items: items([
      ['potential', '潜在', 'Potential'],
      ['intent', '意向', 'Intent'],
      ['negotiating', '洽谈', 'Negotiating'],
      ['signed', '签约', 'Signed'],
      ['moved_in', '入驻', 'Moved in'],
      ['lost', '流失', 'Lost'],
    ]),
  },
  {
    code: dictionaryCodes.usageCategory,
    name: '用途分类',
    nameEn: 'Usage category',
    description: '综合 / 专业（仓储、物流、办公、商业）',
    hierarchical: true,
    items: [
      { code: 'general', label: '综合', labelEn: 'General' },
      { code: 'specialized', label: '专业', labelEn: 'Specialized' },
      { code: 'warehousing', label: '仓储', labelEn: 'Warehousing', parentCode: 'specialized' },
      { code: 'logistics', label: '物流', labelEn: 'Logistics', parentCode: 'specialized' },
      { code: 'office', label: '办公', labelEn: 'Office', parentCode: 'specialized' },
      { code: 'commercial', label: '商业', labelEn: 'Commercial', parentCode: 'specialized' },
    ],
  },
  {
    code: dictionaryCodes.customerValue,
    name: '价值分类',
    nameEn: 'Customer value',
    description: '合作 / 潜在',
    items: items([
      ['cooperating', '合作', 'Cooperating'],
      ['potential', '潜在', 'Potential'],
    ]),
  },
  {
    code: dictionaryCodes.strategicWeight,
    name: '战略地位',
    nameEn: 'Strategic weight',
    description: '战略 / 一般',
    items: items([
      ['strategic', '战略', 'Strategic'],
      ['ordinary', '一般', 'Ordinary'],
    ]),
  },
  {
    code: dictionaryCodes.opportunityStage,
    name: '商机阶段',
    nameEn: 'Opportunity stage',
    description: '商机推进的阶段，按排序号推进；「赢单」「输单」为固定的结束阶段',
    items: items([
      ['initial', '初步接洽', 'Initial contact'],
      ['requirement', '需求确认', 'Requirements confirmed'],
      ['proposal', '方案报价', 'Proposal & quote'],
      ['negotiation', '商务谈判', 'Negotiation'],
      ['contract_approval', '合同审批', 'Contract approval'],
      ['won', '赢单', 'Won'],
      ['lost', '输单', 'Lost'],
    ]),
  },
  {
    code: dictionaryCodes.spaceType,
    name: '空间类型',
    nameEn: 'Space type',
    description: '客户需求与房源的空间类型',
    items: items([
      ['warehouse', '仓库', 'Warehouse'],
      ['cold_storage', '冷库', 'Cold storage'],
      ['factory', '厂房', 'Factory'],
      ['office', '办公', 'Office'],
      ['shop', '商铺', 'Shop'],
      ['yard', '堆场', 'Yard'],
      ['apartment', '公寓', 'Apartment'],
      ['other', '其他', 'Other'],
    ]),
  },
];

/** Built-in items cannot be deleted (only disabled); keyed `dictionary/code`. */
export const builtInItemKeys: ReadonlySet<string> = new Set(
  defaultDictionaries.flatMap((dictionary) => dictionary.items.map((item) => `${dictionary.code}/${item.code}`)),
);
