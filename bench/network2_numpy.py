#!/usr/bin/env python3
"""network2.py (Nielsen, Neural Networks and Deep Learning, ch. 3) in numpy, for two jobs.

* --bench: times the chapter's "fully matrix-based" mini-batch backpropagation (float64, sigmoid
  neurons, cross-entropy cost, L2 regularization) on MNIST's 50,000 training images: the numpy
  reference bench/epoch-speed.sh compares streamnet's Java core with.
* --train: network2's SGD run with per-epoch validation (30 epochs of the chapter's setting), printing
  the test accuracy of the epoch with the best validation accuracy, as `train-local` reports it:
  the float64 reference for the seed-to-seed spread of that number.
* --check-model / --write-fixture: network2's own load(), feedforward and save(), to show that
  model files written by streamnet load in network2 and the reverse.

Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 for a one-thread comparison.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np


# ---- network2.py, as published (cost classes, sigmoid, Network.__init__/feedforward/save, load) ----

class QuadraticCost(object):
    @staticmethod
    def fn(a, y):
        return 0.5 * np.linalg.norm(a - y) ** 2

    @staticmethod
    def delta(z, a, y):
        return (a - y) * sigmoid_prime(z)


class CrossEntropyCost(object):
    @staticmethod
    def fn(a, y):
        return np.sum(np.nan_to_num(-y * np.log(a) - (1 - y) * np.log(1 - a)))

    @staticmethod
    def delta(z, a, y):
        return (a - y)


class Network(object):
    def __init__(self, sizes, cost=CrossEntropyCost):
        self.num_layers = len(sizes)
        self.sizes = sizes
        self.default_weight_initializer()
        self.cost = cost

    def default_weight_initializer(self):
        self.biases = [np.random.randn(y, 1) for y in self.sizes[1:]]
        self.weights = [np.random.randn(y, x) / np.sqrt(x)
                        for x, y in zip(self.sizes[:-1], self.sizes[1:])]

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def save(self, filename):
        data = {"sizes": self.sizes,
                "weights": [w.tolist() for w in self.weights],
                "biases": [b.tolist() for b in self.biases],
                "cost": str(self.cost.__name__)}
        f = open(filename, "w")
        json.dump(data, f)
        f.close()


def load(filename):
    f = open(filename, "r")
    data = json.load(f)
    f.close()
    cost = getattr(sys.modules[__name__], data["cost"])
    net = Network(data["sizes"], cost=cost)
    net.weights = [np.array(w) for w in data["weights"]]
    net.biases = [np.array(b) for b in data["biases"]]
    return net


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


# ---- the matrix-based mini-batch step and its timing ----

def update_mini_batch(net, X, Y, eta, lmbda, n):
    """One SGD step on a mini-batch whose examples are the columns of X (inputs) and Y (targets).

    network2's update_mini_batch and backprop with all m examples at once; σ'(z) is taken as
    a(1 − a) from the activations already computed instead of evaluating σ again.
    """
    activations = [X]
    for b, w in zip(net.biases, net.weights):
        activations.append(sigmoid(np.dot(w, activations[-1]) + b))
    delta = activations[-1] - Y  # CrossEntropyCost.delta
    m = X.shape[1]
    for l in range(1, net.num_layers):
        nabla_w = np.dot(delta, activations[-l - 1].T)
        nabla_b = delta.sum(axis=1, keepdims=True)
        if l < net.num_layers - 1:
            a = activations[-l - 1]
            delta = np.dot(net.weights[-l].T, delta) * a * (1 - a)
        net.weights[-l] = (1 - eta * (lmbda / n)) * net.weights[-l] - (eta / m) * nabla_w
        net.biases[-l] = net.biases[-l] - (eta / m) * nabla_b


def read_idx(path, header):
    return np.frombuffer(Path(path).read_bytes(), dtype=np.uint8, offset=header)


def load_mnist(directory):
    """MNIST split as network2's mnist_loader splits it: 50,000 training, 10,000 validation."""
    images = read_idx(Path(directory) / "train-images-idx3-ubyte", 16).reshape(-1, 784) / 255.0
    labels = read_idx(Path(directory) / "train-labels-idx1-ubyte", 8).astype(np.int64)
    return (images[:50000], labels[:50000]), (images[50000:], labels[50000:])


