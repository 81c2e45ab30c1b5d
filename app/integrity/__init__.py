"""Tamper evidence: the hash chain over money and audit records, its anchors outside the store,
and `verify`, which finds an edited, deleted or inserted record even when the database's owner did it.

- `chain`: what is chained, how a record is hashed, and the session hook that links every new
  record when its transaction commits;
- `anchors`: the file beside the store where the chain's head is appended at every shift and day close;
- `verify`: the check behind `python main.py audit verify`.
"""
