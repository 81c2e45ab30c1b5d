"""Malignant loads and the whitelist: switch-on features, the signature library, the meters' slots and
the host matcher that knows when it does not know. No Qt: the window runs it in its CPU pool and the
headless service runs it as it is."""
