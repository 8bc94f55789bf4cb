"""The cookbook (docs/cookbook/*.md): every example runs, in each of its three forms, against
a real `ecosystem serve` over the seed graph, with a key of the page's role, and what it prints
must have the shape written under it.

An example is a heading's `bash`, `python` and `typescript` blocks, closed by a marker such as

    <!-- shape
    data.viewer.role: "partner"
    data.viewer.changes.nodes[].changedAt: str
    -->

one `path: expectation` a line. A path is keys joined by dots; `key[]` is every item of a
non-empty list, `key[0]` one item. An expectation is a JSON value the answer must equal, or
types joined by `|` (str, int, number, bool, list, object, null). An answer may hold `errors`
only when the marker names a path under `errors`.

The examples run in page order on one graph: writes create their own records (or set a value
again), so each form and each later example finds what it expects. The operations they send are
docs/cookbook/operations.graphql, verbatim; the typed client generated from that file
(clients/python) is run last, against the same server.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse
from markdown_it import MarkdownIt

from ecosystem.graph import keys
from ecosystem.graph.database import Database
from ecosystem.settings import PROJECT_ROOT
from tests.support.processes import ECOSYSTEM, free_port, wait_for

COOKBOOK = PROJECT_ROOT / "docs" / "cookbook"
OPERATIONS = COOKBOOK / "operations.graphql"
ROLES = {"partner-portal": "partner", "secretariat": "secretariat", "researcher": "researcher"}
FORMS = ("bash", "python", "typescript")
PARTNER = "Jinan Xinghe Health Vocational College (sample)"  # a sample college with outcomes
WEB_BIN = PROJECT_ROOT / "web" / "node_modules" / ".bin"
TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "number": (int, float),
    "bool": (bool,),
    "list": (list,),
    "object": (dict,),
    "null": (type(None),),
}
STEP = re.compile(r"^(?P<key>[^\[\]]+)(?:\[(?P<index>\d*)\])?$")
NAMED = re.compile(r"\b(?:query|mutation)\s+([A-Za-z_]\w*)")


@dataclass(frozen=True)
class Example:
    page: str
    title: str
    blocks: dict[str, str]  # form → the program
    shape: tuple[tuple[str, str], ...]  # (path, expectation)


def read_examples(page: str) -> list[Example]:
    """The page's examples, in order; a block without its two siblings or a marker is a
    mistake in the page, reported as it is collected."""
    tokens = MarkdownIt("commonmark").parse((COOKBOOK / f"{page}.md").read_text())
    found: list[Example] = []
    title, blocks = "", dict[str, str]()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            title = tokens[index + 1].content
        elif token.type == "fence" and token.info.strip() in FORMS:
            form = token.info.strip()
            if form in blocks:
                raise ValueError(f"{page}.md, {title!r}: two {form} blocks in one example")
            blocks[form] = token.content
        elif token.type == "html_block" and token.content.startswith("<!-- shape"):
            if set(blocks) != set(FORMS):
                raise ValueError(f"{page}.md, {title!r}: forms {sorted(blocks)}, not {FORMS}")
            found.append(Example(page, title, blocks, parse_shape(token.content)))
            blocks = {}
    if blocks:
        raise ValueError(f"{page}.md: blocks after the last shape marker ({title!r})")
    return found


def parse_shape(comment: str) -> tuple[tuple[str, str], ...]:
    lines = comment.strip().removeprefix("<!-- shape").removesuffix("-->").strip().splitlines()
    pairs = tuple(
        (path.strip(), expected.strip())
        for path, expected in (line.split(": ", 1) for line in lines)
    )
    if not pairs:
        raise ValueError(f"an empty shape marker: {comment!r}")
    return pairs


EXAMPLES = [example for page in ROLES for example in read_examples(page)]


def values_at(answer: Any, path: str) -> list[Any]:
    """Every value the path reaches; an assertion names the step that is missing."""
    values = [answer]
    for step in path.split("."):
        match = STEP.match(step)
        assert match, f"bad path step {step!r} in {path}"
        key, index = match["key"], match["index"]
        reached = []
        for value in values:
            assert isinstance(value, dict), f"{path}: {value!r} is no object"
            assert key in value, f"{path}: no {key!r} in {value!r}"
            reached.append(value[key])
        if index is None:
            values = reached
        elif index == "":
            assert all(isinstance(v, list) and v for v in reached), f"{path}: empty list"
            values = [item for items in reached for item in items]
        else:
            values = [items[int(index)] for items in reached]
    return values


def fits(value: Any, types: list[str]) -> bool:
    if isinstance(value, bool):  # a bool is an int to Python, never to JSON
        return "bool" in types
    return isinstance(value, tuple(kind for name in types for kind in TYPES[name]))


def check_shape(answer: Any, shape: tuple[tuple[str, str], ...]) -> None:
    if not any(path.startswith("errors") for path, _ in shape):
        assert "errors" not in answer, answer["errors"]
    for path, expected in shape:
        for value in values_at(answer, path):
            if expected.split("|")[0] in TYPES:
                assert fits(value, expected.split("|")), f"{path}: {value!r} is no {expected}"
            else:
                assert value == json.loads(expected), f"{path}: {value!r} ≠ {expected}"


def run(form: str, program: str, folder: Path, env: dict[str, str]) -> str:
    """Run one block as a reader would and return what it printed."""
    if form == "bash":
        argv = ["bash", "-euo", "pipefail", "-c", program]
    elif form == "python":
        (folder / "example.py").write_text(program)
        argv = [sys.executable, "example.py"]
    else:
        (folder / "example.ts").write_text(program)
        built = subprocess.run(
            [WEB_BIN / "esbuild", "example.ts", "--outfile=example.mjs", "--format=esm",
             "--platform=node", "--target=node20", "--log-level=warning"],
            cwd=folder, capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
        assert built.returncode == 0, built.stderr
        argv = ["node", "example.mjs"]
    done = subprocess.run(
        argv, cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stderr}\n{done.stdout}"
    return done.stdout


@pytest.fixture(scope="module")
async def role_keys(seeded: Database) -> dict[str, str]:
    """A key per role, the partner's bound to a sample college (the seed's ids are stable)."""
    await seeded.await_search_index()  # the examples find organisations by a search first
    rows = await seeded.read(
        "MATCH (o:Organisation {name: $name}) RETURN o.id AS id", {"name": PARTNER}
    )
    return {
        role: await keys.create(
            seeded, f"cookbook-{role}", role, rows[0]["id"] if role == "partner" else None
        )
        for role in ROLES.values()
    }


@pytest.fixture(scope="module")
def server(role_keys: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`ecosystem serve` as deployed: no anonymous reads, every request with a key."""
    port, log = free_port(), tmp_path_factory.mktemp("serve") / "serve.log"
    env = {**os.environ, "ECOSYSTEM_PUBLIC_READ": "false", "ECOSYSTEM_LOG_LEVEL": "warning"}
    with log.open("w") as sink:
        process = subprocess.Popen(
            [ECOSYSTEM, "serve", "--port", str(port)], env=env, stdout=sink, stderr=sink
        )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(f"{base}/ready").status_code == 200, log.read_text()
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.parametrize(
    ("example", "form"),
    [(example, form) for example in EXAMPLES for form in FORMS],
    ids=[f"{e.page}:{e.title}:{form}" for e in EXAMPLES for form in FORMS],
)
def test_example_prints_its_shape(
    example: Example, form: str, server: str, role_keys: dict[str, str], tmp_path: Path
) -> None:
    env = {**os.environ, "ECOSYSTEM_URL": server, "ECOSYSTEM_KEY": role_keys[ROLES[example.page]]}
    printed = run(form, example.blocks[form], tmp_path, env)
    try:
        answer = json.loads(printed)
    except json.JSONDecodeError as error:
        raise AssertionError(f"not one JSON document ({error}):\n{printed[:2000]}") from None
    check_shape(answer, example.shape)


