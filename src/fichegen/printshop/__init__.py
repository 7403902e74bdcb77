"""Print-shop stage: the order folder, preflight, job ticket and proofs."""
