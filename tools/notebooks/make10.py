"""Writes notebooks/10-attention-and-a-small-gpt.ipynb (cells only; run from the repository root).

    .venv/bin/python tools/notebooks/make10.py
    .venv/bin/python scripts/execute-notebooks.py notebooks/10-attention-and-a-small-gpt.ipynb

The second command records the outputs the notebook tests compare against.
"""
import nbformat
from nbformat.v4 import new_notebook, new_markdown_cell, new_code_cell

cells = []
md = lambda s: cells.append(new_markdown_cell(s.strip("\n")))
code = lambda s: cells.append(new_code_cell(s.strip("\n")))

md("""
# 10. Attention and a small GPT

Notebook 9's model read a fixed window of three characters, each through the same table, laid side by side:
every position had its own weights in the tanh layer, and nothing could look further back. A **transformer**
(Vaswani et al. 2017) lets every position *choose* what to read from the positions before it. Each position
asks a question (a query q), every earlier position offers a key k and a value v, and the answer is the
values averaged with weights softmax(q·k/√d): **self-attention**. A mask hides the later positions, so the
model cannot read the character it must predict (**causal** attention). GPT (Radford et al. 2018, 2019) is a
stack of such layers between an embedding and a softmax.

This notebook builds it up on tiny Shakespeare: one head, then several heads, then the block (attention and a
small MLP, each with a layer norm before it and a residual connection around it), then a two-block GPT trained
with warm-up and a cosine schedule. Every number is the engine's own, checked against PyTorch in the tests
(`Tests/EngineTests/Fixtures/golden-gpt.json`: a two-block GPT's forward, backward and 10 AdamW steps within
1e-10 in Float64).
""")
md("""
## The data: windows of 32 characters, every position a question

`text "FILE" context=32` cuts the play into windows of 32 characters; `stride=32` takes every 32nd window,
so the windows tile the text without overlap. A GPT learns from **every position** of a window: position t
predicts character t + 1 from characters 0 … t, so each window is 32 examples at once. The first 90% of the
text trains, the rest validates (nanoGPT's split).
""")
code("""
seed 1
data play = text "data/tinyshakespeare.txt" context=32 stride=32 split=0.9
""")
md("""
## One head of attention

`embed 64 positions` gives each token a 64-wide vector from one table and adds a vector for its *position*
from a second table (without it, attention could not tell "ab" from "ba"). `attention 1` is one head of
causal self-attention between two 64 × 64 maps (q, k and v from one map of 64 → 192, and an output map).
`65 softmax tied` predicts the next character by reading the token table backwards: the logit of character c
is the position's vector dotted with c's row (**weight tying**, as GPT-2 does), so no separate output
weights. `train ... eval=256` measures each logged loss on 256 windows of each set rather than all 31,370,
as nanoGPT's `estimate_loss` does.
""")
code("""
net h1 = tokens 32 -> embed 64 positions -> attention 1 -> 65 softmax tied
optim adamw lr=3e-3
train steps=300 batch=16 every=100 eval=256
""")
md("""
## Several heads

`attention 4` splits the same 64 values into four heads of 16: four smaller questions per position, each with
its own softmax, their answers laid side by side. The parameter count is the same; the loss at the same
budget is a little lower: different heads can attend to different things (the previous character, the start
of the word, the last newline).
""")
code("""
net h4 = tokens 32 -> embed 64 positions -> attention 4 -> 65 softmax tied
optim adamw lr=3e-3
train steps=300 batch=16 every=100 eval=256
show compare h1 h4
""")
md("""
Both are still worse than the bigram counts of notebook 9 would be on this text (about 2.5): attention alone
only *averages* earlier vectors, and the model has no layer that computes anything from what it read. The
block adds one, and the residual connections let each layer add to the stream instead of replacing it.

## The block and the GPT

`gpt vocab=play layers=2 heads=4 dim=64` is nanoGPT's model at a small size, written out as the chain it
stands for: `tokens 32 -> embed 64 positions -> block 4 -> block 4 -> layernorm -> 65 softmax tied`. A
**block** is x + attention(layernorm(x)), then x + MLP(layernorm(x)) with a 256-wide GELU layer; the weights
start as GPT-2's do (N(0, 0.02²), and the maps back into the residual stream scaled by 1/√(2·layers)).
`show summary` lists each block's modules.
""")
code("""
net lm = gpt vocab=play layers=2 heads=4 dim=64
show summary
""")
md("""
Before training, the samples are noise over the 65 characters (a loss near ln 65 ≈ 4.17):
""")
code("""
sample lm 120 prompt="ROMEO:" seed=3
""")
md("""
## Training with warm-up and cosine decay

Language models are trained with AdamW, a learning rate that rises over the first steps (**warm-up**: Adam's
second moments are still poor estimates then) and falls along a cosine to a tenth of its peak. 1,200 steps of
16 windows see about 600,000 characters, three fifths of the training text once.
""")
code("""
optim adamw lr=3e-3 weight_decay=0.1
train steps=1200 batch=16 every=100 eval=256 schedule=cosine warmup=100 min_lr=3e-4
""")
code("""
plot loss lm
""")
md("""
The validation loss is about 2.0 nats per character, far below the attention-only nets and below the bigram
counts: the model uses more than the last character. The same text, sampled again:
""")
code("""
sample lm 300 prompt="ROMEO:" seed=3 temperature=0.8
""")
md("""
Words, line breaks and speaker names in capitals: the form of the play, from 100,000 parameters and under a
minute of one CPU. nanoGPT's `shakespeare_char` configuration (6 blocks, 6 heads, 384 wide, context 256,
10.7M parameters, 5,000 steps of 64 windows, dropout 0.2) reaches a validation loss of about 1.47 in a few
minutes on a GPU; with this kernel the same net is `gpt vocab=play layers=6 heads=6 dim=384 context=256`
over `text ... context=256 stride=256`, at hours per thousand steps here.

## What the heads attend to

`show attention` runs a text through the net and draws each head's weights: row i is what position i reads,
over the positions 0 … i (the mask leaves the rest blank, each row sums to 1).
""")
code("""
show attention lm layer=2 text="ROMEO:\\nWhat, art thou"
""")
md("""
Some heads spread their weight over the recent characters; others look back to a particular earlier one,
such as the newline or the space before the current word. Which head does what is not designed: it is what
gradient descent found useful for predicting the next character.
""")

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"display_name": "Backprop", "language": "backprop", "name": "backprop"},
    "language_info": {"codemirror_mode": "text", "file_extension": ".bp", "mimetype": "text/x-backprop",
                      "name": "backprop", "pygments_lexer": "text", "version": "0.1.0"}})
nbformat.write(nb, "notebooks/10-attention-and-a-small-gpt.ipynb")
