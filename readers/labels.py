"""Label matching, written once for every format: normalised keys, similarity, editions told apart.

Labels come from the edition spec; this module only knows how two spellings of a label compare.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache, lru_cache

from nianbao.editions import EDITIONS, get_edition

# A label read as the same as the official one when its key is at least this similar (difflib's ratio).
# 2.其他法律行政止公开 ~ 2.其他法律行政法规禁止公开 is 0.89; 本年度新制作数量 ~ 本年新制作数量 0.93;
# the closest two different labels of one table, 本年新制作数量 ~ 本年新公开数量, are 0.71.
SIMILAR = 0.8

_SPACES = re.compile(r"\s+")
_ITEM_NUMBER = re.compile(r"^(\d+)[、,，．]")
_REMARK = re.compile(r"[（(][^（）()]*[）)]")


@lru_cache(maxsize=16384)
def label_key(text: str) -> str:
    """What two spellings of a label have in common: NFKC, no spaces, ``1、`` read as ``1.``, straight quotes."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACES.sub("", text)
    text = _ITEM_NUMBER.sub(r"\1.", text)
    return text.replace("“", '"').replace("”", '"')


@lru_cache(maxsize=65536)
def similarity(text: str, official: str) -> float:
    """1.0 for the same label; otherwise how close ``text`` is to ``official`` (0…1).

    A remark in brackets the official label does not have (``现行有效件数（历史累计）``) is set aside first.
    """
    a, b = label_key(text), label_key(official)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    if "(" in a and "(" not in b:
        bare = _REMARK.sub("", a)
        if bare == b:
            return 0.99
        a = bare or a
    if abs(len(a) - len(b)) > max(len(a), len(b)) // 2:
        return 0.0  # ratio cannot reach SIMILAR: skip the work
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def is_similar(text: str, official: str) -> bool:
    return similarity(text, official) >= SIMILAR


def best_match(text: str, candidates: tuple[str, ...]) -> tuple[str, float] | None:
    """The official label ``text`` is closest to, if it is similar enough."""
    scored = [(c, similarity(text, c)) for c in candidates]
    best = max(scored, key=lambda x: x[1], default=None)
    return best if best is not None and best[1] >= SIMILAR else None


# ---------------------------------------------------------------- editions


@cache
def table_label_keys(edition_id: str) -> dict[str, frozenset[str]]:
    """table id -> the keys of its official labels."""
    spec = get_edition(edition_id)
    return {t.id: frozenset(label_key(b.text) for b in t.blocks if not b.is_data) for t in spec.tables}


@cache
def distinctive_keys(edition_id: str) -> frozenset[str]:
    """Label keys only this edition has, and that no label of another edition contains (so that they can also
    be looked for inside run-together text: 规范性文件 of 2019 stands inside 行政规范性文件 of 2021)."""
    own = frozenset().union(*table_label_keys(edition_id).values())
    others = frozenset().union(*(frozenset().union(*table_label_keys(e).values()) for e in EDITIONS if e != edition_id))
    return frozenset(k for k in own - others if not any(k in o for o in others))


def detect_edition(found_keys: set[str] | frozenset[str], flat_text: str, fallback: str) -> str:
    """The edition whose distinctive labels the document has most of; ``fallback`` when none tells.

    ``found_keys``: the keys of the document's table cells; ``flat_text``: its plain text as one key string
    (labels of run-together text are found inside it).
    """
    scores = {}
    for e in EDITIONS:
        keys = distinctive_keys(e)
        scores[e] = len(keys & found_keys) + sum(1 for k in keys - found_keys if k in flat_text)
    best = max(scores.values())
    if best == 0 or list(scores.values()).count(best) > 1:
        return fallback
    return next(e for e, s in scores.items() if s == best)
