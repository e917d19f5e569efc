"""PySide's look at each module imported after Qt gives the same answers, cheaply."""

import importlib
import sys

import netdesk.ui  # noqa: F401  (makes the check cheap before any Qt module)

MODULES = (
    "netdesk.ui.app",  # uses PySide
    "netdesk.ui.list_cells",
    "netdesk.domain.scoring",  # does not
    "netdesk.storage.models",
    "json",
    "_sqlite3",  # a compiled module: no source to read
    "sys",  # a built-in one
)


def test_the_cheap_check_answers_as_pysides_own():
    feature = sys.modules["shibokensupport.feature"]
    cheap = feature._mod_uses_pyside
    assert cheap.reads_bytes
    own = cheap.pyside_own
    answers = {}
    for name in MODULES:
        module = importlib.import_module(name)
        answers[name] = cheap(module)
        assert answers[name] == own(module), name
    assert answers["netdesk.ui.app"] and answers["netdesk.ui.list_cells"]
    assert not answers["netdesk.domain.scoring"] and not answers["_sqlite3"]
