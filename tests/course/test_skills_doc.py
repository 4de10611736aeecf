"""docs/skills.md, the instructors' map of skills to chapters, agrees with the notebooks' headings."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from _course import ASSIGNMENTS, solution_path

DOC = Path(__file__).resolve().parents[2] / "docs" / "skills.md"
HEADING = re.compile(r"^## Part ([A-Z]) \((\d+) points?", re.MULTILINE)


def _headings(assignment: str) -> dict[str, int]:
    nb = nbformat.read(solution_path(assignment), as_version=4)
    return {part: int(points) for c in nb.cells if c.cell_type == "markdown"
            for part, points in HEADING.findall(c.source)}


def _rows() -> list[tuple[str, str, int, str]]:
    """(chapter, part, points, graded) for each row of the doc's parts table.

    A part graded partly by hand spans two rows; the chapter is named on its first row only.
    """
    rows, chapter = [], None
    for line in DOC.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not re.fullmatch(r"[A-Z]", cells[1]):
            continue
        chapter = cells[0].split()[0] if cells[0] else chapter
        rows.append((chapter, cells[1], int(cells[3]), cells[4]))
    return rows


def _table() -> dict[str, dict[str, int]]:
    """{chapter: {part: points}}, the rows of one part added up."""
    out: dict[str, dict[str, int]] = {}
    for chapter, part, points, _ in _rows():
        parts = out.setdefault(chapter, {})
        parts[part] = parts.get(part, 0) + points
    return out


def test_every_chapter_part_and_point_is_in_the_doc():
    table = _table()
    assert sorted(table) == sorted(ASSIGNMENTS), "docs/skills.md lists other chapters than solutions/"
    for assignment in ASSIGNMENTS:
        headings = _headings(assignment)
        assert table[assignment] == headings, (
            f"{assignment}: docs/skills.md says {table[assignment]}, the headings say {headings}")


def test_the_totals_line_adds_up():
    text = DOC.read_text()
    total, auto, by_hand = map(int, re.search(
        r"give (\d+) points, (\d+) autograded and (\d+) by hand", text).groups())
    hand = sum(points for _, _, points, graded in _rows() if graded == "by hand")
    assert total == sum(sum(_headings(a).values()) for a in ASSIGNMENTS)
    assert by_hand == hand and auto == total - hand
