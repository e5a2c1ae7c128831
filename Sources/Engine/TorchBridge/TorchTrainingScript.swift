/// The text of `train_ddp.py`, which continues an exported run in PyTorch on one process or many
/// (`torchrun --standalone --nproc_per_node=N train_ddp.py`): gloo on the CPU, DistributedDataParallel,
/// the kernel's batches for a seed, and the weights, optimizer state and cursor written back in
/// place. The same for every net: what differs is in `model.py` and `train_config.json`.
enum TorchTrainingScript {
    static let text = #"""
        #!/usr/bin/env python3
        """Continues a Backprop net's training in PyTorch, on one process or on many.

            torchrun --standalone --nproc_per_node=N train_ddp.py [--steps S]
            python train_ddp.py [--steps S]        # one process, without torch.distributed

        Written by Backprop's `export torch NET "DIR"` with the files beside it: model.py (the net as
        an nn.Module whose parameter names are those of Backprop's `save`), model.safetensors (its
        weights), optimizer.safetensors (the optimizer's buffers and step counts), data.safetensors (the
        training rows, in the form the loss reads, and the order of the epoch in progress) and
        train_config.json (loss, optimizer, parameter groups, batches, seed and where the run is).
        Processes talk over gloo on the CPU and DistributedDataParallel averages their gradients.

        Each run takes S steps (default: the config's "steps") and then writes model.safetensors,
        optimizer.safetensors and the config's "cursor" back in place, so the next run continues the
        same run, and Backprop's `load NET "DIR/model.safetensors" optimizer="DIR/optimizer.safetensors"`
        reads the weights, the step and epoch counts in their metadata and the optimizer's state.

        Batches are chosen as Backprop's `train` chooses them. The epoch in progress goes on in its
        order (data.safetensors's "order", from the cursor's "position"); each new epoch is a
        permutation drawn from Backprop's own generator (xoshiro256** seeded by SplitMix64, Fisher-Yates
        with Lemire's bounded integers, as its RandomSource; the state is the cursor's "generator"), or
        0, 1, 2, ... when "shuffle" is false; an epoch's last batch may be smaller. So for a seed the
        batches are the kernel's, on any number of processes. Every process reads the same global batch
        and takes one contiguous shard of it (as even as possible, the first shards one row larger) and
        weights its loss by its share of the rows, so the gradient DDP averages is the whole batch's and
        N processes take the step one process takes (up to the order of the additions). Dropout masks
        come from torch's generator (seeded from "seed" and the step), not from Backprop's. Frozen
        parameters are left out of the optimizer and out of clipping's norm, as Backprop leaves them
        (and as clip_grad_norm_ does where a frozen parameter has no gradient). A step whose loss is
        not finite stops the run and writes nothing.
        """
        import argparse
        import ctypes
        import json
        import math
        import os
        import struct
        import sys

        import torch
        import torch.distributed as dist
        import torch.nn.functional as F

        HERE = os.path.dirname(os.path.abspath(__file__))
        sys.path.insert(0, HERE)

        import model as exported  # noqa: E402  (model.py beside this script)

