"""Where the files the service reads at run time are: its migrations, the real facts and the
built explorer and IDE.

An installed wheel carries them inside the package, under `ecosystem/_data/`, laid out as in
the source checkout (setup.py copies them there at build time, after building the web pages).
Run from a checkout (`pip install -e .`, as `make install` does) there is no `_data/`, and the
checkout's own files are read: an edit to a migration or to `seeds/facts.json` counts at once.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: Where this module would sit in a source checkout (`src/ecosystem/resources.py`). Installed
#: from a wheel, this is some folder of the virtualenv instead: see `checkout()`.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: What a wheel ships, in the checkout's layout (the one name setup.py shares with this module).
SHIPPED = files("ecosystem") / "_data"


class NeedsCheckout(RuntimeError):
    """A developer tool (`ecosystem schema` writing into the checkout's schema/) was used where
    no source checkout is: an installed wheel has none. (The local Neo4j's launcher says so
    itself, in localdb.py, when its neo4j/ project is missing.)"""


def _root() -> Path:
    # Installed packages are plain folders (pip unpacks wheels), so the traversable is a Path.
    return SHIPPED if isinstance(SHIPPED, Path) and SHIPPED.is_dir() else PROJECT_ROOT


ROOT = _root()
MIGRATIONS = ROOT / "schema" / "migrations"
FACTS = ROOT / "seeds" / "facts.json"
SOURCES = ROOT / "seeds" / "sources"  # the documents the facts quote, `<key of sources>.txt`
WEB_DIST = ROOT / "web" / "dist"


def is_checkout() -> bool:
    """Whether this package runs from a source checkout (its own pyproject.toml is there)."""
    return ROOT == PROJECT_ROOT and (PROJECT_ROOT / "pyproject.toml").is_file()


def checkout(purpose: str) -> Path:
    """The source checkout, for a developer tool; `purpose` says which, should there be none."""
    if not is_checkout():
        installed = Path(__file__).parent
        raise NeedsCheckout(
            f"{purpose} needs the source checkout (this ecosystem is installed from a wheel, "
            f"at {installed})"
        )
    return PROJECT_ROOT
