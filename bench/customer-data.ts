import { USCC_ALPHABET, organizationCodeCheck, usccCheckCharacter } from '../server/modules/customers/archive/identifiers';
// Realistic, deterministic customer data for the benchmark: company names built from a city, a
// 字号 (brand), an industry word and a legal form (「苏州华通冷链物流有限公司」), valid USCCs with
// the GB 11714 organisation-code check and the GB 32100 check character, landlines with the
// city's area code, addresses with province / city / district, contacts with Chinese names and
// mobile numbers. Names come from one seeded sequence (unique by their duplicate key); every
// other field of customer `i` depends only on (seed, i), so the import file can rebuild any
// customer — or invent new ones — in another process.
import { normalizeName } from '../server/modules/customers/search/keys';
import { chineseName, createRandom, type Random } from './random';

interface District {
  name: string;
  /** GB/T 2260 administrative code, the 3rd–8th characters of a USCC. */
  code: string;
}
interface City {
  province: string;
  city: string;
  short: string;
  areaCode: string;
  postcode: string;
  districts: District[];
  weight: number;
  streets: string[];
}

const d = (name: string, code: string): District => ({ name, code });
export const cities: readonly City[] = [
  { province: '上海市', city: '上海市', short: '上海', areaCode: '021', postcode: '2012', weight: 22, streets: ['张江路', '金科路', '申江路', '沪闵路', '曹安公路', '嘉松北路', '漕河泾开发区宜山路'], districts: [d('浦东新区', '310115'), d('闵行区', '310112'), d('嘉定区', '310114'), d('松江区', '310117'), d('青浦区', '310118'), d('宝山区', '310113')] },
  { province: '江苏省', city: '苏州市', short: '苏州', areaCode: '0512', postcode: '2150', weight: 16, streets: ['星湖街', '金鸡湖大道', '苏虹东路', '通园路', '长江路', '前进西路'], districts: [d('工业园区', '320571'), d('吴中区', '320506'), d('相城区', '320507'), d('吴江区', '320509'), d('昆山市', '320583'), d('常熟市', '320581')] },
  { province: '浙江省', city: '杭州市', short: '杭州', areaCode: '0571', postcode: '3100', weight: 12, streets: ['江南大道', '文一西路', '滨安路', '市心北路', '下沙路'], districts: [d('滨江区', '330108'), d('余杭区', '330110'), d('萧山区', '330109'), d('西湖区', '330106'), d('钱塘区', '330114')] },
  { province: '江苏省', city: '南京市', short: '南京', areaCode: '025', postcode: '2111', weight: 10, streets: ['秣周东路', '仙林大道', '软件大道', '江北大道'], districts: [d('江宁区', '320115'), d('栖霞区', '320113'), d('雨花台区', '320114'), d('浦口区', '320111')] },
  { province: '安徽省', city: '合肥市', short: '合肥', areaCode: '0551', postcode: '2300', weight: 8, streets: ['望江西路', '繁华大道', '创新大道', '包河大道'], districts: [d('蜀山区', '340104'), d('包河区', '340111'), d('肥西县', '340123')] },
  { province: '浙江省', city: '宁波市', short: '宁波', areaCode: '0574', postcode: '3158', weight: 5, streets: ['明州路', '新晖路', '鄞州大道'], districts: [d('北仑区', '330206'), d('鄞州区', '330212'), d('镇海区', '330211')] },
  { province: '江苏省', city: '无锡市', short: '无锡', areaCode: '0510', postcode: '2140', weight: 5, streets: ['菱湖大道', '长江路', '蠡湖大道'], districts: [d('新吴区', '320214'), d('滨湖区', '320211'), d('惠山区', '320206')] },
  { province: '浙江省', city: '嘉兴市', short: '嘉兴', areaCode: '0573', postcode: '3140', weight: 3, streets: ['亚太路', '中环南路', '东方大道'], districts: [d('南湖区', '330402'), d('嘉善县', '330421'), d('平湖市', '330482')] },
  { province: '广东省', city: '深圳市', short: '深圳', areaCode: '0755', postcode: '5180', weight: 6, streets: ['科技南路', '宝安大道', '龙岗大道'], districts: [d('南山区', '440305'), d('宝安区', '440306'), d('龙岗区', '440307')] },
  { province: '广东省', city: '广州市', short: '广州', areaCode: '020', postcode: '5105', weight: 4, streets: ['科学大道', '市桥路', '机场路'], districts: [d('黄埔区', '440112'), d('番禺区', '440113'), d('白云区', '440111')] },
  { province: '北京市', city: '北京市', short: '北京', areaCode: '010', postcode: '1000', weight: 4, streets: ['中关村大街', '望京街', '荣华中路'], districts: [d('海淀区', '110108'), d('朝阳区', '110105'), d('大兴区', '110115')] },
  { province: '天津市', city: '天津市', short: '天津', areaCode: '022', postcode: '3004', weight: 2, streets: ['第三大街', '宾水西道'], districts: [d('滨海新区', '120116'), d('西青区', '120111')] },
  { province: '山东省', city: '青岛市', short: '青岛', areaCode: '0532', postcode: '2665', weight: 2, streets: ['长江中路', '正阳路'], districts: [d('黄岛区', '370211'), d('城阳区', '370214')] },
  { province: '湖北省', city: '武汉市', short: '武汉', areaCode: '027', postcode: '4300', weight: 2, streets: ['光谷大道', '高新大道'], districts: [d('洪山区', '420111'), d('江夏区', '420115')] },
  { province: '四川省', city: '成都市', short: '成都', areaCode: '028', postcode: '6100', weight: 2, streets: ['天府大道', '科华南路'], districts: [d('武侯区', '510107'), d('双流区', '510116'), d('郫都区', '510117')] },
];

