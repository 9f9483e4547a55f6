"""Cleaning on the real lines of the bundled corpus: what a reader of the cleaned text sees."""

from __future__ import annotations

import re

import pytest

from ingest.clean import clean_text, repair_mojibake, strip_pinyin_ruby
from ingest.load import load_text
from tests.conftest import CORPUS, corpus_file
from text.fold import fold

RUBY = re.compile(r"[(（]\s*[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*\s*[)）]")


def raw(prefix: str) -> str:
    return load_text(corpus_file(prefix))


def cleaned(prefix: str):
    return clean_text(raw(prefix))


def all_text(doc) -> str:
    return "\n".join([doc.title, *doc.meta_lines, *(f"{line.text}\n{line.translation}" for line in doc.lines)])


# --- pinyin ruby ------------------------------------------------------------------------------
def test_pinyin_ruby_removed_on_real_lines():
    assert strip_pinyin_ruby("認(rèn)證") == "認證"
    assert strip_pinyin_ruby("會(huì )議") == "會議"
    line = next(ln for ln in raw("003").splitlines() if "會(huì )議" in ln)
    assert "會議精神" in strip_pinyin_ruby(line)
    assert not RUBY.search(strip_pinyin_ruby(line))


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_no_pinyin_ruby_left_in_cleaned_documents(prefix):
    doc = cleaned(prefix)
    assert RUBY.search(raw(prefix))  # the damage is really there
    assert not RUBY.search(all_text(doc))
    assert "認證認可" in doc.body


def test_real_parentheses_kept():
    text000 = all_text(cleaned("000"))
    assert "(RECP)" in text000
    assert "(2016-2018)" in cleaned("000").title
    assert "(牵头单位:国际部" in fold(text000)
    assert "(清真、有機、HACCP)" in text000
    translations = " ".join(line.translation for line in cleaned("002").lines)
    assert "( three)" in translations
    assert strip_pinyin_ruby("區域全面經濟伙伴關系(RECP)") == "區域全面經濟伙伴關系(RECP)"
    assert strip_pinyin_ruby("(牵头单位:国际部)") == "(牵头单位:国际部)"


# --- mojibake ---------------------------------------------------------------------------------
EXPECTED_REPAIRS = [
    "（一）重點國家",
    "（二）重點領域",
    "（一）開展服務“一帶一路”倡議研究",
    "（三）推進認證認可國際互認",
    "（四）提升認證認可服務發展能力",
    "（五）促進檢驗檢測認證市場開放",
]


def test_every_mojibake_line_of_000_repaired():
    damaged = [ln for ln in raw("000").splitlines() if "?" in ln]
    assert len(damaged) == len(EXPECTED_REPAIRS)
    repaired = [strip_pinyin_ruby(repair_mojibake(ln)).strip() for ln in damaged]
    assert repaired == EXPECTED_REPAIRS


def test_no_question_mark_line_left_in_000():
    doc = cleaned("000")
    assert not [line.text for line in doc.lines if "?" in line.text or "\ufffd" in line.text]
    texts = [line.text for line in doc.lines]
    for heading in EXPECTED_REPAIRS:
        assert heading in texts


def test_repair_leaves_good_lines_alone():
    for line in ["  (三)重點目標", "为什么有机产品互认谈判由注册部牵头?", "Who leads? 国际部。"]:
        assert repair_mojibake(line) == line


# --- furniture and metadata -----------------------------------------------------------------
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_furniture_removed(path):
    doc = clean_text(load_text(path))
    body = fold(doc.body + "\n" + "\n".join(doc.meta_lines))
    for furniture in ("分享到", "当前位置", "点击", "文章关键词", "平台集群", "栏目:"):
        assert furniture not in body, furniture


@pytest.mark.parametrize(
    "prefix, title_part, date, source",
    [
        ("000", "三年滾動實施計劃", "2018-10-27", None),
        ("001", "加快推进认证认可高水平开放行动方案", None, "市场监管总局"),
        ("002", "工作要点:提升中国认证认可国际影响力", "2012-07-10", None),
        ("003", "2017年行動計劃", None, "國家認監委"),
        ("004", "认证认可检验检测高峰论坛举行", "2020-08-07", "爱青岛"),
    ],
)
def test_metadata_lifted(prefix, title_part, date, source):
    doc = cleaned(prefix)
    assert title_part in doc.title
    assert "\n" not in doc.title and "?" not in doc.title
    if date is not None:
        assert doc.date == date
    if source is not None:
        assert doc.source == source


def test_titles_are_whole():
    assert cleaned("000").title == "《共同推動認證認可服務“一帶一路”建設的愿景與行動》三年滾動實施計劃(2016-2018)"
    assert cleaned("001").title == "加快推进认证认可高水平开放行动方案(2024-2030年)"


# --- English translation lines (002) --------------------------------------------------------
def test_english_lines_of_002_are_translations_of_the_line_before():
    lines = [ln.strip() for ln in raw("002").splitlines() if ln.strip()]
    doc = cleaned("002")
    by_text = {line.text: line for line in doc.lines}
    pairs = [
        ("第一,要借鉴国际经验", "The first, want to draw lessons"),
        ("第二,要加强交流合作", "Second, to strengthen exchanges"),
        ("第五,要发挥技术性贸易措施作用", "Fifth, to play the role"),
        ("提升中国认证认可的国际影响力。", "Enhance the international influence"),
    ]
    for chinese, english in pairs:
        (line,) = [t for t in by_text if t.startswith(chinese)]
        assert by_text[line].translation.startswith(english)
        i = next(i for i, ln in enumerate(lines) if ln.startswith(chinese))
        assert lines[i + 1].startswith(english)  # the source really has it on the next line


def test_english_lines_are_not_lines_of_their_own():
    doc = cleaned("002")
    for line in doc.lines:
        latin = sum(ch.isascii() and ch.isalpha() for ch in line.text)
        assert latin < 0.5 * len(line.text), line.text
    assert not any("Carry out" in line.text or "The first" in line.text for line in doc.lines)
