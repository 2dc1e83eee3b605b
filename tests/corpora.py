"""Test material nobody here wrote: public schemas and WordPress's theme unit test export,
not shipped with Tinte. CI has them in ../shared/corpora beside the checkout; elsewhere,
TINTE_CORPORA_DIR names the folder (README, "Tests", says where to get them).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings


def corpora_dir() -> Path:
    return Path(
        os.environ.get("TINTE_CORPORA_DIR") or Path(settings.BASE_DIR).parent / "shared" / "corpora"
    )


def corpus(relative: str) -> Path:
    """The path of a corpus file, or a skip saying it is not there and how to get it."""
    path = corpora_dir() / relative
    if not path.exists():
        message = (
            f"{path} is absent: the test corpora are not beside this checkout; set "
            "TINTE_CORPORA_DIR to where they are (README, 'Tests', says where to get them)"
        )
        if os.environ.get("TINTE_REQUIRE_CORPORA") == "1":
            pytest.fail(message)  # CI must run the schema checks, not skip them
        pytest.skip(message)
    return path
