"""The topics (domain/ecosystem.py TOPICS) of sample courses and bases, read off their names.

A course is about its profession's own topic and what its subject's title says (a vocabulary
subject such as "Smart elderly-care devices" adds DIGITAL_INTELLIGENCE); a course for several
professions is about what its general subject says. A base is about its theme's topics, and
about DIGITAL_INTELLIGENCE when its name is a "Smart …" one. About a fifth of courses and of
bases come out DIGITAL_INTELLIGENCE.
"""

from __future__ import annotations

from collections.abc import Iterable

from ecosystem.domain.ecosystem import TOPICS
from ecosystem.seeding.records import NodeRecord
from ecosystem.seeding.vocabulary import GENERAL_THEME, Pair

AI = "DIGITAL_INTELLIGENCE"
MOST = 3  # topics a course or base carries at most

#: Each profession's own topic (by the profession's English name).
PROFESSION_TOPIC: dict[str, str] = {
    "Domestic service worker": "HOUSEKEEPING",
    "Maternal-infant care worker": "MATERNAL_INFANT_CARE",
    "Infant care worker": "CHILDCARE",
    "Elderly care worker": "ELDERLY_CARE",
    "Nursery worker": "CHILDCARE",
    "Health manager": "HEALTH_CARE",
    "Public nutritionist": "COOKING_NUTRITION",
    "Home organiser": "HOUSEKEEPING",
}

#: What a subject's title adds to its profession's topic (by the subject's English title);
#: a general subject (vocabulary.GENERAL_TOPICS) has no profession, so it names all its topics.
SUBJECT_TOPICS: dict[str, tuple[str, ...]] = {
    # domestic service worker
    "Household cleaning and care of furnishings": (),
    "Home cooking and family meals": ("COOKING_NUTRITION",),
    "Laundry and garment care": (),
    "Household safety and first aid": ("ETHICS_AND_SAFETY", "HEALTH_CARE"),
    "Service etiquette and communication": ("ETHICS_AND_SAFETY",),
    "Smart home appliances": (AI,),
    # maternal-infant care worker
    "Postnatal care for mothers": ("HEALTH_CARE",),
    "Newborn care and bathing": (),
    "Breastfeeding guidance": ("COOKING_NUTRITION",),
    "Confinement meals": ("COOKING_NUTRITION",),
    "Common newborn conditions": ("HEALTH_CARE",),
    "Postnatal emotional support": ("HEALTH_CARE",),
    "Digital tools for maternal and infant care": (AI,),
    # infant care worker
    "Infant feeding and nutrition": ("COOKING_NUTRITION",),
    "Infant sleep and daily care": (),
    "Early learning through play": (),
    "Preventing common infant illnesses": ("HEALTH_CARE",),
    "Infant safety and injury prevention": ("ETHICS_AND_SAFETY",),
    "Motor and language development": (),
    "Smart monitoring in infant care": (AI,),
    # elderly care worker
    "Daily living assistance for older people": (),
    "Dementia care basics": ("HEALTH_CARE",),
    "Safe transfers and fall prevention": ("ETHICS_AND_SAFETY",),
    "Medication assistance": ("HEALTH_CARE",),
    "Rehabilitation exercises": ("HEALTH_CARE",),
    "Hospice and palliative care": ("HEALTH_CARE",),
    "Smart elderly-care devices": (AI,),
    # nursery worker
    "Nursery hygiene and disinfection": ("ETHICS_AND_SAFETY",),
    "Daily care routines for toddlers": (),
    "Observing child development": (),
    "Toddler meals and nutrition": ("COOKING_NUTRITION",),
    "Nursery safety management": ("ETHICS_AND_SAFETY", "SERVICE_MANAGEMENT"),
    "Digital nursery management": (AI, "SERVICE_MANAGEMENT"),
    # health manager
    "Health assessment and risk evaluation": (),
    "Chronic disease management at home": ("ELDERLY_CARE",),
    "Health education and promotion": (),
    "Health records and data": (AI,),
    # public nutritionist
    "Dietary assessment": ("HEALTH_CARE",),
    "Nutrition in pregnancy and infancy": ("MATERNAL_INFANT_CARE",),
    "Nutrition for older adults": ("ELDERLY_CARE",),
    "Family meal planning": (),
    "AI-assisted meal planning": (AI,),
    # home organiser
    "Wardrobe organisation": (),
    "Kitchen and storage planning": (),
    "Decluttering and space planning": (),
    "Moving and packing services": (),
    "Digital tools for home organising": (AI,),
    # general subjects, for several professions
    "Digital skills for domestic service": (AI, "HOUSEKEEPING"),
    "Artificial intelligence in domestic services": (AI, "SERVICE_MANAGEMENT"),
    "Law and ethics of domestic service": ("ETHICS_AND_SAFETY",),
    "Customer communication and complaint handling": ("SERVICE_MANAGEMENT",),
    "Running a domestic-service business": ("SERVICE_MANAGEMENT",),
    "Teaching methods for domestic-service trainers": ("TEACHING_PRACTICE",),
}

#: A base's topics by its theme's English name (vocabulary.Trade.theme, GENERAL_THEME).
THEME_TOPICS: dict[str, tuple[str, ...]] = {
    "Domestic Service": ("HOUSEKEEPING", "COOKING_NUTRITION"),
    "Maternal and Infant Care": ("MATERNAL_INFANT_CARE", "CHILDCARE"),
    "Infant Care": ("CHILDCARE",),
    "Elderly Care": ("ELDERLY_CARE", "HEALTH_CARE"),
    "Childcare": ("CHILDCARE", "ETHICS_AND_SAFETY"),
    "Health Management": ("HEALTH_CARE",),
    "Nutrition": ("COOKING_NUTRITION",),
    "Home Organising": ("HOUSEKEEPING",),
    GENERAL_THEME[0]: (AI, "HOUSEKEEPING", "SERVICE_MANAGEMENT"),
}
#: How a theme reads when its base is a digital-intelligent one ("Smart Elderly Care").
SMART: Pair = ("Smart {}", "智慧{}")


def of_course(subject: Pair, professions: Iterable[NodeRecord]) -> list[str]:
    """The topics of a course on `subject` (a vocabulary pair) for `professions`."""
    found = list(professions)
    own = [PROFESSION_TOPIC[str(found[0].props["name"])]] if len(found) == 1 else []
    return _first(own + list(SUBJECT_TOPICS[subject[0]]))


def smart(theme: Pair) -> Pair:
    return SMART[0].format(theme[0]), SMART[1].format(theme[1])


def of_base(theme: Pair) -> list[str]:
    """The topics of a base named after `theme` (a "Smart …" theme adds DIGITAL_INTELLIGENCE)."""
    if theme[0] in THEME_TOPICS:
        return _first(list(THEME_TOPICS[theme[0]]))
    return _first([AI, *THEME_TOPICS[theme[0].removeprefix(SMART[0].format(""))]])


def _first(topics: list[str]) -> list[str]:
    """Distinct, in order, at most MOST; each a value of the Topic enum."""
    distinct = list(dict.fromkeys(topics))[:MOST]
    unknown = [t for t in distinct if t not in TOPICS]
    if unknown or not distinct:
        raise ValueError(f"no topics or unknown ones: {topics}")
    return distinct
