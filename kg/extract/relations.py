"""Component ``kg_relations``: the six scored predicates (and mayorOf), read from the words of each sentence.

Rules combine the dependency parse with short surface windows (the small
English parser is often wrong about attachment; a rule that needs both to be
right would miss too much). Each rule names itself in ``Rel.rule`` so a developer
can see why an edge exists. Sets ``doc._.kg_relations`` (list of :class:`Rel`)
and finalizes each cluster's category.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.entities import Cluster, norm_name
from kg.extract.lexicon import lexicon, name_list, words
from kg.extract.money import parse_amount
from kg.extract.pairs import Candidate, PairModel, candidates, load_model, pair_features

__all__ = ["Rel", "RelationExtractor"]

PERSONS = {"Person", "Prosecutor"}
ORGS = {"Organization", "PAC"}
SCORED = ("prosecutorOf", "challenges", "supports", "opposes", "funds", "memberOf")
MAX_PAIR_ENTITIES = 12
MODEL_FLOOR = 0.7  # the learned model adds nothing it is less sure of than this
ALLOWED = {
    "prosecutorOf": (PERSONS, {"Place"}),
    "challenges": (PERSONS, PERSONS),
    "supports": (PERSONS | ORGS, PERSONS | ORGS),
    "opposes": (PERSONS | ORGS, PERSONS | ORGS),
    "funds": (PERSONS | ORGS, PERSONS | ORGS),
    "memberOf": (PERSONS, ORGS),
    "mayorOf": (PERSONS, {"Place"}),
}
SKIP_BETWEEN = {
    "the",
    "a",
    "an",
    "billionaire",
    "financier",
    "investor",
    "philanthropist",
    "mogul",
    "hedge",
    "fund",
    "manager",
    "group",
    "committee",
    "pac",
    "super",
    "political",
    "progressive",
    "conservative",
    "national",
    "local",
    "activist",
}
APPOS_FILLER_POS = {"DET", "ADJ", "PROPN", "PART", "ADV", "NOUN", "PUNCT", "CCONJ"}
APPOINTING_VERBS = {
    "elect",
    "appoint",
    "name",
    "nominate",
    "hire",
    "tap",
    "pick",
    "choose",
    "select",
}


@dataclass
class Rel:
    subject: int
    predicate: str
    object: int
    confidence: float
    start: int  # character offsets into doc.text
    end: int
    amount: float | None = None
    rule: str = ""


class _Ctx:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.clusters: list[Cluster] = doc._.kg_clusters or []
        self.tc: dict[int, int] = doc._.kg_token_cluster or {}
        self.antecedent: dict[int, int] = doc._.kg_antecedent or {}
        self.rels: list[Rel] = []
        self.mention_at: dict[int, Span] = {}
        self.mention_ending: dict[int, Span] = {}
        self.pron_at: dict[int, Span] = {}
        for cl in self.clusters:
            for m in cl.mentions:
                self.mention_at[m.start] = m
                self.mention_ending[m.end] = m
        for t in self.antecedent:  # resolved pronouns stand for their referent
            self.pron_at[t] = doc[t : t + 1]
        self.money: list[Span] = [e for e in doc.ents if e.label_ == "MONEY"]
        self.prosecutor: set[int] = set()
        self.pending_place: list[tuple[int, int, Span]] = []  # (successor, holder, sentence)
        # each token's words once, as plain strings: rules scan these, not the Doc
        self.lowers: list[str] = [t.lower_ for t in doc]
        self.lemmas: list[str] = [t.lemma_.lower() for t in doc]
        self._found: dict[tuple[frozenset[str], frozenset[str]], list[int]] = {}
        self.cue_tokens: set[int] = {t.i for c in doc.spans.get("kg_cues", []) for t in c}

    def find(
        self,
        lowers: Iterable[str] = (),
        lemmas: Iterable[str] = (),
        start: int = 0,
        end: int | None = None,
    ) -> Iterator[Token]:
        """The tokens (from ``start`` to ``end``) whose lower-case text is one of
        ``lowers`` or whose lemma is one of ``lemmas``."""
        key = (frozenset(lowers), frozenset(lemmas))
        found = self._found.get(key)
        if found is None:  # every hit in the document, once per word set
            lw, lm = key
            found = [
                i
                for i, (low, lem) in enumerate(zip(self.lowers, self.lemmas, strict=True))
                if low in lw or lem in lm
            ]
            self._found[key] = found
        end = len(self.lowers) if end is None else end
        for k in range(bisect.bisect_left(found, start), bisect.bisect_left(found, end)):
            yield self.doc[found[k]]

    def recall_target(self) -> int | None:
        """The one person this article says is being recalled, if there is exactly one
        ("the recall of Chesa Boudin", "recall Gascón", "the Boudin recall", a recall
        committee's name)."""
        if hasattr(self, "_recall"):
            return self._recall
        found: set[int] = set()
        for tok in self.find(lemmas={"recall"}):
            if tok.pos_ == "VERB":
                near = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            else:
                near = [c for c in tok.children if c.dep_ in ("poss", "compound")]
                near += [
                    p2
                    for p in tok.children
                    if p.dep_ == "prep" and p.lower_ in ("of", "against")
                    for p2 in p.children
                ]
            found |= {e for e in self.nps(near) if self.cat(e) in PERSONS}
        for cl in self.clusters:
            if cl.category == "PAC" and re.search(r"\bRecall\b", cl.name):
                found |= {
                    pi
                    for pi, pcl in enumerate(self.clusters)
                    if self.cat(pi) in PERSONS
                    and re.search(rf"\b{re.escape(pcl.name.split()[-1])}\b", cl.name)
                }
        self._recall = next(iter(found)) if len(found) == 1 else None
        return self._recall

    # -- entity lookup ------------------------------------------------------
    def ent(self, tok: Token | None) -> int | None:
        return None if tok is None else self.tc.get(tok.i)

    def np(self, tok: Token | None, depth: int = 0) -> int | None:
        """The entity a noun phrase headed by ``tok`` names, following appositions and relatives."""
        if tok is None or depth > 3:
            return None
        e = self.ent(tok)
        if e is not None:
            return e
        for c in tok.children:
            if c.dep_ == "appos":
                e = self.ent(c)
                if e is not None:
                    return e
        if tok.dep_ == "appos":
            e = self.np(tok.head, depth + 1)
            if e is not None:
                return e
        for c in tok.children:  # "a political committee called Virginians for Safe Communities"
            if c.dep_ == "acl" and c.lemma_ in ("call", "name", "dub", "know"):
                for g in c.children:
                    if g.dep_ in ("oprd", "dobj", "attr", "appos") and self.ent(g) is not None:
                        return self.ent(g)
        if tok.dep_ == "attr" and tok.head.lemma_ == "be" and tok.pos_ == "NOUN":
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
            if subj:
                e = self.np(subj[0], depth + 1)
                if e is not None:
                    return e  # "Color of Change is an organization founded by ..."
        if tok.lower_ in ("who", "whom") and tok.i >= 2 and self.doc[tok.i - 1].text == ",":
            # "..., former Solicitor Etienne Thibaudeau, who led ...": "who" is the person
            # just named, wherever the parser hung the clause
            m = self.mention_ending.get(tok.i - 1)
            if m is not None and self.cat(self.tc[m.start]) in PERSONS:
                return self.tc[m.start]
        if tok.tag_ in ("WP", "WDT") or tok.lower_ in ("who", "which", "that"):
            if tok.head.dep_ == "relcl":
                return self.np(tok.head.head, depth + 1)
        # apposition by position, when the parse attached it elsewhere:
        # "Citizens for X, a committee chaired by ..." → the committee is Citizens for X
        j = tok.i - 1
        while j > 0 and self.doc[j].pos_ in ("DET", "ADJ", "NOUN", "ADV") and tok.i - j < 5:
            j -= 1
        if j > 0 and self.doc[j].text == "," and tok.pos_ == "NOUN":
            m = self.mention_ending.get(j)
            if m is not None:
                return self.tc[m.start]
        if tok.lower_ == "one":  # "one of the prosecutors he fired, Carlos Vega"
            for c in tok.children:
                if c.dep_ == "appos":
                    return self.ent(c)
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in words("stand_in_nouns"):
            # "opposed Krasner's re-election", "endorsed her candidacy": the person whose
            # bid, record or policies they are
            for c in tok.children:
                if c.dep_ == "poss":
                    e = self.ent(c)
                    if e is not None and self.cat(e) in PERSONS:
                        return e
        return None

    def nps(self, toks: Iterable[Token]) -> list[int]:
        out: list[int] = []
        for t in toks:
            for x in (t, *t.conjuncts):
                e = self.np(x)
                if e is not None and e not in out:
                    out.append(e)
        return out

    def sentences(self) -> list[Span]:
        if not hasattr(self, "_sents"):
            self._sents = list(self.doc.sents)
        return self._sents

    def cat(self, ci: int) -> str:
        return "Prosecutor" if ci in self.prosecutor else self.clusters[ci].category

    def entity_after(self, i: int, limit: int = 6) -> Span | None:
        """The first mention starting at token ``i``, reading past articles and descriptors."""
        doc = self.doc
        j = i
        while j < len(doc) and j - i <= limit:
            if j in self.mention_at:
                return self.mention_at[j]
            if j in self.pron_at:
                return self.pron_at[j]
            if (
                doc[j].lower_ in SKIP_BETWEEN
                or doc[j].pos_ in ("DET", "ADJ", "ADV", "NOUN")
                or doc[j].tag_ == "VBN"
                or (doc[j].is_punct and doc[j].text in "-–,")
            ):
                j += 1
                continue
            return None
        return None

    def chain_end(self, m: Span) -> Span:
        """``George Soros's Justice & Public Safety PAC`` → the PAC (the possessed name)."""
        doc = self.doc
        while m.end + 1 < len(doc) and doc[m.end].text in ("'s", "’s", "'", "’"):
            nxt = self.entity_after(m.end + 1, 3)
            if nxt is None:
                break
            m = nxt
        return m

    # -- assertion checks ---------------------------------------------------
    def asserted(self, verb: Token) -> bool:
        """False for negated or speculative statements ("did not endorse", "may back")."""
        neg, modals, spec = (
            words("negation_words"),
            words("speculation_modals"),
            words("speculation_heads"),
        )
        tok: Token | None = verb
        hops = 0
        while tok is not None and hops < 4:
            for c in tok.children:
                if c.dep_ == "neg" or (
                    c.dep_ in ("advmod", "neg", "aux", "det") and c.lower_ in neg
                ):
                    return False
                if c.dep_ == "aux" and c.lower_ in modals:
                    return False
            if tok.i != verb.i and (
                tok.lemma_.lower() in spec or tok.lemma_.lower() in words("negation_heads")
            ):
                return False
            if tok.lemma_.lower() in ("expect", "likely", "poise") and tok.i == verb.i:
                return False
            if tok.dep_ in ("xcomp", "ccomp") or (
                tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX")
            ):
                tok = tok.head
                hops += 1
                continue
            if tok.dep_ in ("acomp", "attr") and tok.head.lemma_ == "be":
                tok = tok.head
                hops += 1
                continue
            break
        return True

    # -- adding -------------------------------------------------------------
    def add_pairs(
        self,
        subjects: list[Token],
        pred: str,
        objects: list[Token],
        conf: float,
        sent: Span,
        rule: str,
    ) -> None:
        """Every entity the ``subjects`` name, ``pred``, every entity the ``objects`` name."""
        for s in self.nps(subjects):
            for o in self.nps(objects):
                self.add(s, pred, o, conf, sent, rule, used=[*subjects, *objects])

    def add(
        self,
        s: int | None,
        pred: str,
        o: int | None,
        conf: float,
        sent: Span,
        rule: str,
        amount: float | None = None,
        used: Iterable[Token] = (),
    ) -> None:
        if s is None or o is None or s == o:
            return
        start = sent.start
        for t in used:
            if t.i in self.antecedent:
                start = min(start, self.doc[self.antecedent[t.i]].sent.start)
        span = self.doc[start : sent.end]
        text = span.text
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        self.rels.append(
            Rel(
                s,
                pred,
                o,
                conf,
                span.start_char + lead,
                span.start_char + lead + len(text),
                amount,
                rule,
            )
        )


# ---------------------------------------------------------------------------
# prosecutors: titles, appositions, lists, "X's office", "X's predecessor as DA, Y"
# ---------------------------------------------------------------------------


def _place_before(ctx: _Ctx, i: int) -> int | None:
    doc = ctx.doc
    j = i
    while j > 0 and doc[j - 1].pos_ == "ADJ" and i - j < 3:  # "Manhattan's top prosecutor"
        j -= 1
    if j > 0 and doc[j - 1].text in ("'s", "’s"):
        j -= 1
    elif j != i:
        j = i
    m = ctx.mention_ending.get(j)
    if m is None and j == i and i < len(doc) and doc[i].text in ("County", "Parish"):
        m = ctx.mention_ending.get(i + 1)  # the county's name holds the title's "County"
    if m is not None and ctx.clusters[ctx.tc[m.start]].category == "Place":
        return ctx.tc[m.start]
    return None


def _place_after(ctx: _Ctx, i: int) -> int | None:
    doc = ctx.doc
    if i < len(doc) and doc[i].lower_ in ("of", "for", "in"):
        m = ctx.entity_after(i + 1, 2)
        if m is not None and ctx.clusters[ctx.tc[m.start]].category == "Place":
            return ctx.tc[m.start]
    return None


def _more_places(ctx: _Ctx, place: int, after: int) -> list[int]:
    """Places coordinated with the first: "for Arlington County and the city of Falls Church"."""
    doc = ctx.doc
    m = next(
        (
            ctx.mention_at[k]
            for k in range(after, min(len(doc), after + 4))
            if ctx.tc.get(k) == place
        ),
        None,
    )
    out: list[int] = []
    while m is not None and m.end + 1 < len(doc) and doc[m.end].lower_ in ("and", ","):
        k = m.end + 1
        while k < len(doc) and doc[k].lower_ in ("the", "city", "county", "town", "of", "and"):
            k += 1
        nxt = ctx.mention_at.get(k)
        if nxt is None or ctx.clusters[ctx.tc[k]].category != "Place":
            break
        out.append(ctx.tc[k])
        m = nxt
    return out


def _place_of_where(ctx: _Ctx, cue: Span) -> int | None:
    """ "Wake County, where District Attorney Lorrin Freeman ..." (or "whose district
    attorney, ...") → Wake County."""
    doc = ctx.doc
    k = cue.start - 1
    while k > 0 and doc[k].lower_ in ("former", "interim", "acting", "elected", "top", "chief"):
        k -= 1
    if k >= 2 and doc[k].lower_ in ("where", "whose") and doc[k - 1].text == ",":
        # ("Saline Fork County, whose prosecuting attorney, Nia Ekpenyong, ...")
        m = ctx.mention_ending.get(k - 1)
        if m is not None and ctx.clusters[ctx.tc[m.start]].category == "Place":
            return ctx.tc[m.start]
    return None


def _local_title(cue: Span) -> bool:
    """The title of a county office's head ("district attorney", "state's attorney",
    "prosecuting attorney"), not "prosecutor" alone nor "attorney general"."""
    low = cue.text.lower()
    return ("attorney" in low and "general" not in low) or low in ("da", "d.a.", "d.a")


def _only_county(ctx: _Ctx) -> int | None:
    """The one county the article names, if it names exactly one: a local story's
    "Prosecuting Attorney Gerald Whitsett" holds that county's office."""
    if not hasattr(ctx, "_county"):
        counties = {
            ci
            for ci, cl in enumerate(ctx.clusters)
            if cl.category == "Place" and cl.name.endswith(("County", "Parish", "Borough"))
        }
        ctx._county = next(iter(counties)) if len(counties) == 1 else None
    return ctx._county


def _dateline_county(ctx: _Ctx, sent: Span) -> int | None:
    """The county in the dateline of the item a sentence belongs to ("GILDEROY COUNTY,
    Pa. — ..."), up to six sentences back: a wire brief's office is its dateline's."""
    doc = ctx.doc
    sents = ctx.sentences()
    here = sents.index(sent)
    for k in range(here, max(here - 7, -1), -1):
        start = sents[k].start
        m = ctx.mention_at.get(start)
        if m is None or ctx.cat(ctx.tc[start]) != "Place":
            continue
        after = doc[m.end : m.end + 4]
        dashed = any(t.text in ("—", "–") for t in after)
        if dashed and ctx.clusters[ctx.tc[start]].name.endswith(("County", "Parish", "Borough")):
            return ctx.tc[start]
        if dashed:
            return None  # the item's dateline names a city: no guess
    return None


def _paragraph_county(ctx: _Ctx, sent: Span) -> int | None:
    """The one county named in the sentence's paragraph up to three sentences before
    it: "... the open commonwealth's attorney seat in Culpeck County. ... the seat
    being vacated by Commonwealth's Attorney Harriet Oakes" is Culpeck County's."""
    doc = ctx.doc
    sents = ctx.sentences()
    here = sents.index(sent)
    found: set[int] = set()
    for k in range(here, max(here - 4, -1), -1):
        s = sents[k]
        for i in range(s.start, s.end):
            ci = ctx.tc.get(i)
            if (
                ci is not None
                and i in ctx.mention_at
                and ctx.cat(ci) == "Place"
                and ctx.clusters[ci].name.endswith(("County", "Parish", "Borough"))
            ):
                found.add(ci)
        if s.start > 0 and "\n" in doc[s.start - 1].whitespace_ + doc[s.start - 1].text:
            break  # the paragraph's first sentence
    return next(iter(found)) if len(found) == 1 else None


def _fronted_place(ctx: _Ctx, sent: Span) -> int | None:
    """The place a sentence opens with ("In neighboring Elkhorn Bend County, County
    Attorney Dagmar Heinrichs ..."): a roundup's way of saying whose office it is."""
    k = sent.start
    if ctx.lowers[k] != "in":
        return None
    k += 1
    while k < sent.end and ctx.lowers[k] in ("neighboring", "neighbouring", "nearby", "next-door"):
        k += 1
    m = ctx.mention_at.get(k)
    if m is None or m.end >= sent.end or ctx.doc[m.end].text != ",":
        return None
    ci = ctx.tc[m.start]
    return ci if ctx.clusters[ci].category == "Place" else None


def _place_by_kind(ctx: _Ctx, cue: Span) -> int | None:
    """ "the county's top prosecutor": the county this article last named."""
    doc = ctx.doc
    k = cue.start - 1
    while k > 0 and doc[k].pos_ == "ADJ":
        k -= 1
    if (
        k < 1
        or doc[k].text not in ("'s", "’s")
        or doc[k - 1].lower_ not in ("county", "city", "state")
    ):
        return None
    kind = doc[k - 1].lower_
    for i in range(k - 2, -1, -1):
        m = ctx.mention_at.get(i)
        if m is None or ctx.clusters[ctx.tc[i]].category != "Place":
            continue
        name = ctx.clusters[ctx.tc[i]].name
        if (kind == "county") == name.endswith(("County", "Parish", "Borough")) and kind != "state":
            return ctx.tc[i]
        if kind == "state" and name in name_list("us_states.txt"):
            return ctx.tc[i]
    return None


def _in_org(ctx: _Ctx, span: Span) -> bool:
    return any(
        ctx.tc.get(t.i) is not None and ctx.clusters[ctx.tc[t.i]].category in ORGS for t in span
    )


def _cue_people(ctx: _Ctx, cue: Span) -> list[tuple[int, float, list[Token]]]:
    doc = ctx.doc
    out: list[tuple[int, float, list[Token]]] = []
    # title before name: "District Attorney Larry Krasner", "DA Krasner"
    m = ctx.mention_at.get(cue.end)
    if m is not None:
        out.append((ctx.tc[m.start], 0.9, []))
    # name, then apposition: "Chesa Boudin, the district attorney of San Francisco"
    j = cue.start - 1
    while (
        j >= 0
        and (doc[j].pos_ in APPOS_FILLER_POS or doc[j].lower_ in ("herself", "himself"))
        and doc[j].text not in (",", "(", "—", "–")
        and doc[j].lower_ not in ("whose", "which", "where")  # "X County, whose DA, Y"
        and cue.start - j < 7
    ):
        j -= 1
    if j > 0 and doc[j].text in (",", "(", "—", "–"):
        m = ctx.mention_ending.get(j)
        if m is not None:
            out.append((ctx.tc[m.start], 0.85, []))
    # title, comma, name: "the district attorney, Larry Krasner"
    if cue.end + 1 < len(doc) and doc[cue.end].text == ",":
        m = ctx.mention_at.get(cue.end + 1)
        if m is not None:
            out.append((ctx.tc[m.start], 0.8, []))
    # copula: "Foxx is the state's attorney", "Krasner is the most prominent in a class of prosecutors",
    # "she was elected district attorney", "served as district attorney"
    tok = cue.root
    hops = 0
    while (
        tok.dep_ in ("pobj", "prep", "attr", "oprd", "acomp", "compound", "conj", "appos")
        or (
            tok.dep_ == "dobj"
            and tok.lemma_ in ("race", "election", "primary", "seat", "office", "job")
        )
        # "whom the mayor had appointed interim district attorney" (two objects)
        or (tok.dep_ == "dobj" and tok.head.lemma_ in APPOINTING_VERBS)
    ) and hops < 6:
        if tok.dep_ == "appos":
            break
        via_as = tok.dep_ == "prep" and tok.lower_ == "as"
        tok = tok.head
        hops += 1
        if tok.pos_ in ("VERB", "AUX"):
            break
    else:
        via_as = False
    if tok.dep_ == "appos":
        # "Beth Grossman, the Republican nominee and a longtime assistant district attorney"
        e = ctx.np(tok.head)
        if e is not None:
            out.append((e, 0.8, []))
    if (
        tok.pos_ == "VERB"
        and via_as
        and ctx.asserted(tok)
        and tok.lemma_ in ("work", "spend", "start", "begin", "retire", "practice", "stay")
    ):
        # "Mary Pat Carl, who had worked as a prosecutor under her"
        subj = _subjects(ctx, tok)[1]
        for e in ctx.nps(subj):
            out.append((e, 0.75, subj))
    if (
        tok.pos_ in ("VERB", "AUX")
        and ctx.asserted(tok)
        and tok.lemma_
        in (
            "be",
            "become",
            "serve",
            "elect",
            "appoint",
            "name",
            "remain",
            "win",
            "take",
            "run",
            "seek",
            "swear",
        )
    ):
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj and tok.dep_ in ("xcomp", "advcl", "conj", "pcomp", "relcl"):
            subj = _subjects(ctx, tok)[
                1
            ]  # "became the first ... to serve as Manhattan's top prosecutor"
        if not subj and tok.dep_ == "acl":
            subj = [tok.head]
        if tok.lemma_ in APPOINTING_VERBS and not _passive(tok):
            # "Breed appointed Brooke Jenkins (as) district attorney": the object holds the office
            subj = [c for c in tok.children if c.dep_ == "dobj"]
        for e in ctx.nps(subj):
            out.append((e, 0.8, subj))
    # "one of the prosecutors he fired, Carlos Vega"
    tok = cue.root
    if tok.dep_ == "pobj" and tok.head.lower_ == "of":
        for c in tok.head.head.children:
            if c.dep_ == "appos" and ctx.ent(c) is not None:
                out.append((ctx.ent(c), 0.8, []))
    return [(e, c, u) for e, c, u in out if ctx.clusters[e].category in PERSONS]


def rule_prosecutor_cues(ctx: _Ctx) -> None:
    doc = ctx.doc
    assistants = words("assistant_words")
    for cue in doc.spans.get("kg_cues", []):
        if _in_org(ctx, cue) or cue[-1].i in ctx.tc:
            continue  # ("County" of "Dunford County Attorney" may be the place's)
        sent = cue.sent
        before = {doc[k].lower_ for k in range(max(sent.start, cue.start - 2), cue.start)}
        assistant = bool(before & assistants)
        plural = cue[-1].tag_ == "NNS" or (
            cue[-1].lower_.endswith("s") and cue[-1].lower_ != "d.a."
        )
        people = _cue_people(ctx, cue)
        place = None
        if not (assistant or plural):
            place = _place_before(ctx, cue.start)
            if place is None:
                place = _place_after(ctx, cue.end)
        if place is None and not (assistant or plural):
            place = _place_by_kind(ctx, cue)
        if place is None and not (assistant or plural):
            place = _place_of_where(ctx, cue)
        if place is None and not (assistant or plural) and cue.end in ctx.mention_at:
            # "District Attorney Jane Roe of Springfield"
            named = ctx.mention_at[cue.end]
            place = _place_after(ctx, named.end)
        guessed = False
        if place is None and not (assistant or plural) and _local_title(cue):
            place = _fronted_place(ctx, sent)  # "In Carrow County, ... District Attorney X"
        if place is None and not (assistant or plural) and _local_title(cue):
            place = _dateline_county(ctx, sent)  # a brief under "GILDEROY COUNTY, Pa. —"
        if place is None and not (assistant or plural) and _local_title(cue):
            place = _only_county(ctx)
            guessed = place is not None
        if place is None and not (assistant or plural) and _local_title(cue):
            place = _paragraph_county(ctx, sent)
            guessed = place is not None
        places = [] if place is None else [place, *_more_places(ctx, place, cue.end)]
        if not people and not (assistant or plural):
            ref = _described_prosecutor(ctx, cue)
            if ref is not None:
                people = [(ref, 0.7, [cue[-1]])]
        for person, conf, used in people:
            ctx.prosecutor.add(person)
            for pl in places:
                # a county the sentence does not name is the weakest evidence of all
                c = min(conf, 0.5) if guessed else conf
                ctx.add(person, "prosecutorOf", pl, c, sent, "title", used=used)
        if plural:
            # a list of prosecutors and their places: "Kim Foxx in Chicago, George Gascón in Los Angeles"
            for m in [
                ctx.mention_at[i] for i in range(sent.start, sent.end) if i in ctx.mention_at
            ]:
                ci = ctx.tc[m.start]
                if ctx.clusters[ci].category not in PERSONS or m.end >= len(doc):
                    continue
                if doc[m.end].lower_ in ("in", "of", "from"):
                    pm = ctx.entity_after(m.end + 1, 1)
                    if pm is not None and ctx.clusters[ctx.tc[pm.start]].category == "Place":
                        ctx.prosecutor.add(ci)
                        ctx.add(ci, "prosecutorOf", ctx.tc[pm.start], 0.6, sent, "prosecutor-list")


def _described_prosecutor(ctx: _Ctx, cue: Span) -> int | None:
    """ "Contra Costa County's district attorney won a second term": a definite
    description with no name is the prosecutor the text named last (within four
    sentences). The description's head then stands for that person in later rules."""
    doc = ctx.doc
    head = cue[-1]
    before = [doc[k].lower_ for k in range(max(cue.sent.start, cue.start - 4), cue.start)]
    definite = bool(before) and (
        before[-1] in ("the", "its", "our", "their", "'s", "’s")
        or (cue.start - 1 in ctx.tc and doc[cue.start - 1].text not in (",",))
    )
    if not definite or set(before) & words("other_office_words"):
        return None
    if cue.end < len(doc) and (cue.end in ctx.mention_at or doc[cue.end].text == ","):
        return None  # a title before a name, or an apposition: other rules read those
    sents = [s.start for s in doc.sents]

    def distance(i: int) -> int:
        return sum(1 for st in sents if doc[i].sent.start < st <= cue.start)

    best = None
    for ci in ctx.prosecutor:
        for m in ctx.clusters[ci].mentions:
            if m.start < cue.start and (best is None or m.start > best[0]):
                best = (m.start, ci)
    if best is None or distance(best[0]) > 4:
        # nobody called a prosecutor yet: the person the previous sentence is about
        subjects = [
            (m.start, ci)
            for ci, cl in enumerate(ctx.clusters)
            if cl.category in PERSONS
            for m in cl.mentions
            if m.start < cue.start and m.root.dep_ in ("nsubj", "nsubjpass")
        ]
        best = max(subjects, default=None)
        if best is None or distance(best[0]) > 1:
            return None
    ctx.tc[head.i] = best[1]
    ctx.antecedent[head.i] = best[0]
    ctx.pron_at[head.i] = doc[head.i : head.i + 1]
    return best[1]


def rule_predecessors(ctx: _Ctx) -> None:
    """Offices pass between people: "One of Krasner's predecessors as district attorney,
    Lynne Abraham" and "Tracey Cline, one of his successors" (when he was a prosecutor)."""
    doc = ctx.doc
    cue_starts = {c.start: c for c in doc.spans.get("kg_cues", [])}
    for tok in ctx.find(lowers=words("office_predecessor_nouns")):
        holder = None
        for k in range(tok.i - 1, max(tok.i - 4, -1), -1):
            if doc[k].text in ("'s", "’s") and ctx.ent(doc[k - 1]) is not None:
                holder = ctx.ent(doc[k - 1])
                break
            if doc[k].dep_ == "poss" and ctx.ent(doc[k]) is not None:  # "his successors"
                holder = ctx.ent(doc[k])
                break
        if holder is None:
            continue
        k = tok.i + 1
        has_title = k + 1 < len(doc) and doc[k].lower_ == "as" and (k + 1) in cue_starts
        if has_title:
            k = cue_starts[k + 1].end
        elif holder not in ctx.prosecutor:
            continue  # "Smith's predecessor" says nothing about an office unless Smith holds one
        succ = None
        if k < len(doc) and doc[k].text == ",":
            m = ctx.mention_at.get(k + 1)
            succ = ctx.tc[m.start] if m is not None else None
        if succ is None:  # "Tracey Cline, one of his successors"
            j = tok.i - 1
            while j > 0 and doc[j].text not in (",", "—") and tok.i - j < 6:
                j -= 1
            m = ctx.mention_ending.get(j)
            succ = ctx.tc[m.start] if m is not None else None
        if succ is None or succ == holder or ctx.clusters[succ].category not in PERSONS:
            continue
        ctx.prosecutor.update({holder, succ})
        ctx.pending_place.append((succ, holder, tok.sent))


def rule_successions(ctx: _Ctx) -> None:
    """One office, two holders: "Qureshi succeeded Odessa Pettway", "He replaced Carmen
    Valderrama, who resigned as county prosecutor", "won the office by defeating
    longtime prosecutor Conrad Engel". Whichever holder's place is known is the
    other's too (resolved with the predecessors)."""
    for verb in ctx.find(lemmas=words("succession_verbs") | words("oust_verbs")):
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB":
            continue
        if not ctx.asserted(verb):
            continue
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        subs = _subjects(ctx, verb)[1]
        for a in ctx.nps(subs):
            for b in ctx.nps(objs):
                if a == b or ctx.cat(a) not in PERSONS or ctx.cat(b) not in PERSONS:
                    continue
                if lemma in words("succession_verbs"):
                    if a in ctx.prosecutor or b in ctx.prosecutor:
                        ctx.prosecutor.update({a, b})
                        ctx.pending_place += [(a, b, verb.sent), (b, a, verb.sent)]
                elif b in ctx.prosecutor and a in ctx.prosecutor and lemma in words("unseat_verbs"):
                    # "unseated longtime prosecutor Conrad Engel": one office, whichever
                    # holder's place is known ("defeating former prosecutor X" is not)
                    ctx.pending_place.append((b, a, verb.sent))
                    if verb.tag_ in ("VBD", "VBN") and verb.dep_ != "xcomp":
                        ctx.pending_place.append((a, b, verb.sent))  # done: a holds it now


def _prosecutors_office(ctx: _Ctx, office: Token) -> bool:
    """Whether "office" names a prosecutor's office: "the district attorney's office",
    "the Port Mercer office" or "the office" in a story about one."""
    cue_at = ctx.cue_tokens
    before = range(max(0, office.i - 4), office.i)
    if any(k in cue_at for k in before) or "prosecutor" in ctx.lowers[office.i - 3 : office.i]:
        return True
    return ctx.lowers[office.i - 1] in ("the", "that") and bool(cue_at)


def rule_office_holders(ctx: _Ctx) -> None:
    """Whoever ran, led or held a prosecutor's office was its head: "Eleanor Quaintance,
    who ran the district attorney's office from 1995", "Thackeray, who has held the
    office since 1999", "who has run the Port Mercer office since 2010" (its place
    too, when one is named before "office")."""
    doc = ctx.doc
    for verb in ctx.find(lemmas={"lead", "run", "head"}):
        # "former Solicitor Etienne Thibaudeau, who led the 19th Judicial Circuit"
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            place = ctx.np(obj)
            if place is None or ctx.cat(place) != "Place" or not ctx.asserted(verb):
                continue
            if not re.search(r"\b(Circuit|District)\b", ctx.clusters[place].name):
                continue
            for ci in _subjects(ctx, verb)[0]:
                if ci in ctx.prosecutor:
                    ctx.add(ci, "prosecutorOf", place, 0.7, verb.sent, "office-holder")
    for office in ctx.find(lowers={"office"}):
        verb = office.head
        if office.dep_ != "dobj" or verb.lemma_.lower() not in words("office_holding_verbs"):
            continue
        if not ctx.asserted(verb) or not _prosecutors_office(ctx, office):
            continue
        for ci in _subjects(ctx, verb)[0]:
            if ctx.cat(ci) not in PERSONS:
                continue
            ctx.prosecutor.add(ci)
            place = ctx.ent(doc[office.i - 1]) if office.i > 0 else None
            if place is not None and ctx.cat(place) == "Place":
                ctx.add(ci, "prosecutorOf", place, 0.7, office.sent, "office-holder")


def rule_assistants(ctx: _Ctx) -> None:
    """A prosecutor's first assistant or chief deputy is a prosecutor (not the head):
    "his longtime first assistant, Craig Hultgren", "Marlena Voorst, the office's chief
    deputy", "Rufina Santistevan, a first assistant in that office"."""
    if not ctx.doc.spans.get("kg_cues"):
        return  # (a story with no prosecutor in it: a deputy is a sheriff's)
    doc = ctx.doc
    for noun in ctx.find(lowers={"assistant", "deputy"}):
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        mods = {c.lower_ for c in noun.children} | {ctx.lowers[noun.i - 1]}
        if not mods & {"first", "chief", "top", "deputy", "assistant", "senior"}:
            continue
        if "sheriff" in ctx.lowers[max(0, noun.i - 4) : noun.i] or any(
            "sheriff" in c.lower_ for c in noun.children
        ):
            continue
        people: list[Token] = []
        if noun.dep_ == "appos":
            people.append(noun.head)
        people += [c for c in noun.children if c.dep_ == "appos"]
        if noun.i + 2 < len(doc) and doc[noun.i + 1].text == ",":
            people.append(doc[noun.i + 2])
        if noun.dep_ == "attr" and noun.head.lemma_ == "be":
            people += [c for c in noun.head.children if c.dep_ == "nsubj"]
        for ci in ctx.nps(people):
            if ctx.cat(ci) in PERSONS:
                ctx.prosecutor.add(ci)


def rule_unseaters(ctx: _Ctx) -> None:
    """Who unseats or ousts a prosecutor wins the office: "Fatima Benkirane ... unseated
    three-term Sandhill County Attorney Merrill Oakeshott" (both are prosecutors)."""
    for verb in ctx.find(lemmas=words("unseat_verbs") - {"replace", "remove"}):
        if verb.pos_ != "VERB" or not ctx.asserted(verb) or _passive(verb):
            continue
        if verb.tag_ not in ("VBD", "VBN") or verb.dep_ == "xcomp":
            continue  # "is seeking to unseat her" wins nothing yet
        objs = ctx.nps(c for c in verb.children if c.dep_ == "dobj")
        if not any(o in ctx.prosecutor for o in objs):
            continue
        for ci in _subjects(ctx, verb)[0]:
            if ctx.cat(ci) in PERSONS:
                ctx.prosecutor.add(ci)


def rule_office(ctx: _Ctx) -> None:
    """ "Krasner's office tries cases ... Philadelphia" → the prosecutor of that one place."""
    doc = ctx.doc
    has_place = {r.subject for r in ctx.rels if r.predicate == "prosecutorOf"}
    for tok in ctx.find(lowers={"office"}):
        if tok.i < 2 or doc[tok.i - 1].text not in ("'s", "’s"):
            continue
        holder = ctx.ent(doc[tok.i - 2])
        if holder is None or holder not in ctx.prosecutor or holder in has_place:
            continue
        sent = tok.sent
        places = {
            ctx.tc[i]
            for i in range(sent.start, sent.end)
            if i in ctx.mention_at and ctx.clusters[ctx.tc[i]].category == "Place"
        }
        if len(places) == 1:
            ctx.add(holder, "prosecutorOf", places.pop(), 0.5, sent, "office")
            has_place.add(holder)


def rule_incumbent(ctx: _Ctx) -> None:
    """ "beat the incumbent, Raymond Morrogh" in an article about a prosecutor's race:
    the incumbent holds the office the race is for, so is a prosecutor."""
    doc = ctx.doc
    singular = [c for c in doc.spans.get("kg_cues", []) if not c[-1].lower_.endswith("s")]
    if not singular:
        return
    for tok in ctx.find(lowers={"incumbent"}):
        nxt = tok.i + 1
        if nxt < len(doc) and doc[nxt].text == ",":
            nxt += 1
        m = ctx.mention_at.get(nxt)
        if m is None and tok.dep_ == "appos":
            m = ctx.mention_ending.get(tok.head.i + 1)
        if m is not None and ctx.clusters[ctx.tc[m.start]].category in PERSONS:
            ctx.prosecutor.add(ctx.tc[m.start])


def rule_new_prosecutor(ctx: _Ctx) -> None:
    """ "Durham County has a new chief prosecutor. Satana Deberry took office as district
    attorney ..." — the place in one sentence, the person in the next."""
    doc = ctx.doc
    sents = ctx.sentences()
    by_sent: dict[int, list[Span]] = {}  # sentence start → its cues, read once
    for c in doc.spans.get("kg_cues", []):
        by_sent.setdefault(doc[c.start].sent.start, []).append(c)
    for a, b in itertools.pairwise(sents):
        cues = [c for c in by_sent.get(a.start, []) if not c[-1].lower_.endswith("s")]
        if not cues:
            continue
        verb = cues[0].root.head
        if verb.lemma_ not in ("have", "get") or cues[0].root.dep_ != "dobj":
            continue
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        place = ctx.np(subj[0]) if subj else None
        if place is None or ctx.clusters[place].category != "Place":
            continue
        for c in by_sent.get(b.start, []):
            for person, conf, _used in _cue_people(ctx, c):
                ctx.prosecutor.add(person)
                both = doc[a.start : b.end]  # the evidence is the two sentences together
                ctx.add(person, "prosecutorOf", place, min(conf, 0.7), both, "new-prosecutor")


def rule_place_possessive(ctx: _Ctx) -> None:
    """ "Arlington's Dehghani-Tafti, Fairfax's Descano": a prosecutor named with a place's possessive."""
    doc = ctx.doc
    for m in list(ctx.mention_at.values()):
        ci = ctx.tc[m.start]
        if ci not in ctx.prosecutor or m.start < 2 or doc[m.start - 1].text not in ("'s", "’s"):
            continue
        pm = ctx.mention_ending.get(m.start - 1)
        if pm is not None and ctx.clusters[ctx.tc[pm.start]].category == "Place":
            ctx.add(ci, "prosecutorOf", ctx.tc[pm.start], 0.6, m.sent, "place-possessive")


def resolve_pending_places(ctx: _Ctx) -> None:
    places = {}
    for r in ctx.rels:
        if r.predicate == "prosecutorOf":
            places.setdefault(r.subject, r.object)
    for succ, holder, sent in ctx.pending_place:
        if holder in places:
            ctx.add(succ, "prosecutorOf", places[holder], 0.6, sent, "predecessor")


# ---------------------------------------------------------------------------
# verbs: supports, opposes, challenges, memberOf, funds without an amount
# ---------------------------------------------------------------------------

VERB_TABLE = (
    ("supports", "support_verbs", "support_verbs_need_prep", 0.8),
    ("opposes", "oppose_verbs", "oppose_verbs_need_prep", 0.75),
    ("challenges", "challenge_verbs", "challenge_verbs_need_prep", 0.8),
    ("memberOf", "member_verbs", "member_verbs_need_prep", 0.7),
    ("funds", "fund_verbs_no_money", "fund_verbs_need_prep", 0.7),
)


def _subjects(ctx: _Ctx, verb: Token) -> tuple[list[int], list[Token]]:
    subj = [c for c in verb.children if c.dep_ in ("nsubj",)]
    if subj:
        found = ctx.nps(subj)
        return found + [e for e in _run_together(ctx, subj[0]) if e not in found], subj
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBG":  # "a group backing Krasner"
        found = ctx.nps([verb.head])
        noun = verb.head
        if (
            not found
            and noun.dep_ == "dobj"
            and noun.lemma_.lower() in words("statement_nouns")
            and noun.head.pos_ in ("VERB", "AUX")
            and ctx.asserted(noun.head)
        ):
            # "issued a statement defending her", "signed a letter backing Pike": the
            # one who issued it
            return _subjects(ctx, noun.head)
        return found, [verb.head]
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subjects(ctx, verb.head)  # "won ..., fending off", "by unseating"
    if verb.dep_ == "pcomp" and verb.head.head.pos_ in ("VERB", "AUX"):
        return _subjects(ctx, verb.head.head)
    return [], []


def _run_together(ctx: _Ctx, head: Token) -> list[int]:
    """Names joined by "and" that the parser hung inside one name: in "The Montecillo
    Immigrant Rights Collaborative and Chief Public Defender Bolaji Castellvi rallied",
    the collaborative came out as a modifier of Castellvi's title."""
    m = ctx.mention_ending.get(head.i + 1)
    if m is None or m.start - head.left_edge.i < 3:
        return []
    doc = ctx.doc
    out: list[int] = []
    for k in range(head.left_edge.i, m.start):
        other = ctx.mention_ending.get(k + 1)
        if other is None or doc[k + 1].lower_ != "and" or other.start < head.left_edge.i:
            continue
        between = doc[k + 2 : m.start]
        if all(t.pos_ in ("PROPN", "DET", "ADJ") or t.i in ctx.cue_tokens for t in between):
            e = ctx.tc[other.start]
            if ctx.cat(e) in PERSONS | ORGS and e != ctx.tc[m.start]:
                out.append(e)
    return out


def _agents(verb: Token) -> list[Token]:
    """The objects of "by" on a passive verb, however coordinated: "backed by A, by B
    and by C"."""
    preps = [p for p in verb.children if p.dep_ == "agent"]
    preps += [c for p in preps for c in p.conjuncts if c.lower_ == "by"]
    return [c for p in preps for c in p.children if c.dep_ == "pobj"]


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl", "amod")
    )


