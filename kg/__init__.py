"""reform-kg: a sourced knowledge graph of the US criminal-justice reform movement.

The library is usable without the command line::

    >>> from kg.articles import article_from_text
    >>> art = article_from_text("Philadelphia District Attorney Larry Krasner won.", name="x.txt")
    >>> art.id
    'x'
"""

__version__ = "0.1.0"
EXTRACTOR_VERSION = "0.1.0"

__all__ = ["EXTRACTOR_VERSION", "__version__"]
