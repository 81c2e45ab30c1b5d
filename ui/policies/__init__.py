"""The power-policy pieces of the window: the weekly off-period editor (`week_grid.WeekGrid`), the
one-day timeline of the three branches (`timeline_view.TimelineView`) and the policy editor dialog
(`policy_editor.PolicyEditor`, `policy_editor.edit_policy`). They compute with the pure rules of
`app.policies.schedule` and touch no store: a page that edits a policy saves what the dialog returns."""
