"""The library entry point: :class:`Extractor`.

Example:
    >>> from govbrief import Extractor
    >>> ex = Extractor()
    >>> records = ex.extract("9月2日,安徽省市场监管局启动“质量月”活动。", published="2022-09-05")
    >>> records[0]["province"]
    '安徽省'
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping, Union

from spacy.language import Language
from spacy.tokens import Doc

from . import assemble
from .pipeline import build_nlp, make_doc

DocInput = Union[str, Mapping[str, Any]]


class Extractor:
    """Extract structured records from Chinese government news briefs.

    Args:
        segmenter: ``"jieba"`` (default) or ``"pkuseg"``.
        pkuseg_model: pkuseg model directory (default: ``models/pkuseg/default``).
        model: use the statistical NER model (``models/govbrief_ner``) besides the rules;
            ``False`` runs rules only (faster); a string is a model directory.
        nlp: an already built pipeline to use instead of building one.
    """

    def __init__(
        self,
        segmenter: str = "jieba",
        pkuseg_model: str | None = None,
        model: bool | str = True,
        nlp: Language | None = None,
    ):
        self.nlp = nlp if nlp is not None else build_nlp(segmenter, pkuseg_model, model)

    def process(self, text: str, published: Any = None, doc_id: str | None = None) -> Doc:
        """Run the pipeline on one brief and return the spaCy ``Doc``.

        Args:
            text: the brief as received (any script).
            published: publication date (``YYYY-MM-DD``, ``datetime.date`` or ``None``);
                the reference for relative dates.
            doc_id: an id carried into the output.
        """
        return self.nlp(make_doc(self.nlp, text, published, doc_id))

    def extract(self, text: str, published: Any = None, doc_id: str | None = None) -> list[dict]:
        """Records (one per province, ANNOTATION.md §5) for one brief."""
        return assemble.to_records(self.process(text, published, doc_id))

    def annotate(self, text: str, published: Any = None, doc_id: str | None = None) -> dict:
        """The gold-format document (ANNOTATION.md §1) for one brief."""
        return assemble.to_gold(self.process(text, published, doc_id))

    def pipe_docs(self, items: Iterable[DocInput], batch_size: int = 64) -> Iterator[Doc]:
        """Stream processed ``Doc`` objects.

        Args:
            items: strings, or mappings with ``text`` and optional ``id`` and ``published``.
            batch_size: documents per spaCy batch.
        """

        def docs() -> Iterator[Doc]:
            for n, item in enumerate(items):
                if isinstance(item, str):
                    yield make_doc(self.nlp, item, None, str(n))
                else:
                    yield make_doc(
                        self.nlp, item["text"], item.get("published"), item.get("id", str(n))
                    )

        yield from self.nlp.pipe(docs(), batch_size=batch_size)

    def pipe(
        self, items: Iterable[DocInput], output: str = "records", batch_size: int = 64
    ) -> Iterator[Any]:
        """Stream results for many briefs, in input order.

        Args:
            items: strings or ``{"id", "text", "published"}`` mappings.
            output: ``"records"`` yields a list of records per document; ``"annotate"``
                yields a gold-format dict per document.
            batch_size: documents per spaCy batch.
        """
        convert = assemble.to_records if output == "records" else assemble.to_gold
        for doc in self.pipe_docs(items, batch_size=batch_size):
            yield convert(doc)