        MASK64 = (1 << 64) - 1
        DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
                  "I64": torch.int64}
        NAMES = {dtype: name for name, dtype in DTYPES.items()}


        # Safetensors, read and written here so that torch alone is needed.

        def read_safetensors(path):
            """The tensors of a safetensors file by name, and its metadata."""
            with open(path, "rb") as file:
                data = file.read()
            (length,) = struct.unpack("<Q", data[:8])
            header = json.loads(data[8:8 + length])
            metadata = header.pop("__metadata__", {})
            start = 8 + length
            tensors = {}
            for name, entry in header.items():
                begin, end = entry["data_offsets"]
                dtype = DTYPES[entry["dtype"]]
                raw = bytearray(data[start + begin:start + end])
                flat = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
                tensors[name] = flat.reshape(entry["shape"]).clone()
            return tensors, metadata


        def write_safetensors(path, tensors, metadata):
            """Writes the tensors in order with string metadata, whole or not at all."""
            header = {"__metadata__": {key: str(value) for key, value in metadata.items()}}
            blobs = []
            offset = 0
            for name, tensor in tensors.items():
                tensor = tensor.detach().contiguous().cpu()
                blob = ctypes.string_at(tensor.data_ptr(), tensor.numel() * tensor.element_size())
                header[name] = {"dtype": NAMES[tensor.dtype], "shape": list(tensor.shape),
                                "data_offsets": [offset, offset + len(blob)]}
                blobs.append(blob)
                offset += len(blob)
            text = json.dumps(header, separators=(",", ":")).encode()
            text += b" " * ((8 - len(text) % 8) % 8)
            temporary = path + ".partial"
            with open(temporary, "wb") as file:
                file.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)


        def write_json(path, value):
            temporary = path + ".partial"
            with open(temporary, "w") as file:
                json.dump(value, file, indent=2)
                file.write("\n")
            os.replace(temporary, path)


        # Backprop's generator, for the order of each new epoch.

        class EngineRandom:
            """Backprop's RandomSource: xoshiro256** with Swift's bounded integers (Lemire's method)."""

            def __init__(self, words):
                self.state = [int(word) for word in words]

            @staticmethod
            def rotate(x, k):
                return ((x << k) | (x >> (64 - k))) & MASK64

            def next(self):
                s0, s1, s2, s3 = self.state
                result = (self.rotate((s1 * 5) & MASK64, 7) * 9) & MASK64
                t = (s1 << 17) & MASK64
                s2 ^= s0
                s3 ^= s1
                s1 ^= s2
                s0 ^= s3
                s2 ^= t
                s3 = self.rotate(s3, 45)
                self.state = [s0, s1, s2, s3]
                return result

            def below(self, bound):
                product = self.next() * bound
                if product & MASK64 < bound:
                    threshold = ((1 << 64) - bound) % bound
                    while product & MASK64 < threshold:
                        product = self.next() * bound
                return product >> 64

            def permutation(self, count):
                order = list(range(count))
                for i in range(count - 1, 0, -1):
                    j = self.below(i + 1)
                    order[i], order[j] = order[j], order[i]
                return order


        # The run.

        def shard(rows, rank, world):
            """This process's contiguous share of a batch: sizes as even as possible, larger first."""
            base, extra = divmod(len(rows), world)
            start = rank * base + min(rank, extra)
            return rows[start:start + base + (1 if rank < extra else 0)]


        def loss_sum(config, model, inputs, targets):
            """The loss summed over the rows (before the reduction's division) and its divisor per example.

            The divisor comes from the net's shape, not the batch's, so a process whose shard is empty
            (a batch of fewer rows than processes) adds nothing and divides by nothing."""
            loss = config["loss"]
            kind = loss["kind"]
            prediction = model(inputs, logits=loss["reads_logits"])
            width = prediction.shape[-1]
            prediction = prediction.reshape(-1, width)
            if kind == "ce":
                if targets.shape[-1] == width and not exported.IS_SEQUENCE_MODEL:
                    total = F.cross_entropy(prediction, targets.reshape(-1, width), reduction="sum")
                else:
                    total = F.cross_entropy(prediction, targets.reshape(-1).long(), reduction="sum")
                per_row = exported.INPUT_WIDTH if exported.IS_SEQUENCE_MODEL else 1
            else:
                targets = targets.reshape(-1, width)
                if kind == "mse":
                    total = F.mse_loss(prediction, targets, reduction="sum")
                elif kind == "mae":
                    total = F.l1_loss(prediction, targets, reduction="sum")
                elif kind == "bce":
                    total = F.binary_cross_entropy(prediction, targets, reduction="sum")
                elif kind == "bce_logits":
                    total = F.binary_cross_entropy_with_logits(prediction, targets, reduction="sum")
                elif kind == "sse":
                    total = 0.5 * ((prediction - targets) ** 2).sum()
                else:
                    raise SystemExit(f"train_config.json names loss {kind!r}, which this script does not know")
                per_row = width * (exported.INPUT_WIDTH if exported.IS_SEQUENCE_MODEL else 1)
            return total, per_row


        def scheduled_rate(schedule, base, t):
            """The rate at the schedule's step t (0 first) from a group's base, as Backprop's
            LearningRateSchedule: StepLR, ExponentialLR, CosineAnnealingLR, LinearLR, nanoGPT's warm-up."""
            kind = schedule["kind"]
            if kind == "constant":
                return base
            if kind == "step":
                return base * math.pow(schedule["gamma"], t // max(schedule["size"], 1))
            if kind == "exponential":
                return base * math.pow(schedule["gamma"], t)
            if kind == "cosine":
                progress = min(t, schedule["period"]) / max(schedule["period"], 1)
                minimum = schedule["minimum"]
                return minimum + (base - minimum) * (1 + math.cos(math.pi * progress)) / 2
            if kind == "linear_warmup":
                progress = min(t, schedule["steps"]) / max(schedule["steps"], 1)
                return base * (schedule["start_factor"] + (1 - schedule["start_factor"]) * progress)
            if kind == "warmup":
                if t < schedule["steps"]:
                    return base * (t + 1) / (schedule["steps"] + 1)
                return scheduled_rate(schedule["then"], base, t - schedule["steps"])
            raise SystemExit(f"train_config.json names schedule {kind!r}, which this script does not know")


        def trained_groups(config):
            """The config's parameter groups without the frozen parameters, and without groups left empty."""
            frozen = set(config["frozen"])
            groups = []
            for group in config["optimizer"]["groups"]:
                names = [name for name in group["parameters"] if name not in frozen]
                if names:
                    groups.append({"lr": group["lr"], "parameters": names})
            if not groups:
                raise SystemExit("every parameter of the net is frozen: there is nothing to train")
            return groups


        def make_optimizer(config, parameters):
            settings = config["optimizer"]
            groups = [{"params": [parameters[name] for name in group["parameters"]], "lr": group["lr"]}
                      for group in trained_groups(config)]
            name = settings["name"]
            if name == "sgd":
                return torch.optim.SGD(groups, lr=settings["lr"], momentum=settings["momentum"],
                                       dampening=settings["dampening"], nesterov=settings["nesterov"],
                                       weight_decay=settings["weight_decay"], foreach=False)
            if name in ("adam", "adamw"):
                kind = torch.optim.AdamW if name == "adamw" else torch.optim.Adam
                return kind(groups, lr=settings["lr"], betas=(settings["beta1"], settings["beta2"]),
                            eps=settings["eps"], weight_decay=settings["weight_decay"],
                            amsgrad=settings["amsgrad"], foreach=False)
            if name == "rmsprop":
                return torch.optim.RMSprop(groups, lr=settings["lr"], alpha=settings["alpha"], eps=settings["eps"],
                                           weight_decay=settings["weight_decay"], momentum=settings["momentum"],
                                           centered=settings["centered"], foreach=False)
            if name == "adagrad":
                return torch.optim.Adagrad(groups, lr=settings["lr"], lr_decay=settings["lr_decay"],
                                           weight_decay=settings["weight_decay"],
                                           initial_accumulator_value=settings["initial_accumulator_value"],
                                           eps=settings["eps"], foreach=False)
            raise SystemExit(f"train_config.json names optimizer {name!r}, which this script does not know")


        # The state torch keeps per parameter besides its step, as optimizer.safetensors names it.
        BUFFERS = {"sgd": ["momentum_buffer"], "adam": ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"],
                   "adamw": ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"],
                   "rmsprop": ["square_avg", "grad_avg", "momentum_buffer"], "adagrad": ["sum"]}


        def load_optimizer_state(optimizer, config, parameters, path):
            tensors, _ = read_safetensors(path)
            name = config["optimizer"]["name"]
            for key, parameter in parameters.items():
                state = {buffer: tensors[f"{key}.{buffer}"].to(parameter.dtype)
                         for buffer in BUFFERS[name] if f"{key}.{buffer}" in tensors}
                if not state:
                    continue
                if name != "sgd":
                    state["step"] = torch.tensor(float(tensors[f"{key}.step"]), dtype=torch.get_default_dtype())
                optimizer.state[parameter] = state


        def optimizer_tensors(optimizer, config, parameters):
            name = config["optimizer"]["name"]
            tensors = {}
            for key, parameter in parameters.items():
                state = optimizer.state.get(parameter, {})
                for buffer in BUFFERS[name]:
                    if state.get(buffer) is not None:
                        tensors[f"{key}.{buffer}"] = state[buffer]
                if "step" in state:
                    tensors[f"{key}.step"] = torch.tensor(float(state["step"]), dtype=torch.float64)
            return tensors


        def main():
            parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
            parser.add_argument("--steps", type=int, help="steps to take (default: the config's steps)")
            arguments = parser.parse_args()

            config_path = os.path.join(HERE, "train_config.json")
            with open(config_path) as file:
                config = json.load(file)
            distributed = "WORLD_SIZE" in os.environ
            if distributed:
                dist.init_process_group("gloo")
            rank = dist.get_rank() if distributed else 0
            world = dist.get_world_size() if distributed else 1

            torch.set_default_dtype(exported.DTYPE)
            torch.manual_seed(config["seed"])
            model = exported.Model()
            weights, metadata = read_safetensors(os.path.join(HERE, config["files"]["model"]))
            model.load_state_dict(weights)
            parameters = dict(model.named_parameters())
            model.train(config["training_mode"])
            network = torch.nn.parallel.DistributedDataParallel(model) if distributed else model
            optimizer = make_optimizer(config, parameters)
            # What clip= scales: the parameters that train, as clip_grad_norm_ over a model whose
            # frozen parameters have no gradient.
            trained = [parameter for group in optimizer.param_groups for parameter in group["params"]]
            load_optimizer_state(optimizer, config, parameters, os.path.join(HERE, config["files"]["optimizer"]))

            data, _ = read_safetensors(os.path.join(HERE, config["files"]["data"]))
            inputs, targets = data["inputs"], data["targets"]
            cursor = config["cursor"]
            order = data["order"].tolist() if cursor["order_in_data"] else None
            generator = EngineRandom(cursor["generator"])
            rows_in_data = inputs.shape[0]
            batch_size = config["batch_size"]
            steps = arguments.steps if arguments.steps is not None else config["steps"]
            clip = config["clip_norm"]
            step = cursor["step"]
            epoch = cursor["epoch"]
            position = cursor["position"]

            for _ in range(steps):
                if order is None:
                    order = generator.permutation(rows_in_data) if config["shuffle"] else list(range(rows_in_data))
                    position = 0
                rows = order[position:position + batch_size]
                position += len(rows)
                mine = shard(rows, rank, world)
                torch.manual_seed(config["seed"] + step)
                for group, settings in zip(optimizer.param_groups, trained_groups(config)):
                    group["lr"] = scheduled_rate(config["schedule"], settings["lr"], step - config["schedule"]["start"])
                # The model's, not the optimizer's: frozen parameters' gradients are not to add up.
                model.zero_grad(set_to_none=True)
                index = torch.tensor(mine, dtype=torch.int64)
                total, per_row = loss_sum(config, network, inputs[index], targets[index])
                reduction = config["loss"]["reduction"]
                share = total / (len(rows) * per_row) if reduction == "mean" else total
                # DDP averages the processes' gradients, and each share is already its part of the
                # whole batch's loss, so each is scaled back up by the number of processes.
                (share * world).backward()
                if clip is not None:
                    torch.nn.utils.clip_grad_norm_(trained, clip)
                optimizer.step()
                loss = share.detach().clone()
                if distributed:
                    dist.all_reduce(loss)
                if not torch.isfinite(loss):
                    raise SystemExit(f"step {step + 1}: the loss is {loss.item()}, not a finite number; "
                                     "the folder is left as it was (a lower rate or clip= may help)")
                step += 1
                if position == rows_in_data:
                    epoch += 1
                    order = None
                if rank == 0:
                    print(f"step {step}  loss {loss.item()!r}", flush=True)

            if rank == 0:
                metadata = dict(metadata)
                metadata.update({"step": str(step), "epoch": str(epoch)})
                write_safetensors(os.path.join(HERE, config["files"]["model"]), model.state_dict(), metadata)
                write_safetensors(os.path.join(HERE, config["files"]["optimizer"]),
                                  optimizer_tensors(optimizer, config, parameters),
                                  {"optimizer": config["optimizer"]["name"], "step": str(step)})
                if order is not None:
                    data["order"] = torch.tensor(order, dtype=torch.int64)
                    write_safetensors(os.path.join(HERE, config["files"]["data"]), data, {})
                config["cursor"] = {"step": step, "epoch": epoch, "position": position,
                                    "order_in_data": order is not None,
                                    "generator": [str(word) for word in generator.state]}
                write_json(config_path, config)
            if distributed:
                del network
                dist.barrier()
                dist.destroy_process_group()
                # Every file is written and closed. Leaving without the interpreter's teardown: there,
                # one in some twenty runs, a thread of gloo's is destroyed while joinable and aborts a
                # finished process ("terminate called without an active exception"), failing torchrun.
                sys.stdout.flush()
                os._exit(0)


        if __name__ == "__main__":
            main()
        """#
}
