"""The story: one log entry per chapter, dates that follow the world's timeline."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from watchtower.world import LOG_DATES, TIMELINE, event
from watchtower import story
from watchtower.story import CHAPTERS, read_log, show_log

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "story"
MISSION_DATE = re.compile(r"\*\*Mission date:\*\*\s*(\d{4})\.(\d{2})\.(\d{2})")


def mission_date(chapter_id: str) -> dt.date:
    found = MISSION_DATE.findall(read_log(chapter_id))
    assert len(found) == 1, f"{chapter_id}: expected one 'Mission date' line, found {len(found)}"
    return dt.date(*map(int, found[0]))


def timeline_rows() -> dict[str, tuple[dt.date, dt.date]]:
    """Rows of the event table of story/timeline.md: key -> (first day, last day)."""
    rows = {}
    row = re.compile(r"^\|\s*([a-z_]+)\s*\|\s*(\d{4}-\d{2}-\d{2})\s*\|\s*(\d{4}-\d{2}-\d{2})\s*\|")
    for line in (STORY / "timeline.md").read_text(encoding="utf-8").splitlines():
        m = row.match(line)
        if m:
            rows[m.group(1)] = (dt.date.fromisoformat(m.group(2)), dt.date.fromisoformat(m.group(3)))
    return rows


def test_every_chapter_has_a_log_entry():
    files = {p.stem for p in STORY.glob("*.md")} - {"timeline"}
    assert files == set(CHAPTERS), f"story files {sorted(files)} should be the chapters {CHAPTERS}"


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_log_entry_shape(chapter_id):
    text = read_log(chapter_id)
    assert "Lead Engineer Kael" in text, chapter_id
    assert "Vector Prime" in text, chapter_id
    mission_date(chapter_id)
    paragraphs = re.split(r"\n>\s*\n", text.strip())
    assert paragraphs[-1].startswith('> *"Computer!'), (
        f"{chapter_id} should end with a command to the Computer, ends with {paragraphs[-1][:40]!r}"
    )


def test_timeline_md_matches_TIMELINE():
    rows = timeline_rows()
    want = {ev.key: (ev.start, ev.end) for ev in TIMELINE}
    assert rows == want, f"story/timeline.md events {rows} should equal TIMELINE {want}"


def test_log_dates_follow_the_timeline():
    dates = [mission_date(c) for c in CHAPTERS]
    assert dates == sorted(dates), f"mission dates should not go backwards: {dates}"
    assert dates[0] == event("complaints").start, "chapter 00 opens on the day of the complaints"
    d = dict(zip(CHAPTERS, dates))
    assert d["07-concept-drift"] > event("concept").start + dt.timedelta(days=3), (
        "concept drift can only be seen once the delayed labels of 10 Sep have arrived"
    )
    assert all(event("training").end < x for x in dates)
    # timeline.md lists the same dates.
    listed = dict(
        re.findall(r"^\|\s*(\d\d-[a-z-]+)\s*\|\s*(\d{4}\.\d\d\.\d\d)\s*\|", (STORY / "timeline.md").read_text(), re.M)
    )
    assert listed == {c: x.strftime("%Y.%m.%d") for c, x in d.items()}
    # ...and so does the station clock of the data helpers.
    assert LOG_DATES == d, f"watchtower.world.LOG_DATES {LOG_DATES} differ from the log entries {d}"


def test_read_and_show_return_the_file_exactly():
    for chapter_id in CHAPTERS:
        raw = (STORY / f"{chapter_id}.md").read_text(encoding="utf-8")
        assert read_log(chapter_id) == raw
        shown = show_log(chapter_id)
        assert shown.data == raw
        assert shown._repr_markdown_() == raw


def test_env_override(tmp_path, monkeypatch):
    (tmp_path / "00-watchtower.md").write_text("> **Mission date:** 2043.08.30\n", encoding="utf-8")
    monkeypatch.setenv(story.ENV_VAR, str(tmp_path))
    assert read_log("00-watchtower") == "> **Mission date:** 2043.08.30\n"
    with pytest.raises(FileNotFoundError, match="01-kl-divergence"):
        read_log("01-kl-divergence")
    monkeypatch.setenv(story.ENV_VAR, str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match="WATCHTOWER_STORY_DIR"):
        read_log("00-watchtower")


def test_found_from_a_notebook_folder(tmp_path, monkeypatch):
    # Without the package-relative folder, a story/ folder above the cwd is used.
    monkeypatch.delenv(story.ENV_VAR, raising=False)
    monkeypatch.setattr(story, "__file__", str(tmp_path / "site-packages" / "watchtower" / "story.py"))
    monkeypatch.chdir(ROOT / "notebooks")
    assert story.story_dir() == STORY
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match="no story folder"):
        story.story_dir()


def test_missing_chapter_names_it():
    with pytest.raises(FileNotFoundError, match="99-nope.*known chapters"):
        read_log("99-nope")
    with pytest.raises(ValueError, match="chapter id"):
        read_log("../README")
