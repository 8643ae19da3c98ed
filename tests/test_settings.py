import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789-abcdefghijkl",
    "ALLOWED_HOSTS": "verbatim.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://verbatim.example.org",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("value", ["yes", "maybe"])
def test_a_boolean_setting_it_cannot_read_is_an_error_not_a_guess(value):
    result = manage("check", DEBUG=value)
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SHOW_WORK_MEM = (
    "from django.db import connection; c = connection.cursor(); "
    "c.execute('SHOW work_mem'); w = c.fetchone()[0]; "
    "c.execute('SHOW statement_timeout'); print(w, c.fetchone()[0])"
)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL's work_mem: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/verbatim",
)
@pytest.mark.parametrize(
    "url, setting, expected",
    [
        (POSTGRES_URL, None, "16MB 0"),
        (POSTGRES_URL, "32MB", "32MB 0"),
        # Options the address already carries are kept beside it.
        (POSTGRES_URL + "?options=-c%20statement_timeout%3D5000", "8MB", "8MB 5s"),
    ],
)
def test_postgres_connections_take_their_work_mem_from_the_environment(url, setting, expected):
    env = {"DATABASE_URL": url}
    if setting:
        env["DATABASE_WORK_MEM"] = setting
    result = manage("shell", "-c", SHOW_WORK_MEM, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_make_run_names_the_address_it_serves_at():
    """`make run PORT=8101` serves at 8101, and its canonical links and feeds must say 8101."""
    import subprocess
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    commands = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout
    serve = [line for line in commands.splitlines() if "runserver" in line]
    assert serve == [
        "SITE_URL=http://127.0.0.1:8101 .venv/bin/python manage.py runserver 127.0.0.1:8101"
    ]
