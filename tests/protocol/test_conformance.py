"""jupyter_kernel_test's conformance suite, filled in as far as the language allows."""

import jupyter_kernel_test as jkt


class BackpropKernelTests(jkt.KernelTests):
    kernel_name = "backprop"
    language_name = "backprop"
    file_extension = ".bp"

    code_hello_world = 'print "hello, world"'

    completion_samples = [
        {"text": "pr", "matches": {"print", "predict", "progress"}},
        {"text": "hel", "matches": {"help"}},
        {"text": "loss bce_", "matches": {"bce_logits"}},
        {"text": "dtype f", "matches": {"f32", "f64"}},
    ]

    complete_code_samples = ['print "hello"', "42", "predict [[0, 1]]", "# a comment [", ""]
    incomplete_code_samples = ["predict [[0, 1]", "predict [", "predict [[0, 1],\n [1, 0]"]
    invalid_code_samples = ['print "oops', 'print "a" "b']

    code_generate_error = 'prnt "x"'

    code_execute_result = [
        {"code": "42", "result": "42"},
        {"code": '"text"', "result": "text"},
        {"code": "net m = 2 -> 1 sigmoid\nset m.L1.b = [0.5]\nm.L1.b"},
    ]

    code_display_data = [
        {"code": "help", "mime": "text/markdown"},
        {"code": "help", "mime": "text/plain"},
        {"code": "help print", "mime": "text/plain"},
        {"code": "net s = 2 -> 3 tanh -> 1 sigmoid\nshow summary", "mime": "text/markdown"},
        {"code": "data xor\nplot boundary", "mime": "text/plain"},
        {"code": "data xor\nplot boundary", "mime": "image/svg+xml"},
    ]

    code_history_pattern = "4*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "print"


class BackpropIopubWelcomeTests(jkt.IopubWelcomeTests):
    kernel_name = "backprop"
    support_iopub_welcome = True
