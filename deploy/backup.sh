#!/usr/bin/env bash
# Backs up a Plenary site: the database and the private files (and uploaded media) into one folder.
#   deploy/backup.sh DEST            (DEST must not exist yet; e.g. /var/backups/plenary/$(date +%F-%H%M))
# Reads the site's environment (DATABASE_URL, PRIVATE_MEDIA_ROOT, MEDIA_ROOT), or the file named by
# PLENARY_ENV_FILE (e.g. /etc/plenary/plenary.env). PostgreSQL: pg_dump's custom format, taken while the site
# runs (one consistent snapshot). SQLite: SQLite's online backup. With PLENARY_FILE_STORAGE=database the private
# files are rows of the database and come with it. deploy/restore.sh puts a backup back.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${PLENARY_ENV_FILE:-}" ]; then set -a; . "$PLENARY_ENV_FILE"; set +a; fi
DEST=${1:?usage: deploy/backup.sh DEST}
[ ! -e "$DEST" ] || { echo "$DEST exists: a backup goes to a new folder" >&2; exit 2; }
PY=${PYTHON:-.venv/bin/python}
DATABASE_URL=${DATABASE_URL:-sqlite:///$PWD/db.sqlite3}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-$PWD/private}
MEDIA_ROOT=${MEDIA_ROOT:-$PWD/media}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}
umask 077
mkdir -p "$DEST"

case "$DATABASE_URL" in
  postgres://*|postgresql://*)
    "${PG_BIN:+$PG_BIN/}pg_dump" --format=custom --no-owner --no-acl --dbname="$DATABASE_URL" --file="$DEST/database.dump"
    ;;
  sqlite://*)
    "$PY" - "${DATABASE_URL#sqlite:///}" "$DEST/database.sqlite3" <<'PYTHON'
import sqlite3, sys
source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)  # consistent while the site writes (WAL)
PYTHON
    ;;
  *) echo "Unsupported DATABASE_URL (postgres:// or sqlite://)" >&2; exit 2 ;;
esac

# The folders as they are: private files (when on the file system) and uploaded media.
for pair in "private:$PRIVATE_MEDIA_ROOT" "media:$MEDIA_ROOT"; do
  name=${pair%%:*} folder=${pair#*:}
  if [ -d "$folder" ]; then tar -C "$folder" -czf "$DEST/$name.tar.gz" .; fi
done
(cd "$DEST" && sha256sum -- * > SHA256SUMS)
echo "Backup written to $DEST: $(cd "$DEST" && ls | tr '\n' ' ')"
