"""Repairs for the damage scraped policy pages carry.

Each repair is a small function on real lines of the corpus (see tests/ingest/test_clean.py):
pinyin ruby left in parentheses, GB18030 mojibake from a lost byte, site furniture
(share buttons, breadcrumbs, counters, footers), metadata lines, and machine-translated
English lines interleaved with the Chinese ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from text.fold import fold

# --- pinyin ruby -----------------------------------------------------------------------
# A pinyin syllable: optional initial, a final, tone marks as precomposed letters or
# combining marks. Only removed right after a Han character, so "(RECP)", "(2016-2018)",
# "( three)" and "(牵头单位:…)" stay.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL_CHARS = f"[aeiouv{_TONED}\u0300-\u036f]+(?:n|ng|r)?"
_PINYIN_RUBY = re.compile(
    rf"(?<=[\u4e00-\u9fff])[(（]\s*({_INITIAL}{_FINAL_CHARS})\s*[)）]", re.IGNORECASE
)


def strip_pinyin_ruby(text: str) -> str:
    """Remove pinyin readings in parentheses after Han characters: `認(rèn)證` -> `認證`.

    A bare Latin word in parentheses stays unless it carries a tone mark, so an
    abbreviation like `(RECP)` or an English gloss is never mistaken for a reading.
    """

    def replace(match: re.Match[str]) -> str:
        syllable = match.group(1)
        toned = any(ch in _TONED or "\u0300" <= ch <= "\u036f" for ch in syllable)
        return "" if toned and syllable == syllable.lower() else match.group(0)

    return _PINYIN_RUBY.sub(replace, text)


# --- mojibake --------------------------------------------------------------------------
# A lost byte makes a GB18030 decoder read every following pair one byte out of step:
# "（一）重點國家" turns into "?。ㄒ唬┲攸c國家". Re-encoding the damaged run and
# decoding it one byte later restores it.
_SUSPECT = re.compile(r"[?\ufffd][\u3000-\u303f\u3100-\u312f\u2500-\u257f\ue000-\uf8ff\u4e00-\u9fff\uff00-\uffef]")


def _plausibility(text: str) -> float:
    """Share of characters that ordinary Chinese prose is made of."""
    if not text:
        return 0.0
    good = sum(
        1
        for ch in text
        if "\u4e00" <= ch <= "\u9fff" or ch in "（）()“”《》、,，。:：;；" or ch.isdigit()
    )
    bad = sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff" or "\u3100" <= ch <= "\u312f" or "\u2500" <= ch <= "\u257f")
    return (good - 3 * bad) / len(text)


def repair_mojibake(line: str) -> str:
    """Repair a line decoded one byte out of step after a lost byte (see module note)."""
    match = _SUSPECT.search(line)
    if not match:
        return line
    head, damaged = line[: match.start()], line[match.start() + 1 :]
    try:
        raw = damaged.encode("gb18030")
    except UnicodeEncodeError:
        return line
    best, best_score = line, _plausibility(damaged)
    for shift in (1, 2, 3):
        try:
            candidate = raw[shift:].decode("gb18030")
        except UnicodeDecodeError:
            continue
        score = _plausibility(candidate)
        if score > best_score + 0.2:
            best, best_score = head.rstrip() + candidate, score
    return best


# --- furniture and metadata --------------------------------------------------------------
# Patterns run on the folded line (Simplified, half-width) so Traditional pages match too.
_DATE = r"(\d{4}-\d{1,2}-\d{1,2})(?:\s+\d{1,2}:\d{2})?"
_FURNITURE = [
    re.compile(r"^分享到[::]?.*$"),
    re.compile(r"^当前位置[::].*$"),
    re.compile(r"^文章关键词[::]\s*$"),
    re.compile(r"^(关键词|标签)[::]\s*$"),
    re.compile(r"^平台集群\s*[::].*$"),
    re.compile(r"^新闻链接[::]?\s*$"),
    re.compile(r"^(打印|关闭|返回顶部|收藏|【?字体[::].*)$"),
    re.compile(r"^(责任编辑|编辑)[::].{0,12}$"),
    re.compile(r"^点击[::]?\s*\d*\s*$"),
]
_COLUMN_LABEL = re.compile(r"栏目[::]\s*\S+")
_PUBLISHED = re.compile(rf"发布时间[::]\s*{_DATE}")
_CLICKS = re.compile(r"(点击|浏览|阅读)(次数)?[::]\s*\d*\s*$")
_DATE_SOURCE = re.compile(rf"^{_DATE}\s+来源[::]\s*(.+)$")
_SOURCE = re.compile(r"^来源[::]\s*(.+)$")
_ATTRIBUTION = re.compile(r"^\(据[::]\s*(.+?)\)$")


@dataclass
class CleanLine:
    """A cleaned line in the document's own script, with its English translation if any."""

    text: str
    translation: str = ""


@dataclass
class CleanText:
    """The cleaned document: metadata lifted out of the furniture, and its body lines."""

    title: str = ""
    date: str = ""
    source: str = ""
    lines: list[CleanLine] = field(default_factory=list)
    meta_lines: list[str] = field(default_factory=list)  # metadata lines as written

    @property
    def body(self) -> str:
        """The cleaned text as one string (blank line between paragraphs)."""
        return "\n".join(line.text for line in self.lines)


