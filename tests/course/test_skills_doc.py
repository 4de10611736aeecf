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


def _table() -> dict[str, dict[str, int]]:
    """{chapter: {part: points}} from the doc's parts table (a part may span two rows)."""
    out: dict[str, dict[str, int]] = {}
    chapter = None
    for line in DOC.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not re.fullmatch(r"[A-Z]", cells[1]):
            continue
        if cells[0]:
            chapter = cells[0].split()[0]
        parts = out.setdefault(chapter, {})
        parts[cells[1]] = parts.get(cells[1], 0) + int(cells[3])
    return out


def test_every_chapter_part_and_point_is_in_the_doc():
    table = _table()
    assert sorted(table) == sorted(ASSIGNMENTS), "docs/skills.md lists other chapters than solutions/"
    for assignment in ASSIGNMENTS:
        assert table[assignment] == _headings(assignment), (
            f"{assignment}: docs/skills.md says {table[assignment]}, the headings say {_headings(assignment)}")


def test_the_totals_line_adds_up():
    text = DOC.read_text()
    total, auto, by_hand = map(int, re.search(
        r"give (\d+) points, (\d+) autograded and (\d+) by hand", text).groups())
    rows = [line.strip().strip("|").split("|") for line in text.splitlines() if line.count("|") == 6]
    hand = sum(int(r[3]) for r in rows if r[4].strip() == "by hand")
    assert total == sum(sum(_headings(a).values()) for a in ASSIGNMENTS)
    assert by_hand == hand and auto == total - hand
