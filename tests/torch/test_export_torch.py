"""`export torch` against PyTorch itself: the exported script continues the kernel's run.

Each case trains a net a few steps in the real `backprop run`, exports it with
`export torch NET "run" batch=B` in the middle of an epoch, then takes one more `step` (which
continues that epoch, as `train` would) and saves the weights. The exported `train_ddp.py`
takes one step from the same files on the same batch; the weights after it and its loss must
agree with the kernel's within 1e-6 in Float32 (1e-12 in Float64). Two processes under torchrun
(gloo, DistributedDataParallel) must take the step one process takes, and a longer run must
cross epochs with the kernel's own shuffled orders.

These need torch in the Python running pytest (`make torch` installs it into .venv from the
local wheel); where it could not be installed, .venv/.torch-unavailable says why and they skip.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from backprop_binary import binary

REPO = Path(__file__).resolve().parents[2]
MARKER = REPO / ".venv" / ".torch-unavailable"

try:
    import torch
except ImportError:  # pragma: no cover - depends on the machine
    torch = None


def _skip_reason() -> str:
    if MARKER.is_file():
        return f"{MARKER.name}: " + MARKER.read_text().strip().splitlines()[0]
    return "torch is not importable in this Python; make torch installs it into .venv"


pytestmark = pytest.mark.skipif(torch is None, reason=_skip_reason())

# name: (session statements before the export, net, batch, dtype tolerance)
CASES = {
    "mlp_adam": (
        """seed 42
data ring = circles n=12 noise=0.1
net n = 2 -> 6 tanh -> 1 sigmoid
loss bce
optim adam lr=0.05
train steps=4 batch=5""",
        "n", 5, 1e-6,
    ),
    "sgd_nesterov_mse": (
        """seed 3
data blob = blobs n=14
net n = 2 -> 5 leaky_relu -> 4 gelu -> 3
loss mse
optim sgd lr=0.1 momentum=0.9 nesterov=true weight_decay=0.01
train steps=3 batch=4""",
        "n", 4, 1e-6,
    ),
    "classes_adamw_groups": (
        """seed 8
data iris
net n = 4 -> 8 relu -> layernorm -> 3 softmax
loss ce
optim adamw lr=0.01 L3.lr=0.05
freeze n.L2
train steps=2 batch=16""",
        "n", 16, 1e-6,
    ),
    "embedding_frozen_table": (
        """seed 5
data w = words "words.txt" context=3
net n = tokens 3 -> embed 4 -> 10 tanh -> 11 softmax
loss ce
optim adam lr=0.01 L2.lr=0.05
freeze n.L1
train steps=2 batch=7""",
        "n", 7, 1e-6,
    ),
    "gpt_tied_adamw": (
        """seed 3
data t = text "text.txt" context=8
net n = gpt vocab=t layers=2 heads=2 dim=8 context=8 tied=true
loss ce
optim adamw lr=0.01 weight_decay=0.1
train steps=2 batch=5""",
        "n", 5, 1e-6,
    ),
    "rmsprop_momentum": (
        """seed 11
data ring = moons n=12
net n = 2 -> 6 relu -> 1 sigmoid
loss bce
optim rmsprop lr=0.01 momentum=0.5 weight_decay=0.001
train steps=4 batch=5""",
        "n", 5, 1e-6,
    ),
    "adagrad_sum": (
        """seed 12
data ring = moons n=12
net n = 2 -> 6 tanh -> 2 softmax
loss ce reduction=sum
optim adagrad lr=0.1
train steps=4 batch=5""",
        "n", 5, 1e-6,
    ),
    "mlp_float64": (
        """dtype f64
