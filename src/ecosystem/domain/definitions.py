"""The definitions users rely on, made exact (docs/questions.md gives each with its reasons).

Each is data here and Cypher in `graph/questions/`; docs/questions.md states them.
"""

from __future__ import annotations

from enum import Enum

#: Provenance of generated sample data; everything else names the document it comes from.
SYNTHETIC_SOURCE = "synthetic"

#: A dual-qualified trainer holds at least one credential of a TEACHING category …
TEACHING_CATEGORIES = ("TEACHING",)
#: … and at least one from industry: one of these categories, or a PROFESSIONAL_TITLE whose
#: `fromIndustry` is true (a title awarded in industry, not in education).
INDUSTRY_CATEGORIES = ("VOCATIONAL_SKILL", "INDUSTRY_EXPERIENCE")
INDUSTRY_TITLE_CATEGORY = "PROFESSIONAL_TITLE"

#: Organisation kinds on each side of reciprocal hiring and of cross-sector bases.
ENTERPRISE_KINDS = ("ENTERPRISE",)
SCHOOL_KINDS = ("VOCATIONAL_COLLEGE", "UNIVERSITY", "OPEN_UNIVERSITY")

#: … on the day asked about: a credential counts from the day it was obtained (`obtainedOn` of
#: HOLDS; unset: it has always counted).

#: An affiliation is current on a day when it has begun (`since` unset or on/before the day)
#: and not ended (`until` unset or on/after the day). A trainer is a reciprocal hire on a day
#: for either of two reasons: a current affiliation of this type, or current affiliations with
#: an enterprise and with a school at once.
RECIPROCAL_HIRE_TYPE = "RECIPROCAL_HIRE"


class Channel(Enum):
    """How two organisations collaborate: each a shared fact, with the object that carries it
    (CHANNEL_FACTS says which)."""

    CO_DEVELOPED_COURSE = "CO_DEVELOPED_COURSE"
    SHARED_BASE = "SHARED_BASE"
    CO_DRAFTED_STANDARD = "CO_DRAFTED_STANDARD"
    COMMON_AGREEMENT = "COMMON_AGREEMENT"
    SHARED_TRAINER = "SHARED_TRAINER"
    COMMON_MEMBERSHIP = "COMMON_MEMBERSHIP"


#: The shared fact of each channel (the schema describes CollaborationChannel with these).
CHANNEL_FACTS: dict[Channel, str] = {
    Channel.CO_DEVELOPED_COURSE: "Both developed the same course (DEVELOPED_BY).",
    Channel.SHARED_BASE: "Both operate or use the same training base (OPERATED_BY, USED_BY).",
    Channel.CO_DRAFTED_STANDARD: "Both drafted the same standard (DRAFTED_BY).",
    Channel.COMMON_AGREEMENT: "Both are parties to the same agreement (PARTY_TO).",
    Channel.SHARED_TRAINER: "A trainer is currently affiliated with both (AFFILIATED_WITH).",
    Channel.COMMON_MEMBERSHIP: "Both are members of the same alliance on the day (MEMBER_OF, "
    "current from `since` to `until`).",
}


#: Strength of a collaboration = the sum of its channels' weights. Membership of the same
#: 120-member alliance links everyone to everyone, so it counts for little by default.
DEFAULT_WEIGHTS: dict[Channel, float] = {
    Channel.CO_DEVELOPED_COURSE: 1.0,
    Channel.SHARED_BASE: 1.0,
    Channel.CO_DRAFTED_STANDARD: 1.0,
    Channel.COMMON_AGREEMENT: 1.0,
    Channel.SHARED_TRAINER: 1.0,
    Channel.COMMON_MEMBERSHIP: 0.1,
}


#: An agreement's term runs from `validFrom` (unset: `signedOn`; both unset: since always) to
#: `validUntil` (unset: open-ended), both days included. On a day it is PLANNED before its
#: term begins, IN_FORCE during it and EXPIRED after it.
class AgreementStatus(Enum):
    PLANNED = "PLANNED"
    IN_FORCE = "IN_FORCE"
    EXPIRED = "EXPIRED"


AGREEMENT_STATUS_MEANINGS: dict[AgreementStatus, str] = {
    AgreementStatus.PLANNED: "Signed or recorded, but its term has not begun (未生效).",
    AgreementStatus.IN_FORCE: "Within its term on the day (有效).",
    AgreementStatus.EXPIRED: "Its term ended before the day (已到期).",
}

#: Courses about one of these topics are the alliance's AI (digital-intelligence) courses.
AI_TOPICS = ("DIGITAL_INTELLIGENCE",)

#: A partner's own: its organisation, the organisation's units (PART_OF, at any depth), and
#: what is linked to one of them by these relationships (the `viewer` question's scope).
PARTNER_OWN: dict[str, tuple[str, ...]] = {
    "Trainer": ("AFFILIATED_WITH",),
    "TrainingBase": ("OPERATED_BY", "USED_BY"),
    "Course": ("DEVELOPED_BY", "RECOGNISES"),
    "Agreement": ("PARTY_TO",),
    "TrainingOutcome": ("REPORTED_BY",),
}
