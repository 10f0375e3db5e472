/**
 * 国民经济行业分类 GB/T 4754-2017 (with amendment No. 1, 2019): the 20 sections (门类 A–T) and
 * their 97 divisions (大类 01–97), used by the `industry` dictionary (R-PLT-50).
 * Groups (中类) and classes (小类) are not shipped; admins may add finer items if needed.
 */

export interface IndustrySection {
  code: string;
  name: string;
  nameEn: string;
  divisions: { code: string; name: string; nameEn: string }[];
}

export const gbt4754Sections: IndustrySection[] = [
  {
    code: 'A',
    name: '农、林、牧、渔业',
    nameEn: 'Agriculture, forestry, animal husbandry and fishery',
    divisions: [
      { code: '01', name: '农业', nameEn: 'Agriculture' },
      { code: '02', name: '林业', nameEn: 'Forestry' },
      { code: '03', name: '畜牧业', nameEn: 'Animal husbandry' },
      { code: '04', name: '渔业', nameEn: 'Fishery' },
      { code: '05', name: '农、林、牧、渔专业及辅助性活动', nameEn: 'Professional and support activities for agriculture, forestry, animal husbandry and fishery' },
    ],
  },
  {
    code: 'B',
    name: '采矿业',
    nameEn: 'Mining',
    divisions: [
      { code: '06', name: '煤炭开采和洗选业', nameEn: 'Mining and washing of coal' },
      { code: '07', name: '石油和天然气开采业', nameEn: 'Extraction of petroleum and natural gas' },
      { code: '08', name: '黑色金属矿采选业', nameEn: 'Mining and processing of ferrous metal ores' },
      { code: '09', name: '有色金属矿采选业', nameEn: 'Mining and processing of non-ferrous metal ores' },
      { code: '10', name: '非金属矿采选业', nameEn: 'Mining and processing of non-metal ores' },
      { code: '11', name: '开采专业及辅助性活动', nameEn: 'Professional and support activities for mining' },
      { code: '12', name: '其他采矿业', nameEn: 'Other mining' },
    ],
  },
  {
    code: 'C',
    name: '制造业',
    nameEn: 'Manufacturing',
    divisions: [
      { code: '13', name: '农副食品加工业', nameEn: 'Processing of food from agricultural products' },
      { code: '14', name: '食品制造业', nameEn: 'Manufacture of foods' },
      { code: '15', name: '酒、饮料和精制茶制造业', nameEn: 'Manufacture of liquor, beverages and refined tea' },
      { code: '16', name: '烟草制品业', nameEn: 'Manufacture of tobacco' },
      { code: '17', name: '纺织业', nameEn: 'Manufacture of textiles' },
      { code: '18', name: '纺织服装、服饰业', nameEn: 'Manufacture of textile wearing apparel and accessories' },
      { code: '19', name: '皮革、毛皮、羽毛及其制品和制鞋业', nameEn: 'Manufacture of leather, fur, feather and related products and footwear' },
      { code: '20', name: '木材加工和木、竹、藤、棕、草制品业', nameEn: 'Processing of timber, manufacture of wood, bamboo, rattan, palm and straw products' },
      { code: '21', name: '家具制造业', nameEn: 'Manufacture of furniture' },
      { code: '22', name: '造纸和纸制品业', nameEn: 'Manufacture of paper and paper products' },
      { code: '23', name: '印刷和记录媒介复制业', nameEn: 'Printing and reproduction of recording media' },
      { code: '24', name: '文教、工美、体育和娱乐用品制造业', nameEn: 'Manufacture of articles for culture, education, arts and crafts, sport and entertainment' },
      { code: '25', name: '石油、煤炭及其他燃料加工业', nameEn: 'Processing of petroleum, coal and other fuels' },
      { code: '26', name: '化学原料和化学制品制造业', nameEn: 'Manufacture of raw chemical materials and chemical products' },
      { code: '27', name: '医药制造业', nameEn: 'Manufacture of medicines' },
      { code: '28', name: '化学纤维制造业', nameEn: 'Manufacture of chemical fibres' },
      { code: '29', name: '橡胶和塑料制品业', nameEn: 'Manufacture of rubber and plastic products' },
      { code: '30', name: '非金属矿物制品业', nameEn: 'Manufacture of non-metallic mineral products' },
      { code: '31', name: '黑色金属冶炼和压延加工业', nameEn: 'Smelting and pressing of ferrous metals' },
      { code: '32', name: '有色金属冶炼和压延加工业', nameEn: 'Smelting and pressing of non-ferrous metals' },
      { code: '33', name: '金属制品业', nameEn: 'Manufacture of metal products' },
      { code: '34', name: '通用设备制造业', nameEn: 'Manufacture of general purpose machinery' },
      { code: '35', name: '专用设备制造业', nameEn: 'Manufacture of special purpose machinery' },
      { code: '36', name: '汽车制造业', nameEn: 'Manufacture of automobiles' },
      { code: '37', name: '铁路、船舶、航空航天和其他运输设备制造业', nameEn: 'Manufacture of railway, ship, aerospace and other transport equipment' },
      { code: '38', name: '电气机械和器材制造业', nameEn: 'Manufacture of electrical machinery and equipment' },
      { code: '39', name: '计算机、通信和其他电子设备制造业', nameEn: 'Manufacture of computers, communication and other electronic equipment' },
      { code: '40', name: '仪器仪表制造业', nameEn: 'Manufacture of measuring instruments and meters' },
      { code: '41', name: '其他制造业', nameEn: 'Other manufacturing' },
      { code: '42', name: '废弃资源综合利用业', nameEn: 'Utilization of waste resources' },
      { code: '43', name: '金属制品、机械和设备修理业', nameEn: 'Repair of metal products, machinery and equipment' },
    ],
  },
  {
    code: 'D',
    name: '电力、热力、燃气及水生产和供应业',
    nameEn: 'Production and supply of electricity, heat, gas and water',
    divisions: [
      { code: '44', name: '电力、热力生产和供应业', nameEn: 'Production and supply of electricity and heat' },
      { code: '45', name: '燃气生产和供应业', nameEn: 'Production and supply of gas' },
      { code: '46', name: '水的生产和供应业', nameEn: 'Production and supply of water' },
    ],
  },
  {
    code: 'E',
    name: '建筑业',
    nameEn: 'Construction',
    divisions: [
      { code: '47', name: '房屋建筑业', nameEn: 'Construction of buildings' },
      { code: '48', name: '土木工程建筑业', nameEn: 'Civil engineering' },
      { code: '49', name: '建筑安装业', nameEn: 'Construction installation activities' },
      { code: '50', name: '建筑装饰、装修和其他建筑业', nameEn: 'Building decoration, renovation and other construction' },
    ],
  },
  {
    code: 'F',
    name: '批发和零售业',
    nameEn: 'Wholesale and retail trades',
    divisions: [
      { code: '51', name: '批发业', nameEn: 'Wholesale trade' },
      { code: '52', name: '零售业', nameEn: 'Retail trade' },
    ],
  },
  {
    code: 'G',
    name: '交通运输、仓储和邮政业',
    nameEn: 'Transport, storage and postal services',
    divisions: [
      { code: '53', name: '铁路运输业', nameEn: 'Rail transport' },
      { code: '54', name: '道路运输业', nameEn: 'Road transport' },
      { code: '55', name: '水上运输业', nameEn: 'Water transport' },
      { code: '56', name: '航空运输业', nameEn: 'Air transport' },
      { code: '57', name: '管道运输业', nameEn: 'Pipeline transport' },
      { code: '58', name: '多式联运和运输代理业', nameEn: 'Multimodal transport and transport agency' },
      { code: '59', name: '装卸搬运和仓储业', nameEn: 'Loading, unloading, handling and warehousing' },
      { code: '60', name: '邮政业', nameEn: 'Postal services' },
    ],
  },
  {
    code: 'H',
    name: '住宿和餐饮业',
    nameEn: 'Accommodation and catering',
    divisions: [
      { code: '61', name: '住宿业', nameEn: 'Accommodation' },
      { code: '62', name: '餐饮业', nameEn: 'Catering services' },
    ],
  },
  {
    code: 'I',
    name: '信息传输、软件和信息技术服务业',
    nameEn: 'Information transmission, software and information technology services',
    divisions: [
      { code: '63', name: '电信、广播电视和卫星传输服务', nameEn: 'Telecommunications, broadcasting, television and satellite transmission services' },
      { code: '64', name: '互联网和相关服务', nameEn: 'Internet and related services' },
      { code: '65', name: '软件和信息技术服务业', nameEn: 'Software and information technology services' },
    ],
  },
  {
    code: 'J',
    name: '金融业',
    nameEn: 'Financial services',
    divisions: [
      { code: '66', name: '货币金融服务', nameEn: 'Monetary and financial services' },
      { code: '67', name: '资本市场服务', nameEn: 'Capital market services' },
      { code: '68', name: '保险业', nameEn: 'Insurance' },
      { code: '69', name: '其他金融业', nameEn: 'Other financial services' },
    ],
  },
  {
    code: 'K',
    name: '房地产业',
    nameEn: 'Real estate',
    divisions: [{ code: '70', name: '房地产业', nameEn: 'Real estate' }],
  },
  {
    code: 'L',
    name: '租赁和商务服务业',
    nameEn: 'Leasing and business services',
    divisions: [
      { code: '71', name: '租赁业', nameEn: 'Leasing' },
      { code: '72', name: '商务服务业', nameEn: 'Business services' },
    ],
  },
  {
    code: 'M',
    name: '科学研究和技术服务业',
    nameEn: 'Scientific research and technical services',
    divisions: [
      { code: '73', name: '研究和试验发展', nameEn: 'Research and experimental development' },
      { code: '74', name: '专业技术服务业', nameEn: 'Professional technical services' },
      { code: '75', name: '科技推广和应用服务业', nameEn: 'Technology promotion and application services' },
    ],
  },
  {
    code: 'N',
    name: '水利、环境和公共设施管理业',
    nameEn: 'Management of water conservancy, environment and public facilities',
    divisions: [
      { code: '76', name: '水利管理业', nameEn: 'Management of water conservancy' },
      { code: '77', name: '生态保护和环境治理业', nameEn: 'Ecological protection and environmental management' },
      { code: '78', name: '公共设施管理业', nameEn: 'Management of public facilities' },
      { code: '79', name: '土地管理业', nameEn: 'Land management' },
    ],
  },
  {
    code: 'O',
    name: '居民服务、修理和其他服务业',
    nameEn: 'Resident services, repair and other services',
    divisions: [
      { code: '80', name: '居民服务业', nameEn: 'Resident services' },
      { code: '81', name: '机动车、电子产品和日用产品修理业', nameEn: 'Repair of motor vehicles, electronic products and household goods' },
      { code: '82', name: '其他服务业', nameEn: 'Other services' },
    ],
  },
  {
    code: 'P',
    name: '教育',
    nameEn: 'Education',
    divisions: [{ code: '83', name: '教育', nameEn: 'Education' }],
  },
  {
    code: 'Q',
    name: '卫生和社会工作',
    nameEn: 'Health and social work',
    divisions: [
      { code: '84', name: '卫生', nameEn: 'Health' },
      { code: '85', name: '社会工作', nameEn: 'Social work' },
    ],
  },
  {
    code: 'R',
    name: '文化、体育和娱乐业',
    nameEn: 'Culture, sports and entertainment',
    divisions: [
      { code: '86', name: '新闻和出版业', nameEn: 'News and publishing' },
      { code: '87', name: '广播、电视、电影和录音制作业', nameEn: 'Radio, television, film and sound recording production' },
      { code: '88', name: '文化艺术业', nameEn: 'Culture and arts' },
      { code: '89', name: '体育', nameEn: 'Sports' },
      { code: '90', name: '娱乐业', nameEn: 'Entertainment' },
    ],
  },
  {
    code: 'S',
    name: '公共管理、社会保障和社会组织',
    nameEn: 'Public management, social security and social organizations',
    divisions: [
      { code: '91', name: '中国共产党机关', nameEn: 'Organs of the Communist Party of China' },
      { code: '92', name: '国家机构', nameEn: 'State organs' },
      { code: '93', name: '人民政协、民主党派', nameEn: "Chinese People's Political Consultative Conference and democratic parties" },
      { code: '94', name: '社会保障', nameEn: 'Social security' },
      { code: '95', name: '群众团体、社会团体和其他成员组织', nameEn: 'Mass organizations, social groups and other membership organizations' },
      { code: '96', name: '基层群众自治组织及其他组织', nameEn: 'Grassroots self-governing organizations and other organizations' },
    ],
  },
  {
    code: 'T',
    name: '国际组织',
    nameEn: 'International organizations',
    divisions: [{ code: '97', name: '国际组织', nameEn: 'International organizations' }],
  },
];
