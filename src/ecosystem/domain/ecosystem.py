"""The ecosystem, declared once: what the alliance's facts are made of (docs/questions.md
quotes its definitions; seeds/facts.json holds the real facts of the two source documents).

Adding a property is a one-line change here: constraints, GraphQL types, filters, sorting and
the Cypher mapping follow from it.
"""

from __future__ import annotations

from ecosystem.domain.model import (
    AtMost,
    Domain,
    EnumType,
    NodeType,
    Property,
    RelationshipType,
    Scalar,
)
from ecosystem.domain.provinces import PROVINCES

# --- enums ------------------------------------------------------------------------------

ORGANISATION_KIND = EnumType.described(
    "OrganisationKind",
    "What kind of body an organisation is (enterprises and schools are the two sides of "
    "industry–education integration, 产教融合).",
    {
        "ENTERPRISE": "A company (企业), such as a domestic-services provider or a staffing group.",
        "VOCATIONAL_COLLEGE": "A vocational college or school (职业院校).",
        "UNIVERSITY": "A university or other higher-education institution (高等学校) that is "
        "not an open university.",
        "OPEN_UNIVERSITY": "An open university (开放大学), such as the Open University of China, "
        "or a centre of one: distance and lifelong education.",
        "TRADE_ASSOCIATION": "A trade or industry association (行业协会).",
        "GOVERNMENT_AGENCY": "A ministry, commission or other government body (政府部门), or a "
        "department or centre of one.",
        "RESEARCH_INSTITUTE": "A research institute (科研院所).",
        "ALLIANCE": "An alliance (联盟) of organisations, such as an industry–education "
        "alliance; its members are MEMBER_OF it.",
    },
)
MEMBERSHIP_ROLE = EnumType.described(
    "MembershipRole",
    "An organisation's role in an alliance it is a member of.",
    {
        "INITIATOR": "One of the organisations that founded the alliance (发起单位).",
        "COUNCIL": "A council member (理事单位): sits on the alliance's council.",
        "MEMBER": "An ordinary member (成员单位).",
    },
)
AFFILIATION_TYPE = EnumType.described(
    "AffiliationType",
    "How a trainer works for an organisation.",
    {
        "FULL_TIME": "Employed full-time (专职).",
        "PART_TIME": "Engaged part-time (兼职).",
        "RECIPROCAL_HIRE": "A reciprocal hire (校企互聘): appointed under an enterprise–school "
        "arrangement to work at both; a current one makes the trainer a reciprocal hire.",
        "VISITING": "A visiting appointment (客座), such as a guest lecturer or visiting expert.",
    },
)
CREDENTIAL_CATEGORY = EnumType.described(
    "CredentialCategory",
    "What a credential attests: a TEACHING credential and an industry one make a trainer "
    "dual-qualified (双师型).",
    {
        "TEACHING": "A qualification to teach (教师资格), such as a teacher qualification "
        "certificate: the teaching side of dual qualification.",
        "VOCATIONAL_SKILL": "A vocational skill certificate (职业技能等级证书), at a level from "
        "1 (highest) to 5: an industry side of dual qualification.",
        "PROFESSIONAL_TITLE": "A professional title (职称); an industry side of dual "
        "qualification only when awarded in industry (`fromIndustry`).",
        "INDUSTRY_EXPERIENCE": "Attested work experience in industry (企业实践经历): an industry "
        "side of dual qualification.",
    },
)
COURSE_MODE = EnumType.described(
    "CourseMode",
    "How a course is delivered.",
    {
        "ONLINE": "Online only (线上).",
        "OFFLINE": "In person only (线下).",
        "BLENDED": "Online and in person combined (混合式).",
    },
)
DEVELOPMENT_ROLE = EnumType.described(
    "DevelopmentRole",
    "An organisation's part in developing a course.",
    {
        "LEAD": "Leads the development (牵头单位).",
        "PARTNER": "Develops it with the lead (参与单位).",
    },
)
OPERATOR_ROLE = EnumType.described(
    "OperatorRole",
    "An organisation's part in operating a training base.",
    {
        "BUILDER": "Built the base and runs it (建设单位).",
        "CO_BUILDER": "Builds and runs it together with the builder (共建单位).",
    },
)
STANDARD_LEVEL = EnumType.described(
    "StandardLevel",
    "Who issues a standard, in the tiers of China's Standardisation Law.",
    {
        "NATIONAL": "A national standard (国家标准: GB, GB/T, GB/Z); applies nationwide.",
        "INDUSTRY": "An industry standard (行业标准) of a ministry, such as SB/T for commerce; "
        "applies nationwide.",
        "LOCAL": "A local standard (地方标准: DBxx/T) of a province.",
        "GROUP": "A group standard (团体标准: T/…) of an association or alliance.",
        "ENTERPRISE": "An enterprise's own standard (企业标准: Q/…).",
    },
)
STANDARD_STATUS = EnumType.described(
    "StandardStatus",
    "Where a standard is in its life.",
    {
        "DRAFTING": "Being drafted (制定中); not in force yet.",
        "PUBLISHED": "Published (已发布) and in force.",
        "WITHDRAWN": "Withdrawn (已废止); no longer in force, so coverage leaves it out.",
    },
)
DRAFTING_ROLE = EnumType.described(
    "DraftingRole",
    "An organisation's part in drafting a standard.",
    {
        "LEAD": "The lead drafter (主要起草单位).",
        "PARTICIPANT": "A participating drafter (参与起草单位).",
    },
)
AGREEMENT_KIND = EnumType.described(
    "AgreementKind",
    "What kind of document an agreement is.",
    {
        "COOPERATION": "A cooperation agreement (合作协议): the parties agree to work together.",
        "PROGRAMME": "A programme (项目) the parties set up, with its figures (programmes, "
        "professions covered, workers reached).",
        "POLICY": "A policy document (政策文件) its parties jointly issued.",
    },
)
EVENT_KIND = EnumType.described(
    "EventKind",
    "What kind of occasion an event was.",
    {
        "SIGNING_CEREMONY": "A ceremony at which agreements were signed (签约仪式).",
        "INAUGURAL_CEREMONY": "A ceremony founding a body, such as an alliance (成立大会).",
        "VISIT": "A delegation's visit (参观考察).",
    },
)

