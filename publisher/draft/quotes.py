"""Quotations in a draft: the paragraph form (“…,” said NAME. “…”) and attributions.

An attribution is read as 'Honorific Speaker, Role, Organisation'; a bare surname
('Administrator Milgram') is completed from the people the draft names elsewhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

HONORIFICS = sorted("""
Acting Administrator|Deputy Administrator|Administrator|Deputy Attorney General|Attorney General|
Special Agent in Charge|U.S. Attorney|Assistant Director|Deputy Director|Director|Police Chief|Chief|
Sheriff|Secretary|Senator|Sen.|Representative|Rep.|Congressman|Congresswoman|Governor|Gov.|
Lieutenant Governor|Mayor|Commissioner|Judge|Justice|Dr.|Mr.|Mrs.|Ms.|Mx.|Professor|Prof.|
President|Vice President|Captain|Lieutenant|Sergeant|Detective|Superintendent|Ambassador|
Councilmember|Councilman|Councilwoman|Chairman|Chairwoman|Chair
""".replace("\n", "").split("|"), key=len, reverse=True)
ROLE_WORDS = {
    "president", "vice president", "chair", "chairman", "chairwoman", "director", "chief", "secretary",
    "administrator", "commissioner", "spokesperson", "spokesman", "spokeswoman", "head", "founder",
    "ceo", "executive director", "manager", "leader", "coordinator", "superintendent", "officer",
}
OPEN, CLOSE = "“\"", "”\""
SAYS = "(?:said|says|added|stated|explained)"
SAID = re.compile(
    rf"^[{OPEN}](?P<first>.+?)(?P<punct>[,.!?]?)[{CLOSE}]\s+"
    rf"(?:{SAYS}\s+(?P<after>[^{OPEN}]+?)|(?P<before>[^{OPEN}]+?)\s+{SAYS})[.,]"
    rf"(?:\s+[{OPEN}](?P<rest>.+)[{CLOSE}])?\s*$",
    re.S,
)
DASH = re.compile(r"^\s*(?:—|–|--|-)\s*")
ACRONYM = re.compile(r"((?:[A-Z][\w’'.&-]*\s+)(?:(?:of|the|and|for|[A-Z][\w’'.&-]*)\s+){0,8}[A-Z][\w’'.&-]*)\s+\(([A-Z]{2,10})\)")
NAME_AT_END = re.compile(
    r"^(?P<title>.+?)\s+(?P<name>[A-Z][a-z’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z’'-]+(?:,?\s+(?:Jr\.|Sr\.|II|III))?)$")
FULL_NAME = re.compile(r"\b([A-Z][a-z’'-]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z’'-]+)\b")


@dataclass(frozen=True)
class Person:
    name: str
    honorific: str | None = None
    organisation: str | None = None


@dataclass
class Attribution:
    """Who said a quote, as read from 'Honorific Speaker, Role, Organisation'."""

    speaker: str
    honorific: str | None = None
    role: str | None = None
    organisation: str | None = None
    notes: list[str] = field(default_factory=list)


def split_said(paragraph: str) -> tuple[str, str] | None:
    """'“A,” said X. “B.”' -> ('A. B.', 'X'); None when the paragraph is not a quotation."""
    match = SAID.match(paragraph.strip())
    if not match:
        return None
    first = match["first"].strip()
    punct = match["punct"]
    rest = (match["rest"] or "").strip()
    if punct in ("", ","):
        punct = "." if rest or not first.endswith((".", "!", "?")) else ""
    text = first + punct + (" " + rest if rest else "")
    return text, (match["after"] or match["before"]).strip()


def split_blockquote(text_lines: list[str]) -> tuple[str, str | None]:
    """Blockquote lines -> (the words without quotation marks, the '— Name, Role' line or None)."""
    attribution = None
    if len(text_lines) > 1 and DASH.match(text_lines[-1]) and DASH.sub("", text_lines[-1]):
        attribution = DASH.sub("", text_lines[-1]).strip()
        text_lines = text_lines[:-1]
    text = " ".join(" ".join(text_lines).split())
    if text[:1] in OPEN and text[-1:] in CLOSE:
        text = text[1:-1].strip()
    return text, attribution


def acronyms(text: str) -> dict[str, str]:
    """'Major County Sheriffs of America (MCSA)' -> {'MCSA': 'Major County Sheriffs of America'}."""
    found: dict[str, str] = {}
    for match in ACRONYM.finditer(text):
        name = re.sub(r"^(?:The|the)\s+", "", match.group(1))
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        if initials == match.group(2) or initials.startswith(match.group(2)[0]):
            found.setdefault(match.group(2), name)
    return found


def split_honorific(name: str) -> tuple[str | None, str]:
    """'Sheriff Mike Milstead' -> ('Sheriff', 'Mike Milstead')."""
    for honorific in HONORIFICS:
        if name.startswith(honorific + " ") and name[len(honorific):].strip():
            return honorific, name[len(honorific):].strip()
    return None, name


#: Endings of English titles and roles ("Coordinator", "Commissioner", "Superintendent", "Secretary",
#: "Sheriff", "Captain", "Chancellor", "Trustee"): a capitalised word of this form before a name of
#: two or more words is read as its honorific, with a note.
TITLE_FORM = re.compile(r"^[A-Z][a-z]+(?:or|er|ent|ant|ary|ist|ian|ee|ff|ain|ive|al|ar)$")


def split_title_by_form(name: str) -> tuple[str | None, str]:
    """'Coordinator Ada Lindqvist' -> ('Coordinator', 'Ada Lindqvist'): a title by its form."""
    words = name.split()
    if len(words) >= 3 and TITLE_FORM.match(words[0]) and all(w[:1].isupper() for w in words[1:]):
        return words[0], " ".join(words[1:])
    return None, name


def split_of_organisation(name: str) -> tuple[str, str | None]:
    """'Siobhán O'Connor of the Harbor Police Chiefs' Council' -> (the name, the organisation)."""
    found = re.match(r"^(?P<name>.+?)\s+of\s+(?:the\s+)?(?P<org>[A-Z].+)$", name)
    if found and all(w[:1].isupper() for w in found["name"].split()):
        return found["name"], found["org"]
    return name, None


def split_long_title(name: str) -> tuple[str | None, str]:
    """'Principal Deputy Assistant Attorney General Brian M. Boynton' -> (the title, 'Brian M. Boynton')."""
    found = NAME_AT_END.match(name)
    if found and len(name.split()) >= 4 and all(w[:1].isupper() for w in found["title"].split()):
        return found["title"], found["name"]
    return None, name


def parse_attribution(attribution: str, people: list[Person], expand: dict[str, str]) -> Attribution:
    """'Eddie Garcia, President of the Major Cities Chiefs Association' -> its parts."""
    parts = [p.strip() for p in re.split(r",\s+", attribution.strip().rstrip(".")) if p.strip()]
    first, of_organisation = split_of_organisation(parts[0])
    if of_organisation and len(parts) == 1:
        parts = [first, of_organisation]
    honorific, speaker = split_honorific(parts[0])
    quote = Attribution(speaker, honorific)
    if honorific is None:
        quote.honorific, quote.speaker = split_long_title(speaker)
        if quote.honorific:
            quote.notes.append(f"'{quote.honorific}' is printed before the name: is it the role instead?")
        else:
            quote.honorific, quote.speaker = split_title_by_form(speaker)
            if quote.honorific:
                quote.notes.append(f"'{quote.honorific}' read as the speaker's title from its form: check it")
    if of_organisation and len(parts) == 2:
        quote.notes.append(f"organisation '{of_organisation}' read from 'of ...' after the name: check it")
    if len(speaker.split()) == 1:
        _complete_name(quote, people)
    rest = parts[1:]
    if of_organisation and rest == [of_organisation]:
        quote.organisation = of_organisation
    elif len(rest) >= 2:
        quote.role, quote.organisation = ", ".join(rest[:-1]), rest[-1]
    elif rest:
        quote.role, quote.organisation = _role_and_organisation(rest[0], quote.notes)
    else:
        known = next((p for p in people if p.name == quote.speaker and p.organisation), None)
        if known:
            quote.organisation = known.organisation
            quote.notes.append(f"organisation '{known.organisation}' taken from the heading block")
    if quote.organisation in expand:
        quote.notes.append(f"organisation '{quote.organisation}' spelled out from the draft")
        quote.organisation = expand[quote.organisation]
    return quote


def _complete_name(quote: Attribution, people: list[Person]) -> None:
    surname = quote.speaker
    matches = list(dict.fromkeys(p.name for p in people if p.name.split()[-1] == surname and p.name != surname))
    if len(matches) == 1:
        quote.notes.append(f"speaker '{surname}' completed as '{matches[0]}' from the draft")
        quote.speaker = matches[0]
        if not quote.honorific:
            quote.honorific = next((p.honorific for p in people if p.name == matches[0] and p.honorific), None)
    else:
        quote.notes.append(f"only the surname '{surname}' is given: write the speaker's full name")


def _role_and_organisation(part: str, notes: list[str]) -> tuple[str | None, str | None]:
    of = re.match(r"^(?P<role>.+?)\s+of\s+(?:the\s+)?(?P<org>[A-Z].+)$", part)
    if of:
        return of["role"], of["org"]
    words = part.split()
    for size in (2, 1):
        if len(words) > size and " ".join(words[-size:]).lower() in ROLE_WORDS:
            return " ".join(words[-size:]), " ".join(words[:-size])
    notes.append(f"'{part}' kept as the role: is it the organisation?")
    return part, None


def people_named(text: str, leader: str | None, organisation: str | None) -> list[Person]:
    """The leader on the masthead first, then every 'First Last' name the draft mentions."""
    people = []
    if leader:
        honorific, name = split_honorific(leader)
        people.append(Person(name, honorific, organisation))
    for match in FULL_NAME.finditer(text):
        honorific, name = split_honorific(match.group(1))
        if honorific is None:
            people.append(Person(name))
    return people
