"""Component ``kg_entities``: mentions → one cluster per referent, typed from the text.

Sets ``doc._.kg_clusters`` (list of :class:`Cluster`) and ``doc._.kg_token_cluster``
(token index → cluster index, for name tokens and for resolved pronouns).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import first_names, lexicon, name_list, name_pairs, words
from kg.extract.speakers import resolve_speakers
from kg.model import name_key

__all__ = ["Cluster", "EntityClusterer", "norm_name"]

LABEL_CATEGORY = {
    "PERSON": "Person",
    "ORG": "Organization",
    "PAC": "PAC",
    "GPE": "Place",
    "LOC": "Place",
}
LABEL_PRIORITY = {"PAC": 4, "PERSON": 3, "ORG": 2, "GPE": 1, "LOC": 0}
COMMITTEE_RE = re.compile(
    r"(\bPAC|\bPolitical Action Committee|\bSuper PAC)$|^(Committee (to|for)|Friends of)\b|\bRecall\b|\bfor (DA|D\.A\.|District Attorney)$"
    # "Citizens for a Lawful Dunmere", "Minnesotans for Safe Streets": people for a cause
    r"|^(Citizens|Neighbors|Neighbours|Voters|Residents|Taxpayers|[A-Z][a-z]+(ans|ians|ers|ites)) (for|Against)\b"
)
SPENDING_VERBS = frozenset({"spend", "raise", "pour", "report", "air", "run", "buy", "pay"})
GENERIC_NAMES = {
    "state",
    "county",
    "city",
    "black",
    "white",
    "latino",
    "latina",
    "hispanic",
    "asian",
    "da",
    "d.a",
    "district attorney",
    "state's attorney",
    "prosecutor",
    "pac",
    "super pac",
    "committee",
    "union",
    "campaign",
    "party",
    "association",
    "group",
    "political action committee",
    "opinion",
    "advertisement",
    "related",
}
POSSESSIVE = {"'s", "’s", "'", "’", "s"}
QUOTES = "\"'“”‘’"


def _definite(doc: Doc, tok: Token) -> bool:
    """ "the PAC", "the deputies' association", "the city's police union"."""
    k = tok.i - 1
    while (
        k > 0
        and tok.i - k <= 3
        and (doc[k].pos_ in ("NOUN", "ADJ", "PART") or doc[k].text in ("'s", "’s", "'"))
    ):
        k -= 1
    return doc[k].lower_ in ("the", "that", "this") and not any(
        t.pos_ == "PROPN" for t in doc[k + 1 : tok.i]
    )


def _previous_sentence(tok: Token, m: Span) -> bool:
    """Whether ``tok`` is in the sentence just before ``m``'s (or in the same one)."""
    start = m.sent.start
    return tok.i >= start or (start > 0 and tok.sent.start == m.doc[start - 1].sent.start)


HUMAN_VERBS = frozenset({"give", "donate", "contribute", "tell", "write", "argue", "endorse"})


def _name_shaped(name: str) -> bool:
    """Two or three capitalized words, none a group's or place's head word and no
    "of": shaped like a person's name whatever the given name ("Teodor Vasilakis")."""
    parts = name.split()
    return (
        2 <= len(parts) <= 3
        and all(p[:1].isupper() and p.replace("-", "").replace(".", "").isalpha() for p in parts)
        and not any(p.lower() in words("organization_heads") | words("place_heads") for p in parts)
    )


def _acts_as_person(cl: Cluster) -> bool:
    """The subject of saying, giving or endorsing: what people (and groups) do; enough
    for a name-shaped name."""
    verbs = words("speech_verbs") | HUMAN_VERBS
    return any(m.root.dep_ == "nsubj" and m.root.head.lemma_.lower() in verbs for m in cl.mentions)


def _looks_personal(name: str) -> bool:
    """Two to four capitalized words, the first a common given name, the last not an
    organization's head word ("Van Jones" yes; "Grace Church", "Bill Conway Fund" no)."""
    parts = name.split()
    return (
        1 < len(parts) <= 4
        and parts[0] in first_names()
        and parts[-1].lower() not in words("organization_heads")
        and parts[-1].lower() not in words("place_heads")
        and all(p[:1].isupper() for p in parts)
    )


def _shouted(name: str) -> bool:
    """All capitals and too long for an acronym ("CHICAGO", "SAN FRANCISCO"; not "NAACP")."""
    return name.isupper() and (" " in name or len(name) > 6)


def norm_name(text: str) -> str:
    """Normalized name for matching: :func:`kg.model.name_key` (guidelines, section 1).

    >>> norm_name("the Soros’s ")
    'soros'
    """
    return name_key(text)


@dataclass
class Cluster:
    """One referent in one article."""

    mentions: list[Span] = field(default_factory=list)
    labels: Counter = field(default_factory=Counter)
    category: str = "Person"
    types: set[str] = field(default_factory=set)
    name: str = ""

    def surfaces(self) -> list[str]:
        seen: dict[str, str] = {}
        for m in self.mentions:
            text = " ".join(m.text.split())
            seen.setdefault(norm_name(text), text)
        return list(seen.values())

    def aliases(self) -> list[str]:
        return [s for s in self.surfaces() if norm_name(s) != norm_name(self.name)]


TITLE_WORDS = frozenset(
    "former then ex mr. ms. mrs. dr. the billionaire mr ms bishop rev. reverend pastor"
    " father rabbi imam sheriff".split()
)


def _is_title_token(tok: Token, cue_tokens: set[int]) -> bool:
    low = tok.lower_
    return (
        tok.i in cue_tokens
        or low in words("non_prosecutor_titles")
        or low in words("assistant_words")
        or low in TITLE_WORDS
    )


