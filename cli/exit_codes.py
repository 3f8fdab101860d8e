"""Exit codes of every command, as the README promises them."""

EXIT_OK = 0  # done (warnings allowed)
EXIT_ERRORS = 1  # errors found, or refused (a report with errors not exported, an existing report not imported)
EXIT_UNREADABLE = 2  # a file cannot be read or written, or an argument cannot be used
EXIT_INTERNAL = 3  # an unexpected failure of the program itself: the details are in a log file
