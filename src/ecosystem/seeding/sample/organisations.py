"""The alliance's synthetic members, the agencies that issue credentials, and who issues what.

Every name is a city, an invented brand and a kind, with the sample's marker (marking.py):
"Changsha Huimin Domestic Services Co., Ltd. (sample)" / "长沙惠民家政服务有限公司（示例）". No
name is a place and a kind alone, as real provincial bodies' names are ("Jiangsu Open
University", "云南省教育厅"), and the credential issuers are invented centres, not departments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from datetime import timedelta

from ecosystem.seeding.places import PLACES, City, Province
from ecosystem.seeding.records import Key, NodeRecord
from ecosystem.seeding.sample.builder import AS_OF, Builder
from ecosystem.seeding.sample.world import HUB_BRAND, World
from ecosystem.seeding.text import table
from ecosystem.seeding.vocabulary import Pair

SCHOOLS = frozenset({"VOCATIONAL_COLLEGE", "UNIVERSITY", "OPEN_UNIVERSITY"})
# Members of one copy by kind: 120 in all, as the inaugural ceremony's "more than 120".
MEMBERS = {
    "ENTERPRISE": 48,
    "VOCATIONAL_COLLEGE": 32,
    "OPEN_UNIVERSITY": 18,
    "TRADE_ASSOCIATION": 12,
    "RESEARCH_INSTITUTE": 5,
    "UNIVERSITY": 5,
}
COUNCIL = {"OPEN_UNIVERSITY": 6, "TRADE_ASSOCIATION": 5, "ENTERPRISE": 5, "VOCATIONAL_COLLEGE": 4}
AGENCY_PROVINCES = 3  # whose departments issue teacher qualifications and titles
LATE_JOINERS = 0.15  # share of members that joined after the founding day
LEAVERS = 4  # ordinary members of a copy that left the alliance before AS_OF
STAYED_AT_LEAST = timedelta(days=14)  # … each after this long a member
PROVINCE_WEIGHTS = {province: province.weight for province in PLACES}

BRANDS = table(
    "Xinyue:欣悦 Anjia:安家 Huimin:惠民 Jiahe:嘉禾 Kangning:康宁 Lejia:乐家 Mingde:明德 "
    "Ruyi:如意 Shunxin:顺心 Tianyi:天颐 Wenxin:温馨 Yiran:怡然 Jinxiu:锦绣 Fuyuan:福缘 "
    "Chunhui:春晖 Huayu:华宇 Zhongcheng:众诚 Baijia:百家 Qianxi:千禧 Yongkang:永康 Taihe:泰和 "
    "Xinghe:星河 Yunfan:云帆 Zhihui:智慧 Heyue:禾悦 Lanting:兰亭 Songhe:松鹤 Chenguang:晨光"
)
ENTERPRISE_TYPES: tuple[Pair, ...] = (
    ("Domestic Services Co., Ltd.", "家政服务有限公司"),
    ("Maternal and Infant Care Co., Ltd.", "母婴护理服务有限公司"),
    ("Elderly Care Services Co., Ltd.", "养老服务有限公司"),
    ("Home Services Group Co., Ltd.", "家庭服务集团有限公司"),
    ("Human Resources Services Co., Ltd.", "人力资源服务有限公司"),
    ("Childcare Services Co., Ltd.", "托育服务有限公司"),
)
COLLEGE_TYPES: tuple[Pair, ...] = (
    ("Vocational and Technical College", "职业技术学院"),
    ("Vocational College", "职业学院"),
    ("Health Vocational College", "卫生职业学院"),
    ("Secondary Vocational School", "中等职业学校"),
)
UNIVERSITY_TYPES: tuple[Pair, ...] = (
    ("University of Applied Sciences", "应用技术大学"),
    ("College", "学院"),
)
ASSOCIATION_TYPES: tuple[Pair, ...] = (
    ("Domestic Services Association", "家庭服务业协会"),
    ("Elderly Care Services Association", "养老服务业协会"),
    ("Maternal and Infant Care Industry Association", "母婴护理行业协会"),
)
INSTITUTE_TYPES: tuple[Pair, ...] = (
    ("Institute of Domestic Services Research", "家政服务研究院"),
    ("Academy of Elderly Care and Health", "养老与健康研究院"),
)
AGENCY_TYPES: dict[str, Pair] = {
    "education": ("Teacher Qualification Centre", "教师资格认定中心"),
    "hrss": ("Vocational Title Evaluation Centre", "职称评审中心"),
}
ORGANISATIONS = sum(MEMBERS.values()) + AGENCY_PROVINCES * len(AGENCY_TYPES)


@dataclass(frozen=True)
class Org:
    record: NodeRecord
    kind: str
    province: str
    stem: Pair  # what its facilities are named after: "Changsha Huimin", "长沙惠民"

    @property
    def key(self) -> Key:
        return self.record.key

    @property
    def is_school(self) -> bool:
        return self.kind in SCHOOLS


@dataclass(frozen=True)
class Orgs:
    members: tuple[Org, ...]
    agencies: dict[str, list[Org]]  # by duty: "education", "hrss"
    hub: tuple[Org, ...]  # the sample's national open university and its centre
    _by_kinds: dict[frozenset[str], tuple[Org, ...]] = field(default_factory=dict, repr=False)

    def of(
        self, kinds: Iterable[str], province: str | None = None, exclude: Set[Key] = frozenset()
    ) -> list[Org]:
        """Members of these kinds but not in `exclude`, in `province` when it has any."""
        found = self._of_kinds(frozenset(kinds))
        if exclude:
            found = tuple(o for o in found if o.key not in exclude)
        local = [o for o in found if o.province == province]
        return local or list(found)

    def _of_kinds(self, kinds: frozenset[str]) -> tuple[Org, ...]:
        if kinds not in self._by_kinds:
            # In member order: picking in a set's order would vary with PYTHONHASHSEED.
            self._by_kinds[kinds] = tuple(o for o in self.members if o.kind in kinds)
        return self._by_kinds[kinds]

    def opposite(self, org: Org, exclude: Set[Key] = frozenset()) -> list[Org]:
        """Across the enterprise–school divide from `org`, nearby when possible."""
        kinds = {"ENTERPRISE"} if org.is_school else SCHOOLS
        return self.of(kinds, org.province, exclude)


@dataclass(frozen=True)
class Named:
    name: Pair
    stem: Pair
    city: City


# A name maker picks where an organisation of one kind sits in a province and names it.
Naming = Callable[[Builder, Province], Named]


def _branded(types: tuple[Pair, ...]) -> Naming:
    def name(b: Builder, province: Province) -> Named:
        city = b.pick(province.cities)
        brand, brand_zh = b.pick(BRANDS)
        kind, kind_zh = b.pick(types)
        stem = (f"{city.name} {brand}", f"{city.name_zh}{brand_zh}")
        return Named((f"{stem[0]} {kind}", f"{stem[1]}{kind_zh}"), stem, city)

    return name


NAMING: dict[str, Naming] = {
    "ENTERPRISE": _branded(ENTERPRISE_TYPES),
    "VOCATIONAL_COLLEGE": _branded(COLLEGE_TYPES),
    "UNIVERSITY": _branded(UNIVERSITY_TYPES),
    "OPEN_UNIVERSITY": _branded((("Open University", "开放大学"),)),
    "TRADE_ASSOCIATION": _branded(ASSOCIATION_TYPES),
    "RESEARCH_INSTITUTE": _branded(INSTITUTE_TYPES),
}


def generate(b: Builder, world: World) -> Orgs:
    taken: set[str] = set()
    members = tuple(
        _organisation(b, kind, NAMING[kind], taken)
        for kind, count in MEMBERS.items()
        for _ in range(count)
    )
    _join(b, world, members)
    return Orgs(members, _agencies(b), tuple(_known(r) for r in world.hub))


def issue(b: Builder, world: World, orgs: Orgs) -> None:
    """ISSUED_BY: one or two issuers for every credential of the vocabulary."""
    for credential in world.credentials.all:
        for issuer in b.some(_issuers(credential, orgs), 1, 2):
            b.link("ISSUED_BY", credential, issuer.record)


def _issuers(credential: NodeRecord, orgs: Orgs) -> list[Org]:
    """Education departments issue teacher qualifications and teaching titles, HRSS departments
    industry titles; accredited members assess skills, associations attest experience."""
    match credential.props["category"]:
        case "TEACHING":
            return orgs.agencies["education"]
        case "PROFESSIONAL_TITLE":
            return orgs.agencies["hrss" if credential.props.get("fromIndustry") else "education"]
        case "VOCATIONAL_SKILL":
            return orgs.of({"ENTERPRISE", "VOCATIONAL_COLLEGE", "TRADE_ASSOCIATION"})
        case _:
            return orgs.of({"TRADE_ASSOCIATION"})


def _organisation(b: Builder, kind: str, naming: Naming, taken: set[str]) -> Org:
    while True:  # names are drawn from thousands of combinations: a clash is rare
        province = _province(b)
        named = naming(b, province)
        if named.name[0] not in taken:
            break
    taken.add(named.name[0])
    record = b.node(
        "Organisation", name=b.marked(named.name[0]), nameZh=b.marked_zh(named.name[1]),
        kind=kind,
        province=province.name, city=named.city.name,
        website=f"https://{_slug(named.stem[0])}.example.com" if b.chance(0.6) else None,
    )  # fmt: skip
    return Org(record, kind, province.name, named.stem)


def _known(record: NodeRecord) -> Org:
    """A hub body: its facilities are named after the hub's brand."""
    kind, province = str(record.props["kind"]), str(record.props["province"])
    return Org(record, kind, province, HUB_BRAND)


