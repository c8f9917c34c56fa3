"""One test per ReportLab internal the PDF layer relies on (publisher/render/pdf/reportlab_internals.py):
a ReportLab upgrade that changes one of them fails the test named after it."""
import io

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph, Spacer, Table

from publisher.render.pdf import reportlab_internals as internals


class RecordingText(internals.TextObjectHooks):
    def __init__(self, *args, **kwargs):
        self.shown, self.events, self.lines = [], [], []
        super().__init__(*args, **kwargs)

    def showing(self, text):
        self.shown.append(text)

    def line_text(self, text, new_line):
        self.lines.append((text, new_line))
        return text.upper()

    def font_name(self, name):
        self.requested = [*getattr(self, "requested", []), name]
        return "Courier" if name == "Times-Roman" else name

    def link_event(self, event):
        self.events.append(event)


class RecordingCanvas(Canvas):
    def beginText(self, x=0, y=0, direction=None):
        return RecordingText(self, x, y, direction=direction)


def canvas() -> Canvas:
    return RecordingCanvas(io.BytesIO(), initialFontName="Courier")


def test_text_object_format_text_calls_showing_for_each_fragment():
    text = canvas().beginText()
    text.textOut("abc")
    assert text.shown == ["abc"]


def test_text_object_text_out_shows_line_text():
    style = ParagraphStyle("p", fontName="Courier", fontSize=10, leading=12)
    paragraph = Paragraph("one two three four", style)
    paragraph.wrap(60, 100)
    (text,) = _texts(canvas(), paragraph)
    assert [line for line, _ in text.lines] == ["one two", "three four"] and all(new for _, new in text.lines)
    assert "(ONE TWO)" in text.getCode()


def test_text_object_set_font_uses_font_name():
    style = ParagraphStyle("p", fontName="Courier", fontSize=10, leading=12)
    paragraph = Paragraph('plain <font name="Times-Roman">changed</font>', style)
    paragraph.wrap(400, 100)
    (text,) = _texts(canvas(), paragraph)
    assert "Times-Roman" in text.requested and "Times" not in text.getCode()


def test_text_object_code_is_the_list_of_operators_written():
    text = canvas().beginText()
    text.textOut("x")
    assert isinstance(text.code, list) and any("(x) Tj" in op for op in text.code)
    assert text.canvas is not None


def test_paragraph_reports_link_start_and_end_through_link_record():
    page = canvas()
    style = ParagraphStyle("p", fontName="Courier", fontSize=10, leading=12)
    paragraph = Paragraph('before <a href="https://example.gov">the link</a> after', style)
    paragraph.wrap(400, 100)
    paragraph.drawOn(page, 0, 0)
    assert page.beginText().events == []  # a fresh object has seen nothing
    recorded = [event for text in _texts(page, paragraph) for event in text.events]
    assert recorded == ["start", "end"]


def _texts(page, paragraph):
    """Draw again with a canvas that keeps its text objects."""
    made = []

    class Keeping(RecordingCanvas):
        def beginText(self, x=0, y=0, direction=None):
            made.append(super().beginText(x, y, direction))
            return made[-1]

    paragraph.drawOn(Keeping(io.BytesIO(), initialFontName="Courier"), 0, 0)
    return made


def test_canvas_code_is_the_current_pages_operators():
    page = canvas()
    page.rect(0, 0, 10, 10)
    assert isinstance(internals.canvas_code(page), list) and any(" re" in op for op in internals.canvas_code(page))


def test_canvas_page_number_counts_from_one():
    page = canvas()
    assert internals.page_number(page) == 1
    page.showPage()
    assert internals.page_number(page) == 2


def test_canvas_initial_font_is_the_initial_font_name():
    assert internals.initial_font(canvas()) == "Courier"


def test_canvas_annotation_count_grows_with_each_link():
    page = canvas()
    assert internals.annotation_count(page) == 0
    page.linkURL("https://example.gov", (0, 0, 10, 10))
    assert internals.annotation_count(page) == 1


def test_hold_page_and_resume_page_add_a_page_later_as_it_was_drawn():
    import pikepdf

    out = io.BytesIO()
    page = Canvas(out, initialFontName="Courier")
    held = []
    for word in ("one", "two"):
        page.drawString(72, 700, word)
        page.linkURL(f"https://example.gov/{word}", (72, 700, 100, 710))
        held.append(internals.hold_page(page))
        assert internals.page_number(page) == len(held) + 1 and internals.canvas_code(page) == []
    for number, state in enumerate(held, 1):
        internals.resume_page(page, state)
        assert internals.page_number(page) == number
        page.drawString(72, 36, f"{number} of {len(held)}")
        page.showPage()
    page.save()
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:
        assert len(pdf.pages) == 2
        for number, (word, shown) in enumerate(zip(("one", "two"), pdf.pages, strict=True), 1):
            stream = shown.Contents.read_bytes()
            assert stream.index(f"({word})".encode()) < stream.index(f"({number} of 2)".encode())
            assert [str(a.A.URI) for a in shown.Annots] == [f"https://example.gov/{word}"]


