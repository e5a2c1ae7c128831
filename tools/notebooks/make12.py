"""Writes notebooks/12-training-on-many-machines.ipynb (cells only; run from the repository root).

    .venv/bin/python tools/notebooks/make12.py
    .venv/bin/python scripts/execute-notebooks.py notebooks/12-training-on-many-machines.ipynb

The second command records the outputs the notebook tests compare against. Cell ids are fixed
(12-00, 12-01, ...), so writing the notebook again changes only what the cells say.
"""
import nbformat
from nbformat.v4 import new_notebook, new_markdown_cell, new_code_cell

cells = []
md = lambda s: cells.append(new_markdown_cell(s.strip("\n")))
code = lambda s, **metadata: cells.append(new_code_cell(s.strip("\n"), metadata=metadata))

md("""
# 12. Training on many machines

When one machine is too slow for a model, the work is spread over many. The plainest way, and still the one
most used, is **data parallelism**: every worker (a GPU, a process, a machine) holds a full copy of the network,
takes its own slice of each batch, and computes the gradient of its slice; the workers then **all-reduce** their
gradients, so that each ends up with the sum, and every one applies the same update to its copy. The copies start
equal and stay equal, and the run is, in exact arithmetic, the run one machine would make on the whole batch.
PyTorch's `DistributedDataParallel` (Li et al. 2020), Horovod (Sergeev and Del Balso 2018) and DeepSpeed all
work this way.

This notebook simulates the workers inside one kernel, exactly: the shards, each worker's forward and backward,
the ring all-reduce step by step and the bytes it moves, and the check that the result is the gradient of the
whole batch. Then a whole run on four workers against the same run on one, the memory each worker needs as
workers are added (ZeRO), and what breaks the identity in practice and what the tool does about each.
""")
md("""
## The identity

For a loss that is a mean over a batch of $n$ rows, the gradient is $g = \\frac{1}{n}\\sum_i \\nabla \\ell_i$. Cut
the rows into $N$ shards of $n_k$ rows and let worker $k$ compute the mean gradient $g_k$ of its own rows. Then

$$g \\;=\\; \\sum_k \\frac{n_k}{n}\\, g_k .$$

When the shards are equal, $n_k/n = 1/N$ and this is the plain average that DDP takes. When they are not (10 rows
over 4 workers are 3, 3, 2 and 2 rows), a plain average would count a row of a short shard more than a row of a
long one; the tool weighs each shard by its rows, so the identity holds whatever the sizes. Under a summed loss
every weight is 1.

Two copies of one net, made from the same seed, in Float64 so that the last digits can be read:
""")
code("""
seed 1
dtype f64
data ring = circles n=200 noise=0.1
seed 2
net big = 2 -> 16 tanh -> 1 sigmoid
loss bce
optim sgd lr=0.5
seed 2
net dp = 2 -> 16 tanh -> 1 sigmoid
loss bce
optim sgd lr=0.5
""")
md("""
## One step by one worker, and by four

`parallel NET workers=N batch=B` takes the next step of the net on the batch `step` would take (here rows 0 to 9)
as N workers would take it, and explains it. With one worker there is nothing to send, and the step is `step`'s
bit for bit (the engine's tests check it over many steps):
""")
code("""
parallel big workers=1 batch=10
""")
md("""
The same step on four workers. Read the tables from the top:

- **workers**: each worker runs forward and backward on its rows with the same weights. The weights wₖ are 0.3,
  0.3, 0.2 and 0.2. Each worker's own loss and gradient norm ‖gₖ‖ differ; the last row is the reduced gradient,
  whose norm (0.32) is smaller than any worker's: the shards' gradients partly cancel.
- **ring all-reduce**: the flat gradient (|θ| = 65 values) is cut into 4 chunks. Each worker sends only to the
  next one round the ring. In the three reduce-scatter steps the receiver *adds* the chunk into its own, so after
  step 3 each worker holds the complete sum of one chunk; in the three all-gather steps the sums are passed on and
  *copied*, so after step 6 every worker holds every sum (Patarasuk and Yuan 2009; Baidu's ring all-reduce,
  2017; NCCL and gloo run it this way).
- **bytes**: each worker sends 2(N−1) chunks, 2(N−1)/N·|θ|·b bytes, and receives as much: 780 B here, against
  520 B each way to a parameter server. But a server's own link carries N·|θ|·b = 2080 B each way, and grows with
  N, while a ring worker's traffic stays under 2·|θ|·b however many workers there are. That is why the ring won.
- **check**: the reduced gradient against one backward of the whole batch.
""")
code("""
parallel dp workers=4 batch=10
""")
md("""
The check is not bit for bit: the largest difference is 3.4e-16 of the gradient's size, one or two units in the
last place. Floating-point addition is not associative, and the two computations add in different orders: the
whole batch sums each weight's ten row contributions in one chain and divides by 10, the workers sum their own
two or three rows, divide by their own nₖ, are weighted by nₖ/n, and the ring adds the four partial sums starting
at a different worker for each chunk. The order is fixed (contiguous shards, fixed chunks, each chunk summed from
its own worker round the ring), so the same seed gives the same bits on every machine; a real NCCL all-reduce
chooses its order from the hardware's topology and need not.

The two nets have taken the same step, up to that rounding:
""")
code("""
digits 17
print big.L2.b
print dp.L2.b
digits 4
""")
md("""
## A whole run on four workers

`train ... workers=N` takes *every* step of a run this way, with everything plain `train` does: the shuffled
batches and the net's place in the data, the learning-rate schedule, `clip=`, the non-finite guard, `accum=`, a
teacher. Three copies of one net with dropout, trained by Adam with clipping from the same seed: plainly, on one
worker and on four. The batches of 32 rows are 8 rows a worker.
""")
code("""
seed 5
net one = 2 -> 16 tanh -> dropout 0.1 -> 16 tanh -> 1 sigmoid
loss bce
optim adam lr=0.02
seed 5
net w1 = 2 -> 16 tanh -> dropout 0.1 -> 16 tanh -> 1 sigmoid
loss bce
optim adam lr=0.02
seed 5
net w4 = 2 -> 16 tanh -> dropout 0.1 -> 16 tanh -> 1 sigmoid
loss bce
optim adam lr=0.02
use one
seed 9
train 50 batch=32 every=35 clip=1
""")
code("""
use w1
seed 9
train 50 batch=32 every=35 clip=1 workers=1
""")
code("""
use w4
seed 9
train 50 batch=32 every=35 clip=1 workers=4
""")
md("""
The table after the summary is the run's data-parallel account: each worker's loss at the last step and over the
run (each sees different rows, so they differ; their weighted sum is the step's loss), what each sends a step in
the ring (4.04 or 4.05 KB as the chunks fall, against 2.7 KB to a parameter server whose own link carries 10.8 KB), and all the workers'
traffic over the 350 steps. The first step and each logged one were checked against the whole batch's backward,
and the largest relative difference found says how far, at most, a step's gradient was from the big batch's.

The three runs end at the same loss:
""")
code("""
show compare one w1 w4
""")
md("""
and to the last digit, one worker *is* the plain run, while four workers differ from it in the fifteenth or
sixteenth digit after 350 steps of Adam (the rounding of each step is carried forward, and here it does not grow):
""")
code("""
digits 17
print one.L4.W
print w1.L4.W
print w4.L4.W
digits 4
""")
md("""
## Memory per worker: ZeRO

Data parallelism copies everything to every worker: the parameters (Ψ values of b bytes), their gradients, and
the optimizer's state (K buffers per parameter; Adam keeps two, m and v). Adding workers makes a step faster but
never lets a *larger* model fit. ZeRO (Rajbhandari et al. 2020; DeepSpeed, and PyTorch's FSDP for stage 3) cuts
each of those into N shards, one per worker, and gathers a shard only when it is needed: stage 1 partitions the
optimizer state, stage 2 the gradients too (the all-reduce becomes a reduce-scatter), stage 3 the parameters too
(each layer's weights are all-gathered just before its forward and backward). `memory zero` gives each worker's
bytes as N grows, here for a 784-1024-1024-10 net trained by Adam in Float32:
""")
code("""
dtype f32
net wide = 784 -> 1024 relu -> 1024 relu -> 10 softmax
optim adam lr=1e-3
memory zero wide workers=64
""")
md("""
Stage 1 alone halves a worker's memory under Adam when there are many workers, because the optimizer state is
half of it; stage 3 divides everything by N, at the price of gathering the parameters twice a step (about 1.5
times the traffic of plain data parallelism, by the paper's count).

## What breaks exactness, and what the tool does

The identity g = Σ (nₖ/n)·gₖ is exact arithmetic. Real data-parallel training departs from it in a few places,
and each is a choice:

| what | in a real DDP run | here |
|---|---|---|
| **uneven shards** | each worker's loss is the mean of its own rows and DDP averages the workers equally, so a batch that does not divide by N weighs its rows unequally; `DistributedSampler` pads the data by repeating rows instead | each shard's gradient is weighed by nₖ/n; an epoch's short last batch with fewer rows than workers leaves a worker idle, and it sends zeros (as torch's `Join` lets it) |
| **dropout masks** | each worker draws its masks from its own generator, so the run is a valid one but not the one a single process would make | the masks are drawn once for the whole batch, in the order one step draws them, and each worker takes its rows' slice |
| **clipping** | `clip_grad_norm_` is called after `backward()`, which has already all-reduced: it clips the global norm | `clip=` is always global, once a step on the reduced gradient; there is no per-worker clipping |
| **order of the sums** | chosen by the library from the topology | one fixed order, so a seed gives the same bits everywhere; the difference from the whole batch is measured and printed |

Clipping each worker's gradient *before* the reduction would be wrong, not just inexact. In the four-worker step
at the top of this notebook the workers' norms were 0.80, 0.33, 0.76 and 0.85, and the reduced gradient's 0.32. Clipping each worker at 0.5 would
shrink three of the four and leave the second alone: the sum would change direction, toward the second shard,
while the gradient that is actually applied (0.32) is within the bound and would not be clipped at all.

Uneven shards and idle workers: 200 rows in batches of 11 are 3, 3, 3 and 2 rows a worker, and each epoch's
last batch has only 2 rows, which leaves two workers without any. The table's last lines count both:
""")
code("""
use dp
train steps=40 batch=11 workers=4
""")
md("""
Simulated mixed precision goes with workers too (`precision=f16`, see `help train`): each worker rounds its
own scaled gradient to Float16 before the all-reduce, as DDP's fp16 compression hook does with what it sends, and
one loss scaler answers for all, so an overflow on any worker skips the step for every worker. That run is no
longer the big batch's to the last digits: a worker's gradient is the mean of fewer rows, rounded on its own, and
the check says by how much:
""")
code("""
use w4
train steps=30 batch=32 workers=4 precision=f16
""")
md("""
What the tool refuses, with the reason: more workers than a batch has rows (every worker needs a row of each full
batch), and the perceptron and ADALINE rules (no backpropagated gradient to split). A refused statement changes
nothing.
""")
code("""
train steps=10 batch=3 workers=4
""", tags=["raises-exception"])
md("""
## Leaving the simulation: the same run on real processes

Everything above runs in one process. `export torch` hands a run over to PyTorch, to continue it on real
processes or machines: a folder with the net as an `nn.Module` (`model.py`, its parameters named as `save`
names them), its weights and the optimizer's state in torch's layout, the training rows with the epoch in
progress, the run's settings, and `train_ddp.py`, which `torchrun` runs with `DistributedDataParallel`:
""")
code("""
use dp
export torch dp "ring-run" batch=10 steps=200
""")
md("""
Then, in a terminal beside the notebook (PyTorch installed; `make torch` does it here from a local wheel):

```sh
torchrun --standalone --nproc_per_node=4 ring-run/train_ddp.py     # 4 processes, gloo, on the CPU
```

Each process takes a contiguous shard of every batch (the batches are `train`'s: the epoch in progress in its
order, then each new epoch shuffled by the engine's own generator, which the script carries), weights its loss
by its share of the rows, and DDP's all-reduce averages the gradients: the identity of the first section, on
real processes. The script writes the weights, the optimizer's state and the run's place back into the
folder, and the kernel takes the run back:

```
load dp "ring-run/model.safetensors" optimizer="ring-run/optimizer.safetensors"
```

Run here on this net (Float64), four processes for 20 steps end where `train steps=20 batch=10` in the
kernel ends, to 1.2e-16. The project's tests (`tests/torch`) run such checks on every submission: one step of the script equals the kernel's next step
to 2.5e-7 in Float32 and 1.4e-17 in Float64, two and three processes take the one-process step (to 1.2e-7),
and three steps in the kernel, two in torch and one in the kernel again are the kernel's own six (to 6e-17).
What the simulation showed carries over: clipping is on the reduced gradient, and a process with no rows of a
short batch adds nothing. Dropout masks come from torch's generator there, so a net with dropout takes other
masks than the kernel's.
""")

for index, cell in enumerate(cells):
    cell["id"] = f"12-{index:02d}"

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"display_name": "Backprop", "language": "backprop", "name": "backprop"},
    "language_info": {"codemirror_mode": "text", "file_extension": ".bp", "mimetype": "text/x-backprop",
                      "name": "backprop", "pygments_lexer": "text", "version": "0.1.0"}})
nbformat.write(nb, "notebooks/12-training-on-many-machines.ipynb")