def _agencies(b: Builder) -> dict[str, list[Org]]:
    """Invented credential centres of a few provinces, by duty (a key of AGENCY_TYPES)."""
    provinces = [p for p in PLACES if not p.municipality]
    agencies: dict[str, list[Org]] = {duty: [] for duty in AGENCY_TYPES}
    for province in b.rng.sample(provinces, AGENCY_PROVINCES):
        brand, brand_zh = b.pick(BRANDS)
        for duty, (kind, kind_zh) in AGENCY_TYPES.items():
            name = f"{province.name} {brand} {kind}"
            name_zh = f"{province.short_zh}{brand_zh}{kind_zh}"
            record = b.node(
                "Organisation",
                name=b.marked(name),
                nameZh=b.marked_zh(name_zh),
                kind="GOVERNMENT_AGENCY",
                province=province.name,
                city=province.capital.name,
            )
            agencies[duty].append(Org(record, "GOVERNMENT_AGENCY", province.name, (name, name_zh)))
    return agencies


def _join(b: Builder, world: World, members: tuple[Org, ...]) -> None:
    """MEMBER_OF the sample alliance: most since its founding day, some later; a few ordinary
    members have left (`until`, before AS_OF)."""
    council = {
        org.key
        for kind, count in COUNCIL.items()
        for org in b.rng.sample([m for m in members if m.kind == kind], count)
    }
    since = {
        m.key: b.day(world.founded) if b.chance(LATE_JOINERS) else world.founded for m in members
    }
    last = AS_OF - timedelta(days=1)
    ordinary = [
        m for m in members if m.key not in council and since[m.key] + STAYED_AT_LEAST <= last
    ]
    leavers = {m.key for m in b.some(ordinary, LEAVERS, LEAVERS)}
    for member in members:
        start = since[member.key]
        b.link(
            "MEMBER_OF",
            member.record,
            world.alliance,
            role="COUNCIL" if member.key in council else "MEMBER",
            since=start,
            until=b.day(start + STAYED_AT_LEAST, last) if member.key in leavers else None,
        )


def _province(b: Builder) -> Province:
    return b.weighted(PROVINCE_WEIGHTS)


def _slug(text: str) -> str:
    return "-".join(text.lower().replace("'", "").split())
