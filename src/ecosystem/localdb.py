"""The local Neo4j: build the launcher once, then start, stop and inspect it by pid file.

The server is a detached Java process (its own session, so Ctrl-C on `make run` leaves the
database running until `ecosystem neo4j stop`). Its data, logs and pid file live in one folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ecosystem.settings import Settings

LAUNCHER_CLASS = "ecosystem.neo4j.Launcher"
NO_LOCAL_HINT = (
    "or point the API at another Neo4j 5 with NEO4J_URI=bolt://host:7687 (no local database "
    "is started then)"
)
# Neo4j's own launcher passes these; without them 5.x falls back to slower I/O with warnings.
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-XX:+UseG1GC",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)


class LocalNeo4jError(RuntimeError):
    """The local database could not be built, started or stopped; the message says why."""


class State(Enum):
    RUNNING = "running"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Status:
    state: State
    pid: int | None
    port: int
    home: Path


@dataclass(frozen=True)
class LocalNeo4j:
    """One local server: a launcher project, a home folder and a loopback Bolt port."""

    launcher_dir: Path
    home: Path
    port: int
    heap_mb: int = 512
    pagecache_mb: int = 256
    tx_timeout_s: int = 0  # no blanket limit: every statement we send carries its own
    start_timeout_s: float = 120.0

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalNeo4j:
        return cls(
            launcher_dir=settings.launcher_dir,
            home=settings.local_neo4j_home,
            port=settings.local_neo4j_port,
            heap_mb=settings.local_neo4j_heap_mb,
            pagecache_mb=settings.local_neo4j_pagecache_mb,
            start_timeout_s=settings.local_neo4j_start_timeout_s,
        )

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "launcher.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def status(self) -> Status:
        """Read the pid file; a pid that is gone or not our launcher is stale and removed."""
        pid = self._read_pid()
        if pid is not None and not _is_launcher(pid):
            self.pid_file.unlink(missing_ok=True)
            pid = None
        state = State.RUNNING if pid is not None else State.STOPPED
        return Status(state=state, pid=pid, port=self.port, home=self.home)

    def start(self) -> bool:
        """Start and wait until Bolt answers. False when it was already running."""
        if self.status().state is State.RUNNING:
            return False
        self._require_project()
        if _port_open(self.port):
            raise LocalNeo4jError(
                f"port {self.port} is taken by another process; set ECOSYSTEM_LOCAL_NEO4J_PORT, "
                + NO_LOCAL_HINT
            )
        java = find_java()
        classpath = self.build()
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        argv = [
            java,
            f"-Xmx{self.heap_mb}m",
            *JVM_FLAGS,
            "-cp",
            classpath,
            LAUNCHER_CLASS,
            str(self.home),
            str(self.port),
            str(self.pagecache_mb),
            str(self.tx_timeout_s),
        ]
        # posix_spawn rather than Popen: the server outlives this process by design, in its
        # own session (Ctrl-C on `make run` must not reach it), with output in its log file.
        pid = os.posix_spawn(
            java,
            argv,
            dict(os.environ),
            setsid=True,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (
                    os.POSIX_SPAWN_OPEN,
                    1,
                    str(self.log_file),
                    os.O_WRONLY | os.O_CREAT | os.O_APPEND,
                    0o644,
                ),
                (os.POSIX_SPAWN_DUP2, 1, 2),
            ],
        )
        self.pid_file.write_text(str(pid))
        self._wait_for_bolt(pid)
        return True

    def stop(self, timeout_s: float = 60.0) -> bool:
        """Stop cleanly (SIGTERM runs Neo4j's shutdown hook). False when it was not running."""
        status = self.status()
        if status.pid is None:
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(status.pid, signal.SIGTERM)
        if not _wait_gone(status.pid, timeout_s):
            with contextlib.suppress(ProcessLookupError):
                os.kill(status.pid, signal.SIGKILL)
            _wait_gone(status.pid, 10.0)
        self.pid_file.unlink(missing_ok=True)
        return True

    def build(self) -> str:
        """Build the launcher when its jar is missing or older than its sources; the classpath."""
        self._require_project()
        target = self.launcher_dir / "target"
        jar, lib = target / "launcher.jar", target / "lib"
        sources = [self.launcher_dir / "pom.xml", *self.launcher_dir.glob("src/**/*.java")]
        stale = not jar.exists() or any(s.stat().st_mtime > jar.stat().st_mtime for s in sources)
        if stale:
            mvn = shutil.which("mvn")
            if mvn is None:
                raise LocalNeo4jError(
                    "Maven (mvn) is needed to build the local Neo4j; install it, " + NO_LOCAL_HINT
                )
            result = subprocess.run(
                [mvn, "-B", "-q", "-f", str(self.launcher_dir / "pom.xml"), "package"],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise LocalNeo4jError("building the launcher failed:\n" + result.stdout[-3000:])
        return f"{jar}{os.pathsep}{lib}{os.sep}*"

    def _require_project(self) -> None:
        """The launcher is a developer tool, built from the source checkout's neo4j/ by Maven:
        an installed wheel has no such folder, and says so before asking for Java or Maven."""
        if not (self.launcher_dir / "pom.xml").is_file():
            raise LocalNeo4jError(
                "the local Neo4j is a developer tool of the source checkout, whose neo4j/ "
                f"folder builds it ({self.launcher_dir / 'pom.xml'} is not here: an installed "
                "ecosystem has none); run it from a checkout (`make run`), " + NO_LOCAL_HINT
            )

    def _read_pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def _wait_for_bolt(self, pid: int) -> None:
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if _exited(pid):
                self.pid_file.unlink(missing_ok=True)
                raise LocalNeo4jError(f"Neo4j exited during start-up:\n{self._log_tail()}")
            if _port_open(self.port):
                return
            time.sleep(0.2)
        self.stop()
        raise LocalNeo4jError(
            f"Neo4j did not answer on port {self.port} within "
            f"{self.start_timeout_s:.0f}s:\n{self._log_tail()}"
        )

    def _log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(FileNotFoundError):
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        return "(no log)"


def find_java(minimum: int = 17) -> str:
    """`$JAVA_HOME/bin/java` or `java` on PATH, checked to be at least Java `minimum`."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if java is None or not Path(java).exists():
        raise LocalNeo4jError(
            f"Java {minimum}+ is needed for the local Neo4j; install it, " + NO_LOCAL_HINT
        )
    result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', result.stderr + result.stdout)
    if match is None or int(match.group(1)) < minimum:
        found = match.group(1) if match else "unknown"
        raise LocalNeo4jError(
            f"Java {minimum}+ is needed for the local Neo4j (found {found} at "
            f"{java}); install it or set JAVA_HOME, " + NO_LOCAL_HINT
        )
    return java


def _is_launcher(pid: int) -> bool:
    """True when `pid` is alive and is our launcher (pids get reused after a crash or reboot)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return LAUNCHER_CLASS.encode() in cmdline


def _exited(pid: int) -> bool:
    """Whether `pid` has ended, reaping it when it is our child (no zombies in long runs).

    The command line is no test here: the JVM's launcher may re-exec itself while starting.
    """
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return not Path(f"/proc/{pid}").exists()
    return reaped == pid


def _wait_gone(pid: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if _exited(pid) or not _is_launcher(pid):
            return True
        time.sleep(0.1)
    return False


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0
