"""Files only their user may touch: a private directory (0700, owner checked, not a link), 0600 files opened
without following links, and a portable exclusive lock (fcntl on POSIX, msvcrt on Windows; imported on use)."""
from __future__ import annotations

import errno
import os
import secrets
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # absent on Windows, where creating symlinks needs privileges
_FLAGS = NOFOLLOW | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class UnsafeStateError(PermissionError):
    """The state directory, or a file in it, is not private to this user: refused rather than used."""


def private_directory(path: Path) -> Path:
    """`path` as a directory of this user only: created 0700, or checked (a real directory, ours) and tightened."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise UnsafeStateError(f"{path} is a symbolic link or not a directory: refusing to keep state there")
    _check_owner(info, path)
    if os.name == "posix" and info.st_mode & 0o077:
        os.chmod(path, 0o700)  # ours, but made by an older version with 0755: close it
    return path


def _check_owner(info: os.stat_result, path: Path) -> None:
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        raise UnsafeStateError(f"{path} belongs to uid {info.st_uid}, not to this user (uid {getuid()}): "
                               "refusing to use it")


def open_private(path: Path, flags: int) -> int:
    """A descriptor of a regular file of ours, created 0600; a symlink or another user's file is refused."""
    try:
        fd = os.open(path, flags | _FLAGS, 0o600)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafeStateError(f"{path} is a symbolic link: refusing to follow it") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeStateError(f"{path} is not a regular file")
        _check_owner(info, path)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_private(path: Path) -> str | None:
    """The text of a private file, or None when it does not exist."""
    try:
        fd = open_private(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as file:
        return file.read().decode("utf-8", errors="replace")


def write_private(path: Path, text: str) -> None:
    """Replace `path` atomically with a new 0600 file (created O_EXCL, so no planted file or link is reused)."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    fd = open_private(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    with os.fdopen(fd, "wb") as file:
        file.write(text.encode("utf-8"))
    os.replace(temporary, path)  # rename replaces a link at `path` itself, never its target


def create_once(path: Path, text: str) -> str:
    """The content of `path`, published as `text` (0600) if it did not exist yet: written aside, then linked in
    whole, so a concurrent reader never sees it half written."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    fd = open_private(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    with os.fdopen(fd, "wb") as file:
        file.write(text.encode("utf-8"))
    try:
        os.link(temporary, path)  # fails if `path` exists (even as a link): never replaces
    except FileExistsError:
        return read_private(path) or ""
    finally:
        os.unlink(temporary)
    return text


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on a private lock file; other processes wait for it."""
    fd = open_private(path, os.O_RDWR | os.O_CREAT)
    try:
        _lock(fd)
        yield
    finally:
        os.close(fd)  # closing releases the lock on every platform


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        while True:  # LK_LOCK gives up after ~10 s: keep waiting like flock does
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
