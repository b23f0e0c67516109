"""The project's vocabularies as closed namespaces: a misspelt term is an AttributeError.

>>> str(RKG.prosecutorOf)
'https://w3id.org/reform-kg/ontology#prosecutorOf'
>>> RKG.prosecuterOf  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
AttributeError: term 'prosecuterOf' not in namespace 'https://w3id.org/reform-kg/ontology#'
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

__all__ = [
    "ART",
    "ASR",
    "BASE",
    "ENT",
    "ONTOLOGY_DIR",
    "ONTOLOGY_GRAPH",
    "PREFIXES",
    "RKG",
    "ontology_path",
]

BASE = "https://w3id.org/reform-kg/"
ENT = Namespace(BASE + "entity/")
ART = Namespace(BASE + "article/")
ASR = Namespace(BASE + "assertion/")
ONTOLOGY_GRAPH = URIRef(BASE + "ontology")
ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


class RKG(DefinedNamespace):
    """Terms of ``ontology/reform.ttl`` (a test checks the two agree)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Person: URIRef
    Prosecutor: URIRef
    Candidate: URIRef
    Donor: URIRef
    Organization: URIRef
    PAC: URIRef
    Union: URIRef
    AdvocacyGroup: URIRef
    MediaOutlet: URIRef
    GovernmentBody: URIRef
    PoliticalParty: URIRef
    Place: URIRef
    City: URIRef
    County: URIRef
    State: URIRef
    Country: URIRef
    Election: URIRef
    PrimaryElection: URIRef
    RecallElection: URIRef
    GeneralElection: URIRef
    Article: URIRef
    Assertion: URIRef
    Donation: URIRef
    # relations between entities
    relation: URIRef
    prosecutorOf: URIRef
    challenges: URIRef
    supports: URIRef
    opposes: URIRef
    funds: URIRef
    memberOf: URIRef
    mayorOf: URIRef
    candidateIn: URIRef
    wonElection: URIRef
    mentions: URIRef
    # assertions and articles
    article: URIRef
    amount: URIRef
    date: URIRef
    evidenceText: URIRef
    evidenceStart: URIRef
    evidenceEnd: URIRef
    confidence: URIRef
    extractorVersion: URIRef
    category: URIRef
    mentionCount: URIRef
    fileName: URIRef
    sha256: URIRef
    sourcePath: URIRef
    source: URIRef
    articleId: URIRef
    dateSource: URIRef
    nameKey: URIRef
    text: URIRef


PREFIXES: dict[str, str] = {
    "rkg": str(RKG._NS),
    "ent": str(ENT),
    "art": str(ART),
    "asr": str(ASR),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
}


def ontology_path(name: str = "reform.ttl") -> Path:
    """Where the ontology files are: the repository's ``ontology/`` or the installed copy."""
    here = ONTOLOGY_DIR / name
    if here.exists():
        return here
    from importlib.resources import files

    return Path(str(files("kg") / "ontology" / name))
