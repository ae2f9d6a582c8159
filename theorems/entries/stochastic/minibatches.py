"""Minibatches of gradients: symbolic per-example gradients, all batches of a size, Hypothesis data."""

import itertools

import numpy as np
import sympy as sp
from hypothesis import strategies as st

__all__ = []  # helpers private to the topic's entries


def _symbolic_gradients(n):
    return sp.symbols(f"g0:{n}", real=True)


def _batches(n, b, replacement):
    return list(itertools.product(range(n), repeat=b) if replacement else itertools.combinations(range(n), b))


@st.composite
def _gradient_sets(draw):
    n = draw(st.integers(2, 7))
    d = draw(st.integers(1, 3))
    b = draw(st.integers(1, min(n, 4)))
    seed = draw(st.integers(0, 2**32 - 1))
    return {"G": np.random.default_rng(seed).standard_normal((n, d)) * draw(st.sampled_from([1e-3, 1.0, 1e3])),
            "b": b, "replacement": draw(st.booleans())}
