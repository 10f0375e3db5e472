import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { addDays, addMonths } from '../../platform/dates';
import { uploadAttachment } from '../../platform/files/files.service';
import type { UploadPart } from '../../platform/http/multipart';
import type { DemoStory } from '../../platform/seed/demo-story.types';
import { CONTRACT_REVIEW_TYPE } from './contracts/contracts.queries';
import { createContractBody } from './contracts/contracts.schema';
import { createContract } from './contracts/contracts.service';
import { signContract, submitContract } from './contracts/contract-lifecycle.service';
import { reserveUnit } from './spaces/occupancy.service';
import { createSpaceBody, reserveBody } from './spaces/spaces.schema';
import { createSpace, updateSpace } from './spaces/spaces.service';
import { createPackageBody } from './incentives/incentives.schema';
import { createPackage } from './incentives/incentives.service';

// Leasing's part of the demo story: the 华通 logistics park as 李四 (部门经理, 房源维护) entered it
// 60 days before the first start — two warehouses with bays, a yard, and the service building
// with shops and offices — and two reservations for prospects the specialists are working on.

type UnitSpec = [code: string, name: string, type: 'bay' | 'yard' | 'office' | 'shop', usable: string, gross: string, rent: string, basis: 'day' | 'month', extra?: Record<string, unknown>];

const buildings: { code: string; name: string; floors: { code: string; name: string; units: UnitSpec[] }[] }[] = [
  {
    code: 'W1',
    name: '1号库',
    floors: [
      {
        code: '1F',
        name: '一层',
        units: [1, 2, 3, 4, 5, 6].map((n): UnitSpec => [`A0${n}`, `1号库 A0${n} 库位`, 'bay', n <= 4 ? '1500.00' : '2200.00', n <= 4 ? '1580.00' : '2310.00', '1.10', 'day', { floorLoad: '3.00', ceilingHeight: '9.50', facilities: ['月台', '消防喷淋', '监控'] }]),
      },
      {
        code: '2F',
        name: '二层',
        units: [1, 2, 3, 4].map((n): UnitSpec => [`B0${n}`, `1号库 B0${n} 库位`, 'bay', '1800.00', '1890.00', '0.95', 'day', { floorLoad: '2.00', ceilingHeight: '7.00', facilities: ['货梯', '消防喷淋'] }]),
      },
    ],
  },
  {
    code: 'W3',
    name: '3号冷库',
    floors: [
      {
        code: '1F',
        name: '一层',
        units: [1, 2, 3].map((n): UnitSpec => [`C0${n}`, `3号冷库 C0${n} 冷藏间`, 'bay', '800.00', '860.00', '2.80', 'day', { floorLoad: '3.00', ceilingHeight: '10.00', facilities: ['-18℃ 冷冻', '月台', '双电源'] }]),
      },
    ],
  },
  {
    code: 'Y1',
    name: '东侧堆场',
    floors: [{ code: 'G', name: '地面', units: [1, 2, 3, 4].map((n): UnitSpec => [`P0${n}`, `东侧堆场 P0${n} 地块`, 'yard', '3000.00', '3000.00', '0.35', 'day', { floorLoad: '5.00' }]) }],
  },
  {
    code: 'S1',
    name: '综合服务楼',
    floors: [
      { code: '1F', name: '一层', units: [1, 2, 3].map((n): UnitSpec => [`10${n}`, `综合楼 10${n} 商铺`, 'shop', '85.00', '110.00', '180.00', 'month']) },
      { code: '3F', name: '三层', units: [1, 2, 3, 4, 5].map((n): UnitSpec => [`30${n}`, `综合楼 30${n} 办公室`, 'office', n === 1 ? '260.00' : '120.00', n === 1 ? '330.00' : '152.00', '75.00', 'month', { facilities: ['中央空调', '网络'] }]) },
    ],
  },
];

