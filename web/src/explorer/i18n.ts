// Interface text in Chinese (the default) and English, and the names of the schema's enums.

export type Lang = "zh" | "en";

const zh = {
  title: "家政产教融合生态 · 探索器",
  searchPlaceholder: "搜索机构、师资、课程、标准……（中文或英文）",
  noSuggestions: "没有匹配结果",
  viewNeighbourhood: "机构邻域",
  viewNetwork: "协作网络",
  viewCoverage: "覆盖矩阵",
  viewDual: "双师型教师",
  viewShared: "共享实训基地",
  viewProgress: "联盟进展",
  progressYears: "年份",
  progressTo: "至",
  progressByYear: "各项任务逐年进展",
  progressByProvince: "按省份",
  progressHint: "柱形：当年新增（流量）；折线：年末存量（本年按今日计）。",
  progressPeriod: "期间",
  progressStocksOn: "存量统计日",
  progressDrafting: "正在起草",
  progressRank: "序号",
  progressSortHint: "点击表头排序",
  progressMine: "本单位",
  progressMineHint: "本单位连同其下属单位的逐年进展。",
  axisYear: "年份",
  langToggle: "English",
  apiKey: "API 密钥",
  apiKeyPlaceholder: "匿名访问（可选）",
  filters: "筛选",
  provinces: "省份",
  allProvinces: "全部省份",
  kinds: "机构类型",
  channels: "协作渠道",
  minStrength: "最小协作强度",
  apply: "应用",
  reset: "重置",
  expandOnClick: "点击节点时展开其邻域",
  legend: "图例",
  legendEdges: "连线颜色＝主要协作渠道，粗细＝协作强度",
  legendNodes: "节点颜色＝机构类型，大小＝协作强度",
  pathFinder: "路径查找",
  pathFrom: "起点机构",
  pathTo: "终点机构",
  pathFind: "查找路径",
  pathClear: "清除高亮",
  pathNone: "未找到路径",
  pathHops: "跳",
  pathNeedBoth: "请选择起点和终点机构",
  pathNoMatch: "找不到机构：",
  export: "导出与分享",
  exportPng: "导出 PNG",
  exportGraphml: "导出 GraphML",
  copyLink: "复制链接",
  linkCopied: "链接已复制",
  details: "详情",
  detailsEmpty: "在图中点击一个节点或连线查看详情。",
  emptyNeighbourhood: "搜索并选择一个机构，查看它与谁协作、通过什么协作。",
  emptyNetwork: "没有符合筛选条件的协作。",
  noCollaborators: "在所选渠道中没有协作者。",
  loading: "加载中……",
  openNeighbourhood: "查看其邻域",
  expand: "展开邻域",
  setFrom: "设为起点",
  setTo: "设为终点",
  province: "省份",
  city: "城市",
  kind: "类型",
  source: "来源",
  website: "网站",
  strength: "协作强度",
  degree: "协作机构数",
  sharedObjects: "共享对象",
  members: "成员",
  memberships: "所属联盟",
  units: "下属单位",
  partOf: "上级单位",
  trainers: "师资",
  courses: "课程",
  operatedBases: "运营的实训基地",
  usedBases: "使用的实训基地",
  draftedStandards: "起草的标准",
  implementedStandards: "实施的标准",
  agreements: "协议",
  events: "活动",
  agreementsSigned: "签署的协议",
  signingEvents: "签署活动",
  respondsTo: "响应的文件",
  responses: "响应它的协议",
  heldOn: "日期",
  place: "地点",
  signedOn: "签署日期",
  affiliations: "任职机构",
  credentials: "证书",
  developers: "开发机构",
  parties: "签约方",
  operators: "运营方",
  users: "使用方",
  drafters: "起草单位",
  professions: "职业",
  holders: "持证人",
  more: "更多",
  none: "无",
  measure: "指标",
  gapsOnly: "缺口数",
  coverageHint: "行：省份；列：职业。带斜纹的红色格子为缺口（该指标为 0）；角标表示该格有任一指标缺失。",
  coverageSummary: "有缺口的单元格",
  loadMore: "加载更多",
  reciprocalHireOnly: "仅互聘",
  crossSectorOnly: "仅跨界（企业＋院校）",
  name: "姓名",
  teachingCredentials: "教师资格",
  industryCredentials: "行业资质",
  reciprocalHire: "互聘",
  enterprises: "企业",
  schools: "院校",
  base: "实训基地",
  orgCount: "机构数",
  participants: "参与机构及角色",
  legendOther: "其他节点（路径上的课程、协议、师资等）",
  legendSample: "虚线轮廓、虚线＝示例数据（虚构，名称带“示例”）",
  hideSample: "隐藏示例数据",
  hideSampleHint: "示例数据是虚构的，仅供演示（名称带“示例”）；隐藏后只显示两份来源文件中的真实事实。",
  sampleBadge: "示例",
  expandHint: "点击节点查看详情（邻域视图中同时展开其协作者）；点击连线查看两者共享的对象。",
  organisations: "参与机构",
  crossSector: "跨界",
  total: "共",
  shown: "已显示",
  yes: "是",
  no: "否",
  listSep: "，",
  colon: "：",
  errorNetwork: "无法连接服务器",
  errorUnauthenticated: "请检查 API 密钥",
} as const;

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: "Domestic-services ecosystem · Explorer",
  searchPlaceholder: "Search organisations, trainers, courses, standards… (Chinese or English)",
  noSuggestions: "No matches",
  viewNeighbourhood: "Neighbourhood",
  viewNetwork: "Network",
  viewCoverage: "Coverage",
  viewDual: "Dual-qualified trainers",
  viewShared: "Shared bases",
  viewProgress: "Alliance progress",
  progressYears: "Years",
  progressTo: "to",
  progressByYear: "Tasks by year",
  progressByProvince: "By province",
  progressHint: "Bars: what the year added (flows); lines: stocks at the year's end (this year: today).",
  progressPeriod: "Period",
  progressStocksOn: "stocks counted on",
  progressDrafting: "Being drafted now",
  progressRank: "#",
  progressSortHint: "Click a heading to sort",
  progressMine: "My organisation",
  progressMineHint: "Your organisation with its units, year by year.",
  axisYear: "Year",
  langToggle: "中文",
  apiKey: "API key",
  apiKeyPlaceholder: "anonymous (optional)",
  filters: "Filters",
  provinces: "Provinces",
  allProvinces: "All provinces",
  kinds: "Organisation kinds",
  channels: "Channels",
  minStrength: "Minimum strength",
  apply: "Apply",
  reset: "Reset",
  expandOnClick: "Expand a node's neighbourhood on click",
  legend: "Legend",
  legendEdges: "Edge colour = main channel, width = strength",
  legendNodes: "Node colour = organisation kind, size = strength",
  pathFinder: "Path finder",
  pathFrom: "From organisation",
  pathTo: "To organisation",
  pathFind: "Find path",
  pathClear: "Clear highlight",
  pathNone: "No path found",
  pathHops: "hops",
  pathNeedBoth: "Choose both organisations",
  pathNoMatch: "No organisation matches: ",
  export: "Export and share",
  exportPng: "Export PNG",
  exportGraphml: "Export GraphML",
  copyLink: "Copy link",
  linkCopied: "Link copied",
  details: "Details",
  detailsEmpty: "Click a node or an edge in the graph for its details.",
  emptyNeighbourhood: "Search for an organisation and choose it to see whom it collaborates with, and through what.",
  emptyNetwork: "No collaboration matches the filters.",
  noCollaborators: "No collaborators through the chosen channels.",
  loading: "Loading…",
  openNeighbourhood: "Open its neighbourhood",
  expand: "Expand neighbourhood",
  setFrom: "Path from here",
  setTo: "Path to here",
  province: "Province",
  city: "City",
  kind: "Kind",
  source: "Source",
  website: "Website",
  strength: "Strength",
  degree: "Collaborators",
  sharedObjects: "Shared objects",
  members: "Members",
  memberships: "Member of",
  units: "Units",
  partOf: "Part of",
  trainers: "Trainers",
  courses: "Courses",
  operatedBases: "Operated training bases",
  usedBases: "Used training bases",
  draftedStandards: "Drafted standards",
  implementedStandards: "Implemented standards",
  agreements: "Agreements",
  events: "Events",
  agreementsSigned: "Agreements signed",
  signingEvents: "Signed at",
  respondsTo: "Responds to",
  responses: "Responses",
  heldOn: "Held on",
  place: "Place",
  signedOn: "Signed on",
  affiliations: "Affiliations",
  credentials: "Credentials",
  developers: "Developers",
  parties: "Parties",
  operators: "Operators",
  users: "Users",
  drafters: "Drafters",
  professions: "Professions",
  holders: "Holders",
  more: "more",
  none: "none",
  measure: "Measure",
  gapsOnly: "Gaps",
  coverageHint: "Rows: provinces; columns: professions. Hatched red cells are gaps (the measure is 0); a corner mark means some measure is missing in that cell.",
  coverageSummary: "Cells with gaps",
  loadMore: "Load more",
  reciprocalHireOnly: "Reciprocal hires only",
  crossSectorOnly: "Cross-sector only (enterprise + school)",
  name: "Name",
  teachingCredentials: "Teaching credentials",
  industryCredentials: "Industry credentials",
  reciprocalHire: "Reciprocal hire",
  enterprises: "Enterprises",
  schools: "Schools",
  base: "Training base",
  orgCount: "Organisations",
  participants: "Organisations and roles",
  legendOther: "Other nodes (courses, agreements, trainers… on a path)",
  legendSample: "Dashed outline, dashed line = sample data (fictional, names marked “sample”)",
  hideSample: "Hide sample data",
  hideSampleHint: "Sample data is fictional, for demonstration (names marked “sample”); hidden, only the real facts of the two source documents remain.",
  sampleBadge: "sample",
  expandHint: "Click a node for its details (in a neighbourhood, its collaborators are merged in); click an edge for what the two share.",
  organisations: "Organisations",
  crossSector: "Cross-sector",
  total: "Total",
  shown: "shown",
  yes: "yes",
  no: "no",
  listSep: ", ",
  colon: ": ",
  errorNetwork: "Cannot reach the server",
  errorUnauthenticated: "Check the API key",
};

