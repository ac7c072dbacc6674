"""An article as intake reads it: checked plain text, numbered paragraphs, sentences, quotations.

Paragraphs are the non-empty lines, numbered from 1, exactly as the seed records count them.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import EnvelopeError
from .patterns import pattern

#: Articles larger than this are refused: a news report is a few tens of kilobytes.
MAX_BYTES = 2_000_000
#: A quote in a draft holds at most this many words (the project never copies sentences).
QUOTE_WORDS = 6

_MAGIC = {
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a zip archive (e.g. a Word or ODF document)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"{\\rtf": "an RTF document",
}
_LINE_BREAK = pattern("text.line_break")
_SENTENCE_END = pattern("text.sentence_end")
_QUOTE_OPEN = pattern("text.quote_open")
_WORD = pattern("text.word")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "co",
        "jr",
        "sr",
        "prof",
        "est",
        "approx",
    ]
)
_QUOTE_CLOSE = {"“": "”", '"': '"', "«": "»"}


@dataclass(frozen=True)
class Paragraph:
    """One non-empty line of the article and its number (from 1)."""

    number: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph, by character offsets into the paragraph's text."""

    start: int
    end: int
    text: str


def read_article(path: str | Path) -> str:
    """The article's text, or an ``EnvelopeError`` naming the file and the fix."""
    from ..errors import os_error
    from ..readers import check_input

    if str(path) == "-":
        return decode_article(sys.stdin.buffer.read(MAX_BYTES + 1), "standard input")
    if not str(path).strip():  # Path("") is ".", which would be named a folder
        raise EnvelopeError("the article's file name is empty; give a plain-text file")
    name = str(path)
    # a regular file: a folder, pipe or device (which would block or never end) is named
    info = check_input(path, name, fix="give the path of a plain-text article")
    if info.st_size > MAX_BYTES:
        raise EnvelopeError(
            f"{name} is {info.st_size / 1e6:.1f} MB; intake reads plain-text articles up to "
            f"{MAX_BYTES // 1_000_000} MB: save only the article's text"
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise os_error(name, exc, "read") from None
    return decode_article(data, name)


def decode_article(data: bytes, name: str = "article") -> str:
    """Decode the bytes of an article, refusing what is not plain text."""
    if len(data) > MAX_BYTES:
        raise EnvelopeError(
            f"{name} is larger than {MAX_BYTES // 1_000_000} MB; save only the text"
        )
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise EnvelopeError(
                f"{name} is {kind}, not plain text; save the article as a .txt file"
            )
    if b"\0" in data[:65536]:
        raise EnvelopeError(f"{name} is binary, not text; save the article as a UTF-8 .txt file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EnvelopeError(
            f"{name} is not UTF-8 text; save the article as a UTF-8 plain-text file"
        ) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(2, len(text) // 200):
        raise EnvelopeError(f"{name} is binary, not text; save the article as a UTF-8 .txt file")
    if not text.strip():
        raise EnvelopeError(f"{name} is empty; paste the article's text into it")
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        raise EnvelopeError(f"{name} is an HTML page; save the article's text as a .txt file")
    return text


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """The non-empty lines, numbered from 1 (a line of only whitespace is empty)."""
    lines = [line for line in _LINE_BREAK.split(text) if line.strip()]
    return tuple(Paragraph(i, line) for i, line in enumerate(lines, 1))


def sentences(text: str) -> tuple[Sentence, ...]:
    """Split a paragraph into sentences, keeping abbreviations ("U.S.", "Gen.") intact."""
    out: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        before = text[start : match.start() + 1]
        last = re.search(r"([A-Za-z.]+)\.$", before)
        if last:
            token = last.group(1)
            # initials and dotted abbreviations (U.S., C.Q.), titles, months
            if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", token) or token.lower() in _ABBREVIATIONS:
                continue
        nxt = text[end : end + 1]
        if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'(«"):
            continue
        out.append(Sentence(start, match.start() + 1, text[start : match.start() + 1].strip()))
        start = end
    if text[start:].strip():
        out.append(Sentence(start, len(text), text[start:].strip()))
    return tuple(out)


def quoted_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans inside quotation marks (curly, straight or guillemets), one level deep."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := _QUOTE_OPEN.search(text, pos)) is not None:
        close = text.find(_QUOTE_CLOSE[m.group(0)], m.end())
        if close < 0:  # an unclosed quote runs to the end of the paragraph
            spans.append((m.end(), len(text)))
            break
        spans.append((m.end(), close))
        pos = close + 1
    return tuple(spans)


def inside(spans: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies within one of ``spans``."""
    return any(a <= start and end <= b for a, b in spans)


def short_quote(text: str, start: int, end: int, limit: int = QUOTE_WORDS) -> str:
    """At most ``limit`` words of ``text`` around ``[start, end)``, verbatim.

    The figure's own words come first, then up to two words before it, then words after it.
    """
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    core = [i for i, (a, b) in enumerate(tokens) if b > start and a < end]
    if not core:
        return ""
    lo, hi = core[0], core[-1]
    if hi - lo + 1 > limit:
        hi = lo + limit - 1
    for _ in range(2):
        if hi - lo + 1 < limit and lo > 0 and text[tokens[lo - 1][1] - 1] not in ".;!?":
            lo -= 1
    while hi - lo + 1 < limit and hi + 1 < len(tokens) and text[tokens[hi][1] - 1] not in ",.;:!?":
        hi += 1
    quote = text[tokens[lo][0] : tokens[hi][1]]
    return quote.strip(" ,;:.\"“”‘’'()[]—–-")


def words(text: str) -> list[str]:
    """Lower-case words (letters and digits), for n-gram comparisons."""
    return [w.lower() for w in _WORD.findall(text)]
