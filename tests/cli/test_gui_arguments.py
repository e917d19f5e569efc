import sys

import netdesk.ui.app
from netdesk import cli


def test_opening_the_window_loads_no_subcommand(monkeypatch):
    opened = []
    monkeypatch.setattr(netdesk.ui.app, "run_gui", lambda args: opened.append(args) or 0)
    monkeypatch.delitem(sys.modules, "netdesk.cli.seed", raising=False)
    assert cli.main(["--db", "some.sqlite3", "--demo"]) == 0
    assert opened[0].db == "some.sqlite3" and opened[0].demo and opened[0].command is None
    assert "netdesk.cli.seed" not in sys.modules


def test_a_mistyped_command_still_names_the_choices(capsys):
    try:
        cli.main(["sedd"])
    except SystemExit as exit:
        assert exit.code == 2
    assert "invalid choice: 'sedd'" in capsys.readouterr().err
