import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# The suite (and the nbval kernels it starts) must see the built-in library only: an
# educator's IOPKIT_VIGNETTES folder would change the notebooks' stored outputs.
os.environ.pop("IOPKIT_VIGNETTES", None)
