"""Classic wrong answers of chapter 01; each must lose points on its test cell.

Format (see AUTHORING.md): WRONG_ANSWERS maps a solution cell's grade_id to
(short name, replacement cell source) pairs; SHORTCUTS maps it to an answer
that calls a library instead of doing the work, which must score zero with a
message saying why. tests/course/test_autograde.py runs them all through nbgrader.
"""

WRONG_ANSWERS = {
    "histogram": [
        ("drops values outside the edges", '''def histogram(values, edges):
    counts = [0] * (len(edges) - 1)
    for v in values:
        for i in range(len(edges) - 1):
            if edges[i] <= v < edges[i + 1] or (i == len(edges) - 2 and v == edges[-1]):
                counts[i] += 1
    return counts'''),
        ("last bin excludes its right edge", '''def histogram(values, edges):
    counts = [0] * (len(edges) - 1)
    for v in values:
        if v < edges[0]:
            counts[0] += 1
        elif v > edges[-1]:
            counts[-1] += 1
        for i in range(len(edges) - 1):
            if edges[i] <= v < edges[i + 1]:
                counts[i] += 1
    return counts'''),
        ("interior edges go to the left bin", '''def histogram(values, edges):
    from bisect import bisect_left
    n = len(edges) - 1
    counts = [0] * n
    for v in values:
        i = bisect_left(edges, v) - 1
        counts[min(max(i, 0), n - 1)] += 1
    return counts'''),
        ("sorts the caller's list in place", '''def histogram(values, edges):
    from bisect import bisect_right
    values.sort()
    n = len(edges) - 1
    counts = [0] * n
    for v in values:
        counts[min(max(bisect_right(edges, v) - 1, 0), n - 1)] += 1
    return counts'''),
    ],
    "to_probabilities": [
        ("integer division", '''def to_probabilities(counts):
    total = sum(counts)
    if total == 0:
        raise ValueError("zero total")
    return [c // total for c in counts]'''),
        ("ZeroDivisionError instead of ValueError", '''def to_probabilities(counts):
    total = sum(counts)
    return [c / total for c in counts]'''),
        ("divides by the number of bins", '''def to_probabilities(counts):
    if sum(counts) == 0:
        raise ValueError("zero total")
    return [c / len(counts) for c in counts]'''),
        ("percentages instead of shares", '''def to_probabilities(counts):
    total = sum(counts)
    if total == 0:
        raise ValueError("zero total")
    return [100 * c / total for c in counts]'''),
    ],
    "kl_divergence_pure": [
        ("log base 2", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    return sum((a + epsilon) * math.log2((a + epsilon) / (b + epsilon)) for a, b in zip(p, q))'''),
        ("log base 10", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    return sum((a + epsilon) * math.log10((a + epsilon) / (b + epsilon)) for a, b in zip(p, q))'''),
        ("epsilon only on q", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    return sum(a * math.log(a / (b + epsilon)) if a > 0 else 0.0 for a, b in zip(p, q))'''),
        ("renormalises after adding epsilon", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    p2 = [a + epsilon for a in p]
    q2 = [b + epsilon for b in q]
    sp, sq = sum(p2), sum(q2)
    return sum((a / sp) * math.log((a / sp) / (b / sq)) for a, b in zip(p2, q2))'''),
        ("KL(q || p): arguments reversed", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    return sum((b + epsilon) * math.log((b + epsilon) / (a + epsilon)) for a, b in zip(p, q))'''),
        ("ignores the epsilon argument", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    if len(p) != len(q):
        raise ValueError("lengths differ")
    eps = 1e-10
    return sum((a + eps) * math.log((a + eps) / (b + eps)) for a, b in zip(p, q))'''),
        ("no length check (zip truncates)", '''def kl_divergence_pure(p, q, epsilon=1e-10):
    import math
    return sum((a + epsilon) * math.log((a + epsilon) / (b + epsilon)) for a, b in zip(p, q))'''),
    ],
    "kl_alert": [
        ("KL(live || reference): direction reversed", '''def kl_alert(reference, live, edges, threshold=0.1):
    p = to_probabilities(histogram(reference, edges))
    q = to_probabilities(histogram(live, edges))
    return kl_divergence_pure(q, p) > threshold'''),
        (">= instead of >", '''def kl_alert(reference, live, edges, threshold=0.1):
    p = to_probabilities(histogram(reference, edges))
    q = to_probabilities(histogram(live, edges))
    return kl_divergence_pure(p, q) >= threshold'''),
        ("raw counts instead of shares", '''def kl_alert(reference, live, edges, threshold=0.1):
    return kl_divergence_pure(histogram(reference, edges), histogram(live, edges)) > threshold'''),
        ("returns the divergence, not a bool", '''def kl_alert(reference, live, edges, threshold=0.1):
    p = to_probabilities(histogram(reference, edges))
    q = to_probabilities(histogram(live, edges))
    kl = kl_divergence_pure(p, q)
    return kl if kl > threshold else 0.0'''),
        ("threshold hard-coded at 0.1", '''def kl_alert(reference, live, edges, threshold=0.1):
    p = to_probabilities(histogram(reference, edges))
    q = to_probabilities(histogram(live, edges))
    return kl_divergence_pure(p, q) > 0.1'''),
    ],
}

SHORTCUTS = {
    "histogram": '''def histogram(values, edges):
    import driftscope
    return [int(c) for c in driftscope.bin_counts(values, edges)]''',
    "to_probabilities": '''def to_probabilities(counts):
    import numpy as np
    counts = np.asarray(counts, dtype=float)
    if counts.sum() == 0:
        raise ValueError("zero total")
    return (counts / counts.sum()).tolist()''',
    "kl_divergence_pure": '''def kl_divergence_pure(p, q, epsilon=1e-10):
    from scipy.stats import entropy
    return float(entropy(p, q))''',
    "kl_alert": '''def kl_alert(reference, live, edges, threshold=0.1):
    import driftscope
    p = driftscope.bin_counts(reference, edges)
    q = driftscope.bin_counts(live, edges)
    return bool(driftscope.kl_divergence(p, q, epsilon=1e-10) > threshold)''',
}
