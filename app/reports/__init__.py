"""The office's reports (issue 13, item 6): the figures (`app.reports.data`) and their workbooks
(`app.reports.xlsx`). No Qt here: the window draws what these functions return."""