def test_typescript_examples_typecheck(tmp_path: Path) -> None:
    """Under `strict`, as a portal's own code would compile them (Node's types from web/)."""
    for number, example in enumerate(EXAMPLES):
        (tmp_path / f"example{number}.ts").write_text(example.blocks["typescript"])
    config = {
        "compilerOptions": {
            "target": "ES2022",
            "module": "ESNext",
            "moduleResolution": "Bundler",
            "moduleDetection": "force",  # each file a module: top-level await, own names
            "lib": ["ES2022"],
            "strict": True,
            "noEmit": True,
            "skipLibCheck": True,
            "types": ["node"],
            "typeRoots": [str(PROJECT_ROOT / "web" / "node_modules" / "@types")],
        },
        "include": ["*.ts"],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    checked = subprocess.run(
        [WEB_BIN / "tsc", "-p", "tsconfig.json"],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr


def operations() -> dict[str, str]:
    """Each operation of operations.graphql by name, as written there."""
    text = OPERATIONS.read_text()
    return {
        definition.name.value: text[definition.loc.start : definition.loc.end]
        for definition in parse(text).definitions
        if isinstance(definition, OperationDefinitionNode) and definition.name and definition.loc
    }


def test_examples_carry_the_operations_file_verbatim() -> None:
    """One source for each document: the pages show exactly what the typed client is
    generated from, and the three forms of an example send the same operations."""
    known, used = operations(), set[str]()
    for example in EXAMPLES:
        named = {form: set(NAMED.findall(program)) for form, program in example.blocks.items()}
        assert len({frozenset(names) for names in named.values()}) == 1, (example.title, named)
        for form, names in named.items():
            for name in names:
                assert name in known, f"{example.title} ({form}): {name} not in operations.graphql"
                assert known[name] in example.blocks[form], (
                    f"{example.title} ({form}): {name} differs from operations.graphql"
                )
        used |= named["python"]
    assert used == set(known)


def test_every_page_has_examples_of_its_role() -> None:
    assert {e.page for e in EXAMPLES} == set(ROLES)
    assert len(EXAMPLES) >= 12


# --- the typed client, generated from the same operations -----------------------------------

CLIENT = PROJECT_ROOT / "clients" / "python"
CODEGEN = PROJECT_ROOT / ".venv" / "codegen"  # as `make client` makes it


@pytest.fixture(scope="module")
def ecosystem_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The typed client, generated by clients/python's own configuration into a temporary
    folder (nothing generated is kept in git) and imported."""
    generator = CODEGEN / "bin" / "ariadne-codegen"
    if not generator.exists():  # its own virtualenv: it pins an older ruff and graphql-core
        subprocess.run([sys.executable, "-m", "venv", CODEGEN], check=True, timeout=120)
        install = [str(CODEGEN / "bin" / "pip"), "install", "-q", "-r", str(CLIENT / "codegen.txt")]
        subprocess.run(install, check=True, timeout=600)
    target = tmp_path_factory.mktemp("client")
    config = (CLIENT / "pyproject.toml").read_text()
    assert config.count('target_package_path = "."') == 1
    (target / "pyproject.toml").write_text(
        config.replace('target_package_path = "."', f'target_package_path = "{target}"')
    )
    generated = subprocess.run(
        [generator, "--config", target / "pyproject.toml", "client"],
        cwd=CLIENT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stdout + generated.stderr
    sys.path.insert(0, str(target))
    try:
        yield importlib.import_module("ecosystem_client")
    finally:
        sys.path.remove(str(target))
        for name in [name for name in sys.modules if name.startswith("ecosystem_client")]:
            del sys.modules[name]


def typed(client: ModuleType, server: str, key: str) -> Any:
    return client.EcosystemClient(f"{server}/graphql", headers={"Authorization": f"Bearer {key}"})


def test_the_typed_client_reads_a_partners_changes(
    ecosystem_client: ModuleType, server: str, role_keys: dict[str, str]
) -> None:
    with typed(ecosystem_client, server, role_keys["partner"]) as client:
        answer = client.portal_changes(changed_since=None)
    assert isinstance(answer, ecosystem_client.PortalChanges)
    assert answer.viewer.role == "partner"
    assert answer.viewer.organisation.name == PARTNER
    first = answer.viewer.changes.nodes[0]
    assert isinstance(first.changed_at, datetime)  # the DateTime scalar, parsed
    assert first.node.typename__ == "Organisation"  # the organisation is written first


def test_the_typed_client_sends_dates_and_reads_enums(
    ecosystem_client: ModuleType, server: str, role_keys: dict[str, str]
) -> None:
    with typed(ecosystem_client, server, role_keys["secretariat"]) as client:
        answer = client.expiring_agreements(as_of=date(2025, 10, 31), days=180)
    edges = answer.agreements_by_status.edges
    assert answer.agreements_by_status.total_count == len(edges) > 0
    assert {edge.status for edge in edges} == {ecosystem_client.AgreementStatus.IN_FORCE}
    for edge in edges:
        assert edge.ends_on == date(2025, 10, 31) + timedelta(days=edge.days_left)
        assert edge.days_left <= 180


def test_the_typed_client_raises_coded_errors(
    ecosystem_client: ModuleType, server: str, role_keys: dict[str, str]
) -> None:
    with typed(ecosystem_client, server, role_keys["secretariat"]) as client:
        found = client.find_organisation(text="国家开放大学").search[0].node
        with pytest.raises(ecosystem_client.GraphQLClientGraphQLMultiError) as refused:
            client.update_website(
                id=found.id, website="https://example.com", expected_version=found.version - 1
            )
        unchanged = client.find_organisation(text="国家开放大学").search[0].node
    error = refused.value.errors[0]
    assert error.extensions == {"code": "CONFLICT", "currentVersion": found.version}
    assert unchanged.version == found.version