const brandFirst = [...'华恒鼎瑞嘉中宏金博长安润天众东盛新汇星远永国德立开万凯锦海正信同和兴光泰明聚创'];
const brandSecond = [...'通信盛丰禾远达桥源江泰华成合方川雅联河航昌邦元程宇阳辉晟祥鑫力德科森峰诚康隆润'];

/** Industry words with a GB/T 4754-2017 division (大类) and a share of the customer base. */
export const industries: readonly (readonly [string, string, number])[] = [
  ['冷链物流', '59', 6], ['供应链管理', '72', 6], ['电子科技', '39', 8], ['生物医药', '27', 5], ['智能制造', '34', 6],
  ['仓储服务', '59', 5], ['国际贸易', '51', 7], ['新材料', '30', 4], ['信息技术', '65', 7], ['食品', '14', 4],
  ['机械设备', '35', 5], ['新能源科技', '38', 4], ['汽车零部件', '36', 4], ['精密模具', '35', 2], ['环保科技', '77', 3],
  ['建筑工程', '48', 3], ['文化传媒', '86', 2], ['企业管理咨询', '72', 4], ['网络科技', '64', 5], ['医疗器械', '35', 3],
  ['包装材料', '29', 2], ['纺织品', '17', 2], ['化工', '26', 2], ['光电科技', '39', 3], ['软件开发', '65', 5],
  ['物业管理', '70', 2], ['餐饮管理', '62', 2], ['跨境电商', '52', 3], ['检测技术', '74', 2], ['人力资源', '72', 2],
];
const legalForms = [['有限公司', 74], ['有限责任公司', 12], ['股份有限公司', 9], ['集团有限公司', 5]] as const;
const titles = ['总经理', '副总经理', '行政经理', '采购经理', '财务总监', '董事长', '物流主管', '办公室主任', '法务专员', '行政专员', '运营总监', '项目经理'] as const;
const departments = ['总经办', '行政部', '采购部', '财务部', '运营部', '物流部', '人事部', '法务部'] as const;
const decisionRoles = [['decision_maker', 20], ['influencer', 30], ['user', 35], ['other', 15]] as const;
export const customerTags = ['重点客户', '高新技术企业', '专精特新', '冷链', '上市公司', '外资', '续约意向', '扩租需求', '政府补贴'] as const;

const cityWeights = cities.map((c) => [c, c.weight] as const);
const industryWeights = industries.map((entry) => [entry, entry[2]] as const);

/**
 * `count` company names in a fixed order for a seed, unique by their duplicate key
 * (normalizeName: 有限公司 and 有限责任公司 of the same words are the same company).
 */
export function companyNames(seed: number, count: number): string[] {
  const random = createRandom(seed ^ 0x5bd1e995);
  const seen = new Set<string>();
  const names: string[] = [];
  while (names.length < count) {
    const city = random.weighted(cityWeights);
    let first = random.pick(brandFirst);
    let second = random.pick(brandSecond);
    if (first === second) [first, second] = ['华', '通'];
    const [industry] = random.weighted(industryWeights);
    const form = random.weighted(legalForms);
    const shape = random.next();
    const name =
      shape < 0.78 ? `${city.short}${first}${second}${industry}${form}` : shape < 0.9 ? `${first}${second}${industry}（${city.short}）${form}` : `${first}${second}${industry}${form}`;
    const key = normalizeName(name);
    if (seen.has(key)) continue;
    seen.add(key);
    names.push(name);
  }
  return names;
}

// ── Identifiers ────────────────────────────────────────────────────────────────
const USCC_CHARS = USCC_ALPHABET;

