import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# The suite (and the nbval kernels it starts) must see the built-in library only: an
# educator's IOPKIT_VIGNETTES folder would change the notebooks' stored outputs.
os.environ.pop("IOPKIT_VIGNETTES", None)
# Answers recorded by the apps under test go to a throw-away folder, never the tester's own
# data folder; no hand-in folder unless a test sets one.
os.environ["IOPKIT_DATA_DIR"] = tempfile.mkdtemp(prefix="iopkit-test-data-")
os.environ.pop("IOPKIT_EXCHANGE", None)
os.environ.pop("IOPKIT_ROOM", None)


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test writes a trainee's files (exports) into a fresh folder of its own."""
    folder = tmp_path_factory.mktemp("iopkit-data")
    monkeypatch.setenv("IOPKIT_DATA_DIR", str(folder))
    monkeypatch.setenv("IOPKIT_TRAINEE", "test-trainee")
    return folder
