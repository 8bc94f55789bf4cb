"""The ecosystem, declared once: what the alliance's facts are made of (docs/questions.md
quotes its definitions; seeds/facts.json holds the real facts of the two source documents).

Adding a property is a one-line change here: constraints, GraphQL types, filters, sorting and
the Cypher mapping follow from it.
"""

from __future__ import annotations

from ecosystem.domain.model import (
    Domain,
    EnumType,
    NodeType,
    Property,
    RelationshipType,
    Scalar,
)
from ecosystem.domain.provinces import PROVINCES

# --- enums ------------------------------------------------------------------------------

ORGANISATION_KIND = EnumType(
    "OrganisationKind",
    (
        "ENTERPRISE",
        "VOCATIONAL_COLLEGE",
        "UNIVERSITY",
        "OPEN_UNIVERSITY",
        "TRADE_ASSOCIATION",
        "GOVERNMENT_AGENCY",
        "RESEARCH_INSTITUTE",
        "ALLIANCE",
    ),
    "What kind of body an organisation is.",
)
MEMBERSHIP_ROLE = EnumType("MembershipRole", ("INITIATOR", "COUNCIL", "MEMBER"))
AFFILIATION_TYPE = EnumType(
    "AffiliationType", ("FULL_TIME", "PART_TIME", "RECIPROCAL_HIRE", "VISITING")
)
CREDENTIAL_CATEGORY = EnumType(
    "CredentialCategory",
    (
        "TEACHING",
        "VOCATIONAL_SKILL",
        "PROFESSIONAL_TITLE",
        "INDUSTRY_EXPERIENCE",
    ),
    "TEACHING: e.g. a teacher qualification; VOCATIONAL_SKILL: skill-level certificates (1–5).",
)
COURSE_MODE = EnumType("CourseMode", ("ONLINE", "OFFLINE", "BLENDED"))
DEVELOPMENT_ROLE = EnumType("DevelopmentRole", ("LEAD", "PARTNER"))
OPERATOR_ROLE = EnumType("OperatorRole", ("BUILDER", "CO_BUILDER"))
STANDARD_LEVEL = EnumType("StandardLevel", ("NATIONAL", "INDUSTRY", "LOCAL", "GROUP", "ENTERPRISE"))
STANDARD_STATUS = EnumType("StandardStatus", ("DRAFTING", "PUBLISHED", "WITHDRAWN"))
DRAFTING_ROLE = EnumType("DraftingRole", ("LEAD", "PARTICIPANT"))
AGREEMENT_KIND = EnumType(
    "AgreementKind",
    ("COOPERATION", "PROGRAMME", "POLICY"),
    "COOPERATION: parties agree to work together; PROGRAMME: parties set up a programme (with "
    "its figures); POLICY: a policy document its parties jointly issued.",
)
EVENT_KIND = EnumType(
    "EventKind",
    ("SIGNING_CEREMONY", "INAUGURAL_CEREMONY", "VISIT"),
    "What kind of occasion an event was.",
)

# --- shared properties ------------------------------------------------------------------

