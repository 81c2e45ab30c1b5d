"""Windows for load identification: the technician's capture tool (capture_window.py)."""
