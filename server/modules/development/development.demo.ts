import { nextMonth } from '../../platform/dates';
import type { DemoStory, DemoUsername } from '../../platform/seed/demo-story';
import { createRegistrationBody } from './registrations/registrations.schema';
import { createRegistration } from './registrations/registration-filing.service';
import { createOpportunityBody, moveStageBody } from './opportunities/opportunities.schema';
import { createOpportunity } from './opportunities/opportunities.service';
import { moveOpportunityStage } from './opportunities/opportunity-stage.service';
import { releaseBody } from './ownership/ownership.schema';
import { releaseCustomer } from './ownership/my-customers.service';
import { addExpenseBody, addProgressBody, createProjectBody } from './projects/projects.schema';
import { addExpense, addProgress } from './projects/project-activity.service';
import { createProject, submitProject } from './projects/projects.service';
import { createReceptionBody, putRotationBody } from './reception/reception.schema';
import { createReception } from './reception/reception.service';
import { putRotation } from './reception/reception-rotation.service';
import { createVisitBody, createVisitPlanBody } from './visits/visits.schema';
import { createVisit } from './visits/visits.service';
import { createVisitPlan, submitVisitPlan } from './visits/visit-plans.service';
import { fictionalUscc, updateCustomer, updateCustomerBody } from '../customers';
import { addDays } from '../../platform/dates';

// Customer development's part of the demo story (platform/seed/demo-story): leads released to
// the pool, the reception desk, opportunities with their stage history, visits, a development
// project, registrations (one with an exclusive right running, one pending) and next month's
// visit plan — on the customers the archive filed 60 to 31 days before the first start.

const customerId = (story: DemoStory, key: string) => story.id(`customer:${key}`);

/** Customers handed to the 公海 by their filer 28 days ago, with the reason given. */
const poolReleases: [customer: string, by: DemoUsername, reason: string][] = [
  ['minbao', 'lisi', '招商推介会收集的线索，放入公海供专员认领'],
  ['jiaqi', 'lisi', '招商推介会收集的线索，放入公海供专员认领'],
  ['baofeng', 'lisi', '招商推介会收集的线索，放入公海供专员认领'],
  ['yikang', 'lisi', '网络推广线索，放入公海供专员认领'],
  ['nanhui', 'zhangsan', '客户今年暂无外租冷库计划，退回公海，明年一季度可再跟进'],
  ['yangcheng', 'liuqiang', '招商推介会收集的线索，放入公海供专员认领'],
  ['gusu', 'liuqiang', '招商推介会收集的线索，放入公海供专员认领'],
  ['wujiangsi', 'liuqiang', '网络推广线索，放入公海供专员认领'],
  ['kunqi', 'chenjing', '客户已与其他园区签约三年，退回公海'],
];

