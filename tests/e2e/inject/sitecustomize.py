"""Test-only faults and network stubs for ``scrapy crawl`` subprocesses (put this folder on
``PYTHONPATH`` and describe what to inject in the ``HERALD_TEST_INJECT`` JSON env variable):

* ``{"write_error": "ENOSPC", "after": 3}``: writes to ``*.jsonl`` files fail with that errno
  after 3 whole lines (the failing write first puts half its bytes, as a full disk does);
* ``{"kill_after_write": 3}``: the process kills itself (SIGKILL) right after the 3rd line
  reaches a ``*.jsonl`` file, before anything else can run (the worst moment for a kill);
* ``{"hosts": {"name": "ip", ...}}``: a stub resolver (``socket.gethostbyname`` /
  ``getaddrinfo``) for those names; other names do not resolve;
* ``{"tripwire": "/path"}``: a connection to any address but 127.0.0.1 is refused before a
  packet is sent, and the address is appended to that file (so a test can prove none was tried).
"""

from __future__ import annotations

import errno
import json
import os
import socket

_SPEC = json.loads(os.environ.get("HERALD_TEST_INJECT") or "{}")


def _jsonl_fd(fd: int) -> bool:
    try:
        return os.readlink(f"/proc/self/fd/{fd}").endswith(".jsonl")
    except OSError:
        return False


if "write_error" in _SPEC:
    _code = getattr(errno, _SPEC["write_error"])
    _after = int(_SPEC.get("after", 0))
    _real_write = os.write
    _lines = [0]

    def _failing_write(fd: int, data: bytes) -> int:  # type: ignore[override]
        if not _jsonl_fd(fd):
            return _real_write(fd, data)
        if _lines[0] >= _after:
            if len(data) > 1:
                _real_write(fd, bytes(data[: len(data) // 2]))  # a torn piece, as a full disk
            raise OSError(_code, os.strerror(_code))
        _lines[0] += bytes(data).count(b"\n")
        return _real_write(fd, data)

    os.write = _failing_write  # type: ignore[assignment]


if "kill_after_write" in _SPEC:
    import signal

    _kill_at = int(_SPEC["kill_after_write"])
    _plain_write = os.write
    _written = [0]

    def _write_then_die(fd: int, data: bytes) -> int:  # type: ignore[override]
        count = _plain_write(fd, data)
        if _jsonl_fd(fd):
            _written[0] += bytes(data[:count]).count(b"\n")
            if _written[0] >= _kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
        return count

    os.write = _write_then_die  # type: ignore[assignment]


if "hosts" in _SPEC:
    _hosts: dict[str, str] = _SPEC["hosts"]
    _real_getaddrinfo = socket.getaddrinfo

    def _gethostbyname(name: str) -> str:
        if name in _hosts:
            return _hosts[name]
        if name in ("127.0.0.1", "localhost"):
            return "127.0.0.1"
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (stub)")

    def _getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(host, bytes):
            host = host.decode()
        if host in _hosts:
            host = _hosts[host]
        elif host not in ("127.0.0.1", "localhost", None) and not host.replace(".", "").isdigit():
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (stub)")
        return _real_getaddrinfo(host, port, *args, **kwargs)

    socket.gethostbyname = _gethostbyname  # type: ignore[assignment]
    socket.getaddrinfo = _getaddrinfo  # type: ignore[assignment]


if "tripwire" in _SPEC:
    _log = _SPEC["tripwire"]
    _real_connect = socket.socket.connect
    _real_connect_ex = socket.socket.connect_ex

    def _allowed(sock: socket.socket, address: object) -> bool:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return True
        host = address[0] if isinstance(address, tuple) else address
        if host in ("127.0.0.1", "::1", "localhost"):
            return True
        with open(_log, "a", encoding="utf-8") as fh:
            fh.write(f"{host}\n")
        return False

    def _connect(self: socket.socket, address: object) -> None:
        if not _allowed(self, address):
            raise ConnectionRefusedError(errno.ECONNREFUSED, "refused by the test tripwire")
        _real_connect(self, address)

    def _connect_ex(self: socket.socket, address: object) -> int:
        if not _allowed(self, address):
            return errno.ECONNREFUSED
        return _real_connect_ex(self, address)

    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
