"""Entity resolution: is a newly read name the same referent as an entity already stored?

Names are compared by their structure (surname, first name, initial, nickname;
an organization's name with and without "PAC"; initials), categories must be
compatible (a person is never an organization), and context breaks ties: the
entities an article mentions alongside the name.

>>> name_match("Larry Krasner", "Lawrence Krasner", "Person").reason
'same surname; Larry is a short form of Lawrence'
>>> name_match("Ana Gonzalez", "Mark Gonzalez", "Person") is None
True
>>> round(name_match("Real Justice", "Real Justice PAC", "PAC").score, 2)
0.8

Linking is cautious: a name is linked to a stored entity only when exactly one
stored entity fits it, and a weaker fit (a bare surname, a name without its
"PAC") also needs shared context. Everything else is left apart and listed by
:func:`candidates` for a person to decide (``kg review``, ``kg merge``, ``kg split``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kg.model import NAME_STOPWORDS, TITLE_WORDS, entity_iri, name_key, name_tokens

__all__ = [
    "Candidate",
    "EntityIndex",
    "Link",
    "Match",
    "StoredEntity",
    "candidates",
    "compatible",
    "link_entities",
    "load_index",
    "name_match",
    "open_index",
    "person_name",
]

# Common English short forms of given names: a fact about names, not about anyone.
_NICKNAME_GROUPS = (
    "lawrence laurence larry",
    "william will bill billy",
    "robert rob bob bobby",
    "richard rick dick rich",
    "james jim jimmy jamie",
    "michael mike mick",
    "kimberly kim",
    "elizabeth liz beth betsy libby",
    "katherine catherine kathryn kate katie kathy cathy",
    "margaret maggie peggy meg",
    "joseph joe joey",
    "thomas tom tommy",
    "charles charlie chuck",
    "edward ed eddie ted",
    "anthony tony",
    "daniel dan danny",
    "david dave",
    "steven stephen steve",
    "christopher chris",
    "christine christina chris",
    "jennifer jen jenny",
    "patricia pat patty trish",
    "patrick pat",
    "rebecca becky",
    "susan sue suzanne",
    "samuel sam",
    "samantha sam",
    "alexander alex",
    "alexandra alex",
    "benjamin ben",
    "matthew matt",
    "nicholas nick",
    "jonathan jon john",
    "timothy tim",
    "gregory greg",
    "kenneth ken kenny",
    "ronald ron",
    "donald don",
    "raymond ray",
    "gerald gerry jerry",
    "jeffrey jeff",
    "andrew andy drew",
    "deborah debra deb debbie",
    "pamela pam",
    "cynthia cindy",
    "victoria vicky tori",
    "jacqueline jackie",
    "francisco paco frank",
    "francis frank",
    "eugene gene",
    "frederick fred",
    "henry hank",
    "douglas doug",
    "philip phil",
    "theodore ted teddy",
    "vincent vince",
    "zachary zach",
)
NICKNAMES: dict[str, frozenset[str]] = {}
for _group in _NICKNAME_GROUPS:
    _names = frozenset(_group.split())
    for _n in _names:
        NICKNAMES[_n] = NICKNAMES.get(_n, frozenset()) | _names

_TITLES = TITLE_WORDS
_SUFFIXES = frozenset("jr sr ii iii iv".split())
_PARTICLES = frozenset("de la del van von der di da du le st".split())
_ORG_TAIL = frozenset("pac inc inc. llc committee".split())
_ORG_STOP = NAME_STOPWORDS
_GROUPS = {"Person": "person", "Prosecutor": "person", "PAC": "org", "Organization": "org"}


def compatible(a: str, b: str) -> bool:
    """Whether two categories can name one referent (Person and Prosecutor can).

    >>> compatible("Person", "Prosecutor"), compatible("Person", "PAC")
    (True, False)
    """
    return _GROUPS.get(a, a) == _GROUPS.get(b, b)


@dataclass(frozen=True)
class PersonName:
    first: str
    middles: tuple[str, ...]
    last: str


def person_name(name: str) -> PersonName:
    """Split a person's name into first, middle and last, dropping titles and suffixes.

    >>> person_name("DA Larry Krasner")
    PersonName(first='larry', middles=(), last='krasner')
    >>> person_name("José Garza Jr.")
    PersonName(first='jose', middles=(), last='garza')
    >>> person_name("Mary de la Cruz")
    PersonName(first='mary', middles=(), last='de la cruz')
    """
    toks = [t.strip(".,") for t in name_key(name).split()]
    toks = [t for t in toks if t]
    while len(toks) > 1 and toks[0] in _TITLES:
        toks.pop(0)
    while len(toks) > 1 and toks[-1] in _SUFFIXES:
        toks.pop()
    if not toks:
        return PersonName("", (), "")
    if len(toks) == 1:
        return PersonName("", (), toks[0])
    i = len(toks) - 1
    while i > 1 and toks[i - 1] in _PARTICLES:
        i -= 1
    return PersonName(toks[0], tuple(toks[1:i]), " ".join(toks[i:]))


@dataclass(frozen=True)
class Match:
    """How well two names fit one referent (0.6 weak … 1.0 the same), and why."""

    score: float
    reason: str


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def _first_names(a: str, b: str, raw_a: str, raw_b: str) -> Match | None:
    if a == b:
        return Match(1.0, "same first name")
    if not a or not b:
        return Match(0.6, "one name is the surname alone")
    if b in NICKNAMES.get(a, ()):
        short, long_ = (raw_a, raw_b) if len(a) <= len(b) else (raw_b, raw_a)
        return Match(0.9, f"{short} is a short form of {long_}")
    if len(a) == 1 or len(b) == 1:
        if a[0] == b[0]:
            return Match(0.8, "first initial agrees")
        return None
    if min(len(a), len(b)) >= 4 and _ratio(a, b) >= 85:
        return Match(0.7, f"first names {raw_a} and {raw_b} differ by a letter")
    return None


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _person_match(a: str, b: str) -> Match | None:
    pa, pb = person_name(a), person_name(b)
    if not pa.last or not pb.last:
        return None
    if pa.last == pb.last:
        last_note, factor = "same surname", 1.0
    elif min(len(pa.last), len(pb.last)) >= 5 and _ratio(pa.last, pb.last) >= 90:
        last_note, factor = f"surnames {_cap(pa.last)} and {_cap(pb.last)} differ by a letter", 0.85
    else:
        return None
    first = _first_names(pa.first, pb.first, _cap(pa.first), _cap(pb.first))
    if first is None:
        return None
    if pa.middles and pb.middles and pa.middles[0][0] != pb.middles[0][0]:
        return None
    if first.score == 1.0 and factor == 1.0:
        if pa.middles == pb.middles or not pa.middles or not pb.middles:
            return Match(1.0, "same name but for a title, suffix or middle name")
    score = round(first.score * factor, 3)
    reason = last_note if first.reason == "same first name" else f"{last_note}; {first.reason}"
    return Match(score, reason)


def _org_core(name: str) -> str:
    toks = name_key(name).split()
    while len(toks) > 1 and toks[-1] in _ORG_TAIL:
        toks.pop()
    return " ".join(toks)


def _initials(name: str) -> str:
    return "".join(t[0] for t in name_key(name).split() if t not in _ORG_STOP and t[0].isalnum())


def _org_match(a: str, b: str) -> Match | None:
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return Match(1.0, "same name")
    ca, cb = _org_core(a), _org_core(b)
    if ca == cb and len(ca) >= 4:
        longer = a if len(ka) > len(kb) else b
        tail = name_key(longer).split()[-1].upper()
        return Match(0.8, f"same name but for a trailing {tail}")
    for short, long_ in ((a, b), (b, a)):
        s = short.strip()
        if re.fullmatch(r"[A-Z]{3,6}", s) and len(long_.split()) >= 3:
            if _initials(long_) == s.lower():
                return Match(0.8, f"{s} is the initials of {long_}")
    from rapidfuzz import fuzz

    if min(len(ka), len(kb)) >= 8 and fuzz.token_sort_ratio(ka, kb) >= 92:
        return Match(0.6, "names nearly the same")
    return None


def _place_key(name: str) -> str:
    k = name_key(name)
    k = re.sub(r"\bst\.? ", "saint ", k)
    k = re.sub(r"\bft\.? ", "fort ", k)
    k = re.sub(r"\bmt\.? ", "mount ", k)
    return k


def _place_match(a: str, b: str) -> Match | None:
    if _place_key(a) == _place_key(b):
        return Match(0.9, "same place name but for an abbreviation")
    return None


def _numbers(name: str) -> list[str]:
    return re.findall(r"\d+", name)


def name_match(a: str, b: str, category: str) -> Match | None:
    """How well names ``a`` and ``b`` of entities of ``category`` fit one referent, or None.

    >>> name_match("Chesa Boudin", "C. Boudin", "Prosecutor").reason
    'same surname; first initial agrees'
    >>> name_match("ACLU", "American Civil Liberties Union", "Organization").score
    0.8
    >>> name_match("St. Louis", "Saint Louis", "Place").score
    0.9
    """
    if _numbers(a) != _numbers(b):  # Lodge 5 is not Lodge 7
        return None
    group = _GROUPS.get(category, category)
    if group == "person":
        return _person_match(a, b)
    if group == "org":
        return _org_match(a, b)
    if category == "Place":
        return _place_match(a, b)
    return None


# ---------------------------------------------------------------------------
@dataclass
class StoredEntity:
    """One stored entity as the resolver sees it: its names, categories and articles."""

    iri: str
    names_by_article: dict[str, str] = field(default_factory=dict)  # article IRI → its name
    aliases: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)

    @property
    def articles(self) -> set[str]:
        return set(self.names_by_article)

    @property
    def labels(self) -> dict[str, int]:
        """Each name an article gives the entity, with the number of articles that give it."""
        out: dict[str, int] = {}
        for name in self.names_by_article.values():
            out[name] = out.get(name, 0) + 1
        return out

    @property
    def label(self) -> str:
        labels = self.labels
        return max(labels, key=lambda k: (labels[k], len(k), k)) if labels else ""

    @property
    def category(self) -> str:
        rank = {"Prosecutor": 5, "PAC": 4, "Person": 3, "Organization": 2, "Place": 1}
        return max(self.categories, key=lambda c: rank.get(c, 0)) if self.categories else ""

    def names(self) -> list[str]:
        return sorted(set(self.names_by_article.values()) | self.aliases)


@dataclass
class EntityIndex:
    """Stored entities, blocked by name words so matching never compares all pairs.

    The index can be kept up to date while a batch of articles is added
    (:meth:`absorb`, :meth:`forget`) instead of being read again for each one.
    """

    entities: dict[str, StoredEntity] = field(default_factory=dict)
    different: set[frozenset[str]] = field(default_factory=set)
    same_as: dict[str, str] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)  # article IRI → entity IRIs
    loader: _StoreLoader | None = field(default=None, repr=False)
    _blocks: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _loaded: set[str] = field(default_factory=set, repr=False)
    _forgotten: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        for iri, e in self.entities.items():
            self._block(iri, e.names())
            for a in e.names_by_article:
                self.members.setdefault(a, set()).add(iri)

    def _block(self, iri: str, names: Iterable[str]) -> None:
        for n in names:
            for b in _block_keys(n):
                self._blocks.setdefault(b, set()).add(iri)

    def absorb(self, article: str, entries: Iterable[tuple[str, str, str, Iterable[str]]]) -> None:
        """Add one article's entities: (IRI, the article's name for it, category, aliases)."""
        self.forget(article)
        group = self.members.setdefault(article, set())
        for iri, name, category, aliases in entries:
            e = self.entities.get(iri) or self.entities.setdefault(iri, StoredEntity(iri))
            e.names_by_article[article] = name
            e.categories.add(category)
            e.aliases |= set(aliases)
            group.add(iri)
            self._block(iri, [name, *aliases])

    def forget(self, article: str) -> None:
        """Drop one article's contribution (its entities stay if other articles name them)."""
        self._forgotten.add(article)
        for iri in self.members.pop(article, set()):
            e = self.entities.get(iri)
            if e is None:
                continue
            e.names_by_article.pop(article, None)
            if not e.names_by_article:
                del self.entities[iri]

    def rename(self, old: str, new: str) -> None:
        """Entity ``old`` is now stored as ``new`` (its names and articles go with it)."""
        e = self.entities.pop(old, None)
        if e is None:
            return
        target = self.entities.setdefault(new, StoredEntity(new))
        target.names_by_article.update(e.names_by_article)
        target.aliases |= e.aliases
        target.categories |= e.categories
        for group in self.members.values():
            if old in group:
                group.discard(old)
                group.add(new)
        self._block(new, target.names())

    def neighbours(self, iri: str) -> set[str]:
        """The entities mentioned in an article together with ``iri``."""
        e = self.entities.get(iri)
        out: set[str] = set()
        for a in e.names_by_article if e else ():
            out |= self.members.get(a, set())
        out.discard(iri)
        return out

    def near(self, name: str) -> set[str]:
        keys = _block_keys(name)
        if self.loader is not None and keys - self._loaded:
            self.loader.load(self, keys=keys - self._loaded)
            self._loaded |= keys
        out: set[str] = set()
        for b in keys:
            out |= self._blocks.get(b, set())
        return {iri for iri in out if iri in self.entities}

    def ensure(self, iris: Iterable[str]) -> None:
        """Read these entities from the store, when the index reads it as needed."""
        want = [i for i in iris if i not in self.entities]
        if self.loader is not None and want:
            self.loader.load(self, iris=want)

    def _add_row(self, article: str, iri: str, name: str, category: str) -> None:
        if article in self._forgotten:
            return
        e = self.entities.get(iri) or self.entities.setdefault(iri, StoredEntity(iri))
        e.names_by_article[article] = name
        e.categories.add(category)
        self.members.setdefault(article, set()).add(iri)
        self._block(iri, [name])

    def canonical(self, iri: str) -> str:
        """Follow curated owl:sameAs links to the IRI that stands for the entity."""
        seen = {iri}
        while iri in self.same_as and self.same_as[iri] not in seen:
            iri = self.same_as[iri]
            seen.add(iri)
        return iri

    def kept_apart(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.different


def _block_keys(name: str) -> set[str]:
    return set(name_tokens(name))


def _entity_match(name: str, category: str, e: StoredEntity) -> Match | None:
    """The best fit of ``name`` to any of ``e``'s names, provided it clashes with none."""
    if not any(compatible(category, c) for c in e.categories):
        return None
    best: Match | None = None
    labels = e.labels
    for n in e.names():
        if n not in labels and name_key(n) == name_key(name):
            m = Match(0.9, f"an article calls {e.label} {n!r}")
        else:
            m = name_match(name, n, category)
        if m is None:
            if n in labels:  # a full name of the entity that does not fit: not this one
                return None
            continue
        if best is None or m.score > best.score:
            best = m
    return best


@dataclass(frozen=True)
class Link:
    """One extracted name linked to a stored entity, and why."""

    name: str
    iri: str
    stored_label: str
    score: float
    reason: str
    renames: str | None = None  # a stored IRI that takes this name's IRI (the fuller name)


def link_entities(
    entities: Iterable[tuple[str, str]], index: EntityIndex
) -> tuple[dict[str, str], list[Link]]:
    """Map an article's (name, category) pairs to IRIs, linking to stored entities.

    Returns the IRI of every name and the links made. A name whose own IRI is
    stored keeps it; otherwise it is linked when exactly one stored entity fits
    and the fit is strong (same name structure, a nickname or an initial) or is
    weaker (a bare surname; a group's name without "PAC") but shares context:
    another entity of this article is mentioned with the stored one. A person
    needs one shared neighbour, a group two. Two names of one article are never
    linked to one entity (the extractor already kept them apart), nor are names
    a curator split.

    >>> idx = EntityIndex()
    >>> idx.absorb("art:1", [("ent:lk", "Larry Krasner", "Prosecutor", [])])
    >>> iris, links = link_entities([("Lawrence Krasner", "Prosecutor")], idx)
    >>> iris["Lawrence Krasner"], links[0].reason
    ('ent:lk', 'same surname; Larry is a short form of Lawrence')
    """
    entities = list(entities)
    own = {name: index.canonical(entity_iri(name)) for name, _ in entities}
    index.ensure(own.values())
    context = {iri for iri in own.values() if iri in index.entities}
    iris: dict[str, str] = {}
    links: list[Link] = []
    taken = set(context)
    for name, category in entities:
        mine = own[name]
        iris[name] = mine
        if mine in index.entities:
            continue
        fits: list[tuple[Match, StoredEntity]] = []
        for iri in index.near(name):
            e = index.entities[iri]
            if index.kept_apart(entity_iri(name), iri) or index.kept_apart(mine, iri):
                continue
            m = _entity_match(name, category, e)
            if m is not None:
                fits.append((m, e))
        if not fits:
            continue
        fits.sort(key=lambda f: -f[0].score)
        m, e = fits[0]
        if len(fits) > 1 and not (m.score >= 0.9 and fits[1][0].score <= m.score - 0.1):
            continue  # two stored entities fit about as well: leave it for a person
        if e.iri in taken:
            continue
        if m.score < 0.9 and _fits_another(e, index):
            continue  # the stored name is itself ambiguous (a bare "Harris")
        shared = len(index.neighbours(e.iri) & (context - {e.iri}))
        group = _GROUPS.get(category, category)
        need = 0 if m.score >= 0.9 else (1 if group == "person" else 2)
        if (
            group == "org"
            and m.score < 0.9
            and any(name_key(name) == name_key(a) for a in e.aliases)
        ):
            need = 0  # some article already used this short name for the stored group
        if category == "Place" and m.score < 0.9:
            continue
        if shared < need:
            continue
        why = m.reason + (f"; {shared} shared neighbour(s)" if shared else "")
        taken.add(e.iri)
        if _fuller(name, e):  # "Larry Krasner" names the stored "Krasner" better
            links.append(Link(name, mine, e.label, m.score, why, renames=e.iri))
            continue
        iris[name] = e.iri
        links.append(Link(name, e.iri, e.label, m.score, why))
    return iris, links


def _fuller(name: str, e: StoredEntity) -> bool:
    """Whether ``name`` contains every word of each of ``e``'s names, and more."""
    words = set(name_key(name).split())
    return all(set(name_key(n).split()) < words for n in e.labels) and not e.iri.startswith(
        entity_iri(name)
    )


def _fits_another(e: StoredEntity, index: EntityIndex) -> bool:
    """Whether some other stored entity fits one of ``e``'s names as well."""
    for name in e.labels:
        for iri in index.near(name):
            if iri != e.iri and not index.kept_apart(iri, e.iri):
                if _entity_match(name, e.category, index.entities[iri]) is not None:
                    return True
    return False


# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """Two stored entities that may be one referent, for a person to decide."""

    a: StoredEntity
    b: StoredEntity
    score: float
    reason: str
    shared: tuple[str, ...]

    def to_json(self, labels: Mapping[str, str] | None = None) -> dict[str, object]:
        def side(e: StoredEntity) -> dict[str, object]:
            return {
                "iri": e.iri,
                "name": e.label,
                "names": e.names(),
                "category": e.category,
                "articles": len(e.articles),
            }

        return {
            "score": self.score,
            "reason": self.reason,
            "a": side(self.a),
            "b": side(self.b),
            "shared_neighbours": [labels.get(s, s) if labels else s for s in self.shared],
        }


def candidates(index: EntityIndex, *, min_score: float = 0.6) -> list[Candidate]:
    """Pairs of stored entities whose names fit one referent, best first.

    The score is the name fit plus 0.05 for each shared neighbour (up to 0.15).
    Pairs a curator has kept apart are left out.
    """
    out: list[Candidate] = []
    seen: set[frozenset[str]] = set()
    for iri, e in index.entities.items():
        for other in index.near(e.label):
            pair = frozenset((iri, other))
            if other == iri or pair in seen:
                continue
            seen.add(pair)
            if index.kept_apart(iri, other):
                continue
            o = index.entities[other]
            best: Match | None = None
            for cat in e.categories:
                m = _entity_match(e.label, cat, o)
                m2 = _entity_match(o.label, next(iter(o.categories), cat), e)
                if m is None or m2 is None:
                    continue
                if best is None or m.score > best.score:
                    best = m
            if best is None or best.score < min_score:
                continue
            shared = tuple(sorted(index.neighbours(iri) & index.neighbours(other)))
            score = round(min(1.0, best.score + 0.05 * min(len(shared), 3)), 3)
            a, b = sorted((e, o), key=lambda x: (-len(x.articles), x.label))
            out.append(Candidate(a, b, score, best.reason, shared))
    out.sort(key=lambda c: (-c.score, c.a.label, c.b.label))
    return out


_INDEX_ENTITIES = """
SELECT ?a ?e ?label ?cat WHERE {
  GRAPH ?a { ?a a rkg:Article ; rkg:mentions ?e . ?e rdfs:label ?label ; rkg:category ?cat }
}"""
_INDEX_ALIASES = """
SELECT DISTINCT ?a ?e ?alias WHERE { GRAPH ?a { ?a rkg:mentions ?e . ?e skos:altLabel ?alias } }"""
_INDEX_CURATION = """
SELECT ?s ?p ?o WHERE { VALUES ?p { owl:sameAs owl:differentFrom } GRAPH ?g { ?s ?p ?o } }"""


def _values(var: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{var} {{ " + " ".join(f"<{i}>" for i in iris) + " }"


def _literals(var: str, words: Iterable[str]) -> str:
    import json

    return f"VALUES ?{var} {{ " + " ".join(json.dumps(w) for w in words) + " }"


class _StoreLoader:
    """Reads entities from the store by name word (``rkg:nameKey``) or IRI, as needed,
    so adding an article costs index lookups, not a scan of every stored entity."""

    def __init__(self, store, exclude: Iterable[str] = ()) -> None:
        self.store = store
        self.exclude = set(exclude)
        self.articles_done: set[str] = set()
        self.entities_done: set[str] = set()

    def _rows(self, sparql: str):
        return self.store.query(sparql, use_default_graph_as_union=False)

    def load(self, index: EntityIndex, *, keys: Iterable[str] = (), iris: Iterable[str] = ()):
        iris = set(iris)
        if keys:
            q = f"SELECT DISTINCT ?e WHERE {{ {_literals('k', keys)} GRAPH ?a {{ ?e rkg:nameKey ?k }} }}"
            iris |= {r["e"].value for r in self._rows(q)}
        iris -= self.entities_done
        if not iris:
            return
        self.entities_done |= iris
        pick = _values("e", iris)
        found: set[str] = set()
        for r in self._rows(
            f"SELECT DISTINCT ?a ?e ?label ?cat WHERE {{ {pick} GRAPH ?a {{ ?a rkg:mentions ?e . "
            "?e rdfs:label ?label ; rkg:category ?cat } }"
        ):
            a = r["a"].value
            if a in self.exclude:
                continue
            index._add_row(a, r["e"].value, r["label"].value, r["cat"].value)
            found.add(r["e"].value)
        if not found:
            return
        for r in self._rows(
            f"SELECT DISTINCT ?a ?e ?alias WHERE {{ {_values('e', found)} "
            "GRAPH ?a { ?e skos:altLabel ?alias } }"
        ):
            e = index.entities.get(r["e"].value)
            if e is not None and r["a"].value not in self.exclude:
                e.aliases.add(r["alias"].value)
                index._block(e.iri, [r["alias"].value])
        arts = {a for i in found if i in index.entities for a in index.entities[i].names_by_article}
        arts -= self.articles_done | self.exclude
        if arts:  # who else each article names: the context that confirms a weak fit
            for r in self._rows(
                f"SELECT ?a ?m WHERE {{ {_values('a', arts)} GRAPH ?a {{ ?a rkg:mentions ?m }} }}"
            ):
                if r["a"].value not in index._forgotten:
                    index.members.setdefault(r["a"].value, set()).add(r["m"].value)
            self.articles_done |= arts


def _curation(store) -> tuple[dict[str, str], set[frozenset[str]]]:
    same_as: dict[str, str] = {}
    different: set[frozenset[str]] = set()
    for r in store.query(_INDEX_CURATION, use_default_graph_as_union=False):
        s, p, o = r["s"].value, r["p"].value, r["o"].value
        if p.endswith("sameAs"):
            same_as[s] = o
        else:
            different.add(frozenset((s, o)))
    return same_as, different


def open_index(store, *, exclude: Iterable[str] = ()) -> EntityIndex:
    """An index that reads stored entities as names need them (through ``rkg:nameKey``),
    for adding articles to a store of any size; a store written before name keys were
    stored is read whole (:func:`load_index`)."""
    has_entities = bool(store.query("ASK { ?a rkg:mentions ?e }"))
    if has_entities and not bool(store.query("ASK { ?e rkg:nameKey ?k }")):
        return load_index(store, exclude=exclude)
    same_as, different = _curation(store)
    return EntityIndex(different=different, same_as=same_as, loader=_StoreLoader(store, exclude))


def load_index(store, *, exclude: Iterable[str] = ()) -> EntityIndex:
    """Every stored entity (from the articles not in ``exclude``) and the curator's decisions."""
    skip = set(exclude)
    ents: dict[str, StoredEntity] = {}
    for r in store.query(_INDEX_ENTITIES, use_default_graph_as_union=False):
        a = r["a"].value
        if a in skip:
            continue
        iri = r["e"].value
        e = ents.get(iri) or ents.setdefault(iri, StoredEntity(iri))
        e.names_by_article[a] = r["label"].value
        e.categories.add(r["cat"].value)
    for r in store.query(_INDEX_ALIASES, use_default_graph_as_union=False):
        e = ents.get(r["e"].value)
        if e is not None and r["a"].value not in skip:
            e.aliases.add(r["alias"].value)
    same_as, different = _curation(store)
    return EntityIndex(ents, different, same_as)
