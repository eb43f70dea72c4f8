#!/usr/bin/env python3
"""PyTorch eager peer of the SynerGen-VL model: replays a run written by `synergen bench peer`.

Reads DIR/setup.json (model config, optimizer settings), DIR/init.safetensors (the DJL run's
initial weights) and DIR/batches.jsonl (every step's prepared batch), trains the same steps with
the same weights, objective, clipping and AdamW, writes DIR/pytorch.json and prints DJL's and
PyTorch's loss curves and speeds side by side (DJL's from DIR/djl.json).

Not part of the product or its tests: a benchmark reference. Needs Debian's python3-torch.
"""
import json
import math
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

MASKED = -1e9


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] != "F32":
            raise SystemExit(f"{path}: tensor {name} is {meta['dtype']}, expected F32")
        start, end = meta["data_offsets"]
        array = np.frombuffer(data[start:end], dtype="<f4").copy()
        tensors[name] = torch.from_numpy(array).reshape(meta["shape"])
    return tensors


class Peer:
    """The model as plain functions over a dict of named parameters (the checkpoint keys of the Java model)."""

    def __init__(self, setup, weights):
        m = setup["model"]
        self.d = m["hidden"]
        self.layers = m["layers"]
        self.heads = m["heads"]
        self.kv_heads = m["kvHeads"]
        self.head_dim = self.d // self.heads
        self.head_layers = m["headLayers"]
        self.theta = m["ropeTheta"]
        self.eps = m["normEps"]
        self.text_vocab = m["textVocab"]
        grid = m["grid"]
        self.window = grid["foldH"] * grid["foldW"]
        self.image_loss_weight = setup["image_loss_weight"]
        self.p = {k: v.clone().requires_grad_(True) for k, v in weights.items()}

    def rms(self, x, name):
        return x / torch.sqrt(x.square().mean(-1, keepdim=True) + self.eps) * self.p[name + ".weight"]

    def linear(self, x, name):
        return x @ self.p[name + ".weight"].t()

    def rope(self, length):
        half = self.head_dim // 2
        i = torch.arange(half, dtype=torch.float64)
        t = torch.arange(length, dtype=torch.float64)
        angle = t[:, None] / torch.pow(torch.tensor(self.theta, dtype=torch.float64), 2.0 * i / self.head_dim)
        angle = torch.cat([angle, angle], -1)
        return torch.cos(angle).float(), torch.sin(angle).float()

    @staticmethod
    def rotate(x, cos, sin):
        half = x.shape[-1] // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], -1)
        return x * cos + rotated * sin

    def attention(self, x, name, cos, sin, mask):
        b, t, _ = x.shape
        group = self.heads // self.kv_heads
        q = self.linear(x, name + ".wq").reshape(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.linear(x, name + ".wk").reshape(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.linear(x, name + ".wv").reshape(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q = self.rotate(q, cos, sin).reshape(b, self.kv_heads, group, t, self.head_dim)
        k = self.rotate(k, cos, sin).unsqueeze(2)
        v = v.unsqueeze(2)
        scores = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(self.head_dim)) + mask
        out = scores.softmax(-1) @ v
        out = out.reshape(b, self.heads, t, self.head_dim).transpose(1, 2).reshape(b, t, self.d)
        return self.linear(out, name + ".wo")

    def swiglu(self, x, name):
        gate = self.linear(x, name + ".w1")
        return self.linear(gate * torch.sigmoid(gate) * self.linear(x, name + ".w3"), name + ".w2")

    def layer(self, x, name, cos, sin, mask, image_rows):
        b, t, d = x.shape
        h = x + self.attention(self.rms(x, name + ".attention_norm"), name + ".attention", cos, sin, mask)
        y = self.rms(h, name + ".ffn_norm").reshape(b * t, d)
        if image_rows is None:  # the unfolding head: every position is an image position
            out = self.swiglu(y, name + ".ffn")
        else:
            out = torch.empty_like(y)
            text_rows = ~image_rows
            out[text_rows] = self.swiglu(y[text_rows], name + ".ffn.text")
            out[image_rows] = self.swiglu(y[image_rows], name + ".ffn.image")
        return h + out.reshape(b, t, d)

    @staticmethod
    def causal(length):
        return torch.triu(torch.full((length, length), MASKED), diagonal=1)

    def embed(self, batch):
        ids = torch.tensor(batch["text_ids"], dtype=torch.long)
        special = ids >= self.text_vocab
        from_text = self.p["text_embed.weight"][torch.where(special, torch.zeros_like(ids), ids)]
        from_special = self.p["special_embed.weight"][torch.where(special, ids - self.text_vocab, torch.zeros_like(ids))]
        x = torch.where(special[:, None], from_special, from_text)
        codes = batch["window_codes"]
        if codes:
            m = self.window
            codes = torch.tensor(codes, dtype=torch.long).reshape(-1, m)
            positions = torch.tensor(batch["window_positions"], dtype=torch.long).reshape(-1, m)
            e = self.p["folding.code_embed.weight"][codes] + self.p["folding.pos_embed.weight"][positions]
            e = e.reshape(codes.shape[0], m * self.d)
            hidden = F.gelu(e @ self.p["folding.fc1.weight"].t() + self.p["folding.fc1.bias"])
            folded = hidden @ self.p["folding.fc2.weight"].t() + self.p["folding.fc2.bias"]
            x = torch.cat([x, folded], 0)[torch.tensor(batch["input_gather"], dtype=torch.long)]
        return x.reshape(batch["batch"], batch["length"], self.d)

    def loss(self, batch):
        t = batch["length"]
        cos, sin = self.rope(t)
        mask = self.causal(t)
        image_rows = torch.tensor(batch["is_image"], dtype=torch.bool)
        x = self.embed(batch)
        for i in range(self.layers):
            x = self.layer(x, f"layers.{i}", cos, sin, mask, image_rows)
        flat = self.rms(x, "norm").reshape(-1, self.d)
        text = torch.zeros(())
        image = torch.zeros(())
        if batch["lm_rows"]:
            h = flat[torch.tensor(batch["lm_rows"], dtype=torch.long)]
            logits = torch.cat([self.linear(h, "lm_head"), self.linear(h, "special_head")], -1)
            targets = torch.tensor(batch["lm_targets"], dtype=torch.long)
            text = -logits.log_softmax(-1).gather(1, targets[:, None]).squeeze(1).mean()
        if batch["head_rows"] and batch["image_targets"] > 0:
            m = self.window
            codes = torch.tensor(batch["head_codes"], dtype=torch.long).reshape(-1, m)
            head = flat[torch.tensor(batch["head_rows"], dtype=torch.long)].unsqueeze(1)
            if m > 1:
                head = torch.cat([head, self.p["unfolding.code_embed.weight"][codes[:, : m - 1]]], 1)
            head = head + self.p["unfolding.pos_embed.weight"]
            hcos, hsin = self.rope(m)
            hmask = self.causal(m)
            for j in range(self.head_layers):
                head = self.layer(head, f"unfolding.layers.{j}", hcos, hsin, hmask, None)
            logits = self.linear(self.rms(head, "unfolding.norm"), "unfolding.classifier")
            picked = logits.log_softmax(-1).gather(-1, codes.unsqueeze(-1)).squeeze(-1)
            weights = torch.tensor(batch["head_mask"], dtype=torch.float32).reshape(-1, m)
            image = (picked * weights).sum() / -float(batch["image_targets"])
        return text + self.image_loss_weight * image, text, image


def train(directory):
    with open(f"{directory}/setup.json") as f:
        setup = json.load(f)
    with open(f"{directory}/djl.json") as f:
        djl = json.load(f)
    with open(f"{directory}/batches.jsonl") as f:
        batches = [json.loads(line) for line in f]
    torch.set_num_threads(djl["threads"])
    torch.manual_seed(0)
    peer = Peer(setup, read_safetensors(f"{directory}/init.safetensors"))
    params = list(peer.p.values())
    decay = [p for p in params if p.dim() >= 2]  # matrices and embeddings; not norm gains or biases
    no_decay = [p for p in params if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": setup["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}],
        lr=setup["lr"], betas=(setup["beta1"], setup["beta2"]), eps=setup["eps"])
    matmul = matmul_gflops(1024)
    steps = []
    for i, batch in enumerate(batches):
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        total, text, image = peer.loss(batch)
        total.backward()
        norm = torch.nn.utils.clip_grad_norm_(params, setup["clip_norm"])
        optimizer.step()
        ms = (time.perf_counter() - start) * 1000
        steps.append({"loss": total.item(), "text_loss": text.item(), "image_loss": image.item(),
                      "grad_norm": norm.item(), "ms": ms, "tokens": batch["unfolded_tokens"]})
        print(f"PyTorch step {i + 1}/{len(batches)} loss {total.item():.4f} (text {text.item():.4f}, "
              f"image {image.item():.4f}) {ms:.0f} ms", flush=True)
    report = {"implementation": f"PyTorch {torch.__version__} eager (Python)", "threads": torch.get_num_threads(),
              "matmul_gflops_1024": matmul, "steps": steps}
    summarise(report, setup["warmup_steps"])
    with open(f"{directory}/pytorch.json", "w") as f:
        json.dump(report, f, indent=2)
    return setup, djl, report


