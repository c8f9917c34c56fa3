"""Prose cut into sentences and words: one rule for the importer, the loader and the briefing."""
from __future__ import annotations

import re

SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’]?\s+(?=[“\"A-Z{])")
ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Jr|Sr|No|Inc|Co|Corp|Lt|Sgt|Capt)\.$")


def split_sentences(text: str) -> list[str]:
    """Sentences, not split after initials and abbreviations ('U.S. Drug', 'Dr. Lee') nor
    inside an identifier ('Pub. L. 117-328', 'P.O. Box 12': :mod:`publisher.identifiers`)."""
    from publisher.identifiers import read

    held = [(found.start, found.end) for found in read(text).identifiers] if SENTENCE_END.search(text) else []
    sentences, start = [], 0
    for match in SENTENCE_END.finditer(text):
        candidate = text[start:match.start()].rstrip("”\"’")
        if ABBREVIATION.search(candidate) or any(a < match.start() < b for a, b in held):
            continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]
