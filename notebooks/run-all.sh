#!/usr/bin/env bash
# Executes every notebook headless against LAKEHOUSE (as CI does) and fails if any cell fails.
#   notebooks/run-all.sh LAKEHOUSE [OUTPUT_DIR]
# The executed copies (with their outputs and plots) go to OUTPUT_DIR, default a new temporary
# directory; the committed notebooks stay without outputs.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
LAKEHOUSE="${1:?usage: notebooks/run-all.sh LAKEHOUSE [OUTPUT_DIR]}"
[ -d "$LAKEHOUSE" ] || { echo "run-all.sh: no lakehouse directory $LAKEHOUSE" >&2; exit 2; }
SYNERGEN_LAKEHOUSE="$(cd "$LAKEHOUSE" && pwd)"
export SYNERGEN_LAKEHOUSE
OUT="${2:-$(mktemp -d -t synergen-notebooks.XXXXXX)}"
mkdir -p "$OUT"

# Debian's nbconvert runs under Debian's python3, which has pandas and matplotlib; a python3 earlier
# on PATH (pyenv, a venv) must not become the kernel.
NBCONVERT=(jupyter-nbconvert)
command -v jupyter-nbconvert >/dev/null || NBCONVERT=(jupyter nbconvert)

# Build once up front, so that the first notebook cell does not time out compiling the project.
SYNERGEN_BIN="${SYNERGEN_BIN:-$HERE/../bin/synergen}"
export SYNERGEN_BIN
"$SYNERGEN_BIN" --version >/dev/null

failed=0
passed=0
for nb in "$HERE"/*.ipynb; do
  name="$(basename "$nb")"
  start=$SECONDS
  if "${NBCONVERT[@]}" --to notebook --execute --ExecutePreprocessor.timeout=1800 --output-dir "$OUT" "$nb" \
      >"$OUT/${name%.ipynb}.log" 2>&1; then
    echo "notebook $name ok ($((SECONDS - start)) s)"
    passed=$((passed + 1))
  else
    echo "notebook $name FAILED ($((SECONDS - start)) s); its log:" >&2
    cat "$OUT/${name%.ipynb}.log" >&2
    failed=$((failed + 1))
  fi
done
echo "executed notebooks in $OUT"
echo "notebooks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
