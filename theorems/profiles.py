"""The verification profiles ``quick``, ``default`` and ``thorough``, defined here and nowhere else.

A profile is mapped to a ``hypothesis.settings`` object that is passed
explicitly to each numeric check; nothing is registered globally and nothing is
written to disk (``database=None``).  Checks size their other work (symbolic
architectures, simulation lengths) with :meth:`Profile.pick`.
"""

from dataclasses import dataclass

from numerics.errors import check_choice

__all__ = ["PROFILES", "Profile", "profile"]


@dataclass(frozen=True)
class Profile:
    """How much work a verification run does.

    Attributes
    ----------
    name : str
        ``quick``, ``default`` or ``thorough``.
    examples : int
        Hypothesis examples per numeric check.
    budget : str
        One line saying what the profile is for.
    """

    name: str
    examples: int
    budget: str

    def settings(self, *, shrink=True):
        """The ``hypothesis.settings`` of this profile.

        Deterministic given ``hypothesis.seed``: no deadline, no database, no
        time-dependent health checks.  ``shrink=False`` skips shrinking (used
        when a mutant only has to be rejected, not minimised).
        """
        import hypothesis  # here: the command line reads the profiles' names without paying for Hypothesis
        from hypothesis import HealthCheck, Phase

        phases = (Phase.explicit, Phase.generate) + ((Phase.shrink,) if shrink else ())
        return hypothesis.settings(
            max_examples=self.examples,
            database=None,
            deadline=None,
            derandomize=False,
            print_blob=False,
            report_multiple_bugs=False,
            phases=phases,
            suppress_health_check=list(HealthCheck),
        )

    def pick(self, *, quick, default, thorough):
        """Return the value given for this profile's name.

        Examples
        --------
        >>> PROFILES["quick"].pick(quick=1, default=2, thorough=3)
        1
        """
        return {"quick": quick, "default": default, "thorough": thorough}[self.name]


PROFILES = {
    "quick": Profile("quick", 20, "CI and the before-stop check: the whole catalogue within 60 s"),
    "default": Profile("default", 100, "what `theorems verify` runs: the whole catalogue within 3 minutes"),
    "thorough": Profile("thorough", 1000, "for users with time: full-size simulations and many examples"),
}


def profile(name):
    """Return the :class:`Profile` called `name`, or raise ``InvalidArgument`` naming the valid ones.

    Examples
    --------
    >>> profile("quick").examples
    20
    """
    if isinstance(name, Profile):
        return name
    return PROFILES[check_choice(name, "profile", PROFILES)]