def _original_span(line: str, folded: str, match: re.Match[str], group: int) -> str:
    """The matched group in the line's own script (folding keeps length for CJK text)."""
    start, end = match.span(group)
    if len(folded) == len(line.strip()):
        return line.strip()[start:end].strip()
    return match.group(group).strip()


def is_english(line: str, *, min_letters: int = 4, max_han: int = 2, min_share: float = 0.5) -> bool:
    """True for text that is mostly Latin words: at least `min_letters` ASCII letters, at most
    `max_han` Han characters, and more letters than `min_share` of its length (stripped).

    The project's one English detector. The defaults read a scraped line (is it a machine
    translation line beside the Chinese?); the answer engine reads a question with its own
    limits (`assistant.core.query.is_english`, which says why they differ).
    """
    letters = sum(1 for ch in line if ch.isascii() and ch.isalpha())
    han = sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff")
    return letters >= min_letters and han <= max_han and letters > min_share * len(line.strip())


_TERMINAL = tuple("。;!?")  # folded text: full-width marks are half-width here
# A stray separator left at the start of a line by the scraper: ",《质量发展纲要》工作要点".
_LEADING_PUNCT = re.compile(r"^[,，、;；]+\s*")


def _is_title_like(folded: str) -> bool:
    return 4 <= len(folded) <= 60 and not folded.endswith(_TERMINAL) and not folded.startswith("(")


def clean_text(raw: str) -> CleanText:
    """Clean a whole scraped page: repairs, furniture out, metadata lifted, translations paired."""
    doc = CleanText()
    pending: list[CleanLine] = []
    for raw_line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = strip_pinyin_ruby(repair_mojibake(raw_line)).replace("\u00a0", " ").strip()
        if not line:
            continue
        folded = fold(line)
        if any(p.match(folded) for p in _FURNITURE):
            continue
        line = _LEADING_PUNCT.sub("", line)
        folded = _LEADING_PUNCT.sub("", folded)
        if m := _DATE_SOURCE.match(folded):
            doc.date = doc.date or m.group(1)
            doc.source = doc.source or _original_span(line, folded, m, 2)
            doc.meta_lines.append(line)
            continue
        if m := _SOURCE.match(folded) or _ATTRIBUTION.match(folded):
            doc.source = doc.source or _original_span(line, folded, m, 1)
            doc.meta_lines.append(line)
            continue
        if m := _PUBLISHED.search(folded):
            # "栏目:… 发布时间:2018-10-27" or "标题 发布时间: 2012-07-10 22:28 点击:"
            doc.date = doc.date or m.group(1)
            published = line[m.start():] if len(folded) == len(line) else folded[m.start():]
            doc.meta_lines.append(_CLICKS.sub("", published).strip())
            keep = folded[: m.start()]
            keep = _COLUMN_LABEL.sub("", keep).strip()
            if not keep:
                continue
            line = line[: len(keep)] if len(fold(line[: len(keep)])) == len(keep) else keep
            folded = fold(line)
        folded_clicks = _CLICKS.search(folded)
        if folded_clicks:
            line = line[: folded_clicks.start()].strip()
            folded = fold(line)
            if not line:
                continue
        if is_english(line):
            if pending:
                sep = " " if pending[-1].translation else ""
                pending[-1].translation += sep + line
            continue
        pending.append(CleanLine(line))
    doc.lines = pending
    _lift_title(doc)
    return doc


def _lift_title(doc: CleanText) -> None:
    """Take the title from the head of the page and drop its repeats and broken copies.

    Scraped pages repeat the title (page header, article header) and sometimes break it
    over two lines; a year range on its own line right after it belongs to it.
    """
    if not doc.lines:
        return
    title_index = next(
        (i for i, line in enumerate(doc.lines[:6]) if _is_title_like(fold(line.text))), None
    )
    if title_index is None:
        return
    title = doc.lines[title_index].text
    folded_title = fold(title).replace(" ", "")
    kept: list[CleanLine] = []
    for i, line in enumerate(doc.lines):
        folded = fold(line.text).replace(" ", "")
        if i == title_index:
            # the title leaves the body when it is the page header; a title that comes
            # after a lead paragraph (news pages) stays as the heading it is there
            if title_index > 0:
                kept.append(line)
            continue
        if title_index < i < title_index + 6:
            if folded == folded_title or (len(folded) >= 4 and folded in folded_title):
                continue
            if len(folded) >= 6 and folded_title.startswith(folded):
                continue  # the first half of a title broken over two lines
            if re.fullmatch(r"\(\d{4}\s*-\s*\d{4}年?\)", folded):
                if folded not in folded_title:
                    title, folded_title = title + line.text, folded_title + folded
                continue
            if re.fullmatch(r"\([^()]{1,8}\)", folded):  # "(公开版)": an edition label
                continue
        kept.append(line)
    # "行动方案 (2024-2030年)": no space before a bracket in a Chinese title
    doc.title = doc.title or re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[(（])", "", title)
    doc.lines = kept
