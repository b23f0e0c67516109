"""Tests for the reform-kg ontology (ontology/reform.ttl) and SHACL shapes (ontology/shapes.ttl).

The shapes are checked against a small hand-written article graph that follows the data
conventions (one named graph per article, every relation stored as a plain triple and as an
rkg:Assertion), then against broken variants of it, each of which must not conform, for the
expected reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import owlrl  # installed with pyshacl
import pyshacl
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"

ONTOLOGY_IRI = URIRef("https://w3id.org/reform-kg/ontology")
RKG = Namespace("https://w3id.org/reform-kg/ontology#")
RKS = Namespace("https://w3id.org/reform-kg/shapes#")
ENT = Namespace("https://w3id.org/reform-kg/entity/")
ART = Namespace("https://w3id.org/reform-kg/article/")
ASR = Namespace("https://w3id.org/reform-kg/assertion/")
SDO = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SH = Namespace("http://www.w3.org/ns/shacl#")
# A plain Namespace: pytest probes module attributes for "_mock_name", and rdflib's XSD
# DefinedNamespace warns on every unknown attribute.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

SCORED_PREDICATES = ["prosecutorOf", "challenges", "supports", "opposes", "funds", "memberOf"]

REQUIRED_CLASSES = [
    "Person",
    "Prosecutor",
    "Candidate",
    "Donor",
    "Organization",
    "PAC",
    "Union",
    "AdvocacyGroup",
    "MediaOutlet",
    "GovernmentBody",
    "PoliticalParty",
    "Place",
    "City",
    "County",
    "State",
    "Country",
    "Election",
    "PrimaryElection",
    "RecallElection",
    "GeneralElection",
    "Article",
    "Assertion",
    "Donation",
]

OBJECT_PROPERTIES = [
    "relation",
    *SCORED_PREDICATES,
    "mayorOf",
    "candidateIn",
    "wonElection",
    "mentions",
    "article",
]

DATATYPE_PROPERTIES = {
    "amount": XSD.decimal,
    "date": XSD.date,
    "evidenceText": XSD.string,
    "evidenceStart": XSD.integer,
    "evidenceEnd": XSD.integer,
    "confidence": XSD.decimal,
    "extractorVersion": XSD.string,
    "category": XSD.string,
    "mentionCount": XSD.integer,
    "fileName": XSD.string,
    "sha256": XSD.string,
    "source": XSD.string,
    "articleId": XSD.string,
}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "reform.ttl", format="turtle")


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


@pytest.fixture(scope="session")
def rkg_terms(ontology: Graph) -> set[URIRef]:
    """Every rkg: IRI that the ontology describes (appears as a subject)."""
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(RKG))}


# The article text as read from disk, front matter included; offsets index this string.
ARTICLE_TEXT = (
    "---\n"
    "title: Reform on trial\n"
    "date: 2021-05-03\n"
    "source: Example Daily\n"
    "---\n"
    "Philadelphia District Attorney Larry Krasner won a second term on Tuesday. "
    "George Soros gave money to the Justice & Public Safety PAC. "
    "The Justice & Public Safety PAC spent $1.7 million backing Krasner. "
    "Carlos Vega, a former homicide prosecutor, challenged Krasner in the primary.\n"
)
ARTICLE_ID = "reform-on-trial"
ARTICLE = ART[ARTICLE_ID]
KRASNER = ENT["larry-krasner"]
PHILADELPHIA = ENT["philadelphia"]
SOROS = ENT["george-soros"]
PAC = ENT["justice-public-safety-pac"]
VEGA = ENT["carlos-vega"]
ASR_PROSECUTOR = ASR["a1"]
ASR_SOROS_FUNDS = ASR["a2"]
ASR_PAC_FUNDS = ASR["a3"]
ASR_CHALLENGES = ASR["a4"]


def _add_entity(
    g: Graph,
    iri: URIRef,
    label: str,
    category: str,
    types: list[URIRef],
    aliases: tuple[str, ...] = (),
    mentions: int = 1,
) -> None:
    g.add((ARTICLE, RKG.mentions, iri))
    for cls in types:
        g.add((iri, RDF.type, cls))
    g.add((iri, RDFS.label, Literal(label)))
    for alias in aliases:
        g.add((iri, SKOS.altLabel, Literal(alias)))
    g.add((iri, RKG.category, Literal(category)))
    g.add((iri, RKG.mentionCount, Literal(mentions)))


def _add_relation(
    g: Graph,
    assertion: URIRef,
    subject: URIRef,
    predicate: URIRef,
    obj: URIRef,
    sentence: str,
    confidence: str = "0.9",
    amount: str | None = None,
) -> None:
    """Store one relation twice: as the plain triple and as a sourced Assertion."""
    start = ARTICLE_TEXT.index(sentence)
    end = start + len(sentence)
    assert ARTICLE_TEXT[start:end] == sentence
    g.add((subject, predicate, obj))
    g.add((assertion, RDF.type, RKG.Assertion))
    g.add((assertion, RDF.subject, subject))
    g.add((assertion, RDF.predicate, predicate))
    g.add((assertion, RDF.object, obj))
    g.add((assertion, RKG.evidenceText, Literal(sentence)))
    g.add((assertion, RKG.evidenceStart, Literal(start)))
    g.add((assertion, RKG.evidenceEnd, Literal(end)))
    g.add((assertion, RKG.confidence, Literal(Decimal(confidence))))
    g.add((assertion, RKG.article, ARTICLE))
    g.add((assertion, RKG.date, Literal("2021-05-03", datatype=XSD.date)))
    g.add((assertion, RKG.extractorVersion, Literal("0.1.0")))
    if amount is not None:
        g.add((assertion, RDF.type, RKG.Donation))
        g.add((assertion, RKG.amount, Literal(Decimal(amount))))


def build_article_graph() -> Graph:
    g = Graph(identifier=ARTICLE)
    g.bind("rkg", RKG)
    g.add((ARTICLE, RDF.type, RKG.Article))
    g.add((ARTICLE, RKG.articleId, Literal(ARTICLE_ID)))
    g.add((ARTICLE, RKG.fileName, Literal(f"{ARTICLE_ID}.txt")))
    sha = hashlib.sha256(ARTICLE_TEXT.encode("utf-8")).hexdigest()
    g.add((ARTICLE, RKG.sha256, Literal(sha)))
    g.add((ARTICLE, DCTERMS.title, Literal("Reform on trial")))
    g.add((ARTICLE, RKG.date, Literal("2021-05-03", datatype=XSD.date)))
    g.add((ARTICLE, RKG.source, Literal("Example Daily")))
    g.add((ARTICLE, SDO.url, URIRef("https://example.org/reform-on-trial")))
    g.add((ARTICLE, RKG.extractorVersion, Literal("0.1.0")))

    _add_entity(
        g, KRASNER, "Larry Krasner", "Prosecutor", [RKG.Prosecutor, RKG.Person], ("Krasner",), 4
    )
    _add_entity(g, PHILADELPHIA, "Philadelphia", "Place", [RKG.City])
    _add_entity(g, SOROS, "George Soros", "Person", [RKG.Person, RKG.Donor])
    _add_entity(g, PAC, "Justice & Public Safety PAC", "PAC", [RKG.PAC, RKG.Donor], mentions=2)
    _add_entity(g, VEGA, "Carlos Vega", "Prosecutor", [RKG.Prosecutor, RKG.Candidate])

    _add_relation(
        g,
        ASR_PROSECUTOR,
        KRASNER,
        RKG.prosecutorOf,
        PHILADELPHIA,
        "Philadelphia District Attorney Larry Krasner won a second term on Tuesday.",
    )
    _add_relation(
        g,
        ASR_SOROS_FUNDS,
        SOROS,
        RKG.funds,
        PAC,
        "George Soros gave money to the Justice & Public Safety PAC.",
        confidence="0.8",
    )
    _add_relation(
        g,
        ASR_PAC_FUNDS,
        PAC,
        RKG.funds,
        KRASNER,
        "The Justice & Public Safety PAC spent $1.7 million backing Krasner.",
        confidence="1",
        amount="1700000.0",
    )
    _add_relation(
        g,
        ASR_CHALLENGES,
        VEGA,
        RKG.challenges,
        KRASNER,
        "Carlos Vega, a former homicide prosecutor, challenged Krasner in the primary.",
        confidence="0",
    )
    return g


@pytest.fixture
def article_graph() -> Graph:
    return build_article_graph()


@pytest.fixture
def validate(shapes: Graph, ontology: Graph) -> Callable[[Graph], tuple[bool, set[URIRef], str]]:
    """Validate one article graph; return (conforms, failing shapes/constraints, report text)."""

    def _validate(data: Graph) -> tuple[bool, set[URIRef], str]:
        conforms, report, text = pyshacl.validate(
            data, shacl_graph=shapes, ont_graph=ontology, inference="none"
        )
        if not isinstance(report, Graph):  # pyshacl.errors.ValidationFailure
            raise AssertionError(f"the shapes could not be evaluated: {text}")
        sources: set[URIRef] = set()
        for result in report.subjects(RDF.type, SH.ValidationResult):
            for prop in (SH.sourceShape, SH.sourceConstraint):
                sources.update(o for o in report.objects(result, prop) if isinstance(o, URIRef))
        return bool(conforms), sources, str(text)

    return _validate


# --------------------------------------------------------------------------- ontology


def test_ontology_files_parse(ontology: Graph, shapes: Graph) -> None:
    assert len(ontology) > 100
    assert len(shapes) > 50
    assert (URIRef("https://w3id.org/reform-kg/shapes"), RDF.type, OWL.Ontology) in shapes


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.title) is not None
    assert ontology.value(ONTOLOGY_IRI, RDFS.comment) is not None
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")


def test_ontology_every_term_has_english_label_comment_and_definer(
    ontology: Graph, rkg_terms: set[URIRef]
) -> None:
    assert rkg_terms
    for term in sorted(rkg_terms):
        for prop in (RDFS.label, RDFS.comment):
            values = list(ontology.objects(term, prop))
            assert len(values) == 1, f"{term} needs exactly one {prop}"
            assert values[0].language == "en" and str(values[0]).strip(), f"{term} {prop}"
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology, term


def test_ontology_every_term_is_a_class_or_property(
    ontology: Graph, rkg_terms: set[URIRef]
) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for term in sorted(rkg_terms):
        declared = [kind for kind in kinds if (term, RDF.type, kind) in ontology]
        assert len(declared) == 1, f"{term} is declared as {declared}"


def test_ontology_referenced_terms_are_defined(ontology: Graph, rkg_terms: set[URIRef]) -> None:
    """Catches typos: every rkg: IRI used anywhere in the ontology is defined in it."""
    used = {
        node
        for triple in ontology
        for node in triple
        if isinstance(node, URIRef) and node.startswith(str(RKG))
    }
    assert used <= rkg_terms, sorted(used - rkg_terms)


@pytest.mark.parametrize("name", REQUIRED_CLASSES)
def test_ontology_required_class_exists(ontology: Graph, name: str) -> None:
    assert (RKG[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", OBJECT_PROPERTIES)
def test_ontology_required_object_property_exists(ontology: Graph, name: str) -> None:
    assert (RKG[name], RDF.type, OWL.ObjectProperty) in ontology


@pytest.mark.parametrize(("name", "datatype"), sorted(DATATYPE_PROPERTIES.items()))
def test_ontology_datatype_property_has_range(ontology: Graph, name: str, datatype: URIRef) -> None:
    assert (RKG[name], RDF.type, OWL.DatatypeProperty) in ontology
    assert (RKG[name], RDFS.range, datatype) in ontology


@pytest.mark.parametrize("name", [*SCORED_PREDICATES, "mayorOf", "candidateIn", "wonElection"])
def test_ontology_entity_relations_are_under_relation(ontology: Graph, name: str) -> None:
    supers = set(ontology.transitive_objects(RKG[name], RDFS.subPropertyOf))
    assert RKG.relation in supers


@pytest.mark.parametrize("name", ["mentions", "article"])
def test_ontology_provenance_properties_are_not_relations(ontology: Graph, name: str) -> None:
    supers = set(ontology.transitive_objects(RKG[name], RDFS.subPropertyOf))
    assert RKG.relation not in supers


@pytest.mark.parametrize(
    "axiom",
    [
        (RKG.Prosecutor, RDFS.subClassOf, RKG.Person),
        (RKG.Candidate, RDFS.subClassOf, RKG.Person),
        (RKG.PAC, RDFS.subClassOf, RKG.Organization),
        (RKG.Union, RDFS.subClassOf, RKG.Organization),
        (RKG.AdvocacyGroup, RDFS.subClassOf, RKG.Organization),
        (RKG.MediaOutlet, RDFS.subClassOf, RKG.Organization),
        (RKG.GovernmentBody, RDFS.subClassOf, RKG.Organization),
        (RKG.PoliticalParty, RDFS.subClassOf, RKG.Organization),
        (RKG.City, RDFS.subClassOf, RKG.Place),
        (RKG.County, RDFS.subClassOf, RKG.Place),
        (RKG.State, RDFS.subClassOf, RKG.Place),
        (RKG.Country, RDFS.subClassOf, RKG.Place),
        (RKG.PrimaryElection, RDFS.subClassOf, RKG.Election),
        (RKG.RecallElection, RDFS.subClassOf, RKG.Election),
        (RKG.GeneralElection, RDFS.subClassOf, RKG.Election),
        (RKG.Donation, RDFS.subClassOf, RKG.Assertion),
        (RKG.Assertion, RDFS.subClassOf, RDF.Statement),
        (RKG.Person, RDFS.subClassOf, FOAF.Person),
        (RKG.Person, RDFS.subClassOf, SDO.Person),
        (RKG.Donor, RDFS.subClassOf, FOAF.Agent),
        (RKG.Organization, RDFS.subClassOf, ORG.Organization),
        (RKG.Organization, RDFS.subClassOf, SDO.Organization),
        (RKG.Organization, RDFS.subClassOf, FOAF.Organization),
        (RKG.Place, RDFS.subClassOf, SDO.Place),
        (RKG.Election, RDFS.subClassOf, SDO.Event),
        (RKG.Article, RDFS.subClassOf, SDO.NewsArticle),
        (RKG.Article, RDFS.subClassOf, PROV.Entity),
        (RKG.Assertion, RDFS.subClassOf, PROV.Entity),
        (RKG.challenges, RDF.type, OWL.SymmetricProperty),
        (RKG.funds, OWL.inverseOf, SDO.funder),
        (RKG.memberOf, RDFS.subPropertyOf, ORG.memberOf),
        (RKG.memberOf, RDFS.subPropertyOf, SDO.memberOf),
        (RKG.wonElection, RDFS.subPropertyOf, RKG.candidateIn),
        (RKG.mentions, RDFS.subPropertyOf, SDO.mentions),
        (RKG.article, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (RKG.date, RDFS.subPropertyOf, DCTERMS.date),
        (RKG.evidenceText, RDFS.subPropertyOf, PROV.value),
        (RKG.prosecutorOf, RDFS.domain, RKG.Prosecutor),
        (RKG.prosecutorOf, RDFS.range, RKG.Place),
        (RKG.article, RDFS.range, RKG.Article),
    ],
    ids=lambda axiom: " ".join(re.split(r"[/#]", str(term))[-1] for term in axiom),
)
def test_ontology_axiom_present(ontology: Graph, axiom: tuple[URIRef, URIRef, URIRef]) -> None:
    assert axiom in ontology


@pytest.mark.parametrize("name", ["supports", "opposes"])
def test_ontology_loose_relations_infer_no_types(ontology: Graph, name: str) -> None:
    """supports/opposes take 'any entity' as subject: no rdfs:domain or rdfs:range."""
    assert ontology.value(RKG[name], RDFS.domain) is None
    assert ontology.value(RKG[name], RDFS.range) is None
    assert ontology.value(RKG[name], SDO.rangeIncludes) is not None


@pytest.mark.parametrize(
    "namespace",
    [SDO, ORG, FOAF, PROV],
    ids=["schema.org", "org", "foaf", "prov-o"],
)
def test_ontology_aligned_to_external_vocabulary(
    ontology: Graph, rkg_terms: set[URIRef], namespace: Namespace
) -> None:
    alignment = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentClass)
    targets = [
        target
        for term in rkg_terms
        for prop in alignment
        for target in ontology.objects(term, prop)
        if isinstance(target, URIRef) and target.startswith(str(namespace))
    ]
    assert targets, f"no alignment axiom to {namespace}"


# --------------------------------------------------------------------------- shapes


# SHACL terms that describe prefixes, paths or the shapes graph itself, not a shape.
_NOT_SHAPE_PARAMETERS = {
    SH.declare,
    SH.prefix,
    SH.namespace,
    SH.alternativePath,
    SH.inversePath,
    SH.oneOrMorePath,
    SH.zeroOrMorePath,
    SH.zeroOrOnePath,
}


def test_ontology_every_shape_is_readable(shapes: Graph) -> None:
    """Every shape, property shape and SPARQL constraint, named or blank, has sh:name or sh:message."""
    shape_nodes = {
        s
        for s, p, _ in shapes
        if p.startswith(str(SH)) and p not in _NOT_SHAPE_PARAMETERS and p != RDF.type
    } | set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(shape_nodes) > 40
    for node in shape_nodes:
        assert any(shapes.value(node, prop) is not None for prop in (SH.message, SH.name)), (
            shapes.cbd(node).serialize(format="turtle")
        )


def test_ontology_shapes_use_only_defined_terms(shapes: Graph, rkg_terms: set[URIRef]) -> None:
    used = {
        node
        for triple in shapes
        for node in triple
        if isinstance(node, URIRef) and node.startswith(str(RKG))
    }
    assert used <= rkg_terms, sorted(used - rkg_terms)


def test_ontology_sample_article_evidence_is_a_true_slice(article_graph: Graph) -> None:
    for assertion in article_graph.subjects(RDF.type, RKG.Assertion):
        start = article_graph.value(assertion, RKG.evidenceStart).toPython()
        end = article_graph.value(assertion, RKG.evidenceEnd).toPython()
        assert ARTICLE_TEXT[start:end] == str(article_graph.value(assertion, RKG.evidenceText))


def test_ontology_valid_article_graph_conforms(article_graph: Graph, validate) -> None:
    conforms, _, text = validate(article_graph)
    assert conforms, text


def test_ontology_minimal_stdin_article_conforms(article_graph: Graph, validate) -> None:
    """Title, date, source, URL and file name are optional (text read from stdin has none)."""
    for prop in (DCTERMS.title, RKG.date, RKG.source, RKG.fileName, SDO.url):
        article_graph.remove((ARTICLE, prop, None))
    conforms, _, text = validate(article_graph)
    assert conforms, text


def test_ontology_explicit_xsd_string_literals_conform(article_graph: Graph, validate) -> None:
    """rdflib keeps "Person" and "Person"^^xsd:string apart, though RDF 1.1 makes them one term."""
    for s, p, o in list(article_graph):
        if isinstance(o, Literal) and o.datatype is None and o.language is None:
            article_graph.remove((s, p, o))
            article_graph.add((s, p, Literal(str(o), datatype=XSD.string)))
    conforms, _, text = validate(article_graph)
    assert conforms, text


def test_ontology_article_graph_roundtrips_through_ntriples(article_graph: Graph, validate) -> None:
    data = article_graph.serialize(format="nt")
    conforms, _, text = validate(Graph().parse(data=data, format="nt"))
    assert conforms, text


def test_ontology_article_graph_roundtrips_through_oxigraph(article_graph: Graph, validate) -> None:
    """The store normalizes literals (e.g. 1700000.0 -> "1700000"^^xsd:decimal); still valid."""
    ox = pytest.importorskip("pyoxigraph")
    graph_name = ox.NamedNode(str(ARTICLE))
    store = ox.Store()
    store.load(
        article_graph.serialize(format="nt").encode(),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=graph_name,
    )
    dumped = store.dump(format=ox.RdfFormat.N_QUADS, from_graph=graph_name)
    conforms, _, text = validate(Graph().parse(data=dumped.decode(), format="nt"))
    assert conforms, text


Mutation = Callable[[Graph], None]


def _replace(subject: URIRef, prop: URIRef, value) -> Mutation:
    def mutate(g: Graph) -> None:
        g.set((subject, prop, value))

    return mutate


def _remove(subject: URIRef, prop: URIRef) -> Mutation:
    def mutate(g: Graph) -> None:
        g.remove((subject, prop, None))

    return mutate


def _add(subject: URIRef, prop: URIRef, value) -> Mutation:
    def mutate(g: Graph) -> None:
        g.add((subject, prop, value))

    return mutate


def _article_not_an_article(g: Graph) -> None:
    g.set((ASR_PROSECUTOR, RKG.article, KRASNER))


def _article_untyped(g: Graph) -> None:
    g.set((ASR_PROSECUTOR, RKG.article, ART["elsewhere"]))


def _donation_of_other_predicate(g: Graph) -> None:
    g.add((ASR_PROSECUTOR, RDF.type, RKG.Donation))


def _amount_without_donation_type(g: Graph) -> None:
    g.remove((ASR_PAC_FUNDS, RDF.type, RKG.Donation))


def _plain_triple_missing(g: Graph) -> None:
    g.remove((KRASNER, RKG.prosecutorOf, PHILADELPHIA))


def _assertion_missing(g: Graph) -> None:
    g.remove((ASR_PROSECUTOR, None, None))


def _unmentioned_end(g: Graph) -> None:
    g.remove((ARTICLE, RKG.mentions, PHILADELPHIA))


def _blank_assertion(g: Graph) -> None:
    node = BNode()
    for _, p, o in list(g.triples((ASR_PROSECUTOR, None, None))):
        g.add((node, p, o))
    g.remove((ASR_PROSECUTOR, None, None))


BROKEN_VARIANTS: dict[str, tuple[Mutation, URIRef]] = {
    # required by the brief
    "assertion without evidenceText": (
        _remove(ASR_PROSECUTOR, RKG.evidenceText),
        RKS.AssertionEvidenceTextShape,
    ),
    "assertion with two evidenceText": (
        _add(ASR_PROSECUTOR, RKG.evidenceText, Literal("Larry Krasner won a second term")),
        RKS.AssertionEvidenceTextShape,
    ),
    "confidence 1.5": (
        _replace(ASR_PROSECUTOR, RKG.confidence, Literal(Decimal("1.5"))),
        RKS.AssertionConfidenceShape,
    ),
    "negative amount": (
        _replace(ASR_PAC_FUNDS, RKG.amount, Literal(Decimal("-1700000"))),
        RKS.AmountValueShape,
    ),
    "amount as string": (
        _replace(ASR_PAC_FUNDS, RKG.amount, Literal("1700000")),
        RKS.AmountValueShape,
    ),
    "entity without label": (_remove(KRASNER, RDFS.label), RKS.EntityLabelShape),
    "category Robot": (_replace(KRASNER, RKG.category, Literal("Robot")), RKS.EntityCategoryShape),
    "article without sha256": (_remove(ARTICLE, RKG.sha256), RKS.ArticleSha256Shape),
    "assertion whose article is an entity": (_article_not_an_article, RKS.AssertionArticleShape),
    "assertion whose article is untyped": (_article_untyped, RKS.AssertionArticleShape),
    # further single-property checks
    "assertion without subject": (_remove(ASR_PROSECUTOR, RDF.subject), RKS.AssertionSubjectShape),
    "assertion with literal object": (
        _replace(ASR_PROSECUTOR, RDF.object, Literal("Philadelphia")),
        RKS.AssertionObjectShape,
    ),
    "assertion as blank node": (_blank_assertion, RKS.AssertionShape),
    "confidence as xsd:double": (
        _replace(ASR_PROSECUTOR, RKG.confidence, Literal(0.9)),
        RKS.AssertionConfidenceShape,
    ),
    "negative confidence": (
        _replace(ASR_PROSECUTOR, RKG.confidence, Literal(Decimal("-0.1"))),
        RKS.AssertionConfidenceShape,
    ),
    "empty evidenceText": (
        _replace(ASR_PROSECUTOR, RKG.evidenceText, Literal("")),
        RKS.AssertionEvidenceTextShape,
    ),
    "evidenceStart not before evidenceEnd": (
        _replace(ASR_PROSECUTOR, RKG.evidenceStart, Literal(10_000)),
        RKS.AssertionEvidenceStartShape,
    ),
    "evidenceEnd as string": (
        _replace(ASR_PROSECUTOR, RKG.evidenceEnd, Literal("120")),
        RKS.AssertionEvidenceEndShape,
    ),
    "negative evidenceStart": (
        _replace(ASR_PROSECUTOR, RKG.evidenceStart, Literal(-1)),
        RKS.AssertionEvidenceStartShape,
    ),
    "two amounts": (
        _add(ASR_PAC_FUNDS, RKG.amount, Literal(Decimal("5"))),
        RKS.AmountValueShape,
    ),
    "two labels": (_add(KRASNER, RDFS.label, Literal("Krasner")), RKS.EntityLabelShape),
    "blank label": (_replace(KRASNER, RDFS.label, Literal("  ")), RKS.EntityLabelShape),
    "language-tagged alias": (
        _add(KRASNER, SKOS.altLabel, Literal("Krasner", lang="en")),
        RKS.EntityAltLabelShape,
    ),
    "entity without category": (_remove(KRASNER, RKG.category), RKS.EntityCategoryShape),
    "entity without type": (_remove(PHILADELPHIA, RDF.type), RKS.EntityTypeShape),
    "sha256 in upper case": (
        _replace(ARTICLE, RKG.sha256, Literal("A" * 64)),
        RKS.ArticleSha256Shape,
    ),
    "article without articleId": (_remove(ARTICLE, RKG.articleId), RKS.ArticleIdShape),
    "article with two titles": (
        _add(ARTICLE, DCTERMS.title, Literal("Other")),
        RKS.ArticleTitleShape,
    ),
    "article date as string": (
        _replace(ARTICLE, RKG.date, Literal("2021-05-03")),
        RKS.ArticleDateShape,
    ),
    "article with two sources": (
        _add(ARTICLE, RKG.source, Literal("Other")),
        RKS.ArticleSourceShape,
    ),
    # cross-node checks
    "category disagrees with type": (
        _replace(PHILADELPHIA, RKG.category, Literal("Person")),
        RKS.EntityTypeMatchesCategory,
    ),
    "predicate is not a relation": (
        _replace(ASR_PROSECUTOR, RDF.predicate, RKG.mentions),
        RKS.AssertionPredicateIsRelation,
    ),
    "predicate is misspelled": (
        _replace(ASR_PROSECUTOR, RDF.predicate, RKG.prosecutor_of),
        RKS.AssertionPredicateIsRelation,
    ),
    "assertion without its plain triple": (
        _plain_triple_missing,
        RKS.ArticleAssertionTriplesStored,
    ),
    "plain triple without its assertion": (_assertion_missing, RKS.ArticleRelationsAsserted),
    "assertion end not mentioned": (_unmentioned_end, RKS.AssertionEndsMentioned),
    "evidence length differs from offsets": (
        _replace(ASR_PROSECUTOR, RKG.evidenceEnd, Literal(200)),
        RKS.ArticleEvidenceLengths,
    ),
    "amount on an assertion not typed Donation": (_amount_without_donation_type, RKS.AmountShape),
    "donation of another predicate": (_donation_of_other_predicate, RKS.DonationPredicateShape),
}


@pytest.mark.parametrize(
    ("mutate", "expected_source"),
    list(BROKEN_VARIANTS.values()),
    ids=list(BROKEN_VARIANTS),
)
def test_ontology_broken_article_graph_does_not_conform(
    article_graph: Graph, validate, mutate: Mutation, expected_source: URIRef
) -> None:
    mutate(article_graph)
    conforms, sources, text = validate(article_graph)
    assert not conforms
    assert expected_source in sources, text


@pytest.mark.parametrize("inference", ["rdfs", "owlrl"])
def test_ontology_valid_article_graph_conforms_under_inference(
    article_graph: Graph, shapes: Graph, ontology: Graph, inference: str
) -> None:
    """Entailed triples (super-properties, inverses, the symmetric challenge) break no shape."""
    conforms, _, text = pyshacl.validate(
        article_graph, shacl_graph=shapes, ont_graph=ontology, inference=inference
    )
    assert conforms, text


def test_ontology_inference_adds_no_wrong_types(article_graph: Graph, ontology: Graph) -> None:
    """Domains and ranges are only set where the inferred type is always right."""
    closure = Graph()
    for triple in (*ontology, *article_graph):
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)

    def types(node: URIRef) -> set[URIRef]:
        return set(closure.objects(node, RDF.type))

    people = {KRASNER, SOROS, VEGA}
    for node in people:
        assert not types(node) & {RKG.Organization, RKG.Place}, node
    assert not types(PHILADELPHIA) & {RKG.Person, RKG.Organization, RKG.Donor}
    assert not types(PAC) & {RKG.Person, RKG.Place}
    # the inferences that should happen
    assert {RKG.Donor, FOAF.Agent} <= types(SOROS)
    assert RKG.Donor in types(PAC)
    assert {RKG.Place, SDO.Place} <= types(PHILADELPHIA)
    assert (KRASNER, RKG.challenges, VEGA) in closure
    assert (KRASNER, SDO.funder, PAC) in closure
    assert (ASR_PAC_FUNDS, RDF.type, PROV.Entity) in closure


def test_ontology_symmetric_challenge_stored_in_reverse_conforms(
    article_graph: Graph, validate
) -> None:
    """challenges is symmetric: the plain triple may run either way round."""
    article_graph.remove((VEGA, RKG.challenges, KRASNER))
    article_graph.add((KRASNER, RKG.challenges, VEGA))
    conforms, _, text = validate(article_graph)
    assert conforms, text


def test_ontology_violation_messages_are_readable(article_graph: Graph, validate) -> None:
    article_graph.remove((ASR_PROSECUTOR, RKG.evidenceText, None))
    conforms, _, text = validate(article_graph)
    assert not conforms
    assert "exactly one rkg:evidenceText" in text
