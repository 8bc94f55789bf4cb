"""The hand-built graphs whose answers were worked out by hand, shared by several test modules
(each module that builds one says what it expects of it). Nodes by name → (label, properties);
links as (from, TYPE, to, properties): `graphs.build` writes them."""

from __future__ import annotations

import datetime
from typing import Any

COVERAGE_NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "P1": ("Profession", {"name": "Elderly care worker"}),
    "P2": ("Profession", {"name": "Infant care worker"}),
    "OB": (
        "Organisation",
        {"name": "Beijing Home Services", "kind": "ENTERPRISE", "province": "Beijing"},
    ),
    "OS": (
        "Organisation",
        {"name": "Shanghai College", "kind": "VOCATIONAL_COLLEGE", "province": "Shanghai"},
    ),
    "C1": ("Course", {"code": "C1", "title": "Elderly care I"}),
    "C2": ("Course", {"code": "C2", "title": "Elderly care II"}),
    "B1": ("TrainingBase", {"name": "Shanghai infant base", "province": "Shanghai"}),
    "B2": ("TrainingBase", {"name": "Beijing elderly base", "province": "Beijing"}),
    "TQ": ("Credential", {"name": "Teacher qualification", "category": "TEACHING"}),
    "V1": ("Credential", {"name": "Elderly care worker L3", "category": "VOCATIONAL_SKILL"}),
    "V2": ("Credential", {"name": "Infant care worker L3", "category": "VOCATIONAL_SKILL"}),
    "T": ("Trainer", {"name": "Current infant trainer"}),
    "Tx": ("Trainer", {"name": "Former infant trainer"}),
    "N": ("Trainer", {"name": "Not dual-qualified"}),
    "T2": ("Trainer", {"name": "Elderly trainer"}),
    "S1": (
        "Standard",
        {
            "code": "GB/T 1-2024",
            "title": "Elderly care",
            "level": "NATIONAL",
            "status": "PUBLISHED",
        },
    ),
    "S2": (
        "Standard",
        {"code": "T/X 2-2024", "title": "Infant care", "level": "GROUP", "status": "PUBLISHED"},
    ),
    "S3": (
        "Standard",
        {
            "code": "GB/T 3-2010",
            "title": "Old infant care",
            "level": "NATIONAL",
            "status": "WITHDRAWN",
        },
    ),
}


COVERAGE_LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("C1", "PREPARES_FOR", "P1", {}), ("C1", "DEVELOPED_BY", "OB", {}),
    ("C2", "PREPARES_FOR", "P1", {}), ("C2", "DEVELOPED_BY", "OB", {}), ("C2", "DEVELOPED_BY", "OS", {}),
    ("B1", "TRAINS_FOR", "P2", {}), ("B2", "TRAINS_FOR", "P1", {}),
    ("V1", "CERTIFIES", "P1", {}), ("V2", "CERTIFIES", "P2", {}),
    ("T", "HOLDS", "TQ", {}), ("T", "HOLDS", "V2", {}), ("T", "AFFILIATED_WITH", "OB", {"type": "FULL_TIME"}),
    ("Tx", "HOLDS", "TQ", {}), ("Tx", "HOLDS", "V2", {}),
    ("Tx", "AFFILIATED_WITH", "OB", {"type": "FULL_TIME", "until": datetime.date(2020, 1, 1)}),
    ("N", "HOLDS", "V2", {}), ("N", "AFFILIATED_WITH", "OB", {"type": "FULL_TIME"}),
    ("T2", "HOLDS", "TQ", {}), ("T2", "HOLDS", "V1", {}), ("T2", "AFFILIATED_WITH", "OB", {"type": "PART_TIME"}),
    ("S1", "COVERS", "P1", {}), ("S2", "COVERS", "P2", {}), ("S2", "DRAFTED_BY", "OS", {}),
    ("S3", "COVERS", "P2", {}),
]  # fmt: skip


COLLABORATION_NODES: dict[str, tuple[str, dict[str, Any]]] = {
    "ME": ("Organisation", {"name": "Open U", "kind": "OPEN_UNIVERSITY"}),
    "MEU": ("Organisation", {"name": "Open U Training Centre", "kind": "OPEN_UNIVERSITY"}),
    "MOC": ("Organisation", {"name": "Ministry", "kind": "GOVERNMENT_AGENCY"}),
    "MOCD": ("Organisation", {"name": "Ministry Department", "kind": "GOVERNMENT_AGENCY"}),
    "E1": ("Organisation", {"name": "Enterprise One", "kind": "ENTERPRISE"}),
    "E2": ("Organisation", {"name": "Enterprise Two", "kind": "ENTERPRISE"}),
    "ALL": ("Organisation", {"name": "The Alliance", "kind": "ALLIANCE"}),
    "AG": ("Agreement", {"title": "Online training programme"}),
    "C1": ("Course", {"code": "C1", "title": "Infant care basics"}),
    "C2": ("Course", {"code": "C2", "title": "Elderly care basics"}),
    "B1": ("TrainingBase", {"name": "Base One"}),
    "S1": ("Standard", {"code": "T/X 001-2024", "title": "Home service quality"}),
    "T1": ("Trainer", {"name": "Former colleague"}),
    "T2": ("Trainer", {"name": "Shared trainer"}),
}


D = datetime.date


COLLABORATION_LINKS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("MEU", "PART_OF", "ME", {}), ("MOCD", "PART_OF", "MOC", {}),
    ("MEU", "PARTY_TO", "AG", {}), ("MOCD", "PARTY_TO", "AG", {}),
    ("C1", "DEVELOPED_BY", "ME", {"role": "LEAD"}), ("C1", "DEVELOPED_BY", "E1", {"role": "PARTNER"}),
    ("C2", "DEVELOPED_BY", "MEU", {"role": "LEAD"}), ("C2", "DEVELOPED_BY", "E1", {"role": "PARTNER"}),
    ("B1", "OPERATED_BY", "E1", {"role": "BUILDER"}), ("B1", "USED_BY", "ME", {}),
    ("S1", "DRAFTED_BY", "ME", {"role": "LEAD"}), ("S1", "DRAFTED_BY", "E2", {"role": "PARTICIPANT"}),
    ("T1", "AFFILIATED_WITH", "ME", {"type": "FULL_TIME"}),
    ("T1", "AFFILIATED_WITH", "E2", {"type": "PART_TIME", "until": D(2019, 12, 31)}),  # ended
    ("T2", "AFFILIATED_WITH", "MEU", {"type": "PART_TIME"}),
    ("T2", "AFFILIATED_WITH", "E2", {"type": "RECIPROCAL_HIRE"}),
    ("ME", "MEMBER_OF", "ALL", {"role": "INITIATOR"}), ("E1", "MEMBER_OF", "ALL", {"role": "MEMBER"}),
    ("E2", "MEMBER_OF", "ALL", {"role": "MEMBER"}),
]  # fmt: skip
