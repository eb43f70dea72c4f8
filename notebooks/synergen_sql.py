"""Read the lakehouse's tables from notebooks through `bin/synergen sql --format json`.

The lakehouse is $SYNERGEN_LAKEHOUSE, else ./lakehouse of the project root (where `synergen demo`
writes it). `synergen sql` prints JSON Lines: one object per row, binary columns as base64, maps as
objects. A query that names a table the lakehouse does not have yet returns None after printing a
note, so that a notebook runs on any lakehouse, e.g. the quick demo's, which has no eval tables.
"""
import base64
import io
import json
import os
import subprocess
from pathlib import Path

import pandas as pd

PROJECT = Path(__file__).resolve().parent.parent
SYNERGEN = os.environ.get("SYNERGEN_BIN", str(PROJECT / "bin" / "synergen"))


def lakehouse():
    """The lakehouse root the notebooks read."""
    return os.environ.get("SYNERGEN_LAKEHOUSE", str(PROJECT / "lakehouse"))


def sql(query):
    """Runs one Spark SQL query over the lakehouse; a DataFrame, or None when a table is missing."""
    proc = subprocess.run([SYNERGEN, "sql", query, "--format", "json", "--lakehouse", lakehouse()],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        message = next((line for line in proc.stderr.splitlines() if line.startswith("synergen sql:")),
                       proc.stderr.strip()[-2000:])
        if "[SQL_INVALID] unknown table" in message:
            print("note: " + message.replace("synergen sql: ", "", 1).split(". Spark said:")[0])
            return None
        raise RuntimeError(f"synergen sql failed ({proc.returncode}): {message}")
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return pd.DataFrame(rows)


def image(base64_png):
    """A base64 image column value as an array for matplotlib's imshow."""
    import matplotlib.image as mpimg
    return mpimg.imread(io.BytesIO(base64.b64decode(base64_png)), format="png")
