"""The service as a user installs it: `python -m build` makes the sdist and, from it, the wheel
(as `make dist` does); the wheel goes into a clean virtualenv outside the checkout, and its
`ecosystem` command runs there against the test Neo4j.

One install serves the module. It is slow by nature: the dependencies come from the package
index while the wheel builds (about a minute on a quiet machine, the web build aside, which
runs here only when web/dist is older than its sources).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ecosystem.cli import generated_files
from ecosystem.domain import ECOSYSTEM
from ecosystem.graph.database import Database
from ecosystem.settings import PROJECT_ROOT, Settings
from tests.support.processes import free_port, wait_for

MIGRATIONS = sorted(p.name for p in PROJECT_ROOT.joinpath("schema", "migrations").iterdir())
DATA = "ecosystem/_data/"  # where the wheel keeps what the service reads (resources.py)
NEVER_SHIPPED = ("tests/", ".venv/", "node_modules/", "__pycache__/", ".neo4j/")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    sdist: Path
    venv: Path
    work: Path  # the commands' working directory: outside the checkout, like a user's


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    assert not root.resolve().is_relative_to(PROJECT_ROOT)
    venv, dist, work = root / "venv", root / "dist", root / "work"
    work.mkdir()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    # The dependencies are the slow half: they download while the wheel builds.
    with (root / "dependencies.log").open("w") as log:
        dependencies = subprocess.Popen(
            [*pip, *_dependencies()], stdout=log, stderr=subprocess.STDOUT
        )
    try:
        built = subprocess.run(
            [sys.executable, "-m", "build", "--outdir", str(dist), str(PROJECT_ROOT)],
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
        assert dependencies.wait(timeout=900) == 0, (root / "dependencies.log").read_text()
    finally:
        dependencies.kill()  # a no-op once it has ended
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    [wheel], [sdist] = list(dist.glob("*.whl")), list(dist.glob("*.tar.gz"))
    done = subprocess.run(
        [*pip, str(wheel)], capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return Installed(wheel, sdist, venv, work)


def _dependencies() -> list[str]:
    pyproject = tomllib.loads(PROJECT_ROOT.joinpath("pyproject.toml").read_text("utf-8"))
    return list(pyproject["project"]["dependencies"])


def _env(installed: Installed, settings: Settings | None, **extra: str) -> dict[str, str]:
    """Nothing of the checkout or the test run's settings: PATH, HOME, and the database."""
    env = {"PATH": f"{installed.venv / 'bin'}:{os.environ['PATH']}", "HOME": str(installed.work)}
    if settings is not None:
        env |= {
            "NEO4J_URI": settings.bolt_uri,
            "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        }
    return env | extra


def run(
    installed: Installed, settings: Settings | None, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(installed.venv / "bin" / "ecosystem"), *args],
        cwd=installed.work,
        env=_env(installed, settings, **env),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def said(done: subprocess.CompletedProcess[str]) -> str:
    """What a command printed to people, unwrapped (rich wraps at 80 columns off a terminal)."""
    return " ".join(done.stderr.split())


def test_the_wheel_ships_the_data_and_only_the_package(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert {f"{DATA}schema/migrations/{name}" for name in MIGRATIONS} <= names
    assert f"{DATA}seeds/facts.json" in names
    assert {f"{DATA}web/dist/{page}/index.html" for page in ("explorer", "graphiql")} <= names
    assert [n for n in names if re.fullmatch(rf"{DATA}web/dist/assets/explorer-.*\.js", n)]
    assert all(n.startswith(("ecosystem/", "ecosystem-")) for n in names), names
    assert not [n for n in names if any(part in n for part in NEVER_SHIPPED)]


def test_the_sdist_holds_what_the_wheel_is_built_from(installed: Installed) -> None:
    with tarfile.open(installed.sdist) as sdist:
        names = {name.partition("/")[2] for name in sdist.getnames()}
    web_sources = {str(p.relative_to(PROJECT_ROOT)) for p in PROJECT_ROOT.glob("web/src/**/*")}
    needed = {
        *_makefile_web_sources(),  # what `make web` rebuilds the pages from
        *web_sources,
        "pyproject.toml",
        "setup.py",
        "README.md",
        "CHANGELOG.md",
        "web/package-lock.json",
        "seeds/facts.json",
        "schema/schema.graphql",
        "web/dist/explorer/index.html",  # built: a wheel from the sdist needs no npm
        *(f"schema/migrations/{name}" for name in MIGRATIONS),
    }
    assert needed <= names, sorted(needed - names)
    assert not [n for n in names if any(n.startswith(part) for part in NEVER_SHIPPED)]


def _makefile_web_sources() -> list[str]:
    makefile = PROJECT_ROOT.joinpath("Makefile").read_text(encoding="utf-8")
    listed = re.search(r"^WEB_SOURCES := (.*?)\$\(shell", makefile, re.M | re.S)
    assert listed is not None
    return [name for name in listed[1].split() if name != "\\"]


def test_a_build_that_needs_npm_without_it_says_so(tmp_path: Path) -> None:
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(PROJECT_ROOT / name, tmp_path)
    for folder in ("src/ecosystem", "web/src"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "src" / "ecosystem" / "__init__.py").write_text("")
    (tmp_path / "web" / "package.json").write_text("{}")  # sources, and no web/dist
    (tmp_path / "web" / "src" / "main.ts").write_text("")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path / "dist"), "."],
        cwd=tmp_path,
        env={"PATH": str(tmp_path / "nothing"), "HOME": str(tmp_path)},  # no npm on it
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode != 0
    assert "npm is needed to build the explorer and the IDE" in done.stdout + done.stderr