/** GB 32100 check character over the first 17 characters of a USCC. */
export const usccCheck = usccCheckCharacter;
const orgCheck = organizationCodeCheck;

/**
 * A valid 统一社会信用代码 for customer `index` in a district, unique per index: newer companies
 * get the `MA…` style organisation code, older ones an 8-digit one, both from a bijective
 * scramble of the index.
 */
export function usccFor(index: number, district: District, newStyle: boolean): string {
  let body: string;
  if (newStyle) {
    let n = (index * 48_271 + 7_654_321) % 887_503_681; // 31^6
    body = 'MA';
    for (let i = 0; i < 6; i++) {
      body += USCC_CHARS[n % 31];
      n = Math.floor(n / 31);
    }
  } else {
    body = String((index * 48_271 + 12_345_678) % 100_000_000).padStart(8, '0');
    if (body.startsWith('MA')) body = `1${body.slice(1)}`;
  }
  const first17 = `91${district.code}${body}${orgCheck(body)}`;
  return first17 + usccCheck(first17);
}

export function mobileFor(random: Random): string {
  const prefix = random.pick(['135', '136', '138', '139', '150', '151', '158', '159', '177', '180', '186', '187', '188', '189', '199']);
  return `${prefix}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
}

// ── One customer ──────────────────────────────────────────────────────────────
export interface ContactSpec {
  name: string;
  title: string;
  department: string;
  mobile: string;
  email: string | null;
  decisionRole: string;
  isPrimary: boolean;
}

export interface CustomerSpec {
  name: string;
  shortName: string | null;
  uscc: string;
  industryCode: string;
  province: string;
  city: string;
  district: string;
  street: string;
  postcode: string;
  phone: string;
  legalRepresentative: string;
  registeredCapital: string;
  employees: number;
  mainProducts: string;
  tags: string[];
  contacts: ContactSpec[];
  /** 0..1, for callers that pick dictionary codes, owners, dates with it. */
  random: Random;
}

const cityOfName = (name: string) => cities.find((c) => name.includes(c.short));

/** Everything about customer `index` except what depends on the database (codes, owners, dictionaries). */
export function customerSpec(seed: number, index: number, name: string): CustomerSpec {
  const random = createRandom((seed * 1_000_003 + index * 2_654_435_761) >>> 0);
  const city = cityOfName(name) ?? random.weighted(cityWeights);
  const district = random.pick(city.districts);
  const industry = industries.find(([word]) => name.includes(word)) ?? random.weighted(industryWeights);
  const brand = name.replace(city.short, '').replace(/^（.*?）/, '').slice(0, 2);
  const contactCount = random.weighted([[1, 15], [2, 22], [3, 25], [4, 22], [5, 16]] as const); // 3.02 on average
  const contacts: ContactSpec[] = [];
  for (let c = 0; c < contactCount; c++) {
    const person = chineseName(random);
    contacts.push({
      name: person.displayName,
      title: random.pick(titles),
      department: random.pick(departments),
      mobile: mobileFor(random),
      email: random.chance(0.5) ? `${person.pinyin}${random.int(1, 99)}@${random.pick(['163.com', 'qq.com', '126.com', 'sina.com'])}` : null,
      decisionRole: random.weighted(decisionRoles),
      isPrimary: c === 0,
    });
  }
  const capitalWan = Math.round(Math.exp(random.next() * 6.9)) * 10; // 10 万 … ~1 亿
  const tags: string[] = [];
  for (const tag of customerTags) if (random.chance(0.06)) tags.push(tag);
  return {
    name,
    shortName: random.chance(0.6) ? `${brand}${industry[0].slice(0, 2)}` : null,
    uscc: usccFor(index, district, random.chance(0.6)),
    industryCode: industry[1],
    province: city.province,
    city: city.city,
    district: district.name,
    street: `${random.pick(city.streets)}${random.int(1, 2_999)}号${random.chance(0.4) ? `${random.int(1, 12)}幢${random.int(101, 1_808)}室` : ''}`,
    postcode: `${city.postcode}${String(random.int(0, 99)).padStart(2, '0')}`,
    phone: `${city.areaCode}-${random.int(city.areaCode.length === 3 ? 50_000_000 : 5_000_000, city.areaCode.length === 3 ? 69_999_999 : 8_999_999)}`,
    legalRepresentative: chineseName(random).displayName,
    registeredCapital: `${capitalWan * 10_000}.00`,
    employees: Math.round(Math.exp(random.next() * 7.5)) + 3,
    mainProducts: `${industry[0]}相关产品与服务`,
    tags,
    contacts,
    random,
  };
}
