"""Reading a PDF's content streams the way an assistive technology does.

:class:`ContentWalker` runs the operators of a page (and of the form XObjects it draws, and of
annotation appearance streams) with the marked-content stack, and records in
:class:`ContentFacts` what the PDF/UA-1 rules ask of content (ISO 14289-1, 7.1, 7.2, 7.20, 7.21):

- every content item (text, path, shading, image) that is neither tagged content (its marked
  content reaches, through the ParentTree, a structure element connected to the tree root) nor
  inside an Artifact;
- artifacts inside tagged content, and tagged content inside artifacts;
- every ``/Lang`` of a marked-content property list, every Span whose ActualText, Alt or E has no
  determinable language, every text item whose language cannot be determined without the catalog;
- the character codes each font shows, in which text rendering mode;
- the form XObjects drawn, how often, and whether they hold MCIDs;
- the text shown inside each MCID (decoded through the fonts' ToUnicode maps), for extraction.

Property lists are read inline or through the ``/Properties`` resources; the text rendering mode
and font follow ``q``/``Q``. The structure lookups come from a :class:`StructureLookup`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Protocol

import pikepdf

#: Operators that put marks on the page (ISO 32000-1, 8.5.3, 9.4.3, 8.7.4.2; ``n`` paints nothing).
TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})
PATH_PAINTING = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"})
PAINTING = TEXT_SHOWING | PATH_PAINTING | {"sh", "INLINE IMAGE", "BI"}
FORM_DEPTH = 32  #: form XObjects drawn inside each other deeper than this are not followed
SPAN_ALTERNATES = ("/ActualText", "/Alt", "/E")


class StructureLookup(Protocol):
    """What the walker asks of the structure tree."""

    def element_for(self, key: int | None, mcid: int) -> pikepdf.Dictionary | None: ...

    def object_element(self, key: int) -> pikepdf.Dictionary | None: ...

    def connected(self, element: pikepdf.Dictionary) -> bool: ...

    def element_lang(self, element: pikepdf.Dictionary) -> str | None: ...


class FontDecoder:
    """Character codes -> Unicode text for one font, through its ToUnicode CMap."""

    def __init__(self, font: pikepdf.Object):
        self.font = font
        self.two_byte = font.get("/Subtype") == "/Type0"
        self.map: dict[bytes, str] = {}
        tounicode = font.get("/ToUnicode")
        if isinstance(tounicode, pikepdf.Stream):
            try:
                self.map = parse_tounicode(tounicode.read_bytes())
            except (pikepdf.PdfError, ValueError):
                self.map = {}

    def codes(self, data: bytes) -> list[bytes]:
        step = 2 if self.two_byte else 1
        return [data[i:i + step] for i in range(0, len(data), step)]

    def decode(self, data: bytes) -> str:
        out = []
        for code in self.codes(data):
            if code in self.map:
                out.append(self.map[code])
            elif not self.two_byte:
                out.append(code.decode("cp1252", errors="replace"))
        return "".join(out)


_BF_CHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BF_RANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)


def _hex(token: bytes) -> bytes:
    return bytes.fromhex(re.sub(rb"\s", b"", token).decode())


def _utf16(data: bytes) -> str:
    return data.decode("utf-16-be", errors="replace")


@lru_cache(maxsize=64)
def parse_tounicode(data: bytes) -> dict[bytes, str]:
    """The code -> text map of a ToUnicode CMap (bfchar and bfrange sections).

    Cached by the CMap's bytes (every page of a PDF shares its fonts' maps): the dict is
    shared between callers, read it, never change it."""
    mapping: dict[bytes, str] = {}
    for block in _BF_CHAR.findall(data):
        tokens = re.findall(rb"<([0-9A-Fa-f\s]*)>", block)
        for src, dst in zip(tokens[0::2], tokens[1::2], strict=False):
            mapping[_hex(src)] = _utf16(_hex(dst))
    for block in _BF_RANGE.findall(data):
        for line in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])", block):
            low, high, dst = _hex(line[1]), _hex(line[2]), line[3]
            start, end = int.from_bytes(low, "big"), int.from_bytes(high, "big")
            if end - start > 65535:
                continue
            if dst.startswith(b"["):
                targets = [_hex(t) for t in re.findall(rb"<([0-9A-Fa-f\s]*)>", dst)]
                for offset, target in enumerate(targets):
                    mapping[(start + offset).to_bytes(len(low), "big")] = _utf16(target)
            else:
                base = _hex(dst[1:-1])
                value = int.from_bytes(base, "big")
                for offset in range(end - start + 1):
                    mapping[(start + offset).to_bytes(len(low), "big")] = _utf16(
                        (value + offset).to_bytes(len(base), "big"))
    return mapping


def _strings(operands) -> list[bytes]:
    """The strings a text-showing operator shows; a wide TJ gap reads as a space."""
    out = []
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            out.append(bytes(operand))
        elif isinstance(operand, pikepdf.Array):
            for item in operand:
                if isinstance(item, pikepdf.String):
                    out.append(bytes(item))
                elif isinstance(item, (int, float, Decimal)) and float(item) < -250 and out:
                    out.append(b" ")  # a wide kerning gap reads as a space; a stray name or boolean is ignored
    return out


def object_key(obj: pikepdf.Object) -> tuple:
    """A key for an object: its object number if indirect, else its identity."""
    return obj.objgen if obj.is_indirect else ("direct", id(obj))


@dataclass
class FontUse:
    """A font dictionary as the content uses it."""

    font: pikepdf.Dictionary
    where: str  #: where it is first used
    codes: set[bytes] = field(default_factory=set)  #: every string shown, any rendering mode
    rendered: set[bytes] = field(default_factory=set)  #: shown in a rendering mode other than 3 (invisible)


@dataclass
class FormUse:
    form: pikepdf.Stream
    where: str
    uses: int = 0
    has_mcids: bool = False


@dataclass
class ContentFacts:
    untagged: dict[str, Counter] = field(default_factory=dict)  #: where -> painting operators neither tagged nor artifact
    artifact_in_tagged: list[str] = field(default_factory=list)
    tagged_in_artifact: list[str] = field(default_factory=list)
    langs: list[tuple[str, str]] = field(default_factory=list)  #: (where, /Lang of a property list)
    span_alternates: list[tuple[str, str, bool]] = field(default_factory=list)  #: (where, key, language determined)
    text_without_lang: Counter = field(default_factory=Counter)  #: where -> text items with no language
    fonts: dict[tuple, FontUse] = field(default_factory=dict)
    forms: dict[tuple, FormUse] = field(default_factory=dict)
    texts: dict[tuple[int, int | None], dict[int, list[str]]] = field(default_factory=dict)  #: (page, key) -> MCID -> text
    unreadable: list[str] = field(default_factory=list)  #: content streams that cannot be parsed


@dataclass(frozen=True)
class Context:
    """Where a content stream is drawn: what it inherits from the place that draws it."""

    where: str
    page: int
    key: int | None  #: the ParentTree key of its MCIDs (the page's or the form's StructParents)
    element: pikepdf.Dictionary | None = None  #: the structure element its content belongs to
    artifact: bool = False  #: drawn inside an Artifact
    lang: str | None = None  #: the language it inherits


class _Marked:
    __slots__ = ("element", "lang", "mcid", "props", "tag")

    def __init__(self, tag: str, props: pikepdf.Dictionary | None, mcid: int | None,
                 element: pikepdf.Dictionary | None, lang: str | None):
        self.tag, self.props, self.mcid, self.element, self.lang = tag, props, mcid, element, lang


class ContentWalker:
    """Walks content streams and fills one :class:`ContentFacts`."""

    def __init__(self, lookup: StructureLookup, facts: ContentFacts | None = None, record_text: bool = True,
                 languages: bool = True):
        self.lookup = lookup
        self.facts = facts if facts is not None else ContentFacts()
        self.record_text = record_text
        self.languages = languages  #: find the language of texts (not needed when the catalog declares one)
        self._parsed: dict[tuple, list] = {}
        self._decoders: dict[tuple, FontDecoder] = {}
        self._active: set[tuple] = set()
        self._current_form: FormUse | None = None

    # ------------------------------------------------------------------ entry points

    def page(self, page: pikepdf.Page, index: int) -> None:
        key = page.obj.get("/StructParents")
        context = Context(f"page {index + 1}", index, int(key) if isinstance(key, int) else None)
        self.stream(page.obj, _resources(page.obj.get("/Resources")), context)

    def appearance(self, stream: pikepdf.Stream, resources: pikepdf.Dictionary, context: Context) -> None:
        """An annotation's appearance stream, drawn as a form XObject of the annotation."""
        self.form(stream, resources, context, (None, 0))

    # ------------------------------------------------------------------ the walk

    def stream(self, container, resources: pikepdf.Dictionary, context: Context,
               state: tuple = (None, 0)) -> None:
        try:
            instructions = self._instructions(container)
        except (pikepdf.PdfError, ValueError, TypeError):
            self.facts.unreadable.append(context.where)
            return
        facts = self.facts
        stack: list[_Marked] = []
        font, mode = state
        saved: list[tuple] = []
        fonts = resources.get("/Font")
        fonts = fonts if isinstance(fonts, pikepdf.Dictionary) else None
        texts = facts.texts.setdefault((context.page, context.key), {}) if self.record_text else None
        for instruction in instructions:
            op = str(instruction.operator)
            if op in ("BDC", "BMC"):
                stack.append(self._open(instruction.operands, resources, context, stack))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op == "q":
                saved.append((font, mode))
            elif op == "Q":
                if saved:
                    font, mode = saved.pop()
            elif op == "Tf":
                operands = instruction.operands
                if operands and fonts is not None:
                    found = fonts.get(str(operands[0]))
                    font = found if isinstance(found, pikepdf.Dictionary) else None
            elif op == "Tr":
                operands = instruction.operands
                if operands and isinstance(operands[0], (int, Decimal, float)):
                    mode = int(operands[0])
            elif op == "Do":
                operands = instruction.operands
                if operands:
                    self._do(str(operands[0]), resources, context, stack, (font, mode))
            elif op in PAINTING:
                self._item(op, context, stack)
                if op in TEXT_SHOWING:
                    if self.languages and not self._lang(stack, context):
                        facts.text_without_lang[context.where] += 1
                    if font is not None:
                        self._text(font, mode, instruction.operands, stack, context, texts)

    def _instructions(self, container) -> list:
        key = object_key(container)
        cached = self._parsed.get(key)
        if cached is None:
            cached = self._parsed[key] = list(pikepdf.parse_content_stream(container))
        return cached

    def _open(self, operands, resources, context: Context, stack: list[_Marked]) -> _Marked:
        tag = str(operands[0]) if operands and isinstance(operands[0], pikepdf.Name) else ""
        props = None
        if len(operands) > 1:
            props = operands[1]
            if isinstance(props, pikepdf.Name):
                named = resources.get("/Properties")
                props = named.get(str(props)) if isinstance(named, pikepdf.Dictionary) else None
            if not isinstance(props, pikepdf.Dictionary):
                props = None
        mcid = props.get("/MCID") if props is not None else None
        mcid = int(mcid) if isinstance(mcid, int) and not isinstance(mcid, bool) else None
        element = self.lookup.element_for(context.key, mcid) if mcid is not None else None
        lang_value = props.get("/Lang") if props is not None else None
        lang = str(lang_value) if isinstance(lang_value, pikepdf.String) else None
        if lang is not None:
            self.facts.langs.append((context.where, lang))
        marked = _Marked(tag, props, mcid, element, lang)
        facts = self.facts
        in_artifact = context.artifact or any(m.tag == "/Artifact" for m in stack)
        tagged = self._tagged(element if element is not None else self._element(stack, context))
        if tag == "/Artifact" and tagged:
            facts.artifact_in_tagged.append(context.where)
        if tagged and in_artifact:
            facts.tagged_in_artifact.append(context.where)
        if tag == "/Span" and props is not None and self.languages:
            for key in SPAN_ALTERNATES:
                if isinstance(props.get(key), pikepdf.String):
                    determined = lang is not None or self._lang(stack + [marked], context) is not None
                    facts.span_alternates.append((context.where, key[1:], determined))
        if mcid is not None and self._current_form is not None:
            self._current_form.has_mcids = True
        return marked

    def _element(self, stack: list[_Marked], context: Context) -> pikepdf.Dictionary | None:
        for marked in reversed(stack):
            if marked.element is not None:
                return marked.element
        return context.element

    def _tagged(self, element: pikepdf.Dictionary | None) -> bool:
        return element is not None and self.lookup.connected(element)

    def _lang(self, stack: list[_Marked], context: Context) -> str | None:
        for marked in reversed(stack):
            if marked.lang is not None:
                return marked.lang
            if marked.element is not None:
                lang = self.lookup.element_lang(marked.element)
                if lang is not None:
                    return lang
        return context.lang

    def _item(self, op: str, context: Context, stack: list[_Marked]) -> None:
        if context.artifact or any(m.tag == "/Artifact" for m in stack):
            return
        if not self._tagged(self._element(stack, context)):
            self.facts.untagged.setdefault(context.where, Counter())[op if op != "BI" else "INLINE IMAGE"] += 1

    def _text(self, font: pikepdf.Dictionary, mode: int, operands, stack: list[_Marked], context: Context,
              texts: dict[int, list[str]] | None) -> None:
        key = object_key(font)
        use = self.facts.fonts.get(key)
        if use is None:
            use = self.facts.fonts[key] = FontUse(font, context.where)
        decoder = self._decoders.get(key)
        if decoder is None:
            decoder = self._decoders[key] = FontDecoder(font)
        strings = _strings(operands)
        for data in strings:
            if data != b" ":
                use.codes.add(data)
                if mode != 3:
                    use.rendered.add(data)
        if texts is not None:
            mcid = next((m.mcid for m in reversed(stack) if m.mcid is not None), None)
            if mcid is not None:
                texts.setdefault(mcid, []).append(
                    "".join(" " if data == b" " else decoder.decode(data) for data in strings))

    def _do(self, name: str, resources, context: Context, stack: list[_Marked], state: tuple) -> None:
        xobjects = resources.get("/XObject")
        xobject = xobjects.get(name) if isinstance(xobjects, pikepdf.Dictionary) else None
        if not isinstance(xobject, pikepdf.Stream):
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self._item("Do (image)", context, stack)
            return
        if subtype != "/Form":
            return
        inner = Context(context.where, context.page, context.key, self._element(stack, context),
                        context.artifact or any(m.tag == "/Artifact" for m in stack), self._lang(stack, context))
        self.form(xobject, resources, inner, state)

    def form(self, form: pikepdf.Stream, outer_resources, context: Context, state: tuple) -> None:
        """A form XObject drawn in ``context`` (its own StructParents/StructParent take over)."""
        key = object_key(form)
        use = self.facts.forms.get(key)
        if use is None:
            use = self.facts.forms[key] = FormUse(form, context.where)
        use.uses += 1
        if key in self._active or len(self._active) >= FORM_DEPTH:
            return
        parents = form.get("/StructParents")
        parent = form.get("/StructParent")
        element = context.element
        if isinstance(parent, int):
            element = self.lookup.object_element(int(parent))
        inner = Context(context.where, context.page, int(parents) if isinstance(parents, int) else context.key,
                        element, context.artifact, context.lang)
        resources = form.get("/Resources")
        resources = resources if isinstance(resources, pikepdf.Dictionary) else _resources(outer_resources)
        self._active.add(key)
        outer_form = self._current_form
        self._current_form = use
        try:
            self.stream(form, resources, inner, state)
        finally:
            self._current_form = outer_form
            self._active.discard(key)


def _resources(value) -> pikepdf.Dictionary:
    return value if isinstance(value, pikepdf.Dictionary) else pikepdf.Dictionary()


class _NoStructure:
    """A lookup for reading text only: MCIDs are not resolved."""

    def element_for(self, key, mcid):
        return None

    def object_element(self, key):
        return None

    def connected(self, element) -> bool:
        return False

    def element_lang(self, element):
        return None


def page_texts(page: pikepdf.Page, index: int = 0) -> dict[int, list[str]]:
    """The text shown inside each MCID of one page (forms with their own StructParents aside)."""
    walker = ContentWalker(_NoStructure(), languages=False)
    walker.page(page, index)
    key = page.obj.get("/StructParents")
    return walker.facts.texts.get((index, int(key) if isinstance(key, int) else None), {})