def test_canvas_current_matrix_follows_translate():
    page = canvas()
    page.translate(5, 7)
    assert internals.current_matrix(page) == (1, 0, 0, 1, 5, 7)


def test_table_row_count_counts_the_rows_of_each_split_part():
    table = Table([[f"r{i}"] for i in range(40)], repeatRows=1)
    table.wrap(200, 2000)
    first, second = table.split(200, 300)
    assert internals.table_row_count(table) == 40
    assert internals.table_row_count(first) + internals.table_row_count(second) == 41  # header repeated


def test_table_render_callback_reports_start_and_end_of_each_cell():
    events = []
    table = Table([["a", "b"]], renderCB=lambda table, event, *args: events.append((event, *args[:2])))
    table.wrap(200, 100)
    table.drawOn(canvas(), 0, 0)
    assert [e for e in events if e[0] in ("startCell", "endCell")] == [
        ("startCell", 0, 0), ("endCell",), ("startCell", 0, 1), ("endCell",)]


def test_frame_at_top_and_frame_of_are_what_a_frame_sets_while_splitting():
    seen = []

    class Looking(Spacer):
        def split(self, width, height):
            seen.append((internals.frame_of(self) is not None, internals.frame_at_top(self)))
            return []

    page = canvas()
    frame = Frame(0, 0, 200, 100)
    frame.split(Looking(1, 500), page)
    assert frame.add(Spacer(1, 10), page) == 1  # no longer at the top
    frame.split(Looking(1, 500), page)
    assert seen == [(True, True), (True, False)]
    assert internals.frame_at_top(Spacer(1, 1)) is None


def test_split_in_gives_the_flowable_the_frame_it_splits_in():
    seen = []

    class Looking(Spacer):
        def split(self, width, height):
            seen.append(internals.frame_at_top(self))
            return []

    flowable = Looking(1, 1)
    internals.split_in(flowable, 100, 100, internals.BelowTheTop())
    assert seen == [False] and internals.frame_of(flowable) is None


def test_font_file_and_descent_of_a_registered_font(theme):
    from publisher.render.pdf.fonts import register_fonts

    fonts = register_fonts(theme)
    assert internals.font_file(fonts.regular).endswith(".ttf")
    assert internals.font_descent(fonts.regular) == pytest.approx(internals.font_descent(fonts.regular))
    assert internals.font_descent(fonts.regular) < 0


def test_font_table_and_font_glyphs_read_a_registered_fonts_file(theme):
    from publisher.render.pdf.fonts import register_fonts

    fonts = register_fonts(theme)
    assert internals.font_table(fonts.bold, "GSUB")[:4] == b"\x00\x01\x00\x00"  # GSUB version 1.0
    assert internals.font_table(fonts.bold, "ZZZZ") is None
    glyphs = internals.font_glyphs(fonts.bold)
    assert glyphs[ord("0")] > 0 and glyphs[ord("0")] != glyphs[ord("1")]


def test_register_with_glyphs_renames_the_face_and_changes_glyphs_and_widths_together(theme):
    from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

    from publisher.render.pdf.fonts import register_fonts

    fonts = register_fonts(theme)
    one, zero = ord("1"), internals.font_glyphs(fonts.regular)[ord("0")]
    internals.register_with_glyphs(fonts.regular, f"{fonts.regular}-Probe", {one: zero})
    probe = getFont(f"{fonts.regular}-Probe")
    assert bytes(probe.face.name).endswith(b"-Probe")  # its own face: ReportLab registers one font per face name
    assert probe.face.charToGlyph[one] == zero
    assert stringWidth("1", probe.fontName, 10) == stringWidth("0", fonts.regular, 10)
    assert stringWidth("1", fonts.regular, 10) != stringWidth("0", fonts.regular, 10)  # the original is untouched


def test_font_cap_height_is_the_os2_cap_height(theme):
    from fontTools.ttLib import TTFont

    from publisher.render.pdf.fonts import register_fonts

    fonts = register_fonts(theme)
    font = TTFont(internals.font_file(fonts.regular))
    assert internals.font_cap_height(fonts.regular) == pytest.approx(font["OS/2"].sCapHeight * 1000 / font["head"].unitsPerEm)


def test_paragraph_lines_are_the_text_of_each_line_of_one_font_or_several():
    style = ParagraphStyle("p", fontName="Courier", fontSize=10, leading=12)
    plain = Paragraph("one two three four", style)
    plain.wrap(60, 100)
    assert internals.paragraph_lines(plain) == ["one two", "three four"]
    mixed = Paragraph('<font name="Courier-Bold">one</font> two three four', style)
    mixed.wrap(60, 100)
    assert [line.strip() for line in internals.paragraph_lines(mixed)] == ["one two", "three four"]
