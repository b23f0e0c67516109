"""Component ``kg_paragraphs``: a line break ends a sentence.

Articles carry headlines, captions, bylines and "Advertisement" lines that have
no final stop; without this the parser runs them into the next sentence and
evidence spans would cross paragraphs.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["ParagraphSplitter"]


class ParagraphSplitter:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc[:-1]:
            if "\n" in tok.text or "\n" in tok.whitespace_:
                doc[tok.i + 1].is_sent_start = True
        return doc


@Language.factory("kg_paragraphs", default_config={})
def make_paragraphs(nlp: Language, name: str) -> ParagraphSplitter:
    return ParagraphSplitter(nlp, name)
