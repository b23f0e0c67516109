"""Who "I", "we" and "you" are: the interviewee of a Q&A and the author of an op-ed.

A Q&A is a run of lines that open with a speaker's label ("Q:", "A:",
"Kashani-Whitfield:", "Courier:"). The interviewee is the person whose label
answers (or, behind "A:", the first person the introduction names); in an answer
"I", "me" and "my" are the interviewee and "we", "us", "our" the group the
introduction says the interviewee leads or works for; in a question "you" and
"your" are the interviewee. An op-ed's author is named in a byline ("By Travis
Kolodziej") or in the closing note ("Travis Kolodziej is president of ..."); there
"I" is the author, and "we" the one group that note names. Words inside quotation
marks belong to whoever is quoted and are left alone.

>>> _label("Kashani-Whitfield: I did, and I'd do it again.")
'Kashani-Whitfield'
>>> _label("NEW YORK — The race") is None
True
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Protocol

from spacy.tokens import Doc, Span

from kg.extract.lexicon import words

__all__ = ["resolve_speakers"]

FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
SECOND = frozenset({"you", "your", "yours", "yourself"})
INTERVIEW_VERBS = frozenset({"speak", "talk", "sit", "interview", "ask", "answer", "chat"})
GROUP_NOUNS = frozenset(
    {"group", "union", "committee", "pac", "organization", "association", "coalition", "fund"}
)
LABEL_RE = re.compile(r"^([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s")
BYLINE_RE = re.compile(r"^By ([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3})\s*$")
OPEN_QUOTES, CLOSE_QUOTES, BOTH_QUOTES = "“", "”", '"'


class _Cluster(Protocol):
    name: str
    category: str
    mentions: list[Span]


MEDIA_HEADS = frozenset(
    "current ledger star tribune times post herald gazette journal news register courier"
    " dispatch chronicle inquirer sentinel observer examiner record bee globe review press"
    " monitor beacon citizen courant telegraph voice signal standard mirror bulletin enquirer"
    " statesman argus reporter clarion intelligencer leader eagle banner advertiser patriot"
    " transcript messenger comet advocate daily weekly radio television tv magazine".split()
)


def _personal(name: str) -> bool:
    """Two or three capitalized words that name no group, place or paper: a person."""
    parts = name.split()
    heads = words("organization_heads") | words("place_heads") | MEDIA_HEADS
    return (
        2 <= len(parts) <= 3
        and all(p[:1].isupper() for p in parts)
        and not any(p.lower() in heads or p == "&" for p in parts)
    )


def _label(line: str) -> str | None:
    m = LABEL_RE.match(line)
    return m.group(1) if m else None


def _norm(s: str) -> str:
    return re.sub(r"[’']s$", "", s.strip().lower())


def _lines(doc: Doc) -> list[tuple[int, int, str]]:
    """(start char, end char, text) of each non-empty line."""
    out, pos = [], 0
    for line in doc.text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _tokens(doc: Doc, start: int, end: int) -> list[int]:
    """Token indexes of a line, leaving out words inside quotation marks."""
    out, quoted = [], False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return out
    for tok in span:
        t = tok.text
        if t in OPEN_QUOTES or (t in BOTH_QUOTES and not quoted):
            quoted = True
            continue
        if t in CLOSE_QUOTES or (t in BOTH_QUOTES and quoted):
            quoted = False
            continue
        if not quoted:
            out.append(tok.i)
    return out


def _cluster_named(clusters: list[_Cluster], text: str, cats: set[str]) -> int | None:
    key = _norm(text)
    for ci, cl in enumerate(clusters):
        if cl.category in cats and (
            _norm(cl.name) == key
            or any(_norm(m.text) == key for m in cl.mentions)
            or (" " not in key and _norm(cl.name.split()[-1]) == key)  # "Carrasco:"
        ):
            return ci
    return None


def _group_of(
    clusters: list[_Cluster], token_cluster: dict[int, int], sent: Span, after: int
) -> int | None:
    """The committee, or else the first organization, named in ``sent`` after token ``after``
    (not a newspaper or station: "spoke with Pavel Mbatha of the Marais City Beacon"
    names the interviewer's paper)."""
    found: list[int] = []
    for tok in sent:
        ci = token_cluster.get(tok.i)
        if ci is not None and tok.i > after and ci not in found:
            if clusters[ci].category in ("PAC", "Organization") and (
                clusters[ci].name.split()[-1].lower() not in MEDIA_HEADS
            ):
                found.append(ci)
    pacs = [ci for ci in found if clusters[ci].category == "PAC"]
    return (pacs or found or [None])[0]


def _first_person_mention(
    clusters: list[_Cluster], token_cluster: dict[int, int], doc: Doc, start: int, end: int
) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    for tok in span or ():
        ci = token_cluster.get(tok.i)
        if ci is not None and clusters[ci].category in ("Person", "Prosecutor"):
            return ci, tok.i
    return None


def resolve_speakers(
    doc: Doc,
    clusters: list[_Cluster],
    token_cluster: dict[int, int],
    antecedent: dict[int, int],
) -> None:
    """Point first- and second-person words at the interviewee or the author (in place)."""
    orth = doc.to_array("ORTH")
    colons = int((orth == doc.vocab.strings[":"]).sum())
    firsts = int((orth == doc.vocab.strings["I"]).sum())
    if colons < 4 and firsts < 2:
        return  # neither turns of a Q&A nor anyone saying "I": nothing to do (and fast)
    lines = _lines(doc)
    labels = Counter(lab for _, _, text in lines if (lab := _label(text)) is not None)
    turns = {lab for lab, n in labels.items() if n >= 2}
    if len(turns) >= 2 and sum(labels[lab] for lab in turns) >= 4:
        _qa(doc, clusters, token_cluster, antecedent, lines, turns)
    else:
        _oped(doc, clusters, token_cluster, antecedent, lines)


def _assign(
    doc: Doc,
    tokens: list[int],
    words: frozenset[str],
    target: int | None,
    token_cluster: dict[int, int],
    antecedent: dict[int, int],
) -> None:
    if target is None:
        return
    for i in tokens:
        tok = doc[i]
        if tok.lower_ not in words or i in token_cluster:
            continue
        token_cluster[i] = target
        antecedent[i] = i
        if words is FIRST_PLURAL and tok.dep_ == "poss" and tok.head.lower_ in GROUP_NOUNS:
            token_cluster[tok.head.i] = target  # "our group sued the sheriff's office"
            antecedent[tok.head.i] = i


def _qa(
    doc: Doc,
    clusters: list[_Cluster],
    token_cluster: dict[int, int],
    antecedent: dict[int, int],
    lines: list[tuple[int, int, str]],
    turns: set[str],
) -> None:
    persons = {"Person", "Prosecutor"}
    named = {lab: _cluster_named(clusters, lab, persons) for lab in turns}
    for lab in turns:
        if named[lab] is not None or lab in ("Q", "A"):
            continue
        ci = _cluster_named(clusters, lab, {"Organization", "Place"})
        if ci is not None and _personal(clusters[ci].name):
            # "Carrasco:" answering, the model's "organization" is the person speaking
            clusters[ci].category = "Person"
            clusters[ci].types = {"Person"}
            named[lab] = ci
    answerers = {lab for lab, ci in named.items() if ci is not None}
    if "A" in turns:
        answerers.add("A")
    if not answerers:
        return
    first_turn = next(i for i, (_, _, text) in enumerate(lines) if _label(text) in turns)
    intro = lines[:first_turn]
    interviewee = next(
        (named[lab] for lab in sorted(answerers) if named.get(lab) is not None), None
    )
    if interviewee is None:
        # behind "A:": the one the introduction says spoke, was asked or answered
        for start, end, _text in intro:
            span = doc.char_span(start, end, alignment_mode="expand")
            for sent in span.sents if span is not None else ():
                if any(t.lemma_.lower() in INTERVIEW_VERBS for t in sent):
                    hit = _first_person_mention(
                        clusters, token_cluster, doc, sent.start_char, sent.end_char
                    )
                    if hit is not None:
                        interviewee = hit[0]
                        break
            if interviewee is not None:
                break
    group = None
    first = None
    if interviewee is not None:
        first = next(
            (
                m
                for m in sorted(clusters[interviewee].mentions, key=lambda m: m.start)
                if intro and m.start_char < intro[-1][1]
            ),
            None,
        )
    if first is not None:
        group = _group_of(clusters, token_cluster, first.sent, first.start)
    elif intro:  # "we spoke with a spokesperson for Color of Change PAC"
        span = doc.char_span(intro[-1][0], intro[-1][1], alignment_mode="expand")
        for tok in span or ():
            if tok.lower_ in ("spokesperson", "spokesman", "spokeswoman", "representative"):
                group = _group_of(clusters, token_cluster, tok.sent, tok.i)
                break
    speaker = interviewee
    answering = False
    for start, end, text in lines[first_turn:]:
        lab = _label(text)
        if lab is not None:
            answering = lab in answerers
        toks = _tokens(doc, start, end)
        if answering:
            _assign(doc, toks, FIRST_SINGULAR, speaker, token_cluster, antecedent)
            _assign(doc, toks, FIRST_PLURAL, group, token_cluster, antecedent)
        else:
            _assign(doc, toks, SECOND, speaker, token_cluster, antecedent)


def _oped(
    doc: Doc,
    clusters: list[_Cluster],
    token_cluster: dict[int, int],
    antecedent: dict[int, int],
    lines: list[tuple[int, int, str]],
) -> None:
    persons = {"Person", "Prosecutor"}
    author = None
    for _, _, text in lines[:4]:
        m = BYLINE_RE.match(text.strip())
        if m:
            author = _cluster_named(clusters, m.group(1), persons)
            break
    group = None
    if lines:
        start, end, _ = lines[-1]
        hit = _first_person_mention(clusters, token_cluster, doc, start, end)
        if hit is not None:
            ci, i = hit
            tok = doc[i]
            head = tok
            while head.dep_ in ("compound", "flat") and head.head.i != head.i:
                head = head.head
            if head.dep_ == "nsubj" and head.head.lemma_ == "be" and (author in (None, ci)):
                author = ci  # "Travis Kolodziej is president of the ... Association."
                orgs = {
                    token_cluster[t.i]
                    for t in head.head.subtree
                    if token_cluster.get(t.i) is not None
                    and clusters[token_cluster[t.i]].category in ("PAC", "Organization")
                }
                group = next(iter(orgs)) if len(orgs) == 1 else None
    if author is None:
        return
    toks = [i for start, end, _ in lines for i in _tokens(doc, start, end)]
    if sum(doc[i].lower_ in FIRST_SINGULAR for i in toks) < 2:
        return  # a byline over a news story that never says "I"
    _assign(doc, toks, FIRST_SINGULAR, author, token_cluster, antecedent)
    _assign(doc, toks, FIRST_PLURAL, group, token_cluster, antecedent)
