"""Test material nobody here wrote, in ../shared/corpora (absent in a clone elsewhere)."""

import os
from pathlib import Path

import pytest
from django.conf import settings

CORPORA = Path(settings.BASE_DIR).parent / "shared" / "corpora"


def corpus(relative: str) -> Path:
    """The path of a corpus file, or a skip saying it is not there."""
    path = CORPORA / relative
    if not path.exists():
        message = f"{path} is absent: the shared corpora are not beside this checkout"
        if os.environ.get("TINTE_REQUIRE_CORPORA") == "1":
            pytest.fail(message)  # CI must run the schema checks, not skip them
        pytest.skip(message)
    return path
