#!/usr/bin/env bash
# Our conventions as checks, not reviewer memory.
set -u
status=0
# Tasks are queued only after commit: no bare .delay( outside on_commit helpers and the periodic sweepers.
if grep -rn "\.delay(" --include=*.py claims search workbench | grep -v -E "^(claims/services/evidence.py|search/services.py|claims/tasks.py|search/tasks.py):" ; then
  echo "error: .delay( outside an on-commit helper or a sweeper task"; status=1
fi
# Views get claims only through selectors.
if grep -n -E "Claim\.objects\.(get|filter)" claims/views.py; then
  echo "error: views must use claims.selectors, not Claim.objects"; status=1
fi
exit $status