#: The controlled vocabulary of topics: value → (English, Chinese). Courses and training bases
#: carry them; the AI measures of allianceProgress count DIGITAL_INTELLIGENCE
#: (domain/definitions.py AI_TOPICS).
TOPICS: dict[str, tuple[str, str]] = {
    "DIGITAL_INTELLIGENCE": ("Digital intelligence and AI", "数智化与人工智能"),
    "MATERNAL_INFANT_CARE": ("Maternal and infant care", "母婴护理"),
    "CHILDCARE": ("Infant and toddler care", "育婴"),
    "ELDERLY_CARE": ("Elderly care", "养老护理"),
    "HEALTH_CARE": ("Health and rehabilitation care at home", "健康照护"),
    "HOUSEKEEPING": ("Housekeeping and cleaning", "家务保洁"),
    "COOKING_NUTRITION": ("Home cooking and nutrition", "烹饪与营养"),
    "SERVICE_MANAGEMENT": ("Running a domestic-services business", "家政服务管理"),
    "ETHICS_AND_SAFETY": ("Professional ethics, law and safety", "职业道德、法规与安全"),
    "TEACHING_PRACTICE": ("Teaching and training practice", "教学实践"),
}
TOPIC = EnumType.described(
    "Topic",
    "What a course or training base is about: a controlled vocabulary, each value with its "
    "English and Chinese names (English — 中文).",
    {value: f"{english} — {chinese}" for value, (english, chinese) in TOPICS.items()},
)

# --- shared properties ------------------------------------------------------------------

ID = Property(
    "id",
    Scalar.ID,
    "Global id: the type and a stable UUID (such as `Trainer:…`); opaque to clients.",
    required=True,
    unique=True,
    system=True,
)
SOURCE = Property(
    "source",
    Scalar.STRING,
    "Provenance: the document or data set this fact "
    "comes from, or `synthetic` for generated sample data.",
    required=True,
    indexed=True,
    max_length=200,
    system=True,
)
UPDATED_AT = Property(
    "updatedAt",
    Scalar.DATETIME,
    "When this fact was last written.",
    required=True,
    indexed=True,
    system=True,
)
VERSION = Property("version", Scalar.INT, "Incremented by every write; pass it back as "
                   "`expectedVersion` to update only what you have seen.", required=True,
                   system=True)  # fmt: skip