def _listed_after(ctx: _Ctx, tok: Token) -> list[int]:
    """Entities listed after a common noun: "several prosecutors, among them A in X, B and C"."""
    doc, sent = ctx.doc, tok.sent
    k = tok.i + 1
    while k < min(sent.end, tok.i + 8):
        ahead = " ".join(t.lower_ for t in doc[k : k + 2])
        if ahead.startswith(("among them", "including", "such as", "like ")):
            break
        if k in ctx.mention_at or doc[k].pos_ in ("VERB", "AUX"):
            return []
        k += 1
    else:
        return []
    out: list[int] = []
    for i in range(k, sent.end):
        if doc[i].pos_ == "VERB" and doc[i].tag_ != "VBG":
            break
        if i in ctx.mention_at and ctx.tc[i] not in out:
            out.append(ctx.tc[i])
    return out


@functools.cache
def _verb_table_lemmas() -> frozenset[str]:
    lex = lexicon()
    out: set[str] = set()
    for _pred, key, prep_key, _conf in VERB_TABLE:
        out |= set(lex[key])
        if prep_key:
            out |= set(lex.get(prep_key, {}))
    return frozenset(out)


def rule_verbs(ctx: _Ctx, sent: Span) -> None:
    lex = lexicon()
    for verb in ctx.find(lemmas=_verb_table_lemmas(), start=sent.start, end=sent.end):
        lemma = verb.lemma_.lower()
        for pred, key, prep_key, conf in VERB_TABLE:
            need = lex.get(prep_key, {}) if prep_key else {}
            if lemma not in lex[key] and lemma not in need:
                continue
            if verb.pos_ not in ("VERB",) and not (verb.pos_ == "AUX" and lemma == "back"):
                continue
            if not ctx.asserted(verb):
                continue
            if pred == "funds" and any(c.ent_type_ == "MONEY" for c in verb.subtree):
                continue  # the money rule reads it, with its amount
            objs_tok: list[Token] = []
            if lemma in need:
                preps = set(need[lemma])
                # the preposition on the verb, or one step down: "won ... by a margin over X"
                near = [
                    *verb.children,
                    *(
                        g
                        for p in verb.children
                        if p.dep_ == "prep"
                        for c in p.children
                        for g in c.children
                    ),
                ]
                objs_tok = [
                    p2
                    for p in near
                    if p.dep_ == "prep" and p.lower_ in preps
                    for p2 in p.children
                    if p2.dep_ == "pobj"
                ]
                stranded = [
                    p
                    for p in verb.children
                    if p.dep_ == "prep" and p.lower_ in preps and not list(p.children)
                ]
                if not objs_tok and stranded and verb.dep_ == "relcl":
                    objs_tok = [verb.head]  # "Sefiani, whom Benkirane campaigned for"
            if lemma in lex[key]:
                objs_tok += [c for c in verb.children if c.dep_ in ("dobj", "attr")]
                if not objs_tok and verb.dep_ == "relcl" and not _passive(verb):
                    objs_tok = [verb.head]  # "a committee he co-founded"
            if verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_ in (
                "have",
                "get",
                "see",
                "want",
            ):
                # causative: "went to court to have Gardner removed" — Bailey opposes Gardner
                undergo = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                if undergo and verb.tag_ in ("VBN", "VBD"):
                    subs, used_s = _subjects(ctx, verb.head)
                    for sbj in subs:
                        for o in ctx.nps(undergo):
                            ctx.add(
                                sbj, pred, o, conf, sent, f"verb:{lemma}", used=[*used_s, *undergo]
                            )
                    continue
            if _passive(verb):
                agents = _agents(verb)
                objs_tok = [c for c in verb.children if c.dep_ == "nsubjpass"] or (
                    [verb.head] if verb.dep_ in ("acl", "amod") else []
                )
                if verb.dep_ == "advcl" and not objs_tok:
                    objs_tok = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
                subs, used_s = ctx.nps(agents), agents
            else:
                subs, used_s = _subjects(ctx, verb)
            objs = ctx.nps(objs_tok)
            for o in objs_tok:
                objs += [e for e in _listed_after(ctx, o) if e not in objs]
            if pred == "memberOf" and lemma in lex["member_verbs_object_org_only"]:
                objs = [o for o in objs if ctx.cat(o) in ORGS]
            if pred == "memberOf" and lemma in lex["founding_verbs"] and not _passive(verb):
                # "a committee he co-founded with Becky Bond": both founded it
                partners = [
                    p2
                    for p in verb.children
                    if p.dep_ == "prep" and p.lower_ == "with"
                    for p2 in p.children
                    if p2.dep_ == "pobj"
                ]
                more = [e for e in ctx.nps(partners) if ctx.cat(e) in PERSONS]
                subs = [*subs, *(e for e in more if e not in subs)]
                used_s = [*used_s, *partners]
            for s in subs:
                for o in objs:
                    ctx.add(s, pred, o, conf, sent, f"verb:{lemma}", used=[*used_s, *objs_tok])


