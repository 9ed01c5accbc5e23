"""Random draws from a seeded :class:`random.Random` (the only source of randomness).

Python's Mersenne Twister gives the same stream for the same seed on every platform and
version of CPython 3, so a session's results depend only on its seed and inputs.
"""

from __future__ import annotations

import math
import random

__all__ = ["poisson"]


def poisson(rng: random.Random, lam: float) -> int:
    """Draw a Poisson-distributed count.

    Parameters
    ----------
    rng : random.Random
        Seeded generator.
    lam : float >= 0
        Expected count.

    Returns
    -------
    int
        A count; exact (Knuth's multiplication method [1]_) for ``lam < 30``, the normal
        approximation with continuity correction above.

    Raises
    ------
    ValueError
        If ``lam`` is negative or not finite.

    References
    ----------
    .. [1] Knuth D. E. *The Art of Computer Programming*, vol. 2, 3rd ed., §3.4.1 (1997).

    Examples
    --------
    >>> poisson(random.Random(1), 0.0)
    0
    """
    if not math.isfinite(lam) or lam < 0:
        raise ValueError(f"expected count must be a finite number >= 0, got {lam}")
    if lam == 0:
        return 0
    if lam < 30:
        limit = math.exp(-lam)
        k = 0
        p = rng.random()
        while p > limit:
            k += 1
            p *= rng.random()
        return k
    return max(0, round(rng.gauss(lam, math.sqrt(lam))))