PROVENANCE = (ID, SOURCE, UPDATED_AT)
NODE_PROVENANCE = (ID, SOURCE, UPDATED_AT, VERSION)
#: Standard numbers as China writes them: GB/T 28920-2012, SB/T 10847-2012, DB11/T 1234-2020,
#: T/CHSA 001-2024, Q/XYZ 3-2023.
STANDARD_CODE = (
    r"^(GB/T|GB/Z|GB|SB/T|[A-Z]{2}/T|DB\d{2}/T|T/[A-Z0-9]{2,12}|Q/[A-Z0-9]{2,12})"
    r" ?\d{1,6}(\.\d+)?-\d{4}$"
)


def text(name: str, description: str = "", **options: object) -> Property:
    return Property(name, Scalar.STRING, description, max_length=500, **options)  # type: ignore[arg-type]


def summary(description: str) -> Property:
    """A paragraph in the source's words (longer than a name)."""
    return Property("summary", Scalar.STRING, description, max_length=2000)


def name_pair(english: str = "name", chinese: str = "nameZh") -> tuple[Property, Property]:
    return (
        text(english, "Name in English (or pinyin).", required=True, indexed=True, searchable=True),
        text(chinese, "Name in Chinese.", indexed=True, searchable=True),
    )


def province() -> Property:
    return text(
        "province",
        "Provincial-level division, in English (e.g. Beijing).",
        indexed=True,
        choices=tuple(PROVINCES),
    )


def city() -> Property:
    return text("city", "City, in English (or pinyin).")


# --- nodes ------------------------------------------------------------------------------

ORGANISATION = NodeType(
    "Organisation",
    "organisations",
    (
        *NODE_PROVENANCE,
        *name_pair(),
        Property(
            "kind", ORGANISATION_KIND, "What kind of body it is.", required=True, indexed=True
        ),
        province(),
        city(),
        text("website", "Its website's address."),
        text("creditCode", "Unified social credit code (统一社会信用代码).", unique=True),
    ),
    natural_key=("name", "province"),
    description="An organisation (机构): an enterprise, school, association, government agency "
    "or alliance.",
)

TRAINER = NodeType(
    "Trainer",
    "trainers",
    (
        *NODE_PROVENANCE,
        *name_pair(),
        text("title", "Job title."),
        text("externalId", "The trainer's identifier in a partner's own system.", unique=True),
        text("phone", "Personal phone number.", private=True),
        text("email", "Personal e-mail address.", private=True),
    ),
    natural_key=("externalId",),
    description="A person who teaches or trains (教师、培训师), at a school or in industry.",
    owned_through="AFFILIATED_WITH",
)

CREDENTIAL = NodeType(
    "Credential",
    "credentials",
    (
        *NODE_PROVENANCE,
        *name_pair(),
        Property("category", CREDENTIAL_CATEGORY, "What it attests.", required=True, indexed=True),
        Property(
            "level",
            Scalar.INT,
            "Skill level, 1 (highest) to 5, where the credential has one.",
            minimum=1,
            maximum=5,
            indexed=True,
        ),
        Property(
            "fromIndustry",
            Scalar.BOOLEAN,
            "A professional title awarded in industry rather "
            "than in education (counts towards dual qualification).",
        ),
    ),
    natural_key=("name",),
    description="A credential (证书) a trainer can hold: a teaching qualification, a skill "
    "certificate, a professional title or attested industry experience.",
)

PROFESSION = NodeType(
    "Profession",
    "professions",
    (
        *NODE_PROVENANCE,
        *name_pair(),
        text(
            "code",
            "Code in the national occupational classification, where it gives one.",
            unique=True,
            searchable=True,
        ),
    ),
    natural_key=("name",),
    description="An occupation (职业) of the national occupational classification "
    "(职业分类大典), such as maternal–infant care worker (母婴护理员).",
)

COURSE = NodeType(
    "Course",
    "courses",
    (
        *NODE_PROVENANCE,
        text("code", "The course's code.", required=True, unique=True, searchable=True),
        *name_pair("title", "titleZh"),
        Property("mode", COURSE_MODE, "How it is delivered.", indexed=True),
        Property("hours", Scalar.INT, "Teaching hours.", minimum=0, maximum=100000, indexed=True),
        Property(
            "credits",
            Scalar.FLOAT,
            "Credits it earns in the credit bank (学分银行).",
            minimum=0,
            maximum=1000,
        ),
        Property(
            "topics",
            TOPIC,
            "What the course is about (the controlled vocabulary of topics).",
            many=True,
        ),
    ),
    natural_key=("code",),
    description="A course (课程) or training programme.",
)

