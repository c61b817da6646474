#!/usr/bin/env bash
# Our conventions as checks, not reviewer memory. Run from the repo root (make lint does).
# The layering and "no .objects in entry points" are checked by lint-imports and scripts/check_architecture.py.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
status=0

# Tasks are queued only through the apps' dispatch modules (after commit); the tasks modules themselves may
# queue (sweepers fanning out batches). No bare .delay( / .apply_async( anywhere else.
allowed='^(workbench/tasking\.py|claims/services/dispatch\.py|search/services/dispatch\.py|claims/tasks\.py|search/tasks\.py):'
if grep -rn -E '\.(delay|apply_async)\(' --include='*.py' claims search workbench | grep -v -E "$allowed"; then
  echo "error: .delay( / .apply_async( outside claims/services/dispatch.py, search/services/dispatch.py and the tasks modules" >&2
  status=1
fi

exit $status
