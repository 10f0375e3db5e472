import { addDays } from '../../platform/dates';
import type { DemoStory } from '../../platform/seed/demo-story.types';
import { reserveUnit } from './spaces/occupancy.service';
import { createSpaceBody, reserveBody } from './spaces/spaces.schema';
import { createSpace, updateSpace } from './spaces/spaces.service';

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
