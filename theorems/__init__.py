"""dl-theorems: the theorems of deep-learning theory, stated, derived, checked and typeset.

>>> import theorems
>>> theorems.get("homogeneity.relu_euler").kind
'identity'
"""

from numerics.lazy import lazy_names

from theorems.version import __version__ as __version__  # re-exported: theorems.__version__

_HOMES = {
    "InvalidArgument": "numerics.errors",
    "check_derivation": "theorems.derivations.checker",
    "DerivationReport": "theorems.derivations.report",
    "StepResult": "theorems.derivations.report",
    "KINDS": "theorems.fixed_names",
    "TOPICS": "theorems.fixed_names",
    "Assumption": "theorems.core",
    "Mutant": "theorems.core",
    "Step": "theorems.core",
    "Theorem": "theorems.core",
    "PROFILES": "theorems.profiles",
    "UnknownTheorem": "theorems.registry",
    "catalogue": "theorems.registry",
    "get": "theorems.registry",
    "CatalogueReport": "theorems.report",
    "CheckResult": "theorems.report",
    "TheoremReport": "theorems.report",
}

__all__ = [
    "KINDS",
    "PROFILES",
    "TOPICS",
    "Assumption",
    "CatalogueReport",
    "CheckResult",
    "DerivationReport",
    "InvalidArgument",
    "Mutant",
    "Step",
    "StepResult",
    "Theorem",
    "TheoremReport",
    "UnknownTheorem",
    "catalogue",
    "check_derivation",
    "get",
    "verify",
]


# the names are imported on first use: a command pays only for what it uses
__getattr__, __dir__ = lazy_names(__name__, _HOMES, globals())


def verify(ids=None, *, topic=None, seed=0, profile="default", progress=None, workers=1, scheduler=None):
    """Verify several theorems (all of them by default) with one seed and profile.

    Parameters
    ----------
    ids : str or sequence of str, optional
        Theorem ids (each verified once); None for the whole catalogue (or the `topic`).
    topic : str or sequence of str, optional
        Restrict to one topic, or to several.
    seed : int
    profile : str
    progress : callable, optional
        Called as ``progress(index, total, theorem)`` before each theorem (serially), or as
        ``progress(done, total, theorem_id)`` after each theorem (in parallel, :mod:`theorems.parallel`).
    workers : int
        Worker processes; more than 1 verifies the theorems in parallel, with the same report.
    scheduler : str, optional
        The address of a Dask distributed scheduler to run the units on instead.

    Returns
    -------
    CatalogueReport

    Raises
    ------
    UnknownTheorem, InvalidArgument
        On an unknown id, topic or profile, or an empty selection, before any work.
    theorems.parallel.Interrupted
        On Ctrl-C (a ``KeyboardInterrupt``): its ``report`` holds the theorems that finished, and says
        ``interrupted``.
    """
    from numerics.errors import check_int
    from theorems.parallel import Interrupted, single_threaded_blas, verify_units
    from theorems.profiles import profile as _profile
    from theorems.registry import select
    from theorems.report import CatalogueReport

    name = _profile(profile).name
    chosen = select(ids, topic)
    if scheduler is not None or check_int(workers, "workers", minimum=1) > 1:
        return verify_units(chosen, seed=seed, profile=name, workers=workers, scheduler=scheduler,
                            progress=progress)
    reports = []
    with single_threaded_blas():  # as in the workers of a parallel run: the same digits
        try:
            for index, theorem in enumerate(chosen):
                if progress is not None:
                    progress(index, len(chosen), theorem)
                reports.append(theorem.verify(seed=seed, profile=profile))
        except KeyboardInterrupt:
            raise Interrupted(CatalogueReport(tuple(reports), seed, name, interrupted=True)) from None
    return CatalogueReport(tuple(reports), seed, name)