def rule_against(ctx: _Ctx, sent: Span) -> None:
    """Acting against someone is opposing them: "demonstrated against her every week",
    "testified against the bill's author", "lobbied against Pike"."""
    skip = set(words("challenge_verbs_need_prep")) | words("against_verbs_not_opposing")
    if "against" not in ctx.lowers[sent.start : sent.end]:
        return
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() in skip or not ctx.asserted(verb):
            continue
        targets = _against(verb)
        if not targets:
            continue
        if _passive(verb):
            agents = _agents(verb)
        else:
            agents = _subjects(ctx, verb)[1]
        ctx.add_pairs(agents, "opposes", targets, 0.7, sent, f"verb:{verb.lemma_.lower()}-against")


def _prep_objects(tok: Token, *preps: str) -> list[Token]:
    """What the prepositions ``preps`` on ``tok`` govern: ``_prep_objects(vote, "in")``."""
    return [g for p in tok.children if p.dep_ == "prep" and p.lower_ in preps for g in p.children]


def _against(tok: Token) -> list[Token]:
    return _prep_objects(tok, "against")


def rule_nouns(ctx: _Ctx, sent: Span) -> None:
    """challenger/opponent, endorsement, recall of, resignation of."""
    doc = ctx.doc
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in words("challenge_nouns"):
            xs = [c for c in tok.children if c.dep_ == "poss"]
            xs += [
                p2
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ in ("to", "of", "against")
                for p2 in p.children
            ]
            ys = [c for c in tok.children if c.dep_ == "appos"]
            if tok.head.lemma_ == "be" and tok.dep_ in ("nsubj", "attr"):
                ys += [c for c in tok.head.children if c.dep_ in ("attr", "nsubj") and c.i != tok.i]
            if tok.i + 1 < len(doc) and tok.i + 1 in ctx.mention_at:
                ys.append(doc[tok.i + 1])
            if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "," and tok.i + 2 in ctx.mention_at:
                ys.append(doc[tok.i + 2])
            ctx.add_pairs(ys, "challenges", xs, 0.8, sent, f"noun:{lemma}")
        elif lemma == "challenge" and tok.pos_ == "NOUN":
            # "fending off a primary challenge from Bill Conway": Conway challenges the subject
            challengers = [
                p2
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ == "from"
                for p2 in p.children
            ]
            verb = tok.head
            if not challengers or verb.pos_ not in ("VERB", "AUX") or not ctx.asserted(verb):
                continue
            targets, used = _subjects(ctx, verb)
            for c in ctx.nps(challengers):
                for t in targets:
                    ctx.add(
                        c,
                        "challenges",
                        t,
                        0.75,
                        sent,
                        "noun:challenge-from",
                        used=[*used, *challengers],
                    )
        elif lemma in words("oppose_role_nouns") or lemma in words("support_role_nouns"):
            # "Hanisee became one of his most quoted critics", "X, a critic of Y",
            # "a frequent Gascón critic", "Vega's most prominent supporter was Ed Rendell"
            pred = "opposes" if lemma in words("oppose_role_nouns") else "supports"
            targets = [c for c in tok.children if c.dep_ == "poss"]
            targets += [c for c in tok.children if c.dep_ == "compound" and c.i in ctx.mention_at]
            targets += [
                p2
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ == "of"
                for p2 in p.children
            ]
            head = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else tok
            critics: list[Token] = []
            if head.dep_ in ("attr", "oprd") and head.head.lemma_ in ("be", "become", "remain"):
                if not ctx.asserted(head.head):
                    continue
                critics = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            elif head.dep_ == "appos":
                critics = [head.head]
            elif head.dep_ == "nsubj" and head.head.lemma_ in ("be", "become", "remain"):
                if not ctx.asserted(head.head):  # "Pike's harshest critic has been X"
                    continue
                critics = [c for c in head.head.children if c.dep_ in ("attr", "oprd")]
            if (
                not critics
                and head.dep_ in ("attr", "oprd")
                and head.head.lemma_ in ("be", "become", "remain")
            ):
                critics = _subjects(ctx, head.head)[1]  # "has founded X and has become its critic"
            ctx.add_pairs(critics, pred, targets, 0.7, sent, f"noun:{lemma}")
        elif lemma in words("funder_nouns") and tok.pos_ == "NOUN":
            # "Ruth Vale, a major donor to Dana Pike", "Vale is the biggest contributor to the PAC"
            takers = [c for c in tok.children if c.dep_ == "poss"]
            takers += [
                p2
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ in ("to", "of", "for")
                for p2 in p.children
            ]
            givers: list[Token] = []
            if tok.dep_ == "appos":
                givers = [tok.head]
            elif tok.dep_ == "pobj" and tok.head.lower_ == "among" and tok.head.head.lemma_ == "be":
                givers = [
                    c for c in tok.head.head.children if c.dep_ == "nsubj"
                ]  # "Among her donors was X"
            elif tok.dep_ in ("attr", "oprd") and tok.head.lemma_ in ("be", "become", "remain"):
                if not ctx.asserted(tok.head):
                    continue
                givers = [c for c in tok.head.children if c.dep_ == "nsubj"]
            elif tok.dep_ == "nsubj" and tok.head.lemma_ in ("be", "become", "remain"):
                if not ctx.asserted(tok.head):  # "the PAC's largest donor is X"
                    continue
                givers = [c for c in tok.head.children if c.dep_ in ("attr", "oprd")]
            ctx.add_pairs(givers, "funds", takers, 0.65, sent, f"noun:{lemma}")
        elif lemma in words("contest_nouns") and tok.pos_ == "NOUN":
            # "finished first in a three-way primary against the incumbent, Margaret Moore"
            rivals = _against(tok)
            if not rivals:
                continue
            verb = tok.head.head if tok.dep_ == "pobj" else tok.head
            if verb.pos_ not in ("VERB", "AUX") or not ctx.asserted(verb):
                continue
            runners = [c for c in tok.children if c.dep_ == "poss"] or _subjects(ctx, verb)[1]
            ctx.add_pairs(runners, "challenges", rivals, 0.75, sent, f"noun:{lemma}-against")
        elif lemma in words("opposition_effort_nouns") and tok.pos_ == "NOUN":
            # "launched a recall campaign against Dana Pike", "its lawsuit against Pike"
            targets = _against(tok)
            if not targets and tok.dep_ == "dobj":  # "filed a lawsuit against Pike"
                targets = _against(tok.head)
            if not targets:  # "bankrolled the effort to recall Dana Pike"
                targets = [
                    o
                    for v in tok.children
                    if v.dep_ in ("acl", "relcl") and v.lemma_.lower() in words("oust_verbs")
                    for o in v.children
                    if o.dep_ == "dobj"
                ]
            if not targets:
                continue
            agents = [c for c in tok.children if c.dep_ == "poss"]
            verb = tok.head
            if (
                not agents
                and tok.dep_ in ("dobj", "nsubjpass", "pobj")
                and verb.pos_ in ("VERB", "AUX")
            ):
                if not ctx.asserted(verb):
                    continue
                agents = _subjects(ctx, verb)[1]
                if _passive(verb):
                    agents = _agents(verb)
            ctx.add_pairs(agents, "opposes", targets, 0.7, sent, f"noun:{lemma}-against")
        elif lemma in words("support_nouns"):
            givers = [c for c in tok.children if c.dep_ == "poss"]
            givers += [
                p2
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ in ("from", "by")
                for p2 in p.children
            ]
            takers = [
                p2
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ in ("of", "for", "to", "behind")
                for p2 in p.children
            ]
            verb = tok.head
            if not takers and tok.dep_ == "dobj":  # "threw his support to her"
                takers = [
                    p2
                    for p in verb.children
                    if p.dep_ == "prep" and p.lower_ in ("to", "behind")
                    for p2 in p.children
                ]
            if tok.dep_ == "dobj" and verb.lemma_ in (
                "win",
                "receive",
                "get",
                "earn",
                "secure",
                "land",
                "pick",
                "have",
                "gain",
            ):
                if not ctx.asserted(verb):
                    continue
                givers += [
                    p2
                    for p in tok.children
                    if p.dep_ == "prep" and p.lower_ == "of"
                    for p2 in p.children
                ]
                takers = [c for c in verb.children if c.dep_ == "nsubj"]
            elif tok.dep_ == "pobj" and tok.head.lower_ == "with":
                # "Skoglund, who is running for a fourth term with the backing of the Guild"
                host = tok.head.head
                while (
                    host.pos_ not in ("VERB", "AUX")
                    and host.head.i != host.i
                    and (host.dep_ in ("pobj", "prep", "dobj", "npadvmod"))
                ):
                    host = host.head
                if host.pos_ not in ("VERB", "AUX") or not ctx.asserted(host):
                    continue
                givers += _prep_objects(tok, "of")
                takers = _subjects(ctx, host)[1]
            ctx.add_pairs(givers, "supports", takers, 0.75, sent, f"noun:{lemma}")
        elif lemma in words("oppose_nouns"):
            targets = [c for c in tok.children if c.dep_ in ("poss", "compound")]
            targets += [
                p2
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ in ("of", "against")
                for p2 in p.children
            ]
            verb = tok.head
            if verb.dep_ == "prep" or tok.dep_ == "pobj":
                verb = verb.head
            if verb.pos_ not in ("VERB",) or verb.lemma_.lower() not in words("oppose_noun_verbs"):
                continue
            if not ctx.asserted(verb):
                continue
            agents, used = _subjects(ctx, verb)
            if _passive(verb):
                ag = _agents(verb)
                agents, used = ctx.nps(ag), ag
            if not agents and verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "pobj"):
                # "the council voted for a resolution calling for Pike's resignation"
                up = verb.head.head if verb.head.dep_ == "dobj" else verb.head.head.head
                if up.pos_ in ("VERB", "AUX"):
                    agents, used = _subjects(ctx, up)
            tids = ctx.nps(targets)
            if not tids and lemma == "recall" and ctx.recall_target() is not None:
                tids = [ctx.recall_target()]  # "also backed the recall": the article's recall
            for a in agents:
                for t in tids:
                    ctx.add(a, "opposes", t, 0.7, sent, f"noun:{lemma}", used=[*used, *targets])


