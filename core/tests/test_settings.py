"""The settings module, run as people will run it: through the `sendsight` command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SENDSIGHT = Path(sys.executable).parent / "sendsight"
STRONG_KEY = "k" * 20 + "7Hq2-vN9_pL4xR8sT1wY6zB3mC5dF0gJ" + "Q" * 20


def run(*args, **env):
    full_env = {key: value for key, value in os.environ.items() if key not in {"SENDSIGHT_MODE", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    full_env.update({"SENDSIGHT_VAR_DIR": env.pop("var_dir"), **env})
    return subprocess.run([str(SENDSIGHT), *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_a_secret_key_and_says_why(tmp_path):
    result = run("check", var_dir=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_deployment_check_passes_in_production_settings(tmp_path):
    result = run("check", "--deploy", "--fail-level", "WARNING", var_dir=str(tmp_path), SECRET_KEY=STRONG_KEY,
                 HTTPS="on", ALLOWED_HOSTS="sendsight.example.org")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_secret_can_be_read_from_a_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text(STRONG_KEY + "\n")
    result = run("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SECRET_KEY)",
                 var_dir=str(tmp_path), SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="x")
    assert result.stdout.strip() == STRONG_KEY


def test_a_missing_secret_file_is_named_in_the_error(tmp_path):
    result = run("check", var_dir=str(tmp_path), SECRET_KEY_FILE=str(tmp_path / "missing"))
    assert result.returncode != 0 and "SECRET_KEY_FILE" in result.stderr


def test_demo_mode_runs_without_a_secret_key_on_sqlite_in_var(tmp_path):
    result = run("shell", "--no-imports", "-c",
                 "from django.conf import settings; db = settings.DATABASES['default']; "
                 "print(db['ENGINE'], db['NAME'], db['OPTIONS']['transaction_mode'])",
                 var_dir=str(tmp_path), SENDSIGHT_MODE="demo")
    assert result.returncode == 0, result.stderr
    engine, name, mode = result.stdout.split()
    assert engine.endswith("sqlite3") and name == str(tmp_path / "sendsight.sqlite3") and mode == "IMMEDIATE"


def test_an_email_url_configures_smtp(tmp_path):
    result = run("shell", "--no-imports", "-c",
                 "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS)",
                 var_dir=str(tmp_path), SENDSIGHT_MODE="demo", EMAIL_URL="smtp://mailer:p%40ss@smtp.example.org:587?tls=1")
    assert result.stdout.split() == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.org", "587", "mailer", "True"]


def test_the_sendsight_command_lists_its_management_commands(tmp_path):
    result = run("help", var_dir=str(tmp_path), SENDSIGHT_MODE="demo")
    assert result.returncode == 0
    assert "load_reference_data" in result.stdout and "load_demo" in result.stdout


@pytest.mark.django_db
def test_sqlite_uses_wal_so_readers_never_block_the_writer(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
