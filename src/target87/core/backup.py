"""Backing up and restoring a whole installation: database, uploaded files, secret key.

A backup is one tar file holding

- ``database.pgdump`` (``pg_dump -Fc``, PostgreSQL's own format) or ``database.sqlite3``
  (a consistent copy made with SQLite's online backup API, safe while servers write);
- ``media/...``, every uploaded file;
- ``secret_key``, so sessions, password-reset links and signed links stay valid;
- ``manifest.json``, listing each member with its size and SHA-256, the database engine and
  the latest migration of each app.

Nothing goes through Django's serialisers, so timestamps keep their microseconds and tables
Django does not model (the full-text search index) come back as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
DB_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message says why and what to do."""


def _engine(alias="default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DB_MEMBERS:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env_and_args(alias="default") -> tuple[dict, list[str]]:
    db = connections[alias].settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return env, args


def _run(cmd: list[str], env: dict) -> None:
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(f"{cmd[0]} is not installed (PostgreSQL client tools needed)") from exc
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {done.stderr.strip()[-2000:]}")


def _migrations(alias="default") -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[alias]).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _dump_database(engine: str, target: Path, alias="default") -> None:
    if engine == "postgresql":
        env, args = _pg_env_and_args(alias)
        name = connections[alias].settings_dict["NAME"]
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", *args, "-f", str(target), name],
             env)
    else:
        source_path = connections[alias].settings_dict["NAME"]
        source = sqlite3.connect(source_path)
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # a consistent snapshot, even with writers at work
        finally:
            copy.close()
            source.close()


def create_backup(path: str | os.PathLike, alias="default") -> dict:
    """Write a backup of this installation to ``path``; returns its manifest."""
    engine = _engine(alias)
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as tmp:
        work = Path(tmp)
        db_name = DB_MEMBERS[engine]
        _dump_database(engine, work / db_name, alias)
        (work / "secret_key").write_text(settings.SECRET_KEY)
        members = [(db_name, work / db_name), ("secret_key", work / "secret_key")]
        if media_root.is_dir():
            for file in sorted(p for p in media_root.rglob("*") if p.is_file()):
                members.append(("media/" + file.relative_to(media_root).as_posix(), file))
        files = {name: {"size": src.stat().st_size, "sha256": _sha256(src)}
                 for name, src in members}
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": engine,
            "migrations": _migrations(alias),
            "files": files,
        }
        partial = work / "backup.tar"
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mode = len(data), 0o600
            tar.addfile(info, io.BytesIO(data))
            for name, src in members:
                tar.add(src, arcname=name, recursive=False)
        os.chmod(partial, 0o600)  # it holds the secret key
        os.replace(partial, path)
    return manifest


def _safe_members(tar: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    members = {}
    for info in tar.getmembers():
        name = info.name
        if not info.isfile() or name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"unexpected entry {name!r} in the backup")
        members[name] = info
    return members


def read_manifest(path: str | os.PathLike) -> dict:
    with tarfile.open(path, "r") as tar:
        members = _safe_members(tar)
        if "manifest.json" not in members:
            raise BackupError(f"{path} has no manifest.json: not a target87 backup")
        return json.loads(tar.extractfile(members["manifest.json"]).read())


def verify_backup(path: str | os.PathLike, into: Path) -> dict:
    """Extract ``path`` into ``into`` and check every file against the manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        with tarfile.open(path, "r") as tar:
            members = _safe_members(tar)
            if "manifest.json" not in members:
                raise BackupError(f"{path} has no manifest.json: not a target87 backup")
            manifest = json.loads(tar.extractfile(members["manifest.json"]).read())
            if manifest.get("format") != FORMAT:
                raise BackupError(f"{path}: backup format {manifest.get('format')!r} is not "
                                  f"supported (expected {FORMAT})")
            extra = set(members) - set(manifest["files"]) - {"manifest.json"}
            if extra:
                raise BackupError(f"{path}: files not in the manifest: {sorted(extra)[:5]}")
            for name, expected in manifest["files"].items():
                if name not in members:
                    raise BackupError(f"{path}: {name} is listed in the manifest but missing")
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(members[name]) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                if (target.stat().st_size != expected["size"]
                        or _sha256(target) != expected["sha256"]):
                    raise BackupError(f"{path}: {name} does not match its checksum; "
                                      "the backup is damaged")
    except tarfile.TarError as exc:
        raise BackupError(f"{path} is not a readable backup archive: {exc}") from exc
    return manifest


def _restore_database(engine: str, source: Path, alias="default") -> None:
    connection = connections[alias]
    if engine == "postgresql":
        env, args = _pg_env_and_args(alias)
        name = connection.settings_dict["NAME"]
        connection.close()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", *args, "-d", name, str(source)], env)
    else:
        connection.close()
        target = sqlite3.connect(connection.settings_dict["NAME"])
        backup = sqlite3.connect(source)
        try:
            backup.backup(target)  # replaces every page of the target database
        finally:
            backup.close()
            target.close()


def _move_content_versions_on(alias="default") -> None:
    """A shared cache may hold fragments rendered by another state of this installation
    under the restored version numbers; jump past any number either state can have used."""
    from django.db.models import F

    from target87.core.models import ContentVersion

    if ContentVersion._meta.db_table not in connections[alias].introspection.table_names():
        return  # a backup from before content versions: `target87 setup` creates them
    ContentVersion.objects.update(value=F("value") + 1 + secrets.randbelow(10**12))


def _set_aside(path: Path, stamp: str) -> Path | None:
    if not path.exists():
        return None
    aside = path.with_name(f"{path.name}.before-restore-{stamp}")
    os.replace(path, aside)
    return aside


def restore_backup(path: str | os.PathLike, alias="default") -> dict:
    """Replace this installation's database, uploaded files and secret key by the backup's.

    Everything is verified before anything is changed. Uploaded files and the secret key
    that were in place are kept beside the new ones (``*.before-restore-<time>``)."""
    engine = _engine(alias)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=settings.DATA_DIR) as tmp:
        work = Path(tmp)
        manifest = verify_backup(path, work)
        if manifest["engine"] != engine:
            raise BackupError(
                f"the backup holds a {manifest['engine']} database but this installation uses "
                f"{engine}; set DATABASE_URL to a {manifest['engine']} database to restore it")
        _restore_database(engine, work / DB_MEMBERS[engine], alias)

        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        kept = {}
        if media_root.exists():
            kept["media"] = str(_set_aside(media_root, stamp))
        media_root.mkdir(parents=True, exist_ok=True)
        if (work / "media").is_dir():
            shutil.copytree(work / "media", media_root, dirs_exist_ok=True)

        secret = (work / "secret_key").read_text()
        key_file = Path(settings.DATA_DIR) / "secret_key"
        env_key = os.environ.get("SECRET_KEY")
        if env_key and env_key != secret:
            manifest["secret_key_note"] = (
                "SECRET_KEY is set in the environment and differs from the backup's key; "
                f"set it to the key restored in {key_file} to keep sessions and links valid")
        if not key_file.exists() or key_file.read_text().strip() != secret.strip():
            if key_file.exists():
                kept["secret_key"] = str(_set_aside(key_file, stamp))
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secret)
        manifest["kept"] = kept
        _move_content_versions_on(alias)
    return manifest
