import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import pino from 'pino';
import type { RequestContext } from '../access/access';
import { approveBody } from '../approvals/approvals.schema';
import { approveStep } from '../approvals/approvals.service';
import { approvalInstances } from '../approvals/approvals.table';
import { loadActor } from '../auth/auth.service';
import { addDays, shanghaiDate } from '../calendar/workdays';
import type { Clock } from '../clock';
import { loadConfig, type AppConfig } from '../config';
import type { Database, Db } from '../db/client';
import type { Deps } from '../deps';
import { users } from '../org/org.table';
import { isValidUscc } from '../../modules/customers/identifiers';
import { createCustomerBody, updateCustomerBody } from '../../modules/customers/customers.schema';
import { createCustomer, updateCustomer } from '../../modules/customers/customers.service';
import { customers } from '../../modules/customers/customers.table';
import { createOpportunityBody, moveStageBody } from '../../modules/development/opportunities/opportunities.schema';
import { createOpportunity } from '../../modules/development/opportunities/opportunities.service';
import { moveOpportunityStage } from '../../modules/development/opportunities/opportunity-stage.service';
import { releaseBody } from '../../modules/development/ownership/ownership.schema';
import { releaseCustomer } from '../../modules/development/ownership/my-customers.service';
import { addExpenseBody, addProgressBody, createProjectBody } from '../../modules/development/projects/projects.schema';
import { addExpense, addProgress } from '../../modules/development/projects/project-activity.service';
import { createProject, submitProject } from '../../modules/development/projects/projects.service';
import { createReceptionBody, putRotationBody } from '../../modules/development/reception/reception.schema';
import { createReception } from '../../modules/development/reception/reception.service';
import { putRotation } from '../../modules/development/reception/reception-rotation.service';
import { createRegistrationBody } from '../../modules/development/registrations/registrations.schema';
import { createRegistration } from '../../modules/development/registrations/registration-filing.service';
import { createVisitBody, createVisitPlanBody } from '../../modules/development/visits/visits.schema';
import { createVisit } from '../../modules/development/visits/visits.service';
import { createVisitPlan, submitVisitPlan } from '../../modules/development/visits/visit-plans.service';

// 演示业务数据: on the first start, right after the demo organisation, a believable two-month
// history of the Shanghai and Suzhou investment-promotion departments is played through the real
// services — so numbering, ownership rules, approvals, audit records, timelines and notifications
// are exactly what users would have produced. The story runs on its own clock over the past
// ~60 days (Asia/Shanghai business hours), so the exclusive rights, reminders and countdowns are
// current relative to the day the product is first started. All companies and people are fictional.

/** What was created, for the console and the tests. */
export interface DemoBusinessSummary {
  customers: number;
  pool: number;
  registrations: number;
  opportunities: number;
  visits: number;
  receptions: number;
  projects: number;
}

type Username = 'zhangsan' | 'wangxiao' | 'lisi' | 'chenjing' | 'liuqiang' | 'zhouba';

// ── Deterministic fictional identifiers ──────────────────────────────────────────

/** Small seeded PRNG (mulberry32): the same demo data on every first start. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = prng(20_240_601);
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A well-formed 统一社会信用代码 for a fictional enterprise: 91 (工商/企业) + the district's
 * division code + an "MA…" organisation code with its GB 11714 check digit + the GB 32100 check.
 */