const STRINGS: Record<Lang, Record<Key, string>> = { zh, en };

let current: Lang = "zh";

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  current = l;
  document.documentElement.lang = l === "zh" ? "zh-CN" : "en";
  document.title = t("title");
}

export function t(key: Key): string {
  return STRINGS[current][key];
}

type Pair = readonly [zh: string, en: string];
const pick = (p: Pair | undefined, fallback: string): string => (p ? p[current === "zh" ? 0 : 1] : fallback);

/** Enum values of the schema, named in both languages. */
export const ORG_KINDS = {
  ENTERPRISE: ["企业", "Enterprise"],
  VOCATIONAL_COLLEGE: ["职业院校", "Vocational college"],
  UNIVERSITY: ["普通高校", "University"],
  OPEN_UNIVERSITY: ["开放大学", "Open university"],
  TRADE_ASSOCIATION: ["行业协会", "Trade association"],
  GOVERNMENT_AGENCY: ["政府机构", "Government agency"],
  RESEARCH_INSTITUTE: ["研究机构", "Research institute"],
  ALLIANCE: ["联盟", "Alliance"],
} as const satisfies Record<string, Pair>;
export type OrgKind = keyof typeof ORG_KINDS;

export const CHANNELS = {
  CO_DEVELOPED_COURSE: ["共建课程", "Co-developed course"],
  SHARED_BASE: ["共享实训基地", "Shared training base"],
  CO_DRAFTED_STANDARD: ["共同起草标准", "Co-drafted standard"],
  COMMON_AGREEMENT: ["共同签署协议", "Common agreement"],
  SHARED_TRAINER: ["共享师资", "Shared trainer"],
  COMMON_MEMBERSHIP: ["同属联盟", "Common membership"],
} as const satisfies Record<string, Pair>;
export type Channel = keyof typeof CHANNELS;

