"""The sample's vocabulary: professions, credentials, course topics, base themes, standards.

These are shared by every copy of the sample (the national classification does not multiply
with the data). Bilingual pairs are (English, Chinese). Professions are referred to by their
English name; the one the sources name (maternal–infant care worker) is a real fact in
`seeds/facts.json` and only gets its topics here.
"""

from __future__ import annotations

from dataclasses import dataclass

Pair = tuple[str, str]


@dataclass(frozen=True)
class Trade:
    """What the sample knows about one profession."""

    profession: str  # English name, the Profession's natural key
    theme: Pair  # names a training base: "… Maternal and Infant Care Practical Training Base"
    topics: tuple[Pair, ...]  # course topics


# Synthetic professions: real occupations, but that these are the documents' "eight family
# service professions" is our guess, so they are marked synthetic and carry no code.
SYNTHETIC_PROFESSIONS: tuple[Pair, ...] = (
    ("Domestic service worker", "家政服务员"),
    ("Infant care worker", "育婴员"),
    ("Elderly care worker", "养老护理员"),
    ("Nursery worker", "保育师"),
    ("Health manager", "健康管理师"),
    ("Public nutritionist", "公共营养师"),
    ("Home organiser", "整理收纳师"),
)

TRADES: tuple[Trade, ...] = (
    Trade(
        "Domestic service worker",
        ("Domestic Service", "家政服务"),
        (
            ("Household cleaning and care of furnishings", "居家保洁与家居用品养护"),
            ("Home cooking and family meals", "家庭烹饪与营养配餐"),
            ("Laundry and garment care", "衣物洗涤与护理"),
            ("Household safety and first aid", "家庭安全与急救"),
            ("Service etiquette and communication", "家政服务礼仪与沟通"),
            ("Smart home appliances", "智能家居设备使用"),
        ),
    ),
    Trade(
        "Maternal-infant care worker",
        ("Maternal and Infant Care", "母婴护理"),
        (
            ("Postnatal care for mothers", "产妇产后护理"),
            ("Newborn care and bathing", "新生儿护理与沐浴"),
            ("Breastfeeding guidance", "母乳喂养指导"),
            ("Confinement meals", "月子餐制作"),
            ("Common newborn conditions", "新生儿常见问题观察与护理"),
            ("Postnatal emotional support", "产后心理疏导"),
            ("Digital tools for maternal and infant care", "母婴护理数字化工具应用"),
        ),
    ),
    Trade(
        "Infant care worker",
        ("Infant Care", "育婴"),
        (
            ("Infant feeding and nutrition", "婴幼儿喂养与营养"),
            ("Infant sleep and daily care", "婴幼儿睡眠与生活照料"),
            ("Early learning through play", "婴幼儿早期游戏与学习"),
            ("Preventing common infant illnesses", "婴幼儿常见病预防"),
            ("Infant safety and injury prevention", "婴幼儿安全与伤害预防"),
            ("Motor and language development", "婴幼儿动作与语言发展"),
            ("Smart monitoring in infant care", "婴幼儿智能看护"),
        ),
    ),
    Trade(
        "Elderly care worker",
        ("Elderly Care", "养老护理"),
        (
            ("Daily living assistance for older people", "老年人生活照料"),
            ("Dementia care basics", "失智老年人照护基础"),
            ("Safe transfers and fall prevention", "安全转移与跌倒预防"),
            ("Medication assistance", "老年人用药协助"),
            ("Rehabilitation exercises", "老年人康复训练"),
            ("Hospice and palliative care", "安宁疗护"),
            ("Smart elderly-care devices", "智慧养老设备应用"),
        ),
    ),
    Trade(
        "Nursery worker",
        ("Childcare", "托育"),
        (
            ("Nursery hygiene and disinfection", "托育机构卫生与消毒"),
            ("Daily care routines for toddlers", "托育一日生活照护"),
            ("Observing child development", "儿童发展观察与记录"),
            ("Toddler meals and nutrition", "幼儿膳食与营养"),
            ("Nursery safety management", "托育安全管理"),
            ("Digital nursery management", "托育机构数字化管理"),
        ),
    ),
    Trade(
        "Health manager",
        ("Health Management", "健康管理"),
        (
            ("Health assessment and risk evaluation", "健康评估与风险评价"),
            ("Chronic disease management at home", "居家慢病管理"),
            ("Health education and promotion", "健康教育与健康促进"),
            ("Health records and data", "健康档案与数据管理"),
        ),
    ),
    Trade(
        "Public nutritionist",
        ("Nutrition", "营养配餐"),
        (
            ("Dietary assessment", "膳食调查与评价"),
            ("Nutrition in pregnancy and infancy", "孕期与婴幼儿营养"),
            ("Nutrition for older adults", "老年人营养"),
            ("Family meal planning", "家庭膳食计划"),
            ("AI-assisted meal planning", "智能营养配餐"),
        ),
    ),
    Trade(
        "Home organiser",
        ("Home Organising", "整理收纳"),
        (
            ("Wardrobe organisation", "衣橱整理"),
            ("Kitchen and storage planning", "厨房与储物规划"),
            ("Decluttering and space planning", "空间规划与物品精简"),
            ("Moving and packing services", "搬家打包服务"),
            ("Digital tools for home organising", "整理收纳数字化工具应用"),
        ),
    ),
)