def matmul_gflops(n):
    """Best of three timed runs of n x n float32 matmuls, as the DJL side measures its own."""
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    reps = max(3, int(2e10 / (2.0 * n ** 3)))
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(reps):
            c = a @ b
        c.sum().item()
        best = max(best, 2.0 * n ** 3 * reps / (time.perf_counter() - start) / 1e9)
    return best


def summarise(report, warmup):
    timed = report["steps"][warmup:]
    report["ms_per_step_median"] = sorted(s["ms"] for s in timed)[len(timed) // 2]
    report["tokens_per_s"] = sum(s["tokens"] for s in timed) / (sum(s["ms"] for s in timed) / 1000)
    report["final_loss"] = report["steps"][-1]["loss"]


def compare(directory, setup, djl, torch_report):
    a, b = djl["steps"], torch_report["steps"]
    n = min(len(a), len(b))
    largest = max(abs(a[i]["loss"] - b[i]["loss"]) / abs(a[i]["loss"]) for i in range(n))
    lines = [
        f"### DJL vs PyTorch eager: {setup['model']['name']} model, batch {setup['batch']}, {n} steps, "
        f"{djl['threads']} threads each",
        "",
        "| | DJL | PyTorch eager | DJL / PyTorch |",
        "|---|---|---|---|",
        f"| implementation | {djl['implementation']} | {torch_report['implementation']} | |",
        f"| tokens/s (steps {setup['warmup_steps'] + 1}-{n}) | {djl['tokens_per_s']:,.0f} | "
        f"{torch_report['tokens_per_s']:,.0f} | {djl['tokens_per_s'] / torch_report['tokens_per_s']:.2f}x |",
        f"| median ms per step | {djl['ms_per_step_median']:,.0f} | {torch_report['ms_per_step_median']:,.0f} | "
        f"{djl['ms_per_step_median'] / torch_report['ms_per_step_median']:.2f}x |",
        f"| matmul GFLOP/s, n = 1024 | {djl['matmul_gflops_1024']:,.0f} | {torch_report['matmul_gflops_1024']:,.0f} | "
        f"{djl['matmul_gflops_1024'] / torch_report['matmul_gflops_1024']:.2f}x |",
        f"| loss at step 1 | {a[0]['loss']:.5f} | {b[0]['loss']:.5f} | |",
        f"| loss at step {n} | {a[n - 1]['loss']:.5f} | {b[n - 1]['loss']:.5f} | |",
        f"| largest relative loss difference over the steps | | | {largest:.2e} |",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    with open(f"{directory}/comparison.md", "w") as f:
        f.write(text)


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        print("usage: peer.py DIR   (DIR written by: synergen bench peer --out DIR)")
        sys.exit(0 if len(sys.argv) == 2 else 2)
    setup, djl, report = train(sys.argv[1])
    compare(sys.argv[1], setup, djl, report)


if __name__ == "__main__":
    main()
