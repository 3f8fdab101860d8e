"""Opening the database for a command, with every storage failure said in Chinese (exit 2)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from cli import printing
from cli.exit_codes import EXIT_UNREADABLE
from storage.store import CorruptDatabaseError, StorageError, Store
from workflows.errors import WorkflowError

Command = Callable[[Store, argparse.Namespace], int]


def with_store(command: Command) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            store = Store.open(args.data_dir)
        except CorruptDatabaseError as e:
            printing.error(str(e))
            if e.last_good:
                printing.error(f'恢复命令：python main.py recover "{e.last_good}"')
            return EXIT_UNREADABLE
        except StorageError as e:
            printing.error(str(e))
            return EXIT_UNREADABLE
        try:
            return command(store, args)
        except WorkflowError as e:
            printing.error(str(e))
            return printing.exit_code(e)
        except StorageError as e:  # a read the workflows do not wrap (the list)
            printing.error(str(e))
            return EXIT_UNREADABLE
        finally:
            store.close()

    return run