export function scheduleDevelopmentDemo(story: DemoStory): void {
  // 1. Leads and lost prospects go to the pool.
  for (const [key, by, reason] of poolReleases) {
    story.on(28, '17:30', async () => {
      await releaseCustomer(story.deps, story.by(by), customerId(story, key), releaseBody.parse({ reason }));
    });
  }

  // 2. 轮流接待: 李四 sets the Shanghai rotation, then the desk logs walk-ins and calls.
  story.on(45, '09:05', async () => {
    await putRotation(story.deps, story.by('lisi'), undefined, putRotationBody.parse({ members: [{ userId: story.userId('zhangsan') }, { userId: story.userId('wangxiao') }] }));
  });
  const receptions: { daysAgo: number; hhmm: string; body: Record<string, unknown>; customer?: string }[] = [
    { daysAgo: 40, hhmm: '10:20', body: { kind: 'visit', prospectName: '上海佳运电商物流有限公司', contactName: '孔先生', contactPhone: '13661728845', companions: 2, spaceTypeCode: 'warehouse', area: '3000', sourceCode: 'walk_in', summary: '看仓：需要 3000㎡ 带月台的常温库，年中入驻', siteTour: true } },
    { daysAgo: 33, hhmm: '14:40', body: { kind: 'call', prospectName: '上海和顺冷藏运输有限公司', contactName: '曾女士', contactPhone: '13917265530', spaceTypeCode: 'cold_storage', area: '1200', sourceCode: 'inbound_call', summary: '咨询冷库租金和电费标准，约下周看现场' } },
    { daysAgo: 21, hhmm: '10:00', customer: 'xingchen', body: { kind: 'visit', contactName: '林佳怡', contactPhone: '13764402318', companions: 1, spaceTypeCode: 'warehouse', area: '4000', summary: '客户来园区复看 3 号库，确认层高与消防等级', siteTour: true } },
    { daysAgo: 9, hhmm: '15:10', body: { kind: 'visit', prospectName: '上海明澜家电销售有限公司', contactName: '毛先生', contactPhone: '13501837762', companions: 1, spaceTypeCode: 'warehouse', area: '5000', sourceCode: 'agent', summary: '中介带看，家电区域分拨仓需求，对租期要求 5 年', siteTour: true } },
    { daysAgo: 3, hhmm: '11:25', body: { kind: 'call', prospectName: '上海启航跨境物流有限公司', contactName: '薛女士', contactPhone: '021-58821937', spaceTypeCode: 'office', area: '300', sourceCode: 'online', summary: '网上看到招租信息，咨询园区配套办公室' } },
  ];
  for (const reception of receptions) {
    story.on(reception.daysAgo, reception.hhmm, async () => {
      const body = createReceptionBody.parse({ ...reception.body, ...(reception.customer ? { customerId: customerId(story, reception.customer) } : {}) });
      await createReception(story.deps, story.by('lisi'), body);
      story.count('receptions');
    });
  }

  // 3. Opportunities and their stage history.
  interface OpportunitySpec {
    key: string;
    owner: DemoUsername;
    customer: string;
    name: string;
    space: string;
    area: number;
    /** Monthly budget / deal amount in yuan (annual contract value). */
    amount: number;
    intent: 'A' | 'B' | 'C' | 'D';
    signInDays: number;
    created: number;
    /** [stage, daysAgo] moves after creation. */
    moves: [string, number][];
    lost?: [reason: string, note: string];
  }
  const stagesTo = (stage: string, from: number, step = 4): [string, number][] => {
    const order = ['requirement', 'proposal', 'negotiation', 'contract_approval', 'won'];
    return order.slice(0, order.indexOf(stage) + 1).map((code, i) => [code, from - i * step]);
  };
  const opportunitySpecs: OpportunitySpec[] = [
    { key: 'o-pujiang', owner: 'zhangsan', customer: 'pujiang', name: '浦江冷链 康桥园区 3000㎡ 冷库租赁', space: 'cold_storage', area: 3000, amount: 2_160_000, intent: 'A', signInDays: -6, created: 27, moves: stagesTo('won', 22) },
    { key: 'o-hudong', owner: 'zhangsan', customer: 'hudong', name: '沪东供应链 快消品区域仓 8000㎡', space: 'warehouse', area: 8000, amount: 3_840_000, intent: 'A', signInDays: 20, created: 26, moves: stagesTo('negotiation', 20) },
    { key: 'o-lingang', owner: 'zhangsan', customer: 'lingang', name: '临港智慧仓储 高标仓整租 12000㎡', space: 'warehouse', area: 12000, amount: 6_480_000, intent: 'B', signInDays: 60, created: 25, moves: stagesTo('proposal', 18) },
    { key: 'o-boyuan', owner: 'zhangsan', customer: 'boyuan', name: '博远医药 GSP 医药仓 2500㎡', space: 'warehouse', area: 2500, amount: 1_500_000, intent: 'B', signInDays: 45, created: 22, moves: stagesTo('requirement', 15) },
    { key: 'o-yuanhang', owner: 'zhangsan', customer: 'yuanhang', name: '远航货代 集装箱堆场 5000㎡', space: 'yard', area: 5000, amount: 900_000, intent: 'C', signInDays: 10, created: 24, moves: [...stagesTo('proposal', 19), ['lost', 8]], lost: ['price', '客户选择了外高桥一处报价低 15% 的堆场'] },
    { key: 'o-jiahe', owner: 'zhangsan', customer: 'jiahe', name: '嘉禾汽配 安亭零部件中转库 6000㎡', space: 'factory', area: 6000, amount: 2_520_000, intent: 'C', signInDays: 90, created: 6, moves: [] },
    { key: 'o-donghai', owner: 'wangxiao', customer: 'donghai', name: '东海冷冻 奉贤冷库 1800㎡（-18℃）', space: 'cold_storage', area: 1800, amount: 1_404_000, intent: 'A', signInDays: 12, created: 27, moves: stagesTo('contract_approval', 22) },
    { key: 'o-xingang', owner: 'wangxiao', customer: 'xingang', name: '新港储运 罗泾堆场 15000㎡ 续扩租', space: 'yard', area: 15000, amount: 2_700_000, intent: 'A', signInDays: -3, created: 26, moves: stagesTo('won', 21) },
    { key: 'o-xingchen', owner: 'wangxiao', customer: 'xingchen', name: '星辰跨境 出口集货仓 4000㎡', space: 'warehouse', area: 4000, amount: 1_920_000, intent: 'B', signInDays: 30, created: 24, moves: stagesTo('proposal', 17) },
    { key: 'o-chengpei', owner: 'wangxiao', customer: 'chengpei', name: '城配速递 闵行分拨中心 3000㎡', space: 'warehouse', area: 3000, amount: 1_260_000, intent: 'C', signInDays: 75, created: 5, moves: [] },
    { key: 'o-wuzhong', owner: 'chenjing', customer: 'wuzhongleng', name: '吴中冷链 甪直冷库扩容 2000㎡', space: 'cold_storage', area: 2000, amount: 1_440_000, intent: 'A', signInDays: 25, created: 27, moves: stagesTo('negotiation', 21) },
    { key: 'o-huarui', owner: 'chenjing', customer: 'huarui', name: '华瑞光电 昆山成品仓 5000㎡', space: 'warehouse', area: 5000, amount: 1_800_000, intent: 'B', signInDays: 50, created: 20, moves: stagesTo('requirement', 14) },
    { key: 'o-taihu', owner: 'chenjing', customer: 'taihu', name: '太湖食品 常温成品库 3500㎡', space: 'warehouse', area: 3500, amount: 1_260_000, intent: 'A', signInDays: -2, created: 26, moves: stagesTo('won', 20) },
  ];
  for (const spec of opportunitySpecs) {
    story.on(spec.created, '10:30', async () => {
      const body = createOpportunityBody.parse({
        customerId: customerId(story, spec.customer),
        name: spec.name,
        spaceTypeCode: spec.space,
        area: String(spec.area),
        budget: String(Math.round(spec.amount * 1.05)),
        amount: String(spec.amount),
        expectedSignDate: addDays(story.today, spec.signInDays),
        intentLevel: spec.intent,
      });
      const created = await createOpportunity(story.deps, story.by(spec.owner), body);
      story.ids.set(`opportunity:${spec.key}`, created.id);
      story.count('opportunities');
    });
    for (const [stage, daysAgo] of spec.moves) {
      story.on(daysAgo, '16:00', async () => {
        const lost = stage === 'lost' ? { lostReasonCode: spec.lost![0], lostNote: spec.lost![1] } : {};
        await moveOpportunityStage(story.deps, story.by(spec.owner), story.id(`opportunity:${spec.key}`), moveStageBody.parse({ stageCode: stage, ...lost }));
      });
      if (stage === 'won') {
        story.on(daysAgo, '16:30', async () => {
          await updateCustomer(story.deps, story.by(spec.owner), customerId(story, spec.customer), updateCustomerBody.parse({ lifecycleCode: 'signed', valueCode: 'cooperating' }));
        });
      }
    }
  }

  // 4. Visits (some with progress), each reported on the day.
  const visits: { owner: DemoUsername; customer: string; opportunity?: string; daysAgo: number; method: string; content: string; feedback?: string; nextStep?: string; nextInDays?: number; progress: boolean }[] = [
    { owner: 'zhangsan', customer: 'pujiang', opportunity: 'o-pujiang', daysAgo: 23, method: 'onsite', content: '到客户康桥基地拜访周总，介绍园区 5 号冷库（-25℃～4℃ 多温区）及双回路供电情况', feedback: '对温区划分和电价满意，希望租金按阶梯递增', nextStep: '出具正式报价方案', nextInDays: 3, progress: true },
    { owner: 'zhangsan', customer: 'hudong', opportunity: 'o-hudong', daysAgo: 16, method: 'onsite', content: '与吴经理及其运营团队现场踏勘 2 号仓，确认月台数量、卸货平台高度', feedback: '需要 12 个月台，希望免租期 3 个月', nextStep: '内部申请免租期政策', nextInDays: 7, progress: true },
    { owner: 'zhangsan', customer: 'lingang', opportunity: 'o-lingang', daysAgo: 12, method: 'phone', content: '电话沟通高标仓整租方案的交付时间与消防验收进度', feedback: '对方需要上会讨论，暂无结论', progress: false },
    { owner: 'wangxiao', customer: 'donghai', opportunity: 'o-donghai', daysAgo: 19, method: 'onsite', content: '陪同沈总参观奉贤冷库，演示温控系统与出入库流程', feedback: '基本确定入驻，合同条款待法务确认', nextStep: '提交合同审批', nextInDays: 4, progress: true },
    { owner: 'wangxiao', customer: 'xingchen', opportunity: 'o-xingchen', daysAgo: 11, method: 'wechat', content: '微信发送出口集货仓报价及平面图，约定下周复看', feedback: '客户在比较青浦另一处园区', nextStep: '准备竞品对比材料', nextInDays: 6, progress: false },
    { owner: 'chenjing', customer: 'wuzhongleng', opportunity: 'o-wuzhong', daysAgo: 15, method: 'onsite', content: '拜访陆总，讨论冷库扩容 2000㎡ 的分期交付方案', feedback: '同意分两期交付，价格还需再谈', nextStep: '商务谈判', nextInDays: 5, progress: true },
    { owner: 'chenjing', customer: 'huarui', opportunity: 'o-huarui', daysAgo: 13, method: 'phone', content: '电话了解成品仓需求：SKU 约 800 个，出货以整托为主', progress: false },
  ];
  for (const visit of visits) {
    story.on(visit.daysAgo, '18:10', async () => {
      const visitDate = story.dateAgo(visit.daysAgo);
      const body = createVisitBody.parse({
        customerId: customerId(story, visit.customer),
        contactId: story.ids.get(`contact:${visit.customer}`) ?? null,
        opportunityId: visit.opportunity ? story.id(`opportunity:${visit.opportunity}`) : null,
        visitDate,
        method: visit.method,
        participants: [],
        content: visit.content,
        feedback: visit.feedback ?? null,
        nextStep: visit.nextStep ?? null,
        nextDate: visit.nextInDays ? addDays(visitDate, visit.nextInDays) : null,
        valid: true,
        progress: visit.progress,
      });
      await createVisit(story.deps, story.by(visit.owner), body);
      story.count('visits');
    });
  }

  // 5. 新客户开发立项: 张三's project for 临港智慧仓储, approved by 李四 and the 评审小组 (周八).
  let projectId = 0;
  let budgetItemId = 0;
  story.on(25, '11:00', async () => {
    const body = createProjectBody.parse({
      customerId: customerId(story, 'lingang'),
      name: '临港智慧仓储高标仓整租开发',
      background: '临港新片区国企客户，计划整租 12000㎡ 高标仓用于保税及跨境业务，决策链长，需要专项投入（多轮方案、实地考察）。',
      expectedAnnualVolume: '6480000',
      target: '一年内签订 3 年以上整租合同，面积不少于 10000㎡',
      budgetItems: [
        { category: '差旅', amount: '8000', note: '临港往返、陪同考察' },
        { category: '招待', amount: '6000', note: '商务接待' },
        { category: '方案与资料', amount: '3000', note: '仓库规划方案、效果图制作' },
      ],
    });
    const project = await createProject(story.deps, story.by('zhangsan'), body);
    projectId = project.id;
    budgetItemId = project.budgetItems.find((item) => item.category === '差旅')!.id;
    await submitProject(story.deps, story.by('zhangsan'), projectId);
    story.count('projects');
  });
  story.on(24, '09:40', async () => story.approve('lisi', 'development_project', projectId, '同意立项，注意控制招待费用'));
  story.on(23, '15:20', async () => story.approve('zhouba', 'development_project', projectId, '同意，争取年内签约'));
  story.on(15, '17:00', async () => {
    await addExpense(story.deps, story.by('zhangsan'), projectId, addExpenseBody.parse({ budgetItemId, amount: '2350.00', spentOn: story.dateAgo(15), note: '陪同客户考察嘉定、昆山两处同类高标仓的交通与住宿' }));
  });
  story.on(8, '17:30', async () => {
    await addProgress(story.deps, story.by('zhangsan'), projectId, addProgressBody.parse({ reportedOn: story.dateAgo(8), content: '客户已完成内部选址初评，我方园区进入最后两家候选；下一步提交消防及承重资料。' }));
  });

  // 6. 开发报备: approved (exclusive right running), approved from the Suzhou pool, pending.
  story.on(14, '10:15', async () => {
    const registration = await createRegistration(
      story.deps,
      story.by('zhangsan'),
      createRegistrationBody.parse({
        newCustomer: {
          name: '上海周浦新能源汽车物流有限公司',
          uscc: fictionalUscc(story.random, '310115'),
          industryCode: '54',
          sourceCode: 'self_developed',
          contact: { name: '齐明远', mobile: '13817726451' },
        },
        intendedBusiness: '新能源整车及电池仓储 6000㎡',
        plan: '两周内上门拜访物流负责人，月底前提交园区方案与报价，争取 3 个月内签约',
        expectedValue: '2880000',
      }),
    );
    story.ids.set('customer:zhoupu', registration.customerId);
    story.count('registrations');
    story.count('customers');
    story.on(13, '09:30', async () => story.approve('lisi', 'development_registration', registration.id, '同意报备，独家期内抓紧推进'));
  });
  story.on(6, '10:45', async () => {
    const registration = await createRegistration(
      story.deps,
      story.by('chenjing'),
      createRegistrationBody.parse({
        customerId: customerId(story, 'yangcheng'),
        intendedBusiness: '冷库 1500㎡（蟹季季节性仓储）',
        plan: '蟹季前完成看库与报价，争取签订两年期合同',
        expectedValue: '960000',
      }),
    );
    story.count('registrations');
    story.on(5, '14:00', async () => story.approve('liuqiang', 'development_registration', registration.id, '同意'));
  });
  story.on(2, '16:20', async () => {
    await createRegistration(
      story.deps,
      story.by('wangxiao'),
      createRegistrationBody.parse({
        newCustomer: {
          name: '上海智联跨境供应链有限公司',
          uscc: fictionalUscc(story.random, '310118'),
          industryCode: '58',
          sourceCode: 'referral',
          contact: { name: '柏思远', mobile: '13621937704' },
        },
        intendedBusiness: '跨境电商出口集货仓 3500㎡ 及办公室 200㎡',
        plan: '本周内拜访客户运营总监，下周安排园区看库',
        expectedValue: '1680000',
      }),
    );
    story.count('registrations');
    story.count('customers');
  });
  story.on(6, '18:20', async () => {
    const body = createVisitBody.parse({
      customerId: customerId(story, 'zhoupu'),
      visitDate: story.dateAgo(6),
      method: 'onsite',
      content: '拜访齐总，了解新能源整车与电池仓储的消防要求，介绍园区丙二类仓库条件',
      feedback: '对园区位置满意，要求提供消防验收文件',
      nextStep: '提交园区方案与报价',
      nextDate: addDays(story.dateAgo(6), 5),
      valid: true,
      progress: true,
    });
    await createVisit(story.deps, story.by('zhangsan'), body);
    story.count('visits');
  });

  // 7. 张三's visit plan for next month, waiting for 李四.
  story.on(1, '17:45', async () => {
    const next = nextMonth(story.today.slice(0, 7));
    const items = [
      ['hudong', '05', '商务谈判：免租期与递增条款'],
      ['lingang', '08', '陪同客户考察园区消防设施'],
      ['boyuan', '14', '确认 GSP 改造需求与交付时间'],
      ['jiahe', '21', '了解零部件中转库需求'],
      ['zhoupu', '26', '方案与报价沟通'],
    ] as const;
    const plan = await createVisitPlan(
      story.deps,
      story.by('zhangsan'),
      createVisitPlanBody.parse({
        month: next,
        note: '重点推进沪东供应链与临港智慧仓储两个大项目',
        items: items.map(([customer, day, purpose]) => ({ customerId: customerId(story, customer), plannedDate: `${next}-${day}`, purpose })),
      }),
    );
    await submitVisitPlan(story.deps, story.by('zhangsan'), plan.id);
  });

}
