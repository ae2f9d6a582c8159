"""The catalogue's fixed vocabulary: the topics and their titles, the kinds of claim and how prose names them, the
kinds of check.  Names that tests, users and the JSON report rely on (see the design page of the documentation)."""

__all__ = ["CHECK_KINDS", "KINDS", "KIND_PHRASES", "TOPICS", "TOPIC_TITLES"]

TOPICS = ("dynamics", "hessian", "homogeneity", "bezout", "capacity", "approximation", "stochastic", "landscape",
          "backprop")
TOPIC_TITLES = {
    "dynamics": "Gradient dynamics: flows, margins and normalized weights",
    "hessian": "Hessians of the loss",
    "homogeneity": "Homogeneity of deep ReLU networks",
    "bezout": "The landscape of the empirical risk by Bezout's theorem",
    "capacity": "Capacity and generalization bounds",
    "approximation": "Approximation by shallow and deep networks",
    "stochastic": "SGD noise, Langevin dynamics and the volume of minima",
    "landscape": "The loss landscape: spectra, critical points, connectivity",
    "backprop": "Backpropagation and the basics of learning",
}
"""Topic -> the title of its section in the report and its page in the documentation."""
KINDS = ("theorem", "identity", "bound", "empirical", "definition")
KIND_PHRASES = {"theorem": "a theorem", "identity": "an identity", "bound": "a bound", "empirical": "an empirical claim",
                "definition": "a definition"}
"""Kind -> how prose names it ("an identity", never "a identity")."""
CHECK_KINDS = ("symbolic", "numeric")
"""The kinds of check a theorem may have, in the order they run."""
