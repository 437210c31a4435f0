"""The one owner of jieba: tokenisation and POS tagging with the domain user dictionary.

jieba is imported lazily inside the functions (a fresh process pays ~1.7 s to load its dictionary),
so commands that never segment text never pay for it. The user dictionary ``kg/data/userdict.txt``
holds general education-administration vocabulary (school-type suffixes, organ names, honours).
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

log = logging.getLogger("kg")

USERDICT = Path(__file__).resolve().parent.parent / "data" / "userdict.txt"
_lock = threading.Lock()
_state: dict[str, Any] = {}


def _tokenizer() -> Any:
    """The jieba Tokenizer with the user dictionary loaded (created once)."""
    with _lock:
        tok = _state.get("tokenizer")
        if tok is None:
            import jieba  # lazy: see module docstring

            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            if USERDICT.is_file():
                for word, freq, tag in _userdict_entries():
                    tok.add_word(word, freq, tag)
            else:
                log.warning("user dictionary %s missing; segmenting with jieba's default only", USERDICT)
            _state["tokenizer"] = tok
        return tok


def _userdict_entries() -> list[tuple[str, int | None, str | None]]:
    """``(word, freq, tag)`` lines of the user dictionary, skipping '#' comments."""
    entries: list[tuple[str, int | None, str | None]] = []
    for line in USERDICT.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        entries.append((word, freq, tag))
    return entries


def _posseg() -> Any:
    """A POS tagger sharing the tokenizer (and so the user dictionary)."""
    tagger = _state.get("posseg")
    if tagger is None:
        tok = _tokenizer()
        import jieba.posseg  # lazy

        with _lock:
            tagger = jieba.posseg.POSTokenizer(tok)
            _state["posseg"] = tagger
    return tagger


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` as ``(word, start, end)`` offsets (jieba.tokenize, default mode)."""
    if not text:
        return []
    # jieba's own tokenize() yields the words of cut() with running offsets; doing the offsets
    # here over lcut() gives the same tuples for ~15% less time.
    words = _tokenizer().lcut(text)
    ends = list(accumulate(map(len, words)))
    return list(zip(words, [0, *ends[:-1]], ends))


def pos_tag(text: str) -> list[tuple[str, str, int, int]]:
    """Words with POS flags as ``(word, flag, start, end)``; 4.5x slower than :func:`tokenize`."""
    return list(_pos_tag(text))


# Finders tag short windows (the 14 characters before a school suffix, a name and its neighbours);
# the same windows recur within and across reports (school names, boilerplate), and the tags
# depend only on the text once the user dictionary is loaded.
@lru_cache(maxsize=16384)
def _pos_tag(text: str) -> tuple[tuple[str, str, int, int], ...]:
    out: list[tuple[str, str, int, int]] = []
    pos = 0
    for pair in _posseg().cut(text):
        start = text.find(pair.word, pos)
        if start < 0:  # jieba never drops characters; guard anyway
            start = pos
        end = start + len(pair.word)
        out.append((pair.word, pair.flag, start, end))
        pos = end
    return tuple(out)


def is_dictionary_word(word: str) -> bool:
    """True when ``word`` is in jieba's dictionary (with the domain user dictionary)."""
    return bool(_tokenizer().FREQ.get(word))