seed 42
data ring = circles n=12 noise=0.1
net n = 2 -> 6 tanh -> 1 sigmoid
loss bce_logits
optim sgd lr=0.5 momentum=0.9
train steps=4 batch=5""",
        "n", 5, 1e-12,
    ),
}

WORDS = "anna\nbob\ncarla\ndave\neve\n"
TEXT = "to be or not to be that is the question whether tis nobler in the mind to suffer\n"
KERNEL_LOSS = re.compile(r"^loss \S+ \((?:mean|sum)\) = (\S+)|over the batch \(.*\) = (\S+)$")
SCRIPT_LOSS = re.compile(r"^step (\d+)  loss (\S+)$")


# Python for a subprocess: load(folder, weights) builds the Model of the export in `folder` (its
# model.py loaded as a module of its own, so two exports can stand side by side) with the tensors
# of a safetensors file, and returns the net and those tensors.
LOAD_MODEL = """import importlib.util, sys, torch
def load(folder, weights):
    sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(f"model_{abs(hash(folder))}", folder + "/model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import train_ddp
    sys.path.remove(folder)
    tensors, _ = train_ddp.read_safetensors(weights)
    net = module.Model()
    net.load_state_dict(tensors)
    return net, tensors
"""


def kernel(folder: Path, statements: str) -> str:
    """Runs the statements through the real `backprop run` in `folder`; its stdout."""
    (folder / "words.txt").write_text(WORDS)
    (folder / "text.txt").write_text(TEXT)
    (folder / "session.bp").write_text(statements + "\n")
    done = subprocess.run(
        [str(binary()), "run", "session.bp"], cwd=folder, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def script(run: Path, steps: int, processes: int | None = None) -> list[float]:
    """Runs the exported train_ddp.py (under torchrun with `processes`); each step's loss."""
    command = [sys.executable, str(run / "train_ddp.py"), "--steps", str(steps)]
    if processes is not None:
        command[1:1] = ["-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={processes}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return [float(m.group(2)) for m in map(SCRIPT_LOSS.match, done.stdout.splitlines()) if m]


def tensors(path: Path) -> tuple[dict[str, "torch.Tensor"], dict[str, str]]:
    """A safetensors file's tensors (as float64) and metadata, read without the safetensors package."""
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    metadata = header.pop("__metadata__", {})
    kinds = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64}
    result = {}
    for name, entry in header.items():
        begin, end = (8 + length + offset for offset in entry["data_offsets"])
        raw = bytearray(data[begin:end])
        flat = torch.frombuffer(raw, dtype=kinds[entry["dtype"]]) if raw else torch.empty(0)
        result[name] = flat.reshape(entry["shape"]).to(torch.float64)
    return result, metadata


def largest_difference(first: Path, second: Path) -> float:
    a, _ = tensors(first)
    b, _ = tensors(second)
    assert sorted(a) == sorted(b)
    return max((a[name] - b[name]).abs().max().item() for name in a)


def exported(folder: Path, case: str) -> tuple[Path, float, Path]:
    """The case's export, the loss of the kernel's next step and the weights after it."""
    statements, net, batch, _ = CASES[case]
    out = kernel(
        folder,
        statements
        + f'\ndigits 16\nexport torch {net} "run" batch={batch}\nstep batch={batch}\n'
        + f'save {net} "after.safetensors"',
    )
    losses = [m.group(1) or m.group(2) for m in map(KERNEL_LOSS.search, out.splitlines()) if m]
    assert losses, out
    return folder / "run", float(losses[-1]), folder / "after.safetensors"


@pytest.mark.parametrize("case", CASES)
def test_one_step_of_the_script_is_the_kernels_step(case: str, tmp_path: Path):
    run, kernel_loss, after = exported(tmp_path, case)
    tolerance = CASES[case][3]
    losses = script(run, steps=1)
    assert len(losses) == 1
    assert abs(losses[0] - kernel_loss) <= tolerance * max(1.0, abs(kernel_loss)), (losses, kernel_loss)
    difference = largest_difference(after, run / "model.safetensors")
    print(f"{case}: weights differ by at most {difference:.3g}, loss by {abs(losses[0] - kernel_loss):.3g}")
    assert difference <= tolerance


@pytest.mark.parametrize("case", ["mlp_adam", "classes_adamw_groups", "gpt_tied_adamw"])
def test_two_processes_take_the_one_process_step(case: str, tmp_path: Path):
    run, _, _ = exported(tmp_path, case)
    one, two = tmp_path / "one", tmp_path / "two"
    shutil.copytree(run, one)
    shutil.copytree(run, two)
    single = script(one, steps=1, processes=1)
    double = script(two, steps=1, processes=2)
    assert abs(single[0] - double[0]) <= 1e-6 * max(1.0, abs(single[0]))
    difference = largest_difference(one / "model.safetensors", two / "model.safetensors")
    print(f"{case}: 2 processes differ from 1 by at most {difference:.3g}")
    assert difference <= 1e-6
    first, _ = tensors(one / "optimizer.safetensors")
    second, _ = tensors(two / "optimizer.safetensors")
    assert sorted(first) == sorted(second) and first


def test_the_script_goes_on_across_epochs_with_the_kernels_orders(tmp_path: Path):
    # 12 rows in batches of 5 are epochs of 3 steps: 7 steps draw two new shuffled orders.
    statements = CASES["mlp_float64"][0]
    kernel(tmp_path, statements + '\nexport torch n "run" batch=5\ntrain steps=7 batch=5\nsave n "after.safetensors"')
    # Two runs of the script continue each other as one of 7 steps would.
    script(tmp_path / "run", steps=3)
    script(tmp_path / "run", steps=4)
    assert largest_difference(tmp_path / "after.safetensors", tmp_path / "run" / "model.safetensors") <= 1e-12
    _, metadata = tensors(tmp_path / "run" / "model.safetensors")
    assert (metadata["step"], metadata["epoch"]) == ("11", "3")


def test_load_reads_the_weights_the_script_saves(tmp_path: Path):
    run, _, _ = exported(tmp_path, "gpt_tied_adamw")
    script(run, steps=2)
    statements = CASES["gpt_tied_adamw"][0].rsplit("\n", 1)[0]
    out = kernel(tmp_path, statements + '\nload n "run/model.safetensors"\nsave n "reloaded.safetensors"')
    assert 'loaded n from run/model.safetensors at step 4, epoch 0' in out
    assert largest_difference(run / "model.safetensors", tmp_path / "reloaded.safetensors") == 0


def test_the_exported_module_loads_save_s_checkpoint_strictly(tmp_path: Path):
    run, _, after = exported(tmp_path, "gpt_tied_adamw")
    code = LOAD_MODEL + (
        f"net, weights = load({str(run)!r}, {str(after)!r})\n"
        "print(sorted(net.state_dict()) == sorted(weights), net(torch.zeros(2, 8)).shape)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True torch.Size([2, 8, 19])"


def test_a_run_pytorch_continued_goes_on_in_the_kernel_with_its_optimizer_state(tmp_path: Path):
    # Kernel 3 steps, torch 2, kernel 1 again (load with optimizer=) is the kernel's 6 steps.
    setup = """dtype f64
seed 2
data ring = circles n=12 noise=0.1
net n = 2 -> 6 tanh -> 1 sigmoid
loss bce
optim adam lr=0.05"""
    kernel(tmp_path, setup + '\ntrain steps=3\nexport torch n "run"\ntrain steps=3\nsave n "kernel.safetensors"')
    script(tmp_path / "run", steps=2)
    out = kernel(
        tmp_path,
        setup + '\nload n "run/model.safetensors" optimizer="run/optimizer.safetensors"\ntrain steps=1\n'
        + 'save n "resumed.safetensors"',
    )
    assert "loaded n from run/model.safetensors at step 5, epoch 5" in out
    assert "restored the adam state (12 tensors) from run/optimizer.safetensors" in out
    resumed = largest_difference(tmp_path / "kernel.safetensors", tmp_path / "resumed.safetensors")
    print(f"kernel, torch, kernel: the weights differ from the kernel's own run by {resumed:.3g}")
    assert resumed <= 1e-12
    # Without the moments the step is another one: the state is what made them agree.
    kernel(tmp_path, setup + '\nload n "run/model.safetensors"\ntrain steps=1\nsave n "fresh.safetensors"')
    assert largest_difference(tmp_path / "kernel.safetensors", tmp_path / "fresh.safetensors") > 1e-3


def test_a_schedule_given_to_the_export_is_trains_schedule(tmp_path: Path):
    # The exported run's 6 steps follow warm-up and cosine as `train steps=6` with them does,
    # each parameter group from its own rate.
    setup = CASES["mlp_float64"][0].replace("optim sgd lr=0.5 momentum=0.9", "optim adam lr=0.05 L2.lr=0.1")
    schedule = "schedule=cosine warmup=2 min_lr=0.001"
    kernel(
        tmp_path,
        setup + f'\nexport torch n "run" batch=5 steps=6 {schedule}\ntrain steps=6 batch=5 {schedule}\n'
        + 'save n "after.safetensors"',
    )
    script(tmp_path / "run", steps=6)
    assert largest_difference(tmp_path / "after.safetensors", tmp_path / "run" / "model.safetensors") <= 1e-12


def test_three_processes_share_a_batch_smaller_than_their_number(tmp_path: Path):
    # The epoch's last batch has 2 rows: one of three processes has none and adds nothing.
    statements = CASES["mlp_float64"][0]
    kernel(tmp_path, statements + '\nexport torch n "run" batch=5\ntrain steps=2 batch=5\nsave n "after.safetensors"')
    losses = script(tmp_path / "run", steps=2, processes=3)
    assert len(losses) == 2
    assert largest_difference(tmp_path / "after.safetensors", tmp_path / "run" / "model.safetensors") <= 1e-12


def test_clipping_leaves_the_frozen_parameters_out_as_the_kernel_does(tmp_path: Path):
    # The frozen table gets no update, and its gradient is no part of the norm clip= scales by:
    # the kernel's Trainer leaves it out, as clip_grad_norm_ leaves out a parameter that has no
    # gradient in PyTorch.
    statements = """dtype f64
seed 5
data w = words "words.txt" context=3
net n = tokens 3 -> embed 4 -> 10 tanh -> 11 softmax
loss ce
optim sgd lr=0.5 momentum=0.9
freeze n.L1
train steps=2 batch=7"""
    kernel(
        tmp_path,
        statements + '\nsave n "before.safetensors"\nexport torch n "run" batch=7 clip=0.05\n'
        + 'train steps=3 batch=7 clip=0.05\nsave n "after.safetensors"',
    )
    script(tmp_path / "run", steps=3)
    assert largest_difference(tmp_path / "after.safetensors", tmp_path / "run" / "model.safetensors") <= 1e-12
    before, _ = tensors(tmp_path / "before.safetensors")
    weights, _ = tensors(tmp_path / "run" / "model.safetensors")
    assert torch.equal(before["0.weight"], weights["0.weight"])
    assert not torch.equal(before["2.weight"], weights["2.weight"])


def test_a_gpts_dropout_is_where_nanogpt_puts_it(tmp_path: Path):
    # The same seed draws the same weights with and without dropout (a dropout layer draws
    # none), so in eval() the exported dropout GPT computes what the plain one does, and in
    # train() it drops: after the embeddings, on the attention weights, on both branches.
    setup = 'dtype f64\nseed 3\ndata t = text "text.txt" context=8\n'
    kernel(
        tmp_path,
        setup
        + "seed 4\nnet plain = gpt vocab=t layers=2 heads=2 dim=8\n"
        + "seed 4\nnet dropped = gpt vocab=t layers=2 heads=2 dim=8 dropout=0.2\n"
        + 'export torch plain "plain"\nexport torch dropped "dropped"',
    )
    plain, dropped = (str(tmp_path / name) for name in ("plain", "dropped"))
    code = LOAD_MODEL + (
        f"plain, _ = load({plain!r}, {plain!r} + '/model.safetensors')\n"
        f"dropped, _ = load({dropped!r}, {dropped!r} + '/model.safetensors')\n"
        "ids = torch.randint(0, 19, (3, 8)).double()\n"
        "plain.eval(); dropped.eval()\n"
        "same = torch.equal(plain(ids), dropped(ids))\n"
        "dropped.train(); torch.manual_seed(0)\n"
        "differs = not torch.equal(plain(ids), dropped(ids))\n"
        "rates = sorted({m.p for m in dropped.modules() if isinstance(m, torch.nn.Dropout)})\n"
        "count = sum(isinstance(m, torch.nn.Dropout) and m.p > 0 for m in dropped.modules())\n"
        "print(same, differs, rates, count)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True True [0.2] 7"
