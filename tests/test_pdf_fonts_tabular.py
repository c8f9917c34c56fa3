"""Tabular figures: the theme font's ``tnum`` substitutions read from its GSUB table, and a face
registered with its digits set to them, so numbers set one under the other line up."""
from __future__ import annotations

import struct

from fontTools.ttLib import TTFont
from reportlab.pdfbase.pdfmetrics import stringWidth

from publisher.render.pdf import fonts as pdf_fonts
from publisher.render.pdf.reportlab_internals import font_file, font_table


def test_the_tnum_substitutions_are_those_fonttools_reads(theme):
    fonts = pdf_fonts.register_fonts(theme)
    ours = pdf_fonts.single_substitutions(font_table(fonts.bold, "GSUB"), "tnum")
    font = TTFont(font_file(fonts.bold))
    gsub = font["GSUB"].table
    theirs = {}
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "tnum":
            for index in record.Feature.LookupListIndex:
                for table in gsub.LookupList.Lookup[index].SubTable:
                    theirs.update(table.mapping)
    assert theirs and ours == {font.getGlyphID(a): font.getGlyphID(b) for a, b in theirs.items()}


def test_a_feature_the_font_lacks_substitutes_nothing(theme):
    fonts = pdf_fonts.register_fonts(theme)
    assert pdf_fonts.single_substitutions(font_table(fonts.bold, "GSUB"), "zzzz") == {}


def test_the_tabular_face_has_digits_of_one_width_and_the_same_name_twice(theme):
    fonts = pdf_fonts.register_fonts(theme)
    tabular = pdf_fonts.register_tabular(fonts.bold)
    assert tabular == f"{fonts.bold}-Tabular" and pdf_fonts.register_tabular(fonts.bold) == tabular
    assert len({stringWidth(d, tabular, 12) for d in pdf_fonts.DIGITS}) == 1
    assert len({stringWidth(d, fonts.bold, 12) for d in pdf_fonts.DIGITS}) > 1
    assert stringWidth("Fentanyl, 44", tabular, 12) != stringWidth("Fentanyl, 44", fonts.bold, 12)


def test_a_damaged_table_gives_no_tabular_face(theme, monkeypatch):
    fonts = pdf_fonts.register_fonts(theme)

    def damaged(gsub: bytes, feature: str):
        raise struct.error("unpack requires a buffer")
    monkeypatch.setattr(pdf_fonts, "single_substitutions", damaged)
    assert pdf_fonts.register_tabular(fonts.semibold) is None
