"""Following the money: every path of funds edges from a donor, hop by hop, with sources.

How repeated reports are counted. One *flow* is one donor, one recipient and one
amount: when several articles (or sentences) report that Soros gave $1.45 million
to a PAC, that is one flow, reported several times, counted once. Two different
amounts for the same donor and recipient are two flows and are added: the
extractor keeps the amount each sentence states, and a sentence that states a
different sum reports a different gift or a new total, which no rule can tell
apart reliably; every report is listed so a reader can check. A funds edge
with no amount is a flow of unreported size: it is shown, never guessed.

How much reaches a recipient two hops away. Money is fungible: the graph
says how much passed each hop, not whose dollars went on. So ``kg money``
gives, for each recipient, the direct total and an upper bound: the most of
the donor's money that the reported hops could have carried to it (the
maximum flow through the funds graph, each donor-recipient pair's total its
capacity). Hops of unreported size carry nothing in that bound and are
counted separately.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n in "DPC":
...     G.add_node(n, label={"D": "Donor", "P": "PAC", "C": "Candidate"}[n], category="Person")
>>> ev = lambda amt: {"amount": amt, "text": "…", "article": "a1", "title": None, "date": None}
>>> G.add_edge("D", "P", key="funds", predicate="funds", evidence=[ev(500.0), ev(500.0)])
'funds'
>>> G.add_edge("P", "C", key="funds", predicate="funds", evidence=[ev(300.0)])
'funds'
>>> report = money_paths(G, "D")
>>> [(p.names(G), p.bottleneck) for p in report.paths]
[(['Donor', 'PAC'], 500.0), (['Donor', 'PAC', 'Candidate'], 300.0)]
>>> report.totals["C"].at_most, report.totals["P"].direct
(300.0, 500.0)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Flow", "Hop", "MoneyPath", "MoneyReport", "RecipientTotal", "flows", "money_paths"]


@dataclass
class Flow:
    """One donor, recipient and amount (None: unreported), and every report of it."""

    amount: float | None
    reports: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Hop:
    donor: str
    recipient: str
    flows: list[Flow]

    @property
    def total(self) -> float | None:
        """The distinct reported amounts added up; None when no amount was reported."""
        known = [f.amount for f in self.flows if f.amount is not None]
        return float(sum(known)) if known else None

    @property
    def unreported(self) -> bool:
        return any(f.amount is None for f in self.flows)


def flows(evidence: list[dict[str, Any]]) -> list[Flow]:
    """A funds edge's reports grouped into flows: one per distinct amount."""
    by_amount: dict[float | None, Flow] = {}
    for ev in evidence:
        amt = ev.get("amount")
        by_amount.setdefault(amt, Flow(amt)).reports.append(ev)
    known = sorted((a for a in by_amount if a is not None), reverse=True)
    out = [by_amount[a] for a in known]
    if None in by_amount and not known:
        out.append(by_amount[None])
    elif None in by_amount:
        # a report without an amount of a pair that has amounts elsewhere: same money, most likely
        out[0].reports.extend(by_amount[None].reports)
    return out


@dataclass
class MoneyPath:
    hops: list[Hop]

    @property
    def end(self) -> str:
        return self.hops[-1].recipient

    @property
    def bottleneck(self) -> float | None:
        """The smallest hop total: at most this much can have passed along the whole path."""
        totals = [h.total for h in self.hops]
        return None if any(t is None for t in totals) else min(totals)  # type: ignore[type-var]

    def names(self, G: nx.MultiDiGraph) -> list[str]:
        return [G.nodes[self.hops[0].donor]["label"]] + [
            G.nodes[h.recipient]["label"] for h in self.hops
        ]


@dataclass
class RecipientTotal:
    recipient: str
    direct: float | None  # reported flows from the donor straight to it
    at_most: float  # the max-flow bound over the reported hops
    paths: int
    unreported_paths: int  # paths with a hop of unreported size


@dataclass
class MoneyReport:
    source: str
    paths: list[MoneyPath]
    totals: dict[str, RecipientTotal]
    max_hops: int

    def to_json(self, G: nx.MultiDiGraph) -> dict[str, Any]:
        def hop(h: Hop) -> dict[str, Any]:
            return {
                "from": G.nodes[h.donor]["label"],
                "to": G.nodes[h.recipient]["label"],
                "total": h.total,
                "flows": [
                    {
                        "amount": f.amount,
                        "reports": [
                            {k: r.get(k) for k in ("text", "article", "title", "date")}
                            for r in f.reports
                        ],
                    }
                    for f in h.flows
                ],
            }

        return {
            "from": G.nodes[self.source]["label"],
            "from_iri": self.source,
            "max_hops": self.max_hops,
            "paths": [
                {"entities": p.names(G), "at_most": p.bottleneck, "hops": [hop(h) for h in p.hops]}
                for p in self.paths
            ],
            "recipients": [
                {
                    "name": G.nodes[t.recipient]["label"],
                    "iri": t.recipient,
                    "direct": t.direct,
                    "at_most": t.at_most,
                    "paths": t.paths,
                    "paths_with_unreported_hops": t.unreported_paths,
                }
                for t in self.totals.values()
            ],
        }


def _funds_graph(G: nx.MultiDiGraph) -> tuple[nx.DiGraph, dict[tuple[str, str], Hop]]:
    import networkx as nx

    F = nx.DiGraph()
    hops: dict[tuple[str, str], Hop] = {}
    for u, v, k, data in G.edges(keys=True, data=True):
        if k != "funds" or u == v:
            continue
        h = Hop(u, v, flows(data["evidence"]))
        hops[(u, v)] = h
        F.add_edge(u, v, capacity=h.total or 0.0)
    return F, hops


def money_paths(
    G: nx.MultiDiGraph, source: str, *, to: str | None = None, max_hops: int = 3
) -> MoneyReport:
    """Every simple path of funds edges from ``source`` (up to ``max_hops``), and totals."""
    import networkx as nx

    F, hops = _funds_graph(G)
    paths: list[MoneyPath] = []
    if source in F and to != source:
        targets = [to] if to is not None else [n for n in F if n != source]
        for t in targets:
            if t not in F:
                continue
            for nodes in nx.all_simple_paths(F, source, t, cutoff=max_hops):
                paths.append(MoneyPath([hops[(a, b)] for a, b in itertools.pairwise(nodes)]))
    paths.sort(key=lambda p: (len(p.hops), p.names(G)))
    totals: dict[str, RecipientTotal] = {}
    for p in paths:
        end = p.end
        t = totals.get(end)
        if t is None:
            direct = hops[(source, end)].total if (source, end) in hops else None
            t = totals[end] = RecipientTotal(end, direct, 0.0, 0, 0)
        t.paths += 1
        if any(h.total is None for h in p.hops) or any(h.unreported for h in p.hops):
            t.unreported_paths += 1
    for end, t in totals.items():
        used = nx.DiGraph()
        for p in paths:
            if p.end == end:
                for h in p.hops:
                    used.add_edge(h.donor, h.recipient, capacity=h.total or 0.0)
        t.at_most = (
            float(nx.maximum_flow_value(used, source, end)) if used.number_of_edges() else 0.0
        )
    ordered = sorted(totals.values(), key=lambda t: (-t.at_most, G.nodes[t.recipient]["label"]))
    return MoneyReport(source, paths, {t.recipient: t for t in ordered}, max_hops)