ID = Property(
    "id", Scalar.ID, "Stable identifier (a UUID).", required=True, unique=True, system=True
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


# --- nodes ------------------------------------------------------------------------------

ORGANISATION = NodeType(
    "Organisation",
    "organisations",
    (
        *NODE_PROVENANCE,
        *name_pair(),
        Property("kind", ORGANISATION_KIND, required=True, indexed=True),
        province(),
        text("city"),
        text("website"),
        text("creditCode", "Unified social credit code.", unique=True),
    ),
    natural_key=("name", "province"),
    description="An enterprise, school, association, agency or alliance.",
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
    description="A person who teaches or trains.",
    owned_through="AFFILIATED_WITH",
)

CREDENTIAL = NodeType(
    "Credential",
    "credentials",
    (
        *NODE_PROVENANCE,
        *name_pair(),
        Property("category", CREDENTIAL_CATEGORY, required=True, indexed=True),
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
    description="A qualification a trainer can hold.",
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
    description="An occupation of the national classification.",
)

COURSE = NodeType(
    "Course",
    "courses",
    (
        *NODE_PROVENANCE,
        text("code", "The course's code.", required=True, unique=True, searchable=True),
        *name_pair("title", "titleZh"),
        Property("mode", COURSE_MODE, indexed=True),
        Property("hours", Scalar.INT, "Teaching hours.", minimum=0, maximum=100000, indexed=True),
        Property("credits", Scalar.FLOAT, "Credit-bank credits.", minimum=0, maximum=1000),
    ),
    natural_key=("code",),
    description="A course or training programme.",
)

TRAINING_BASE = NodeType(
    "TrainingBase",
    "trainingBases",
    (
        *NODE_PROVENANCE,
        *name_pair(),
        province(),
        text("city"),
        Property(
            "capacity", Scalar.INT, "Trainees at once.", minimum=0, maximum=1000000, indexed=True
        ),
    ),
    natural_key=("name",),
    description="A practical training base.",
)

STANDARD = NodeType(
    "Standard",
    "standards",
    (
        *NODE_PROVENANCE,
        text(
            "code",
            "GB/T …, SB/T …, T/… and the like.",
            required=True,
            unique=True,
            searchable=True,
            pattern=STANDARD_CODE,
        ),
        *name_pair("title", "titleZh"),
        Property("level", STANDARD_LEVEL, indexed=True),
        Property("status", STANDARD_STATUS, indexed=True),
        Property("publishedOn", Scalar.DATE, indexed=True),
    ),
    natural_key=("code",),
    description="A national, industry, local, group or enterprise standard.",
)

AGREEMENT = NodeType(
    "Agreement",
    "agreements",
    (
        *NODE_PROVENANCE,
        *name_pair("title", "titleZh"),
        Property("kind", AGREEMENT_KIND, indexed=True),
        Property("signedOn", Scalar.DATE, indexed=True),
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
    description="A cooperation agreement, a programme or a jointly issued policy document.",
)

EVENT = NodeType(
    "Event",
    "events",
    (
        *NODE_PROVENANCE,
        *name_pair(),
        Property("kind", EVENT_KIND, required=True, indexed=True),
        Property("heldOn", Scalar.DATE, indexed=True),
        text("place", "Where it was held, as the source gives it."),
        province(),
        text("city"),
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

# --- relationships ----------------------------------------------------------------------


def since() -> Property:
    return Property("since", Scalar.DATE, indexed=False)


def role(enum: EnumType) -> Property:
    return Property("role", enum)


def rel(
    type_: str,
    source: NodeType,
    target: NodeType,
    source_field: str,
    target_field: str,
    *properties: Property,
    description: str = "",
) -> RelationshipType:
    return RelationshipType(
        type_,
        source.name,
        target.name,
        source_field,
        target_field,
        (*PROVENANCE, *properties),
        description,
    )


RELATIONSHIPS = (
    rel(
        "MEMBER_OF",
        ORGANISATION,
        ORGANISATION,
        "memberships",
        "members",
        role(MEMBERSHIP_ROLE),
        since(),
        description="Membership of an alliance.",
    ),
    rel(
        "PART_OF",
        ORGANISATION,
        ORGANISATION,
        "partOf",
        "units",
        description="A unit (department, centre) of a larger body.",
    ),
    rel(
        "AFFILIATED_WITH",
        TRAINER,
        ORGANISATION,
        "affiliations",
        "trainers",
        Property("type", AFFILIATION_TYPE, required=True),
        since(),
        Property("until", Scalar.DATE, "End of the affiliation; unset while it lasts."),
    ),
    rel(
        "HOLDS",
        TRAINER,
        CREDENTIAL,
        "credentials",
        "holders",
        Property("obtainedOn", Scalar.DATE),
        Property("level", Scalar.INT, "Level attained, 1 (highest) to 5.", minimum=1, maximum=5),
    ),
    rel("ISSUED_BY", CREDENTIAL, ORGANISATION, "issuers", "issuedCredentials"),
    rel("CERTIFIES", CREDENTIAL, PROFESSION, "professions", "credentials"),
    rel("TEACHES", TRAINER, COURSE, "courses", "trainers"),
    rel("DEVELOPED_BY", COURSE, ORGANISATION, "developers", "courses", role(DEVELOPMENT_ROLE)),
    rel("PREPARES_FOR", COURSE, PROFESSION, "professions", "courses"),
    rel("ALIGNS_WITH", COURSE, STANDARD, "standards", "courses"),
    rel(
        "OPERATED_BY",
        TRAINING_BASE,
        ORGANISATION,
        "operators",
        "operatedBases",
        role(OPERATOR_ROLE),
        since(),
    ),
    rel("USED_BY", TRAINING_BASE, ORGANISATION, "users", "usedBases", since()),
    rel("TRAINS_FOR", TRAINING_BASE, PROFESSION, "professions", "trainingBases"),
    rel("DRAFTED_BY", STANDARD, ORGANISATION, "drafters", "draftedStandards", role(DRAFTING_ROLE)),
    rel("COVERS", STANDARD, PROFESSION, "professions", "standards"),
    rel("IMPLEMENTS", ORGANISATION, STANDARD, "implementedStandards", "implementers"),
    rel(
        "PARTY_TO",
        ORGANISATION,
        AGREEMENT,
        "agreements",
        "parties",
        text("role", "The party's role, as the source words it."),
    ),
    rel("INCLUDES", AGREEMENT, COURSE, "courses", "agreements"),
    rel(
        "RESPONDS_TO",
        AGREEMENT,
        AGREEMENT,
        "respondsTo",
        "responses",
        description="A programme or agreement answering a policy document.",
    ),
    rel(
        "TOOK_PART_IN",
        ORGANISATION,
        EVENT,
        "events",
        "organisations",
        text("role", "What it did there, as the source words it."),
    ),
    rel("SIGNED_AT", AGREEMENT, EVENT, "signingEvents", "agreementsSigned"),
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
    ),
    relationships=RELATIONSHIPS,
)
