import os
import subprocess
import sys

PRODUCTION = {
    "SECRET_KEY": "k" * 20 + "-production-secret-" + "z" * 30,
    "DEBUG": "0",
    "ALLOWED_HOSTS": "opora.example.ru",
    "DJANGO_SETTINGS_MODULE": "opora.settings",
}


SET_BY_TEST_SETTINGS = {
    "SECRET_KEY",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "OPORA_MANIFEST_STATIC",
    "ALLOWED_HOSTS",
    "OPORA_DATA_DIR",
    "DATABASE_URL",
}


def run_opora(*args: str, **env: str) -> subprocess.CompletedProcess:
    # tests/settings.py relaxes some of these in os.environ; the subprocess must not inherit that.
    clean = {k: v for k, v in os.environ.items() if k not in SET_BY_TEST_SETTINGS}
    return subprocess.run(
        [sys.executable, "-m", "opora", *args], env=clean | env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = run_opora("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, OPORA_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_in_production_is_refused_in_russian(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_opora("check", **env, OPORA_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY не задан" in result.stderr


def test_malformed_values_stop_start_up_with_the_variable_named(tmp_path):
    for variable, value, message in [
        ("DEBUG", "может быть", "DEBUG='может быть': ожидается 1/0"),
        ("TIME_ZONE", "Europe/Nowhere", "TIME_ZONE='Europe/Nowhere': неизвестный часовой пояс"),
        ("DATABASE_URL", "mysql://x@y/z", "поддерживается только PostgreSQL"),
        ("OPORA_MAX_UPLOAD_MB", "много", "OPORA_MAX_UPLOAD_MB='много': ожидается целое число"),
    ]:
        result = run_opora("check", **(PRODUCTION | {variable: value}), OPORA_DATA_DIR=str(tmp_path))
        assert result.returncode != 0
        assert message in result.stderr
