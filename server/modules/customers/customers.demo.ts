import type { DemoStory, DemoUsername } from '../../platform/seed/demo-story';
import { addDays } from '../../platform/dates';
import { createCustomerBody, keyPersonBody } from './archive/archive.schema';
import { createCustomer } from './archive/archive.service';
import { createKeyPerson } from './archive/contacts.service';
import { regradeCustomers } from './grading/grading.jobs';
import { fictionalUscc } from './archive/identifiers';

// The customer archive's part of the demo story: the customers of the Shanghai and Suzhou
// departments, filed between 60 and 31 days before the first start (see platform/seed/demo-story).
// Development's part releases some of them to the pool, develops and visits the others.

export interface DemoPlace {
  province: string;
  city: string;
  district: string;
  division: string;
  postcode: string;
  area: string;
}
export const demoPlaces: Record<string, DemoPlace> = {
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
  /** Who files it. */
  by: DemoUsername;
  name: string;
  shortName: string;
  industry: string;
  nature: 'state_owned' | 'private' | 'foreign';
  source: string;
  place: keyof typeof demoPlaces;
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
  { key: 'minbao', by: 'lisi', name: '上海闵宝包装材料有限公司', shortName: '闵宝包装', industry: '22', nature: 'private', source: 'promotion_event', place: 'minhang', street: '吴泾镇龙吴路 4888 号', capital: 600, employees: 120, products: '瓦楞纸箱、缓冲包装', usage: ['warehousing'], contact: ['严国栋', '销售经理'], legal: '严国栋' },
  { key: 'jiaqi', by: 'lisi', name: '上海嘉汽零部件配送有限公司', shortName: '嘉汽配送', industry: '54', nature: 'private', source: 'promotion_event', place: 'jiading', street: '外冈镇恒永路 388 号', capital: 1000, employees: 140, products: '汽车零部件入厂物流', usage: ['logistics'], contact: ['金志华', '物流经理'], legal: '金志华' },
  { key: 'baofeng', by: 'lisi', name: '上海宝丰建材贸易有限公司', shortName: '宝丰建材', industry: '51', nature: 'private', source: 'promotion_event', place: 'baoshan', street: '顾村镇沪太路 5018 号', capital: 500, employees: 45, products: '瓷砖、卫浴建材批发', usage: ['warehousing'], contact: ['魏宝丰', '总经理'], legal: '魏宝丰' },
  { key: 'yikang', by: 'lisi', name: '上海益康母婴用品有限公司', shortName: '益康母婴', industry: '52', nature: 'private', source: 'online', place: 'qingpu', street: '赵巷镇嘉松中路 5369 号', capital: 800, employees: 70, products: '母婴用品线上线下零售', usage: ['warehousing'], contact: ['唐晓静', '运营经理'], legal: '唐益康' },
  { key: 'nanhui', by: 'zhangsan', name: '上海南汇水产食品有限公司', shortName: '南汇水产', industry: '13', nature: 'private', source: 'walk_in', place: 'pudong', street: '惠南镇拱极路 2888 号', capital: 700, employees: 60, products: '冻品水产加工与批发', usage: ['warehousing'], contact: ['施海林', '总经理'], legal: '施海林' },
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
  { key: 'yangcheng', by: 'liuqiang', name: '苏州阳澄湖农产品有限公司', shortName: '阳澄湖农产品', industry: '13', nature: 'private', source: 'promotion_event', place: 'xiangcheng', street: '阳澄湖镇湘石路 18 号', capital: 1200, employees: 95, products: '大闸蟹、农副产品加工与冷链销售', usage: ['warehousing'], contact: ['邱永林', '总经理'], legal: '邱永林' },
  { key: 'gusu', by: 'liuqiang', name: '苏州姑苏文化用品有限公司', shortName: '姑苏文化用品', industry: '24', nature: 'private', source: 'promotion_event', place: 'huqiu', street: '浒墅关镇青花路 150 号', capital: 500, employees: 80, products: '办公文具、文创礼品', usage: ['warehousing'], contact: ['秦文斌', '业务经理'], legal: '秦文斌' },
  { key: 'wujiangsi', by: 'liuqiang', name: '吴江丝韵家纺有限公司', shortName: '丝韵家纺', industry: '17', nature: 'private', source: 'online', place: 'wujiang', street: '盛泽镇市场路 1188 号', capital: 1500, employees: 200, products: '真丝家纺、床品四件套', usage: ['warehousing'], contact: ['江丽娟', '电商经理'], legal: '江韵' },
  { key: 'kunqi', by: 'chenjing', name: '昆山汇通汽车零部件有限公司', shortName: '汇通汽配', industry: '36', nature: 'foreign', source: 'agent', place: 'kunshan', street: '周市镇横长泾路 288 号', capital: 6000, employees: 340, products: '汽车线束、连接件', usage: ['warehousing'], contact: ['史建东', '采购总监'], legal: '史建东' },
];

/** Files every demo customer through the archive service on its day. */
export function scheduleDemoCustomers(story: DemoStory): void {
  customerSpecs.forEach((spec, index) => {
    const daysAgo = 60 - Math.floor((index * 29) / customerSpecs.length);
    const hhmm = `${String(9 + (index % 8)).padStart(2, '0')}:${String((index * 17) % 60).padStart(2, '0')}`;
    const place = demoPlaces[spec.place]!;
    const uscc = fictionalUscc(story.random, place.division);
    const mobile = `13${String(5 + (index % 5))}${story.digits(8)}`;
    const phone = `${place.area}-${place.area === '021' ? '5' : '6'}${story.digits(7)}`;
    story.on(daysAgo, hhmm, async () => {
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
      const created = await createCustomer(story.deps, story.by(spec.by), body);
      story.ids.set(`customer:${spec.key}`, created.id);
      if (created.contacts[0]) story.ids.set(`contact:${spec.key}`, created.contacts[0].id);
      story.count('customers');
    });
  });
  // 浦江冷链's general manager has a birthday in ten days (the care calendar reminds 张三); after
  // the story's bills the yearly grading turns the customers with revenue into graded accounts.
  story.on(20, '10:30', async () => {
    const birthday = `1972${addDays(story.dateAgo(1), 11).slice(4)}`;
    await createKeyPerson(story.deps, story.by('zhangsan'), story.id('customer:pujiang'), keyPersonBody.parse({ name: '陈浦生', position: '董事长', birthday, hobbies: '钓鱼、普洱茶' }));
  });
  story.on(1, '05:00', async () => {
    const { changed } = await regradeCustomers(story.deps, { scheduled: true, audit: {} });
    story.count('graded customers', changed);
  });
}
