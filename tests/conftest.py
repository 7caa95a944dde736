import os
import tempfile

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=30, deadline=None)
# CI: the same examples every run (a red CI is reproducible); "dev" explores afresh.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# The tests keep the per-user cache in a folder of their own (set before any test module
# is imported), never the user's; it is removed when the run ends.
_CACHE = tempfile.TemporaryDirectory(prefix="estimator-tests-cache-")
os.environ["ESTIMATOR_CACHE"] = _CACHE.name