TRAINING_BASE = NodeType(
    "TrainingBase",
    "trainingBases",
    (
        *NODE_PROVENANCE,
        *name_pair(),
        province(),
        city(),
        Property(
            "capacity", Scalar.INT, "Trainees at once.", minimum=0, maximum=1000000, indexed=True
        ),
        Property(
            "topics",
            TOPIC,
            "What the base is about (the controlled vocabulary of topics).",
            many=True,
        ),
    ),
    natural_key=("name",),
    description="A practical training base (实训基地), where trainees practise what they "
    "learn; operated and used by organisations.",
)

STANDARD = NodeType(
    "Standard",
    "standards",
    (
        *NODE_PROVENANCE,
        text(
            "code",
            "Its number as China writes it: GB/T …, SB/T …, T/… and the like.",
            required=True,
            unique=True,
            searchable=True,
            pattern=STANDARD_CODE,
        ),
        *name_pair("title", "titleZh"),
        Property("level", STANDARD_LEVEL, "Who issues it.", indexed=True),
        Property("status", STANDARD_STATUS, "Where it is in its life.", indexed=True),
        Property("publishedOn", Scalar.DATE, "The day it was published.", indexed=True),
    ),
    natural_key=("code",),
    description="A standard (标准): national, industry, local, group or enterprise.",
)

AGREEMENT = NodeType(
    "Agreement",
    "agreements",
    (
        *NODE_PROVENANCE,
        *name_pair("title", "titleZh"),
        Property("kind", AGREEMENT_KIND, "What kind of document it is.", indexed=True),
        Property("signedOn", Scalar.DATE, "The day it was signed or issued.", indexed=True),
        Property(
            "validFrom",
            Scalar.DATE,
            "The first day it is in force; unset: from the day it was signed (`signedOn`).",
            indexed=True,
        ),
        Property(
            "validUntil",
            Scalar.DATE,
            "The last day it is in force; unset: open-ended.",
            indexed=True,
        ),
        Property(
            "year",
            Scalar.INT,
            "Year of issue, where the source gives no day.",
            minimum=1949,
            maximum=2200,
        ),
        Property(
            "signatories",
            Scalar.STRING,
            "Who signed, name and title as the source gives them.",
            many=True,
        ),
        Property("requirements", Scalar.STRING, "What it requires, item by item.", many=True),
        Property(
            "programmes", Scalar.INT, "Training programmes it covers.", minimum=0, maximum=1000000
        ),
        Property(
            "professionsCovered",
            Scalar.INT,
            "Professions its programmes cover.",
            minimum=0,
            maximum=10000,
        ),
        Property(
            "workersMoreThan",
            Scalar.INT,
            "It is to reach more than this many workers (a lower bound, as the source words it).",
            minimum=0,
        ),
        Property("freeOfCharge", Scalar.BOOLEAN, "Whether it is free to those it serves."),
        text("platform", "Where it is delivered."),
        summary("What the parties agreed, in the source's words."),
    ),
    natural_key=("title",),
    description="An agreement (协议): a cooperation agreement, a programme or a jointly "
    "issued policy document; its status on a day (planned, in force, expired) follows from "
    "its term (agreementsByStatus).",
    rules=(AtMost("validFrom", "validUntil"),),
)

EVENT = NodeType(
    "Event",
    "events",
    (
        *NODE_PROVENANCE,
        *name_pair(),
        Property("kind", EVENT_KIND, "What kind of occasion it was.", required=True, indexed=True),
        Property(
            "heldOn",
            Scalar.DATE,
            "The day it was held; unset when the source gives none.",
            indexed=True,
        ),
        text("place", "Where it was held, as the source gives it."),
        province(),
        city(),
        Property(
            "organisationsAttendingMoreThan",
            Scalar.INT,
            "More than this many organisations attended (a lower bound, as the source words it).",
            minimum=0,
        ),
        Property(
            "people",
            Scalar.STRING,
            "Who took part: each name with the full title the source gives, and what they did.",
            many=True,
        ),
        summary("What happened, in the source's words."),
    ),
    natural_key=("name",),
    description="A ceremony or visit on a day: who took part and what was signed there.",
)


def learners(name: str, description: str, required: bool = False) -> Property:
    return Property(name, Scalar.INT, description, required=required, minimum=0, maximum=10**9)


