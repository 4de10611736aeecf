"""nbgrader configuration of The Watchtower.

Read by every ``nbgrader`` command started in this directory, and by
``python -m watchtower.release`` / ``python -m watchtower.grade`` (which pass a
different ``--CourseDirectory.root`` on the command line when they work in a
temporary or external course directory; command-line values win over this file).

Layout: ``solutions/<id>/`` is nbgrader's *source* step, ``notebooks/<id>/`` its
*release* step, ``submitted/<student>/<id>/`` the submissions. The gradebook is
``<root>/gradebook.db`` (git-ignored); ``generate_assignment`` creates it when it
does not exist, so no pre-made database is needed.
"""

import os

c = get_config()  # noqa: F821  (injected by traitlets)

HERE = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "watchtower"
c.CourseDirectory.root = HERE
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
# db_url is left at its default, sqlite:///<root>/gradebook.db, so that it
# follows --CourseDirectory.root when the tools grade another course directory.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    ".pytest_cache",
    "reports",  # HTML reports a notebook writes next to itself (04-evidently): never released
]

# What the student sees in place of a solution.
c.ClearSolutions.code_stub = {
    "python": (
        "# YOUR CODE HERE\n"
        'raise NotImplementedError("Write your answer here, then run the test cell below.")'
    ),
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding: every cell gets at most 60 s (a runaway cell is interrupted and
# scores zero; `python -m watchtower.grade` adds a wall-clock and memory limit
# per submission on top). Errors in one cell do not stop the notebook.
c.Execute.timeout = 60
c.ExecutePreprocessor.timeout = 60
c.Execute.interrupt_on_timeout = True
# A student who deletes a test cell gets it back (and graded), instead of
# silently losing (or dodging) it.
c.OverwriteCells.add_missing_cells = True
# Keep feedback and autograded notebooks small.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 60
