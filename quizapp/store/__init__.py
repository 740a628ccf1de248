"""Every database query the app makes, split by aggregate. Callers own the transaction; models never commit.

- `progress`: people reading, their attempts, answers, question versions and section visits
- `clinicians`: accounts, assignments, the people of an assignment, audit, retention
- `stats`: the running counts behind question statistics
- `throttle`: counted failures shared by every worker
"""