def bench(args):
    (images, labels), (valid_images, valid_labels) = load_mnist(args.bench)
    if args.examples:
        images, labels = images[:args.examples], labels[:args.examples]
    sizes = [int(s) for s in args.sizes.split(",")]
    np.random.seed(1)
    net = Network(sizes)
    targets = np.eye(sizes[-1])[labels]
    n, m = len(images), args.mini_batch
    order = np.arange(n)

    def epoch():
        np.random.shuffle(order)
        for k in range(0, n - m + 1, m):
            batch = order[k:k + m]
            update_mini_batch(net, images[batch].T, targets[batch].T, args.eta, args.lmbda, n)

    for _ in range(args.warmup):
        epoch()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(args.epochs):
        epoch()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    examples = n // m * m
    validation = accuracy(net, valid_images, valid_labels)
    total = args.epochs * examples
    print(f"numpy {args.sizes} mini-batch {m}: {total / seconds:.0f} examples/s, "
          f"{total / cpu_seconds:.0f} per CPU second "
          f"({args.epochs} timed epochs of {examples} after {args.warmup} warm-up)")
    print(f"numpy {args.sizes} mini-batch {m}: validation accuracy {validation:.4f} "
          f"after {args.warmup + args.epochs} epochs")


def load_test(directory):
    images = read_idx(Path(directory) / "t10k-images-idx3-ubyte", 16).reshape(-1, 784) / 255.0
    labels = read_idx(Path(directory) / "t10k-labels-idx1-ubyte", 8).astype(np.int64)
    return images, labels


def accuracy(net, images, labels):
    return np.mean(np.argmax(net.feedforward(images.T), axis=0) == labels)


def train(args):
    """SGD for args.epochs epochs; prints each epoch's validation accuracy and the best epoch's test."""
    (images, labels), (valid_images, valid_labels) = load_mnist(args.train)
    test_images, test_labels = load_test(args.train)
    sizes = [int(s) for s in args.sizes.split(",")]
    np.random.seed(args.seed)
    net = Network(sizes)
    targets = np.eye(sizes[-1])[labels]
    n, m = len(images), args.mini_batch
    order = np.arange(n)
    best = (-1.0, 0, 0.0)
    for epoch in range(1, args.epochs + 1):
        np.random.shuffle(order)
        for k in range(0, n - m + 1, m):
            batch = order[k:k + m]
            update_mini_batch(net, images[batch].T, targets[batch].T, args.eta, args.lmbda, n)
        validation = accuracy(net, valid_images, valid_labels)
        if validation > best[0]:
            best = (validation, epoch, accuracy(net, test_images, test_labels))
        print(f"epoch {epoch}: validation accuracy {validation:.4f}", flush=True)
    print(f"numpy {args.sizes} seed {args.seed}: best epoch {best[1]} (validation {best[0]:.4f}), "
          f"test accuracy {best[2]:.4f}")


def blas():
    """The BLAS library numpy was built against, in one line."""
    info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    print(f"numpy {np.__version__}, BLAS {info.get('name')} {info.get('version')}")


def check_model(args):
    """Loads a model network2's way and prints its outputs for each input row as a JSON list."""
    net = load(args.check_model)
    inputs = json.loads(Path(args.inputs).read_text())
    outputs = [net.feedforward(np.array(x, dtype=np.float64).reshape(-1, 1)).ravel().tolist()
               for x in inputs]
    print(json.dumps(outputs))


def write_fixture(directory):
    """network2-saved.json through network2's save(), and its outputs for a few inputs."""
    np.random.seed(2)
    net = Network([4, 3, 2], cost=CrossEntropyCost)
    net.save(str(Path(directory) / "network2-saved.json"))
    inputs = np.random.rand(3, 4)
    outputs = [net.feedforward(x.reshape(-1, 1)).ravel().tolist() for x in inputs]
    (Path(directory) / "network2-saved-outputs.json").write_text(
        json.dumps({"inputs": inputs.tolist(), "outputs": outputs}, indent=1) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--bench", metavar="MNIST_DIR", help="time training epochs on MNIST")
    mode.add_argument("--train", metavar="MNIST_DIR", help="train with per-epoch validation")
    mode.add_argument("--blas", action="store_true", help="print the BLAS numpy uses")
    mode.add_argument("--check-model", metavar="FILE", help="load FILE as network2 does")
    mode.add_argument("--write-fixture", metavar="DIR", help="write network2-saved*.json into DIR")
    parser.add_argument("--inputs", metavar="FILE", help="JSON list of input vectors (--check-model)")
    parser.add_argument("--sizes", default="784,30,10")
    parser.add_argument("--mini-batch", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--examples", type=int, default=0,
                        help="train on the first EXAMPLES training images only (--bench; 0: all)")
    parser.add_argument("--eta", type=float, default=0.5)
    parser.add_argument("--lmbda", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=1, help="numpy's seed (--train)")
    args = parser.parse_args()
    if args.bench:
        bench(args)
    elif args.train:
        train(args)
    elif args.blas:
        blas()
    elif args.check_model:
        if not args.inputs:
            parser.error("--check-model needs --inputs")
        check_model(args)
    else:
        write_fixture(args.write_fixture)


if __name__ == "__main__":
    main()
