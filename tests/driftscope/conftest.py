"""Hypothesis settings for every property test of driftscope, in one place.

Profile ``"driftscope"``: 100 examples per property (a test asks for fewer or
more with ``@settings(max_examples=...)`` only when one example is much
cheaper or dearer than usual), no deadline and no too-slow health check (the
machine is shared), no example database (nothing written into the
repository). Under ``CI=true`` the examples are derandomised, so a CI run is reproducible; on a developer's
machine they vary from run to run and explore more. ``HYPOTHESIS_PROFILE``
picks another registered profile.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "driftscope",
    max_examples=100,
    deadline=None,
    database=None,
    derandomize=os.environ.get("CI", "").lower() == "true",
    print_blob=True,
    # The hostile suite's examples are large and the machine is shared.
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "driftscope"))