export function scheduleLeasingDemo(story: DemoStory): void {
  story.on(60, '09:30', async () => {
    const lisi = story.by('lisi');
    const park = await createSpace(story.deps, lisi, createSpaceBody.parse({ code: 'HT', name: '华通物流园区', availableFrom: story.dateAgo(60) }));
    story.ids.set('space:park', park.id);
    for (const building of buildings) {
      const node = await createSpace(story.deps, lisi, createSpaceBody.parse({ parentId: park.id, code: building.code, name: building.name }));
      for (const floor of building.floors) {
        const level = await createSpace(story.deps, lisi, createSpaceBody.parse({ parentId: node.id, code: floor.code, name: floor.name }));
        for (const [code, name, unitType, usableArea, grossArea, listRent, rentBasis, extra] of floor.units) {
          const unit = await createSpace(
            story.deps,
            lisi,
            createSpaceBody.parse({ parentId: level.id, code, name, unitType, usableArea, grossArea, listRent, rentBasis, availableFrom: story.dateAgo(60), ...extra }),
          );
          story.ids.set(`space:${building.code}-${floor.code}-${code}`, unit.id);
          story.count('spaces');
        }
      }
    }
    // One bay is being repaired (roof leak), one office is kept for the park's own use.
    await updateSpace(story.deps, lisi, story.id('space:W1-2F-B04'), { condition: 'maintenance', note: '屋面渗漏维修，预计下月完工' });
    await updateSpace(story.deps, lisi, story.id('space:S1-3F-301'), { condition: 'unavailable', note: '园区运营办公室自用' });
  });
  // The park's standard package, agreed after the story's contracts: 首年免租 2 个月 without a further approval.
  story.on(1, '09:10', async () => {
    await createPackage(story.deps, story.by('lisi'), createPackageBody.parse({ projectId: story.id('space:park'), name: '首年免租 2 个月', freeMonths: 2, validFrom: story.dateAgo(1), note: '新签约客户首年可享 2 个月免租，超出部分报分管领导审批' }));
  });
  // 王晓 holds 3号冷库 C01 for 星辰跨境 after their second site visit; 张三 holds two yard plots.
  story.on(20, '16:00', async () => {
    await reserveUnit(story.deps, story.by('wangxiao'), story.id('space:W3-1F-C01'), reserveBody.parse({ customerId: story.id('customer:xingchen'), endDate: addDays(story.today, 25), note: '客户复看后口头确认意向，待报价' }));
  });
  story.on(6, '10:30', async () => {
    for (const plot of ['P01', 'P02']) {
      await reserveUnit(story.deps, story.by('zhangsan'), story.id(`space:Y1-G-${plot}`), reserveBody.parse({ customerId: story.id('customer:hudong'), endDate: addDays(story.today, 14), note: '快消品旺季临时堆场需求，待合同谈判' }));
    }
  });
}

/** A one-page PDF standing in for the signed scan. */
const scanPdf = () => Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

async function* scanParts(contractId: number): AsyncIterable<UploadPart> {
  yield { type: 'field', name: 'recordType', value: 'contract' };
  yield { type: 'field', name: 'recordId', value: String(contractId) };
  yield { type: 'file', name: 'file', fileName: '租赁合同签署件.pdf', stream: Readable.from([scanPdf()]) };
}

/**
 * 浦江冷链 leases 1号库 A01 from 50 days before the first start: 张三 drafts it, 李四, 王五 and 赵六
 * review it, and it is signed with its scan the same afternoon — billing's demo bills it.
 */
export function scheduleLeasingContractDemo(story: DemoStory): void {
  story.on(50, '09:10', async () => {
    const customerId = story.id('customer:pujiang');
    // Its qualification review passed (R-CUS-11), as the archive's admission would record it.
    await story.deps.db.execute(sql`UPDATE customers SET admission_status = 'admitted', admitted_at = ${story.deps.clock.now()} WHERE id = ${customerId}`);
    const start = story.dateAgo(50);
    const zhangsan = story.by('zhangsan');
    const draft = await createContract(
      story.deps,
      zhangsan,
      createContractBody.parse({
        customerId,
        contractType: 'lease',
        title: '1号库 A01 库位租赁合同',
        startDate: start,
        endDate: addDays(addMonths(start, 12), -1),
        units: [{ spaceId: story.id('space:W1-1F-A01') }],
        terms: {
          billingCycle: 'monthly',
          paymentDay: 1,
          charges: [
            { item: 'rent', basis: 'sqm_day', unitPrice: '1.10' },
            { item: 'property_fee', basis: 'sqm_month', unitPrice: '3.00' },
          ],
          freePeriods: [],
          escalationRate: '0',
          deposit: '100000',
          lateFeeRate: '0.0005',
          lateFeeGraceDays: 5,
        },
        signingParty: '华通物流园区管理有限公司',
        templateId: null,
      }),
    );
    await submitContract(story.deps, zhangsan, draft.id, '客户已确认条款');
    for (const [who, comment] of [['lisi', '同意'], ['wangwu', '条款合规'], ['wangwu', '非范本合同条款已审'], ['zhaoliu', '经济条款无误']] as const) {
      await story.approve(who, CONTRACT_REVIEW_TYPE, draft.id, comment);
    }
    const scan = await uploadAttachment(story.deps, zhangsan, scanParts(draft.id));
    await signContract(story.deps, zhangsan, draft.id, { signedDate: start, effectiveDate: start, signedScanId: scan.id });
    story.ids.set('contract:pujiang', draft.id);
    story.count('contracts');
  });
}