export const MEASURES = {
  courses: ["课程", "Courses"],
  trainingBases: ["实训基地", "Training bases"],
  dualQualifiedTrainers: ["双师型教师", "Dual-qualified trainers"],
  standards: ["标准", "Standards"],
} as const satisfies Record<string, Pair>;
export type Measure = keyof typeof MEASURES;

const MISSING: Record<string, Pair> = {
  COURSES: MEASURES.courses,
  TRAINING_BASES: MEASURES.trainingBases,
  DUAL_QUALIFIED_TRAINERS: MEASURES.dualQualifiedTrainers,
  STANDARDS: MEASURES.standards,
};

const TYPENAMES: Record<string, Pair> = {
  Organisation: ["机构", "Organisation"],
  Trainer: ["师资", "Trainer"],
  Credential: ["证书", "Credential"],
  Profession: ["职业", "Profession"],
  Course: ["课程", "Course"],
  TrainingBase: ["实训基地", "Training base"],
  Standard: ["标准", "Standard"],
  Agreement: ["协议", "Agreement"],
  Event: ["活动", "Event"],
};

const BASE_ROLES: Record<string, Pair> = {
  BUILDER: ["建设方", "builder"],
  CO_BUILDER: ["共建方", "co-builder"],
  OPERATOR: ["运营方", "operator"],
  USER: ["使用方", "user"],
};

