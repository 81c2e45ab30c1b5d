"""The administration window: campus, students, operators, money settings, lines and meters,
finance and audit, each a page (`pages.PAGES`) shown to the roles that hold its permission.

What every page shares lives here and in `table.py` (`AdminList`: a sortable, filterable list that
exports to .xlsx) and `forms.py` (`AdminForm`: a dialog whose fields show the service's refusal under
the field it names). Pages never touch the store on the GUI thread: every call goes through
`ui.tasks.run_task`; the services check permissions and audit, the window only hides what a role
cannot use.
"""
