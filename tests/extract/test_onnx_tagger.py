"""The NER tagger under ONNX Runtime computes what thinc computes (govbrief.extract._onnx_tagger)."""

from __future__ import annotations

import multiprocessing
import shutil

import numpy
import pytest

from govbrief.extract import _onnx_tagger
from govbrief.extract.ner import default_ner_model, load_ner_model

pytest.importorskip("onnxruntime")
pytestmark = pytest.mark.skipif(
    not (default_ner_model() / _onnx_tagger.ONNX_FILE).is_file(),
    reason="models/govbrief_ner has no ONNX export (run `make train`)",
)

SENTENCES = [
    "9月5日上午,临澜市副市长蔺珂蓁出席启动仪式并讲话。",
    "岚溪县市场监管局联合县教育局开展“校园食品安全守护”行动,共检查学校食堂86家。",
    "",
    "一",
    "abc 123 中 文\n\n换行\t制表",
    "𠮷野家 and emoji 🎉 混排",
]


@pytest.fixture(scope="module")
def nlp():
    return load_ner_model()


@pytest.fixture(scope="module")
def fast(nlp):
    tagger = _onnx_tagger.load(nlp, default_ner_model())
    assert tagger is not None
    return tagger


def thinc_logits(nlp, docs):
    return nlp.get_pipe(_onnx_tagger.TAGGER).model.predict(docs)


def test_onnx_tagger_matches_thinc(nlp, fast):
    docs = [nlp.make_doc(t) for t in SENTENCES]
    for doc, a, b in zip(docs, thinc_logits(nlp, docs), fast.predict(docs), strict=True):
        assert a.shape == b.shape == (len(doc), len(nlp.get_pipe("bio_tagger").labels))
        if len(doc):
            assert numpy.abs(a - b).max() < 1e-4
            assert (a.argmax(axis=1) == b.argmax(axis=1)).all()


def test_onnx_tagger_batch_does_not_change_a_document(nlp, fast):
    # Documents are joined with padding as thinc does: neighbours must not leak in.
    docs = [nlp.make_doc(t) for t in SENTENCES]
    alone = [fast.predict([d])[0] for d in docs]
    together = fast.predict(docs)
    for a, b in zip(alone, together, strict=True):
        assert numpy.allclose(a, b, atol=1e-5)


def _child(queue):
    nlp = load_ner_model()
    tagger = _onnx_tagger.load(nlp, default_ner_model())
    queue.put(tagger.predict([nlp.make_doc(SENTENCES[0])])[0].argmax(axis=1).tolist())


def test_onnx_tagger_works_after_fork(nlp, fast):
    expected = fast.predict([nlp.make_doc(SENTENCES[0])])[0].argmax(axis=1).tolist()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(queue,))
    proc.start()
    got = queue.get(timeout=60)
    proc.join(timeout=60)
    assert proc.exitcode == 0 and got == expected


def test_onnx_tagger_ignores_a_stale_export(nlp, monkeypatch):
    monkeypatch.setattr(_onnx_tagger, "weights_digest", lambda _dir: "0" * 64)
    assert _onnx_tagger.load(nlp, default_ner_model()) is None


def test_onnx_tagger_can_be_switched_off(nlp, monkeypatch):
    monkeypatch.setenv("GOVBRIEF_NO_ONNX", "1")
    assert _onnx_tagger.load(nlp, default_ner_model()) is None


def test_onnx_export_round_trip(tmp_path, nlp):
    pytest.importorskip("onnx")
    copy = tmp_path / "model"
    shutil.copytree(default_ner_model(), copy)
    (copy / _onnx_tagger.ONNX_FILE).unlink()
    assert _onnx_tagger.load(nlp, copy) is None  # nothing exported yet
    _onnx_tagger.export(nlp, copy)
    tagger = _onnx_tagger.load(nlp, copy)
    docs = [nlp.make_doc(SENTENCES[1])]
    assert numpy.abs(tagger.predict(docs)[0] - thinc_logits(nlp, docs)[0]).max() < 1e-4
