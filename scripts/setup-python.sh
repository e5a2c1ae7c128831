#!/usr/bin/env bash
# Creates .venv with the pinned Python packages (JupyterLab and the test clients).
# Reinstalls only when requirements.txt has changed since the last run.
set -euo pipefail

venv=".venv"
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum requirements.txt | cut -d' ' -f1)"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    exit 0
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r requirements.txt
echo "$wanted" > "$stamp"