def test_developer_tools_say_they_need_a_checkout(installed: Installed, tmp_path: Path) -> None:
    port = str(free_port())  # nothing listens there: the launcher is what is missing
    started = run(installed, None, "neo4j", "start", ECOSYSTEM_LOCAL_NEO4J_PORT=port)
    assert started.returncode == 1
    assert "developer tool of the source checkout" in said(started)
    assert "NEO4J_URI" in said(started)
    schema = run(installed, None, "schema")
    assert schema.returncode == 1
    assert "needs the source checkout" in said(schema)
    # Given a folder, it writes what the domain derives, as the checkout's code does.
    assert run(installed, None, "schema", "--out", str(tmp_path)).returncode == 0
    for path, text in generated_files(tmp_path).items():
        assert path.read_text(encoding="utf-8") == text


async def test_the_installed_service_runs_outside_the_checkout(
    installed: Installed, graph: Database, settings: Settings
) -> None:
    where = subprocess.run(
        [
            str(installed.venv / "bin" / "python"),
            "-c",
            "import ecosystem.resources as r; print(r.ROOT)",
        ],
        cwd=installed.work,
        env=_env(installed, None),
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.venv)  # the wheel's own data

    # The newest migration is forgotten: the wheel's files apply exactly it again (and every
    # other one matches its recorded checksum, or it would be applied too).
    newest = MIGRATIONS[-1]
    await graph.write("MATCH (m:SchemaMigration {version: $v}) DELETE m", {"v": int(newest[:4])})
    migrated = run(installed, settings, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert f"applied {newest.rpartition('.')[0]} 1 migration(s) applied." in said(migrated)

    seeded = run(installed, settings, "seed")
    assert seeded.returncode == 0, seeded.stderr
    facts = json.loads(PROJECT_ROOT.joinpath("seeds", "facts.json").read_text("utf-8"))
    names = [o["name"] for o in facts["nodes"]["Organisation"]]
    found = await graph.read(
        "MATCH (o:Organisation) WHERE o.name IN $names RETURN count(DISTINCT o.name) AS n",
        {"names": names},
    )
    assert found == [{"n": len(names)}]  # the real facts, from the wheel's facts.json

    exported = run(
        installed, settings, "export", "--format", "json", "--out", "organisations.json",
        "--where", '{"labels": ["Organisation"]}',
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    records = json.loads((installed.work / "organisations.json").read_text("utf-8"))
    imported = run(installed, settings, "import", "organisations.json")
    assert imported.returncode == 0, imported.stderr
    assert f"imported {len(records['nodes']):,} nodes" in said(imported)

    created = run(installed, settings, "keys", "create", "--name", "wheel-admin", "--role", "admin")
    assert created.returncode == 0, created.stderr
    [counted] = await graph.read(
        "MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) RETURN count(n) AS n",
        {"labels": [node.label for node in ECOSYSTEM.nodes]},
    )
    with serving(installed, settings) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            await _check_the_api(http, created.stdout.strip(), counted["n"])


async def _check_the_api(http: httpx.AsyncClient, key: str, nodes: int) -> None:
    assert (await http.get("/ready")).status_code == 200
    stats = await http.post(
        "/graphql",
        json={"query": "{ ecosystemStats { nodeCount } }"},
        headers={"authorization": f"Bearer {key}"},
    )
    assert stats.status_code == 200
    assert stats.json() == {"data": {"ecosystemStats": {"nodeCount": nodes}}}

    explorer = await http.get("/explorer")
    assert explorer.status_code == 200
    assert explorer.headers["content-type"].startswith("text/html")
    asset = re.search(r'"(/ui/assets/[^"]+\.js)"', explorer.text)
    assert asset is not None
    script = await http.get(asset[1])
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]

    ide = await http.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200
    assert "/ui/assets/graphiql-" in ide.text


@contextmanager
def serving(installed: Installed, settings: Settings) -> Iterator[str]:
    port = free_port()
    with (installed.work / "serve.log").open("ab") as log:
        server = subprocess.Popen(
            [str(installed.venv / "bin" / "ecosystem"), "serve", "--port", str(port)],
            cwd=installed.work,
            env=_env(installed, settings, ECOSYSTEM_LOG_LEVEL="warning"),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/health", timeout_s=60)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
