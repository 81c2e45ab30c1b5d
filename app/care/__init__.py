"""Care of the running program: its log files, diagnostics for the administrator, crash reports."""