# ---------------------------------------------------------------------------
# memberOf from names and roles
# ---------------------------------------------------------------------------


def rule_role_copula(ctx: _Ctx, sent: Span) -> None:
    """ "Rashad Robinson is its president", "Hatch has served as its executive director"."""
    roles = words("role_nouns")
    for tok in sent:
        if tok.lower_ not in roles or tok.pos_ != "NOUN":
            continue
        verb = tok.head
        if tok.dep_ == "pobj" and verb.lower_ == "as":
            verb = verb.head
        elif tok.dep_ not in ("attr", "oprd"):
            continue
        if verb.lemma_ not in (
            "be",
            "serve",
            "become",
            "remain",
            "work",
            "act",
            "join",
            "name",
            "elect",
            "appoint",
        ):
            continue
        if not ctx.asserted(verb):
            continue
        orgs = [c for c in tok.children if c.dep_ == "poss"]
        orgs += [
            p2
            for p in tok.children
            if p.dep_ == "prep" and p.lower_ in ("of", "at", "for", "in", "with")
            for p2 in p.children
        ]
        people = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if verb.lemma_ in APPOINTING_VERBS and not _passive(verb):
            people = [c for c in verb.children if c.dep_ == "dobj"]  # "named Hatch its director"
        for person in ctx.nps(people):
            for org in ctx.nps(orgs):
                if ctx.cat(org) in ORGS:
                    ctx.add(
                        person, "memberOf", org, 0.75, sent, "role-copula", used=[*people, *orgs]
                    )


