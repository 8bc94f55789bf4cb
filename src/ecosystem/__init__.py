"""ecosystem: a GraphQL API over the domestic-services industry–education graph."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ecosystem")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
