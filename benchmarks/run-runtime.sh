#!/usr/bin/env bash
# Items 4-5 of issue 8 (JMH micro-benchmarks, end to end against express-session), then the report.
# QUICK=1: smoke mode.
set -euo pipefail
exec "$(cd "$(dirname "$0")" && pwd)/run.sh" build jmh e2e report
