"""Inserts notebook 9's counting section (the bigram count model and the same model as a net)
after its introduction; run once from the repository root, then re-record the notebook:

    .venv/bin/python tools/notebooks/add09bigrams.py
    .venv/bin/python scripts/execute-notebooks.py notebooks/09-a-neural-language-model.ipynb
"""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

PATH = "notebooks/09-a-neural-language-model.ipynb"
notebook = nbformat.read(PATH, as_version=4)
if any("show bigrams" in cell.source for cell in notebook.cells):
    raise SystemExit("the counting section is there already")
cells = [
    new_markdown_cell("""## Counting first: the bigram model

Before any network, the simplest language model counts. Read each name with one character of context
(`context=1`) and every example is a pair, the character before and the character after, with `.` before
the first letter and after the last: `emma` gives `.e`, `em`, `mm`, `ma`, `a.`. `show bigrams` counts the
228,146 pairs of the file in a 27 × 27 table (row: the character before; column: the one after) and scores the
model that predicts the next character by its row of counts, each count plus one so that no pair has
probability 0 (add-one smoothing)."""),
    new_code_cell("""data pairs = words "data/names.txt" context=1
show bigrams pairs"""),
    new_markdown_cell("""The counts' loss, 2.4546 per pair, is what makemore's first lecture finds for the same file: a name
starts with `a`, `k` or `m` more often than anything else, `q` is almost always followed by `u`, and `n` ends
many names (the bright `n.` cell).

## The same model as a net

`tokens 1 -> embed 27 -> 27 softmax` reads one character and predicts the next: its row of a 27-wide table,
then a 27 × 27 map and a softmax, trained by cross-entropy on the same pairs. With one character of context
no model can do better than the counts themselves (they are the maximum-likelihood estimate; smoothing costs
a little), so the net's loss should fall to about the count model's, and no further."""),
    new_code_cell("""net bigram = tokens 1 -> embed 27 -> 27 softmax
optim adam lr=0.1
train steps=600 batch=4096 every=200 schedule=cosine"""),
    new_markdown_cell("""It does: 2.456 on the pairs after 600 steps, against the counts' 2.4546 (2.4540 without smoothing);
gradient descent rediscovers the count table. The rest of this notebook gives the net more
context, which counting cannot afford (27³ = 19,683 rows for three characters, most of them never seen)."""),
]
notebook.cells[1:1] = cells
for cell in notebook.cells:
    if cell.cell_type == "markdown":
        cell.source = cell.source.replace(
            "A count table of\nwhich letter follows which (a bigram model) reaches about 2.45 on this file.",
            "The count model of\none character of context reaches 2.45 on this file.")
nbformat.write(notebook, PATH)
