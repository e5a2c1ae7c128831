"""One-cell inputs that used to kill the kernel, losing every net: each is now an error reply
that names the limit, and the kernel, with the session's nets, is as it was."""

from kernel_helpers import running_kernel

DEEP = 10_000
WORD = "z" * 3_000_000

CELLS = [
    ("net x = 1e300 -> 1", "ValueError", "1e+300 is out of range for a layer width"),
    ("net x = 2 -> 1e19 -> 1", "ValueError", "1e+19 is out of range for a layer width"),
    ("net x = 2 -> 1e400 -> 1", "ValueError", "inf is out of range for a layer width"),
    ("print " + "[" * DEEP + "]" * DEEP, "SyntaxError", "lists nest at most 64 deep, and this '[' opens level 65"),
    ("print " + "[" * DEEP, "SyntaxError", "lists nest at most 64 deep, and this '[' opens level 65"),
    (WORD, "SyntaxError", "a name has at most 256 characters, and this one has 3000000"),
]


def run(kc, code, timeout=60):
    """The execute reply's content, outputs dropped."""
    return kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)["content"]


def printed(kc, code):
    texts = []
    hook = lambda msg: texts.append(msg["content"]["text"]) if msg["msg_type"] == "stream" else None
    kc.execute_interactive(code, timeout=10, output_hook=hook)
    return "".join(texts)


def test_hostile_cells_are_errors_and_the_session_survives():
    with running_kernel() as (km, kc):
        assert run(kc, "data xor\nnet keep = 2 -> 2 tanh -> 1 sigmoid\ntrain 5")["status"] == "ok"
        before = printed(kc, "print keep.L1.W")
        assert before.startswith("[[")
        for code, ename, evalue in CELLS:
            content = run(kc, code)
            assert (content["status"], content.get("ename"), content.get("evalue")) == ("error", ename, evalue)
            assert all(len(line) < 200 for line in content["traceback"]), ename
            assert km.is_alive()
        assert printed(kc, "print keep.L1.W") == before


def test_a_net_of_20000_layers_can_be_trained_and_replaced():
    with running_kernel() as (km, kc):
        code = "data d = [[0.5]] -> [[0.2]]\nnet deep = 1" + " -> 1 tanh" * 20_000 + "\ntrain 1 on d"
        assert run(kc, code, timeout=240)["status"] == "ok"
        assert run(kc, "net deep = 1 -> 1\nprint \"replaced\"", timeout=120)["status"] == "ok"
        assert run(kc, "reset", timeout=60)["status"] == "ok"
        assert km.is_alive()