const CREDENTIAL_CATEGORIES: Record<string, Pair> = {
  TEACHING: ["教师资格", "teaching"],
  VOCATIONAL_SKILL: ["职业技能", "vocational skill"],
  PROFESSIONAL_TITLE: ["职称", "professional title"],
  INDUSTRY_EXPERIENCE: ["行业经历", "industry experience"],
};

const RELATIONSHIPS: Record<string, Pair> = {
  MEMBER_OF: ["成员", "member of"],
  PART_OF: ["隶属", "part of"],
  AFFILIATED_WITH: ["任职", "affiliated with"],
  HOLDS: ["持有", "holds"],
  ISSUED_BY: ["颁发", "issued by"],
  CERTIFIES: ["认证", "certifies"],
  TEACHES: ["授课", "teaches"],
  DEVELOPED_BY: ["开发", "developed by"],
  PREPARES_FOR: ["面向职业", "prepares for"],
  ALIGNS_WITH: ["对标", "aligns with"],
  OPERATED_BY: ["运营", "operated by"],
  USED_BY: ["使用", "used by"],
  TRAINS_FOR: ["培养", "trains for"],
  DRAFTED_BY: ["起草", "drafted by"],
  COVERS: ["覆盖", "covers"],
  IMPLEMENTS: ["实施", "implements"],
  PARTY_TO: ["签署", "party to"],
  INCLUDES: ["包含", "includes"],
};

/** The alliance's tasks (allianceProgress's task fields), named as its 2025 charter names them. */
export const TASKS = {
  standards: ["标准建设", "Standards"],
  trainingBases: ["共建共享实训基地", "Shared training bases"],
  trainers: ["双师型队伍与校企互聘", "Dual-qualified trainers and reciprocal hires"],
  courses: ["课程共建与数智赋能", "Co-developed courses and AI"],
  learners: ["人才培养", "Talent cultivation"],
  creditBank: ["学分银行", "Credit bank"],
} as const satisfies Record<string, Pair>;
export type Task = keyof typeof TASKS;

/** Each measure of a ProgressRow, by its path ("task.field"). */
export const PROGRESS_MEASURES = {
  "standards.published": ["当年发布", "Published in the year"],
  "standards.publishedToDate": ["累计发布", "Published to date"],
  "trainingBases.shared": ["共享基地", "Shared bases"],
  "trainingBases.sharedAcrossSectors": ["其中校企共享", "Of them, across sectors"],
  "trainers.trainers": ["师资", "Trainers"],
  "trainers.dualQualified": ["双师型教师", "Dual-qualified trainers"],
  "trainers.dualQualifiedShare": ["双师型占比", "Dual-qualified share"],
  "trainers.reciprocalHires": ["校企互聘", "Reciprocal hires"],
  "courses.coDeveloped": ["共建课程", "Co-developed courses"],
  "courses.ai": ["数智赋能课程", "AI courses"],
  "learners.enrolled": ["参训", "Enrolled"],
  "learners.completed": ["结业", "Completed"],
  "learners.certified": ["取证", "Certified"],
  "creditBank.recognitions": ["学分互认", "Recognitions"],
  "creditBank.credits": ["可认学分", "Credits"],
} as const satisfies Record<`${Task}.${string}`, Pair>;
export type ProgressMeasure = keyof typeof PROGRESS_MEASURES;

