"""``theorems check`` on the LaTeX corpus: no false verdict, no traceback, and the table of outcomes in the docs.

Each step gets one outcome:

* ``right``: proved when true, refuted when false, on the expressions the corpus's forms say (a verdict on a
  misread expression does not count, even when it agrees with the truth);
* ``consistent``: numerically consistent on a true step read as written (honest, not a proof);
* ``undecided``, ``cannot read``: honest non-verdicts (the latter a located error in the user's text);
* ``misread``: read as something else than written, with a verdict that happens not to contradict the truth;
* ``FALSE``: a true step refuted, or a false step proved or called numerically consistent;
* ``traceback``: anything but a verdict or a located error.

Run ``python -m tests.theorems.derivations.test_latex_corpus`` for the table and the cases behind each outcome.
"""

import functools
import re
import time
from pathlib import Path

import pytest

from numerics.errors import InvalidArgument
from tests.theorems.derivations import latex_corpus_truth as truth
from tests.theorems.derivations.latex_corpus import CATEGORIES, CORPUS, steps
from theorems.derivations.document import check_document

OUTCOMES = ("right", "consistent", "undecided", "cannot read", "misread", "FALSE", "traceback")
HONEST = ("right", "consistent", "undecided", "cannot read")
DOCS = Path(__file__).parents[3] / "docs" / "derivations.rst"


def outcomes(case):
    """The outcome of each step of `case`, with the verdicts as read: ``[(outcome, detail), ...]``."""
    labels = case.truths
    try:
        document = check_document(case.latex, functions=case.functions, definitions=[d for d, _ in case.define],
                                  assumptions=case.assume, symbols=case.symbols, **declarations(case))
    except InvalidArgument as exc:
        return [("cannot read", str(exc))] * len(labels)
    except Exception as exc:  # noqa: BLE001 (what the test is looking for)
        return [("traceback", f"{type(exc).__name__}: {exc}")] * len(labels)
    chains = [c for c in document.chains if c.error is not None or c.report is not None]
    forms = case.chains
    if len(chains) != len(forms):
        return _misaligned(labels, [v for c in chains if c.report for v in c.report.verdicts],
                           f"{len(chains)} chains read for {len(forms)}")
    out, k = [], 0
    for chain, form in zip(chains, forms):
        count = len(truth._RELATION.findall(form))
        if chain.error is not None:
            out += [("cannot read", str(chain.error))] * count
        elif len(chain.report.steps) != count:
            out += _misaligned(labels[k:k + count], chain.report.verdicts,
                               f"{len(chain.report.steps)} steps read for {count}")
        else:
            sides = [chain.steps[0]] + [expr for _, expr in chain.steps[1:]]
            same = truth.same_reading(_single(case, form), [sides])
            for label, step in zip(labels[k:k + count], chain.report.steps):
                out.append((_outcome(label, step.verdict, same), f"{step.verdict}: {step.lhs} {step.relation} "
                                                                 f"{step.rhs}"))
        k += count
    return out


def declarations(case):
    """The shapes and random variables `case` declares, as ``check_document``'s keyword arguments."""
    names = ("vectors", "matrices", "random", "independent")
    return {name: getattr(case, name) for name in names if getattr(case, name)}


def _single(case, form):
    """`case` restricted to one of its chains, for comparing readings."""
    from dataclasses import replace

    return replace(case, form=form, truth=True)


def _outcome(label, verdict, same):
    if (label and verdict == "refuted") or (not label and verdict in ("proved", "numerically consistent")):
        return "FALSE"
    if verdict == "undecided":
        return "undecided"
    if not same:
        return "misread"
    return "consistent" if verdict == "numerically consistent" else "right"


def _misaligned(labels, verdicts, detail):
    """Steps that cannot be paired with the forms: misread, or FALSE when the verdicts contradict every label."""
    if verdicts and (all(labels) and "refuted" in verdicts or not any(labels) and "refuted" not in verdicts
                     and "undecided" not in verdicts):
        return [("FALSE", detail)] * len(labels)
    return [("misread", detail)] * len(labels)


@functools.lru_cache(maxsize=1)
def results():
    """``[(case, outcomes, seconds), ...]`` over the corpus."""
    out = []
    for case in CORPUS:
        start = time.perf_counter()
        out.append((case, outcomes(case), time.perf_counter() - start))
    return out


def table(rows):
    """The outcomes by category, as a reST grid table's rows."""
    counts = {c: dict.fromkeys(OUTCOMES, 0) for c in CATEGORIES}
    for case, found, _ in rows:
        for outcome, _ in found:
            counts[case.category][outcome] += 1
    head = ["category", "steps", *OUTCOMES, "right %"]
    lines = [head]
    for category in CATEGORIES:
        total = sum(counts[category].values())
        lines.append([category, str(total), *(str(counts[category][o]) for o in OUTCOMES),
                      f"{100 * counts[category]['right'] / total:.0f}"])
    total = {o: sum(counts[c][o] for c in CATEGORIES) for o in OUTCOMES}
    lines.append(["all", str(sum(total.values())), *(str(total[o]) for o in OUTCOMES),
                  f"{100 * total['right'] / sum(total.values()):.0f}"])
    widths = [max(len(r[k]) for r in lines) for k in range(len(head))]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    text = [rule]
    for k, row in enumerate(lines):
        text.append("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |")
        text.append(rule.replace("-", "=") if k == 0 else rule)
    return "\n".join(text)


def test_the_corpus_is_large_and_every_label_is_the_forms_truth():
    assert steps() >= 450 and {c.category for c in CORPUS} == set(CATEGORIES)
    assert all(c.source for c in CORPUS)
    for case in CORPUS:
        found = [t for t, _ in truth.truth(case)]
        assert found == list(case.truths), case.latex


@pytest.mark.parametrize("outcome", ["FALSE", "traceback"])
def test_no_false_verdict_and_no_traceback(outcome):
    bad = [(case.latex, detail) for case, found, _ in results() for o, detail in found if o == outcome]
    assert not bad, f"{len(bad)} steps: {bad[:5]}"


def test_the_docs_table_is_the_corpus_outcome():
    text = DOCS.read_text(encoding="utf-8")
    assert table(results()) in text


def main():
    rows = results()
    print(table(rows))
    seconds = sum(s for _, _, s in rows)
    print(f"\n{steps()} steps, {seconds:.1f} s in all, {1000 * seconds / steps():.0f} ms per step\n")
    for case, found, _ in rows:
        for k, (outcome, detail) in enumerate(found):
            if outcome not in ("right",):
                latex = re.sub(r"\s+", " ", case.latex)[-110:]
                print(f"[{outcome}] {case.category}: {latex!r} step {k + 1}: {detail[:200]}")


if __name__ == "__main__":
    main()
