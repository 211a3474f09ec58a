#!/bin/sh
# A consistent backup of the vote's database (ballots, ledgers, signed checkpoints, the audit
# log, verification data) in one file, taken while the service runs.
#   DATABASE_URL=postgresql://top100@/top100 deploy/backup.sh /var/backups/top100/$(date +%F-%H%M).dump
# PostgreSQL: pg_dump's custom format (one snapshot); SQLite: the online backup API.
# Back up the ledger's signing key (TOP100_LEDGER_KEY_FILE) and the secret key once, apart.
set -eu
out="${1:?usage: backup.sh OUTFILE (with DATABASE_URL set as for the service)}"
case "${DATABASE_URL:?DATABASE_URL is not set}" in
  postgres*)
    pg_dump --format=custom --no-owner --no-privileges --file="$out.partial" "$DATABASE_URL" ;;
  sqlite:///*)
    "${PYTHON:-python3}" -c 'import sqlite3, sys; d = sqlite3.connect(sys.argv[2]); sqlite3.connect(sys.argv[1]).backup(d); d.close()' \
      "${DATABASE_URL#sqlite:///}" "$out.partial" ;;
  *) echo "backup.sh: unknown DATABASE_URL scheme" >&2; exit 2 ;;
esac
mv "$out.partial" "$out"
echo "backup written: $out"
