#!/usr/bin/env bash
# Restores a backup made by deploy/backup.sh into an EMPTY database and empty file folders.
#   deploy/restore.sh SOURCE
# The target is the site's environment (DATABASE_URL, PRIVATE_MEDIA_ROOT, MEDIA_ROOT), or PLENARY_ENV_FILE.
# PostgreSQL: create the empty database first (createdb -O plenary plenary); SQLite: the file must not exist.
# Stop the web and worker units while restoring; afterwards run `manage.py migrate` (a backup from an older
# release is brought up to date) and start them again.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${PLENARY_ENV_FILE:-}" ]; then set -a; . "$PLENARY_ENV_FILE"; set +a; fi
SOURCE=${1:?usage: deploy/restore.sh SOURCE}
PY=${PYTHON:-.venv/bin/python}
DATABASE_URL=${DATABASE_URL:-sqlite:///$PWD/db.sqlite3}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-$PWD/private}
MEDIA_ROOT=${MEDIA_ROOT:-$PWD/media}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}
(cd "$SOURCE" && sha256sum --check --quiet SHA256SUMS) || { echo "The backup is damaged (SHA256SUMS)" >&2; exit 1; }

for pair in "private:$PRIVATE_MEDIA_ROOT" "media:$MEDIA_ROOT"; do
  folder=${pair#*:}
  if [ -d "$folder" ] && [ -n "$(ls -A "$folder")" ]; then
    echo "$folder is not empty: restore into empty folders" >&2; exit 2
  fi
done

case "$DATABASE_URL" in
  postgres://*|postgresql://*)
    [ -f "$SOURCE/database.dump" ] || { echo "No PostgreSQL dump in $SOURCE" >&2; exit 2; }
    tables=$("${PG_BIN:+$PG_BIN/}psql" --dbname="$DATABASE_URL" -tAc \
      "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    [ "$tables" = 0 ] || { echo "The target database has $tables tables: restore into an empty one" >&2; exit 2; }
    "${PG_BIN:+$PG_BIN/}pg_restore" --no-owner --no-acl --exit-on-error --dbname="$DATABASE_URL" "$SOURCE/database.dump"
    ;;
  sqlite://*)
    target=${DATABASE_URL#sqlite:///}
    [ -f "$SOURCE/database.sqlite3" ] || { echo "No SQLite database in $SOURCE" >&2; exit 2; }
    [ ! -e "$target" ] || { echo "$target exists: restore into a new file" >&2; exit 2; }
    mkdir -p "$(dirname "$target")"
    cp "$SOURCE/database.sqlite3" "$target"
    ;;
  *) echo "Unsupported DATABASE_URL (postgres:// or sqlite://)" >&2; exit 2 ;;
esac

for pair in "private:$PRIVATE_MEDIA_ROOT" "media:$MEDIA_ROOT"; do
  name=${pair%%:*} folder=${pair#*:}
  if [ -f "$SOURCE/$name.tar.gz" ]; then mkdir -p "$folder" && tar -C "$folder" -xzf "$SOURCE/$name.tar.gz"; fi
done
echo "Restored $SOURCE. Next: manage.py migrate, then start the web and the workers."
