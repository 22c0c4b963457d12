"""API keys and roles. Only a SHA-256 hash of each key is stored; the key itself is shown once.

Keys come from two places:

* the keys file (``CREDITGRAPH_API_KEYS_FILE``, default ``data/api_keys.json``), a JSON object
  ``{"keys": [{"name", "role", "sha256", "created_at"}]}`` written by ``creditgraph apikey create``
  (a bare list of entries is read too). The server re-reads it when its modification time changes,
  so a new key works without a restart;
* ``CREDITGRAPH_API_KEYS`` as ``key:role:name,...`` for CI and demos (hashed as soon as read).

The roles (config.ROLES): ``investigator`` sees personal data unmasked, ``regulator`` and ``analyst``
see it masked, ``public`` sees only what the policies publish.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from creditgraph.graph_model.errors import InputError

from .config import ROLES

KEY_PREFIX = "cg_"


@dataclass(frozen=True)
class User:
    """Who is calling: the key's name and role (never the key)."""

    name: str
    role: str

    @property
    def sees_personal_data(self) -> bool:
        return self.role == "investigator"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InputError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    return role


def parse_env_keys(text: str | None) -> dict[str, User]:
    """``key:role:name,...`` → {sha256: User}. The name may contain colons; the key may not."""
    out: dict[str, User] = {}
    for item in (text or "").split(","):
        item = item.strip()
        if not item:
            continue
        parts = item.split(":", 2)
        if len(parts) < 2 or not parts[0]:
            raise InputError("CREDITGRAPH_API_KEYS entries are key:role:name, separated by commas")
        key, role = parts[0], _check_role(parts[1])
        name = parts[2] if len(parts) == 3 and parts[2] else f"env-{role}"
        out[hash_key(key)] = User(name=name, role=role)
    return out


def read_keys_file(path: Path) -> list[dict]:
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "[]")
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(
            f"the API keys file {path} is not readable JSON ({exc.__class__.__name__})"
        ) from None
    entries = data.get("keys", []) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise InputError(f"the API keys file {path} must hold a list of keys")
    return entries


def _write_keys_file(path: Path, entries: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"keys": entries}, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    os.replace(tmp, path)


def create_key(path: Path, *, role: str, name: str) -> str:
    """Add a key to the keys file and return it: the only time it is ever shown."""
    _check_role(role)
    name = name.strip()
    if not name:
        raise InputError("a key needs a --name saying who holds it")
    entries = read_keys_file(path)
    if any(e.get("name") == name for e in entries):
        raise InputError(f"a key named {name!r} exists already; revoke it first or pick another name")
    key = new_key()
    entries.append(
        {
            "name": name,
            "role": role,
            "sha256": hash_key(key),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    _write_keys_file(path, entries)
    return key


def revoke_key(path: Path, *, name: str) -> bool:
    entries = read_keys_file(path)
    kept = [e for e in entries if e.get("name") != name]
    if len(kept) == len(entries):
        return False
    _write_keys_file(path, kept)
    return True


def list_keys(path: Path) -> list[dict]:
    """Names, roles and creation times (the hashes stay in the file)."""
    return [{k: e.get(k) for k in ("name", "role", "created_at")} for e in read_keys_file(path)]


class KeyRing:
    """Looks a presented key up by its hash; reloads the keys file when it changes."""

    def __init__(self, path: Path, env_keys: str | None = None) -> None:
        self.path = path
        self._env = parse_env_keys(env_keys)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._file: dict[str, User] = {}
        self._reload()

    def _reload(self) -> None:
        try:
            st = self.path.stat()
            stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = None
        if stamp == self._stamp:
            return
        users: dict[str, User] = {}
        for e in read_keys_file(self.path) if stamp else []:
            digest, role = str(e.get("sha256", "")).lower(), str(e.get("role", ""))
            if len(digest) == 64 and role in ROLES:
                users[digest] = User(name=str(e.get("name") or "unnamed"), role=role)
        self._file, self._stamp = users, stamp

    def authenticate(self, key: str | None) -> User | None:
        if not key:
            return None
        digest = hash_key(key)
        with self._lock:
            with contextlib.suppress(InputError):  # a half-written file: keep the keys read last
                self._reload()
            table = {**self._file, **self._env}
        for known, user in table.items():
            if hmac.compare_digest(known, digest):
                return user
        return None

    def __len__(self) -> int:
        return len(self._file) + len(self._env)