def clean_span(span: Span, cue_tokens: set[int]) -> Span | None:
    """Trim leading "the" and titles, trailing possessives and punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    label = span.label_
    k = start
    while k < end - 1 and _is_title_token(doc[k], cue_tokens):
        k += 1
    if k > start and label != "PERSON" and doc[k].text in first_names() and end - k >= 2:
        # "Deputy District Attorney Roberto Zamudio" read as one organization's name
        start, label = k, "PERSON"
    while start < end and (
        doc[start].is_punct
        or doc[start].lower_ == "the"
        or (label == "PERSON" and end - start > 1 and _is_title_token(doc[start], cue_tokens))
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct
        or doc[end - 1].text in POSSESSIVE
        or doc[end - 1].is_space
        or (
            doc[end - 1].i in cue_tokens
            and span.label_ in ("GPE", "LOC")
            # "Ossawin County Attorney Hodan Warsame": the county keeps its "County"
            and not (doc[end - 1].text in ("County", "Parish") and end - start >= 2)
        )
    ):
        end -= 1
    for k in range(start, end):
        if doc[k].text in ("/", "|"):  # "Mateusz Wolny / Ledger": a byline's credit
            end = k
            break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end <= start:
        return None
    out = Span(doc, start, end, label=label)
    text = out.text
    if (
        end < len(doc)
        and doc[end].lower_ in words("building_heads")
        and doc[end].text[:1].isupper()
    ):
        return None  # "Riverside Union Hall" is a building
    if (
        not any(c.isupper() for c in text)
        or len(text) < 2
        or text.replace(",", "").replace(".", "").isdigit()
    ):
        return None
    if norm_name(text) in GENERIC_NAMES or out[0].text in ("Proposition", "Prop.", "Measure"):
        return None  # generic words, and ballot measures, are not names
    if text in ("U.S.", "U.S", "US") and end < len(doc) and doc[end].text[:1].isalpha():
        return None  # "U.S. Attorney", "U.S. Rep.": an adjective, not the country
    if (
        label != "PERSON"
        and len(out) <= 3
        and out[-1].lower_ in ("reporter", "writer", "correspondent", "columnist", "editor")
    ):
        return None  # "Politics Reporter", "Staff Writer": a byline's credit
    return out


def _titleish(tok: Token, cue_tokens: set[int]) -> bool:
    low = tok.lower_
    return (
        _is_title_token(tok, cue_tokens)
        or low in words("person_titles")
        or low in ("attorney", "attorney's", "district", "county", "city", "state", "general")
    )


def _split_titled_names(doc: Doc, mentions: list[Span], cue_tokens: set[int]) -> list[Span]:
    """Names the model ran together with a title or an affiliation: "Virgil City Mayor
    Carmen Ybarra" and "former Chief Deputy County Attorney Nikolai Petrosyan" are the
    people; "Bishop Amara Okonkwo-Hale of Holy Redeemer Tabernacle" is a person and a
    church."""
    given = first_names()
    strong = words("person_titles") | words("assistant_words") | TITLE_WORDS
    heads = words("organization_heads") | words("place_heads")
    out: list[Span] = []
    for m in mentions:
        toks = list(m)
        marks = [k for k, t in enumerate(toks) if _titleish(t, cue_tokens)]
        if len(marks) == len(toks) and m.label_ != "PERSON":
            continue  # "Chief Deputy County" (Attorney ...) is a title, not a place
        last = marks[-1] if marks else -1
        rest = toks[last + 1 :]
        if (
            0 < last
            and not COMMITTEE_RE.search(m.text)  # "Recall DA George Gascón" is a committee
            and 1 <= len(rest) <= 3
            and any(toks[k].lower_ in strong or toks[k].i in cue_tokens for k in marks)
            and all(t.text[:1].isupper() or t.text in ("-", "‑") for t in rest)
            and not any(t.lower_ in heads or t.text in ("'s", "’s") for t in rest)
            and (
                m.label_ == "PERSON"
                or rest[0].text in given
                or (
                    toks[last].i in cue_tokens and 2 <= len(rest) <= 3
                )  # "... Solicitor Osric Pennycuff"
            )
        ):
            first = next(k for k in marks if toks[k].lower_ in strong or toks[k].i in cue_tokens)
            if first > 0 and all(t.text[:1].isupper() for t in toks[:first]):
                out.append(Span(doc, m.start, m.start + first, label="GPE"))  # "Virgil City"
            out.append(Span(doc, m.start + last + 1, m.end, label="PERSON"))
            continue
        of = [k for k, t in enumerate(toks) if t.lower_ == "of"]
        if (
            len(of) == 1
            and 2 <= of[0] <= 4
            and toks[0].text in given
            and of[0] + 1 < len(toks)
            and all(t.text[:1].isupper() for t in toks[: of[0]] if t.text != "-")
            and toks[-1].text[:1].isupper()
        ):
            out.append(Span(doc, m.start, m.start + of[0], label="PERSON"))
            out.append(Span(doc, m.start + of[0] + 1, m.end, label="ORG"))
            continue
        out.append(m)
    return out


def _group_head(span: Span) -> bool:
    """Whether a name ends in a group's head word: "... Association", "... Local 1290"."""
    last = span[-1].lower_
    if last.isdigit() and len(span) >= 2:
        last = span[-2].lower_
    return last in words("organization_heads") or last in ("local", "chamber", "church")


def _and_joined_names(doc: Doc, mentions: list[Span]) -> list[Span]:
    """One group's name with "and" inside, that the model cut in two or in three:
    "the Agarita County Deputies and Jailers Association", "Hospital and Health
    Workers Local 1290", "the Arkansas Sheriffs and Constables League". The words
    before "and" join the name that ends in a group's head word, when they do not
    end in a head word themselves ("the Tenants Union and Workers Council" are two)
    and are not a name the article also uses on its own."""
    if not any(t.lower_ == "and" for t in doc):
        return mentions
    by_end = {m.end: m for m in mentions}
    alone = Counter(norm_name(m.text) for m in mentions)
    drop: set[tuple[int, int]] = set()
    out: list[Span] = []
    for m in mentions:
        if m.label_ == "PERSON" or not _group_head(m):
            out.append(m)
            continue
        k = m.start - 1
        if k < 1 or doc[k].lower_ != "and":
            inner = by_end.get(m.start)  # "Hospital and" read as a name of its own
            if inner is None or doc[m.start - 1].lower_ != "and" or len(inner) < 2:
                out.append(m)
                continue
            k = m.start - 1
        j = k - 1
        while (
            j >= 0
            and k - j <= 4
            and doc[j].text[:1].isupper()
            and doc[j].text.replace("-", "").replace("'", "").isalpha()
            and doc[j].pos_ not in ("DET", "PRON")
            and doc[j].ent_type_ not in ("PERSON", "DATE")
        ):
            j -= 1
        left = doc[j + 1 : k]
        if (
            not len(left)
            or _group_head(left)
            or left[-1].lower_ in words("place_heads")
            or left[-1].text in first_names()
            or (left[-1].text.isupper() and len(left[-1].text) > 1)  # "the ACLU and ..."
            or alone[norm_name(left.text)] > (1 if by_end.get(k) is not None else 0)
        ):
            out.append(m)
            continue
        drop |= {(x.start, x.end) for x in mentions if x.start < k and x.end > j + 1}
        out.append(Span(doc, j + 1, m.end, label=m.label_))
    return [m for m in out if (m.start, m.end) not in drop]