def rule_membership(ctx: _Ctx, sent: Span) -> None:
    doc = ctx.doc
    roles = words("role_nouns")
    ms = [
        ctx.mention_at.get(i) or ctx.pron_at[i]
        for i in range(sent.start, sent.end)
        if i in ctx.mention_at
        or (i in ctx.pron_at and (doc[i].dep_ == "poss" or doc[i].pos_ == "NOUN"))
    ]
    for m in ms:
        ci = ctx.tc[m.start]
        cat = ctx.cat(ci)
        if cat in PERSONS:
            k = m.end
            # "Rashad Robinson of the Color of Change PAC"
            if k < sent.end and doc[k].lower_ in ("of", "at"):
                org = ctx.entity_after(k + 1, 2)
                if org is not None and ctx.cat(ctx.tc[org.start]) in ORGS:
                    ctx.add(ci, "memberOf", ctx.tc[org.start], 0.75, sent, "person-of-org")
                    continue
            # "X, president of Y" / "X, a spokeswoman for Y"
            if k < sent.end and doc[k].text == ",":
                j = k + 1
                saw_role = False
                while j < min(
                    sent.end, k + (14 if "and" in (t.lower_ for t in doc[k : k + 9]) else 8)
                ):
                    if doc[j].lower_ in roles or doc[j].lemma_.lower() in roles:
                        saw_role = True
                    # "Whitney Tymas, the committee's treasurer", "..., the New York Police Department's commissioner"
                    owner = ctx.tc.get(j)
                    end = ctx.mention_at[j].end if j in ctx.mention_at else j + 1
                    if (
                        owner is not None
                        and end + 1 < sent.end
                        and (
                            (
                                doc[end].text in ("'s", "’s")
                                and any(t.lower_ in roles for t in doc[end + 1 : end + 6])
                            )
                            # "Dale Ostrander, the deputies' association president"
                            or (j in ctx.pron_at and doc[end].lower_ in roles)
                        )
                        and ctx.cat(owner) in ORGS
                    ):
                        ctx.add(
                            ci, "memberOf", owner, 0.7, sent, "person-org's-role", used=[doc[j]]
                        )
                        break
                    if j in ctx.mention_at and ctx.cat(ctx.tc[j]) != "Place":
                        break  # (a place may describe the role: "a Kesslerton council member")
                    if doc[j].lower_ in ("of", "for", "at", "with", "in") and saw_role:
                        org = ctx.entity_after(j + 1, 5)
                        if org is not None and ctx.cat(ctx.tc[org.start]) == "Place":
                            # "a partner at the Port Esterly firm Lockridge Sandberg"
                            org = ctx.entity_after(org.end, 3) or org
                        if org is not None and ctx.cat(ctx.tc[org.start]) in ORGS:
                            # "Kathy Boudin and David Gilbert, both members of the ..."
                            people = [ci] + [
                                e
                                for e in ctx.nps(m.root.conjuncts)
                                if ctx.cat(e) in PERSONS and doc[j - 1].lower_ != "a"
                            ]
                            for p in people:
                                ctx.add(
                                    p,
                                    "memberOf",
                                    ctx.tc[org.start],
                                    0.75,
                                    sent,
                                    "person-role-of-org",
                                )
                        break
                    if doc[j].pos_ in ("VERB", "AUX"):
                        break
                    j += 1
        elif cat in ORGS:
            # "the Corlett Current's Ezra Lindgren": a group's own person
            j = m.end
            if (
                j + 1 < sent.end
                and doc[j].text in ("'s", "’s")
                and j + 1 in ctx.mention_at
                and ctx.cat(ctx.tc[j + 1]) in PERSONS
            ):
                ctx.add(ctx.tc[j + 1], "memberOf", ci, 0.7, sent, "org's-person")
                continue
            # "Color of Change president Rashad Robinson", "FOP's president, John McNesby"
            if j < sent.end and doc[j].text in ("'s", "’s"):
                j += 1
            saw_role = False
            while j < min(sent.end, m.end + 6) and (
                doc[j].lower_ in roles
                or doc[j].pos_ in ("ADJ", "DET", "NOUN")
                or doc[j].text == ","
                or doc[j].lower_ == "whose"
            ):
                saw_role = saw_role or doc[j].lower_ in roles
                j += 1
            if saw_role and j in ctx.mention_at and ctx.cat(ctx.tc[j]) in PERSONS:
                ctx.add(ctx.tc[j], "memberOf", ci, 0.75, sent, "org-role-person")


# ---------------------------------------------------------------------------
# money
# ---------------------------------------------------------------------------

RECIPIENT_PREPS = ("to", "for", "into", "supporting", "backing", "behind", "toward", "towards")
OPPOSING_WORDS = ("against", "attacking", "opposing", "targeting", "criticizing", "assailing")


def _mention_after_word(
    ctx: _Ctx, sent: Span, start: int, wordset: tuple[str, ...], limit: int = 12
) -> tuple[Span | None, int]:
    doc = ctx.doc
    for k in range(start, min(sent.end, start + limit)):
        low = doc[k].lower_
        if low == "to" and k > 0 and doc[k - 1].lower_ in ("according", "due", "addition"):
            continue  # "according to Kenji Morishita" names a source, not a recipient
        if low in wordset:
            if low == "behalf" or (
                low == "on" and k + 2 < len(doc) and doc[k + 1].lower_ == "behalf"
            ):
                continue
            m = ctx.entity_after(k + 1, 7)
            if m is not None:
                return ctx.chain_end(m), k
        if doc[k].ent_type_ == "MONEY" and k > start + 1:
            break
    return None, -1


