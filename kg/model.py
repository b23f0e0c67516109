"""Plain dataclasses passed along the pipeline: no spaCy, no rdflib here."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = [
    "CATEGORIES",
    "ENTITY_NS",
    "NAME_STOPWORDS",
    "PREDICATES",
    "TITLE_WORDS",
    "Article",
    "Entity",
    "Evidence",
    "Extraction",
    "Mention",
    "Relation",
    "entity_iri",
    "name_key",
    "name_tokens",
    "slugify",
]

ENTITY_NS = "https://w3id.org/reform-kg/entity/"
CATEGORIES = ("Prosecutor", "Person", "PAC", "Organization", "Place")
PREDICATES = ("prosecutorOf", "challenges", "supports", "opposes", "funds", "memberOf")


TITLE_WORDS = frozenset(
    "da d.a ada mr mrs ms dr judge justice sen senator rep gov governor mayor sheriff "
    "prosecutor attorney district state's county commonwealth's general chief deputy "
    "assistant former incumbent candidate rev reverend president councilmember".split()
)
NAME_STOPWORDS = frozenset("of the for and & a an in on to".split())
# Words so common in this domain's names that looking a name up by them finds half the
# store ("Kestrel County", "Police Benevolent Association"): names are not keyed by them.
GENERIC_NAME_WORDS = frozenset(
    "county city state district pac committee association union fund action party "
    "democratic republican department office police public safety justice league "
    "alliance council coalition project center centre foundation group inc llc "
    "national american new north south east west united".split()
)


def name_tokens(name: str) -> list[str]:
    """The words a name is found by when looking for other names of the same entity:
    its words of three letters or more (not titles or little words), and its initials
    ("#aclu") for a long name or an all-capitals one. Stored as ``rkg:nameKey``.

    >>> name_tokens("DA Larry Krasner")
    ['krasner', 'larry']
    >>> name_tokens("Fraternal Order of Police")
    ['#fop', 'fraternal', 'order']
    >>> name_tokens("ACLU"), name_tokens("American Civil Liberties Union")[0]
    (['#aclu', 'aclu'], '#aclu')
    """
    toks = [t.strip(".,") for t in name_key(name).split()]
    toks = [t for t in toks if t and t not in TITLE_WORDS]
    keys = {
        t for t in toks if len(t) >= 3 and t not in NAME_STOPWORDS and t not in GENERIC_NAME_WORDS
    }
    if re.fullmatch(r"[A-Z]{3,6}", name.strip()):
        keys.add("#" + name.strip().lower())
    elif len(toks) >= 3:
        keys.add("#" + "".join(t[0] for t in toks if t not in NAME_STOPWORDS and t[:1].isalnum()))
    return sorted(keys)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The one key names are compared by (annotation guidelines, section 1): case,
    accents, a leading "the", a trailing possessive, surrounding punctuation and
    "and"/"&" do not matter. Clustering, IRIs and name lookups all use it.

    >>> name_key("the George Gascón’s")
    'george gascon'
    >>> name_key("Justice and Public Safety PAC") == name_key("Justice & Public Safety PAC")
    True
    """
    s = unicodedata.normalize("NFKD", name.replace("\u2019", "'").replace("\u2018", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.strip().strip(' \t\n.,;:!?"()[]{}').lower()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"^the ", "", s)
    s = re.sub(r"('s|')$", "", s).strip()
    return s.replace(" and ", " & ")


def slugify(name: str) -> str:
    """A stable, readable IRI slug for a name; names with one :func:`name_key` share it.

    >>> slugify("George Gascón")
    'george-gascon'
    >>> slugify("Justice & Public Safety PAC")
    'justice-public-safety-pac'
    >>> slugify("Justice and Public Safety PAC")
    'justice-public-safety-pac'
    """
    s = name_key(name).replace(" & ", " ")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "unnamed"


def entity_iri(name: str) -> str:
    """The IRI of the entity with canonical name ``name``.

    >>> entity_iri("Larry Krasner")
    'https://w3id.org/reform-kg/entity/larry-krasner'
    """
    return ENTITY_NS + slugify(name)


@dataclass(frozen=True)
class Article:
    """One article as read: ``text`` is the whole file, front matter included.

    ``id`` is a short readable name (the file's stem); identity is the content
    (:attr:`key`) and, for replacing an article, where it was read from
    (``source_path``).
    """

    id: str
    text: str
    sha256: str
    file_name: str | None = None
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    body_start: int = 0
    source_path: str | None = None
    date_source: str | None = None  # metadata, option, file (its modification time) or added

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @property
    def key(self) -> str:
        """The article's stable key: the first 16 hex digits of its text's SHA-256."""
        return self.sha256[:16]


@dataclass(frozen=True)
class Mention:
    text: str
    start: int
    end: int


@dataclass
class Entity:
    name: str
    category: str
    types: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def id(self) -> str:
        return entity_iri(self.name)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "types": list(self.types),
            "aliases": list(self.aliases),
            "mentions": len(self.mentions),
        }


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Relation:
    subject: str
    predicate: str
    object: str
    confidence: float
    evidence: Evidence
    amount: float | None = None
    rule: str = ""

    def key(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.to_json(),
        }
        if self.amount is not None:
            out["amount"] = self.amount
        return out


@dataclass
class Extraction:
    article: Article
    entities: list[Entity]
    relations: list[Relation]
    extractor_version: str = "0.1.0"

    def entity(self, name: str) -> Entity | None:
        for e in self.entities:
            if e.name == name:
                return e
        return None

    def to_json(self) -> dict[str, Any]:
        """The JSON of ``kg extract --json`` (annotation guidelines, section 4)."""
        return {
            "article": self.article.file_name or self.article.id,
            "entities": [e.to_json() for e in self.entities],
            "relations": [r.to_json() for r in self.relations],
        }
