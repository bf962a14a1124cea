"""Run the NER tagger's network with ONNX Runtime: same numbers, several times faster.

The shipped model's ``bio_tagger`` is a thinc network: per character a hashed embedding of
NORM and SHAPE mixed by a maxout layer, four residual CNN layers (window 2, maxout, layer
norm) and a linear output. On CPU, thinc runs that op by op with the GIL held, and it
costs most of the full pipeline's time. This module computes the same function faster:

* the embedding depends only on the character, so it is computed once per distinct
  character by thinc itself and cached (:class:`OnnxTagger`);
* the CNN and the output layer are exported (:func:`export`, run by ``make train``) to an
  ONNX graph, ``bio_tagger.onnx`` in the model directory, which ONNX Runtime executes with
  fused, multi-threaded kernels.

Documents are joined the way thinc's ``with_array(pad=8)`` joins them (8 zero rows before
each document and after the last), so every character sees exactly the context it sees
in thinc; the logits agree to float rounding (``export`` checks it). The graph records the
SHA-256 of the thinc weights it came from and is ignored when they differ, so a model
retrained without re-export falls back to thinc instead of giving stale answers.

``onnx`` is needed only to export (``pip install -e .[train]``); running needs
``onnxruntime``. Without either, :func:`load` returns None and govbrief uses thinc.
"""

from __future__ import annotations

import hashlib
import os
import weakref
from pathlib import Path
from typing import Any, Sequence

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

ONNX_FILE = "bio_tagger.onnx"
# Every OnnxTagger alive, so that their sessions can be closed before a fork.
_LIVE: weakref.WeakSet = weakref.WeakSet()
TAGGER = "bio_tagger"
# Rows of zeros thinc puts between documents (the CNN's receptive field: 4 layers x 2).
PAD = 8


def weights_digest(model_dir: Path) -> str:
    """SHA-256 of the tagger's serialised thinc weights."""
    return hashlib.sha256((Path(model_dir) / TAGGER / "model").read_bytes()).hexdigest()


def _layers(nlp: Language) -> tuple[Any, list[Any], Any]:
    """(embedding chain, the four residual CNN blocks, output layer) of the tagger."""
    model = nlp.get_pipe(TAGGER).model
    tok2vec, output = model.layers
    embed, encode = tok2vec.layers
    blocks = encode.layers[0].layers  # with_array(chain(residual, ...)) -> residuals
    return embed, list(blocks), output.layers[0]


