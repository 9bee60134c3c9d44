"""Test settings: production settings with a throwaway key, plain HTTP and fast hashing."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-key-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("OPORA_MANIFEST_STATIC", "0")
os.environ.setdefault("OPORA_DATA_DIR", tempfile.mkdtemp(prefix="opora-test-data-"))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from opora.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = True

# Tasks run at once, inside the request, unless a test chooses the database backend and a worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
