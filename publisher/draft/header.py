"""The heading block of a draft: agency, leader, website, handle, date, contact, title, subtitle.

Drafts write it two ways, and both are read: bare lines as on a printed release
("www.dea.gov", "@DEAHQ", "May 5, 2023", "Contact: DEA Public Affairs", "571-776-2508")
or labelled lines ("Agency: ...", "Date: ..."). Unlabelled lines before the first
recognised line are the agency and its leader; those after the last are the title and
the subtitle; a ``# heading`` is the title.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from publisher.draft.markdown import Block, inline
from publisher.draft.quantities import DAY_DATE, _date
from publisher.draft.quotes import split_honorific

URL = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?$", re.I)
HANDLE = re.compile(r"^@[A-Za-z0-9_]{1,30}$")
PHONE = re.compile(r"^\+?\(?[0-9][0-9 ().-]{6,24}$")
CONTENT_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{6,24}$")  #: what the content format accepts
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
LABELLED = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ]{1,20}):\s*(?P<value>.+)$")
RELEASE_TYPE = re.compile(r"^(?:for immediate release|embargoed\b.*|for release\b.*|hold for release\b.*)$", re.I)
KIND_OF_DOCUMENT = re.compile(r"^(?:news|press|media)\s+(?:release|advisory|statement)$", re.I)
WEEKDAY = re.compile(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Z][a-z]+)\.?\s+(\d{4})$")
LABELS = {
    "agency": "agency", "office": "office", "leader": "leader", "date": "date", "released": "date",
    "contact": "contact", "media contact": "contact", "press contact": "contact", "phone": "phone",
    "telephone": "phone", "tel": "phone", "email": "email", "e-mail": "email", "website": "website",
    "web": "website", "site": "website", "social": "social", "twitter": "social", "x": "social",
    "dateline": "dateline", "title": "title", "subtitle": "subtitle", "release": "release_type",
}


@dataclass
class Header:
    """What the heading block says; ``None`` where it says nothing."""

    fields: dict[str, str | dt.date] = field(default_factory=dict)
    free: list[tuple[int, Block | None, str]] = field(default_factory=list)  #: unrecognised lines, by position
    last_field_at: int = -1
    first_field_at: int | None = None


def parse_date(text: str) -> dt.date | None:
    """'May 5, 2023', '5 May 2023' or '2023-05-05'."""
    text = WEEKDAY.sub("", text.strip().rstrip("."))
    found = DAY_DATE.fullmatch(text)
    if found:
        return _date(found["month"], found["day"], found["year"])
    iso = ISO_DATE.match(text)
    if iso:
        try:
            return dt.date(*map(int, iso.groups()))
        except ValueError:
            return None
    dmy = DAY_MONTH_YEAR.match(text)
    return _date(dmy.group(2), dmy.group(1), dmy.group(3)) if dmy else None


def website(text: str) -> str:
    return text if text.startswith(("http://", "https://")) else "https://" + text


def phone_number(text: str) -> str:
    """'(555) 010-2030' -> '555-010-2030': the content format wants a digit first."""
    return re.sub(r"^\((\d+)\)\s*", r"\1-", text.strip())


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:].lower() if text.isupper() else text


def is_metadata(block: Block) -> bool:
    """A short block of labelled metadata lines ('Contact: ...'), as drafts put at their end."""
    lines = _lines(block)
    return block.kind == "paragraph" and len(block.text.split()) <= 30 and all(
        (m := LABELLED.match(line)) and m["label"].strip().lower() in LABELS for line in lines)


def read_header(blocks: list[Block]) -> Header:
    """What the heading block's lines say, each line read as a field or kept as a free line."""
    header = Header()
    position = 0
    for block in blocks:
        for line in filter(None, _lines(block)):
            if not _recognise(line, header.fields):
                header.free.append((position, block, line))
            else:
                header.last_field_at = position
                if header.first_field_at is None:
                    header.first_field_at = position
            position += 1
    _place_free_lines(header)
    return header


def _lines(block: Block) -> list[str]:
    """A block of labelled lines is read line by line; any other block is one line."""
    raw_lines = [line for line in block.raw.splitlines() if line.strip()]
    if len(raw_lines) > 1 and all(LABELLED.match(inline(line)[0]) for line in raw_lines):
        return [inline(line)[0] for line in raw_lines]
    if len(raw_lines) > 1 and any(_looks_like(inline(line)[0]) for line in raw_lines):
        return [inline(line)[0] for line in raw_lines]  # an agency line with the date line under it
    return [block.text]


def _recognise(line: str, fields: dict) -> bool:
    """Store what ``line`` says in ``fields``; False when it is no metadata line."""
    labelled = LABELLED.match(line)
    if labelled and labelled["label"].strip().lower() in LABELS:
        name, value = LABELS[labelled["label"].strip().lower()], labelled["value"]
        if name == "contact":
            _contact(value, fields)
            return True
        checked = _looks_like(value)
        if name in CHECKED:
            value = checked.get(name)
        if value is not None:
            fields.setdefault(name, value)
        return True
    for name, value in _looks_like(line).items():
        fields.setdefault(name, value)
        return True
    return False


CHECKED = ("date", "social", "email", "phone", "website", "release_type")


def _looks_like(line: str) -> dict[str, object]:
    """What an unlabelled line is, read into its value: {'date': date(2023, 5, 5)}; {} when unknown."""
    guesses = {
        "date": parse_date(line),
        "social": line if HANDLE.match(line) else None,
        "email": line if EMAIL.match(line) else None,
        "phone": phone_number(line) if PHONE.match(line) else None,
        "website": website(line) if URL.match(line) and "@" not in line else None,
        "release_type": sentence_case(line) if RELEASE_TYPE.match(line) else None,
        "document_kind": line if KIND_OF_DOCUMENT.match(line) else None,
    }
    return {name: value for name, value in guesses.items() if value is not None}


def _contact(value: str, fields: dict) -> None:
    """'DEA Public Affairs, 571-776-2508, press@dea.gov' -> office, phone, email."""
    office = []
    for piece in re.split(r"\s*[,;|]\s*", value):
        if PHONE.match(piece):
            fields.setdefault("phone", phone_number(piece))
        elif EMAIL.match(piece):
            fields.setdefault("email", piece)
        elif piece:
            office.append(piece)
    if office:
        fields.setdefault("contact", ", ".join(office))


def _place_free_lines(header: Header) -> None:
    """Title and subtitle: a '# heading' and what follows it, else the lines after the last field;
    agency, then leader (a line that opens with an honorific) or office: the lines before the first field."""
    free = header.free
    title_at = next((i for i, (_, block, _) in enumerate(free) if block is not None and block.kind == "heading"), None)
    if title_at is None:
        title_at = next((i for i, (pos, _, _) in enumerate(free) if pos > header.last_field_at), None)
    if title_at is not None:
        header.fields.setdefault("title", free[title_at][2])
        if title_at + 1 < len(free):
            header.fields.setdefault("subtitle", free[title_at + 1][2])
    first = header.first_field_at if header.first_field_at is not None else -1
    before = [line for i, (pos, _, line) in enumerate(free) if pos < first and i != title_at]
    if before:
        header.fields.setdefault("agency", before[0])
    for line in before[1:3]:
        header.fields.setdefault("leader" if split_honorific(line)[0] else "office", line)