def export(nlp: Language, model_dir: Path) -> Path:
    """Write ``bio_tagger.onnx`` for the tagger of ``nlp`` (saved in ``model_dir``).

    Raises:
        ImportError: without the ``onnx`` package.
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    _, blocks, output = _layers(nlp)
    nodes, inits = [], []
    x = "x"  # (n, width): the embedded, flattened batch
    for i, block in enumerate(blocks):
        window, mix = block.layers[0].layers[0], block.layers[0].layers[1]
        maxout, norm = mix.layers[0].layers
        n_window = window.attrs["window_size"]
        w = maxout.get_param("W")  # (units, pieces, (2 * window + 1) * width)
        n_out, n_pieces, n_in = w.shape
        width = n_in // (2 * n_window + 1)
        # Conv1d weights (out channels = unit-major, piece-minor; in channels; kernel).
        conv_w = w.reshape(n_out * n_pieces, 2 * n_window + 1, width).transpose(0, 2, 1)
        inits += [
            numpy_helper.from_array(numpy.ascontiguousarray(conv_w, "float32"), f"W{i}"),
            numpy_helper.from_array(maxout.get_param("b").reshape(-1).astype("float32"), f"b{i}"),
            numpy_helper.from_array(norm.get_param("G").astype("float32"), f"G{i}"),
            numpy_helper.from_array(norm.get_param("b").astype("float32"), f"B{i}"),
        ]
        nodes += [
            helper.make_node("Transpose", [x], [f"xt{i}"], perm=[1, 0]),
            helper.make_node("Unsqueeze", [f"xt{i}", "zero"], [f"xb{i}"]),
            helper.make_node(
                "Conv", [f"xb{i}", f"W{i}", f"b{i}"], [f"c{i}"],
                pads=[n_window, n_window], kernel_shape=[2 * n_window + 1],
            ),
            helper.make_node("Squeeze", [f"c{i}", "zero"], [f"cs{i}"]),
            helper.make_node("Transpose", [f"cs{i}"], [f"ct{i}"], perm=[1, 0]),
            helper.make_node("Reshape", [f"ct{i}", "pieces"], [f"r{i}"]),
            helper.make_node("ReduceMax", [f"r{i}", "last"], [f"m{i}"], keepdims=0),
            helper.make_node(
                "LayerNormalization", [f"m{i}", f"G{i}", f"B{i}"], [f"ln{i}"],
                axis=-1, epsilon=1e-8,
            ),
            helper.make_node("Add", [x, f"ln{i}"], [f"y{i}"]),
        ]
        x = f"y{i}"
    # The maxout reshape target (first among the initializers, as it always was).
    inits.insert(0, numpy_helper.from_array(numpy.array([-1, n_out, n_pieces], "int64"), "pieces"))
    inits += [
        numpy_helper.from_array(numpy.array([0], "int64"), "zero"),
        numpy_helper.from_array(numpy.array([-1], "int64"), "last"),
        numpy_helper.from_array(output.get_param("W").T.astype("float32").copy(), "Wout"),
        numpy_helper.from_array(output.get_param("b").astype("float32"), "bout"),
    ]
    nodes += [
        helper.make_node("MatMul", [x, "Wout"], ["mm"]),
        helper.make_node("Add", ["mm", "bout"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes, "govbrief_bio_tagger",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, width])],
        [helper.make_tensor_value_info(
            "logits", TensorProto.FLOAT, [None, output.get_param("W").shape[0]]
        )],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.metadata_props.add(key="source_sha256", value=weights_digest(model_dir))
    onnx.checker.check_model(model)
    path = Path(model_dir) / ONNX_FILE
    path.write_bytes(model.SerializeToString())
    return path


class OnnxTagger:
    """The tagger's logits for char-level Docs, computed with ONNX Runtime.

    Args:
        nlp: the loaded NER pipeline (for the embedding and the vocabulary).
        path: the ``bio_tagger.onnx`` file.
    """

    def __init__(self, nlp: Language, path: Path):
        self.nlp = nlp
        self.path = Path(path)
        self._embed = _layers(nlp)[0]
        self._rows: dict[int, int] = {}  # ORTH id -> row of self._table
        self._table = numpy.zeros((0, self._embed.get_dim("nO")), dtype="float32")
        self._session: Any = None
        self._pid = -1
        self._owner = os.getpid()  # the process that built the tagger
        _LIVE.add(self)

    def close(self) -> None:
        """Drop the ONNX Runtime session (and its thread pool); the next call opens one."""
        self._session = None

    def _current_session(self) -> Any:
        """This process's session, opened on first use (see _close_before_fork)."""
        if self._session is None or self._pid != os.getpid():
            import onnxruntime

            opts = onnxruntime.SessionOptions()
            # Idle ONNX Runtime threads spin by default, taking a core from the Python
            # thread that runs the rules (measured: 40% slower single-process runs).
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            if os.getpid() != self._owner:
                # A forked worker of a pool: its siblings already fill the cores.
                opts.intra_op_num_threads = 1
            self._session = onnxruntime.InferenceSession(
                str(self.path), opts, providers=["CPUExecutionProvider"]
            )
            self._pid = os.getpid()
        return self._session

    def source_digest(self) -> str | None:
        """The SHA-256 of the thinc weights the graph was exported from."""
        return self._current_session().get_modelmeta().custom_metadata_map.get("source_sha256")

    def _run(self, x: numpy.ndarray) -> numpy.ndarray:
        return self._current_session().run(None, {"x": x})[0]

    def _embeddings(self, orths: numpy.ndarray) -> numpy.ndarray:
        """Embedding rows for ``orths``, computing (with thinc) those never seen."""
        new = [int(o) for o in numpy.unique(orths) if int(o) not in self._rows]
        if new:
            strings = self.nlp.vocab.strings
            doc = Doc(self.nlp.vocab, words=[strings[o] for o in new], spaces=[False] * len(new))
            vectors = self._embed.predict([doc])[0]
            for o in new:
                self._rows[o] = len(self._rows)
            self._table = numpy.concatenate((self._table, vectors.astype("float32")))
        return self._table[[self._rows[int(o)] for o in orths]]

    def predict(self, docs: Sequence[Doc]) -> list[numpy.ndarray]:
        """Logits per token for each Doc (what ``tagger.model.predict`` returns)."""
        orths = [d.to_array([ORTH]).reshape(-1) for d in docs]
        lengths = [len(o) for o in orths]
        if not any(lengths):
            return [numpy.zeros((0, len(self.nlp.get_pipe(TAGGER).labels)), "f") for _ in docs]
        vectors = self._embeddings(numpy.concatenate(orths))
        pad = numpy.zeros((PAD, vectors.shape[1]), dtype="float32")
        parts, start = [], 0
        for n in lengths:
            if n:  # thinc drops empty sequences before padding
                parts += [pad, vectors[start : start + n]]
                start += n
        parts.append(pad)
        logits = self._run(numpy.concatenate(parts))
        out, row = [], 0
        for n in lengths:
            if n:
                row += PAD
                out.append(logits[row : row + n])
                row += n
            else:
                out.append(logits[:0])
        return out


def _close_before_fork() -> None:
    """Close every session before the process forks.

    ONNX Runtime's worker threads do not survive ``fork()``: a child that inherits a
    session whose threads held a lock at that moment hangs on its first run. With no
    session open at the fork there is nothing to inherit; parent and children each open
    their own on next use.
    """
    for tagger in list(_LIVE):
        tagger.close()


os.register_at_fork(before=_close_before_fork)


def load(nlp: Language, model_dir: Path) -> OnnxTagger | None:
    """The ONNX tagger of the model in ``model_dir``, or None when it cannot be used.

    None when ``onnxruntime`` is missing, the model has no exported graph, or the graph
    was exported from other weights than the ones in ``model_dir``.
    """
    path = Path(model_dir) / ONNX_FILE
    if not path.is_file() or os.environ.get("GOVBRIEF_NO_ONNX"):
        return None
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return None
    tagger = OnnxTagger(nlp, path)
    return tagger if tagger.source_digest() == weights_digest(model_dir) else None
