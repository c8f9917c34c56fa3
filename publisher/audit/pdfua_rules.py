"""The PDF/UA-1 rules as data: veraPDF's validation profile, and the checks that implement it.

``pdfua1_rules.json`` is veraPDF's PDF/UA-1 profile (© veraPDF Consortium, CC BY 4.0), converted
by ``tools/vendor_pdfua_profile.py``: 106 rules keyed by clause and test number (``7.2-t02``),
each with the object of veraPDF's model it applies to, its description, its test expression and
its error message. A check is a function over a :class:`~publisher.audit.pdf_document.PdfDocument`
that yields a :class:`Hit` for every object that fails a rule it implements; it declares those
rules with :func:`implements`. A finding's message is the profile's message, its ``%1``, ``%2``...
filled with the values the check reports, and its rule id is ``pdf.`` and the profile's id.
"""
from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from publisher.audit.pdf_document import PdfDocument

#: The modules holding the checks, imported when the checks are first needed.
CHECK_MODULES = (
    "publisher.audit.pdfua_document",
    "publisher.audit.pdfua_structure",
    "publisher.audit.pdfua_language",
    "publisher.audit.pdfua_annotations",
    "publisher.audit.pdfua_fonts",
)


@dataclass(frozen=True)
class Rule:
    id: str  #: "7.2-t02"
    clause: str
    test_number: int
    object: str  #: the object of veraPDF's model the test applies to
    tags: tuple[str, ...]
    description: str
    test: str  #: the profile's test expression
    message: str  #: the profile's error message, with %1, %2... for its arguments
    arguments: tuple[str, ...]

    def format(self, values: tuple) -> str:
        message = self.message
        for number in range(len(self.arguments), 0, -1):  # %10 before %1
            value = values[number - 1] if number <= len(values) else None
            shown = "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
            message = message.replace(f"%{number}", shown)
        return message


@dataclass(frozen=True)
class Hit:
    """One object that fails one rule: where it is, and the values the message names."""

    rule: str
    location: str
    values: tuple = ()


Check = Callable[["PdfDocument"], Iterable[Hit]]

#: rule id -> the check implementing it (one check may implement several rules)
CHECKS: dict[str, Check] = {}
#: rule id -> what the check cannot see, where it is narrower than veraPDF's
LIMITS: dict[str, str] = {}
#: rule id -> why it is not implemented (a rule that needs a person, for instance)
NOT_IMPLEMENTED: dict[str, str] = {}


def implements(*rule_ids: str, limits: dict[str, str] | None = None) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        for rule_id in rule_ids:
            if rule_id in CHECKS:
                raise ValueError(f"rule {rule_id} is implemented twice")
            CHECKS[rule_id] = check
        check.rule_ids = rule_ids  # type: ignore[attr-defined]
        LIMITS.update(limits or {})
        return check
    return register


@lru_cache(maxsize=1)
def _table() -> dict:
    data = resources.files("publisher.audit").joinpath("pdfua1_rules.json").read_text(encoding="utf-8")
    return json.loads(data)


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    """The 106 rules of the profile, in its order."""
    return {r["id"]: Rule(r["id"], r["clause"], r["test_number"], r["object"], tuple(r["tags"]),
                          r["description"], r["test"], r["message"], tuple(r["arguments"]))
            for r in _table()["rules"]}


def attribution() -> dict[str, str]:
    return dict(_table()["attribution"])


def load_checks() -> dict[str, Check]:
    for module in CHECK_MODULES:
        importlib.import_module(module)
    return CHECKS


def checks_in_order() -> list[Check]:
    """Each check once, in the order of the first rule it implements."""
    load_checks()
    out: list[Check] = []
    for rule_id in rules():
        check = CHECKS.get(rule_id)
        if check is not None and check not in out:
            out.append(check)
    return out


@dataclass(frozen=True)
class RuleStatus:
    rule: Rule
    implemented: bool
    note: str  #: the limit of an implemented rule, or why it is not implemented


def status() -> list[RuleStatus]:
    """Every rule of the profile with whether the audit implements it."""
    load_checks()
    out = []
    for rule in rules().values():
        if rule.id in CHECKS:
            out.append(RuleStatus(rule, True, LIMITS.get(rule.id, "")))
        else:
            out.append(RuleStatus(rule, False, NOT_IMPLEMENTED.get(rule.id, "not implemented")))
    return out


def rules_markdown() -> str:
    """``docs/pdf-audit-rules.md``: every rule, whether the audit implements it, and the attribution."""
    source = attribution()
    lines = [
        "# The PDF audit's rules",
        "",
        "`publisher check FILE.pdf` audits any PDF against PDF/UA-1 (ISO 14289-1), rule for rule from",
        "veraPDF's PDF/UA-1 validation profile. A finding names the rule (`pdf.7.2-t34`: clause 7.2, test 34)",
        "and gives the profile's error message. `publisher check --rules` prints this list.",
        "",
        f"The rules (ids, descriptions, tests and messages) are from the {source['title']},",
        f"© {source['author']}, {source['source']}, licensed under {source['licence']}.",
        f"Changes: {source['changes']}. The table is `publisher/audit/pdfua1_rules.json`.",
        "",
        "This file is generated from that table and the audit's checks (`rules_markdown()` in",
        "`publisher/audit/pdfua_rules.py`); `tests/test_pdfua_rules.py` fails when it is out of date.",
        "",
        "| rule | object | implemented | requirement |",
        "|---|---|---|---|",
    ]
    notes = []
    for row in status():
        state = "yes" if row.implemented else "no"
        if row.note:
            state += " (see below)"
            notes.append(f"- `pdf.{row.rule.id}`: {'limit' if row.implemented else 'not implemented'}: {row.note}.")
        description = row.rule.description.replace("|", "\\|")
        lines.append(f"| `pdf.{row.rule.id}` | {row.rule.object} | {state} | {description} |")
    done = sum(r.implemented for r in status())
    lines += ["", f"{len(status())} rules, {done} implemented."]
    if notes:
        lines += ["", "## Where a check sees less than veraPDF", ""] + notes
    return "\n".join(lines) + "\n"