# Courses that prepare for several professions at once.
GENERAL_TOPICS: tuple[Pair, ...] = (
    ("Digital skills for domestic service", "家政服务数字技能"),
    ("Artificial intelligence in domestic services", "人工智能在家政服务中的应用"),
    ("Law and ethics of domestic service", "家政服务法律法规与职业道德"),
    ("Customer communication and complaint handling", "客户沟通与投诉处理"),
    ("Running a domestic-service business", "家政企业经营管理"),
    ("Teaching methods for domestic-service trainers", "家政培训师教学方法"),
)
GENERAL_THEME: Pair = ("Smart Home Services", "智慧家政")

# How a topic becomes a course title.
COURSE_VARIANTS: tuple[Pair, ...] = (
    ("{}: fundamentals", "{}（基础）"),
    ("{}: advanced practice", "{}（进阶）"),
    ("{}: practical training", "{}（实训）"),
    ("{}: online micro-course", "{}（线上微课）"),
)

# --- credentials --------------------------------------------------------------------------

TEACHING_CREDENTIALS: tuple[Pair, ...] = (
    ("Higher-education teacher qualification certificate", "高等学校教师资格证"),
    ("Secondary vocational school teacher qualification certificate", "中等职业学校教师资格证"),
    (
        "Secondary vocational school practical-instruction teacher qualification certificate",
        "中等职业学校实习指导教师资格证",
    ),
)
EDUCATION_TITLES: tuple[Pair, ...] = (
    ("Assistant lecturer", "助理讲师"),
    ("Lecturer", "讲师"),
    ("Senior lecturer (secondary vocational)", "高级讲师"),
    ("Associate professor", "副教授"),
    ("Professor", "教授"),
)
INDUSTRY_TITLES: tuple[Pair, ...] = (  # awarded in industry: count towards dual qualification
    ("Economist (human resources)", "人力资源管理经济师"),
    ("Senior economist (human resources)", "高级人力资源管理经济师"),
    ("Nurse-in-charge", "主管护师"),
    ("Rehabilitation therapist", "康复治疗师"),
    ("Engineer", "工程师"),
)


@dataclass(frozen=True)
class Experience:
    name: Pair
    certifies: tuple[str, ...]  # profession names


INDUSTRY_EXPERIENCE: tuple[Experience, ...] = (
    Experience(
        ("Frontline domestic-service experience (3+ years)", "家政服务一线工作经历（3年以上）"),
        ("Domestic service worker", "Home organiser"),
    ),
    Experience(
        ("Maternal and infant care practice (3+ years)", "母婴护理从业经历（3年以上）"),
        ("Maternal-infant care worker", "Infant care worker"),
    ),
    Experience(
        ("Elderly care practice (3+ years)", "养老护理从业经历（3年以上）"),
        ("Elderly care worker", "Health manager"),
    ),
    Experience(
        ("Childcare centre practice (3+ years)", "托育机构从业经历（3年以上）"),
        ("Nursery worker", "Public nutritionist"),
    ),
    Experience(
        ("Domestic-service enterprise management (5+ years)", "家政企业管理经历（5年以上）"), ()
    ),
)

# Skill level 1 is the highest, 5 the entry level (national vocational skill levels).
SKILL_LEVELS: dict[int, Pair] = {
    1: ("senior technician", "一级/高级技师"),
    2: ("technician", "二级/技师"),
    3: ("senior worker", "三级/高级工"),
    4: ("intermediate worker", "四级/中级工"),
    5: ("junior worker", "五级/初级工"),
}

# --- standards ----------------------------------------------------------------------------

# "{}" is the profession: English plural in lower case, Chinese name.
STANDARD_TITLES: tuple[Pair, ...] = (
    ("Service specification for {}", "{}服务规范"),
    ("Vocational skill evaluation requirements for {}", "{}职业技能评价要求"),
    ("Training specification for {}", "{}培训规范"),
    ("Service quality evaluation for {}", "{}服务质量评价"),
)
GENERAL_STANDARD_TITLES: tuple[Pair, ...] = (
    (
        "Construction requirements for domestic-service practical training bases",
        "家政服务实训基地建设要求",
    ),
    (
        "Competency requirements for dual-qualified domestic-service teachers",
        "家政服务“双师型”教师能力要求",
    ),
    (
        "Credit-bank recognition of domestic-service training outcomes",
        "家政服务培训成果学分银行认定规范",
    ),
    (
        "Service specification for digital-intelligent domestic-service platforms",
        "数智家政服务平台服务规范",
    ),
    ("Credit records of domestic service workers", "家政服务人员信用档案规范"),
)
