"""The repository's gunicorn.conf.py: valid settings, and workers that long downloads keep alive."""

import runpy
import types
from pathlib import Path

from gunicorn.config import Config

CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def settings_of(path) -> dict:
    namespace = runpy.run_path(str(path))
    return {
        name: value
        for name, value in namespace.items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }


def test_every_name_is_a_gunicorn_setting_with_a_valid_value():
    config = Config()
    for name, value in settings_of(CONFIG).items():
        assert name in config.settings, f"{name} is not a gunicorn setting (a typo?)"
        config.set(name, value)  # gunicorn's own validation


def test_workers_are_threaded_so_a_long_download_is_not_killed_as_hung():
    config = Config()
    for name, value in settings_of(CONFIG).items():
        config.set(name, value)
    # A sync worker cannot report to the arbiter while it serves one long request.
    assert config.worker_class_str == "gthread"
    assert config.threads > 1


def test_the_environment_sets_workers_threads_timeout_and_address(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "8")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "45")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    settings = settings_of(CONFIG)
    assert (settings["workers"], settings["threads"], settings["timeout"]) == (3, 8, 45)
    assert settings["bind"] == "0.0.0.0:9000"