function fictionalUscc(division: string): string {
  const body = `MA${Array.from({ length: 6 }, () => USCC_CHARS[Math.floor(random() * USCC_CHARS.length)]).join('')}`;
  const orgSum = [...body].reduce((sum, char, i) => sum + (/\d/.test(char) ? Number(char) : char.charCodeAt(0) - 55) * ORG_WEIGHTS[i]!, 0);
  const orgCheck = 11 - (orgSum % 11);
  const first17 = `91${division}${body}${orgCheck === 10 ? 'X' : orgCheck === 11 ? '0' : String(orgCheck)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  const code = first17 + USCC_CHARS[(31 - (sum % 31)) % 31];
  if (!isValidUscc(code)) throw new Error(`demo USCC ${code} is not valid`);
  return code;
}

// ── The cast ─────────────────────────────────────────────────────────────────────

interface Place {
  province: string;
  city: string;
  district: string;
  division: string;
  postcode: string;
  area: string;
}
const places: Record<string, Place> = {
  pudong: { province: '上海市', city: '上海市', district: '浦东新区', division: '310115', postcode: '201306', area: '021' },
  minhang: { province: '上海市', city: '上海市', district: '闵行区', division: '310112', postcode: '201108', area: '021' },
  jiading: { province: '上海市', city: '上海市', district: '嘉定区', division: '310114', postcode: '201805', area: '021' },
  qingpu: { province: '上海市', city: '上海市', district: '青浦区', division: '310118', postcode: '201703', area: '021' },
  songjiang: { province: '上海市', city: '上海市', district: '松江区', division: '310117', postcode: '201613', area: '021' },
  baoshan: { province: '上海市', city: '上海市', district: '宝山区', division: '310113', postcode: '201900', area: '021' },
  fengxian: { province: '上海市', city: '上海市', district: '奉贤区', division: '310120', postcode: '201400', area: '021' },
  suzhouSip: { province: '江苏省', city: '苏州市', district: '苏州工业园区', division: '320571', postcode: '215021', area: '0512' },
  wuzhong: { province: '江苏省', city: '苏州市', district: '吴中区', division: '320506', postcode: '215104', area: '0512' },
  xiangcheng: { province: '江苏省', city: '苏州市', district: '相城区', division: '320507', postcode: '215131', area: '0512' },
  huqiu: { province: '江苏省', city: '苏州市', district: '虎丘区', division: '320505', postcode: '215011', area: '0512' },
  wujiang: { province: '江苏省', city: '苏州市', district: '吴江区', division: '320509', postcode: '215200', area: '0512' },
  kunshan: { province: '江苏省', city: '苏州市', district: '昆山市', division: '320583', postcode: '215300', area: '0512' },
  taicang: { province: '江苏省', city: '苏州市', district: '太仓市', division: '320585', postcode: '215400', area: '0512' },
  changshu: { province: '江苏省', city: '苏州市', district: '常熟市', division: '320581', postcode: '215500', area: '0512' },
  zhangjiagang: { province: '江苏省', city: '苏州市', district: '张家港市', division: '320582', postcode: '215600', area: '0512' },
};

interface CustomerSpec {
  key: string;
  /** Who files it; with `pool` it is released to the 公海 afterwards. */
  by: Username;
  name: string;
  shortName: string;
  industry: string;
  nature: 'state_owned' | 'private' | 'foreign';
  source: string;
  place: keyof typeof places;
  street: string;
  /** Registered capital in 万元. */
  capital: number;
  employees: number;
  products: string;
  usage: string[];
  contact: [name: string, title: string];
  legal: string;
  tags?: string[];
  strategic?: boolean;
  lifecycle?: 'potential' | 'intent' | 'negotiating';
  pool?: string;
}

const customerSpecs: CustomerSpec[] = [
  // 上海招商部 · 张三
  { key: 'pujiang', by: 'zhangsan', name: '上海浦江冷链物流有限公司', shortName: '浦江冷链', industry: '59', nature: 'private', source: 'self_developed', place: 'pudong', street: '康桥镇秀浦路 1288 号', capital: 5000, employees: 260, products: '冷链仓储、冷链干线与城配', usage: ['warehousing'], contact: ['周建国', '运营总监'], legal: '陈浦生', tags: ['冷链'], strategic: true, lifecycle: 'negotiating' },
  { key: 'hudong', by: 'zhangsan', name: '上海沪东供应链管理有限公司', shortName: '沪东供应链', industry: '58', nature: 'private', source: 'referral', place: 'baoshan', street: '富联路 958 号', capital: 3000, employees: 180, products: '快消品供应链、仓配一体化', usage: ['warehousing', 'logistics'], contact: ['吴海燕', '物流经理'], legal: '徐东明', lifecycle: 'negotiating' },
  { key: 'lingang', by: 'zhangsan', name: '上海临港智慧仓储有限公司', shortName: '临港智慧仓储', industry: '59', nature: 'state_owned', source: 'government', place: 'pudong', street: '临港新片区海洋一路 333 号', capital: 20000, employees: 320, products: '高标准仓储、保税仓储', usage: ['warehousing'], contact: ['郑立新', '副总经理'], legal: '马志强', tags: ['高标仓', '国企'], strategic: true, lifecycle: 'intent' },
  { key: 'boyuan', by: 'zhangsan', name: '上海博远医药流通有限公司', shortName: '博远医药', industry: '51', nature: 'private', source: 'online', place: 'minhang', street: '浦江镇联航路 1588 号', capital: 8000, employees: 410, products: '药品、医疗器械批发配送（GSP）', usage: ['warehousing'], contact: ['钱文静', '储运部经理'], legal: '孙博远', tags: ['医药', 'GSP'], lifecycle: 'intent' },
  { key: 'yuanhang', by: 'zhangsan', name: '上海远航国际货运代理有限公司', shortName: '远航货代', industry: '58', nature: 'private', source: 'inbound_call', place: 'pudong', street: '外高桥富特北路 211 号', capital: 1000, employees: 95, products: '海运进出口代理、集装箱堆存', usage: ['logistics'], contact: ['冯志刚', '总经理'], legal: '冯志刚', lifecycle: 'intent' },
  { key: 'jiahe', by: 'zhangsan', name: '上海嘉禾汽车零部件有限公司', shortName: '嘉禾汽配', industry: '36', nature: 'foreign', source: 'promotion_event', place: 'jiading', street: '安亭镇墨玉南路 888 号', capital: 12000, employees: 650, products: '汽车座椅骨架、内饰件', usage: ['warehousing', 'logistics'], contact: ['蒋丽华', '采购经理'], legal: '王嘉禾', tags: ['汽车零部件'], lifecycle: 'intent' },
  { key: 'jinqiao', by: 'zhangsan', name: '上海金桥电气设备有限公司', shortName: '金桥电气', industry: '38', nature: 'private', source: 'self_developed', place: 'pudong', street: '金桥镇金海路 2588 号', capital: 6000, employees: 380, products: '低压开关柜、配电设备', usage: ['warehousing'], contact: ['韩卫东', '行政总监'], legal: '朱金桥' },
  { key: 'songjia', by: 'zhangsan', name: '上海松江家居用品有限公司', shortName: '松江家居', industry: '21', nature: 'private', source: 'walk_in', place: 'songjiang', street: '九亭镇九新公路 355 号', capital: 2000, employees: 150, products: '实木家具、定制橱柜', usage: ['warehousing'], contact: ['杨秀英', '仓储主管'], legal: '何松林' },
  { key: 'qingkuai', by: 'zhangsan', name: '上海青浦快运有限公司', shortName: '青浦快运', industry: '54', nature: 'private', source: 'agent', place: 'qingpu', street: '华新镇华志路 1288 号', capital: 1500, employees: 220, products: '零担快运、整车运输', usage: ['logistics'], contact: ['曹建军', '运营经理'], legal: '许青山' },
  { key: 'youxian', by: 'zhangsan', name: '上海优鲜农产品配送有限公司', shortName: '优鲜配送', industry: '51', nature: 'private', source: 'online', place: 'minhang', street: '马桥镇元江路 5500 号', capital: 800, employees: 130, products: '生鲜果蔬集采与门店配送', usage: ['warehousing'], contact: ['邓晓梅', '总经理助理'], legal: '邓国庆', tags: ['生鲜'] },
  { key: 'yuncang', by: 'zhangsan', name: '上海云仓电子商务有限公司', shortName: '云仓电商', industry: '52', nature: 'private', source: 'online', place: 'jiading', street: '马陆镇宝安公路 2999 号', capital: 1000, employees: 90, products: '美妆个护线上零售', usage: ['warehousing', 'office'], contact: ['彭雨欣', '供应链经理'], legal: '彭志远', tags: ['电商'] },
  // 上海招商部 · 王晓
  { key: 'donghai', by: 'wangxiao', name: '上海东海冷冻食品有限公司', shortName: '东海冷冻', industry: '13', nature: 'private', source: 'referral', place: 'fengxian', street: '南桥镇沪杭公路 1888 号', capital: 3500, employees: 240, products: '速冻水产品、冷冻调理食品', usage: ['warehousing'], contact: ['沈国华', '副总经理'], legal: '陆东海', tags: ['冷链', '食品'], lifecycle: 'negotiating' },
  { key: 'xingang', by: 'wangxiao', name: '上海新港集装箱储运有限公司', shortName: '新港储运', industry: '59', nature: 'state_owned', source: 'self_developed', place: 'baoshan', street: '罗泾镇陈川路 1999 号', capital: 15000, employees: 300, products: '集装箱堆存、拆装箱、短驳运输', usage: ['logistics'], contact: ['叶志明', '业务部经理'], legal: '袁新港', strategic: true, lifecycle: 'negotiating' },
  { key: 'xingchen', by: 'wangxiao', name: '上海星辰跨境电商有限公司', shortName: '星辰跨境', industry: '52', nature: 'private', source: 'online', place: 'qingpu', street: '徐泾镇崧泽大道 8555 号', capital: 1200, employees: 110, products: '跨境电商出口（家居、3C 配件）', usage: ['warehousing', 'office'], contact: ['林佳怡', '运营总监'], legal: '林晨', tags: ['电商', '跨境'], lifecycle: 'intent' },
  { key: 'chengpei', by: 'wangxiao', name: '上海城配速递有限公司', shortName: '城配速递', industry: '60', nature: 'private', source: 'inbound_call', place: 'minhang', street: '七宝镇沪星路 2099 号', capital: 600, employees: 400, products: '同城配送、快递末端网点', usage: ['logistics'], contact: ['谢志强', '区域经理'], legal: '谢志强', lifecycle: 'intent' },
  { key: 'fenghua', by: 'wangxiao', name: '上海奉华化工物流有限公司', shortName: '奉华化工物流', industry: '59', nature: 'state_owned', source: 'government', place: 'fengxian', street: '化学工业区楚工路 266 号', capital: 10000, employees: 210, products: '危险化学品仓储与运输', usage: ['warehousing'], contact: ['潘建华', '安全总监'], legal: '董奉华', tags: ['危化品'] },
  { key: 'huayi', by: 'wangxiao', name: '上海华亿服装有限公司', shortName: '华亿服装', industry: '18', nature: 'private', source: 'walk_in', place: 'songjiang', street: '泗泾镇泗砖公路 518 号', capital: 1800, employees: 520, products: '女装设计生产与电商分销', usage: ['warehousing'], contact: ['罗美玲', '物流主管'], legal: '罗华亿' },
  { key: 'xinyuan', by: 'wangxiao', name: '上海鑫源五金制品有限公司', shortName: '鑫源五金', industry: '33', nature: 'private', source: 'self_developed', place: 'jiading', street: '南翔镇蕴北公路 1755 号', capital: 900, employees: 160, products: '五金紧固件、门窗配件', usage: ['warehousing'], contact: ['蔡永刚', '厂长'], legal: '蔡永刚' },
  { key: 'ruifeng', by: 'wangxiao', name: '上海瑞丰粮油贸易有限公司', shortName: '瑞丰粮油', industry: '51', nature: 'private', source: 'referral', place: 'baoshan', street: '杨行镇松兰路 1288 号', capital: 2500, employees: 85, products: '食用油、米面粮油批发', usage: ['warehousing'], contact: ['田丰收', '总经理'], legal: '田丰收', tags: ['食品'] },
  { key: 'lantian', by: 'wangxiao', name: '上海蓝天医疗器械有限公司', shortName: '蓝天医疗', industry: '35', nature: 'foreign', source: 'promotion_event', place: 'minhang', street: '莘庄工业区春东路 508 号', capital: 7000, employees: 280, products: '医用影像设备及耗材', usage: ['warehousing', 'office'], contact: ['Tony 陈', '供应链总监'], legal: '陈天宇', tags: ['医疗器械'] },
  // 上海招商部 · 李四（经理亲自跟进的重点客户）
  { key: 'baoshangang', by: 'lisi', name: '上海宝山钢材仓储有限公司', shortName: '宝山钢储', industry: '59', nature: 'state_owned', source: 'government', place: 'baoshan', street: '月浦镇盛石路 88 号', capital: 30000, employees: 450, products: '钢材仓储、剪切加工与配送', usage: ['warehousing', 'logistics'], contact: ['黄振华', '总经理'], legal: '黄振华', tags: ['重点客户'], strategic: true },
  { key: 'gangcheng', by: 'lisi', name: '上海港城保税物流有限公司', shortName: '港城保税', industry: '58', nature: 'foreign', source: 'referral', place: 'pudong', street: '洋山保税港区同顺大道 1188 号', capital: 25000, employees: 230, products: '保税仓储、国际分拨', usage: ['warehousing'], contact: ['Linda 王', '中国区物流总监'], legal: '王立达', tags: ['重点客户', '保税'], strategic: true },
  // 上海公海：推介会线索与退回的客户
  { key: 'minbao', by: 'lisi', name: '上海闵宝包装材料有限公司', shortName: '闵宝包装', industry: '22', nature: 'private', source: 'promotion_event', place: 'minhang', street: '吴泾镇龙吴路 4888 号', capital: 600, employees: 120, products: '瓦楞纸箱、缓冲包装', usage: ['warehousing'], contact: ['严国栋', '销售经理'], legal: '严国栋', pool: '招商推介会收集的线索，放入公海供专员认领' },
  { key: 'jiaqi', by: 'lisi', name: '上海嘉汽零部件配送有限公司', shortName: '嘉汽配送', industry: '54', nature: 'private', source: 'promotion_event', place: 'jiading', street: '外冈镇恒永路 388 号', capital: 1000, employees: 140, products: '汽车零部件入厂物流', usage: ['logistics'], contact: ['金志华', '物流经理'], legal: '金志华', pool: '招商推介会收集的线索，放入公海供专员认领' },
  { key: 'baofeng', by: 'lisi', name: '上海宝丰建材贸易有限公司', shortName: '宝丰建材', industry: '51', nature: 'private', source: 'promotion_event', place: 'baoshan', street: '顾村镇沪太路 5018 号', capital: 500, employees: 45, products: '瓷砖、卫浴建材批发', usage: ['warehousing'], contact: ['魏宝丰', '总经理'], legal: '魏宝丰', pool: '招商推介会收集的线索，放入公海供专员认领' },
  { key: 'yikang', by: 'lisi', name: '上海益康母婴用品有限公司', shortName: '益康母婴', industry: '52', nature: 'private', source: 'online', place: 'qingpu', street: '赵巷镇嘉松中路 5369 号', capital: 800, employees: 70, products: '母婴用品线上线下零售', usage: ['warehousing'], contact: ['唐晓静', '运营经理'], legal: '唐益康', pool: '网络推广线索，放入公海供专员认领' },
  { key: 'nanhui', by: 'zhangsan', name: '上海南汇水产食品有限公司', shortName: '南汇水产', industry: '13', nature: 'private', source: 'walk_in', place: 'pudong', street: '惠南镇拱极路 2888 号', capital: 700, employees: 60, products: '冻品水产加工与批发', usage: ['warehousing'], contact: ['施海林', '总经理'], legal: '施海林', pool: '客户今年暂无外租冷库计划，退回公海，明年一季度可再跟进' },
  // 苏州招商部 · 陈静
  { key: 'jinggong', by: 'chenjing', name: '苏州工业园区精工电子有限公司', shortName: '精工电子', industry: '39', nature: 'foreign', source: 'promotion_event', place: 'suzhouSip', street: '星湖街 328 号', capital: 18000, employees: 900, products: '消费电子结构件、连接器', usage: ['warehousing', 'logistics'], contact: ['顾伟', '物流经理'], legal: '高桥精一', tags: ['电子'], strategic: true },
  { key: 'wuzhongleng', by: 'chenjing', name: '苏州吴中冷链仓储有限公司', shortName: '吴中冷链', industry: '59', nature: 'private', source: 'self_developed', place: 'wuzhong', street: '甪直镇海藏西路 1888 号', capital: 4000, employees: 150, products: '冷库仓储、冷链配送', usage: ['warehousing'], contact: ['陆小龙', '总经理'], legal: '陆小龙', tags: ['冷链'], lifecycle: 'negotiating' },
  { key: 'huarui', by: 'chenjing', name: '昆山华瑞光电科技有限公司', shortName: '华瑞光电', industry: '39', nature: 'private', source: 'referral', place: 'kunshan', street: '开发区前进东路 579 号', capital: 9000, employees: 560, products: 'LED 背光模组、光学膜', usage: ['warehousing'], contact: ['汤建平', '供应链经理'], legal: '汤瑞', lifecycle: 'intent' },
  { key: 'taihu', by: 'chenjing', name: '苏州太湖食品有限公司', shortName: '太湖食品', industry: '14', nature: 'private', source: 'walk_in', place: 'wuzhong', street: '东山镇启园路 99 号', capital: 2600, employees: 310, products: '糕点、休闲食品', usage: ['warehousing'], contact: ['范春梅', '物流主管'], legal: '范太湖', tags: ['食品'], lifecycle: 'negotiating' },
  { key: 'xiangzhi', by: 'chenjing', name: '苏州相城智能装备有限公司', shortName: '相城智能装备', industry: '34', nature: 'private', source: 'government', place: 'xiangcheng', street: '高铁新城南天成路 88 号', capital: 5000, employees: 270, products: '工业机器人、自动化产线', usage: ['warehousing', 'office'], contact: ['石磊', '行政经理'], legal: '石振' },
  { key: 'xinqu', by: 'chenjing', name: '苏州新区供应链服务有限公司', shortName: '新区供应链', industry: '58', nature: 'state_owned', source: 'self_developed', place: 'huqiu', street: '狮山路 199 号', capital: 10000, employees: 190, products: '进出口供应链服务、报关报检', usage: ['logistics', 'office'], contact: ['姚建新', '副总经理'], legal: '姚建新' },
  { key: 'jinxiu', by: 'chenjing', name: '常熟锦绣纺织有限公司', shortName: '锦绣纺织', industry: '17', nature: 'private', source: 'agent', place: 'changshu', street: '虞山镇黄河路 268 号', capital: 3000, employees: 480, products: '针织面料、家纺面料', usage: ['warehousing'], contact: ['钟秀芳', '财务经理'], legal: '钟锦' },
  { key: 'gangtong', by: 'chenjing', name: '太仓港通物流有限公司', shortName: '港通物流', industry: '54', nature: 'private', source: 'inbound_call', place: 'taicang', street: '浮桥镇滨江大道 66 号', capital: 2000, employees: 260, products: '港口集疏运、甩挂运输', usage: ['logistics'], contact: ['程海波', '调度经理'], legal: '程海波' },
  { key: 'jinjihu', by: 'chenjing', name: '苏州金鸡湖医药有限公司', shortName: '金鸡湖医药', industry: '27', nature: 'foreign', source: 'promotion_event', place: 'suzhouSip', street: '东平街 270 号', capital: 16000, employees: 700, products: '化学制剂、原料药', usage: ['warehousing'], contact: ['丁雅琴', '仓储经理'], legal: '丁安', tags: ['医药'] },
  // 苏州招商部 · 刘强
  { key: 'shazhou', by: 'liuqiang', name: '张家港沙洲国际贸易有限公司', shortName: '沙洲国贸', industry: '51', nature: 'state_owned', source: 'government', place: 'zhangjiagang', street: '保税区长江路 1 号', capital: 20000, employees: 160, products: '化工原料、钢材进出口贸易', usage: ['warehousing', 'office'], contact: ['任建国', '总经理'], legal: '任建国', tags: ['重点客户'], strategic: true },
  // 苏州公海
  { key: 'yangcheng', by: 'liuqiang', name: '苏州阳澄湖农产品有限公司', shortName: '阳澄湖农产品', industry: '13', nature: 'private', source: 'promotion_event', place: 'xiangcheng', street: '阳澄湖镇湘石路 18 号', capital: 1200, employees: 95, products: '大闸蟹、农副产品加工与冷链销售', usage: ['warehousing'], contact: ['邱永林', '总经理'], legal: '邱永林', pool: '招商推介会收集的线索，放入公海供专员认领' },
  { key: 'gusu', by: 'liuqiang', name: '苏州姑苏文化用品有限公司', shortName: '姑苏文化用品', industry: '24', nature: 'private', source: 'promotion_event', place: 'huqiu', street: '浒墅关镇青花路 150 号', capital: 500, employees: 80, products: '办公文具、文创礼品', usage: ['warehousing'], contact: ['秦文斌', '业务经理'], legal: '秦文斌', pool: '招商推介会收集的线索，放入公海供专员认领' },
  { key: 'wujiangsi', by: 'liuqiang', name: '吴江丝韵家纺有限公司', shortName: '丝韵家纺', industry: '17', nature: 'private', source: 'online', place: 'wujiang', street: '盛泽镇市场路 1188 号', capital: 1500, employees: 200, products: '真丝家纺、床品四件套', usage: ['warehousing'], contact: ['江丽娟', '电商经理'], legal: '江韵', pool: '网络推广线索，放入公海供专员认领' },
  { key: 'kunqi', by: 'chenjing', name: '昆山汇通汽车零部件有限公司', shortName: '汇通汽配', industry: '36', nature: 'foreign', source: 'agent', place: 'kunshan', street: '周市镇横长泾路 288 号', capital: 6000, employees: 340, products: '汽车线束、连接件', usage: ['warehousing'], contact: ['史建东', '采购总监'], legal: '史建东', pool: '客户已与其他园区签约三年，退回公海' },
];

// ── Story clock ──────────────────────────────────────────────────────────────────

interface Step {
  at: Date;
  order: number;
  run: () => Promise<void>;
}

/**
 * Plays the demo history through the real services. Only call it right after the demo
 * organisation was created on an empty database (seedDemo does): it is not meant to run twice.
 * `db` may be a transaction; everything runs inside one (nested) transaction, so a failure
 * leaves nothing behind.
 */
export async function seedDemoBusiness(db: Db, clock: Clock, config: AppConfig = loadConfig()): Promise<DemoBusinessSummary> {
  const today = shanghaiDate(clock.now());
  let current = clock.now();
  const storyClock: Clock = { now: () => new Date(current) };
  /** A day `daysAgo` before today (Asia/Shanghai) at hh:mm — always before the real now. */
  const at = (daysAgo: number, hhmm: string) => new Date(`${addDays(today, -Math.max(1, daysAgo))}T${hhmm}:00+08:00`);
  const dateAgo = (daysAgo: number) => addDays(today, -Math.max(1, daysAgo));

  const summary: DemoBusinessSummary = { customers: 0, pool: 0, registrations: 0, opportunities: 0, visits: 0, receptions: 0, projects: 0 };

  return db.transaction(async (tx) => {
    // The services take a Db; a transaction offers the same query builder and nests as savepoints.
    const txDb = tx as unknown as Db;
    const database: Database = {
      db: txDb,
      mode: 'pglite',
      close: () => Promise.reject(new Error('the demo seed does not close the database')),
    };
    const deps: Deps = { db: txDb, database, clock: storyClock, config, log: pino({ level: 'silent' }) };

    const names: Username[] = ['zhangsan', 'wangxiao', 'lisi', 'chenjing', 'liuqiang', 'zhouba'];
    const userRows = await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, names));
    const ctxOf = new Map<Username, RequestContext>();
    const idOf = new Map<Username, number>();
    for (const name of names) {
      const row = userRows.find((r) => r.username === name);
      if (!row) throw new Error(`demo user ${name} is missing`);
      const actor = await loadActor({ db: txDb }, row.id);
      if (!actor) throw new Error(`demo user ${name} is not active`);
      ctxOf.set(name, { actor, requestId: 'demo-seed' });
      idOf.set(name, row.id);
    }
    const by = (name: Username) => ctxOf.get(name)!;

    const steps: Step[] = [];
    const on = (daysAgo: number, hhmm: string, run: () => Promise<void>) => steps.push({ at: at(daysAgo, hhmm), order: steps.length, run });

    const customerIds = new Map<string, number>();
    const contactIds = new Map<string, number>();
    const opportunityIds = new Map<string, number>();
    const cid = (key: string) => {
      const id = customerIds.get(key);
      if (id === undefined) throw new Error(`demo customer ${key} not created yet`);
      return id;
    };

    // 1. Customers, filed between 60 and 31 days ago.
    customerSpecs.forEach((spec, index) => {
      const daysAgo = 60 - Math.floor((index * 29) / customerSpecs.length);
      const hhmm = `${String(9 + (index % 8)).padStart(2, '0')}:${String((index * 17) % 60).padStart(2, '0')}`;
      const place = places[spec.place]!;
      const uscc = fictionalUscc(place.division);
      const mobile = `13${String(5 + (index % 5))}${digits(8)}`;
      const phone = `${place.area}-${place.area === '021' ? '5' : '6'}${digits(7)}`;
      on(daysAgo, hhmm, async () => {
        const body = createCustomerBody.parse({
          kind: 'organization',
          name: spec.name,
          shortName: spec.shortName,
          uscc,
          natureCode: spec.nature,
          industryCode: spec.industry,
          usageCodes: spec.usage,
          legalRepresentative: spec.legal,
          registeredCapital: String(spec.capital * 10_000),
          employees: spec.employees,
          mainProducts: spec.products,
          sourceCode: spec.source,
          province: place.province,
          city: place.city,
          district: place.district,
          street: spec.street,
          postcode: place.postcode,
          phone,
          valueCode: 'potential',
          strategicCode: spec.strategic ? 'strategic' : 'ordinary',
          lifecycleCode: spec.lifecycle ?? 'potential',
          tags: spec.tags ?? [],
          contacts: [{ name: spec.contact[0], title: spec.contact[1], mobile, decisionRole: 'decision_maker', isPrimary: true }],
        });
        const created = await createCustomer(deps, by(spec.by), body);
        customerIds.set(spec.key, created.id);
        if (created.contacts[0]) contactIds.set(spec.key, created.contacts[0].id);
        summary.customers++;
      });
      if (spec.pool) {
        on(Math.min(daysAgo - 2, 28), '17:30', async () => {
          await releaseCustomer(deps, by(spec.by), cid(spec.key), releaseBody.parse({ reason: spec.pool }));
        });
      }
    });

    // 2. 轮流接待: 李四 sets the Shanghai rotation, then the desk logs walk-ins and calls.
    on(45, '09:05', async () => {
      await putRotation(deps, by('lisi'), undefined, putRotationBody.parse({ members: [{ userId: idOf.get('zhangsan') }, { userId: idOf.get('wangxiao') }] }));
    });
    const receptions: { daysAgo: number; hhmm: string; body: Record<string, unknown>; customer?: string }[] = [
      { daysAgo: 40, hhmm: '10:20', body: { kind: 'visit', prospectName: '上海佳运电商物流有限公司', contactName: '孔先生', contactPhone: '13661728845', companions: 2, spaceTypeCode: 'warehouse', area: '3000', sourceCode: 'walk_in', summary: '看仓：需要 3000㎡ 带月台的常温库，年中入驻', siteTour: true } },
      { daysAgo: 33, hhmm: '14:40', body: { kind: 'call', prospectName: '上海和顺冷藏运输有限公司', contactName: '曾女士', contactPhone: '13917265530', spaceTypeCode: 'cold_storage', area: '1200', sourceCode: 'inbound_call', summary: '咨询冷库租金和电费标准，约下周看现场' } },
      { daysAgo: 21, hhmm: '10:00', customer: 'xingchen', body: { kind: 'visit', contactName: '林佳怡', contactPhone: '13764402318', companions: 1, spaceTypeCode: 'warehouse', area: '4000', summary: '客户来园区复看 3 号库，确认层高与消防等级', siteTour: true } },
      { daysAgo: 9, hhmm: '15:10', body: { kind: 'visit', prospectName: '上海明澜家电销售有限公司', contactName: '毛先生', contactPhone: '13501837762', companions: 1, spaceTypeCode: 'warehouse', area: '5000', sourceCode: 'agent', summary: '中介带看，家电区域分拨仓需求，对租期要求 5 年', siteTour: true } },
      { daysAgo: 3, hhmm: '11:25', body: { kind: 'call', prospectName: '上海启航跨境物流有限公司', contactName: '薛女士', contactPhone: '021-58821937', spaceTypeCode: 'office', area: '300', sourceCode: 'online', summary: '网上看到招租信息，咨询园区配套办公室' } },
    ];
    for (const reception of receptions) {
      on(reception.daysAgo, reception.hhmm, async () => {
        const body = createReceptionBody.parse({ ...reception.body, ...(reception.customer ? { customerId: cid(reception.customer) } : {}) });
        await createReception(deps, by('lisi'), body);
        summary.receptions++;
      });
    }

    // 3. Opportunities and their stage history.
    interface OpportunitySpec {
      key: string;
      owner: Username;
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
      on(spec.created, '10:30', async () => {
        const body = createOpportunityBody.parse({
          customerId: cid(spec.customer),
          name: spec.name,
          spaceTypeCode: spec.space,
          area: String(spec.area),
          budget: String(Math.round(spec.amount * 1.05)),
          amount: String(spec.amount),
          expectedSignDate: addDays(today, spec.signInDays),
          intentLevel: spec.intent,
        });
        const created = await createOpportunity(deps, by(spec.owner), body);
        opportunityIds.set(spec.key, created.id);
        summary.opportunities++;
      });
      for (const [stage, daysAgo] of spec.moves) {
        on(daysAgo, '16:00', async () => {
          const lost = stage === 'lost' ? { lostReasonCode: spec.lost![0], lostNote: spec.lost![1] } : {};
          await moveOpportunityStage(deps, by(spec.owner), opportunityIds.get(spec.key)!, moveStageBody.parse({ stageCode: stage, ...lost }));
        });
        if (stage === 'won') {
          on(daysAgo, '16:30', async () => {
            await updateCustomer(deps, by(spec.owner), cid(spec.customer), updateCustomerBody.parse({ lifecycleCode: 'signed', valueCode: 'cooperating' }));
          });
        }
      }
    }

    // 4. Visits (some with progress), each reported on the day.
    const visits: { owner: Username; customer: string; opportunity?: string; daysAgo: number; method: string; content: string; feedback?: string; nextStep?: string; nextInDays?: number; progress: boolean }[] = [
      { owner: 'zhangsan', customer: 'pujiang', opportunity: 'o-pujiang', daysAgo: 23, method: 'onsite', content: '到客户康桥基地拜访周总，介绍园区 5 号冷库（-25℃～4℃ 多温区）及双回路供电情况', feedback: '对温区划分和电价满意，希望租金按阶梯递增', nextStep: '出具正式报价方案', nextInDays: 3, progress: true },
      { owner: 'zhangsan', customer: 'hudong', opportunity: 'o-hudong', daysAgo: 16, method: 'onsite', content: '与吴经理及其运营团队现场踏勘 2 号仓，确认月台数量、卸货平台高度', feedback: '需要 12 个月台，希望免租期 3 个月', nextStep: '内部申请免租期政策', nextInDays: 7, progress: true },
      { owner: 'zhangsan', customer: 'lingang', opportunity: 'o-lingang', daysAgo: 12, method: 'phone', content: '电话沟通高标仓整租方案的交付时间与消防验收进度', feedback: '对方需要上会讨论，暂无结论', progress: false },
      { owner: 'wangxiao', customer: 'donghai', opportunity: 'o-donghai', daysAgo: 19, method: 'onsite', content: '陪同沈总参观奉贤冷库，演示温控系统与出入库流程', feedback: '基本确定入驻，合同条款待法务确认', nextStep: '提交合同审批', nextInDays: 4, progress: true },
      { owner: 'wangxiao', customer: 'xingchen', opportunity: 'o-xingchen', daysAgo: 11, method: 'wechat', content: '微信发送出口集货仓报价及平面图，约定下周复看', feedback: '客户在比较青浦另一处园区', nextStep: '准备竞品对比材料', nextInDays: 6, progress: false },
      { owner: 'chenjing', customer: 'wuzhongleng', opportunity: 'o-wuzhong', daysAgo: 15, method: 'onsite', content: '拜访陆总，讨论冷库扩容 2000㎡ 的分期交付方案', feedback: '同意分两期交付，价格还需再谈', nextStep: '商务谈判', nextInDays: 5, progress: true },
      { owner: 'chenjing', customer: 'huarui', opportunity: 'o-huarui', daysAgo: 13, method: 'phone', content: '电话了解成品仓需求：SKU 约 800 个，出货以整托为主', progress: false },
    ];
    for (const visit of visits) {
      on(visit.daysAgo, '18:10', async () => {
        const visitDate = dateAgo(visit.daysAgo);
        const body = createVisitBody.parse({
          customerId: cid(visit.customer),
          contactId: contactIds.get(visit.customer) ?? null,
          opportunityId: visit.opportunity ? opportunityIds.get(visit.opportunity) : null,
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
        await createVisit(deps, by(visit.owner), body);
        summary.visits++;
      });
    }

    // 5. 新客户开发立项: 张三's project for 临港智慧仓储, approved by 李四 and the 评审小组 (周八).
    let projectId = 0;
    let budgetItemId = 0;
    on(25, '11:00', async () => {
      const body = createProjectBody.parse({
        customerId: cid('lingang'),
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
      const project = await createProject(deps, by('zhangsan'), body);
      projectId = project.id;
      budgetItemId = project.budgetItems.find((item) => item.category === '差旅')!.id;
      await submitProject(deps, by('zhangsan'), projectId);
      summary.projects++;
    });
    on(24, '09:40', async () => approve('lisi', 'development_project', projectId, '同意立项，注意控制招待费用'));
    on(23, '15:20', async () => approve('zhouba', 'development_project', projectId, '同意，争取年内签约'));
    on(15, '17:00', async () => {
      await addExpense(deps, by('zhangsan'), projectId, addExpenseBody.parse({ budgetItemId, amount: '2350.00', spentOn: dateAgo(15), note: '陪同客户考察嘉定、昆山两处同类高标仓的交通与住宿' }));
    });
    on(8, '17:30', async () => {
      await addProgress(deps, by('zhangsan'), projectId, addProgressBody.parse({ reportedOn: dateAgo(8), content: '客户已完成内部选址初评，我方园区进入最后两家候选；下一步提交消防及承重资料。' }));
    });

    // 6. 开发报备: approved (exclusive right running), approved from the Suzhou pool, pending.
    on(14, '10:15', async () => {
      const registration = await createRegistration(
        deps,
        by('zhangsan'),
        createRegistrationBody.parse({
          newCustomer: {
            name: '上海周浦新能源汽车物流有限公司',
            uscc: fictionalUscc('310115'),
            industryCode: '54',
            sourceCode: 'self_developed',
            contact: { name: '齐明远', mobile: '13817726451' },
          },
          intendedBusiness: '新能源整车及电池仓储 6000㎡',
          plan: '两周内上门拜访物流负责人，月底前提交园区方案与报价，争取 3 个月内签约',
          expectedValue: '2880000',
        }),
      );
      customerIds.set('zhoupu', registration.customerId);
      summary.registrations++;
      summary.customers++;
      on(13, '09:30', async () => approve('lisi', 'development_registration', registration.id, '同意报备，独家期内抓紧推进'));
    });
    on(6, '10:45', async () => {
      const registration = await createRegistration(
        deps,
        by('chenjing'),
        createRegistrationBody.parse({
          customerId: cid('yangcheng'),
          intendedBusiness: '冷库 1500㎡（蟹季季节性仓储）',
          plan: '蟹季前完成看库与报价，争取签订两年期合同',
          expectedValue: '960000',
        }),
      );
      summary.registrations++;
      on(5, '14:00', async () => approve('liuqiang', 'development_registration', registration.id, '同意'));
    });
    on(2, '16:20', async () => {
      await createRegistration(
        deps,
        by('wangxiao'),
        createRegistrationBody.parse({
          newCustomer: {
            name: '上海智联跨境供应链有限公司',
            uscc: fictionalUscc('310118'),
            industryCode: '58',
            sourceCode: 'referral',
            contact: { name: '柏思远', mobile: '13621937704' },
          },
          intendedBusiness: '跨境电商出口集货仓 3500㎡ 及办公室 200㎡',
          plan: '本周内拜访客户运营总监，下周安排园区看库',
          expectedValue: '1680000',
        }),
      );
      summary.registrations++;
      summary.customers++;
    });
    on(6, '18:20', async () => {
      const body = createVisitBody.parse({
        customerId: cid('zhoupu'),
        visitDate: dateAgo(6),
        method: 'onsite',
        content: '拜访齐总，了解新能源整车与电池仓储的消防要求，介绍园区丙二类仓库条件',
        feedback: '对园区位置满意，要求提供消防验收文件',
        nextStep: '提交园区方案与报价',
        nextDate: addDays(dateAgo(6), 5),
        valid: true,
        progress: true,
      });
      await createVisit(deps, by('zhangsan'), body);
      summary.visits++;
    });

    // 7. 张三's visit plan for next month, waiting for 李四.
    on(1, '17:45', async () => {
      const next = nextMonthOf(today);
      const items = [
        ['hudong', '05', '商务谈判：免租期与递增条款'],
        ['lingang', '08', '陪同客户考察园区消防设施'],
        ['boyuan', '14', '确认 GSP 改造需求与交付时间'],
        ['jiahe', '21', '了解零部件中转库需求'],
        ['zhoupu', '26', '方案与报价沟通'],
      ] as const;
      const plan = await createVisitPlan(
        deps,
        by('zhangsan'),
        createVisitPlanBody.parse({
          month: next,
          note: '重点推进沪东供应链与临港智慧仓储两个大项目',
          items: items.map(([customer, day, purpose]) => ({ customerId: cid(customer), plannedDate: `${next}-${day}`, purpose })),
        }),
      );
      await submitVisitPlan(deps, by('zhangsan'), plan.id);
    });

    async function approve(who: Username, businessType: string, businessId: number, comment: string) {
      const [instance] = await tx
        .select({ id: approvalInstances.id, currentStep: approvalInstances.currentStep })
        .from(approvalInstances)
        .where(and(eq(approvalInstances.businessType, businessType), eq(approvalInstances.businessId, String(businessId)), eq(approvalInstances.status, 'pending')));
      if (!instance) throw new Error(`no pending ${businessType} approval for #${businessId}`);
      await approveStep(deps, by(who), instance.id, approveBody.parse({ comment, stepIndex: instance.currentStep }));
    }

    // Play the story in time order (steps added while running are inserted in place).
    while (steps.length) {
      steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
      const step = steps.shift()!;
      current = step.at;
      await step.run();
    }
    const [pool] = await tx.select({ n: count() }).from(customers).where(isNull(customers.ownerId));
    summary.pool = Number(pool?.n ?? 0);
    return summary;
  });
}

function nextMonthOf(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}