def _whole_hyphenated(doc: Doc, mentions: list[Span]) -> list[Span]:
    """A name is never half of a hyphenated word: "Tannous" in "Quiroga-Tannous said"
    is the whole "Quiroga-Tannous"."""
    covered = {t for m in mentions for t in range(m.start, m.end)}
    out = []
    for m in mentions:
        start, end = m.start, m.end
        while (
            start >= 2
            and doc[start - 1].text in ("-", "‑")
            and not doc[start - 1].whitespace_
            and not doc[start - 2].whitespace_
            and doc[start - 2].text[:1].isupper()
            and start - 2 not in covered
        ):
            start -= 2
        while (
            end + 1 < len(doc)
            and doc[end].text in ("-", "‑")
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].text[:1].isupper()
            and end + 1 not in covered
        ):
            end += 2
        if (
            m.label_ == "PERSON"
            and end - start == 1
            and end + 2 < len(doc)
            and doc[end].text in ("-", "‑")
            and not doc[start].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].text.isalpha()
            and doc[end + 1].text.islower()
            and doc[end + 1].whitespace_
            and doc[end + 2].text[:1].isupper()
            and doc[end + 2].pos_ == "PROPN"
        ):
            # "Hyun-joo Tillman": a hyphenated given name and the surname after it
            end += 3
        elif (
            m.label_ in ("PERSON", "ORG")
            and start >= 3
            and doc[start - 1].text.isalpha()
            and doc[start - 1].text.islower()
            and doc[start - 2].text in ("-", "‑")
            and not doc[start - 3].whitespace_
            and not doc[start - 2].whitespace_
            and doc[start - 3].text[:1].isupper()
            and doc[start - 3].pos_ == "PROPN"
            and start - 3 not in covered
            and (m.label_ == "PERSON" or doc[start - 3].text in first_names())
        ):
            start -= 3  # "Min-jae Halvorsen", the model naming only "Halvorsen"
        out.append(m if (start, end) == (m.start, m.end) else Span(doc, start, end, label=m.label_))
    return out


def _spends_as_committee(cl: Cluster) -> bool:
    """A group that raises money or spends it in a race, and is not a union, party,
    company or public body, is a committee: "the North Star Decarceration Fund, which
    reported spending $820,000 on behalf of Mokoena", "Glenwhistle Forward has spent
    half a million dollars", "an ad paid for by Citizens for a Lawful Dunmere"."""
    parts = cl.name.split()
    if not parts or cl.labels["PERSON"] or cl.labels["GPE"] or not cl.labels["ORG"]:
        return False
    if parts[-1].lower() in words("non_committee_heads") or parts[-1].isdigit():
        return False
    if any(p.lower() in words("non_committee_heads") for p in parts[:-1]) and len(parts) > 2:
        return False  # "Chicago Police Sergeants Fund" reads as the union's; leave it
    for m in cl.mentions:
        root = m.root
        verbs = []
        if root.dep_ == "nsubj":
            verbs.append(root.head)
        for c in root.children:  # "..., which reported spending $820,000"
            if c.dep_ == "relcl" and any(
                g.dep_ == "nsubj" and g.tag_ in ("WDT", "WP") for g in c.children
            ):
                verbs.append(c)
        for v in verbs:
            chain = [v, *(c for c in v.children if c.dep_ in ("xcomp", "ccomp"))]
            if any(x.lemma_.lower() in SPENDING_VERBS for x in chain) and any(
                t.ent_type_ == "MONEY" for x in chain for t in x.subtree
            ):
                return True
        if root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.head.lemma_ == "pay":
            return True
    return False


def is_work_title(span: Span) -> bool:
    """A documentary, book or film named in apposition: not an entity."""
    works = words("work_nouns")
    root = span.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in works:
        return True
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].is_punct or doc[i].text in QUOTES) and span.start - i <= 2:
        i -= 1
    return i >= 0 and doc[i].lemma_.lower() in works


