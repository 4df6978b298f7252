#!/usr/bin/env bash
# Runs the background worker (django-tasks-db's db_worker: report files, large imports, SSB
# fetches, e-mail) next to a server command, and stops the worker when the server stops.
#   scripts/with_worker.sh .venv/bin/boligsosial runserver 127.0.0.1:8000
set -euo pipefail
BIN="${BIN:-.venv/bin}"
# Jobs cut off when a worker died (no progress for BOLIGSOSIAL_JOBS_STALE_AFTER_SECONDS) are
# queued again before the worker starts.
"$BIN/boligsosial" recover_jobs
"$BIN/boligsosial" db_worker --no-startup-delay --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Bakgrunnsarbeideren kjører (prosess $worker)."
"$@"
