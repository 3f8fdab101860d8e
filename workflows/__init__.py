"""The report workflows, written once for both faces: the GUI and the command line call these and never
the store's write methods directly.  No Qt here.

Each workflow returns a result object or raises a :class:`~workflows.errors.WorkflowError` whose ``str()``
is the Chinese message for the user.

- ``workflows.reports``   create a report (with carry-forward), copy as next year, the trash
- ``workflows.importing`` import a file of any readable format, with the conflict choice
- ``workflows.exporting`` export to Word (check, automatic snapshot, safe write) and to JSON
- ``workflows.snapshots`` take and restore snapshots
- ``workflows.checking``  check one or many files, sum the reports of many agencies
"""