class EntityClusterer:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        for ext in ("kg_clusters", "kg_token_cluster", "kg_antecedent"):
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None)

    def __call__(self, doc: Doc) -> Doc:
        cue_tokens = {t.i for sp in doc.spans.get("kg_cues", []) for t in sp}
        mentions: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in LABEL_CATEGORY:
                continue
            span = clean_span(ent, cue_tokens)
            if span is None or is_work_title(span) or all(t.i in cue_tokens for t in span):
                continue  # (a name inside a title: "State" of "State's Attorney")
            mentions.append(span)
        mentions = _split_titled_names(doc, mentions, cue_tokens)
        mentions = _and_joined_names(doc, mentions)
        mentions = self._datelines(doc, [self._office_place(doc, m) for m in mentions])
        mentions = self._given_names(doc, mentions, cue_tokens)
        mentions = self._bare_names(doc, mentions, cue_tokens)
        mentions = self._name_endings(doc, mentions)
        mentions, titled = self._titled_people(doc, mentions)
        mentions += self._repeat_mentions(doc, mentions)
        mentions = _whole_hyphenated(doc, mentions)
        clusters = self._cluster(mentions, titled)
        token_cluster: dict[int, int] = {}
        for ci, cl in enumerate(clusters):
            for m in cl.mentions:
                for t in m:
                    token_cluster[t.i] = ci
        doc._.kg_clusters = clusters
        doc._.kg_token_cluster = token_cluster
        antecedent = self._resolve_pronouns(doc, clusters, token_cluster)
        resolve_speakers(doc, clusters, token_cluster, antecedent)
        doc._.kg_antecedent = antecedent
        return doc

    # -- clustering ---------------------------------------------------------
    def _cluster(self, mentions: list[Span], titled: set[int] = frozenset()) -> list[Cluster]:
        by_key: dict[str, Cluster] = {}
        for m in mentions:
            key = norm_name(m.text)
            cl = by_key.setdefault(key, Cluster())
            cl.mentions.append(m)
            cl.labels[m.label_] += 1
        # acronyms the text itself defines: "Fraternal Order of Police (FOP)"
        for cl in list(by_key.values()):
            for m in cl.mentions:
                doc = m.doc
                if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")":
                    acro = doc[m.end + 1].text
                    initials = "".join(w[0] for w in m.text.split() if w[:1].isupper())
                    if acro.isupper() and initials.startswith(acro) and len(acro) > 1:
                        other = by_key.get(norm_name(acro))
                        if other is not None and other is not cl:
                            cl.mentions += other.mentions
                            cl.labels.update(other.labels)
                            del by_key[norm_name(acro)]
        # acronyms used without being defined: "the FOP" for "Fraternal Order of Police Lodge 5",
        # when exactly one organization's name starts with those initials
        for key, cl in list(by_key.items()):
            acro = cl.mentions[0].text
            if not (acro.isupper() and acro.isalpha() and len(acro) >= 3 and len(key.split()) == 1):
                continue
            owners = [
                other
                for k, other in by_key.items()
                if k != key
                and (other.labels["ORG"] or other.labels["PAC"])
                and "".join(
                    w[0] for w in other.mentions[0].text.split() if w[:1].isupper()
                ).startswith(acro)
            ]
            if len(owners) == 1:
                owners[0].mentions += cl.mentions
                owners[0].labels.update(cl.labels)
                del by_key[key]
        # "the city's Democratic Party" after "San Francisco Democratic Party": a place's
        # name in front is the only difference
        places = {k for k, c in by_key.items() if c.labels["GPE"] or c.labels["LOC"]}
        for key, cl in list(by_key.items()):
            if not (cl.labels["ORG"] or cl.labels["PAC"]) or len(key.split()) < 2:
                continue
            local = any(
                m.start >= 2
                and m.doc[m.start - 2].lower_ in ("city", "county", "state", "borough")
                and m.doc[m.start - 1].text in ("'s", "’s")
                for m in cl.mentions
            )
            longer = [
                k
                for k in by_key
                if k != key and k.endswith(" " + key) and (local or k[: -len(key) - 1] in places)
            ]
            if len(longer) == 1:
                by_key[longer[0]].mentions += cl.mentions
                by_key[longer[0]].labels.update(cl.labels)
                del by_key[key]
        # "the Deputies Association" after "Hatcher County Deputies Association", "the
        # Sentinel" after "Mesa Quemada Sentinel": the end of one group's longer name
        orgish = {k for k, c in by_key.items() if (c.labels["ORG"] or c.labels["PAC"]) and " " in k}
        for key, cl in list(by_key.items()):
            if not (cl.labels["ORG"] or cl.labels["PAC"]) or cl.labels["PERSON"]:
                continue
            if not (" " in key or cl.mentions[0].text[:1].isupper()):
                continue
            longer = [k for k in orgish if k != key and k in by_key and k.endswith(" " + key)]
            if " " not in key and any(
                k.endswith(" " + key)
                and (c.labels["PERSON"] or _looks_personal(c.mentions[0].text))
                for k, c in by_key.items()
                if k not in orgish
            ):
                continue  # "Haidari" is Yasmin Haidari, not "Friends of Yasmin Haidari"
            if len(longer) == 1 and len(longer[0].split()) - len(key.split()) <= 3:
                by_key[longer[0]].mentions += cl.mentions
                by_key[longer[0]].labels.update(cl.labels)
                del by_key[key]
        # "Arlington" after "Arlington County": the county's short name
        for key, cl in list(by_key.items()):
            if not (cl.labels["GPE"] or cl.labels["LOC"]):
                continue
            longer = [
                k
                for k in by_key
                if k != key and k in (key + " county", key + " parish", key + " borough")
            ]
            if len(longer) == 1:
                by_key[longer[0]].mentions += cl.mentions
                by_key[longer[0]].labels.update(cl.labels)
                del by_key[key]
        # "Mich." is Michigan when the article names Michigan
        for abbr, state in name_pairs("us_state_abbreviations.txt").items():
            a, full_key = norm_name(abbr), norm_name(state)
            if a in by_key and full_key in by_key and a != full_key:
                by_key[full_key].mentions += by_key[a].mentions
                by_key[full_key].labels.update(by_key[a].labels)
                del by_key[a]
        # surnames: "Krasner" joins "Larry Krasner" when exactly one full name ends so
        full: dict[str, list[str]] = {}
        shaped: dict[str, list[str]] = {}  # name-shaped keys the model did not call people
        for key, cl in by_key.items():
            if len(key.split()) > 1 and (
                cl.labels["PERSON"] or _looks_personal(cl.mentions[0].text)
            ):
                full.setdefault(key.split()[-1], []).append(key)
            elif _name_shaped(cl.mentions[0].text):
                shaped.setdefault(key.split()[-1], []).append(key)
        for key, cl in by_key.items():
            # "Vasilakis gave ..." seven times: the one "Teodor Vasilakis" is that person,
            # however the model labelled the full name
            if (
                len(key.split()) == 1
                and key not in full
                and len(shaped.get(key, [])) == 1
                and (cl.labels["PERSON"] or _acts_as_person(cl))
            ):
                full[key] = shaped[key]
        for key in list(by_key):
            if len(key.split()) != 1 or key not in full or key in full[key]:
                continue
            cl = by_key.pop(key)
            for m in cl.mentions:
                # several full names share the surname ("Jackie Lacey", "David Lacey"): a
                # bare "Lacey" is one named in its own or the previous sentence, else the
                # one the article introduced first (its subject, as a rule)
                targets = [by_key[k] for k in full[key]]
                before = [
                    (max((x.start for x in t.mentions if x.start < m.start), default=-1), i)
                    for i, t in enumerate(targets)
                ]
                latest, li = max(before)
                first = min(
                    range(len(targets)), key=lambda i: min(x.start for x in targets[i].mentions)
                )
                near = latest >= 0 and _previous_sentence(m.doc[latest], m)
                target = targets[li] if near else targets[first]
                target.mentions.append(m)
                target.labels[m.label_] += 1
        # a given name alone ("Isaac does not pick candidates") is the one person of
        # the article with that given name, when the model also calls it a person
        people = [k for k, c in by_key.items() if len(k.split()) > 1 and c.labels["PERSON"]]
        for key in list(by_key):
            cl = by_key[key]
            if len(key.split()) != 1 or not cl.labels["PERSON"] or key not in by_key:
                continue
            if cl.mentions[0].text not in first_names():
                continue
            owners = [k for k in people if k.split()[0] == key and k in by_key]
            if len(owners) == 1:
                by_key[owners[0]].mentions += cl.mentions
                by_key[owners[0]].labels.update(cl.labels)
                del by_key[key]
        out = []
        for cl in by_key.values():
            cl.mentions.sort(key=lambda s: s.start)
            surfaces = cl.surfaces()
            cl.name = max(
                surfaces,
                key=lambda s: (len(s.split()), not _shouted(s), len(s), -surfaces.index(s)),
            )
            if _shouted(
                cl.name
            ):  # a dateline ("CHICAGO —"): name it as the text would in a sentence
                cl.name = cl.name.title()
            cl.category = (
                "Person" if any(m.start in titled for m in cl.mentions) else self._category(cl)
            )
            cl.types = {cl.category}
            out.append(cl)
        out.sort(key=lambda c: c.mentions[0].start)
        return out

    @staticmethod
    def _category(cl: Cluster) -> str:
        if COMMITTEE_RE.search(cl.name) or cl.labels["PAC"]:
            return "PAC"
        if cl.name in name_list("us_states.txt") or cl.name in ("America", "United States"):
            return "Place"  # "California" alone is the state, whatever the model said
        if cl.name.split()[-1] in ("County", "Parish", "Borough") and not cl.labels["ORG"]:
            return "Place"  # "Saline Fork County, whose prosecuting attorney, ...": a county
        if _spends_as_committee(cl):
            return "PAC"
        placeish = cl.labels["GPE"] + cl.labels["LOC"] > cl.labels["ORG"] or (
            cl.name.split()[-1].lower() in words("place_heads") if cl.name.split() else False
        )
        for m in cl.mentions if not placeish else ():  # ("In Carrow County, the PAC ...")
            root = m.root
            near = [root.head] if root.dep_ == "appos" else []
            near += [c for c in root.children if c.dep_ == "appos"]
            if any(
                t.lemma_.lower() in ("committee", "pac") and t.i not in range(m.start, m.end)
                for t in near
            ):
                # "Neighbors for a Better San Francisco, a political action committee"
                return "PAC"
        last = cl.name.split()[-1].lower() if cl.name.split() else ""
        states = name_list("us_states.txt") | set(name_pairs("us_state_abbreviations.txt"))
        for m in cl.mentions:
            after = m.doc[m.end : m.end + 4].text
            if after.startswith(",") and any(after[1:].strip().startswith(st) for st in states):
                return "Place"  # "Mesa, Arizona", "Ann Arbor, Mich."
        if (
            last in words("organization_heads")
            and not cl.labels["PERSON"] > sum(cl.labels.values()) / 2
        ):
            return "Organization"  # "Lake County Republican Party", whatever the model said
        for m in cl.mentions:
            if m.start > 0 and m.doc[m.start - 1].lower_ in (
                "firm",
                "company",
                "nonprofit",
                "newspaper",
                "paper",
                "station",
                "foundation",
            ):
                return "Organization"  # "the Port Esterly firm Lockridge Sandberg"
        if not cl.labels["PERSON"] and _looks_personal(cl.name):
            return "Person"  # "Van Jones", "Freddie Gray": a given name, then a surname
        for m in cl.mentions:
            before = m.doc[max(0, m.start - 3) : m.start].text.lower()
            if before.endswith(("city of", "county of", "town of", "state of", "borough of")):
                return "Place"  # "the city of Falls Church"
            if before.endswith(("committee called", "committee named", "pac called", "pac named")):
                return "PAC"  # "a political committee called Virginians for Safe Communities"
        if cl.name.split()[0] in (
            "St.",
            "Saint",
            "Fort",
            "Ft.",
            "Port",
            "Mount",
            "Mt.",
        ) and last not in words("organization_heads"):
            return "Place"  # "St. Paul", "Port Sevrin"
        if cl.name in name_pairs("us_state_abbreviations.txt"):
            return "Place"
        for m in cl.mentions:
            # "Restore Wolfram Safety, a committee chaired by ...", "its campaign committee,
            # Citizens for Whitsett": described as a committee, whatever the parse attached
            doc = m.doc
            after = [t.lower_ for t in doc[m.end : m.end + 6]]
            if (
                not placeish
                and after[:1] == [","]
                and len(after) > 2
                and after[1] in ("a", "an", "the")
            ):
                for n, w in enumerate(after[2:6], start=2):
                    if w in ("committee", "pac", "super"):
                        if after[n + 1 : n + 2] in (["'s"], ["’s"]):
                            break  # "Obiora Nwadike, the PAC's treasurer" is a person
                        return "PAC"
                    if w in (",", "of", "that", "which", "who", "and"):
                        break
            before = [t.lower_ for t in doc[max(0, m.start - 2) : m.start]]
            if before[-2:] in (["committee", ","], ["pac", ","]):
                return "PAC"
        roles = words("person_role_nouns")
        for m in cl.mentions:
            root = m.root
            if (root.dep_ == "appos" and root.head.lemma_.lower() in roles) or any(
                c.dep_ == "appos" and c.lemma_.lower() in roles for c in root.children
            ):
                # "whose chair, Toni Preckwinkle": named in apposition with a person's role
                return "Person"
        parts = cl.name.split()
        if (
            2 <= len(parts) <= 3
            and last not in words("organization_heads")
            and last not in words("place_heads")
            and all(p[:1].isupper() and p.replace("-", "").isalpha() for p in parts)
            and _acts_as_person(cl)
        ):
            return "Person"  # "Tomasz Wierzbicki said": a two-word name that speaks
        if any(
            m.end + 1 < len(m.doc) and m.doc[m.end].text == "," and m.doc[m.end + 1].lower_ == "who"
            for m in cl.mentions
        ) and last not in words("organization_heads") | words("place_heads"):
            return "Person"  # "Olumide Adeyemi, who is trying to unseat ...": a person
        multi = {m.label_ for m in cl.mentions if len(m.text.split()) > 1}
        if multi == {"PERSON"}:
            # "Donald Trump" is a person however often NER calls a bare "Trump" an ORG
            return "Person"
        label = max(
            cl.labels,
            key=lambda lab: (cl.labels[lab] + (0.5 if lab == "PERSON" else 0), LABEL_PRIORITY[lab]),
        )
        if label != "PERSON" and cl.labels["PERSON"] and len(cl.name.split()) == 1:
            # NER often calls a possessive surname ("Krasner's") an ORG: a name the text
            # also uses as a person, and that is one capitalized word, is a person.
            label = "PERSON"
        return LABEL_CATEGORY[label]

    @staticmethod
    def _name_endings(doc: Doc, mentions: list[Span]) -> list[Span]:
        """ "Safe Oriel" + "Now": committees' names often end in a word the model leaves
        out ("Now", "Forward", "Action", "First")."""
        starts = {m.start for m in mentions}
        out = []
        for m in mentions:
            if (
                m.label_ in ("ORG", "PAC", "GPE")
                and m.end < len(doc)
                and doc[m.end].text in words("name_endings")
                and m.end not in starts
            ):
                m = Span(doc, m.start, m.end + 1, label="ORG" if m.label_ == "GPE" else m.label_)
            out.append(m)
        return out

    @staticmethod
    def _bare_names(doc: Doc, mentions: list[Span], cue_tokens: set[int]) -> list[Span]:
        """A run of capitalized words the model did not name, in a place where the
        article names who acts ("Safe Juneberry Now spent $310,000", "a check from
        Harbor Light Action"), is an organization's name."""
        covered = {t for m in mentions for t in range(m.start, m.end)}
        lex = lexicon()
        acting = (
            set(lex["fund_verbs"]) | set(lex["support_verbs"]) | set(lex["oppose_verbs"])
            | set(lex["receive_verbs"]) | set(lex["member_verbs"])
        )  # fmt: skip
        out = list(mentions)
        i = 0
        while i < len(doc):
            tok = doc[i]
            if tok.pos_ != "PROPN" or i in covered or not tok.text[:1].isupper():
                i += 1
                continue
            end = i
            while (
                end < len(doc)
                and doc[end].pos_ == "PROPN"
                and doc[end].text[:1].isupper()
                and doc[end].text.replace("-", "").isalpha()
                and end not in covered
                and end not in cue_tokens
            ):
                end += 1
            if (end - i >= 2 and not doc[i].is_sent_start) or end - i >= 3:
                span = Span(doc, i, end, label="ORG")
                root = span.root
                head = root.head.lemma_.lower()
                owner = (
                    root.dep_ == "poss"
                    and end + 1 < len(doc)
                    and doc[end].text in ("'s", "’s")
                    and doc[end + 1].lower_ in words("role_nouns")
                )  # "Safe Oriel Now's chairman"
                if (
                    end - i <= 5
                    and (
                        owner
                        or (root.dep_ in ("nsubj", "nsubjpass", "dobj") and head in acting)
                        or (root.dep_ == "pobj" and head in ("from", "by", "into", "to", "behind"))
                    )
                    and not any(t.ent_type_ in ("DATE", "TIME", "MONEY") for t in span)
                    and doc[end - 1].lower_ not in words("building_heads")
                ):
                    out.append(span)
            i = max(end, i + 1)
        return sorted(out, key=lambda m: m.start)

    @staticmethod
    def _given_names(doc: Doc, mentions: list[Span], cue_tokens: set[int]) -> list[Span]:
        """ "Yesenia Montalvo" that the model missed or called a place: a common given
        name and one or two more capitalized words are a person, unless the words make
        a place or an organization ("Ann Arbor, Mich.", "Jackson County")."""
        given = first_names()
        heads = words("organization_heads") | words("place_heads")
        states = name_list("us_states.txt") | set(name_pairs("us_state_abbreviations.txt"))
        covered = {t: m for m in mentions for t in range(m.start, m.end)}
        out = list(mentions)
        for tok in doc:
            if tok.text not in given or tok.pos_ != "PROPN" or tok.i in cue_tokens:
                continue
            end = tok.i + 1
            while (
                end < len(doc)
                and end - tok.i < 3
                and doc[end].pos_ == "PROPN"
                and doc[end].text[:1].isupper()
                and doc[end].text.replace("-", "").replace("'", "").isalpha()
                and doc[end].i not in cue_tokens
                and doc[end].lower_ not in words("person_titles")  # "Virgil City Mayor ..."
            ):
                end += 1
            if end - tok.i < 2 or doc[end - 1].lower_ in heads:
                continue
            nxt = doc[end : end + 2]
            if len(nxt) == 2 and nxt[0].text == "," and nxt[1].text in states:
                continue  # "Ann Arbor, Mich."
            inside = {id(covered[t]): covered[t] for t in range(tok.i, end) if t in covered}
            if any(m.label_ == "PERSON" or m.start < tok.i or m.end > end for m in inside.values()):
                continue  # already a person, or part of a longer name
            out = [m for m in out if id(m) not in inside] + [Span(doc, tok.i, end, label="PERSON")]
        return sorted(out, key=lambda m: m.start)

    @staticmethod
    def _datelines(doc: Doc, mentions: list[Span]) -> list[Span]:
        """ "ST. LOUIS — ..." opens a story: the capitals before the dash are one place."""
        out = list(mentions)
        prev = None
        for tok in doc:
            starts_line = prev is None or "\n" in prev.text or "\n" in prev.whitespace_
            prev = tok
            if not starts_line:
                continue
            end = tok.i
            while (
                end < len(doc)
                and end - tok.i < 6
                and (doc[end].text.isupper() or doc[end].text in (".", ","))
            ):
                end += 1
            while end > tok.i and doc[end - 1].text in (".", ","):
                end -= 1
            after = end
            if after + 1 < len(doc) and doc[after].text == ",":
                # "PORT SEVRIN, Mich. —": a state after the city
                state = doc[after + 1].text
                if state in name_pairs("us_state_abbreviations.txt") or state in name_list(
                    "us_states.txt"
                ):
                    after += 2
            if (
                end == tok.i
                or after >= len(doc)
                or doc[after].text not in ("—", "–", "-", "(")
                or len(doc[tok.i : end].text) < 3
            ):
                continue
            if doc[end - 1].text.isupper() and "," in doc[tok.i : end].text:
                end = next(t.i for t in doc[tok.i : end] if t.text == ",")  # "CHICAGO, Ill. —"
            span = Span(doc, tok.i, end, label="GPE")
            out = [m for m in out if not (m.start < end and tok.i < m.end)] + [span]
        return sorted(out, key=lambda m: m.start)

    @staticmethod
    def _office_place(doc: Doc, m: Span) -> Span:
        """ "Queens district attorney": a one-word name right before a prosecutor's title
        names the office's place, whatever the model called it."""
        cue_starts = {
            sp.start for sp in doc.spans.get("kg_cues", []) if not sp[-1].lower_.endswith("s")
        }
        if m.end in cue_starts and m.label_ in ("ORG", "PERSON") and len(m) <= 3:
            if not (
                m.label_ == "PERSON" and m.start > 0 and doc[m.start - 1].lower_ in ("'s", "’s")
            ):
                return Span(doc, m.start, m.end, label="GPE")
        return m

    @staticmethod
    def _titled_people(doc: Doc, mentions: list[Span]) -> tuple[list[Span], set[int]]:
        """A name right after a title ("District Attorney Ana Solis", "Mayor Jo Park") is a person.

        The small model often tags such names as an organization, or only the
        surname; the title settles it. Overlapping mentions give way. Returns the
        mentions and the start tokens of the titled ones.
        """
        titles = words("person_titles")
        cue_ends = {
            sp.end
            for sp in doc.spans.get("kg_cues", [])
            if not sp[-1].lower_.endswith("s") or sp[-1].lower_ == "d.a.s"
        }
        out = list(mentions)
        titled: set[int] = set()
        for tok in doc[:-1]:
            if not (tok.i + 1 in cue_ends or (tok.lower_ in titles and tok.text[:1].isupper())):
                continue
            start = end = tok.i + 1
            while end < len(doc) and end - start < 5:
                t = doc[end]
                if t.pos_ == "PROPN" and t.text[:1].isupper():
                    end += 1
                elif (
                    t.text in ("-", "‑")
                    and end > start
                    and end + 1 < len(doc)
                    and doc[end + 1].text[:1].isupper()
                ):
                    end += 2  # "Okonkwo-Reyes"
                else:
                    break
            while end - start > 1 and (
                doc[start].lower_ in titles
                or doc[start].lower_ in words("assistant_words")
                or (doc[start].lower_ == "public" and doc[start + 1].lower_ == "defender")
                or any(sp.start <= start < sp.end for sp in doc.spans.get("kg_cues", []))
            ):
                start += 1  # "Chief Deputy County Attorney Nikolai Petrosyan": past every title
            if end - start < 1 or (
                end - start == 1 and doc[start].ent_type_ not in ("PERSON", "ORG", "GPE", "")
            ):
                continue
            span = Span(doc, start, end, label="PERSON")
            overlapping = [m for m in out if m.start < end and start < m.end]
            if any(m.label_ == "PAC" or (m.end - m.start) > (end - start) + 1 for m in overlapping):
                continue  # part of a committee's name, or of a longer name
            out = [m for m in out if m not in overlapping]
            out.append(span)
            titled.add(start)
        return sorted(out, key=lambda m: m.start), titled

    @staticmethod
    def _repeat_mentions(doc: Doc, mentions: list[Span]) -> list[Span]:
        """Names the model found once, found again where it missed them.

        A later "Foxx" after a line break is often left untagged; any proper noun
        (or run of them) equal to a name or a person's surname already found in
        this article is another mention of it.
        """
        covered = {t.i for m in mentions for t in m}
        known: dict[str, str] = {}
        for m in mentions:
            known.setdefault(norm_name(m.text), m.label_)
            if m.label_ == "PERSON" and len(m) > 1:
                known.setdefault(norm_name(m[-1].text), "PERSON")
        extra: list[Span] = []
        n_doc = len(doc)
        # one pass over plain Python values: token lookups in a Doc are slow
        nameish = [t.pos_ == "PROPN" or t.text in ("&", "of") for t in doc]
        upper = [t.text[:1].isupper() for t in doc]
        i = 0
        while i < n_doc:
            if i in covered or not nameish[i] or not upper[i]:
                i += 1
                continue
            for n in (4, 3, 2, 1):
                if i + n > n_doc or any(k in covered or not nameish[k] for k in range(i, i + n)):
                    continue
                key = norm_name(doc[i : i + n].text)
                if key in known:
                    extra.append(Span(doc, i, i + n, label=known[key]))
                    covered.update(range(i, i + n))
                    i += n - 1
                    break
            i += 1
        return extra

    # -- pronouns -----------------------------------------------------------
    def _resolve_pronouns(
        self, doc: Doc, clusters: list[Cluster], token_cluster: dict[int, int]
    ) -> dict[int, int]:
        """Link he/she/his/her (and it/its) to the likeliest earlier referent.

        Candidates are named referents of the right kind in the same or the two
        previous sentences, and of the pronoun's gender once the article has shown
        it (a pronoun with a single candidate teaches its referent's gender). A
        possessive ("his own father") prefers the nearest name in its sentence;
        other pronouns prefer the latest grammatical subject. Returns pronoun
        token → start token of the antecedent mention (the cluster also goes into
        ``token_cluster``).
        """
        antecedent: dict[int, int] = {}
        person_pr, org_pr = words("pronouns_person"), words("pronouns_org")
        sent_of: dict[int, int] = {}
        sent_starts: list[int] = []
        for si, s in enumerate(doc.sents):
            sent_starts.append(s.start)
            for t in s:
                sent_of[t.i] = si
        heads: list[tuple[int, int, bool]] = []  # (token index, cluster, is_subject)
        subject_of: dict[int, int] = {}  # mention start → the verb it is the subject of
        root_of: dict[int, int] = {}  # mention start → its head token
        for ci, cl in enumerate(clusters):
            for m in cl.mentions:
                root = m.root
                subj = (
                    root.dep_ in ("nsubj", "nsubjpass")
                    or (root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass"))
                    or m.start == m.sent.start
                )
                if root.dep_ in ("nsubj", "nsubjpass"):
                    subject_of[m.start] = root.head.i
                root_of[m.start] = root.i
                heads.append((m.start, ci, subj))
        heads.sort()
        refs: dict[str, list[str]] = lexicon()["definite_references"]
        org_at = {
            m.start: ci
            for ci, cl in enumerate(clusters)
            if cl.category in ("PAC", "Organization")
            for m in cl.mentions
        }
        last_of: dict[str, tuple[int, int]] = {}  # category → (mention start, cluster) last seen
        gender: dict[int, str] = {}
        female, male = first_names("f"), first_names("m")
        for ci, cl in enumerate(clusters):  # "Erin Martinson" is she until the text says else
            given = cl.name.split()[0] if cl.category == "Person" and " " in cl.name else ""
            if given in female:
                gender[ci] = "f"
            elif given in male:
                gender[ci] = "m"
        chain: dict[str, tuple[int, int]] = {}  # gender → (sentence, cluster) of the last he/she
        counts = sorted(
            (
                (len(cl.mentions), ci)
                for ci, cl in enumerate(clusters)
                if cl.category in ("Person", "Prosecutor")
            ),
            reverse=True,
        )
        main_person = (
            counts[0][1]
            if counts
            and counts[0][0] >= 3
            and (len(counts) == 1 or counts[0][0] >= 2 * counts[1][0])
            else None
        )
        for ci, cl in enumerate(clusters):  # "Michele Hanisee, herself a deputy ...": her gender
            for m in cl.mentions:
                nxt = [t for t in m.doc[m.end : m.end + 2] if t.lower_ in ("himself", "herself")]
                if nxt:
                    gender[ci] = "m" if nxt[0].lower_ == "himself" else "f"
        last_head: dict[str, tuple[int, int]] = {}  # an organization's head word → last seen

        def _as_head(tok: Token, ci: int) -> None:
            # "the PAC" resolved is a mention too: a later "its" may point at it
            subj = tok.dep_ in ("nsubj", "nsubjpass")
            if subj:
                subject_of[tok.i] = tok.head.i
            root_of[tok.i] = tok.i
            bisect.insort(heads, (tok.i, ci, subj))

        def stem(w: str) -> str:
            w = w.lower().strip("'’")
            if w.endswith("ies") and len(w) > 4:
                return w[:-3] + "y"
            return w[:-1] if w.endswith("s") and len(w) > 3 else w

        org_words = {
            ci: {stem(w) for w in cl.name.split()}
            for ci, cl in enumerate(clusters)
            if cl.category in ("PAC", "Organization")
        }
        org_first = {ci: min(m.start for m in clusters[ci].mentions) for ci in org_words}
        org_heads = words("organization_heads")
        for tok in doc:
            low = tok.lower_
            described = (
                tok.pos_ == "NOUN"
                and tok.i not in token_cluster
                and (low in refs or low in org_heads or low in last_head)
                and low not in ("office", "department")
            )  # (cheap tests first: most tokens are not "the ... union")
            mods = (
                [
                    c
                    for c in tok.children
                    if c.dep_ in ("compound", "amod", "poss")
                    and c.pos_ in ("NOUN", "ADJ", "PROPN")
                    and c.i not in token_cluster
                    and c.i < tok.i
                ]
                if described
                else []
            )
            if mods and (low in refs or low in org_heads) and _definite(doc, tok):
                # "the police association", "the corrections union": the one group named
                # before whose name has both words
                want = {stem(low)} | {stem(c.text) for c in mods}
                named = [
                    ci for ci, ws in org_words.items() if want <= ws and org_first[ci] < tok.i
                ] or [  # else one whose name has the head word ("the police association")
                    ci for ci, ws in org_words.items() if stem(low) in ws and org_first[ci] < tok.i
                ]
                latest = sorted(
                    (max(m.start for m in clusters[ci].mentions if m.start < tok.i), ci)
                    for ci in named
                )
                if latest:
                    last, ci = latest[-1]  # the latest of them
                    token_cluster[tok.i] = ci
                    # the evidence reaches back to the name, unless it is far back
                    near = sent_of.get(tok.i, 0) - sent_of.get(last, 0) <= 4
                    antecedent[tok.i] = last if near else tok.i
                    _as_head(tok, ci)
                    continue
            owner = (
                next(
                    (
                        token_cluster[c.i]
                        for c in tok.children
                        if c.dep_ in ("poss", "compound")
                        and c.i in antecedent
                        and clusters[token_cluster[c.i]].category in ("PAC", "Organization")
                    ),
                    None,
                )
                if described and (low in refs or low in last_head)
                else None
            )
            if owner is not None:
                # "the teachers' union": the group "teachers'" already stands for
                token_cluster[tok.i] = owner
                antecedent[tok.i] = antecedent[next(c.i for c in tok.children if c.i in antecedent)]
                _as_head(tok, owner)
                continue
            if tok.i in org_at:
                ci = org_at[tok.i]
                last_of[clusters[ci].category] = (tok.i, ci)
                parts = [w.lower() for w in clusters[ci].name.split()]
                for w in {parts[-1]} | (set(parts) & words("organization_heads")):
                    last_head[w] = (tok.i, ci)  # "the board": "Board of Commissioners"
            if (
                tok.pos_ == "NOUN"
                and low in last_head
                and low not in ("office", "department")  # "the office" is the prosecutor's
                and tok.i not in token_cluster
                and tok.i > 0
                and _definite(doc, tok)
                and tok.dep_ != "compound"
                and sent_of.get(tok.i, 0) - sent_of.get(last_head[low][0], 0) <= 6
            ):
                # "the foundation" is the Okonjo-Marsh Family Foundation named before it
                start, ci = last_head[low]
                token_cluster[tok.i] = ci
                antecedent[tok.i] = start
                _as_head(tok, ci)
                continue
            if (
                low in refs
                and tok.i not in token_cluster
                and tok.i > 0
                and _definite(doc, tok)
                and tok.dep_ != "compound"
            ):
                # "The PAC endorsed ...", "gave the group $600,000": the committee or group
                # this article named last (a group only if named in the last two sentences)
                seen = [last_of[c] for c in refs[low] if c in last_of]
                if seen:
                    start, ci = max(seen)
                    near = sent_of.get(tok.i, 0) - sent_of.get(start, 0) <= 4
                    if low in ("pac", "committee") or near:
                        token_cluster[tok.i] = ci
                        antecedent[tok.i] = start
                        _as_head(tok, ci)
                continue
            if low in person_pr:
                want, g = {"Person", "Prosecutor"}, ("m" if low in ("he", "him", "his") else "f")
            elif low in org_pr and (
                tok.dep_ in ("nsubj", "nsubjpass", "poss", "dative")
                or (tok.dep_ == "pobj" and tok.head.lower_ in ("to", "into"))
            ):  # "who has given it $650,000", "transferred $300,000 to it"
                want, g = {"Organization", "PAC"}, None
            else:
                continue
            si = sent_of.get(tok.i, 0)
            # an object pronoun is not its own clause's subject ("Bates ran against her"),
            # nor the subject of a verb above it ("Biden nominated her to be ...")
            if tok.dep_ in ("dobj", "dative", "pobj") or (
                low in ("him", "her") and tok.dep_ != "poss"
            ):
                # up to the pronoun's own clause: in "Vukovich is financed by the
                # federation, which endorsed him", "him" may be Vukovich
                blocked = set()
                for a in tok.ancestors:
                    if a.pos_ in ("VERB", "AUX"):
                        blocked.add(a.i)
                        if a.dep_ in ("relcl", "acl", "advcl", "ccomp", "conj"):
                            break
            else:
                blocked = set()
            # nor a name whose own relative clause holds the pronoun ("said Brendan
            # Gallagher, who chairs the association, which endorsed him")
            above = {a.i for a in tok.ancestors} if tok.dep_ != "poss" else set()
            lo = bisect.bisect_left(heads, (sent_starts[max(si - 2, 0)],))
            hi = bisect.bisect_left(heads, (tok.i,))
            cands = [
                (i, ci, subj)
                for i, ci, subj in heads[lo:hi]
                if si - sent_of.get(i, 0) <= 2
                and clusters[ci].category in want
                and gender.get(ci, g) == g
                and subject_of.get(i) not in blocked
                and root_of.get(i) not in above
            ]
            if not cands and g is not None:
                # a Q&A or a long quote: reach further back, but only to someone the
                # article has already shown to be "he" or "she"
                lo = bisect.bisect_left(heads, (sent_starts[max(si - 10, 0)],))
                cands = [
                    (i, ci, subj)
                    for i, ci, subj in heads[lo:hi]
                    if gender.get(ci) == g
                    and clusters[ci].category in want
                    and subject_of.get(i) not in blocked
                ]
            if not cands and g is not None and main_person is not None:
                # a profile's "she", long after the name: the one person the article
                # is about (named at least three times, twice as often as anyone else)
                ci = main_person
                first = min(m.start for m in clusters[ci].mentions)
                if gender.get(ci, g) == g and first < tok.i and token_cluster.get(tok.i) is None:
                    cands = [
                        (max(m.start for m in clusters[ci].mentions if m.start < tok.i), ci, True)
                    ]
            if not cands:
                continue
            if tok.dep_ == "poss":
                # "Tracey Cline, one of his successors": not her own successor
                up = tok.head
                while up.dep_ in ("pobj", "prep") and up.head.i != up.i:
                    up = up.head
                if up.dep_ == "appos":
                    cands = [c for c in cands if c[1] != token_cluster.get(up.head.i)] or cands
            # the subject of the pronoun's own sentence comes first ("the activist Shaun King
            # announced the PAC, a committee he co-founded"); after it, someone the article
            # already calls "she" beats a stranger
            # someone whose gender the text has shown beats one whose gender is unknown
            # ("Gov. Rutherford Caine suspended Monique Achebe-Lorenz, accusing her")
            only_one = len({c[1] for c in cands}) == 1
            known = [c for c in cands if gender.get(c[1]) == g] if g is not None else []
            cands = known or cands
            same_subj = [c for c in cands if sent_of.get(c[0]) == si and c[2]]
            last = chain.get(g) if g is not None else None
            follow = [
                c for c in cands if last is not None and si - last[0] <= 1 and c[1] == last[1]
            ]
            if same_subj and tok.dep_ != "poss":
                cands = same_subj
            elif follow:
                cands = follow  # "has given him $63K. He was backed by ...": the same man
            same = [c for c in cands if sent_of.get(c[0]) == si]
            if tok.dep_ == "poss" and same:
                i, ci, _ = same[-1]
            else:
                subjects = [c for c in cands if c[2]]
                i, ci, _ = (subjects or cands)[-1]
            if g is not None and only_one:
                gender[ci] = g  # (only when nobody else could be meant)
            token_cluster[tok.i] = ci
            antecedent[tok.i] = i
            if g is not None:
                chain[g] = (si, ci)
        return antecedent


@Language.factory("kg_entities", default_config={})
def make_entities(nlp: Language, name: str) -> EntityClusterer:
    return EntityClusterer(nlp, name)
