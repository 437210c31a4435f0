"""Dataclasses that flow between pipeline stages.

Data flows one way::

    bytes --ingest--> Document --extract--> ExtractionResult --link--> LinkedReport --rdf--> Dataset

Every fact points into ``Document.text`` (the cleaned text) with a :class:`Span`; strings are never
copied without their offsets. These classes hold data and validation only, no pipeline logic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum


class EntityType(str, Enum):
    """Classes of the public vocabulary that mentions can have (``edu:<value>``)."""

    REGION = "Region"
    GOVERNMENT = "Government"
    SCHOOL = "School"
    EDUCATION_GROUP = "EducationGroup"
    PROGRAM = "Program"
    POLICY_DOCUMENT = "PolicyDocument"
    RESEARCH_PROJECT = "ResearchProject"
    PERSON = "Person"
    AWARD = "Award"


class Genre(str, Enum):
    """Report genres (``edu:genre``)."""

    SELF_EVALUATION = "self-evaluation"  # 履行教育职责自评报告
    WORK_SUMMARY = "work-summary"  # 工作总结
    WORK_PLAN = "work-plan"  # 工作思路 / 工作要点 / 工作计划
    NEWS = "news"


class Modality(str, Enum):
    """Whether a figure reports what happened or what is planned."""

    ACTUAL = "actual"
    TARGET = "target"


class Level(str, Enum):
    """Administrative level of an award (``edu:level``)."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    DISTRICT = "district"


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character interval ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def text(self, doc_text: str) -> str:
        """The quoted text of this span."""
        return doc_text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Heading:
    """A section heading such as ``一、``, ``（一）`` or ``1.`` with its nesting level (1 = top)."""

    span: Span
    level: int
    marker: str  # "一、", "（二）", "3."
    title: str  # heading text without the marker


@dataclass(frozen=True)
class Sentence:
    """One sentence of the cleaned text; ``section`` is the index into ``Document.headings``."""

    span: Span
    paragraph: int
    section: int | None = None


@dataclass
class DocumentMeta:
    """Report metadata; a field that cannot be found stays ``None``, never invented."""

    title: str | None = None
    issuer: str | None = None  # issuing body as written, e.g. 南京市玄武区人民政府
    published: str | None = None  # ISO date, e.g. 2020-12-01 or 2020-12
    period: str | None = None  # period covered as written: 2020年度, 2019年
    year: int | None = None  # the year the period denotes
    region: str | None = None  # region named by the report as written, e.g. 南京市玄武区
    genre: Genre | None = None


@dataclass
class Document:
    """One cleaned input report. ``doc_id`` is a content hash of ``text``."""

    doc_id: str
    source: str  # path as given by the user
    text: str  # cleaned text; every Span indexes into it
    meta: DocumentMeta
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    media_type: str = "text/plain"

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset``, if any."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid].span
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return self.sentences[mid]
        return None


@dataclass
class Mention:
    """An entity mention: a typed span with its surface and normalised name.

    ``name`` is the surface form with quote marks removed and widths normalised; ``canonical`` is
    the fuller name where the extractor could expand an abbreviation or ellipsis (e.g. 区政府 in a
    玄武区 report -> 玄武区人民政府), else equal to ``name``. ``region`` is the region name the entity
    belongs to as far as the text says (filled by extraction or by linking).
    """

    span: Span
    type: EntityType
    name: str
    canonical: str | None = None
    region: str | None = None
    subtype: str | None = None  # e.g. school stage: kindergarten, primary, ...; award level
    generic: bool = False  # category mention (各中小学): kept for context, never an entity

    def __post_init__(self) -> None:
        if self.canonical is None:
            self.canonical = self.name


@dataclass
class Quantity:
    """A parsed amount: the normalised value and unit, with the text as written."""

    raw: str  # "68370.3万元", "三千余人", "1至2所"
    value: Decimal  # normalised: yuan, plain counts, percent points
    unit: str  # unit concept key: CNY, percent, person, person-time, school, place, item, score, ...
    raw_unit: str = ""  # "万元", "%", "所"
    upper: Decimal | None = None  # upper bound of a range ("1至2所")
    qualifier: str | None = None  # approx | over | nearly | atLeast | atMost


@dataclass
class Observation:
    """One metric value found in a sentence."""

    span: Span  # the evidence clause
    quantity: Quantity
    value_span: Span  # the number with its unit
    indicator: str  # as worded, e.g. 生均公用经费
    indicator_id: str | None = None  # concept key in ontology/indicators.ttl, if mapped
    subject: str | None = None  # name of the region / school / group measured
    subject_type: EntityType | None = None
    year: int | None = None
    stage: str | None = None  # 学前|小学|初中|高中|职业|特殊
    modality: Modality = Modality.ACTUAL
    growth_of: int | None = None  # index (in ExtractionResult.observations) of the figure this grows


@dataclass
class Conferral:
    """An award given to a named recipient, or to a counted number of unnamed ones."""

    span: Span
    award: str  # honour as worded, quotes removed
    level: Level | None = None
    recipient: str | None = None
    recipient_type: EntityType | None = None
    count: int | None = None
    year: int | None = None
    awarded_by: str | None = None
    award_span: Span | None = None


@dataclass
class Relation:
    """A binary relation between two mentioned entities (by name and type), with evidence."""

    span: Span
    predicate: str  # implements | partOf | memberOf | locatedIn | issuedBy | ...
    subject: str
    subject_type: EntityType
    object: str
    object_type: EntityType


@dataclass
class ExtractionResult:
    """Everything extracted from one document."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    conferrals: list[Conferral] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


@dataclass
class Entity:
    """A resolved real-world thing: one node in the graph.

    ``key`` is the stable identity used to mint its IRI (see ``kg.link.iris``); ``label`` the
    canonical Chinese name; ``alt_labels`` every other surface form seen.
    """

    key: str
    type: EntityType
    label: str
    alt_labels: set[str] = field(default_factory=set)
    region_code: str | None = None  # GB/T 2260 code of the region it is located in / is
    parent_code: str | None = None  # for regions: the parent region's code
    subtype: str | None = None
    mentions: list[tuple[str, Span]] = field(default_factory=list)  # (doc_id, span)


@dataclass
class LinkedReport:
    """An extraction result with every mention resolved to an entity key."""

    result: ExtractionResult
    entities: dict[str, Entity] = field(default_factory=dict)  # key -> entity
    mention_keys: list[str | None] = field(default_factory=list)  # parallel to result.mentions
    region_code: str | None = None  # the region the report is about
    name_index: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, name) -> key
