"""jieba's part-of-speech tagger with a faster, identical Viterbi search.

``jieba.posseg`` tags words missing from the dictionary with a hidden Markov model over
(position, tag) states; its Viterbi step compares every previous state with every
current one, although most pairs have no transition at all. Those pairs score ``-inf``,
so the best previous state is found among the states that do have a transition, and
only when none of them scores above ``-inf`` is the answer the largest previous state
(all tied at ``-inf``), exactly as jieba's ``max((score, state))`` picks it. Sums are
computed in jieba's order, so the floats, and hence the tags, are the same.

:func:`pos_tokenizer` returns a tagger sharing the pipeline's jieba instance and word
tags (:func:`govbrief.segment.pos_tokenizer`); ``lcut`` gives what jieba's gives.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

_MIN_FLOAT = -3.14e100
_MIN_INF = float("-inf")


@lru_cache(maxsize=1)
def _model() -> tuple[Any, ...]:
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P

    # Previous states with a transition into each state, and each state's successors.
    into: dict[Any, list[tuple[Any, float]]] = {}
    for y0, nexts in trans_P.items():
        for y, p in nexts.items():
            into.setdefault(y, []).append((y0, p))
    nexts = {y0: frozenset(n) for y0, n in trans_P.items()}
    return char_state_tab_P, start_P, trans_P, emit_P, into, nexts


def viterbi(obs: str) -> tuple[float, list[Any]]:
    """``jieba.posseg.viterbi.viterbi`` over jieba's POS model, same result, less work."""
    states, start_p, trans_p, emit_p, into, nexts = _model()
    all_states = trans_p.keys()
    v: dict[Any, float] = {}
    for y in states.get(obs[0], all_states):
        v[y] = start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
    paths: list[dict[Any, Any]] = [dict.fromkeys(v, "")]
    for t in range(1, len(obs)):
        prev = [x for x in v if trans_p[x]]
        expect: set[Any] = set()
        for x in prev:
            expect |= nexts[x]
        obs_states = set(states.get(obs[t], all_states)) & expect
        if not obs_states:
            obs_states = expect if expect else all_states
        ch = obs[t]
        new_v: dict[Any, float] = {}
        back: dict[Any, Any] = {}
        prev_max = None
        for y in obs_states:
            em = emit_p[y].get(ch, _MIN_FLOAT)
            best = None
            for y0, tr in into.get(y, ()):
                if y0 in v:
                    cand = (v[y0] + tr + em, y0)
                    if best is None or cand > best:
                        best = cand
            if best is None or best[0] == _MIN_INF:
                # Every previous state scores -inf: jieba's max() takes the largest state.
                if prev_max is None:
                    prev_max = max(prev)
                best = (_MIN_INF, prev_max)
            new_v[y], back[y] = best
        v = new_v
        paths.append(back)
    prob, state = max((p, y) for y, p in v.items())
    route: list[Any] = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = paths[i][state]
    return prob, route


@lru_cache(maxsize=1)
def pos_tokenizer() -> Any:
    """The pipeline's POS tagger (same jieba instance and tags) with the fast Viterbi."""
    import jieba.posseg

    from ..segment import pos_tokenizer as base_tokenizer

    class _FastPOSTokenizer(jieba.posseg.POSTokenizer):
        def _POSTokenizer__cut(self, sentence: str) -> Any:  # noqa: N802 (jieba's name)
            # jieba.posseg.POSTokenizer.__cut, with :func:`viterbi`.
            pair = jieba.posseg.pair
            _, pos_list = viterbi(sentence)
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                pos = pos_list[i][0]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield pair(sentence[begin : i + 1], pos_list[i][1])
                    nexti = i + 1
                elif pos == "S":
                    yield pair(char, pos_list[i][1])
                    nexti = i + 1
            if nexti < len(sentence):
                yield pair(sentence[nexti:], pos_list[nexti][1])

    base = base_tokenizer()
    tagger = _FastPOSTokenizer.__new__(_FastPOSTokenizer)
    # Shared, not copied: the user dictionary's tags are merged into this table once.
    tagger.tokenizer = base.tokenizer
    tagger.word_tag_tab = base.word_tag_tab
    return tagger