/** Why the API key has no organisation of its own (viewer.reason). */
export const VIEWER_REASONS = {
  NO_KEY: ["未使用 API 密钥：输入合作单位的密钥即可查看本单位的进展。", "No API key: enter your organisation's partner key to see its own progress."],
  NOT_A_PARTNER: ["此 API 密钥不属于合作单位，没有对应的本单位。", "This API key is not a partner's: no organisation of its own."],
  ORGANISATION_GONE: ["此密钥对应的单位已不在图谱中。", "This key's organisation is no longer in the graph."],
} as const satisfies Record<string, Pair>;
export type ViewerReason = keyof typeof VIEWER_REASONS;

/** What a chart's vertical axis counts. */
export const UNITS = {
  standards: ["标准（项）", "standards"],
  bases: ["基地（个）", "bases"],
  share: ["占师资比例", "share of trainers"],
  people: ["人", "people"],
  courses: ["课程（门）", "courses"],
  learners: ["人次", "learners"],
  recognitions: ["认定（次）", "recognitions"],
  credits: ["学分", "credits"],
} as const satisfies Record<string, Pair>;
export type Unit = keyof typeof UNITS;

/** The 34 provincial-level divisions as the API stores them (English), with Chinese names. */
export const PROVINCES: Record<string, string> = {
  Beijing: "北京", Tianjin: "天津", Hebei: "河北", Shanxi: "山西", "Inner Mongolia": "内蒙古",
  Liaoning: "辽宁", Jilin: "吉林", Heilongjiang: "黑龙江", Shanghai: "上海", Jiangsu: "江苏",
  Zhejiang: "浙江", Anhui: "安徽", Fujian: "福建", Jiangxi: "江西", Shandong: "山东",
  Henan: "河南", Hubei: "湖北", Hunan: "湖南", Guangdong: "广东", Guangxi: "广西",
  Hainan: "海南", Chongqing: "重庆", Sichuan: "四川", Guizhou: "贵州", Yunnan: "云南",
  Tibet: "西藏", Shaanxi: "陕西", Gansu: "甘肃", Qinghai: "青海", Ningxia: "宁夏",
  Xinjiang: "新疆", "Hong Kong": "香港", Macao: "澳门", Taiwan: "台湾",
};

export const kindName = (k: string): string => pick((ORG_KINDS as Record<string, Pair>)[k], k);
export const channelName = (c: string): string => pick((CHANNELS as Record<string, Pair>)[c], c);
export const measureName = (m: string): string =>
  pick((MEASURES as Record<string, Pair>)[m] ?? MISSING[m], m);
export const typeName = (tn: string): string => pick(TYPENAMES[tn], tn);
export const roleName = (r: string): string => pick(BASE_ROLES[r], r);
export const categoryName = (c: string): string => pick(CREDENTIAL_CATEGORIES[c], c);
export const relationshipName = (r: string): string => pick(RELATIONSHIPS[r], r);
export const taskName = (k: Task): string => pick(TASKS[k], k);
export const progressMeasureName = (m: ProgressMeasure): string => pick(PROGRESS_MEASURES[m], m);
export const unitName = (u: Unit): string => pick(UNITS[u], u);
export const reasonName = (r: string): string => pick((VIEWER_REASONS as Record<string, Pair>)[r], r);
export const provinceName = (p: string | null | undefined): string =>
  p ? (current === "zh" ? (PROVINCES[p] ?? p) : p) : "";

/** Fill every element's text from its data-i18n attributes (text, placeholder, title, aria-label). */
export function applyI18n(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>("[data-i18n]").forEach((el) => {
    el.textContent = t(el.dataset.i18n as Key);
  });
  root.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]").forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder as Key);
  });
  root.querySelectorAll<HTMLElement>("[data-i18n-title]").forEach((el) => {
    el.title = t(el.dataset.i18nTitle as Key);
    el.setAttribute("aria-label", el.title);
  });
}
