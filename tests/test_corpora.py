"""The tests that read public files Tinte does not ship find them where a newcomer puts them."""

import pytest

from tests.corpora import corpus

SCHEMA = "sitemap-xsd/sitemap.xsd"


def test_tinte_corpora_dir_names_the_folder_of_the_corpora(tmp_path, monkeypatch):
    (tmp_path / "sitemap-xsd").mkdir()
    (tmp_path / SCHEMA).write_text("<xs:schema/>")
    monkeypatch.setenv("TINTE_CORPORA_DIR", str(tmp_path))

    assert corpus(SCHEMA) == tmp_path / SCHEMA


def test_a_missing_corpus_skips_saying_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("TINTE_CORPORA_DIR", str(tmp_path))
    monkeypatch.delenv("TINTE_REQUIRE_CORPORA", raising=False)

    with pytest.raises(pytest.skip.Exception, match="TINTE_CORPORA_DIR.*README"):
        corpus(SCHEMA)


def test_in_ci_a_missing_corpus_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("TINTE_CORPORA_DIR", str(tmp_path))
    monkeypatch.setenv("TINTE_REQUIRE_CORPORA", "1")

    with pytest.raises(pytest.fail.Exception, match="absent"):
        corpus(SCHEMA)
