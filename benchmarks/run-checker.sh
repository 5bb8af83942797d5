#!/usr/bin/env bash
# Items 1-3 of issue 8 (what the checker costs inside javac), then the report. QUICK=1: smoke mode.
set -euo pipefail
exec "$(cd "$(dirname "$0")" && pwd)/run.sh" build real corpus scaling report
