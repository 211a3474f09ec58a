#!/bin/sh
# The restore drill: restore a backup into an empty database and verify every named contest's
# ledger there (hash chain, tally, signed checkpoints). Run it after each backup, on another
# machine; tests/test_topology.py runs it on every `make test`.
#   deploy/restore-drill.sh BACKUP.dump postgresql://top100@drill-host/top100_drill CONTEST...
set -eu
dump="${1:?usage: restore-drill.sh BACKUP TARGET_DATABASE_URL CONTEST...}"
target="${2:?usage: restore-drill.sh BACKUP TARGET_DATABASE_URL CONTEST...}"
shift 2
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$target" "$dump"
for contest in "$@"; do
  DATABASE_URL="$target" "${PYTHON:-python3}" -m flask --app voting ledger verify "$contest"
done
echo "restore drill passed: $# ledgers verify in $target"
