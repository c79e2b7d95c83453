from tests.ereport.conftest import cycle_2020  # noqa: F401  (a cycle with published data)