TRAINING_OUTCOME = NodeType(
    "TrainingOutcome",
    "trainingOutcomes",
    (
        *NODE_PROVENANCE,
        text(
            "reference",
            "The reporter's own reference for this record, unique (a portal upserts by it).",
            required=True,
            unique=True,
        ),
        Property(
            "year",
            Scalar.INT,
            "The year the figures are for.",
            required=True,
            indexed=True,
            minimum=1949,
            maximum=2200,
        ),
        learners("enrolled", "Learners who enrolled in the year.", required=True),
        learners("completed", "Of them, learners who completed the training."),
        learners("certified", "Of them, learners who obtained a certificate."),
        Property(
            "certificateLevel",
            Scalar.INT,
            "The level of the certificates obtained, 1 (highest) to 5, where one applies.",
            minimum=1,
            maximum=5,
        ),
    ),
    natural_key=("reference",),
    description="What a course, training base or programme achieved in a year (培训成效): "
    "learners enrolled, completed and certified. Aggregates only: no learner's personal data.",
    rules=(AtMost("completed", "enrolled"), AtMost("certified", "completed")),
)

# --- relationships ----------------------------------------------------------------------


def since() -> Property:
    return Property(
        "since", Scalar.DATE, "The day it began; unset: for as long as anyone knows.", indexed=False
    )


def until(what: str) -> Property:
    return Property("until", Scalar.DATE, f"The last day of the {what}; unset while it lasts.")


def role(enum: EnumType) -> Property:
    """A role of the start node in the relationship: the enum says what it is."""
    return Property("role", enum, enum.description)


def rel(
    type_: str,
    source: NodeType,
    target: NodeType,
    source_field: str,
    target_field: str,
    *properties: Property,
    description: str = "",
    rules: tuple[AtMost, ...] = (),
) -> RelationshipType:
    return RelationshipType(
        type_,
        source.name,
        target.name,
        source_field,
        target_field,
        (*PROVENANCE, *properties),
        description,
        rules,
    )


#: A span's first day comes before its last (memberships, affiliations).
SPAN = (AtMost("since", "until"),)


