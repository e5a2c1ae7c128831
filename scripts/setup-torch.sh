#!/usr/bin/env bash
# Installs the PyTorch extra into .venv: torch 2.13.0 (CPU) from a local wheel only, then the
# small packages it and peft need (requirements-torch.txt, pinned, from PyPI). pip never
# downloads torch itself: `--no-index` looks only in the find-links pip is configured with
# (PIP_FIND_LINKS or pip.conf, e.g. a folder holding torch-2.13.0+cpu-...whl).
#
# When torch cannot be installed, .venv/.torch-unavailable says why and the torch tests
# skip with that reason instead of failing; .venv/.peft-unavailable likewise for peft.
# Reinstalls only when requirements-torch.txt has changed since the last run that worked.
set -euo pipefail

venv=".venv"
python="$venv/bin/python"
torch_marker="$venv/.torch-unavailable"
peft_marker="$venv/.peft-unavailable"
stamp="$venv/.requirements-torch.sha256"
wanted="$(sha256sum requirements-torch.txt | cut -d' ' -f1)"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] \
    && [ ! -f "$torch_marker" ] && [ ! -f "$peft_marker" ]; then
    exit 0
fi
rm -f "$torch_marker" "$peft_marker" "$stamp"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! "$python" -m pip install --quiet --no-index --no-deps torch==2.13.0 >"$log" 2>&1; then
    {
        echo "torch 2.13.0 is not installed: pip found no local wheel for it (pip install --no-index torch==2.13.0):"
        tail -n 3 "$log"
        echo "Put torch-2.13.0+cpu-*.whl in a folder pip's find-links name (PIP_FIND_LINKS) and run make torch."
    } >"$torch_marker"
    echo "peft is not installed: it needs torch, which is not (see .torch-unavailable)" >"$peft_marker"
    echo "setup-torch: torch not installed; its tests will be skipped (see $torch_marker)" >&2
    exit 0
fi
if ! "$python" -m pip install --quiet -r requirements-torch.txt >"$log" 2>&1; then
    {
        echo "the packages of requirements-torch.txt (torch's own dependencies and peft) did not install:"
        tail -n 3 "$log"
    } | tee "$torch_marker" >"$peft_marker"
    echo "setup-torch: requirements-torch.txt did not install; the torch tests will be skipped" >&2
    exit 0
fi
if ! "$python" -c "import torch" >"$log" 2>&1; then
    { echo "torch is installed but does not import:"; tail -n 3 "$log"; } | tee "$torch_marker" >"$peft_marker"
    exit 0
fi
if ! "$python" -c "import peft" >"$log" 2>&1; then
    { echo "peft is installed but does not import with this torch:"; tail -n 3 "$log"; } >"$peft_marker"
    exit 0
fi
echo "$wanted" >"$stamp"
