"""The settings module: environment variables, and SQLite set up for a reader and a writer."""

import sqlite3
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper

from config.settings import env_bool, env_int, env_list


def test_environment_values_are_parsed(monkeypatch):
    monkeypatch.setenv("FLAG", "off")
    monkeypatch.setenv("NUMBER", "12")
    monkeypatch.setenv("HOSTS", "blog.example.org, www.blog.example.org")

    assert env_bool("FLAG", True) is False
    assert env_int("NUMBER", 3) == 12
    assert env_list("HOSTS", []) == ["blog.example.org", "www.blog.example.org"]
    assert env_bool("UNSET_FLAG", True) is True


@pytest.mark.parametrize(("function", "value"), [(env_bool, "vielleicht"), (env_int, "zwölf")])
def test_bad_environment_values_say_what_is_wrong(monkeypatch, function, value):
    monkeypatch.setenv("SETTING", value)

    with pytest.raises(ImproperlyConfigured, match="SETTING"):
        function("SETTING", 1)


def test_defaults_are_german_and_berlin():
    assert settings.LANGUAGE_CODE == "de"
    assert settings.TIME_ZONE == "Europe/Berlin"


@pytest.mark.skipif(
    connections["default"].vendor != "sqlite", reason="SQLite's locking only matters on SQLite"
)
def test_sqlite_lets_a_reader_read_while_a_writer_writes(tmp_path, django_db_blocker):
    # A database file of its own, not the test database, with Tinte's connection options.
    with django_db_blocker.unblock():
        read_while_writing(tmp_path / "blog.sqlite3")


def read_while_writing(path):
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"

    def open_connection(alias):
        wrapper = DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(path)}, alias)
        wrapper.ensure_connection()
        return wrapper

    writer, reader = open_connection("writer"), open_connection("reader")
    with writer.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        cursor.execute("CREATE TABLE notes (text TEXT)")
        cursor.execute("INSERT INTO notes VALUES ('erste')")

    errors: list[Exception] = []
    writing = threading.Event()
    done = threading.Event()

    def write():
        with writer.cursor() as cursor:
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("INSERT INTO notes VALUES ('zweite')")
            writing.set()
            done.wait(5)
            cursor.execute("COMMIT")

    writer.inc_thread_sharing()
    thread = threading.Thread(target=write)
    thread.start()
    writing.wait(5)
    try:
        with reader.cursor() as cursor:
            # The reader sees the last committed state and is not told "database is locked".
            assert cursor.execute("SELECT count(*) FROM notes").fetchone()[0] == 1
    except sqlite3.OperationalError as error:
        errors.append(error)
    finally:
        done.set()
        thread.join()
    assert errors == []
    writer.close()
    reader.close()
