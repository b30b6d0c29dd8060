import pytest


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Each test writes its compilations under a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