def rule_money(ctx: _Ctx, sent: Span) -> None:
    doc = ctx.doc
    lex = lexicon()
    for ent in [e for e in ctx.money if e.start >= sent.start and e.end <= sent.end]:
        amount = parse_amount(ent.text)
        # the verb that governs the money, or a relative clause on it:
        # "more than $2 million that George Soros gave to the PAC"
        rel = [
            c
            for c in ent.root.children
            if c.dep_ == "relcl" and c.lemma_.lower() in lex["fund_verbs"]
        ]
        verb = rel[0] if rel else ent.root
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if not ctx.asserted(verb):
            continue
        lemma = verb.lemma_.lower()
        donor = recipient = None
        used: list[Token] = []
        # donor: "... from X" after the money
        dm, _ = _mention_after_word(ctx, sent, ent.end, ("from", "by"), 8)
        if dm is not None and ctx.cat(ctx.tc[dm.start]) == "Place":
            # "from Ravenford car dealer Teresa Hadley": the place describes the donor
            nxt = ctx.entity_after(dm.end, 4)
            dm = nxt if nxt is not None and ctx.cat(ctx.tc[nxt.start]) != "Place" else None
        if dm is not None:
            donor = ctx.tc[dm.start]
        elif lemma in lex["fund_verbs"] and not _passive(verb):
            subs, used = _subjects(ctx, verb)
            donor = subs[0] if subs else None
        # recipient: "to Y", "on behalf of Y", "supporting Y"
        rm = _behalf_of(ctx, ent.end, sent.end)  # "on her behalf", "on Pike's behalf"
        if rm is None:
            rm, _ = _mention_after_word(
                ctx,
                sent,
                ent.end,
                (*RECIPIENT_PREPS, "of") if _behalf(doc, ent.end, sent.end) else RECIPIENT_PREPS,
                12,
            )
        if rm is None and verb.i > ent.end:
            rm, _ = _mention_after_word(ctx, sent, verb.i, RECIPIENT_PREPS, 8)
        if rm is None and dm is not None:
            # "The largest check to Pike, $75,000, came from X": the recipient is named
            # in the subject
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].left_edge.i < ent.start:
                rm, _ = _mention_after_word(
                    ctx, sent, subj[0].left_edge.i, ("to", "for"), ent.start - subj[0].left_edge.i
                )
        if rm is not None and (donor is None or ctx.tc[rm.start] != donor):
            recipient = ctx.tc[rm.start]
        elif any(c.dep_ == "dative" for c in verb.children) and lemma in lex["fund_verbs"]:
            dat = [c for c in verb.children if c.dep_ == "dative"]  # "gave Bill Conway $100,000"
            subs = ctx.nps(dat)
            if not subs:  # "gave her campaign $85,000"
                dat = [c for d in dat for c in d.children if c.dep_ == "poss"]
                subs = ctx.nps(dat)
            recipient = subs[0] if subs else None
            used += dat
        elif dm is not None and (holder := _money_holder(ctx, verb)) is not None:
            # "Doherty's largest contribution, a $50,000 check, came from X", "Teixeira's
            # early money includes $40,000 from X", "He also reported $18,000 from X"
            recipient, hu = holder
            used += hu
        elif lemma in lex["receive_verbs"] or lemma in lex["help_verbs"]:
            host = verb.head if verb.dep_ == "advcl" and _passive(verb) else verb
            subj = [c for c in host.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].tag_ in ("WDT", "WP") and host.dep_ == "relcl":
                subj = [host.head]  # "the PAC, which in turn received $1 million from X"
            subs = ctx.nps(subj)
            if not subs and subj:  # "Pike's campaign got $100,000 from X"
                subj = [c for c in subj[0].children if c.dep_ == "poss"]
                subs = ctx.nps(subj)
            if subs:
                recipient = subs[0]
                used += subj
        if donor is not None and recipient is None:
            # "spent $400,000 against Pike", "poured $1 million into ads attacking Pike"
            tm, _ = _mention_after_word(ctx, sent, ent.end, OPPOSING_WORDS, 10)
            if tm is not None and ctx.tc[tm.start] != donor:
                ctx.add(donor, "opposes", ctx.tc[tm.start], 0.7, sent, f"money:{lemma}-against")
        donors = [donor] if donor is not None else []
        if (
            donor is not None
            and dm is None
            and lemma in lex["fund_verbs"]
            and not _passive(verb)
            and any(
                doc[k].lower_ in ("apiece", "each")
                for k in range(ent.end, min(ent.end + 2, len(doc)))
            )
        ):
            donors = _subjects(ctx, verb)[0]  # "A and B contributed $5,000 apiece"
        if donor is not None and recipient is None and lemma in words("donor_only_verbs"):
            # "The Growers Council gave $400,000." in a list of a committee's donors
            topic = _money_topic(ctx, sent, set(donors), min(ent.start, verb.i))
            if topic is not None:
                recipient, tok = topic
                used.append(tok)
        if donor is None or recipient is None:
            continue
        for d in donors:
            ctx.add(
                d,
                "funds",
                recipient,
                0.75 if amount else 0.6,
                sent,
                f"money:{lemma}",
                amount=amount,
                used=used,
            )


def _money_topic(ctx: _Ctx, sent: Span, donors: set[int], first: int) -> tuple[int, Token] | None:
    """Whose donors a list names when a sentence says only who gave: the nearest
    entity the text presents as holding money (it raised, reported, received or is
    financed; its donors, contributors or money are named; a named gift went to it) up to five sentences
    before, or else up to four after in the same paragraph ("In all, the committee has
    reported raising about $710,000")."""
    doc = ctx.doc
    sents = ctx.sentences()
    here = sents.index(sent)
    holder_verbs = words("money_holder_verbs") | words("receive_verbs")
    funded = {"finance", "fund", "bankroll", "underwrite", "back"}
    nouns = words("funder_nouns") | words("money_holder_nouns")

    def holder_in(s: Span, before: int | None = None) -> tuple[int, Token] | None:
        found = None
        for tok in s if before is None else s.doc[s.start : before]:
            ci = ctx.tc.get(tok.i)
            if ci is None or ci in donors or ctx.cat(ci) not in ORGS | PERSONS:
                continue
            head = tok.head
            if (tok.dep_ == "nsubj" and head.lemma_.lower() in holder_verbs) or (
                tok.dep_ == "nsubjpass" and head.lemma_.lower() in funded
            ):
                found = (ci, tok)
            elif (
                tok.dep_ == "poss"
                and head.lemma_.lower() in nouns
                and (ctx.cat(ci) in ORGS or head.lemma_.lower() not in ("money", "cash", "funding"))
            ):
                found = (ci, tok)  # "Its largest donor", "the committee's money" (not "her money")
            elif tok.dep_ == "dative" and head.lemma_.lower() in words("fund_verbs"):
                found = (ci, tok)  # "who gave the committee $400,000": the list's recipient
            elif (
                tok.dep_ == "pobj"
                and head.lower_ == "to"
                and head.head.lemma_.lower() in words("fund_verbs")
                and any(t.ent_type_ == "MONEY" for t in head.head.subtree)
            ):
                found = (ci, tok)  # "gave $400,000 to the committee"
        return found

    h = holder_in(sent, first)  # "The committee's money comes largely from X, who gave ..."
    if h is not None:
        return h
    for k in range(here - 1, max(here - 6, -1), -1):
        h = holder_in(sents[k])
        if h is not None:
            return h
    for k in range(here + 1, min(here + 5, len(sents))):
        if "\n" in doc[sents[k].start - 1].whitespace_ + doc[sents[k].start - 1].text:
            break  # a new paragraph
        h = holder_in(sents[k])
        if h is not None:
            return h
    return None


