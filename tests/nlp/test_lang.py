"""Tests for kg.nlp.lang (jieba ownership) and kg.nlp.lexicon."""

import subprocess
import sys

import pytest

from kg.errors import InputError
from kg.nlp.lang import pos_tag, tokenize
from kg.nlp.lexicon import load_list


def test_lang_import_does_not_load_jieba() -> None:
    code = "import sys, kg.nlp.lang, kg.extract.entities; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_lang_tokenize_offsets_and_user_dictionary() -> None:
    text = "南夏墅中心小学和湖塘实小承办了活动"
    tokens = tokenize(text)
    for word, s, e in tokens:
        assert text[s:e] == word
    words = [w for w, _, _ in tokens]
    assert "中心小学" in words and "实小" in words


def test_lang_pos_tag_offsets() -> None:
    text = "常州市钟楼区人民政府履行教育职责"
    tagged = pos_tag(text)
    assert "".join(w for w, _, _, _ in tagged) == text
    assert ("人民政府", "nt", 6, 10) in tagged


def test_lexicon_load_list_skips_comments() -> None:
    organs = load_list("gov_organs")
    assert "人民政府" in organs and not any(e.startswith("#") for e in organs)


def test_lexicon_unknown_name_lists_available() -> None:
    with pytest.raises(InputError, match="gov_organs"):
        load_list("no_such_lexicon")
