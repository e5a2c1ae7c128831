"""Writes notebooks/11-fine-tuning-a-pretrained-model.ipynb (cells only; run from the repository root).

    .venv/bin/python tools/notebooks/make11.py
    .venv/bin/python scripts/execute-notebooks.py notebooks/11-fine-tuning-a-pretrained-model.ipynb

The second command records the outputs the notebook tests compare against.
"""
import nbformat
from nbformat.v4 import new_notebook, new_markdown_cell, new_code_cell

cells = []
md = lambda s: cells.append(new_markdown_cell(s.strip("\n")))
code = lambda s: cells.append(new_code_cell(s.strip("\n")))

GPT = "gpt vocab=play layers=2 heads=4 dim=64 context=32"

md("""
# 11. Fine-tuning a pretrained model

Large models are rarely trained for the task they end up doing. They are **pretrained** once, on a large
corpus, and then **fine-tuned**: trained a little more, on a small data set of the task. Notebook 7 did this
with a small MLP and frozen layers. This one does it the way language models are fine-tuned today, at a scale
one CPU can show in a minute:

1. pretrain a small GPT on tiny Shakespeare;
2. fine-tune it to write **names** (names.txt, as running text), five ways on the same budget of steps:
   every weight (**full fine-tuning**), **LoRA** adapters with everything else frozen, the **lower layers
   frozen**, **one learning rate per layer group** (discriminative rates), and, for comparison, the same
   net **from scratch**;
3. look at what LoRA trained: how few parameters, how small on disk, and that **merging** the adapters into
   the weights changes nothing;
4. finally **distillation**: a small net taught by a large one's soft predictions.
""")
md("""
## Pretraining on Shakespeare

The same kind of GPT as notebook 10 (two blocks, four heads, 64 wide, windows of 32 characters), trained for
1,000 steps with warm-up and a cosine schedule. Its weights are then saved: every fine-tuning below starts
from this file, as one would start from a published checkpoint.
""")
code(f"""
seed 1
data play = text "data/tinyshakespeare.txt" context=32 stride=32 split=0.9
net lm = {GPT}
optim adamw lr=3e-3 weight_decay=0.1
train steps=1000 batch=16 schedule=cosine warmup=50 every=250 eval=256
save lm "pretrained.safetensors"
""")
code("""
sample lm 200 prompt="\\n" seed=2 temperature=0.8
""")
md("""
## The new task: names, in the same vocabulary

`names.txt` holds 32,033 names, one a line. Read as running text, the task is to continue a list of names.
`vocab=play` reads the file in the **play's** 65-character vocabulary (every character of the names is one of
the play's), so the pretrained net's embedding and output rows mean the same characters; without it the file
would get its own 27-character vocabulary and the checkpoint would not fit. Only 27 of the 65 characters (the
newline and the lowercase letters) ever occur: the fine-tuning must move the net from Shakespeare's
distribution to this much narrower one.
""")
code("""
data names = text "data/names.txt" context=32 stride=32 split=0.9 vocab=play
""")
md("""
## Five ways to spend 300 steps

Each net below is built with the same shape, gets the pretrained weights (`load ... resume=false`: its own step
count starts at 0), and trains 300 steps of 16 windows. They differ only in **what** may change:

* `full`: every weight, at a learning rate lower than pretraining's (1e-3);
* `adapted`: `lora adapted r=4 alpha=8` puts a rank-4 adapter beside each of the eight dense maps of the two
  blocks and freezes everything else, as PEFT's `get_peft_model` does (the table shows the maps, and the
  trainable share);
* `top`: the embedding and the first block frozen (`freeze`), the second block and the final layer norm train;
* `layered`: everything trains, but each layer group at its own rate: the embedding at a tenth of the top's, the
  first block at a quarter (discriminative fine-tuning, Howard and Ruder 2018's ULMFiT);
* `scratch`: the same net from random weights.
""")
code(f"""
net full = {GPT}
load full "pretrained.safetensors" resume=false
optim adamw lr=1e-3 weight_decay=0.1
train steps=300 batch=16 every=100 eval=256
""")
code(f"""
net adapted = {GPT}
load adapted "pretrained.safetensors" resume=false
lora adapted r=4 alpha=8
optim adamw lr=1e-2 weight_decay=0
train steps=300 batch=16 every=100 eval=256
""")
code(f"""
net top = {GPT}
load top "pretrained.safetensors" resume=false
freeze top.L1
freeze top.L2
optim adamw lr=1e-3 weight_decay=0.1
train steps=300 batch=16 every=100 eval=256
""")
code(f"""
net layered = {GPT}
load layered "pretrained.safetensors" resume=false
optim adamw lr=2e-3 weight_decay=0.1 L1.lr=2e-4 L2.lr=5e-4
train steps=300 batch=16 every=100 eval=256
""")
code(f"""
net scratch = {GPT}
optim adamw lr=3e-3 weight_decay=0.1
train steps=300 batch=16 every=100 eval=256
""")
md("""
Side by side (validation loss and accuracy on the 712 validation windows' 256-window sample, at the last log):
""")
code("""
show compare full adapted top layered scratch
plot loss full adapted top layered scratch val=true
""")
md("""
Every pretrained start beats the net from scratch (validation loss 2.76) by a wide margin: 300 steps are too
few to learn even the letters' frequencies from random weights, while the pretrained nets know already what a
character, a word and a line are. **Discriminative rates** (2.078) and **full fine-tuning** (2.125) do best.
Names differ so much from the play that the embedding and the first block must change too, and they change
most usefully when the lower layers move more slowly than the top.

**LoRA** (2.332, training 7.15% of the parameters) and the **frozen lower layers** (2.372) come next. Both keep
the token table and the final layer norm as pretraining left them; through weight tying the token table is
also the output layer, so the distribution over the 65 characters can move only through the blocks. LoRA's
case is made at scale: in a large model the change a fine-tuning needs has a low rank, and Hu et al. (2021)
match full fine-tuning of GPT-3 while training about 0.01% of its parameters, with one frozen base shared by
every fine-tuned variant. Here the model is 64 wide and rank 4 is a sixteenth of it; `unfreeze adapted.L4`
(the final layer norm, 128 values) or a larger `r=` would give it more room.
""")
md("""
Names drawn from the fully fine-tuned net and from the LoRA one (a newline starts each):
""")
code("""
sample full 120 prompt="\\n" seed=4 temperature=0.8
sample adapted 120 prompt="\\n" seed=4 temperature=0.8
""")
md("""
## What LoRA trained

`show summary` lists each adapter under its map: `LoRA r=4` with its r·(in + out) values, trainable, while the
map's own W and b are frozen. Its `‖W‖` column is ‖(α/r)·A·B‖, the change the adapter has made to W so far.
The frozen layers have no `‖∇W‖`: as with `requires_grad=False` in PyTorch, no gradient flows into a frozen
parameter, so the backward never computes their weight gradients, which is much of what LoRA saves a step.
""")
code("""
show summary adapted
""")
md("""
Saving only the adapters writes PEFT's layout: `adapter_model.safetensors` with tensors named
`base_model.model.1.attn.c_attn.lora_A.weight` and so on, and `adapter_config.json`, so
`PeftModel.from_pretrained(model, "names-lora")` loads them onto the same PyTorch model (the project's tests
check this with the peft library). A fine-tuned variant of a model is then a file this small beside one
shared base checkpoint.
""")
code("""
save adapted "names-lora" adapters
""")
md("""
`merge` folds each adapter into its weight, W ← W + (α/r)·A·B, as PEFT's `merge_and_unload` does: the net is
a plain GPT again, with no extra work per step. It runs the current data's first windows through the net
before and after and prints the largest difference: only Float32 rounding.
""")
code("""
merge adapted
""")
md("""
## Distillation: a small net taught by a large one

A fine-tuned model is often too large to serve. **Distillation** (Hinton, Vinyals and Dean 2015) trains a small
*student* to match a large *teacher*'s predicted probabilities, softened by a temperature T: the teacher's
"this 7 looks a bit like a 1" carries more information than the hard label alone. `train ... teacher=big
temperature=4 alpha=0.9` minimises α·T²·KL(teacher ‖ student) at temperature T plus (1 − α) times the usual
cross-entropy. Here on the digits: a 64-256-256-10 teacher, and two 64-16-10 students from the same
initial weights, one on the labels alone and one distilled.
""")
code("""
seed 4
data digits split=0.8
net big = 64 -> 256 relu -> 256 relu -> 10 softmax
loss ce
optim adam lr=1e-3
train 20 batch=32 every=5
""")
code("""
seed 5
net hard = 64 -> 16 relu -> 10 softmax
loss ce
optim adam lr=3e-3
train 20 batch=32 every=5
seed 5
net taught = 64 -> 16 relu -> 10 softmax
loss ce
optim adam lr=3e-3
train 20 batch=32 every=5 teacher=big temperature=4 alpha=0.9
""")
code("""
show compare big hard taught
""")
md("""
The distilled student gets 0.983 of the 360 validation digits right against 0.978 for the one trained on the
labels alone (6 mistakes against 8), near the teacher's 0.986 with about 1/70 of its parameters (1,210 against
85,002). Its validation loss is higher (0.086 against 0.074): at T = 4 the KL term teaches it the teacher's
softened ranking of the wrong classes rather than confident labels, so it is less sure of the right answer
even where it picks it. Two digits in 360 is a difference another seed could undo; what the teacher gives
is one more signal per example, ten numbers instead of one.
""")

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"display_name": "Backprop", "language": "backprop", "name": "backprop"},
    "language_info": {"codemirror_mode": "text", "file_extension": ".bp", "mimetype": "text/x-backprop",
                      "name": "backprop", "pygments_lexer": "text", "version": "0.1.0"}})
nbformat.write(nb, "notebooks/11-fine-tuning-a-pretrained-model.ipynb")
