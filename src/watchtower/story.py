"""Kael's station log: each chapter opens with its entry, read from ``story/<id>.md``.

The markdown files in the repository's ``story/`` folder are the only copy of
the text; notebooks show them with :func:`show_log`, so a fix to the story
reaches every notebook without a release.

Where the story lives, first match wins:

1. the folder named by the environment variable ``WATCHTOWER_STORY_DIR``;
2. ``story/`` at the repository root, next to ``src/`` (an editable install);
3. a ``story/`` folder in the current directory or one of its parents (a
   notebook run from ``notebooks/<id>/`` or an nbgrader course directory).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CHAPTERS", "story_dir", "log_path", "read_log", "show_log"]

#: Assignment ids, in course order; each has ``story/<id>.md``.
CHAPTERS: tuple[str, ...] = (
    "00-watchtower",
    "01-kl-divergence",
    "02-ks-test",
    "03-false-alarms",
    "04-evidently",
    "05-continuous-monitoring",
    "06-ground-truth-delay",
    "07-concept-drift",
    "08-feedback-and-retraining",
    "09-drift-service",
    "10-mastery-check",
)

ENV_VAR = "WATCHTOWER_STORY_DIR"


def _candidates() -> list[Path]:
    found: list[Path] = []
    override = os.environ.get(ENV_VAR)
    if override:
        return [Path(override).expanduser()]
    found.append(Path(__file__).resolve().parent.parent.parent / "story")
    cwd = Path.cwd().resolve()
    found.extend(folder / "story" for folder in (cwd, *cwd.parents))
    return found


def story_dir() -> Path:
    """The folder holding the story's markdown files.

    Raises
    ------
    FileNotFoundError
        When no candidate folder exists (the message lists where it looked).
    """
    candidates = _candidates()
    for folder in candidates:
        if folder.is_dir():
            return folder
    looked = ", ".join(str(c) for c in candidates[:3])
    hint = f"set {ENV_VAR} to the story folder" if not os.environ.get(ENV_VAR) else f"{ENV_VAR} points nowhere"
    raise FileNotFoundError(f"no story folder found (looked in {looked}...); {hint}")


def log_path(chapter_id: str) -> Path:
    """Path of the log entry ``story/<chapter_id>.md`` (which must exist)."""
    if not isinstance(chapter_id, str) or not chapter_id or "/" in chapter_id or "\\" in chapter_id:
        raise ValueError(f"chapter id must be a name such as '00-watchtower', got {chapter_id!r}")
    folder = story_dir()
    path = folder / f"{chapter_id}.md"
    if not path.is_file():
        hint = "" if chapter_id in CHAPTERS else f"; known chapters: {', '.join(CHAPTERS)}"
        raise FileNotFoundError(
            f"no log entry for chapter {chapter_id!r}: {path} does not exist{hint}"
        )
    return path


def read_log(chapter_id: str) -> str:
    """The markdown text of a chapter's log entry, exactly as stored.

    Examples
    --------
    >>> text = read_log("00-watchtower")
    >>> "2043.08.30" in text and "Kael" in text
    True
    """
    return log_path(chapter_id).read_text(encoding="utf-8")


def show_log(chapter_id: str):
    """A chapter's log entry as rendered markdown, for the last line of a notebook cell.

    Returns
    -------
    IPython.display.Markdown
        Its ``data`` is the text of ``story/<chapter_id>.md``, unchanged;
        Jupyter renders it when it is the cell's value.

    Examples
    --------
    >>> show_log("00-watchtower").data == read_log("00-watchtower")
    True
    """
    from IPython.display import Markdown

    return Markdown(read_log(chapter_id))
