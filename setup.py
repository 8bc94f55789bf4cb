"""The build steps pyproject.toml cannot declare: what a wheel ships besides the code.

A wheel carries the files the service reads at run time (the migrations, the real facts and
their documents, the built explorer and IDE), copied from the checkout into
`ecosystem/_data/` in the checkout's own layout, where src/ecosystem/resources.py finds them;
the web pages are built first with npm when they are missing or older than their sources.
An editable install (`pip install -e .`) copies nothing: it reads the checkout itself. An sdist
carries the built pages too (MANIFEST.in), so a wheel built from it needs no Node.js.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist
from setuptools.errors import ExecError, FileError

ROOT = Path(__file__).resolve().parent
WEB = ROOT / "web"
PAGES = (WEB / "dist" / "explorer" / "index.html", WEB / "dist" / "graphiql" / "index.html")
#: Copied into the wheel, as they lie in the checkout (resources.py reads the same paths).
SHIPPED = ("schema/migrations", "seeds/facts.json", "seeds/sources", "web/dist")
DATA = Path("ecosystem", "_data")
# What the web build reads: the Makefile's WEB_SOURCES (the IDE's examples are the queries of
# docs/questions.md), and the lock file npm installs from. MANIFEST.in puts them in the sdist.
WEB_INPUTS = ("web/package.json", "web/package-lock.json", "web/vite.config.ts")
WEB_INPUTS += ("web/tsconfig.json", "docs/questions.md")


def web_is_current() -> bool:
    """Whether web/dist holds both pages, built after every input last changed."""
    if not all(page.is_file() for page in PAGES):
        return False
    built = min(page.stat().st_mtime for page in PAGES)
    inputs = [ROOT / name for name in WEB_INPUTS] + list((WEB / "src").rglob("*"))
    return all(p.stat().st_mtime <= built for p in inputs if p.is_file())


def build_web() -> None:
    """`npm ci` (when node_modules is older than the lock file) and `npm run build`, as make."""
    if web_is_current():
        return
    if not (WEB / "package.json").is_file():
        raise FileError("web/dist is not built and web/package.json, its source, is missing")
    npm = shutil.which("npm")
    if npm is None:
        raise ExecError(
            "npm is needed to build the explorer and the IDE (web/dist is missing or older "
            "than its sources): install Node.js 20+ with npm, or build from an sdist, which "
            "carries the built pages"
        )
    installed = WEB / "node_modules" / ".installed"
    lock = WEB / "package-lock.json"
    if not installed.exists() or lock.stat().st_mtime > installed.stat().st_mtime:
        _npm(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
        installed.touch()
    _npm(npm, "run", "build", "--silent")
    (WEB / "dist" / ".built").touch()  # make's stamp: `make web` need not build again


def _npm(npm: str, *args: str) -> None:
    done = subprocess.run([npm, *args], cwd=WEB, check=False)
    if done.returncode != 0:
        raise ExecError(f"`npm {' '.join(args)}` in web/ failed (exit {done.returncode})")


class BuildPy(build_py):
    """The package, plus the data it ships under ecosystem/_data/."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # resources.py reads the checkout's own files
        build_web()
        target = Path(self.build_lib) / DATA
        shutil.rmtree(target, ignore_errors=True)  # no stale assets from an earlier build
        for name in SHIPPED:
            source, copy = ROOT / name, target / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".*"))
            else:
                shutil.copy2(source, copy)


class Sdist(sdist):
    """The source, with web/dist built fresh: a wheel built from the sdist needs no npm."""

    def run(self) -> None:
        build_web()
        super().run()


setup(cmdclass={"build_py": BuildPy, "sdist": Sdist})
