"""LoRA adapters saved by the kernel load into PyTorch with the peft library.

Two nets: an MLP as an `nn.Sequential` written here, and a GPT as `export torch` writes it
(model.py, nanoGPT's module names), with adapters on its attention and one MLP.

A Float64 net is trained, adapted (`lora`), trained again so that B is no longer zero, and its
adapters saved alone (`save NET "DIR" adapters`) beside the base weights; then merged (`merge`)
and saved whole. In PyTorch, `PeftModel.from_pretrained` puts the adapters on the same
`nn.Sequential` with the base weights: its outputs must equal the kernel's merged net's, and
peft's own `merge_and_unload` must give the kernel's merged weights, both within 1e-12.

torch and peft are an optional extra (see CONTRIBUTING.md); without them this test is skipped.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
from backprop_binary import binary

torch = pytest.importorskip("torch", reason="torch is not installed (make torch installs the CPU wheel)")
peft = pytest.importorskip("peft", reason="peft is not installed (make torch installs it beside torch)")
from safetensors.torch import load_file  # noqa: E402  (after the skips: safetensors comes with peft)


SCRIPT = """\
dtype f64
seed 5
data digits split=0.8
net base = 64 -> 32 tanh -> 16 relu -> 10 softmax
loss ce
optim adam lr=0.01
train 2 batch=32
save base "base.safetensors"
lora base r=4 alpha=8
lora base.L3 r=2 alpha=2
train 2 batch=32
save base "adapters" adapters
merge base
save base "merged.safetensors"
"""


def sequential() -> "torch.nn.Module":
    nn = torch.nn
    return nn.Sequential(
        nn.Linear(64, 32), nn.Tanh(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 10), nn.Softmax(dim=-1)
    ).double()


def test_peft_loads_the_kernels_adapters(tmp_path: Path):
    script = tmp_path / "lora.bp"
    script.write_text(SCRIPT)
    done = subprocess.run(
        [str(binary()), "run", str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "saved the 3 LoRA adapters of base to adapters/adapter_model.safetensors" in done.stdout

    config = json.loads((tmp_path / "adapters" / "adapter_config.json").read_text())
    assert config["peft_type"] == "LORA"
    assert config["target_modules"] == ["0", "2", "4"]
    assert (config["r"], config["lora_alpha"]) == (4, 8)
    assert config["rank_pattern"] == {"4": 2} and config["alpha_pattern"] == {"4": 2}

    base = sequential()
    base.load_state_dict(load_file(str(tmp_path / "base.safetensors")))
    adapted = peft.PeftModel.from_pretrained(base, str(tmp_path / "adapters"))
    lora_b = adapted.base_model.model[4].lora_B["default"].weight
    assert lora_b.shape == (10, 2) and lora_b.abs().max() > 0, "B trained away from zero"

    merged = sequential()
    merged.load_state_dict(load_file(str(tmp_path / "merged.safetensors")))
    x = torch.rand(50, 64, dtype=torch.float64, generator=torch.Generator().manual_seed(0)) * 16
    with torch.no_grad():
        difference = (adapted(x) - merged(x)).abs().max().item()
        assert difference < 1e-12, f"PEFT's outputs differ from the kernel's merged net by {difference}"
        folded = adapted.merge_and_unload().state_dict()
    theirs = merged.state_dict()
    for name, tensor in theirs.items():
        gap = (folded[name] - tensor).abs().max().item()
        assert gap < 1e-12, f"{name}: peft's merge differs from the kernel's by {gap}"


GPT_SCRIPT = """\
dtype f64
seed 3
data t = text "text.txt" context=8
net lm = gpt vocab=t layers=2 heads=2 dim=8 context=8
loss ce
optim adamw lr=0.01
train steps=3 batch=4
export torch lm "base" batch=4
lora lm.*.attn r=2 alpha=4
lora lm.L3.mlp r=1 alpha=2
optim adam lr=0.05
train steps=5 batch=4
save lm "adapters" adapters
merge lm
save lm "merged.safetensors"
"""

TEXT = "To be, or not to be, that is the question:\nWhether 'tis nobler in the mind to suffer\n" * 4


def exported_model(folder: Path):
    """An instance of the model.py `export torch` wrote into `folder`."""
    spec = importlib.util.spec_from_file_location(f"exported_{folder.parent.name}", folder / "model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Model()


def test_peft_loads_a_gpts_adapters_onto_the_exported_model(tmp_path: Path):
    (tmp_path / "text.txt").write_text(TEXT)
    (tmp_path / "gpt.bp").write_text(GPT_SCRIPT)
    done = subprocess.run(
        [str(binary()), "run", "gpt.bp"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    config = json.loads((tmp_path / "adapters" / "adapter_config.json").read_text())
    assert config["target_modules"] == ["1.attn.c_attn", "1.attn.c_proj", "2.attn.c_attn", "2.attn.c_proj",
                                        "2.mlp.c_fc", "2.mlp.c_proj"]

    vocabulary = len(set(TEXT))
    ids = torch.randint(0, vocabulary, (3, 8), generator=torch.Generator().manual_seed(1)).double()
    base = exported_model(tmp_path / "base").double()
    base.load_state_dict(load_file(str(tmp_path / "base" / "model.safetensors")))
    with torch.no_grad():
        before = base(ids)
    adapted = peft.PeftModel.from_pretrained(base, str(tmp_path / "adapters"))
    merged = exported_model(tmp_path / "base").double()
    merged.load_state_dict(load_file(str(tmp_path / "merged.safetensors")))
    with torch.no_grad():
        assert (merged(ids) - before).abs().max().item() > 1e-3, "the adapters trained away from B = 0"
        theirs, ours = adapted(ids), merged(ids)
        assert theirs.shape == (3, 8, vocabulary)
        difference = (theirs - ours).abs().max().item()
        assert difference < 1e-12, f"PEFT's GPT differs from the kernel's merged GPT by {difference}"
