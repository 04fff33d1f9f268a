import math


def poly_residual(xs, x):
    """|poly(xs, x)| computed as EvalPlus' oracle for HumanEval/32 (find_zero) computes it, with the same
    floating-point steps (math.pow, a left-to-right sum), so that an answer passes exactly when it passes there.
    Run by selfbench on a candidate's returned x in a process of its own, never in the candidate's."""
    return abs(sum([coeff * math.pow(x, i) for i, coeff in enumerate(xs)]))