def _money_holder(ctx: _Ctx, verb: Token) -> tuple[int, list[Token]] | None:
    """Whose money a sentence is about, when it names only where it came from: the
    subject of "reported", "raised", "includes" (a campaign: its owner), or the owner
    of a contribution that "came from" someone."""
    host = verb
    hops = 0
    while (
        host.dep_ in ("xcomp", "ccomp", "advcl", "conj", "prep", "pcomp", "pobj")
        and host.head.i != host.i
        and hops < 6
    ):
        if host.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in host.children
        ):
            break
        host = host.head  # "reported raising $140,000 ..., including $40,000 from X"
        hops += 1  # ("lists $48,000 from bail bond companies, including $15,000 from X")
    subj = [c for c in host.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj:
        return None
    if subj[0].tag_ in ("WDT", "WP") and host.dep_ == "relcl":
        subj = [host.head]
    lemma = host.lemma_.lower()
    holders = set(words("money_holder_verbs"))
    if lemma in holders or lemma in words("receive_verbs"):
        e = ctx.nps(subj)
        if e:
            return e[0], subj
    if subj[0].lemma_.lower() in words("money_holder_nouns"):
        owners = [c for c in subj[0].children if c.dep_ == "poss"]
        e = ctx.nps(owners)
        if e:
            return e[0], owners
    return None


def _behalf_of(ctx: _Ctx, start: int, end: int) -> Span | None:
    """The one named (or a pronoun) in "on X's behalf" within ten words after ``start``."""
    doc = ctx.doc
    for k in range(start, min(end, start + 12)):
        if doc[k].lower_ != "behalf" or k < 2:
            continue
        j = k - 1
        if doc[j].text in ("'s", "’s", "'"):
            j -= 1
        m = ctx.mention_ending.get(j + 1) or ctx.pron_at.get(j)
        if m is not None:
            return m
    return None


def _behalf(doc: Doc, start: int, end: int) -> bool:
    return any(doc[k].lower_ == "behalf" for k in range(start, min(end, start + 10)))


def rule_possessive_committee(ctx: _Ctx, sent: Span) -> None:
    """ "George Soros's Justice & Public Safety PAC" → Soros funds the PAC."""
    doc = ctx.doc
    for i in range(sent.start, sent.end):
        m = ctx.mention_at.get(i)
        if m is None or m.end + 1 >= len(doc) or doc[m.end].text not in ("'s", "’s"):
            continue
        nxt = ctx.entity_after(m.end + 1, 2)
        if nxt is None:
            continue
        owner, pac = ctx.tc[m.start], ctx.tc[nxt.start]
        if ctx.cat(pac) == "PAC" and ctx.cat(owner) in PERSONS:
            ctx.add(owner, "funds", pac, 0.7, sent, "possessive-committee")


def rule_committee_names(ctx: _Ctx) -> None:
    """A committee's own name says whom it is for or against ("... Recall of Chesa Boudin")."""
    persons = {ci: cl for ci, cl in enumerate(ctx.clusters) if ctx.cat(ci) in PERSONS}
    for ci, cl in enumerate(ctx.clusters):
        if ctx.cat(ci) != "PAC":
            continue
        name = cl.name
        for pi, pcl in persons.items():
            surname = pcl.name.split()[-1]
            if not re.search(rf"\b{re.escape(surname)}\b", name):
                continue  # (most pairs: one cheap test before the two patterns)
            against, for_ = _committee_patterns(surname)
            if against.search(name):
                ctx.add(ci, "opposes", pi, 0.7, cl.mentions[0].sent, "committee-name")
            elif for_.search(name):
                ctx.add(ci, "supports", pi, 0.7, cl.mentions[0].sent, "committee-name")


@functools.cache
def _committee_patterns(surname: str) -> tuple[re.Pattern, re.Pattern]:
    s = re.escape(surname)
    return (
        re.compile(rf"\b(Recall|Without|Against|Stop|Defeat|Oust|Remove)\b.*\b{s}\b"),
        re.compile(
            rf"\b(Elect|Re-?elect|Draft)\b.*\b{s}\b|\bFriends of\b.*\b{s}\b\s+\w"
            rf"|\b{s}\b.*\bfor (DA|D\.A\.|District Attorney)\b"
        ),
    )


def rule_recall_backers(ctx: _Ctx) -> None:
    """Funding or leading a committee that exists to oust someone is opposing them.

    ``funds(X, C)`` or ``memberOf(X, C)`` with ``opposes(C, Y)`` read from C's own
    name ("… Supporting the Recall of Chesa Boudin") gives ``opposes(X, Y)``, sourced
    to the sentence that ties X to C; followed for two hops (a donor to a PAC that
    funds the recall committee).
    """
    for _ in range(2):
        against: dict[int, set[int]] = {}
        for r in ctx.rels:
            if r.predicate == "opposes" and r.rule in ("committee-name", "recall-backer"):
                against.setdefault(r.subject, set()).add(r.object)
        known = {(r.subject, r.predicate, r.object) for r in ctx.rels}
        fresh = [
            Rel(r.subject, "opposes", target, 0.6, r.start, r.end, None, "recall-backer")
            for r in ctx.rels
            if r.predicate in ("funds", "memberOf") and r.object in against
            for target in against[r.object]
            if (r.subject, "opposes", target) not in known and r.subject != target
        ]
        if not fresh:
            return
        ctx.rels.extend(fresh)


def rule_ads(ctx: _Ctx, sent: Span) -> None:
    """Paying for attack ads is opposing: "a super PAC that has aired ads attacking
    Akande", "billboards mocking Schmidt were paid for by People for Portland", "an
    independent committee whose television ads accused Montalvo of ..."."""
    attack = words("attack_verbs")
    for tok in sent:
        if tok.lemma_.lower() not in words("ad_nouns") or tok.pos_ != "NOUN":
            continue
        targets: list[Token] = []
        clauses = [v for v in tok.children if v.dep_ in ("acl", "relcl")]
        clauses += [c for v in clauses for c in v.conjuncts]  # "ads that promote A and attack B"
        for v in clauses:
            if v.lemma_.lower() in attack and ctx.asserted(v):
                targets += [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
                targets += _against(v)
        targets += _against(tok)
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in attack and ctx.asserted(tok.head):
            targets += [c for c in tok.head.children if c.dep_ == "dobj"]  # "ads accused X"
        if not targets:
            continue
        agents: list[Token] = [c for c in tok.children if c.dep_ == "poss"]
        if agents and agents[0].lower_ == "whose":
            v = tok.head  # "a committee whose ads accused X": the committee
            agents = [v.head] if v.dep_ == "relcl" else []
        head = tok.head
        hops = 0
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and hops < 4:
            head = head.head  # "aired three weeks of television ads attacking X"
            hops += 1
        if not agents and head.pos_ in ("VERB", "AUX") and ctx.asserted(head):
            agents = _agents(head) if _passive(head) else _subjects(ctx, head)[1]
        ctx.add_pairs(agents, "opposes", targets, 0.7, sent, "ads-attacking")


def rule_purpose(ctx: _Ctx, sent: Span) -> None:
    """Working to remove someone is opposing them: "put $1 million into committees
    working to defeat Gascón", "spent heavily to defeat him", "helped drive him out"."""
    for v in sent:
        if v.lemma_.lower() not in words("oust_verbs") or v.pos_ != "VERB":
            continue
        if not (
            v.dep_ in ("xcomp", "advcl", "acl", "relcl")
            and any(c.lower_ == "to" and c.dep_ == "aux" for c in v.children)
        ) and not (v.dep_ in ("xcomp", "ccomp") and v.head.lemma_ == "help"):
            continue
        targets = [c for c in v.children if c.dep_ in ("dobj",)]
        if not targets or not ctx.asserted(v):
            continue
        host = v.head
        if host.lemma_.lower() in words("candidacy_verbs"):
            continue  # "running to unseat him" is a challenge, read elsewhere
        agents = _subjects(ctx, v)[1] if host.pos_ in ("VERB", "AUX") else [host]
        if host.pos_ == "VERB" and host.dep_ in ("acl", "relcl") and not ctx.nps(agents):
            agents = [host.head]  # "a committee working to defeat Gascón"
            noun = host.head
            if not ctx.nps(agents) and noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":
                # "put $1 million into committees working to defeat Gascón"
                agents = _subjects(ctx, noun.head.head)[1]
        ctx.add_pairs(agents, "opposes", targets, 0.65, sent, f"purpose:{v.lemma_.lower()}")


def rule_petitions(ctx: _Ctx, sent: Span) -> None:
    """Signing, circulating or funding the recall petition opposes the one it would
    recall: "Zamudio has signed the recall petition"."""
    target = ctx.recall_target()
    if target is None:
        return
    for tok in sent:
        if tok.lemma_.lower() not in ("petition", "signature") or tok.dep_ != "dobj":
            continue
        verb = tok.head
        recall = any(c.lemma_.lower() == "recall" for c in tok.children) or any(
            t.lemma_.lower() == "recall" for t in sent
        )
        if not recall or verb.lemma_.lower() not in words("petition_verbs"):
            continue
        if not ctx.asserted(verb):
            continue
        agents, used = _subjects(ctx, verb)
        for a in agents:
            ctx.add(a, "opposes", target, 0.65, sent, "petition", used=used)


def rule_contests(ctx: _Ctx, sent: Span) -> None:
    """Rivals named together: "A entered a field that included B and C", "A, B and C
    are vying for the nomination", "the race between A and B"."""
    contest = words("contest_nouns") | {"field"}
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in ("include", "including", "feature") and ctx.asserted(tok):
            noun = tok.head if tok.dep_ in ("relcl", "acl", "prep") else tok
            while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i != noun.i:
                noun = noun.head.head  # "a field of seven Democrats that included ..."
            if noun.lemma_.lower() not in contest or noun.dep_ not in ("dobj", "pobj", "attr"):
                continue
            verb = noun.head if noun.dep_ != "pobj" else noun.head.head
            if verb.pos_ not in ("VERB", "AUX") or not ctx.asserted(verb):
                continue
            rivals = [c for c in tok.children if c.dep_ in ("dobj", "pobj")]
            subs, _ = _subjects(ctx, verb)
            for a in subs:
                for b in ctx.nps(rivals):
                    if ctx.cat(a) in PERSONS and ctx.cat(b) in PERSONS:
                        ctx.add(a, "challenges", b, 0.7, sent, "contest:field", used=rivals)
        elif lemma in ("vie", "compete", "run", "battle", "face") and tok.pos_ == "VERB":
            if not ctx.asserted(tok) or any(c.dep_ == "dobj" for c in tok.children):
                continue
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            subj += [a for c in subj for a in c.children if a.dep_ == "appos"]
            people = [e for e in ctx.nps(subj) if ctx.cat(e) in PERSONS]
            if lemma == "run" and not any(
                c.dep_ == "prep" and any(g.lemma_.lower() in contest for g in c.children)
                for c in tok.children
            ):
                continue  # "A and B ran" alone is not a contest
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
                    ctx.add(a, "challenges", b, 0.7, sent, "contest:rivals", used=subj)
        elif lemma in contest and tok.pos_ == "NOUN":
            between = [
                p2
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ == "between"
                for p2 in p.children
                if p2.dep_ == "pobj"
            ]
            people = [e for e in ctx.nps(between) if ctx.cat(e) in PERSONS]
            if not ctx.asserted(tok.head):
                continue
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
                    ctx.add(a, "challenges", b, 0.75, sent, "contest:between", used=between)


def _person_mention_after(ctx: _Ctx, start: int, end: int) -> Span | None:
    """The first person named from ``start`` (before ``end``), not one whose name is a
    possessive ("Vance's office")."""
    doc = ctx.doc
    for k in range(start, end):
        m = ctx.mention_at.get(k)
        if m is None or ctx.cat(ctx.tc[k]) not in PERSONS:
            continue
        if m.end < len(doc) and doc[m.end].text in ("'s", "’s", "'"):
            continue
        return m
    return None


def rule_pits(ctx: _Ctx, sent: Span) -> None:
    """A race that pits one candidate against another: "the primary pits her first
    assistant, Raymond Esposito, against Hannah Iwasaki" (the parser often reads
    "pits" as a noun, so this goes by position)."""
    for pit in ctx.find(
        lowers={"pits", "pit", "pitted", "pitting"}, start=sent.start, end=sent.end
    ):
        against = next(
            (t.i for t in ctx.find(lowers={"against"}, start=pit.i + 2, end=sent.end)), None
        )
        if against is None or against - pit.i > 40:
            continue
        if any(
            ctx.lowers[k] in ("not", "never", "could", "would", "may", "might")
            for k in range(max(sent.start, pit.i - 3), pit.i)
        ):
            continue
        a = _person_mention_after(ctx, pit.i + 1, against)
        b = _person_mention_after(ctx, against + 1, min(sent.end, against + 6))
        if a is None or b is None:
            continue
        ctx.add(ctx.tc[a.start], "challenges", ctx.tc[b.start], 0.7, sent, "pits-against")


def rule_mayor(ctx: _Ctx) -> None:
    """ "former Philadelphia Mayor Frank Rizzo" → mayorOf (stored, not scored)."""
    for tok in ctx.find(lowers={"mayor"}):
        if tok.i + 1 not in ctx.mention_at:
            continue
        person = ctx.tc[tok.i + 1]
        place = _place_before(ctx, tok.i)
        if place is not None and ctx.cat(person) in PERSONS:
            ctx.add(person, "mayorOf", place, 0.8, tok.sent, "title")


def rule_known_prosecutors(ctx: _Ctx) -> None:
    """A person on the list of known heads of prosecutors' offices is typed a
    prosecutor, in an article that speaks of prosecutors at all (typing only: no
    relation comes from the list)."""
    if not ctx.doc.spans.get("kg_cues"):
        return
    known = {norm_name(n) for n in name_list("known_prosecutors.txt")}
    for ci, cl in enumerate(ctx.clusters):
        if cl.category in PERSONS and " " in cl.name and norm_name(cl.name) in known:
            ctx.prosecutor.add(ci)


def resolve_title_references(ctx: _Ctx) -> None:
    """ "rallied behind the district attorney", "the incumbent will face X": a bare
    definite title (no name after it) stands for the prosecutor the article is about
    (named at least twice as often as any other, and before the title). Such a token
    then counts as a mention of that prosecutor for the rules that follow (like a
    resolved pronoun)."""
    if not ctx.prosecutor:
        return
    doc = ctx.doc
    heads: list[Token] = [t for t in ctx.find(lowers={"incumbent"}) if t.pos_ == "NOUN"]
    for cue in doc.spans.get("kg_cues", []):
        last = cue[-1]
        if last.lower_.endswith("s") or last.lower_ in ("general", "attorney-elect"):
            continue  # plural, or another office ("attorney general")
        heads.append(last)
    counts = sorted(((len(ctx.clusters[ci].mentions), ci) for ci in ctx.prosecutor), reverse=True)
    if len(counts) > 1 and counts[1][0] * 2 > counts[0][0]:
        return  # no one prosecutor the article is about
    main = counts[0][1]
    first_at = ctx.clusters[main].mentions[0].start
    for tok in heads:
        i = tok.i
        if (i in ctx.tc and i not in ctx.pron_at) or i + 1 >= len(doc):
            continue  # (a description read as the prosecutor named last is re-read)
        first = i - 1
        while first > 0 and first in ctx.cue_tokens:
            first -= 1
        if doc[first].lower_ != "the" or doc[first].dep_ != "det" or doc[first].head.i != i:
            continue
        nxt = doc[i + 1]
        if (
            i + 1 in ctx.mention_at
            or nxt.text in ("'s", "’s", "'")
            or nxt.lower_ in ("of", "for", "general")
            or (nxt.text == "," and i + 2 in ctx.mention_at)
            or any(
                c.dep_ in ("appos", "compound") and c.i not in ctx.cue_tokens for c in tok.children
            )
        ):
            continue  # a title with its holder's name, an office, or "the DA of X"
        if first_at > i:
            continue
        ci = main
        ctx.tc[i] = ci
        ctx.pron_at[i] = doc[i : i + 1]
        ctx.antecedent[i] = i


def run_rules(ctx: _Ctx) -> None:
    """Every hand-written rule, in order (prosecutors first: later rules use them)."""
    doc = ctx.doc
    rule_known_prosecutors(ctx)
    rule_prosecutor_cues(ctx)
    rule_predecessors(ctx)
    rule_incumbent(ctx)
    rule_new_prosecutor(ctx)
    rule_office_holders(ctx)
    rule_assistants(ctx)
    rule_unseaters(ctx)
    for ci in ctx.prosecutor:
        ctx.clusters[ci].category = "Prosecutor"
        ctx.clusters[ci].types |= {"Prosecutor", "Person"}
    rule_office(ctx)
    rule_place_possessive(ctx)
    rule_successions(ctx)
    resolve_pending_places(ctx)
    rule_mayor(ctx)
    resolve_title_references(ctx)
    for sent in doc.sents:
        rule_verbs(ctx, sent)
        rule_nouns(ctx, sent)
        rule_membership(ctx, sent)
        rule_role_copula(ctx, sent)
        rule_money(ctx, sent)
        rule_possessive_committee(ctx, sent)
        rule_contests(ctx, sent)
        rule_pits(ctx, sent)
        rule_ads(ctx, sent)
        rule_purpose(ctx, sent)
        rule_petitions(ctx, sent)
        rule_against(ctx, sent)
        rule_misparsed_verbs(ctx, sent)
        rule_resignation_calls(ctx, sent)
        rule_no_confidence(ctx, sent)
        rule_in_support(ctx, sent)
        rule_behind(ctx, sent)
        rule_where_worked(ctx, sent)
    rule_committee_names(ctx)


@functools.cache
def _past_forms() -> dict[str, tuple[str, str]]:
    """Past-tense form → (predicate, lemma) for the one-word verbs of VERB_TABLE."""
    out: dict[str, tuple[str, str]] = {}
    lex = lexicon()
    for pred, key, _prep, _conf in VERB_TABLE:
        if pred in ("funds", "memberOf"):
            continue
        for lemma in lex[key]:
            form = lemma + ("d" if lemma.endswith("e") else "ed")
            out.setdefault(form, (pred, lemma))
    out["beat"] = ("challenges", "beat")
    return out


def rule_misparsed_verbs(ctx: _Ctx, sent: Span) -> None:
    """The verb the parser read as an adjective or a name: in "Isidora Kalnins, a former
    legal-aid lawyer, unseated County Attorney Morris Eggleston", "unseated" came out
    as an adjective of "Eggleston". Read by position: the name before (past an
    apposition between commas), the verb, the name after (past its title)."""
    doc = ctx.doc
    forms = _past_forms()
    cue_at = ctx.cue_tokens
    for i in range(sent.start + 1, sent.end - 1):
        hit = forms.get(ctx.lowers[i])
        tok = doc[i]
        if hit is None or tok.pos_ in ("VERB", "AUX") or tok.tag_ not in ("JJ", "VBN", "NNP", "NN"):
            continue
        if ctx.lowers[i - 1] in ("not", "never", "was", "were", "been", "being", "is", "be"):
            continue  # negated, or a passive the parse already read
        pred, lemma = hit
        j = i - 1
        while j > sent.start and doc[j].pos_ == "ADV":
            j -= 1
        if doc[j].text == ",":
            k = j - 1
            while k > sent.start and doc[k].text != "," and j - k < 12:
                k -= 1
            j = k - 1 if doc[k].text == "," else -1
        subj = ctx.mention_ending.get(j + 1) if j >= sent.start else None
        k = i + 1
        while (
            k < sent.end
            and (
                k in cue_at or doc[k].pos_ in ("DET", "ADJ", "ADV") or ctx.lowers[k] == "incumbent"
            )
            and k - i < 6
        ):
            k += 1
        obj = ctx.mention_at.get(k)
        if subj is None or obj is None:
            continue
        s_ci, o_ci = ctx.tc[subj.start], ctx.tc[obj.start]
        if ctx.cat(o_ci) == "Place" or ctx.cat(s_ci) == "Place":
            continue
        ctx.add(s_ci, pred, o_ci, 0.65, sent, f"surface:{lemma}")


def rule_where_worked(ctx: _Ctx, sent: Span) -> None:
    """ "the Tamsworth Defender Collective, where she worked for 11 years": who worked
    (or works, or served) at the place a relative "where" names is its member."""
    for where in ctx.find(lowers={"where"}, start=sent.start + 1, end=sent.end):
        if ctx.doc[where.i - 1].text != ",":
            continue
        m = ctx.mention_ending.get(where.i - 1)
        verb = where.head
        if m is None or ctx.cat(ctx.tc[m.start]) not in ORGS:
            continue
        if verb.lemma_ not in ("work", "serve", "volunteer", "intern") or not ctx.asserted(verb):
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        for person in ctx.nps(subjects):
            if ctx.cat(person) in PERSONS:
                ctx.add(
                    person, "memberOf", ctx.tc[m.start], 0.7, sent, "where-worked", used=subjects
                )


def rule_behind(ctx: _Ctx, sent: Span) -> None:
    """Standing behind someone is supporting them: "He has the Bramblecote County
    Republican Committee and the Conservative Party behind him", "the union is
    squarely behind Pike"."""
    for prep in ctx.find(lowers={"behind"}, start=sent.start, end=sent.end):
        if prep.dep_ != "prep":
            continue
        verb = prep.head
        backers: list[Token] = []
        if verb.dep_ == "dobj" and verb.head.lemma_ in ("have", "get"):
            backers, verb = [verb], verb.head  # "has the committee behind him" (on the noun)
        if verb.lemma_ not in ("have", "be", "get") or not ctx.asserted(verb):
            continue
        backed = [c for c in prep.children if c.dep_ == "pobj"]
        if not backers:
            want = "nsubj" if verb.lemma_ == "be" else "dobj"
            backers = [c for c in verb.children if c.dep_ == want]
        ctx.add_pairs(backers, "supports", backed, 0.7, sent, "behind")


def rule_in_support(ctx: _Ctx, sent: Span) -> None:
    """Acting in someone's support or defense is supporting them: "led 200 people to
    the courthouse in support of Quiroga-Tannous", "came to her defense", "rallied
    to his side"."""
    for tok in ctx.find(
        lowers={"support", "defense", "defence", "side"}, start=sent.start, end=sent.end
    ):
        if tok.pos_ != "NOUN" or tok.dep_ != "pobj":
            continue
        prep = tok.head.lower_
        low = tok.lower_
        if low == "support" and prep != "in":
            continue
        if low in ("defense", "defence") and prep not in ("in", "to"):
            continue
        if low == "side" and prep != "to":
            continue
        targets = _prep_objects(tok, "of") if low != "side" else []
        targets += [c for c in tok.children if c.dep_ == "poss"]
        verb = tok.head.head
        hops = 0
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and hops < 3:
            verb = verb.head
            hops += 1
        if not targets or verb.pos_ not in ("VERB", "AUX") or not ctx.asserted(verb):
            continue
        if low == "side" and verb.lemma_.lower() not in ("rally", "come", "rush", "leap", "jump"):
            continue
        agents = _agents(verb) if _passive(verb) else _subjects(ctx, verb)[1]
        ctx.add_pairs(agents, "supports", targets, 0.7, sent, f"in-{low}")


def rule_no_confidence(ctx: _Ctx, sent: Span) -> None:
    """A vote of no confidence opposes its target: "voted 212 to 19 to declare no
    confidence in State's Attorney Yasmin Haidari", "a no-confidence vote in Pike"."""
    for tok in ctx.find(lowers={"confidence"}, start=sent.start, end=sent.end):
        if "no" not in ctx.lowers[max(sent.start, tok.i - 2) : tok.i + 1]:
            continue
        noun = tok.head if tok.dep_ == "compound" else tok  # "no-confidence vote"
        targets = _prep_objects(noun, "in") or _prep_objects(tok, "in")
        verb = noun.head
        while (
            verb.pos_ not in ("VERB", "AUX")
            and verb.head.i != verb.i
            and verb.dep_
            in (
                "dobj",
                "pobj",
                "prep",
            )
        ):
            verb = verb.head
        if not targets or verb.pos_ not in ("VERB", "AUX") or not ctx.asserted(verb):
            continue
        agents = _agents(verb) if _passive(verb) else _subjects(ctx, verb)[1]
        ctx.add_pairs(agents, "opposes", targets, 0.7, sent, "no-confidence")


def rule_resignation_calls(ctx: _Ctx, sent: Span) -> None:
    """Asking someone to quit is opposing them: "called on Haidari to resign", "urged
    Okonjo to step down", "demanded that she resign"."""
    for quit in ctx.find(lemmas=words("resign_verbs"), start=sent.start, end=sent.end):
        if quit.lemma_.lower() == "step" and not any(c.lower_ == "down" for c in quit.children):
            continue
        asker = quit.head
        if quit.dep_ not in ("xcomp", "ccomp", "advcl") or asker.lemma_.lower() not in words(
            "demand_verbs"
        ):
            continue
        if not ctx.asserted(asker):
            continue
        targets = [c for c in asker.children if c.dep_ == "dobj"]
        targets += [g for g in _prep_objects(asker, "on") if g.dep_ == "pobj"]
        targets += [c for c in quit.children if c.dep_ == "nsubj"]  # "demanded that she resign"
        subjects = _subjects(ctx, asker)[1]
        ctx.add_pairs(subjects, "opposes", targets, 0.7, sent, "resignation-call")


def sentence_anchors(ctx: _Ctx, sent: Span) -> dict[int, list[Token]]:
    """Entity → the tokens that name it in ``sent`` (mention heads, resolved pronouns)."""
    out: dict[int, list[Token]] = {}
    for i in range(sent.start, sent.end):
        if i in ctx.mention_at:
            out.setdefault(ctx.tc[i], []).append(ctx.mention_at[i].root)
        elif i in ctx.pron_at and i in ctx.tc:
            out.setdefault(ctx.tc[i], []).append(ctx.doc[i])
    return out


def model_candidates(
    ctx: _Ctx,
    skip_sentence: Callable[[Span], bool] | None = None,
    skip_pair: Callable[[int, str, int], bool] | None = None,
) -> Iterator[tuple[Candidate, str, list[str]]]:
    """Every (pair, predicate, features) the learned model may judge: two entities of
    one sentence whose categories the predicate allows (less those the callers skip,
    whose features are then never computed)."""
    for sent in ctx.doc.sents:
        anchors = sentence_anchors(ctx, sent)
        if not 2 <= len(anchors) <= MAX_PAIR_ENTITIES:
            continue
        if skip_sentence is not None and skip_sentence(sent):
            continue
        for c in candidates(sent, anchors):
            sc, oc = ctx.cat(c.subject), ctx.cat(c.object)
            feats: list[str] | None = None
            for pred in SCORED:
                subj_ok, obj_ok = ALLOWED[pred]
                if sc not in subj_ok or oc not in obj_ok:
                    continue
                if skip_pair is not None and skip_pair(c.subject, pred, c.object):
                    continue
                feats = feats or pair_features(c, sc, oc)
                yield c, pred, feats


def _hedged(sent: Span) -> bool:
    """A sentence that denies or only supposes something ("has not filed", "is
    considering a run", "could back"): the model leaves it to the rules."""
    neg, modals, spec = (
        words("negation_words"),
        words("speculation_modals"),
        words("speculation_heads"),
    )
    return any(
        t.dep_ == "neg" or t.lower_ in neg or t.lower_ in modals or t.lemma_.lower() in spec
        for t in sent
    )


def rule_model(ctx: _Ctx, model: PairModel) -> None:
    """Relations the rules missed, where the learned model is confident (at least
    :data:`MODEL_FLOOR`), in sentences that neither deny nor suppose."""
    have = {(r.subject, r.predicate, r.object) for r in ctx.rels}
    have |= {(o, p, s) for s, p, o in have if p == "challenges"}
    for c, pred, feats in model_candidates(
        ctx, skip_sentence=_hedged, skip_pair=lambda s, p, o: (s, p, o) in have
    ):
        p = model.score(pred, feats)
        if p >= max(model.thresholds[pred], MODEL_FLOOR):
            amount = _pair_amount(ctx, c) if pred == "funds" else None
            ctx.add(
                c.subject,
                pred,
                c.object,
                round(0.8 * p, 3),
                c.sent,
                "model",
                amount=amount,
                used=[c.s_tok, c.o_tok],
            )


def _pair_amount(ctx: _Ctx, c: Candidate) -> float | None:
    """The amount of a money flow the model found: the sentence's one amount, or the
    one between the two names."""
    money = [m for m in ctx.money if c.sent.start <= m.start and m.end <= c.sent.end]
    if len(money) > 1:
        lo, hi = sorted((c.s_tok.i, c.o_tok.i))
        money = [m for m in money if lo < m.start < hi]
    return parse_amount(money[0].text) if len(money) == 1 else None


def rule_so_too(ctx: _Ctx) -> None:
    """ "Authement is backing her against the recall. So is the Interfaith Clergy
    Alliance": "So" with an auxiliary and a name repeats the sentence before for that
    name (its stances, not its amounts). The evidence is both sentences."""
    doc = ctx.doc
    sents = ctx.sentences()
    for prev, sent in itertools.pairwise(sents):
        if len(sent) < 3 or ctx.lowers[sent.start] != "so":
            continue
        if doc[sent.start + 1].pos_ not in ("AUX", "VERB") or doc[sent.start + 1].lemma_ not in (
            "be",
            "do",
            "have",
            "will",
        ):
            continue
        m = ctx.entity_after(sent.start + 2, 3)
        if m is None or m.start >= sent.end:
            continue
        newcomer = ctx.tc[m.start]
        for r in list(ctx.rels):
            if r.predicate not in ("supports", "opposes") or r.rule == "model":
                continue
            if not (prev.start_char <= r.start and r.end <= prev.end_char):
                continue
            if r.object != newcomer:
                ctx.add(newcomer, r.predicate, r.object, 0.6, doc[prev.start : sent.end], "so-too")


class RelationExtractor:
    def __init__(self, nlp: Language, name: str, use_model: bool = True) -> None:
        self.name = name
        self.use_model = use_model
        if not Doc.has_extension("kg_relations"):
            Doc.set_extension("kg_relations", default=None)

    def __call__(self, doc: Doc) -> Doc:
        ctx = _Ctx(doc)
        run_rules(ctx)
        model = load_model() if self.use_model else None
        if model is not None:
            rule_model(ctx, model)
        rule_recall_backers(ctx)
        rule_so_too(ctx)
        doc._.kg_relations = _finalize(ctx)
        return doc


def _finalize(ctx: _Ctx) -> list[Rel]:
    """Keep relations whose ends have the right categories; one per (s, p, o), best first."""
    for ci in ctx.prosecutor:  # (rules after the first pass may have found more)
        ctx.clusters[ci].category = "Prosecutor"
        ctx.clusters[ci].types |= {"Prosecutor", "Person"}
    out: dict[tuple, Rel] = {}
    for r in ctx.rels:
        if (
            r.predicate == "challenges"
            and ctx.cat(r.subject) in ORGS
            and ctx.cat(r.object) in PERSONS
            and r.rule != "model"
        ):
            # a group cannot run against anyone: "the union is working to unseat Pike",
            # "the PAC set out to defeat her" oppose
            r.predicate, r.rule = "opposes", r.rule + ">opposes"
        subj_ok, obj_ok = ALLOWED.get(r.predicate, (None, None))
        if subj_ok is not None and (
            ctx.cat(r.subject) not in subj_ok or ctx.cat(r.object) not in obj_ok
        ):
            continue
        key = (r.subject, r.predicate, r.object)
        if r.predicate == "challenges":
            key = (min(r.subject, r.object), r.predicate, max(r.subject, r.object))
        best = out.get(key)
        if (
            best is None
            or (r.amount is not None and best.amount is None)
            or ((r.amount is None) == (best.amount is None) and r.confidence > best.confidence)
        ):
            out[key] = r
    for r in out.values():
        if r.predicate == "funds":
            ctx.clusters[r.subject].types.add("Donor")
        if r.predicate == "challenges":
            ctx.clusters[r.subject].types.add("Candidate")
            ctx.clusters[r.object].types.add("Candidate")
    return sorted(out.values(), key=lambda r: (r.start, r.predicate))


@Language.factory("kg_relations", default_config={"use_model": True})
def make_relations(nlp: Language, name: str, use_model: bool) -> RelationExtractor:
    return RelationExtractor(nlp, name, use_model)
