// Deterministic random data for the benchmark: the same BENCH_SEED gives the same data set, so
// two runs (or two modes) measure the same rows.

/** mulberry32: small, fast, good enough for test data. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  /** Picks by weight: [[value, weight], …]. */
  const weighted = <T>(entries: readonly (readonly [T, number])[]): T => {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1]![0];
  };
  /** Skewed pick: low indexes are chosen much more often (a few very active users). */
  const skewed = <T>(list: readonly T[], power = 2.2): T => list[Math.floor(Math.pow(next(), power) * list.length)]!;
  const chance = (probability: number) => next() < probability;
  return { next, int, pick, weighted, skewed, chance };
}

export type Random = ReturnType<typeof createRandom>;

// 百家姓 — the most common surnames, weighted roughly by frequency, with their pinyin.
export const surnames: readonly (readonly [string, string, number])[] = [
  ['王', 'wang', 72], ['李', 'li', 71], ['张', 'zhang', 67], ['刘', 'liu', 54], ['陈', 'chen', 45],
  ['杨', 'yang', 31], ['黄', 'huang', 23], ['赵', 'zhao', 20], ['吴', 'wu', 20], ['周', 'zhou', 19],
  ['徐', 'xu', 15], ['孙', 'sun', 15], ['马', 'ma', 12], ['朱', 'zhu', 12], ['胡', 'hu', 11],
  ['郭', 'guo', 11], ['何', 'he', 10], ['林', 'lin', 10], ['高', 'gao', 10], ['罗', 'luo', 9],
  ['郑', 'zheng', 8], ['梁', 'liang', 8], ['谢', 'xie', 7], ['宋', 'song', 6], ['唐', 'tang', 6],
  ['许', 'xu', 6], ['韩', 'han', 5], ['冯', 'feng', 5], ['邓', 'deng', 5], ['曹', 'cao', 5],
  ['彭', 'peng', 5], ['曾', 'zeng', 4], ['肖', 'xiao', 4], ['田', 'tian', 4], ['董', 'dong', 4],
  ['袁', 'yuan', 4], ['潘', 'pan', 3], ['于', 'yu', 3], ['蒋', 'jiang', 3], ['蔡', 'cai', 3],
  ['欧阳', 'ouyang', 1], ['司马', 'sima', 0.3],
];

// Characters common in given names, with pinyin.
export const givenChars: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['秀', 'xiu'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'],
  ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'],
  ['明', 'ming'], ['超', 'chao'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'], ['桂', 'gui'], ['英', 'ying'], ['华', 'hua'],
  ['文', 'wen'], ['建', 'jian'], ['国', 'guo'], ['玉', 'yu'], ['兰', 'lan'], ['梅', 'mei'], ['鹏', 'peng'], ['辉', 'hui'],
  ['斌', 'bin'], ['宇', 'yu'], ['浩', 'hao'], ['晨', 'chen'], ['欣', 'xin'], ['怡', 'yi'], ['婷', 'ting'], ['雪', 'xue'],
  ['佳', 'jia'], ['子', 'zi'], ['涵', 'han'], ['博', 'bo'], ['思', 'si'], ['雨', 'yu'], ['嘉', 'jia'], ['俊', 'jun'],
  ['凯', 'kai'], ['晓', 'xiao'], ['红', 'hong'], ['海', 'hai'], ['波', 'bo'], ['宁', 'ning'], ['琳', 'lin'], ['颖', 'ying'],
];

export interface PersonName {
  displayName: string;
  pinyin: string;
}

export function chineseName(random: Random): PersonName {
  const [surname, surnamePinyin] = random.weighted(surnames.map(([s, p, w]) => [[s, p] as const, w] as const));
  const parts = random.chance(0.7) ? [random.pick(givenChars), random.pick(givenChars)] : [random.pick(givenChars)];
  return {
    displayName: surname + parts.map(([c]) => c).join(''),
    pinyin: surnamePinyin + parts.map(([, p]) => p).join(''),
  };
}

// Company names for summaries (the customer module will bring real customers).
const companyPlaces = ['上海', '苏州', '杭州', '南京', '无锡', '宁波', '合肥', '嘉兴', '昆山', '常州'];
const companyCores = ['华通', '鼎盛', '恒信', '瑞丰', '嘉禾', '中远', '宏达', '金桥', '新纪元', '博远', '长江', '安泰', '润华', '天成', '众合'];
const companyTrades = ['物流', '供应链', '电子科技', '生物医药', '智能制造', '仓储服务', '国际贸易', '新材料', '信息技术', '食品'];

export function companyName(random: Random): string {
  return `${random.pick(companyPlaces)}${random.pick(companyCores)}${random.pick(companyTrades)}有限公司`;
}
