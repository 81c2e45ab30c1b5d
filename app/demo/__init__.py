"""The demo campus and its simulated meters."""
