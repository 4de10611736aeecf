"""driftscope: fast, exact drift statistics and drift reports.

The reference package of The Watchtower course. See the README for a tour.
"""

__version__ = "0.1.0"

__all__: list[str] = []
