"""Blocks kept together at page breaks, without ReportLab's ``keepWithNext``.

ReportLab's ``keepWithNext`` moves a heading *and the whole flowable after it* to the next
page when they do not fit together, leaving half-empty pages; :class:`KeepWithStart` keeps
headings with just the start of what follows (its first lines, a table's first rows),
:class:`KeepWithEnd` a block with the end of what precedes it (an attribution with the last
lines of its quote), and :class:`Stack` moves a short group (masthead lines, a short list)
as one.
"""
from __future__ import annotations

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak

from publisher.render.pdf.reportlab_internals import BelowTheTop, frame_at_top, frame_of, split_in


class Stack(Flowable):
    """Flowables set one under the other as one block, with the frame's collapsed spacing."""

    def __init__(self, flowables: list[Flowable]):
        super().__init__()
        self.flowables = flowables

    def _gaps(self) -> list[float]:
        pairs = zip(self.flowables, self.flowables[1:], strict=False)
        return [0.0] + [max(a.getSpaceAfter(), b.getSpaceBefore()) for a, b in pairs]

    def wrap(self, available_width, available_height):
        self.width = available_width
        self._heights = [f.wrap(available_width, available_height)[1] for f in self.flowables]
        self.height = sum(self._heights) + sum(self._gaps())
        return self.width, self.height

    def getSpaceBefore(self):
        return self.flowables[0].getSpaceBefore()

    def getSpaceAfter(self):
        return self.flowables[-1].getSpaceAfter()

    def draw(self):
        y = self.height
        for flowable, height, gap in zip(self.flowables, self._heights, self._gaps(), strict=True):
            y -= gap + height
            flowable.drawOn(self.canv, 0, y)

    def split(self, available_width, available_height):
        """Together on the next page; loose only when they do not fit on an empty one."""
        return self._move_on(available_width, available_height)

    def _move_on(self, available_width: float, available_height: float) -> list[Flowable]:
        """Still kept together, on the next page; loose here when this one is already empty (the
        first of them split to fit when it is taller than the page: what ReportLab places first
        after a split must fit)."""
        at_top = frame_at_top(self)
        if at_top is not None and not at_top:
            return [FrameBreak(), type(self)(self.flowables)]
        first, *rest = self.flowables
        if first.wrap(available_width, available_height)[1] <= available_height:
            return [first, *rest]
        return [*(split_in(first, available_width, available_height, frame_of(self)) or [first]), *rest]


_BELOW_HEADINGS = BelowTheTop()  #: the frame as seen by what follows headings: never at the top of the page


class KeepWithStart(Stack):
    """Headings that stay with the start of what follows them: at least its first lines
    (two, by the orphan rule) on the same page, or everything moves to the next page. On an
    empty page that still has no room for them together, the headings before the last (of
    sections left empty) go first, then a group kept together (a :class:`Stack`) gives way,
    rather than leave the last heading alone."""

    def split(self, available_width, available_height):
        *heads, body = self.flowables
        self.wrap(available_width, available_height)
        room = available_height - sum(self._heights[:-1]) - sum(self._gaps())
        if self._heights[-1] <= room:
            return list(self.flowables)
        parts = split_in(body, available_width, room, _BELOW_HEADINGS) if room > 0 else []
        if len(parts) >= 2 and not isinstance(parts[0], ActionFlowable):
            return [*heads, *parts]
        if frame_at_top(self):  # an empty page, and still no room: a run of headings or a group gives way
            if len(heads) > 1:
                return [*heads[:-1], KeepWithStart([heads[-1], body])]
            if isinstance(body, Stack) and len(body.flowables) > 1:
                first, *rest = body.flowables
                kept = KeepWithStart([*heads, first])
                if kept.wrap(available_width, available_height)[1] <= available_height:
                    return [kept, *rest]
                return [*(split_in(kept, available_width, available_height, frame_of(self)) or [kept]), *rest]
        return self._move_on(available_width, available_height)


class KeepWithEnd(Stack):
    """A block that stays with the end of what precedes it (an attribution after its quote)."""

    def split(self, available_width, available_height):
        body, tail = self.flowables
        self.wrap(available_width, available_height)
        if self.height <= available_height:
            return [body, tail]
        parts = split_in(body, available_width, min(available_height, self._heights[0] - 1), frame_of(self))
        if len(parts) == 2 and not isinstance(parts[0], ActionFlowable):
            return [parts[0], KeepWithEnd([parts[1], tail])]
        return self._move_on(available_width, available_height)
