"""Course machinery for The Watchtower: story, shortcut guard, release and grading.

This package is for the course (notebooks, instructors, CI). The statistics that
students keep using after the course live in :mod:`driftscope`.
"""
