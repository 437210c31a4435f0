"""Stable entity keys (the path part of instance IRIs, see docs/MODEL.md "Instance IRIs")."""

from __future__ import annotations

import hashlib
import re

from kg.model import EntityType

_ADMIN_CODE = re.compile(r"^[0-9]{6}$")


def type_segment(type_: EntityType) -> str:
    """Lower-kebab path segment of an entity type: EducationGroup -> education-group."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", type_.value).lower()


def name_hash(type_: EntityType, canonical: str, region_code: str | None) -> str:
    """First 12 hex of sha1("{Type}|{canonical}|{region code or ''}")."""
    text = f"{type_.value}|{canonical}|{region_code or ''}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def entity_key(type: EntityType, canonical: str, region_code: str | None) -> str:  # noqa: A002
    """Stable key: 'region/{code}' for regions in the table, else '{type-kebab}/{hash}'.

    A region outside the code table gets 'region/x-{hash}' (hash of its name, no code).
    """
    if type is EntityType.REGION:
        if region_code and _ADMIN_CODE.match(region_code):
            return f"region/{region_code}"
        return f"region/x-{name_hash(type, canonical, None)}"
    return f"{type_segment(type)}/{name_hash(type, canonical, region_code)}"
