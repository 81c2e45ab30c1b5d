"""Batch work on a selection of rooms or students: graduation check-out and, later, operations per room."""