RELATIONSHIPS = (
    rel(
        "MEMBER_OF",
        ORGANISATION,
        ORGANISATION,
        "memberships",
        "members",
        role(MEMBERSHIP_ROLE),
        since(),
        until("membership"),
        description="An organisation's membership of an alliance (联盟): from the member to "
        "the alliance; current on the days from `since` to `until`.",
        rules=SPAN,
    ),
    rel(
        "PART_OF",
        ORGANISATION,
        ORGANISATION,
        "partOf",
        "units",
        description="A unit (a department or centre) of a larger body: from the unit to the "
        "body. Questions count an organisation's units as itself.",
    ),
    rel(
        "AFFILIATED_WITH",
        TRAINER,
        ORGANISATION,
        "affiliations",
        "trainers",
        Property("type", AFFILIATION_TYPE, AFFILIATION_TYPE.description, required=True),
        since(),
        until("affiliation"),
        description="A trainer's work at an organisation; current on the days from `since` to "
        "`until`.",
        rules=SPAN,
    ),
    rel(
        "HOLDS",
        TRAINER,
        CREDENTIAL,
        "credentials",
        "holders",
        Property(
            "obtainedOn",
            Scalar.DATE,
            "The day the trainer obtained it; unset: held for as long as anyone knows.",
        ),
        Property("level", Scalar.INT, "Level attained, 1 (highest) to 5.", minimum=1, maximum=5),
        description="A credential a trainer holds, from the day it was obtained.",
    ),
    rel(
        "ISSUED_BY",
        CREDENTIAL,
        ORGANISATION,
        "issuers",
        "issuedCredentials",
        description="A body that awards a credential.",
    ),
    rel(
        "CERTIFIES",
        CREDENTIAL,
        PROFESSION,
        "professions",
        "credentials",
        description="A profession a credential qualifies its holders for.",
    ),
    rel(
        "TEACHES", TRAINER, COURSE, "courses", "trainers", description="A course a trainer teaches."
    ),
    rel(
        "DEVELOPED_BY",
        COURSE,
        ORGANISATION,
        "developers",
        "courses",
        role(DEVELOPMENT_ROLE),
        since(),
        description="An organisation that developed a course, as its lead or a partner, from "
        "the day it began (`since`).",
    ),
    rel(
        "PREPARES_FOR",
        COURSE,
        PROFESSION,
        "professions",
        "courses",
        description="A profession a course prepares its learners for.",
    ),
    rel(
        "ALIGNS_WITH",
        COURSE,
        STANDARD,
        "standards",
        "courses",
        description="A standard a course is aligned with.",
    ),
    rel(
        "OPERATED_BY",
        TRAINING_BASE,
        ORGANISATION,
        "operators",
        "operatedBases",
        role(OPERATOR_ROLE),
        since(),
        description="An organisation that builds and runs a training base.",
    ),
    rel(
        "USED_BY",
        TRAINING_BASE,
        ORGANISATION,
        "users",
        "usedBases",
        since(),
        description="An organisation whose trainees use a training base.",
    ),
    rel(
        "TRAINS_FOR",
        TRAINING_BASE,
        PROFESSION,
        "professions",
        "trainingBases",
        description="A profession a training base trains for.",
    ),
    rel(
        "DRAFTED_BY",
        STANDARD,
        ORGANISATION,
        "drafters",
        "draftedStandards",
        role(DRAFTING_ROLE),
        description="An organisation that drafted a standard, as its lead or a participant.",
    ),
    rel(
        "COVERS",
        STANDARD,
        PROFESSION,
        "professions",
        "standards",
        description="A profession a standard covers.",
    ),
    rel(
        "IMPLEMENTS",
        ORGANISATION,
        STANDARD,
        "implementedStandards",
        "implementers",
        description="A standard an organisation implements.",
    ),
    rel(
        "PARTY_TO",
        ORGANISATION,
        AGREEMENT,
        "agreements",
        "parties",
        text("role", "The party's role, as the source words it."),
        description="An organisation that is a party to an agreement (a signatory, a joint "
        "issuer…).",
    ),
    rel(
        "INCLUDES",
        AGREEMENT,
        COURSE,
        "courses",
        "agreements",
        description="A course an agreement (a programme, say) includes.",
    ),
    rel(
        "RESPONDS_TO",
        AGREEMENT,
        AGREEMENT,
        "respondsTo",
        "responses",
        description="A programme or agreement answering a policy document: from the answer "
        "to the policy.",
    ),
    rel(
        "TOOK_PART_IN",
        ORGANISATION,
        EVENT,
        "events",
        "organisations",
        text("role", "What it did there, as the source words it."),
        description="An organisation that took part in an event.",
    ),
    rel(
        "SIGNED_AT",
        AGREEMENT,
        EVENT,
        "signingEvents",
        "agreementsSigned",
        description="The event at which an agreement was signed.",
    ),
    rel(
        "RECOGNISES",
        ORGANISATION,
        COURSE,
        "recognisedCourses",
        "recognisedBy",
        Property(
            "credits",
            Scalar.FLOAT,
            "Credits the institution grants for the course.",
            required=True,
            minimum=0,
            maximum=1000,
        ),
        since(),
        description="Credit-bank recognition (学分银行): an institution grants credits for a "
        "course, from `since`. A learner's credits for the course count at every institution "
        "that recognises it.",
    ),
    *(
        rel(
            type_,
            TRAINING_OUTCOME,
            target,
            field,
            back,
            description=description,
        )
        for type_, target, field, back, description in (
            (
                "REPORTED_BY",
                ORGANISATION,
                "organisations",
                "trainingOutcomes",
                "The organisation that reports a training outcome (one per outcome).",
            ),
            ("FOR_COURSE", COURSE, "courses", "outcomes", "The course a training outcome is for."),
            (
                "AT_BASE",
                TRAINING_BASE,
                "trainingBases",
                "outcomes",
                "The training base a training outcome is for.",
            ),
            (
                "UNDER_PROGRAMME",
                AGREEMENT,
                "programmes",
                "outcomes",
                "The programme (a PROGRAMME agreement) a training outcome is for.",
            ),
            (
                "FOR_PROFESSION",
                PROFESSION,
                "professions",
                "trainingOutcomes",
                "The profession a training outcome's learners train for.",
            ),
        )
    ),
)

ECOSYSTEM = Domain(
    enums=(
        ORGANISATION_KIND,
        MEMBERSHIP_ROLE,
        AFFILIATION_TYPE,
        CREDENTIAL_CATEGORY,
        COURSE_MODE,
        DEVELOPMENT_ROLE,
        OPERATOR_ROLE,
        STANDARD_LEVEL,
        STANDARD_STATUS,
        DRAFTING_ROLE,
        AGREEMENT_KIND,
        EVENT_KIND,
        TOPIC,
    ),
    nodes=(
        ORGANISATION,
        TRAINER,
        CREDENTIAL,
        PROFESSION,
        COURSE,
        TRAINING_BASE,
        STANDARD,
        AGREEMENT,
        EVENT,
        TRAINING_OUTCOME,
    ),
    relationships=RELATIONSHIPS,
)
