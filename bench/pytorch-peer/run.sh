#!/usr/bin/env bash
# DJL vs PyTorch eager on the same rows, initial weights and steps, one after the other on this machine.
# Usage: bench/pytorch-peer/run.sh [synergen bench peer options, e.g. --lakehouse DIR --steps 30 --batch 16]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="${OUT:-$ROOT/bench-results/peer}"
PYTHON="${PYTHON:-/usr/bin/python3}"
if ! "$PYTHON" -c "import torch, numpy" 2>/dev/null; then
  echo "run.sh: $PYTHON cannot import torch and numpy; on Debian: sudo apt-get install python3-torch python3-numpy" >&2
  exit 2
fi
"$ROOT/bin/synergen" bench peer --out "$OUT" "$@"
"$PYTHON" "$HERE/peer.py" "$OUT"
